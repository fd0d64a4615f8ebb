// doorstep-center attacked as issue 14 did: as an outsider and as an enrolled device, over the
// real protocol on loopback (SQLite and PostgreSQL). Each test is one of the issue's points; each
// failed (or crashed the server) before its fix.

#include <QBuffer>
#include <QCborArray>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "centerimport.h"
#include "centerreports.h"
#include "centerserver.h"
#include "pgtestserver.h"
#include "synctestkit.h"
#include "testnet.h"
#include "wirecodec.h"

using namespace SyncTestKit;
using TestNet::HttpReply;

namespace {

QString errorCode(const HttpReply &r)
{
    auto v = Wire::decode(r.body, WireLimits::reply());
    if (!v.ok())
        return QStringLiteral("<undecodable: %1>").arg(v.error().code);
    auto e = WireProtocol::ErrorReply::fromCbor(v.value());
    return e.ok() ? e.value().code : QStringLiteral("<not an error reply>");
}

WireProtocol::JournalAck ackOf(const HttpReply &r)
{
    auto v = Wire::decode(r.body, WireLimits::reply());
    if (!v.ok())
        return {};
    auto a = WireProtocol::JournalAck::fromCbor(v.value());
    return a.ok() ? a.value() : WireProtocol::JournalAck{};
}

/** Entries signed by hand, as a hostile device with a valid key would: no Journal checks them. */
class Forger
{
public:
    /// Entries `stepMs` apart from 2026-11-02 08:00 UTC on.
    Forger(const QString &deviceId, const DeviceKey &key, qint64 stepMs = 1000)
        : m_deviceId(deviceId)
        , m_key(key)
        , m_stepMs(stepMs)
    {
    }

    /// Each entry belongs to the last ShiftOpened entry added.
    JournalEntry add(EntryKind kind, const QCborMap &body)
    {
        JournalEntry e;
        e.deviceId = m_deviceId;
        e.seq = ++m_seq;
        e.kind = kind;
        e.timeMs = dayStart() + m_seq * m_stepMs;
        e.collectorId = QStringLiteral("C001");
        if (kind == EntryKind::ShiftOpened)
            m_shift = e.seq;
        e.shiftSeq = kind == EntryKind::ShiftOpened ? 0 : m_shift;
        e.body = body;
        e.prevHash = m_prev;
        e.hash = e.computeHash();
        e.signature = m_key.sign(e.hash);
        m_prev = e.hash;
        return e;
    }

private:
    QString m_deviceId;
    const DeviceKey &m_key;
    qint64 m_stepMs;
    qint64 m_seq = 0;
    qint64 m_shift = 0;
    QByteArray m_prev = QByteArray(32, '\0');
};

/// A payment of the largest amount a terminal can hold, all of it credited to prepaid.
QCborMap hugePayment(const QString &account)
{
    PaymentRecord p;
    p.accountNumber = account;
    p.amount = Money::fromFen(Money::MaxFen);
    p.tendered = p.amount;
    p.toPrepaid = p.amount;
    p.worklistVersion = 1;
    return toCbor(p);
}

} // namespace

class TestCenterHostile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Center m_center;
    QBuffer m_log;
    std::unique_ptr<CenterServer> m_server;
    std::unique_ptr<Device> m_device;
    std::unique_ptr<QTemporaryDir> m_deviceDir;
    QString m_token;

    void startServer(const CenterServerConfig &base = {})
    {
        m_server.reset();
        m_log.close();
        m_log.setData(QByteArray());
        QVERIFY(m_log.open(QIODevice::ReadWrite));
        CenterServerConfig config = base;
        config.log = &m_log;
        config.zone = QTimeZone::utc();
        m_server = std::make_unique<CenterServer>(*m_center.db, config);
        QVERIFY(m_server->start().ok());
    }

    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path));
    }
    HttpReply device(const QByteArray &method, const QString &path, const QByteArray &body = {})
    {
        return TestNet::signedHttp(method, url(path), m_device->id, *m_device->key, body);
    }
    HttpReply upload(const QList<JournalEntry> &entries)
    {
        return device("POST", QStringLiteral("/v1/journal"),
                      Wire::encode(WireProtocol::JournalBatch::encode(m_device->id, entries)));
    }
    HttpReply supervisor(const QString &path)
    {
        return TestNet::http("GET", url(path), {}, {{"Authorization", "Bearer " + m_token.toUtf8()}});
    }
    qint64 scalar(const QString &sql) const { return m_center.db->scalar(sql).value().toLongLong(); }

private slots:
    void initTestCase_data() { CenterTestDb::addBackendRows(); }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        auto url = CenterTestDb::freshUrl(backend, m_dir.path(), QStringLiteral("hostile"));
        QVERIFY(url.ok());
        auto center = openCenter(url.value());
        QVERIFY(center.ok());
        m_center = std::move(center).value();
        const Extract x = writeExtract(m_dir.path(), 1, 20);
        QVERIFY(CenterImport(*m_center.store).run(x.accounts, x.bills, x.policy, x.collectors).ok());
        m_deviceDir = std::make_unique<QTemporaryDir>();
        auto d = enrolDevice(*m_center.store, m_deviceDir->path(), QStringLiteral("hh-1"), QStringLiteral("R1"));
        QVERIFY(d.ok());
        m_device = std::make_unique<Device>(std::move(d).value());
        auto token = m_center.store->createSupervisorToken(QStringLiteral("Li Na"));
        QVERIFY(token.ok());
        m_token = token.value();
        startServer();
    }

    void cleanup()
    {
        m_server.reset();
        m_log.close();
        m_device.reset();
        m_deviceDir.reset();
        m_center = Center{};
    }

    // Point 1: 1,001 validly signed payments of ¥92,233,720,368,547.75 each. With the default
    // caps they are refused with the seq; with caps raised to the limit they are stored, and
    // the totals say which device and seq they cannot count instead of aborting the server.
    void implausibleAmountsNeverAbort()
    {
        Forger forge(m_device->id, *m_device->key);
        QList<JournalEntry> entries{forge.add(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(100)}))};
        for (int i = 0; i < 1001; ++i)
            entries.append(forge.add(EntryKind::Payment, hugePayment(accountNumber(1, i % 20))));

        HttpReply refused = upload(entries);
        QCOMPARE(refused.status, 409);
        QVERIFY(ackOf(refused).refusal);
        QCOMPARE(ackOf(refused).refusal->code, QStringLiteral("journal.implausible-amount"));
        QCOMPARE(ackOf(refused).refusal->seq, 2);
        QCOMPARE(ackOf(refused).head, 1); // the shift before it is kept
        HttpReply totals = supervisor(QStringLiteral("/v1/reports/totals?day=2026-11-02&format=json"));
        QCOMPARE(totals.status, 200);

        // An operator who lifted every cap: a device's day still cannot pass 2^63 fen (refused
        // where it would), but two devices' days together can; the report then refuses to count,
        // naming where, instead of aborting the server.
        CenterServerConfig lifted;
        lifted.limits.maxBodyBytes = 16 * 1024 * 1024;
        lifted.ingest.entryFen = Money::MaxFen;
        lifted.ingest.shiftFen = std::numeric_limits<qint64>::max();
        lifted.ingest.dayFen = std::numeric_limits<qint64>::max();
        startServer(lifted);
        HttpReply capped = upload(entries);
        QCOMPARE(capped.status, 409);
        QVERIFY(ackOf(capped).refusal);
        QCOMPARE(ackOf(capped).refusal->code, QStringLiteral("journal.implausible-amount"));
        QCOMPARE(ackOf(capped).head, 1001); // 1,000 × MaxFen fit in 64 bits, the 1,001st does not
        auto second = enrolDevice(*m_center.store, m_deviceDir->path(), QStringLiteral("hh-2"), QStringLiteral("R1"));
        QVERIFY(second.ok());
        Forger forge2(QStringLiteral("hh-2"), *second.value().key);
        QList<JournalEntry> more{forge2.add(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(100)}))};
        for (int i = 0; i < 500; ++i)
            more.append(forge2.add(EntryKind::Payment, hugePayment(accountNumber(1, i % 20))));
        HttpReply stored =
            TestNet::signedHttp("POST", url(QStringLiteral("/v1/journal")), QStringLiteral("hh-2"), *second.value().key,
                                Wire::encode(WireProtocol::JournalBatch::encode(QStringLiteral("hh-2"), more)));
        QCOMPARE(stored.status, 200);
        QCOMPARE(ackOf(stored).head, 501);
        HttpReply overflow = supervisor(QStringLiteral("/v1/reports/totals?day=2026-11-02&format=json"));
        QCOMPARE(overflow.status, 500);
        QCOMPARE(errorCode(overflow), QStringLiteral("report.overflow"));
        QVERIFY2(overflow.body.size() > 0, overflow.body.constData());
        auto rows = CenterReports(*m_center.db, QTimeZone::utc()).totals(QDate(2026, 11, 2));
        QVERIFY(!rows.ok());
        static const QRegularExpression where(QStringLiteral("device hh-[12] seq [0-9]+"));
        QVERIFY2(where.match(rows.error().message).hasMatch(), qPrintable(rows.error().message));
        // Still serving.
        QCOMPARE(device("GET", QStringLiteral("/v1/journal/head")).status, 200);
    }

    // Point 2: prepaid credit that would wrap the account's balance is not credited; the
    // worklist every terminal on the route loads stays readable.
    void prepaidNeverWraps()
    {
        CenterServerConfig lifted;
        lifted.limits.maxBodyBytes = 16 * 1024 * 1024;
        lifted.ingest.entryFen = Money::MaxFen;
        lifted.ingest.shiftFen = std::numeric_limits<qint64>::max();
        lifted.ingest.dayFen = std::numeric_limits<qint64>::max();
        startServer(lifted);
        // A payment a day, a shift every 100 days: under every per-shift and per-day sum.
        Forger forge(m_device->id, *m_device->key, 24LL * 3600 * 1000);
        QList<JournalEntry> entries;
        for (int i = 0; i < 1001; ++i) {
            if (i % 100 == 0)
                entries.append(forge.add(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(100)})));
            entries.append(forge.add(EntryKind::Payment, hugePayment(accountNumber(1, 0))));
        }
        QCOMPARE(upload(entries).status, 200);
        const qint64 last = entries.last().seq;
        QTRY_VERIFY_WITH_TIMEOUT(scalar(QStringLiteral("SELECT ledger_seq FROM devices WHERE id = 'hh-1'")) == last,
                                 60'000);
        const qint64 prepaid =
            scalar(QStringLiteral("SELECT prepaid_fen FROM accounts WHERE number = '%1'").arg(accountNumber(1, 0)));
        QVERIFY2(prepaid >= 0 && prepaid <= Money::MaxFen, qPrintable(QString::number(prepaid)));
        QVERIFY(scalar(QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind = 'implausible-amount'")) > 0);
        HttpReply worklist = device("GET", QStringLiteral("/v1/worklist?since=0"));
        QCOMPARE(worklist.status, 200);
        auto delta = WireProtocol::WorklistDelta::fromCbor(Wire::decode(worklist.body, WireLimits::reply()).value());
        QVERIFY2(delta.ok(), qPrintable(delta.ok() ? QString() : delta.error().message));
        for (const Account &a : delta.value().accounts)
            QVERIFY(a.prepaidBalance.fen() >= 0 && a.prepaidBalance.fen() <= Money::MaxFen);
    }

    // Point 3: a validly signed entry whose record no terminal writes (a visit note that is CBOR
    // null) is refused on ingest with its seq; the prefix is kept; the books and export go on.
    void malformedEntryIsRefusedOnIngest()
    {
        Forger forge(m_device->id, *m_device->key);
        QList<JournalEntry> entries{forge.add(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(100)}))};
        entries.append(forge.add(EntryKind::Payment, toCbor(payment(1, 0))));
        entries.append(forge.add(EntryKind::Visit, QCborMap{{0, accountNumber(1, 1)},
                                                            {1, qint64(VisitOutcome::Note)},
                                                            {2, QString()},
                                                            {3, QCborValue(nullptr)}}));
        entries.append(forge.add(EntryKind::Payment, toCbor(payment(1, 2))));
        HttpReply r = upload(entries);
        QCOMPARE(r.status, 409);
        QVERIFY(ackOf(r).refusal);
        QCOMPARE(ackOf(r).refusal->code, QStringLiteral("journal.bad-record"));
        QCOMPARE(ackOf(r).refusal->seq, 3);
        QCOMPARE(ackOf(r).head, 2);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries")), 2);
        QTRY_COMPARE(scalar(QStringLiteral("SELECT ledger_seq FROM devices WHERE id = 'hh-1'")), 2);
        QBuffer out;
        QVERIFY(out.open(QIODevice::WriteOnly));
        auto exported = CenterReports(*m_center.db, QTimeZone::utc()).exportPayments(out);
        QVERIFY(exported.ok());
        QCOMPARE(exported.value(), 1);

        // The pure check a fuzz target calls, on a few more shapes.
        const JournalEntry bad = entries.at(2);
        QVERIFY(JournalIngest::checkEntry(bad, IngestLimits{}).has_value());
        QVERIFY(!JournalIngest::checkEntry(entries.at(1), IngestLimits{}).has_value());
        JournalEntry textKey = entries.at(1);
        textKey.body.insert(QStringLiteral("x"), 1);
        QVERIFY(JournalIngest::checkEntry(textKey, IngestLimits{}).has_value());
        JournalEntry badCollector = entries.at(1);
        badCollector.collectorId = QStringLiteral("=cmd|' /C calc'!A0");
        QVERIFY(JournalIngest::checkEntry(badCollector, IngestLimits{}).has_value());
    }

    // Point 4: a batch naming a real device under an unknown or forged header is answered 401
    // and writes nothing: no refusal row, no last_sync/last_seen; the log stays short.
    void unauthenticatedWritesNothing()
    {
        Forger forge(m_device->id, *m_device->key);
        const QList<JournalEntry> entries{
            forge.add(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(100)}))};
        const QByteArray body = Wire::encode(WireProtocol::JournalBatch::encode(m_device->id, entries));
        const QString seen = QStringLiteral("SELECT COALESCE(last_sync_ms, -1) + COALESCE(last_seen_ms, -1) FROM "
                                            "devices WHERE id = 'hh-1'");
        const qint64 seenBefore = scalar(seen);
        const DeviceKey stranger = DeviceKey::generate();
        const int attempts = 200;
        for (int i = 0; i < attempts; ++i) {
            HttpReply r = i % 2 == 0 ? TestNet::signedHttp("POST", url(QStringLiteral("/v1/journal")),
                                                           QStringLiteral("ghost"), stranger, body)
                                     : TestNet::signedHttp("POST", url(QStringLiteral("/v1/journal")), m_device->id,
                                                           stranger, body);
            QCOMPARE(r.status, 401);
        }
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM refusals")), 0);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries")), 0);
        QCOMPARE(scalar(seen), seenBefore);
        int lines = 0;
        for (const QByteArray &line : m_log.data().split('\n')) {
            if (QJsonDocument::fromJson(line).object().value(QStringLiteral("status")).toInt() == 401)
                ++lines;
        }
        QVERIFY2(lines < attempts / 2, qPrintable(QString::number(lines)));
        QCOMPARE(upload(entries).status, 200); // the device itself is not hindered
    }

    // Point 5: a recorded request cannot be played again, reading commands delivers nothing,
    // and a lock acknowledged beyond the uploaded journal is refused.
    void replayIsRefused()
    {
        QVERIFY(m_center.store->issueCommand(m_device->id, QStringLiteral("lock")).ok());
        const QUrl commands = url(QStringLiteral("/v1/commands?roster=0"));
        const qint64 counter = TestNet::nextCounter(m_device->id);
        const auto headers = TestNet::deviceHeaders("GET", commands, m_device->id, *m_device->key, counter);
        HttpReply first = TestNet::http("GET", commands, {}, headers);
        QCOMPARE(first.status, 200);
        auto reply = WireProtocol::CommandsReply::fromCbor(Wire::decode(first.body, WireLimits::reply()).value());
        QVERIFY(reply.ok());
        QCOMPARE(reply.value().commands.size(), 1);
        QVERIFY(reply.value().roster.has_value());
        // Read, not delivered: only the acknowledgement says the device has it.
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM commands WHERE delivered_ms IS NOT NULL")), 0);
        HttpReply replayed = TestNet::http("GET", commands, {}, headers);
        QCOMPARE(replayed.status, 401);
        QCOMPARE(errorCode(replayed), QStringLiteral("device.replayed-request"));
        HttpReply older = TestNet::http(
            "GET", commands, {}, TestNet::deviceHeaders("GET", commands, m_device->id, *m_device->key, counter - 1));
        QCOMPARE(older.status, 401);
        // The old signature (no counter) only where a replay changes nothing.
        HttpReply v1 = TestNet::http("GET", commands, {},
                                     TestNet::deviceHeaders("GET", commands, m_device->id, *m_device->key, 0));
        QCOMPARE(v1.status, 401);
        QCOMPARE(errorCode(v1), QStringLiteral("device.upgrade-required"));
        const QUrl head = url(QStringLiteral("/v1/journal/head"));
        QCOMPARE(
            TestNet::http("GET", head, {}, TestNet::deviceHeaders("GET", head, m_device->id, *m_device->key, 0)).status,
            200);

        // The lock acknowledged at 2^63-1: refused; at the uploaded head: taken.
        const qint64 lockId = reply.value().commands.first().id;
        Forger forge(m_device->id, *m_device->key);
        QList<JournalEntry> entries{forge.add(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(100)}))};
        entries.append(forge.add(EntryKind::Payment, toCbor(payment(1, 0))));
        const JournalEntry afterLock = forge.add(EntryKind::Payment, toCbor(payment(1, 1)));
        auto ack = [&](qint64 atHead) {
            return device("POST", QStringLiteral("/v1/commands/ack"),
                          Wire::encode(WireProtocol::CommandAck{lockId, atHead}.toCbor()));
        };
        HttpReply implausible = ack(std::numeric_limits<qint64>::max());
        QCOMPARE(implausible.status, 409);
        QCOMPARE(errorCode(implausible), QStringLiteral("command.head-ahead"));
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM devices WHERE lock_seq IS NOT NULL")), 0);
        QCOMPARE(upload(entries).status, 200);
        QCOMPARE(ack(2).status, 200);
        QCOMPARE(scalar(QStringLiteral("SELECT lock_seq FROM devices WHERE id = 'hh-1'")), 2);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM commands WHERE delivered_ms IS NOT NULL")), 1);
        HttpReply late = upload(entries + QList<JournalEntry>{afterLock});
        QCOMPARE(late.status, 409);
        QVERIFY(ackOf(late).refusal);
        QCOMPARE(ackOf(late).refusal->code, QStringLiteral("device.locked"));
    }

    // Point 6: the guard sees each head from its first byte, however TCP cuts it, and answers
    // 413 before a byte of the body is read; connections and requests per address are capped.
    void headSplitAcrossSegments_data()
    {
        QTest::addColumn<QList<QByteArray>>("segments");
        QTest::newRow("length starts the second segment")
            << QList<QByteArray>{"POST /v1/journal HTTP/1.1\r\nHost: x\r\n", "Content-Length: 536870912\r\n\r\n"};
        QTest::newRow("cut inside the header name") << QList<QByteArray>{
            "POST /v1/journal HTTP/1.1\r\nHost: x\r\nContent-Le", "ngth: 536870912\r\n", "X-Other: 1\r\n\r\n"};
        QTest::newRow("cut inside the blank line")
            << QList<QByteArray>{"POST /v1/enrol HTTP/1.1\r\nContent-Length: 536870912\r\n\r", "\n"};
        QTest::newRow("byte by byte") << [] {
            QList<QByteArray> bytes;
            for (const char c : QByteArray("POST /v1/journal HTTP/1.1\r\nHost: x\r\nContent-Length: 536870912\r\n\r\n"))
                bytes.append(QByteArray(1, c));
            return bytes;
        }();
    }

    void headSplitAcrossSegments()
    {
        QFETCH(QList<QByteArray>, segments);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 10'000));
        QByteArray answer;
        for (const QByteArray &segment : segments) {
            socket.write(segment);
            QVERIFY(socket.waitForBytesWritten(5000));
            QTest::qWait(segments.size() > 10 ? 2 : 50); // the server reads each segment on its own
            answer += socket.readAll();
        }
        // No body follows: the answer must come from the head alone.
        QVERIFY(QTest::qWaitFor(
            [&] {
                answer += socket.readAll();
                return answer.contains("\r\n\r\n");
            },
            10'000));
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(60).constData());
        QCOMPARE(device("GET", QStringLiteral("/v1/journal/head")).status, 200);
    }

    void connectionsAndRatePerAddress()
    {
        CenterServerConfig tight;
        tight.limits.maxConnectionsPerAddress = 4;
        tight.limits.requestBurstPerAddress = 3;
        tight.limits.requestsPerSecondPerAddress = 1;
        startServer(tight);
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 4; ++i) {
            held.push_back(std::make_unique<QTcpSocket>());
            held.back()->connectToHost(QHostAddress::LocalHost, m_server->port());
            QVERIFY(QTest::qWaitFor([&] { return held.back()->state() == QAbstractSocket::ConnectedState; }, 10'000));
        }
        QTest::qWait(100); // the server has taken them in
        QByteArray fifth = TestNet::raw(m_server->port(), "GET /v1/journal/head HTTP/1.1\r\nHost: x\r\n\r\n", 5000);
        QVERIFY2(fifth.startsWith("HTTP/1.1 503"), fifth.left(60).constData());
        held.clear();
        QTest::qWait(100);
        int limited = 0;
        for (int i = 0; i < 10; ++i) {
            const HttpReply r = device("GET", QStringLiteral("/v1/journal/head"));
            QVERIFY(r.status == 200 || r.status == 429);
            limited += r.status == 429 ? 1 : 0;
        }
        QVERIFY2(limited >= 4, qPrintable(QString::number(limited)));
    }

    // Point 6, decoding cost: the issue's body of 1,950 maps of 256 keys (7.6 KB compressed)
    // sent to the one endpoint that takes requests from strangers is refused, and the server
    // goes on; decoding is linear in the body (the time is printed, not asserted).
    void decodingBombIsCheap()
    {
        QCborArray maps;
        for (int m = 0; m < 1950; ++m) {
            QCborMap map;
            for (int k = 0; k < 256; ++k)
                map.insert(k, k);
            maps.append(map);
        }
        const QByteArray body =
            Wire::encode(QCborMap{{QStringLiteral("code"), QStringLiteral("X")}, {QStringLiteral("pad"), maps}});
        QElapsedTimer timer;
        timer.start();
        const HttpReply r = TestNet::http("POST", url(QStringLiteral("/v1/enrol")), body);
        qInfo("enrol with %lld bytes of nested maps answered %d in %lld ms", qint64(body.size()), r.status,
              timer.elapsed());
        QCOMPARE(r.status, 413);
        QCOMPARE(errorCode(r), QStringLiteral("wire.too-large"));
        timer.restart();
        auto decoded = Wire::decode(body, WireLimits::request());
        qInfo("Wire::decode with the request limits: %lld ms", timer.elapsed());
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().code, QStringLiteral("wire.map-too-large"));
        // A signed journal upload of the same: refused by the same limits.
        const HttpReply signedBomb = device("POST", QStringLiteral("/v1/journal"), body);
        QCOMPARE(signedBomb.status, 400);
        QCOMPARE(errorCode(signedBomb), QStringLiteral("wire.map-too-large"));
        QCOMPARE(device("GET", QStringLiteral("/v1/journal/head")).status, 200);
    }

    // Point 9: HTTPS offers TLS 1.3, and for TLS 1.2 only ECDHE with an AEAD cipher.
    void tlsSuites()
    {
        QString cert;
        QString key;
        if (!TestNet::makeCertificate(m_dir.path(), &cert, &key))
            QSKIP("the openssl tool is not available");
        CenterServerConfig tls;
        tls.certificatePath = cert;
        tls.keyPath = key;
        startServer(tls);
        auto handshake = [this](QSsl::SslProtocol protocol, const QList<QSslCipher> &ciphers) {
            QSslSocket socket;
            QSslConfiguration c = QSslConfiguration::defaultConfiguration();
            c.setProtocol(protocol);
            if (!ciphers.isEmpty())
                c.setCiphers(ciphers);
            c.setPeerVerifyMode(QSslSocket::VerifyNone);
            socket.setSslConfiguration(c);
            socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_server->port());
            // The server runs on this thread: wait with the event loop turning.
            bool failed = false;
            QObject::connect(&socket, &QAbstractSocket::errorOccurred, &socket, [&failed] { failed = true; });
            const bool ok = QTest::qWaitFor([&] { return socket.isEncrypted() || failed; }, 10'000) && !failed;
            return ok ? socket.sessionProtocol() : QSsl::UnknownProtocol;
        };
        QCOMPARE(handshake(QSsl::TlsV1_2OrLater, {}), QSsl::TlsV1_3);
        QList<QSslCipher> cbc;
        QList<QSslCipher> gcm;
        for (const QSslCipher &c : QSslConfiguration::supportedCiphers()) {
            if (c.protocol() != QSsl::TlsV1_2)
                continue;
            if (c.name() == QLatin1String("ECDHE-ECDSA-AES128-SHA256") ||
                c.name() == QLatin1String("ECDHE-ECDSA-AES128-SHA"))
                cbc.append(c);
            if (c.name() == QLatin1String("ECDHE-ECDSA-AES128-GCM-SHA256"))
                gcm.append(c);
        }
        if (cbc.isEmpty() || gcm.isEmpty())
            QSKIP("this OpenSSL lacks the TLS 1.2 suites the test offers");
        QCOMPARE(handshake(QSsl::TlsV1_2, gcm), QSsl::TlsV1_2);
        QCOMPARE(handshake(QSsl::TlsV1_2, cbc), QSsl::UnknownProtocol);
        for (const QSslCipher &c : CenterServer::tlsCiphers())
            QVERIFY2(c.protocol() == QSsl::TlsV1_3 || c.name().startsWith(QLatin1String("ECDHE-")),
                     qPrintable(c.name()));
    }
};

QTEST_GUILESS_MAIN(TestCenterHostile)
#include "tst_centerhostile.moc"
