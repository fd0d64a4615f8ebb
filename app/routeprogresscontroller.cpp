#include "routeprogresscontroller.h"

#include <QLocale>

#include "deskworker.h"
#include "supervisorlines.h"

namespace {

struct Progress
{
    QList<ReportLine> villages;
    QString summary;
};

Progress progress(DeskWorker &w)
{
    Progress p;
    if (!w.journal || !w.route || !w.route->hasRoute())
        return p;
    const SupervisorReport report = DeskWork::todaysReport(w);
    const auto owedNow = w.desk ? w.desk->villagesOwed() : Result<QList<RouteStore::VillageSummary>>(Error{});
    const auto villages = owedNow.ok() ? *owedNow : QList<RouteStore::VillageSummary>();
    p.villages = SupervisorLines::routeProgress(villages, report);
    qint64 accounts = 0;
    for (const auto &v : villages)
        accounts += v.accounts;
    const qint64 done = report.accountsPaid().size() + (report.accountsVisited() - report.accountsPaid()).size();
    p.summary =
        DeskWork::counted(
            QT_TRANSLATE_N_NOOP("DeskService", "Today: %1 of %n account(s) paid or visited · %2 collected"), accounts)
            .arg(QLocale().toString(done), report.totals().collected().amount.format());
    return p;
}

QList<ReportLine> villageLines(DeskWorker &w, const QString &name)
{
    if (!w.journal || !w.route || !w.route->hasRoute())
        return {};
    const QList<Account> accounts = w.route->accountsInVillage(name);
    // The same figure as the account screen: principal and penalty, less this device's payments.
    const auto owedNow = w.desk ? w.desk->owed(accounts) : Result<QList<Money>>(Error{});
    const QList<Money> owed = owedNow.ok() ? *owedNow : QList<Money>();
    return SupervisorLines::villageAccounts(accounts, owed, DeskWork::todaysReport(w));
}

} // namespace

void RouteProgressController::load()
{
    if (!begin())
        return;
    submit([](DeskWorker &w) { return progress(w); },
           [this](const Progress &p) {
               m_villages.reset(p.villages);
               m_progressText = p.summary;
               emit progressChanged();
           });
}

void RouteProgressController::loadVillage(const QString &village)
{
    if (!begin())
        return;
    submit([village](DeskWorker &w) { return villageLines(w, village); },
           [this](const QList<ReportLine> &lines) { m_villageAccounts.reset(lines); });
}
