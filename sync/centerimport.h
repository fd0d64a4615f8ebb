#pragma once

#include <QString>

#include "centerstore.h"
#include "result.h"

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

    explicit CenterImport(CenterStore &store)
        : m_store(store)
    {
    }

    [[nodiscard]] Result<Summary> run(const QString &accountsCsv, const QString &billsCsv, const QString &policyCsv,
                                      const QString &collectorsCsv = QString());

private:
    CenterStore &m_store;
};
