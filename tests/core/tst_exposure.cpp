#include <QCborArray>
#include <QCborValue>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "exposure.h"

namespace {
constexpr qint64 Hour = 3'600'000;

ExposureLimits limits()
{
    ExposureLimits l;
    l.maxCashInHand = Money::fromYuan(5000);
    l.maxHoursSinceSync = 48;
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
        QVERIFY2(m.contains(QStringLiteral("48 hour")), qPrintable(m));
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
        QTest::newRow("hours fraction") << QStringLiteral("max-hours-since-sync") << QStringLiteral("1.5") << bad;
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
