// A province's evening: every collector's terminal syncs in the same hour. DEVICES simulated
// devices (default 2,000) in this one process, each with ENTRIES real signed, chained journal
// entries (default 200), upload in batches of BATCH (default 50) over real HTTP to two
// `doorstep-center serve` processes on one PostgreSQL (its default durability), a device's next
// batch once the last is acknowledged, many devices at once.
//   BENCH evening_sync_devices_s      wall seconds from the first request to the last acknowledgement
//   BENCH evening_sync_entries_per_s  entries acknowledged per second over that time
//   BENCH evening_sync_batch_p99_ms   99th percentile of one batch's round trip
//   BENCH evening_copy_floor_s        bare COPY of the same rows by psql, in the same run: the floor
// Target: 400,000 entries in at most 60 s on the 2-core development machine.
// Usage: bench_evening [devices [entries [batch]]]
// Profiling by hand: DOORSTEP_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements" with
// DOORSTEP_BENCH_PGSTAT=1 prints PostgreSQL's costliest statements of the run (PGSTAT lines).
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <sys/resource.h>
#include <vector>

#include "centerimport.h"
#include "pgtestserver.h"
#include "synctestkit.h"
#include "testnet.h"
#include "wirecodec.h"

using namespace SyncTestKit;

namespace {

int argument(int index, int fallback)
{
    const QStringList args = QCoreApplication::arguments();
    const int v = args.value(index).toInt();
    return v > 0 ? v : fallback;
}

struct SimDevice
{
    QString id;
    std::unique_ptr<DeviceKey> key;
    QList<JournalEntry> entries;
    qsizetype sent = 0; ///< entries acknowledged so far
    qint64 counter = 0;
    quint16 port = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int deviceCount = argument(1, 2000);
    const int perDevice = argument(2, 200);
    const int batchSize = argument(3, 50);
    // Each device holds sockets; make room.
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }

    PgTestServer pg(PgTestServer::Options{true});
    auto url = pg.createDatabase(QStringLiteral("evening"));
    if (!url.ok())
        return std::fprintf(stderr, "%s\n", qPrintable(url.error().message)), 1;
    QTemporaryDir dir;
    std::vector<SimDevice> devices(static_cast<std::size_t>(deviceCount));
    {
        auto center = openCenter(url.value());
        if (!center.ok())
            return std::fprintf(stderr, "%s\n", qPrintable(center.error().message)), 1;
        // Four devices to a route (route numbers have three digits), an account per entry: the
        // books apply every payment to a bill of its own.
        const int routes = (deviceCount + 3) / 4;
        const Extract x = writeExtract(dir.path(), routes, 4 * perDevice);
        if (auto r = CenterImport(*center.value().store).run(x.accounts, x.bills, x.policy, x.collectors); !r.ok())
            return std::fprintf(stderr, "%s\n", qPrintable(r.error().message)), 1;
        std::fprintf(stderr, "bench_evening: signing %d entries for %d devices\n", deviceCount * perDevice,
                     deviceCount);
        for (int d = 0; d < deviceCount; ++d) {
            SimDevice &dev = devices[std::size_t(d)];
            dev.id = QStringLiteral("ev-%1").arg(d, 4, 10, QLatin1Char('0'));
            dev.key = std::make_unique<DeviceKey>(DeviceKey::generate());
            const int route = d / 4 + 1;
            auto code = center.value().store->createEnrolmentCode(dev.id, QStringLiteral("R%1").arg(route), 3'600'000);
            if (!code.ok() ||
                !center.value().store->enrol(WireProtocol::EnrolRequest{code.value(), dev.key->publicKey()}, {}).ok())
                return std::fprintf(stderr, "enrolment of %s failed\n", qPrintable(dev.id)), 1;
            QByteArray prev(32, '\0');
            qint64 time = dayStart(17);
            for (int i = 0; i < perDevice; ++i) {
                JournalEntry e;
                e.deviceId = dev.id;
                e.seq = i + 1;
                e.kind = EntryKind::Payment;
                e.timeMs = time += 20'000;
                e.collectorId = QStringLiteral("C001");
                e.body = toCbor(payment(route, (d % 4) * perDevice + i));
                e.prevHash = prev;
                e.hash = e.computeHash();
                e.signature = dev.key->sign(e.hash);
                prev = e.hash;
                dev.entries.append(e);
            }
        }
    }

    // Two centers on the one database; devices alternate between them, as a balancer would.
    std::vector<std::unique_ptr<QProcess>> centers;
    std::vector<quint16> ports;
    for (int i = 0; i < 2; ++i) {
        auto p = std::make_unique<QProcess>();
        p->setStandardErrorFile(QProcess::nullDevice()); // a JSON line per request
        // Every simulated terminal comes from 127.0.0.1, as from behind a balancer: no per-address rate.
        const auto port =
            startServing(*p, QStringLiteral(DOORSTEP_CENTER_EXECUTABLE),
                         serveArguments(url.value()) << QStringLiteral("--address-rate") << QStringLiteral("0"));
        if (!port.ok())
            return std::fprintf(stderr, "%s\n", qPrintable(port.error().message)), 1;
        ports.push_back(port.value());
        centers.push_back(std::move(p));
    }
    for (std::size_t d = 0; d < devices.size(); ++d)
        devices[d].port = ports[d % ports.size()];

    // Many connections at once: QNetworkAccessManager keeps six per server, so several of them.
    std::vector<std::unique_ptr<QNetworkAccessManager>> nams;
    for (int i = 0; i < 20; ++i)
        nams.push_back(std::make_unique<QNetworkAccessManager>());
    const std::size_t inFlightMax = nams.size() * 6;
    std::deque<std::size_t> waiting;
    for (std::size_t d = 0; d < devices.size(); ++d)
        waiting.push_back(d);
    std::vector<double> latencies;
    latencies.reserve(devices.size() * std::size_t(perDevice / batchSize + 1));
    std::size_t inFlight = 0;
    std::size_t done = 0;
    qint64 acknowledged = 0;
    bool failed = false;
    QElapsedTimer wall;
    std::function<void(std::size_t)> sendNext;
    sendNext = [&](std::size_t d) {
        SimDevice &dev = devices[d];
        const QList<JournalEntry> entries = dev.entries.mid(dev.sent, batchSize);
        const QByteArray body = Wire::encode(WireProtocol::JournalBatch::encode(dev.id, entries));
        const QUrl target(QStringLiteral("http://127.0.0.1:%1/v1/journal").arg(dev.port));
        QNetworkRequest request(target);
        request.setHeader(QNetworkRequest::ContentTypeHeader, Wire::mediaType());
        for (const auto &[name, value] : TestNet::deviceHeaders("POST", target, dev.id, *dev.key, ++dev.counter, body))
            request.setRawHeader(name, value);
        auto started = std::make_shared<QElapsedTimer>();
        started->start();
        QNetworkReply *reply = nams[d % nams.size()]->post(request, body);
        ++inFlight;
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, d, started, n = entries.size()] {
            reply->deleteLater();
            --inFlight;
            latencies.push_back(double(started->nsecsElapsed()) / 1e6);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 200) {
                std::fprintf(stderr, "bench_evening: %s got %d: %s\n", qPrintable(devices[d].id), status,
                             reply->readAll().left(200).constData());
                failed = true;
                QCoreApplication::quit();
                return;
            }
            devices[d].sent += n;
            acknowledged += n;
            if (devices[d].sent < devices[d].entries.size()) {
                sendNext(d);
            } else if (++done == devices.size()) {
                QCoreApplication::quit();
                return;
            }
            while (inFlight < inFlightMax && !waiting.empty()) {
                const std::size_t next = waiting.front();
                waiting.pop_front();
                sendNext(next);
            }
        });
    };
    wall.start();
    while (inFlight < inFlightMax && !waiting.empty()) {
        const std::size_t next = waiting.front();
        waiting.pop_front();
        sendNext(next);
    }
    QCoreApplication::exec();
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    for (auto &c : centers) {
        c->terminate();
        c->waitForFinished(10'000);
    }
    if (failed || done != devices.size())
        return std::fprintf(stderr, "bench_evening: not every batch was acknowledged\n"), 1;

    // The same rows, bare: psql's \copy into a table shaped like journal_entries.
    auto center = openCenter(url.value());
    if (!center.ok())
        return 1;
    auto stored = center.value().db->scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries"));
    if (!stored.ok() || stored.value().toLongLong() != acknowledged)
        return std::fprintf(stderr, "bench_evening: the center holds another number of entries\n"), 1;
    auto copied = pg.copyFloorSeconds(QStringLiteral("evening"), *center.value().db, dir.path());
    if (!copied.ok())
        return std::fprintf(stderr, "%s\n", qPrintable(copied.error().message)), 1;
    const double copySeconds = copied.value();

    if (qEnvironmentVariableIsSet("DOORSTEP_BENCH_PGSTAT")) {
        (void)center.value().db->exec(QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"));
        auto top = center.value().db->exec(
            QStringLiteral("SELECT round(total_exec_time::numeric, 0), round(total_plan_time::numeric, 0), calls, "
                           "left(regexp_replace(query, '\\s+', ' ', 'g'), 150) FROM pg_stat_statements ORDER BY "
                           "total_exec_time DESC LIMIT 25"));
        if (!top.ok())
            return std::fprintf(stderr, "%s\n", qPrintable(top.error().message)), 1;
        for (QSqlQuery q = std::move(top).value(); q.next();) {
            std::fprintf(stderr, "PGSTAT %s ms exec, %s ms plan, %s calls: %s\n", qPrintable(q.value(0).toString()),
                         qPrintable(q.value(1).toString()), qPrintable(q.value(2).toString()),
                         qPrintable(q.value(3).toString()));
        }
    }
    std::sort(latencies.begin(), latencies.end());
    const double p99 = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
    std::printf("BENCH evening_sync_devices_s %.2f s\n", seconds);
    std::printf("BENCH evening_sync_entries_per_s %.0f entries/s\n", double(acknowledged) / seconds);
    std::printf("BENCH evening_sync_batch_p99_ms %.1f ms\n", p99);
    std::printf("BENCH evening_copy_floor_s %.2f s\n", copySeconds);
    std::fflush(stdout);
    std::fprintf(stderr,
                 "bench_evening: %lld entries from %d devices in %.2f s (%zu batches); target 400,000 in 60 s\n",
                 static_cast<long long>(acknowledged), deviceCount, seconds, latencies.size());
    return 0;
}
