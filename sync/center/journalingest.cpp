#include "journalingest.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QThread>

#include <map>
#include <thread>
#include <vector>

#include "centerledger.h"
#include "journalackfile.h"
#include "journalarchive.h"
#include "journalexportfile.h"
#include "journalverifier.h"

namespace {

// One translation context for the whole file, including free functions and helper types, in a
// form lupdate understands.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(JournalIngest)
};

WireProtocol::Refusal refusal(const char *code, const QString &message, qint64 seq)
{
    return WireProtocol::Refusal{QString::fromLatin1(code), message, seq};
}

/// The verifier's finding as a refusal the device shows: its words, our reason code.
WireProtocol::Refusal refusalFrom(const VerifyReport &report)
{
    const QString &code = report.problem.code;
    const char *reason = WireProtocol::Reason::BadSignature; // hash-mismatch, bad-signature, unreadable
    if (code == QLatin1String("verify.gap"))
        reason = WireProtocol::Reason::Gap;
    else if (code == QLatin1String("verify.broken-chain"))
        reason = WireProtocol::Reason::BrokenChain;
    else if (code == QLatin1String("verify.duplicate-seq"))
        reason = WireProtocol::Reason::OutOfOrder;
    else if (code == QLatin1String("verify.wrong-device"))
        reason = WireProtocol::Reason::WrongDevice;
    return WireProtocol::Refusal{QString::fromLatin1(reason), report.problem.message, report.firstBadSeq};
}

/**
 * Runs core's JournalVerifier — the one the device runs on its own journal — over
 * entries[from..], continuing the chain at (startSeq, prevHash). EveryEntry work is split into
 * chunks on several threads: each chunk's verifier starts from the hash its first entry claims
 * to follow, and the chunk before checks that hash against its content, so the chain is checked
 * across every boundary. The report is that of the first chunk that failed.
 */
VerifyReport verifyEntries(const QString &deviceId, const QByteArray &publicKey, const QList<JournalEntry> &entries,
                           qsizetype from, qint64 startSeq, const QByteArray &prevHash,
                           JournalVerifier::Signatures mode, int parallelThreshold)
{
    const qsizetype n = entries.size() - from;
    const int threads = qBound(1, QThread::idealThreadCount(), 8);
    auto run = [&](qsizetype begin, qsizetype end, qint64 seq, const QByteArray &prev) {
        JournalVerifier verifier(deviceId, publicKey, seq, prev, mode);
        for (qsizetype i = begin; i < end; ++i) {
            if (!verifier.add(entries.at(i)))
                break;
        }
        verifier.finish();
        return verifier.report();
    };
    if (mode == JournalVerifier::Signatures::ChainHeads || parallelThreshold <= 0 || n < parallelThreshold ||
        threads == 1)
        return run(from, entries.size(), startSeq, prevHash);
    const qsizetype per = (n + threads - 1) / threads;
    std::vector<VerifyReport> reports(static_cast<size_t>(threads));
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        const qsizetype b = from + t * per;
        const qsizetype e = qMin(entries.size(), b + per);
        if (b >= e)
            break;
        const qint64 seq = t == 0 ? startSeq : entries.at(b - 1).seq + 1;
        const QByteArray prev = t == 0 ? prevHash : entries.at(b - 1).hash;
        pool.emplace_back([&reports, &run, t, b, e, seq, prev] { reports[size_t(t)] = run(b, e, seq, prev); });
    }
    for (auto &th : pool)
        th.join();
    VerifyReport total;
    for (size_t t = 0; t < pool.size(); ++t) {
        total.entriesChecked += reports[t].entriesChecked;
        if (!reports[t].ok) {
            total.ok = false;
            total.firstBadSeq = reports[t].firstBadSeq;
            total.problem = reports[t].problem;
            total.lastSeq = reports[t].lastSeq;
            total.lastHash = reports[t].lastHash;
            return total;
        }
        total.lastSeq = reports[t].lastSeq;
        total.lastHash = reports[t].lastHash;
    }
    return total;
}

/// What the part of a batch the center already holds says: how many entries it acknowledges
/// again, and the refusal when one differs.
struct HeldPart
{
    qint64 duplicates = 0;
    std::optional<WireProtocol::Refusal> refusal;
};

/// Entry `e` (seq `seq`) differs from the one the center holds. Signed by the device, it is
/// equivocation: the device frozen, an exception "tampering" raised. Else it is a bad signature.
Result<WireProtocol::Refusal> differingEntry(const CenterDatabase &db, const QString &deviceId,
                                             const QByteArray &publicKey, const JournalEntry &e, qint64 seq,
                                             qint64 receivedMs)
{
    JournalVerifier single(deviceId, publicKey, seq, e.prevHash);
    if (!single.add(e))
        return refusal(
            WireProtocol::Reason::BadSignature,
            Tr::tr("Entry %1 differs from the one the center holds and its signature is not valid.").arg(seq), seq);
    // The device signed two different entries with one seq: equivocation.
    if (auto r = db.exec(QStringLiteral("UPDATE devices SET state = 'frozen', frozen_reason = ? WHERE id = ?"),
                         {QStringLiteral("two different entries signed for seq %1").arg(seq), deviceId});
        !r.ok())
        return r.error();
    if (auto r = db.exec(QStringLiteral("INSERT INTO exceptions (at_ms, kind, device_id, seq, account, "
                                        "amount_fen, detail) VALUES (?, 'tampering', ?, ?, '', 0, ?)"),
                         {receivedMs, deviceId, seq,
                          QStringLiteral("the device signed a second, different entry %1; device frozen").arg(seq)});
        !r.ok())
        return r.error();
    return refusal(WireProtocol::Reason::Equivocation,
                   Tr::tr("Entry %1 differs from the one the center already holds. The device is frozen; call the "
                          "supervisor.")
                       .arg(seq),
                   seq);
}

/// The part the center already holds (seq firstSeq up to its head): identical → acknowledged;
/// different → alarm.
Result<HeldPart> compareHeld(const CenterDatabase &db, const WireProtocol::JournalBatch &batch,
                             const CenterDevice &device, qint64 receivedMs)
{
    HeldPart held;
    const qint64 lastSeq = batch.firstSeq + batch.entries.size() - 1;
    const qint64 overlapEnd = qMin(lastSeq, device.headSeq);
    // Entries of a month archived at the center are acknowledged as held, not compared.
    auto archived = JournalArchive(db).ranges(batch.deviceId, batch.firstSeq, overlapEnd);
    if (!archived.ok())
        return archived.error();
    auto q = db.exec(QStringLiteral("SELECT seq, hash, entry FROM journal_entries WHERE device_id = ? AND seq >= ? "
                                    "AND seq <= ? ORDER BY seq"),
                     {batch.deviceId, batch.firstSeq, overlapEnd});
    if (!q.ok())
        return q.error();
    QSqlQuery rows = std::move(q).value();
    const auto skipArchived = [&](qint64 &expected, qint64 upTo) {
        for (const auto &[first, last] : std::as_const(archived.value())) {
            if (expected >= first && expected <= last) {
                const qint64 end = qMin(last, upTo);
                held.duplicates += end - expected + 1;
                expected = end + 1;
            }
        }
    };
    qint64 expected = batch.firstSeq;
    while (rows.next()) {
        const qint64 seq = rows.value(0).toLongLong();
        skipArchived(expected, seq - 1);
        const JournalEntry &e = batch.entries.at(seq - batch.firstSeq);
        if (seq != expected || rows.value(1).toByteArray() != e.hash || rows.value(2).toByteArray() != e.toCbor()) {
            rows.finish();
            auto refused = differingEntry(db, batch.deviceId, device.publicKey, e, seq, receivedMs);
            if (!refused.ok())
                return refused.error();
            held.refusal = refused.value();
            return held;
        }
        ++expected;
        ++held.duplicates;
    }
    skipArchived(expected, overlapEnd);
    if (expected != overlapEnd + 1)
        return Error{QStringLiteral("center.storage"),
                     Tr::tr("The center's journal of %1 has a hole below its head.").arg(batch.deviceId)};
    return held;
}

/**
 * Payments per shift and per day, stored and in this batch, against the caps: each shift's and
 * day's stored sum is read once, then this batch's payments are added as they are taken.
 */
class PaymentCaps
{
public:
    PaymentCaps(const CenterDatabase &db, const QString &deviceId, const IngestLimits &limits)
        : m_db(db)
        , m_deviceId(deviceId)
        , m_limits(limits)
    {
    }

    /// Counts payment `e`, or says which cap it would break.
    Result<std::optional<WireProtocol::Refusal>> add(const JournalEntry &e)
    {
        const qint64 fen = JournalFact::fromEntry(e).amount.fen();
        const qint64 day = e.timeMs >= 0 ? e.timeMs / DayMs : (e.timeMs + 1) / DayMs - 1;
        if (!m_shiftSums.count(e.shiftSeq)) {
            auto q = m_db.scalar(QStringLiteral("SELECT COALESCE(SUM(amount_fen), 0) FROM journal_entries WHERE "
                                                "device_id = ? AND kind = 2 AND shift_seq = ?"),
                                 {m_deviceId, e.shiftSeq});
            if (!q.ok())
                return q.error();
            m_shiftSums[e.shiftSeq] = q.value().toLongLong();
        }
        if (!m_daySums.count(day)) {
            auto q = storedOnDay(day);
            if (!q.ok())
                return q.error();
            m_daySums[day] = q.value();
        }
        qint64 &shift = m_shiftSums[e.shiftSeq];
        qint64 &inDay = m_daySums[day];
        if (fen > m_limits.shiftFen - qMin(shift, m_limits.shiftFen))
            return std::optional(over(e, Tr::tr("its shift"), m_limits.shiftFen));
        if (fen > m_limits.dayFen - qMin(inDay, m_limits.dayFen))
            return std::optional(over(e, Tr::tr("its day"), m_limits.dayFen));
        shift += fen;
        inDay += fen;
        return std::optional<WireProtocol::Refusal>();
    }

private:
    static constexpr qint64 DayMs = 24LL * 3600 * 1000;

    [[nodiscard]] Result<qint64> storedOnDay(qint64 day) const
    {
        // Bounds that cannot overflow: a day number from a time in range, clamped.
        const qint64 start =
            day > std::numeric_limits<qint64>::min() / DayMs + 1 ? day * DayMs : std::numeric_limits<qint64>::min();
        const qint64 end =
            start <= std::numeric_limits<qint64>::max() - DayMs ? start + DayMs : std::numeric_limits<qint64>::max();
        auto q = m_db.scalar(QStringLiteral("SELECT COALESCE(SUM(amount_fen), 0) FROM journal_entries WHERE "
                                            "device_id = ? AND kind = 2 AND time_ms >= ? AND time_ms < ?"),
                             {m_deviceId, start, end});
        if (!q.ok())
            return q.error();
        return q.value().toLongLong();
    }

    [[nodiscard]] static WireProtocol::Refusal over(const JournalEntry &e, const QString &what, qint64 cap)
    {
        return refusal(WireProtocol::Reason::ImplausibleAmount,
                       Tr::tr("Entry %1 would take the payments of %2 beyond %3, more than the center accepts.")
                           .arg(e.seq)
                           .arg(what, Money::fromFen(cap).toPlainString()),
                       e.seq);
    }

    const CenterDatabase &m_db;
    const QString &m_deviceId;
    const IngestLimits &m_limits;
    std::map<qint64, qint64> m_shiftSums; // shift seq → fen
    std::map<qint64, qint64> m_daySums;   // UTC day number → fen
};

/// The new part must continue the head exactly: seq head+1, and the head's hash as prevHash.
std::optional<WireProtocol::Refusal> checkContinues(const JournalEntry &first, const CenterDevice &device)
{
    if (first.seq != device.headSeq + 1)
        return refusal(WireProtocol::Reason::Gap,
                       Tr::tr("Entries %1 to %2 are missing: the center holds up to %3. The device resends from %1.")
                           .arg(device.headSeq + 1)
                           .arg(first.seq - 1)
                           .arg(device.headSeq),
                       first.seq);
    if (first.prevHash != device.headHash)
        return refusal(WireProtocol::Reason::BrokenChain,
                       Tr::tr("Entry %1 does not follow the entry %2 the center holds (broken chain).")
                           .arg(first.seq)
                           .arg(device.headSeq),
                       first.seq);
    return std::nullopt;
}

/// Stores the accepted entries with their derived fact columns (COPY on PostgreSQL), and an
/// exception when they come from a device a supervisor locked or wiped before it knew.
Status storeEntries(const CenterDatabase &db, const QString &deviceId, const QList<JournalEntry> &accepted,
                    qint64 lostDeviceSeq, qint64 receivedMs)
{
    QList<QVariantList> rows;
    rows.reserve(accepted.size());
    for (const JournalEntry &e : accepted) {
        const JournalFact f = JournalFact::fromEntry(e);
        rows.append({e.deviceId, e.seq, int(e.kind), e.timeMs, e.collectorId, e.shiftSeq, f.accountNumber, f.method,
                     f.amount.fen(), f.penalty.fen(), f.prepaid.fen(), f.refSeq, f.outcome, e.hash, e.toCbor(),
                     receivedMs});
    }
    if (auto st = db.copyRows(QStringLiteral("journal_entries"),
                              {QStringLiteral("device_id"), QStringLiteral("seq"), QStringLiteral("kind"),
                               QStringLiteral("time_ms"), QStringLiteral("collector_id"), QStringLiteral("shift_seq"),
                               QStringLiteral("account"), QStringLiteral("method"), QStringLiteral("amount_fen"),
                               QStringLiteral("penalty_fen"), QStringLiteral("prepaid_fen"), QStringLiteral("ref_seq"),
                               QStringLiteral("outcome"), QStringLiteral("hash"), QStringLiteral("entry"),
                               QStringLiteral("received_ms")},
                              rows);
        !st.ok())
        return st;
    if (lostDeviceSeq > 0) {
        if (auto r = db.exec(QStringLiteral("INSERT INTO exceptions (at_ms, kind, device_id, seq, account, amount_fen, "
                                            "detail) VALUES (?, 'device-reported-lost', ?, ?, '', 0, ?)"),
                             {receivedMs, deviceId, lostDeviceSeq,
                              QStringLiteral("entries from a device a supervisor has locked or wiped")});
            !r.ok())
            return r.error();
    }
    return success();
}

} // namespace

std::optional<WireProtocol::Refusal> JournalIngest::checkEntry(const JournalEntry &e, const IngestLimits &limits)
{
    auto bad = [&e](const QString &why) {
        return refusal(WireProtocol::Reason::BadRecord,
                       Tr::tr("Entry %1 is not a record a terminal writes (%2).").arg(e.seq).arg(why), e.seq);
    };
    if (const Status record = checkRecord(e.kind, e.body); !record.ok())
        return bad(record.error().message);
    if (!e.hasCanonicalBody())
        return bad(Tr::tr("not in canonical form"));
    if (const auto back = JournalEntry::fromCbor(e.toCbor()); !back.ok() || back.value() != e)
        return bad(back.ok() ? Tr::tr("it reads back differently") : back.error().message);
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (!e.collectorId.isEmpty() && !idPattern.match(e.collectorId).hasMatch())
        return bad(Tr::tr("the collector id"));
    QList<qint64> amounts;
    if (e.kind == EntryKind::Payment) {
        const PaymentRecord p = recordFromCbor<PaymentRecord>(e.body).value();
        amounts = {p.amount.fen(), p.tendered.fen(), p.change.fen(), p.toPrepaid.fen(), p.stillOwed.fen()};
        for (const AllocationLine &line : p.allocation)
            amounts.append(line.amount.fen());
    } else {
        const JournalFact f = JournalFact::fromEntry(e);
        amounts = {f.amount.fen(), f.penalty.fen(), f.prepaid.fen()};
    }
    for (const qint64 fen : std::as_const(amounts)) {
        if (fen > limits.entryFen)
            return refusal(
                WireProtocol::Reason::ImplausibleAmount,
                Tr::tr("Entry %1 holds an amount of %2, more than the center accepts in one entry (%3).")
                    .arg(e.seq)
                    .arg(Money::fromFen(fen).toPlainString(), Money::fromFen(limits.entryFen).toPlainString()),
                e.seq);
    }
    return std::nullopt;
}

Result<qint64> JournalIngest::applyLedger(const QString &deviceId)
{
    return CenterLedger(m_store.database()).catchUp(deviceId, m_store.now());
}

Result<WireProtocol::JournalAck> JournalIngest::head(const QString &deviceId) const
{
    auto dev = m_store.device(deviceId);
    if (!dev.ok())
        return dev.error();
    WireProtocol::JournalAck ack;
    if (!dev.value()) {
        ack.headHash = QByteArray(32, '\0');
        ack.refusal =
            refusal(WireProtocol::Reason::UnknownDevice, Tr::tr("This device is not enrolled at the center."), 0);
        return ack;
    }
    ack.head = dev.value()->headSeq;
    ack.headHash = dev.value()->headHash;
    return ack;
}

Status JournalIngest::logRefusal(const QString &deviceId, const QString &remote,
                                 const WireProtocol::JournalBatch &batch, const WireProtocol::Refusal &r) const
{
    const qint64 first = batch.firstSeq;
    const qint64 last = batch.firstSeq + batch.entries.size() - 1;
    auto q =
        m_store.database().exec(QStringLiteral("INSERT INTO refusals (at_ms, device_id, remote, first_seq, last_seq, "
                                               "seq, code, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                                {m_store.now(), deviceId, remote, first, last, r.seq, r.code, r.message});
    if (!q.ok())
        return q.error();
    return success();
}

Result<JournalIngest::NewPart> JournalIngest::verifyNew(const WireProtocol::JournalBatch &batch,
                                                        const CenterDevice &device, qsizetype firstNew) const
{
    const QList<JournalEntry> &entries = batch.entries;
    const bool lockedState = device.state == CenterDevice::State::Locked || device.state == CenterDevice::State::Wiped;
    // Seq continuity, chain, hashes and signatures: the device's own verifier. By default
    // the signature of the batch's last entry is checked, which covers every entry before it
    // through the chain (ARCHITECTURE.md, lessons); only when something fails is every entry
    // checked, to keep the valid prefix and name the first bad entry exactly.
    const auto mode = m_signatureCheck == SignatureCheck::BatchHead ? JournalVerifier::Signatures::ChainHeads
                                                                    : JournalVerifier::Signatures::EveryEntry;
    VerifyReport report = verifyEntries(batch.deviceId, device.publicKey, entries, firstNew, device.headSeq + 1,
                                        device.headHash, mode, m_parallelThreshold);
    if (!report.ok && mode == JournalVerifier::Signatures::ChainHeads)
        report = verifyEntries(batch.deviceId, device.publicKey, entries, firstNew, device.headSeq + 1, device.headHash,
                               JournalVerifier::Signatures::EveryEntry, m_parallelThreshold);
    NewPart part;
    PaymentCaps caps(m_store.database(), batch.deviceId, m_limits);
    for (qsizetype i = firstNew; i < entries.size(); ++i) {
        const JournalEntry &e = entries.at(i);
        if (!report.ok && e.seq >= report.firstBadSeq) {
            part.refused = refusalFrom(report);
            break;
        }
        if (auto problem = checkEntry(e, m_limits)) {
            part.refused = problem;
            break;
        }
        if (e.kind == EntryKind::Payment) {
            auto sums = caps.add(e);
            if (!sums.ok())
                return sums.error();
            if (sums.value()) {
                part.refused = *sums.value();
                break;
            }
        }
        // A locked terminal takes no payment and no void (Journal::appendAllowed): one signed after
        // the lock reached it is refused. Its visits, prints, counts and events go on being recorded.
        if (lockedState && device.lockSeq && e.seq > *device.lockSeq &&
            (e.kind == EntryKind::Payment || e.kind == EntryKind::Void)) {
            part.refused = refusal(
                WireProtocol::Reason::DeviceLocked,
                Tr::tr("Entry %1 was signed after the device was locked at entry %2.").arg(e.seq).arg(*device.lockSeq),
                e.seq);
            break;
        }
        part.accepted.append(e);
    }
    if (lockedState && !device.lockSeq && !part.accepted.isEmpty())
        part.lostDeviceSeq = part.accepted.first().seq;
    return part;
}

Result<WireProtocol::JournalAck> JournalIngest::ingest(const WireProtocol::JournalBatch &batch, const QString &remote)
{
    const CenterDatabase &db = m_store.database();
    const qint64 receivedMs = m_store.now();
    CenterTransaction tx(db);
    if (auto s = tx.begin(); !s.ok())
        return s.error();

    // Hold the device's row: two uploads of one device never interleave (SQLite's BEGIN
    // IMMEDIATE already serialises writers).
    if (db.isPostgres()) {
        if (auto r = db.exec(QStringLiteral("SELECT id FROM devices WHERE id = ? FOR UPDATE"), {batch.deviceId});
            !r.ok())
            return r.error();
    }
    auto found = m_store.device(batch.deviceId);
    if (!found.ok())
        return found.error();

    WireProtocol::JournalAck ack;
    ack.headHash = QByteArray(32, '\0');
    // A refusal is logged and committed with whatever was stored before it.
    auto refuse = [&](const WireProtocol::Refusal &r) -> Result<WireProtocol::JournalAck> {
        ack.refusal = r;
        if (auto s = logRefusal(batch.deviceId, remote, batch, r); !s.ok())
            return s.error();
        if (auto s = tx.commit(); !s.ok())
            return s.error();
        return ack;
    };

    if (!found.value())
        return refuse(
            refusal(WireProtocol::Reason::UnknownDevice, Tr::tr("This device is not enrolled at the center."), 0));
    const CenterDevice device = *found.value();
    ack.head = device.headSeq;
    ack.headHash = device.headHash;
    if (device.state == CenterDevice::State::Frozen)
        return refuse(refusal(
            WireProtocol::Reason::DeviceFrozen,
            Tr::tr("The center has frozen this device (%1). A supervisor must review it.").arg(device.frozenReason),
            batch.firstSeq));

    if (batch.firstSeq <= device.headSeq) {
        auto held = compareHeld(db, batch, device, receivedMs);
        if (!held.ok())
            return held.error();
        ack.duplicates = held.value().duplicates;
        if (held.value().refusal)
            return refuse(*held.value().refusal);
    }

    const qsizetype firstNew = qMax<qint64>(0, device.headSeq + 1 - batch.firstSeq);
    NewPart part;
    if (firstNew < batch.entries.size()) {
        if (auto broken = checkContinues(batch.entries.at(firstNew), device))
            return refuse(*broken);
        auto verified = verifyNew(batch, device, firstNew);
        if (!verified.ok())
            return verified.error();
        part = std::move(verified).value();
    }

    if (!part.accepted.isEmpty()) {
        if (auto s = storeEntries(db, batch.deviceId, part.accepted, part.lostDeviceSeq, receivedMs); !s.ok())
            return s.error();
        ack.head = part.accepted.last().seq;
        ack.headHash = part.accepted.last().hash;
        ack.stored = part.accepted.size();
    }
    if (auto r =
            db.exec(QStringLiteral("UPDATE devices SET head_seq = ?, head_hash = ?, last_sync_ms = ?, last_seen_ms "
                                   "= ? WHERE id = ?"),
                    {ack.head, ack.headHash, receivedMs, receivedMs, batch.deviceId});
        !r.ok())
        return r.error();
    if (part.refused)
        return refuse(*part.refused);
    if (auto s = tx.commit(); !s.ok())
        return s.error();
    return ack;
}

Result<WireProtocol::JournalAck> JournalIngest::importFile(const QString &path)
{
    auto deviceId = JournalExportFile::peekDevice(path);
    if (!deviceId.ok())
        return deviceId.error();
    auto device = m_store.device(deviceId.value());
    if (!device.ok())
        return device.error();
    if (!device.value())
        return Error{QString::fromLatin1(WireProtocol::Reason::UnknownDevice),
                     Tr::tr("Device %1 is not enrolled at this center.").arg(deviceId.value())};
    auto file = JournalExportFile::read(path, device.value()->publicKey);
    if (!file.ok())
        return file.error();
    WireProtocol::JournalAck total;
    total.head = device.value()->headSeq;
    total.headHash = device.value()->headHash;
    const QList<JournalEntry> &entries = file.value().entries;
    constexpr qsizetype batchSize = 1000;
    for (qsizetype start = 0; start < entries.size(); start += batchSize) {
        WireProtocol::JournalBatch batch;
        batch.deviceId = deviceId.value();
        batch.entries = entries.mid(start, batchSize);
        batch.firstSeq = batch.entries.first().seq;
        batch.prevHash = batch.entries.first().prevHash;
        auto ack = ingest(batch, QStringLiteral("file:") + path);
        if (!ack.ok())
            return ack.error();
        total.head = ack.value().head;
        total.headHash = ack.value().headHash;
        total.stored += ack.value().stored;
        total.duplicates += ack.value().duplicates;
        if (ack.value().refusal) {
            total.refusal = ack.value().refusal;
            break;
        }
    }
    if (auto applied = applyLedger(deviceId.value()); !applied.ok())
        return applied.error();
    return total;
}

Result<QString> JournalIngest::writeReceipt(const QString &exportPath, const WireProtocol::JournalAck &ack,
                                            const QString &ackPath) const
{
    auto deviceId = JournalExportFile::peekDevice(exportPath);
    if (!deviceId.ok())
        return deviceId.error();
    if (ack.head < 1)
        return Error{QStringLiteral("ack.nothing"),
                     Tr::tr("The center holds nothing of %1 to acknowledge.").arg(deviceId.value())};
    auto key = m_store.signingKey();
    if (!key.ok())
        return key.error();
    const QString path =
        ackPath.isEmpty() ? QFileInfo(exportPath).dir().filePath(JournalAckFile::fileName(deviceId.value(), ack.head))
                          : ackPath;
    if (auto s = JournalAckFile::write(path, *key.value(),
                                       JournalAckFile{deviceId.value(), ack.head, ack.headHash, m_store.now()});
        !s.ok())
        return s.error();
    return path;
}
