// The doorstep-center executable as an operator runs it: every subcommand through QProcess, its
// exit code (0 done, 1 failed, 2 usage), what it prints, and what it left in the database —
// against SQLite and against a PostgreSQL the test starts.

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include "deskusers.h"
#include "journal.h"
#include "journalackfile.h"
#include "pgtestserver.h"
#include "receiptcode.h"
#include "syncclient.h"
#include "synctestkit.h"
#include "testnet.h"
#include "wirecodec.h"
#include "wireprotocol.h"

using namespace SyncTestKit;

namespace {

constexpr int ExitOk = 0;
constexpr int ExitFailed = 1;
constexpr int ExitUsage = 2;

const QString Executable = QStringLiteral(DOORSTEP_CENTER_EXECUTABLE);

struct CliRun
{
    int exitCode = -1;
    bool finished = false; ///< exited by itself (no crash, no timeout)
    QString out;
    QString err;

    [[nodiscard]] QString describe() const
    {
        return QStringLiteral("exit %1%2\n--- stdout:\n%3--- stderr:\n%4")
            .arg(exitCode)
            .arg(finished ? QString() : QStringLiteral(" (crashed or timed out)"), out, err);
    }
    [[nodiscard]] QStringList outLines() const { return out.split(QLatin1Char('\n'), Qt::SkipEmptyParts); }
    /// CSV ends its records with CRLF (RFC 4180).
    [[nodiscard]] QStringList csvRecords() const { return out.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts); }
};

/// Environment without DOORSTEP_CENTER_DB, so that only what the test passes names a database.
QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DOORSTEP_CENTER_DB"));
    return env;
}

CliRun runProgram(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                  const QByteArray &input = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (p.waitForStarted(10'000)) {
        p.write(input);
        p.closeWriteChannel();
    }
    CliRun r;
    if (!p.waitForFinished(30'000)) {
        p.kill();
        p.waitForFinished();
    } else {
        r.finished = p.exitStatus() == QProcess::NormalExit;
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

CliRun runCenter(const QStringList &args, const QProcessEnvironment &env = cleanEnvironment())
{
    return runProgram(Executable, args, env);
}

/// The auditor's offline verifier.
CliRun audit(const QStringList &args)
{
    return runProgram(QStringLiteral(DOORSTEP_AUDIT_EXECUTABLE), args, cleanEnvironment());
}

QString today(int plusDays = 0)
{
    return QDateTime::currentDateTimeUtc().date().addDays(plusDays).toString(Qt::ISODate);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

/// The first line a running server prints on standard output ("listening on …").
QByteArray firstLine(QProcess &server)
{
    QByteArray out;
    QElapsedTimer waited;
    waited.start();
    while (!out.contains('\n') && !waited.hasExpired(15'000) && server.state() == QProcess::Running) {
        if (server.bytesAvailable() == 0)
            server.waitForReadyRead(200);
        out += server.readAllStandardOutput();
    }
    return out;
}

/// The JSON lines a server wrote to standard error.
QList<QJsonObject> logLines(const QByteArray &err)
{
    QList<QJsonObject> lines;
    for (const QByteArray &line : err.split('\n')) {
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            lines.append(doc.object());
    }
    return lines;
}

} // namespace

// The exit code and, on failure, everything the program said. `run` is evaluated once: a
// command given inline runs once.
#define EXPECT_EXIT(run, code)                                                                                         \
    do {                                                                                                               \
        const CliRun &expectRun_ = (run);                                                                              \
        QVERIFY2(expectRun_.finished &&expectRun_.exitCode == (code), qPrintable(expectRun_.describe()));              \
    } while (false)
#define EXPECT_ERR(run, text)                                                                                          \
    do {                                                                                                               \
        const CliRun &expectRun_ = (run);                                                                              \
        QVERIFY2(expectRun_.err.contains(text),                                                                        \
                 qPrintable(QStringLiteral("stderr lacks \"%1\"\n").arg(text) + expectRun_.describe()));               \
    } while (false)

class TestCenterCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_url;

    CliRun center(QStringList args) const
    {
        args << QStringLiteral("--db") << m_url;
        return runCenter(args);
    }

    /// A scalar from the center's database, through a connection of the test's own that is
    /// closed again before the next command runs.
    qint64 count(const QString &sql) const
    {
        auto c = openCenter(m_url);
        if (!c.ok())
            return -1;
        auto v = c.value().db->scalar(sql);
        return v.ok() ? v.value().toLongLong() : -1;
    }

    /// A fresh file or directory name inside the test's directory.
    QString freshPath(const QString &name) const
    {
        static int n = 0;
        return m_dir.path() + QStringLiteral("/%1-%2").arg(++n).arg(name);
    }

    [[nodiscard]] bool importExtract() const
    {
        const QString dir = freshPath(QStringLiteral("extract"));
        if (!QDir().mkpath(dir))
            return false;
        const Extract x = writeExtract(dir, 2, 5);
        const CliRun r = center({QStringLiteral("import"), x.accounts, x.bills, x.policy, x.collectors});
        if (!r.finished || r.exitCode != ExitOk)
            qWarning().noquote() << r.describe();
        return r.finished && r.exitCode == ExitOk;
    }

private slots:
    void initTestCase_data() { CenterTestDb::addBackendRows(); }

    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(Executable), qPrintable(Executable));
    }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        auto url = CenterTestDb::freshUrl(backend, m_dir.path(), QStringLiteral("cli"));
        QVERIFY(url.ok());
        m_url = url.value();
    }

    void initIsIdempotent()
    {
        const CliRun first = center({QStringLiteral("init")});
        EXPECT_EXIT(first, ExitOk);
        static const QRegularExpression ready(QStringLiteral("^database ready at schema version ([1-9][0-9]*)\n$"));
        const auto m = ready.match(first.out);
        QVERIFY2(m.hasMatch(), qPrintable(first.out));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM devices")), 0);

        const CliRun second = center({QStringLiteral("init")});
        EXPECT_EXIT(second, ExitOk);
        QCOMPARE(second.out, first.out);

        // DOORSTEP_CENTER_DB stands in for --db.
        QProcessEnvironment env = cleanEnvironment();
        env.insert(QStringLiteral("DOORSTEP_CENTER_DB"), m_url);
        const CliRun fromEnv = runCenter({QStringLiteral("init")}, env);
        EXPECT_EXIT(fromEnv, ExitOk);
        QCOMPARE(fromEnv.out, first.out);
    }

    void usageErrors()
    {
        const CliRun nothing = runCenter({});
        EXPECT_EXIT(nothing, ExitUsage);
        EXPECT_ERR(nothing, QStringLiteral("usage: doorstep-center <command>"));

        const CliRun help = runCenter({QStringLiteral("--help")});
        EXPECT_EXIT(help, ExitOk);
        EXPECT_ERR(help, QStringLiteral("supervisor-token --name NAME"));

        const CliRun noDb = runCenter({QStringLiteral("init")});
        EXPECT_EXIT(noDb, ExitUsage);
        EXPECT_ERR(noDb, QStringLiteral("Give the database with --db URL."));

        const CliRun badUrl =
            runCenter({QStringLiteral("init"), QStringLiteral("--db"), QStringLiteral("mysql://x/y")});
        EXPECT_EXIT(badUrl, ExitFailed);
        EXPECT_ERR(badUrl, QStringLiteral("error [center.db-url]"));

        // A typo is named as such, with or without --db, and creates no database.
        const CliRun unknown = center({QStringLiteral("intit")});
        EXPECT_EXIT(unknown, ExitUsage);
        EXPECT_ERR(unknown, QStringLiteral("Unknown command \"intit\"."));
        const CliRun unknownNoDb = runCenter({QStringLiteral("intit")});
        EXPECT_EXIT(unknownNoDb, ExitUsage);
        EXPECT_ERR(unknownNoDb, QStringLiteral("Unknown command \"intit\"."));
        QFETCH_GLOBAL(QString, backend);
        if (backend == QLatin1String("sqlite"))
            QVERIFY(!QFile::exists(m_url.mid(int(qstrlen("sqlite:")))));

        const CliRun option = center({QStringLiteral("init"), QStringLiteral("--verbose")});
        EXPECT_EXIT(option, ExitUsage);
        EXPECT_ERR(option, QStringLiteral("Unknown option 'verbose'."));

        const CliRun extra = center({QStringLiteral("devices"), QStringLiteral("all")});
        EXPECT_EXIT(extra, ExitUsage);
        EXPECT_ERR(extra, QStringLiteral("devices takes no arguments"));
    }

    void importGoodExtract()
    {
        const Extract x = writeExtract(m_dir.path(), 2, 5);
        const QStringList args = {QStringLiteral("import"), x.accounts, x.bills, x.policy, x.collectors};
        const CliRun first = center(args);
        EXPECT_EXIT(first, ExitOk);
        QVERIFY2(first.out.startsWith(QStringLiteral("imported 10 accounts, 10 bills, 2 collectors: 20 changed, 0 "
                                                     "removed; worklist version ")),
                 qPrintable(first.out));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM accounts WHERE route = 'R2'")), 5);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM bills WHERE active = 1")), 10);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM collectors")), 2);

        // The same snapshot again changes nothing; without collectors.csv is fine too.
        const CliRun again = center(args.mid(0, 4));
        EXPECT_EXIT(again, ExitOk);
        QVERIFY2(again.out.contains(QStringLiteral(": 0 changed, 0 removed;")), qPrintable(again.out));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM accounts")), 10);
    }

    void importBadFilesChangesNothing()
    {
        const Extract x = writeExtract(m_dir.path(), 2, 5);
        const CliRun good = center({QStringLiteral("import"), x.accounts, x.bills, x.policy});
        EXPECT_EXIT(good, ExitOk);
        const QString versionSql = QStringLiteral("SELECT value FROM counters WHERE name = 'worklist_version'");
        const qint64 version = count(versionSql);
        QVERIFY(version > 0);

        // One more account (valid) and a bad amount on line 4 of bills.csv: all of it refused.
        const QString bad = freshPath(QStringLiteral("bad"));
        QVERIFY(QDir().mkpath(bad));
        QByteArray accounts = readFile(x.accounts);
        accounts += "0019999999,R1,New Customer,1 New St,Village 0,99,M99,residential,,0.00\n";
        QVERIFY(writeFile(bad + QStringLiteral("/accounts.csv"), accounts));
        QList<QByteArray> bills = readFile(x.bills).split('\n');
        QVERIFY(bills.size() > 4);
        QVERIFY(bills[3].contains(",123.45,"));
        bills[3].replace(",123.45,", ",12x.45,");
        QVERIFY(writeFile(bad + QStringLiteral("/bills.csv"), bills.join('\n')));
        const CliRun refused = center({QStringLiteral("import"), bad + QStringLiteral("/accounts.csv"),
                                       bad + QStringLiteral("/bills.csv"), x.policy});
        EXPECT_EXIT(refused, ExitFailed);
        EXPECT_ERR(refused, QStringLiteral("bills.csv line 4, field 4 (amount)"));
        QVERIFY(refused.out.isEmpty());
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM accounts")), 10);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM accounts WHERE number = '0019999999'")), 0);
        QCOMPARE(count(versionSql), version);

        const QString missing = m_dir.path() + QStringLiteral("/no-such-bills.csv");
        const CliRun noFile = center({QStringLiteral("import"), x.accounts, missing, x.policy});
        EXPECT_EXIT(noFile, ExitFailed);
        EXPECT_ERR(noFile, QStringLiteral("no-such-bills.csv"));
        QCOMPARE(count(versionSql), version);

        const CliRun tooFew = center({QStringLiteral("import"), x.accounts, x.bills});
        EXPECT_EXIT(tooFew, ExitUsage);
        EXPECT_ERR(tooFew, QStringLiteral("import needs accounts.csv bills.csv policy.csv"));
        const CliRun tooMany =
            center({QStringLiteral("import"), x.accounts, x.bills, x.policy, x.collectors, x.collectors});
        EXPECT_EXIT(tooMany, ExitUsage);
        QCOMPARE(count(versionSql), version);
    }

    void enrolCode()
    {
        const CliRun code = center({QStringLiteral("enrol-code"), QStringLiteral("--device"), QStringLiteral("hh-01"),
                                    QStringLiteral("--route"), QStringLiteral("R1"), QStringLiteral("--expires"),
                                    QStringLiteral("90m")});
        EXPECT_EXIT(code, ExitOk);
        static const QRegularExpression codeLine(QStringLiteral("^[0-9A-Z]{16}$"));
        QCOMPARE(code.outLines().size(), 1);
        QVERIFY2(codeLine.match(code.outLines().first()).hasMatch(), qPrintable(code.out));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM enrolment_codes WHERE device_id = 'hh-01'")), 1);

        const CliRun badExpiry = center({QStringLiteral("enrol-code"), QStringLiteral("--device"),
                                         QStringLiteral("hh-02"), QStringLiteral("--route"), QStringLiteral("R1"),
                                         QStringLiteral("--expires"), QStringLiteral("tomorrow")});
        EXPECT_EXIT(badExpiry, ExitUsage);
        EXPECT_ERR(badExpiry, QStringLiteral("--expires takes a duration like 24h"));
        const CliRun noRoute =
            center({QStringLiteral("enrol-code"), QStringLiteral("--device"), QStringLiteral("hh-02")});
        EXPECT_EXIT(noRoute, ExitFailed);
        EXPECT_ERR(noRoute, QStringLiteral("enrol.no-route"));
        const CliRun badName = center({QStringLiteral("enrol-code"), QStringLiteral("--device"),
                                       QStringLiteral("hand held"), QStringLiteral("--route"), QStringLiteral("R1")});
        EXPECT_EXIT(badName, ExitFailed);
        EXPECT_ERR(badName, QStringLiteral("enrol.bad-device-name"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM enrolment_codes")), 1);

        // With the center's certificate: the key pin too, SHA-256 of its SubjectPublicKeyInfo.
        QString cert, key;
        if (!TestNet::makeCertificate(m_dir.path(), &cert, &key))
            QFAIL("the openssl tool is needed to make a test certificate");
        const CliRun pinned = center({QStringLiteral("enrol-code"), QStringLiteral("--device"), QStringLiteral("hh-03"),
                                      QStringLiteral("--route"), QStringLiteral("R2"), QStringLiteral("--cert"), cert});
        EXPECT_EXIT(pinned, ExitOk);
        const QStringList lines = pinned.outLines();
        QCOMPARE(lines.size(), 2);
        QVERIFY(codeLine.match(lines[0]).hasMatch());
        const auto chain = QSslCertificate::fromPath(cert);
        QCOMPARE(chain.size(), 1);
        const QByteArray pin = QCryptographicHash::hash(chain.first().publicKey().toDer(), QCryptographicHash::Sha256);
        QCOMPARE(lines[1], QStringLiteral("pin ") + QString::fromLatin1(pin.toHex(':')));

        // An unreadable certificate: refused before any code is issued.
        const CliRun noCert = center({QStringLiteral("enrol-code"), QStringLiteral("--device"), QStringLiteral("hh-04"),
                                      QStringLiteral("--route"), QStringLiteral("R2"), QStringLiteral("--cert"),
                                      m_dir.path() + QStringLiteral("/missing.pem")});
        EXPECT_EXIT(noCert, ExitFailed);
        EXPECT_ERR(noCert, QStringLiteral("missing.pem"));
        QVERIFY2(noCert.out.isEmpty(), qPrintable(noCert.out));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM enrolment_codes WHERE device_id = 'hh-04'")), 0);
    }

    void serveRefusesBadOptions()
    {
        const CliRun noListen = center({QStringLiteral("serve")});
        EXPECT_EXIT(noListen, ExitUsage);
        EXPECT_ERR(noListen, QStringLiteral("serve needs --listen ADDRESS:PORT."));
        const CliRun badListen = center({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("8443")});
        EXPECT_EXIT(badListen, ExitUsage);
        EXPECT_ERR(badListen, QStringLiteral("serve needs --listen ADDRESS:PORT."));
        const CliRun certOnly =
            center({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                    QStringLiteral("--cert"), m_dir.path() + QStringLiteral("/center.pem")});
        EXPECT_EXIT(certOnly, ExitUsage);
        EXPECT_ERR(certOnly, QStringLiteral("TLS needs both --cert and --key."));
        const CliRun smallBody =
            center({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                    QStringLiteral("--max-body"), QStringLiteral("10")});
        EXPECT_EXIT(smallBody, ExitUsage);
        EXPECT_ERR(smallBody, QStringLiteral("--max-body"));
    }

    void serveAnswersLogsAndStops()
    {
        const CliRun created = center({QStringLiteral("init")});
        EXPECT_EXIT(created, ExitOk);
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        const QString listen = QStringLiteral("127.0.0.1:%1").arg(port);
        QProcess server;
        server.setProcessEnvironment(cleanEnvironment());
        server.start(Executable,
                     {QStringLiteral("serve"), QStringLiteral("--db"), m_url, QStringLiteral("--listen"), listen});
        QVERIFY(server.waitForStarted());
        auto stopServer = qScopeGuard([&server] {
            if (server.state() != QProcess::NotRunning) {
                server.kill();
                server.waitForFinished();
            }
        });

        // Ready when the port accepts connections.
        bool accepting = false;
        QElapsedTimer waited;
        waited.start();
        while (!waited.hasExpired(15'000) && server.state() == QProcess::Running) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, port);
            if (probe.waitForConnected(200)) {
                accepting = true;
                break;
            }
            QTest::qWait(50);
        }
        // (QVERIFY2 would evaluate its message, and so read the log away, even on success.)
        if (!accepting)
            QFAIL(server.readAllStandardError().constData());
        QCOMPARE(firstLine(server), QStringLiteral("listening on %1\n").arg(listen).toUtf8());

        // A second server on the same port says why it cannot start (on another SQLite file: a
        // second serve of the same one is refused before it listens, tst_centercluster).
        const QString busyDb = m_url.startsWith(QLatin1String("sqlite:"))
                                   ? QStringLiteral("sqlite:") + freshPath(QStringLiteral("busy.db"))
                                   : m_url;
        const CliRun busy =
            runCenter({QStringLiteral("serve"), QStringLiteral("--listen"), listen, QStringLiteral("--db"), busyDb});
        EXPECT_EXIT(busy, ExitFailed);
        EXPECT_ERR(busy, QStringLiteral("error [center.listen]"));

        // Codes and tokens are issued while the server runs, from another process.
        const CliRun code = center({QStringLiteral("enrol-code"), QStringLiteral("--device"), QStringLiteral("hh-01"),
                                    QStringLiteral("--route"), QStringLiteral("R1")});
        EXPECT_EXIT(code, ExitOk);
        const CliRun token =
            center({QStringLiteral("supervisor-token"), QStringLiteral("--name"), QStringLiteral("Li")});
        EXPECT_EXIT(token, ExitOk);

        const QUrl base(QStringLiteral("http://%1").arg(listen));
        const QByteArray key(32, '\x5a');
        // A wrong code: 403 with a stable code and a message a person can read.
        const TestNet::HttpReply wrong =
            TestNet::http("POST", base.resolved(QUrl(QStringLiteral("/v1/enrol"))),
                          Wire::encode(WireProtocol::EnrolRequest{QStringLiteral("WRONGCODE0000000"), key}.toCbor()));
        QCOMPARE(wrong.status, 403);
        auto wrongBody = Wire::decode(wrong.body, WireLimits::reply());
        QVERIFY(wrongBody.ok());
        auto error = WireProtocol::ErrorReply::fromCbor(wrongBody.value());
        QVERIFY(error.ok());
        QCOMPARE(error.value().code, QStringLiteral("enrol.code-unknown"));
        QVERIFY(!error.value().message.isEmpty());
        // The code the CLI printed enrols the device.
        const TestNet::HttpReply enrolled =
            TestNet::http("POST", base.resolved(QUrl(QStringLiteral("/v1/enrol"))),
                          Wire::encode(WireProtocol::EnrolRequest{code.outLines().value(0), key}.toCbor()));
        QCOMPARE(enrolled.status, 200);
        // Reports answer the CLI's supervisor token, and only it.
        const QUrl totals = base.resolved(QUrl(QStringLiteral("/v1/reports/totals?day=2026-11-02&format=json")));
        QCOMPARE(TestNet::http("GET", totals).status, 401);
        const TestNet::HttpReply report =
            TestNet::http("GET", totals, {}, {{"Authorization", "Bearer " + token.outLines().value(0).toLatin1()}});
        QCOMPARE(report.status, 200);
        const QJsonDocument rows = QJsonDocument::fromJson(report.body);
        QVERIFY(rows.isArray());
        QCOMPARE(rows.array().first().toObject().value(QStringLiteral("dimension")).toString(),
                 QStringLiteral("total"));

        // SIGTERM: a clean stop.
        server.terminate();
        QVERIFY(server.waitForFinished(10'000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), ExitOk);

        const QList<QJsonObject> log = logLines(server.readAllStandardError());
        auto find = [&log](const QString &event, const QString &path, int status) {
            return std::find_if(log.cbegin(), log.cend(), [&](const QJsonObject &o) {
                return o.value(QStringLiteral("event")).toString() == event &&
                       o.value(QStringLiteral("path")).toString() == path &&
                       o.value(QStringLiteral("status")).toInt() == status;
            });
        };
        auto listening = std::find_if(log.cbegin(), log.cend(), [](const QJsonObject &o) {
            return o.value(QStringLiteral("event")).toString() == QLatin1String("listening");
        });
        QVERIFY(listening != log.cend());
        QCOMPARE(listening->value(QStringLiteral("port")).toInt(), int(port));
        QCOMPARE(listening->value(QStringLiteral("tls")).toBool(), false);
        auto refused = find(QStringLiteral("request"), QStringLiteral("/v1/enrol"), 403);
        QVERIFY(refused != log.cend());
        QCOMPARE(refused->value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(refused->value(QStringLiteral("code")).toString(), QStringLiteral("enrol.code-unknown"));
        QCOMPARE(refused->value(QStringLiteral("remote")).toString(), QStringLiteral("127.0.0.1"));
        QVERIFY(refused->contains(QStringLiteral("ms")));
        QVERIFY(refused->contains(QStringLiteral("ts")));
        auto accepted = find(QStringLiteral("request"), QStringLiteral("/v1/enrol"), 200);
        QVERIFY(accepted != log.cend());
        QCOMPARE(accepted->value(QStringLiteral("device")).toString(), QStringLiteral("hh-01"));
        QVERIFY(find(QStringLiteral("request"), QStringLiteral("/v1/reports/totals"), 401) != log.cend());
        QVERIFY(find(QStringLiteral("request"), QStringLiteral("/v1/reports/totals"), 200) != log.cend());

        const CliRun devices = center({QStringLiteral("devices")});
        EXPECT_EXIT(devices, ExitOk);
        QCOMPARE(devices.out, QStringLiteral("hh-01\tR1\tactive\t0\n"));
    }

    void serveWithTls()
    {
        QString cert, key;
        if (!TestNet::makeCertificate(m_dir.path(), &cert, &key))
            QFAIL("the openssl tool is needed to make a test certificate");
        QProcess server;
        server.setProcessEnvironment(cleanEnvironment());
        server.start(Executable,
                     {QStringLiteral("serve"), QStringLiteral("--db"), m_url, QStringLiteral("--listen"),
                      QStringLiteral("127.0.0.1:0"), QStringLiteral("--cert"), cert, QStringLiteral("--key"), key});
        QVERIFY(server.waitForStarted());
        const QByteArray out = firstLine(server);
        if (!out.startsWith("listening on 127.0.0.1:"))
            QFAIL(server.readAllStandardError().constData());
        server.terminate();
        QVERIFY(server.waitForFinished(10'000));
        QCOMPARE(server.exitCode(), ExitOk);
        const QList<QJsonObject> log = logLines(server.readAllStandardError());
        QVERIFY(!log.isEmpty());
        QCOMPARE(log.first().value(QStringLiteral("event")).toString(), QStringLiteral("listening"));
        QCOMPARE(log.first().value(QStringLiteral("tls")).toBool(), true);
    }

    void reportsExportAndCommands()
    {
        QVERIFY(importExtract());
        // A device's day, taken on its own journal and brought in as an export file.
        QTemporaryDir deviceDir;
        DayTotals day;
        const QString exportFile = deviceDir.path() + QStringLiteral("/hh-01.export");
        {
            auto c = openCenter(m_url);
            QVERIFY(c.ok());
            auto device =
                enrolDevice(*c.value().store, deviceDir.path(), QStringLiteral("hh-01"), QStringLiteral("R1"));
            QVERIFY2(device.ok(), qPrintable(device.ok() ? QString() : device.error().message));
            auto simulated = simulateDay(*device.value().journal, 1, 12, dayStart());
            QVERIFY(simulated.ok());
            day = simulated.value();
            QVERIFY(SyncClient::exportJournal(*device.value().journal, *device.value().key, exportFile).ok());
        }
        const CliRun imported = center({QStringLiteral("import-journal"), exportFile});
        EXPECT_EXIT(imported, ExitOk);
        // The center's signed receipt goes beside the export, for the terminal to read back.
        const QString receipt = deviceDir.filePath(QStringLiteral("hh-01-%1.doorstep-ack").arg(day.entries));
        QCOMPARE(imported.out,
                 QStringLiteral("stored %1 entries, 0 already held; head %1\nreceipt for the terminal: %2\n")
                     .arg(day.entries)
                     .arg(receipt));
        {
            auto c = openCenter(m_url);
            QVERIFY(c.ok());
            const auto centerKey = c.value().store->signingKey();
            QVERIFY(centerKey.ok());
            const auto ack = JournalAckFile::read(receipt, centerKey.value()->publicKey());
            QVERIFY2(ack.ok(), qPrintable(ack.ok() ? QString() : ack.error().message));
            QCOMPARE(ack->deviceId, QStringLiteral("hh-01"));
            QCOMPARE(ack->head, day.entries);
        }
        const QString elsewhere = deviceDir.filePath(QStringLiteral("card/receipt"));
        const CliRun again = center({QStringLiteral("import-journal"), exportFile, QStringLiteral("--ack"), elsewhere});
        EXPECT_EXIT(again, ExitFailed); // no such folder: said, after the import itself
        EXPECT_ERR(again, QStringLiteral("error [ack.file]"));
        QVERIFY(QDir().mkpath(deviceDir.filePath(QStringLiteral("card"))));
        const CliRun again2 =
            center({QStringLiteral("import-journal"), exportFile, QStringLiteral("--ack"), elsewhere});
        EXPECT_EXIT(again2, ExitOk);
        QCOMPARE(again2.out,
                 QStringLiteral("stored 0 entries, %1 already held; head %1\nreceipt for the terminal: %2\n")
                     .arg(day.entries)
                     .arg(elsewhere));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM journal_entries")), day.entries);

        const QStringList totals = {QStringLiteral("report"),      QStringLiteral("totals"),
                                    QStringLiteral("--day"),       QStringLiteral("2026-11-02"),
                                    QStringLiteral("--time-zone"), QStringLiteral("UTC")};
        const CliRun json = center(totals + QStringList{QStringLiteral("--format"), QStringLiteral("json")});
        EXPECT_EXIT(json, ExitOk);
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(json.out.toUtf8(), &parseError);
        QVERIFY2(doc.isArray(), qPrintable(parseError.errorString() + json.out));
        const QJsonObject total = doc.array().first().toObject();
        QCOMPARE(total.value(QStringLiteral("dimension")).toString(), QStringLiteral("total"));
        QCOMPARE(total.value(QStringLiteral("count")).toInteger(), day.payments);
        QCOMPARE(total.value(QStringLiteral("amount_fen")).toInteger(), day.amount.fen());
        bool sawVoid = false;
        for (const QJsonValue &v : doc.array()) {
            const QJsonObject row = v.toObject();
            if (row.value(QStringLiteral("dimension")).toString() != QLatin1String("void"))
                continue;
            sawVoid = true;
            QCOMPARE(row.value(QStringLiteral("count")).toInteger(), day.voids);
            QCOMPARE(row.value(QStringLiteral("amount_fen")).toInteger(), day.voided.fen());
        }
        QVERIFY(sawVoid);

        const CliRun csv = center(totals); // csv is the default
        EXPECT_EXIT(csv, ExitOk);
        const QStringList csvLines = csv.csvRecords();
        QVERIFY(csvLines.size() >= 2);
        QCOMPARE(csvLines[0], QStringLiteral("dimension,key,count,amount"));
        QCOMPARE(csvLines[1], QStringLiteral("total,,%1,%2").arg(day.payments).arg(day.amount.toPlainString()));
        QCOMPARE(csvLines.size(), doc.array().size() + 1);

        const CliRun noDay = center({QStringLiteral("report"), QStringLiteral("totals")});
        EXPECT_EXIT(noDay, ExitUsage);
        EXPECT_ERR(noDay, QStringLiteral("report totals needs --day YYYY-MM-DD."));
        const CliRun badDay = center(
            {QStringLiteral("report"), QStringLiteral("totals"), QStringLiteral("--day"), QStringLiteral("2.11.")});
        EXPECT_EXIT(badDay, ExitUsage);
        for (const QString &format : {QStringLiteral("xml"), QStringLiteral("cbor")}) {
            const CliRun badFormat = center(totals + QStringList{QStringLiteral("--format"), format});
            EXPECT_EXIT(badFormat, ExitUsage);
            EXPECT_ERR(badFormat, QStringLiteral("--format is csv or json."));
            QVERIFY(badFormat.out.isEmpty());
        }
        const CliRun which = center({QStringLiteral("report")});
        EXPECT_EXIT(which, ExitUsage);
        EXPECT_ERR(which, QStringLiteral("report needs totals, exceptions, handovers, reconciliation or unposted."));

        // The cashier's list of handovers on that day: the simulated shift hands over its float
        // and its cash, to the supervisor S001, in one entry.
        const QStringList handovers = {QStringLiteral("report"),      QStringLiteral("handovers"),
                                       QStringLiteral("--from"),      QStringLiteral("2026-11-02"),
                                       QStringLiteral("--time-zone"), QStringLiteral("UTC")};
        const CliRun handed = center(handovers);
        EXPECT_EXIT(handed, ExitOk);
        const QStringList handedLines = handed.csvRecords();
        QCOMPARE(handedLines.value(0), QStringLiteral("time_utc,device,seq,collector,received_by,amount,pieces"));
        QCOMPARE(handedLines.size(), 2);
        QVERIFY2(handedLines[1].contains(QStringLiteral(",hh-01,")) &&
                     handedLines[1].contains(QStringLiteral(",S001,")),
                 qPrintable(handedLines[1]));
        const CliRun handedJson = center(handovers + QStringList{QStringLiteral("--format"), QStringLiteral("json")});
        EXPECT_EXIT(handedJson, ExitOk);
        const QJsonObject handover = QJsonDocument::fromJson(handedJson.out.toUtf8()).array().first().toObject();
        QCOMPARE(handover.value(QStringLiteral("received_by")).toString(), QStringLiteral("S001"));
        QVERIFY(handover.value(QStringLiteral("amount_fen")).toInteger() >=
                Money::fromYuan(200).fen()); // the float at least
        const CliRun noHandoverDay =
            center({QStringLiteral("report"), QStringLiteral("handovers"), QStringLiteral("--from"),
                    QStringLiteral("2026-11-03"), QStringLiteral("--to"), QStringLiteral("2026-11-02")});
        EXPECT_EXIT(noHandoverDay, ExitUsage);
        EXPECT_ERR(noHandoverDay, QStringLiteral("report handovers needs --from YYYY-MM-DD."));

        // Exceptions are dated when the center found them: today.
        const CliRun exceptions =
            center({QStringLiteral("report"), QStringLiteral("exceptions"), QStringLiteral("--from"), today(-1),
                    QStringLiteral("--to"), today(1), QStringLiteral("--time-zone"), QStringLiteral("UTC")});
        EXPECT_EXIT(exceptions, ExitOk);
        QCOMPARE(exceptions.csvRecords().value(0),
                 QStringLiteral("time_utc,kind,device,seq,account,amount,detail,id,signed_off_by,signed_off_utc,"
                                "sign_off_note"));
        QVERIFY2(exceptions.out.contains(QStringLiteral(",overpayment,hh-01,")), qPrintable(exceptions.out));
        QVERIFY2(exceptions.out.contains(QStringLiteral(",void,hh-01,")), qPrintable(exceptions.out));
        const CliRun exceptionsJson =
            center({QStringLiteral("report"), QStringLiteral("exceptions"), QStringLiteral("--from"), today(-1),
                    QStringLiteral("--to"), today(1), QStringLiteral("--format"), QStringLiteral("json")});
        EXPECT_EXIT(exceptionsJson, ExitOk);
        QCOMPARE(QJsonDocument::fromJson(exceptionsJson.out.toUtf8()).array().size(),
                 exceptions.csvRecords().size() - 1);

        // A supervisor signs off the void: it moves from the open list to the history, with who,
        // when and the note, and cannot be signed off again or by a name with control characters.
        const QJsonArray listedRows = QJsonDocument::fromJson(exceptionsJson.out.toUtf8()).array();
        QString voidId;
        for (const QJsonValue &row : listedRows) {
            if (row[QStringLiteral("kind")].toString() == QLatin1String("void"))
                voidId = row[QStringLiteral("id")].toString();
            QVERIFY(!row[QStringLiteral("id")].toString().isEmpty());
            QCOMPARE(row[QStringLiteral("signed_off_by")].toString(), QString());
        }
        QVERIFY(voidId.startsWith(u'x'));
        const auto listedAs = [&](const QString &only) {
            const CliRun run = center({QStringLiteral("report"), QStringLiteral("exceptions"), QStringLiteral("--from"),
                                       today(-1), QStringLiteral("--to"), today(1), QStringLiteral("--only"), only,
                                       QStringLiteral("--format"), QStringLiteral("json")});
            QStringList ids;
            for (const QJsonValue &row : QJsonDocument::fromJson(run.out.toUtf8()).array())
                ids.append(row[QStringLiteral("id")].toString());
            return ids;
        };
        QVERIFY(listedAs(QStringLiteral("open")).contains(voidId));
        QVERIFY(listedAs(QStringLiteral("signed-off")).isEmpty());
        const QStringList signOff = {
            QStringLiteral("sign-off"), voidId,
            QStringLiteral("--name"),   QStringLiteral("S001 王主管"),
            QStringLiteral("--note"),   QStringLiteral("Customer paid twice by mistake; void checked with the slip.")};
        const CliRun signedOff = center(signOff);
        EXPECT_EXIT(signedOff, ExitOk);
        QCOMPARE(signedOff.out, QStringLiteral("exception %1 (void, hh-01) signed off by S001 王主管\n").arg(voidId));
        QCOMPARE(listedAs(QStringLiteral("signed-off")), QStringList{voidId});
        QVERIFY(!listedAs(QStringLiteral("open")).contains(voidId));
        const CliRun history =
            center({QStringLiteral("report"), QStringLiteral("exceptions"), QStringLiteral("--from"), today(-1),
                    QStringLiteral("--to"), today(1), QStringLiteral("--only"), QStringLiteral("signed-off")});
        QVERIFY2(history.out.contains(QStringLiteral(",S001 王主管,")) &&
                     history.out.contains(QStringLiteral(",Customer paid twice by mistake; void checked with the "
                                                         "slip.")),
                 qPrintable(history.out));
        const CliRun signedAgain = center(signOff);
        EXPECT_EXIT(signedAgain, ExitFailed);
        EXPECT_ERR(signedAgain, QStringLiteral("Exception %1 was signed off by S001 王主管 at ").arg(voidId));
        const CliRun unknownId =
            center({QStringLiteral("sign-off"), QStringLiteral("x999999"), QStringLiteral("--name"),
                    QStringLiteral("S001"), QStringLiteral("--note"), QStringLiteral("n")});
        EXPECT_EXIT(unknownId, ExitFailed);
        EXPECT_ERR(unknownId, QStringLiteral("There is no exception \"x999999\""));
        for (const QString &hostile : {QStringLiteral("x1' OR '1'='1"), QStringLiteral("x0"), QStringLiteral("x-1"),
                                       QStringLiteral("frozen:hh-01"), QString(10000, u'x'), QStringLiteral("")}) {
            const CliRun bad = center({QStringLiteral("sign-off"), hostile, QStringLiteral("--name"),
                                       QStringLiteral("S001"), QStringLiteral("--note"), QStringLiteral("n")});
            QVERIFY2(bad.exitCode == ExitFailed, qPrintable(bad.describe()));
            EXPECT_ERR(bad, QStringLiteral("There is no exception"));
        }
        const CliRun noNote =
            center({QStringLiteral("sign-off"), voidId, QStringLiteral("--name"), QStringLiteral("S")});
        EXPECT_EXIT(noNote, ExitUsage);
        const CliRun controlName = center({QStringLiteral("sign-off"), voidId, QStringLiteral("--name"),
                                           QStringLiteral("S\x1b[2J"), QStringLiteral("--note"), QStringLiteral("n")});
        EXPECT_EXIT(controlName, ExitFailed);
        EXPECT_ERR(controlName, QStringLiteral("plain text of at most 500 characters"));
        const CliRun longNote = center({QStringLiteral("sign-off"), voidId, QStringLiteral("--name"),
                                        QStringLiteral("S"), QStringLiteral("--note"), QString(501, u'n')});
        EXPECT_EXIT(longNote, ExitFailed);
        const CliRun badOnly = center({QStringLiteral("report"), QStringLiteral("exceptions"), QStringLiteral("--from"),
                                       today(-1), QStringLiteral("--only"), QStringLiteral("closed")});
        EXPECT_EXIT(badOnly, ExitUsage);
        EXPECT_ERR(badOnly, QStringLiteral("--only takes open or signed-off."));

        const CliRun noFrom = center({QStringLiteral("report"), QStringLiteral("exceptions")});
        EXPECT_EXIT(noFrom, ExitUsage);
        EXPECT_ERR(noFrom, QStringLiteral("report exceptions needs --from YYYY-MM-DD."));

        // Export for the billing system.
        const QString exported = freshPath(QStringLiteral("payments.csv"));
        const CliRun exportRun = center({QStringLiteral("export"), exported});
        EXPECT_EXIT(exportRun, ExitOk);
        static const QRegularExpression exportedLine(QStringLiteral("^exported ([0-9]+) rows to (.+)\n$"));
        const auto m = exportedLine.match(exportRun.out);
        QVERIFY2(m.hasMatch(), qPrintable(exportRun.out));
        QCOMPARE(m.captured(2), exported);
        const QStringList exportLines =
            QString::fromUtf8(readFile(exported)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QVERIFY(!exportLines.isEmpty());
        QCOMPARE(exportLines.first(), QStringLiteral("device,seq,receipt,kind,time_utc,collector,account,method,amount,"
                                                     "penalty,to_prepaid,voided_seq,visit_outcome,reference"));
        QCOMPARE(qint64(exportLines.size() - 1), m.captured(1).toLongLong());
        // Every payment (voided ones too), each void and each visit.
        QCOMPARE(m.captured(1).toLongLong(), day.payments + 2 * day.voids + day.visits);
        QVERIFY(exportLines.value(1).startsWith(QStringLiteral("hh-01,")));
        const CliRun exportNoFile = center({QStringLiteral("export")});
        EXPECT_EXIT(exportNoFile, ExitUsage);
        EXPECT_ERR(exportNoFile, QStringLiteral("export needs the output file name."));
        const CliRun exportNoDir =
            center({QStringLiteral("export"), m_dir.path() + QStringLiteral("/no/such/dir/payments.csv")});
        EXPECT_EXIT(exportNoDir, ExitFailed);
        EXPECT_ERR(exportNoDir, QStringLiteral("error [export.write]"));

        // Commands: only to enrolled devices, only the three known ones.
        const QString commandsSql = QStringLiteral("SELECT COUNT(*) FROM commands");
        const CliRun unknownDevice = center(
            {QStringLiteral("command"), QStringLiteral("--device"), QStringLiteral("hh-99"), QStringLiteral("lock")});
        EXPECT_EXIT(unknownDevice, ExitFailed);
        EXPECT_ERR(unknownDevice, QStringLiteral("error [command.unknown-device]: No device \"hh-99\" is enrolled."));
        const CliRun unknownKind = center({QStringLiteral("command"), QStringLiteral("--device"),
                                           QStringLiteral("hh-01"), QStringLiteral("explode")});
        EXPECT_EXIT(unknownKind, ExitFailed);
        EXPECT_ERR(unknownKind, QStringLiteral("error [command.unknown]"));
        const CliRun noDevice = center({QStringLiteral("command"), QStringLiteral("lock")});
        EXPECT_EXIT(noDevice, ExitUsage);
        EXPECT_ERR(noDevice, QStringLiteral("command needs --device NAME"));
        const CliRun noKind = center({QStringLiteral("command"), QStringLiteral("--device"), QStringLiteral("hh-01")});
        EXPECT_EXIT(noKind, ExitUsage);
        QCOMPARE(count(commandsSql), 0);
        const CliRun lock = center(
            {QStringLiteral("command"), QStringLiteral("--device"), QStringLiteral("hh-01"), QStringLiteral("lock")});
        EXPECT_EXIT(lock, ExitOk);
        static const QRegularExpression queued(QStringLiteral("^command [0-9]+ queued\n$"));
        QVERIFY2(queued.match(lock.out).hasMatch(), qPrintable(lock.out));
        QCOMPARE(count(commandsSql), 1);
        const CliRun devices = center({QStringLiteral("devices")});
        EXPECT_EXIT(devices, ExitOk);
        QCOMPARE(devices.out, QStringLiteral("hh-01\tR1\tlocked\t%1\n").arg(day.entries));

        const CliRun notFrozen =
            center({QStringLiteral("unfreeze"), QStringLiteral("--device"), QStringLiteral("hh-01")});
        EXPECT_EXIT(notFrozen, ExitFailed);
        EXPECT_ERR(notFrozen, QStringLiteral("error [device.not-frozen]"));
        const CliRun unfreezeWhom = center({QStringLiteral("unfreeze")});
        EXPECT_EXIT(unfreezeWhom, ExitUsage);
        EXPECT_ERR(unfreezeWhom, QStringLiteral("unfreeze needs --device NAME."));

        // Postings for the billing system: exported once and the same each time, acknowledged
        // line by line, reconciled by day and route.
        EXPECT_EXIT(center({QStringLiteral("export-postings"), freshPath(QStringLiteral("p.csv"))}), ExitUsage);
        EXPECT_EXIT(center({QStringLiteral("export-postings"), QStringLiteral("--since"), QStringLiteral("-1"),
                            freshPath(QStringLiteral("p.csv"))}),
                    ExitUsage);
        const QString postingsFile = freshPath(QStringLiteral("postings.csv"));
        const CliRun posted =
            center({QStringLiteral("export-postings"), QStringLiteral("--since"), QStringLiteral("0"), postingsFile});
        EXPECT_EXIT(posted, ExitOk);
        const QList<QByteArray> postingLines = readFile(postingsFile).split('\n');
        QVERIFY(postingLines.size() > 2);
        QVERIFY(postingLines.first().startsWith("posting_id,source,device,payment_seq,"));
        const QString lastPosting = QString::fromLatin1(postingLines.at(postingLines.size() - 2).split(',').first());
        QCOMPARE(posted.out, QStringLiteral("exported %1 postings to %2; next time --since %3\n")
                                 .arg(postingLines.size() - 2)
                                 .arg(postingsFile, lastPosting));
        QCOMPARE(QFile::permissions(postingsFile) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        const QList<QByteArray> first = postingLines.at(1).split(',');
        const QString ackFile = freshPath(QStringLiteral("ack.csv"));
        QFile ackOut(ackFile);
        QVERIFY(ackOut.open(QIODevice::WriteOnly));
        ackOut.write("posting_id,amount,status,reference\r\n" + first.at(0) + "," + first.at(9) + ",posted,B-1\r\n");
        ackOut.close();
        const CliRun acked = center({QStringLiteral("import-posting-ack"), ackFile});
        EXPECT_EXIT(acked, ExitOk);
        QCOMPARE(acked.out, QStringLiteral("1 posted, 0 rejected, 0 acknowledged before, 0 exceptions\n"));
        QVERIFY(ackOut.open(QIODevice::WriteOnly | QIODevice::Truncate));
        ackOut.write("posting_id,amount,status,reference\r\n999999,1.00,posted,B-2\r\n");
        ackOut.close();
        const CliRun unknownAck = center({QStringLiteral("import-posting-ack"), ackFile});
        EXPECT_EXIT(unknownAck, ExitFailed);
        QCOMPARE(unknownAck.out, QStringLiteral("0 posted, 0 rejected, 0 acknowledged before, 1 exceptions\n"));
        const QStringList reconcile{QStringLiteral("report"),      QStringLiteral("reconciliation"),
                                    QStringLiteral("--from"),      today(-1),
                                    QStringLiteral("--to"),        today(1),
                                    QStringLiteral("--time-zone"), QStringLiteral("UTC")};
        const CliRun reconciled = center(reconcile);
        EXPECT_EXIT(reconciled, ExitOk);
        QCOMPARE(reconciled.csvRecords().value(0),
                 QStringLiteral("day,route,postings,applied,posted,rejected,awaiting,not_in_extract"));
        QVERIFY2(reconciled.csvRecords().value(1).startsWith(today(0) +
                                                             QStringLiteral(",R1,%1,").arg(postingLines.size() - 2)),
                 qPrintable(reconciled.out));
        EXPECT_EXIT(center(reconcile + QStringList{QStringLiteral("--format"), QStringLiteral("json")}), ExitUsage);
        const CliRun unposted = center({QStringLiteral("report"), QStringLiteral("unposted"), QStringLiteral("--from"),
                                        today(-1), QStringLiteral("--to"), today(1)});
        EXPECT_EXIT(unposted, ExitOk);
        QCOMPARE(unposted.csvRecords().size(), 1 + postingLines.size() - 2 - 1); // all but the one posted

        // Reverse: a supervisor's correction of a synced payment, with its reason and name.
        const QString unvoided =
            QString::number(count(QStringLiteral("SELECT MIN(seq) FROM ledger_payments WHERE voided_by_seq IS NULL")));
        const CliRun reverseHow =
            center({QStringLiteral("reverse"), QStringLiteral("--device"), QStringLiteral("hh-01")});
        EXPECT_EXIT(reverseHow, ExitUsage);
        EXPECT_ERR(reverseHow, QStringLiteral("reverse needs --device NAME --seq N --reason TEXT --name SUPERVISOR."));
        const QStringList reverse{QStringLiteral("reverse"),        QStringLiteral("--device"),
                                  QStringLiteral("hh-01"),          QStringLiteral("--reason"),
                                  QStringLiteral("cheque bounced"), QStringLiteral("--name"),
                                  QStringLiteral("S001"),           QStringLiteral("--seq")};
        for (const QString &bad : {QStringLiteral("0"), QStringLiteral("-3"), QStringLiteral("7x"), QString()}) {
            const CliRun badSeq = center(reverse + QStringList{bad});
            EXPECT_EXIT(badSeq, ExitUsage);
            EXPECT_ERR(badSeq, QStringLiteral("--seq takes the payment's journal number"));
        }
        const CliRun reverseBeyond = center(reverse + QStringList{QString::number(day.entries + 1)});
        EXPECT_EXIT(reverseBeyond, ExitFailed);
        EXPECT_ERR(reverseBeyond, QStringLiteral("error [correction.unknown-entry]"));
        const CliRun reversed = center(reverse + QStringList{unvoided});
        EXPECT_EXIT(reversed, ExitOk);
        QVERIFY2(reversed.out.startsWith(QStringLiteral("payment %1 of hh-01 (").arg(unvoided)),
                 qPrintable(reversed.out));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM corrections WHERE reason = 'cheque bounced' AND made_by = "
                                      "'S001'")),
                 1);
        const CliRun reversedAgain = center(reverse + QStringList{unvoided});
        EXPECT_EXIT(reversedAgain, ExitFailed);
        EXPECT_ERR(reversedAgain, QStringLiteral("error [correction.already-corrected]"));
        const CliRun listed = center({QStringLiteral("report"), QStringLiteral("exceptions"), QStringLiteral("--from"),
                                      today(-1), QStringLiteral("--to"), today(1)});
        EXPECT_EXIT(listed, ExitOk);
        QVERIFY2(listed.out.contains(QStringLiteral(",correction,hh-01,%1,").arg(unvoided)), qPrintable(listed.out));

        // Revoke: the device is listed as revoked with what it holds; once only; named devices only.
        const CliRun revokeWhom = center({QStringLiteral("revoke")});
        EXPECT_EXIT(revokeWhom, ExitUsage);
        EXPECT_ERR(revokeWhom, QStringLiteral("revoke needs --device NAME."));
        const CliRun revokeUnknown =
            center({QStringLiteral("revoke"), QStringLiteral("--device"), QStringLiteral("hh-99")});
        EXPECT_EXIT(revokeUnknown, ExitFailed);
        EXPECT_ERR(revokeUnknown, QStringLiteral("error [device.unknown]"));
        const CliRun revoke = center({QStringLiteral("revoke"), QStringLiteral("--device"), QStringLiteral("hh-01")});
        EXPECT_EXIT(revoke, ExitOk);
        QVERIFY2(revoke.out.startsWith(QStringLiteral("device hh-01 revoked")), qPrintable(revoke.out));
        const CliRun revokeAgain =
            center({QStringLiteral("revoke"), QStringLiteral("--device"), QStringLiteral("hh-01")});
        EXPECT_EXIT(revokeAgain, ExitFailed);
        EXPECT_ERR(revokeAgain, QStringLiteral("error [device.already-revoked]"));
        QCOMPARE(center({QStringLiteral("devices")}).out, QStringLiteral("hh-01\tR1\trevoked\t%1\n").arg(day.entries));
        // A pending code withdrawn: the code then enrols nobody.
        const CliRun code = center({QStringLiteral("enrol-code"), QStringLiteral("--device"), QStringLiteral("hh-05"),
                                    QStringLiteral("--route"), QStringLiteral("R1")});
        EXPECT_EXIT(code, ExitOk);
        const CliRun withdraw =
            center({QStringLiteral("revoke-code"), QStringLiteral("--device"), QStringLiteral("hh-05")});
        EXPECT_EXIT(withdraw, ExitOk);
        QCOMPARE(withdraw.out, QStringLiteral("1 enrolment code(s) of hh-05 withdrawn\n"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM enrolment_codes WHERE device_id = 'hh-05' AND revoked_ms "
                                      "IS NOT NULL")),
                 1);
        const CliRun withdrawNone =
            center({QStringLiteral("revoke-code"), QStringLiteral("--device"), QStringLiteral("hh-05")});
        EXPECT_EXIT(withdrawNone, ExitFailed);
        EXPECT_ERR(withdrawNone, QStringLiteral("error [enrol.no-pending-code]"));
        const CliRun withdrawWhom = center({QStringLiteral("revoke-code")});
        EXPECT_EXIT(withdrawWhom, ExitUsage);
    }

    // Issue 19: the auditor's export of a day, checked offline by doorstep-audit with nothing but
    // the center's public key; a second export proves the log only grew; a changed file is caught.
    void deskUsersAreAddedWithAPasswordFromStandardInput()
    {
        QVERIFY(center({QStringLiteral("init")}).exitCode == ExitOk);
        QProcessEnvironment env = cleanEnvironment();
        env.insert(QStringLiteral("DOORSTEP_PASSWORD_ITERATIONS"), QStringLiteral("1000")); // tests only
        const auto user = [&](const QStringList &args, const QByteArray &password = {}) {
            return runProgram(Executable,
                              QStringList{QStringLiteral("user")} + args + QStringList{QStringLiteral("--db"), m_url},
                              env, password);
        };
        const CliRun added =
            user({QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("wang.li"), QStringLiteral("--role"),
                  QStringLiteral("supervisor"), QStringLiteral("--branch"), QStringLiteral("东城")},
                 "a long passphrase 收费\n");
        EXPECT_EXIT(added, ExitOk);
        QCOMPARE(added.out, QStringLiteral("user wang.li added (supervisor, 东城)\n"));
        EXPECT_EXIT(user({QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("audit"),
                          QStringLiteral("--role"), QStringLiteral("auditor")},
                         "another long passphrase"),
                    ExitOk);
        // Stored hashed, never in clear; the password is the one typed (without its newline).
        {
            auto c = openCenter(m_url);
            QVERIFY(c.ok());
            auto hash = c.value().db->scalar(QStringLiteral("SELECT password_hash FROM desk_users WHERE name = "
                                                            "'wang.li'"));
            QVERIFY(hash.value().toString().startsWith(QStringLiteral("pbkdf2-sha256$1000$")));
            DeskUsers users(*c.value().db);
            QVERIFY(users.authenticate(QStringLiteral("wang.li"), QStringLiteral("a long passphrase 收费")).value());
            QVERIFY(!users.authenticate(QStringLiteral("wang.li"), QStringLiteral("a long passphrase")).value());
            QVERIFY(!users.authenticate(QStringLiteral("nobody"), QStringLiteral("a long passphrase 收费")).value());
            QCOMPARE(c.value()
                         .db
                         ->scalar(QStringLiteral("SELECT COUNT(*) FROM desk_audit WHERE action = "
                                                 "'user-added'"))
                         .value()
                         .toInt(),
                     2);
        }
        const CliRun listed = user({QStringLiteral("list")});
        EXPECT_EXIT(listed, ExitOk);
        QCOMPARE(listed.out, QStringLiteral("audit\tauditor\t\tenabled\nwang.li\tsupervisor\t东城\tenabled\n"));

        // Refused in words, nothing stored.
        struct Bad
        {
            QStringList args;
            QByteArray password;
            int exit;
            QString error;
        };
        const QList<Bad> bad = {
            {{QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("wang.li"), QStringLiteral("--role"),
              QStringLiteral("auditor")},
             "yet another passphrase",
             ExitFailed,
             QStringLiteral("There is already a user called wang.li.")},
            {{QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("zhao"), QStringLiteral("--role"),
              QStringLiteral("cashier")},
             "a long passphrase 2",
             ExitFailed,
             QStringLiteral("A supervisor or cashier belongs to a branch")},
            {{QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("zhao"), QStringLiteral("--role"),
              QStringLiteral("auditor")},
             "short",
             ExitFailed,
             QStringLiteral("A password is 12 to 256 characters")},
            {{QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("zhao"), QStringLiteral("--role"),
              QStringLiteral("auditor")},
             QByteArray(),
             ExitFailed,
             QStringLiteral("A password is 12 to 256 characters")},
            {{QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("x'); DROP TABLE desk_users;--"),
              QStringLiteral("--role"), QStringLiteral("admin")},
             "a long passphrase 3",
             ExitFailed,
             QStringLiteral("A user name is 1 to 64 letters")},
            {{QStringLiteral("add"), QStringLiteral("--name"), QString(65, u'a'), QStringLiteral("--role"),
              QStringLiteral("admin")},
             "a long passphrase 3",
             ExitFailed,
             QStringLiteral("A user name is 1 to 64 letters")},
            {{QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("zhao"), QStringLiteral("--role"),
              QStringLiteral("root")},
             "a long passphrase 3",
             ExitUsage,
             QStringLiteral("user add needs --name NAME and --role")},
            {{QStringLiteral("remove")}, QByteArray(), ExitUsage, QStringLiteral("user takes add, list or disable.")},
            {{QStringLiteral("disable"), QStringLiteral("--name"), QStringLiteral("nobody")},
             QByteArray(),
             ExitFailed,
             QStringLiteral("There is no enabled user called nobody.")},
        };
        for (const Bad &b : bad) {
            const CliRun r = user(b.args, b.password);
            QVERIFY2(r.exitCode == b.exit, qPrintable(r.describe()));
            EXPECT_ERR(r, b.error);
        }
        const CliRun disabled = user({QStringLiteral("disable"), QStringLiteral("--name"), QStringLiteral("wang.li")});
        EXPECT_EXIT(disabled, ExitOk);
        QVERIFY(user({QStringLiteral("list")}).out.contains(QStringLiteral("wang.li\tsupervisor\t东城\tdisabled")));
        auto c = openCenter(m_url);
        QVERIFY(c.ok());
        QCOMPARE(c.value().db->scalar(QStringLiteral("SELECT COUNT(*) FROM desk_users")).value().toInt(), 2);
        QVERIFY(!DeskUsers(*c.value().db)
                     .authenticate(QStringLiteral("wang.li"), QStringLiteral("a long passphrase 收费"))
                     .value()); // disabled: the right password no longer lets them in
    }

    // A route's branch decides which desk users see it.
    void routesArePutInBranches()
    {
        QVERIFY(center({QStringLiteral("init")}).exitCode == ExitOk);
        const CliRun set = center({QStringLiteral("route-branch"), QStringLiteral("set"), QStringLiteral("--route"),
                                   QStringLiteral("R1"), QStringLiteral("--branch"), QStringLiteral("东城")});
        EXPECT_EXIT(set, ExitOk);
        QCOMPARE(set.out, QStringLiteral("route R1 is in branch 东城\n"));
        EXPECT_EXIT(center({QStringLiteral("route-branch"), QStringLiteral("set"), QStringLiteral("--route"),
                            QStringLiteral("R2"), QStringLiteral("--branch"), QStringLiteral("东城")}),
                    ExitOk);
        // Moved, not doubled.
        EXPECT_EXIT(center({QStringLiteral("route-branch"), QStringLiteral("set"), QStringLiteral("--route"),
                            QStringLiteral("R2"), QStringLiteral("--branch"), QStringLiteral("西城")}),
                    ExitOk);
        QCOMPARE(center({QStringLiteral("route-branch"), QStringLiteral("list")}).out,
                 QStringLiteral("R1\t东城\nR2\t西城\n"));
        EXPECT_EXIT(center({QStringLiteral("route-branch"), QStringLiteral("clear"), QStringLiteral("--route"),
                            QStringLiteral("R2")}),
                    ExitOk);
        const CliRun again = center(
            {QStringLiteral("route-branch"), QStringLiteral("clear"), QStringLiteral("--route"), QStringLiteral("R2")});
        EXPECT_EXIT(again, ExitFailed);
        EXPECT_ERR(again, QStringLiteral("error [branch.unknown-route]"));
        // Refused in words, nothing stored.
        const CliRun control = center({QStringLiteral("route-branch"), QStringLiteral("set"), QStringLiteral("--route"),
                                       QStringLiteral("R\tX"), QStringLiteral("--branch"), QStringLiteral("B")});
        EXPECT_EXIT(control, ExitFailed);
        EXPECT_ERR(control, QStringLiteral("error [branch.bad-route]"));
        const CliRun blank = center({QStringLiteral("route-branch"), QStringLiteral("set"), QStringLiteral("--route"),
                                     QStringLiteral("R3"), QStringLiteral("--branch"), QStringLiteral(" ")});
        EXPECT_EXIT(blank, ExitFailed);
        EXPECT_ERR(blank, QStringLiteral("error [branch.bad-branch]"));
        EXPECT_EXIT(center({QStringLiteral("route-branch"), QStringLiteral("set"), QStringLiteral("--route"),
                            QStringLiteral("R3")}),
                    ExitUsage);
        EXPECT_EXIT(center({QStringLiteral("route-branch"), QStringLiteral("move")}), ExitUsage);
        QCOMPARE(center({QStringLiteral("route-branch"), QStringLiteral("list")}).out, QStringLiteral("R1\t东城\n"));
        // serve's per-address rate: a count, 0 for none.
        for (const QString &bad : {QStringLiteral("-1"), QStringLiteral("many"), QStringLiteral("2000000")})
            EXPECT_EXIT(center({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                QStringLiteral("--address-rate"), bad}),
                        ExitUsage);
        // The address enrolment QR codes carry: http(s), a host, nothing a link could smuggle.
        for (const QString &bad : {QStringLiteral("ftp://x"), QStringLiteral("http://u:p@x"),
                                   QStringLiteral("http://x/?a=1"), QStringLiteral("https://x"), QString(600, u'x')})
            EXPECT_EXIT(center({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                QStringLiteral("--public-address"), bad}),
                        ExitUsage);
    }

    void auditExportVerifiesOffline()
    {
        QVERIFY(importExtract());
        QTemporaryDir deviceDir;
        const QString exportFile = deviceDir.filePath(QStringLiteral("hh-a.export"));
        std::unique_ptr<Journal> journal;
        std::unique_ptr<DeviceKey> key;
        QString centerKey;
        {
            auto c = openCenter(m_url);
            QVERIFY(c.ok());
            auto device = enrolDevice(*c.value().store, deviceDir.path(), QStringLiteral("hh-a"), QStringLiteral("R1"));
            QVERIFY(device.ok());
            QVERIFY(simulateDay(*device.value().journal, 1, 12, dayStart()).ok());
            QVERIFY(SyncClient::exportJournal(*device.value().journal, *device.value().key, exportFile).ok());
            journal = std::move(device.value().journal);
            key = std::move(device.value().key);
            auto signing = c.value().store->signingKey();
            QVERIFY(signing.ok());
            centerKey = QString::fromLatin1(signing.value()->publicKey().toBase64());
        }
        EXPECT_EXIT(center({QStringLiteral("import-journal"), exportFile}), ExitOk);
        const qint64 stored = count(QStringLiteral("SELECT COUNT(*) FROM journal_entries"));
        QVERIFY(stored > 20);

        const CliRun first = center({QStringLiteral("checkpoint")});
        EXPECT_EXIT(first, ExitOk);
        QVERIFY2(first.out.startsWith(QStringLiteral("tree head of %1 entries").arg(stored)), qPrintable(first.out));
        const CliRun same = center({QStringLiteral("checkpoint")}); // nothing new: the same head
        EXPECT_EXIT(same, ExitOk);
        QCOMPARE(same.out, first.out);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM tree_heads")), 1);

        // An exception signed off before the export travels with it (the center's own record).
        const qint64 firstException = count(QStringLiteral("SELECT MIN(id) FROM exceptions"));
        QVERIFY(firstException > 0);
        // (Found on the exported day, as a nightly import of that day's journal would date it.)
        {
            auto c = openCenter(m_url);
            QVERIFY(c.ok());
            QVERIFY(c.value()
                        .db
                        ->exec(QStringLiteral("UPDATE exceptions SET at_ms = ? WHERE id = ?"),
                               {dayStart(20), firstException})
                        .ok());
        }
        EXPECT_EXIT(
            center({QStringLiteral("sign-off"), QStringLiteral("x%1").arg(firstException), QStringLiteral("--name"),
                    QStringLiteral("S001"), QStringLiteral("--note"), QStringLiteral("=HYPERLINK(\"x\") checked")}),
            ExitOk);

        const QString day = QDateTime::fromMSecsSinceEpoch(dayStart(), QTimeZone::utc()).date().toString(Qt::ISODate);
        const QString firstDir = freshPath(QStringLiteral("audit-1"));
        const QStringList exportArgs{QStringLiteral("audit-export"), QStringLiteral("--from"), day,
                                     QStringLiteral("--time-zone"), QStringLiteral("UTC")};
        const CliRun exported = center(exportArgs + QStringList{firstDir});
        EXPECT_EXIT(exported, ExitOk);
        QVERIFY2(exported.out.startsWith(QStringLiteral("exported %1 entries of 1 terminals").arg(stored)),
                 qPrintable(exported.out));
        const CliRun clean = audit({QStringLiteral("verify"), firstDir, QStringLiteral("--center-key"), centerKey});
        EXPECT_EXIT(clean, 0);
        QVERIFY2(clean.out.startsWith(
                     QStringLiteral("clean\t1 terminals, %1 entries, %1 signatures checked, 0 findings").arg(stored)),
                 qPrintable(clean.out));
        QVERIFY(!QFileInfo::exists(QDir(firstDir).filePath(QStringLiteral("checkpoint/previous.txt"))));
        // Payments, voids and the Z-report of the day, decoded for the auditor.
        QFile payments(QDir(firstDir).filePath(QStringLiteral("views/payments.csv")));
        QVERIFY(payments.open(QIODevice::ReadOnly));
        QCOMPARE(payments.readAll().count('\n'), 1 + 12);
        QFile centerExceptions(QDir(firstDir).filePath(QStringLiteral("center/exceptions.csv")));
        QVERIFY(centerExceptions.open(QIODevice::ReadOnly));
        const QByteArray exceptionsCsv = centerExceptions.readAll();
        // Formula-safe: the note cannot run as a spreadsheet formula.
        QVERIFY2(exceptionsCsv.contains(QStringLiteral(",x%1,S001,").arg(firstException).toUtf8()) &&
                     exceptionsCsv.contains("\"'=HYPERLINK(\"\"x\"\") checked\"\r\n"),
                 exceptionsCsv.constData());

        // The next day's entries: a new checkpoint, proven to extend the first.
        QVERIFY(simulateDay(*journal, 1, 3, dayStart() + 86'400'000).ok());
        QVERIFY(SyncClient::exportJournal(*journal, *key, exportFile).ok());
        EXPECT_EXIT(center({QStringLiteral("import-journal"), exportFile}), ExitOk);
        const QString secondDir = freshPath(QStringLiteral("audit-2"));
        EXPECT_EXIT(center(exportArgs + QStringList{secondDir}), ExitOk);
        QVERIFY(QFileInfo::exists(QDir(secondDir).filePath(QStringLiteral("checkpoint/previous.txt"))));
        const CliRun extended = audit({QStringLiteral("verify"), secondDir, QStringLiteral("--center-key"), centerKey});
        EXPECT_EXIT(extended, 0);
        QVERIFY2(extended.out.contains(QStringLiteral("tree head of %1 entries").arg(journal->lastSeq())),
                 qPrintable(extended.out));
        // The auditor kept the first export's head: the center's log still begins with it.
        const CliRun kept =
            audit({QStringLiteral("verify"), secondDir, QStringLiteral("--center-key"), centerKey,
                   QStringLiteral("--previous-head"), QDir(firstDir).filePath(QStringLiteral("checkpoint/head.txt"))});
        EXPECT_EXIT(kept, 0);
        EXPECT_EXIT(audit({QStringLiteral("verify"), secondDir, QStringLiteral("--previous-head"), exportFile}), 2);

        // A changed view is caught and named; a wrong center key fails everything it signed.
        QFile view(QDir(secondDir).filePath(QStringLiteral("views/payments.csv")));
        QVERIFY(view.open(QIODevice::ReadWrite));
        QByteArray bytes = view.readAll();
        bytes[bytes.size() - 5] = bytes[bytes.size() - 5] == '1' ? '2' : '1';
        QVERIFY(view.seek(0) && view.write(bytes) == bytes.size());
        view.close();
        const CliRun tampered = audit({QStringLiteral("verify"), secondDir, QStringLiteral("--center-key"), centerKey});
        EXPECT_EXIT(tampered, 1);
        QVERIFY2(tampered.out.contains(QStringLiteral("manifest.hash-mismatch\tviews/payments.csv")) &&
                     tampered.out.contains(QStringLiteral("csv.mismatch\tviews/payments.csv")) &&
                     tampered.out.contains(QStringLiteral("NOT CLEAN")),
                 qPrintable(tampered.out));
        const CliRun stranger = audit({QStringLiteral("verify"), firstDir, QStringLiteral("--center-key"),
                                       QString::fromLatin1(DeviceKey::generate().publicKey().toBase64())});
        EXPECT_EXIT(stranger, 1);
        QVERIFY(stranger.out.contains(QStringLiteral("export.center-key")));

        // Bad input, in words.
        const CliRun noDay = center({QStringLiteral("audit-export"), freshPath(QStringLiteral("x"))});
        EXPECT_EXIT(noDay, ExitUsage);
        const CliRun backwards =
            center({QStringLiteral("audit-export"), QStringLiteral("--from"), day, QStringLiteral("--to"),
                    QStringLiteral("2020-01-01"), freshPath(QStringLiteral("y"))});
        EXPECT_EXIT(backwards, ExitUsage);
        const CliRun exists = center(exportArgs + QStringList{firstDir});
        EXPECT_EXIT(exists, ExitFailed);
        EXPECT_ERR(exists, QStringLiteral("error [audit-export.exists]"));
        const CliRun decade =
            center({QStringLiteral("audit-export"), QStringLiteral("--from"), QStringLiteral("2000-01-01"),
                    QStringLiteral("--to"), day, freshPath(QStringLiteral("z"))});
        EXPECT_EXIT(decade, ExitFailed);
        EXPECT_ERR(decade, QStringLiteral("error [audit.period]"));
        EXPECT_EXIT(audit({QStringLiteral("verify")}), 2);
        EXPECT_EXIT(audit({QStringLiteral("verify"), firstDir, QStringLiteral("--center-key"), QStringLiteral("abc")}),
                    2);
        EXPECT_EXIT(audit({QStringLiteral("verify"), firstDir, QStringLiteral("--threads"), QStringLiteral("0")}), 2);
        const CliRun nothing = audit({QStringLiteral("verify"), freshPath(QStringLiteral("none"))});
        EXPECT_EXIT(nothing, 1);
        QVERIFY(nothing.out.startsWith(QStringLiteral("export.missing")));
    }

    // Issue 19: a receipt's signed QR code, checked at the center against the journal it holds
    // and offline by the auditor against the keys the center hands out.
    void receiptsVerifyAtTheCenterAndOffline()
    {
        QVERIFY(importExtract());
        QTemporaryDir deviceDir;
        const QString exportFile = deviceDir.filePath(QStringLiteral("hh-r.export"));
        std::unique_ptr<DeviceKey> key;
        QList<JournalEntry> entries;
        {
            auto c = openCenter(m_url);
            QVERIFY(c.ok());
            auto device = enrolDevice(*c.value().store, deviceDir.path(), QStringLiteral("hh-r"), QStringLiteral("R1"));
            QVERIFY(device.ok());
            Journal &journal = *device.value().journal;
            QVERIFY(
                journal.append(EntryKind::Payment, toCbor(payment(1, 3)), dayStart(), QStringLiteral("C001"), 0).ok());
            QVERIFY(
                journal.append(EntryKind::Payment, toCbor(payment(1, 4)), dayStart() + 1000, QStringLiteral("C001"), 0)
                    .ok());
            QVERIFY(journal
                        .append(EntryKind::Void, toCbor(VoidRecord{2, QStringLiteral("typo"), QStringLiteral("S001")}),
                                dayStart() + 2000, QStringLiteral("C001"), 0)
                        .ok());
            journal.forEach(1, 3, [&](const JournalEntry &e) {
                entries.append(e);
                return true;
            });
            QVERIFY(SyncClient::exportJournal(journal, *device.value().key, exportFile).ok());
            key = std::move(device.value().key);
        }
        EXPECT_EXIT(center({QStringLiteral("import-journal"), exportFile}), ExitOk);
        const qint64 fen = BillFen;
        const auto code = [&](ReceiptCode::Kind kind, const DeviceKey &k, qint64 seq, qint64 time, qint64 amount) {
            return ReceiptCode::sign(
                       kind, k, seq, time,
                       seq == 2 || kind == ReceiptCode::Kind::Void ? accountNumber(1, 4) : accountNumber(1, 3), amount)
                .text(QStringLiteral("https://pay.example/r"));
        };
        const QString paid = code(ReceiptCode::Kind::Payment, *key, 1, entries.at(0).timeMs, fen);
        const auto verify = [&](const QString &text) { return center({QStringLiteral("verify-receipt"), text}); };

        const CliRun recorded = verify(paid);
        EXPECT_EXIT(recorded, ExitOk);
        QVERIFY2(recorded.out.startsWith(QStringLiteral("recorded\tGenuine receipt of 123.45 from terminal hh-r")),
                 qPrintable(recorded.out));
        const CliRun voided = verify(code(ReceiptCode::Kind::Payment, *key, 2, entries.at(1).timeMs, fen));
        EXPECT_EXIT(voided, ExitOk);
        QVERIFY2(voided.out.startsWith(QStringLiteral("voided\tVOIDED")) && voided.out.contains(QStringLiteral("S001")),
                 qPrintable(voided.out));
        const CliRun slip = verify(code(ReceiptCode::Kind::Void, *key, 3, entries.at(2).timeMs, fen));
        EXPECT_EXIT(slip, ExitOk);
        QVERIFY2(slip.out.startsWith(QStringLiteral("recorded\tGenuine void slip")), qPrintable(slip.out));
        const CliRun ahead = verify(code(ReceiptCode::Kind::Payment, *key, 9, entries.at(0).timeMs, fen));
        EXPECT_EXIT(ahead, ExitOk);
        QVERIFY2(ahead.out.startsWith(QStringLiteral("not-yet-synced\t")), qPrintable(ahead.out));
        const DeviceKey stranger = DeviceKey::generate();
        const CliRun forged = verify(code(ReceiptCode::Kind::Payment, stranger, 1, entries.at(0).timeMs, fen));
        EXPECT_EXIT(forged, ExitFailed);
        QVERIFY2(forged.out.startsWith(QStringLiteral("forged\tFORGED")), qPrintable(forged.out));
        const CliRun rubbish = verify(QStringLiteral("hello"));
        EXPECT_EXIT(rubbish, ExitFailed);
        EXPECT_ERR(rubbish, QStringLiteral("error [receipt-code.malformed]"));
        // Signed by the terminal, yet not what its journal says: an alarm, listed.
        const CliRun altered = verify(code(ReceiptCode::Kind::Payment, *key, 1, entries.at(0).timeMs, fen - 100));
        EXPECT_EXIT(altered, ExitFailed);
        QVERIFY2(altered.out.startsWith(QStringLiteral("mismatch\tALARM")), qPrintable(altered.out));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind = 'receipt-mismatch'")), 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind LIKE 'receipt-%'")), 1);

        // Offline: the auditor has the keys file and nothing else.
        const QString keys = freshPath(QStringLiteral("keys.txt"));
        const CliRun exported = center({QStringLiteral("export-keys"), keys});
        EXPECT_EXIT(exported, ExitOk);
        QCOMPARE(exported.out, QStringLiteral("1 terminal keys written to %1\n").arg(keys));
        const CliRun genuine = audit({QStringLiteral("verify-receipt"), paid, QStringLiteral("--keys"), keys});
        EXPECT_EXIT(genuine, 0);
        QVERIFY2(genuine.out.startsWith(QStringLiteral("genuine\treceipt of terminal hh-r, entry 1")),
                 qPrintable(genuine.out));
        const CliRun fake = audit({QStringLiteral("verify-receipt"),
                                   code(ReceiptCode::Kind::Payment, stranger, 1, entries.at(0).timeMs, fen),
                                   QStringLiteral("--keys"), keys});
        EXPECT_EXIT(fake, 1);
        QVERIFY(fake.out.startsWith(QStringLiteral("forged\t")));
        EXPECT_EXIT(
            audit({QStringLiteral("verify-receipt"), QStringLiteral("DS2:nonsense"), QStringLiteral("--keys"), keys}),
            2);
        EXPECT_EXIT(audit({QStringLiteral("verify-receipt"), paid}), 2);
        EXPECT_EXIT(
            audit({QStringLiteral("verify-receipt"), paid, QStringLiteral("--keys"), freshPath(QStringLiteral("no"))}),
            2);
        EXPECT_EXIT(audit({QStringLiteral("audit-everything")}), 2);
        // Revoked: what it signed before stays genuine; a code dated after the revocation does not.
        const CliRun revoked = center({QStringLiteral("revoke"), QStringLiteral("--device"), QStringLiteral("hh-r")});
        EXPECT_EXIT(revoked, ExitOk);
        EXPECT_EXIT(center({QStringLiteral("export-keys"), keys}), ExitOk);
        EXPECT_EXIT(audit({QStringLiteral("verify-receipt"), paid, QStringLiteral("--keys"), keys}), 0);
        const CliRun late =
            audit({QStringLiteral("verify-receipt"),
                   code(ReceiptCode::Kind::Payment, *key, 4, QDateTime::currentMSecsSinceEpoch() + 60'000, fen),
                   QStringLiteral("--keys"), keys});
        EXPECT_EXIT(late, 1);
        QVERIFY2(late.out.contains(QStringLiteral("SIGNED AFTER THE KEY WAS REVOKED")), qPrintable(late.out));

        // The entry gone from the center although the terminal synced past it: the suppression alarm.
        {
            auto c = openCenter(m_url);
            QVERIFY(c.ok());
            QVERIFY(c.value()
                        .db->exec(QStringLiteral("DELETE FROM journal_entries WHERE device_id = 'hh-r' AND seq = 1"))
                        .ok());
        }
        const CliRun missing = verify(paid);
        EXPECT_EXIT(missing, ExitFailed);
        QVERIFY2(missing.out.startsWith(QStringLiteral("missing\tALARM")), qPrintable(missing.out));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind = 'receipt-missing'")), 1);
    }

    // Issue 14, point 7: a snapshot that would empty the routes, and text no device should show.
    void importRefusesShrinkAndHostileText()
    {
        QVERIFY(importExtract());
        const QString activeAccounts = QStringLiteral("SELECT COUNT(*) FROM accounts WHERE active = 1");
        const QString openBills = QStringLiteral("SELECT COUNT(*) FROM bills WHERE active = 1");
        QCOMPARE(count(activeAccounts), 10);
        QCOMPARE(count(openBills), 10);
        const QString dir = freshPath(QStringLiteral("hostile"));
        QVERIFY(QDir().mkpath(dir));
        const Extract x = writeExtract(dir, 2, 5);
        const QString headerOnlyAccounts = dir + QStringLiteral("/accounts-empty.csv");
        const QString headerOnlyBills = dir + QStringLiteral("/bills-empty.csv");
        QVERIFY(
            writeFile(headerOnlyAccounts, "number,route,name,address,village,walk_order,meter,class,phone,prepaid\n"));
        QVERIFY(writeFile(headerOnlyBills, "id,account,period,amount,due_date,paid\n"));
        const CliRun emptied = center({QStringLiteral("import"), headerOnlyAccounts, headerOnlyBills, x.policy});
        EXPECT_EXIT(emptied, ExitFailed);
        EXPECT_ERR(emptied, QStringLiteral("error [import.shrink]"));
        EXPECT_ERR(emptied, QStringLiteral("--allow-shrink"));
        QCOMPARE(count(activeAccounts), 10);
        QCOMPARE(count(openBills), 10);

        // Hostile text in one account's name: refused, nothing changed.
        const QByteArray accounts = readFile(x.accounts);
        const QByteArray firstName = "Customer 0";
        QVERIFY2(accounts.contains(firstName), accounts.left(200).constData());
        const QList<QPair<const char *, QByteArray>> names{
            {"NUL", QByteArray("Wang\0Wei", 8)},
            {"bidi override", QStringLiteral("Wang \u202Egnaw").toUtf8()},
            {"isolate", QStringLiteral("Wang \u2066x\u2069").toUtf8()},
            {"60 KB", QByteArray(60 * 1024, 'w')}};
        for (const auto &[what, name] : names) {
            QByteArray edited = accounts;
            edited.replace(firstName, name);
            const QString path = dir + QStringLiteral("/accounts-%1.csv").arg(QString::fromLatin1(what).left(3));
            QVERIFY(writeFile(path, edited));
            const CliRun refused = center({QStringLiteral("import"), path, x.bills, x.policy});
            QVERIFY2(refused.finished && refused.exitCode == ExitFailed,
                     qPrintable(QString::fromLatin1(what) + refused.describe()));
            EXPECT_ERR(refused, QStringLiteral("error [import.field]"));
            QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM accounts WHERE name LIKE 'Wang%' OR name LIKE 'www%'")),
                     0);
        }
        // A PIN hash too cheap to protect a PIN on a lost handheld.
        const QString weak = dir + QStringLiteral("/collectors-weak.csv");
        QVERIFY(writeFile(weak, "id,name,role,pin_hash,route,active\nC009,Weak,collector,"
                                "pbkdf2-sha256$10$AAECAwQFBgcICQoLDA0ODw==$"
                                "hdqJm5mLWbCO0Uw/jpVW0QJQAgZLbTYOjkTs67KHQ20=,,1\n"));
        const CliRun weakRun = center({QStringLiteral("import"), x.accounts, x.bills, x.policy, weak});
        EXPECT_EXIT(weakRun, ExitFailed);
        EXPECT_ERR(weakRun, QStringLiteral("pin_hash"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM collectors WHERE id = 'C009'")), 0);

        // Said in so many words, the shrink goes through.
        const CliRun allowed = center({QStringLiteral("import"), headerOnlyAccounts, headerOnlyBills, x.policy,
                                       QStringLiteral("--allow-shrink")});
        EXPECT_EXIT(allowed, ExitOk);
        QCOMPARE(count(activeAccounts), 0);
    }

    // Issue 14, point 8: what devices write reaches the billing system's spreadsheet as text.
    void csvNeutralisesFormulas()
    {
        QVERIFY(importExtract());
        const CliRun badRoute =
            center({QStringLiteral("enrol-code"), QStringLiteral("--device"), QStringLiteral("hh-07"),
                    QStringLiteral("--route"), QStringLiteral("=cmd|' /C calc'!A0")});
        EXPECT_EXIT(badRoute, ExitFailed);
        EXPECT_ERR(badRoute, QStringLiteral("error [enrol.bad-route]"));

        QTemporaryDir deviceDir;
        const QString exportFile = deviceDir.path() + QStringLiteral("/hh-01.export");
        const QString hyperlink = QStringLiteral("=HYPERLINK(\"http://evil.example/\",\"click\")");
        const QString atSum = QStringLiteral("@SUM(1+1)*cmd|' /C calc'!A0");
        {
            auto c = openCenter(m_url);
            QVERIFY(c.ok());
            auto device =
                enrolDevice(*c.value().store, deviceDir.path(), QStringLiteral("hh-01"), QStringLiteral("R1"));
            QVERIFY(device.ok());
            Journal &journal = *device.value().journal;
            const qint64 t = dayStart();
            auto opened = journal.append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(100)}), t,
                                         QStringLiteral("C001"), 0);
            QVERIFY(opened.ok());
            PaymentRecord p = payment(1, 0, 0, PaymentMethod::BankCard);
            p.reference = hyperlink;
            QVERIFY(journal.append(EntryKind::Payment, toCbor(p), t + 1000, QStringLiteral("C001"), opened.value().seq)
                        .ok());
            VisitRecord v{accountNumber(1, 1), VisitOutcome::Note, QDate(), atSum};
            QVERIFY(
                journal.append(EntryKind::Visit, toCbor(v), t + 2000, QStringLiteral("C001"), opened.value().seq).ok());
            QVERIFY(SyncClient::exportJournal(journal, *device.value().key, exportFile).ok());
        }
        EXPECT_EXIT(center({QStringLiteral("import-journal"), exportFile}), ExitOk);
        const QString exported = freshPath(QStringLiteral("payments.csv"));
        EXPECT_EXIT(center({QStringLiteral("export"), exported}), ExitOk);
        QCOMPARE(QFile::permissions(exported) & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                                 QFileDevice::WriteGroup | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        const QString csv = QString::fromUtf8(readFile(exported));
        // Each field as a spreadsheet reads it, quotes undone: none starts a formula.
        static const QRegularExpression field(QStringLiteral("(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,\\r\\n]*)"));
        int fields = 0;
        for (const QString &line : csv.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts)) {
            for (auto it = field.globalMatch(line); it.hasNext();) {
                QString f = it.next().captured(1);
                if (f.startsWith(QLatin1Char('"')))
                    f = f.mid(1, f.size() - 2).replace(QStringLiteral("\"\""), QStringLiteral("\""));
                ++fields;
                QVERIFY2(f.isEmpty() || !QStringLiteral("=+@\t\r").contains(f.front()), qPrintable(line));
            }
        }
        QVERIFY(fields > 20);
        QVERIFY2(csv.contains(QStringLiteral("'") + hyperlink.left(10)), qPrintable(csv));
        QVERIFY2(csv.contains(QStringLiteral("'@SUM(1+1)")), qPrintable(csv));
    }

    // Issue 14, point 9: no clear text beyond loopback unless asked for; dates exactly as written.
    void transportAndDates()
    {
        QVERIFY(importExtract());
        const CliRun exposed =
            center({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0")});
        EXPECT_EXIT(exposed, ExitUsage);
        EXPECT_ERR(exposed, QStringLiteral("--insecure-http"));
        for (const QString &cap : {QStringLiteral("--max-entry"), QStringLiteral("--max-day")}) {
            const CliRun badCap = center({QStringLiteral("serve"), QStringLiteral("--listen"),
                                          QStringLiteral("127.0.0.1:0"), cap, QStringLiteral("-5")});
            EXPECT_EXIT(badCap, ExitUsage);
            EXPECT_ERR(badCap, cap);
        }
        QProcess server;
        server.start(Executable, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0"),
                                  QStringLiteral("--insecure-http"), QStringLiteral("--db"), m_url});
        QVERIFY(server.waitForStarted());
        const auto stop = qScopeGuard([&server] {
            server.terminate();
            if (!server.waitForFinished(10'000))
                server.kill();
        });
        QVERIFY2(firstLine(server).startsWith("listening on 0.0.0.0:"), server.readAllStandardError().constData());

        for (const QString &junk : {QStringLiteral("2026-11-02' OR '1'='1"), QStringLiteral("2026-11-02x"),
                                    QStringLiteral(" 2026-11-02"), QStringLiteral("2026-11-2")}) {
            const CliRun totals =
                center({QStringLiteral("report"), QStringLiteral("totals"), QStringLiteral("--day"), junk});
            EXPECT_EXIT(totals, ExitUsage);
            const CliRun exceptions =
                center({QStringLiteral("report"), QStringLiteral("exceptions"), QStringLiteral("--from"),
                        QStringLiteral("2026-11-01"), QStringLiteral("--to"), junk});
            EXPECT_EXIT(exceptions, ExitUsage);
        }
        EXPECT_EXIT(center({QStringLiteral("report"), QStringLiteral("totals"), QStringLiteral("--day"),
                            QStringLiteral("2026-11-02")}),
                    ExitOk);
    }

    void supervisorToken()
    {
        const QString tokensSql = QStringLiteral("SELECT COUNT(*) FROM supervisor_tokens");
        const CliRun token =
            center({QStringLiteral("supervisor-token"), QStringLiteral("--name"), QStringLiteral("Li Na")});
        EXPECT_EXIT(token, ExitOk);
        static const QRegularExpression tokenLine(QStringLiteral("^[0-9A-Z]{32}\n$"));
        QVERIFY2(tokenLine.match(token.out).hasMatch(), qPrintable(token.out));
        QCOMPARE(count(tokensSql), 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM supervisor_tokens WHERE name = 'Li Na'")), 1);

        const CliRun nameless = center({QStringLiteral("supervisor-token")});
        EXPECT_EXIT(nameless, ExitUsage);
        EXPECT_ERR(nameless, QStringLiteral("supervisor-token needs --name NAME."));
        QVERIFY(nameless.out.isEmpty());
        QCOMPARE(count(tokensSql), 1);
    }

    void exposureLimits()
    {
        const QString rulesSql = QStringLiteral("SELECT COUNT(*) FROM exposure_rules");
        const CliRun none = center({QStringLiteral("limits")});
        EXPECT_EXIT(none, ExitOk);
        QVERIFY(none.out.isEmpty());
        const CliRun everyone = center({QStringLiteral("limits"), QStringLiteral("max-cash-in-hand=5000"),
                                        QStringLiteral("max-unsynced-entries=500")});
        EXPECT_EXIT(everyone, ExitOk);
        const CliRun route = center({QStringLiteral("limits"), QStringLiteral("--route"), QStringLiteral("R1"),
                                     QStringLiteral("max-cash-in-hand=3000")});
        EXPECT_EXIT(route, ExitOk);
        const CliRun collector = center({QStringLiteral("limits"), QStringLiteral("--collector"),
                                         QStringLiteral("C001"), QStringLiteral("max-hours-since-sync=24")});
        EXPECT_EXIT(collector, ExitOk);
        // Each run lists them all, widest scope first.
        QCOMPARE(collector.out, QStringLiteral("all\t\tmax-cash-in-hand\t5000\n"
                                               "all\t\tmax-unsynced-entries\t500\n"
                                               "route\tR1\tmax-cash-in-hand\t3000\n"
                                               "collector\tC001\tmax-hours-since-sync\t24\n"));
        QCOMPARE(count(rulesSql), 4);

        // Refused in words, nothing stored.
        const QList<std::pair<QStringList, QString>> refused = {
            {{QStringLiteral("limits"), QStringLiteral("max-bags=1")}, QStringLiteral("max-bags")},
            {{QStringLiteral("limits"), QStringLiteral("max-cash-in-hand=lots")}, QStringLiteral("max-cash-in-hand")},
            {{QStringLiteral("limits"), QStringLiteral("max-cash-in-hand")}, QStringLiteral("key=value")},
            {{QStringLiteral("limits"), QStringLiteral("=5")}, QStringLiteral("key=value")},
            {{QStringLiteral("limits"), QStringLiteral("--route"), QStringLiteral("R1"), QStringLiteral("--collector"),
              QStringLiteral("C001"), QStringLiteral("max-cash-in-hand=1")},
             QStringLiteral("not both")},
        };
        for (const auto &[args, words] : refused) {
            const CliRun run = center(args);
            QVERIFY2(run.exitCode == ExitUsage || run.exitCode == ExitFailed, qPrintable(run.err));
            QVERIFY2(run.err.contains(words), qPrintable(run.err));
            QVERIFY(run.out.isEmpty());
        }
        QCOMPARE(count(rulesSql), 4);
    }
};

QTEST_GUILESS_MAIN(TestCenterCli)
#include "tst_centercli.moc"
