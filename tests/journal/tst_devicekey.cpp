#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include "journalentry.h"

// The device's Ed25519 key: generated once, readable by its owner only, refused otherwise.
class TestDeviceKey : public QObject
{
    Q_OBJECT

private slots:
    void signAndVerify();
    void createdOwnerOnlyAndReloaded();
    void refusesReadableByOthers();
    void refusesGarbageAndOtherKeys_data();
    void refusesGarbageAndOtherKeys();
    void pemRoundTrip();
};

void TestDeviceKey::signAndVerify()
{
    const DeviceKey key = DeviceKey::generate();
    QVERIFY(key.isValid());
    QCOMPARE(key.publicKey().size(), 32);
    const QByteArray message("pay 123.45");
    const QByteArray sig = key.sign(message);
    QCOMPARE(sig.size(), 64);
    QVERIFY(DeviceKey::verify(key.publicKey(), message, sig));
    QVERIFY(!DeviceKey::verify(key.publicKey(), QByteArray("pay 123.46"), sig));
    QByteArray flipped = sig;
    flipped[10] = char(flipped[10] ^ 1);
    QVERIFY(!DeviceKey::verify(key.publicKey(), message, flipped));
    QVERIFY(!DeviceKey::verify(DeviceKey::generate().publicKey(), message, sig));
    QVERIFY(!DeviceKey::verify(QByteArray(31, 'x'), message, sig));
    QVERIFY(!DeviceKey::verify(key.publicKey(), message, sig.left(63)));
    QVERIFY(!DeviceKey().isValid());
    QVERIFY(DeviceKey().sign(message).isEmpty());
}

void TestDeviceKey::createdOwnerOnlyAndReloaded()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("device.key"));
    const auto created = DeviceKey::loadOrCreate(path);
    QVERIFY(created.ok());
    struct stat st
    {
    };
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
    const auto loaded = DeviceKey::loadOrCreate(path);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->publicKey(), created->publicKey());
    QVERIFY(DeviceKey::verify(created->publicKey(), "x", loaded->sign("x")));
}

void TestDeviceKey::refusesReadableByOthers()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("device.key"));
    QVERIFY(DeviceKey::loadOrCreate(path).ok());
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
    const auto r = DeviceKey::loadOrCreate(path);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("devicekey.permissions"));
    QVERIFY(r.error().message.contains(path));
}

void TestDeviceKey::refusesGarbageAndOtherKeys_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbage") << QByteArray("not a key at all\n");
    QTest::newRow("truncated pem") << QByteArray("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2Vw\n");
    // A valid PEM, but an X25519 key, not Ed25519.
    QTest::newRow("x25519") << QByteArray("-----BEGIN PRIVATE KEY-----\n"
                                          "MC4CAQAwBQYDK2VuBCIEIGiQ4Aq6mmv4Tnf8s2XvbiHzCWCbz9l1DMeA+IfnXuJx\n"
                                          "-----END PRIVATE KEY-----\n");
}

void TestDeviceKey::refusesGarbageAndOtherKeys()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("device.key"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const auto r = DeviceKey::loadOrCreate(path);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("devicekey.invalid"));
    // The bad file is left as it was: nothing overwrote it with a new key.
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), content);
    // The same bytes held in memory (the center's key in its database): refused alike.
    QCOMPARE(DeviceKey::fromPem(content).error().code, QStringLiteral("devicekey.invalid"));
}

void TestDeviceKey::pemRoundTrip()
{
    const DeviceKey key = DeviceKey::generate();
    const QByteArray pem = key.toPem();
    QVERIFY(pem.startsWith("-----BEGIN PRIVATE KEY-----"));
    const auto back = DeviceKey::fromPem(pem);
    QVERIFY(back.ok());
    QCOMPARE(back->publicKey(), key.publicKey());
    QVERIFY(DeviceKey::verify(key.publicKey(), "x", back->sign("x")));
    QVERIFY(DeviceKey().toPem().isEmpty());
    QCOMPARE(DeviceKey::fromPem(QByteArray(70 * 1024, 'A')).error().code, QStringLiteral("devicekey.invalid"));
}

QTEST_GUILESS_MAIN(TestDeviceKey)
#include "tst_devicekey.moc"
