// doorstep-demo-data: writes a realistic demo worklist (see DemoWorklist) to a file or stdout.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDate>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>

#include "demoworklist.h"

namespace {

constexpr int ExitUsage = 2;

int usageError(const QString &message)
{
    QTextStream(stderr) << "doorstep-demo-data: " << message << '\n' << "Try 'doorstep-demo-data --help'.\n";
    return ExitUsage;
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
    parser.addOptions({accountsOption, seedOption, outOption, checkDigitOption, dateOption});

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
