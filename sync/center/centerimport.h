#pragma once

#include <QString>

#include <optional>

#include "centerstore.h"
#include "result.h"
#include "roster.h"

/**
 * Loads the billing system's extract into the center, atomically: every file is checked to its
 * last line inside one transaction, and any error (named by file, line and field) rolls all of
 * it back. The extract is a full snapshot: an account or bill missing from it is removed from
 * the routes (a tombstone, so worklist deltas say "removed"); a bill whose paid amount reaches
 * its amount is no longer open. Only rows that changed get the new worklist version.
 *
 * Files (UTF-8 CSV, header row naming the columns in any order, amounts in yuan "123.45"):
 *   accounts.csv    number,route,name,address,village,walk_order,meter,class,phone,prepaid
 *   bills.csv       id,account,period,amount,due_date,paid        (period YYYY-MM, date YYYY-MM-DD)
 *   policy.csv      key,value    utility, account-pattern, check-digit, allocation-order and the
 *                                penalty keys of PenaltyPolicy::toKeyValues (rate.<class>.current-ppm …)
 *   collectors.csv  id,name,role,pin_hash,route,active   (optional; role collector|supervisor,
 *                                route empty = every route, active 1|0)
 */
class CenterImport
{
public:
    struct Summary
    {
        qint64 accounts = 0; ///< rows read
        qint64 bills = 0;
        qint64 changed = 0; ///< accounts and bills added or changed
        qint64 removed = 0; ///< accounts and bills removed
        qint64 collectors = 0;
        qint64 worklistVersion = 0; ///< the version after the import
    };

    /// What an import may do without the operator saying so.
    struct Options
    {
        /// A snapshot that would remove more than this share of the active accounts, or of the
        /// open bills, is refused (a truncated or header-only file must not empty the routes).
        int maxShrinkPercent = 20;
        bool allowShrink = false; ///< `import --allow-shrink`: the removals are intended
        int minPinIterations = PinHash::MinIterations;
    };

    explicit CenterImport(CenterStore &store)
        : m_store(store)
    {
    }
    void setOptions(const Options &options) { m_options = options; }

    /// Why a text field of the extract cannot go to devices, or nothing: an embedded NUL or
    /// other control character, a bidirectional override (U+202A–U+202E, U+2066–U+2069), or more
    /// than WorklistLimits::MaxFieldBytes of UTF-8. Pure, for tests and fuzzing.
    [[nodiscard]] static std::optional<QString> textProblem(const QString &field);

    [[nodiscard]] Result<Summary> run(const QString &accountsCsv, const QString &billsCsv, const QString &policyCsv,
                                      const QString &collectorsCsv = QString());

private:
    CenterStore &m_store;
    Options m_options;
};
