#include <QTemporaryDir>
#include <QTest>

#include "journal.h"
#include "receipt.h"
#include "testreceipts.h"

using namespace TestReceipts;

class TestReceipt : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromPayment()
    {
        Result<Receipt> r = Receipt::fromPayment(entry(), payment(), account(), context());
        QVERIFY(r.ok());
        QCOMPARE(r->kind, Receipt::Kind::Payment);
        QCOMPARE(r->receiptNumber, QStringLiteral("D001-00000042"));
        QCOMPARE(r->entrySeq, 42);
        QCOMPARE(r->timeMs, timeMs());
        QCOMPARE(r->utilityName, QStringLiteral("国网南京供电公司"));
        QCOMPARE(r->branchName, QStringLiteral("江宁供电所"));
        QCOMPARE(r->collectorName, QStringLiteral("李四"));
        QCOMPARE(r->hotline, QStringLiteral("95598"));
        QCOMPARE(r->accountNumber, QStringLiteral("3201234567"));
        QCOMPARE(r->customerName, QStringLiteral("张三明"));
        QCOMPARE(r->bills.size(), 3);
        QCOMPARE(r->bills.at(0),
                 (ReceiptBillLine{QStringLiteral("2024-01"), Money::fromFen(12000), Money::fromFen(360)}));
        QCOMPARE(r->bills.at(1),
                 (ReceiptBillLine{QStringLiteral("2024-02"), Money::fromFen(9850), Money::fromFen(197)}));
        QCOMPARE(r->bills.at(2),
                 (ReceiptBillLine{QStringLiteral("2024-03"), Money::fromFen(14320), Money::fromFen(72)}));
        QCOMPARE(r->total, Money::fromFen(36799));
        QCOMPARE(r->tendered, Money::fromFen(40000));
        QCOMPARE(r->change, Money::fromFen(3201));
        QCOMPARE(r->printNumber, 1);
        QVERIFY(!r->isDuplicate());
    }

    void fromARealJournalEntry()
    {
        // The receipt is built from what the journal committed: its number, time and hash.
        QTemporaryDir dir;
        const DeviceKey key = DeviceKey::generate();
        Journal journal(dir.filePath(QStringLiteral("journal.db")), QStringLiteral("D001"), key);
        QVERIFY(journal.open().ok());
        Result<JournalEntry> e =
            journal.append(EntryKind::Payment, toCbor(payment()), timeMs(), QStringLiteral("c7"), 0);
        QVERIFY2(e.ok(), e.ok() ? "" : qPrintable(e.error().message));
        Result<PaymentRecord> record = recordFromCbor<PaymentRecord>(e->body);
        QVERIFY(record.ok());
        Result<Receipt> r = Receipt::fromPayment(e.value(), record.value(), account(), context());
        QVERIFY(r.ok());
        QCOMPARE(r->receiptNumber, QStringLiteral("D001-00000001"));
        QCOMPARE(r->entrySeq, 1);
        QCOMPARE(r->entryHash, e->hash);
        QCOMPARE(r->total, Money::fromFen(36799));
        QVERIFY(r->qrPayload().endsWith(QLatin1Char('|') + QString::fromLatin1(e->hash.left(4).toHex().toUpper())));
    }

    // The Z-report on paper is the desk's ZReport copied, net of voids, method by method.
    void zReportFiguresFromTheShiftFold()
    {
        ZReport report;
        report.shiftSeq = 7;
        report.closeSeq = 20;
        report.number = 3; // the device's third close
        report.openedMs = 1000;
        report.closedMs = 9000;
        report.closing.expectedCash = Money::fromFen(25000);
        report.closing.countedCash = Money::fromFen(24900);
        qint64 seq = 6;
        const auto fact = [&seq](EntryKind kind) {
            JournalFact f;
            f.seq = ++seq;
            f.kind = kind;
            f.timeMs = 1000 + seq;
            f.collectorId = QStringLiteral("C01");
            f.shiftSeq = 7;
            return f;
        };
        JournalFact open = fact(EntryKind::ShiftOpened);
        open.amount = Money::fromFen(20000);
        report.totals.add(open);
        JournalFact cash = fact(EntryKind::Payment); // seq 8
        cash.method = int(PaymentMethod::Cash);
        cash.amount = Money::fromFen(5000);
        cash.penalty = Money::fromFen(30);
        report.totals.add(cash);
        JournalFact card = fact(EntryKind::Payment); // seq 9, voided below
        card.method = int(PaymentMethod::BankCard);
        card.amount = Money::fromFen(7000);
        report.totals.add(card);
        JournalFact voidCard = fact(EntryKind::Void);
        voidCard.refSeq = 9;
        report.totals.add(voidCard);
        JournalFact printed = fact(EntryKind::ReceiptPrinted);
        printed.refSeq = 8;
        printed.outcome = 1;
        report.totals.add(printed);
        JournalFact reprinted = fact(EntryKind::ReceiptPrinted);
        reprinted.refSeq = 8;
        reprinted.outcome = 2;
        report.totals.add(reprinted);
        JournalFact visit = fact(EntryKind::Visit);
        visit.outcome = int(VisitOutcome::NotHome);
        report.totals.add(visit);

        const ZReportFigures f = zReportFigures(report, QStringLiteral("D0001"), QStringLiteral("李站长"));
        QCOMPARE(f.reportNumber, QStringLiteral("D0001-Z3")); // by close, not by the shift's seq 7
        QCOMPARE(f.openedMs, 1000);
        QCOMPARE(f.closedMs, 9000);
        QCOMPARE(f.paymentCount, 1);
        QCOMPARE(f.paymentTotal, Money::fromFen(5000));
        QCOMPARE(f.byMethod.size(), 1); // the card payment was voided: nothing left by card
        QCOMPARE(f.byMethod.first().method, PaymentMethod::Cash);
        QCOMPARE(f.byMethod.first().amount, Money::fromFen(5000));
        QCOMPARE(f.penaltyTotal, Money::fromFen(30));
        QCOMPARE(f.voidCount, 1);
        QCOMPARE(f.voidTotal, Money::fromFen(7000));
        QCOMPARE(f.visitCount, 1);
        QCOMPARE(f.receiptsPrinted, 1);
        QCOMPARE(f.reprints, 1);
        QCOMPARE(f.openingFloat, Money::fromFen(20000));
        QCOMPARE(f.expectedCash, Money::fromFen(25000));
        QCOMPARE(f.countedCash, Money::fromFen(24900));
        QCOMPARE(f.supervisorName, QStringLiteral("李站长"));
        const Receipt paper = Receipt::fromZReport(f, ReceiptContext{});
        QCOMPARE(paper.receiptNumber, QStringLiteral("D0001-Z3"));
        QCOMPARE(paper.total, Money::fromFen(5000));
    }

    void qrPayload()
    {
        const Receipt r = standard();
        QCOMPARE(r.qrPayload(), QStringLiteral("DSR1|P|D001-00000042|3201234567|36799|A1B2C3D4"));
        Receipt odd = r;
        odd.accountNumber = QStringLiteral("12|34%");
        QCOMPARE(odd.qrPayload().split(QLatin1Char('|')).size(), 6);
        QVERIFY(odd.qrPayload().contains(QStringLiteral("12%7C34%25")));
        QVERIFY(Receipt::fromZReport(ZReportFigures{}, context()).qrPayload().isEmpty());
    }

    void refusesWhatIsNotACommittedPayment_data()
    {
        QTest::addColumn<int>("what");
        QTest::addColumn<QString>("code");
        QTest::newRow("visit entry") << 0 << QStringLiteral("printing.receipt.not-a-payment");
        QTest::newRow("no hash yet") << 1 << QStringLiteral("printing.receipt.not-committed");
        QTest::newRow("seq 0") << 2 << QStringLiteral("printing.receipt.not-committed");
        QTest::newRow("other account") << 3 << QStringLiteral("printing.receipt.account-mismatch");
        QTest::newRow("zero amount") << 4 << QStringLiteral("printing.receipt.bad-amount");
        QTest::newRow("does not add up") << 5 << QStringLiteral("printing.receipt.inconsistent");
        QTest::newRow("negative change") << 6 << QStringLiteral("printing.receipt.negative-amount");
        QTest::newRow("overflowing lines") << 7 << QStringLiteral("printing.receipt.overflow");
    }
    void refusesWhatIsNotACommittedPayment()
    {
        QFETCH(int, what);
        QFETCH(QString, code);
        JournalEntry e = entry();
        PaymentRecord p = payment();
        Account a = account();
        switch (what) {
        case 0:
            e.kind = EntryKind::Visit;
            break;
        case 1:
            e.hash.clear();
            break;
        case 2:
            e.seq = 0;
            break;
        case 3:
            a.number = QStringLiteral("9999999999");
            break;
        case 4:
            p.amount = Money();
            break;
        case 5:
            p.amount = Money::fromFen(36800);
            break;
        case 6:
            p.change = Money::fromFen(-1);
            break;
        case 7:
            p.allocation.append(line("B1", "2024-01", AllocationLine::Part::Principal, Money::MaxFen * 1000));
            p.allocation.append(line("B1", "2024-01", AllocationLine::Part::Principal, Money::MaxFen * 1000));
            break;
        }
        Result<Receipt> r = Receipt::fromPayment(e, p, a, context());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QVERIFY(!r.error().message.isEmpty());
    }

    void hugeAmount()
    {
        PaymentRecord p = payment();
        p.allocation = {line("B1", "2024-01", AllocationLine::Part::Principal, Money::MaxFen)};
        p.amount = Money::fromFen(Money::MaxFen);
        p.tendered = p.amount;
        p.change = Money();
        Result<Receipt> r = Receipt::fromPayment(entry(), p, account(), context());
        QVERIFY(r.ok());
        QCOMPARE(r->total.fen(), Money::MaxFen);
    }

    void voidReceipt()
    {
        VoidRecord v{42, QStringLiteral("wrong account"), QStringLiteral("sup-1")};
        Result<Receipt> r = Receipt::fromVoid(entry(43, EntryKind::Void), v, entry(), payment(), account(), context());
        QVERIFY(r.ok());
        QCOMPARE(r->kind, Receipt::Kind::Void);
        QCOMPARE(r->receiptNumber, QStringLiteral("D001-00000043"));
        QCOMPARE(r->voidedReceiptNumber, QStringLiteral("D001-00000042"));
        QCOMPARE(r->voidReason, QStringLiteral("wrong account"));
        QCOMPARE(r->supervisorId, QStringLiteral("sup-1"));
        QVERIFY(r->qrPayload().startsWith(QStringLiteral("DSR1|V|D001-00000043|3201234567|36799|")));

        VoidRecord other{41, QString(), QString()};
        Result<Receipt> bad =
            Receipt::fromVoid(entry(43, EntryKind::Void), other, entry(), payment(), account(), context());
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, QStringLiteral("printing.receipt.void-mismatch"));
    }

    void mask_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("mask");
        QTest::addColumn<QString>("expected");
        QTest::newRow("middle 3") << QStringLiteral("张三明") << int(NameMask::Middle) << QStringLiteral("张*明");
        QTest::newRow("middle 2") << QStringLiteral("王五") << int(NameMask::Middle) << QStringLiteral("王*");
        QTest::newRow("middle 4") << QStringLiteral("欧阳小明") << int(NameMask::Middle) << QStringLiteral("欧**明");
        QTest::newRow("middle 1") << QStringLiteral("李") << int(NameMask::Middle) << QStringLiteral("李");
        QTest::newRow("middle latin") << QStringLiteral("John Smith") << int(NameMask::Middle)
                                      << QStringLiteral("J*** ****h");
        QTest::newRow("keep first") << QStringLiteral("张三明") << int(NameMask::KeepFirst) << QStringLiteral("张**");
        QTest::newRow("all") << QStringLiteral("张三明") << int(NameMask::All) << QStringLiteral("***");
        QTest::newRow("none") << QStringLiteral(" 张三明 ") << int(NameMask::None) << QStringLiteral("张三明");
        QTest::newRow("surrogates count once")
            << QString::fromUcs4(U"张\U00020BB7明") << int(NameMask::Middle) << QStringLiteral("张*明");
    }
    void mask()
    {
        QFETCH(QString, name);
        QFETCH(int, mask);
        QFETCH(QString, expected);
        QCOMPARE(maskCustomerName(name, NameMask(mask)), expected);
    }

    void cborRoundTrip()
    {
        Receipt r = standard().asPrint(3, true);
        r.zReport.byMethod = {ZReportMethodLine{PaymentMethod::BankCard, 2, Money::fromFen(500)}};
        Result<Receipt> back = Receipt::fromCbor(r.toCbor());
        QVERIFY(back.ok());
        QCOMPARE(back.value(), r);
    }

    void cborRefusesDamage()
    {
        QCborMap m = standard().toCbor();
        m.remove(QLatin1String("total"));
        Result<Receipt> r = Receipt::fromCbor(m);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("printing.receipt.bad-stored"));
        QVERIFY(r.error().message.contains(QLatin1String("total")));
        QCborMap wrongKind = standard().toCbor();
        wrongKind.insert(QLatin1String("kind"), 9);
        QVERIFY(!Receipt::fromCbor(wrongKind).ok());
        QVERIFY(!Receipt::fromCbor(QCborMap()).ok());
    }
};

QTEST_GUILESS_MAIN(TestReceipt)
#include "tst_receipt.moc"
