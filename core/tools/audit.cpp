// doorstep-audit: the auditor's offline verifier. Needs only the core library: no database, no
// network. Exit status 0 genuine, 1 not genuine, 2 usage or unreadable input.
//
//   doorstep-audit verify-receipt "<scanned code>" --keys KEYS
//   doorstep-audit verify DIR [--center-key BASE64] [--previous-head HEAD] [--threads N]
//
// KEYS is the center's `doorstep-center export-keys` file (core/devicekeylist.h); DIR an export
// of `doorstep-center audit-export` (core/auditexport.h), checked completely (core/auditverifier.h).
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QTextStream>
#include <QTimeZone>

#include "auditverifier.h"
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
    err() << "usage: doorstep-audit verify-receipt \"CODE\" --keys KEYS\n"
             "       doorstep-audit verify DIR [--center-key BASE64] [--previous-head HEAD] [--threads N]"
          << Qt::endl;
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

int verifyExport(const QString &dir, const QString &centerKey, const QString &threads, const QString &previousHead)
{
    AuditVerifier::Options options;
    if (!previousHead.isEmpty()) {
        QFile file(previousHead);
        auto head = file.open(QIODevice::ReadOnly)
                        ? TreeHead::fromText(file.read(4096))
                        : Result<TreeHead>(Error{QStringLiteral("tree-head.read"), file.errorString()});
        if (!head.ok())
            return usage(QStringLiteral("--previous-head %1: %2").arg(previousHead, head.error().message));
        options.previousHead = head.value();
    }
    if (!centerKey.isEmpty()) {
        const auto key = QByteArray::fromBase64Encoding(centerKey.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!key || key.decoded.size() != 32)
            return usage(QStringLiteral("--center-key is the center's public key: 32 bytes in base64."));
        options.centerKey = key.decoded;
    }
    if (!threads.isEmpty()) {
        bool ok = false;
        options.threads = threads.toInt(&ok);
        if (!ok || options.threads < 1 || options.threads > 256)
            return usage(QStringLiteral("--threads is a number from 1 to 256."));
    }
    const auto report = AuditVerifier::verify(dir, options);
    for (const AuditFinding &f : report.findings) {
        out() << f.rule << '\t' << f.file;
        if (!f.deviceId.isEmpty())
            out() << '\t' << f.deviceId << '\t' << f.seq;
        out() << '\t' << f.message << '\n';
    }
    out() << (report.clean() ? "clean" : "NOT CLEAN") << '\t' << report.devices << " terminals, " << report.entries
          << " entries, " << report.signaturesChecked << " signatures checked, " << report.findings.size()
          << " findings";
    if (report.head)
        out() << "; tree head of " << report.head->size << " entries, root " << report.head->root.toHex() << " at "
              << utc(report.head->timeMs);
    out() << Qt::endl;
    // Without a key from the auditor, the export vouches for itself: say which key that was.
    out() << "center key " << report.centerKey.toBase64()
          << (report.centerKeyGiven ? " (given)" : " (from the export: compare it with the one the utility publishes)")
          << Qt::endl;
    return report.clean() ? ExitGenuine : ExitNotGenuine;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("doorstep-audit"));
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("keys"), QStringLiteral("The center's export-keys file"), QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("center-key"), QStringLiteral("The center's public key, base64"), QStringLiteral("key")});
    parser.addOption({QStringLiteral("previous-head"),
                      QStringLiteral("checkpoint/head.txt of an earlier export, kept by the auditor"),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("threads"), QStringLiteral("Threads for the signatures (default: every core)"),
                      QStringLiteral("n")});
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("verify-receipt or verify"));
    if (!parser.parse(app.arguments()))
        return usage(parser.errorText());
    const QStringList args = parser.positionalArguments();
    if (args.value(0) == QLatin1String("verify-receipt")) {
        if (args.size() != 2 || !parser.isSet(QStringLiteral("keys")))
            return usage(QStringLiteral("verify-receipt needs the scanned code and --keys KEYS."));
        return verifyReceipt(args.at(1), parser.value(QStringLiteral("keys")));
    }
    if (args.value(0) == QLatin1String("verify")) {
        if (args.size() != 2)
            return usage(QStringLiteral("verify needs the export's folder."));
        return verifyExport(args.at(1), parser.value(QStringLiteral("center-key")),
                            parser.value(QStringLiteral("threads")), parser.value(QStringLiteral("previous-head")));
    }
    return usage(args.isEmpty() ? QString() : QStringLiteral("Unknown command \"%1\".").arg(args.value(0)));
}
