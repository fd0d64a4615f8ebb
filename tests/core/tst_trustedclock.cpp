#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "trustedclock.h"

namespace {
constexpr qint64 Minute = 60'000;
constexpr qint64 Hour = 60 * Minute;

/** The device: a monotonic clock (reset at "reboot") and a wall clock anyone can set. */
struct Device
{
    qint64 mono = 5'000;
    qint64 wall = 0;
    void pass(qint64 ms)
    {
        mono += ms;
        wall += ms;
    }
    void reboot() { mono = 777; } // a new, unrelated base
    MonotonicClock monoFn()
    {
        return [this] { return mono; };
    }
    WallClock wallFn()
    {
        return [this] { return wall; };
    }
};

qint64 utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}
} // namespace

class TestTrustedClock : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString statePath(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void neverSyncedBlocks()
    {
        Device d;
        d.wall = utc("2024-05-01T08:00:00Z");
        TrustedClock clock(statePath("never.cbor"), d.monoFn(), d.wallFn());
        QVERIFY(clock.open().ok());
        const auto now = clock.now();
        QVERIFY(!now.ok());
        QCOMPARE(now.error().code, QStringLiteral("clock.not-synced"));
        QVERIFY(!clock.trustedDate().ok());
        QVERIFY(!clock.lastCenterTimeMs());
    }

    void centerPlusMonotonic()
    {
        Device d;
        d.wall = utc("2024-05-01T08:00:00Z");
        const qint64 center = utc("2024-05-01T08:03:10Z"); // the device runs 3 min 10 s slow
        TrustedClock clock(QString(), d.monoFn(), d.wallFn());
        QVERIFY(clock.syncWithCenter(center).ok());
        QCOMPARE(clock.now().value(), center);
        d.pass(2 * Hour + 17);
        QCOMPARE(clock.now().value(), center + 2 * Hour + 17);
        // Someone sets the wall clock a day ahead: trusted time does not follow.
        d.wall += 24 * Hour;
        QCOMPARE(clock.now().value(), center + 2 * Hour + 17);
        QVERIFY(!clock.hasFlags());
        QCOMPARE(*clock.lastCenterTimeMs(), center);
    }

    void trustedDateInDeviceZone_data()
    {
        QTest::addColumn<qint64>("centerMs");
        QTest::addColumn<int>("offsetSeconds");
        QTest::addColumn<QDate>("date");
        QTest::newRow("23:59:59 +08") << utc("2024-02-29T15:59:59.999Z") << 8 * 3600 << QDate(2024, 2, 29);
        QTest::newRow("00:00 +08") << utc("2024-02-29T16:00:00Z") << 8 * 3600 << QDate(2024, 3, 1);
        QTest::newRow("same instant UTC") << utc("2024-02-29T16:00:00Z") << 0 << QDate(2024, 2, 29);
        QTest::newRow("new year +08") << utc("2023-12-31T16:00:00Z") << 8 * 3600 << QDate(2024, 1, 1);
        QTest::newRow("west of UTC") << utc("2024-03-01T02:00:00Z") << -5 * 3600 << QDate(2024, 2, 29);
        QTest::newRow("before 1970") << qint64(-1) << 0 << QDate(1969, 12, 31);
    }
    void trustedDateInDeviceZone()
    {
        QFETCH(qint64, centerMs);
        QFETCH(int, offsetSeconds);
        QFETCH(QDate, date);
        Device d;
        d.wall = centerMs;
        TrustedClock::Options o;
        o.utcOffsetSeconds = offsetSeconds;
        TrustedClock clock(QString(), d.monoFn(), d.wallFn(), o);
        QVERIFY(clock.syncWithCenter(centerMs).ok());
        QCOMPARE(clock.trustedDate().value(), date);
        QCOMPARE(TrustedClock::dateOf(centerMs, offsetSeconds), date);
        const qint64 start = TrustedClock::startOfDayMs(date, offsetSeconds);
        QVERIFY(start <= centerMs && centerMs < start + 24 * Hour);
        QCOMPARE(TrustedClock::dateOf(start, offsetSeconds), date);
        QCOMPARE(TrustedClock::dateOf(start - 1, offsetSeconds), date.addDays(-1));
    }

    void wallMovedBackwardsIsFlaggedNotUsed()
    {
        Device d;
        d.wall = utc("2024-05-01T08:00:00Z");
        const qint64 center = d.wall;
        TrustedClock clock(QString(), d.monoFn(), d.wallFn());
        QVERIFY(clock.syncWithCenter(center).ok());
        d.pass(3 * Hour);
        QVERIFY(clock.now().ok());
        d.wall -= 2 * Hour; // still after the center's time: flagged, not blocked
        d.pass(Minute);
        const auto now = clock.now();
        QVERIFY(now.ok());
        QCOMPARE(*now, center + 3 * Hour + Minute);
        const auto flags = clock.takeFlags();
        QCOMPARE(flags.size(), 1);
        QCOMPARE(flags[0].reason, QStringLiteral("moved-backwards"));
        QCOMPARE(flags[0].wallClockMs, d.wall);
        QCOMPARE(flags[0].trustedTimeMs, center + 3 * Hour + Minute);
        // Flagged once per step, not on every later reading.
        d.pass(Minute);
        QVERIFY(clock.now().ok());
        QVERIFY(clock.takeFlags().isEmpty());
    }

    void smallBackwardStepIsNoise()
    {
        Device d;
        d.wall = utc("2024-05-01T08:00:00Z");
        TrustedClock clock(QString(), d.monoFn(), d.wallFn());
        QVERIFY(clock.syncWithCenter(d.wall).ok());
        d.pass(Hour);
        QVERIFY(clock.now().ok());
        d.wall -= 1500; // an NTP step
        QVERIFY(clock.now().ok());
        QVERIFY(!clock.hasFlags());
    }

    void wallBehindCenterBlocks_data()
    {
        QTest::addColumn<qint64>("wallMinusCenter");
        QTest::addColumn<bool>("blocked");
        QTest::newRow("equal") << qint64(0) << false;
        QTest::newRow("within tolerance") << -(5 * Minute) << false;
        QTest::newRow("just beyond tolerance") << -(5 * Minute) - 1 << true;
        QTest::newRow("a day behind") << -(24 * Hour) << true;
        QTest::newRow("a year behind") << -(365 * 24 * Hour) << true;
    }
    void wallBehindCenterBlocks()
    {
        QFETCH(qint64, wallMinusCenter);
        QFETCH(bool, blocked);
        Device d;
        const qint64 center = utc("2024-05-01T08:00:00Z");
        d.wall = center;
        TrustedClock clock(QString(), d.monoFn(), d.wallFn());
        QVERIFY(clock.syncWithCenter(center).ok());
        d.pass(10 * Minute);
        d.wall = center + wallMinusCenter;
        const auto now = clock.now();
        QCOMPARE(!now.ok(), blocked);
        const auto flags = clock.takeFlags();
        if (blocked) {
            QCOMPARE(now.error().code, QStringLiteral("clock.behind-center"));
            QVERIFY(now.error().message.contains(QStringLiteral("2024-05-01 16:00"))); // center time, +08:00
            QCOMPARE(flags.size(), 2); // it moved backwards, and it is behind the center
            QCOMPARE(flags[0].reason, QStringLiteral("moved-backwards"));
            QCOMPARE(flags[1].reason, QStringLiteral("behind-center"));
            QCOMPARE(flags[1].trustedTimeMs, center + 10 * Minute);
            // Still blocked, not flagged again.
            QVERIFY(!clock.now().ok());
            QVERIFY(!clock.hasFlags());
            // The collector fixes the clock: collection resumes.
            d.wall = center + 10 * Minute;
            QCOMPARE(clock.now().value(), center + 10 * Minute);
        } else {
            QCOMPARE(*now, center + 10 * Minute);
        }
    }

    void restartUsesWallCorrectedByOffset()
    {
        Device d;
        d.wall = utc("2024-05-01T08:00:00Z");
        const qint64 center = d.wall + 90'000; // device 90 s slow
        const QString path = statePath("restart.cbor");
        {
            TrustedClock clock(path, d.monoFn(), d.wallFn());
            QVERIFY(clock.open().ok());
            QVERIFY(clock.syncWithCenter(center).ok());
            d.pass(Hour);
            QVERIFY(clock.now().ok());
            QVERIFY(clock.checkpoint().ok());
        }
        d.pass(20 * Minute);
        d.reboot();
        TrustedClock clock(path, d.monoFn(), d.wallFn());
        QVERIFY(clock.open().ok());
        QCOMPARE(*clock.lastCenterTimeMs(), center);
        QCOMPARE(clock.now().value(), center + Hour + 20 * Minute);
        d.pass(Hour); // and monotonic from here on
        d.wall += 6 * Hour;
        QCOMPARE(clock.now().value(), center + 2 * Hour + 20 * Minute);
    }

    void restartWithClockSetBackBlocks()
    {
        Device d;
        d.wall = utc("2024-05-01T08:00:00Z");
        const qint64 center = d.wall;
        const QString path = statePath("setback.cbor");
        {
            TrustedClock clock(path, d.monoFn(), d.wallFn());
            QVERIFY(clock.syncWithCenter(center).ok());
            for (int i = 0; i < 180; ++i) { // three hours of readings: the last trusted time is checkpointed
                d.pass(Minute);
                QVERIFY(clock.now().ok());
            }
        }
        // Switched off; the clock is set back two hours (still after the center's time) and restarted.
        d.reboot();
        d.wall -= 2 * Hour;
        TrustedClock clock(path, d.monoFn(), d.wallFn());
        QVERIFY(clock.open().ok());
        QVERIFY(clock.lastTrustedMs() >= center + 3 * Hour - Minute);
        const auto now = clock.now();
        QVERIFY(!now.ok());
        QCOMPARE(now.error().code, QStringLiteral("clock.behind-last-trusted"));
        auto flags = clock.takeFlags();
        QCOMPARE(flags.size(), 2);
        QCOMPARE(flags[0].reason, QStringLiteral("moved-backwards"));
        QCOMPARE(flags[1].reason, QStringLiteral("behind-last-trusted"));
        QCOMPARE(flags[1].wallClockMs, d.wall);
        QVERIFY(!clock.trustedDate().ok());
        QVERIFY(!clock.hasFlags()); // not repeated

        // A sync brings the time back, but the wall clock is now hours behind the center's: still
        // blocked until someone sets it right.
        const qint64 center2 = center + 3 * Hour + 5 * Minute;
        QVERIFY(clock.syncWithCenter(center2).ok());
        QCOMPARE(clock.now().error().code, QStringLiteral("clock.behind-center"));
        d.wall = center2;
        QCOMPARE(clock.now().value(), center2);
    }

    void restartWithinToleranceIsFine()
    {
        Device d;
        d.wall = utc("2024-05-01T08:00:00Z");
        const QString path = statePath("tolerance.cbor");
        {
            TrustedClock clock(path, d.monoFn(), d.wallFn());
            QVERIFY(clock.syncWithCenter(d.wall).ok());
            d.pass(2 * Hour);
            QVERIFY(clock.now().ok());
            QVERIFY(clock.checkpoint().ok());
        }
        d.reboot();
        d.wall -= 3 * Minute; // drift, or a reading taken just before the switch-off
        TrustedClock clock(path, d.monoFn(), d.wallFn());
        QVERIFY(clock.open().ok());
        const auto now = clock.now();
        QVERIFY(now.ok());
        // Never earlier than what was handed out before the restart.
        QCOMPARE(*now, clock.lastTrustedMs());
        QVERIFY(*now >= utc("2024-05-01T10:00:00Z"));
    }

    void damagedStateFile_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("center=1714550400000\n");
        QTest::newRow("cbor array") << QByteArray::fromHex("820102");
        QTest::newRow("truncated map") << QByteArray::fromHex("a5000101");
        QTest::newRow("wrong version") << QByteArray::fromHex("a50002010102010301040a");
        QTest::newRow("missing field") << QByteArray::fromHex("a4000101010201030a");
        QTest::newRow("text field") << QByteArray::fromHex("a500010161780201030a040a");
        QTest::newRow("trusted before center") << QByteArray::fromHex("a5000101186402010301040a");
    }
    void damagedStateFile()
    {
        QFETCH(QByteArray, content);
        const QString path = statePath("damaged.cbor");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
        f.close();
        Device d;
        d.wall = utc("2024-05-01T08:00:00Z");
        TrustedClock clock(path, d.monoFn(), d.wallFn());
        const Status st = clock.open();
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("clock.state-damaged"));
        QCOMPARE(clock.now().error().code, QStringLiteral("clock.not-synced"));
        // The next sync replaces the damaged file.
        QVERIFY(clock.syncWithCenter(d.wall).ok());
        TrustedClock again(path, d.monoFn(), d.wallFn());
        QVERIFY(again.open().ok());
        QCOMPARE(*again.lastCenterTimeMs(), d.wall);
    }

    void validStateFileIsAccepted()
    {
        // Same layout as the damaged rows, consistent: {0:1, 1:1, 2:1, 3:10, 4:10}.
        const QString path = statePath("valid.cbor");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray::fromHex("a5000101010201030a040a"));
        f.close();
        Device d;
        TrustedClock clock(path, d.monoFn(), d.wallFn());
        const Status st = clock.open();
        QVERIFY2(st.ok(), qPrintable(st.ok() ? QString() : st.error().message));
    }

    void centerMayMoveTimeBack()
    {
        Device d;
        d.wall = utc("2024-05-01T08:00:00Z");
        const qint64 wrongCenter = d.wall + Hour; // the center's clock ran an hour fast
        d.wall = wrongCenter;                     // and the collector set the device to match
        TrustedClock clock(QString(), d.monoFn(), d.wallFn());
        QVERIFY(clock.syncWithCenter(wrongCenter).ok());
        d.pass(Minute);
        QCOMPARE(clock.now().value(), wrongCenter + Minute);
        QVERIFY(clock.syncWithCenter(utc("2024-05-01T08:01:00Z")).ok()); // the center corrects itself
        QCOMPARE(clock.now().value(), utc("2024-05-01T08:01:00Z"));
        QCOMPARE(clock.lastTrustedMs(), utc("2024-05-01T08:01:00Z"));
    }

    void unwritableStateIsReported()
    {
        Device d;
        d.wall = utc("2024-05-01T08:00:00Z");
        TrustedClock clock(m_dir.filePath(QStringLiteral("no/such/dir/clock.cbor")), d.monoFn(), d.wallFn());
        const Status st = clock.syncWithCenter(d.wall);
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("clock.state-write"));
        QCOMPARE(clock.now().value(), d.wall); // the time itself is still good in this process
    }
};

QTEST_GUILESS_MAIN(TestTrustedClock)
#include "tst_trustedclock.moc"
