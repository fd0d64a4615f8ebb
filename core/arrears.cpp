#include "arrears.h"

#include <algorithm>
#include <tuple>

Arrears Arrears::compute(const Account &account, QList<Bill> bills, const PenaltyPolicy &policy, QDate asOf)
{
    Arrears result;
    result.asOf = asOf;
    result.prepaidBalance = account.prepaidBalance;

    // A bill with nothing outstanding (paid, or overpaid at the center) earns no more penalty and
    // owes only a penalty still carried; the center settles any overpayment, not the collector.
    bills.removeIf([](const Bill &b) { return !b.isOpen(); });
    // Oldest first, and a total order so two devices list the same account the same way.
    std::stable_sort(bills.begin(), bills.end(), [](const Bill &a, const Bill &b) {
        return std::tie(a.dueDate, a.period, a.id) < std::tie(b.dueDate, b.period, b.id);
    });

    result.bills.reserve(bills.size());
    for (const Bill &bill : std::as_const(bills)) {
        BillArrears line;
        line.bill = bill;
        line.overdueDays = policy.overdueDays(bill.dueDate, asOf);
        line.penalty = policy.penaltyFor(bill, account.customerClass, asOf);
        result.principal += bill.outstanding();
        result.penalty += line.penalty;
        result.bills.append(line);
    }

    // The minimum applies to the account's total, not per bill; the top-up sits on the oldest
    // bill that carries a penalty, so the per-bill penalties still add up to the total.
    if (result.penalty.isPositive() && result.penalty < policy.minimumTotal()) {
        const auto oldest = std::find_if(result.bills.begin(), result.bills.end(),
                                         [](const BillArrears &b) { return b.penalty.isPositive(); });
        result.minimumTopUp = policy.minimumTotal() - result.penalty;
        oldest->penalty += result.minimumTopUp;
        result.penalty = policy.minimumTotal();
    }
    return result;
}
