#include "localtime.h"

#include <QDateTime>
#include <QTimeZone>

namespace {

QDateTime onDevice(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone(LocalTime::DeviceUtcOffsetSeconds));
}

} // namespace

QString LocalTime::dateTime(qint64 msSinceEpoch)
{
    return onDevice(msSinceEpoch).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString LocalTime::time(qint64 msSinceEpoch)
{
    return onDevice(msSinceEpoch).toString(QStringLiteral("HH:mm"));
}

QString LocalTime::date(QDate date)
{
    return date.toString(Qt::ISODate);
}
