#include "centeraudit.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlQuery>

#include "auditexport.h"
#include "auditviews.h"
#include "centerreports.h"
#include "centerstore.h"
#include "csvwriter.h"
#include "devicekeylist.h"
#include "journalarchive.h"
#include "merkletree.h"

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(CenterAudit)
};

Result<QList<QByteArray>> leafHashes(const CenterDatabase &db)
{
    auto rows = db.exec(QStringLiteral("SELECT leaf_hash FROM audit_log ORDER BY idx"));
    if (!rows.ok())
        return rows.error();
    QList<QByteArray> leaves;
    for (QSqlQuery q = std::move(rows).value(); q.next();)
        leaves.append(q.value(0).toByteArray());
    return leaves;
}

Result<std::optional<TreeHead>> storedHead(const CenterDatabase &db, const QString &where, const QVariantList &bindings)
{
    auto rows =
        db.exec(QStringLiteral("SELECT size, root, made_ms, signature FROM tree_heads %1 ORDER BY size DESC LIMIT 1")
                    .arg(where),
                bindings);
    if (!rows.ok())
        return rows.error();
    QSqlQuery q = std::move(rows).value();
    if (!q.next())
        return std::optional<TreeHead>();
    return std::optional<TreeHead>(
        TreeHead{q.value(0).toLongLong(), q.value(1).toByteArray(), q.value(2).toLongLong(), q.value(3).toByteArray()});
}

QString utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODateWithMs);
}

} // namespace

CenterAudit::CenterAudit(CenterStore &store, const QTimeZone &zone)
    : m_store(store)
    , m_zone(zone)
{
}

Result<TreeHead> CenterAudit::checkpoint()
{
    const CenterDatabase &db = m_store.database();
    auto key = m_store.signingKey();
    if (!key.ok())
        return key.error();
    CenterTransaction tx(db);
    if (auto s = tx.begin(); !s.ok())
        return s.error();
    // One checkpoint at a time across instances: the leaves' order is the log's, for good.
    if (db.isPostgres()) {
        if (auto r = db.exec(QStringLiteral("LOCK TABLE audit_log IN EXCLUSIVE MODE")); !r.ok())
            return r.error();
    }
    auto size = db.scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log"));
    if (!size.ok())
        return size.error();
    qint64 next = size.value().toLongLong();
    auto fresh = db.exec(QStringLiteral("SELECT j.device_id, j.seq, j.entry FROM journal_entries j WHERE NOT EXISTS "
                                        "(SELECT 1 FROM audit_log a WHERE a.device_id = j.device_id AND a.seq = j.seq) "
                                        "ORDER BY j.device_id, j.seq"));
    if (!fresh.ok())
        return fresh.error();
    QList<QVariantList> rows;
    for (QSqlQuery q = std::move(fresh).value(); q.next();)
        rows.append({next++, q.value(0), q.value(1), MerkleTree::leafHash(q.value(2).toByteArray())});
    auto latest = storedHead(db, QString(), {});
    if (!latest.ok())
        return latest.error();
    if (rows.isEmpty() && latest.value() && latest.value()->size == next)
        return *latest.value();
    if (auto s = db.copyRows(
            QStringLiteral("audit_log"),
            {QStringLiteral("idx"), QStringLiteral("device_id"), QStringLiteral("seq"), QStringLiteral("leaf_hash")},
            rows);
        !s.ok())
        return s.error();
    auto leaves = leafHashes(db);
    if (!leaves.ok())
        return leaves.error();
    if (leaves.value().size() != next)
        return Error{QStringLiteral("audit.log"), Tr::tr("The center's log does not hold the entries just added.")};
    auto now = m_store.servedTime();
    if (!now.ok())
        return now.error();
    const TreeHead head = TreeHead::sign(next, MerkleTree::rootHash(leaves.value()), now.value(), *key.value());
    if (auto r = db.exec(QStringLiteral("INSERT INTO tree_heads (size, root, made_ms, signature) VALUES (?, ?, ?, ?)"),
                         {head.size, head.root, head.timeMs, head.signature});
        !r.ok())
        return r.error();
    if (auto s = tx.commit(); !s.ok())
        return s.error();
    return head;
}

Result<CenterAudit::Exported> CenterAudit::exportTo(const QString &dir, QDate from, QDate to)
{
    if (!from.isValid() || !to.isValid() || to < from)
        return Error{QStringLiteral("audit.period"),
                     Tr::tr("The period must run from a day to the same or a later day.")};
    if (from.daysTo(to) > 3660)
        return Error{QStringLiteral("audit.period"), Tr::tr("An export covers at most ten years.")};
    const CenterDatabase &db = m_store.database();
    // The export starts every terminal at its first entry: an archived month must come back first.
    auto archived = JournalArchive(db).months();
    if (!archived.ok())
        return archived.error();
    if (!archived.value().isEmpty()) {
        const QString month = JournalArchive::monthText(archived.value().first());
        return Error{QStringLiteral("audit.archived"),
                     Tr::tr("The entries received in %1 are archived (table %2); restore them with doorstep-center "
                            "archive-month --restore %1 first: an export starts every terminal at its first entry.")
                         .arg(month, JournalArchive::archiveTable(archived.value().first()))};
    }
    auto key = m_store.signingKey();
    if (!key.ok())
        return key.error();
    AuditExport::Writer writer(dir);
    if (auto s = writer.begin(); !s.ok())
        return s.error();
    auto head = checkpoint();
    if (!head.ok())
        return head.error();
    Exported done;
    done.head = head.value();

    // Everything below reads only what the tree head covers (audit_log.idx < size): entries that
    // arrive while the export runs go into the next one.
    AuditExport::Header header;
    header.fromDay = from;
    header.toDay = to;
    header.fromMs = QDateTime(from, QTime(0, 0), m_zone).toMSecsSinceEpoch();
    header.toMs = QDateTime(to.addDays(1), QTime(0, 0), m_zone).toMSecsSinceEpoch();
    header.zone = QString::fromUtf8(m_zone.id());
    auto now = m_store.servedTime();
    if (!now.ok())
        return now.error();
    header.madeMs = now.value();
    header.centerKey = key.value()->publicKey();
    if (auto s = writer.write(QString(AuditExport::HeaderFile), header.toText()); !s.ok())
        return s.error();

    // The terminals, and their entries from seq 1 up to what the tree head covers.
    auto devices = m_store.deviceKeyList();
    if (!devices.ok())
        return devices.error();
    if (auto s = writer.write(QString(AuditExport::DevicesFile), devices.value().toText()); !s.ok())
        return s.error();
    AuditViews views(header.fromMs, header.toMs);
    for (const DeviceKeyList::Entry &device : devices.value().entries) {
        auto rows = db.exec(QStringLiteral("SELECT j.entry FROM journal_entries j JOIN audit_log a ON a.device_id = "
                                           "j.device_id AND a.seq = j.seq WHERE j.device_id = ? AND a.idx < ? "
                                           "ORDER BY j.seq"),
                            {device.deviceId, done.head.size});
        if (!rows.ok())
            return rows.error();
        bool any = false;
        for (QSqlQuery q = std::move(rows).value(); q.next();) {
            const QByteArray bytes = q.value(0).toByteArray();
            auto entry = JournalEntry::fromCbor(bytes);
            if (!entry.ok())
                return Error{QStringLiteral("audit.unreadable"),
                             Tr::tr("An entry of %1 the center stored cannot be read: %2")
                                 .arg(device.deviceId, entry.error().message)};
            if (!any)
                views.beginDevice(device.deviceId);
            any = true;
            views.add(entry.value());
            if (auto s = writer.appendEntry(device.deviceId, bytes); !s.ok())
                return s.error();
            ++done.entries;
        }
        if (any) {
            views.endDevice();
            ++done.devices;
        }
    }
    for (const auto &[name, bytes] : views.files()) {
        if (auto s = writer.write(name, bytes); !s.ok())
            return s.error();
    }

    // The log and its checkpoints.
    auto log =
        db.exec(QStringLiteral("SELECT device_id, seq FROM audit_log WHERE idx < ? ORDER BY idx"), {done.head.size});
    if (!log.ok())
        return log.error();
    QList<AuditExport::LogLeaf> leaves;
    for (QSqlQuery q = std::move(log).value(); q.next();)
        leaves.append({q.value(0).toString(), q.value(1).toLongLong()});
    auto hashes = leafHashes(db);
    if (!hashes.ok())
        return hashes.error();
    hashes.value().resize(done.head.size);
    auto previous = storedHead(db, QStringLiteral("WHERE size < ?"), {done.head.size});
    if (!previous.ok())
        return previous.error();
    if (auto s = writer.write(QString(AuditExport::LogFile), AuditExport::logToText(leaves)); !s.ok())
        return s.error();
    if (auto s = writer.write(QString(AuditExport::HeadFile), done.head.toText()); !s.ok())
        return s.error();
    if (previous.value() && previous.value()->size > 0) {
        done.previousSize = previous.value()->size;
        QByteArray proof;
        for (const QByteArray &h : MerkleTree::consistencyProof(hashes.value(), done.previousSize))
            proof += h.toHex() + '\n';
        if (auto s = writer.write(QString(AuditExport::PreviousHeadFile), previous.value()->toText()); !s.ok())
            return s.error();
        if (auto s = writer.write(QString(AuditExport::ConsistencyFile), proof); !s.ok())
            return s.error();
    }

    // The center's own records for the period: vouched for by the signed manifest only.
    auto exceptions = CenterReports(db, m_zone).exceptions(from, to, header.madeMs);
    if (!exceptions.ok())
        return exceptions.error();
    if (auto s = writer.write(QStringLiteral("center/exceptions.csv"),
                              CenterReports::render(exceptions.value(), CenterReports::Format::Csv));
        !s.ok())
        return s.error();
    auto corrections =
        db.exec(QStringLiteral("SELECT device_id, seq, account, route, amount_fen, reason, made_by, at_ms "
                               "FROM corrections WHERE at_ms >= ? AND at_ms < ? ORDER BY at_ms, id"),
                {header.fromMs, header.toMs});
    if (!corrections.ok())
        return corrections.error();
    QByteArray csv = Csv::line({QStringLiteral("time_utc"), QStringLiteral("device"), QStringLiteral("seq"),
                                QStringLiteral("account"), QStringLiteral("route"), QStringLiteral("amount"),
                                QStringLiteral("reason"), QStringLiteral("made_by")});
    for (QSqlQuery q = std::move(corrections).value(); q.next();)
        csv += Csv::line({utc(q.value(7).toLongLong()), q.value(0).toString(), q.value(1).toString(),
                          q.value(2).toString(), q.value(3).toString(),
                          Money::fromFen(q.value(4).toLongLong()).toPlainString(), q.value(5).toString(),
                          q.value(6).toString()});
    if (auto s = writer.write(QStringLiteral("center/corrections.csv"), csv); !s.ok())
        return s.error();
    if (auto s = writer.finish(*key.value()); !s.ok())
        return s.error();
    return done;
}
