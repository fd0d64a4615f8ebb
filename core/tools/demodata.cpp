// doorstep-demo-data: writes a realistic demo worklist (see DemoWorklist) to a file or stdout.
#include <QBuffer>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDate>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>

#include "demoworklist.h"
#include "roster.h"

namespace {

constexpr int ExitUsage = 2;

int usageError(const QString &message)
{
    QTextStream(stderr) << "doorstep-demo-data: " << message << '\n' << "Try 'doorstep-demo-data --help'.\n";
    return ExitUsage;
}

// RFC 4180: quoted when it holds a comma, a quote or a line break.
QByteArray csvField(QByteArrayView field)
{
    if (!field.contains(',') && !field.contains('"') && !field.contains('\n') && !field.contains('\r'))
        return field.toByteArray();
    QByteArray quoted = field.toByteArray();
    quoted.replace('"', "\"\"");
    return '"' + quoted + '"';
}

QByteArray csvRow(const QList<QByteArray> &fields)
{
    QByteArray row;
    for (const QByteArray &field : fields) {
        if (!row.isEmpty())
            row += ',';
        row += csvField(field);
    }
    return row + '\n';
}

bool writeWhole(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit())
        return true;
    QTextStream(stderr) << "doorstep-demo-data: cannot write " << path << ": " << file.errorString() << '\n';
    return false;
}

/**
 * The same demo as the billing system's extract for doorstep-center's import (formats in
 * sync/center/centerimport.h), so the demo center serves exactly this route. The worklist's lines map
 * one to one: M and P lines to policy.csv, A lines to accounts.csv, B lines to bills.csv. Demo
 * staff: collector 王师傅 (C001, PIN 1234) and supervisor 李站长 (S001, PIN 9999).
 */
bool writeCenterExtract(const QByteArray &worklist, const QString &dir)
{
    if (!QDir().mkpath(dir)) {
        QTextStream(stderr) << "doorstep-demo-data: cannot create " << dir << '\n';
        return false;
    }
    QByteArray route;
    QByteArray accounts = "number,route,name,address,village,walk_order,meter,class,phone,prepaid\n";
    QByteArray bills = "id,account,period,amount,due_date,paid\n";
    QByteArray policy = "key,value\n";
    static const QList<QByteArrayView> policyMeta = {"utility", "account-pattern", "check-digit", "allocation-order"};
    for (const QByteArray &line : worklist.split('\n')) {
        QList<QByteArray> fields = line.split('\t');
        const QByteArray type = fields.takeFirst();
        if (type == "M" && fields.size() == 2 && fields[0] == "route")
            route = fields[1];
        else if ((type == "M" && fields.size() == 2 && policyMeta.contains(fields[0])) ||
                 (type == "P" && fields.size() == 2))
            policy += csvRow(fields);
        else if (type == "A" && !fields.isEmpty())
            accounts += csvRow(fields.mid(0, 1) + QList<QByteArray>{route} + fields.mid(1));
        else if (type == "B")
            bills += csvRow(fields);
    }
    const auto pin = [](const char *digits) { return PinHash::hash(QString::fromLatin1(digits)).value().toUtf8(); };
    const QByteArray collectors =
        "id,name,role,pin_hash,route,active\n" +
        csvRow({"C001", QStringLiteral("王师傅").toUtf8(), "collector", pin("1234"), route, "1"}) +
        csvRow({"S001", QStringLiteral("李站长").toUtf8(), "supervisor", pin("9999"), "", "1"});
    const QDir out(dir);
    return writeWhole(out.filePath(QStringLiteral("accounts.csv")), accounts) &&
           writeWhole(out.filePath(QStringLiteral("bills.csv")), bills) &&
           writeWhole(out.filePath(QStringLiteral("policy.csv")), policy) &&
           writeWhole(out.filePath(QStringLiteral("collectors.csv")), collectors);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("doorstep-demo-data"));
    QCoreApplication::setApplicationVersion(QStringLiteral("1"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes a deterministic demo worklist (DOORSTEP-WORKLIST 1) for a rural route."));
    parser.addHelpOption();
    const QCommandLineOption accountsOption(
        QStringLiteral("accounts"), QStringLiteral("Number of accounts (0..%1).").arg(DemoWorklist::MaxAccounts),
        QStringLiteral("N"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."),
                                        QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Output file (default: stdout)."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption checkDigitOption(QStringLiteral("check-digit"),
                                              QStringLiteral("Account-number check digit: none, luhn or mod11."),
                                              QStringLiteral("RULE"), QStringLiteral("none"));
    const QCommandLineOption dateOption(QStringLiteral("date"),
                                        QStringLiteral("Day the worklist is cut, YYYY-MM-DD (default: today). "
                                                       "The output is the same for the same seed and date."),
                                        QStringLiteral("DATE"));
    const QCommandLineOption centerOption(
        QStringLiteral("center-dir"),
        QStringLiteral("Also write the same route as the billing system's CSV extract for doorstep-center import "
                       "(accounts.csv, bills.csv, policy.csv, collectors.csv) into this folder."),
        QStringLiteral("DIR"));
    parser.addOptions({accountsOption, seedOption, outOption, checkDigitOption, dateOption, centerOption});

    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));

    DemoWorklist::Options options;
    if (!parser.isSet(accountsOption))
        return usageError(QStringLiteral("--accounts N is required"));
    bool ok = false;
    options.accounts = parser.value(accountsOption).toLongLong(&ok);
    if (!ok || options.accounts < 0 || options.accounts > DemoWorklist::MaxAccounts)
        return usageError(QStringLiteral("--accounts must be a whole number from 0 to %1, not '%2'")
                              .arg(DemoWorklist::MaxAccounts)
                              .arg(parser.value(accountsOption)));
    options.seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok)
        return usageError(
            QStringLiteral("--seed must be a non-negative whole number, not '%1'").arg(parser.value(seedOption)));
    const auto checkDigit = checkDigitFromKey(parser.value(checkDigitOption));
    if (!checkDigit)
        return usageError(
            QStringLiteral("--check-digit must be none, luhn or mod11, not '%1'").arg(parser.value(checkDigitOption)));
    options.checkDigit = *checkDigit;
    options.date = QDate::currentDate();
    if (parser.isSet(dateOption)) {
        options.date = QDate::fromString(parser.value(dateOption), Qt::ISODate);
        if (!options.date.isValid() || parser.value(dateOption).size() != 10)
            return usageError(
                QStringLiteral("--date must be a date written YYYY-MM-DD, not '%1'").arg(parser.value(dateOption)));
    }

    const DemoWorklist demo(options);
    if (parser.isSet(centerOption)) {
        QBuffer worklist;
        worklist.open(QIODevice::WriteOnly);
        if (!demo.write(worklist) || !writeCenterExtract(worklist.data(), parser.value(centerOption)))
            return 1;
    }
    if (parser.isSet(outOption)) {
        // QSaveFile: the file appears whole or not at all.
        QSaveFile out(parser.value(outOption));
        if (!out.open(QIODevice::WriteOnly)) {
            QTextStream(stderr) << "doorstep-demo-data: cannot write " << out.fileName() << ": " << out.errorString()
                                << '\n';
            return 1;
        }
        if (!demo.write(out) || !out.commit()) {
            QTextStream(stderr) << "doorstep-demo-data: writing " << out.fileName() << " failed: " << out.errorString()
                                << '\n';
            return 1;
        }
        return 0;
    }
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly) || !demo.write(out) || !out.flush()) {
        QTextStream(stderr) << "doorstep-demo-data: writing to standard output failed\n";
        return 1;
    }
    return 0;
}
