#pragma once

// The desk thread's side of DeskService, for DeskService and the screen controllers only (QML
// never sees it): what the thread owns, and how a controller hands it a task.

#include <memory>
#include <utility>

#include "clocks.h"
#include "collectiondesk.h"
#include "deskservice.h"
#include "devicekey.h"
#include "journal.h"
#include "pingate.h"
#include "receipt.h"
#include "roster.h"
#include "routestore.h"
#include "supervisorreport.h"
#include "trustedclock.h"

/** Everything the desk needs, created and used on the worker thread only. */
struct DeskWorker
{
    DeskService *service = nullptr; ///< for the announcements a task makes (receipts, voids)
    DeskService::Config config;     ///< copied in by each open(): never read from the GUI thread's copy
    DeviceKey key;
    std::unique_ptr<Journal> journal;
    std::unique_ptr<RouteStore> route;
    Roster roster;
    std::unique_ptr<TrustedClock> clock;
    std::unique_ptr<PinGate> gate;
    std::unique_ptr<CollectionDesk> desk;
    QList<std::pair<PrintedDocument, qint64>> unjournaledPrints; ///< prints finished while nobody was logged in
    QList<ExposureRule> exposureRules; ///< the center's, as last received (TerminalFiles::limits)
    QString exposureProblem;           ///< the rules could not be read or applied: said on the banner
    bool stateDirty = false;           ///< a task changed who is logged in or the shift: publish it after the task
    bool startJournaled = false;       ///< this process's start is in the journal (reopening is no start)
};

namespace DeskWork {

/// Words of the desk's screens, translated in the "DeskService" context.
[[nodiscard]] QString text(const char *source);
/// A count in the language's plural form ("1 payment", "3 payments"; one form in Chinese).
[[nodiscard]] QString counted(const char *source, qint64 n);
/// "The terminal is not ready." as a refusal.
[[nodiscard]] Error notReady();
/// What receipts say around the facts: the route's utility, the branch, the collector.
[[nodiscard]] ReceiptContext receiptContext(const DeskWorker &w);
/// The day's report as the supervisor and route screens read it, on the trusted date.
[[nodiscard]] SupervisorReport todaysReport(DeskWorker &w);
/// Money as typed: blank is `fallback`, anything else must parse.
[[nodiscard]] Result<Money> parsedOr(const QString &typed, Money fallback);

} // namespace DeskWork

template<typename Work, typename Done>
void DeskService::submit(QObject *receiver, Work work, Done done)
{
    run(
        receiver, [this, work = std::move(work)]() mutable { return work(*m_work); }, std::move(done));
}
