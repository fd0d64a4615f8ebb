// BENCH failover_resume_s: from the PostgreSQL primary's death (SIGKILL) to the first batch a
// device has acknowledged by the center on the promoted standby — promotion included, as an
// operator's failover tool would run it at once. The median of ROUNDS failovers (default 3),
// a primary with a synchronous standby on loopback, one doorstep-center on libpq's multi-host
// URL, four devices uploading in batches of two.
// Usage: bench_failover [rounds]
#include <QCoreApplication>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "centerimport.h"
#include "pgpair.h"
#include "syncclient.h"
#include "synctestkit.h"

using namespace SyncTestKit;
using namespace PgReplication;

namespace {
int fail(const QString &why)
{
    std::fprintf(stderr, "bench_failover: %s\n", qPrintable(why));
    return 1;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = std::max(
        1, QCoreApplication::arguments().value(1).toInt() > 0 ? QCoreApplication::arguments().value(1).toInt() : 3);
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/doorstep-bench-failover-XXXXXX"));
    if (!dir.isValid() || !handToPostgres(dir.path()))
        return fail(QStringLiteral("no directory for PostgreSQL"));
    PgPair pair(dir.path());
    const auto cleanup = qScopeGuard([&pair] { pair.stopAll(); });
    if (auto s = pair.startPrimary(); !s.ok())
        return fail(s.error().message);
    if (auto s = pair.addStandby(); !s.ok())
        return fail(s.error().message);

    QTemporaryDir work;
    std::vector<Device> devices;
    qint64 total = 0;
    {
        auto opened = openCenter(pair.url());
        if (!opened.ok())
            return fail(opened.error().message);
        const Extract x = writeExtract(work.path(), 1, 30);
        if (!CenterImport(*opened.value().store).run(x.accounts, x.bills, x.policy, x.collectors).ok())
            return fail(QStringLiteral("import"));
        for (int d = 0; d < 4; ++d) {
            auto device =
                enrolDevice(*opened.value().store, work.path(), QStringLiteral("bf-%1").arg(d), QStringLiteral("R1"));
            if (!device.ok())
                return fail(device.error().message);
            for (int day = 0; day < rounds + 1; ++day)
                if (!simulateDay(*device.value().journal, 1, 30, dayStart(8) + day * 86'400'000LL).ok())
                    return fail(QStringLiteral("journal"));
            total += device.value().journal->lastSeq();
            devices.push_back(std::move(device).value());
        }
    }
    QProcess center;
    center.setStandardErrorFile(QProcess::nullDevice());
    const auto port = startServing(center, QStringLiteral(DOORSTEP_CENTER_EXECUTABLE), serveArguments(pair.url()));
    if (!port.ok())
        return fail(port.error().message);

    std::vector<std::unique_ptr<SyncClient>> clients;
    for (const Device &d : devices) {
        SyncClientConfig c = clientConfig(d, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port.value())));
        c.initialBatch = 2;
        c.maxBatch = 2;
        clients.push_back(std::make_unique<SyncClient>(c));
        clients.back()->start();
    }
    const auto acknowledged = [&] {
        qint64 sum = 0;
        for (const auto &c : clients)
            sum += c->status().acknowledged;
        return sum;
    };
    const auto waitFor = [](const std::function<bool()> &done, int ms) {
        QElapsedTimer t;
        t.start();
        while (!done() && !t.hasExpired(ms))
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        return done();
    };
    std::vector<double> resumed;
    for (int k = 1; k <= rounds; ++k) {
        if (!waitFor([&] { return acknowledged() >= total * k / (rounds + 1); }, 120'000))
            return fail(QStringLiteral("the devices stopped before failover %1").arg(k));
        const qint64 before = acknowledged();
        QElapsedTimer sinceDeath;
        if (pair.killPrimary() <= 0)
            return fail(QStringLiteral("no primary to kill"));
        sinceDeath.start();
        if (auto s = pair.promote(); !s.ok())
            return fail(s.error().message);
        if (!waitFor([&] { return acknowledged() > before; }, 120'000))
            return fail(QStringLiteral("nothing acknowledged after failover %1").arg(k));
        resumed.push_back(double(sinceDeath.nsecsElapsed()) / 1e9);
        std::fprintf(stderr, "bench_failover: failover %d resumed after %.2f s\n", k, resumed.back());
        if (auto s = pair.addStandby(pair.standby.port); !s.ok())
            return fail(s.error().message);
    }
    clients.clear();
    center.terminate();
    center.waitForFinished(10'000);
    std::sort(resumed.begin(), resumed.end());
    std::printf("BENCH failover_resume_s %.2f s\n", resumed[resumed.size() / 2]);
    std::fflush(stdout);
    return 0;
}
