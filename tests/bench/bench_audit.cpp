// BENCH audit_verify_entries_per_s: `doorstep-audit verify` on an export of N entries (default
// 1,000,000, from 100 terminals), every signature checked, on every core; the target is 15,000/s.
// BENCH audit_verify_floor_per_core_per_s: bare OpenSSL Ed25519 verifications per second on one
// core, in the same run: the floor the issue names.
// BENCH audit_verify_sodium_floor_per_core_per_s: bare libsodium Ed25519 verifications per second on
// one core, in the same run: the library the verifier uses, so the floor its per-core rate meets.
// Usage: bench_audit [entries]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <sodium.h>

#include <openssl/evp.h>

#include "auditfixture.h"
#include "auditverifier.h"
#include "benchsupport.h"

namespace {

// Writes an export of about `entries` entries, terminal by terminal, keeping one in memory at a time.
bool writeExport(const QString &dir, qint64 entries, int terminals)
{
    using namespace AuditFixture;
    const DeviceKey centerKey = DeviceKey::generate();
    AuditExport::Writer writer(dir);
    if (!writer.begin().ok())
        return false;
    const qint64 from = Day - 8 * 3600000;
    const qint64 to = from + 400LL * 86400000;
    AuditViews views(from, to);
    DeviceKeyList devices;
    QList<AuditExport::LogLeaf> log;
    QList<QByteArray> leaves;
    const qint64 perTerminal = std::max<qint64>(1, entries / terminals);
    for (int i = 0; i < terminals; ++i) {
        Terminal t{QStringLiteral("T%1").arg(i, 4, 10, QLatin1Char('0'))};
        for (int d = 0; t.entries.size() < perTerminal; ++d)
            t.day(Day + qint64(d) * 86400000, 40);
        devices.entries.append({t.id, t.key->publicKey(), from, std::nullopt});
        views.beginDevice(t.id);
        for (const JournalEntry &e : std::as_const(t.entries)) {
            const QByteArray bytes = e.toCbor();
            views.add(e);
            if (!writer.appendEntry(t.id, bytes).ok())
                return false;
            log.append({t.id, e.seq});
            leaves.append(MerkleTree::leafHash(bytes));
        }
        views.endDevice();
    }
    const TreeHead head = TreeHead::sign(leaves.size(), MerkleTree::rootHash(leaves), to, centerKey);
    const AuditExport::Header header{
        QDate(2026, 12, 5), QDate(2028, 1, 8), from, to, QStringLiteral("Asia/Shanghai"), to, centerKey.publicKey()};
    for (const auto &[name, bytes] : views.files()) {
        if (!writer.write(name, bytes).ok())
            return false;
    }
    return writer.write(QString(AuditExport::HeaderFile), header.toText()).ok() &&
           writer.write(QString(AuditExport::DevicesFile), devices.toText()).ok() &&
           writer.write(QString(AuditExport::LogFile), AuditExport::logToText(log)).ok() &&
           writer.write(QString(AuditExport::HeadFile), head.toText()).ok() && writer.finish(centerKey).ok();
}

// Bare OpenSSL: one key, one message, verified over and over on this thread.
double opensslVerifiesPerSecond(int count)
{
    const DeviceKey key = DeviceKey::generate();
    const QByteArray message(32, 'h');
    const QByteArray signature = key.sign(message);
    const QByteArray raw = key.publicKey();
    EVP_PKEY *pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                 reinterpret_cast<const unsigned char *>(raw.constData()), 32);
    QElapsedTimer timer;
    timer.start();
    int good = 0;
    for (int i = 0; i < count; ++i) {
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        if (EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(signature.constData()), 64,
                             reinterpret_cast<const unsigned char *>(message.constData()), 32) == 1)
            ++good;
        EVP_MD_CTX_free(ctx);
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    EVP_PKEY_free(pkey);
    return good == count ? count / seconds : 0;
}

// Bare libsodium, the same way.
double sodiumVerifiesPerSecond(int count)
{
    if (sodium_init() < 0)
        return 0;
    const DeviceKey key = DeviceKey::generate();
    const QByteArray message(32, 'h');
    const QByteArray signature = key.sign(message);
    const QByteArray raw = key.publicKey();
    const auto *sig = reinterpret_cast<const unsigned char *>(signature.constData());
    const auto *msg = reinterpret_cast<const unsigned char *>(message.constData());
    const auto *pk = reinterpret_cast<const unsigned char *>(raw.constData());
    QElapsedTimer timer;
    timer.start();
    int good = 0;
    for (int i = 0; i < count; ++i)
        good += crypto_sign_verify_detached(sig, msg, 32, pk) == 0 ? 1 : 0;
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    return good == count ? count / seconds : 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const qint64 entries = bench::accountsArgument(1'000'000);
    const int terminals = int(std::clamp<qint64>(entries / 10'000, 1, 100));
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("export"));
    QTextStream(stderr) << "bench_audit: writing an export of " << entries << " entries from " << terminals
                        << " terminals\n";
    if (!writeExport(dir, entries, terminals)) {
        QTextStream(stderr) << "bench_audit: the export could not be written\n";
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    const auto report = AuditVerifier::verify(dir, {});
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (!report.clean() || report.signaturesChecked != report.entries) {
        QTextStream(stderr) << "bench_audit: the export did not verify clean (" << report.findings.size()
                            << " findings)\n";
        return 1;
    }
    QTextStream(stderr) << "bench_audit: " << report.entries << " entries, " << report.signaturesChecked
                        << " signatures in " << seconds << " s on " << QThread::idealThreadCount() << " cores\n";
    bench::report("audit_verify_entries_per_s", double(report.entries) / seconds, "entries/s");
    bench::report("audit_verify_floor_per_core_per_s", opensslVerifiesPerSecond(20000), "verifies/s");
    bench::report("audit_verify_sodium_floor_per_core_per_s", sodiumVerifiesPerSecond(20000), "verifies/s");
    return 0;
}
