#include <QBuffer>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sys/resource.h>

#include "centerimport.h"
#include "centerreports.h"
#include "centerserver.h"
#include "pgtestserver.h"
#include "syncclient.h"
#include "synctestkit.h"

using namespace SyncTestKit;

/**
 * Many devices at once against one center on loopback: every device's journal arrives whole,
 * once, and the center's totals equal the sum of the devices'. The number of devices is
 * DOORSTEP_LOAD_DEVICES (default 200); the clients share one worker thread, the center runs on
 * the test's thread, as doorstep-center does.
 */
class TestSyncLoad : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { CenterTestDb::addBackendRows(); }

    void initTestCase()
    {
        // Each device holds a journal file and a socket open; make room for them.
        rlimit limit{};
        if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
            limit.rlim_cur = limit.rlim_max;
            ::setrlimit(RLIMIT_NOFILE, &limit);
        }
    }

    void manyDevicesAtOnce()
    {
        QFETCH_GLOBAL(QString, backend);
        const int devices = qEnvironmentVariableIsSet("DOORSTEP_LOAD_DEVICES")
                                ? qEnvironmentVariableIntValue("DOORSTEP_LOAD_DEVICES")
                                : 200;
        QTemporaryDir dir;
        auto url = CenterTestDb::freshUrl(backend, dir.path(), QStringLiteral("load"));
        QVERIFY(url.ok());
        auto center = openCenter(url.value());
        QVERIFY(center.ok());
        const Extract x = writeExtract(dir.path(), 4, 10);
        QVERIFY(CenterImport(*center.value().store).run(x.accounts, x.bills, x.policy, x.collectors).ok());
        QBuffer log;
        QVERIFY(log.open(QIODevice::ReadWrite));
        CenterServerConfig config;
        config.log = &log;
        config.zone = QTimeZone::utc();
        // Every device of this test comes from 127.0.0.1: lift the per-address caps.
        config.limits.maxConnectionsPerAddress = config.limits.maxConnections;
        config.limits.requestsPerSecondPerAddress = 1'000'000;
        config.limits.requestBurstPerAddress = 1'000'000;
        CenterServer server(*center.value().db, config);
        QVERIFY(server.start().ok());

        std::vector<Device> enrolled;
        DayTotals expected;
        qint64 expectedEntries = 0;
        for (int i = 0; i < devices; ++i) {
            const int route = 1 + i % 4;
            auto d = enrolDevice(*center.value().store, dir.path(), QStringLiteral("load-%1").arg(i),
                                 QStringLiteral("R%1").arg(route));
            QVERIFY(d.ok());
            auto day = simulateDay(*d.value().journal, route, 3, dayStart(), QStringLiteral("C%1").arg(i));
            QVERIFY(day.ok());
            expected.payments += day.value().payments;
            expected.amount += day.value().amount;
            expectedEntries += d.value().journal->lastSeq();
            d.value().journal->close();
            enrolled.push_back(std::move(d).value());
        }

        QThread worker;
        worker.start();
        const auto stop = qScopeGuard([&worker] {
            worker.quit();
            worker.wait();
        });
        QList<SyncClient *> clients;
        for (const Device &d : enrolled) {
            SyncClientConfig c = clientConfig(d, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())));
            c.backoffMaxMs = 1000;
            c.transferTimeoutMs = 20'000;
            c.periodicMs = SyncClientConfig{}.periodicMs;
            auto *client = new SyncClient(c);
            client->moveToThread(&worker);
            connect(&worker, &QThread::finished, client, &QObject::deleteLater);
            clients.append(client);
        }
        for (SyncClient *client : clients)
            QMetaObject::invokeMethod(client, &SyncClient::start);

        auto allDone = [&] {
            for (SyncClient *client : clients) {
                const SyncStatus s = client->status();
                if (s.acknowledged == 0 || s.pending > 0 || s.localHead == 0)
                    return false;
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allDone(), 120'000);

        const CenterDatabase &db = *center.value().db;
        QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries")).value().toLongLong(),
                 expectedEntries);
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT COUNT(DISTINCT device_id) FROM journal_entries")).value().toLongLong(),
            devices);
        auto totals = CenterReports(db, QTimeZone::utc()).totals(QDate(2026, 11, 2));
        QVERIFY(totals.ok());
        QCOMPARE(totals.value().first().count, expected.payments);
        QCOMPARE(totals.value().first().amount, expected.amount);
        QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM refusals")).value().toLongLong(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSyncLoad)
#include "tst_syncload.moc"
