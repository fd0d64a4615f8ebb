#include "allocation.h"

#include <QCoreApplication>

#include <array>

namespace {

constexpr std::array<AllocationOrder, 3> AllOrders = {
    AllocationOrder::PenaltyThenPrincipalPerBill,
    AllocationOrder::AllPenaltiesFirst,
    AllocationOrder::PrincipalFirst,
};

/** One thing a payment can settle: one bill's penalty or its principal. */
struct Part
{
    const BillArrears *bill = nullptr;
    AllocationLine::Part part = AllocationLine::Part::Principal;

    [[nodiscard]] Money owed() const
    {
        return part == AllocationLine::Part::Penalty ? bill->penalty : bill->bill.outstanding();
    }
};

QList<Part> partsInOrder(const Arrears &arrears, AllocationOrder order)
{
    using P = AllocationLine::Part;
    QList<Part> parts;
    parts.reserve(arrears.bills.size() * 2);
    switch (order) {
    case AllocationOrder::PenaltyThenPrincipalPerBill:
        for (const BillArrears &b : arrears.bills) {
            parts.append({&b, P::Penalty});
            parts.append({&b, P::Principal});
        }
        break;
    case AllocationOrder::AllPenaltiesFirst:
    case AllocationOrder::PrincipalFirst: {
        const P first = order == AllocationOrder::AllPenaltiesFirst ? P::Penalty : P::Principal;
        const P second = first == P::Penalty ? P::Principal : P::Penalty;
        for (const BillArrears &b : arrears.bills)
            parts.append({&b, first});
        for (const BillArrears &b : arrears.bills)
            parts.append({&b, second});
        break;
    }
    }
    return parts;
}

} // namespace

QString allocationOrderKey(AllocationOrder o)
{
    switch (o) {
    case AllocationOrder::PenaltyThenPrincipalPerBill:
        return QStringLiteral("penalty-then-principal");
    case AllocationOrder::AllPenaltiesFirst:
        return QStringLiteral("penalties-first");
    case AllocationOrder::PrincipalFirst:
        return QStringLiteral("principal-first");
    }
    return {};
}

std::optional<AllocationOrder> allocationOrderFromKey(QStringView key)
{
    for (const auto o : AllOrders) {
        if (key == allocationOrderKey(o))
            return o;
    }
    return std::nullopt;
}

Money Allocation::settled() const
{
    Money sum;
    for (const AllocationLine &line : lines)
        sum += line.amount;
    return sum;
}

Result<Allocation> Allocation::allocate(const Arrears &arrears, Money payment, AllocationOrder order)
{
    if (!payment.isPositive())
        return Error{QStringLiteral("payment.not-positive"),
                     QCoreApplication::translate("Allocation", "A payment must be more than zero (got %1)")
                         .arg(payment.toPlainString())};

    Allocation result;
    result.paid = payment;
    Money left = payment;
    for (const Part &part : partsInOrder(arrears, order)) {
        if (!left.isPositive())
            break;
        const Money owed = part.owed();
        if (!owed.isPositive())
            continue; // nothing to settle here: no zero line
        const Money amount = minOf(left, owed);
        result.lines.append({part.bill->bill.id, part.bill->bill.period, part.part, amount});
        left -= amount;
    }
    result.toPrepaid = left;
    result.stillOwed = arrears.total() - result.settled();
    return result;
}
