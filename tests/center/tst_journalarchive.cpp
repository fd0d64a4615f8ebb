// Months of the center's journal archived (PostgreSQL partitions): the journal partitioned by the
// month the center received each entry, a schema-13 journal migrated with its rows, an ended month
// detached only once applied and checkpointed, what still asks for its entries answered (a resend,
// a receipt, an auditor's export), the month attached again; refused on SQLite in words. The
// command line (archive-month) runs the same, end to end.

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "centeraudit.h"
#include "centerimport.h"
#include "journalarchive.h"
#include "journalingest.h"
#include "pgtestserver.h"
#include "receiptcheck.h"
#include "receiptcode.h"
#include "synctestkit.h"

using namespace SyncTestKit;

namespace {

/// The 15th of the month two months before now, noon UTC: a month that has ended.
qint64 oldMonthMs()
{
    const QDate today = QDateTime::currentDateTimeUtc().date();
    return QDateTime(QDate(today.year(), today.month(), 15).addMonths(-2), QTime(12, 0), QTimeZone::utc())
        .toMSecsSinceEpoch();
}

QDate monthOf(qint64 ms)
{
    const QDate d = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).date();
    return {d.year(), d.month(), 1};
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestJournalArchive : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_work;
    QString m_url;
    Center m_center;
    std::unique_ptr<JournalIngest> m_ingest;
    std::optional<Device> m_device;
    int m_paid = 0;

    qint64 scalar(const QString &sql, std::initializer_list<QVariant> bindings = {}) const
    {
        return m_center.db->scalar(sql, bindings).value().toLongLong();
    }

    [[nodiscard]] bool pay(int n)
    {
        for (int i = 0; i < n; ++i) {
            const PaymentRecord p = payment(1, m_paid++);
            if (!m_device->journal->append(EntryKind::Payment, toCbor(p), dayStart(), QStringLiteral("C001"), 0).ok())
                return false;
        }
        return true;
    }

    /// The journal from `from` on, as one batch.
    Result<WireProtocol::JournalAck> upload(qint64 from, bool applyLedger = true)
    {
        auto ack = uploadJournal(*m_ingest, *m_device, from);
        if (ack.ok() && applyLedger) {
            if (auto applied = m_ingest->applyLedger(m_device->id); !applied.ok())
                return applied.error();
        }
        return ack;
    }

    Run center(const QStringList &args) const
    {
        QProcess p;
        p.start(QStringLiteral(DOORSTEP_CENTER_EXECUTABLE), args + QStringList{QStringLiteral("--db"), m_url});
        Run r;
        if (!p.waitForFinished(60000))
            return r;
        r.exitCode = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private slots:
    void initTestCase_data() { CenterTestDb::addBackendRows(); }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        m_work = std::make_unique<QTemporaryDir>();
        auto url = CenterTestDb::freshUrl(backend, m_work->path(), QStringLiteral("archive"));
        QVERIFY2(url.ok(), qPrintable(url.ok() ? QString() : url.error().message));
        m_url = url.value();
        auto center = openCenter(m_url);
        QVERIFY(center.ok());
        m_center = std::move(center).value();
        const Extract extract = writeExtract(m_work->path(), 1, 20);
        QVERIFY(CenterImport(*m_center.store).run(extract.accounts, extract.bills, extract.policy, QString()).ok());
        m_ingest = std::make_unique<JournalIngest>(*m_center.store);
        auto device = enrolDevice(*m_center.store, m_work->path(), QStringLiteral("dev-a"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        m_device = std::move(device).value();
        m_paid = 0;
    }

    void cleanup()
    {
        m_device.reset();
        m_ingest.reset();
        m_center = Center{};
        m_work.reset();
    }

    void monthsAreParsedStrictly()
    {
        for (const QString &bad : {QStringLiteral("2026-13"), QStringLiteral("2026-00"), QStringLiteral("26-01"),
                                   QStringLiteral("2026-1"), QStringLiteral("2026-01-01"), QStringLiteral("1999-12"),
                                   QStringLiteral(" 2026-01"), QStringLiteral("２０２６-01"), QString()})
            QVERIFY2(!JournalArchive::parseMonth(bad), qPrintable(bad));
        QCOMPARE(JournalArchive::parseMonth(QStringLiteral("2026-02")), QDate(2026, 2, 1));
        QCOMPARE(JournalArchive::archiveTable(QDate(2026, 2, 1)), QStringLiteral("journal_archive_y2026m02"));
        const Run cli = center({QStringLiteral("archive-month"), QStringLiteral("2026-13")});
        QCOMPARE(cli.exitCode, 2);
        QVERIFY2(cli.err.contains(QStringLiteral("archive-month needs one month, YYYY-MM.")), qPrintable(cli.err));
    }

    void endedMonthIsArchivedAndRestored()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == QLatin1String("sqlite")) {
            // One file keeps every month: refused in words, by the class and the command line.
            const JournalArchive archive(*m_center.db);
            const QDate month(2026, 1, 1);
            auto done = archive.archive(month, m_center.store->now());
            QVERIFY(!done.ok());
            QCOMPARE(done.error().code, QStringLiteral("archive.sqlite"));
            done = archive.restore(month);
            QVERIFY(!done.ok());
            QCOMPARE(done.error().code, QStringLiteral("archive.sqlite"));
            const Run cli = center({QStringLiteral("archive-month"), QStringLiteral("2026-01")});
            QCOMPARE(cli.exitCode, 1);
            QVERIFY2(cli.err.contains(QStringLiteral("error [archive.sqlite]: Archiving a month needs the PostgreSQL "
                                                     "journal")),
                     qPrintable(cli.err));
            return;
        }
        // Partitioned, with this month's and next month's partitions made ahead.
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM pg_partitioned_table WHERE partrelid = "
                                       "to_regclass('journal_entries')")),
                 1);
        const QDate thisMonth = monthOf(QDateTime::currentMSecsSinceEpoch());
        for (const QDate m : {thisMonth, thisMonth.addMonths(1)})
            QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM pg_class WHERE relname = ?"),
                            {CenterDatabase::journalPartition(m)}),
                     1);

        // Three payments received two months ago (no partition for it: the default takes them),
        // the first upload not yet applied to the ledger; two more received now.
        const qint64 old = oldMonthMs();
        const QDate oldMonth = monthOf(old);
        m_center.store->setClock([old] { return old; });
        QVERIFY(pay(3));
        auto ack = upload(1, false);
        QVERIFY(ack.ok() && !ack.value().refusal);
        m_center.store->setClock([] { return QDateTime::currentMSecsSinceEpoch(); });
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries_default")), 3);

        const JournalArchive archive(*m_center.db);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const auto refused = [&](QDate month, const QString &code) {
            auto done = archive.archive(month, now);
            return !done.ok() && done.error().code == code;
        };
        QVERIFY(refused(thisMonth, QStringLiteral("archive.current")));
        QVERIFY(refused(oldMonth.addMonths(-1), QStringLiteral("archive.empty")));
        QVERIFY(refused(oldMonth, QStringLiteral("archive.unapplied")));
        QVERIFY(m_ingest->applyLedger(m_device->id).ok());
        QVERIFY(pay(2));
        ack = upload(4);
        QVERIFY(ack.ok() && !ack.value().refusal);
        QVERIFY(refused(oldMonth, QStringLiteral("archive.not-checkpointed")));
        // Refused, nothing changed: the month's rows moved out of the default partition only.
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries")), 5);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM journal_archives")), 0);

        QVERIFY(CenterAudit(*m_center.store, QTimeZone::utc()).checkpoint().ok());
        const Run archived = center({QStringLiteral("archive-month"), JournalArchive::monthText(oldMonth)});
        QCOMPARE(archived.exitCode, 0);
        const QString table = JournalArchive::archiveTable(oldMonth);
        QCOMPARE(archived.out, QStringLiteral("%1: 3 entries of 1 terminals detached into table %2; keep it (pg_dump "
                                              "-t %2), then drop it\n")
                                   .arg(JournalArchive::monthText(oldMonth), table));
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries")), 2);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)), 3);
        QCOMPARE(scalar(QStringLiteral("SELECT last_seq FROM journal_archives WHERE device_id = 'dev-a'")), 3);
        QVERIFY(refused(oldMonth, QStringLiteral("archive.already")));

        // A terminal resending everything: the archived entries are acknowledged, nothing refused;
        // new entries go on being stored.
        QVERIFY(pay(1));
        ack = upload(1);
        QVERIFY(ack.ok());
        QVERIFY(!ack.value().refusal);
        QCOMPARE(ack.value().duplicates, 5);
        QCOMPARE(ack.value().stored, 1);
        QCOMPARE(ack.value().head, 6);

        // A receipt of an archived entry is recorded, not an alarm.
        const JournalEntry second = *m_device->journal->entry(2);
        const PaymentRecord p = recordFromCbor<PaymentRecord>(second.body).value();
        const QString code = ReceiptCode::sign(ReceiptCode::Kind::Payment, *m_device->key, 2, second.timeMs,
                                               p.accountNumber, p.amount.fen())
                                 .text();
        auto verdict = ReceiptCheck(*m_center.db, QTimeZone::utc()).check(code, now);
        QVERIFY(verdict.ok());
        QCOMPARE(verdict.value().status, ReceiptVerdict::Status::Recorded);
        QVERIFY2(verdict.value().words.contains(table), qPrintable(verdict.value().words));
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind LIKE 'receipt-%'")), 0);

        // An auditor's export needs the month back.
        const QDate day = QDateTime::fromMSecsSinceEpoch(now, QTimeZone::utc()).date();
        auto exported =
            CenterAudit(*m_center.store, QTimeZone::utc()).exportTo(m_work->filePath(QStringLiteral("x1")), day, day);
        QVERIFY(!exported.ok());
        QCOMPARE(exported.error().code, QStringLiteral("audit.archived"));

        const Run restored =
            center({QStringLiteral("archive-month"), JournalArchive::monthText(oldMonth), QStringLiteral("--restore")});
        QCOMPARE(restored.exitCode, 0);
        QCOMPARE(restored.out, QStringLiteral("%1: 3 entries of 1 terminals back in the journal\n")
                                   .arg(JournalArchive::monthText(oldMonth)));
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries")), 6);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM journal_archives")), 0);
        auto again = archive.restore(oldMonth);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("archive.not-archived"));
        exported =
            CenterAudit(*m_center.store, QTimeZone::utc()).exportTo(m_work->filePath(QStringLiteral("x2")), day, day);
        QVERIFY2(exported.ok(), qPrintable(exported.ok() ? QString() : exported.error().message));
        QCOMPARE(exported.value().entries, 6);

        // Archived again, its table altered behind the center's back: the restore refuses.
        QVERIFY(CenterAudit(*m_center.store, QTimeZone::utc()).checkpoint().ok());
        QVERIFY(archive.archive(oldMonth, now).ok());
        QVERIFY(m_center.db->exec(QStringLiteral("DELETE FROM %1 WHERE seq = 2").arg(table)).ok());
        again = archive.restore(oldMonth);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("archive.changed"));
        QVERIFY(m_center.db->exec(QStringLiteral("DROP TABLE %1").arg(table)).ok());
        again = archive.restore(oldMonth);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("archive.gone"));
    }

    // A journal of schema 13 (one table) becomes partitioned by month with every row kept.
    void schema13JournalIsPartitionedWithItsRows()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == QLatin1String("sqlite")) {
            // SQLite keeps one journal table, and the archive's record of months (empty).
            QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name LIKE "
                                           "'journal%'")),
                     2);
            QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM journal_archives")), 0);
            return;
        }
        const qint64 old = oldMonthMs();
        m_center.store->setClock([old] { return old; });
        QVERIFY(pay(2));
        QVERIFY(upload(1).ok());
        m_center.store->setClock([] { return QDateTime::currentMSecsSinceEpoch(); });
        QVERIFY(pay(2));
        QVERIFY(upload(3).ok());
        const qint64 sum = scalar(QStringLiteral("SELECT SUM(seq * 1000 + amount_fen) FROM journal_entries"));
        const QString script =
            QStringLiteral("CREATE TABLE plain AS SELECT * FROM journal_entries;"
                           "DROP TABLE journal_entries;"
                           "ALTER TABLE plain RENAME TO journal_entries;"
                           "ALTER TABLE journal_entries ADD PRIMARY KEY (device_id, seq);"
                           "CREATE INDEX journal_entries_time ON journal_entries (time_ms);"
                           "CREATE INDEX journal_entries_ref ON journal_entries (device_id, ref_seq);"
                           "DROP TABLE journal_archives;"
                           "DROP TABLE desk_sessions;"
                           "DROP TABLE route_branches;"
                           "DROP INDEX ledger_payments_account;"
                           "ALTER TABLE devices DROP COLUMN reported_head;"
                           "ALTER TABLE devices DROP COLUMN reported_oldest_ms;"
                           "ALTER TABLE devices DROP COLUMN reported_ms;"
                           "UPDATE schema_version SET version = 13");
        for (const QString &statement : script.split(u';'))
            QVERIFY2(m_center.db->exec(statement).ok(), qPrintable(statement));
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM pg_partitioned_table")), 0);
        m_ingest.reset();
        m_center = Center{};
        auto reopened = openCenter(m_url);
        QVERIFY(reopened.ok());
        m_center = std::move(reopened).value();
        QCOMPARE(m_center.db->schemaVersion(), CenterDatabase::SchemaVersion);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM pg_partitioned_table WHERE partrelid = "
                                       "to_regclass('journal_entries')")),
                 1);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries")), 4);
        QCOMPARE(scalar(QStringLiteral("SELECT SUM(seq * 1000 + amount_fen) FROM journal_entries")), sum);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(CenterDatabase::journalPartition(monthOf(old)))),
                 2);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries_default")), 0);
        // Schema 15's indexes for the ingest's caps, on the partitioned table (and so on each month).
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'journal_entries' AND "
                                       "indexname IN ('journal_entries_payment_time', "
                                       "'journal_entries_payment_shift')")),
                 2);
        // The ingest goes on where it stopped.
        m_ingest = std::make_unique<JournalIngest>(*m_center.store);
        QVERIFY(pay(1));
        auto ack = upload(1);
        QVERIFY(ack.ok() && !ack.value().refusal);
        QCOMPARE(ack.value().duplicates, 4);
        QCOMPARE(ack.value().stored, 1);
    }
};

QTEST_GUILESS_MAIN(TestJournalArchive)
#include "tst_journalarchive.moc"
