#pragma once

// Shared by the benchmarks: the demo route generated in a child process, percentiles, output.

#include <QCoreApplication>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace bench {

/// Runs doorstep-demo-data (path compiled in) to write `accounts` accounts to `out`. The child
/// has its own memory: a benchmark measuring its own peak RSS does not see the generator's.
inline bool generateWorklist(qint64 accounts, const QString &out, quint64 seed = 1)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(QStringLiteral(DOORSTEP_DEMO_DATA),
            {QStringLiteral("--accounts"), QString::number(accounts), QStringLiteral("--seed"), QString::number(seed),
             QStringLiteral("--date"), QStringLiteral("2025-01-15"), QStringLiteral("--out"), out});
    if (!p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        QTextStream(stderr) << "bench: " << DOORSTEP_DEMO_DATA << " failed: " << p.errorString() << '\n';
        return false;
    }
    return true;
}

/// The optional first argument: a number of accounts for a quick run.
inline qint64 accountsArgument(qint64 defaultAccounts)
{
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2)
        return defaultAccounts;
    bool ok = false;
    const qint64 n = args.at(1).toLongLong(&ok);
    if (!ok || n < 1) {
        QTextStream(stderr) << "usage: " << args.at(0) << " [accounts]\n";
        std::exit(2);
    }
    return n;
}

/// The p-th percentile (0..100) of the samples, nearest-rank.
inline double percentile(std::vector<double> samples, double p)
{
    if (samples.empty())
        return 0;
    std::sort(samples.begin(), samples.end());
    auto rank = size_t(std::ceil(p / 100.0 * double(samples.size())));
    rank = rank > 0 ? rank - 1 : 0;
    return samples[std::min(rank, samples.size() - 1)];
}

inline void report(const char *name, double value, const char *unit)
{
    std::printf("BENCH %s %.2f %s\n", name, value, unit);
    std::fflush(stdout);
}

} // namespace bench
