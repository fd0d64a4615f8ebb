#pragma once

#include "deskcontroller.h"
#include "reportlinelistmodel.h"

/**
 * The route screen: villages in walking order with how many accounts are done today (paid or
 * visited) and what they still owe, and one village's accounts in walking order. Every figure
 * is the one the account screen shows (CollectionDesk::villagesOwed and owed).
 */
class RouteProgressController : public DeskController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ReportLineListModel *villages READ villages CONSTANT)
    Q_PROPERTY(ReportLineListModel *villageAccounts READ villageAccounts CONSTANT)
    /// "Today: 3 of 120 accounts paid or visited · ¥450.00 collected".
    Q_PROPERTY(QString progressText READ progressText NOTIFY progressChanged)

public:
    using DeskController::DeskController;

    [[nodiscard]] ReportLineListModel *villages() { return &m_villages; }
    [[nodiscard]] ReportLineListModel *villageAccounts() { return &m_villageAccounts; }
    [[nodiscard]] QString progressText() const { return m_progressText; }

    /// Reads the villages and the day's progress again.
    Q_INVOKABLE void load();
    /// One village's accounts, for villageAccounts.
    Q_INVOKABLE void loadVillage(const QString &village);

signals:
    void progressChanged();

private:
    ReportLineListModel m_villages;
    ReportLineListModel m_villageAccounts;
    QString m_progressText;
};
