#pragma once

#include <QCborArray>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

#include "money.h"
#include "result.h"

/**
 * The center's limits on how much a terminal may hold before it must hand over cash or sync:
 * cash in hand per shift, hours since the last successful sync, and journal entries not yet
 * acknowledged by the center. A limit of zero means "no limit". Comes with the center's policy.
 */
struct ExposureLimits
{
    Money maxCashInHand;
    /// The center gives hours with up to three decimals ("24", "0.5" for a van that syncs every
    /// half hour, "0.001" = 3.6 s); kept here as exact milliseconds.
    qint64 maxMsSinceSync = 0;
    qint64 maxUnsyncedEntries = 0;
    int warnAtPercent = 80; ///< warn once a figure reaches this share of its limit (1-100)

    /// Longest max-hours-since-sync accepted: a year, anything longer is a typo, not a rule.
    static constexpr qint64 MaxHoursSinceSync = qint64(24) * 366;

    /// As the center spells it: "max-cash-in-hand" (yuan, "5000.00"), "max-hours-since-sync"
    /// (hours, "0.5"; exact for the thousandths of an hour fromKeyValues gives, otherwise rounded
    /// up to the next thousandth), "max-unsynced-entries", "warn-at-percent". All of them, in that
    /// order.
    [[nodiscard]] QList<QPair<QString, QString>> toKeyValues() const;
    /// Starts from "no limits, warn at 80 %"; an unknown key, a repeated key or a bad value is
    /// refused with an Error naming it, and nothing is applied.
    [[nodiscard]] static Result<ExposureLimits> fromKeyValues(const QList<QPair<QString, QString>> &pairs);

    bool operator==(const ExposureLimits &) const = default;
};

/**
 * One limit as the center sets it: for every terminal, for a route, or for one collector. The
 * limits a collector works under are resolve()d from all of them, the narrowest scope winning.
 */
struct ExposureRule
{
    enum class Scope { All = 0, Route = 1, Collector = 2 };
    Scope scope = Scope::All;
    QString scopeId; ///< the route or the collector; empty for All
    QString key;     ///< as ExposureLimits spells it ("max-cash-in-hand", …)
    QString value;
    bool operator==(const ExposureRule &) const = default;

    [[nodiscard]] static QString scopeKey(Scope scope); ///< "all", "route", "collector"
    [[nodiscard]] static std::optional<Scope> scopeFromKey(const QString &key);
    /// The limits for `collectorId` on `routeId`: every terminal's rules, overridden key by key by
    /// the route's, then by the collector's. A rule that does not parse is refused with its error.
    [[nodiscard]] static Result<ExposureLimits> resolve(const QList<ExposureRule> &rules, const QString &routeId,
                                                        const QString &collectorId);
    /// [[scope 0|1|2, id, key, value], …]: on the wire and in the terminal's file alike.
    [[nodiscard]] static QCborArray toCbor(const QList<ExposureRule> &rules);
    /// Refuses (nullopt) anything but that shape, ids and keys of at most 64 characters.
    [[nodiscard]] static std::optional<QList<ExposureRule>> fromCbor(const QCborArray &array);
    /// The rules as the terminal keeps them between syncs (CBOR, written whole or not at all).
    [[nodiscard]] static Status save(const QString &path, const QList<ExposureRule> &rules);
    /// No file: no rules. A file that does not read back is an error, never "no limits".
    [[nodiscard]] static Result<QList<ExposureRule>> load(const QString &path);
};

/** Where the terminal stands against the limits right now. */
struct ExposureState
{
    Money cashInHand;           ///< expected cash in hand in the open shift (float included)
    qint64 msSinceSync = 0;     ///< trusted time since the last successful sync
    qint64 unsyncedEntries = 0; ///< journal entries the center has not acknowledged
};

/**
 * Applies ExposureLimits. Warns as a figure nears its limit; refuses a new *cash* payment that
 * would take cash in hand past its limit, or while the terminal is overdue for a sync or holds
 * too many unsynced entries, until cash is handed over or the terminal syncs. Card, voucher and
 * bank payments are not refused: their money is not in the collector's bag.
 */
class ExposurePolicy
{
public:
    enum class Limit { CashInHand, TimeSinceSync, UnsyncedEntries };
    enum class Level { Ok, Warning, Exceeded };

    /** One limit that is near or past. Figures are fen, milliseconds or entries as per `limit`. */
    struct Finding
    {
        Limit limit = Limit::CashInHand;
        Level level = Level::Ok;
        qint64 value = 0;
        qint64 max = 0;
        QString message; ///< translated, with the numbers
    };

    struct Assessment
    {
        Level level = Level::Ok;               ///< the worst of the findings
        QList<Finding> findings;               ///< only limits at Warning or Exceeded
        [[nodiscard]] QString message() const; ///< the findings' messages, one per line
    };

    ExposurePolicy() = default;
    explicit ExposurePolicy(ExposureLimits limits)
        : m_limits(limits)
    {
    }

    [[nodiscard]] const ExposureLimits &limits() const { return m_limits; }
    void setLimits(const ExposureLimits &limits) { m_limits = limits; }

    /// Where the terminal stands; with `incomingCash`, as if that cash payment were taken.
    [[nodiscard]] Assessment assess(const ExposureState &state, Money incomingCash = {}) const;

    /// Refuses a cash payment of `amount` past any limit: codes "exposure.cash-in-hand",
    /// "exposure.sync-overdue", "exposure.unsynced-entries" (the first exceeded), words for all.
    [[nodiscard]] Status checkCashPayment(const ExposureState &state, Money amount) const;

    /// How long until time alone changes what assess() says: the time since the last sync reaching
    /// its warning share, then its limit. nullopt when waiting changes nothing (no time limit, or
    /// already past it: only a sync helps, and a sync is assessed anyway). The other figures move
    /// only with entries, which are assessed as they are made.
    [[nodiscard]] std::optional<qint64> msUntilNextChange(const ExposureState &state) const;

private:
    ExposureLimits m_limits;
};
