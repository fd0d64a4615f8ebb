#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "deskfixture.h"
#include "receiptscontroller.h"
#include "supervisorreportcontroller.h"

using namespace DeskFixture;

// The supervisor's screens: only with a supervisor's PIN; the day's totals, hours, villages and
// exceptions, and the journal browser with the journal verified.
class TestSupervisorReportController : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void onlyASupervisorOpensTheDay();

private:
    QTemporaryDir m_dir;
    QString m_data;
};

void TestSupervisorReportController::init()
{
    m_data = prepare(m_dir);
}

void TestSupervisorReportController::onlyASupervisorOpensTheDay()
{
    DeskService desk(config(m_data));
    startShift(desk);
    // The day: a cash payment voided, a card payment, a close ¥50 short approved by S01.
    const qint64 cashSeq =
        pay(desk, QStringLiteral("3100000001"), QStringLiteral("50"), PaymentMethod::Cash, QStringLiteral("100"));
    QVERIFY(pay(desk, QStringLiteral("3100000002"), QStringLiteral("20"), PaymentMethod::BankCard, QString(),
                QStringLiteral("SLIP-7")) > 0);
    ReceiptsController receipts;
    receipts.setDesk(&desk);
    QSignalSpy voided(&receipts, &ReceiptsController::voided);
    receipts.voidPayment(cashSeq, QStringLiteral("wrong account"), QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(voided.wait(Wait));
    ShiftController shift;
    shift.setDesk(&desk);
    QSignalSpy closed(&shift, &ShiftController::closed);
    shift.closeShift({{QStringLiteral("10000"), QStringLiteral("1")}, {QStringLiteral("5000"), QStringLiteral("1")}},
                     QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY2(closed.wait(Wait), qPrintable(shift.error()));

    SupervisorReportController report;
    report.setDesk(&desk);
    QAbstractItemModelTester tester(report.figures(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy ready(&report, &SupervisorReportController::reportChanged);
    QSignalSpy refused(&report, &SupervisorReportController::refused);
    report.open(QStringLiteral("S01"), QStringLiteral("0000"));
    QVERIFY(refused.wait(Wait));
    report.open(QStringLiteral("C01"), QStringLiteral("1234"));
    QVERIFY(refused.wait(Wait));
    QVERIFY(!report.error().isEmpty());
    QCOMPARE(report.figures()->rowCount(), 0);
    QCOMPARE(ready.count(), 0);
    report.open(QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(ready.wait(Wait));
    QVERIFY(report.error().isEmpty());
    QVERIFY(report.journalVerified());
    QVERIFY2(report.journalStatus().contains(QStringLiteral("verified")), qPrintable(report.journalStatus()));
    QVERIFY(report.title().contains(QStringLiteral("李站长")));
    QVERIFY(report.title().contains(QStringLiteral("D0001")));
    const auto figure = [&](const QString &label) {
        for (const ReportLine &l : report.figures()->lines())
            if (l.label == label)
                return l;
        return ReportLine{};
    };
    // Collected after the void: the card payment only.
    QCOMPARE(figure(QStringLiteral("Collected")).amountText, Money::fromYuan(20).format());
    QCOMPARE(figure(QStringLiteral("Bank card")).amountText, Money::fromYuan(20).format());
    QCOMPARE(figure(QStringLiteral("Bank card")).sharePermille, 1000);
    QCOMPARE(figure(QStringLiteral("Cash")).amountText, Money().format());
    QCOMPARE(figure(QStringLiteral("Voids")).amountText, Money::fromYuan(50).format());
    QVERIFY(figure(QStringLiteral("Voids")).flagged);
    QCOMPARE(figure(QStringLiteral("Cash differences at close")).amountText, Money::fromYuan(-50).format());
    QCOMPARE(report.hours()->rowCount(), 24);
    int busiest = 0;
    for (const ReportLine &l : report.hours()->lines())
        busiest += l.sharePermille == 1000 ? 1 : 0;
    QCOMPARE(busiest, 1);
    QCOMPARE(report.villages()->rowCount(), 1);
    QCOMPARE(report.villages()->lines().first().label, QStringLiteral("李家村"));
    QCOMPARE(report.villages()->lines().first().amountText, Money::fromYuan(20).format());
    // Exceptions in journal order: the void (of the cash payment) and the cash short at close.
    QCOMPARE(report.exceptions()->rowCount(), 2);
    QVERIFY(report.exceptions()->lines().at(0).label.contains(QStringLiteral("Void of #%1").arg(cashSeq)));
    QVERIFY(report.exceptions()->lines().at(0).detail.contains(QStringLiteral("王师傅")));
    QCOMPARE(report.exceptions()->lines().at(1).amountText, Money::fromYuan(-50).format());
    // The journal browser: every entry, newest first, none flagged.
    const auto &entries = report.journal()->lines();
    // The key created and the app started, shift opened, two payments, the void, the blind count, the close.
    QCOMPARE(entries.size(), 8);
    QVERIFY(entries.first().label.contains(QStringLiteral("Shift closed")));
    QVERIFY2(entries.at(1).label.contains(QStringLiteral("Cash counted · count 1")), qPrintable(entries.at(1).label));
    QCOMPARE(entries.at(1).amountText, Money::fromYuan(150).format());
    QCOMPARE(entries.last().key, QStringLiteral("1"));
    QVERIFY2(entries.last().label.contains(QStringLiteral("Terminal event · key created")),
             qPrintable(entries.last().label));
    QVERIFY(entries.at(entries.size() - 2).label.contains(QStringLiteral("app started")));
    for (const ReportLine &l : entries)
        QVERIFY(!l.flagged);
}

QTEST_MAIN(TestSupervisorReportController)
#include "tst_supervisorreportcontroller.moc"
