#pragma once

#include <QObject>
#include <QPointer>
#include <QQmlEngine>

#include "deskservice.h"
#include "result.h"

/**
 * What every screen controller shares: the desk it works through, and one way to report a
 * refusal — `error` holds the words until the next request starts, and `refused` announces each
 * one with its stable code. A controller asks the desk's thread for work with submit(); without
 * a desk, a request is refused as "not ready", never dropped.
 */
class DeskController : public QObject
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(DeskService *desk READ desk WRITE setDesk NOTIFY deskChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    using QObject::QObject;

    [[nodiscard]] DeskService *desk() const { return m_desk; }
    void setDesk(DeskService *desk);
    [[nodiscard]] QString error() const { return m_error; }

signals:
    void deskChanged();
    void errorChanged();
    /// A request was refused: `code` is stable (e.g. "desk.tendered-short"), `message` is for people.
    void refused(const QString &code, const QString &message);

protected:
    /// Starts a request: clears the last refusal. False (and refused) without a desk.
    [[nodiscard]] bool begin();
    void refuse(const Error &error);
    void clearError();

    /// Runs `work(DeskWorker &)` on the desk's thread and `done(result)` here (deskworker.h).
    template<typename Work, typename Done>
    void submit(Work work, Done done);

private:
    QPointer<DeskService> m_desk;
    QString m_error;
};

template<typename Work, typename Done>
void DeskController::submit(Work work, Done done)
{
    m_desk->submit(this, std::move(work), std::move(done));
}
