// doorstep-audit: the auditor's offline verifier. Needs only the core library: no database, no
// network. Exit status 0 genuine, 1 not genuine, 2 usage or unreadable input.
//
//   doorstep-audit verify-receipt "<scanned code>" --keys KEYS
//
// KEYS is the center's `doorstep-center export-keys` file (core/devicekeylist.h).
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QTextStream>
#include <QTimeZone>

#include "devicekeylist.h"
#include "money.h"
#include "receiptcode.h"

namespace {

enum Exit { ExitGenuine = 0, ExitNotGenuine = 1, ExitUsage = 2 };

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

int usage(const QString &problem = QString())
{
    if (!problem.isEmpty())
        err() << problem << Qt::endl;
    err() << "usage: doorstep-audit verify-receipt \"CODE\" --keys KEYS" << Qt::endl;
    return ExitUsage;
}

QString utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODate);
}

int verifyReceipt(const QString &scanned, const QString &keysPath)
{
    auto keys = DeviceKeyList::load(keysPath);
    if (!keys.ok())
        return usage(QStringLiteral("error [%1]: %2").arg(keys.error().code, keys.error().message));
    auto code = ReceiptCode::parse(scanned);
    if (!code.ok())
        return usage(QStringLiteral("error [%1]: %2").arg(code.error().code, code.error().message));
    const ReceiptCode &c = code.value();
    const QString what = c.kind == ReceiptCode::Kind::Void ? QStringLiteral("void slip") : QStringLiteral("receipt");
    const auto terminal = keys.value().byKeyId(c.keyId);
    if (!terminal || !c.verify(terminal->publicKey)) {
        out() << "forged\tno terminal in " << keysPath << " signed this " << what << Qt::endl;
        return ExitNotGenuine;
    }
    out() << "genuine\t" << what << " of terminal " << terminal->deviceId << ", entry " << c.seq << ", "
          << utc(c.timeMs) << ", account " << c.account << ", " << Money::fromFen(c.amountFen).toPlainString();
    // Signed before the key was revoked, or after (a stolen terminal): the auditor is told which.
    if (terminal->revokedMs)
        out() << (c.timeMs >= *terminal->revokedMs ? "; SIGNED AFTER THE KEY WAS REVOKED at "
                                                   : "; the key was revoked later, at ")
              << utc(*terminal->revokedMs);
    out() << Qt::endl;
    return terminal->revokedMs && c.timeMs >= *terminal->revokedMs ? ExitNotGenuine : ExitGenuine;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("doorstep-audit"));
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("keys"), QStringLiteral("The center's export-keys file"), QStringLiteral("file")});
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("verify-receipt"));
    if (!parser.parse(app.arguments()))
        return usage(parser.errorText());
    const QStringList args = parser.positionalArguments();
    if (args.value(0) == QLatin1String("verify-receipt")) {
        if (args.size() != 2 || !parser.isSet(QStringLiteral("keys")))
            return usage(QStringLiteral("verify-receipt needs the scanned code and --keys KEYS."));
        return verifyReceipt(args.at(1), parser.value(QStringLiteral("keys")));
    }
    return usage(args.isEmpty() ? QString() : QStringLiteral("Unknown command \"%1\".").arg(args.value(0)));
}
