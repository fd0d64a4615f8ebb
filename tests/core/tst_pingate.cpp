#include <QTest>

#include "pingate.h"

namespace {
/** A monotonic clock the test steps by hand. */
struct SteppedClock
{
    qint64 ms = 1'000'000;
    MonotonicClock fn()
    {
        return [this] { return ms; };
    }
};

PinGate::Config config()
{
    PinGate::Config c;
    c.attemptsBeforeLock = 5;
    c.firstLockMs = 30'000;
    c.maxLockMs = 240'000;
    c.idleLockMs = 300'000;
    return c;
}
} // namespace

class TestPinGate : public QObject
{
    Q_OBJECT

private slots:
    void fourWrongStillOpen()
    {
        SteppedClock clock;
        PinGate gate(clock.fn(), config());
        for (int i = 0; i < 4; ++i) {
            QVERIFY(gate.mayAttempt().ok());
            gate.recordFailure();
        }
        QVERIFY(gate.mayAttempt().ok());
        QCOMPARE(gate.state().failedAttempts, 4);
        QCOMPARE(gate.state().attemptsLeft, 1);
        QVERIFY(!gate.state().lockedOut);
    }

    void fifthWrongLocks()
    {
        SteppedClock clock;
        PinGate gate(clock.fn(), config());
        for (int i = 0; i < 5; ++i)
            gate.recordFailure();
        const Status st = gate.mayAttempt();
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("pingate.locked"));
        QVERIFY2(st.error().message.contains(QStringLiteral("30")), qPrintable(st.error().message));
        const auto s = gate.state();
        QVERIFY(s.lockedOut);
        QCOMPARE(s.lockRemainingMs, 30'000);
        QCOMPARE(s.attemptsLeft, 0);
        QCOMPARE(s.lockouts, 1);

        clock.ms += 12'500;
        QCOMPARE(gate.state().lockRemainingMs, 17'500);
        QVERIFY(gate.mayAttempt().error().message.contains(QStringLiteral("18"))); // rounded up

        clock.ms += 17'499;
        QVERIFY(!gate.mayAttempt().ok());
        clock.ms += 1;
        QVERIFY(gate.mayAttempt().ok());
        QCOMPARE(gate.state().attemptsLeft, 5);
    }

    void failuresWhileLockedDoNotCount()
    {
        SteppedClock clock;
        PinGate gate(clock.fn(), config());
        for (int i = 0; i < 5; ++i)
            gate.recordFailure();
        clock.ms += 10'000;
        for (int i = 0; i < 20; ++i)
            gate.recordFailure();
        QCOMPARE(gate.state().lockRemainingMs, 20'000);
        QCOMPARE(gate.state().lockouts, 1);
    }

    void lockGrowsAndCaps_data()
    {
        QTest::addColumn<int>("lockout");
        QTest::addColumn<qint64>("durationMs");
        QTest::newRow("first") << 1 << qint64(30'000);
        QTest::newRow("second") << 2 << qint64(60'000);
        QTest::newRow("third") << 3 << qint64(120'000);
        QTest::newRow("fourth") << 4 << qint64(240'000);
        QTest::newRow("fifth capped") << 5 << qint64(240'000);
        QTest::newRow("tenth capped") << 10 << qint64(240'000);
    }
    void lockGrowsAndCaps()
    {
        QFETCH(int, lockout);
        QFETCH(qint64, durationMs);
        SteppedClock clock;
        PinGate gate(clock.fn(), config());
        for (int n = 1; n <= lockout; ++n) {
            clock.ms += gate.state().lockRemainingMs; // wait out the previous lock
            for (int i = 0; i < 5; ++i)
                gate.recordFailure();
        }
        QCOMPARE(gate.state().lockouts, lockout);
        QCOMPARE(gate.state().lockRemainingMs, durationMs);
    }

    void successResets()
    {
        SteppedClock clock;
        PinGate gate(clock.fn(), config());
        for (int n = 0; n < 2; ++n) { // two lock-outs
            for (int i = 0; i < 5; ++i)
                gate.recordFailure();
            clock.ms += gate.state().lockRemainingMs;
        }
        gate.recordFailure();
        gate.recordSuccess(QStringLiteral("wang"));
        QCOMPARE(gate.state().failedAttempts, 0);
        QCOMPARE(gate.state().lockouts, 0);
        QVERIFY(gate.state().sessionOpen);
        QCOMPARE(gate.state().collectorId, QStringLiteral("wang"));
        for (int i = 0; i < 5; ++i)
            gate.recordFailure();
        QCOMPARE(gate.state().lockRemainingMs, 30'000); // back to the first interval
    }

    void clearFailuresKeepsSession()
    {
        SteppedClock clock;
        PinGate gate(clock.fn(), config());
        gate.recordSuccess(QStringLiteral("wang"));
        gate.recordFailure();
        gate.recordFailure();
        gate.clearFailures();
        QCOMPARE(gate.state().failedAttempts, 0);
        QCOMPARE(gate.state().collectorId, QStringLiteral("wang"));
    }

    void lockoutEndsSession()
    {
        SteppedClock clock;
        PinGate gate(clock.fn(), config());
        gate.recordSuccess(QStringLiteral("wang"));
        for (int i = 0; i < 5; ++i)
            gate.recordFailure();
        QVERIFY(!gate.sessionActive());
        QCOMPARE(gate.touch().error().code, QStringLiteral("pingate.no-session"));
    }

    void idleLocks_data()
    {
        QTest::addColumn<qint64>("idleMs");
        QTest::addColumn<bool>("stillOpen");
        QTest::newRow("just used") << qint64(0) << true;
        QTest::newRow("one ms short") << qint64(299'999) << true;
        QTest::newRow("exactly idle time") << qint64(300'000) << false;
        QTest::newRow("hours later") << qint64(3 * 3600'000) << false;
    }
    void idleLocks()
    {
        QFETCH(qint64, idleMs);
        QFETCH(bool, stillOpen);
        SteppedClock clock;
        PinGate gate(clock.fn(), config());
        gate.recordSuccess(QStringLiteral("wang"));
        clock.ms += idleMs;
        QCOMPARE(gate.sessionActive(), stillOpen);
        const Status st = gate.touch();
        QCOMPARE(st.ok(), stillOpen);
        if (!stillOpen) {
            QCOMPARE(st.error().code, QStringLiteral("pingate.idle"));
            QVERIFY(st.error().message.contains(QStringLiteral("5")));
            QVERIFY(!gate.state().sessionOpen);
            QCOMPARE(gate.touch().error().code, QStringLiteral("pingate.no-session"));
        }
    }

    void activityKeepsSessionOpen()
    {
        SteppedClock clock;
        PinGate gate(clock.fn(), config());
        gate.recordSuccess(QStringLiteral("wang"));
        for (int i = 0; i < 10; ++i) {
            clock.ms += 200'000;
            QVERIFY(gate.touch().ok());
        }
        clock.ms += 300'000;
        QVERIFY(!gate.touch().ok());
    }

    void noSessionAtStart()
    {
        SteppedClock clock;
        PinGate gate(clock.fn(), config());
        QVERIFY(!gate.sessionActive());
        QCOMPARE(gate.touch().error().code, QStringLiteral("pingate.no-session"));
        gate.recordSuccess(QStringLiteral("wang"));
        gate.endSession();
        QVERIFY(!gate.sessionActive());
    }

    void nonsenseConfigIsClamped()
    {
        SteppedClock clock;
        PinGate::Config c;
        c.attemptsBeforeLock = 0;
        c.firstLockMs = -5;
        c.maxLockMs = -10;
        PinGate gate(clock.fn(), c);
        gate.recordFailure();
        QVERIFY(!gate.mayAttempt().ok()); // one attempt, then locked: never "no lock at all"
        QVERIFY(gate.state().lockRemainingMs > 0);
    }
};

QTEST_GUILESS_MAIN(TestPinGate)
#include "tst_pingate.moc"
