#pragma once

#include <QFile>

#include "worklist.h"

// A small route with Chinese and Latin names, bills overdue across a year boundary.
inline bool writeTestWorklist(const QString &path, qint64 version = 1)
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
    return writer.finish();
}
