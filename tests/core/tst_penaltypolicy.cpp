// Unit tests of PenaltyPolicy: overdue days, the per-bill penalty and its rounding, and the
// worklist's "P" key/value spelling. Every expected figure is worked out by hand in a comment.

#include <QTest>

#include <algorithm>
#include <limits>

#include "penaltypolicy.h"

Q_DECLARE_METATYPE(CustomerClass)
Q_DECLARE_METATYPE(PenaltyPolicy::Rounding)
Q_DECLARE_METATYPE(PenaltyPolicy)

using KeyValues = QList<QPair<QString, QString>>;

namespace {

Bill makeBill(qint64 amountFen, qint64 paidFen, QDate due)
{
    Bill b;
    b.id = QStringLiteral("B-1");
    b.accountNumber = QStringLiteral("0000000001");
    b.period = QStringLiteral("2026-02");
    b.amount = Money::fromFen(amountFen);
    b.amountPaid = Money::fromFen(paidFen);
    b.dueDate = due;
    return b;
}

QString str(const char *latin1)
{
    return QString::fromLatin1(latin1);
}

} // namespace

class TestPenaltyPolicy : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void penaltyFor_data();
    void penaltyFor();
    void roundingBoundaries_data();
    void roundingBoundaries();
    void invalidDatesOweNothing();
    void graceEatsTheFirstDays();
    void settledPenaltyIsNotChargedAgain_data();
    void settledPenaltyIsNotChargedAgain();
    void outOfRangeSettingsAreClamped();
    void hugePenaltyIsCappedNotWrapped();
    void defaultKeyValues();
    void roundTrip_data();
    void roundTrip();
    void fromKeyValuesStartsFromDefault();
    void fromKeyValuesIgnoresOrder();
    void duplicateKey_data();
    void duplicateKey();
    void badKeyValues_data();
    void badKeyValues();
    void roundingKeys();
};

void TestPenaltyPolicy::defaults()
{
    const PenaltyPolicy p;
    QCOMPARE(p, PenaltyPolicy::prcDefault());
    QCOMPARE(p.rates(CustomerClass::Residential), (PenaltyPolicy::Rates{1000, 1000}));
    QCOMPARE(p.rates(CustomerClass::Commercial), (PenaltyPolicy::Rates{2000, 3000}));
    QCOMPARE(p.rates(CustomerClass::LargeIndustrial), (PenaltyPolicy::Rates{2000, 3000}));
    QCOMPARE(p.rates(CustomerClass::Agricultural), (PenaltyPolicy::Rates{2000, 3000}));
    QCOMPARE(p.graceDays(), 0);
    QCOMPARE(p.minimumTotal(), Money::fromFen(100));
    QCOMPARE(p.rounding(), PenaltyPolicy::Rounding::HalfUp);
}

void TestPenaltyPolicy::penaltyFor_data()
{
    QTest::addColumn<CustomerClass>("customerClass");
    QTest::addColumn<qint64>("amountFen");
    QTest::addColumn<qint64>("paidFen");
    QTest::addColumn<QDate>("due");
    QTest::addColumn<QDate>("asOf");
    QTest::addColumn<int>("graceDays");
    QTest::addColumn<PenaltyPolicy::Rounding>("rounding");
    QTest::addColumn<int>("expectedDays");
    QTest::addColumn<qint64>("expectedFen");

    using R = PenaltyPolicy::Rounding;
    const auto res = CustomerClass::Residential;
    const auto com = CustomerClass::Commercial;
    const QDate mar15(2026, 3, 15);

    // Residential ¥123.45, 10 days at 1000 ppm: 12345 × 10 × 1000 / 10⁶ = 123.45 fen.
    QTest::newRow("123.45 x 10d half-up")
        << res << 12345LL << 0LL << mar15 << QDate(2026, 3, 25) << 0 << R::HalfUp << 10 << 123LL; // .45 < .5: down
    QTest::newRow("123.45 x 10d down") << res << 12345LL << 0LL << mar15 << QDate(2026, 3, 25) << 0 << R::Down << 10
                                       << 123LL;
    QTest::newRow("123.45 x 10d up") << res << 12345LL << 0LL << mar15 << QDate(2026, 3, 25) << 0 << R::Up << 10
                                     << 124LL;
    // An exact half: ¥125.05, 2026-01-01 → 2026-04-11 = 30 (Jan) + 28 + 31 + 11 = 100 days:
    // 12505 × 100 × 1000 / 10⁶ = 1250.5 fen.
    QTest::newRow(".5 half-up") << res << 12505LL << 0LL << QDate(2026, 1, 1) << QDate(2026, 4, 11) << 0 << R::HalfUp
                                << 100 << 1251LL;
    QTest::newRow(".5 down") << res << 12505LL << 0LL << QDate(2026, 1, 1) << QDate(2026, 4, 11) << 0 << R::Down << 100
                             << 1250LL;
    QTest::newRow(".5 up") << res << 12505LL << 0LL << QDate(2026, 1, 1) << QDate(2026, 4, 11) << 0 << R::Up << 100
                           << 1251LL;
    // Above a half: 12499 fen × 4 days × 1000 / 10⁶ = 49.996 fen → 50.
    QTest::newRow(".996 half-up") << res << 12499LL << 0LL << mar15 << QDate(2026, 3, 19) << 0 << R::HalfUp << 4
                                  << 50LL;
    // 12501 fen × 4 days = 50.004 fen: up rounds the .004 away from zero, the others do not.
    QTest::newRow(".004 half-up") << res << 12501LL << 0LL << mar15 << QDate(2026, 3, 19) << 0 << R::HalfUp << 4
                                  << 50LL;
    QTest::newRow(".004 up") << res << 12501LL << 0LL << mar15 << QDate(2026, 3, 19) << 0 << R::Up << 4 << 51LL;
    // Exact: ¥100.00 × 10 days = 10000 × 10000 / 10⁶ = 100 fen in every mode.
    QTest::newRow("exact half-up") << res << 10000LL << 0LL << mar15 << QDate(2026, 3, 25) << 0 << R::HalfUp << 10
                                   << 100LL;
    QTest::newRow("exact up") << res << 10000LL << 0LL << mar15 << QDate(2026, 3, 25) << 0 << R::Up << 10 << 100LL;
    QTest::newRow("exact down") << res << 10000LL << 0LL << mar15 << QDate(2026, 3, 25) << 0 << R::Down << 10 << 100LL;

    // Counting starts the day after the due date: due 03-15, as of 03-16 = 1 day; ¥100 × 0.1 % = 10 fen.
    QTest::newRow("day after due") << res << 10000LL << 0LL << mar15 << QDate(2026, 3, 16) << 0 << R::HalfUp << 1
                                   << 10LL;
    QTest::newRow("on the due date") << res << 10000LL << 0LL << mar15 << mar15 << 0 << R::HalfUp << 0 << 0LL;
    QTest::newRow("before the due date") << com << 10000LL << 0LL << mar15 << QDate(2026, 3, 1) << 0 << R::Up << 0
                                         << 0LL;
    QTest::newRow("a year before") << com << 10000LL << 0LL << mar15 << QDate(2025, 3, 15) << 0 << R::Up << 0 << 0LL;

    // Year boundary, commercial ¥1,234.56 due 2025-12-20 as of 2026-01-10: 12-21…12-31 = 11 days
    // at 2000 ppm, 01-01…01-10 = 10 days at 3000 ppm: 22000 + 30000 = 52000 ppm·days;
    // 123456 × 52000 / 10⁶ = 6419.712 fen.
    QTest::newRow("year boundary half-up")
        << com << 123456LL << 0LL << QDate(2025, 12, 20) << QDate(2026, 1, 10) << 0 << R::HalfUp << 21 << 6420LL;
    QTest::newRow("year boundary down") << com << 123456LL << 0LL << QDate(2025, 12, 20) << QDate(2026, 1, 10) << 0
                                        << R::Down << 21 << 6419LL;
    // The same bill had it stayed in one year (21 × 2000 = 42000): 5185.152 — so the split matters.
    // Residential has one rate for both: 21 × 1000 = 21000; 123456 × 0.021 = 2592.576 → 2593.
    QTest::newRow("year boundary residential")
        << res << 123456LL << 0LL << QDate(2025, 12, 20) << QDate(2026, 1, 10) << 0 << R::HalfUp << 21 << 2593LL;
    // Large industrial uses the same default: ¥500.00 × 52000 / 10⁶ = 2600 fen.
    QTest::newRow("year boundary large-industrial")
        << CustomerClass::LargeIndustrial << 50000LL << 0LL << QDate(2025, 12, 20) << QDate(2026, 1, 10) << 0
        << R::HalfUp << 21 << 2600LL;
    // Agricultural within the year: 03-15 → 04-14 = 16 + 14 = 30 days × 2000 = 60000;
    // ¥88.88: 8888 × 0.06 = 533.28 fen.
    QTest::newRow("agricultural same year")
        << CustomerClass::Agricultural << 8888LL << 0LL << mar15 << QDate(2026, 4, 14) << 0 << R::HalfUp << 30 << 533LL;
    // Due on 12-31, as of 01-01: the only day is in the next year: ¥100 × 0.3 % = 30 fen.
    QTest::newRow("due new year's eve") << com << 10000LL << 0LL << QDate(2025, 12, 31) << QDate(2026, 1, 1) << 0
                                        << R::HalfUp << 1 << 30LL;
    // Several years: due 2024-06-30, as of 2026-01-02. 2024: Jul–Dec = 31+31+30+31+30+31 = 184 days
    // at 2000; 2025: 365 + 2026: 2 = 367 days at 3000. 368000 + 1101000 = 1469000 ppm·days;
    // ¥10.00: 1000 × 1.469 = 1469 fen.
    QTest::newRow("several years") << com << 1000LL << 0LL << QDate(2024, 6, 30) << QDate(2026, 1, 2) << 0 << R::HalfUp
                                   << 551 << 1469LL;

    // Leap years. Due 2024-02-28, as of 2024-03-01: 02-29 and 03-01 = 2 days × 2000; ¥100: 40 fen.
    QTest::newRow("leap february") << com << 10000LL << 0LL << QDate(2024, 2, 28) << QDate(2024, 3, 1) << 0 << R::HalfUp
                                   << 2 << 40LL;
    // 2023 is not a leap year: 1 day, 20 fen.
    QTest::newRow("common february") << com << 10000LL << 0LL << QDate(2023, 2, 28) << QDate(2023, 3, 1) << 0
                                     << R::HalfUp << 1 << 20LL;
    // Due 2023-12-31, as of 2024-12-31: all 366 days of 2024, all in a later year: 366 × 3000 =
    // 1098000 ppm·days; ¥100: 10000 × 1.098 = 10980 fen.
    QTest::newRow("leap year all prior") << com << 10000LL << 0LL << QDate(2023, 12, 31) << QDate(2024, 12, 31) << 0
                                         << R::HalfUp << 366 << 10980LL;

    // Grace. Year-boundary bill above with 5 grace days: the first penalised day is 12-26, so
    // 6 days (12-26…12-31) at 2000 + 10 at 3000 = 42000; 123456 × 0.042 = 5185.152 → 5185.
    QTest::newRow("grace 5 across the year")
        << com << 123456LL << 0LL << QDate(2025, 12, 20) << QDate(2026, 1, 10) << 5 << R::HalfUp << 16 << 5185LL;
    // 15 grace days: first penalised day 01-05: 6 days at 3000 = 18000; 123456 × 0.018 = 2222.208.
    QTest::newRow("grace 15 past the year end")
        << com << 123456LL << 0LL << QDate(2025, 12, 20) << QDate(2026, 1, 10) << 15 << R::HalfUp << 6 << 2222LL;
    QTest::newRow("grace exactly covers")
        << com << 123456LL << 0LL << QDate(2025, 12, 20) << QDate(2026, 1, 10) << 21 << R::Up << 0 << 0LL;
    QTest::newRow("grace longer") << com << 123456LL << 0LL << QDate(2025, 12, 20) << QDate(2026, 1, 10) << 30 << R::Up
                                  << 0 << 0LL;
    // Residential ¥123.45, 10 days less 3 grace = 7: 12345 × 7 / 1000 = 86.415 → 86.
    QTest::newRow("grace residential") << res << 12345LL << 0LL << mar15 << QDate(2026, 3, 25) << 3 << R::HalfUp << 7
                                       << 86LL;

    // What is outstanding counts, not what was billed: ¥200.00 less ¥76.55 paid = ¥123.45 → 123.
    QTest::newRow("partly paid") << res << 20000LL << 7655LL << mar15 << QDate(2026, 3, 25) << 0 << R::HalfUp << 10
                                 << 123LL;
    QTest::newRow("fully paid") << com << 12345LL << 12345LL << mar15 << QDate(2026, 3, 25) << 0 << R::Up << 10 << 0LL;
    QTest::newRow("overpaid") << com << 12345LL << 20000LL << mar15 << QDate(2026, 3, 25) << 0 << R::Up << 10 << 0LL;
    // One fen for one day: 1 × 1000 / 10⁶ = 0.001 fen: 0, except rounding up.
    QTest::newRow("1 fen half-up") << res << 1LL << 0LL << mar15 << QDate(2026, 3, 16) << 0 << R::HalfUp << 1 << 0LL;
    QTest::newRow("1 fen up") << res << 1LL << 0LL << mar15 << QDate(2026, 3, 16) << 0 << R::Up << 1 << 1LL;
    // The largest amount Money parses, 10 days: 9223372036854775 × 10000 overflows 64 bits
    // (≈9.2e19), so this needs the exact wide product: / 10⁶ = 92233720368547.75 fen.
    QTest::newRow("MaxFen half-up") << res << Money::MaxFen << 0LL << mar15 << QDate(2026, 3, 25) << 0 << R::HalfUp
                                    << 10 << 92233720368548LL;
    QTest::newRow("MaxFen down") << res << Money::MaxFen << 0LL << mar15 << QDate(2026, 3, 25) << 0 << R::Down << 10
                                 << 92233720368547LL;
}

void TestPenaltyPolicy::penaltyFor()
{
    QFETCH(CustomerClass, customerClass);
    QFETCH(qint64, amountFen);
    QFETCH(qint64, paidFen);
    QFETCH(QDate, due);
    QFETCH(QDate, asOf);
    QFETCH(int, graceDays);
    QFETCH(PenaltyPolicy::Rounding, rounding);
    QFETCH(int, expectedDays);
    QFETCH(qint64, expectedFen);

    PenaltyPolicy policy;
    policy.setGraceDays(graceDays);
    policy.setRounding(rounding);
    QCOMPARE(policy.overdueDays(due, asOf), expectedDays);
    QCOMPARE(policy.penaltyFor(makeBill(amountFen, paidFen, due), customerClass, asOf).fen(), expectedFen);
}

void TestPenaltyPolicy::roundingBoundaries_data()
{
    QTest::addColumn<qint64>("outstandingFen");
    QTest::addColumn<PenaltyPolicy::Rounding>("rounding");
    QTest::addColumn<qint64>("expectedFen");
    using R = PenaltyPolicy::Rounding;
    // A rate of 1 ppm for 1 day makes the exact penalty outstanding / 10⁶ fen, so the remainder
    // can be anything: these rows sit on each side of every rounding edge.
    QTest::newRow("1e-6 fen down") << 1LL << R::Down << 0LL;
    QTest::newRow("1e-6 fen half-up") << 1LL << R::HalfUp << 0LL;
    QTest::newRow("1e-6 fen up") << 1LL << R::Up << 1LL; // the smallest remainder still rounds up
    QTest::newRow("0.499999 half-up") << 499999LL << R::HalfUp << 0LL;
    QTest::newRow("0.5 half-up") << 500000LL << R::HalfUp << 1LL;
    QTest::newRow("0.5 down") << 500000LL << R::Down << 0LL;
    QTest::newRow("0.999999 down") << 999999LL << R::Down << 0LL;
    QTest::newRow("1 up") << 1000000LL << R::Up << 1LL;
    QTest::newRow("1.000001 up") << 1000001LL << R::Up << 2LL;
    QTest::newRow("1.000001 half-up") << 1000001LL << R::HalfUp << 1LL;
}

void TestPenaltyPolicy::roundingBoundaries()
{
    QFETCH(qint64, outstandingFen);
    QFETCH(PenaltyPolicy::Rounding, rounding);
    QFETCH(qint64, expectedFen);
    PenaltyPolicy policy;
    policy.setRates(CustomerClass::Agricultural, {1, 1});
    policy.setRounding(rounding);
    const QDate due(2026, 3, 15);
    QCOMPARE(policy.penaltyFor(makeBill(outstandingFen, 0, due), CustomerClass::Agricultural, due.addDays(1)).fen(),
             expectedFen);
}

void TestPenaltyPolicy::invalidDatesOweNothing()
{
    const PenaltyPolicy policy;
    QCOMPARE(policy.overdueDays(QDate(), QDate(2026, 1, 1)), 0);
    QCOMPARE(policy.overdueDays(QDate(2025, 1, 1), QDate()), 0);
    QCOMPARE(policy.penaltyFor(makeBill(10000, 0, QDate()), CustomerClass::Commercial, QDate(2026, 1, 1)), Money());
    QCOMPARE(policy.penaltyFor(makeBill(10000, 0, QDate(2025, 1, 1)), CustomerClass::Commercial, QDate()), Money());
}

void TestPenaltyPolicy::graceEatsTheFirstDays()
{
    // With grace g, the penalty as of day n equals the graceless penalty counted from g days later.
    PenaltyPolicy graceful;
    graceful.setGraceDays(7);
    const PenaltyPolicy plain;
    const QDate due(2025, 12, 10);
    for (int n = 0; n < 60; ++n) {
        const QDate asOf = due.addDays(n);
        const Money withGrace = graceful.penaltyFor(makeBill(98765, 0, due), CustomerClass::Commercial, asOf);
        QCOMPARE(graceful.overdueDays(due, asOf), std::max(0, n - 7));
        if (n <= 7) {
            QCOMPARE(withGrace, Money());
            continue;
        }
        // The same days as a graceless bill due 7 days later; that date is still in 2025, so the
        // split between the 2025 and 2026 rates is the same too, across the year end.
        QCOMPARE(withGrace, plain.penaltyFor(makeBill(98765, 0, due.addDays(7)), CustomerClass::Commercial, asOf));
        QVERIFY(withGrace < plain.penaltyFor(makeBill(98765, 0, due), CustomerClass::Commercial, asOf));
    }
}

void TestPenaltyPolicy::settledPenaltyIsNotChargedAgain_data()
{
    QTest::addColumn<qint64>("outstandingFen");
    QTest::addColumn<qint64>("carriedFen");
    QTest::addColumn<QDate>("settledThrough");
    QTest::addColumn<QDate>("asOf");
    QTest::addColumn<qint64>("expectedFen");
    const QDate due(2025, 11, 20); // commercial: 0.2 %/day in 2025, 0.3 %/day from 2026
    // Settled through 10 Dec: ¥100 earns from 11 Dec only — 10 days × 0.2 % = ¥2.00.
    QTest::newRow("after the settled day")
        << qint64(10000) << qint64(0) << QDate(2025, 12, 10) << QDate(2025, 12, 20) << qint64(200);
    QTest::newRow("plus what stayed owed")
        << qint64(10000) << qint64(37) << QDate(2025, 12, 10) << QDate(2025, 12, 20) << qint64(237);
    QTest::newRow("on the settled day itself")
        << qint64(10000) << qint64(37) << QDate(2025, 12, 10) << QDate(2025, 12, 10) << qint64(37);
    QTest::newRow("asked before the settled day")
        << qint64(10000) << qint64(37) << QDate(2025, 12, 10) << QDate(2025, 12, 1) << qint64(37);
    // Across the year end: 21 days of 2025 (0.2 %) and 5 of 2026 (0.3 %) = ¥4.20 + ¥1.50.
    QTest::newRow("across the year end") << qint64(10000) << qint64(0) << QDate(2025, 12, 10) << QDate(2026, 1, 5)
                                         << qint64(570);
    QTest::newRow("settled in a later year")
        << qint64(10000) << qint64(0) << QDate(2026, 1, 10) << QDate(2026, 1, 20) << qint64(300);
    QTest::newRow("principal paid, penalty carried")
        << qint64(0) << qint64(123) << QDate(2025, 12, 10) << QDate(2026, 6, 1) << qint64(123);
    // A settled day inside the grace or before the due date changes nothing.
    QTest::newRow("settled before the due date")
        << qint64(10000) << qint64(0) << QDate(2025, 11, 1) << QDate(2025, 11, 30) << qint64(200);
}

void TestPenaltyPolicy::settledPenaltyIsNotChargedAgain()
{
    QFETCH(qint64, outstandingFen);
    QFETCH(qint64, carriedFen);
    QFETCH(QDate, settledThrough);
    QFETCH(QDate, asOf);
    QFETCH(qint64, expectedFen);
    Bill bill = makeBill(20000, 20000 - outstandingFen, QDate(2025, 11, 20));
    bill.penaltyCarried = Money::fromFen(carriedFen);
    bill.penaltyFrom = settledThrough;
    QCOMPARE(PenaltyPolicy().penaltyFor(bill, CustomerClass::Commercial, asOf).fen(), expectedFen);
    // Settling is linear: the penalty as of the settled day, carried, plus what accrues after it
    // is the penalty of a bill never settled (to the fen of rounding once per piece).
    if (carriedFen == 0 && outstandingFen > 0 && settledThrough >= bill.dueDate && asOf >= settledThrough) {
        const Bill plain = makeBill(20000, 20000 - outstandingFen, bill.dueDate);
        Bill split = bill;
        split.penaltyCarried = PenaltyPolicy().penaltyFor(plain, CustomerClass::Commercial, settledThrough);
        const qint64 whole = PenaltyPolicy().penaltyFor(plain, CustomerClass::Commercial, asOf).fen();
        QVERIFY(qAbs(PenaltyPolicy().penaltyFor(split, CustomerClass::Commercial, asOf).fen() - whole) <= 1);
    }
}

void TestPenaltyPolicy::outOfRangeSettingsAreClamped()
{
    // Set in code (fromKeyValues refuses them): a negative rate charges nothing, never a credit.
    PenaltyPolicy policy;
    policy.setRates(CustomerClass::Commercial, {-5000, -1});
    QCOMPARE(policy.penaltyFor(makeBill(10000, 0, QDate(2025, 12, 20)), CustomerClass::Commercial, QDate(2026, 1, 10)),
             Money());
    // A rate above the maximum is charged at the maximum: ¥100 × 1 day × 10 % = 1000 fen.
    policy.setRates(CustomerClass::Commercial, {std::numeric_limits<int>::max(), 0});
    QCOMPARE(policy.penaltyFor(makeBill(10000, 0, QDate(2026, 1, 1)), CustomerClass::Commercial, QDate(2026, 1, 2)),
             Money::fromFen(1000));
    // A negative grace does not add days.
    PenaltyPolicy negativeGrace;
    negativeGrace.setGraceDays(-10);
    QCOMPARE(negativeGrace.overdueDays(QDate(2026, 3, 15), QDate(2026, 3, 16)), 1);
}

void TestPenaltyPolicy::hugePenaltyIsCappedNotWrapped()
{
    // MaxFen outstanding for two centuries at 10 % a day is ≈ 6.7e19 fen, beyond 64 bits: capped.
    PenaltyPolicy policy;
    policy.setRates(CustomerClass::Residential, {PenaltyPolicy::MaxRatePpmPerDay, PenaltyPolicy::MaxRatePpmPerDay});
    const Bill bill = makeBill(Money::MaxFen, 0, QDate(1900, 1, 1));
    QCOMPARE(policy.penaltyFor(bill, CustomerClass::Residential, QDate(2100, 1, 1)), Money::fromFen(Money::MaxFen));
    // Amounts built in code above MaxFen still never wrap negative.
    const Bill beyond = makeBill(std::numeric_limits<qint64>::max(), 0, QDate(1900, 1, 1));
    QCOMPARE(policy.penaltyFor(beyond, CustomerClass::Residential, QDate(2100, 1, 1)), Money::fromFen(Money::MaxFen));
    // Dates at the far ends of QDate's range: no overflow in the day count either.
    const Bill ancient = makeBill(Money::MaxFen, 0, QDate(-4000, 1, 1));
    QVERIFY(policy.overdueDays(ancient.dueDate, QDate(9999, 12, 31)) > 5'000'000);
    QCOMPARE(policy.penaltyFor(ancient, CustomerClass::Residential, QDate(9999, 12, 31)),
             Money::fromFen(Money::MaxFen));
}

void TestPenaltyPolicy::defaultKeyValues()
{
    const KeyValues expected = {
        {str("rate.residential.current-ppm"), str("1000")},
        {str("rate.residential.prior-ppm"), str("1000")},
        {str("rate.commercial.current-ppm"), str("2000")},
        {str("rate.commercial.prior-ppm"), str("3000")},
        {str("rate.large-industrial.current-ppm"), str("2000")},
        {str("rate.large-industrial.prior-ppm"), str("3000")},
        {str("rate.agricultural.current-ppm"), str("2000")},
        {str("rate.agricultural.prior-ppm"), str("3000")},
        {str("grace-days"), str("0")},
        {str("minimum-total"), str("1.00")},
        {str("rounding"), str("half-up")},
    };
    QCOMPARE(PenaltyPolicy().toKeyValues(), expected);
}

void TestPenaltyPolicy::roundTrip_data()
{
    QTest::addColumn<PenaltyPolicy>("policy");

    QTest::newRow("default") << PenaltyPolicy();

    PenaltyPolicy all;
    all.setRates(CustomerClass::Residential, {500, 700});
    all.setRates(CustomerClass::Commercial, {1, 2});
    all.setRates(CustomerClass::LargeIndustrial, {2500, 3500});
    all.setRates(CustomerClass::Agricultural, {0, 0});
    all.setGraceDays(7);
    all.setMinimumTotal(Money::fromFen(50));
    all.setRounding(PenaltyPolicy::Rounding::Down);
    QTest::newRow("every field changed") << all;

    PenaltyPolicy limits;
    limits.setRates(CustomerClass::Commercial, {PenaltyPolicy::MaxRatePpmPerDay, PenaltyPolicy::MaxRatePpmPerDay});
    limits.setGraceDays(PenaltyPolicy::MaxGraceDays);
    limits.setMinimumTotal(Money::fromFen(1234567));
    limits.setRounding(PenaltyPolicy::Rounding::Up);
    QTest::newRow("limits") << limits;

    PenaltyPolicy noMinimum;
    noMinimum.setMinimumTotal(Money());
    QTest::newRow("no minimum") << noMinimum;
}

void TestPenaltyPolicy::roundTrip()
{
    QFETCH(PenaltyPolicy, policy);
    const KeyValues pairs = policy.toKeyValues();
    QCOMPARE(pairs.size(), 11);
    const Result<PenaltyPolicy> back = PenaltyPolicy::fromKeyValues(pairs);
    QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
    QCOMPARE(back.value(), policy);
    QCOMPARE(back->toKeyValues(), pairs);
}

void TestPenaltyPolicy::fromKeyValuesStartsFromDefault()
{
    const Result<PenaltyPolicy> empty = PenaltyPolicy::fromKeyValues({});
    QVERIFY(empty.ok());
    QCOMPARE(empty.value(), PenaltyPolicy());

    const Result<PenaltyPolicy> some =
        PenaltyPolicy::fromKeyValues({{str("grace-days"), str("3")}, {str("rate.commercial.prior-ppm"), str("2500")}});
    QVERIFY(some.ok());
    PenaltyPolicy expected;
    expected.setGraceDays(3);
    expected.setRates(CustomerClass::Commercial, {2000, 2500});
    QCOMPARE(some.value(), expected);

    // Money::parse's spellings are accepted for the minimum: "5" is ¥5.00.
    const Result<PenaltyPolicy> five = PenaltyPolicy::fromKeyValues({{str("minimum-total"), str("5")}});
    QVERIFY(five.ok());
    QCOMPARE(five->minimumTotal(), Money::fromFen(500));
}

void TestPenaltyPolicy::fromKeyValuesIgnoresOrder()
{
    PenaltyPolicy policy;
    policy.setRates(CustomerClass::Agricultural, {1500, 1800});
    policy.setGraceDays(2);
    policy.setRounding(PenaltyPolicy::Rounding::Up);
    KeyValues reversed = policy.toKeyValues();
    std::reverse(reversed.begin(), reversed.end());
    const Result<PenaltyPolicy> back = PenaltyPolicy::fromKeyValues(reversed);
    QVERIFY(back.ok());
    QCOMPARE(back.value(), policy);
}

void TestPenaltyPolicy::duplicateKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    // Even a repeat with the same value is refused: a worklist that says a thing twice is suspect.
    QTest::newRow("rate, same value") << str("rate.commercial.prior-ppm") << str("3000") << str("3000");
    QTest::newRow("rate, other value") << str("rate.residential.current-ppm") << str("1000") << str("900");
    QTest::newRow("grace") << str("grace-days") << str("1") << str("2");
    QTest::newRow("minimum") << str("minimum-total") << str("1.00") << str("2.00");
    QTest::newRow("rounding") << str("rounding") << str("up") << str("up");
}

void TestPenaltyPolicy::duplicateKey()
{
    QFETCH(QString, key);
    QFETCH(QString, first);
    QFETCH(QString, second);
    // Another valid pair in between: the repeat need not be adjacent to be caught.
    const Result<PenaltyPolicy> result = PenaltyPolicy::fromKeyValues(
        {{key, first}, {str("rate.agricultural.current-ppm"), str("2000")}, {key, second}});
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, str("penalty-policy.duplicate-key"));
    QVERIFY(result.error().message.contains(key));
}

void TestPenaltyPolicy::badKeyValues_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("code");

    const QString unknown = str("penalty-policy.unknown-key");
    const QString notInt = str("penalty-policy.not-an-integer");
    const QString negative = str("penalty-policy.negative");
    const QString tooLarge = str("penalty-policy.too-large");
    const QString amount = str("penalty-policy.bad-amount");
    const QString rounding = str("penalty-policy.bad-rounding");
    const QString rate = str("rate.commercial.current-ppm");

    QTest::newRow("unknown class") << str("rate.industrial.current-ppm") << str("1000") << unknown;
    QTest::newRow("unknown suffix") << str("rate.commercial.ppm") << str("1000") << unknown;
    QTest::newRow("unknown key") << str("grace") << str("3") << unknown;
    QTest::newRow("case differs") << str("Grace-Days") << str("3") << unknown;
    QTest::newRow("padded key") << str(" grace-days") << str("3") << unknown;
    QTest::newRow("empty key") << QString() << str("3") << unknown;

    QTest::newRow("rate decimal") << rate << str("1.5") << notInt;
    QTest::newRow("rate word") << rate << str("abc") << notInt;
    QTest::newRow("rate empty") << rate << QString() << notInt;
    QTest::newRow("rate leading space") << rate << str(" 10") << notInt;
    QTest::newRow("rate trailing space") << rate << str("10 ") << notInt;
    QTest::newRow("rate plus") << rate << str("+10") << notInt;
    QTest::newRow("rate exponent") << rate << str("1e3") << notInt;
    QTest::newRow("rate hex") << rate << str("0x10") << notInt;
    QTest::newRow("rate full-width digits") << rate << QString::fromUtf8("\xef\xbc\x91\xef\xbc\x90") << notInt;
    QTest::newRow("rate lone minus") << rate << str("-") << notInt;
    QTest::newRow("rate minus minus") << rate << str("--5") << notInt;
    QTest::newRow("rate negative") << rate << str("-1") << negative;
    QTest::newRow("rate negative prior") << str("rate.residential.prior-ppm") << str("-1000") << negative;
    QTest::newRow("rate absurd") << rate << str("100001") << tooLarge;
    QTest::newRow("rate beyond int") << str("rate.agricultural.prior-ppm") << str("99999999999999999999") << tooLarge;

    QTest::newRow("grace negative") << str("grace-days") << str("-1") << negative;
    QTest::newRow("grace too long") << str("grace-days") << str("367") << tooLarge;
    QTest::newRow("grace decimal") << str("grace-days") << str("1.0") << notInt;

    QTest::newRow("minimum three decimals") << str("minimum-total") << str("1.005") << amount;
    QTest::newRow("minimum negative") << str("minimum-total") << str("-1.00") << amount;
    QTest::newRow("minimum word") << str("minimum-total") << str("one") << amount;
    QTest::newRow("minimum empty") << str("minimum-total") << QString() << amount;
    QTest::newRow("minimum exponent") << str("minimum-total") << str("1e2") << amount;

    QTest::newRow("rounding camel") << str("rounding") << str("HalfUp") << rounding;
    QTest::newRow("rounding underscore") << str("rounding") << str("half_up") << rounding;
    QTest::newRow("rounding empty") << str("rounding") << QString() << rounding;
    QTest::newRow("rounding banker") << str("rounding") << str("half-even") << rounding;
}

void TestPenaltyPolicy::badKeyValues()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, code);

    // A bad pair after good ones still fails the whole policy.
    const KeyValues pairs = {{str("grace-days"), str("3")}, {str("rounding"), str("down")}, {key, value}};
    // grace-days and rounding are given once in these pairs unless the row itself repeats them:
    // repeating is a duplicate, so test those keys alone.
    const bool repeats = key == str("grace-days") || key == str("rounding");
    const Result<PenaltyPolicy> result = PenaltyPolicy::fromKeyValues(repeats ? KeyValues{{key, value}} : pairs);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, code);
    QVERIFY2(result.error().message.contains(QLatin1Char('"') + key + QLatin1Char('"')),
             qPrintable(result.error().message));
}

void TestPenaltyPolicy::roundingKeys()
{
    using R = PenaltyPolicy::Rounding;
    for (const R r : {R::HalfUp, R::Down, R::Up})
        QCOMPARE(penaltyRoundingFromKey(penaltyRoundingKey(r)), std::optional<R>(r));
    QCOMPARE(penaltyRoundingKey(R::HalfUp), str("half-up"));
    QVERIFY(!penaltyRoundingFromKey(u"Up").has_value());
    QVERIFY(!penaltyRoundingFromKey(u"").has_value());
}

QTEST_GUILESS_MAIN(TestPenaltyPolicy)
#include "tst_penaltypolicy.moc"
