// BENCH wire_bytes_per_entry: bytes on the wire (TCP payload both ways: HTTP heads, the "where
// am I?" request, every batch and every reply, the commands request) per payment entry, for
// 1,000 payment entries synced by SyncClient in batches of 100 through a counting proxy.
// Target ≤ 150 B.
// BENCH wire_json_bytes_per_entry: the same 1,000 entries as plain JSON request bodies (every
// field, hashes and signature in base64), for comparison; no HTTP heads counted.

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

#include "centerimport.h"
#include "centerserver.h"
#include "syncclient.h"
#include "synctestkit.h"
#include "testnet.h"

using namespace SyncTestKit;

namespace {

QJsonObject toJson(const JournalEntry &e)
{
    return QJsonObject{{QStringLiteral("device"), e.deviceId},
                       {QStringLiteral("seq"), e.seq},
                       {QStringLiteral("kind"), entryKindKey(e.kind)},
                       {QStringLiteral("time_ms"), e.timeMs},
                       {QStringLiteral("collector"), e.collectorId},
                       {QStringLiteral("shift_seq"), e.shiftSeq},
                       {QStringLiteral("body"), e.body.toJsonObject()},
                       {QStringLiteral("prev_hash"), QString::fromLatin1(e.prevHash.toBase64())},
                       {QStringLiteral("hash"), QString::fromLatin1(e.hash.toBase64())},
                       {QStringLiteral("signature"), QString::fromLatin1(e.signature.toBase64())}};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int entries = 1000;
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
    QList<JournalEntry> written;
    for (int i = 0; i < entries; ++i) {
        time += 45'000 + (i * 7919) % 60'000;
        const PaymentRecord p =
            payment(1, i, i % 9 == 4 ? 500 : 0, i % 4 == 3 ? PaymentMethod::BankCard : PaymentMethod::Cash);
        auto e = device.value().journal->append(EntryKind::Payment, toCbor(p), time, QStringLiteral("C001"), 0);
        if (!e.ok())
            return 1;
        written.append(e.value());
    }

    FaultyProxy proxy(server.port(), {});
    if (!proxy.listen())
        return 1;
    SyncClientConfig c;
    c.center = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()));
    c.deviceId = device.value().id;
    c.journalPath = device.value().journalPath;
    c.keyPath = device.value().keyPath;
    c.initialBatch = 100;
    c.minBatch = 100;
    c.maxBatch = 100;
    SyncClient client(c);
    bool done = false;
    QObject::connect(&client, &SyncClient::synced, &app, [&](qint64 head) {
        if (head == entries) {
            done = true;
            app.quit();
        }
    });
    client.start();
    QElapsedTimer guard;
    guard.start();
    QTimer::singleShot(120'000, &app, &QCoreApplication::quit);
    app.exec();
    if (!done) {
        std::fprintf(stderr, "sync did not finish: %s\n", qPrintable(client.status().lastError));
        return 1;
    }
    const double perEntry = double(proxy.bytesUp + proxy.bytesDown) / entries;

    qint64 jsonBytes = 0;
    for (qsizetype start = 0; start < written.size(); start += 100) {
        QJsonArray batch;
        for (qsizetype i = start; i < qMin(written.size(), start + 100); ++i)
            batch.append(toJson(written.at(i)));
        jsonBytes +=
            QJsonDocument(QJsonObject{{QStringLiteral("entries"), batch}}).toJson(QJsonDocument::Compact).size();
    }
    const double jsonPerEntry = double(jsonBytes) / entries;

    std::printf("BENCH wire_bytes_per_entry %.1f B\n", perEntry);
    std::printf("BENCH wire_json_bytes_per_entry %.1f B\n", jsonPerEntry);
    std::fflush(stdout);
    std::fprintf(stderr, "wire: %lld B up, %lld B down in %d connection(s); target <= 150 B per entry: %s\n",
                 static_cast<long long>(proxy.bytesUp), static_cast<long long>(proxy.bytesDown), proxy.connections,
                 perEntry <= 150.0 ? "met" : "MISSED");
    return perEntry <= 150.0 ? 0 : 1;
}
