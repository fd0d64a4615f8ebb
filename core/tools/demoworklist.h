#pragma once

#include <QDate>
#include <QIODevice>
#include <QString>

#include "account.h"

/**
 * Writes a realistic demo worklist for a rural county route: Chinese names (a few with GBK-only
 * characters such as 喆 and 堃), villages walked house by house, meters, mostly residential
 * customers, phones, and several months of bills: most accounts owe the latest month, some are
 * in arrears across the year boundary, some bills are partly paid, a few accounts hold credit.
 *
 * Deterministic: the same options (seed and date included) give the same bytes, so tests and
 * benchmarks can regenerate what they need. Used by doorstep-demo-data, the tests and the
 * benchmarks.
 */
class DemoWorklist
{
public:
    /// Account numbers are "33" and a serial, so this many fit the ten-digit pattern.
    static constexpr qint64 MaxAccounts = 5'000'000;

    struct Options
    {
        qint64 accounts = 1000;
        quint64 seed = 1;
        QDate date; ///< the day the worklist is cut; bills fall due around it
        AccountNumberRule::CheckDigit checkDigit = AccountNumberRule::CheckDigit::None;
    };

    explicit DemoWorklist(Options options);

    /// Writes the whole worklist; false if `out` refused a write or the options are out of range.
    [[nodiscard]] bool write(QIODevice &out) const;

private:
    Options m_options;
};
