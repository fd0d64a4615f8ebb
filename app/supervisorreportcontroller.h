#pragma once

#include "deskcontroller.h"
#include "reportlinelistmodel.h"

/**
 * The supervisor's screens on this terminal: a supervisor's PIN (through the same gate as a
 * login) opens today's totals by method, by hour and by village, the exceptions to sign off, and
 * the journal browser with the whole journal verified again. Computed on the desk's thread; the
 * page only lays the lines out.
 */
class SupervisorReportController : public DeskController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ReportLineListModel *figures READ figures CONSTANT)
    Q_PROPERTY(ReportLineListModel *hours READ hours CONSTANT)
    Q_PROPERTY(ReportLineListModel *villages READ villages CONSTANT)
    Q_PROPERTY(ReportLineListModel *exceptions READ exceptions CONSTANT)
    Q_PROPERTY(ReportLineListModel *journal READ journal CONSTANT)
    Q_PROPERTY(QString title READ title NOTIFY reportChanged)
    Q_PROPERTY(QString journalStatus READ journalStatus NOTIFY reportChanged)
    Q_PROPERTY(bool journalVerified READ journalVerified NOTIFY reportChanged)

public:
    using DeskController::DeskController;

    [[nodiscard]] ReportLineListModel *figures() { return &m_figures; }
    [[nodiscard]] ReportLineListModel *hours() { return &m_hours; }
    [[nodiscard]] ReportLineListModel *villages() { return &m_villages; }
    [[nodiscard]] ReportLineListModel *exceptions() { return &m_exceptions; }
    [[nodiscard]] ReportLineListModel *journal() { return &m_journal; }
    [[nodiscard]] QString title() const { return m_title; }
    [[nodiscard]] QString journalStatus() const { return m_journalStatus; }
    [[nodiscard]] bool journalVerified() const { return m_journalVerified; }

    /// Opens the report with a supervisor's PIN: answers reportChanged, or refused.
    Q_INVOKABLE void open(const QString &supervisorId, const QString &supervisorPin);

signals:
    void reportChanged();

private:
    ReportLineListModel m_figures;
    ReportLineListModel m_hours;
    ReportLineListModel m_villages;
    ReportLineListModel m_exceptions;
    ReportLineListModel m_journal;
    QString m_title;
    QString m_journalStatus;
    bool m_journalVerified = false;
};
