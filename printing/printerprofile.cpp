#include "printerprofile.h"

#include <QCoreApplication>

QString fontCoverageKey(FontCoverage c)
{
    switch (c) {
    case FontCoverage::Latin:
        return QStringLiteral("latin");
    case FontCoverage::Gb2312:
        return QStringLiteral("gb2312");
    case FontCoverage::Gbk:
        return QStringLiteral("gbk");
    case FontCoverage::Gb18030:
        return QStringLiteral("gb18030");
    }
    return {};
}

PrinterProfile PrinterProfile::generic58()
{
    PrinterProfile p;
    p.id = QStringLiteral("generic-58");
    p.name = QCoreApplication::translate("PrinterProfile", "58 mm Chinese printer (ZJ-5870 class)");
    p.columns = 32;
    p.dots = 384;
    p.chinese = true;
    p.coverage = FontCoverage::Gbk;
    p.nativeQr = true;
    p.cutter = false;
    p.statusQueries = true;
    return p;
}

PrinterProfile PrinterProfile::generic80()
{
    PrinterProfile p;
    p.id = QStringLiteral("generic-80");
    p.name = QCoreApplication::translate("PrinterProfile", "80 mm Chinese printer");
    p.columns = 48;
    p.dots = 576;
    p.chinese = true;
    p.coverage = FontCoverage::Gbk;
    p.nativeQr = true;
    p.cutter = true;
    p.statusQueries = true;
    return p;
}

PrinterProfile PrinterProfile::noQr58()
{
    PrinterProfile p;
    p.id = QStringLiteral("58-no-qr");
    p.name = QCoreApplication::translate("PrinterProfile", "58 mm Chinese printer without QR (POS-5890 class)");
    p.columns = 32;
    p.dots = 384;
    p.chinese = true;
    p.coverage = FontCoverage::Gb2312;
    p.nativeQr = false;
    p.cutter = false;
    p.statusQueries = false;
    return p;
}

PrinterProfile PrinterProfile::latin80()
{
    PrinterProfile p;
    p.id = QStringLiteral("latin-80");
    p.name = QCoreApplication::translate("PrinterProfile", "80 mm printer without Chinese");
    p.columns = 48;
    p.dots = 576;
    p.chinese = false;
    p.coverage = FontCoverage::Latin;
    p.nativeQr = true;
    p.cutter = true;
    p.statusQueries = true;
    p.codePage = 0;
    return p;
}

QList<PrinterProfile> PrinterProfile::builtIn()
{
    return {generic58(), generic80(), noQr58(), latin80()};
}

Result<PrinterProfile> PrinterProfile::byId(const QString &id)
{
    for (const PrinterProfile &p : builtIn()) {
        if (p.id == id)
            return p;
    }
    return Error{QStringLiteral("printing.profile.unknown"),
                 QCoreApplication::translate("PrinterProfile", "Unknown printer model \"%1\".").arg(id)};
}
