#include <QBuffer>
#include <QCryptographicHash>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "centerimport.h"
#include "centerreports.h"
#include "centerserver.h"
#include "dailytotals.h"
#include "pgtestserver.h"
#include "syncclient.h"
#include "synctestkit.h"
#include "testnet.h"
#include "wirecodec.h"

using namespace SyncTestKit;

namespace {

/** A center that answers every request with the same raw HTTP response: a hostile server. */
class HostileServer : public QObject
{
public:
    explicit HostileServer(QByteArray response)
        : m_response(std::move(response))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    s->readAll();
                    ++requests;
                    s->write(m_response);
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        (void)m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }
    int requests = 0;

private:
    QTcpServer m_server;
    QByteArray m_response;
};

QByteArray httpResponse(int status, const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/vnd.doorstep.v1+cbor+zlib\r\n" +
           extraHeaders + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

class TestSyncClient : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Center m_center;
    QBuffer m_log;
    std::unique_ptr<CenterServer> m_server;
    CenterServerConfig m_config;

    SyncClientConfig clientConfig(const Device &d, quint16 port, const QString &scheme = QStringLiteral("http")) const
    {
        SyncClientConfig c =
            SyncTestKit::clientConfig(d, QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(scheme).arg(port)));
        c.backoffBaseMs = 20;
        c.backoffMaxMs = 300;
        c.transferTimeoutMs = 5000;
        return c;
    }

    Status startServer()
    {
        m_server = std::make_unique<CenterServer>(*m_center.db, m_config);
        return m_server->start();
    }

    qint64 stored(const QString &device) const
    {
        return m_center.db->scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries WHERE device_id = ?"), {device})
            .value()
            .toLongLong();
    }

    void compareTotals(const QList<DayTotals> &days)
    {
        DayTotals sum;
        for (const DayTotals &d : days) {
            sum.payments += d.payments;
            sum.amount += d.amount;
        }
        auto totals = CenterReports(*m_center.db, QTimeZone::utc()).totals(QDate(2026, 11, 2));
        QVERIFY(totals.ok());
        QCOMPARE(totals.value().first().dimension, QStringLiteral("total"));
        QCOMPARE(totals.value().first().count, sum.payments);
        QCOMPARE(totals.value().first().amount, sum.amount);
    }

private slots:
    void initTestCase_data() { CenterTestDb::addBackendRows(); }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        auto url = CenterTestDb::freshUrl(backend, m_dir.path(), QStringLiteral("client"));
        QVERIFY(url.ok());
        auto center = openCenter(url.value());
        QVERIFY(center.ok());
        m_center = std::move(center).value();
        const Extract x = writeExtract(m_dir.path(), 2, 80);
        QVERIFY(CenterImport(*m_center.store).run(x.accounts, x.bills, x.policy, x.collectors).ok());
        m_log.setData(QByteArray());
        QVERIFY(m_log.open(QIODevice::ReadWrite));
        m_config = CenterServerConfig{};
        m_config.log = &m_log;
        m_config.zone = QTimeZone::utc();
        QVERIFY(startServer().ok());
    }

    void cleanup()
    {
        m_server.reset();
        m_log.close();
        m_center = Center{};
    }

    void fullDayOnItsOwnThread()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("hh-day"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        auto day = simulateDay(*device.value().journal, 1, 60, dayStart());
        QVERIFY(day.ok());

        QThread thread;
        auto *client = new SyncClient(clientConfig(device.value(), m_server->port()));
        client->moveToThread(&thread);
        connect(&thread, &QThread::finished, client, &QObject::deleteLater);
        thread.start();
        // However the test ends, the thread is stopped before it is destroyed.
        const auto stop = qScopeGuard([&thread] {
            thread.quit();
            thread.wait();
        });
        QMetaObject::invokeMethod(client, &SyncClient::start);
        const qint64 last = device.value().journal->lastSeq();
        QTRY_COMPARE_WITH_TIMEOUT(client->status().acknowledged, last, 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(client->status().state, SyncStatus::State::Idle, 10'000);
        QCOMPARE(client->status().pending, 0);
        QVERIFY(client->status().lastSync.isValid());
        QVERIFY(client->status().entriesSent >= last);
        QVERIFY(client->status().bytesSent > 0);
        QVERIFY(client->status().serverTimeMs > 0);
        QCOMPARE(stored(QStringLiteral("hh-day")), last);
        compareTotals({day.value()});
        // It said where its journal stands: all of it held, nothing waiting.
        auto reported = m_center.store->device(QStringLiteral("hh-day")).value().value();
        QCOMPARE(reported.reportedHead, last);
        QVERIFY(!reported.oldestUnsyncedMs());
        // And equal to the device's own fold of its journal, to the fen.
        const DailyTotals mine =
            DailyTotals::compute(*device.value().journal, DailyTotals::Filter::onDay(QDate(2026, 11, 2), 0));
        auto theirs = CenterReports(*m_center.db, QTimeZone::utc()).totals(QDate(2026, 11, 2));
        QCOMPARE(theirs.value().first().count, mine.collected().count);
        QCOMPARE(theirs.value().first().amount, mine.collected().amount);

        // A new entry triggers a sync of just that entry.
        QVERIFY(device.value()
                    .journal
                    ->append(EntryKind::Visit, toCbor(VisitRecord{accountNumber(1, 70), VisitOutcome::Refused, {}, {}}),
                             dayStart(18), QStringLiteral("C001"), 0)
                    .ok());
        QMetaObject::invokeMethod(client, &SyncClient::trigger);
        QTRY_COMPARE_WITH_TIMEOUT(client->status().acknowledged, last + 1, 30'000);
        QVERIFY(client->canDiscardLocalData().ok());
    }

    // The center's check page reaches the terminal with its commands and is kept with the journal,
    // where receipts read it; a center that stops publishing one takes it away again.
    void keepsTheCentersVerifyAddress()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("hh-addr"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        const auto syncOnce = [&](const QString &address) {
            m_server.reset();
            m_config.verifyAddress = address;
            QVERIFY(startServer().ok());
            SyncClient client(clientConfig(device.value(), m_server->port()));
            QSignalSpy times(&client, &SyncClient::serverTime);
            const qint64 before = m_server->requestCount();
            client.start();
            QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount() > before &&
                                         client.status().state == SyncStatus::State::Idle &&
                                         client.status().serverTimeMs > 0,
                                     30'000);
            // Each time the center serves comes signed by its key, for the desk to journal.
            QVERIFY(!times.isEmpty());
            const qint64 ms = times.last().at(0).toLongLong();
            QVERIFY(DeviceKey::verify(m_center.store->signingKey().value()->publicKey(),
                                      EventRecord::witnessMessage(device.value().id, ms),
                                      times.last().at(1).toByteArray()));
        };
        syncOnce(QStringLiteral("https://pay.example.cn/verify"));
        QCOMPARE(device.value().journal->state("verify_address"), QStringLiteral("https://pay.example.cn/verify"));
        syncOnce(QString());
        QCOMPARE(device.value().journal->state("verify_address"), QString());
    }

    void verifyAddressIsAPlainWebAddress_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("https") << QStringLiteral("https://pay.example.cn/verify") << true;
        QTest::newRow("http, port") << QStringLiteral("http://10.1.2.3:8080/verify") << true;
        QTest::newRow("javascript") << QStringLiteral("javascript:alert(1)") << false;
        QTest::newRow("no host") << QStringLiteral("https:///verify") << false;
        QTest::newRow("fragment") << QStringLiteral("https://a.cn/v#x") << false;
        QTest::newRow("query") << QStringLiteral("https://a.cn/v?x=1") << false;
        QTest::newRow("user") << QStringLiteral("https://me@a.cn/v") << false;
        QTest::newRow("space") << QStringLiteral("https://a.cn/v w") << false;
        QTest::newRow("non-ascii") << QStringLiteral("https://国网.cn/v") << false;
        QTest::newRow("97 chars") << QStringLiteral("https://a.cn/") + QString(84, QLatin1Char('v')) << false;
        QTest::newRow("96 chars") << QStringLiteral("https://a.cn/") + QString(83, QLatin1Char('v')) << true;
        QTest::newRow("empty") << QString() << false;
    }

    void verifyAddressIsAPlainWebAddress()
    {
        QFETCH(QString, address);
        QFETCH(bool, accepted);
        QCOMPARE(WireProtocol::isVerifyAddress(address), accepted);
        // A commands reply carrying it is refused whole when the address is not one.
        QCborMap reply = WireProtocol::CommandsReply{}.toCbor().toMap();
        reply.insert(QStringLiteral("verify_address"), address);
        const auto decoded = WireProtocol::CommandsReply::fromCbor(reply);
        QCOMPARE(decoded.ok(), accepted);
        if (accepted)
            QCOMPARE(decoded.value().verifyAddress, address);
        reply.insert(QStringLiteral("verify_address"), 42);
        QVERIFY(!WireProtocol::CommandsReply::fromCbor(reply).ok());
    }

    // The center's signed time travels beside its key, 64 bytes, or the reply is refused whole.
    void timeSignatureNeedsTheCentersKey()
    {
        WireProtocol::CommandsReply good;
        good.serverTimeMs = 1'800'000'000'000;
        good.centerKey = QByteArray(32, 'k');
        good.timeSignature = QByteArray(64, 's');
        QCOMPARE(WireProtocol::CommandsReply::fromCbor(good.toCbor()).value().timeSignature, good.timeSignature);
        QCborMap keyless = good.toCbor().toMap();
        keyless.remove(QStringLiteral("center_key"));
        QVERIFY(!WireProtocol::CommandsReply::fromCbor(keyless).ok());
        for (const QCborValue &bad : {QCborValue(QByteArray(63, 's')), QCborValue(QByteArray(65, 's')),
                                      QCborValue(QStringLiteral("s")), QCborValue(7)}) {
            QCborMap m = good.toCbor().toMap();
            m.insert(QStringLiteral("time_signature"), bad);
            QVERIFY(!WireProtocol::CommandsReply::fromCbor(m).ok());
        }
    }

    void survivesCutsAndACenterRestart()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("hh-cut"), QStringLiteral("R2"));
        QVERIFY(device.ok());
        auto day = simulateDay(*device.value().journal, 2, 70, dayStart());
        QVERIFY(day.ok());
        const qint64 last = device.value().journal->lastSeq();

        FaultyProxy::Options cuts;
        cuts.cutMinBytes = 150;
        cuts.cutMaxBytes = 4000;
        cuts.cutProbability = 0.6;
        cuts.alwaysCutFirst = 2;
        FaultyProxy proxy(m_server->port(), cuts);
        QVERIFY(proxy.listen());
        SyncClientConfig config = clientConfig(device.value(), proxy.port());
        config.initialBatch = 10;
        config.maxBatch = 20;
        SyncClient client(config);
        client.start();
        // Part-way through, the center goes away and comes back on the same port.
        QTRY_VERIFY_WITH_TIMEOUT(client.status().acknowledged > 20, 30'000);
        const quint16 port = m_server->port();
        m_server.reset();
        m_config.port = port;
        QTest::qWait(200);
        QVERIFY(startServer().ok());
        QTRY_COMPARE_WITH_TIMEOUT(client.status().acknowledged, last, 60'000);
        QVERIFY(proxy.cuts > 0);
        QCOMPARE(stored(QStringLiteral("hh-cut")), last);
        compareTotals({day.value()});
        // No entry stored twice, none missing: seq 1..last exactly once.
        QCOMPARE(m_center.db
                     ->scalar(QStringLiteral("SELECT MAX(seq) - MIN(seq) + 1 FROM journal_entries WHERE device_id = "
                                             "'hh-cut'"))
                     .value()
                     .toLongLong(),
                 last);
    }

    void refusalIsKeptAndRetriesGoOn()
    {
        QTemporaryDir dir;
        // A device the center never enrolled.
        Device stranger;
        stranger.id = QStringLiteral("hh-nobody");
        stranger.keyPath = dir.path() + QStringLiteral("/k");
        stranger.journalPath = dir.path() + QStringLiteral("/j");
        {
            auto key = DeviceKey::loadOrCreate(stranger.keyPath);
            QVERIFY(key.ok());
            Journal j(stranger.journalPath, stranger.id, key.value());
            QVERIFY(j.open().ok());
            QVERIFY(simulateDay(j, 1, 2, dayStart()).ok());
        }
        SyncClient client(clientConfig(stranger, m_server->port()));
        QSignalSpy cycles(&client, &SyncClient::cycleFinished);
        QList<SyncStatus::State> states;
        connect(&client, &SyncClient::statusChanged, this, [&states](const SyncStatus &s) { states.append(s.state); });
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(client.status().lastRefusal.has_value(), 10'000);
        QCOMPARE(client.status().lastRefusal->code, QStringLiteral("device.unknown"));
        QVERIFY(!client.status().lastRefusal->message.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(states.contains(SyncStatus::State::Refused), 10'000);
        QVERIFY(!client.canDiscardLocalData().ok());
        QTRY_VERIFY_WITH_TIMEOUT(cycles.size() >= 3, 10'000); // retries forever, with backoff
        QVERIFY(m_log.data().contains("\"status\":401"));
    }

    // A batch the center refuses leaves entries on the device: its commands request says how
    // many and since when, which the desk shows as the age of the oldest unsynced entry.
    void reportsTheOldestEntryTheCenterRefused()
    {
        m_server.reset();
        m_config.ingest.entryFen = 1; // every payment is implausible
        QVERIFY(startServer().ok());
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("hh-cap"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 5, dayStart()).ok());
        const Journal &journal = *device.value().journal;
        SyncClient client(clientConfig(device.value(), m_server->port()));
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(client.status().lastRefusal.has_value(), 10'000);
        QCOMPARE(client.status().lastRefusal->code, QStringLiteral("journal.implausible-amount"));
        QTRY_VERIFY_WITH_TIMEOUT(
            m_center.store->device(QStringLiteral("hh-cap")).value().value().reportedHead.has_value(), 10'000);
        const auto reported = m_center.store->device(QStringLiteral("hh-cap")).value().value();
        QCOMPARE(reported.reportedHead, journal.lastSeq());
        QVERIFY(reported.headSeq < journal.lastSeq());
        QCOMPARE(reported.oldestUnsyncedMs(), journal.entry(reported.headSeq + 1)->timeMs);
    }

    void hostileServer_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<QString>("why");
        QTest::newRow("garbage body") << httpResponse(200, "\x00\x00\x00\x09garbage!!")
                                      << QStringLiteral("not readable");
        QTest::newRow("acknowledges too much")
            << httpResponse(200,
                            Wire::encode(WireProtocol::JournalAck{1'000'000, QByteArray(32, 'h'), 0, 0, {}}.toCbor()))
            << QStringLiteral("center");
        QTest::newRow("claims a huge body")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 900000000\r\n\r\n") + QByteArray(64 * 1024, 'z')
            << QStringLiteral("larger");
        QTest::newRow("wrong types") << httpResponse(200, Wire::encode(QCborMap{
                                                              {QStringLiteral("head"), QStringLiteral("all")}}))
                                     << QStringLiteral("");
        QTest::newRow("server error") << httpResponse(500, "boom") << QStringLiteral("");
    }

    void hostileServer()
    {
        QFETCH(QByteArray, response);
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("hh-h"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 3, dayStart()).ok());
        HostileServer hostile(response);
        SyncClient client(clientConfig(device.value(), hostile.port()));
        QSignalSpy cycles(&client, &SyncClient::cycleFinished);
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(cycles.size() >= 2, 20'000);
        QCOMPARE(cycles.first().first().toBool(), false);
        QCOMPARE(client.status().acknowledged, 0);
        QVERIFY(!client.status().lastError.isEmpty() || client.status().lastRefusal);
        QVERIFY(!client.canDiscardLocalData().ok());
    }

    void pinsTheCenterKey()
    {
        QTemporaryDir certDir;
        QString cert;
        QString key;
        if (!TestNet::makeCertificate(certDir.path(), &cert, &key))
            QFAIL("the openssl tool is needed to make a test certificate");
        m_server.reset();
        m_config.certificatePath = cert;
        m_config.keyPath = key;
        QVERIFY(startServer().ok());
        QCOMPARE(m_server->keyPin().size(), 32);

        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("hh-tls"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 5, dayStart()).ok());
        {
            SyncClientConfig config = clientConfig(device.value(), m_server->port(), QStringLiteral("https"));
            config.centerPin = QByteArray(32, '\x01'); // not the center's key
            SyncClient client(config);
            QSignalSpy cycles(&client, &SyncClient::cycleFinished);
            client.start();
            QTRY_VERIFY_WITH_TIMEOUT(cycles.size() >= 1, 20'000);
            QVERIFY2(client.status().lastError.contains(QLatin1String("pinned")),
                     qPrintable(client.status().lastError));
            QCOMPARE(client.status().acknowledged, 0);
            QCOMPARE(stored(QStringLiteral("hh-tls")), 0);
        }
        SyncClientConfig config = clientConfig(device.value(), m_server->port(), QStringLiteral("https"));
        config.centerPin = m_server->keyPin();
        SyncClient client(config);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(client.status().acknowledged, device.value().journal->lastSeq(), 20'000);
        QCOMPARE(stored(QStringLiteral("hh-tls")), device.value().journal->lastSeq());
    }

    void lockThenWipeOnlyWhenSynced()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("hh-lw"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 4, dayStart()).ok());
        int wipes = 0;
        SyncClientConfig config = clientConfig(device.value(), m_server->port());
        config.wipe = [&wipes] {
            ++wipes;
            return success();
        };
        SyncClient client(config);
        QSignalSpy locks(&client, &SyncClient::lockChanged);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(client.status().acknowledged, device.value().journal->lastSeq(), 20'000);

        QVERIFY(m_center.store->issueCommand(QStringLiteral("hh-lw"), QStringLiteral("lock")).ok());
        client.trigger();
        QTRY_VERIFY_WITH_TIMEOUT(client.status().locked, 20'000);
        QCOMPARE(locks.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(m_center.store->device(QStringLiteral("hh-lw")).value()->lockSeq,
                                  std::optional<qint64>(device.value().journal->lastSeq()), 20'000);

        // New entries the center will not take (frozen for review), then a wipe: it must wait.
        QVERIFY(m_center.db
                    ->exec(QStringLiteral("UPDATE devices SET state = 'frozen', frozen_reason = 'review' WHERE id = "
                                          "'hh-lw'"))
                    .ok());
        QVERIFY(device.value()
                    .journal
                    ->append(EntryKind::Visit, toCbor(VisitRecord{accountNumber(1, 1), VisitOutcome::Note, {}, {}}),
                             dayStart(17), QStringLiteral("C001"), 0)
                    .ok());
        QVERIFY(m_center.store->issueCommand(QStringLiteral("hh-lw"), QStringLiteral("wipe")).ok());
        QSignalSpy cycles(&client, &SyncClient::cycleFinished);
        client.trigger();
        QTRY_VERIFY_WITH_TIMEOUT(client.status().wipePending, 20'000);
        QTRY_VERIFY_WITH_TIMEOUT(cycles.size() >= 2, 20'000);
        QCOMPARE(wipes, 0);
        QVERIFY(!client.canDiscardLocalData().ok());
        QCOMPARE(client.status().lastRefusal->code, QStringLiteral("device.frozen"));
        // The supervisor clears it (the unfreeze keeps the device's wipe queued): the entry goes up, then the wipe.
        QVERIFY(
            m_center.db->exec(QStringLiteral("UPDATE devices SET state = 'wiped', lock_seq = NULL WHERE id = 'hh-lw'"))
                .ok());
        client.trigger();
        QTRY_COMPARE_WITH_TIMEOUT(wipes, 1, 20'000);
        QCOMPARE(stored(QStringLiteral("hh-lw")), device.value().journal->lastSeq());
    }

    void aWipeRunsOnlyAfterItsReceiptIsJournaledAndAtTheCenter()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("hh-wr"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 3, dayStart()).ok());
        int wipes = 0;
        SyncClientConfig config = clientConfig(device.value(), m_server->port());
        config.wipe = [&wipes] {
            ++wipes;
            return success();
        };
        QList<qint64> received;
        {
            SyncClient client(config);
            connect(&client, &SyncClient::wipeReceived, this, [&received](qint64 id) { received.append(id); });
            client.start();
            QTRY_COMPARE_WITH_TIMEOUT(client.status().acknowledged, device.value().journal->lastSeq(), 20'000);
            QVERIFY(m_center.store->issueCommand(QStringLiteral("hh-wr"), QStringLiteral("wipe")).ok());
            QSignalSpy cycles(&client, &SyncClient::cycleFinished);
            client.trigger();
            QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, 20'000);
            QVERIFY(received.first() > 0);
            // Everything is at the center, but the wipe is not armed: it waits for the event.
            QTRY_VERIFY_WITH_TIMEOUT(!cycles.isEmpty(), 20'000);
            client.trigger();
            QTRY_VERIFY_WITH_TIMEOUT(cycles.size() >= 2, 20'000);
            QCOMPARE(wipes, 0);
            QVERIFY(client.status().wipePending);
        }
        // A restart before the receipt was journaled asks again.
        SyncClient client(config);
        connect(&client, &SyncClient::wipeReceived, this, [&received](qint64 id) { received.append(id); });
        client.start();
        QCOMPARE(received.size(), 2);
        QCOMPARE(received.at(1), received.at(0));
        // The desk journals it (here directly), then arms: the event goes up, then the wipe runs.
        QVERIFY(
            device.value()
                .journal
                ->append(EntryKind::Event,
                         toCbor(EventRecord{EventRecord::Kind::WipeReceived, QString::number(received.first()), 0, {}}),
                         dayStart(18), QString(), 0)
                .ok());
        client.armWipe();
        QTRY_COMPARE_WITH_TIMEOUT(wipes, 1, 20'000);
        QCOMPARE(stored(QStringLiteral("hh-wr")), device.value().journal->lastSeq());
        auto last = m_center.db->scalar(QStringLiteral("SELECT kind FROM journal_entries WHERE device_id = 'hh-wr' "
                                                       "ORDER BY seq DESC LIMIT 1"));
        QVERIFY(last.ok());
        QCOMPARE(last.value().toInt(), int(EntryKind::Event));
    }

    void exportsASignedJournal()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("hh-exp"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 5, dayStart()).ok());
        const QString file = dir.path() + QStringLiteral("/export.doorstep");
        QVERIFY(SyncClient::exportJournal(*device.value().journal, *device.value().key, file).ok());
        auto ack = JournalIngest(*m_center.store).importFile(file);
        QVERIFY(ack.ok());
        QCOMPARE(ack.value().head, device.value().journal->lastSeq());
        QCOMPARE(stored(QStringLiteral("hh-exp")), device.value().journal->lastSeq());
    }
};

QTEST_GUILESS_MAIN(TestSyncClient)
#include "tst_syncclient.moc"
