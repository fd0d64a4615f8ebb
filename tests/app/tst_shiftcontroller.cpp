#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "deskfixture.h"
#include "shiftcontroller.h"

using namespace DeskFixture;

// The shift's controller: the opening float, cash handed over, the blind count (the expected
// figure revealed only after it) and the close with its Z-report, on screen and for the printer.
class TestShiftController : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void openingFloatAsTyped();
    void countedTotalAsTyped_data();
    void countedTotalAsTyped();
    void blindCountAndClose();
    void cashHandedOver();

private:
    QTemporaryDir m_dir;
    QString m_data;
};

void TestShiftController::init()
{
    m_data = prepare(m_dir);
}

void TestShiftController::openingFloatAsTyped()
{
    DeskService desk(config(m_data));
    openDesk(desk);
    ShiftController shift;
    shift.setDesk(&desk);
    QSignalSpy opened(&shift, &ShiftController::opened);
    QSignalSpy refused(&shift, &ShiftController::refused);
    shift.openShift(QStringLiteral("100"));
    QVERIFY(refused.wait(Wait)); // nobody logged in
    login(desk);
    shift.openShift(QStringLiteral("abc"));
    QVERIFY(refused.wait(Wait));
    QVERIFY(!shift.error().isEmpty());
    QVERIFY(!desk.isShiftOpen());
    shift.openShift(QStringLiteral("150.50"));
    QVERIFY(shift.error().isEmpty()); // a new request clears the last refusal
    QVERIFY(opened.wait(Wait));
    QVERIFY(desk.isShiftOpen()); // the desk's state arrives before `opened`
    QCOMPARE(refused.count(), 2);
    shift.openShift(QStringLiteral("10"));
    QVERIFY(refused.wait(Wait));
    QCOMPARE(refused.last().at(0).toString(), QStringLiteral("desk.shift-open"));
}

void TestShiftController::countedTotalAsTyped_data()
{
    QTest::addColumn<QVariantMap>("pieces");
    QTest::addColumn<QString>("total");
    const auto fen = [](qint64 f) { return Money::fromFen(f).format(); };
    QTest::newRow("nothing yet") << QVariantMap{} << fen(0);
    QTest::newRow("empty field") << QVariantMap{{QStringLiteral("10000"), QString()}} << fen(0);
    QTest::newRow("notes and fen coins") << QVariantMap{{QStringLiteral("10000"), QStringLiteral("2")},
                                                        {QStringLiteral("10"), QStringLiteral("3")},
                                                        {QStringLiteral("2"), QStringLiteral("2")},
                                                        {QStringLiteral("1"), QStringLiteral("1")}}
                                         << fen(20035);
    QTest::newRow("letters") << QVariantMap{{QStringLiteral("10000"), QStringLiteral("two")}} << QString();
    QTest::newRow("no such coin") << QVariantMap{{QStringLiteral("3"), QStringLiteral("1")}} << QString();
}

void TestShiftController::countedTotalAsTyped()
{
    QFETCH(QVariantMap, pieces);
    QFETCH(QString, total);
    ShiftController shift; // no desk: the sum needs no disk
    QCOMPARE(shift.countedTotal(pieces), total);
    QCOMPARE(shift.denominations().size(), shift.denominationLabels().size());
    QCOMPARE(shift.denominationLabels().first(), Money::fromFen(shift.denominations().first()).format());
}

void TestShiftController::blindCountAndClose()
{
    DeskService desk(config(m_data));
    startShift(desk); // float ¥200
    QVERIFY(pay(desk, QStringLiteral("3100000002"), QStringLiteral("20"), PaymentMethod::BankCard, QString(),
                QStringLiteral("SLIP-7")) > 0);
    QSignalSpy receipts(&desk, &DeskService::receiptReady);
    ShiftController shift;
    shift.setDesk(&desk);

    // Bad counts are refused in words; the figure is revealed after counting.
    QSignalSpy counted(&shift, &ShiftController::cashCounted);
    QSignalSpy refused(&shift, &ShiftController::refused);
    shift.countCash({{QStringLiteral("10000"), QStringLiteral("two")}});
    QVERIFY(refused.wait(Wait));
    QCOMPARE(refused.last().at(0).toString(), QStringLiteral("desk.bad-count"));
    shift.countCash({{QStringLiteral("10000"), QStringLiteral("-1")}});
    QVERIFY(refused.wait(Wait));
    shift.countCash({{QStringLiteral("3"), QStringLiteral("1")}}); // not a note or coin
    QVERIFY(refused.wait(Wait));
    // Float 200, the card payment is not cash: 200 expected; ¥100 + ¥50 counted, ¥50 short.
    const QVariantMap pieces{{QStringLiteral("10000"), QStringLiteral("1")},
                             {QStringLiteral("5000"), QStringLiteral("1")}};
    shift.countCash(pieces);
    QVERIFY(counted.wait(Wait));
    QCOMPARE(counted.first().at(0).toString(), Money::fromYuan(150).format());
    QCOMPARE(counted.first().at(1).toString(), Money::fromYuan(200).format());
    QCOMPARE(counted.first().at(2).toString(), Money::fromYuan(-50).format());
    QVERIFY(counted.first().at(3).toBool());
    QVERIFY(shift.error().isEmpty());

    QSignalSpy closed(&shift, &ShiftController::closed);
    shift.closeShift(pieces, QString(), QString()); // differs: a supervisor must approve
    QVERIFY(refused.wait(Wait));
    shift.closeShift(pieces, QStringLiteral("S01"), QStringLiteral("1111"));
    QVERIFY(refused.wait(Wait));
    QVERIFY(desk.isShiftOpen());
    shift.closeShift(pieces, QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(closed.wait(Wait));
    QVERIFY(!desk.isShiftOpen()); // the desk's state arrives before `closed`
    QCOMPARE(closed.first().at(0).toString(), QStringLiteral("D0001-Z1"));
    const QStringList lines = closed.first().at(1).toStringList();
    const QString all = lines.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("李站长")), qPrintable(all));
    // Counts in plural forms, times in ISO order on a 24-hour clock (not "12/6/26 9:06 AM").
    QVERIFY2(lines.contains(QStringLiteral("1 payment(s) · ") + Money::fromYuan(20).format()), qPrintable(all));
    QVERIFY2(lines.contains(QStringLiteral("Difference: ") + Money::fromYuan(-50).format()), qPrintable(all));
    const QRegularExpression iso(QStringLiteral("^(Opened|Closed) \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$"));
    QCOMPARE(lines.filter(iso).size(), 2);
    // The Z-report goes to the printer with the same figures.
    QTRY_COMPARE_WITH_TIMEOUT(receipts.count(), 1, Wait);
    const Receipt z = receipts.first().at(0).value<Receipt>();
    QCOMPARE(z.kind, Receipt::Kind::ZReport);
    QCOMPARE(z.receiptNumber, QStringLiteral("D0001-Z1"));
    QCOMPARE(z.zReport.paymentCount, 1);
    QCOMPARE(z.zReport.paymentTotal, Money::fromYuan(20));
    QCOMPARE(z.zReport.countedCash, Money::fromYuan(150));
    QCOMPARE(z.zReport.expectedCash, Money::fromYuan(200));
}

void TestShiftController::cashHandedOver()
{
    DeskService desk(config(m_data));
    startShift(desk); // float ¥200
    ShiftController shift;
    shift.setDesk(&desk);
    QSignalSpy handed(&shift, &ShiftController::cashHandedOver);
    QSignalSpy refused(&shift, &ShiftController::refused);
    const auto notes = [](const char *hundreds, const char *fifties) {
        return QVariantMap{{QStringLiteral("10000"), QString::fromLatin1(hundreds)},
                           {QStringLiteral("5000"), QString::fromLatin1(fifties)}};
    };
    const QString supervisor = QStringLiteral("S01");
    const QString pin = QStringLiteral("9999");
    shift.handOverCash(notes("2", "1"), supervisor, pin);
    QVERIFY(refused.wait(Wait));
    QCOMPARE(refused.last().at(0).toString(), QStringLiteral("desk.handover-exceeds"));
    shift.handOverCash(notes("", "1"), QString(), pin);
    QVERIFY(refused.wait(Wait));
    QCOMPARE(refused.last().at(0).toString(), QStringLiteral("desk.handover-receiver"));
    shift.handOverCash(notes("", "1o"), supervisor, pin);
    QVERIFY(refused.wait(Wait));
    QCOMPARE(refused.last().at(0).toString(), QStringLiteral("desk.bad-count"));
    shift.handOverCash(notes("", "1"), supervisor, QStringLiteral("1111"));
    QVERIFY(refused.wait(Wait));
    QCOMPARE(refused.last().at(0).toString(), QStringLiteral("roster.wrong-pin"));
    QCOMPARE(handed.count(), 0);
    shift.handOverCash(notes("", "1"), supervisor, pin);
    QVERIFY(handed.wait(Wait));
    QCOMPARE(handed.first().at(0).toString(), Money::fromYuan(50).format());
    QCOMPARE(handed.first().at(1).toString(), QStringLiteral("李站长"));      // the receiver by name
    QCOMPARE(handed.first().at(2).toString(), Money::fromYuan(150).format()); // what the collector still holds
    // What stays in hand is what the count expects.
    QSignalSpy counted(&shift, &ShiftController::cashCounted);
    shift.countCash(notes("1", "1"));
    QVERIFY(counted.wait(Wait));
    QCOMPARE(counted.first().at(1).toString(), Money::fromYuan(150).format());
    QVERIFY(!counted.first().at(3).toBool());
    QCOMPARE(counted.first().at(4).toInt(), 1);

    // A recount is count 2; a controller opened later (the page after a restart) finds it.
    shift.countCash(notes("1", ""));
    QVERIFY(counted.wait(Wait));
    QCOMPARE(counted.last().at(4).toInt(), 2);
    ShiftController later;
    later.setDesk(&desk);
    QSignalSpy shown(&later, &ShiftController::cashCounted);
    later.showJournaledCount();
    QVERIFY(shown.wait(Wait));
    QCOMPARE(shown.first().at(0).toString(), Money::fromYuan(100).format());
    QCOMPARE(shown.first().at(4).toInt(), 2);
    // The Z-report names the earlier count beside the one the shift closed with.
    QSignalSpy closed(&later, &ShiftController::closed);
    later.closeShift({}, supervisor, pin);
    QVERIFY(closed.wait(Wait));
    const QStringList lines = closed.first().at(1).toStringList();
    QVERIFY2(lines.contains(QStringLiteral("Earlier count: ") + Money::fromYuan(150).format()),
             qPrintable(lines.join(u'\n')));
    QVERIFY2(lines.contains(QStringLiteral("Counted cash: ") + Money::fromYuan(100).format()),
             qPrintable(lines.join(u'\n')));
}

QTEST_MAIN(TestShiftController)
#include "tst_shiftcontroller.moc"
