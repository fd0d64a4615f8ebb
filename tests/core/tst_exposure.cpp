#include <QCborArray>
#include <QCborValue>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

#include "exposure.h"

namespace {
constexpr qint64 Hour = 3'600'000;

ExposureLimits limits()
{
    ExposureLimits l;
    l.maxCashInHand = Money::fromYuan(5000);
    l.maxMsSinceSync = 48 * Hour;
    l.maxUnsyncedEntries = 500;
    l.warnAtPercent = 80;
    return l;
}
} // namespace

class TestExposure : public QObject
{
    Q_OBJECT

private slots:
    void cashPayment_data()
    {
        QTest::addColumn<qint64>("inHandFen");
        QTest::addColumn<qint64>("paymentFen");
        QTest::addColumn<qint64>("msSinceSync");
        QTest::addColumn<qint64>("unsynced");
        QTest::addColumn<QString>("code"); // empty: allowed
        QTest::newRow("fresh") << qint64(0) << qint64(10000) << qint64(0) << qint64(0) << QString();
        QTest::newRow("exactly to the limit") << qint64(490000) << qint64(10000) << qint64(0) << qint64(0) << QString();
        QTest::newRow("one fen over") << qint64(490000) << qint64(10001) << qint64(0) << qint64(0)
                                      << QStringLiteral("exposure.cash-in-hand");
        QTest::newRow("already at the limit")
            << qint64(500000) << qint64(1) << qint64(0) << qint64(0) << QStringLiteral("exposure.cash-in-hand");
        QTest::newRow("one huge payment")
            << qint64(0) << qint64(500001) << qint64(0) << qint64(0) << QStringLiteral("exposure.cash-in-hand");
        QTest::newRow("sync 1 ms short") << qint64(0) << qint64(100) << 48 * Hour - 1 << qint64(0) << QString();
        QTest::newRow("sync overdue") << qint64(0) << qint64(100) << 48 * Hour << qint64(0)
                                      << QStringLiteral("exposure.sync-overdue");
        QTest::newRow("499 unsynced") << qint64(0) << qint64(100) << qint64(0) << qint64(499) << QString();
        QTest::newRow("500 unsynced") << qint64(0) << qint64(100) << qint64(0) << qint64(500)
                                      << QStringLiteral("exposure.unsynced-entries");
        QTest::newRow("all three: cash named first")
            << qint64(500000) << qint64(100) << 100 * Hour << qint64(900) << QStringLiteral("exposure.cash-in-hand");
        QTest::newRow("sync and entries")
            << qint64(0) << qint64(100) << 100 * Hour << qint64(900) << QStringLiteral("exposure.sync-overdue");
    }
    void cashPayment()
    {
        QFETCH(qint64, inHandFen);
        QFETCH(qint64, paymentFen);
        QFETCH(qint64, msSinceSync);
        QFETCH(qint64, unsynced);
        QFETCH(QString, code);
        const ExposurePolicy policy(limits());
        const ExposureState state{Money::fromFen(inHandFen), msSinceSync, unsynced};
        const Status st = policy.checkCashPayment(state, Money::fromFen(paymentFen));
        if (code.isEmpty()) {
            QVERIFY2(st.ok(), qPrintable(st.ok() ? QString() : st.error().message));
        } else {
            QVERIFY(!st.ok());
            QCOMPARE(st.error().code, code);
            QVERIFY(!st.error().message.isEmpty());
        }
    }

    void refusalSaysWhichLimitAndNumbers()
    {
        const ExposurePolicy policy(limits());
        const Status st =
            policy.checkCashPayment({Money::fromFen(480050), 50 * Hour + 30 * 60'000, 600}, Money::fromYuan(300));
        QVERIFY(!st.ok());
        const QString m = st.error().message;
        QVERIFY2(m.contains(QStringLiteral("4,800.50")), qPrintable(m)); // cash in hand
        QVERIFY2(m.contains(QStringLiteral("300.00")), qPrintable(m));   // the payment
        QVERIFY2(m.contains(QStringLiteral("5,000.00")), qPrintable(m)); // the limit
        QVERIFY2(m.contains(QStringLiteral("50 h 30 min")), qPrintable(m));
        QVERIFY2(m.contains(QStringLiteral("limit is 48 h 00 min")), qPrintable(m));
        QVERIFY2(m.contains(QStringLiteral("600")) && m.contains(QStringLiteral("500")), qPrintable(m));
        QCOMPARE(m.count(QLatin1Char('\n')), 2); // three limits, three lines
    }

    void warnings_data()
    {
        QTest::addColumn<qint64>("inHandFen");
        QTest::addColumn<qint64>("msSinceSync");
        QTest::addColumn<qint64>("unsynced");
        QTest::addColumn<int>("level");
        QTest::addColumn<int>("findings");
        QTest::newRow("all low") << qint64(100) << Hour << qint64(10) << int(ExposurePolicy::Level::Ok) << 0;
        QTest::newRow("cash at 79.99 %") << qint64(399999) << qint64(0) << qint64(0) << int(ExposurePolicy::Level::Ok)
                                         << 0;
        QTest::newRow("cash at 80 %") << qint64(400000) << qint64(0) << qint64(0) << int(ExposurePolicy::Level::Warning)
                                      << 1;
        QTest::newRow("cash full") << qint64(500000) << qint64(0) << qint64(0) << int(ExposurePolicy::Level::Exceeded)
                                   << 1;
        QTest::newRow("sync at 80 %") << qint64(0) << qint64(38 * Hour + 24 * 60'000) << qint64(0)
                                      << int(ExposurePolicy::Level::Warning) << 1;
        QTest::newRow("entries at 80 %") << qint64(0) << qint64(0) << qint64(400) << int(ExposurePolicy::Level::Warning)
                                         << 1;
        QTest::newRow("warning and exceeded")
            << qint64(450000) << qint64(0) << qint64(500) << int(ExposurePolicy::Level::Exceeded) << 2;
    }
    void warnings()
    {
        QFETCH(qint64, inHandFen);
        QFETCH(qint64, msSinceSync);
        QFETCH(qint64, unsynced);
        QFETCH(int, level);
        QFETCH(int, findings);
        const ExposurePolicy policy(limits());
        const auto a = policy.assess({Money::fromFen(inHandFen), msSinceSync, unsynced});
        QCOMPARE(int(a.level), level);
        QCOMPARE(a.findings.size(), findings);
        QCOMPARE(a.message().isEmpty(), findings == 0);
    }

    void warningIsNotARefusal()
    {
        const ExposurePolicy policy(limits());
        const ExposureState state{Money::fromYuan(4500), 0, 0};
        QCOMPARE(policy.assess(state, Money::fromYuan(100)).level, ExposurePolicy::Level::Warning);
        QVERIFY(policy.checkCashPayment(state, Money::fromYuan(100)).ok());
    }

    void zeroMeansNoLimit()
    {
        const ExposurePolicy policy(ExposureLimits{});
        const ExposureState state{Money::fromFen(Money::MaxFen), 10'000 * Hour, 50'000'000};
        QVERIFY(policy.checkCashPayment(state, Money::fromFen(Money::MaxFen)).ok());
        QCOMPARE(policy.assess(state).level, ExposurePolicy::Level::Ok);
    }

    void hugeFiguresDoNotOverflow()
    {
        ExposureLimits l = limits();
        l.maxCashInHand = Money::fromFen(Money::MaxFen);
        const ExposurePolicy policy(l);
        QVERIFY(policy.checkCashPayment({Money::fromFen(Money::MaxFen - 1), 0, 0}, Money::fromFen(1)).ok());
        QVERIFY(!policy.checkCashPayment({Money::fromFen(Money::MaxFen), 0, 0}, Money::fromFen(1)).ok());
        QCOMPARE(policy.assess({Money::fromFen(Money::MaxFen / 2), 0, 0}).level, ExposurePolicy::Level::Ok);
    }

    void keyValuesRoundTrip()
    {
        const auto back = ExposureLimits::fromKeyValues(limits().toKeyValues());
        QVERIFY(back.ok());
        QCOMPARE(*back, limits());
        const auto empty = ExposureLimits::fromKeyValues({});
        QVERIFY(empty.ok());
        QCOMPARE(*empty, ExposureLimits{});
    }

    void keyValuesRefused_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("code");
        const QString bad = QStringLiteral("exposure-policy.bad-value");
        QTest::newRow("unknown key") << QStringLiteral("max-coffee") << QStringLiteral("1")
                                     << QStringLiteral("exposure-policy.unknown-key");
        QTest::newRow("cash three decimals") << QStringLiteral("max-cash-in-hand") << QStringLiteral("1.234") << bad;
        QTest::newRow("cash negative") << QStringLiteral("max-cash-in-hand") << QStringLiteral("-5") << bad;
        QTest::newRow("cash empty") << QStringLiteral("max-cash-in-hand") << QString() << bad;
        QTest::newRow("hours negative") << QStringLiteral("max-hours-since-sync") << QStringLiteral("-1") << bad;
        QTest::newRow("hours huge") << QStringLiteral("max-hours-since-sync") << QStringLiteral("99999999") << bad;
        QTest::newRow("hours leading zero") << QStringLiteral("max-hours-since-sync") << QStringLiteral("048") << bad;
        QTest::newRow("entries letters") << QStringLiteral("max-unsynced-entries") << QStringLiteral("many") << bad;
        QTest::newRow("entries space") << QStringLiteral("max-unsynced-entries") << QStringLiteral(" 5") << bad;
        QTest::newRow("warn zero") << QStringLiteral("warn-at-percent") << QStringLiteral("0") << bad;
        QTest::newRow("warn 101") << QStringLiteral("warn-at-percent") << QStringLiteral("101") << bad;
    }
    void keyValuesRefused()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, code);
        const auto r = ExposureLimits::fromKeyValues({{key, value}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QVERIFY(r.error().message.contains(key));
    }

    void duplicateKeyRefused()
    {
        const auto r = ExposureLimits::fromKeyValues({{QStringLiteral("warn-at-percent"), QStringLiteral("70")},
                                                      {QStringLiteral("warn-at-percent"), QStringLiteral("90")}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("exposure-policy.duplicate-key"));
    }

    // max-hours-since-sync takes hours with up to three decimals (a thousandth is 3.6 s), kept as
    // exact milliseconds: no floating point in between.
    void hoursSinceSyncParsed_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("whole") << QStringLiteral("24") << 24 * Hour;
        QTest::newRow("zero: no limit") << QStringLiteral("0") << qint64(0);
        QTest::newRow("zero with decimals") << QStringLiteral("0.000") << qint64(0);
        QTest::newRow("half an hour") << QStringLiteral("0.5") << 30 * 60'000LL;
        QTest::newRow("a tenth, exactly") << QStringLiteral("0.1") << qint64(360'000);
        QTest::newRow("one and a half") << QStringLiteral("1.5") << 90 * 60'000LL;
        QTest::newRow("two decimals") << QStringLiteral("0.25") << 15 * 60'000LL;
        QTest::newRow("the finest step") << QStringLiteral("0.001") << qint64(3'600);
        QTest::newRow("a test's 7.2 s") << QStringLiteral("0.002") << qint64(7'200);
        QTest::newRow("trailing zeros") << QStringLiteral("2.500") << 150 * 60'000LL;
        QTest::newRow("a year, the most") << QStringLiteral("8784") << 8784 * Hour;
        QTest::newRow("a year with zero decimals") << QStringLiteral("8784.000") << 8784 * Hour;
        QTest::newRow("just under a year") << QStringLiteral("8783.999") << 8784 * Hour - 3'600;
    }
    void hoursSinceSyncParsed()
    {
        QFETCH(QString, value);
        QFETCH(qint64, ms);
        const auto r = ExposureLimits::fromKeyValues({{QStringLiteral("max-hours-since-sync"), value}});
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r->maxMsSinceSync, ms);
        // What the center would write back reads back the same.
        const auto back = ExposureLimits::fromKeyValues(r->toKeyValues());
        QVERIFY(back.ok());
        QCOMPARE(back->maxMsSinceSync, ms);
    }

    void hoursSinceSyncRefused_data()
    {
        QTest::addColumn<QString>("value");
        // Malformed
        QTest::newRow("empty") << QString();
        QTest::newRow("letters") << QStringLiteral("half");
        QTest::newRow("dot alone") << QStringLiteral(".");
        QTest::newRow("leading dot") << QStringLiteral(".5");
        QTest::newRow("trailing dot") << QStringLiteral("1.");
        QTest::newRow("two dots") << QStringLiteral("1.2.3");
        QTest::newRow("decimal comma") << QStringLiteral("0,5");
        QTest::newRow("four decimals") << QStringLiteral("0.0001");
        QTest::newRow("leading zeros") << QStringLiteral("00.5");
        QTest::newRow("leading space") << QStringLiteral(" 0.5");
        QTest::newRow("trailing space") << QStringLiteral("0.5 ");
        QTest::newRow("unit") << QStringLiteral("0.5h");
        // Hostile
        QTest::newRow("negative") << QStringLiteral("-0.5");
        QTest::newRow("plus") << QStringLiteral("+1");
        QTest::newRow("exponent") << QStringLiteral("1e3");
        QTest::newRow("hex") << QStringLiteral("0x10");
        QTest::newRow("nan") << QStringLiteral("nan");
        QTest::newRow("infinity") << QStringLiteral("inf");
        QTest::newRow("full-width digits") << QStringLiteral("\uFF10.\uFF15");
        QTest::newRow("arabic-indic digit") << QStringLiteral("\u0661");
        QTest::newRow("nul inside") << QString::fromUtf8("1\0.5", 4);
        QTest::newRow("overflowing digits") << QStringLiteral("92233720368547758070");
        QTest::newRow("long decimals") << (QStringLiteral("1.") + QString(1000, QLatin1Char('5')));
        // Boundary: past a year, by a thousandth
        QTest::newRow("a year and 3.6 s") << QStringLiteral("8784.001");
        QTest::newRow("a year and an hour") << QStringLiteral("8785");
    }
    void hoursSinceSyncRefused()
    {
        QFETCH(QString, value);
        const QString key = QStringLiteral("max-hours-since-sync");
        const auto r = ExposureLimits::fromKeyValues({{key, value}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("exposure-policy.bad-value"));
        QVERIFY(r.error().message.contains(key));
        QVERIFY2(r.error().message.contains(QStringLiteral("8784")), qPrintable(r.error().message));
        // Nothing half applied with it: the whole set is refused.
        QVERIFY(!ExposureLimits::fromKeyValues(
                     {{QStringLiteral("max-unsynced-entries"), QStringLiteral("5")}, {key, value}})
                     .ok());
    }

    // The time limit in the words a collector reads: hours and minutes, minutes alone under an
    // hour, seconds to the tenth under a minute; the time since the sync rounded down, so it never
    // reads as the limit while still under it.
    void timeLimitInWords_data()
    {
        QTest::addColumn<QString>("hours");
        QTest::addColumn<qint64>("msSinceSync");
        QTest::addColumn<int>("level");
        QTest::addColumn<QString>("since");
        QTest::addColumn<QString>("limit");
        const int warning = int(ExposurePolicy::Level::Warning);
        const int exceeded = int(ExposurePolicy::Level::Exceeded);
        QTest::newRow("half an hour, warned") << QStringLiteral("0.5") << 24 * 60'000LL << warning
                                              << QStringLiteral("24 min ago") << QStringLiteral("limit of 30 min");
        QTest::newRow("half an hour, a second short")
            << QStringLiteral("0.5") << 30 * 60'000LL - 1'000 << warning << QStringLiteral("29 min ago")
            << QStringLiteral("limit of 30 min");
        QTest::newRow("half an hour, past") << QStringLiteral("0.5") << 30 * 60'000LL << exceeded
                                            << QStringLiteral("30 min ago") << QStringLiteral("limit is 30 min");
        QTest::newRow("an hour and a half")
            << QStringLiteral("1.5") << 2 * Hour + 5 * 60'000 << exceeded << QStringLiteral("2 h 05 min ago")
            << QStringLiteral("limit is 1 h 30 min");
        QTest::newRow("7.2 s, warned") << QStringLiteral("0.002") << qint64(5'799) << warning
                                       << QStringLiteral("5.7 s ago") << QStringLiteral("limit of 7.2 s");
        QTest::newRow("7.2 s, 1 ms short") << QStringLiteral("0.002") << qint64(7'199) << warning
                                           << QStringLiteral("7.1 s ago") << QStringLiteral("limit of 7.2 s");
        QTest::newRow("7.2 s, past") << QStringLiteral("0.002") << qint64(7'200) << exceeded
                                     << QStringLiteral("7.2 s ago") << QStringLiteral("limit is 7.2 s");
        QTest::newRow("7.2 s, long past") << QStringLiteral("0.002") << 3 * Hour << exceeded
                                          << QStringLiteral("3 h 00 min ago") << QStringLiteral("limit is 7.2 s");
    }
    void timeLimitInWords()
    {
        QFETCH(QString, hours);
        QFETCH(qint64, msSinceSync);
        QFETCH(int, level);
        QFETCH(QString, since);
        QFETCH(QString, limit);
        const auto l = ExposureLimits::fromKeyValues({{QStringLiteral("max-hours-since-sync"), hours}});
        QVERIFY(l.ok());
        const auto a = ExposurePolicy(*l).assess({Money(), msSinceSync, 0});
        QCOMPARE(int(a.level), level);
        QCOMPARE(a.findings.size(), 1);
        QCOMPARE(a.findings.at(0).limit, ExposurePolicy::Limit::TimeSinceSync);
        QCOMPARE(a.findings.at(0).max, l->maxMsSinceSync);
        QVERIFY2(a.message().contains(since), qPrintable(a.message()));
        QVERIFY2(a.message().contains(limit), qPrintable(a.message()));
    }

    // When time alone next changes the assessment: the warning moment, then the limit, then never
    // (a sync is what helps then). At that moment the level changes, one millisecond before it
    // has not.
    void nextChange_data()
    {
        QTest::addColumn<qint64>("maxMs");
        QTest::addColumn<int>("warnAtPercent");
        QTest::addColumn<qint64>("msSinceSync");
        QTest::addColumn<qint64>("expected"); // -1: nullopt
        QTest::newRow("no time limit") << qint64(0) << 80 << qint64(0) << qint64(-1);
        QTest::newRow("no time limit, long unsynced") << qint64(0) << 80 << 1000 * Hour << qint64(-1);
        QTest::newRow("just synced") << 30 * 60'000LL << 80 << qint64(0) << 24 * 60'000LL;
        QTest::newRow("10 min in") << 30 * 60'000LL << 80 << 10 * 60'000LL << 14 * 60'000LL;
        QTest::newRow("1 ms before the warning") << 30 * 60'000LL << 80 << 24 * 60'000LL - 1 << qint64(1);
        QTest::newRow("at the warning") << 30 * 60'000LL << 80 << 24 * 60'000LL << 6 * 60'000LL;
        QTest::newRow("1 ms before the limit") << 30 * 60'000LL << 80 << 30 * 60'000LL - 1 << qint64(1);
        QTest::newRow("at the limit") << 30 * 60'000LL << 80 << 30 * 60'000LL << qint64(-1);
        QTest::newRow("long past") << 30 * 60'000LL << 80 << 100 * Hour << qint64(-1);
        QTest::newRow("7.2 s at 80 %: 5.76 s") << qint64(7'200) << 80 << qint64(0) << qint64(5'760);
        QTest::newRow("7.2 s at 50 %") << qint64(7'200) << 50 << qint64(0) << qint64(3'600);
        QTest::newRow("warning share rounds up") << qint64(7) << 50 << qint64(0) << qint64(4); // 3.5 ms → 4
        QTest::newRow("warn at 100 %: straight to the limit")
            << qint64(10'000) << 100 << qint64(1'000) << qint64(9'000);
        QTest::newRow("warn at 1 %") << 100 * Hour << 1 << qint64(0) << Hour;
        QTest::newRow("a year") << 8784 * Hour << 80 << qint64(0) << 8784 * Hour / 100 * 80;
        QTest::newRow("huge limit set in code") << std::numeric_limits<qint64>::max() << 80 << qint64(0)
                                                << qint64(7'378'697'629'483'820'646); // 80 %, rounded up, no overflow
        QTest::newRow("negative time since sync counts as 0")
            << qint64(10'000) << 80 << qint64(-5'000) << qint64(8'000);
    }
    void nextChange()
    {
        QFETCH(qint64, maxMs);
        QFETCH(int, warnAtPercent);
        QFETCH(qint64, msSinceSync);
        QFETCH(qint64, expected);
        ExposureLimits l;
        l.maxMsSinceSync = maxMs;
        l.warnAtPercent = warnAtPercent;
        // Cash and entries near or past their limits do not move with time: they change nothing here.
        l.maxCashInHand = Money::fromYuan(100);
        l.maxUnsyncedEntries = 10;
        const ExposurePolicy policy(l);
        const ExposureState state{Money::fromYuan(100), msSinceSync, 9};
        const auto next = policy.msUntilNextChange(state);
        if (expected < 0) {
            QCOMPARE(next, std::nullopt);
            return;
        }
        QCOMPARE(next, std::optional<qint64>(expected));
        if (maxMs > 1000 * 8784 * Hour)
            return; // set in code only: the level check below would overflow the time
        const auto timeLevel = [&](qint64 ms) {
            const auto a = policy.assess({Money(), ms, 0});
            return a.findings.isEmpty() ? ExposurePolicy::Level::Ok : a.findings.at(0).level;
        };
        const qint64 since = std::max<qint64>(0, msSinceSync);
        QVERIFY(timeLevel(since + expected) != timeLevel(since + expected - 1));
        QCOMPARE(timeLevel(since + expected - 1), timeLevel(since));
    }

    // Every moment msUntilNextChange names is one where the level changes, and it skips none.
    void nextChangeWalksEveryChange()
    {
        for (const int warn : {1, 33, 80, 99, 100}) {
            ExposureLimits l;
            l.maxMsSinceSync = 7'200;
            l.warnAtPercent = warn;
            const ExposurePolicy policy(l);
            const auto levelAt = [&](qint64 ms) { return policy.assess({Money(), ms, 0}).level; };
            qint64 at = 0;
            QList<ExposurePolicy::Level> seen{levelAt(0)};
            while (const auto next = policy.msUntilNextChange({Money(), at, 0})) {
                QVERIFY(*next > 0);
                for (qint64 ms = at; ms < at + *next; ++ms)
                    QCOMPARE(levelAt(ms), seen.last());
                at += *next;
                QVERIFY(levelAt(at) != seen.last());
                seen.append(levelAt(at));
            }
            QCOMPARE(seen.last(), ExposurePolicy::Level::Exceeded);
            QCOMPARE(at, qint64(7'200));
            QCOMPARE(seen.size(), warn == 100 ? 2 : 3);
        }
    }

    void rulesResolveNarrowestScopeFirst()
    {
        using Scope = ExposureRule::Scope;
        const QList<ExposureRule> rules = {
            {Scope::All, {}, QStringLiteral("max-cash-in-hand"), QStringLiteral("5000")},
            {Scope::All, {}, QStringLiteral("max-unsynced-entries"), QStringLiteral("500")},
            {Scope::Route, QStringLiteral("R1"), QStringLiteral("max-cash-in-hand"), QStringLiteral("3000")},
            {Scope::Route, QStringLiteral("R2"), QStringLiteral("max-cash-in-hand"), QStringLiteral("100")},
            {Scope::Collector, QStringLiteral("C001"), QStringLiteral("max-cash-in-hand"), QStringLiteral("1000")},
            {Scope::Collector, QStringLiteral("C002"), QStringLiteral("max-unsynced-entries"), QStringLiteral("0")},
        };
        const auto c1 = ExposureRule::resolve(rules, QStringLiteral("R1"), QStringLiteral("C001"));
        QVERIFY(c1.ok());
        QCOMPARE(c1->maxCashInHand, Money::fromYuan(1000)); // the collector's, over the route's and everyone's
        QCOMPARE(c1->maxUnsyncedEntries, 500);              // everyone's, where nothing narrower says otherwise
        const auto c2 = ExposureRule::resolve(rules, QStringLiteral("R1"), QStringLiteral("C002"));
        QCOMPARE(c2->maxCashInHand, Money::fromYuan(3000)); // the route's
        QCOMPARE(c2->maxUnsyncedEntries, 0);                // 0 lifts everyone's limit for this collector
        const auto nobody = ExposureRule::resolve(rules, QStringLiteral("R3"), QString());
        QCOMPARE(nobody->maxCashInHand, Money::fromYuan(5000));
        QCOMPARE(ExposureRule::resolve({}, QStringLiteral("R1"), QStringLiteral("C001")).value(), ExposureLimits{});

        // Rules that contradict themselves or do not parse are refused, never half applied.
        QList<ExposureRule> twice = rules;
        twice.append({Scope::Route, QStringLiteral("R1"), QStringLiteral("max-cash-in-hand"), QStringLiteral("10")});
        QCOMPARE(ExposureRule::resolve(twice, QStringLiteral("R1"), {}).error().code,
                 QStringLiteral("exposure-policy.duplicate-key"));
        QList<ExposureRule> bad = rules;
        bad.append({Scope::Collector, QStringLiteral("C001"), QStringLiteral("warn-at-percent"), QStringLiteral("x")});
        QCOMPARE(ExposureRule::resolve(bad, QStringLiteral("R1"), QStringLiteral("C001")).error().code,
                 QStringLiteral("exposure-policy.bad-value"));
        // …but only where they apply: another collector's bad rule is not this one's business.
        QVERIFY(ExposureRule::resolve(bad, QStringLiteral("R1"), QStringLiteral("C002")).ok());
    }

    void rulesKeptInAFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("limits.cbor"));
        QCOMPARE(ExposureRule::load(path).value(), QList<ExposureRule>{}); // none yet: no rules
        const QList<ExposureRule> rules = {
            {ExposureRule::Scope::Route, QStringLiteral("R1"), QStringLiteral("max-cash-in-hand"),
             QStringLiteral("30")},
            {ExposureRule::Scope::All, {}, QStringLiteral("max-hours-since-sync"), QStringLiteral("24")},
        };
        QVERIFY(ExposureRule::save(path, rules).ok());
        QCOMPARE(ExposureRule::load(path).value(), rules);
        // A damaged file is an error in words, never "no limits".
        for (const QByteArray &junk :
             {QByteArray("\xff\x00"), QByteArray("\x81\x84\x05\x60\x60\x60"),
              QCborValue(QCborArray{QCborArray{9, QString(), QString(), QString()}}).toCbor()}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(junk);
            f.close();
            const auto loaded = ExposureRule::load(path);
            QVERIFY(!loaded.ok());
            QCOMPARE(loaded.error().code, QStringLiteral("exposure-policy.unreadable"));
        }
    }
};

QTEST_GUILESS_MAIN(TestExposure)
#include "tst_exposure.moc"
