#pragma once

#include <QDate>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>

#include "result.h"

/**
 * Where the center keeps its data, as given on the command line:
 *   sqlite:/path/to/center.db
 *   postgresql://user[:password]@host[:port]/database[?host=/socket/dir]
 *   postgresql://user@host1:port1,host2:port2/database?target_session_attrs=read-write
 * The second is libpq's multi-host form: a primary and its standby, the first that takes writes.
 */
struct DatabaseUrl
{
    enum class Kind { Sqlite, Postgres } kind = Kind::Sqlite;
    QString path; ///< SQLite file
    QString host; ///< PostgreSQL host (or socket directory); hosts separated by commas
    int port = 5432;
    QString ports;              ///< with several hosts: their ports, separated by commas
    QString targetSessionAttrs; ///< libpq's target_session_attrs (any, read-write, primary, …), or empty
    QString user;
    QString password;
    QString database;

    [[nodiscard]] static Result<DatabaseUrl> parse(const QString &url);
    [[nodiscard]] QString toDisplayString() const; ///< without the password, for logs
};

/**
 * One connection to the center's database (PostgreSQL through QPSQL in production, SQLite
 * through QSQLITE for small sites and tests) with the one schema both share. open() applies
 * the versioned migrations (a fall-through switch on schema_version) in a transaction before
 * anything else touches the data. Like every QSqlDatabase, an instance belongs to the thread
 * that opened it.
 */
class CenterDatabase
{
public:
    static constexpr int SchemaVersion = 18;

    CenterDatabase(DatabaseUrl url, QString connectionName);
    ~CenterDatabase();
    CenterDatabase(const CenterDatabase &) = delete;
    CenterDatabase &operator=(const CenterDatabase &) = delete;

    /// Connects and migrates to SchemaVersion. Refuses a database newer than this program.
    [[nodiscard]] Status open();
    void close();

    [[nodiscard]] bool isPostgres() const { return m_url.kind == DatabaseUrl::Kind::Postgres; }
    [[nodiscard]] QSqlDatabase db() const;
    [[nodiscard]] const DatabaseUrl &url() const { return m_url; }
    [[nodiscard]] int schemaVersion() const;

    /// Runs one statement with positional (?) bindings; Error "center.storage" with the driver's text.
    [[nodiscard]] Result<QSqlQuery> exec(const QString &sql, std::initializer_list<QVariant> bindings = {}) const;
    [[nodiscard]] Result<QSqlQuery> exec(const QString &sql, const QVariantList &bindings) const;
    /// The first column of the first row, or an invalid QVariant when there is no row.
    [[nodiscard]] Result<QVariant> scalar(const QString &sql, std::initializer_list<QVariant> bindings = {}) const;

    /// INSERT INTO table (columns) VALUES (…), (…) … `suffix`, as few statements as the
    /// dialect's parameter limit allows: one round trip per few hundred rows, not per row.
    [[nodiscard]] Status insertRows(const QString &table, const QStringList &columns, const QList<QVariantList> &rows,
                                    const QString &suffix = QString()) const;

    /// Appends rows as fast as the dialect allows: PostgreSQL's COPY FROM STDIN (libpq) inside
    /// the current transaction; multi-row INSERTs on SQLite. No ON CONFLICT: for new rows only.
    [[nodiscard]] Status copyRows(const QString &table, const QStringList &columns,
                                  const QList<QVariantList> &rows) const;

    /// BEGIN (IMMEDIATE on SQLite, so writers serialise at the start, not at the first write).
    [[nodiscard]] Status begin() const;
    [[nodiscard]] Status commit() const;
    void rollback() const;

    /// A storage failure as an Error for the log and the operator.
    [[nodiscard]] static Error storageError(const QString &what, const QString &driverText);

    /// Rows for the supervisor's exception list, each [at_ms, kind, device_id, seq, account,
    /// amount_fen, detail], in as few statements as insertRows() takes.
    [[nodiscard]] Status insertExceptions(const QList<QVariantList> &rows) const;

    /// The database's clock in ms since the epoch: one clock for every center instance on it.
    [[nodiscard]] Result<qint64> clockMs() const;

    /// PostgreSQL keeps journal_entries partitioned by the month (UTC) of received_ms, with a
    /// default partition for whatever no month holds. The partition of the month starting on
    /// `month`'s first day, by name, and made when missing (the default's rows of that month moved
    /// into it), one instance at a time. Call inside a transaction. Nothing on SQLite.
    [[nodiscard]] static QString journalPartition(QDate month);
    /// The received_ms range of the month starting on `month`'s first day: [from, to).
    [[nodiscard]] static std::pair<qint64, qint64> journalMonthRange(QDate month);
    [[nodiscard]] Status ensureJournalMonth(QDate month) const;
    /// This month's and next month's partitions, made ahead of the entries (when the journal is
    /// partitioned, and by `serve` at its start and hourly), so the default partition stays empty.
    [[nodiscard]] Status prepareJournalMonths() const;
    /// Whether a table of this name is in the database (PostgreSQL).
    [[nodiscard]] Result<bool> tableExists(const QString &name) const;

    /// Blob column type of the dialect: BYTEA or BLOB.
    [[nodiscard]] QString blobType() const;
    [[nodiscard]] QString serialType() const; ///< an auto-numbered primary key column's type

private:
    [[nodiscard]] Status migrate();
    [[nodiscard]] Status partitionJournal() const;   ///< schema 14 on PostgreSQL
    [[nodiscard]] Status ensureComingMonths() const; ///< prepareJournalMonths inside a transaction
    [[nodiscard]] Status execScript(const QString &script) const;
    /// After a statement failed: when PostgreSQL's connection is gone (the server died, a
    /// standby was promoted), connects again (libpq's multi-host URL finds the new primary).
    /// Returns true when a statement outside a transaction may be tried again.
    [[nodiscard]] bool reconnectIfLost() const;
    [[nodiscard]] Status connect() const;
    [[nodiscard]] Result<QSqlQuery> execOnce(const QString &sql, const QVariantList &bindings) const;

    DatabaseUrl m_url;
    QString m_connectionName;
    mutable bool m_inTransaction = false;
};

/** Rolls back unless commit() was reached: every early return leaves the database as it was. */
class CenterTransaction
{
public:
    explicit CenterTransaction(const CenterDatabase &db)
        : m_db(db)
    {
    }
    ~CenterTransaction()
    {
        if (m_open)
            m_db.rollback();
    }
    CenterTransaction(const CenterTransaction &) = delete;
    CenterTransaction &operator=(const CenterTransaction &) = delete;

    [[nodiscard]] Status begin()
    {
        auto s = m_db.begin();
        m_open = s.ok();
        return s;
    }
    [[nodiscard]] Status commit()
    {
        auto s = m_db.commit();
        if (!s.ok())
            m_db.rollback();
        m_open = false;
        return s;
    }

private:
    const CenterDatabase &m_db;
    bool m_open = false;
};
