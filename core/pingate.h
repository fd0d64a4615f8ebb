#pragma once

#include <QString>

#include "clocks.h"
#include "result.h"

/**
 * The terminal's lock: who is logged in, how many wrong PINs in a row, and how long the terminal
 * stays locked after too many. After `attemptsBeforeLock` consecutive wrong PINs it refuses every
 * PIN for `firstLockMs`, doubling with each further lock-out up to `maxLockMs`; a right PIN resets
 * both. A session left idle for `idleLockMs` locks itself. Time comes from an injected monotonic
 * clock, so moving the calendar clock does not shorten a lock-out and tests can step time.
 *
 * The gate counts every PIN typed on the terminal, the supervisor's approval PINs included, so
 * that a void screen is no way round the lock-out.
 */
class PinGate
{
public:
    struct Config
    {
        int attemptsBeforeLock = 5;
        qint64 firstLockMs = 30'000;
        qint64 maxLockMs = 15 * 60'000;
        qint64 idleLockMs = 5 * 60'000; ///< 0: never lock for idleness
    };

    /** What the login screen shows. */
    struct State
    {
        bool sessionOpen = false;
        QString collectorId;    ///< who is logged in (empty if nobody)
        int failedAttempts = 0; ///< wrong PINs since the last right one or lock-out
        int attemptsLeft = 0;   ///< before the next lock-out
        int lockouts = 0;       ///< lock-outs since the last right PIN
        bool lockedOut = false;
        qint64 lockRemainingMs = 0; ///< for "try again in 25 s"
    };

    explicit PinGate(MonotonicClock clock);
    PinGate(MonotonicClock clock, Config config);

    [[nodiscard]] const Config &config() const { return m_config; }

    /// Refuses ("pingate.locked", with the seconds left) while locked out; a PIN may be tried otherwise.
    [[nodiscard]] Status mayAttempt() const;
    /// A wrong PIN (or unknown id). Ignored while locked out: the lock does not grow by hammering.
    void recordFailure();
    /// A right login PIN: resets the counters and opens a session for `collectorId`.
    void recordSuccess(const QString &collectorId);
    /// A right supervisor PIN: resets the counters, leaves the session as it is.
    void clearFailures();

    /**
     * Whether the session may act now: refuses with "pingate.no-session" if nobody is logged in,
     * and with "pingate.idle" (ending the session) if it sat idle too long. On success it counts
     * as activity and restarts the idle timer.
     */
    [[nodiscard]] Status touch();
    /// Without side effects: is a session open and not yet idle?
    [[nodiscard]] bool sessionActive() const;
    void endSession();

    [[nodiscard]] State state() const;

private:
    [[nodiscard]] qint64 lockRemainingMs() const;

    MonotonicClock m_clock;
    Config m_config;
    QString m_collectorId;
    qint64 m_lastActivityMs = 0;
    int m_failed = 0;
    int m_lockouts = 0;
    qint64 m_lockedUntilMs = 0;
    bool m_locked = false;
};
