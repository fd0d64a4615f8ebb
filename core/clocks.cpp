#include "clocks.h"

#include <QDateTime>

#include <chrono>

#ifdef Q_OS_LINUX
#include <time.h>
#endif

MonotonicClock systemMonotonicClock()
{
    return [] {
#ifdef Q_OS_LINUX
        // A handheld sleeps between houses; CLOCK_MONOTONIC stops then and trusted time would lag.
        timespec ts{};
        if (clock_gettime(CLOCK_BOOTTIME, &ts) == 0)
            return qint64(ts.tv_sec) * 1000 + qint64(ts.tv_nsec / 1'000'000);
#endif
        using namespace std::chrono;
        return qint64(duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
    };
}

WallClock systemWallClock()
{
    return [] { return QDateTime::currentMSecsSinceEpoch(); };
}
