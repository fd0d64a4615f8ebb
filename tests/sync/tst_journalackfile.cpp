// The center's receipt for an imported journal export, as a terminal reads it from a memory
// card: read back exactly when the center's key signed it, and refused in words otherwise
// (another key, one byte changed, cut short, not a receipt, too large, a signed but impossible
// field).
#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "journalackfile.h"

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

/// A receipt signed by `key` over a payload of the caller's making.
QByteArray signedReceipt(const DeviceKey &key, const QCborMap &payload)
{
    const QByteArray bytes = QCborValue(payload).toCbor();
    return QByteArray("DOORSTEP-JOURNAL-ACK 1\n") + QCborValue(QCborArray{bytes, key.sign(bytes)}).toCbor();
}

} // namespace

class TestJournalAckFile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    DeviceKey m_center = DeviceKey::generate();
    const JournalAckFile m_ack{QStringLiteral("hh-07"), 412, QByteArray(32, '\x11'), 1'765'000'000'000};

private slots:
    void readsBackWhatTheCenterSigned()
    {
        QCOMPARE(JournalAckFile::fileName(QStringLiteral("hh-07"), 412), QStringLiteral("hh-07-412.doorstep-ack"));
        const QString path = m_dir.filePath(JournalAckFile::fileName(m_ack.deviceId, m_ack.head));
        QVERIFY(JournalAckFile::write(path, m_center, m_ack).ok());
        QVERIFY(readAll(path).size() < 300);
        const auto back = JournalAckFile::read(path, m_center.publicKey());
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
        QCOMPARE(back->deviceId, m_ack.deviceId);
        QCOMPARE(back->head, m_ack.head);
        QCOMPARE(back->headHash, m_ack.headHash);
        QCOMPARE(back->centerMs, m_ack.centerMs);
    }

    void refusesWhatTheCenterDidNotSign()
    {
        const QString path = m_dir.filePath(QStringLiteral("r.doorstep-ack"));
        QVERIFY(JournalAckFile::write(path, m_center, m_ack).ok());
        const QByteArray good = readAll(path);
        // Another key (a forger's own center, a terminal's key).
        const DeviceKey other = DeviceKey::generate();
        auto forged = JournalAckFile::read(path, other.publicKey());
        QVERIFY(!forged.ok());
        QCOMPARE(forged.error().code, QStringLiteral("ack.bad-signature"));
        QCOMPARE(JournalAckFile::read(path, QByteArray()).error().code, QStringLiteral("ack.bad-signature"));
        // Every single byte after the magic line flipped: never accepted.
        const qsizetype magic = qsizetype(qstrlen("DOORSTEP-JOURNAL-ACK 1\n"));
        for (qsizetype i = magic; i < good.size(); ++i) {
            QByteArray bad = good;
            bad[i] = char(bad[i] ^ 0x01);
            QVERIFY(writeAll(path, bad));
            QVERIFY2(!JournalAckFile::read(path, m_center.publicKey()).ok(), qPrintable(QString::number(i)));
        }
        // Cut short anywhere.
        for (qsizetype n = 0; n < good.size(); n += 7) {
            QVERIFY(writeAll(path, good.left(n)));
            QVERIFY(!JournalAckFile::read(path, m_center.publicKey()).ok());
        }
    }

    void refusesWhatIsNoReceipt()
    {
        const QString path = m_dir.filePath(QStringLiteral("x.doorstep-ack"));
        const QByteArray magic("DOORSTEP-JOURNAL-ACK 1\n");
        const QList<QByteArray> junks{QByteArray(), QByteArray("DOORSTEP-JOURNAL-EXPORT 1\n\x82\x40\x40"), magic,
                                      magic + QByteArray("\x82\x40\x40"), magic + QByteArray(5000, '\x40')};
        for (const QByteArray &junk : junks) {
            QVERIFY(writeAll(path, junk));
            const auto r = JournalAckFile::read(path, m_center.publicKey());
            QVERIFY(!r.ok());
            QVERIFY2(r.error().code.startsWith(QStringLiteral("ack.")), qPrintable(r.error().code));
        }
        QCOMPARE(JournalAckFile::read(m_dir.filePath(QStringLiteral("none")), m_center.publicKey()).error().code,
                 QStringLiteral("ack.file"));
    }

    // Signed by the right key, yet impossible: the terminal must not act on it.
    void refusesSignedButImpossibleFields_data()
    {
        QTest::addColumn<QCborMap>("payload");
        const QCborMap good{{QStringLiteral("device"), QStringLiteral("hh-07")},
                            {QStringLiteral("head"), 5},
                            {QStringLiteral("head_hash"), QByteArray(32, '\x22')},
                            {QStringLiteral("center_ms"), 1}};
        const auto with = [&good](const char *key, const QCborValue &v) {
            QCborMap m = good;
            m.insert(QLatin1String(key), v);
            return m;
        };
        QCborMap missing = good;
        missing.remove(QStringLiteral("head"));
        QTest::newRow("head missing") << missing;
        QTest::newRow("head 0") << with("head", 0);
        QTest::newRow("head negative") << with("head", -9);
        QTest::newRow("head text") << with("head", QStringLiteral("5"));
        QTest::newRow("hash short") << with("head_hash", QByteArray(31, '\x22'));
        QTest::newRow("device empty") << with("device", QString());
        QTest::newRow("device long") << with("device", QString(65, u'h'));
        QTest::newRow("time negative") << with("center_ms", -1);
        QTest::newRow("extra field") << with("also", 1);
    }

    void refusesSignedButImpossibleFields()
    {
        QFETCH(QCborMap, payload);
        const QString path = m_dir.filePath(QStringLiteral("f.doorstep-ack"));
        QVERIFY(writeAll(path, signedReceipt(m_center, payload)));
        const auto r = JournalAckFile::read(path, m_center.publicKey());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("ack.file"));
    }
};

QTEST_GUILESS_MAIN(TestJournalAckFile)
#include "tst_journalackfile.moc"
