#include "auditverifier.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QThread>

#include <atomic>
#include <cstring>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "auditexport.h"
#include "devicekeylist.h"
#include "journalverifier.h"
#include "merkletree.h"

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(AuditVerifier)
};

using namespace AuditExport;
using Findings = QList<AuditFinding>;

constexpr qint64 MaxSmallFile = 64LL * 1024 * 1024;

void add(Findings &f, const char *rule, const QString &file, const QString &message, const QString &device = {},
         qint64 seq = 0)
{
    f.append(AuditFinding{QString::fromLatin1(rule), file, device, seq, message});
}

// A file of the export, read whole; nothing when it is not there, not a plain file or too large.
std::optional<QByteArray> readFile(const QDir &dir, const QString &name, qint64 limit = MaxSmallFile)
{
    const QFileInfo info(dir.filePath(name));
    if (!info.isFile() || info.isSymLink() || info.size() > limit)
        return std::nullopt;
    QFile file(info.filePath());
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.readAll();
}

std::optional<QByteArray> sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return std::nullopt;
    return hash.result();
}

// ---- One terminal's journal.

struct DeviceCheck
{
    std::vector<std::optional<JournalEntry>> entries; ///< decoded, in file order
    std::vector<QByteArray> leafHashes;               ///< of each entry's bytes, in file order
    std::vector<char> passed;                         ///< the entry passed every check of its own
    Findings findings;
    qint64 signatures = 0;
};

// Checks entries [begin, end) of a journal: decoding, canonical bytes, and a JournalVerifier for
// seq, link, hash and every signature. After a problem the verifier starts again at the next
// entry, trusting that entry's own seq and link, so one removed or edited entry is one finding.
void checkChunk(const DeviceKeyList::Entry &device, const QList<QByteArray> &raw, qsizetype begin, qsizetype end,
                DeviceCheck &out, Findings &findings, qint64 &signatures)
{
    const QString file = journalFile(device.deviceId);
    std::unique_ptr<JournalVerifier> verifier;
    for (qsizetype i = begin; i < end; ++i) {
        out.leafHashes[std::size_t(i)] = MerkleTree::leafHash(raw.at(i));
        // The decoder refuses any bytes but the entry's one canonical encoding (journal.not-canonical).
        auto decoded = JournalEntry::fromCbor(raw.at(i));
        if (!decoded.ok()) {
            const QString code = decoded.error().code;
            add(findings,
                code.startsWith(QLatin1String("journal.")) ? code.toLatin1().constData() : "journal.unreadable", file,
                Tr::tr("Entry %1 of the file cannot be read: %2").arg(i + 1).arg(decoded.error().message),
                device.deviceId, i + 1);
            verifier.reset();
            continue;
        }
        const JournalEntry &e = decoded.value();
        // Signed or not, a body that is not its kind's record is not an entry any terminal writes.
        const Status record = checkRecord(e.kind, e.body);
        if (!record.ok())
            add(findings, "journal.bad-record", file,
                Tr::tr("Entry %1's record cannot be read: %2").arg(e.seq).arg(record.error().message), device.deviceId,
                e.seq);
        if (device.revokedMs && e.timeMs >= *device.revokedMs)
            add(findings, "journal.after-revocation", file,
                Tr::tr("Entry %1 is dated after the terminal's key was revoked.").arg(e.seq), device.deviceId, e.seq);
        if (!verifier) {
            // The journal's very first entry must be seq 1 after 32 zero bytes.
            const bool first = i == 0;
            verifier = std::make_unique<JournalVerifier>(device.deviceId, device.publicKey, first ? 1 : e.seq,
                                                         first ? QByteArray(32, '\0') : e.prevHash);
        }
        // fromCbor() accepted only the canonical bytes: the hash is taken from them as they are,
        // not from a second encoding of the decoded entry.
        if (verifier->add(e, storedEntryHash(raw.at(i)))) {
            ++signatures;
            out.passed[std::size_t(i)] = record.ok() ? 1 : 0;
        } else {
            const VerifyReport &r = verifier->report();
            if (r.problem.code == QLatin1String("verify.bad-signature"))
                ++signatures;
            add(findings, r.problem.code.toLatin1().constData(), file, r.problem.message, device.deviceId,
                r.firstBadSeq);
            verifier.reset();
        }
        out.entries[std::size_t(i)] = std::move(decoded).value();
    }
}

DeviceCheck checkDevice(const DeviceKeyList::Entry &device, const QList<QByteArray> &raw, int threads)
{
    DeviceCheck out;
    out.entries.resize(std::size_t(raw.size()));
    out.leafHashes.resize(std::size_t(raw.size()));
    out.passed.resize(std::size_t(raw.size()), 0);
    const qsizetype chunk = std::max<qsizetype>(512, raw.size() / (qsizetype(threads) * 8) + 1);
    const qsizetype chunks = (raw.size() + chunk - 1) / chunk;
    std::vector<Findings> chunkFindings(static_cast<std::size_t>(chunks));
    std::vector<qint64> chunkSignatures(std::size_t(chunks), 0);
    std::atomic<qsizetype> next{0};
    const auto work = [&] {
        for (qsizetype c = next++; c < chunks; c = next++)
            checkChunk(device, raw, c * chunk, std::min(raw.size(), (c + 1) * chunk), out,
                       chunkFindings[std::size_t(c)], chunkSignatures[std::size_t(c)]);
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::min<qsizetype>(threads, chunks); ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &t : pool)
        t.join();
    const QString file = journalFile(device.deviceId);
    for (qsizetype c = 0; c < chunks; ++c) {
        out.findings += chunkFindings[std::size_t(c)];
        out.signatures += chunkSignatures[std::size_t(c)];
        // Where two chunks meet, the seq and the link the chunks' own verifiers took on trust.
        const qsizetype at = c * chunk;
        if (c == 0 || !out.entries[std::size_t(at - 1)] || !out.entries[std::size_t(at)])
            continue;
        // Named as JournalVerifier names them, so the findings do not depend on the thread count.
        const JournalEntry &before = *out.entries[std::size_t(at - 1)];
        const JournalEntry &e = *out.entries[std::size_t(at)];
        const char *rule = e.seq <= before.seq         ? "verify.duplicate-seq"
                           : e.seq != before.seq + 1   ? "verify.gap"
                           : e.prevHash != before.hash ? "verify.broken-chain"
                                                       : nullptr;
        if (!rule)
            continue;
        out.passed[std::size_t(at)] = 0;
        add(out.findings, rule, file,
            Tr::tr("Entry %1 does not follow entry %2 in the chain.").arg(e.seq).arg(before.seq), device.deviceId,
            std::strcmp(rule, "verify.gap") == 0 ? before.seq + 1 : e.seq);
    }
    return out;
}

// The first line where two texts differ (1-based), or 0 when they are equal.
qsizetype firstDifferentLine(const QByteArray &a, const QByteArray &b)
{
    if (a == b)
        return 0;
    const QList<QByteArray> la = a.split('\n');
    const QList<QByteArray> lb = b.split('\n');
    for (qsizetype i = 0; i < std::max(la.size(), lb.size()); ++i) {
        if (i >= la.size() || i >= lb.size() || la.at(i) != lb.at(i))
            return i + 1;
    }
    return 1;
}

} // namespace

AuditVerifier::Report AuditVerifier::verify(const QString &path, const Options &options)
{
    Report r;
    Findings &f = r.findings;
    const QDir dir(path);
    if (!QFileInfo(path).isDir()) {
        add(f, "export.missing", path, Tr::tr("%1 is not a folder.").arg(path));
        return r;
    }
    const int threads = options.threads > 0 ? options.threads : std::max(1, QThread::idealThreadCount());

    // ---- What this is, and whose key vouches for it.
    std::optional<Header> header;
    if (const auto text = readFile(dir, HeaderFile)) {
        auto parsed = Header::fromText(*text);
        if (parsed.ok())
            header = parsed.value();
        else
            add(f, "export.header", HeaderFile, parsed.error().message);
    } else {
        add(f, "export.header", HeaderFile, Tr::tr("export.txt is missing or unreadable."));
    }
    r.centerKeyGiven = options.centerKey.has_value();
    r.centerKey = options.centerKey ? *options.centerKey : header ? header->centerKey : QByteArray();
    if (options.centerKey && header && header->centerKey != *options.centerKey)
        add(f, "export.center-key", HeaderFile,
            Tr::tr("The export names a center key other than the one given: it was not signed by that center."));

    // ---- The manifest: signed, complete, every file as listed and nothing else.
    std::map<QString, QByteArray> manifest;
    const auto manifestBytes = readFile(dir, ManifestFile);
    const auto signature = readFile(dir, ManifestSignatureFile, 1024);
    const auto sig = signature
                         ? QByteArray::fromBase64Encoding(signature->trimmed(), QByteArray::AbortOnBase64DecodingErrors)
                         : QByteArray::FromBase64Result{};
    if (!manifestBytes || !signature || !sig || !DeviceKey::verify(r.centerKey, *manifestBytes, sig.decoded))
        add(f, "manifest.signature", ManifestSignatureFile,
            Tr::tr("MANIFEST.sha256 is missing, or not signed by the center key."));
    if (manifestBytes) {
        auto parsed = manifestFromText(*manifestBytes);
        if (parsed.ok())
            manifest = std::move(parsed).value();
        else
            add(f, "manifest.malformed", ManifestFile, parsed.error().message);
    }
    QSet<QString> present;
    QDirIterator it(path, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString rel = dir.relativeFilePath(file);
        if (rel == ManifestFile || rel == ManifestSignatureFile)
            continue;
        present.insert(rel);
        const QFileInfo info(file);
        if (!info.isFile() || info.isSymLink()) { // a link, a FIFO, a device: never opened
            add(f, "export.not-a-file", rel, Tr::tr("%1 is not a plain file.").arg(rel));
            continue;
        }
        const auto listed = manifest.find(rel);
        if (listed == manifest.end()) {
            add(f, "manifest.extra-file", rel, Tr::tr("%1 is in the export but not in its manifest.").arg(rel));
            continue;
        }
        if (sha256Of(file) != listed->second)
            add(f, "manifest.hash-mismatch", rel, Tr::tr("%1 is not the file the manifest lists.").arg(rel));
    }
    for (const auto &[rel, hash] : manifest) {
        if (!present.contains(rel))
            add(f, "manifest.missing-file", rel, Tr::tr("%1 is in the manifest but not in the export.").arg(rel));
    }

    // ---- The terminals and their journals.
    DeviceKeyList keys;
    if (const auto text = readFile(dir, DevicesFile)) {
        auto parsed = DeviceKeyList::fromText(*text);
        if (parsed.ok())
            keys = parsed.value();
        else
            add(f, "devices.malformed", DevicesFile, parsed.error().message);
    } else {
        add(f, "devices.malformed", DevicesFile, Tr::tr("devices.tsv is missing or unreadable."));
    }
    QSet<QString> known;
    for (const auto &k : keys.entries)
        known.insert(k.deviceId);
    for (const QString &rel : std::as_const(present)) {
        if (rel.startsWith(QLatin1String("journals/")) &&
            !(rel.endsWith(QLatin1String(".cbor")) && known.contains(rel.mid(9, rel.size() - 14))))
            add(f, "journal.unknown-device", rel,
                Tr::tr("%1 is not the journal of a terminal in devices.tsv.").arg(rel));
    }

    AuditViews views(header ? header->fromMs : 0, header ? header->toMs : 0);
    views.setCenterKey(r.centerKey); // the times it signed at each sync bound every entry's time
    QStringList unfolded;
    QHash<QString, QHash<qint64, QByteArray>> leavesByDevice; // device → seq → leaf hash
    std::future<void> fold;
    for (const DeviceKeyList::Entry &device : keys.entries) {
        const QString file = journalFile(device.deviceId);
        if (!isSafeDeviceId(device.deviceId)) {
            add(f, "devices.malformed", DevicesFile,
                Tr::tr("Device id \"%1\" is not one a file name can carry.").arg(device.deviceId), device.deviceId);
            continue;
        }
        if (!QFileInfo::exists(dir.filePath(file)))
            continue;
        ++r.devices;
        const auto bytes = readFile(dir, file, std::numeric_limits<qint64>::max());
        auto raw = bytes ? splitEntries(*bytes) : Result<QList<QByteArray>>(Error{});
        if (!raw.ok()) {
            add(f, "journal.framing", file, bytes ? raw.error().message : Tr::tr("%1 cannot be read.").arg(file),
                device.deviceId);
            continue;
        }
        auto check = std::make_shared<DeviceCheck>(checkDevice(device, raw.value(), threads));
        f += check->findings;
        r.signaturesChecked += check->signatures;
        r.entries += raw.value().size();
        // The views fold the journal up to its first problem: past it, nothing is vouched for.
        // One terminal's fold runs while the next one's signatures are checked (it is serial:
        // the views are in entry order); only the fold touches views, leaves and unfolded.
        if (fold.valid())
            fold.get();
        fold = std::async(std::launch::async, [&views, &leavesByDevice, &unfolded, check, id = device.deviceId] {
            QHash<qint64, QByteArray> &leaves = leavesByDevice[id];
            views.beginDevice(id);
            bool folding = true;
            leaves.reserve(qsizetype(check->entries.size()));
            for (std::size_t i = 0; i < check->entries.size(); ++i) {
                if (!check->entries[i])
                    continue;
                const JournalEntry &e = *check->entries[i];
                folding = folding && check->passed[i] && views.add(e);
                leaves.insert(e.seq, check->leafHashes[i]); // a seq twice is found above
            }
            views.endDevice();
            if (!folding)
                unfolded << id;
        });
    }
    if (fold.valid())
        fold.get();
    f += views.findings();

    // ---- The views, regenerated from the journals. A journal with a problem cannot vouch for
    // any view: one finding says so rather than one per file.
    if (!unfolded.isEmpty())
        add(f, "csv.unchecked", QStringLiteral("views"),
            Tr::tr("The views were not compared: the journals of %1 have problems named above.")
                .arg(unfolded.join(QStringLiteral(", "))));
    else if (header) {
        for (const auto &[name, expected] : views.files()) {
            const QFileInfo info(dir.filePath(name));
            const auto actual = readFile(dir, name, expected.size() + 1); // larger is different anyway
            if (!info.exists())
                add(f, "csv.missing", name, Tr::tr("%1 is missing.").arg(name));
            else if (!actual)
                add(f, "csv.mismatch", name, Tr::tr("%1 is not what the signed entries say.").arg(name));
            else if (const qsizetype line = firstDifferentLine(*actual, expected))
                add(f, "csv.mismatch", name,
                    Tr::tr("%1 line %2 is not what the signed entries say.").arg(name).arg(line));
        }
    }

    // ---- The checkpoint: the log holds every stored entry once, in a tree the center signed.
    std::optional<QList<LogLeaf>> log;
    // A leaf line is a few dozen bytes: a log far larger than the journals is not read whole.
    if (const auto text = readFile(dir, LogFile, 128 * (r.entries + 1))) {
        auto parsed = logFromText(*text);
        if (parsed.ok())
            log = std::move(parsed).value();
        else
            add(f, "checkpoint.log", LogFile, parsed.error().message);
    } else {
        add(f, "checkpoint.log", LogFile, Tr::tr("The log is missing or unreadable."));
    }
    if (const auto text = readFile(dir, HeadFile)) {
        auto parsed = TreeHead::fromText(*text);
        if (parsed.ok())
            r.head = parsed.value();
        else
            add(f, "checkpoint.head", HeadFile, parsed.error().message);
    } else {
        add(f, "checkpoint.head", HeadFile, Tr::tr("The signed tree head is missing or unreadable."));
    }
    if (r.head && !r.head->verify(r.centerKey))
        add(f, "checkpoint.signature", HeadFile, Tr::tr("The tree head is not signed by the center key."));
    if (log && r.head) {
        QList<QByteArray> leafHashes;
        leafHashes.reserve(log->size());
        QHash<QString, QSet<qint64>> seen;
        qint64 problems = 0;
        for (const LogLeaf &leaf : std::as_const(*log)) {
            const auto device = leavesByDevice.constFind(leaf.deviceId);
            const bool held = device != leavesByDevice.cend() && device->contains(leaf.seq);
            QSet<qint64> &s = seen[leaf.deviceId];
            if (!held || s.contains(leaf.seq)) {
                if (++problems <= 100)
                    add(f, "checkpoint.log", LogFile,
                        held ? Tr::tr("The log lists entry %1 of %2 twice.").arg(leaf.seq).arg(leaf.deviceId)
                             : Tr::tr("The log lists entry %1 of %2, which the journals do not hold.")
                                   .arg(leaf.seq)
                                   .arg(leaf.deviceId),
                        leaf.deviceId, leaf.seq);
                leafHashes.append(QByteArray(32, '\0'));
                continue;
            }
            s.insert(leaf.seq);
            leafHashes.append(device->value(leaf.seq));
        }
        for (auto d = leavesByDevice.cbegin(); d != leavesByDevice.cend(); ++d) {
            const QSet<qint64> s = seen.value(d.key());
            QList<qint64> missing;
            for (auto l = d->cbegin(); l != d->cend(); ++l) {
                if (!s.contains(l.key()))
                    missing.append(l.key());
            }
            std::sort(missing.begin(), missing.end());
            for (const qint64 seq : std::as_const(missing)) {
                if (++problems <= 100)
                    add(f, "checkpoint.log", LogFile,
                        Tr::tr("Entry %1 of %2 is in its journal but not in the center's log.").arg(seq).arg(d.key()),
                        d.key(), seq);
            }
        }
        if (r.head->size != leafHashes.size())
            add(f, "checkpoint.size", HeadFile,
                Tr::tr("The tree head covers %1 entries; the log lists %2.").arg(r.head->size).arg(leafHashes.size()));
        else if (MerkleTree::rootHash(leafHashes) != r.head->root)
            add(f, "checkpoint.root", HeadFile, Tr::tr("The log's Merkle root is not the one the tree head signs."));

        // A tree head the auditor kept from an earlier export: this log must begin with it.
        if (options.previousHead) {
            const TreeHead &kept = *options.previousHead;
            if (!kept.verify(r.centerKey))
                add(f, "checkpoint.kept-head", HeadFile,
                    Tr::tr("The tree head given is not signed by the center key."));
            else if (kept.size > leafHashes.size() || MerkleTree::rootHash(leafHashes, kept.size) != kept.root)
                add(f, "checkpoint.kept-head", LogFile,
                    Tr::tr("The log does not begin with the %1 entries of the tree head given: the center's earlier "
                           "log was changed.")
                        .arg(kept.size));
        }
        // The previous checkpoint: this tree must extend it.
        if (QFileInfo::exists(dir.filePath(PreviousHeadFile))) {
            const auto text = readFile(dir, PreviousHeadFile);
            auto previous = text ? TreeHead::fromText(*text) : Result<TreeHead>(Error{});
            if (!previous.ok()) {
                add(f, "checkpoint.previous", PreviousHeadFile, Tr::tr("The previous tree head cannot be read."));
            } else if (!previous.value().verify(r.centerKey)) {
                add(f, "checkpoint.previous", PreviousHeadFile,
                    Tr::tr("The previous tree head is not signed by the center key."));
            } else {
                QList<QByteArray> proof;
                bool readable = true;
                const auto lines = readFile(dir, ConsistencyFile).value_or(QByteArray()).split('\n');
                for (const QByteArray &line : lines) {
                    if (line.isEmpty())
                        continue;
                    const QByteArray h = QByteArray::fromHex(line);
                    readable = readable && line.size() == 64 && h.toHex() == line;
                    proof.append(h);
                }
                const TreeHead &p = previous.value();
                if (!readable || !MerkleTree::verifyConsistency(p.size, r.head->size, p.root, r.head->root, proof))
                    add(f, "checkpoint.consistency", ConsistencyFile,
                        Tr::tr("The tree does not provably extend the previous tree head of %1 entries.").arg(p.size));
                else if (p.size > leafHashes.size() || MerkleTree::rootHash(leafHashes, p.size) != p.root)
                    add(f, "checkpoint.consistency", LogFile,
                        Tr::tr("The log's first %1 entries are not the tree the previous head signed.").arg(p.size));
            }
        }
    }
    return r;
}
