#include <QBuffer>
#include <QCborValue>
#include <QDir>
#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "centerimport.h"
#include "centerserver.h"
#include "clocks.h"
#include "deviceenrolment.h"
#include "linktrouble.h"
#include "pgtestserver.h"
#include "roster.h"
#include "routedelta.h"
#include "routestore.h"
#include "synctestkit.h"
#include "testnet.h"
#include "trustedclock.h"
#include "wirecodec.h"

using namespace SyncTestKit;

// A terminal enrols itself over HTTP(S) with a one-time code: identity, roster and trusted time
// land in its data folder; its first worklist comes as a delta from version 0. Every refusal is
// said in words and leaves no identity behind.
class TestDeviceEnrolment : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Center m_center;
    std::unique_ptr<CenterServer> m_server;
    CenterServerConfig m_config;
    QBuffer m_log;
    int m_n = 0;

    QString freshDataDir() { return m_dir.filePath(QStringLiteral("device-%1").arg(++m_n)); }

    Status enrol(const QUrl &center, const QString &code, const QString &dataDir, DeviceIdentity *identity = nullptr,
                 const QByteArray &pin = {})
    {
        DeviceEnrolment enrolment;
        QSignalSpy done(&enrolment, &DeviceEnrolment::finished);
        enrolment.start({center, code, pin, dataDir, 5000});
        if (done.isEmpty() && !done.wait(15000))
            return Error{QStringLiteral("test.timeout"), QStringLiteral("no answer")};
        if (identity)
            *identity = done.first().at(1).value<DeviceIdentity>();
        const Error error = done.first().at(0).value<Error>();
        if (error.code.isEmpty())
            return success();
        return error;
    }

    QUrl url(const QString &scheme = QStringLiteral("http")) const
    {
        return QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(scheme).arg(m_server->port()));
    }

private Q_SLOTS:
    void init()
    {
        auto url = CenterTestDb::freshUrl(QStringLiteral("sqlite"), m_dir.path(), QStringLiteral("enrol"));
        QVERIFY(url.ok());
        auto center = openCenter(url.value());
        QVERIFY(center.ok());
        m_center = std::move(center).value();
        const Extract x = writeExtract(m_dir.path(), 1, 12);
        // Collectors with real PIN hashes, as the utility's export carries them.
        QFile collectors(x.collectors);
        QVERIFY(collectors.open(QIODevice::WriteOnly | QIODevice::Truncate));
        const QString lines = QStringLiteral("id,name,role,pin_hash,route,active\n"
                                             "C001,王师傅,collector,%1,R1,1\n"
                                             "S001,李站长,supervisor,%2,,1\n")
                                  .arg(PinHash::hash(QStringLiteral("1234"), 1000).value(),
                                       PinHash::hash(QStringLiteral("9999"), 1000).value());
        collectors.write(lines.toUtf8());
        collectors.close();
        QVERIFY(CenterImport(*m_center.store).run(x.accounts, x.bills, x.policy, x.collectors).ok());
        // A broken hash the import would refuse, as an older center may still hold one: the
        // device leaves it out of its roster.
        QVERIFY(m_center.db
                    ->exec(QStringLiteral("INSERT INTO collectors (id, name, role, pin_hash, route, active, version) "
                                          "VALUES ('X001', 'Broken', 'collector', 'pbkdf2$1$aa$bb', 'R1', 1, 0)"))
                    .ok());
        m_log.setData(QByteArray());
        QVERIFY(m_log.open(QIODevice::ReadWrite));
        m_config = CenterServerConfig{};
        m_config.log = &m_log;
        m_server = std::make_unique<CenterServer>(*m_center.db, m_config);
        QVERIFY(m_server->start().ok());
    }

    void cleanup()
    {
        m_server.reset();
        m_log.close();
        m_center = Center{};
    }

    void enrolsAndGetsItsRoute()
    {
        const QString data = freshDataDir();
        auto code = m_center.store->createEnrolmentCode(QStringLiteral("hh-01"), QStringLiteral("R1"), 3'600'000);
        QVERIFY(code.ok());
        DeviceIdentity identity;
        const Status s = enrol(url(), code.value(), data, &identity);
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
        QCOMPARE(identity.deviceId, QStringLiteral("hh-01"));
        QCOMPARE(identity.route, QStringLiteral("R1"));
        auto loaded = DeviceIdentity::load(data);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.value(), identity);
        QCOMPARE(QFile(QDir(data).filePath(QStringLiteral("device.key"))).permissions() &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        // The roster the center keeps for the route, PIN hashes and all.
        QFile rosterFile(QDir(data).filePath(QStringLiteral("roster.cbor")));
        QVERIFY(rosterFile.open(QIODevice::ReadOnly));
        const auto roster = Roster::fromCbor(QCborValue::fromCbor(rosterFile.readAll()).toArray());
        QVERIFY(roster.ok());
        QCOMPARE(roster.value().collectors().size(), 2); // the broken hash is left out
        QVERIFY(roster.value().find(QStringLiteral("S001")).has_value());
        // Trusted time is anchored on the center's.
        TrustedClock clock(QDir(data).filePath(QStringLiteral("clock.cbor")), systemMonotonicClock(),
                           systemWallClock());
        QVERIFY(clock.open().ok());
        QVERIFY(clock.lastCenterTimeMs().has_value());

        // The first worklist: the whole route as a delta from version 0, into the device's route.
        auto delta = m_center.store->worklistDelta(QStringLiteral("R1"), 0);
        QVERIFY(delta.ok());
        RouteStore route(QDir(data).filePath(QStringLiteral("route.sqlite")));
        QVERIFY(route.open().ok());
        const auto applied = route.applyChanges(routeChangesFrom(delta.value()));
        QVERIFY2(applied.ok(), qPrintable(applied.ok() ? QString() : applied.error().message));
        QCOMPARE(route.accountCount(), 12);
        QVERIFY(route.findByNumber(accountNumber(1, 3)).has_value());
        QCOMPARE(route.header().version, delta->version);

        // Enrolled once is enrolled: a second attempt is refused before anything is sent.
        auto again = m_center.store->createEnrolmentCode(QStringLiteral("hh-01b"), QStringLiteral("R1"), 3'600'000);
        QCOMPARE(enrol(url(), again.value(), data).error().code, QStringLiteral("enrol.already"));
    }

    void refusals()
    {
        auto code = m_center.store->createEnrolmentCode(QStringLiteral("hh-02"), QStringLiteral("R1"), 3'600'000);
        QVERIFY(code.ok());
        QVERIFY(enrol(url(), code.value(), freshDataDir()).ok());
        // Reused, unknown, expired: each in words, and no identity written.
        QString data = freshDataDir();
        Status s = enrol(url(), code.value(), data);
        QCOMPARE(s.error().code, QStringLiteral("enrol.code-used"));
        QVERIFY(!s.error().message.isEmpty());
        QVERIFY(!QFile::exists(DeviceIdentity::path(data)));
        QCOMPARE(DeviceIdentity::load(data).error().code, QStringLiteral("identity.none"));
        s = enrol(url(), QStringLiteral("NOSUCHCODE"), data);
        QCOMPARE(s.error().code, QStringLiteral("enrol.code-unknown"));
        auto shortLived = m_center.store->createEnrolmentCode(QStringLiteral("hh-03"), QStringLiteral("R1"), 1);
        QVERIFY(shortLived.ok());
        QTest::qWait(20);
        s = enrol(url(), shortLived.value(), data);
        QCOMPARE(s.error().code, QStringLiteral("enrol.code-expired"));
        QVERIFY(!QFile::exists(DeviceIdentity::path(data)));

        // Bad input on the device side never reaches the center.
        QCOMPARE(enrol(QUrl(QStringLiteral("ftp://x")), QStringLiteral("C"), data).error().code,
                 QStringLiteral("enrol.bad-address"));
        QCOMPARE(enrol(url(), QString(), data).error().code, QStringLiteral("enrol.bad-code"));
        QCOMPARE(enrol(url(), QString(200, QLatin1Char('A')), data).error().code, QStringLiteral("enrol.bad-code"));
        QCOMPARE(enrol(url(QStringLiteral("https")), QStringLiteral("C"), data).error().code,
                 QStringLiteral("enrol.bad-pin"));
        // Nobody there.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        const auto nobody = enrol(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), QStringLiteral("C"), data);
        QCOMPARE(nobody.error().code, QStringLiteral("enrol.unreachable"));
        // In words, not Qt's socket message.
        QCOMPARE(nobody.error().message, LinkTrouble::describe(QNetworkReply::ConnectionRefusedError, QString()));
        QVERIFY(!QFile::exists(DeviceIdentity::path(data)));
    }

    void linkTroubleInWords()
    {
        using E = QNetworkReply::NetworkError;
        const QString qtWords = QStringLiteral("Socket operation timed out");
        QSet<QString> seen;
        for (const E e : {E::ConnectionRefusedError, E::RemoteHostClosedError, E::HostNotFoundError, E::TimeoutError,
                          E::SslHandshakeFailedError, E::TemporaryNetworkFailureError, E::ProxyNotFoundError}) {
            const QString words = LinkTrouble::describe(e, qtWords);
            QVERIFY(!words.isEmpty());
            QVERIFY2(!words.contains(qtWords), qPrintable(words)); // ours, not Qt's
            seen.insert(words);
        }
        QCOMPARE(seen.size(), 7); // each says something different
        // Anything else keeps Qt's detail after our words.
        QVERIFY(LinkTrouble::describe(E::UnknownContentError, qtWords).endsWith(qtWords));
    }

    void hostileCenter_data()
    {
        QTest::addColumn<QByteArray>("response");
        const QByteArray garbage = "\x00\x00\x00\x05xxxxx";
        QTest::newRow("garbage") << ("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n" + garbage);
        QTest::newRow("not a reply") << ("HTTP/1.1 200 OK\r\nContent-Length: " +
                                         QByteArray::number(Wire::encode(QCborValue(42)).size()) + "\r\n\r\n" +
                                         Wire::encode(QCborValue(42)));
        QTest::newRow("empty 500") << QByteArray("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n");
        QTest::newRow("huge") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\nabc");
    }

    void hostileCenter()
    {
        QFETCH(QByteArray, response);
        QTcpServer hostile;
        QVERIFY(hostile.listen(QHostAddress::LocalHost, 0));
        connect(&hostile, &QTcpServer::newConnection, &hostile, [&hostile, response] {
            QTcpSocket *s = hostile.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [s, response] {
                s->readAll();
                s->write(response);
                s->disconnectFromHost();
            });
        });
        const QString data = freshDataDir();
        const Status s = enrol(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(hostile.serverPort())),
                               QStringLiteral("CODE1234"), data);
        QVERIFY(!s.ok());
        QVERIFY(!s.error().message.isEmpty());
        QVERIFY(!QFile::exists(DeviceIdentity::path(data)));
        QVERIFY(!QFile::exists(QDir(data).filePath(QStringLiteral("roster.cbor"))));
    }

    void pinnedTls()
    {
        QTemporaryDir certDir;
        QString cert, key;
        if (!TestNet::makeCertificate(certDir.path(), &cert, &key))
            QFAIL("the openssl tool is needed to make a test certificate");
        m_server.reset();
        m_config.certificatePath = cert;
        m_config.keyPath = key;
        m_server = std::make_unique<CenterServer>(*m_center.db, m_config);
        QVERIFY(m_server->start().ok());
        const QByteArray pin = m_server->keyPin();
        QCOMPARE(pin.size(), 32);

        auto code = m_center.store->createEnrolmentCode(QStringLiteral("hh-tls"), QStringLiteral("R1"), 3'600'000);
        QVERIFY(code.ok());
        // A wrong fingerprint: refused loudly, the code not spent.
        QByteArray wrong = pin;
        wrong[0] = char(wrong[0] ^ 1);
        QString data = freshDataDir();
        QCOMPARE(enrol(url(QStringLiteral("https")), code.value(), data, nullptr, wrong).error().code,
                 QStringLiteral("enrol.pin-mismatch"));
        QVERIFY(!QFile::exists(DeviceIdentity::path(data)));
        // The right one, typed as printed (hex with colons).
        auto typed = DeviceEnrolment::parsePin(QString::fromLatin1(pin.toHex(':')));
        QVERIFY(typed.ok());
        DeviceIdentity identity;
        const Status s = enrol(url(QStringLiteral("https")), code.value(), data, &identity, typed.value());
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
        QCOMPARE(identity.centerPin, pin);
        QCOMPARE(DeviceIdentity::load(data).value().centerPin, pin);
        QVERIFY(!DeviceEnrolment::parsePin(QStringLiteral("12:34")).ok());
        QVERIFY(!DeviceEnrolment::parsePin(QString(64, QLatin1Char('g'))).ok());
    }
};

QTEST_GUILESS_MAIN(TestDeviceEnrolment)
#include "tst_deviceenrolment.moc"
