// A center whose PostgreSQL primary dies mid-ingest: Debian's PostgreSQL 15 as a primary and a
// synchronous standby (streaming replication) on loopback, a doorstep-center connected through
// libpq's multi-host URL with target_session_attrs=read-write, devices uploading in small
// batches. The primary is killed (SIGKILL), the standby promoted, a new standby made from it;
// devices resend. Every batch the center acknowledged before a death is on the new primary, and
// in the end every entry is stored once, the books to the fen.
// Failovers: DOORSTEP_FAILOVERS (default 2; the slow suite runs 20).
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <unistd.h>
#include <vector>

#include "centerimport.h"
#include "syncclient.h"
#include "synctestkit.h"

using namespace SyncTestKit;

namespace {

const QString CenterProgram = QStringLiteral(DOORSTEP_CENTER_EXECUTABLE);
const QString PgBin = QStringLiteral("/usr/lib/postgresql/15/bin/");

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

/// A PostgreSQL program as the "postgres" user when the test runs as root (PostgreSQL refuses root).
Result<QByteArray> pg(const QString &program, const QStringList &args, int timeoutMs = 120'000)
{
    QProcess p;
    if (::geteuid() == 0)
        p.start(QStringLiteral("runuser"),
                QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), PgBin + program} +
                    args);
    else
        p.start(PgBin + program, args);
    if (!p.waitForStarted(10'000) || !p.waitForFinished(timeoutMs) || p.exitStatus() != QProcess::NormalExit ||
        p.exitCode() != 0) {
        p.kill();
        p.waitForFinished(5000);
        return Error{QStringLiteral("test.postgres"),
                     QStringLiteral("%1 %2: %3")
                         .arg(program, args.join(u' '), QString::fromLocal8Bit(p.readAllStandardError()))};
    }
    return p.readAllStandardOutput();
}

/// One PostgreSQL server of the pair: its data directory and port.
struct Node
{
    QString data;
    quint16 port = 0;
};

class Pair
{
public:
    explicit Pair(const QString &dir)
        : m_dir(dir)
    {
    }

    [[nodiscard]] Status startPrimary()
    {
        Node n{m_dir + QStringLiteral("/n%1").arg(m_made++), freePort()};
        if (auto r = pg(QStringLiteral("initdb"),
                        {QStringLiteral("-D"), n.data, QStringLiteral("-U"), QStringLiteral("doorstep"),
                         QStringLiteral("--auth=trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                         QStringLiteral("--locale=C"), QStringLiteral("--no-sync")});
            !r.ok())
            return r.error();
        if (auto s = start(n); !s.ok())
            return s;
        primary = n;
        return psql(primary, QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE center")).ok()
                   ? success()
                   : Status(Error{QStringLiteral("test.postgres"), QStringLiteral("CREATE DATABASE failed")});
    }

    /// A standby copied from the primary (on `port`, or a new one), then made synchronous.
    [[nodiscard]] Status addStandby(quint16 port = 0)
    {
        Node n{m_dir + QStringLiteral("/n%1").arg(m_made++), port ? port : freePort()};
        if (auto r = pg(QStringLiteral("pg_basebackup"),
                        {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                         QString::number(primary.port), QStringLiteral("-U"), QStringLiteral("doorstep"),
                         QStringLiteral("-D"), n.data, QStringLiteral("-R"), QStringLiteral("-X"),
                         QStringLiteral("stream"), QStringLiteral("--no-sync"), QStringLiteral("--checkpoint=fast")});
            !r.ok())
            return r.error();
        if (auto s = start(n); !s.ok())
            return s;
        standby = n;
        if (auto r = psql(primary, QStringLiteral("postgres"),
                          QStringLiteral("ALTER SYSTEM SET synchronous_standby_names = '*'"));
            !r.ok())
            return r.error();
        if (auto r = psql(primary, QStringLiteral("postgres"), QStringLiteral("SELECT pg_reload_conf()")); !r.ok())
            return r.error();
        QElapsedTimer waited;
        waited.start();
        while (!waited.hasExpired(60'000)) {
            auto state =
                psql(primary, QStringLiteral("postgres"), QStringLiteral("SELECT sync_state FROM pg_stat_replication"));
            if (state.ok() && state.value().trimmed() == "sync")
                return success();
            QTest::qWait(100);
        }
        return Error{QStringLiteral("test.postgres"), QStringLiteral("the standby never became synchronous")};
    }

    /// SIGKILL to the primary's postmaster, as a machine that dies takes it.
    [[nodiscard]] qint64 killPrimary()
    {
        QFile pid(primary.data + QStringLiteral("/postmaster.pid"));
        if (!pid.open(QIODevice::ReadOnly))
            return 0;
        const qint64 n = pid.readLine().trimmed().toLongLong();
        if (n > 0)
            ::kill(pid_t(n), SIGKILL);
        return n;
    }

    /// The standby becomes the primary, committing alone until a new standby is in sync.
    [[nodiscard]] Status promote()
    {
        if (auto r = pg(QStringLiteral("pg_ctl"),
                        {QStringLiteral("-D"), standby.data, QStringLiteral("-w"), QStringLiteral("promote")});
            !r.ok())
            return r.error();
        const Node dead = primary;
        primary = standby;
        standby = dead;
        if (auto r = psql(primary, QStringLiteral("postgres"),
                          QStringLiteral("ALTER SYSTEM SET synchronous_standby_names = ''"));
            !r.ok())
            return r.error();
        return psql(primary, QStringLiteral("postgres"), QStringLiteral("SELECT pg_reload_conf()")).ok()
                   ? success()
                   : Status(Error{QStringLiteral("test.postgres"), QStringLiteral("reload failed")});
    }

    void stopAll()
    {
        for (const Node &n : {primary, standby}) {
            if (!n.data.isEmpty())
                (void)pg(QStringLiteral("pg_ctl"), {QStringLiteral("-D"), n.data, QStringLiteral("-m"),
                                                    QStringLiteral("immediate"), QStringLiteral("stop")});
        }
    }

    [[nodiscard]] Result<QByteArray> psql(const Node &n, const QString &db, const QString &sql) const
    {
        return pg(QStringLiteral("psql"),
                  {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"), QStringLiteral("-t"),
                   QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(n.port),
                   QStringLiteral("-U"), QStringLiteral("doorstep"), QStringLiteral("-d"), db, QStringLiteral("-c"),
                   sql});
    }

    /// libpq's multi-host URL over both ports, the one that takes writes first.
    [[nodiscard]] QString url() const
    {
        return QStringLiteral("postgresql://doorstep@127.0.0.1:%1,127.0.0.1:%2/center?target_session_attrs=read-write")
            .arg(primary.port)
            .arg(standby.port);
    }

    Node primary;
    Node standby;

private:
    [[nodiscard]] Status start(const Node &n)
    {
        const QString options =
            QStringLiteral("-k %1 -p %2 -c listen_addresses=127.0.0.1 -c wal_level=replica -c max_wal_senders=10 "
                           "-c wal_keep_size=256MB -c hot_standby=on -c synchronous_commit=on -c fsync=off "
                           "-c max_connections=100")
                .arg(m_dir)
                .arg(n.port);
        // The dead primary's port is taken again: its orphaned processes may hold it a moment.
        Result<QByteArray> r = Error{};
        for (int attempt = 0; attempt < 20 && !r.ok(); ++attempt) {
            if (attempt > 0)
                QTest::qWait(500);
            r = pg(QStringLiteral("pg_ctl"),
                   {QStringLiteral("-D"), n.data, QStringLiteral("-l"), n.data + QStringLiteral(".log"),
                    QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"), options,
                    QStringLiteral("start")});
        }
        if (r.ok())
            return success();
        QFile log(n.data + QStringLiteral(".log"));
        (void)log.open(QIODevice::ReadOnly);
        return Error{r.error().code, r.error().message + QString::fromUtf8(log.readAll().right(800))};
    }

    QString m_dir;
    int m_made = 0;
};

/// SELECT device_id, COUNT(*), MAX(seq) … as "device count max" lines.
QMap<QString, QPair<qint64, qint64>> storedByDevice(const Pair &pair)
{
    QMap<QString, QPair<qint64, qint64>> out;
    auto r = pair.psql(pair.primary, QStringLiteral("center"),
                       QStringLiteral("SELECT device_id || ' ' || COUNT(*) || ' ' || MAX(seq) FROM journal_entries "
                                      "GROUP BY device_id"));
    if (!r.ok())
        return out;
    for (const QByteArray &line : r.value().split('\n')) {
        const QList<QByteArray> parts = line.trimmed().split(' ');
        if (parts.size() == 3)
            out.insert(QString::fromUtf8(parts[0]), {parts[1].toLongLong(), parts[2].toLongLong()});
    }
    return out;
}

} // namespace

class TestCenterFailover : public QObject
{
    Q_OBJECT

private slots:
    void acknowledgedBatchesSurviveThePrimarysDeath()
    {
        const int failovers = qEnvironmentVariableIntValue("DOORSTEP_FAILOVERS") > 0
                                  ? qEnvironmentVariableIntValue("DOORSTEP_FAILOVERS")
                                  : 2;
        QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/doorstep-failover-XXXXXX"));
        QVERIFY(dir.isValid());
        if (::geteuid() == 0) {
            QProcess chown;
            chown.start(QStringLiteral("chown"), {QStringLiteral("postgres:postgres"), dir.path()});
            QVERIFY(chown.waitForFinished(10'000) && chown.exitCode() == 0);
        }
        const QString pgDir = dir.path();
        Pair pair(pgDir);
        const auto cleanup = qScopeGuard([&pair] { pair.stopAll(); });
        auto started = pair.startPrimary();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
        auto standby = pair.addStandby();
        QVERIFY2(standby.ok(), qPrintable(standby.ok() ? QString() : standby.error().message));

        // The books, the devices and their journals, made before the center serves.
        QTemporaryDir work;
        std::vector<Device> devices;
        qint64 expectedEntries = 0;
        qint64 expectedPayments = 0;
        auto opened = openCenter(pair.url());
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
        Center setup = std::move(opened).value();
        const Extract x = writeExtract(work.path(), 1, 30);
        QVERIFY(CenterImport(*setup.store).run(x.accounts, x.bills, x.policy, x.collectors).ok());
        for (int d = 0; d < 4; ++d) {
            auto device = enrolDevice(*setup.store, work.path(), QStringLiteral("hh-f%1").arg(d), QStringLiteral("R1"));
            QVERIFY(device.ok());
            for (int day = 0; day < 2 + failovers / 2; ++day) {
                auto simulated = simulateDay(*device.value().journal, 1, 30, dayStart(8) + day * 86'400'000LL);
                QVERIFY(simulated.ok());
                expectedPayments += simulated.value().payments;
            }
            expectedEntries += device.value().journal->lastSeq();
            devices.push_back(std::move(device).value());
        }
        setup = Center{}; // the test's own connection closes

        QProcess center;
        center.setProcessChannelMode(QProcess::SeparateChannels);
        center.start(CenterProgram,
                     {QStringLiteral("serve"), QStringLiteral("--db"), pair.url(), QStringLiteral("--listen"),
                      QStringLiteral("127.0.0.1:0"), QStringLiteral("--time-zone"), QStringLiteral("UTC")});
        QVERIFY(center.waitForReadyRead(20'000));
        static const QRegularExpression listening(QStringLiteral("listening on 127\\.0\\.0\\.1:([0-9]+)"));
        const auto m = listening.match(QString::fromUtf8(center.readAllStandardOutput()));
        QVERIFY2(m.hasMatch(), center.readAllStandardError().constData());
        const quint16 port = quint16(m.captured(1).toUInt());

        std::vector<std::unique_ptr<SyncClient>> clients;
        for (const Device &d : devices) {
            SyncClientConfig c;
            c.center = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
            c.deviceId = d.id;
            c.journalPath = d.journalPath;
            c.keyPath = d.keyPath;
            c.initialBatch = 2;
            c.minBatch = 1;
            c.maxBatch = 2;
            c.backoffBaseMs = 100;
            c.backoffMaxMs = 400;
            c.periodicMs = 60'000;
            clients.push_back(std::make_unique<SyncClient>(c));
        }
        const auto acknowledged = [&] {
            qint64 sum = 0;
            for (const auto &c : clients)
                sum += c->status().acknowledged;
            return sum;
        };
        for (auto &c : clients)
            c->start();

        for (int k = 1; k <= failovers; ++k) {
            // Mid-ingest: kill the primary once its share of the journals is in.
            const qint64 threshold = expectedEntries * k / (failovers + 1);
            QTRY_VERIFY_WITH_TIMEOUT(acknowledged() >= threshold, 120'000);
            QMap<QString, qint64> acked;
            for (std::size_t i = 0; i < clients.size(); ++i)
                acked.insert(devices[i].id, clients[i]->status().acknowledged);
            const qint64 ackedSum = acknowledged();
            QElapsedTimer sinceDeath;
            QVERIFY(pair.killPrimary() > 0);
            sinceDeath.start();
            auto promoted = pair.promote();
            QVERIFY2(promoted.ok(), qPrintable(promoted.ok() ? QString() : promoted.error().message));
            // Every batch acknowledged before the death is on the new primary, without a gap.
            const auto stored = storedByDevice(pair);
            for (auto it = acked.cbegin(); it != acked.cend(); ++it) {
                const auto [count, max] = stored.value(it.key());
                QVERIFY2(count >= it.value() && count == max,
                         qPrintable(QStringLiteral("failover %1: %2 acknowledged %3, the new primary holds %4 (max %5)")
                                        .arg(k)
                                        .arg(it.key())
                                        .arg(it.value())
                                        .arg(count)
                                        .arg(max)));
            }
            // The devices carry on through the same center, which found the new primary.
            QTRY_VERIFY_WITH_TIMEOUT(acknowledged() > ackedSum || acknowledged() == expectedEntries, 60'000);
            qInfo("failover %d: the first batch acknowledged %.2f s after the primary's death", k,
                  double(sinceDeath.elapsed()) / 1000.0);
            // A new standby takes the dead primary's port, so the center's URL stays right.
            auto again = pair.addStandby(pair.standby.port);
            QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().message));
        }
        QTRY_COMPARE_WITH_TIMEOUT(acknowledged(), expectedEntries, 180'000);
        clients.clear();

        auto total =
            pair.psql(pair.primary, QStringLiteral("center"), QStringLiteral("SELECT COUNT(*) FROM journal_entries"));
        QVERIFY(total.ok());
        QCOMPARE(total.value().trimmed().toLongLong(), expectedEntries);
        // The books catch up from the stored journal: every payment once.
        const auto payments = [&pair] {
            auto r = pair.psql(pair.primary, QStringLiteral("center"),
                               QStringLiteral("SELECT COUNT(*) FROM ledger_payments WHERE voided_by_seq IS NULL"));
            return r.ok() ? r.value().trimmed().toLongLong() : -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(payments(), expectedPayments, 30'000);
        center.terminate();
        QVERIFY(center.waitForFinished(10'000));
        const QByteArray log = center.readAllStandardError();
        QVERIFY2(log.contains("connected again to postgresql://doorstep@127.0.0.1:"), log.right(2000).constData());
    }
};

QTEST_GUILESS_MAIN(TestCenterFailover)
#include "tst_centerfailover.moc"
