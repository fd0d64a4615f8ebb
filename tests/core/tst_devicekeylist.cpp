// The terminals' keys as the center hands them to an auditor: written and read back exactly,
// and a file that is not one refused with its line.
#include <QTemporaryDir>
#include <QTest>

#include "devicekey.h"
#include "devicekeylist.h"
#include "receiptcode.h"

class TestDeviceKeyList : public QObject
{
    Q_OBJECT

private slots:
    void roundTripAndLookUp()
    {
        const DeviceKey a = DeviceKey::generate();
        const DeviceKey b = DeviceKey::generate();
        DeviceKeyList list;
        list.entries = {{QStringLiteral("hh-01"), a.publicKey(), 1000, std::nullopt},
                        {QStringLiteral("收费终端-2"), b.publicKey(), 2000, 3000}};
        const QByteArray text = list.toText();
        QVERIFY(text.startsWith("# doorstep device keys 1\n"));
        const auto back = DeviceKeyList::fromText(text);
        QVERIFY(back.ok());
        QCOMPARE(back->entries, list.entries);
        QCOMPARE(back->byKeyId(ReceiptCode::keyIdOf(b.publicKey()))->deviceId, QStringLiteral("收费终端-2"));
        QVERIFY(!back->byKeyId(QByteArray(5, '\0')));
        QTemporaryDir dir;
        QVERIFY(!DeviceKeyList::load(dir.filePath(QStringLiteral("none"))).ok());
    }

    void refusesWhatIsNoKeyList_data()
    {
        QTest::addColumn<QByteArray>("text");
        const QByteArray key = DeviceKey::generate().publicKey().toBase64();
        const QByteArray header = "# doorstep device keys 1\n";
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("no header") << QByteArray("hh\t" + key + "\t1\t-\n");
        QTest::newRow("three fields") << header + "hh\t" + key + "\t1\n";
        QTest::newRow("short key") << header + "hh\t" + QByteArray(31, 'k').toBase64() + "\t1\t-\n";
        QTest::newRow("not base64") << header + "hh\t!!!!\t1\t-\n";
        QTest::newRow("negative time") << header + "hh\t" + key + "\t-5\t-\n";
        QTest::newRow("revoked text") << header + "hh\t" + key + "\t1\tsoon\n";
        QTest::newRow("no device") << header + "\t" + key + "\t1\t-\n";
        QTest::newRow("twice") << header + "hh\t" + key + "\t1\t-\nhh\t" + key + "\t1\t-\n";
    }

    void refusesWhatIsNoKeyList()
    {
        QFETCH(QByteArray, text);
        const auto r = DeviceKeyList::fromText(text);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("device-keys.malformed"));
    }
};

QTEST_GUILESS_MAIN(TestDeviceKeyList)
#include "tst_devicekeylist.moc"
