// Unit tests of Allocation: the order keys, worked partial / exact / over-payments in every
// order, refusal of a non-positive payment, and a seeded property test over random arrears.

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <array>

#include "allocation.h"

Q_DECLARE_METATYPE(AllocationOrder)

using Lines = QList<AllocationLine>;
using P = AllocationLine::Part;

namespace {

constexpr std::array<AllocationOrder, 3> AllOrders = {
    AllocationOrder::PenaltyThenPrincipalPerBill,
    AllocationOrder::AllPenaltiesFirst,
    AllocationOrder::PrincipalFirst,
};

struct BillSpec
{
    qint64 outstandingFen = 0;
    qint64 penaltyFen = 0;
};

// Arrears built directly (not through compute()), so any amounts can be tried. Bill i is
// "B<i>" for period "2025-<i+1>", due in that order.
Arrears makeArrears(const QList<BillSpec> &specs)
{
    Arrears a;
    a.asOf = QDate(2026, 3, 10);
    for (qsizetype i = 0; i < specs.size(); ++i) {
        BillArrears b;
        b.bill.id = QStringLiteral("B%1").arg(i);
        b.bill.accountNumber = QStringLiteral("0000000001");
        b.bill.period = QStringLiteral("2025-%1").arg(i + 1, 2, 10, QLatin1Char('0'));
        b.bill.amount = Money::fromFen(specs[i].outstandingFen);
        b.bill.dueDate = QDate(2025, 1, 15).addMonths(int(i));
        b.penalty = Money::fromFen(specs[i].penaltyFen);
        a.principal += b.bill.outstanding();
        a.penalty += b.penalty;
        a.bills.append(b);
    }
    return a;
}

AllocationLine line(int bill, P part, qint64 fen)
{
    return {QStringLiteral("B%1").arg(bill), QStringLiteral("2025-%1").arg(bill + 1, 2, 10, QLatin1Char('0')), part,
            Money::fromFen(fen)};
}

/** One part of the arrears: which bill, which part, how much it owed. */
struct Owed
{
    const BillArrears *bill;
    P part;
    Money amount;
};

// The settlement order, written out from the header's definition independently of allocation.cpp;
// parts that owe nothing are dropped (they never get a line).
QList<Owed> expectedOrder(const Arrears &a, AllocationOrder order)
{
    QList<Owed> out;
    auto add = [&out](const BillArrears &b, P part) {
        const Money owed = part == P::Penalty ? b.penalty : b.bill.outstanding();
        if (owed.isPositive())
            out.append({&b, part, owed});
    };
    if (order == AllocationOrder::PenaltyThenPrincipalPerBill) {
        for (const BillArrears &b : a.bills) {
            add(b, P::Penalty);
            add(b, P::Principal);
        }
    } else {
        const P first = order == AllocationOrder::AllPenaltiesFirst ? P::Penalty : P::Principal;
        for (const BillArrears &b : a.bills)
            add(b, first);
        for (const BillArrears &b : a.bills)
            add(b, first == P::Penalty ? P::Principal : P::Penalty);
    }
    return out;
}

QString describe(const Arrears &a, Money paid, AllocationOrder order)
{
    QString s = QStringLiteral("order %1, paid %2, bills").arg(allocationOrderKey(order), paid.toPlainString());
    for (const BillArrears &b : a.bills)
        s += QStringLiteral(" [%1 + %2]").arg(b.bill.outstanding().toPlainString(), b.penalty.toPlainString());
    return s;
}

// Every property of an allocation the header promises; returns the first one broken, or "".
QString violation(const Arrears &a, Money paid, AllocationOrder order, const Allocation &r)
{
    if (r.paid != paid)
        return QStringLiteral("paid is not the payment");
    Money sum;
    for (const AllocationLine &l : r.lines) {
        if (!l.amount.isPositive())
            return QStringLiteral("a line is zero or negative");
        sum += l.amount;
    }
    if (sum != r.settled())
        return QStringLiteral("settled() is not the sum of the lines");
    if (r.toPrepaid.isNegative() || r.stillOwed.isNegative())
        return QStringLiteral("negative prepaid or still owed");
    if (sum + r.toPrepaid != paid)
        return QStringLiteral("lines + prepaid != paid");
    if (r.stillOwed != a.total() - sum)
        return QStringLiteral("stillOwed != total - settled");
    if (r.toPrepaid.isPositive() && !r.stillOwed.isZero())
        return QStringLiteral("money to prepaid while something is still owed");

    // Order: the lines walk the expected parts one by one, none skipped; every line but the
    // last settles its part in full, and the last is partial only when the money ran out.
    const QList<Owed> parts = expectedOrder(a, order);
    if (r.lines.size() > parts.size())
        return QStringLiteral("more lines than parts owing");
    for (qsizetype i = 0; i < r.lines.size(); ++i) {
        const AllocationLine &l = r.lines[i];
        const Owed &o = parts[i];
        if (l.billId != o.bill->bill.id || l.period != o.bill->bill.period || l.part != o.part)
            return QStringLiteral("line %1 settles the wrong part").arg(i);
        if (l.amount > o.amount)
            return QStringLiteral("line %1 exceeds what its part owed").arg(i);
        if (i + 1 < r.lines.size() && l.amount != o.amount)
            return QStringLiteral("line %1 is partial but later parts were paid").arg(i);
    }
    const bool allSettled =
        r.lines.size() == parts.size() && (r.lines.isEmpty() || r.lines.last().amount == parts.last().amount);
    if (!allSettled && r.toPrepaid.isPositive())
        return QStringLiteral("money left over while parts remain unsettled");
    if (paid <= a.total() && (!r.toPrepaid.isZero() || r.stillOwed != a.total() - paid))
        return QStringLiteral("a payment within the total went to prepaid");
    if (paid >= a.total() && (!allSettled || r.toPrepaid != paid - a.total()))
        return QStringLiteral("a payment covering the total left something unsettled");
    return {};
}

qint64 randomAmount(QRandomGenerator &rng)
{
    // Mostly ordinary bills, with the edges over-represented: 1 fen, and amounts near the largest
    // Money parses (12 bills × 2 parts of them still sum far below 64 bits).
    switch (rng.bounded(8)) {
    case 0:
        return 1;
    case 1:
        return rng.bounded(2, 100);
    case 2:
        return Money::MaxFen / 32 - rng.bounded(qint64(1000));
    case 3:
        return rng.bounded(qint64(1), Money::MaxFen / 32);
    default:
        return rng.bounded(qint64(100), qint64(5'000'000)); // ¥1 … ¥50,000
    }
}

Money randomPayment(QRandomGenerator &rng, Money total)
{
    const qint64 t = total.fen();
    switch (rng.bounded(7)) {
    case 0:
        return Money::fromFen(1);
    case 1:
        return Money::fromFen(std::max<qint64>(1, t - 1));
    case 2:
        return total;
    case 3:
        return Money::fromFen(t + 1);
    case 4:
        return Money::fromFen(rng.bounded(qint64(1), qint64(10'000)));
    default:
        return Money::fromFen(rng.bounded(qint64(1), 2 * t + 1)); // 1 fen … 2 × total
    }
}

} // namespace

class TestAllocation : public QObject
{
    Q_OBJECT

private slots:
    void orderKeys();
    void refusesNonPositivePayment_data();
    void refusesNonPositivePayment();
    void workedExamples_data();
    void workedExamples();
    void emptyArrearsAllToPrepaid();
    void computedArrearsWithMinimum();
    void randomProperties();
};

void TestAllocation::orderKeys()
{
    QCOMPARE(allocationOrderKey(AllocationOrder::PenaltyThenPrincipalPerBill),
             QStringLiteral("penalty-then-principal"));
    QCOMPARE(allocationOrderKey(AllocationOrder::AllPenaltiesFirst), QStringLiteral("penalties-first"));
    QCOMPARE(allocationOrderKey(AllocationOrder::PrincipalFirst), QStringLiteral("principal-first"));
    for (const AllocationOrder o : AllOrders)
        QCOMPARE(allocationOrderFromKey(allocationOrderKey(o)), std::optional<AllocationOrder>(o));
    QVERIFY(!allocationOrderFromKey(u"").has_value());
    QVERIFY(!allocationOrderFromKey(u"Principal-First").has_value());
    QVERIFY(!allocationOrderFromKey(u"principal-first ").has_value());
    QVERIFY(!allocationOrderFromKey(u"penalty_then_principal").has_value());
}

void TestAllocation::refusesNonPositivePayment_data()
{
    QTest::addColumn<qint64>("fen");
    QTest::newRow("zero") << 0LL;
    QTest::newRow("minus 1 fen") << -1LL;
    QTest::newRow("minus 1000 yuan") << -100000LL;
}

void TestAllocation::refusesNonPositivePayment()
{
    QFETCH(qint64, fen);
    const Arrears a = makeArrears({{10000, 500}});
    for (const AllocationOrder o : AllOrders) {
        const Result<Allocation> r = Allocation::allocate(a, Money::fromFen(fen), o);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("payment.not-positive"));
        QVERIFY(!r.error().message.isEmpty());
    }
}

void TestAllocation::workedExamples_data()
{
    QTest::addColumn<qint64>("paidFen");
    QTest::addColumn<AllocationOrder>("order");
    QTest::addColumn<Lines>("lines");
    QTest::addColumn<qint64>("toPrepaidFen");
    QTest::addColumn<qint64>("stillOwedFen");

    // Arrears for all rows: B0 ¥100.00 + ¥5.00 penalty, B1 ¥50.00 + ¥1.00, B2 ¥20.00 + no
    // penalty. Principal 17000, penalty 600, total 17600 fen.
    const auto ptp = AllocationOrder::PenaltyThenPrincipalPerBill;
    const auto apf = AllocationOrder::AllPenaltiesFirst;
    const auto pf = AllocationOrder::PrincipalFirst;

    // ¥7.00: per bill, B0's penalty (500) then 200 of its principal; penalties first takes both
    // penalties (600) then 100 of B0's principal; principal first puts it all on B0's principal.
    QTest::newRow("7.00 per bill") << 700LL << ptp << Lines{line(0, P::Penalty, 500), line(0, P::Principal, 200)} << 0LL
                                   << 16900LL;
    QTest::newRow("7.00 penalties first")
        << 700LL << apf << Lines{line(0, P::Penalty, 500), line(1, P::Penalty, 100), line(0, P::Principal, 100)} << 0LL
        << 16900LL;
    QTest::newRow("7.00 principal first") << 700LL << pf << Lines{line(0, P::Principal, 700)} << 0LL << 16900LL;

    // ¥120.00: 500 + 10000 settle B0; 100 for B1's penalty; 1400 left for B1's principal.
    QTest::newRow("120.00 per bill") << 12000LL << ptp
                                     << Lines{line(0, P::Penalty, 500), line(0, P::Principal, 10000),
                                              line(1, P::Penalty, 100), line(1, P::Principal, 1400)}
                                     << 0LL << 5600LL;
    QTest::newRow("120.00 penalties first") << 12000LL << apf
                                            << Lines{line(0, P::Penalty, 500), line(1, P::Penalty, 100),
                                                     line(0, P::Principal, 10000), line(1, P::Principal, 1400)}
                                            << 0LL << 5600LL;
    // Principal first: B0's 10000, then 2000 of B1's 5000; both penalties still owed.
    QTest::newRow("120.00 principal first")
        << 12000LL << pf << Lines{line(0, P::Principal, 10000), line(1, P::Principal, 2000)} << 0LL << 5600LL;

    // Exactly ¥176.00: every part settled, B2's zero penalty gets no line, nothing to prepaid.
    const Lines allPerBill = {line(0, P::Penalty, 500), line(0, P::Principal, 10000), line(1, P::Penalty, 100),
                              line(1, P::Principal, 5000), line(2, P::Principal, 2000)};
    const Lines allPenaltiesFirst = {line(0, P::Penalty, 500), line(1, P::Penalty, 100), line(0, P::Principal, 10000),
                                     line(1, P::Principal, 5000), line(2, P::Principal, 2000)};
    const Lines allPrincipalFirst = {line(0, P::Principal, 10000), line(1, P::Principal, 5000),
                                     line(2, P::Principal, 2000), line(0, P::Penalty, 500), line(1, P::Penalty, 100)};
    QTest::newRow("exact per bill") << 17600LL << ptp << allPerBill << 0LL << 0LL;
    QTest::newRow("exact penalties first") << 17600LL << apf << allPenaltiesFirst << 0LL << 0LL;
    QTest::newRow("exact principal first") << 17600LL << pf << allPrincipalFirst << 0LL << 0LL;

    // 1 fen short: the last part in each order is 1 fen short.
    Lines shortPerBill = allPerBill;
    shortPerBill.last().amount = Money::fromFen(1999);
    Lines shortPrincipalFirst = allPrincipalFirst;
    shortPrincipalFirst.last().amount = Money::fromFen(99);
    QTest::newRow("1 fen short per bill") << 17599LL << ptp << shortPerBill << 0LL << 1LL;
    QTest::newRow("1 fen short principal first") << 17599LL << pf << shortPrincipalFirst << 0LL << 1LL;

    // ¥200.00: everything settled and 2400 fen credited to prepaid.
    QTest::newRow("over per bill") << 20000LL << ptp << allPerBill << 2400LL << 0LL;
    QTest::newRow("over penalties first") << 20000LL << apf << allPenaltiesFirst << 2400LL << 0LL;
    QTest::newRow("over principal first") << 20000LL << pf << allPrincipalFirst << 2400LL << 0LL;
    QTest::newRow("1 fen over") << 17601LL << ptp << allPerBill << 1LL << 0LL;

    // 1 fen: the first part in the order gets it.
    QTest::newRow("1 fen per bill") << 1LL << ptp << Lines{line(0, P::Penalty, 1)} << 0LL << 17599LL;
    QTest::newRow("1 fen principal first") << 1LL << pf << Lines{line(0, P::Principal, 1)} << 0LL << 17599LL;
}

void TestAllocation::workedExamples()
{
    QFETCH(qint64, paidFen);
    QFETCH(AllocationOrder, order);
    QFETCH(Lines, lines);
    QFETCH(qint64, toPrepaidFen);
    QFETCH(qint64, stillOwedFen);

    const Arrears a = makeArrears({{10000, 500}, {5000, 100}, {2000, 0}});
    QCOMPARE(a.total(), Money::fromFen(17600));
    const Result<Allocation> r = Allocation::allocate(a, Money::fromFen(paidFen), order);
    QVERIFY(r.ok());
    QCOMPARE(r->paid, Money::fromFen(paidFen));
    QCOMPARE(r->lines.size(), lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QCOMPARE(r->lines[i].billId, lines[i].billId);
        QCOMPARE(r->lines[i].period, lines[i].period);
        QCOMPARE(r->lines[i].part, lines[i].part);
        QCOMPARE(r->lines[i].amount.fen(), lines[i].amount.fen());
    }
    QCOMPARE(r->toPrepaid.fen(), toPrepaidFen);
    QCOMPARE(r->stillOwed.fen(), stillOwedFen);
    QCOMPARE(r->settled().fen(), paidFen - toPrepaidFen);
    const QString problem = violation(a, Money::fromFen(paidFen), order, r.value());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestAllocation::emptyArrearsAllToPrepaid()
{
    const Arrears a = makeArrears({});
    const Result<Allocation> r = Allocation::allocate(a, Money::fromFen(5000));
    QVERIFY(r.ok());
    QVERIFY(r->lines.isEmpty());
    QCOMPARE(r->toPrepaid, Money::fromFen(5000));
    QCOMPARE(r->stillOwed, Money());
    QCOMPARE(r->settled(), Money());
}

void TestAllocation::computedArrearsWithMinimum()
{
    // Through Arrears::compute: residential B-1 ¥10.00 10 days (10 fen) and B-2 ¥30.00 9 days
    // (27 fen) = 37 fen, raised to ¥1: B-1 carries 73 fen. ¥20.00 per bill: 73 + 1000 settle
    // B-1, 27 for B-2's penalty, 900 of B-2's 3000 principal; 2100 still owed of 4100.
    Account account;
    account.number = QStringLiteral("0000000001");
    Bill b1;
    b1.id = QStringLiteral("B-1");
    b1.period = QStringLiteral("2026-01");
    b1.amount = Money::fromFen(1000);
    b1.dueDate = QDate(2026, 2, 28);
    Bill b2 = b1;
    b2.id = QStringLiteral("B-2");
    b2.period = QStringLiteral("2026-02");
    b2.amount = Money::fromFen(3000);
    b2.dueDate = QDate(2026, 3, 1);
    const Arrears a = Arrears::compute(account, {b2, b1}, PenaltyPolicy(), QDate(2026, 3, 10));
    QCOMPARE(a.total(), Money::fromFen(4100));
    const Result<Allocation> r = Allocation::allocate(a, Money::fromYuan(20));
    QVERIFY(r.ok());
    const Lines expected = {{QStringLiteral("B-1"), QStringLiteral("2026-01"), P::Penalty, Money::fromFen(73)},
                            {QStringLiteral("B-1"), QStringLiteral("2026-01"), P::Principal, Money::fromFen(1000)},
                            {QStringLiteral("B-2"), QStringLiteral("2026-02"), P::Penalty, Money::fromFen(27)},
                            {QStringLiteral("B-2"), QStringLiteral("2026-02"), P::Principal, Money::fromFen(900)}};
    QCOMPARE(r->lines, expected);
    QCOMPARE(r->stillOwed, Money::fromFen(2100));
    QCOMPARE(r->toPrepaid, Money());
}

void TestAllocation::randomProperties()
{
    // Fixed seed: a failure reproduces; the row printed on failure is enough to rebuild the case.
    constexpr quint32 Seed = 20260315;
    constexpr int ArrearsCount = 6000;
    constexpr int PaymentsPerArrears = 4;
    QRandomGenerator rng(Seed);
    qint64 checked = 0, overpaid = 0, partial = 0, exact = 0;
    for (int n = 0; n < ArrearsCount; ++n) {
        QList<BillSpec> specs;
        const int billCount = rng.bounded(1, 13); // 1…12
        for (int i = 0; i < billCount; ++i)
            specs.append({randomAmount(rng), rng.bounded(3) == 0 ? 0 : randomAmount(rng)});
        const Arrears a = makeArrears(specs);
        for (int k = 0; k < PaymentsPerArrears; ++k) {
            const Money paid = randomPayment(rng, a.total());
            for (const AllocationOrder order : AllOrders) {
                const Result<Allocation> r = Allocation::allocate(a, paid, order);
                QVERIFY2(r.ok(), qPrintable(describe(a, paid, order)));
                const QString problem = violation(a, paid, order, r.value());
                QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("seed %1, arrears #%2: %3 (%4)")
                                                           .arg(Seed)
                                                           .arg(n)
                                                           .arg(problem, describe(a, paid, order))));
                ++checked;
            }
            (paid > a.total() ? overpaid : paid == a.total() ? exact : partial) += 1;
        }
    }
    // The generator must actually reach every kind of payment, or the test proves less than it says.
    QVERIFY(overpaid > 1000);
    QVERIFY(exact > 1000);
    QVERIFY(partial > 1000);
    qInfo("checked %lld allocations (%lld partial, %lld exact, %lld over payments)", checked, partial, exact, overpaid);
}

QTEST_GUILESS_MAIN(TestAllocation)
#include "tst_allocation.moc"
