// A correction the center made travels as CBOR and is kept in a file on the terminal: both are
// read back exactly, and anything else (a hostile center, a damaged file) is refused whole.
#include <QCborValue>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "paymentcorrection.h"

class TestPaymentCorrection : public QObject
{
    Q_OBJECT

private slots:
    void roundTripsAtTheBoundaries()
    {
        const QList<PaymentCorrection> list{
            {QStringLiteral("hh-1"), 1, QStringLiteral("R1-0001"), Money::fromFen(0), QStringLiteral("x"),
             QStringLiteral("李站长"), 0},
            {QString(64, u'd'), std::numeric_limits<qint64>::max(), QString(64, u'a'), Money::fromFen(Money::MaxFen),
             QString(PaymentCorrection::MaxTextChars, u'原'), QString(PaymentCorrection::MaxTextChars, u'人'),
             std::numeric_limits<qint64>::max()}};
        const auto back = PaymentCorrection::fromCbor(PaymentCorrection::toCbor(list));
        QVERIFY(back);
        QCOMPARE(*back, list);
        QCOMPARE(PaymentCorrection::fromCbor(QCborArray{}), QList<PaymentCorrection>{});
    }

    void refusesEveryOtherShape_data()
    {
        QTest::addColumn<QCborArray>("row");
        const QCborArray good{QStringLiteral("hh-1"),          7,
                              QStringLiteral("R1-0001"),       1234,
                              QStringLiteral("wrong account"), QStringLiteral("S001"),
                              qint64(1'700'000'000'000)};
        const auto with = [&good](qsizetype i, const QCborValue &v) {
            QCborArray r = good;
            r[i] = v;
            return r;
        };
        QTest::newRow("short") << QCborArray{QStringLiteral("hh-1"), 7};
        QCborArray longer = good;
        longer.append(1);
        QTest::newRow("long") << longer;
        QTest::newRow("seq 0") << with(1, qint64(0));
        QTest::newRow("seq negative") << with(1, qint64(-5));
        QTest::newRow("seq text") << with(1, QStringLiteral("7"));
        QTest::newRow("amount negative") << with(3, qint64(-1));
        QTest::newRow("amount beyond money") << with(3, Money::MaxFen + 1);
        QTest::newRow("amount float") << with(3, 12.5);
        QTest::newRow("device too long") << with(0, QString(65, u'd'));
        QTest::newRow("account number") << with(2, qint64(42));
        QTest::newRow("reason too long") << with(4, QString(PaymentCorrection::MaxTextChars + 1, u'r'));
        QTest::newRow("by bytes") << with(5, QByteArray("S001"));
        QTest::newRow("time negative") << with(6, qint64(-1));
        QTest::newRow("not an array") << QCborArray{};
    }

    void refusesEveryOtherShape()
    {
        QFETCH(QCborArray, row);
        const QCborArray list = row.isEmpty() ? QCborArray{QStringLiteral("flat")} : QCborArray{row};
        QVERIFY(!PaymentCorrection::fromCbor(list));
    }

    void keptInAFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("corrections.cbor"));
        QCOMPARE(PaymentCorrection::load(path).value(), QList<PaymentCorrection>{}); // none yet
        const QList<PaymentCorrection> list{{QStringLiteral("hh-1"), 3, QStringLiteral("R1-0001"), Money::fromFen(4550),
                                             QStringLiteral("cheque bounced"), QStringLiteral("S001"),
                                             1'765'000'000'000}};
        QVERIFY(PaymentCorrection::save(path, list).ok());
        QCOMPARE(PaymentCorrection::load(path).value(), list);
        QVERIFY(PaymentCorrection::save(path, {}).ok());
        QCOMPARE(PaymentCorrection::load(path).value(), QList<PaymentCorrection>{});
        // A damaged file is an error in words, never "nothing was corrected".
        for (const QByteArray &junk : {QByteArray("\xff\x00"), QByteArray("\x81\x87\x05"),
                                       QCborValue(QCborArray{QCborArray{1, 2, 3, 4, 5, 6, 7}}).toCbor()}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(junk);
            f.close();
            const auto loaded = PaymentCorrection::load(path);
            QVERIFY(!loaded.ok());
            QCOMPARE(loaded.error().code, QStringLiteral("correction.unreadable"));
        }
        // Nowhere to write: said, not ignored.
        const auto saved = PaymentCorrection::save(dir.filePath(QStringLiteral("no/such/dir/c.cbor")), list);
        QVERIFY(!saved.ok());
        QCOMPARE(saved.error().code, QStringLiteral("correction.save"));
    }
};

QTEST_GUILESS_MAIN(TestPaymentCorrection)
#include "tst_paymentcorrection.moc"
