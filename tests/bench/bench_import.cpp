// Importing a district-sized worklist (default 1,000,000 accounts; first argument: fewer).
//   BENCH import_1m_s          RouteStore::importWorklist, wall time (build, fsync, rename, reopen)
//   BENCH import_1m_peak_mb    peak RSS of this process (the worklist is generated in a child)
//   BENCH worklist_read_s      readWorklist alone into a sink that keeps nothing: the floor
//   BENCH route_delta_1m_ms    a worklist delta of one changed bill applied to that route (in place,
//                              one transaction), beside import_1m_s: what rewriting it would cost
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

    // A bill in the middle village paid in part at the center: the route's next delta.
    const QStringList villages = store.villages();
    QList<Account> account;
    QList<Bill> bills;
    for (qsizetype v = villages.size() / 2; v < villages.size() && bills.isEmpty(); ++v) {
        account = store.accountsInVillage(villages.at(v));
        for (qsizetype a = 0; a < account.size() && bills.isEmpty(); ++a) {
            bills = store.openBills(account.at(a).number);
            if (!bills.isEmpty())
                account = {account.at(a)};
        }
    }
    if (bills.isEmpty()) {
        QTextStream(stderr) << "bench_import: no open bill found\n";
        return 1;
    }
    RouteChanges change;
    change.since = store.header().version;
    change.version = change.since + 1;
    change.route = store.header().routeId;
    change.bills = {bills.first()};
    change.bills.first().amountPaid = Money::fromFen(1);
    const auto d0 = std::chrono::steady_clock::now();
    const auto applied = store.applyChanges(change);
    const auto d1 = std::chrono::steady_clock::now();
    if (!applied.ok() || store.openBills(account.first().number).first().amountPaid != Money::fromFen(1)) {
        QTextStream(stderr) << "bench_import: the delta was not applied\n";
        return 1;
    }

    bench::report("import_1m_s", seconds(t1 - t0), "s");
    bench::report("route_delta_1m_ms", seconds(d1 - d0) * 1000.0, "ms");
    bench::report("import_1m_peak_mb", peak, "MB");
    bench::report("worklist_read_s", seconds(r1 - r0), "s");
    return 0;
}
