// BENCH sync_1000_slow_link_s: seconds for SyncClient to move 1,000 payment entries to the
// center (asking head, uploading, commands) through a link shaped to 64 kbit/s with a 300 ms
// round trip (150 ms each way). Target <= 30 s (read off the BENCH line; the run never fails on
// time). Batches size themselves to the link.

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

#include "centerimport.h"
#include "centerserver.h"
#include "syncclient.h"
#include "synctestkit.h"
#include "testnet.h"

using namespace SyncTestKit;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // The optional first argument: fewer entries for a quick run (the name keeps the full run's).
    const int entries = argc > 1 ? qMax(1, QByteArray(argv[1]).toInt()) : 1000;
    QTemporaryDir dir;
    auto center = openCenter(QStringLiteral("sqlite:") + dir.path() + QStringLiteral("/center.db"));
    if (!center.ok())
        return std::fprintf(stderr, "%s\n", qPrintable(center.error().message)), 1;
    const Extract x = writeExtract(dir.path(), 1, entries);
    if (auto r = CenterImport(*center.value().store).run(x.accounts, x.bills, x.policy, x.collectors); !r.ok())
        return std::fprintf(stderr, "%s\n", qPrintable(r.error().message)), 1;
    QBuffer log;
    log.open(QIODevice::WriteOnly);
    CenterServerConfig config;
    config.log = &log;
    CenterServer server(*center.value().db, config);
    if (!server.start().ok())
        return 1;

    auto device = enrolDevice(*center.value().store, dir.path(), QStringLiteral("hh-bench"), QStringLiteral("R1"));
    if (!device.ok())
        return 1;
    // Typical payments: cash and card, a few with change, a few overpaying to prepaid.
    qint64 time = dayStart();
    for (int i = 0; i < entries; ++i) {
        time += 45'000 + (i * 7919) % 60'000;
        const PaymentRecord p =
            payment(1, i, i % 9 == 4 ? 500 : 0, i % 4 == 3 ? PaymentMethod::BankCard : PaymentMethod::Cash);
        auto e = device.value().journal->append(EntryKind::Payment, toCbor(p), time, QStringLiteral("C001"), 0);
        if (!e.ok())
            return 1;
    }

    FaultyProxy::Options shaping;
    shaping.bytesPerSecond = 64'000 / 8;
    shaping.oneWayDelayMs = 150;
    FaultyProxy proxy(server.port(), shaping);
    if (!proxy.listen())
        return 1;
    SyncClientConfig c;
    c.center = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()));
    c.deviceId = device.value().id;
    c.journalPath = device.value().journalPath;
    c.keyPath = device.value().keyPath;
    c.transferTimeoutMs = 60'000;
    SyncClient client(c);
    bool done = false;
    QObject::connect(&client, &SyncClient::synced, &app, [&](qint64 head) {
        if (head == entries) {
            done = true;
            app.quit();
        }
    });
    client.start();
    QElapsedTimer elapsed;
    elapsed.start();
    QTimer::singleShot(300'000, &app, &QCoreApplication::quit);
    app.exec();
    const double seconds = double(elapsed.nsecsElapsed()) / 1e9;
    if (!done) {
        std::fprintf(stderr, "sync did not finish: %s\n", qPrintable(client.status().lastError));
        return 1;
    }
    std::printf("BENCH sync_1000_slow_link_s %.1f s\n", seconds);
    std::fflush(stdout);
    // A benchmark reports; it does not judge the time (the target is read off the BENCH line).
    std::fprintf(stderr, "slow link: %d entries, %lld B up, %lld B down, %d connection(s), last batch size %d\n",
                 entries, static_cast<long long>(proxy.bytesUp), static_cast<long long>(proxy.bytesDown),
                 proxy.connections, client.status().batchSize);
    return 0;
}
