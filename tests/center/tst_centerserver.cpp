#include <QBuffer>
#include <QCborArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "centerimport.h"
#include "centerserver.h"
#include "deskusers.h"
#include "pgtestserver.h"
#include "receiptcode.h"
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

} // namespace

class TestCenterServer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Center m_center;
    QBuffer m_log;
    std::unique_ptr<CenterServer> m_server;
    std::unique_ptr<Device> m_device;

    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path));
    }
    HttpReply device(const QByteArray &method, const QString &path, const QByteArray &body = {})
    {
        return TestNet::signedHttp(method, url(path), m_device->id, *m_device->key, body);
    }
    qint64 stored() const
    {
        return m_center.db->scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries")).value().toLongLong();
    }

private slots:
    void initTestCase_data() { CenterTestDb::addBackendRows(); }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        auto url = CenterTestDb::freshUrl(backend, m_dir.path(), QStringLiteral("server"));
        QVERIFY(url.ok());
        auto center = openCenter(url.value());
        QVERIFY(center.ok());
        m_center = std::move(center).value();
        const Extract x = writeExtract(m_dir.path(), 1, 20);
        QVERIFY(CenterImport(*m_center.store).run(x.accounts, x.bills, x.policy, x.collectors).ok());
        m_log.setData(QByteArray());
        QVERIFY(m_log.open(QIODevice::ReadWrite));
        CenterServerConfig config;
        config.log = &m_log;
        config.zone = QTimeZone::utc();
        config.limits.maxBodyBytes = 256 * 1024;
        config.verifyAddress = QStringLiteral("https://pay.example.cn/verify");
        m_server = std::make_unique<CenterServer>(*m_center.db, config);
        QVERIFY(m_server->start().ok());
        QTemporaryDir *devDir = new QTemporaryDir;
        devDir->setAutoRemove(true);
        auto d = enrolDevice(*m_center.store, devDir->path(), QStringLiteral("hh-1"), QStringLiteral("R1"));
        QVERIFY(d.ok());
        m_device = std::make_unique<Device>(std::move(d).value());
        QVERIFY(simulateDay(*m_device->journal, 1, 10, dayStart()).ok());
        QObject::connect(m_server.get(), &QObject::destroyed, [devDir] { delete devDir; });
    }

    void cleanup()
    {
        m_device.reset();
        m_server.reset();
        m_log.close();
        m_center = Center{};
    }

    void enrolOverHttp()
    {
        auto code = m_center.store->createEnrolmentCode(QStringLiteral("hh-2"), QStringLiteral("R1"), 60'000);
        QVERIFY(code.ok());
        const QByteArray body = Wire::encode(WireProtocol::EnrolRequest{code.value(), QByteArray(32, 'p')}.toCbor());
        HttpReply r = TestNet::http("POST", url(QStringLiteral("/v1/enrol")), body);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.contentType, Wire::mediaType());
        auto reply = WireProtocol::EnrolReply::fromCbor(Wire::decode(r.body, WireLimits::reply()).value());
        QVERIFY(reply.ok());
        QCOMPARE(reply.value().deviceId, QStringLiteral("hh-2"));
        QCOMPARE(reply.value().roster.size(), 2);
        HttpReply again = TestNet::http("POST", url(QStringLiteral("/v1/enrol")), body);
        QCOMPARE(again.status, 403);
        QCOMPARE(errorCode(again), QStringLiteral("enrol.code-used"));
    }

    void journalRoundTrip()
    {
        const qint64 last = m_device->journal->lastSeq();
        const QByteArray body =
            Wire::encode(WireProtocol::JournalBatch::encode(m_device->id, journalEntries(*m_device->journal, 1, last)));
        HttpReply r = device("POST", QStringLiteral("/v1/journal"), body);
        QCOMPARE(r.status, 200);
        auto ack = WireProtocol::JournalAck::fromCbor(Wire::decode(r.body, WireLimits::reply()).value());
        QVERIFY(ack.ok());
        QCOMPARE(ack.value().head, last);
        QCOMPARE(ack.value().stored, last);
        // "Where am I?"
        HttpReply head = device("GET", QStringLiteral("/v1/journal/head"));
        QCOMPARE(head.status, 200);
        QCOMPARE(WireProtocol::JournalAck::fromCbor(Wire::decode(head.body, WireLimits::reply()).value()).value().head,
                 last);
        // Resent: acknowledged, not stored again.
        HttpReply again = device("POST", QStringLiteral("/v1/journal"), body);
        QCOMPARE(again.status, 200);
        QCOMPARE(WireProtocol::JournalAck::fromCbor(Wire::decode(again.body, WireLimits::reply()).value())
                     .value()
                     .duplicates,
                 last);
        QCOMPARE(stored(), last);
        // One JSON line per request.
        const QList<QByteArray> lines = m_log.data().trimmed().split('\n');
        int requests = 0;
        for (const QByteArray &line : lines) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            QVERIFY2(!o.isEmpty(), line.constData());
            if (o.value(QStringLiteral("event")).toString() == QLatin1String("request"))
                ++requests;
        }
        QVERIFY(requests >= 3);
    }

    void refusalComesWithReasonAndHead()
    {
        const QByteArray body =
            Wire::encode(WireProtocol::JournalBatch::encode(m_device->id, journalEntries(*m_device->journal, 3, 5)));
        HttpReply r = device("POST", QStringLiteral("/v1/journal"), body);
        QCOMPARE(r.status, 409);
        auto ack = WireProtocol::JournalAck::fromCbor(Wire::decode(r.body, WireLimits::reply()).value());
        QVERIFY(ack.ok());
        QCOMPARE(ack.value().head, 0);
        QCOMPARE(ack.value().refusal->code, QStringLiteral("journal.gap"));
        QVERIFY(m_log.data().contains("\"event\":\"refusal\""));
    }

    void authentication()
    {
        // No signature at all.
        HttpReply none = TestNet::http("GET", url(QStringLiteral("/v1/journal/head")));
        QCOMPARE(none.status, 401);
        QCOMPARE(errorCode(none), QStringLiteral("device.unknown"));
        // Signed by another key.
        DeviceKey other = DeviceKey::generate();
        HttpReply forged = TestNet::signedHttp("GET", url(QStringLiteral("/v1/journal/head")), m_device->id, other);
        QCOMPARE(forged.status, 401);
        QCOMPARE(errorCode(forged), QStringLiteral("device.bad-request-signature"));
        // Signed for another query: the signature covers the target.
        HttpReply moved = TestNet::http(
            "GET", url(QStringLiteral("/v1/worklist?since=0")), {},
            {{"X-Doorstep-Device", m_device->id.toUtf8()},
             {"X-Doorstep-Signature",
              m_device->key->sign(WireProtocol::requestSigningMessage("GET", "/v1/worklist?since=5", {})).toBase64()}});
        QCOMPARE(moved.status, 401);
        // A device uploading another device's journal.
        auto other2 = enrolDevice(*m_center.store, m_dir.path(), QStringLiteral("hh-3"), QStringLiteral("R1"));
        QVERIFY(other2.ok());
        const QByteArray body =
            Wire::encode(WireProtocol::JournalBatch::encode(m_device->id, journalEntries(*m_device->journal, 1, 2)));
        HttpReply wrong = TestNet::signedHttp("POST", url(QStringLiteral("/v1/journal")), QStringLiteral("hh-3"),
                                              *other2.value().key, body);
        QCOMPARE(wrong.status, 403);
        QCOMPARE(errorCode(wrong), QStringLiteral("journal.wrong-device"));
        QCOMPARE(stored(), 0);
    }

    // A revoked device's key is refused on every endpoint, even correctly signed; what it sent
    // before stays; another's signature over its name is still "not signed", never "revoked".
    void aRevokedDeviceIsRefusedAndKeepsWhatItSent()
    {
        const QByteArray body =
            Wire::encode(WireProtocol::JournalBatch::encode(m_device->id, journalEntries(*m_device->journal, 1, 4)));
        QCOMPARE(device("POST", QStringLiteral("/v1/journal"), body).status, 200);
        QCOMPARE(stored(), 4);
        QVERIFY(m_center.store->revokeDevice(m_device->id).ok());
        for (const auto &[method, path] :
             {std::pair{"GET", "/v1/journal/head"}, std::pair{"GET", "/v1/commands?roster=0"},
              std::pair{"GET", "/v1/worklist?since=0"}}) {
            HttpReply r = device(method, QString::fromLatin1(path));
            QCOMPARE(r.status, 401);
            QCOMPARE(errorCode(r), QStringLiteral("device.revoked"));
        }
        const QByteArray more =
            Wire::encode(WireProtocol::JournalBatch::encode(m_device->id, journalEntries(*m_device->journal, 5, 6)));
        HttpReply upload = device("POST", QStringLiteral("/v1/journal"), more);
        QCOMPARE(upload.status, 401);
        QCOMPARE(errorCode(upload), QStringLiteral("device.revoked"));
        QCOMPARE(stored(), 4);
        DeviceKey other = DeviceKey::generate();
        HttpReply forged = TestNet::signedHttp("GET", url(QStringLiteral("/v1/journal/head")), m_device->id, other);
        QCOMPARE(errorCode(forged), QStringLiteral("device.bad-request-signature"));
    }

    void badInputToEveryEndpoint_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");

        const QByteArray garbage("\x00\x00\x00\x10not zlib at all!", 20);
        QByteArray truncated = Wire::encode(QCborMap{{QStringLiteral("code"), QStringLiteral("X")}});
        truncated.chop(4);
        const QByteArray notAMap = Wire::encode(QCborArray{1, 2, 3});
        QCborArray huge;
        for (int i = 0; i < 10'001; ++i)
            huge.append(i);
        const QByteArray hugeArray = Wire::encode(QCborMap{{QStringLiteral("device"), QStringLiteral("hh-1")},
                                                           {QStringLiteral("first"), 1},
                                                           {QStringLiteral("prev"), QByteArray(32, '\0')},
                                                           {QStringLiteral("entries"), huge}});
        const QByteArray wrongTypes = Wire::encode(QCborMap{{QStringLiteral("device"), 7},
                                                            {QStringLiteral("first"), QStringLiteral("one")},
                                                            {QStringLiteral("prev"), QByteArray(32, '\0')},
                                                            {QStringLiteral("entries"), QCborArray{}}});
        const QByteArray badEntry = Wire::encode(QCborMap{{QStringLiteral("device"), QStringLiteral("hh-1")},
                                                          {QStringLiteral("first"), 1},
                                                          {QStringLiteral("prev"), QByteArray(32, '\0')},
                                                          {QStringLiteral("entries"), QCborArray{QCborArray{2, 0}}}});
        const QByteArray floatAmount = Wire::encode(QCborMap{{QStringLiteral("code"), 1.5}});
        const QByteArray shortKey =
            Wire::encode(WireProtocol::EnrolRequest{QStringLiteral("ABC"), QByteArray(5, 'k')}.toCbor());
        const QByteArray oversized(300 * 1024, 'x');

        for (const char *path : {"/v1/enrol", "/v1/journal", "/v1/commands/ack"}) {
            const QString p = QString::fromLatin1(path);
            QTest::addRow("%s malformed", path)
                << QByteArray("POST") << p << garbage << 400 << QStringLiteral("wire.corrupt");
            QTest::addRow("%s truncated", path)
                << QByteArray("POST") << p << truncated << 400 << QStringLiteral("wire.corrupt");
            QTest::addRow("%s empty", path)
                << QByteArray("POST") << p << QByteArray() << 400 << QStringLiteral("wire.empty");
            QTest::addRow("%s not a map", path)
                << QByteArray("POST") << p << notAMap << 400 << QStringLiteral("wire.field");
            QTest::addRow("%s float", path)
                << QByteArray("POST") << p << floatAmount << 400 << QStringLiteral("wire.float");
            QTest::addRow("%s oversized", path)
                << QByteArray("POST") << p << oversized << 413 << QStringLiteral("wire.too-large");
        }
        QTest::newRow("journal huge array") << QByteArray("POST") << QStringLiteral("/v1/journal") << hugeArray << 400
                                            << QStringLiteral("wire.array-too-long");
        QTest::newRow("journal wrong types")
            << QByteArray("POST") << QStringLiteral("/v1/journal") << wrongTypes << 400 << QStringLiteral("wire.field");
        QTest::newRow("journal bad entry")
            << QByteArray("POST") << QStringLiteral("/v1/journal") << badEntry << 400 << QStringLiteral("wire.field");
        QTest::newRow("enrol short key") << QByteArray("POST") << QStringLiteral("/v1/enrol") << shortKey << 400
                                         << QStringLiteral("wire.field");
        QTest::newRow("worklist since=-1") << QByteArray("GET") << QStringLiteral("/v1/worklist?since=-1")
                                           << QByteArray() << 400 << QStringLiteral("request.bad-parameter");
        QTest::newRow("worklist since=abc") << QByteArray("GET") << QStringLiteral("/v1/worklist?since=abc")
                                            << QByteArray() << 400 << QStringLiteral("request.bad-parameter");
        QTest::newRow("commands roster=x") << QByteArray("GET") << QStringLiteral("/v1/commands?roster=x")
                                           << QByteArray() << 400 << QStringLiteral("request.bad-parameter");
        for (const char *query :
             {"head=-1", "head=x", "head=", "head=9007199254740993", "head=1&oldest=1", "oldest=1780000000000",
              "head=1&oldest=abc", "head=1&oldest=99999999999999", "head=000000000000000000001"})
            QTest::newRow(qPrintable(QStringLiteral("commands %1").arg(QLatin1String(query))))
                << QByteArray("GET") << QStringLiteral("/v1/commands?roster=0&") + QLatin1String(query) << QByteArray()
                << 400 << QStringLiteral("request.bad-parameter");
        QTest::newRow("unknown path") << QByteArray("GET") << QStringLiteral("/v1/nothing") << QByteArray() << 404
                                      << QStringLiteral("http.not-found");
        QTest::newRow("wrong method") << QByteArray("GET") << QStringLiteral("/v1/enrol") << QByteArray() << 404
                                      << QStringLiteral("http.not-found");
    }

    void badInputToEveryEndpoint()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        const qint64 devicesBefore =
            m_center.db->scalar(QStringLiteral("SELECT COUNT(*) FROM devices")).value().toLongLong();
        HttpReply r = device(method, path, body);
        QCOMPARE(r.status, status);
        QCOMPARE(errorCode(r), code);
        QCOMPARE(stored(), 0);
        QCOMPARE(m_center.db->scalar(QStringLiteral("SELECT COUNT(*) FROM devices")).value().toLongLong(),
                 devicesBefore);
        // The server is still there for the next request.
        QCOMPARE(device("GET", QStringLiteral("/v1/journal/head")).status, 200);
    }

    void guardRefusesBeforeBuffering()
    {
        // A Content-Length far above the limit: refused from the head, the body never read.
        QByteArray r = TestNet::raw(m_server->port(),
                                    "POST /v1/journal HTTP/1.1\r\nHost: x\r\nContent-Length: 9999999999\r\n\r\n");
        QVERIFY2(r.startsWith("HTTP/1.1 413"), r.left(40).constData());
        // Chunked bodies are not accepted.
        r = TestNet::raw(
            m_server->port(),
            "POST /v1/journal HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        QVERIFY2(r.startsWith("HTTP/1.1 411"), r.left(40).constData());
        // A head that never ends.
        r = TestNet::raw(m_server->port(), "GET /v1/journal/head HTTP/1.1\r\nX-Pad: " + QByteArray(40'000, 'a'));
        QVERIFY2(r.startsWith("HTTP/1.1 431"), r.left(40).constData());
        // Bad Content-Length.
        r = TestNet::raw(m_server->port(), "POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n");
        QVERIFY2(r.startsWith("HTTP/1.1 400"), r.left(40).constData());
        // The refusal body is a framed CBOR error a device can read.
        const qsizetype split = r.indexOf("\r\n\r\n");
        auto body = Wire::decode(r.mid(split + 4), WireLimits::reply());
        QVERIFY(body.ok());
        QCOMPARE(WireProtocol::ErrorReply::fromCbor(body.value()).value().code, QStringLiteral("http.bad-length"));
        QCOMPARE(device("GET", QStringLiteral("/v1/journal/head")).status, 200);
    }

    // A device says where its journal stands with each commands request; the center keeps the
    // last thing it said (for the desk), and an old device that says nothing changes nothing.
    void devicesReportTheirHead()
    {
        const QString id = m_device->id;
        auto before = m_center.store->device(id).value().value();
        QVERIFY(!before.reportedHead);
        QCOMPARE(device("GET", QStringLiteral("/v1/commands?roster=0")).status, 200);
        QVERIFY(!m_center.store->device(id).value().value().reportedHead);

        const qint64 askedMs = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(
            device("GET", QStringLiteral("/v1/commands?roster=0&head=%1&oldest=1789990000000").arg(before.headSeq + 3))
                .status,
            200);
        auto after = m_center.store->device(id).value().value();
        QCOMPARE(after.reportedHead, before.headSeq + 3);
        QCOMPARE(after.reportedOldestMs, qint64(1'789'990'000'000));
        QVERIFY(after.reportedMs >= askedMs && after.reportedMs <= QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(after.oldestUnsyncedMs(), qint64(1'789'990'000'000));

        // All held: nothing waits, whatever time came with it.
        QCOMPARE(device("GET", QStringLiteral("/v1/commands?roster=0&head=%1").arg(before.headSeq)).status, 200);
        after = m_center.store->device(id).value().value();
        QCOMPARE(after.reportedHead, before.headSeq);
        QVERIFY(!after.reportedOldestMs);
        QVERIFY(!after.oldestUnsyncedMs());
    }

    // The public page a receipt's QR code opens: anyone may ask, the answer is in words in both
    // languages with nothing the receipt does not show, and rubbish gets a clear 400.
    void verifyPageAnswersAnyone()
    {
        // Terminals learn the address with their commands; receipts print it before the code.
        HttpReply commands = device("GET", QStringLiteral("/v1/commands?roster=0"));
        QCOMPARE(commands.status, 200);
        QCOMPARE(WireProtocol::CommandsReply::fromCbor(Wire::decode(commands.body, WireLimits::reply()).value())
                     .value()
                     .verifyAddress,
                 QStringLiteral("https://pay.example.cn/verify"));

        HttpReply empty = TestNet::http("GET", url(QStringLiteral("/verify")));
        QCOMPARE(empty.status, 200);
        QCOMPARE(empty.contentType, QByteArray("text/html; charset=utf-8"));
        QVERIFY(empty.body.contains("<form method=\"post\">"));
        QVERIFY(!empty.body.contains("id=\"verdict\""));
        // Its own style and script by hash, nothing from anywhere else.
        const QByteArray csp = empty.headers.value("content-security-policy");
        QVERIFY2(csp.startsWith("default-src 'none'; style-src 'sha256-"), csp.constData());
        QVERIFY(csp.contains("script-src 'sha256-"));
        QVERIFY(!csp.contains("unsafe"));
        QCOMPARE(empty.headers.value("x-content-type-options"), QByteArray("nosniff"));
        QCOMPARE(empty.headers.value("cache-control"), QByteArray("no-store"));

        // A payment of the device's journal, as its receipt's code says it.
        std::optional<JournalEntry> paid;
        m_device->journal->forEach(1, m_device->journal->lastSeq(), [&paid](const JournalEntry &e) {
            if (e.kind == EntryKind::Payment)
                paid = e;
            return !paid;
        });
        QVERIFY(paid);
        const PaymentRecord p = recordFromCbor<PaymentRecord>(paid->body).value();
        const auto codeOf = [&](const DeviceKey &key, qint64 amountFen) {
            return ReceiptCode::sign(ReceiptCode::Kind::Payment, key, paid->seq, paid->timeMs, p.accountNumber,
                                     amountFen)
                .text(QStringLiteral("https://pay.example.cn/verify"));
        };
        const auto post = [this](const QByteArray &form) {
            return TestNet::http("POST", url(QStringLiteral("/verify")), form,
                                 {{"Content-Type", "application/x-www-form-urlencoded"}});
        };
        const auto ask = [&post](const QString &code) { return post("code=" + QUrl::toPercentEncoding(code)); };
        const auto status = [](const HttpReply &r) {
            const qsizetype at = r.body.indexOf("data-status=\"");
            return at < 0 ? QByteArray() : r.body.mid(at + 13, r.body.indexOf('"', at + 13) - at - 13);
        };

        const QString genuine = codeOf(*m_device->key, p.amount.fen());
        HttpReply before = ask(genuine);
        QCOMPARE(before.status, 200);
        QCOMPARE(status(before), QByteArray("not-yet-synced"));
        QVERIFY(before.body.contains("从未 never")); // the terminal never synced
        QCOMPARE(before.headers.value("content-security-policy"), csp);

        const qint64 last = m_device->journal->lastSeq();
        QCOMPARE(device("POST", QStringLiteral("/v1/journal"),
                        Wire::encode(WireProtocol::JournalBatch::encode(m_device->id,
                                                                        journalEntries(*m_device->journal, 1, last))))
                     .status,
                 200);
        HttpReply recorded = ask(genuine);
        QCOMPARE(recorded.status, 200);
        QCOMPARE(status(recorded), QByteArray("recorded"));
        QVERIFY(recorded.body.contains("真实收据，中心已记录"));
        QVERIFY(recorded.body.contains("Genuine receipt, recorded at the center"));
        QVERIFY(recorded.body.contains(p.accountNumber.toUtf8()));
        QVERIFY(recorded.body.contains(m_device->id.toUtf8()));
        // Only the bare code, pasted without the address, answers the same.
        QCOMPARE(status(ask(genuine.mid(genuine.indexOf(QLatin1Char('#')) + 1))), QByteArray("recorded"));

        // Signed by a key no terminal here holds: forged, and no terminal of ours is named.
        const DeviceKey stranger = DeviceKey::generate();
        HttpReply forged = ask(codeOf(stranger, p.amount.fen()));
        QCOMPARE(forged.status, 200);
        QCOMPARE(status(forged), QByteArray("forged"));
        QVERIFY(!forged.body.contains(m_device->id.toUtf8()));
        // The terminal's code with the amount changed by a fen no longer verifies: forged too.
        ReceiptCode altered = ReceiptCode::sign(ReceiptCode::Kind::Payment, *m_device->key, paid->seq, paid->timeMs,
                                                p.accountNumber, p.amount.fen());
        altered.amountFen += 1;
        QCOMPARE(status(ask(altered.text())), QByteArray("forged"));

        // Rubbish: 400 with the reason, the text handed back escaped, never run.
        HttpReply rubbish = ask(QStringLiteral("<script>alert(1)</script>"));
        QCOMPARE(rubbish.status, 400);
        QCOMPARE(status(rubbish), QByteArray("malformed"));
        QVERIFY(!rubbish.body.contains("<script>alert"));
        QVERIFY(rubbish.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        QCOMPARE(post(QByteArray()).status, 400);                                      // no code at all
        QCOMPARE(post("code=" + QByteArray(10 * 1024, 'A')).status, 400);              // 10 KB
        QCOMPARE(post("code=A&code=" + QUrl::toPercentEncoding(genuine)).status, 400); // two codes
        QCOMPARE(post("code=%ZZ%00").status, 400);
        // Nothing of that reached the supervisor's exceptions: only genuine codes may record alarms.
        QCOMPARE(m_center.db->scalar(QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind LIKE 'receipt-%'"))
                     .value()
                     .toLongLong(),
                 0);
    }

    void reports()
    {
        const qint64 last = m_device->journal->lastSeq();
        QCOMPARE(device("POST", QStringLiteral("/v1/journal"),
                        Wire::encode(WireProtocol::JournalBatch::encode(m_device->id,
                                                                        journalEntries(*m_device->journal, 1, last))))
                     .status,
                 200);
        HttpReply denied = TestNet::http("GET", url(QStringLiteral("/v1/reports/totals?day=2026-11-02&format=json")));
        QCOMPARE(denied.status, 401);
        auto token = m_center.store->createSupervisorToken(QStringLiteral("Li Na"));
        QVERIFY(token.ok());
        const QList<QPair<QByteArray, QByteArray>> auth{{"Authorization", "Bearer " + token.value().toUtf8()}};
        HttpReply json =
            TestNet::http("GET", url(QStringLiteral("/v1/reports/totals?day=2026-11-02&format=json")), {}, auth);
        QCOMPARE(json.status, 200);
        QCOMPARE(json.contentType, QByteArray("application/json"));
        const QJsonArray rows = QJsonDocument::fromJson(json.body).array();
        QVERIFY(!rows.isEmpty());
        QCOMPARE(rows.first().toObject().value(QStringLiteral("dimension")).toString(), QStringLiteral("total"));
        HttpReply csv =
            TestNet::http("GET", url(QStringLiteral("/v1/reports/totals?day=2026-11-02&format=csv")), {}, auth);
        QCOMPARE(csv.status, 200);
        QVERIFY(csv.body.startsWith("dimension,key,count,amount\r\ntotal,,"));
        HttpReply cbor =
            TestNet::http("GET", url(QStringLiteral("/v1/reports/exceptions?from=2026-11-01&to=2026-12-31")), {}, auth);
        QCOMPARE(cbor.status, 200);
        QVERIFY(QCborValue::fromCbor(cbor.body).isArray());
        HttpReply bad = TestNet::http("GET", url(QStringLiteral("/v1/reports/totals?day=yesterday")), {}, auth);
        QCOMPARE(bad.status, 400);
    }

    // The web desk's door over HTTP: login form, lockout, session cookie, CSRF on logout, and
    // hostile forms refused without a session or a crash.
    void deskLoginSessionAndLogout()
    {
        QVERIFY(DeskUsers(*m_center.db)
                    .add(QStringLiteral("li"), DeskUser::Role::Supervisor, QStringLiteral("B1"),
                         QStringLiteral("correct horse battery"), m_center.store->now(), 1000)
                    .ok());
        const auto post = [&](const char *path, const QByteArray &body, const QByteArray &cookie = QByteArray()) {
            QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/x-www-form-urlencoded"}};
            if (!cookie.isEmpty())
                headers.append({"Cookie", cookie});
            return TestNet::http("POST", url(QString::fromLatin1(path)), body, headers);
        };
        const auto get = [&](const char *path, const QByteArray &cookie = QByteArray()) {
            QList<QPair<QByteArray, QByteArray>> headers;
            if (!cookie.isEmpty())
                headers.append({"Cookie", cookie});
            return TestNet::http("GET", url(QString::fromLatin1(path)), QByteArray(), headers);
        };

        HttpReply r = get("/desk");
        QCOMPARE(r.status, 303);
        QCOMPARE(r.headers.value("location"), QByteArray("/desk/login"));
        r = get("/desk/login");
        QCOMPARE(r.status, 200);
        // The login form's token, and the cookie that carries it (login CSRF).
        const qsizetype tokenAt = r.body.indexOf("name=\"login_csrf\" value=\"") + 25;
        const QByteArray token = r.body.mid(tokenAt, r.body.indexOf('"', tokenAt) - tokenAt);
        const QByteArray loginCookie = r.headers.value("set-cookie").left(r.headers.value("set-cookie").indexOf(';'));
        QVERIFY(loginCookie.startsWith("doorstep_desk_login="));
        const auto login = [&](const QByteArray &form) {
            return post("/desk/login", "login_csrf=" + token + "&" + form, loginCookie);
        };
        QVERIFY(r.headers.value("content-security-policy").startsWith("default-src 'none'"));
        QCOMPARE(r.headers.value("x-frame-options"), QByteArray("DENY"));
        QVERIFY(r.body.contains("action=\"/desk/login\""));
        // The one stylesheet the policy allows, from the desk itself.
        QVERIFY(r.headers.value("content-security-policy").contains("style-src 'self'"));
        QVERIFY(!r.headers.value("content-security-policy").contains("script-src"));
        r = get("/desk/desk.css");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("content-type"), QByteArray("text/css; charset=utf-8"));
        QVERIFY(r.body.contains("table{"));

        // A wrong password: 401, the name given back escaped.
        r = login("name=%3Cscript%3Eli&password=nope");
        QCOMPARE(r.status, 401);
        QVERIFY(r.body.contains("Wrong name or password."));
        QVERIFY(!r.body.contains("<script>"));
        QVERIFY(r.body.contains("&lt;script&gt;li"));
        QVERIFY(!r.headers.value("set-cookie").startsWith("doorstep_desk="));

        // Hostile forms: refused whole, nothing logged in.
        for (const QByteArray &bad : QByteArrayList{
                 QByteArray("name=li"), QByteArray("name=li&password=a&password=b"),
                 QByteArray("name=li&password=a&x=1"), QByteArray("name=li&password=%FF%FE"),
                 QByteArray("name=li&password=") + QByteArray(5000, 'a'), QByteArray("&&&"), QByteArray("=x")}) {
            r = login(bad);
            QVERIFY2(r.status == 400, bad.left(40).constData());
            QVERIFY(!r.headers.value("set-cookie").startsWith("doorstep_desk="));
        }
        r = login("name=li%27%20OR%20%271%27%3D%271&password=x%27%20OR%20%271%27%3D%271");
        QCOMPARE(r.status, 401);

        r = login("name=li&password=correct+horse+battery");
        QCOMPARE(r.status, 303);
        QCOMPARE(r.headers.value("location"), QByteArray("/desk"));
        const QByteArray setCookie = r.headers.value("set-cookie");
        QVERIFY2(setCookie.contains("; Path=/desk; HttpOnly; SameSite=Strict"), setCookie.constData());
        QVERIFY(!setCookie.contains("Secure")); // plain HTTP on loopback
        const QByteArray cookie = setCookie.left(setCookie.indexOf(';'));
        r = get("/desk", "theme=dark; " + cookie);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("data-user=\"li\""));
        const qsizetype at = r.body.indexOf("name=\"csrf\" value=\"");
        QVERIFY(at > 0);
        const QByteArray csrf = r.body.mid(at + 19, r.body.indexOf('"', at + 19) - at - 19);
        QCOMPARE(csrf.size(), 43);

        // A logout without the session's CSRF token (another site's form) changes nothing.
        for (const QByteArray &forged :
             QByteArrayList{QByteArray(), QByteArray("csrf="), QByteArray("csrf=") + csrf.left(42)}) {
            r = post("/desk/logout", forged, cookie);
            QCOMPARE(r.status, 403);
        }
        QCOMPARE(get("/desk", cookie).status, 200);
        r = post("/desk/logout", "csrf=" + csrf, cookie);
        QCOMPARE(r.status, 303);
        QCOMPARE(r.headers.value("location"), QByteArray("/desk/login"));
        QVERIFY(r.headers.value("set-cookie").contains("Max-Age=0"));
        QCOMPARE(get("/desk", cookie).status, 303);
        QCOMPARE(get("/desk", "doorstep_desk=' OR 1=1 --").status, 303);

        // Four wrong passwords lock the name: the right one then gets 429.
        for (int i = 0; i < 4; ++i)
            QCOMPARE(login("name=li&password=wrong").status, 401);
        r = login("name=li&password=correct+horse+battery");
        QCOMPARE(r.status, 429);
        QVERIFY(r.body.contains("locked until"));
        QCOMPARE(m_center.db->scalar(QStringLiteral("SELECT COUNT(*) FROM desk_audit WHERE action = 'login'"))
                     .value()
                     .toLongLong(),
                 1);
    }
};

QTEST_GUILESS_MAIN(TestCenterServer)
#include "tst_centerserver.moc"
