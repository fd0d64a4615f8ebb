#pragma once

#include <QDate>
#include <QString>

/**
 * Dates and times as the collector reads them on screen: in the device's time zone (China
 * Standard Time by default, the same as the receipts print), in ISO order with a 24-hour clock in
 * every language — never the machine's own zone, never the US short form ("12/6/26 9:06 AM").
 */
namespace LocalTime {

/// The device's offset from UTC, for screens, receipts and the day's boundaries.
constexpr int DeviceUtcOffsetSeconds = 8 * 3600;

[[nodiscard]] QString dateTime(qint64 msSinceEpoch); ///< "2026-12-06 09:06"
[[nodiscard]] QString time(qint64 msSinceEpoch);     ///< "09:06"
[[nodiscard]] QString date(QDate date);              ///< "2026-12-06"

} // namespace LocalTime
