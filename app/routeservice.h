#pragma once

#include <QObject>
#include <QQmlEngine>

#include "account.h"
#include "arrears.h"
#include "paymentcorrection.h"
#include "routestore.h"
#include "workerthread.h"

/**
 * The route as the app sees it: imports, lookups and arrears run on a worker thread that owns
 * the RouteStore (a SQLite connection belongs to the thread that opened it), and results come
 * back as queued signals. The GUI thread never waits on the disk (ARCHITECTURE.md rule 7).
 */
class RouteService : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("RouteService is created by main() and handed to the QML root")

    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(bool hasRoute READ hasRoute NOTIFY routeChanged)
    Q_PROPERTY(QString routeId READ routeId NOTIFY routeChanged)
    Q_PROPERTY(qint64 accountCount READ accountCount NOTIFY routeChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    /// The day the worklist was cut at the center: bills paid elsewhere after it are not known here.
    Q_PROPERTY(QDate worklistDate READ worklistDate NOTIFY routeChanged)
    Q_PROPERTY(qint64 worklistVersion READ worklistVersion NOTIFY routeChanged)

public:
    /// `correctionsPath`: where the center's corrections are kept between syncs (empty: not kept).
    explicit RouteService(const QString &routePath, const QString &correctionsPath = QString(),
                          QObject *parent = nullptr);
    ~RouteService() override;

    [[nodiscard]] bool isBusy() const { return m_worker.isBusy(); }
    [[nodiscard]] bool hasRoute() const { return !m_routeId.isEmpty(); }
    [[nodiscard]] QString routeId() const { return m_routeId; }
    [[nodiscard]] qint64 accountCount() const { return m_accountCount; }
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] QDate worklistDate() const { return m_worklistDate; }
    [[nodiscard]] qint64 worklistVersion() const { return m_worklistVersion; }
    /// Applies worklist changes from the center atomically; worklistApplied or lastErrorChanged follows.
    void applyChanges(const RouteChanges &changes);
    /// The payments of this route the center reversed lately, as every worklist reply brings them
    /// (all of them each time): kept on the terminal and shown on the account.
    void setCorrections(const QList<PaymentCorrection> &corrections);
    [[nodiscard]] const QList<PaymentCorrection> &corrections() const { return m_corrections; }
    /// What the center reversed on this account, newest first, one line each, in words.
    [[nodiscard]] QStringList correctionNotes(const QString &accountNumber) const;

    /// Opens the route file; routeChanged or lastErrorChanged follows.
    Q_INVOKABLE void open();
    /// Replaces the route with a worklist file, atomically.
    Q_INVOKABLE void importWorklist(const QString &worklistPath);
    /// Digits: account-number prefix (or meter number); anything else: name/address fragment.
    /// Answers with searchFinished(requestId, …); a newer request supersedes older ones.
    Q_INVOKABLE int search(const QString &text);
    /// Loads an account and its arrears as of `asOf`; answers with accountLoaded or lookupFailed.
    Q_INVOKABLE void loadAccount(const QString &typedNumber, QDate asOf);

signals:
    void busyChanged();
    void routeChanged();
    void lastErrorChanged();
    void searchFinished(int requestId, const QList<Account> &accounts);
    void accountLoaded(const Account &account, const Arrears &arrears);
    void lookupFailed(const QString &message);
    void worklistApplied(qint64 version);
    void correctionsChanged();

private:
    /// What a task that changed the route file reads back for the properties.
    struct Header
    {
        QString routeId;
        qint64 accountCount = 0;
        QDate worklistDate;
        qint64 version = 0;
        QString error;
        std::optional<QList<PaymentCorrection>> corrections; ///< read from their file (open() only)
    };
    /// Route thread: the store's header after `status`.
    [[nodiscard]] Header readHeader(const Status &status) const;
    /// GUI thread: takes a header in and says so.
    void publish(const Header &header);
    void setError(const QString &message);

    std::unique_ptr<RouteStore> m_store; ///< used only on m_worker's thread
    const QString m_correctionsPath;
    QList<PaymentCorrection> m_corrections;
    int m_lastSearchId = 0;
    QString m_routeId;
    qint64 m_accountCount = 0;
    QString m_lastError;
    QDate m_worklistDate;
    qint64 m_worklistVersion = 0;
    /// Declared last, so it is destroyed first: the thread ends before the members its tasks answer to.
    WorkerThread m_worker{QStringLiteral("route")};
};
