#pragma once

// Terminals' journals made in memory (hashed, chained and signed as a Journal does) and an audit
// export written from them the way the center writes one: for the verifier's tests and benchmark.
#include <QDir>
#include <QDirIterator>
#include <QFile>

#include <memory>

#include "auditexport.h"
#include "auditviews.h"
#include "dailytotals.h"
#include "devicekeylist.h"
#include "journalentry.h"
#include "merkletree.h"
#include "treehead.h"

namespace AuditFixture {

constexpr qint64 Day = 1796400000000; // 2026-12-05 00:00 +08:00 (04 16:00 UTC), in ms

struct Terminal
{
    QString id;
    std::shared_ptr<DeviceKey> key =
        std::make_shared<DeviceKey>(DeviceKey::generate()); ///< shared: a key is not copied
    QList<JournalEntry> entries{};
    std::optional<qint64> revokedMs{};
    qint64 shift = 0;

    JournalEntry &append(EntryKind kind, const QCborMap &body, qint64 timeMs)
    {
        JournalEntry e;
        e.deviceId = id;
        e.seq = entries.size() + 1;
        e.kind = kind;
        e.timeMs = timeMs;
        e.collectorId = QStringLiteral("C001");
        e.shiftSeq = kind == EntryKind::ShiftOpened ? 0 : shift;
        e.body = body;
        e.prevHash = entries.isEmpty() ? QByteArray(32, '\0') : entries.last().hash;
        e.hash = e.computeHash();
        e.signature = key->sign(e.hash);
        entries.append(e);
        if (kind == EntryKind::ShiftOpened)
            shift = e.seq;
        return entries.last();
    }

    /// The drawer of an exact count: notes and coins adding up to `cash`, largest first.
    static QMap<qint64, qint64> notes(Money cash)
    {
        QMap<qint64, qint64> counts;
        qint64 left = cash.fen();
        for (const qint64 d : {10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 2, 1}) {
            if (left >= d)
                counts[d] = left / d;
            left %= d;
        }
        return counts;
    }

    /// What the terminal's own rule expects in hand now in the open shift.
    [[nodiscard]] Money expectedCash() const
    {
        DailyTotals totals(DailyTotals::Filter::shift(shift));
        for (qsizetype i = shift - 1; i < entries.size(); ++i) // the fixture voids within the shift only
            totals.add(JournalFact::fromEntry(entries.at(i)));
        return totals.expectedCashInHand();
    }

    /// A shift: float, cash and card payments, a void, a visit, prints, a handover, a count, the close.
    void day(qint64 startMs, int payments = 6)
    {
        qint64 t = startMs;
        append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(200)}), t);
        qint64 firstPayment = 0;
        for (int i = 0; i < payments; ++i) {
            PaymentRecord p;
            p.accountNumber = QStringLiteral("31%1").arg(entries.size() * 7 + i, 8, 10, QLatin1Char('0'));
            p.method = i % 3 == 2 ? PaymentMethod::BankCard : PaymentMethod::Cash;
            p.amount = Money::fromFen(10000 + 137 * i);
            p.tendered = p.method == PaymentMethod::Cash ? Money::fromFen(20000) : p.amount;
            p.change = p.tendered - p.amount;
            p.reference = p.method == PaymentMethod::Cash ? QString() : QStringLiteral("POS-%1").arg(i);
            p.allocation = {AllocationLine{QStringLiteral("B%1").arg(i), QStringLiteral("2026-10"),
                                           AllocationLine::Part::Penalty, Money::fromFen(37)},
                            AllocationLine{QStringLiteral("B%1").arg(i), QStringLiteral("2026-10"),
                                           AllocationLine::Part::Principal, p.amount - Money::fromFen(37)}};
            p.worklistVersion = 3;
            const JournalEntry &e = append(EntryKind::Payment, toCbor(p), t += 60000);
            firstPayment = firstPayment ? firstPayment : e.seq;
            append(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{e.seq, 1}), t += 1000);
        }
        append(EntryKind::Void,
               toCbor(VoidRecord{firstPayment, QStringLiteral("wrong account, = sign"), QStringLiteral("S001")}),
               t += 60000);
        append(EntryKind::Visit,
               toCbor(VisitRecord{QStringLiteral("3100000099"), VisitOutcome::PromisedToPay, QDate(2026, 12, 20),
                                  QStringLiteral("will pay, after \"harvest\"")}),
               t += 60000);
        append(EntryKind::CashHandedOver,
               toCbor(CashHandedOverRecord{Money::fromYuan(100), QStringLiteral("S001"), {{10000, 1}}}), t += 60000);
        CashCountedRecord count;
        count.expectedCash = expectedCash();
        count.countedCash = count.expectedCash;
        count.denominations = notes(count.countedCash);
        count.countNumber = 1;
        append(EntryKind::CashCounted, toCbor(count), t += 60000);
        ShiftClosedRecord close;
        close.expectedCash = expectedCash();
        close.countedCash = close.expectedCash;
        close.denominations = notes(close.countedCash);
        withPerpetualTotals(close);
        append(EntryKind::ShiftClosed, toCbor(close), t += 60000);
    }

    /// The center's time as a sync brings it, signed by `center`, journaled as a witness.
    void witness(const DeviceKey &center, qint64 centerTimeMs)
    {
        EventRecord w;
        w.kind = EventRecord::Kind::TimeWitnessed;
        w.centerTimeMs = centerTimeMs;
        w.centerSignature = center.sign(EventRecord::witnessMessage(id, centerTimeMs));
        append(EntryKind::Event, toCbor(w), centerTimeMs);
    }

    /// The Z number and perpetual totals a close states, from every entry so far.
    void withPerpetualTotals(ShiftClosedRecord &close) const
    {
        DailyTotals ever;
        for (const JournalEntry &e : entries)
            ever.add(JournalFact::fromEntry(e));
        close.zNumber = ever.shiftsClosed() + 1;
        close.everPaidCount = ever.payments().count;
        close.everPaid = ever.payments().amount;
        close.everVoidedCount = ever.voids().count;
        close.everVoided = ever.voids().amount;
    }
};

struct Center
{
    DeviceKey key = DeviceKey::generate();
    QList<AuditExport::LogLeaf> log;
    QList<QByteArray> leafHashes;
    QList<TreeHead> heads;

    /// Takes every entry not yet in the log, terminal by terminal, and signs a tree head.
    void checkpoint(const QList<Terminal> &terminals, qint64 timeMs)
    {
        for (const Terminal &t : terminals) {
            for (const JournalEntry &e : t.entries) {
                const AuditExport::LogLeaf leaf{t.id, e.seq};
                if (log.contains(leaf))
                    continue;
                log.append(leaf);
                leafHashes.append(MerkleTree::leafHash(e.toCbor()));
            }
        }
        heads.append(TreeHead::sign(log.size(), MerkleTree::rootHash(leafHashes), timeMs, key));
    }

    /// The export as the center writes it (CenterAudit::exportTo), for [fromMs, toMs).
    [[nodiscard]] Status write(const QString &dir, const QList<Terminal> &terminals, qint64 fromMs, qint64 toMs) const
    {
        AuditExport::Writer writer(dir);
        if (auto s = writer.begin(); !s.ok())
            return s;
        AuditExport::Header header{
            QDate(2026, 12, 5), QDate(2026, 12, 5), fromMs, toMs, QStringLiteral("Asia/Shanghai"), toMs,
            key.publicKey()};
        DeviceKeyList devices;
        for (const Terminal &t : terminals)
            devices.entries.append({t.id, t.key->publicKey(), fromMs - 86400000, t.revokedMs});
        AuditViews views(fromMs, toMs);
        for (const Terminal &t : terminals) {
            views.beginDevice(t.id);
            for (const JournalEntry &e : t.entries) {
                views.add(e);
                if (auto s = writer.appendEntry(t.id, e.toCbor()); !s.ok())
                    return s;
            }
            views.endDevice();
        }
        for (const auto &[name, bytes] : views.files()) {
            if (auto s = writer.write(name, bytes); !s.ok())
                return s;
        }
        const TreeHead &head = heads.last();
        QByteArray proof;
        if (heads.size() > 1) {
            for (const QByteArray &h :
                 MerkleTree::consistencyProof(leafHashes.mid(0, head.size), heads.at(heads.size() - 2).size))
                proof += h.toHex() + '\n';
        }
        for (const auto &[name, bytes] : std::initializer_list<std::pair<QString, QByteArray>>{
                 {QString(AuditExport::HeaderFile), header.toText()},
                 {QString(AuditExport::DevicesFile), devices.toText()},
                 {QString(AuditExport::LogFile), AuditExport::logToText(log.mid(0, head.size))},
                 {QString(AuditExport::HeadFile), head.toText()},
                 {QStringLiteral("center/exceptions.csv"), QByteArray("time_utc,kind,device\r\n")}}) {
            if (auto s = writer.write(name, bytes); !s.ok())
                return s;
        }
        if (heads.size() > 1) {
            if (auto s = writer.write(QString(AuditExport::PreviousHeadFile), heads.at(heads.size() - 2).toText());
                !s.ok())
                return s;
            if (auto s = writer.write(QString(AuditExport::ConsistencyFile), proof); !s.ok())
                return s;
        }
        return writer.finish(key);
    }
};

/// What an insider holding `key` would do after changing files: list and sign them again.
inline void resign(const QString &dir, const DeviceKey &key)
{
    std::map<QString, QByteArray> hashes;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString rel = QDir(dir).relativeFilePath(path);
        if (rel.startsWith(QLatin1String("MANIFEST.")))
            continue;
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            hashes[rel] = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    }
    const QByteArray manifest = AuditExport::manifestText(hashes);
    QFile m(QDir(dir).filePath(QString(AuditExport::ManifestFile)));
    if (m.open(QIODevice::WriteOnly | QIODevice::Truncate))
        m.write(manifest);
    QFile s(QDir(dir).filePath(QString(AuditExport::ManifestSignatureFile)));
    if (s.open(QIODevice::WriteOnly | QIODevice::Truncate))
        s.write(key.sign(manifest).toBase64() + '\n');
}

} // namespace AuditFixture
