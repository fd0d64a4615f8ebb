// doorstep-center: the reference billing-center gateway. Builds and wires; the work is in
// doorstep_sync (CenterDatabase, CenterStore, CenterImport, JournalIngest, CenterReports,
// CenterServer).

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QGuiApplication>
#include <QLockFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QSslCertificate>
#include <QSslKey>
#include <QTextStream>
#include <QTimer>
#include <QUrl>

#include <csignal>
#include <cstdio>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>
#include <variant>

#include "centeraudit.h"
#include "centerdatabase.h"
#include "centerimport.h"
#include "centerledger.h"
#include "centerpostings.h"
#include "centerreports.h"
#include "centerserver.h"
#include "centerstore.h"
#include "deskusers.h"
#include "devicekeylist.h"
#include "journalarchive.h"
#include "journalingest.h"
#include "money.h"
#include "receiptcheck.h"
#include "routebranches.h"
#include "wireprotocol.h"

namespace {

constexpr int ExitOk = 0;
constexpr int ExitFailed = 1;
constexpr int ExitUsage = 2;

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

int fail(const Error &e)
{
    err() << QCoreApplication::translate("Center", "error [%1]: %2").arg(e.code, e.message) << Qt::endl;
    return ExitFailed;
}

/// "24h", "90m", "7d", "3600s" → milliseconds.
std::optional<qint64> parseDuration(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^([0-9]{1,6})([smhd])$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 n = m.captured(1).toLongLong();
    const QChar unit = m.captured(2).at(0);
    const qint64 factor = unit == QLatin1Char('s')   ? 1000
                          : unit == QLatin1Char('m') ? 60'000
                          : unit == QLatin1Char('h') ? 3'600'000
                                                     : 86'400'000;
    return n * factor;
}

struct Context;
using Handler = int (*)(const Context &);

/** One command of doorstep-center: its name, what it takes, its lines in the usage text. */
struct Verb
{
    const char *name;
    bool takesArguments; ///< positional arguments; the others take options only
    const char *help;    ///< its usage lines, the first without the two-space indent
    Handler run;         ///< null for help, which opens no database
};

const QList<Verb> &verbs();

int usage(const QString &message = QString())
{
    if (!message.isEmpty())
        err() << message << Qt::endl;
    err() << QCoreApplication::translate("Center", "usage: doorstep-center <command> [options]   (--db URL or "
                                                   "DOORSTEP_CENTER_DB=URL; URL is\n"
                                                   "       sqlite:/path/center.db or postgresql://user@host:port/db)");
    for (const Verb &verb : verbs())
        err() << "\n  " << QCoreApplication::translate("Center", verb.help);
    err() << Qt::endl;
    return ExitUsage;
}

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(signalPipe[1], &c, 1);
}

/// What every command runs with: the options, the arguments, the open database.
struct Context
{
    const QCommandLineParser &parser;
    const QStringList &positional;
    CenterDatabase &db;
    CenterStore &store;
    QTimeZone zone;

    [[nodiscard]] QString option(const char *name) const { return parser.value(QString::fromLatin1(name)); }
    [[nodiscard]] bool isSet(const char *name) const { return parser.isSet(QString::fromLatin1(name)); }
};

int init(const Context &c)
{
    out() << QCoreApplication::translate("Center", "database ready at schema version %1").arg(c.db.schemaVersion())
          << Qt::endl;
    return ExitOk;
}

int importExtract(const Context &c)
{
    if (c.positional.size() < 3 || c.positional.size() > 4)
        return usage(QCoreApplication::translate("Center", "import needs accounts.csv bills.csv policy.csv "
                                                           "[collectors.csv]."));
    CenterImport import(c.store);
    CenterImport::Options options;
    options.allowShrink = c.isSet("allow-shrink");
    if (c.isSet("max-shrink")) {
        bool ok = false;
        options.maxShrinkPercent = c.option("max-shrink").toInt(&ok);
        if (!ok || options.maxShrinkPercent < 0 || options.maxShrinkPercent > 100)
            return usage(QCoreApplication::translate("Center", "--max-shrink is a percentage from 0 to 100."));
    }
    import.setOptions(options);
    auto r = import.run(c.positional[0], c.positional[1], c.positional[2], c.positional.value(3));
    if (!r.ok())
        return fail(r.error());
    out() << QCoreApplication::translate("Center", "imported %1 accounts, %2 bills, %3 collectors: %4 changed, %5 "
                                                   "removed; worklist version %6")
                 .arg(r.value().accounts)
                 .arg(r.value().bills)
                 .arg(r.value().collectors)
                 .arg(r.value().changed)
                 .arg(r.value().removed)
                 .arg(r.value().worklistVersion)
          << Qt::endl;
    return ExitOk;
}

int enrolCode(const Context &c)
{
    const auto ttl = parseDuration(c.option("expires"));
    if (!ttl)
        return usage(QCoreApplication::translate("Center", "--expires takes a duration like 24h, 90m or 7d."));
    // The pin the device checks the center's TLS key against on its first contact. The
    // certificate is read first: no code is issued when its pin cannot be printed.
    QByteArray pin;
    if (c.isSet("cert")) {
        const auto chain = QSslCertificate::fromPath(c.option("cert"));
        if (chain.isEmpty())
            return fail(Error{
                QStringLiteral("center.cert"),
                QCoreApplication::translate("Center", "No certificate could be read from %1.").arg(c.option("cert"))});
        pin = QCryptographicHash::hash(chain.first().publicKey().toDer(), QCryptographicHash::Sha256).toHex(':');
    }
    auto code = c.store.createEnrolmentCode(c.option("device"), c.option("route"), *ttl);
    if (!code.ok())
        return fail(code.error());
    out() << code.value() << Qt::endl;
    if (!pin.isEmpty())
        out() << "pin " << pin << Qt::endl;
    return ExitOk;
}

/// The report's body, or the exit code when it could not be made.
std::variant<QByteArray, int> reportBody(const Context &c, CenterReports::Format format)
{
    CenterReports reports(c.db, c.zone);
    if (c.positional.value(0) == QLatin1String("totals")) {
        const QDate day = CenterReports::parseDay(c.option("day")).value_or(QDate());
        if (!day.isValid())
            return usage(QCoreApplication::translate("Center", "report totals needs --day YYYY-MM-DD."));
        auto rows = reports.totals(day);
        if (!rows.ok())
            return fail(rows.error());
        return CenterReports::render(rows.value(), format);
    }
    if (c.positional.value(0) == QLatin1String("exceptions")) {
        const QDate from = CenterReports::parseDay(c.option("from")).value_or(QDate());
        const QDate to = c.isSet("to") ? CenterReports::parseDay(c.option("to")).value_or(QDate()) : from;
        if (!from.isValid() || !to.isValid() || to < from)
            return usage(QCoreApplication::translate("Center", "report exceptions needs --from YYYY-MM-DD."));
        auto state = CenterReports::SignOffState::Any;
        if (c.isSet("only")) {
            if (c.option("only") == QLatin1String("open"))
                state = CenterReports::SignOffState::Open;
            else if (c.option("only") == QLatin1String("signed-off"))
                state = CenterReports::SignOffState::SignedOff;
            else
                return usage(QCoreApplication::translate("Center", "--only takes open or signed-off."));
        }
        auto rows = reports.exceptions(from, to, c.store.now(), 24, state);
        if (!rows.ok())
            return fail(rows.error());
        return CenterReports::render(rows.value(), format);
    }
    if (c.positional.value(0) == QLatin1String("handovers")) {
        const QDate from = CenterReports::parseDay(c.option("from")).value_or(QDate());
        const QDate to = c.isSet("to") ? CenterReports::parseDay(c.option("to")).value_or(QDate()) : from;
        if (!from.isValid() || !to.isValid() || to < from)
            return usage(QCoreApplication::translate("Center", "report handovers needs --from YYYY-MM-DD."));
        auto rows = reports.handovers(from, to);
        if (!rows.ok())
            return fail(rows.error());
        return CenterReports::render(rows.value(), format);
    }
    const bool reconciliation = c.positional.value(0) == QLatin1String("reconciliation");
    if (reconciliation || c.positional.value(0) == QLatin1String("unposted")) {
        const QDate from = CenterReports::parseDay(c.option("from")).value_or(QDate());
        const QDate to = c.isSet("to") ? CenterReports::parseDay(c.option("to")).value_or(QDate()) : from;
        if (!from.isValid() || !to.isValid() || to < from)
            return usage(
                QCoreApplication::translate("Center", "report %1 needs --from YYYY-MM-DD.").arg(c.positional.value(0)));
        if (format != CenterReports::Format::Csv)
            return usage(QCoreApplication::translate("Center", "report %1 is CSV only.").arg(c.positional.value(0)));
        CenterPostings postings(c.db, c.zone);
        if (reconciliation) {
            auto rows = postings.reconciliation(from, to);
            if (!rows.ok())
                return fail(rows.error());
            return CenterPostings::renderCsv(rows.value());
        }
        auto rows = postings.unposted(from, to);
        if (!rows.ok())
            return fail(rows.error());
        return CenterPostings::renderCsv(rows.value());
    }
    return usage(QCoreApplication::translate("Center", "report needs totals, exceptions, handovers, reconciliation or "
                                                       "unposted."));
}

int report(const Context &c)
{
    const auto format = CenterReports::formatFromKey(c.option("format"));
    if (!format || *format == CenterReports::Format::Cbor)
        return usage(QCoreApplication::translate("Center", "--format is csv or json."));
    const auto body = reportBody(c, *format);
    if (const int *exitCode = std::get_if<int>(&body))
        return *exitCode;
    QFile stdoutFile;
    if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
        return ExitFailed;
    stdoutFile.write(std::get<QByteArray>(body));
    if (*format == CenterReports::Format::Json)
        stdoutFile.write("\n");
    return ExitOk;
}

int exportPayments(const Context &c)
{
    if (c.positional.size() != 1)
        return usage(QCoreApplication::translate("Center", "export needs the output file name."));
    QSaveFile file(c.positional[0]);
    if (!file.open(QIODevice::WriteOnly))
        return fail(Error{QStringLiteral("export.write"), file.errorString()});
    // Customers' payments: readable by the center's account only.
    constexpr auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!file.setPermissions(ownerOnly))
        return fail(Error{QStringLiteral("export.write"), file.errorString()});
    CenterReports reports(c.db, c.zone);
    auto n = reports.exportPayments(file);
    if (!n.ok())
        return fail(n.error());
    if (!file.commit() || !QFile::setPermissions(c.positional[0], ownerOnly))
        return fail(Error{QStringLiteral("export.write"), file.errorString()});
    out() << QCoreApplication::translate("Center", "exported %1 rows to %2").arg(n.value()).arg(c.positional[0])
          << Qt::endl;
    return ExitOk;
}

/// `export-postings --since ID FILE`: the billing system's payment file, every posting after ID.
int exportPostings(const Context &c)
{
    if (c.positional.size() != 1 || !c.isSet("since"))
        return usage(QCoreApplication::translate("Center", "export-postings needs --since ID (0 the first time) and "
                                                           "the output file name."));
    bool ok = false;
    const qint64 since = c.option("since").toLongLong(&ok);
    if (!ok || since < 0)
        return usage(QCoreApplication::translate("Center", "--since takes the last posting id of the previous export "
                                                           "(0 the first time)."));
    QSaveFile file(c.positional[0]);
    constexpr auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(ownerOnly))
        return fail(Error{QStringLiteral("export.write"), file.errorString()});
    auto done = CenterPostings(c.db, c.zone).exportSince(file, since);
    if (!done.ok())
        return fail(done.error());
    if (!file.commit() || !QFile::setPermissions(c.positional[0], ownerOnly))
        return fail(Error{QStringLiteral("export.write"), file.errorString()});
    out() << QCoreApplication::translate("Center", "exported %1 postings to %2; next time --since %3")
                 .arg(done.value().rows)
                 .arg(c.positional[0])
                 .arg(done.value().rows > 0 ? done.value().lastId : since)
          << Qt::endl;
    return ExitOk;
}

/// `import-posting-ack FILE`: the billing system's answer, posting by posting.
int importPostingAck(const Context &c)
{
    if (c.positional.size() != 1)
        return usage(QCoreApplication::translate("Center", "import-posting-ack needs the acknowledgement file."));
    auto done = CenterPostings(c.db, c.zone).importAcknowledgement(c.positional[0], c.store.now());
    if (!done.ok())
        return fail(done.error());
    out() << QCoreApplication::translate("Center", "%1 posted, %2 rejected, %3 acknowledged before, %4 exceptions")
                 .arg(done.value().posted)
                 .arg(done.value().rejected)
                 .arg(done.value().already)
                 .arg(done.value().exceptions)
          << Qt::endl;
    return done.value().exceptions > 0 ? ExitFailed : ExitOk;
}

/// `verify-receipt "<scanned text>"`: genuine and recorded, not synced yet, voided, reversed, an
/// alarm (missing although synced past it, or not what the journal says), or forged.
int verifyReceipt(const Context &c)
{
    if (c.positional.size() != 1)
        return usage(QCoreApplication::translate("Center", "verify-receipt needs the scanned code, in quotes."));
    auto verdict = ReceiptCheck(c.db, c.zone).check(c.positional[0], c.store.now());
    if (!verdict.ok())
        return fail(verdict.error());
    out() << ReceiptVerdict::key(verdict.value().status) << '\t' << verdict.value().words << Qt::endl;
    return verdict.value().genuine() && !verdict.value().alarm() ? ExitOk : ExitFailed;
}

/// `export-keys FILE`: every terminal's public key, for doorstep-audit.
int exportKeys(const Context &c)
{
    if (c.positional.size() != 1)
        return usage(QCoreApplication::translate("Center", "export-keys needs the output file name."));
    auto keys = c.store.deviceKeyList();
    if (!keys.ok())
        return fail(keys.error());
    const DeviceKeyList &list = keys.value();
    QSaveFile file(c.positional[0]);
    if (!file.open(QIODevice::WriteOnly) || file.write(list.toText()) < 0 || !file.commit())
        return fail(Error{QStringLiteral("export.write"), file.errorString()});
    out() << QCoreApplication::translate("Center", "%1 terminal keys written to %2")
                 .arg(list.entries.size())
                 .arg(c.positional[0])
          << Qt::endl;
    return ExitOk;
}

/// `audit-export --from D --to D DIR`: everything an auditor needs, checked by `doorstep-audit verify DIR`.
int auditExport(const Context &c)
{
    const QDate from = CenterReports::parseDay(c.option("from")).value_or(QDate());
    const QDate to = c.isSet("to") ? CenterReports::parseDay(c.option("to")).value_or(QDate()) : from;
    if (c.positional.size() != 1 || !from.isValid() || !to.isValid() || to < from)
        return usage(QCoreApplication::translate("Center", "audit-export needs --from YYYY-MM-DD [--to YYYY-MM-DD] and "
                                                           "a folder that does not exist yet."));
    auto done = CenterAudit(c.store, c.zone).exportTo(c.positional[0], from, to);
    if (!done.ok())
        return fail(done.error());
    out() << QCoreApplication::translate("Center", "exported %1 entries of %2 terminals to %3; tree head of %4 "
                                                   "entries, root %5")
                 .arg(done.value().entries)
                 .arg(done.value().devices)
                 .arg(c.positional[0])
                 .arg(done.value().head.size)
                 .arg(QString::fromLatin1(done.value().head.root.toHex()))
          << Qt::endl;
    return ExitOk;
}

/// `archive-month YYYY-MM [--restore]`: an ended month of the journal detached (or attached again).
int archiveMonth(const Context &c)
{
    const auto month = c.positional.size() == 1 ? JournalArchive::parseMonth(c.positional[0]) : std::nullopt;
    if (!month)
        return usage(QCoreApplication::translate("Center", "archive-month needs one month, YYYY-MM."));
    const JournalArchive archive(c.db);
    const bool restore = c.isSet("restore");
    auto done = restore ? archive.restore(*month) : archive.archive(*month, c.store.now());
    if (!done.ok())
        return fail(done.error());
    if (restore)
        out() << QCoreApplication::translate("Center", "%1: %2 entries of %3 terminals back in the journal")
                     .arg(JournalArchive::monthText(*month))
                     .arg(done.value().entries)
                     .arg(done.value().devices)
              << Qt::endl;
    else
        out() << QCoreApplication::translate("Center", "%1: %2 entries of %3 terminals detached into table %4; keep "
                                                       "it (pg_dump -t %4), then drop it")
                     .arg(JournalArchive::monthText(*month))
                     .arg(done.value().entries)
                     .arg(done.value().devices)
                     .arg(done.value().table)
              << Qt::endl;
    return ExitOk;
}

/// `checkpoint`: the center's log extended and a new tree head signed (a cron job's daily proof).
int checkpoint(const Context &c)
{
    auto head = CenterAudit(c.store, c.zone).checkpoint();
    if (!head.ok())
        return fail(head.error());
    out() << QCoreApplication::translate("Center", "tree head of %1 entries, root %2")
                 .arg(head.value().size)
                 .arg(QString::fromLatin1(head.value().root.toHex()))
          << Qt::endl;
    out() << head.value().toText();
    return ExitOk;
}

int importJournal(const Context &c)
{
    if (c.positional.size() != 1)
        return usage(QCoreApplication::translate("Center", "import-journal needs the export file."));
    JournalIngest ingest(c.store);
    auto ack = ingest.importFile(c.positional[0]);
    if (!ack.ok())
        return fail(ack.error());
    out() << QCoreApplication::translate("Center", "stored %1 entries, %2 already held; head %3")
                 .arg(ack.value().stored)
                 .arg(ack.value().duplicates)
                 .arg(ack.value().head)
          << Qt::endl;
    // The way back on the same card: the center's signed receipt of what it now holds.
    if (ack.value().head > 0) {
        auto receipt = ingest.writeReceipt(c.positional[0], ack.value(), c.option("ack"));
        if (!receipt.ok())
            return fail(receipt.error());
        out() << QCoreApplication::translate("Center", "receipt for the terminal: %1").arg(receipt.value()) << Qt::endl;
    }
    if (ack.value().refusal)
        return fail(Error{ack.value().refusal->code, ack.value().refusal->message});
    return ExitOk;
}

int queueCommand(const Context &c)
{
    if (c.positional.size() != 1 || !c.isSet("device"))
        return usage(QCoreApplication::translate("Center", "command needs --device NAME and one of lock, unlock "
                                                           "or wipe."));
    auto id = c.store.issueCommand(c.option("device"), c.positional[0]);
    if (!id.ok())
        return fail(id.error());
    out() << QCoreApplication::translate("Center", "command %1 queued").arg(id.value()) << Qt::endl;
    return ExitOk;
}

int unfreeze(const Context &c)
{
    if (!c.isSet("device"))
        return usage(QCoreApplication::translate("Center", "unfreeze needs --device NAME."));
    if (auto s = c.store.unfreeze(c.option("device")); !s.ok())
        return fail(s.error());
    out() << QCoreApplication::translate("Center", "device %1 unfrozen").arg(c.option("device")) << Qt::endl;
    return ExitOk;
}

int revokeDevice(const Context &c)
{
    if (!c.isSet("device"))
        return usage(QCoreApplication::translate("Center", "revoke needs --device NAME."));
    if (auto s = c.store.revokeDevice(c.option("device")); !s.ok())
        return fail(s.error());
    out() << QCoreApplication::translate("Center", "device %1 revoked: its key is refused from now on; the entries "
                                                   "already here stay")
                 .arg(c.option("device"))
          << Qt::endl;
    return ExitOk;
}

int revokeCode(const Context &c)
{
    if (!c.isSet("device"))
        return usage(QCoreApplication::translate("Center", "revoke-code needs --device NAME."));
    auto n = c.store.revokeEnrolmentCodes(c.option("device"));
    if (!n.ok())
        return fail(n.error());
    out() << QCoreApplication::translate("Center", "%1 enrolment code(s) of %2 withdrawn")
                 .arg(n.value())
                 .arg(c.option("device"))
          << Qt::endl;
    return ExitOk;
}

/// `reverse --device D --seq N --reason TEXT --name WHO`: a supervisor's correction of a synced
/// payment after its shift; the route's terminals see it with their next worklist.
int reversePayment(const Context &c)
{
    if (!c.isSet("device") || !c.isSet("seq") || !c.isSet("reason") || !c.isSet("name"))
        return usage(QCoreApplication::translate("Center", "reverse needs --device NAME --seq N --reason TEXT "
                                                           "--name SUPERVISOR."));
    bool ok = false;
    const qint64 seq = c.option("seq").toLongLong(&ok);
    if (!ok || seq < 1)
        return usage(QCoreApplication::translate("Center", "--seq takes the payment's journal number (1 or more); "
                                                           "\"%1\" is not one.")
                         .arg(c.option("seq").left(40)));
    CenterLedger ledger(c.db);
    auto done = ledger.correct(c.option("device"), seq, c.option("reason"), c.option("name"), c.store.now());
    if (!done.ok())
        return fail(done.error());
    out() << QCoreApplication::translate("Center", "payment %1 of %2 (%3, account %4) reversed; the route's terminals "
                                                   "see it at their next sync")
                 .arg(seq)
                 .arg(done.value().deviceId, done.value().amount.toPlainString(), done.value().account)
          << Qt::endl;
    return ExitOk;
}

/// `sign-off ID --name WHO --note TEXT`: a supervisor's sign-off of one exception, kept for good.
int signOff(const Context &c)
{
    if (c.positional.size() != 1 || !c.isSet("name") || !c.isSet("note"))
        return usage(QCoreApplication::translate("Center", "sign-off needs the exception's id (as report exceptions "
                                                           "lists it), --name SUPERVISOR and --note TEXT."));
    auto done = CenterReports(c.db, c.zone).signOff(c.positional[0], c.option("name"), c.option("note"), c.store.now());
    if (!done.ok())
        return fail(done.error());
    out() << QCoreApplication::translate("Center", "exception %1 (%2, %3) signed off by %4")
                 .arg(done.value().id, done.value().kind, done.value().deviceId, done.value().signedOffBy)
          << Qt::endl;
    return ExitOk;
}

/// `limits [--route R | --collector C] [key=value …]`: sets the given limits, then lists them all.
int limits(const Context &c)
{
    if (c.isSet("route") && c.isSet("collector"))
        return usage(QCoreApplication::translate("Center", "limits takes --route or --collector, not both."));
    const ExposureRule::Scope scope = c.isSet("route")       ? ExposureRule::Scope::Route
                                      : c.isSet("collector") ? ExposureRule::Scope::Collector
                                                             : ExposureRule::Scope::All;
    const QString id = c.isSet("route") ? c.option("route") : c.option("collector");
    QList<QPair<QString, QString>> pairs;
    for (const QString &arg : c.positional) {
        const qsizetype eq = arg.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return usage(QCoreApplication::translate("Center", "limits takes key=value, e.g. max-cash-in-hand=3000; "
                                                               "\"%1\" is not one.")
                             .arg(arg.left(40)));
        pairs.append({arg.left(eq), arg.mid(eq + 1)});
    }
    if (!pairs.isEmpty()) {
        if (auto s = c.store.setExposureRules(scope, id, pairs); !s.ok())
            return fail(s.error());
    }
    auto rules = c.store.exposureRules();
    if (!rules.ok())
        return fail(rules.error());
    for (const ExposureRule &r : rules.value())
        out() << ExposureRule::scopeKey(r.scope) << '\t' << r.scopeId << '\t' << r.key << '\t' << r.value << Qt::endl;
    return ExitOk;
}

int supervisorToken(const Context &c)
{
    // The name says whose token it is in supervisor_tokens; none is issued without one.
    if (c.option("name").trimmed().isEmpty())
        return usage(QCoreApplication::translate("Center", "supervisor-token needs --name NAME."));
    auto token = c.store.createSupervisorToken(c.option("name"));
    if (!token.ok())
        return fail(token.error());
    out() << token.value() << Qt::endl;
    return ExitOk;
}

/// `user add --name N --role R [--branch B]` (the password on standard input, one line),
/// `user list`, `user disable --name N`: the people who log in to the web desk.
int user(const Context &c)
{
    DeskUsers users(c.db);
    const QString what = c.positional.value(0);
    if (what == QLatin1String("add") && c.positional.size() == 1) {
        const auto role = deskRoleFromKey(c.option("role"));
        if (!c.isSet("name") || !role)
            return usage(QCoreApplication::translate("Center", "user add needs --name NAME and --role "
                                                               "supervisor|cashier|auditor|admin (and --branch B for "
                                                               "a supervisor or cashier); the password comes on "
                                                               "standard input."));
        // One line from standard input (a pipe, or typed): never an argument, which ps would show.
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return fail(Error{QStringLiteral("user.password"), QStringLiteral("standard input cannot be read")});
        QByteArray line = in.readLine(4096);
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        auto added = users.add(c.option("name"), *role, c.option("branch"), QString::fromUtf8(line), c.store.now(),
                               qEnvironmentVariableIntValue("DOORSTEP_PASSWORD_ITERATIONS"));
        if (!added.ok())
            return fail(added.error());
        out() << QCoreApplication::translate("Center", "user %1 added (%2%3)")
                     .arg(added.value().name, deskRoleKey(added.value().role),
                          added.value().branch.isEmpty() ? QString() : QStringLiteral(", ") + added.value().branch)
              << Qt::endl;
        return ExitOk;
    }
    if (what == QLatin1String("list") && c.positional.size() == 1) {
        auto list = users.list();
        if (!list.ok())
            return fail(list.error());
        for (const DeskUser &u : list.value())
            out() << u.name << '\t' << deskRoleKey(u.role) << '\t' << u.branch << '\t'
                  << (u.disabledMs ? QStringLiteral("disabled") : QStringLiteral("enabled")) << Qt::endl;
        return ExitOk;
    }
    if (what == QLatin1String("disable") && c.positional.size() == 1 && c.isSet("name")) {
        if (auto s = users.disable(c.option("name"), c.store.now()); !s.ok())
            return fail(s.error());
        out() << QCoreApplication::translate("Center", "user %1 disabled").arg(c.option("name")) << Qt::endl;
        return ExitOk;
    }
    return usage(QCoreApplication::translate("Center", "user takes add, list or disable."));
}

/// `route-branch set --route R --branch B`, `route-branch list`, `route-branch clear --route R`:
/// which branch's desk users see a route.
int routeBranch(const Context &c)
{
    RouteBranches branches(c.db);
    const QString what = c.positional.value(0);
    if (what == QLatin1String("set") && c.positional.size() == 1 && c.isSet("route") && c.isSet("branch")) {
        if (auto s = branches.assign(c.option("route"), c.option("branch")); !s.ok())
            return fail(s.error());
        out() << QCoreApplication::translate("Center", "route %1 is in branch %2")
                     .arg(c.option("route"), c.option("branch"))
              << Qt::endl;
        return ExitOk;
    }
    if (what == QLatin1String("clear") && c.positional.size() == 1 && c.isSet("route")) {
        if (auto s = branches.unassign(c.option("route")); !s.ok())
            return fail(s.error());
        out() << QCoreApplication::translate("Center", "route %1 is in no branch").arg(c.option("route")) << Qt::endl;
        return ExitOk;
    }
    if (what == QLatin1String("list") && c.positional.size() == 1) {
        auto list = branches.list();
        if (!list.ok())
            return fail(list.error());
        for (const auto &[route, branch] : list.value())
            out() << route << '\t' << branch << Qt::endl;
        return ExitOk;
    }
    return usage(QCoreApplication::translate("Center", "route-branch takes set --route R --branch B, clear --route R "
                                                       "or list."));
}

int devices(const Context &c)
{
    auto list = c.store.devices();
    if (!list.ok())
        return fail(list.error());
    for (const CenterDevice &d : list.value())
        out() << d.id << '\t' << d.route << '\t' << (d.revokedMs ? QStringLiteral("revoked") : deviceStateKey(d.state))
              << '\t' << d.headSeq << Qt::endl;
    return ExitOk;
}

/// serve's options as a server configuration; ExitOk, or the usage error's exit code.
int serveConfig(const Context &c, CenterServerConfig &config)
{
    config.zone = c.zone;
    const QString listen = c.option("listen");
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = colon > 0 ? listen.mid(colon + 1).toUInt(&ok) : 0;
    if (colon <= 0 || !ok || port > 65535 || QHostAddress(listen.left(colon)).isNull())
        return usage(QCoreApplication::translate("Center", "serve needs --listen ADDRESS:PORT."));
    config.address = QHostAddress(listen.left(colon));
    config.port = quint16(port);
    config.certificatePath = c.option("cert");
    config.keyPath = c.option("key");
    if (config.certificatePath.isEmpty() != config.keyPath.isEmpty())
        return usage(QCoreApplication::translate("Center", "TLS needs both --cert and --key."));
    // Journals, PIN hashes and the roster in clear text are for loopback (a proxy in front)
    // only, unless the operator says otherwise in so many words.
    if (config.certificatePath.isEmpty() && !config.address.isLoopback() && !c.isSet("insecure-http"))
        return usage(QCoreApplication::translate("Center", "serve on %1 needs --cert and --key (HTTPS); plain "
                                                           "HTTP beyond loopback only with --insecure-http.")
                         .arg(config.address.toString()));
    if (c.isSet("max-body")) {
        config.limits.maxBodyBytes = c.option("max-body").toLongLong(&ok);
        if (!ok || config.limits.maxBodyBytes < 1024)
            return usage(QCoreApplication::translate("Center", "--max-body is a byte count of 1024 or more."));
    }
    // Behind a load balancer or a depot's NAT many terminals share one address: the operator
    // raises the per-address rate to what that address carries (0: no per-address rate).
    if (c.isSet("address-rate")) {
        const int rate = c.option("address-rate").toInt(&ok);
        if (!ok || rate < 0 || rate > 1'000'000)
            return usage(QCoreApplication::translate("Center", "--address-rate is requests per second per address, "
                                                               "0 to 1000000 (0: no limit)."));
        config.limits.requestsPerSecondPerAddress = rate;
        config.limits.requestBurstPerAddress = rate == 0 ? 0 : std::max(rate * 4, 200);
    }
    // Plausibility caps on uploads (refused above, with the seq: journal.implausible-amount).
    for (const auto &[option, cap] :
         {std::pair{"max-entry", &config.ingest.entryFen}, std::pair{"max-shift", &config.ingest.shiftFen},
          std::pair{"max-day", &config.ingest.dayFen}}) {
        if (!c.isSet(option))
            continue;
        const auto amount = Money::parse(c.option(option));
        if (!amount.ok() || amount.value().fen() <= 0)
            return usage(QCoreApplication::translate("Center", "--%1 is an amount in yuan, like 50000.00.")
                             .arg(QString::fromLatin1(option)));
        *cap = amount.value().fen();
    }
    if (c.isSet("public-address")) {
        // What an enrolment QR code may carry (EnrolmentLink); https only with the key pin of --cert.
        config.publicAddress = c.option("public-address");
        if (!WireProtocol::isPlainWebAddress(config.publicAddress) ||
            (QUrl(config.publicAddress).scheme() == QLatin1String("https") && config.certificatePath.isEmpty()))
            return usage(QCoreApplication::translate("Center", "--public-address is the http or https address "
                                                               "terminals reach this center at, like "
                                                               "https://pay.example.cn:8443 (no user, ? or #; https "
                                                               "needs --cert)."));
    }
    if (c.isSet("verify-address")) {
        config.verifyAddress = c.option("verify-address");
        if (!WireProtocol::isVerifyAddress(config.verifyAddress))
            return usage(QCoreApplication::translate("Center", "--verify-address is the public address of this "
                                                               "center's /verify page, like "
                                                               "https://pay.example.cn/verify (http or https, at most "
                                                               "%1 characters, no ? or #).")
                             .arg(WireProtocol::MaxVerifyAddressChars));
    }
    return ExitOk;
}

int serve(const Context &c)
{
    CenterServerConfig config;
    if (const int code = serveConfig(c, config); code != ExitOk)
        return code;
    // Several instances share one PostgreSQL; an SQLite file is one small site's, served by one
    // process, and a second serve of it is refused in words rather than left to lock contention.
    QLockFile sqliteServed(c.db.url().path + QStringLiteral(".serve-lock"));
    if (!c.db.isPostgres()) {
        sqliteServed.setStaleLockTime(0); // only a dead process's lock is stale
        if (!sqliteServed.tryLock(0)) {
            qint64 pid = 0;
            QString host;
            QString app;
            (void)sqliteServed.getLockInfo(&pid, &host, &app);
            return fail(Error{QStringLiteral("serve.sqlite-served"),
                              QCoreApplication::translate("Center", "%1 is already served by process %2. One SQLite "
                                                                    "database takes one serve; several instances of "
                                                                    "the center need PostgreSQL.")
                                  .arg(c.db.url().path)
                                  .arg(pid)});
        }
    }
    CenterServer server(c.db, config);
    if (auto s = server.start(); !s.ok())
        return fail(s.error());
    // SIGTERM / SIGINT end the event loop; no request is cut in the middle of a transaction
    // because each runs to its COMMIT before the loop turns again.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
        std::signal(SIGTERM, onSignal);
        std::signal(SIGINT, onSignal);
        auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, QCoreApplication::instance());
        QObject::connect(notifier, &QSocketNotifier::activated, QCoreApplication::instance(),
                         [] { QCoreApplication::quit(); });
    }
    // This month's and next month's journal partitions are made now and checked hourly, long
    // before the first entry of a month (a failure is logged and tried again the next hour; the
    // default partition takes the entries meanwhile).
    const auto prepareMonths = [&c] {
        if (auto s = c.db.prepareJournalMonths(); !s.ok())
            err() << s.error().message << Qt::endl;
    };
    prepareMonths();
    QTimer months;
    QObject::connect(&months, &QTimer::timeout, prepareMonths);
    months.start(std::chrono::hours(1));
    out()
        << QCoreApplication::translate("Center", "listening on %1:%2").arg(config.address.toString()).arg(server.port())
        << Qt::endl;
    return QCoreApplication::exec();
}

const QList<Verb> &verbs()
{
    static const QList<Verb> table{
        {"init", false,
         QT_TRANSLATE_NOOP("Center", "init                                   create or migrate the database"), init},
        {"import", true,
         QT_TRANSLATE_NOOP("Center", "import ACCOUNTS.csv BILLS.csv POLICY.csv [COLLECTORS.csv] [--allow-shrink]\n"
                                     "                                         [--max-shrink PERCENT, default 20]"),
         importExtract},
        {"enrol-code", false,
         QT_TRANSLATE_NOOP("Center", "enrol-code --device NAME --route R [--expires 24h] [--cert C.pem]  (prints the "
                                     "code,\n"
                                     "                                         and with --cert the key pin devices "
                                     "check)"),
         enrolCode},
        {"serve", false,
         QT_TRANSLATE_NOOP("Center", "serve --listen 127.0.0.1:8443 [--cert C.pem --key K.pem] [--time-zone "
                                     "Asia/Shanghai]\n"
                                     "                                         [--insecure-http: plain HTTP beyond "
                                     "loopback]\n"
                                     "                                         [--max-entry / --max-shift / --max-day "
                                     "YUAN]\n"
                                     "                                         [--verify-address URL: the public "
                                     "/verify page receipts point to]\n"
                                     "                                         [--address-rate N: requests a second "
                                     "from one address, 0 none]\n"
                                     "                                         [--public-address URL: where terminals "
                                     "reach this center, for enrolment QR codes]"),
         serve},
        {"report", true,
         QT_TRANSLATE_NOOP("Center", "report totals --day YYYY-MM-DD [--format csv|json]\n"
                                     "  report exceptions --from YYYY-MM-DD [--to YYYY-MM-DD] [--only "
                                     "open|signed-off]\n"
                                     "                    [--format csv|json]\n"
                                     "  report handovers --from YYYY-MM-DD [--to YYYY-MM-DD] [--format csv|json]\n"
                                     "  report reconciliation --from YYYY-MM-DD [--to YYYY-MM-DD]  (postings by day "
                                     "and route)\n"
                                     "  report unposted --from YYYY-MM-DD [--to YYYY-MM-DD]  (postings not posted by "
                                     "billing)"),
         report},
        {"export", true,
         QT_TRANSLATE_NOOP("Center", "export PAYMENTS.csv                    applied payments, voids and visits"),
         exportPayments},
        {"import-journal", true,
         QT_TRANSLATE_NOOP("Center", "import-journal FILE [--ack OUT]        a device's exported journal (writes the "
                                     "center's signed receipt beside it, or to OUT)"),
         importJournal},
        {"command", true, QT_TRANSLATE_NOOP("Center", "command --device NAME lock|unlock|wipe"), queueCommand},
        {"unfreeze", false, QT_TRANSLATE_NOOP("Center", "unfreeze --device NAME"), unfreeze},
        {"revoke", false,
         QT_TRANSLATE_NOOP("Center", "revoke --device NAME                   its key refused from now on (lost, "
                                     "stolen, retired)"),
         revokeDevice},
        {"revoke-code", false,
         QT_TRANSLATE_NOOP("Center", "revoke-code --device NAME              withdraw its unused enrolment code"),
         revokeCode},
        {"export-postings", true,
         QT_TRANSLATE_NOOP("Center", "export-postings --since ID FILE        the billing system's payment file (every "
                                     "posting after ID)"),
         exportPostings},
        {"import-posting-ack", true,
         QT_TRANSLATE_NOOP("Center", "import-posting-ack FILE               the billing system's answer: posted or "
                                     "rejected, posting by posting"),
         importPostingAck},
        {"verify-receipt", true,
         QT_TRANSLATE_NOOP("Center", "verify-receipt \"CODE\"                 what a scanned receipt's QR code says: "
                                     "genuine, voided, an alarm, or forged"),
         verifyReceipt},
        {"export-keys", true,
         QT_TRANSLATE_NOOP("Center", "export-keys FILE                      every terminal's public key, for "
                                     "doorstep-audit"),
         exportKeys},
        {"audit-export", true,
         QT_TRANSLATE_NOOP("Center", "audit-export --from YYYY-MM-DD [--to YYYY-MM-DD] DIR  every entry as signed, "
                                     "the terminals'\n"
                                     "                                         keys, a signed Merkle checkpoint and "
                                     "views, for doorstep-audit verify"),
         auditExport},
        {"checkpoint", false,
         QT_TRANSLATE_NOOP("Center", "checkpoint                             sign a new tree head over every stored "
                                     "entry"),
         checkpoint},
        {"archive-month", true,
         QT_TRANSLATE_NOOP("Center", "archive-month YYYY-MM [--restore]      detach an ended month of the journal "
                                     "(PostgreSQL),\n"
                                     "                                         or attach it again"),
         archiveMonth},
        {"sign-off", true,
         QT_TRANSLATE_NOOP("Center", "sign-off ID --name SUPERVISOR --note TEXT  an exception reviewed (kept for "
                                     "good)"),
         signOff},
        {"reverse", false,
         QT_TRANSLATE_NOOP("Center", "reverse --device NAME --seq N --reason TEXT --name SUPERVISOR  a synced payment "
                                     "reversed after its shift"),
         reversePayment},
        {"limits", true,
         QT_TRANSLATE_NOOP("Center", "limits [--route R | --collector C] [KEY=VALUE …]\n"
                                     "  exposure limits (max-cash-in-hand, max-hours-since-sync,\n"
                                     "  max-unsynced-entries, warn-at-percent; 0 = none) for every\n"
                                     "  terminal, a route or a collector; sent with the next sync"),
         limits},
        {"user", true,
         QT_TRANSLATE_NOOP("Center", "user add --name NAME --role supervisor|cashier|auditor|admin [--branch B]\n"
                                     "                                         (password on standard input); user "
                                     "list; user disable --name NAME"),
         user},
        {"route-branch", true,
         QT_TRANSLATE_NOOP("Center", "route-branch set --route R --branch B | clear --route R | list\n"
                                     "                                         which branch's desk users see a route"),
         routeBranch},
        {"supervisor-token", false, QT_TRANSLATE_NOOP("Center", "supervisor-token --name NAME"), supervisorToken},
        {"devices", false, QT_TRANSLATE_NOOP("Center", "devices"), devices},
        {"help", false,
         QT_TRANSLATE_NOOP("Center", "help                                   this text (also --help, -h)"), nullptr},
    };
    return table;
}

const Verb *findVerb(const QString &name)
{
    for (const Verb &verb : verbs()) {
        if (name == QLatin1String(verb.name))
            return &verb;
    }
    return nullptr;
}

void addOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("db"), QStringLiteral("Database URL"), QStringLiteral("url")});
    parser.addOption({QStringLiteral("device"), QStringLiteral("Device name"), QStringLiteral("name")});
    parser.addOption({QStringLiteral("route"), QStringLiteral("Route"), QStringLiteral("route")});
    parser.addOption({QStringLiteral("expires"), QStringLiteral("Code lifetime"), QStringLiteral("duration"),
                      QStringLiteral("24h")});
    parser.addOption({QStringLiteral("listen"), QStringLiteral("Address:port"), QStringLiteral("address")});
    parser.addOption({QStringLiteral("cert"), QStringLiteral("TLS certificate (PEM)"), QStringLiteral("file")});
    parser.addOption({QStringLiteral("key"), QStringLiteral("TLS private key (PEM)"), QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("time-zone"), QStringLiteral("IANA zone for report days"), QStringLiteral("zone")});
    parser.addOption({QStringLiteral("max-body"), QStringLiteral("Largest request body"), QStringLiteral("bytes")});
    parser.addOption(
        {QStringLiteral("address-rate"), QStringLiteral("Requests per second per address"), QStringLiteral("count")});
    parser.addOption({QStringLiteral("day"), QStringLiteral("Report day"), QStringLiteral("date")});
    parser.addOption({QStringLiteral("from"), QStringLiteral("First day"), QStringLiteral("date")});
    parser.addOption({QStringLiteral("to"), QStringLiteral("Last day"), QStringLiteral("date")});
    parser.addOption(
        {QStringLiteral("format"), QStringLiteral("csv or json"), QStringLiteral("format"), QStringLiteral("csv")});
    parser.addOption({QStringLiteral("name"), QStringLiteral("Name"), QStringLiteral("name")});
    parser.addOption({QStringLiteral("collector"), QStringLiteral("Collector"), QStringLiteral("id")});
    parser.addOption({QStringLiteral("ack"), QStringLiteral("Where the signed receipt goes"), QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("since"), QStringLiteral("Last posting id exported before"), QStringLiteral("id")});
    parser.addOption({QStringLiteral("seq"), QStringLiteral("Journal entry number"), QStringLiteral("n")});
    parser.addOption({QStringLiteral("reason"), QStringLiteral("Why, in words"), QStringLiteral("text")});
    parser.addOption({QStringLiteral("note"), QStringLiteral("A sign-off's note"), QStringLiteral("text")});
    parser.addOption({QStringLiteral("role"), QStringLiteral("A desk user's role"), QStringLiteral("role")});
    parser.addOption({QStringLiteral("branch"), QStringLiteral("A desk user's branch"), QStringLiteral("branch")});
    parser.addOption({QStringLiteral("only"), QStringLiteral("open or signed-off"), QStringLiteral("state")});
    parser.addOption({QStringLiteral("max-entry"), QStringLiteral("Largest amount in one journal entry (yuan)"),
                      QStringLiteral("yuan")});
    parser.addOption({QStringLiteral("max-shift"), QStringLiteral("Largest sum of payments in one shift (yuan)"),
                      QStringLiteral("yuan")});
    parser.addOption({QStringLiteral("max-day"),
                      QStringLiteral("Largest sum of payments of one device in one day (yuan)"),
                      QStringLiteral("yuan")});
    parser.addOption({QStringLiteral("verify-address"), QStringLiteral("Public address of the receipt check page"),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("public-address"),
                      QStringLiteral("Address terminals reach this center at (enrolment QR codes)"),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("insecure-http"), QStringLiteral("Serve plain HTTP on a non-loopback address")});
    parser.addOption({QStringLiteral("restore"), QStringLiteral("Attach an archived month again")});
    parser.addOption({QStringLiteral("allow-shrink"), QStringLiteral("Import a snapshot that removes many rows")});
    parser.addOption({QStringLiteral("max-shrink"),
                      QStringLiteral("Largest share of accounts or bills an import may "
                                     "remove without --allow-shrink"),
                      QStringLiteral("percent")});
}

} // namespace

int main(int argc, char **argv)
{
    // serve lays out the desk's PDF reports, which needs fonts and so a QGuiApplication; a
    // server has no display, so the offscreen platform unless the operator names another.
    // Every other command is a plain console program.
    std::unique_ptr<QCoreApplication> application;
    if (argc > 1 && qstrcmp(argv[1], "serve") == 0) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        application = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        application = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication &app = *application;
    QCoreApplication::setApplicationName(QStringLiteral("doorstep-center"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));

    QStringList args = app.arguments();
    if (args.size() < 2)
        return usage();
    const QString command = args.takeAt(1);
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help"))
        return usage(), ExitOk;

    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(args))
        return usage(parser.errorText());
    const QStringList positional = parser.positionalArguments();

    // Checked before the database is opened, so that a typo neither needs --db nor creates one.
    const Verb *verb = findVerb(command);
    if (!verb || !verb->run)
        return usage(QCoreApplication::translate("Center", "Unknown command \"%1\".").arg(command));
    if (!verb->takesArguments && !positional.isEmpty())
        return usage(QCoreApplication::translate("Center", "%1 takes no arguments, only options: \"%2\".")
                         .arg(command, positional.join(QLatin1Char(' '))));

    QString dbText = parser.value(QStringLiteral("db"));
    if (dbText.isEmpty())
        dbText = qEnvironmentVariable("DOORSTEP_CENTER_DB");
    if (dbText.isEmpty())
        return usage(QCoreApplication::translate("Center", "Give the database with --db URL."));
    auto url = DatabaseUrl::parse(dbText);
    if (!url.ok())
        return fail(url.error());
    CenterDatabase db(url.value(), QStringLiteral("center"));
    if (auto s = db.open(); !s.ok())
        return fail(s.error());
    CenterStore store(db);
    QTimeZone zone = QTimeZone::systemTimeZone();
    if (parser.isSet(QStringLiteral("time-zone"))) {
        zone = QTimeZone(parser.value(QStringLiteral("time-zone")).toUtf8());
        if (!zone.isValid())
            return usage(QCoreApplication::translate("Center", "Unknown time zone."));
    }
    return verb->run(Context{parser, positional, db, store, zone});
}
