#include "journalarchive.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(JournalArchive)
};

Error sqliteRefused()
{
    return Error{QStringLiteral("archive.sqlite"),
                 Tr::tr("Archiving a month needs the PostgreSQL journal, partitioned by month; the embedded SQLite "
                        "database keeps every month in its one file.")};
}

} // namespace

JournalArchive::JournalArchive(const CenterDatabase &db)
    : m_db(db)
{
}

std::optional<QDate> JournalArchive::parseMonth(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^([0-9]{4})-([0-9]{2})$"));
    const auto m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const QDate month(m.captured(1).toInt(), m.captured(2).toInt(), 1);
    if (!month.isValid() || month.year() < 2000)
        return std::nullopt;
    return month;
}

QString JournalArchive::monthText(QDate month)
{
    return month.toString(QStringLiteral("yyyy-MM"));
}

QString JournalArchive::archiveTable(QDate month)
{
    return CenterDatabase::journalPartition(month).replace(QLatin1String("journal_entries_"),
                                                           QLatin1String("journal_archive_"));
}

Result<JournalArchive::Month> JournalArchive::archive(QDate month, qint64 nowMs) const
{
    if (!m_db.isPostgres())
        return sqliteRefused();
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc()).date();
    if (month.addMonths(1) > QDate(today.year(), today.month(), 1))
        return Error{
            QStringLiteral("archive.current"),
            Tr::tr("%1 has not ended: only a month before the current one (UTC) is archived.").arg(monthText(month))};
    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s.error();
    auto already =
        m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM journal_archives WHERE month = ?"), {monthText(month)});
    if (!already.ok())
        return already.error();
    if (already.value().toLongLong() > 0)
        return Error{QStringLiteral("archive.already"),
                     Tr::tr("%1 is archived already (table %2).").arg(monthText(month), archiveTable(month))};
    // Its partition, with whatever the default partition caught of it.
    if (auto s = m_db.ensureJournalMonth(month); !s.ok())
        return s.error();
    const QString partition = CenterDatabase::journalPartition(month);
    const auto count = [&](const QString &sql) -> Result<qint64> {
        auto r = m_db.scalar(sql.arg(partition));
        if (!r.ok())
            return r.error();
        return r.value().toLongLong();
    };
    auto entries = count(QStringLiteral("SELECT COUNT(*) FROM %1"));
    if (!entries.ok())
        return entries.error();
    if (entries.value() == 0)
        return Error{QStringLiteral("archive.empty"),
                     Tr::tr("The journal holds no entries received in %1.").arg(monthText(month))};
    // What the month still owes the books and the proof: each refused with how many and what to do.
    const struct
    {
        QString sql;
        const char *code;
        QString words; ///< %1 entries, %2 the month
    } owing[] = {
        {QStringLiteral("SELECT COUNT(*) FROM %1 j JOIN devices d ON d.id = j.device_id WHERE j.seq > d.ledger_seq"),
         "archive.unapplied",
         Tr::tr("%1 entries received in %2 are not applied to the ledger yet; the center applies them at the "
                "terminal's next sync.")},
        {QStringLiteral("SELECT COUNT(*) FROM %1 j WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.device_id = "
                        "j.device_id AND a.seq = j.seq)"),
         "archive.not-checkpointed",
         Tr::tr("%1 entries received in %2 are under no signed checkpoint yet; run doorstep-center checkpoint "
                "first.")},
    };
    for (const auto &check : owing) {
        auto n = count(check.sql);
        if (!n.ok())
            return n.error();
        if (n.value() > 0)
            return Error{QString::fromLatin1(check.code), check.words.arg(n.value()).arg(monthText(month))};
    }
    const QString table = archiveTable(month);
    if (auto r = m_db.exec(QStringLiteral("INSERT INTO journal_archives (month, device_id, first_seq, last_seq, "
                                          "entries, archived_ms, archive_table) SELECT ?, device_id, MIN(seq), "
                                          "MAX(seq), COUNT(*), ?, ? FROM %1 GROUP BY device_id")
                               .arg(partition),
                           {monthText(month), nowMs, table});
        !r.ok())
        return r.error();
    auto devices =
        m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM journal_archives WHERE month = ?"), {monthText(month)});
    if (!devices.ok())
        return devices.error();
    // Only this month's partition is locked by the detach; the current month's ingest goes on
    // once the catalogue change commits.
    if (auto r = m_db.exec(QStringLiteral("ALTER TABLE journal_entries DETACH PARTITION %1").arg(partition)); !r.ok())
        return r.error();
    if (auto r = m_db.exec(QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(partition, table)); !r.ok())
        return r.error();
    if (auto s = tx.commit(); !s.ok())
        return s.error();
    return Month{month, table, entries.value(), devices.value().toLongLong()};
}

Result<JournalArchive::Month> JournalArchive::restore(QDate month) const
{
    if (!m_db.isPostgres())
        return sqliteRefused();
    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s.error();
    auto recorded = m_db.exec(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(entries), 0) FROM journal_archives WHERE "
                                             "month = ?"),
                              {monthText(month)});
    if (!recorded.ok())
        return recorded.error();
    QSqlQuery r = std::move(recorded).value();
    const qint64 devices = r.next() ? r.value(0).toLongLong() : 0;
    const qint64 entries = r.value(1).toLongLong();
    if (devices == 0)
        return Error{QStringLiteral("archive.not-archived"), Tr::tr("%1 is not archived.").arg(monthText(month))};
    const QString table = archiveTable(month);
    const QString partition = CenterDatabase::journalPartition(month);
    auto present = m_db.tableExists(table);
    if (!present.ok())
        return present.error();
    if (!present.value())
        return Error{QStringLiteral("archive.gone"),
                     Tr::tr("The table %1 is not in the database; load it back from its dump first.").arg(table)};
    auto held = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table));
    if (!held.ok())
        return held.error();
    if (held.value().toLongLong() != entries)
        return Error{QStringLiteral("archive.changed"),
                     Tr::tr("The table %1 holds %2 entries; %3 were archived. Nothing restored.")
                         .arg(table)
                         .arg(held.value().toLongLong())
                         .arg(entries)};
    // A partition made for the month since (empty: its entries are all in the archive) gives way.
    auto since = m_db.tableExists(partition);
    if (!since.ok())
        return since.error();
    if (since.value()) {
        auto rows = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(partition));
        if (!rows.ok())
            return rows.error();
        if (rows.value().toLongLong() > 0)
            return Error{
                QStringLiteral("archive.conflict"),
                Tr::tr("The journal holds new entries received in %1; nothing restored.").arg(monthText(month))};
        if (auto d = m_db.exec(QStringLiteral("DROP TABLE %1").arg(partition)); !d.ok())
            return d.error();
    }
    const auto [from, to] = CenterDatabase::journalMonthRange(month);
    if (auto d = m_db.exec(QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(table, partition)); !d.ok())
        return d.error();
    if (auto d =
            m_db.exec(QStringLiteral("ALTER TABLE journal_entries ATTACH PARTITION %1 FOR VALUES FROM (%2) TO (%3)")
                          .arg(partition)
                          .arg(from)
                          .arg(to));
        !d.ok())
        return d.error();
    if (auto d = m_db.exec(QStringLiteral("DELETE FROM journal_archives WHERE month = ?"), {monthText(month)}); !d.ok())
        return d.error();
    if (auto s = tx.commit(); !s.ok())
        return s.error();
    return Month{month, partition, entries, devices};
}

Result<std::optional<QDate>> JournalArchive::monthOf(const QString &deviceId, qint64 seq) const
{
    auto r = m_db.scalar(QStringLiteral("SELECT month FROM journal_archives WHERE device_id = ? AND first_seq <= ? AND "
                                        "last_seq >= ?"),
                         {deviceId, seq, seq});
    if (!r.ok())
        return r.error();
    if (!r.value().isValid())
        return std::optional<QDate>();
    return parseMonth(r.value().toString());
}

Result<QList<std::pair<qint64, qint64>>> JournalArchive::ranges(const QString &deviceId, qint64 first,
                                                                qint64 last) const
{
    auto q = m_db.exec(QStringLiteral("SELECT first_seq, last_seq FROM journal_archives WHERE device_id = ? AND "
                                      "first_seq <= ? AND last_seq >= ? ORDER BY first_seq"),
                       {deviceId, last, first});
    if (!q.ok())
        return q.error();
    QList<std::pair<qint64, qint64>> out;
    for (QSqlQuery r = std::move(q).value(); r.next();)
        out.append({r.value(0).toLongLong(), r.value(1).toLongLong()});
    return out;
}

Result<QList<QDate>> JournalArchive::months() const
{
    auto q = m_db.exec(QStringLiteral("SELECT DISTINCT month FROM journal_archives ORDER BY month"));
    if (!q.ok())
        return q.error();
    QList<QDate> out;
    for (QSqlQuery r = std::move(q).value(); r.next();) {
        if (const auto m = parseMonth(r.value(0).toString()))
            out.append(*m);
    }
    return out;
}
