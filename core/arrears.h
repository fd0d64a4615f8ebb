#pragma once

#include <QDate>
#include <QList>

#include "account.h"
#include "money.h"
#include "penaltypolicy.h"

/** One open bill as of a date: what is outstanding, for how many days, and its penalty. */
struct BillArrears
{
    Bill bill;
    int overdueDays = 0;
    Money penalty; ///< includes the account's minimum top-up when it falls on this bill

    [[nodiscard]] Money due() const { return bill.outstanding() + penalty; }
    bool operator==(const BillArrears &) const = default;
};

/**
 * What an account owes as of a (trusted) date: each open bill oldest first with its overdue days
 * and penalty, and the totals. The policy's minimum penalty, when it raises the total, is added
 * to the oldest bill that carries a penalty, so the per-bill figures still sum to the total.
 */
struct Arrears
{
    QDate asOf;
    QList<BillArrears> bills; ///< oldest due date first, bills with nothing outstanding left out
    Money principal;          ///< Σ outstanding
    Money penalty;            ///< Σ penalty, minimum applied
    Money minimumTopUp;       ///< how much of `penalty` is the minimum's top-up (0 if none)
    Money prepaidBalance;     ///< the account's credit, shown beside the arrears

    [[nodiscard]] Money total() const { return principal + penalty; }

    [[nodiscard]] static Arrears compute(const Account &account, QList<Bill> bills, const PenaltyPolicy &policy,
                                         QDate asOf);
};
