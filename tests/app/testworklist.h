#pragma once

#include <QFile>

#include "worklist.h"

// The longest account a collector meets at the door: a firm with thirteen unpaid months (the
// most of any account in the demo route), a long name and address, amounts in five digits.
inline void writeLongTestAccount(WorklistWriter &writer)
{
    const QString number = QStringLiteral("3100000100");
    Account a;
    a.number = number;
    a.name = QStringLiteral("黄土坡乡鑫旺矿业有限公司");
    a.address = QStringLiteral("黄土坡乡后曾家岭二片12组208号");
    a.village = QStringLiteral("后曾家岭二片");
    a.walkOrder = 10;
    a.meterNumber = QStringLiteral("61000000012345");
    a.customerClass = CustomerClass::Commercial;
    a.phone = QStringLiteral("13912345678");
    writer.writeAccount(a);
    for (int m = 0; m < 13; ++m) {
        const QDate period = QDate(2024, 12, 1).addMonths(m);
        Bill b;
        b.id = QStringLiteral("L%1").arg(m + 1);
        b.accountNumber = number;
        b.period = period.toString(QStringLiteral("yyyy-MM"));
        b.amount = Money::fromFen(1'888'888 - m * 77'777);
        b.dueDate = QDate(period.year(), period.month(), 25).addMonths(1);
        writer.writeBill(b);
    }
}

// A small route with Chinese and Latin names, bills overdue across a year boundary; with
// `longAccount`, the thirteen-month account above as well (account 3100000100).
inline bool writeTestWorklist(const QString &path, qint64 version = 1, bool longAccount = false)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    WorklistWriter writer(file);
    WorklistHeader header;
    header.routeId = QStringLiteral("R-TEST");
    header.version = version;
    header.generated = QDate(2026, 1, 5);
    header.utilityName = QStringLiteral("Test Power");
    writer.writeHeader(header);
    writer.writeAccount(Account{QStringLiteral("3100000001"), QStringLiteral("张三丰"), QStringLiteral("李家村 12 号"),
                                QStringLiteral("李家村"), 1, QStringLiteral("M0001"), CustomerClass::Residential,
                                QStringLiteral("13800000001"), Money()});
    writer.writeAccount(Account{QStringLiteral("3100000002"), QStringLiteral("Wang Lotus"),
                                QStringLiteral("Lotus Road 7"), QStringLiteral("李家村"), 2, QStringLiteral("M0002"),
                                CustomerClass::Commercial, QString(), Money::fromFen(500)});
    writer.writeBill(Bill{QStringLiteral("B1"), QStringLiteral("3100000001"), QStringLiteral("2025-11"),
                          Money::fromFen(12345), QDate(2025, 12, 20), Money(), Money(), QDate()});
    writer.writeBill(Bill{QStringLiteral("B2"), QStringLiteral("3100000001"), QStringLiteral("2025-12"),
                          Money::fromFen(6789), QDate(2026, 1, 20), Money::fromFen(1000), Money(), QDate()});
    writer.writeBill(Bill{QStringLiteral("B3"), QStringLiteral("3100000002"), QStringLiteral("2025-12"),
                          Money::fromFen(250000), QDate(2025, 12, 31), Money(), Money(), QDate()});
    if (longAccount)
        writeLongTestAccount(writer);
    return writer.finish();
}
