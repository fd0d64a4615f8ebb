// Several doorstep-center processes on one PostgreSQL behind HAProxy (Debian's, started here on
// loopback), as a county runs them: devices paying the same accounts race through different
// instances, and resend the same entries to every instance. Nothing is lost or counted twice,
// and the books agree with the devices to the fen. An SQLite database refuses a second serve.
// The number of devices is DOORSTEP_CLUSTER_DEVICES (default 8), payments each
// DOORSTEP_CLUSTER_PAYMENTS (default 16): a size argument for longer runs.
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

#include "centerimport.h"
#include "centerreports.h"
#include "pgtestserver.h"
#include "syncclient.h"
#include "synctestkit.h"
#include "testnet.h"
#include "wirecodec.h"

using namespace SyncTestKit;

namespace {

const QString CenterProgram = QStringLiteral(DOORSTEP_CENTER_EXECUTABLE);

int sizeFromEnvironment(const char *name, int fallback)
{
    const int v = qEnvironmentVariableIntValue(name);
    return v > 0 ? v : fallback;
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool accepts(quint16 port, int timeoutMs)
{
    QElapsedTimer waited;
    waited.start();
    while (!waited.hasExpired(timeoutMs)) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, port);
        if (s.waitForConnected(200))
            return true;
        QTest::qWait(50);
    }
    return false;
}

/// A running `doorstep-center serve` on a free loopback port; its standard error (JSON lines)
/// is kept for the test to read.
struct Instance
{
    std::unique_ptr<QProcess> process;
    quint16 port = 0;

    [[nodiscard]] QList<QJsonObject> requests()
    {
        QList<QJsonObject> out;
        m_err += process->readAllStandardError();
        for (const QByteArray &line : m_err.split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value(QStringLiteral("event")).toString() == QLatin1String("request"))
                out.append(o);
        }
        return out;
    }

private:
    QByteArray m_err;
};

Result<Instance> startInstance(const QString &dbUrl)
{
    Instance i;
    i.process = std::make_unique<QProcess>();
    auto port = startServing(*i.process, CenterProgram, serveArguments(dbUrl));
    if (!port.ok())
        return port.error();
    i.port = port.value();
    return i;
}

qint64 scalar(CenterDatabase &db, const QString &sql)
{
    auto v = db.scalar(sql);
    return v.ok() ? v.value().toLongLong() : -1;
}

} // namespace

class TestCenterCluster : public QObject
{
    Q_OBJECT

private slots:
    void threeInstancesBehindHaproxyLoseNothing()
    {
        const QString haproxy =
            QStandardPaths::findExecutable(QStringLiteral("haproxy"), {QStringLiteral("/usr/sbin")});
        QVERIFY2(!haproxy.isEmpty(), "haproxy is missing: deploy/install-deps installs it");
        const int deviceCount = sizeFromEnvironment("DOORSTEP_CLUSTER_DEVICES", 8);
        const int payments = sizeFromEnvironment("DOORSTEP_CLUSTER_PAYMENTS", 16);

        QTemporaryDir dir;
        auto url = PgTestServer::shared().createDatabase(QStringLiteral("cluster"));
        QVERIFY2(url.ok(), qPrintable(url.ok() ? QString() : url.error().message));
        auto opened = openCenter(url.value());
        QVERIFY(opened.ok());
        Center center = std::move(opened).value();
        // One route of few accounts: every device pays the same bills, so instances contend.
        const Extract x = writeExtract(dir.path(), 1, payments);
        QVERIFY(CenterImport(*center.store).run(x.accounts, x.bills, x.policy, x.collectors).ok());
        const qint64 prepaidBefore = scalar(*center.db, QStringLiteral("SELECT SUM(prepaid_fen) FROM accounts"));
        const qint64 paidBefore = scalar(*center.db, QStringLiteral("SELECT SUM(paid_fen) FROM bills"));

        std::vector<Device> devices;
        qint64 expectedPayments = 0;
        Money expectedAmount;
        qint64 expectedEntries = 0;
        for (int d = 0; d < deviceCount; ++d) {
            auto device = enrolDevice(*center.store, dir.path(), QStringLiteral("hh-c%1").arg(d), QStringLiteral("R1"));
            QVERIFY(device.ok());
            auto day = simulateDay(*device.value().journal, 1, payments, dayStart(8 + d % 3));
            QVERIFY(day.ok());
            expectedPayments += day.value().payments;
            expectedAmount += day.value().amount;
            expectedEntries += device.value().journal->lastSeq();
            devices.push_back(std::move(device).value());
        }

        // ---- Three centers on the one database, HAProxy in front, a request at a time to each.
        std::vector<Instance> instances;
        for (int i = 0; i < 3; ++i) {
            auto started = startInstance(url.value());
            QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
            instances.push_back(std::move(started).value());
        }
        const quint16 front = freePort();
        QVERIFY(front > 0);
        QString config = QStringLiteral("global\n  maxconn 512\n"
                                        "defaults\n  mode http\n  timeout connect 5s\n  timeout client 60s\n"
                                        "  timeout server 60s\n  option http-server-close\n"
                                        "frontend devices\n  bind 127.0.0.1:%1\n  default_backend centers\n"
                                        "backend centers\n  balance roundrobin\n")
                             .arg(front);
        for (std::size_t i = 0; i < instances.size(); ++i)
            config += QStringLiteral("  server c%1 127.0.0.1:%2\n").arg(i).arg(instances[i].port);
        const QString configPath = dir.filePath(QStringLiteral("haproxy.cfg"));
        {
            QFile f(configPath);
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write(config.toUtf8()) > 0);
        }
        QProcess balancer;
        balancer.setProcessChannelMode(QProcess::MergedChannels);
        balancer.start(haproxy, {QStringLiteral("-db"), QStringLiteral("-f"), configPath});
        QVERIFY2(accepts(front, 15'000), balancer.readAll().constData());

        // ---- The race: every device syncs at once through the balancer, in small batches.
        std::vector<std::unique_ptr<SyncClient>> clients;
        for (const Device &d : devices) {
            SyncClientConfig c = clientConfig(d, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(front)));
            c.initialBatch = 3;
            c.maxBatch = 5;
            clients.push_back(std::make_unique<SyncClient>(c));
        }
        for (auto &client : clients)
            client->start();
        const auto allAcknowledged = [&] {
            for (std::size_t i = 0; i < clients.size(); ++i) {
                if (clients[i]->status().acknowledged != devices[i].journal->lastSeq())
                    return false;
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allAcknowledged(), 180'000);
        clients.clear();

        // Each instance took part of the uploads.
        for (Instance &i : instances) {
            const auto requests = i.requests();
            const auto uploads = std::count_if(requests.cbegin(), requests.cend(), [](const QJsonObject &o) {
                return o.value(QStringLiteral("path")).toString() == QLatin1String("/v1/journal");
            });
            QVERIFY2(uploads > 0, qPrintable(QStringLiteral("instance on %1 took no upload").arg(i.port)));
        }

        // ---- Resends: every device's whole journal again, to each instance and the balancer.
        // (A device whose acknowledgement was lost does exactly this, wherever it lands.)
        QList<quint16> targets{front};
        for (const Instance &i : instances)
            targets.append(i.port);
        for (const Device &d : devices) {
            // Each request carries a counter above the last the center took from this device.
            qint64 counter =
                scalar(*center.db, QStringLiteral("SELECT request_counter FROM devices WHERE id = '%1'").arg(d.id));
            QVERIFY(counter > 0);
            const qint64 last = d.journal->lastSeq();
            const QByteArray whole =
                Wire::encode(WireProtocol::JournalBatch::encode(d.id, journalEntries(*d.journal, 1, last)));
            const QByteArray tail =
                Wire::encode(WireProtocol::JournalBatch::encode(d.id, journalEntries(*d.journal, last / 2, last)));
            for (const quint16 port : std::as_const(targets)) {
                for (const QByteArray &body : {whole, tail}) {
                    const QUrl target(QStringLiteral("http://127.0.0.1:%1/v1/journal").arg(port));
                    const auto r = TestNet::http("POST", target, body,
                                                 TestNet::deviceHeaders("POST", target, d.id, *d.key, ++counter, body));
                    QCOMPARE(r.status, 200);
                    auto ack = WireProtocol::JournalAck::fromCbor(Wire::decode(r.body, WireLimits::reply()).value());
                    QVERIFY(ack.ok());
                    QCOMPARE(ack.value().head, last);
                    QCOMPARE(ack.value().stored, 0);
                }
            }
        }

        // ---- The books: every entry once, every payment once, and no update lost on any bill
        // or prepaid balance that two instances changed at the same moment.
        QCOMPARE(scalar(*center.db, QStringLiteral("SELECT COUNT(*) FROM journal_entries")), expectedEntries);
        QCOMPARE(scalar(*center.db, QStringLiteral("SELECT COUNT(*) FROM ledger_payments WHERE voided_by_seq IS NULL")),
                 expectedPayments);
        QCOMPARE(scalar(*center.db,
                        QStringLiteral("SELECT SUM(amount_fen) FROM ledger_payments WHERE voided_by_seq IS NULL")),
                 expectedAmount.fen());
        // Each bill's paid amount is every line applied to it (the extract had none paid).
        QCOMPARE(paidBefore, 0);
        QCOMPARE(
            scalar(*center.db,
                   QStringLiteral("SELECT COUNT(*) FROM bills b WHERE b.paid_fen > b.amount_fen OR b.paid_fen <> "
                                  "(SELECT COALESCE(SUM(l.amount_fen), 0) FROM ledger_lines l JOIN ledger_payments "
                                  "p ON p.device_id = l.device_id AND p.seq = l.seq WHERE l.bill_id = b.id AND "
                                  "p.voided_by_seq IS NULL)")),
            0);
        QCOMPARE(scalar(*center.db, QStringLiteral("SELECT SUM(paid_fen) FROM bills")) - paidBefore,
                 scalar(*center.db, QStringLiteral("SELECT SUM(l.amount_fen) FROM ledger_lines l JOIN ledger_payments "
                                                   "p ON p.device_id = l.device_id AND p.seq = l.seq WHERE "
                                                   "p.voided_by_seq IS NULL")));
        QCOMPARE(scalar(*center.db, QStringLiteral("SELECT SUM(prepaid_fen) FROM accounts")) - prepaidBefore,
                 scalar(*center.db, QStringLiteral("SELECT SUM(to_prepaid_fen) FROM ledger_payments WHERE "
                                                   "voided_by_seq IS NULL")));
        // Money in = money placed: every payment's fen went to bills or to prepaid.
        QCOMPARE(scalar(*center.db, QStringLiteral("SELECT COUNT(*) FROM ledger_payments WHERE amount_fen <> "
                                                   "to_bills_fen + to_prepaid_fen")),
                 0);
        // The billing system is told each line once.
        QCOMPARE(scalar(*center.db, QStringLiteral("SELECT COUNT(*) FROM (SELECT device_id, payment_seq, source, "
                                                   "source_seq, bill_id, part FROM postings GROUP BY device_id, "
                                                   "payment_seq, source, source_seq, bill_id, part HAVING COUNT(*) > "
                                                   "1) twice")),
                 0);
        // The day's report equals the devices' own totals.
        auto totals = CenterReports(*center.db, QTimeZone::utc()).totals(QDate(2026, 11, 2));
        QVERIFY(totals.ok());
        const auto total =
            std::find_if(totals.value().cbegin(), totals.value().cend(),
                         [](const CenterReports::TotalsRow &r) { return r.dimension == QLatin1String("total"); });
        QVERIFY(total != totals.value().cend());
        QCOMPARE(total->amount, expectedAmount);
        QCOMPARE(total->count, expectedPayments);

        balancer.terminate();
        QVERIFY(balancer.waitForFinished(10'000));
        for (Instance &i : instances) {
            i.process->terminate();
            QVERIFY(i.process->waitForFinished(10'000));
            QCOMPARE(i.process->exitCode(), 0);
        }
    }

    void aSecondServeOfOneSqliteDatabaseIsRefused()
    {
        QTemporaryDir dir;
        const QString url = QStringLiteral("sqlite:%1/small.db").arg(dir.path());
        auto first = startInstance(url);
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
        QProcess second;
        second.start(CenterProgram, {QStringLiteral("serve"), QStringLiteral("--db"), url, QStringLiteral("--listen"),
                                     QStringLiteral("127.0.0.1:0")});
        QVERIFY(second.waitForFinished(20'000));
        QCOMPARE(second.exitCode(), 1);
        const QString err = QString::fromUtf8(second.readAllStandardError());
        QVERIFY2(
            err.contains(QStringLiteral("is already served by process %1").arg(first.value().process->processId())) &&
                err.contains(QStringLiteral("several instances of the center need PostgreSQL")),
            qPrintable(err));
        first.value().process->terminate();
        QVERIFY(first.value().process->waitForFinished(10'000));
        // Once the first has stopped, the database can be served again.
        auto again = startInstance(url);
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().message));
        again.value().process->terminate();
        QVERIFY(again.value().process->waitForFinished(10'000));
    }
};

QTEST_GUILESS_MAIN(TestCenterCluster)
#include "tst_centercluster.moc"
