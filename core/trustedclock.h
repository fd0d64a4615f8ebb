#pragma once

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

#include "clocks.h"
#include "journalentry.h"
#include "result.h"

/**
 * Trusted time (ARCHITECTURE.md rule 5): the center's time at the last sync plus the monotonic time
 * elapsed since it arrived. Penalties and shift dates use trustedDate(), never the device clock.
 *
 * The anchor (center time, and the wall clock at the moment it arrived) is persisted, together
 * with the latest trusted time handed out and the latest wall time seen. Monotonic readings are
 * never persisted: their base is lost at reboot. After a restart trusted time is therefore
 * re-derived from the wall clock, corrected by the offset seen at the last sync, and only if that
 * is not earlier than the last trusted time handed out; otherwise collection is blocked and the
 * clock flagged until the terminal syncs.
 *
 * Checks on every reading:
 *  - the wall clock moved backwards (against the last reading) → a ClockFlagRecord to journal;
 *  - the wall clock is earlier than the last center time → collection blocked, and flagged;
 *  - after a restart, wall-derived time earlier than the last trusted time → blocked, and flagged.
 * Flags collect in takeFlags() for the caller to journal; nothing is silently used.
 */
class TrustedClock
{
public:
    struct Options
    {
        int utcOffsetSeconds = 8 * 3600; ///< the device's time zone for dates (China: +08:00)
        /// How far behind the center (or the last trusted time) the wall clock may be before
        /// collection is blocked: device clocks drift, and a sync takes a few seconds.
        qint64 skewToleranceMs = qint64(5) * 60'000;
        /// A backwards step of the wall clock smaller than this is not flagged (NTP adjustments).
        qint64 backwardsToleranceMs = 2'000;
        /// How often the last trusted time is written to disk while readings are taken.
        qint64 checkpointEveryMs = 60'000;
        /// A sync that finds the terminal's reckoning this far from the center's time flags a drift.
        qint64 driftFlagMs = 60'000;
    };

    /// `statePath` is the small file the anchor lives in; empty keeps it in memory only (tests).
    TrustedClock(QString statePath, MonotonicClock monotonic, WallClock wall);
    TrustedClock(QString statePath, MonotonicClock monotonic, WallClock wall, Options options);

    /// Reads the persisted anchor. No file is not an error (never synced: collection blocked).
    /// A damaged file is an error and is treated as never synced.
    [[nodiscard]] Status open();

    /// A successful sync told us the center's time. Re-anchors and persists durably.
    [[nodiscard]] Status syncWithCenter(qint64 centerTimeMs);

    /// Trusted time in ms since the epoch, or why collection is blocked:
    /// "clock.not-synced", "clock.behind-center", "clock.behind-last-trusted".
    [[nodiscard]] Result<qint64> now();
    /// The trusted date in the device's time zone: what penalties and shift dates use.
    [[nodiscard]] Result<QDate> trustedDate();

    /// Flags raised since the last call, oldest first, for the journal.
    [[nodiscard]] QList<ClockFlagRecord> takeFlags();
    [[nodiscard]] bool hasFlags() const { return !m_flags.isEmpty(); }

    [[nodiscard]] std::optional<qint64> lastCenterTimeMs() const;
    /// The latest trusted time handed out (after a restart: as last persisted).
    [[nodiscard]] qint64 lastTrustedMs() const { return m_lastTrustedMs; }
    /// Writes the state now (the caller does so before a planned shutdown).
    [[nodiscard]] Status checkpoint();

    [[nodiscard]] const Options &options() const { return m_options; }

    /// Calendar date of `ms` at `utcOffsetSeconds`, and the first ms of `date` there.
    [[nodiscard]] static QDate dateOf(qint64 ms, int utcOffsetSeconds);
    [[nodiscard]] static qint64 startOfDayMs(QDate date, int utcOffsetSeconds);

private:
    void flag(qint64 wallMs, qint64 trustedMs, const QString &reason);

    QString m_statePath;
    MonotonicClock m_monotonic;
    WallClock m_wall;
    Options m_options;

    // Persisted.
    bool m_hasAnchor = false;
    qint64 m_centerTimeMs = 0;
    qint64 m_wallAtReceiptMs = 0;
    qint64 m_lastTrustedMs = 0;
    qint64 m_lastWallSeenMs = 0;

    // This process only.
    bool m_hasBase = false;
    qint64 m_baseMonotonicMs = 0;
    qint64 m_baseTrustedMs = 0;
    qint64 m_lastCheckpointMs = 0;
    bool m_behindCenterFlagged = false;
    bool m_behindTrustedFlagged = false;
    QList<ClockFlagRecord> m_flags;
};
