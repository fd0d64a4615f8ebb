#pragma once

#include <QList>
#include <QString>

#include "arrears.h"
#include "money.h"
#include "result.h"

/** The order in which a payment settles what is owed. */
enum class AllocationOrder {
    PenaltyThenPrincipalPerBill, ///< oldest bill first; each bill's penalty before its principal (default)
    AllPenaltiesFirst,           ///< every penalty oldest first, then every principal oldest first
    PrincipalFirst,              ///< every principal oldest first, then every penalty oldest first
};

[[nodiscard]] QString allocationOrderKey(AllocationOrder o); ///< worklist spelling
[[nodiscard]] std::optional<AllocationOrder> allocationOrderFromKey(QStringView key);

/** One part of a payment applied to one bill's penalty or principal. */
struct AllocationLine
{
    enum class Part { Penalty, Principal };
    QString billId;
    QString period;
    Part part = Part::Principal;
    Money amount;
    bool operator==(const AllocationLine &) const = default;
};

/**
 * How one payment splits over the arrears. Invariant: Σ lines + toPrepaid == paid exactly; no
 * line exceeds what its bill's part owed; no amount is negative.
 */
struct Allocation
{
    Money paid;
    QList<AllocationLine> lines; ///< in settlement order, zero lines left out
    Money toPrepaid;             ///< overpayment credited to the account
    Money stillOwed;             ///< what remains of the arrears after this payment

    [[nodiscard]] Money settled() const; ///< Σ lines

    /// Refuses a zero or negative payment with an Error.
    [[nodiscard]] static Result<Allocation>
    allocate(const Arrears &arrears, Money payment,
             AllocationOrder order = AllocationOrder::PenaltyThenPrincipalPerBill);
};
