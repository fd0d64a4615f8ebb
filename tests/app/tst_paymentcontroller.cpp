#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "deskfixture.h"
#include "paymentcontroller.h"

using namespace DeskFixture;

// The payment screen's controller: the split before confirming (the desk's order), the payment
// once durable, a visit without one; every refusal as `error` and `refused(code, message)`.
class TestPaymentController : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void previewThenPay();
    void badInputChangesNothing();
    void previewClearsOnABadAmount();
    void visits();

private:
    QTemporaryDir m_dir;
    QString m_data;
};

void TestPaymentController::init()
{
    m_data = prepare(m_dir);
}

void TestPaymentController::previewThenPay()
{
    DeskService desk(config(m_data));
    startShift(desk);
    QSignalSpy quoted(&desk, &DeskService::quoted);
    desk.quote(QStringLiteral("3100000001"));
    QVERIFY(quoted.wait(Wait));
    const Arrears before = quoted.first().at(1).value<Arrears>();
    QVERIFY(before.total().isPositive());

    PaymentController payment;
    payment.setDesk(&desk);
    QSignalSpy preview(&payment, &PaymentController::previewChanged);
    // Blank: everything owed, nothing left.
    payment.previewPayment(QStringLiteral("3100000001"), QString());
    QVERIFY(preview.wait(Wait));
    QCOMPARE(payment.previewOwed(), Money().format());
    QVERIFY(payment.previewLines().size() >= 2);
    // A partial payment: the split, then the payment is durable and numbered.
    payment.previewPayment(QStringLiteral("3100000001"), QStringLiteral("50"));
    QVERIFY(preview.wait(Wait));
    QVERIFY(!payment.previewLines().isEmpty());
    QCOMPARE(payment.previewOwed(), (before.total() - Money::fromYuan(50)).format());
    QCOMPARE(payment.previewPrepaid(), Money().format());
    QVERIFY(payment.error().isEmpty());

    QSignalSpy paid(&payment, &PaymentController::paid);
    QSignalSpy receipts(&desk, &DeskService::receiptReady);
    payment.takePayment(QStringLiteral("3100000001"), QStringLiteral("50"), int(PaymentMethod::Cash),
                        QStringLiteral("100"), QString());
    QVERIFY(paid.wait(Wait));
    // Seq 1 and 2: the new journal's key and the app's start; 3 opened the shift.
    QCOMPARE(paid.first().at(0).toString(), QStringLiteral("D0001-00000004"));
    QCOMPARE(paid.first().at(1).toString(), Money::fromYuan(50).format());
    QCOMPARE(paid.first().at(2).toString(), Money::fromYuan(50).format());
    // The receipt is built from the committed entry.
    QTRY_COMPARE_WITH_TIMEOUT(receipts.count(), 1, Wait);
    const Receipt receipt = receipts.first().at(0).value<Receipt>();
    QCOMPARE(receipt.kind, Receipt::Kind::Payment);
    QCOMPARE(receipt.receiptNumber, paid.first().at(0).toString());
    QCOMPARE(receipt.customerName, QStringLiteral("张三丰"));
    QCOMPARE(receipt.collectorName, QStringLiteral("王师傅"));
    QCOMPARE(receipt.utilityName, QStringLiteral("Test Power"));

    // The next quote takes this device's payment off the snapshot.
    quoted.clear();
    desk.quote(QStringLiteral("3100000001"));
    QVERIFY(quoted.wait(Wait));
    QCOMPARE(quoted.first().at(1).value<Arrears>().total(), before.total() - Money::fromYuan(50));

    // The journal holds exactly what the screen said, split as the preview showed.
    const auto journal = readJournal(m_data);
    QVERIFY(journal);
    const auto entry = journal->entry(4);
    QVERIFY(entry.has_value());
    QCOMPARE(entry->kind, EntryKind::Payment);
    const auto record = recordFromCbor<PaymentRecord>(entry->body);
    QVERIFY(record.ok());
    QCOMPARE(record->amount, Money::fromYuan(50));
    QCOMPARE(record->tendered, Money::fromYuan(100));
    QCOMPARE(record->accountNumber, QStringLiteral("3100000001"));
    QCOMPARE(record->stillOwed.format(), payment.previewOwed());
    QCOMPARE(record->allocation.size(), payment.previewLines().size());
}

void TestPaymentController::badInputChangesNothing()
{
    DeskService desk(config(m_data));
    startShift(desk);
    PaymentController payment;
    payment.setDesk(&desk);
    QSignalSpy refused(&payment, &PaymentController::refused);
    QSignalSpy paid(&payment, &PaymentController::paid);
    const QList<QStringList> bad = {
        {QStringLiteral("3100000001"), QStringLiteral("12.345"), QString()},            // three decimals
        {QStringLiteral("3100000001"), QStringLiteral("99999999999999999"), QString()}, // beyond the limit
        {QStringLiteral("3100000001"), QStringLiteral("-5"), QString()},
        {QStringLiteral("3100000001"), QStringLiteral("50"), QStringLiteral("20")}, // tendered short
        {QStringLiteral("31000abc01"), QStringLiteral("50"), QString()},            // letters in the account
        {QString(40, QLatin1Char('9')), QStringLiteral("50"), QString()},
    };
    for (const QStringList &b : bad) {
        refused.clear();
        payment.takePayment(b[0], b[1], int(PaymentMethod::Cash), b[2], QString());
        QVERIFY2(refused.wait(Wait), qPrintable(b.join(QLatin1Char('|'))));
        QVERIFY(!refused.first().at(0).toString().isEmpty());
        QVERIFY(!refused.first().at(1).toString().isEmpty());
        QCOMPARE(payment.error(), refused.first().at(1).toString());
    }
    refused.clear();
    payment.takePayment(QStringLiteral("3100000001"), QStringLiteral("50"), 9, QString(), QString());
    QVERIFY(refused.wait(Wait));
    QCOMPARE(refused.first().at(0).toString(), QStringLiteral("desk.choose-method"));
    refused.clear();
    payment.takePayment(QStringLiteral("3100000001"), QStringLiteral("50"), int(PaymentMethod::Cash),
                        QStringLiteral("20"), QString());
    QVERIFY(refused.wait(Wait));
    QCOMPARE(refused.first().at(0).toString(), QStringLiteral("desk.tendered-short"));
    QCOMPARE(paid.count(), 0);
    const auto journal = readJournal(m_data);
    QVERIFY(journal);
    QCOMPARE(journal->lastSeq(), 3); // only the key, the start and the shift's opening
    // The next good request clears the refusal.
    payment.takePayment(QStringLiteral("3100000001"), QStringLiteral("50"), int(PaymentMethod::Cash), QString(),
                        QString());
    QVERIFY(payment.error().isEmpty());
    QVERIFY(paid.wait(Wait));
}

// The split shown before confirming is cleared as soon as the amount cannot be taken, and a good
// split for a later keystroke clears the refusal of an earlier one.
void TestPaymentController::previewClearsOnABadAmount()
{
    DeskService desk(config(m_data));
    startShift(desk);
    PaymentController payment;
    payment.setDesk(&desk);
    QSignalSpy preview(&payment, &PaymentController::previewChanged);
    QSignalSpy refused(&payment, &PaymentController::refused);
    payment.previewPayment(QStringLiteral("3100000001"), QStringLiteral("50"));
    QVERIFY(preview.wait(Wait));
    QVERIFY(!payment.previewLines().isEmpty());
    for (const QString &bad : {QStringLiteral("12.345"), QStringLiteral("-5"), QStringLiteral("abc")}) {
        preview.clear();
        refused.clear();
        payment.previewPayment(QStringLiteral("3100000001"), bad);
        QVERIFY2(refused.wait(Wait), qPrintable(bad));
        QCOMPARE(preview.count(), 1);
        QVERIFY(payment.previewLines().isEmpty());
        QVERIFY(payment.previewPrepaid().isEmpty());
        QVERIFY(payment.previewOwed().isEmpty());
        QVERIFY(!payment.error().isEmpty());
    }
    payment.previewPayment(QStringLiteral("3100000001"), QStringLiteral("437357."));
    payment.previewPayment(QStringLiteral("3100000001"), QStringLiteral("437357.26"));
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), Wait);
    QVERIFY2(payment.error().isEmpty(), qPrintable(payment.error()));
    QVERIFY(!payment.previewLines().isEmpty());
    QVERIFY(payment.previewPrepaid() != Money().format()); // more than owed: the rest is prepaid
}

void TestPaymentController::visits()
{
    DeskService desk(config(m_data));
    startShift(desk);
    PaymentController payment;
    payment.setDesk(&desk);
    QSignalSpy visited(&payment, &PaymentController::visitRecorded);
    QSignalSpy refused(&payment, &PaymentController::refused);
    payment.recordVisit(QStringLiteral("3100000002"), int(VisitOutcome::PromisedToPay), QStringLiteral("2026-13-01"),
                        QString());
    QVERIFY(refused.wait(Wait)); // no such date
    QCOMPARE(refused.last().at(0).toString(), QStringLiteral("desk.promise-date-format"));
    payment.recordVisit(QStringLiteral("3100000002"), 42, QString(), QString());
    QVERIFY(refused.wait(Wait));
    QCOMPARE(refused.last().at(0).toString(), QStringLiteral("desk.choose-outcome"));
    payment.recordVisit(QStringLiteral("3100000002"), int(VisitOutcome::Note), QString(), QString());
    QVERIFY(refused.wait(Wait));
    QCOMPARE(refused.last().at(0).toString(), QStringLiteral("desk.note-missing")); // the desk's own rule
    payment.recordVisit(QStringLiteral("3100000002"), int(VisitOutcome::NotHome), QString(), QString());
    QVERIFY(visited.wait(Wait));
    QCOMPARE(visited.first().at(0).toString(), QStringLiteral("Visit recorded (entry 4)."));
    QCOMPARE(refused.count(), 3);
    QVERIFY(payment.error().isEmpty());
    const auto journal = readJournal(m_data);
    QVERIFY(journal);
    QCOMPARE(journal->entry(4)->kind, EntryKind::Visit);
}

QTEST_MAIN(TestPaymentController)
#include "tst_paymentcontroller.moc"
