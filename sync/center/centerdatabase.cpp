#include "centerdatabase.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlDriver>
#include <QSqlError>
#include <QTimeZone>
#include <QUrl>
#include <QUrlQuery>

#include <libpq-fe.h>

namespace {

// One translation context for the whole file, including free functions and helper types, in a
// form lupdate understands.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(CenterDatabase)
};

// Version 1: the whole schema. Later versions append a case below it and fall through. {blob}
// and {serial} are the two spellings the dialects disagree on; everything else is common SQL.
const char *const schemaV1 = R"SQL(
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, version BIGINT NOT NULL);
CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    public_key {blob} NOT NULL,
    route TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('active', 'locked', 'wiped', 'frozen')),
    lock_seq BIGINT,
    head_seq BIGINT NOT NULL DEFAULT 0,
    head_hash {blob} NOT NULL,
    ledger_seq BIGINT NOT NULL DEFAULT 0,
    enrolled_ms BIGINT NOT NULL,
    last_seen_ms BIGINT,
    last_sync_ms BIGINT,
    frozen_reason TEXT);
CREATE TABLE enrolment_codes (
    code_hash {blob} PRIMARY KEY,
    device_id TEXT NOT NULL,
    route TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL,
    used_ms BIGINT);
CREATE TABLE collectors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('collector', 'supervisor')),
    pin_hash TEXT NOT NULL,
    route TEXT NOT NULL,
    active INTEGER NOT NULL,
    version BIGINT NOT NULL);
CREATE TABLE accounts (
    number TEXT PRIMARY KEY,
    route TEXT NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    village TEXT NOT NULL,
    walk_order INTEGER NOT NULL,
    meter TEXT NOT NULL,
    class TEXT NOT NULL,
    phone TEXT NOT NULL,
    prepaid_fen BIGINT NOT NULL,
    active INTEGER NOT NULL,
    version BIGINT NOT NULL);
CREATE INDEX accounts_route_version ON accounts (route, version);
CREATE TABLE bills (
    id TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    route TEXT NOT NULL,
    period TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    due_date TEXT NOT NULL,
    paid_fen BIGINT NOT NULL,
    active INTEGER NOT NULL,
    version BIGINT NOT NULL);
CREATE INDEX bills_route_version ON bills (route, version);
CREATE INDEX bills_account ON bills (account);
CREATE TABLE worklist_removals (
    id {serial},
    version BIGINT NOT NULL,
    route TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('account', 'bill')),
    key TEXT NOT NULL);
CREATE INDEX worklist_removals_route_version ON worklist_removals (route, version);
CREATE TABLE journal_entries (
    device_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    kind INTEGER NOT NULL,
    time_ms BIGINT NOT NULL,
    collector_id TEXT NOT NULL,
    shift_seq BIGINT NOT NULL,
    account TEXT NOT NULL,
    method INTEGER NOT NULL,
    amount_fen BIGINT NOT NULL,
    penalty_fen BIGINT NOT NULL,
    prepaid_fen BIGINT NOT NULL,
    ref_seq BIGINT NOT NULL,
    outcome INTEGER NOT NULL,
    hash {blob} NOT NULL,
    entry {blob} NOT NULL,
    received_ms BIGINT NOT NULL,
    PRIMARY KEY (device_id, seq));
CREATE INDEX journal_entries_time ON journal_entries (time_ms);
CREATE INDEX journal_entries_ref ON journal_entries (device_id, ref_seq);
CREATE TABLE ledger_payments (
    device_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    account TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    to_bills_fen BIGINT NOT NULL,
    to_prepaid_fen BIGINT NOT NULL,
    voided_by_seq BIGINT,
    PRIMARY KEY (device_id, seq));
CREATE TABLE ledger_lines (
    device_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    bill_id TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    PRIMARY KEY (device_id, seq, bill_id));
CREATE TABLE refusals (
    id {serial},
    at_ms BIGINT NOT NULL,
    device_id TEXT NOT NULL,
    remote TEXT NOT NULL,
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL);
CREATE TABLE exceptions (
    id {serial},
    at_ms BIGINT NOT NULL,
    kind TEXT NOT NULL,
    device_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    account TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    detail TEXT NOT NULL,
    resolved_ms BIGINT);
CREATE INDEX exceptions_at ON exceptions (at_ms);
CREATE TABLE commands (
    id {serial},
    device_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('lock', 'unlock', 'wipe')),
    issued_ms BIGINT NOT NULL,
    delivered_ms BIGINT,
    executed_ms BIGINT,
    executed_head BIGINT);
CREATE TABLE supervisor_tokens (
    token_hash {blob} PRIMARY KEY,
    name TEXT NOT NULL,
    created_ms BIGINT NOT NULL);
INSERT INTO counters (name, value) VALUES ('worklist_version', 0);
INSERT INTO counters (name, value) VALUES ('roster_version', 0);
INSERT INTO schema_version (version) VALUES (0);
)SQL";

/// The libpq connection under QPSQL, for what QPSQL does slowly: it sends bound values as
/// literals in an EXECUTE (parsed again each time) and a PREPARE/DEALLOCATE round trip each.
PGconn *pgConnection(const QSqlDatabase &db)
{
    QVariant handle = db.driver()->handle();
    // Registered as "PGconn*" or, through the struct's own name, "pg_conn*".
    if (!handle.isValid() ||
        (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return nullptr;
    return *static_cast<PGconn **>(handle.data());
}

/// One parameter in libpq's terms: text for numbers and strings, binary for bytea.
struct PgParam
{
    QByteArray data;
    bool isNull = false;
    bool binary = false;
};

PgParam pgParam(const QVariant &v)
{
    if (v.isNull() && v.typeId() != QMetaType::QString)
        return {{}, true, false};
    switch (v.typeId()) {
    case QMetaType::QByteArray:
        return {v.toByteArray(), false, true};
    case QMetaType::Bool:
        return {v.toBool() ? QByteArrayLiteral("1") : QByteArrayLiteral("0"), false, false};
    default:
        return {v.toString().toUtf8(), false, false};
    }
}

QByteArray copyField(const QVariant &v)
{
    if (v.isNull() && v.typeId() != QMetaType::QString)
        return QByteArrayLiteral("\\N");
    if (v.typeId() == QMetaType::QByteArray)
        return "\\\\x" + v.toByteArray().toHex(); // COPY text turns the doubled backslash into one
    QByteArray text = v.toString().toUtf8();
    if (text.contains('\\') || text.contains('\t') || text.contains('\n') || text.contains('\r')) {
        text.replace("\\", "\\\\");
        text.replace("\t", "\\t");
        text.replace("\n", "\\n");
        text.replace("\r", "\\r");
    }
    return text;
}

} // namespace

Result<DatabaseUrl> DatabaseUrl::parse(const QString &text)
{
    DatabaseUrl url;
    if (text.startsWith(QLatin1String("sqlite:"))) {
        url.kind = Kind::Sqlite;
        url.path = text.mid(7);
        if (url.path.startsWith(QLatin1String("//")))
            url.path = url.path.mid(2);
        if (url.path.isEmpty())
            return Error{QStringLiteral("center.db-url"), Tr::tr("The SQLite URL names no file: %1").arg(text)};
        return url;
    }
    const auto bad = [&text] {
        return Error{QStringLiteral("center.db-url"),
                     Tr::tr("Not a database URL (sqlite:/path or postgresql://user@host:port/db): %1").arg(text)};
    };
    // Several hosts (libpq's host1:port1,host2:port2) are beyond QUrl: the first one stands in
    // for the authority while QUrl reads the rest, and the list is read here.
    QString single = text;
    QStringList hosts;
    QStringList ports;
    const qsizetype scheme = text.indexOf(QLatin1String("://"));
    const qsizetype slash = scheme < 0 ? -1 : text.indexOf(QLatin1Char('/'), scheme + 3);
    const QString authority = scheme < 0 ? QString() : text.mid(scheme + 3, slash < 0 ? -1 : slash - scheme - 3);
    const qsizetype at = authority.lastIndexOf(QLatin1Char('@'));
    const QString hostList = authority.mid(at + 1);
    if (hostList.contains(QLatin1Char(','))) {
        for (const QString &entry : hostList.split(QLatin1Char(','))) {
            const QUrl one(QStringLiteral("postgresql://") + entry, QUrl::StrictMode);
            if (entry.isEmpty() || !one.isValid() || one.host().isEmpty() || !one.userInfo().isEmpty() ||
                !one.path().isEmpty())
                return bad();
            hosts.append(one.host());
            ports.append(QString::number(one.port(5432)));
        }
        if (hosts.size() > 8)
            return bad();
        single = text.left(scheme + 3) + authority.left(at + 1) + hostList.section(QLatin1Char(','), 0, 0) +
                 (slash < 0 ? QString() : text.mid(slash));
    }
    const QUrl u(single, QUrl::StrictMode);
    if (!u.isValid() || (u.scheme() != QLatin1String("postgresql") && u.scheme() != QLatin1String("postgres")))
        return bad();
    url.kind = Kind::Postgres;
    url.host = hosts.isEmpty() ? u.host() : hosts.join(QLatin1Char(','));
    url.port = u.port(5432);
    if (!hosts.isEmpty())
        url.ports = ports.join(QLatin1Char(','));
    url.user = u.userName();
    url.password = u.password();
    url.database = u.path().mid(1);
    const QUrlQuery query(u);
    if (query.hasQueryItem(QStringLiteral("host")))
        url.host = query.queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded);
    if (query.hasQueryItem(QStringLiteral("target_session_attrs"))) {
        url.targetSessionAttrs = query.queryItemValue(QStringLiteral("target_session_attrs"));
        static const QStringList known = {QStringLiteral("any"),       QStringLiteral("read-write"),
                                          QStringLiteral("read-only"), QStringLiteral("primary"),
                                          QStringLiteral("standby"),   QStringLiteral("prefer-standby")};
        if (!known.contains(url.targetSessionAttrs))
            return Error{QStringLiteral("center.db-url"),
                         Tr::tr("target_session_attrs is one of %1: %2").arg(known.join(QStringLiteral(", ")), text)};
    }
    if (url.database.isEmpty() || url.database.contains(QLatin1Char('/')))
        return Error{QStringLiteral("center.db-url"), Tr::tr("The PostgreSQL URL names no database: %1").arg(text)};
    return url;
}

QString DatabaseUrl::toDisplayString() const
{
    if (kind == Kind::Sqlite)
        return QStringLiteral("sqlite:") + path;
    QString where = QStringLiteral("%1:%2").arg(host).arg(port);
    if (!ports.isEmpty()) {
        QStringList pairs;
        const QStringList hs = host.split(QLatin1Char(','));
        const QStringList ps = ports.split(QLatin1Char(','));
        for (qsizetype i = 0; i < hs.size(); ++i)
            pairs.append(hs.at(i) + QLatin1Char(':') + ps.value(i));
        where = pairs.join(QLatin1Char(','));
    }
    return QStringLiteral("postgresql://%1@%2/%3%4")
        .arg(user, where, database,
             targetSessionAttrs.isEmpty() ? QString() : QStringLiteral("?target_session_attrs=") + targetSessionAttrs);
}

CenterDatabase::CenterDatabase(DatabaseUrl url, QString connectionName)
    : m_url(std::move(url))
    , m_connectionName(std::move(connectionName))
{
}

CenterDatabase::~CenterDatabase()
{
    close();
}

QSqlDatabase CenterDatabase::db() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Error CenterDatabase::storageError(const QString &what, const QString &driverText)
{
    return Error{QStringLiteral("center.storage"),
                 Tr::tr("The center's database failed (%1): %2").arg(what, driverText)};
}

Status CenterDatabase::open()
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(
            m_url.kind == DatabaseUrl::Kind::Postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"),
            m_connectionName);
        if (m_url.kind == DatabaseUrl::Kind::Postgres) {
            db.setHostName(m_url.host);
            db.setUserName(m_url.user);
            db.setPassword(m_url.password);
            db.setDatabaseName(m_url.database);
            // QPSQL passes its options to libpq as they are (';' for ' '): several hosts' ports,
            // and which of them to take.
            QStringList options{QStringLiteral("connect_timeout=10")};
            if (m_url.ports.isEmpty())
                db.setPort(m_url.port);
            else
                options.append(QStringLiteral("port=") + m_url.ports);
            if (!m_url.targetSessionAttrs.isEmpty())
                options.append(QStringLiteral("target_session_attrs=") + m_url.targetSessionAttrs);
            db.setConnectOptions(options.join(QLatin1Char(';')));
        } else {
            db.setDatabaseName(m_url.path);
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        }
    }
    if (auto s = connect(); !s.ok())
        return s;
    return migrate();
}

Status CenterDatabase::connect() const
{
    QSqlDatabase handle = db();
    if (!handle.open())
        return storageError(QStringLiteral("open %1").arg(m_url.toDisplayString()), handle.lastError().text());
    if (m_url.kind == DatabaseUrl::Kind::Sqlite) {
        // The center's SQLite is as durable as the device's journal: WAL, fsync on every commit.
        for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
            if (auto r = exec(QString::fromLatin1(pragma)); !r.ok())
                return r.error();
        }
    } else {
        if (auto r = exec(QStringLiteral("SET client_min_messages TO WARNING")); !r.ok())
            return r.error();
    }
    return success();
}

bool CenterDatabase::reconnectIfLost() const
{
    if (!isPostgres())
        return false;
    PGconn *conn = pgConnection(db());
    if (conn && PQstatus(conn) == CONNECTION_OK)
        return false;
    const bool wasInTransaction = std::exchange(m_inTransaction, false);
    QSqlDatabase handle = db();
    handle.close();
    if (auto s = connect(); !s.ok()) {
        qWarning("center: the database is unreachable: %s", qPrintable(s.error().message));
        return false;
    }
    qInfo("center: connected again to %s", qPrintable(m_url.toDisplayString()));
    return !wasInTransaction; // a transaction's work is lost with its connection: its caller fails
}

void CenterDatabase::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Status CenterDatabase::insertExceptions(const QList<QVariantList> &rows) const
{
    return insertRows(QStringLiteral("exceptions"),
                      {QStringLiteral("at_ms"), QStringLiteral("kind"), QStringLiteral("device_id"),
                       QStringLiteral("seq"), QStringLiteral("account"), QStringLiteral("amount_fen"),
                       QStringLiteral("detail")},
                      rows);
}

Result<qint64> CenterDatabase::clockMs() const
{
    auto t = scalar(isPostgres()
                        ? QStringLiteral("SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)")
                        : QStringLiteral("SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)"));
    if (!t.ok())
        return t.error();
    bool ok = false;
    const qint64 ms = t.value().toLongLong(&ok);
    if (!ok)
        return Error{QStringLiteral("center.time"), Tr::tr("The database did not tell the time.")};
    return ms;
}

QString CenterDatabase::serialType() const
{
    return isPostgres() ? QStringLiteral("BIGSERIAL PRIMARY KEY") : QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT");
}

QString CenterDatabase::blobType() const
{
    return isPostgres() ? QStringLiteral("BYTEA") : QStringLiteral("BLOB");
}

int CenterDatabase::schemaVersion() const
{
    auto tables = db().tables();
    if (!tables.contains(QStringLiteral("schema_version")))
        return 0;
    auto r = scalar(QStringLiteral("SELECT version FROM schema_version"));
    return r.ok() && r.value().isValid() ? r.value().toInt() : 0;
}

Status CenterDatabase::execScript(const QString &script) const
{
    const QStringList statements = script.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString &statement : statements) {
        const QString sql = statement.trimmed();
        if (sql.isEmpty())
            continue;
        if (auto r = exec(sql); !r.ok())
            return r.error();
    }
    return success();
}

QString CenterDatabase::journalPartition(QDate month)
{
    return QStringLiteral("journal_entries_y%1m%2")
        .arg(month.year(), 4, 10, QLatin1Char('0'))
        .arg(month.month(), 2, 10, QLatin1Char('0'));
}

std::pair<qint64, qint64> CenterDatabase::journalMonthRange(QDate month)
{
    const QDate first(month.year(), month.month(), 1);
    return {QDateTime(first, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch(),
            QDateTime(first.addMonths(1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch()};
}

Result<bool> CenterDatabase::tableExists(const QString &name) const
{
    auto r = scalar(QStringLiteral("SELECT to_regclass(?::text) IS NOT NULL"), {name});
    if (!r.ok())
        return r.error();
    return r.value().toBool();
}

Status CenterDatabase::ensureJournalMonth(QDate month) const
{
    if (!isPostgres())
        return success();
    const QString name = journalPartition(month);
    // Instances starting together: one makes it, the others find it made.
    if (auto r = exec(QStringLiteral("SELECT pg_advisory_xact_lock(7431014)")); !r.ok())
        return r.error();
    auto exists = tableExists(name);
    if (!exists.ok())
        return exists.error();
    if (exists.value())
        return success();
    const auto [from, to] = journalMonthRange(month);
    return execScript(QStringLiteral("CREATE TABLE %1 (LIKE journal_entries INCLUDING DEFAULTS INCLUDING CONSTRAINTS);"
                                     "WITH moved AS (DELETE FROM journal_entries_default WHERE received_ms >= %2 AND "
                                     "received_ms < %3 RETURNING *) INSERT INTO %1 SELECT * FROM moved;"
                                     "ALTER TABLE journal_entries ATTACH PARTITION %1 FOR VALUES FROM (%2) TO (%3)")
                          .arg(name)
                          .arg(from)
                          .arg(to));
}

Status CenterDatabase::prepareJournalMonths() const
{
    if (!isPostgres())
        return success();
    CenterTransaction tx(*this);
    if (auto s = tx.begin(); !s.ok())
        return s;
    if (auto s = ensureComingMonths(); !s.ok())
        return s;
    return tx.commit();
}

Status CenterDatabase::ensureComingMonths() const
{
    auto now = clockMs();
    if (!now.ok())
        return now.error();
    const QDate today = QDateTime::fromMSecsSinceEpoch(now.value(), QTimeZone::utc()).date();
    for (const QDate month : {today, today.addMonths(1)}) {
        if (auto s = ensureJournalMonth(month); !s.ok())
            return s;
    }
    return success();
}

Status CenterDatabase::partitionJournal() const
{
    auto partitioned = scalar(QStringLiteral("SELECT COUNT(*) FROM pg_partitioned_table WHERE partrelid = "
                                             "to_regclass('journal_entries')"));
    if (!partitioned.ok())
        return partitioned.error();
    if (partitioned.value().toLongLong() > 0)
        return success();
    // The primary key takes the partition key in: (device_id, seq) stays unique because the
    // ingest holds the device's row and stores only what continues its head.
    if (auto s = execScript(QStringLiteral(
            "ALTER TABLE journal_entries RENAME TO journal_entries_unpartitioned;"
            "ALTER INDEX journal_entries_time RENAME TO journal_entries_unpartitioned_time;"
            "ALTER INDEX journal_entries_ref RENAME TO journal_entries_unpartitioned_ref;"
            "CREATE TABLE journal_entries (LIKE journal_entries_unpartitioned INCLUDING DEFAULTS) PARTITION BY RANGE "
            "(received_ms);"
            "ALTER TABLE journal_entries ADD PRIMARY KEY (device_id, seq, received_ms);"
            "CREATE INDEX journal_entries_time ON journal_entries (time_ms);"
            "CREATE INDEX journal_entries_ref ON journal_entries (device_id, ref_seq);"
            "CREATE TABLE journal_entries_default PARTITION OF journal_entries DEFAULT"));
        !s.ok())
        return s;
    // A partition for every month that holds entries (a thousand at most; the rest waits in the
    // default partition), then the rows.
    auto months = exec(QStringLiteral("SELECT DISTINCT to_char(to_timestamp(received_ms / 1000.0) AT TIME ZONE 'UTC', "
                                      "'YYYY-MM') FROM journal_entries_unpartitioned LIMIT 1000"));
    if (!months.ok())
        return months.error();
    QList<QDate> list;
    for (QSqlQuery q = std::move(months).value(); q.next();) {
        const QDate month = QDate::fromString(q.value(0).toString() + QStringLiteral("-01"), Qt::ISODate);
        if (month.isValid())
            list.append(month);
    }
    for (const QDate month : std::as_const(list)) {
        if (auto s = ensureJournalMonth(month); !s.ok())
            return s;
    }
    if (auto s = ensureComingMonths(); !s.ok())
        return s;
    return execScript(QStringLiteral("INSERT INTO journal_entries SELECT * FROM journal_entries_unpartitioned;"
                                     "DROP TABLE journal_entries_unpartitioned"));
}

Status CenterDatabase::migrate()
{
    const int from = schemaVersion();
    if (from > SchemaVersion)
        return Error{QStringLiteral("center.schema-too-new"),
                     Tr::tr("The database has schema version %1; this program knows only up to %2.")
                         .arg(from)
                         .arg(SchemaVersion)};
    if (from == SchemaVersion)
        return success();
    CenterTransaction tx(*this);
    if (auto s = tx.begin(); !s.ok())
        return s;
    switch (from) {
    case 0: {
        QString script = QString::fromLatin1(schemaV1);
        script.replace(QLatin1String("{blob}"), blobType());
        script.replace(QLatin1String("{serial}"), serialType());
        if (auto s = execScript(script); !s.ok())
            return s;
        [[fallthrough]];
    }
    case 1:
        // A bill's penalty settled up to a day (penalty_from) with what stays owed of it, so a part
        // payment's penalty is never charged again; a ledger line keeps the penalty it paid.
        if (auto s = execScript(QStringLiteral("ALTER TABLE bills ADD COLUMN penalty_fen BIGINT NOT NULL DEFAULT 0;"
                                               "ALTER TABLE bills ADD COLUMN penalty_from TEXT NOT NULL DEFAULT '';"
                                               "ALTER TABLE ledger_lines ADD COLUMN penalty_fen BIGINT NOT NULL "
                                               "DEFAULT 0"));
            !s.ok())
            return s;
        [[fallthrough]];
    case 2:
        // The last request counter taken from each device: a replayed request is refused.
        if (auto s = execScript(QStringLiteral("ALTER TABLE devices ADD COLUMN request_counter BIGINT NOT NULL "
                                               "DEFAULT 0"));
            !s.ok())
            return s;
        [[fallthrough]];
    case 3:
        // Revoked: a device whose key is refused from then on (what it holds stays), and an
        // enrolment code withdrawn before anyone used it.
        if (auto s = execScript(QStringLiteral("ALTER TABLE devices ADD COLUMN revoked_ms BIGINT;"
                                               "ALTER TABLE enrolment_codes ADD COLUMN revoked_ms BIGINT"));
            !s.ok())
            return s;
        [[fallthrough]];
    case 4:
        // Exposure limits set at the center for every terminal, a route or a collector; they
        // travel with every worklist reply.
        if (auto s = execScript(QStringLiteral("CREATE TABLE exposure_rules (scope INTEGER NOT NULL CHECK (scope IN "
                                               "(0, 1, 2)), scope_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT "
                                               "NULL, PRIMARY KEY (scope, scope_id, key))"));
            !s.ok())
            return s;
        [[fallthrough]];
    case 5: {
        // A payment reversed at the center after its shift (a supervisor's correction): the
        // ledger row remembers it, so a late void from the device cannot reverse it twice, and
        // the route's terminals are told with their worklist (version).
        QString script = QStringLiteral(
            "ALTER TABLE ledger_payments ADD COLUMN corrected_ms BIGINT;"
            "CREATE TABLE corrections (id {serial}, device_id TEXT NOT NULL, seq BIGINT NOT NULL, "
            "account TEXT NOT NULL, route TEXT NOT NULL, amount_fen BIGINT NOT NULL, reason TEXT NOT NULL, "
            "made_by TEXT NOT NULL, at_ms BIGINT NOT NULL, version BIGINT NOT NULL, UNIQUE (device_id, seq));"
            "CREATE INDEX corrections_route_at ON corrections (route, at_ms)");
        script.replace(QLatin1String("{serial}"), serialType());
        if (auto s = execScript(script); !s.ok())
            return s;
        [[fallthrough]];
    }
    case 6:
        // The center's own signing key (receipts of imported journal exports), one row.
        if (auto s = execScript(QStringLiteral("CREATE TABLE center_keys (id INTEGER PRIMARY KEY CHECK (id = 1), "
                                               "private_pem TEXT NOT NULL, public_key %1 NOT NULL, created_ms BIGINT "
                                               "NOT NULL)")
                                    .arg(blobType()));
            !s.ok())
            return s;
        [[fallthrough]];
    case 7: {
        // The posting ledger: every line a payment applied here (principal per bill, penalty per
        // bill, prepaid credit) as the billing system must post it, and its reversal when voided
        // or corrected. Rows never change but for the billing system's acknowledgement. Payments
        // applied before it exist are posted once, as they stand now.
        QString script = QStringLiteral(
            "CREATE TABLE postings (id {serial}, device_id TEXT NOT NULL, payment_seq BIGINT NOT NULL, "
            "source TEXT NOT NULL CHECK (source IN ('payment', 'void', 'correction')), source_seq BIGINT NOT NULL, "
            "account TEXT NOT NULL, route TEXT NOT NULL, bill_id TEXT NOT NULL, "
            "part TEXT NOT NULL CHECK (part IN ('principal', 'penalty', 'prepaid')), amount_fen BIGINT NOT NULL, "
            "created_ms BIGINT NOT NULL, acked_ms BIGINT, ack_status TEXT, ack_ref TEXT);"
            "CREATE INDEX postings_open_bill ON postings (bill_id) WHERE ack_status IS NULL OR ack_status <> "
            "'posted';"
            "CREATE INDEX postings_open_account ON postings (account) WHERE ack_status IS NULL OR ack_status <> "
            "'posted';"
            "CREATE INDEX postings_created ON postings (created_ms);"
            "INSERT INTO postings (device_id, payment_seq, source, source_seq, account, route, bill_id, part, "
            "amount_fen, created_ms) SELECT l.device_id, l.seq, 'payment', l.seq, p.account, COALESCE(a.route, ''), "
            "l.bill_id, 'principal', l.amount_fen, 0 FROM ledger_lines l JOIN ledger_payments p ON p.device_id = "
            "l.device_id AND p.seq = l.seq LEFT JOIN accounts a ON a.number = p.account WHERE l.amount_fen > 0 AND "
            "p.voided_by_seq IS NULL AND p.corrected_ms IS NULL;"
            "INSERT INTO postings (device_id, payment_seq, source, source_seq, account, route, bill_id, part, "
            "amount_fen, created_ms) SELECT l.device_id, l.seq, 'payment', l.seq, p.account, COALESCE(a.route, ''), "
            "l.bill_id, 'penalty', l.penalty_fen, 0 FROM ledger_lines l JOIN ledger_payments p ON p.device_id = "
            "l.device_id AND p.seq = l.seq LEFT JOIN accounts a ON a.number = p.account WHERE l.penalty_fen > 0 AND "
            "p.voided_by_seq IS NULL AND p.corrected_ms IS NULL;"
            "INSERT INTO postings (device_id, payment_seq, source, source_seq, account, route, bill_id, part, "
            "amount_fen, created_ms) SELECT p.device_id, p.seq, 'payment', p.seq, p.account, COALESCE(a.route, ''), "
            "'', 'prepaid', p.to_prepaid_fen, 0 FROM ledger_payments p LEFT JOIN accounts a ON a.number = "
            "p.account WHERE p.to_prepaid_fen > 0 AND p.voided_by_seq IS NULL AND p.corrected_ms IS NULL;"
            // The latest time any instance served devices: the clock is never served backwards.
            "INSERT INTO counters (name, value) VALUES ('time_served', 0)");
        script.replace(QLatin1String("{serial}"), serialType());
        if (auto s = execScript(script); !s.ok())
            return s;
        [[fallthrough]];
    }
    case 8:
        // The center's append-only log of stored entries (an RFC 9162 Merkle tree's leaves, in the
        // order checkpoints took them) and its signed tree heads, for auditors (CenterAudit).
        if (auto s =
                execScript(QStringLiteral("CREATE TABLE audit_log (idx BIGINT PRIMARY KEY, device_id TEXT NOT NULL, "
                                          "seq BIGINT NOT NULL, leaf_hash %1 NOT NULL, UNIQUE (device_id, seq));"
                                          "CREATE TABLE tree_heads (size BIGINT PRIMARY KEY, root %1 NOT NULL, "
                                          "made_ms BIGINT NOT NULL, signature %1 NOT NULL)")
                               .arg(blobType()));
            !s.ok())
            return s;
        [[fallthrough]];
    case 9:
        // A supervisor's sign-off of an exception (CenterReports::signOff): one per exception,
        // never changed or deleted; the exception itself stays where it was recorded.
        if (auto s = execScript(QStringLiteral("CREATE TABLE exception_signoffs (exception_id TEXT PRIMARY KEY, "
                                               "signed_by TEXT NOT NULL, at_ms BIGINT NOT NULL, note TEXT NOT NULL)"));
            !s.ok())
            return s;
        [[fallthrough]];
    case 10:
        // Worklist versions per route (CenterStore::routeVersion): what changes every route's
        // worklist at once, and corrections found by route and version.
        if (auto s = execScript(QStringLiteral("INSERT INTO counters (name, value) SELECT 'all_routes_version', value "
                                               "FROM counters WHERE name = 'worklist_version';"
                                               "CREATE INDEX corrections_route_version ON corrections (route, "
                                               "version)"));
            !s.ok())
            return s;
        [[fallthrough]];
    case 11: {
        // The web desk's users (DeskUsers): role, branch, a slow password hash; disabled, never
        // deleted; and the log of what is done in their name.
        QString script = QStringLiteral(
            "CREATE TABLE desk_users (name TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('supervisor', "
            "'cashier', 'auditor', 'admin')), branch TEXT NOT NULL, password_hash TEXT NOT NULL, created_ms BIGINT "
            "NOT NULL, disabled_ms BIGINT, failed_logins INTEGER NOT NULL DEFAULT 0, locked_until_ms BIGINT);"
            "CREATE TABLE desk_audit (id {serial}, at_ms BIGINT NOT NULL, user_name TEXT NOT NULL, action TEXT NOT "
            "NULL, detail TEXT NOT NULL)");
        script.replace(QLatin1String("{serial}"), serialType());
        if (auto s = execScript(script); !s.ok())
            return s;
        [[fallthrough]];
    }
    case 12:
        // What the billing extract itself says was paid on each bill, and when the last extract
        // came in: the reconciliation finds postings billing acknowledged and its extract lacks.
        if (auto s = execScript(QStringLiteral("ALTER TABLE bills ADD COLUMN extract_paid_fen BIGINT;"
                                               "INSERT INTO counters (name, value) VALUES ('extract_imported_ms', 0)"));
            !s.ok())
            return s;
        [[fallthrough]];
    case 13:
        // Months of the journal detached and archived (JournalArchive): which entries of which
        // terminal went where. On PostgreSQL the journal becomes partitioned by month.
        if (auto s = execScript(QStringLiteral(
                "CREATE TABLE journal_archives (month TEXT NOT NULL, device_id TEXT NOT NULL, first_seq BIGINT NOT "
                "NULL, last_seq BIGINT NOT NULL, entries BIGINT NOT NULL, archived_ms BIGINT NOT NULL, archive_table "
                "TEXT NOT NULL, PRIMARY KEY (month, device_id));"
                "CREATE INDEX journal_archives_device ON journal_archives (device_id, first_seq)"));
            !s.ok())
            return s;
        if (isPostgres()) {
            if (auto s = partitionJournal(); !s.ok())
                return s;
        }
        [[fallthrough]];
    case 14:
        // The ingest's caps sum a device's payments of one day and of one shift for every batch:
        // found by index, not by reading the day's entries of every device (or all of the
        // device's), which grew with the evening and with the years.
        if (auto s = execScript(QStringLiteral("CREATE INDEX IF NOT EXISTS journal_entries_payment_time ON "
                                               "journal_entries (device_id, time_ms) WHERE kind = 2;"
                                               "CREATE INDEX IF NOT EXISTS journal_entries_payment_shift ON "
                                               "journal_entries (device_id, shift_seq) WHERE kind = 2"));
            !s.ok())
            return s;
        [[fallthrough]];
    case 15: {
        // The web desk's sessions (DeskSessions): the cookie's token only as its hash.
        QString script = QStringLiteral(
            "CREATE TABLE desk_sessions (token_hash {blob} PRIMARY KEY, user_name TEXT NOT NULL, csrf TEXT NOT NULL, "
            "created_ms BIGINT NOT NULL, last_seen_ms BIGINT NOT NULL, ended_ms BIGINT)");
        script.replace(QLatin1String("{blob}"), blobType());
        if (auto s = execScript(script); !s.ok())
            return s;
        [[fallthrough]];
    }
    case 16:
        // Which branch each route is in (RouteBranches): what a branch's desk users see.
        if (auto s = execScript(QStringLiteral("CREATE TABLE route_branches (route TEXT PRIMARY KEY, branch TEXT NOT "
                                               "NULL);CREATE INDEX route_branches_branch ON route_branches (branch);"
                                               // The desk finds an account's receipts by it.
                                               "CREATE INDEX ledger_payments_account ON ledger_payments (account)"));
            !s.ok())
            return s;
        [[fallthrough]];
    case 17:
        // Where each device said its journal stood when it last asked for commands (the desk's
        // "oldest entry not synced"): its head, that entry's time, and when it said so.
        if (auto s = execScript(QStringLiteral("ALTER TABLE devices ADD COLUMN reported_head BIGINT;"
                                               "ALTER TABLE devices ADD COLUMN reported_oldest_ms BIGINT;"
                                               "ALTER TABLE devices ADD COLUMN reported_ms BIGINT;"
                                               // The desk's cash in hand starts at each device's
                                               // last shift opening (CenterReports::cashInHand).
                                               "CREATE INDEX IF NOT EXISTS journal_entries_shift_opened ON "
                                               "journal_entries (device_id, seq) WHERE kind = 1"));
            !s.ok())
            return s;
        [[fallthrough]];
    default:
        break;
    }
    if (auto r = exec(QStringLiteral("UPDATE schema_version SET version = ?"), {SchemaVersion}); !r.ok())
        return r.error();
    return tx.commit();
}

Result<QSqlQuery> CenterDatabase::exec(const QString &sql, std::initializer_list<QVariant> bindings) const
{
    return exec(sql, QVariantList(bindings));
}

Result<QSqlQuery> CenterDatabase::exec(const QString &sql, const QVariantList &bindings) const
{
    auto r = execOnce(sql, bindings);
    // A statement on its own, after the connection was lost, is tried once on a new one.
    if (!r.ok() && reconnectIfLost())
        r = execOnce(sql, bindings);
    return r;
}

Result<QSqlQuery> CenterDatabase::execOnce(const QString &sql, const QVariantList &bindings) const
{
    QSqlQuery query(db());
    query.setForwardOnly(true);
    if (bindings.isEmpty()) {
        if (!query.exec(sql))
            return storageError(sql.left(60), query.lastError().text());
        return query;
    }
    if (!query.prepare(sql))
        return storageError(sql.left(60), query.lastError().text());
    for (const QVariant &v : bindings) {
        // A null QString is "no text" here, never SQL NULL (every text column is NOT NULL).
        if (v.typeId() == QMetaType::QString && v.toString().isNull())
            query.addBindValue(QString(QLatin1String("")));
        else
            query.addBindValue(v);
    }
    if (!query.exec())
        return storageError(sql.left(60), query.lastError().text());
    return query;
}

Result<QVariant> CenterDatabase::scalar(const QString &sql, std::initializer_list<QVariant> bindings) const
{
    auto r = exec(sql, bindings);
    if (!r.ok())
        return r.error();
    QSqlQuery q = std::move(r).value();
    if (!q.next())
        return QVariant();
    return q.value(0);
}

Status CenterDatabase::insertRows(const QString &table, const QStringList &columns, const QList<QVariantList> &rows,
                                  const QString &suffix) const
{
    if (rows.isEmpty())
        return success();
    if (PGconn *conn = isPostgres() ? pgConnection(db()) : nullptr) {
        // One PQexecParams per chunk: the statement is parsed once, values travel apart from it.
        const qsizetype perStatement = qMax<qsizetype>(1, 30000 / columns.size());
        for (qsizetype start = 0; start < rows.size(); start += perStatement) {
            const qsizetype n = qMin(perStatement, rows.size() - start);
            QByteArray sql =
                "INSERT INTO " + table.toUtf8() + " (" + columns.join(QStringLiteral(", ")).toUtf8() + ") VALUES ";
            std::vector<PgParam> params;
            params.reserve(size_t(n * columns.size()));
            int index = 0;
            for (qsizetype i = 0; i < n; ++i) {
                sql += i == 0 ? "(" : ", (";
                const QVariantList &row = rows.at(start + i);
                for (qsizetype c = 0; c < columns.size(); ++c) {
                    if (c > 0)
                        sql += ", ";
                    sql += '$' + QByteArray::number(++index);
                    params.push_back(pgParam(row.at(c)));
                }
                sql += ')';
            }
            if (!suffix.isEmpty())
                sql += ' ' + suffix.toUtf8();
            std::vector<const char *> values(params.size());
            std::vector<int> lengths(params.size());
            std::vector<int> formats(params.size());
            for (size_t i = 0; i < params.size(); ++i) {
                values[i] = params[i].isNull ? nullptr : params[i].data.constData();
                lengths[i] = int(params[i].data.size());
                formats[i] = params[i].binary ? 1 : 0;
            }
            PGresult *result = PQexecParams(conn, sql.constData(), int(params.size()), nullptr, values.data(),
                                            lengths.data(), formats.data(), 0);
            const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
            const QString message = QString::fromUtf8(PQresultErrorMessage(result));
            PQclear(result);
            if (!ok)
                return storageError(QStringLiteral("insert into %1").arg(table), message);
        }
        return success();
    }
    // SQLite allows 32766 parameters, PostgreSQL 65535; stay well under both.
    const qsizetype perStatement = qMax<qsizetype>(1, 8000 / columns.size());
    const QString head = QStringLiteral("INSERT INTO %1 (%2) VALUES ").arg(table, columns.join(QStringLiteral(", ")));
    QString tuple = QStringLiteral("(");
    for (qsizetype i = 0; i < columns.size(); ++i)
        tuple += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
    tuple += QLatin1Char(')');
    for (qsizetype start = 0; start < rows.size(); start += perStatement) {
        const qsizetype n = qMin(perStatement, rows.size() - start);
        QString sql = head;
        QVariantList values;
        values.reserve(n * columns.size());
        for (qsizetype i = 0; i < n; ++i) {
            if (i > 0)
                sql += QStringLiteral(", ");
            sql += tuple;
            const QVariantList &row = rows.at(start + i);
            Q_ASSERT(row.size() == columns.size());
            values += row;
        }
        if (!suffix.isEmpty())
            sql += QLatin1Char(' ') + suffix;
        if (auto r = exec(sql, values); !r.ok())
            return r.error();
    }
    return success();
}

Status CenterDatabase::copyRows(const QString &table, const QStringList &columns, const QList<QVariantList> &rows) const
{
    if (rows.isEmpty())
        return success();
    PGconn *conn = isPostgres() ? pgConnection(db()) : nullptr;
    if (!conn)
        return insertRows(table, columns, rows);
    const QByteArray sql =
        "COPY " + table.toUtf8() + " (" + columns.join(QStringLiteral(", ")).toUtf8() + ") FROM STDIN";
    PGresult *start = PQexec(conn, sql.constData());
    const bool started = PQresultStatus(start) == PGRES_COPY_IN;
    const QString startError = QString::fromUtf8(PQresultErrorMessage(start));
    PQclear(start);
    if (!started)
        return storageError(QStringLiteral("copy into %1").arg(table), startError);
    QByteArray buffer;
    buffer.reserve(qsizetype(256) * 1024);
    for (const QVariantList &row : rows) {
        for (qsizetype c = 0; c < row.size(); ++c) {
            if (c > 0)
                buffer += '\t';
            buffer += copyField(row.at(c));
        }
        buffer += '\n';
    }
    bool ok = PQputCopyData(conn, buffer.constData(), int(buffer.size())) == 1;
    ok = PQputCopyEnd(conn, ok ? nullptr : "client failed") == 1 && ok;
    QString message;
    while (PGresult *result = PQgetResult(conn)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK) {
            ok = false;
            message = QString::fromUtf8(PQresultErrorMessage(result));
        }
        PQclear(result);
    }
    if (!ok)
        return storageError(QStringLiteral("copy into %1").arg(table), message);
    return success();
}

Status CenterDatabase::begin() const
{
    auto r = exec(isPostgres() ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE"));
    if (!r.ok())
        return r.error();
    m_inTransaction = true;
    return success();
}

Status CenterDatabase::commit() const
{
    auto r = exec(QStringLiteral("COMMIT"));
    m_inTransaction = false;
    if (!r.ok())
        return r.error();
    return success();
}

void CenterDatabase::rollback() const
{
    m_inTransaction = false;
    QSqlQuery query(db());
    query.exec(QStringLiteral("ROLLBACK"));
}
