#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <memory>
#include <optional>

#include "account.h"
#include "result.h"
#include "worklist.h"

/**
 * What changed on a route at the center since the device's worklist version (a worklist delta,
 * sync/README.md): accounts and open bills added or changed, accounts and bills removed (paid at
 * the bank, adjusted, moved off the route), and the worklist's settings (M keys such as "route",
 * "utility", "account-pattern", and the penalty policy's keys), all of them when given.
 */
struct RouteChanges
{
    qint64 since = 0;   ///< the version the changes apply to (0: a whole route for a new device)
    qint64 version = 0; ///< the version after them
    QString route;
    QList<QPair<QString, QString>> settings; ///< empty: unchanged
    QList<Account> accounts;
    QList<Bill> bills;
    QStringList removedAccounts; ///< their bills go with them
    QStringList removedBills;
};

/**
 * The route on the device: accounts, open bills and the rules that came with the worklist, in
 * one SQLite file. One owner of this data; everything else reads through it.
 *
 * Import is atomic: a worklist is read into a fresh file beside the live one, checked to the last
 * line, made durable, then renamed over it; a malformed or truncated worklist leaves the previous
 * route as it was. Lookups are by exact account number, number prefix, meter number, and a name
 * or address fragment (Chinese characters anywhere in the text; Latin words by prefix).
 *
 * Uses the sqlite3 C API directly (see tests/bench/bench_lookup.cpp for the figures). Like a
 * QSqlDatabase, an instance belongs to the thread that opened it.
 */
class RouteStore
{
public:
    explicit RouteStore(QString path);
    ~RouteStore();
    RouteStore(const RouteStore &) = delete;
    RouteStore &operator=(const RouteStore &) = delete;

    /// Opens the route file if there is one. No file is not an error: hasRoute() is then false.
    [[nodiscard]] Status open();
    [[nodiscard]] bool hasRoute() const;
    [[nodiscard]] QString path() const { return m_path; }

    /// Replaces the route with the worklist at `worklistPath`, atomically (see above).
    [[nodiscard]] Result<WorklistSummary> importWorklist(const QString &worklistPath);

    /**
     * Applies a delta: refused ("route.delta-version") unless `since` is this route's version (or
     * 0 with no route yet, which makes one), and refused with line and field like a worklist if
     * anything in it is malformed; either way nothing changes. The changed rows are checked by
     * the worklist reader and applied in place in one transaction (a million-account route is
     * not rewritten for one bill); a whole route (since 0) or a new account-number rule goes
     * through the validated, atomic import of a worklist instead. Removing what is not there is
     * harmless.
     */
    [[nodiscard]] Result<WorklistSummary> applyChanges(const RouteChanges &changes);

    /// The header of the worklist in use (route, version, rules, policy).
    [[nodiscard]] const WorklistHeader &header() const;

    /// The number exactly as header().numberRule.validate() gives it back (no normalising here).
    [[nodiscard]] std::optional<Account> findByNumber(QStringView number) const;
    /// Accounts whose number starts so, in number order.
    [[nodiscard]] QList<Account> findByNumberPrefix(QStringView prefix, int limit = 50) const;
    /// Every account on this meter (a shared meter has several), in number order.
    [[nodiscard]] QList<Account> findByMeter(QStringView meterNumber) const;
    /// Name or address fragment, in walking (worklist) order: CJK characters anywhere ("三丰",
    /// "丰"), Latin words and numbers by their start ("Lot", "lotus road", "12"), any case. An
    /// empty or all-blank fragment finds nothing.
    [[nodiscard]] QList<Account> search(QStringView fragment, int limit = 50) const;

    [[nodiscard]] QStringList villages() const; ///< in walking order
    /** A village as the route screen shows it: how many accounts, how many owe, and how much. */
    struct VillageSummary
    {
        QString village;
        qint64 accounts = 0;
        qint64 owing = 0; ///< accounts with an open bill
        Money owed;       ///< Σ outstanding of its open bills
    };
    /// Every village in walking order, as the worklist was cut (payments since are the journal's).
    [[nodiscard]] QList<VillageSummary> villageSummaries() const;
    [[nodiscard]] QList<Account> accountsInVillage(const QString &village) const; ///< in walking order
    [[nodiscard]] QList<Bill> openBills(QStringView accountNumber) const;         ///< oldest due date first
    [[nodiscard]] qint64 accountCount() const;
    [[nodiscard]] qint64 billCount() const;

    /// The text as the search index holds it: each CJK character a word of its own, other words
    /// preceded by their first one and two characters marked as prefixes (see routestore.cpp).
    [[nodiscard]] static QString searchText(QStringView text);
    /// The FTS5 query search() runs for a fragment: one phrase in the index's layout, its last
    /// Latin/digit word taken as a prefix. Empty when the fragment has no letter or digit.
    [[nodiscard]] static QString ftsQuery(QStringView fragment);

private:
    /// applyChanges() for a route that keeps its account-number rule; `meta` and `policy` are the
    /// header the route has after the change.
    [[nodiscard]] Result<WorklistSummary> applyInPlace(const RouteChanges &changes,
                                                       const QList<QPair<QString, QString>> &meta,
                                                       const QList<QPair<QString, QString>> &policy);

    struct Impl;
    QString m_path;
    std::unique_ptr<Impl> d;
};
