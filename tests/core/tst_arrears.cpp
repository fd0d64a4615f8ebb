// Unit tests of Arrears::compute: which bills are listed and in what order, per-bill penalties,
// totals, and the account-level minimum with its top-up on the oldest penalised bill.

#include <QTest>

#include <algorithm>

#include "arrears.h"

namespace {

Account makeAccount(CustomerClass c = CustomerClass::Residential, qint64 prepaidFen = 0)
{
    Account a;
    a.number = QStringLiteral("0000000001");
    a.name = QStringLiteral("Test Customer");
    a.customerClass = c;
    a.prepaidBalance = Money::fromFen(prepaidFen);
    return a;
}

Bill makeBill(const char *id, const char *period, qint64 amountFen, QDate due, qint64 paidFen = 0)
{
    Bill b;
    b.id = QString::fromLatin1(id);
    b.accountNumber = QStringLiteral("0000000001");
    b.period = QString::fromLatin1(period);
    b.amount = Money::fromFen(amountFen);
    b.amountPaid = Money::fromFen(paidFen);
    b.dueDate = due;
    return b;
}

QStringList ids(const Arrears &a)
{
    QStringList out;
    for (const BillArrears &b : a.bills)
        out << b.bill.id;
    return out;
}

// The invariants every Arrears keeps, whatever the input.
void checkSums(const Arrears &a)
{
    Money principal, penalty;
    for (const BillArrears &b : a.bills) {
        QVERIFY(b.bill.outstanding().isPositive());
        QVERIFY(!b.penalty.isNegative());
        QCOMPARE(b.due(), b.bill.outstanding() + b.penalty);
        principal += b.bill.outstanding();
        penalty += b.penalty;
    }
    QCOMPARE(a.principal, principal);
    QCOMPARE(a.penalty, penalty);
    QCOMPARE(a.total(), principal + penalty);
}

} // namespace

class TestArrears : public QObject
{
    Q_OBJECT

private slots:
    void empty();
    void oldestFirstThenPeriodThenId();
    void settledBillsLeftOut();
    void perBillPenaltyUsesTheAccountsClass();
    void minimumTopUp();
    void minimumTopUpSkipsBillsWithoutPenalty();
    void zeroPenaltyStaysZero();
    void minimumReachedNeedsNoTopUp_data();
    void minimumReachedNeedsNoTopUp();
    void minimumFromPolicy();
};

void TestArrears::empty()
{
    const Arrears a =
        Arrears::compute(makeAccount(CustomerClass::Commercial, 250), {}, PenaltyPolicy(), QDate(2026, 3, 10));
    QVERIFY(a.bills.isEmpty());
    QCOMPARE(a.asOf, QDate(2026, 3, 10));
    QCOMPARE(a.principal, Money());
    QCOMPARE(a.penalty, Money());
    QCOMPARE(a.minimumTopUp, Money());
    QCOMPARE(a.total(), Money());
    QCOMPARE(a.prepaidBalance, Money::fromFen(250));
}

void TestArrears::oldestFirstThenPeriodThenId()
{
    // Given shuffled: two bills share a due date (period decides), two share due date and period
    // (id decides). Not yet due bills are listed too: they are owed, just without penalty.
    const QList<Bill> bills = {
        makeBill("B-9", "2026-03", 1000, QDate(2026, 4, 15)), makeBill("B-5", "2026-02", 1000, QDate(2026, 2, 28)),
        makeBill("B-2", "2026-02", 1000, QDate(2026, 2, 28)), makeBill("B-7", "2026-01", 1000, QDate(2026, 2, 28)),
        makeBill("B-1", "2025-12", 1000, QDate(2026, 1, 31)),
    };
    const Arrears a = Arrears::compute(makeAccount(), bills, PenaltyPolicy(), QDate(2026, 3, 10));
    QCOMPARE(ids(a), (QStringList{QStringLiteral("B-1"), QStringLiteral("B-7"), QStringLiteral("B-2"),
                                  QStringLiteral("B-5"), QStringLiteral("B-9")}));
    QCOMPARE(a.bills.last().overdueDays, 0);
    QCOMPARE(a.bills.last().penalty, Money());
    // Same result from any input order.
    QList<Bill> reversed = bills;
    std::reverse(reversed.begin(), reversed.end());
    QCOMPARE(Arrears::compute(makeAccount(), reversed, PenaltyPolicy(), QDate(2026, 3, 10)).bills, a.bills);
    checkSums(a);
}

void TestArrears::settledBillsLeftOut()
{
    const QList<Bill> bills = {
        makeBill("PAID", "2026-01", 5000, QDate(2026, 1, 31), 5000),
        makeBill("OVERPAID", "2026-01", 5000, QDate(2026, 1, 31), 6000),
        makeBill("ZERO", "2026-01", 0, QDate(2026, 1, 31)),
        makeBill("PART", "2026-02", 5000, QDate(2026, 2, 28), 1500),
    };
    const Arrears a = Arrears::compute(makeAccount(), bills, PenaltyPolicy(), QDate(2026, 3, 10));
    QCOMPARE(ids(a), QStringList{QStringLiteral("PART")});
    // ¥35.00 outstanding, 10 days at 0.1 %: 3500 × 10 / 1000 = 35 fen; under ¥1: raised to 100.
    QCOMPARE(a.principal, Money::fromFen(3500));
    QCOMPARE(a.bills.first().overdueDays, 10);
    QCOMPARE(a.penalty, Money::fromFen(100));
    QCOMPARE(a.minimumTopUp, Money::fromFen(65));
    checkSums(a);
}

void TestArrears::perBillPenaltyUsesTheAccountsClass()
{
    // Commercial bill ¥1,234.56 due 2025-12-20 as of 2026-01-10: 11 days at 0.2 % + 10 at 0.3 %
    // = 52000 ppm·days; 123456 × 0.052 = 6419.712 → 6420 fen. Second bill ¥500.00 due
    // 2026-01-05: 5 days, all in its own year, at 0.2 %: 50000 × 0.01 = 500 fen.
    const QList<Bill> bills = {makeBill("B-2", "2025-12", 50000, QDate(2026, 1, 5)),
                               makeBill("B-1", "2025-11", 123456, QDate(2025, 12, 20))};
    const PenaltyPolicy policy;
    const QDate asOf(2026, 1, 10);
    const Arrears a = Arrears::compute(makeAccount(CustomerClass::Commercial, 1234), bills, policy, asOf);
    QCOMPARE(a.bills.size(), 2);
    QCOMPARE(a.bills[0].overdueDays, 21);
    QCOMPARE(a.bills[0].penalty, Money::fromFen(6420));
    QCOMPARE(a.bills[1].overdueDays, 5);
    QCOMPARE(a.bills[1].penalty, Money::fromFen(500));
    QCOMPARE(a.principal, Money::fromFen(173456));
    QCOMPARE(a.penalty, Money::fromFen(6920));
    QCOMPARE(a.minimumTopUp, Money());
    QCOMPARE(a.total(), Money::fromFen(180376));
    QCOMPARE(a.prepaidBalance, Money::fromFen(1234));
    // The same bills for a residential account: 21 and 5 days at 0.1 %: 2592.576 → 2593, 250.
    const Arrears r = Arrears::compute(makeAccount(CustomerClass::Residential), bills, policy, asOf);
    QCOMPARE(r.bills[0].penalty, Money::fromFen(2593));
    QCOMPARE(r.bills[1].penalty, Money::fromFen(250));
    checkSums(a);
    checkSums(r);
}

void TestArrears::minimumTopUp()
{
    // Residential, as of 2026-03-10. B-1 ¥10.00 due 02-28: 10 days: 1000 × 10 / 1000 = 10 fen.
    // B-2 ¥30.00 due 03-01: 9 days: 3000 × 9 / 1000 = 27 fen. Total 37 fen < ¥1: top-up 63 fen
    // on B-1, the oldest penalised bill: 73 + 27 = 100.
    const QList<Bill> bills = {makeBill("B-2", "2026-02", 3000, QDate(2026, 3, 1)),
                               makeBill("B-1", "2026-01", 1000, QDate(2026, 2, 28))};
    const Arrears a = Arrears::compute(makeAccount(), bills, PenaltyPolicy(), QDate(2026, 3, 10));
    QCOMPARE(ids(a), (QStringList{QStringLiteral("B-1"), QStringLiteral("B-2")}));
    QCOMPARE(a.bills[0].penalty, Money::fromFen(73));
    QCOMPARE(a.bills[1].penalty, Money::fromFen(27));
    QCOMPARE(a.minimumTopUp, Money::fromFen(63));
    QCOMPARE(a.penalty, Money::fromFen(100));
    QCOMPARE(a.principal, Money::fromFen(4000));
    QCOMPARE(a.total(), Money::fromFen(4100));
    checkSums(a);
}

void TestArrears::minimumTopUpSkipsBillsWithoutPenalty()
{
    // The oldest bill is 1 fen for 38 days: 0.038 fen → 0. It carries no penalty, so the top-up
    // lands on the next one, B-1 (10 fen → 73), with B-2 (27 fen) as before.
    const QList<Bill> bills = {makeBill("B-2", "2026-02", 3000, QDate(2026, 3, 1)),
                               makeBill("B-1", "2026-01", 1000, QDate(2026, 2, 28)),
                               makeBill("B-0", "2025-12", 1, QDate(2026, 1, 31))};
    const Arrears a = Arrears::compute(makeAccount(), bills, PenaltyPolicy(), QDate(2026, 3, 10));
    QCOMPARE(ids(a), (QStringList{QStringLiteral("B-0"), QStringLiteral("B-1"), QStringLiteral("B-2")}));
    QCOMPARE(a.bills[0].overdueDays, 38);
    QCOMPARE(a.bills[0].penalty, Money());
    QCOMPARE(a.bills[1].penalty, Money::fromFen(73));
    QCOMPARE(a.bills[2].penalty, Money::fromFen(27));
    QCOMPARE(a.minimumTopUp, Money::fromFen(63));
    QCOMPARE(a.penalty, Money::fromFen(100));
    checkSums(a);
}

void TestArrears::zeroPenaltyStaysZero()
{
    // Nothing overdue (due later, due today, or inside grace): no penalty, and no minimum either.
    PenaltyPolicy policy;
    policy.setGraceDays(5);
    const QList<Bill> bills = {makeBill("B-1", "2026-02", 3000, QDate(2026, 3, 10)),
                               makeBill("B-2", "2026-02", 3000, QDate(2026, 3, 7)),
                               makeBill("B-3", "2026-03", 3000, QDate(2026, 4, 10))};
    const Arrears a = Arrears::compute(makeAccount(CustomerClass::Commercial), bills, policy, QDate(2026, 3, 10));
    QCOMPARE(a.bills.size(), 3);
    QCOMPARE(a.penalty, Money());
    QCOMPARE(a.minimumTopUp, Money());
    QCOMPARE(a.total(), Money::fromFen(9000));
    for (const BillArrears &b : a.bills)
        QCOMPARE(b.overdueDays, 0);
    checkSums(a);
}

void TestArrears::minimumReachedNeedsNoTopUp_data()
{
    QTest::addColumn<qint64>("amountFen");
    QTest::addColumn<qint64>("expectedPenaltyFen");
    // Residential, 10 days at 0.1 %: the penalty is amount / 100.
    QTest::newRow("exactly the minimum") << 10000LL << 100LL; // 10000 / 100 = 100
    QTest::newRow("1 fen over") << 10100LL << 101LL;          // 10100 / 100 = 101
    QTest::newRow("1 fen under") << 9900LL << 100LL;          // 99 → raised to 100
}

void TestArrears::minimumReachedNeedsNoTopUp()
{
    QFETCH(qint64, amountFen);
    QFETCH(qint64, expectedPenaltyFen);
    const Arrears a = Arrears::compute(makeAccount(), {makeBill("B-1", "2026-02", amountFen, QDate(2026, 3, 1))},
                                       PenaltyPolicy(), QDate(2026, 3, 11));
    QCOMPARE(a.penalty.fen(), expectedPenaltyFen);
    QCOMPARE(a.minimumTopUp.fen(), std::max<qint64>(0, 100 - amountFen / 100));
    checkSums(a);
}

void TestArrears::minimumFromPolicy()
{
    // The 37-fen account of minimumTopUp() under other minimums.
    const QList<Bill> bills = {makeBill("B-2", "2026-02", 3000, QDate(2026, 3, 1)),
                               makeBill("B-1", "2026-01", 1000, QDate(2026, 2, 28))};
    PenaltyPolicy none;
    none.setMinimumTotal(Money());
    const Arrears a = Arrears::compute(makeAccount(), bills, none, QDate(2026, 3, 10));
    QCOMPARE(a.penalty, Money::fromFen(37));
    QCOMPARE(a.minimumTopUp, Money());

    PenaltyPolicy five;
    five.setMinimumTotal(Money::fromYuan(5));
    const Arrears b = Arrears::compute(makeAccount(), bills, five, QDate(2026, 3, 10));
    QCOMPARE(b.penalty, Money::fromFen(500));
    QCOMPARE(b.minimumTopUp, Money::fromFen(463)); // 500 − 37
    QCOMPARE(b.bills[0].penalty, Money::fromFen(473));
    checkSums(a);
    checkSums(b);
}

QTEST_GUILESS_MAIN(TestArrears)
#include "tst_arrears.moc"
