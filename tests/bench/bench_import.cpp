// Importing a district-sized worklist (default 1,000,000 accounts; first argument: fewer).
//   BENCH import_1m_s          RouteStore::importWorklist, wall time (build, fsync, rename, reopen)
//   BENCH import_1m_peak_mb    peak RSS of this process (the worklist is generated in a child)
//   BENCH worklist_read_s      readWorklist alone into a sink that keeps nothing: the floor
#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <chrono>
#include <sys/resource.h>

#include "benchsupport.h"
#include "routestore.h"
#include "worklist.h"

namespace {

double seconds(std::chrono::steady_clock::duration d)
{
    return double(std::chrono::duration_cast<std::chrono::microseconds>(d).count()) / 1e6;
}

double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

class NullSink : public WorklistSink
{
public:
    Status header(const WorklistHeader &) override { return success(); }
    Status account(const Account &) override { return success(); }
    Status bill(const Bill &) override { return success(); }
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 accounts = bench::accountsArgument(1'000'000);
    QTemporaryDir dir;
    const QString worklist = dir.filePath(QStringLiteral("worklist.txt"));
    if (!dir.isValid() || !bench::generateWorklist(accounts, worklist))
        return 1;
    const double rssBefore = peakRssMb();

    RouteStore store(dir.filePath(QStringLiteral("route.db")));
    if (!store.open().ok())
        return 1;
    const auto t0 = std::chrono::steady_clock::now();
    const Result<WorklistSummary> imported = store.importWorklist(worklist);
    const auto t1 = std::chrono::steady_clock::now();
    const double peak = peakRssMb(); // before anything else can raise it
    {
        rusage u{};
        getrusage(RUSAGE_SELF, &u);
        std::fprintf(stderr, "bench_import: import CPU %.2f s user, %.2f s system\n",
                     double(u.ru_utime.tv_sec) + double(u.ru_utime.tv_usec) / 1e6,
                     double(u.ru_stime.tv_sec) + double(u.ru_stime.tv_usec) / 1e6);
    }
    if (!imported.ok()) {
        QTextStream(stderr) << "import failed: " << imported.error().message << '\n';
        return 1;
    }

    QFile file(worklist);
    if (!file.open(QIODevice::ReadOnly))
        return 1;
    const qint64 bytes = file.size();
    NullSink sink;
    const auto r0 = std::chrono::steady_clock::now();
    const Result<WorklistSummary> read = readWorklist(file, sink);
    const auto r1 = std::chrono::steady_clock::now();
    if (!read.ok())
        return 1;
    const double lines = double(read->accounts + read->bills);
    std::fprintf(stderr,
                 "bench_import: %lld accounts, %lld bills, %.0f MB worklist, %.0f MB route file, RSS before "
                 "import %.0f MB; reader alone %.0f lines/s\n",
                 static_cast<long long>(imported->accounts), static_cast<long long>(imported->bills),
                 double(bytes) / 1e6, double(QFile(store.path()).size()) / 1e6, rssBefore, lines / seconds(r1 - r0));

    bench::report("import_1m_s", seconds(t1 - t0), "s");
    bench::report("import_1m_peak_mb", peak, "MB");
    bench::report("worklist_read_s", seconds(r1 - r0), "s");
    return 0;
}
