#pragma once

#include <QtGlobal>

#include <functional>

/**
 * Sources of time, replaceable in tests (STYLE.md practice 10). Both return milliseconds.
 *
 * MonotonicClock never goes backwards and counts time the device spends asleep; its base is
 * arbitrary and lost at reboot, so it is never persisted. WallClock is the device's calendar
 * clock (ms since the epoch, UTC): anyone can move it, so it is only ever compared, never trusted
 * (ARCHITECTURE.md rule 5).
 */
using MonotonicClock = std::function<qint64()>;
using WallClock = std::function<qint64()>;

/// CLOCK_BOOTTIME on Linux and Android (it keeps counting in suspend, CLOCK_MONOTONIC does not).
[[nodiscard]] MonotonicClock systemMonotonicClock();
/// QDateTime::currentMSecsSinceEpoch().
[[nodiscard]] WallClock systemWallClock();
