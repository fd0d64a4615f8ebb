#include <QTemporaryDir>
#include <QTest>

#include "journal.h"
#include "shiftreport.h"

using Counts = QMap<qint64, qint64>;

class TestShiftReport : public QObject
{
    Q_OBJECT

private slots:
    void denominations()
    {
        // ¥100, 50, 20, 10, 5, 1, 0.5, 0.1 in fen, largest first.
        QCOMPARE(CashCount::denominations(), (QList<qint64>{10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 2, 1}));
    }

    void total_data()
    {
        QTest::addColumn<Counts>("counts");
        QTest::addColumn<qint64>("totalFen");
        QTest::newRow("nothing") << Counts{} << qint64(0);
        QTest::newRow("all zero") << Counts{{10000, 0}, {10, 0}} << qint64(0);
        QTest::newRow("one of each") << Counts{{10000, 1}, {5000, 1}, {2000, 1}, {1000, 1},
                                               {500, 1},   {100, 1},  {50, 1},   {10, 1}}
                                     << qint64(18660);
        QTest::newRow("coins only") << Counts{{50, 3}, {10, 7}} << qint64(220);
        QTest::newRow("a thick bundle") << Counts{{10000, 100'000}} << qint64(1'000'000'000);
    }
    void total()
    {
        QFETCH(Counts, counts);
        QFETCH(qint64, totalFen);
        const auto c = CashCount::fromCounts(counts);
        QVERIFY(c.ok());
        QCOMPARE(c->total(), Money::fromFen(totalFen));
        for (qint64 pieces : c->counts())
            QVERIFY(pieces > 0); // zero counts left out
    }

    void refused_data()
    {
        QTest::addColumn<qint64>("denomination");
        QTest::addColumn<qint64>("pieces");
        QTest::addColumn<QString>("code");
        QTest::newRow("¥2") << qint64(200) << qint64(1) << QStringLiteral("count.bad-denomination");
        QTest::newRow("¥0.03") << qint64(3) << qint64(1) << QStringLiteral("count.bad-denomination");
        QTest::newRow("¥1000") << qint64(100000) << qint64(1) << QStringLiteral("count.bad-denomination");
        QTest::newRow("negative") << qint64(100) << qint64(-3) << QStringLiteral("count.bad-pieces");
        QTest::newRow("too many") << qint64(10) << CashCount::MaxPieces + 1 << QStringLiteral("count.bad-pieces");
    }
    void refused()
    {
        QFETCH(qint64, denomination);
        QFETCH(qint64, pieces);
        QFETCH(QString, code);
        const auto c = CashCount::fromCounts({{10000, 2}, {denomination, pieces}});
        QVERIFY(!c.ok());
        QCOMPARE(c.error().code, code);
        QVERIFY(!c.error().message.isEmpty());
    }

    void zReportIsBoundedByTheClose()
    {
        QTemporaryDir dir;
        const DeviceKey key = DeviceKey::generate();
        Journal::Options o;
        o.sync = Journal::Options::Sync::Normal;
        Journal journal(dir.filePath(QStringLiteral("j.sqlite")), QStringLiteral("D01"), key, o);
        QVERIFY(journal.open().ok());
        const QString who = QStringLiteral("wang");
        PaymentRecord p;
        p.accountNumber = QStringLiteral("3100000001");
        p.amount = p.tendered = Money::fromYuan(40);
        p.toPrepaid = Money::fromYuan(40);
        ShiftClosedRecord close;
        close.expectedCash = Money::fromYuan(140);
        close.countedCash = Money::fromYuan(140);
        close.denominations = {{10000, 1}, {2000, 2}};
        QVERIFY(
            journal.append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(100)}), 1, who, 1).ok());
        QVERIFY(journal.append(EntryKind::Payment, toCbor(p), 2, who, 1).ok());
        QVERIFY(journal.append(EntryKind::ShiftClosed, toCbor(close), 3, who, 1).ok());
        // A late entry claiming shift 1 (a damaged or hostile journal): after the close, not counted.
        QVERIFY(journal.append(EntryKind::Payment, toCbor(p), 4, who, 1).ok());

        const auto z = ZReport::forShift(journal, 1);
        QVERIFY(z.ok());
        QCOMPARE(z->closeSeq, 3);
        QCOMPARE(z->openedMs, 1);
        QCOMPARE(z->closedMs, 3);
        QCOMPARE(z->closing, close);
        QCOMPARE(z->totals.payments().count, 1);
        QCOMPARE(z->totals.expectedCashInHand(), Money()); // the ¥140 left the hand at the close
        QCOMPARE(z->number, 1);

        QCOMPARE(ZReport::forShift(journal, 2).error().code, QStringLiteral("zreport.no-shift"));
        QCOMPARE(ZReport::forShift(journal, 0).error().code, QStringLiteral("zreport.no-shift"));
        QCOMPARE(ZReport::forShift(journal, 99).error().code, QStringLiteral("zreport.no-shift"));
        QVERIFY(journal.append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{}), 5, who, 5).ok());
        QCOMPARE(ZReport::forShift(journal, 5).error().code, QStringLiteral("zreport.open"));
    }
};

QTEST_GUILESS_MAIN(TestShiftReport)
#include "tst_shiftreport.moc"
