#include "pingate.h"

#include <QCoreApplication>

PinGate::PinGate(MonotonicClock clock)
    : PinGate(std::move(clock), Config{})
{
}

PinGate::PinGate(MonotonicClock clock, Config config)
    : m_clock(std::move(clock))
    , m_config(config)
{
    if (m_config.attemptsBeforeLock < 1)
        m_config.attemptsBeforeLock = 1;
    if (m_config.firstLockMs < 1)
        m_config.firstLockMs = 1;
    if (m_config.maxLockMs < m_config.firstLockMs)
        m_config.maxLockMs = m_config.firstLockMs;
}

qint64 PinGate::lockRemainingMs() const
{
    if (!m_locked)
        return 0;
    const qint64 left = m_lockedUntilMs - m_clock();
    return left > 0 ? left : 0;
}

Status PinGate::mayAttempt() const
{
    const qint64 left = lockRemainingMs();
    if (left > 0) {
        // Round up: "0 s" while still locked would read as a lie.
        const qint64 seconds = (left + 999) / 1000;
        return Error{QStringLiteral("pingate.locked"),
                     QCoreApplication::translate("PinGate",
                                                 "Too many wrong PINs. The terminal is locked; try again in "
                                                 "%n second(s).",
                                                 nullptr, int(seconds))};
    }
    return success();
}

void PinGate::recordFailure()
{
    if (lockRemainingMs() > 0)
        return;
    if (m_locked) { // the last lock-out has run out: a fresh series of attempts
        m_locked = false;
        m_failed = 0;
    }
    if (++m_failed < m_config.attemptsBeforeLock)
        return;
    qint64 duration = m_config.firstLockMs;
    for (int i = 0; i < m_lockouts && duration < m_config.maxLockMs; ++i)
        duration *= 2;
    if (duration > m_config.maxLockMs)
        duration = m_config.maxLockMs;
    ++m_lockouts;
    m_locked = true;
    m_lockedUntilMs = m_clock() + duration;
    // A lock-out also ends whatever session was open: the person at the keypad is not its owner.
    m_collectorId.clear();
}

void PinGate::recordSuccess(const QString &collectorId)
{
    clearFailures();
    m_collectorId = collectorId;
    m_lastActivityMs = m_clock();
}

void PinGate::clearFailures()
{
    m_failed = 0;
    m_lockouts = 0;
    m_locked = false;
    m_lockedUntilMs = 0;
}

bool PinGate::sessionActive() const
{
    if (m_collectorId.isEmpty())
        return false;
    return m_config.idleLockMs <= 0 || m_clock() - m_lastActivityMs < m_config.idleLockMs;
}

Status PinGate::touch()
{
    if (m_collectorId.isEmpty()) {
        return Error{QStringLiteral("pingate.no-session"),
                     QCoreApplication::translate("PinGate", "Nobody is logged in. Enter your PIN.")};
    }
    if (!sessionActive()) {
        m_collectorId.clear();
        const int minutes = int((m_config.idleLockMs + 59'999) / 60'000);
        return Error{QStringLiteral("pingate.idle"),
                     QCoreApplication::translate("PinGate",
                                                 "The terminal locked itself after %n minute(s) without use. "
                                                 "Enter your PIN again.",
                                                 nullptr, minutes)};
    }
    m_lastActivityMs = m_clock();
    return success();
}

void PinGate::endSession()
{
    m_collectorId.clear();
}

PinGate::State PinGate::state() const
{
    State s;
    s.sessionOpen = sessionActive();
    s.collectorId = s.sessionOpen ? m_collectorId : QString();
    const qint64 left = lockRemainingMs();
    s.lockedOut = left > 0;
    s.lockRemainingMs = left;
    s.lockouts = m_lockouts;
    s.failedAttempts = (m_locked && left == 0) ? 0 : m_failed;
    s.attemptsLeft = s.lockedOut ? 0 : m_config.attemptsBeforeLock - s.failedAttempts;
    return s;
}
