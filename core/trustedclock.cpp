#include "trustedclock.h"

#include <QCborMap>
#include <QCborValue>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QSaveFile>

#include <cstdlib>

namespace {

constexpr qint64 MsPerDay = 86'400'000;
constexpr int StateFormat = 1;

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

QString formatMs(qint64 ms, int utcOffsetSeconds)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::OffsetFromUTC, utcOffsetSeconds)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

} // namespace

TrustedClock::TrustedClock(QString statePath, MonotonicClock monotonic, WallClock wall)
    : TrustedClock(std::move(statePath), std::move(monotonic), std::move(wall), Options{})
{
}

TrustedClock::TrustedClock(QString statePath, MonotonicClock monotonic, WallClock wall, Options options)
    : m_statePath(std::move(statePath))
    , m_monotonic(std::move(monotonic))
    , m_wall(std::move(wall))
    , m_options(options)
{
}

Status TrustedClock::open()
{
    m_hasAnchor = false;
    m_hasBase = false;
    if (m_statePath.isEmpty() || !QFile::exists(m_statePath))
        return success();
    QFile file(m_statePath);
    const auto damaged = [&](const QString &why) {
        return Error{QStringLiteral("clock.state-damaged"),
                     QCoreApplication::translate("TrustedClock",
                                                 "The terminal's saved time is damaged (%1). Sync with the billing "
                                                 "center before collecting.")
                         .arg(why)};
    };
    if (!file.open(QIODevice::ReadOnly))
        return damaged(file.errorString());
    const QByteArray bytes = file.read(4096);
    QCborParserError parseError;
    const QCborValue value = QCborValue::fromCbor(bytes, &parseError);
    if (parseError.error != QCborError::NoError || !value.isMap())
        return damaged(QCoreApplication::translate("TrustedClock", "not a saved clock state"));
    const QCborMap m = value.toMap();
    if (m.value(0).toInteger(-1) != StateFormat)
        return damaged(QCoreApplication::translate("TrustedClock", "unknown format"));
    for (int key = 1; key <= 4; ++key) {
        if (!m.value(key).isInteger())
            return damaged(QCoreApplication::translate("TrustedClock", "field %1 missing").arg(key));
    }
    m_centerTimeMs = m.value(1).toInteger();
    m_wallAtReceiptMs = m.value(2).toInteger();
    m_lastTrustedMs = m.value(3).toInteger();
    m_lastWallSeenMs = m.value(4).toInteger();
    if (m_lastTrustedMs < m_centerTimeMs)
        return damaged(QCoreApplication::translate("TrustedClock", "inconsistent times"));
    m_hasAnchor = true;
    m_lastCheckpointMs = m_lastTrustedMs;
    return success();
}

Status TrustedClock::checkpoint()
{
    if (m_statePath.isEmpty() || !m_hasAnchor)
        return success();
    QCborMap m;
    m.insert(0, StateFormat);
    m.insert(1, m_centerTimeMs);
    m.insert(2, m_wallAtReceiptMs);
    m.insert(3, m_lastTrustedMs);
    m.insert(4, m_lastWallSeenMs);
    // QSaveFile writes beside and renames over, after fsync: a crash leaves the old state or the new.
    QSaveFile file(m_statePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(m.toCborValue().toCbor()) < 0 || !file.commit())
        return Error{QStringLiteral("clock.state-write"),
                     QCoreApplication::translate("TrustedClock", "Could not save the terminal's time: %1")
                         .arg(file.errorString())};
    m_lastCheckpointMs = m_lastTrustedMs;
    return success();
}

Status TrustedClock::syncWithCenter(qint64 centerTimeMs)
{
    const qint64 wall = m_wall();
    // How far the terminal's own reckoning had drifted from the center's since the last sync:
    // beyond a minute it is journaled (the center's time replaces it below either way).
    if (m_hasAnchor && m_hasBase) {
        const qint64 reckoned = m_baseTrustedMs + (m_monotonic() - m_baseMonotonicMs);
        if (std::abs(reckoned - centerTimeMs) > m_options.driftFlagMs)
            flag(reckoned, centerTimeMs, QStringLiteral("drift"));
    }
    m_hasAnchor = true;
    m_centerTimeMs = centerTimeMs;
    m_wallAtReceiptMs = wall;
    // The center is the authority: its time replaces ours even if ours had run ahead.
    m_lastTrustedMs = centerTimeMs;
    m_lastWallSeenMs = wall;
    m_hasBase = true;
    m_baseMonotonicMs = m_monotonic();
    m_baseTrustedMs = centerTimeMs;
    m_behindCenterFlagged = false;
    m_behindTrustedFlagged = false;
    return checkpoint();
}

void TrustedClock::flag(qint64 wallMs, qint64 trustedMs, const QString &reason)
{
    m_flags.append(ClockFlagRecord{wallMs, trustedMs, reason});
}

Result<qint64> TrustedClock::now()
{
    if (!m_hasAnchor)
        return Error{QStringLiteral("clock.not-synced"),
                     QCoreApplication::translate("TrustedClock", "This terminal has no time from the billing center "
                                                                 "yet. Sync before collecting.")};
    const qint64 wall = m_wall();
    const qint64 mono = m_monotonic();

    if (wall < m_lastWallSeenMs - m_options.backwardsToleranceMs)
        flag(wall, m_hasBase ? m_baseTrustedMs + (mono - m_baseMonotonicMs) : m_lastTrustedMs,
             QStringLiteral("moved-backwards"));
    m_lastWallSeenMs = wall;

    if (!m_hasBase) {
        // Restarted: the monotonic base is gone. The wall clock, corrected by the offset it had
        // against the center at the last sync, may stand in, but never before what we handed out.
        const qint64 derived = m_centerTimeMs + (wall - m_wallAtReceiptMs);
        if (derived < m_lastTrustedMs - m_options.skewToleranceMs) {
            if (!m_behindTrustedFlagged) {
                flag(wall, m_lastTrustedMs, QStringLiteral("behind-last-trusted"));
                m_behindTrustedFlagged = true;
            }
            return Error{QStringLiteral("clock.behind-last-trusted"),
                         QCoreApplication::translate("TrustedClock",
                                                     "The device clock (%1) is earlier than time this terminal has "
                                                     "already used (%2). Collection is blocked until the terminal "
                                                     "syncs with the billing center.")
                             .arg(formatMs(derived, m_options.utcOffsetSeconds),
                                  formatMs(m_lastTrustedMs, m_options.utcOffsetSeconds))};
        }
        m_hasBase = true;
        m_baseMonotonicMs = mono;
        m_baseTrustedMs = std::max(derived, m_lastTrustedMs);
        m_behindTrustedFlagged = false;
    }
    const qint64 trusted = m_baseTrustedMs + (mono - m_baseMonotonicMs);

    if (wall < m_centerTimeMs - m_options.skewToleranceMs) {
        if (!m_behindCenterFlagged) {
            flag(wall, trusted, QStringLiteral("behind-center"));
            m_behindCenterFlagged = true;
        }
        return Error{
            QStringLiteral("clock.behind-center"),
            QCoreApplication::translate("TrustedClock",
                                        "The device clock says %1, earlier than the billing center's time "
                                        "at the last sync (%2). Set the date and time, or sync, before "
                                        "collecting.")
                .arg(formatMs(wall, m_options.utcOffsetSeconds), formatMs(m_centerTimeMs, m_options.utcOffsetSeconds))};
    }
    m_behindCenterFlagged = false;

    if (trusted > m_lastTrustedMs)
        m_lastTrustedMs = trusted;
    if (m_lastTrustedMs - m_lastCheckpointMs >= m_options.checkpointEveryMs)
        (void)checkpoint(); // best effort; a failed write only makes a restart more cautious
    return trusted;
}

Result<QDate> TrustedClock::trustedDate()
{
    auto ms = now();
    if (!ms)
        return ms.error();
    return dateOf(*ms, m_options.utcOffsetSeconds);
}

QList<ClockFlagRecord> TrustedClock::takeFlags()
{
    return std::exchange(m_flags, {});
}

std::optional<qint64> TrustedClock::lastCenterTimeMs() const
{
    if (!m_hasAnchor)
        return std::nullopt;
    return m_centerTimeMs;
}

QDate TrustedClock::dateOf(qint64 ms, int utcOffsetSeconds)
{
    const qint64 day = floorDiv(ms + qint64(utcOffsetSeconds) * 1000, MsPerDay);
    return QDate(1970, 1, 1).addDays(day);
}

qint64 TrustedClock::startOfDayMs(QDate date, int utcOffsetSeconds)
{
    return QDate(1970, 1, 1).daysTo(date) * MsPerDay - qint64(utcOffsetSeconds) * 1000;
}
