#pragma once

#include <QCborMap>

#include "journalentry.h"

// One record of every kind, with every field set, for round trips and journals under test.
namespace JournalTestData {

inline PaymentRecord payment(qint64 n = 1)
{
    PaymentRecord p;
    p.accountNumber = QStringLiteral("31%1").arg(n % 100000000, 8, 10, QLatin1Char('0'));
    p.method = PaymentMethod::Cash;
    p.amount = Money::fromFen(12345 + n);
    p.tendered = Money::fromFen(20000);
    p.change = p.tendered - p.amount;
    p.allocation = {AllocationLine{QStringLiteral("B%1").arg(n), QStringLiteral("2025-11"),
                                   AllocationLine::Part::Penalty, Money::fromFen(123)},
                    AllocationLine{QStringLiteral("B%1").arg(n), QStringLiteral("2025-11"),
                                   AllocationLine::Part::Principal, Money::fromFen(12222 + n)}};
    p.toPrepaid = Money();
    p.stillOwed = Money::fromFen(6789);
    p.worklistVersion = 42;
    return p;
}

struct KindBody
{
    EntryKind kind;
    QCborMap body;
};

inline QList<KindBody> everyKind()
{
    ShiftClosedRecord closed;
    closed.expectedCash = Money::fromFen(512345);
    closed.countedCash = Money::fromFen(512300);
    closed.denominations = {{10000, 51}, {1000, 2}, {100, 3}};
    closed.supervisorId = QStringLiteral("S01");
    PaymentRecord card = payment(7);
    card.method = PaymentMethod::BankCard;
    card.tendered = card.amount;
    card.change = Money();
    card.reference = QStringLiteral("POS-889911");
    card.toPrepaid = Money::fromFen(500);
    return {
        {EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(200)})},
        {EntryKind::Payment, toCbor(payment())},
        {EntryKind::Payment, toCbor(card)},
        {EntryKind::Void, toCbor(VoidRecord{2, QStringLiteral("wrong account"), QStringLiteral("S01")})},
        {EntryKind::Visit, toCbor(VisitRecord{QStringLiteral("3100000009"), VisitOutcome::PromisedToPay,
                                              QDate(2026, 12, 1), QStringLiteral("will pay after harvest")})},
        {EntryKind::Visit, toCbor(VisitRecord{QStringLiteral("3100000010"), VisitOutcome::NotHome, {}, {}})},
        {EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{2, 1})},
        {EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{2, 2})},
        {EntryKind::CashHandedOver, toCbor(CashHandedOverRecord{Money::fromYuan(5000), QStringLiteral("S01"), {}})},
        {EntryKind::ShiftClosed, toCbor(closed)},
        {EntryKind::ClockFlag,
         toCbor(ClockFlagRecord{1700000000000, 1790000000000, QStringLiteral("moved-backwards")})},
    };
}

} // namespace JournalTestData
