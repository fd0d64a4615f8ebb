#pragma once

#include <QList>
#include <QString>

#include <functional>

#include "journalentry.h"
#include "reportlinelistmodel.h"
#include "routestore.h"
#include "supervisorreport.h"

struct VerifyReport;

/**
 * The supervisor's and the route's screens as lines of text, in the current language: what the
 * C++ figures say, formatted here so that QML only lays them out (and is tested without a GUI).
 */
namespace SupervisorLines {

using NameOf = std::function<QString(const QString &id)>;

/// Totals by method, voids, penalties, prepaid, visits, expected cash, and the collection rate
/// against `receivable` (the route's outstanding as the worklist was cut).
[[nodiscard]] QList<ReportLine> figures(const SupervisorReport &report, Money receivable);
/// 24 lines, one per local hour, with bars relative to the busiest hour.
[[nodiscard]] QList<ReportLine> hours(const SupervisorReport &report);
[[nodiscard]] QList<ReportLine> villages(const SupervisorReport &report);
[[nodiscard]] QList<ReportLine> exceptions(const SupervisorReport &report, const NameOf &collectorName);
/// The journal's newest entries first, each with what it records; the entry the verifier named
/// (and any after it) flagged.
[[nodiscard]] QList<ReportLine> journal(const QList<JournalEntry> &newestFirst, const VerifyReport &verified,
                                        const NameOf &collectorName);
/// The verifier's verdict in words.
[[nodiscard]] QString verification(const VerifyReport &verified);
/// The route screen: villages in walking order with today's progress (paid or visited accounts).
[[nodiscard]] QList<ReportLine> routeProgress(const QList<RouteStore::VillageSummary> &villages,
                                              const SupervisorReport &today);
/// A village's accounts in walking order: owed, and whether paid or visited today.
[[nodiscard]] QList<ReportLine> villageAccounts(const QList<Account> &accounts, const QList<Money> &owed,
                                                const SupervisorReport &today);

[[nodiscard]] QString methodText(int method);
[[nodiscard]] QString kindText(EntryKind kind);
/// A print entry's kind in words, by what it printed: "Receipt printed", "Void slip printed", …
[[nodiscard]] QString printedText(PrintedDocument document);

} // namespace SupervisorLines
