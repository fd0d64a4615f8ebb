// Journal benchmarks: durable payment append against the storage floor (a bare fsync'd SQLite
// insert of a same-size row in the same directory, same settings), and full-journal verification.
// Usage: bench_journal [appends] [entries-to-verify]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <sqlite3.h>

#include "journal.h"
#include "journalverifier.h"

namespace {

PaymentRecord samplePayment(qint64 i)
{
    PaymentRecord p;
    p.accountNumber = QStringLiteral("31%1").arg(i % 100000000, 8, 10, QLatin1Char('0'));
    p.amount = Money::fromFen(12345);
    p.tendered = Money::fromFen(20000);
    p.change = p.tendered - p.amount;
    for (int b = 0; b < 3; ++b) {
        p.allocation.append({QStringLiteral("B%1-%2").arg(i).arg(b), QStringLiteral("2026-0%1").arg(b + 1),
                             AllocationLine::Part::Penalty, Money::fromFen(100 + b)});
        p.allocation.append({QStringLiteral("B%1-%2").arg(i).arg(b), QStringLiteral("2026-0%1").arg(b + 1),
                             AllocationLine::Part::Principal, Money::fromFen(4000 + b)});
    }
    p.worklistVersion = 42;
    return p;
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

void bench(const char *name, double value, const char *unit)
{
    std::printf("BENCH %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int appends = argc > 1 ? QByteArray(argv[1]).toInt() : 1000;
    const int verifyEntries = argc > 2 ? QByteArray(argv[2]).toInt() : 20000;
    QTemporaryDir dir(QDir::currentPath() + QStringLiteral("/bench-journal-XXXXXX")); // on the real disk, not tmpfs
    const DeviceKey key = DeviceKey::generate();

    // Durable appends, interleaved with the floor so that both see the same disk weather.
    Journal journal(dir.filePath(QStringLiteral("journal.sqlite")), QStringLiteral("D01"), key);
    if (!journal.open().ok())
        return 1;
    sqlite3 *floorDb = nullptr;
    sqlite3_open(QFile::encodeName(dir.filePath(QStringLiteral("floor.sqlite"))).constData(), &floorDb);
    sqlite3_exec(
        floorDb,
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
        " CREATE TABLE t(seq INTEGER PRIMARY KEY, kind INTEGER, time_ms INTEGER, collector TEXT, shift_seq INTEGER,"
        " account TEXT, method INTEGER, amount INTEGER, penalty INTEGER, prepaid INTEGER, ref_seq INTEGER,"
        " outcome INTEGER, entry BLOB, hash BLOB)",
        nullptr, nullptr, nullptr);
    sqlite3_stmt *floorInsert = nullptr;
    sqlite3_prepare_v2(floorDb, "INSERT INTO t VALUES (?1, 2, ?2, 'C01', 1, ?3, 1, 12345, 303, 0, 0, 0, ?4, ?5)", -1,
                       &floorInsert, nullptr);
    std::vector<double> ours, floor;
    QElapsedTimer t;
    for (int i = 0; i < appends; ++i) {
        const QCborMap body = toCbor(samplePayment(i));
        t.start();
        const auto r = journal.append(EntryKind::Payment, body, 1790000000000 + i, QStringLiteral("C01"), 1);
        ours.push_back(double(t.nsecsElapsed()) / 1e6);
        if (!r.ok())
            return 2;
        // The floor stores a row of the same size: the entry bytes and hash just made.
        const QByteArray blob = r->toCbor();
        const QByteArray account = r->body.value(0).toString().toUtf8();
        t.start();
        sqlite3_bind_int64(floorInsert, 1, i + 1);
        sqlite3_bind_int64(floorInsert, 2, 1790000000000 + i);
        sqlite3_bind_text(floorInsert, 3, account.constData(), int(account.size()), SQLITE_STATIC);
        sqlite3_bind_blob(floorInsert, 4, blob.constData(), int(blob.size()), SQLITE_STATIC);
        sqlite3_bind_blob(floorInsert, 5, r->hash.constData(), 32, SQLITE_STATIC);
        if (sqlite3_step(floorInsert) != SQLITE_DONE)
            return 3;
        sqlite3_reset(floorInsert);
        floor.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    sqlite3_finalize(floorInsert);
    sqlite3_close(floorDb);
    bench("append_median_ms", percentile(ours, 0.5), "ms");
    bench("append_p99_ms", percentile(ours, 0.99), "ms");
    bench("append_floor_median_ms", percentile(floor, 0.5), "ms");
    bench("append_floor_p99_ms", percentile(floor, 0.99), "ms");

    // Verification: a journal of verifyEntries entries (built without fsync to save time), walked whole.
    Journal::Options fast;
    fast.sync = Journal::Options::Sync::Normal;
    Journal big(dir.filePath(QStringLiteral("big.sqlite")), QStringLiteral("D01"), key, fast);
    if (!big.open().ok())
        return 4;
    for (int i = 0; i < verifyEntries; ++i)
        if (!big.append(EntryKind::Payment, toCbor(samplePayment(i)), 1790000000000 + i, QStringLiteral("C01"), 1).ok())
            return 5;
    // Bulk verification (what a full-journal scan and the center's ingest use): every seq, link
    // and hash, signatures on the chain heads. Then the audit mode, every signature, and beside
    // it the bare Ed25519 verification rate of this machine, which bounds that mode.
    t.start();
    VerifyReport report = verifyJournal(big, key.publicKey(), 0, JournalVerifier::Signatures::ChainHeads);
    double seconds = double(t.nsecsElapsed()) / 1e9;
    if (!report.ok || report.entriesChecked != verifyEntries)
        return 6;
    bench("verify_entries_per_s", double(verifyEntries) / seconds, "entries/s");
    t.start();
    report = verifyJournal(big, key.publicKey(), 0, JournalVerifier::Signatures::EveryEntry);
    seconds = double(t.nsecsElapsed()) / 1e9;
    if (!report.ok || report.entriesChecked != verifyEntries)
        return 7;
    bench("verify_every_signature_entries_per_s", double(verifyEntries) / seconds, "entries/s");
    const QByteArray message(32, 'h');
    const QByteArray signature = key.sign(message);
    const QByteArray publicKey = key.publicKey();
    const int rounds = std::max(1000, verifyEntries / 4);
    t.start();
    for (int i = 0; i < rounds; ++i)
        if (!DeviceKey::verify(publicKey, message, signature))
            return 8;
    bench("ed25519_verify_floor_per_s", double(rounds) / (double(t.nsecsElapsed()) / 1e9), "verifications/s");
    return 0;
}
