#include "journalingest.h"

#include <QCoreApplication>
#include <QThread>

#include <thread>
#include <vector>

#include "centerledger.h"
#include "journalexportfile.h"

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("JournalIngest", text);
}

// TODO(feat/journal): use core/journalverifier once it lands, so device and center share one check.
bool signatureValid(const JournalEntry &e, const QByteArray &publicKey)
{
    return DeviceKey::verify(publicKey, e.hash, e.signature);
}

WireProtocol::Refusal refusal(const char *code, const QString &message, qint64 seq)
{
    return WireProtocol::Refusal{QString::fromLatin1(code), message, seq};
}

/// Signature checks are the expensive part of ingest; spread them over the cores.
std::vector<char> verifySignatures(const QList<JournalEntry> &entries, qsizetype from, const QByteArray &publicKey,
                                   int parallelThreshold)
{
    const qsizetype n = entries.size() - from;
    std::vector<char> ok(size_t(qMax<qsizetype>(0, n)), 0);
    auto work = [&](qsizetype begin, qsizetype end) {
        for (qsizetype i = begin; i < end; ++i)
            ok[size_t(i)] = signatureValid(entries.at(from + i), publicKey) ? 1 : 0;
    };
    const int threads = qBound(1, QThread::idealThreadCount(), 8);
    if (parallelThreshold <= 0 || n < parallelThreshold || threads == 1) {
        work(0, n);
        return ok;
    }
    std::vector<std::thread> pool;
    const qsizetype per = (n + threads - 1) / threads;
    for (int t = 1; t < threads; ++t) {
        const qsizetype b = t * per;
        const qsizetype e = qMin(n, b + per);
        if (b < e)
            pool.emplace_back(work, b, e);
    }
    work(0, qMin(n, per));
    for (auto &th : pool)
        th.join();
    return ok;
}

} // namespace

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
        ack.refusal = refusal(WireProtocol::Reason::UnknownDevice, tr("This device is not enrolled at the center."), 0);
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
    auto refuse = [&](WireProtocol::Refusal r) -> Result<WireProtocol::JournalAck> {
        ack.refusal = r;
        if (auto s = logRefusal(batch.deviceId, remote, batch, r); !s.ok())
            return s.error();
        if (auto s = tx.commit(); !s.ok())
            return s.error();
        return ack;
    };

    if (!found.value())
        return refuse(
            refusal(WireProtocol::Reason::UnknownDevice, tr("This device is not enrolled at the center."), 0));
    const CenterDevice device = *found.value();
    ack.head = device.headSeq;
    ack.headHash = device.headHash;
    if (device.state == CenterDevice::State::Frozen)
        return refuse(
            refusal(WireProtocol::Reason::DeviceFrozen,
                    tr("The center has frozen this device (%1). A supervisor must review it.").arg(device.frozenReason),
                    batch.firstSeq));

    const QList<JournalEntry> &entries = batch.entries;
    const qint64 lastSeq = batch.firstSeq + entries.size() - 1;

    // ---- the part the center already holds: identical → acknowledged; different → alarm.
    if (batch.firstSeq <= device.headSeq) {
        const qint64 overlapEnd = qMin(lastSeq, device.headSeq);
        auto q = db.exec(QStringLiteral("SELECT seq, hash, entry FROM journal_entries WHERE device_id = ? AND seq >= ? "
                                        "AND seq <= ? ORDER BY seq"),
                         {batch.deviceId, batch.firstSeq, overlapEnd});
        if (!q.ok())
            return q.error();
        QSqlQuery rows = std::move(q).value();
        qint64 expected = batch.firstSeq;
        while (rows.next()) {
            const qint64 seq = rows.value(0).toLongLong();
            const JournalEntry &e = entries.at(seq - batch.firstSeq);
            if (seq != expected || rows.value(1).toByteArray() != e.hash || rows.value(2).toByteArray() != e.toCbor()) {
                rows.finish();
                if (e.hash != e.computeHash() || !signatureValid(e, device.publicKey))
                    return refuse(refusal(WireProtocol::Reason::BadSignature,
                                          tr("Entry %1 differs from the one the center holds and its signature is "
                                             "not valid.")
                                              .arg(seq),
                                          seq));
                // The device signed two different entries with one seq: equivocation.
                if (auto r =
                        db.exec(QStringLiteral("UPDATE devices SET state = 'frozen', frozen_reason = ? WHERE id = ?"),
                                {QStringLiteral("two different entries signed for seq %1").arg(seq), batch.deviceId});
                    !r.ok())
                    return r.error();
                if (auto r = db.exec(
                        QStringLiteral("INSERT INTO exceptions (at_ms, kind, device_id, seq, account, "
                                       "amount_fen, detail) VALUES (?, 'tampering', ?, ?, '', 0, ?)"),
                        {receivedMs, batch.deviceId, seq,
                         QStringLiteral("the device signed a second, different entry %1; device frozen").arg(seq)});
                    !r.ok())
                    return r.error();
                return refuse(refusal(WireProtocol::Reason::Equivocation,
                                      tr("Entry %1 differs from the one the center already holds. The device is "
                                         "frozen; call the supervisor.")
                                          .arg(seq),
                                      seq));
            }
            ++expected;
            ++ack.duplicates;
        }
        if (expected != overlapEnd + 1)
            return Error{QStringLiteral("center.storage"),
                         tr("The center's journal of %1 has a hole below its head.").arg(batch.deviceId)};
    }

    // ---- the new part: must continue the head exactly.
    const qsizetype firstNew = qMax<qint64>(0, device.headSeq + 1 - batch.firstSeq);
    QList<JournalEntry> accepted;
    std::optional<WireProtocol::Refusal> refused;
    qint64 lostDeviceSeq = 0;
    if (firstNew < entries.size()) {
        const JournalEntry &first = entries.at(firstNew);
        if (first.seq != device.headSeq + 1)
            return refuse(refusal(WireProtocol::Reason::Gap,
                                  tr("Entries %1 to %2 are missing: the center holds up to %3. The device resends "
                                     "from %2.")
                                      .arg(device.headSeq + 1)
                                      .arg(first.seq - 1)
                                      .arg(device.headSeq),
                                  first.seq));
        if (first.prevHash != device.headHash)
            return refuse(refusal(WireProtocol::Reason::BrokenChain,
                                  tr("Entry %1 does not follow the entry %2 the center holds (broken chain).")
                                      .arg(first.seq)
                                      .arg(device.headSeq),
                                  first.seq));
        const bool lockedState =
            device.state == CenterDevice::State::Locked || device.state == CenterDevice::State::Wiped;
        // Integrity, cheapest first: each entry's hash is its content's, and each links to the one
        // before (export files carry both; on the wire they are rebuilt, so this cannot fail there).
        qsizetype chainEnd = entries.size();
        std::optional<WireProtocol::Refusal> chainRefusal;
        for (qsizetype i = firstNew; i < entries.size(); ++i) {
            const JournalEntry &e = entries.at(i);
            const QByteArray &expectedPrev = i == firstNew ? device.headHash : entries.at(i - 1).hash;
            if (e.hash != e.computeHash()) {
                chainRefusal = refusal(WireProtocol::Reason::BadSignature,
                                       tr("Entry %1 does not match its own hash.").arg(e.seq), e.seq);
            } else if (e.prevHash != expectedPrev) {
                chainRefusal =
                    refusal(WireProtocol::Reason::BrokenChain,
                            tr("Entry %1 does not follow entry %2 (broken chain).").arg(e.seq).arg(e.seq - 1), e.seq);
            }
            if (chainRefusal) {
                chainEnd = i;
                break;
            }
        }
        // Signatures. The head's signature covers every entry before it through the chain
        // (DESIGN.md field notes), so one check suffices when it holds; only when it does not
        // is every entry checked, to keep the valid prefix and name the first bad entry.
        std::vector<char> valid;
        if (chainEnd > firstNew && m_signatureCheck == SignatureCheck::BatchHead &&
            signatureValid(entries.at(chainEnd - 1), device.publicKey))
            valid.assign(size_t(chainEnd - firstNew), 1);
        else if (chainEnd > firstNew)
            valid = verifySignatures(entries.mid(0, chainEnd), firstNew, device.publicKey, m_parallelThreshold);
        for (qsizetype i = firstNew; i < chainEnd; ++i) {
            const JournalEntry &e = entries.at(i);
            if (lockedState && device.lockSeq && e.seq > *device.lockSeq) {
                refused = refusal(
                    WireProtocol::Reason::DeviceLocked,
                    tr("Entry %1 was signed after the device was locked at entry %2.").arg(e.seq).arg(*device.lockSeq),
                    e.seq);
                break;
            }
            if (!valid[size_t(i - firstNew)]) {
                refused = refusal(WireProtocol::Reason::BadSignature,
                                  tr("Entry %1 is not signed by this device's key.").arg(e.seq), e.seq);
                break;
            }
            accepted.append(e);
        }
        if (!refused && chainRefusal)
            refused = chainRefusal;
        if (lockedState && !device.lockSeq && !accepted.isEmpty())
            lostDeviceSeq = accepted.first().seq;
    }

    if (!accepted.isEmpty()) {
        QList<QVariantList> rows;
        rows.reserve(accepted.size());
        for (const JournalEntry &e : std::as_const(accepted)) {
            const JournalFact f = JournalFact::fromEntry(e);
            rows.append({e.deviceId, e.seq, int(e.kind), e.timeMs, e.collectorId, e.shiftSeq, f.accountNumber, f.method,
                         f.amount.fen(), f.penalty.fen(), f.prepaid.fen(), f.refSeq, f.outcome, e.hash, e.toCbor(),
                         receivedMs});
        }
        if (auto s = db.copyRows(QStringLiteral("journal_entries"),
                                 {QStringLiteral("device_id"), QStringLiteral("seq"), QStringLiteral("kind"),
                                  QStringLiteral("time_ms"), QStringLiteral("collector_id"),
                                  QStringLiteral("shift_seq"), QStringLiteral("account"), QStringLiteral("method"),
                                  QStringLiteral("amount_fen"), QStringLiteral("penalty_fen"),
                                  QStringLiteral("prepaid_fen"), QStringLiteral("ref_seq"), QStringLiteral("outcome"),
                                  QStringLiteral("hash"), QStringLiteral("entry"), QStringLiteral("received_ms")},
                                 rows);
            !s.ok())
            return s.error();
        if (lostDeviceSeq > 0) {
            if (auto r =
                    db.exec(QStringLiteral("INSERT INTO exceptions (at_ms, kind, device_id, seq, account, amount_fen, "
                                           "detail) VALUES (?, 'device-reported-lost', ?, ?, '', 0, ?)"),
                            {receivedMs, batch.deviceId, lostDeviceSeq,
                             QStringLiteral("entries from a device a supervisor has locked or wiped")});
                !r.ok())
                return r.error();
        }
        ack.head = accepted.last().seq;
        ack.headHash = accepted.last().hash;
        ack.stored = accepted.size();
    }
    if (auto r =
            db.exec(QStringLiteral("UPDATE devices SET head_seq = ?, head_hash = ?, last_sync_ms = ?, last_seen_ms "
                                   "= ? WHERE id = ?"),
                    {ack.head, ack.headHash, receivedMs, receivedMs, batch.deviceId});
        !r.ok())
        return r.error();
    if (refused)
        return refuse(*refused);
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
                     tr("Device %1 is not enrolled at this center.").arg(deviceId.value())};
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
