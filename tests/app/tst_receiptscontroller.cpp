#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "deskfixture.h"
#include "receiptscontroller.h"

using namespace DeskFixture;

// The receipts screen's controller: the shift's payments for reprints, and a void approved on the
// spot by a supervisor — the payment's receipt withdrawn first, then the void's own slip.
class TestReceiptsController : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void listAndVoid();

private:
    QTemporaryDir m_dir;
    QString m_data;
};

void TestReceiptsController::init()
{
    m_data = prepare(m_dir);
}

void TestReceiptsController::listAndVoid()
{
    DeskService desk(config(m_data));
    startShift(desk);
    ReceiptsController receipts;
    QCOMPARE(receipts.shiftPayments(), nullptr);
    QSignalSpy deskChanged(&receipts, &ReceiptsController::deskChanged);
    receipts.setDesk(&desk);
    QCOMPARE(deskChanged.count(), 1);
    QCOMPARE(receipts.shiftPayments(), desk.shiftPayments());
    QAbstractItemModelTester tester(receipts.shiftPayments(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    const qint64 cashSeq =
        pay(desk, QStringLiteral("3100000001"), QStringLiteral("50"), PaymentMethod::Cash, QStringLiteral("100"));
    QVERIFY(pay(desk, QStringLiteral("3100000002"), QStringLiteral("20"), PaymentMethod::BankCard, QString(),
                QStringLiteral("SLIP-7")) > 0);
    receipts.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(receipts.shiftPayments()->rowCount(), 2, Wait);
    QCOMPARE(receipts.shiftPayments()->rows().first().accountNumber, QStringLiteral("3100000002")); // newest first
    QCOMPARE(receipts.shiftPayments()->rows().last().seq, cashSeq);
    const QString cashReceipt = receipts.shiftPayments()->rows().last().receiptNumber;

    // A void needs a supervisor's PIN and a reason: a wrong PIN, the collector's own, and no
    // reason are refused, each with its code.
    QSignalSpy voided(&receipts, &ReceiptsController::voided);
    QSignalSpy refused(&receipts, &ReceiptsController::refused);
    QSignalSpy withdrawn(&desk, &DeskService::paymentVoided);
    QSignalSpy slips(&desk, &DeskService::receiptReady);
    receipts.voidPayment(cashSeq, QStringLiteral("wrong account"), QStringLiteral("S01"), QStringLiteral("0000"));
    QVERIFY(refused.wait(Wait));
    receipts.voidPayment(cashSeq, QStringLiteral("wrong account"), QStringLiteral("C01"), QStringLiteral("1234"));
    QVERIFY(refused.wait(Wait));
    receipts.voidPayment(cashSeq, QString(), QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(refused.wait(Wait));
    QCOMPARE(refused.count(), 3);
    // The screen asks the same rule before it asks for a PIN: the words the desk refused with.
    QCOMPARE(receipts.reasonProblem(QStringLiteral("   ")), refused.last().at(1).toString());
    QVERIFY(!receipts.reasonProblem(QStringLiteral("a\u0007bell")).isEmpty());
    QVERIFY(!receipts.reasonProblem(QString(5000, QLatin1Char('x'))).isEmpty());
    QVERIFY(receipts.reasonProblem(QStringLiteral("wrong account")).isEmpty());
    for (const auto &r : refused)
        QVERIFY(!r.at(0).toString().isEmpty() && !r.at(1).toString().isEmpty());
    QCOMPARE(receipts.error(), refused.last().at(1).toString());
    QCOMPARE(voided.count(), 0);
    QCOMPARE(withdrawn.count(), 0);

    receipts.voidPayment(cashSeq, QStringLiteral("wrong account"), QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(receipts.error().isEmpty());
    QVERIFY(voided.wait(Wait));
    QCOMPARE(withdrawn.count(), 1);
    QCOMPARE(withdrawn.first().at(0).toLongLong(), cashSeq);
    QTRY_COMPARE_WITH_TIMEOUT(slips.count(), 1, Wait);
    const Receipt slip = slips.first().at(0).value<Receipt>();
    QCOMPARE(slip.kind, Receipt::Kind::Void);
    QCOMPARE(slip.receiptNumber, voided.first().at(0).toString());
    QCOMPARE(slip.voidedReceiptNumber, cashReceipt);
    QCOMPARE(slip.supervisorId, QStringLiteral("S01"));
    QTRY_VERIFY_WITH_TIMEOUT(receipts.shiftPayments()->rows().last().voided, Wait);
    QVERIFY(!receipts.shiftPayments()->rows().first().voided);

    receipts.voidPayment(cashSeq, QStringLiteral("again"), QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(refused.wait(Wait)); // once only
    QCOMPARE(voided.count(), 1);
}

QTEST_MAIN(TestReceiptsController)
#include "tst_receiptscontroller.moc"
