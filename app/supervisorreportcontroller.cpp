#include "supervisorreportcontroller.h"

#include <QLocale>

#include "deskworker.h"
#include "journalverifier.h"
#include "supervisorlines.h"

namespace {

struct Report
{
    QList<ReportLine> figures, hours, villages, exceptions, journal;
    QString title;
    QString status;
    bool verified = false;
};

Result<Report> build(DeskWorker &w, const QString &supervisorId, const QString &supervisorPin)
{
    if (!w.desk)
        return DeskWork::notReady();
    const auto supervisor = w.desk->authenticateSupervisor(supervisorId, supervisorPin);
    if (!supervisor.ok())
        return supervisor.error();
    const SupervisorReport report = DeskWork::todaysReport(w);
    const auto nameOf = [&w](const QString &id) {
        const auto who = w.roster.find(id);
        return who ? who->name : id;
    };
    Money receivable;
    // What the route owes now, penalty included: the figure every account screen shows.
    if (const auto villages = w.desk->villagesOwed(); villages.ok()) {
        for (const auto &v : *villages)
            receivable += v.owed;
    }
    // Every entry's chain link and hash, and the signatures of the chain heads: what the
    // center checks on upload (an audit of every signature is the center's job).
    const VerifyReport verified =
        verifyJournal(*w.journal, w.key.publicKey(), w.journal->lastSeq(), JournalVerifier::Signatures::ChainHeads);
    QList<JournalEntry> recent;
    constexpr qint64 BrowserEntries = 500;
    const qint64 last = w.journal->lastSeq();
    w.journal->forEach(std::max<qint64>(1, last - BrowserEntries + 1), last, [&](const JournalEntry &e) {
        recent.prepend(e);
        return true;
    });
    Report r;
    r.figures = SupervisorLines::figures(report, receivable);
    r.hours = SupervisorLines::hours(report);
    r.villages = SupervisorLines::villages(report);
    r.exceptions = SupervisorLines::exceptions(report, nameOf);
    r.journal = SupervisorLines::journal(recent, verified, nameOf);
    r.status = SupervisorLines::verification(verified);
    r.title = DeskWork::text(QT_TRANSLATE_NOOP("DeskService", "%1 · terminal %2 · opened by %3"))
                  .arg(QLocale().toString(report.day(), QLocale::LongFormat), w.config.deviceId, supervisor->name);
    r.verified = verified.ok;
    return r;
}

} // namespace

void SupervisorReportController::open(const QString &supervisorId, const QString &supervisorPin)
{
    if (!begin())
        return;
    submit([=](DeskWorker &w) { return build(w, supervisorId, supervisorPin); },
           [this](const Result<Report> &r) {
               if (!r.ok())
                   return refuse(r.error());
               m_figures.reset(r->figures);
               m_hours.reset(r->hours);
               m_villages.reset(r->villages);
               m_exceptions.reset(r->exceptions);
               m_journal.reset(r->journal);
               m_title = r->title;
               m_journalStatus = r->status;
               m_journalVerified = r->verified;
               emit reportChanged();
           });
}
