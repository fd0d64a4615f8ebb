#include <QCborArray>
#include <QCborMap>
#include <QTest>

#include <zlib.h>

#include "wirecodec.h"

namespace {

// Frames raw CBOR bytes the way Wire::encode does, so tests can send CBOR no encoder would write.
QByteArray frame(const QByteArray &cbor, quint32 declared)
{
    QByteArray z = qCompress(cbor, 9);
    z[0] = char(declared >> 24);
    z[1] = char(declared >> 16);
    z[2] = char(declared >> 8);
    z[3] = char(declared);
    return z;
}

QByteArray frame(const QByteArray &cbor)
{
    return frame(cbor, quint32(cbor.size()));
}

} // namespace

class TestWireCodec : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip()
    {
        QCborMap map;
        map.insert(QStringLiteral("device"), QStringLiteral("van-7"));
        map.insert(QStringLiteral("first"), 41);
        map.insert(QStringLiteral("neg"), -5);
        map.insert(QStringLiteral("ok"), true);
        map.insert(QStringLiteral("none"), QCborValue(nullptr));
        map.insert(QStringLiteral("sig"), QByteArray(64, '\x5a'));
        map.insert(QStringLiteral("list"), QCborArray{1, 2, QStringLiteral("三")});
        const QByteArray body = Wire::encode(map);
        auto decoded = Wire::decode(body);
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
        QCOMPARE(decoded.value(), QCborValue(map));
        // The framing is qCompress's: anyone can read it with qUncompress.
        QCOMPARE(qUncompress(body), QCborValue(map).toCbor());
    }

    void compresses()
    {
        QCborArray entries;
        for (int i = 0; i < 100; ++i)
            entries.append(QCborArray{2, 1'700'000'000'000LL + i * 60'000, QStringLiteral("C001"), 1000 + i});
        const QByteArray body = Wire::encode(entries);
        QVERIFY(body.size() < QCborValue(entries).toCbor().size() / 2);
    }

    void refusesHostileInput_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");

        QTest::newRow("empty") << QByteArray() << QStringLiteral("wire.empty");
        QTest::newRow("too short") << QByteArray("\0\0\0", 3) << QStringLiteral("wire.corrupt");
        QTest::newRow("oversized body") << QByteArray(5 * 1024 * 1024, 'x') << QStringLiteral("wire.too-large");
        QTest::newRow("declares 3 GB") << frame(QCborValue(1).toCbor(), 3'000'000'000u)
                                       << QStringLiteral("wire.too-large");
        QTest::newRow("declared zero") << frame(QCborValue(1).toCbor(), 0) << QStringLiteral("wire.corrupt");
        QTest::newRow("not zlib") << QByteArray("\0\0\0\x10garbagegarbage!!", 20) << QStringLiteral("wire.corrupt");
        {
            QByteArray b = Wire::encode(QCborArray{1, 2, 3});
            b.chop(3);
            QTest::newRow("truncated zlib") << b << QStringLiteral("wire.corrupt");
        }
        QTest::newRow("trailing bytes after zlib")
            << Wire::encode(QCborValue(7)) + "xyz" << QStringLiteral("wire.trailing-data");
        {
            const QByteArray cbor = QCborValue(QStringLiteral("hello hello hello")).toCbor();
            QTest::newRow("inflates to more than declared")
                << frame(cbor, quint32(cbor.size() - 4)) << QStringLiteral("wire.corrupt");
            QTest::newRow("inflates to less than declared")
                << frame(cbor, quint32(cbor.size() + 4)) << QStringLiteral("wire.corrupt");
        }
        {
            // A zip bomb: 15 MB of zeros in a few kB, declared honestly but above... the limit is 16 MiB,
            // so declare 20 MB of zeros.
            const QByteArray zeros(20 * 1024 * 1024, '\0');
            QTest::newRow("zip bomb") << frame(zeros) << QStringLiteral("wire.too-large");
        }
        QTest::newRow("malformed cbor") << frame(QByteArray("\xff\xff", 2)) << QStringLiteral("wire.malformed");
        QTest::newRow("truncated cbor") << frame(QByteArray("\x83\x01\x02", 3)) << QStringLiteral("wire.truncated");
        QTest::newRow("trailing cbor") << frame(QByteArray("\x01\x02", 2)) << QStringLiteral("wire.trailing-data");
        // An array that claims 2^32-1 elements: refused from the header, before any allocation.
        QTest::newRow("huge array claim")
            << frame(QByteArray("\x9a\xff\xff\xff\xff\x01", 6)) << QStringLiteral("wire.array-too-long");
        {
            QCborArray big;
            for (int i = 0; i < 10'001; ++i)
                big.append(i);
            QTest::newRow("array over limit") << Wire::encode(big) << QStringLiteral("wire.array-too-long");
        }
        {
            // Indefinite-length array with too many elements: counted as they come.
            QByteArray cbor("\x9f");
            for (int i = 0; i < 10'001; ++i)
                cbor.append('\x01');
            cbor.append('\xff');
            QTest::newRow("indefinite array over limit") << frame(cbor) << QStringLiteral("wire.array-too-long");
        }
        QTest::newRow("huge map claim") << frame(QByteArray("\xba\x00\x01\x00\x00", 5))
                                        << QStringLiteral("wire.map-too-large");
        {
            QByteArray deep(40, '\x81');
            deep.append('\x01');
            QTest::newRow("nested 40 deep") << frame(deep) << QStringLiteral("wire.too-deep");
        }
        QTest::newRow("long string") << Wire::encode(QString(70'000, QLatin1Char('a')))
                                     << QStringLiteral("wire.string-too-long");
        QTest::newRow("long bytes claim")
            << frame(QByteArray("\x5a\x7f\xff\xff\xff", 5)) << QStringLiteral("wire.string-too-long");
        QTest::newRow("float") << Wire::encode(QCborMap{{QStringLiteral("amount"), QCborValue(12.5)}})
                               << QStringLiteral("wire.float");
        QTest::newRow("tag") << frame(QByteArray("\xc1\x1a\x00\x00\x00\x01", 6)) << QStringLiteral("wire.unsupported");
        QTest::newRow("undefined") << frame(QByteArray("\xf7", 1)) << QStringLiteral("wire.unsupported");
        QTest::newRow("uint64 beyond int64")
            << frame(QByteArray("\x1b\xff\xff\xff\xff\xff\xff\xff\xff", 9)) << QStringLiteral("wire.unsupported");
        QTest::newRow("duplicate key") << frame(QByteArray("\xa2\x01\x02\x01\x03", 5))
                                       << QStringLiteral("wire.malformed");
        QTest::newRow("map missing value") << frame(QByteArray("\xa1\x01", 2)) << QStringLiteral("wire.truncated");
    }

    void refusesHostileInput()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        auto r = Wire::decode(body);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QVERIFY(!r.error().message.isEmpty());
    }

    void limitsAreBoundaries()
    {
        // Exactly at every limit is accepted; one past it is not (the rows above).
        WireLimits limits;
        QCborArray atLimit;
        for (int i = 0; i < limits.maxArrayLength; ++i)
            atLimit.append(i);
        QVERIFY(Wire::decode(Wire::encode(atLimit)).ok());
        QVERIFY(Wire::decode(Wire::encode(QString(int(limits.maxStringBytes), QLatin1Char('a')))).ok());
        QByteArray deep(limits.maxNesting, '\x81');
        deep.append('\x01');
        QVERIFY(Wire::decode(frame(deep)).ok());
        deep.prepend('\x81');
        QVERIFY(!Wire::decode(frame(deep)).ok());
    }

    void tooManyItems()
    {
        WireLimits limits;
        limits.maxItems = 100;
        QCborArray a;
        for (int i = 0; i < 60; ++i)
            a.append(QCborArray{i});
        auto r = Wire::decode(Wire::encode(a), limits);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("wire.too-many-items"));
    }
};

QTEST_GUILESS_MAIN(TestWireCodec)
#include "tst_wirecodec.moc"
