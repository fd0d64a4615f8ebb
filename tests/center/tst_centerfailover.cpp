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
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <unistd.h>
#include <vector>

#include "centerimport.h"
#include "pgpair.h"
#include "syncclient.h"
#include "synctestkit.h"

using namespace SyncTestKit;
using namespace PgReplication;

namespace {

const QString CenterProgram = QStringLiteral(DOORSTEP_CENTER_EXECUTABLE);
/// SELECT device_id, COUNT(*), MAX(seq) … as "device count max" lines.
QMap<QString, QPair<qint64, qint64>> storedByDevice(const PgPair &pair)
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
        QVERIFY(handToPostgres(dir.path()));
        const QString pgDir = dir.path();
        PgPair pair(pgDir);
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
        const auto serving = startServing(center, CenterProgram, serveArguments(pair.url()));
        QVERIFY2(serving.ok(), qPrintable(serving.ok() ? QString() : serving.error().message));
        const quint16 port = serving.value();

        std::vector<std::unique_ptr<SyncClient>> clients;
        for (const Device &d : devices) {
            SyncClientConfig c = clientConfig(d, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
            c.initialBatch = 2;
            c.maxBatch = 2;
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
