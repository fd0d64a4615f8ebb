#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

#include "dailytotals.h"
#include "journal.h"

namespace {
qint64 local(const char *isoWithOffset)
{
    return QDateTime::fromString(QString::fromLatin1(isoWithOffset), Qt::ISODate).toMSecsSinceEpoch();
}

constexpr qint64 NoRate = std::numeric_limits<qint64>::min();

Money yuan(qint64 y)
{
    return Money::fromYuan(y);
}

PaymentRecord payment(PaymentMethod method, Money amount, Money penalty, Money prepaid)
{
    PaymentRecord p;
    p.accountNumber = QStringLiteral("3100000001");
    p.method = method;
    p.amount = amount;
    p.tendered = amount;
    if (penalty.isPositive())
        p.allocation.append(
            AllocationLine{QStringLiteral("B1"), QStringLiteral("2024-03"), AllocationLine::Part::Penalty, penalty});
    const Money principal = amount - penalty - prepaid;
    if (principal.isPositive())
        p.allocation.append(AllocationLine{QStringLiteral("B1"), QStringLiteral("2024-03"),
                                           AllocationLine::Part::Principal, principal});
    p.toPrepaid = prepaid;
    p.reference = method == PaymentMethod::Cash ? QString() : QStringLiteral("REF");
    p.worklistVersion = 1;
    return p;
}

ShiftClosedRecord closed(Money expected, Money counted)
{
    ShiftClosedRecord r;
    r.expectedCash = expected;
    r.countedCash = counted;
    r.denominations = {{10000, 2}};
    r.supervisorId = QStringLiteral("zhao");
    return r;
}

/** What one filter should add up to, computed by hand from the scenario in init(). */
struct Expected
{
    qint64 entries = 0;
    CountedAmount payments, cashPayments, cardPayments, voucherPayments, transferPayments;
    CountedAmount voids, cashVoids;
    CountedAmount collected, cashCollected;
    Money penalties, prepaid, settled;
    qint64 visits = 0, notHome = 0, promised = 0;
    qint64 printed = 0, reprinted = 0;
    CountedAmount handedOver;
    Money openingFloat, expectedCash;
    qint64 closes = 0;
    Money counted, difference;
    qint64 clockFlags = 0, invalidVoids = 0;
};
} // namespace

Q_DECLARE_METATYPE(DailyTotals::Filter)
Q_DECLARE_METATYPE(Expected)

class TestDailyTotals : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    DeviceKey m_key = DeviceKey::generate();
    std::unique_ptr<Journal> m_journal;

    void append(EntryKind kind, const QCborMap &body, const char *time, const char *collector, qint64 shift)
    {
        const auto r = m_journal->append(kind, body, local(time), QString::fromLatin1(collector), shift);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    }

    static void check(const DailyTotals &t, const Expected &e)
    {
        QCOMPARE(t.entries(), e.entries);
        QCOMPARE(t.payments(), e.payments);
        QCOMPARE(t.payments(PaymentMethod::Cash), e.cashPayments);
        QCOMPARE(t.payments(PaymentMethod::BankCard), e.cardPayments);
        QCOMPARE(t.payments(PaymentMethod::RechargeVoucher), e.voucherPayments);
        QCOMPARE(t.payments(PaymentMethod::BankTransfer), e.transferPayments);
        QCOMPARE(t.voids(), e.voids);
        QCOMPARE(t.voids(PaymentMethod::Cash), e.cashVoids);
        QCOMPARE(t.collected(), e.collected);
        QCOMPARE(t.collected(PaymentMethod::Cash), e.cashCollected);
        QCOMPARE(t.penaltiesCollected(), e.penalties);
        QCOMPARE(t.prepaidCredited(), e.prepaid);
        QCOMPARE(t.settled(), e.settled);
        QCOMPARE(t.visits(), e.visits);
        QCOMPARE(t.visits(VisitOutcome::NotHome), e.notHome);
        QCOMPARE(t.visits(VisitOutcome::PromisedToPay), e.promised);
        QCOMPARE(t.visits(VisitOutcome::Refused), 0);
        QCOMPARE(t.receiptsPrinted(), e.printed);
        QCOMPARE(t.receiptsReprinted(), e.reprinted);
        QCOMPARE(t.cashHandedOver(), e.handedOver);
        QCOMPARE(t.openingFloat(), e.openingFloat);
        QCOMPARE(t.expectedCashInHand(), e.expectedCash);
        QCOMPARE(t.shiftsClosed(), e.closes);
        QCOMPARE(t.countedCash(), e.counted);
        QCOMPARE(t.closingDifference(), e.difference);
        QCOMPARE(t.clockFlags(), e.clockFlags);
        QCOMPARE(t.invalidVoids(), e.invalidVoids);
        QCOMPARE(t.paymentsOfUnknownMethod().count, 0);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        Journal::Options o;
        o.sync = Journal::Options::Sync::Normal;
        m_journal =
            std::make_unique<Journal>(m_dir.filePath(QStringLiteral("j.sqlite")), QStringLiteral("D01"), m_key, o);
        QVERIFY(m_journal->open().ok());
        // Shift 1: Wang, 1 May. Seqs in comments.
        append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{yuan(200)}), "2024-05-01T08:00:00+08:00", "wang",
               1); // 1
        append(EntryKind::Payment, toCbor(payment(PaymentMethod::Cash, yuan(100), yuan(1), {})),
               "2024-05-01T09:00:00+08:00", "wang", 1); // 2
        append(EntryKind::Payment, toCbor(payment(PaymentMethod::BankCard, yuan(250), {}, yuan(50))),
               "2024-05-01T09:10:00+08:00", "wang", 1); // 3
        append(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{2, 1}), "2024-05-01T09:11:00+08:00", "wang",
               1); // 4
        append(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{2, 2}), "2024-05-01T09:12:00+08:00", "wang",
               1); // 5
        append(EntryKind::Visit, toCbor(VisitRecord{QStringLiteral("3100000002"), VisitOutcome::NotHome, {}, {}}),
               "2024-05-01T10:00:00+08:00", "wang", 1); // 6
        append(EntryKind::Visit,
               toCbor(VisitRecord{QStringLiteral("3100000003"), VisitOutcome::PromisedToPay, QDate(2024, 5, 9), {}}),
               "2024-05-01T10:30:00+08:00", "wang", 1); // 7
        append(EntryKind::Payment, toCbor(payment(PaymentMethod::Cash, yuan(30), {}, {})), "2024-05-01T11:00:00+08:00",
               "wang", 1); // 8
        append(EntryKind::Void, toCbor(VoidRecord{8, QStringLiteral("wrong account"), QStringLiteral("zhao")}),
               "2024-05-01T11:05:00+08:00", "wang", 1); // 9
        append(EntryKind::CashHandedOver, toCbor(CashHandedOverRecord{yuan(50), QStringLiteral("zhao")}),
               "2024-05-01T12:00:00+08:00", "wang", 1); // 10
        append(EntryKind::Payment, toCbor(payment(PaymentMethod::RechargeVoucher, yuan(20), {}, {})),
               "2024-05-01T13:00:00+08:00", "wang", 1); // 11
        append(EntryKind::Payment, toCbor(payment(PaymentMethod::BankTransfer, yuan(500), yuan(5), {})),
               "2024-05-01T14:00:00+08:00", "wang", 1); // 12
        append(EntryKind::ClockFlag, toCbor(ClockFlagRecord{1, 2, QStringLiteral("moved-backwards")}),
               "2024-05-01T15:00:00+08:00", "wang", 1); // 13
        append(EntryKind::ShiftClosed, toCbor(closed(yuan(250), Money::fromFen(24900))),
               "2024-05-01T23:59:59.999+08:00", "wang", 1); // 14
        // Shift 15: Li, 2 May, voids one of Wang's payments (the desk would refuse; the fold must cope).
        append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{yuan(100)}), "2024-05-02T00:00:00+08:00", "li",
               15); // 15
        append(EntryKind::Payment, toCbor(payment(PaymentMethod::Cash, yuan(10), {}, {})), "2024-05-02T08:00:00+08:00",
               "li", 15); // 16
        append(EntryKind::Void, toCbor(VoidRecord{2, QStringLiteral("late void"), QStringLiteral("zhao")}),
               "2024-05-02T08:10:00+08:00", "li", 15); // 17
        append(EntryKind::Void, toCbor(VoidRecord{2, QStringLiteral("again"), QStringLiteral("zhao")}),
               "2024-05-02T08:20:00+08:00", "li", 15); // 18
        append(EntryKind::Void, toCbor(VoidRecord{6, QStringLiteral("a visit"), QStringLiteral("zhao")}),
               "2024-05-02T08:30:00+08:00", "li", 15); // 19
        append(EntryKind::Void, toCbor(VoidRecord{25, QStringLiteral("the future"), QStringLiteral("zhao")}),
               "2024-05-02T08:40:00+08:00", "li", 15); // 20
        QCOMPARE(m_journal->lastSeq(), 20);
    }

    void filters_data()
    {
        QTest::addColumn<DailyTotals::Filter>("filter");
        QTest::addColumn<qint64>("fromSeq");
        QTest::addColumn<Expected>("expected");

        Expected s1;
        s1.entries = 14;
        s1.payments = {5, yuan(900)};
        s1.cashPayments = {2, yuan(130)};
        s1.cardPayments = {1, yuan(250)};
        s1.voucherPayments = {1, yuan(20)};
        s1.transferPayments = {1, yuan(500)};
        s1.voids = s1.cashVoids = {1, yuan(30)};
        s1.collected = {4, yuan(870)};
        s1.cashCollected = {1, yuan(100)};
        s1.penalties = yuan(6);
        s1.prepaid = yuan(50);
        s1.settled = yuan(820);
        s1.visits = 2;
        s1.notHome = 1;
        s1.promised = 1;
        s1.printed = 1;
        s1.reprinted = 1;
        s1.handedOver = {1, yuan(50)};
        s1.openingFloat = yuan(200);
        s1.expectedCash = yuan(250); // 200 + 130 − 30 − 50
        s1.closes = 1;
        s1.counted = Money::fromFen(24900);
        s1.difference = -yuan(1);
        s1.clockFlags = 1;

        Expected s2;
        s2.entries = 6;
        s2.payments = s2.cashPayments = {1, yuan(10)};
        s2.voids = s2.cashVoids = {1, yuan(100)}; // seq 2, a cash payment of shift 1
        s2.collected = s2.cashCollected = {0, -yuan(90)};
        s2.penalties = -yuan(1);
        s2.settled = -yuan(90); // collected −90, nothing of it prepaid
        s2.openingFloat = yuan(100);
        s2.expectedCash = yuan(10); // 100 + 10 − 100
        s2.invalidVoids = 3;        // second void of 2, void of a visit, void of a future seq

        Expected all;
        all.entries = 20;
        all.payments = {6, yuan(910)};
        all.cashPayments = {3, yuan(140)};
        all.cardPayments = s1.cardPayments;
        all.voucherPayments = s1.voucherPayments;
        all.transferPayments = s1.transferPayments;
        all.voids = all.cashVoids = {2, yuan(130)};
        all.collected = {4, yuan(780)};
        all.cashCollected = {1, yuan(10)};
        all.penalties = yuan(5);
        all.prepaid = yuan(50);
        all.settled = yuan(730);
        all.visits = 2;
        all.notHome = 1;
        all.promised = 1;
        all.printed = 1;
        all.reprinted = 1;
        all.handedOver = {1, yuan(50)};
        all.openingFloat = yuan(300);
        all.expectedCash = yuan(260); // 300 + 140 − 130 − 50
        all.closes = 1;
        all.counted = Money::fromFen(24900);
        all.difference = -yuan(1);
        all.clockFlags = 1;
        all.invalidVoids = 3;

        QTest::newRow("all") << DailyTotals::Filter::all() << qint64(1) << all;
        QTest::newRow("shift 1") << DailyTotals::Filter::shift(1) << qint64(1) << s1;
        QTest::newRow("shift 15") << DailyTotals::Filter::shift(15) << qint64(1) << s2;
        QTest::newRow("shift 15 folded from 15") << DailyTotals::Filter::shift(15) << qint64(15) << s2;
        QTest::newRow("1 May") << DailyTotals::Filter::onDay(QDate(2024, 5, 1)) << qint64(1) << s1;
        QTest::newRow("2 May") << DailyTotals::Filter::onDay(QDate(2024, 5, 2)) << qint64(1) << s2;
        QTest::newRow("30 April") << DailyTotals::Filter::onDay(QDate(2024, 4, 30)) << qint64(1) << Expected{};
        // 2 May 00:00 +08:00 is still 1 May in UTC: in UTC, entry 15 joins 1 May's figures.
        Expected utcDay1 = s1;
        utcDay1.entries += 1;
        utcDay1.openingFloat += yuan(100);
        utcDay1.expectedCash += yuan(100);
        QTest::newRow("1 May UTC") << DailyTotals::Filter::onDay(QDate(2024, 5, 1), 0) << qint64(1) << utcDay1;
        QTest::newRow("collector wang") << DailyTotals::Filter::collector(QStringLiteral("wang")) << qint64(1) << s1;
        QTest::newRow("collector li") << DailyTotals::Filter::collector(QStringLiteral("li")) << qint64(1) << s2;
        QTest::newRow("unknown collector")
            << DailyTotals::Filter::collector(QStringLiteral("nobody")) << qint64(1) << Expected{};
        DailyTotals::Filter mixed = DailyTotals::Filter::shift(1);
        mixed.collectorId = QStringLiteral("li");
        QTest::newRow("shift 1 and li: nothing") << mixed << qint64(1) << Expected{};
        DailyTotals::Filter both = DailyTotals::Filter::onDay(QDate(2024, 5, 2));
        both.collectorId = QStringLiteral("li");
        QTest::newRow("2 May and li") << both << qint64(1) << s2;
    }
    void filters()
    {
        QFETCH(DailyTotals::Filter, filter);
        QFETCH(qint64, fromSeq);
        QFETCH(Expected, expected);
        check(DailyTotals::compute(*m_journal, filter, fromSeq), expected);
    }

    void foldEqualsFoldOverDecodedEntries()
    {
        // The center has entries, not columns: the same fold over facts derived from the entries.
        DailyTotals fromColumns = DailyTotals::compute(*m_journal, DailyTotals::Filter::all());
        DailyTotals fromEntries;
        m_journal->forEach(1, m_journal->lastSeq(), [&](const JournalEntry &e) {
            fromEntries.add(JournalFact::fromEntry(e));
            return true;
        });
        QCOMPARE(fromEntries.collected(), fromColumns.collected());
        QCOMPARE(fromEntries.expectedCashInHand(), fromColumns.expectedCashInHand());
        QCOMPARE(fromEntries.penaltiesCollected(), fromColumns.penaltiesCollected());
        QCOMPARE(fromEntries.invalidVoids(), fromColumns.invalidVoids());
    }

    void toSeqBoundsTheFold()
    {
        // Up to seq 8 only: the void at 9 has not happened yet.
        const DailyTotals t = DailyTotals::compute(*m_journal, DailyTotals::Filter::shift(1), 1, 8);
        QCOMPARE(t.entries(), 8);
        QCOMPARE(t.collected(PaymentMethod::Cash), (CountedAmount{2, yuan(130)}));
        QCOMPARE(t.voids().count, 0);
        QCOMPARE(t.lastSeq(), 8);
        QCOMPARE(t.expectedCashInHand(), yuan(330));
    }

    void collectionRate_data()
    {
        QTest::addColumn<qint64>("settledFen");
        QTest::addColumn<qint64>("receivableFen");
        QTest::addColumn<qint64>("bps"); // NoRate: none
        QTest::newRow("all of it") << qint64(100000) << qint64(100000) << qint64(10000);
        QTest::newRow("a third, rounded down") << qint64(82000) << qint64(300000) << qint64(2733);
        QTest::newRow("just under a basis point") << qint64(9) << qint64(100000) << qint64(0);
        QTest::newRow("exactly a basis point") << qint64(10) << qint64(100000) << qint64(1);
        QTest::newRow("more than receivable") << qint64(150000) << qint64(100000) << qint64(15000);
        QTest::newRow("nothing") << qint64(0) << qint64(100000) << qint64(0);
        QTest::newRow("negative, rounded down") << qint64(-1) << qint64(100000) << qint64(-1);
        QTest::newRow("zero receivable") << qint64(500) << qint64(0) << NoRate;
        QTest::newRow("negative receivable") << qint64(500) << qint64(-5) << NoRate;
        QTest::newRow("huge, no overflow") << Money::MaxFen << Money::MaxFen << qint64(10000);
    }
    void collectionRate()
    {
        QFETCH(qint64, settledFen);
        QFETCH(qint64, receivableFen);
        QFETCH(qint64, bps);
        DailyTotals t;
        JournalFact f;
        f.seq = 1;
        f.kind = EntryKind::Payment;
        f.method = int(PaymentMethod::BankCard);
        f.amount = Money::fromFen(settledFen);
        t.add(f);
        QCOMPARE(t.settled(), Money::fromFen(settledFen));
        const auto rate = t.collectionRateBps(Money::fromFen(receivableFen));
        QCOMPARE(rate.has_value(), bps != NoRate);
        if (rate)
            QCOMPARE(*rate, bps);
    }

    void unknownMethodIsKeptApart()
    {
        DailyTotals t;
        JournalFact f;
        f.seq = 1;
        f.kind = EntryKind::Payment;
        f.method = 9; // a newer app's method, or a damaged row
        f.amount = yuan(7);
        t.add(f);
        f.seq = 2;
        f.method = int(PaymentMethod::Cash);
        t.add(f);
        QCOMPARE(t.paymentsOfUnknownMethod(), (CountedAmount{1, yuan(7)}));
        QCOMPARE(t.payments(), (CountedAmount{2, yuan(14)}));
        QCOMPARE(t.payments(PaymentMethod::Cash), (CountedAmount{1, yuan(7)}));
        // And a void of it reverses it in the same bucket.
        f.seq = 3;
        f.kind = EntryKind::Void;
        f.refSeq = 1;
        t.add(f);
        QCOMPARE(t.collected(), (CountedAmount{1, yuan(7)}));
        QCOMPARE(t.paymentsOfUnknownMethod(), (CountedAmount{1, yuan(7)}));
        QCOMPARE(t.voids(), (CountedAmount{1, yuan(7)}));
    }

    void voidOutsideFilterKeepsPaymentInside()
    {
        // Payment on 1 May, void on 2 May: 1 May still shows it, 2 May shows the reversal.
        DailyTotals day1(DailyTotals::Filter::onDay(QDate(2024, 5, 1)));
        DailyTotals day2(DailyTotals::Filter::onDay(QDate(2024, 5, 2)));
        JournalFact pay;
        pay.seq = 1;
        pay.kind = EntryKind::Payment;
        pay.method = int(PaymentMethod::Cash);
        pay.amount = yuan(40);
        pay.timeMs = local("2024-05-01T23:50:00+08:00");
        JournalFact v;
        v.seq = 2;
        v.kind = EntryKind::Void;
        v.refSeq = 1;
        v.timeMs = local("2024-05-02T00:10:00+08:00");
        for (DailyTotals *t : {&day1, &day2}) {
            t->add(pay);
            t->add(v);
        }
        QCOMPARE(day1.collected(), (CountedAmount{1, yuan(40)}));
        QCOMPARE(day2.collected(), (CountedAmount{-1, -yuan(40)}));
        QCOMPARE(day2.voids(), (CountedAmount{1, yuan(40)}));
    }
};

QTEST_GUILESS_MAIN(TestDailyTotals)
#include "tst_dailytotals.moc"
