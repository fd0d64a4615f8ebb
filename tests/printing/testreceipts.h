#pragma once

// Test helper: a standard receipt (3 bills with penalties, cash, change) and its parts.

#include <QByteArray>
#include <QDateTime>
#include <QTimeZone>

#include "journalentry.h"
#include "receipt.h"

namespace TestReceipts {

inline Account account()
{
    Account a;
    a.number = QStringLiteral("3201234567");
    a.name = QStringLiteral("张三明");
    a.address = QStringLiteral("江苏省南京市江宁区秣陵街道将军大道88号3栋2单元501室");
    a.village = QStringLiteral("将军村");
    return a;
}

inline ReceiptContext context()
{
    ReceiptContext c;
    c.utilityName = QStringLiteral("国网南京供电公司");
    c.branchName = QStringLiteral("江宁供电所");
    c.hotline = QStringLiteral("95598");
    c.collectorName = QStringLiteral("李四");
    return c;
}

/// 2024-05-01 14:03 China time.
inline qint64 timeMs()
{
    return QDateTime(QDate(2024, 5, 1), QTime(14, 3), QTimeZone(8 * 3600)).toMSecsSinceEpoch();
}

inline JournalEntry entry(qint64 seq = 42, EntryKind kind = EntryKind::Payment)
{
    JournalEntry e;
    e.deviceId = QStringLiteral("D001");
    e.seq = seq;
    e.kind = kind;
    e.timeMs = timeMs();
    e.collectorId = QStringLiteral("c7");
    e.prevHash = QByteArray(32, '\0');
    e.hash = QByteArray::fromHex("a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90");
    return e;
}

inline AllocationLine line(const char *bill, const char *period, AllocationLine::Part part, qint64 fen)
{
    return AllocationLine{QString::fromLatin1(bill), QString::fromLatin1(period), part, Money::fromFen(fen)};
}

/// Three bills with penalties: 120.00 + 3.60, 98.50 + 1.97, 143.20 + 0.72 = 367.99, paid 400.00 cash.
inline PaymentRecord payment()
{
    using P = AllocationLine::Part;
    PaymentRecord p;
    p.accountNumber = QStringLiteral("3201234567");
    p.method = PaymentMethod::Cash;
    p.allocation = {line("B1", "2024-01", P::Penalty, 360), line("B1", "2024-01", P::Principal, 12000),
                    line("B2", "2024-02", P::Penalty, 197), line("B2", "2024-02", P::Principal, 9850),
                    line("B3", "2024-03", P::Penalty, 72),  line("B3", "2024-03", P::Principal, 14320)};
    p.amount = Money::fromFen(36799);
    p.tendered = Money::fromFen(40000);
    p.change = Money::fromFen(3201);
    p.stillOwed = Money::fromFen(0);
    p.toPrepaid = Money::fromFen(0);
    p.worklistVersion = 7;
    return p;
}

inline Receipt standard()
{
    return Receipt::fromPayment(entry(), payment(), account(), context()).value();
}

} // namespace TestReceipts
