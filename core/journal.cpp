#include "journal.h"

#include <QCoreApplication>

#include <map>
#include <tuple>
#include <type_traits>

namespace {

constexpr int SchemaVersion = 3;

const char *const Schema = R"sql(
CREATE TABLE IF NOT EXISTS journal (
    seq       INTEGER PRIMARY KEY,   -- 1, 2, 3 … without gaps
    kind      INTEGER NOT NULL,
    time_ms   INTEGER NOT NULL,
    collector TEXT    NOT NULL,
    shift_seq INTEGER NOT NULL,
    account   TEXT    NOT NULL,
    method    INTEGER NOT NULL,
    amount    INTEGER NOT NULL,
    penalty   INTEGER NOT NULL,
    prepaid   INTEGER NOT NULL,
    ref_seq   INTEGER NOT NULL,
    outcome   INTEGER NOT NULL,
    entry     BLOB    NOT NULL,      -- JournalEntry::toCbor(): the signed truth
    hash      BLOB    NOT NULL       -- the entry's hash, for chaining without decoding
);
CREATE INDEX IF NOT EXISTS journal_shift ON journal(shift_seq);
CREATE TRIGGER IF NOT EXISTS journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: corrections are new entries'); END;
CREATE TRIGGER IF NOT EXISTS journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: entries are never deleted'); END;
)sql";

Error journalError(const char *code, const char *text)
{
    return Error{QString::fromLatin1(code), QCoreApplication::translate("Journal", text)};
}

// ---- Totals beside the entries (schema version 2): one journal_totals row per TotalsBucket key.

// The figure columns, in the order visitFigures() walks a bucket.
const char *const FigureColumns[] = {
    "entries", "first_seq", "first_time", "last_seq",    "last_time",    "pay_n0",   "pay_n1",        "pay_n2",
    "pay_n3",  "pay_n4",    "pay_a0",     "pay_a1",      "pay_a2",       "pay_a3",   "pay_a4",        "void_n0",
    "void_n1", "void_n2",   "void_n3",    "void_n4",     "void_a0",      "void_a1",  "void_a2",       "void_a3",
    "void_a4", "penalty",   "prepaid",    "visit0",      "visit1",       "visit2",   "visit3",        "visit4",
    "visit5",  "visit6",    "printed",    "reprinted",   "handed_n",     "handed_a", "opening_float", "opened",
    "closed",  "counted",   "difference", "clock_flags", "invalid_voids"};
constexpr int KeyColumns = 4; // shift_seq, opens_shift, collector, hour
constexpr int FigureCount = int(std::size(FigureColumns));

template<typename Bucket, typename Visit>
void visitFigures(Bucket &b, Visit &&visit)
{
    visit(b.entries);
    visit(b.firstSeq);
    visit(b.firstTimeMs);
    visit(b.lastSeq);
    visit(b.lastTimeMs);
    for (auto &p : b.payments)
        visit(p.count);
    for (auto &p : b.payments)
        visit(p.amount);
    for (auto &v : b.voids)
        visit(v.count);
    for (auto &v : b.voids)
        visit(v.amount);
    visit(b.penalty);
    visit(b.prepaid);
    for (auto &n : b.visits)
        visit(n);
    visit(b.receiptsPrinted);
    visit(b.receiptsReprinted);
    visit(b.handedOver.count);
    visit(b.handedOver.amount);
    visit(b.openingFloat);
    visit(b.shiftsOpened);
    visit(b.shiftsClosed);
    visit(b.counted);
    visit(b.difference);
    visit(b.clockFlags);
    visit(b.invalidVoids);
}

void bindBucket(SqliteStatement &s, const TotalsBucket &b)
{
    s.bind(1, b.shiftSeq);
    s.bind(2, b.opensShiftSeq);
    s.bind(3, QStringView(b.collectorId));
    s.bind(4, b.hour);
    int column = KeyColumns;
    visitFigures(b, [&](const auto &x) {
        if constexpr (std::is_same_v<std::decay_t<decltype(x)>, Money>)
            s.bind(++column, x.fen());
        else
            s.bind(++column, qint64(x));
    });
    Q_ASSERT(column == KeyColumns + FigureCount);
}

/// False if a column is not an integer (SQLite turns an overflowing sum into a real, or the file was edited).
[[nodiscard]] bool readBucket(const SqliteStatement &s, TotalsBucket &b)
{
    bool ok = sqlite3_column_type(s.handle(), 2) == SQLITE_TEXT;
    const auto integer = [&](int column) {
        ok = ok && sqlite3_column_type(s.handle(), column) == SQLITE_INTEGER;
        return s.int64(column);
    };
    b.shiftSeq = integer(0);
    b.opensShiftSeq = integer(1);
    b.collectorId = s.text(2);
    b.hour = integer(3);
    int column = KeyColumns - 1;
    visitFigures(b, [&](auto &x) {
        const qint64 v = integer(++column);
        if constexpr (std::is_same_v<std::decay_t<decltype(x)>, Money>)
            x = Money::fromFen(v);
        else
            x = v;
    });
    return ok;
}

/** The totals' SQL, generated from the one column list so that no statement can disagree with another. */
struct TotalsSql
{
    QByteArray schema; ///< the table, and the index that finds a payment's voids
    QByteArray upsert; ///< insert a bucket or merge it into its row, as TotalsBucket::merge
    /// The rows matching a Journal::TotalsQuery: ?1 shift, ?2 opened shift, ?3..?4 hours, ?5 collector.
    QByteArray select;
};

const TotalsSql &totalsSql()
{
    static const TotalsSql sql = [] {
        TotalsSql out;
        QByteArray columns = "shift_seq, opens_shift, collector, hour";
        QByteArray values = "?1, ?2, ?3, ?4";
        QByteArray set;
        out.schema = "CREATE TABLE IF NOT EXISTS journal_totals (\n"
                     "    shift_seq INTEGER NOT NULL, opens_shift INTEGER NOT NULL, collector TEXT NOT NULL,"
                     " hour INTEGER NOT NULL";
        int n = KeyColumns;
        for (const char *c : FigureColumns) {
            const QByteArray name(c);
            out.schema += ",\n    " + name + " INTEGER NOT NULL";
            columns += ", " + name;
            values += ", ?" + QByteArray::number(++n);
            if (!set.isEmpty())
                set += ", ";
            if (name == "first_seq")
                set += "first_seq = min(first_seq, excluded.first_seq)";
            else if (name == "first_time")
                set += "first_time = CASE WHEN excluded.first_seq < first_seq THEN excluded.first_time ELSE first_time "
                       "END";
            else if (name == "last_seq")
                set += "last_seq = max(last_seq, excluded.last_seq)";
            else if (name == "last_time")
                set += "last_time = CASE WHEN excluded.last_seq > last_seq THEN excluded.last_time ELSE last_time END";
            else
                set += name + " = " + name + " + excluded." + name;
        }
        // WITHOUT ROWID: the key is the only b-tree an append touches here. The partial index
        // holds void rows only: what it costs falls on voids, and it finds a payment's voids.
        out.schema += ",\n    PRIMARY KEY (shift_seq, opens_shift, collector, hour)) WITHOUT ROWID;\n"
                      "CREATE INDEX IF NOT EXISTS journal_void ON journal(ref_seq) WHERE kind = 3;\n";
        out.upsert = "INSERT INTO journal_totals (" + columns + ") VALUES (" + values +
                     ") ON CONFLICT (shift_seq, opens_shift, collector, hour) DO UPDATE SET " + set;
        out.select = "SELECT " + columns +
                     " FROM journal_totals WHERE (?1 IS NULL OR shift_seq = ?1 OR opens_shift = ?2)"
                     " AND (?3 IS NULL OR hour BETWEEN ?3 AND ?4) AND (?5 IS NULL OR collector = ?5)";
        return out;
    }();
    return sql;
}

// What totalsAddUp() compares with the journal: entries, last seq, and that the sum is an integer.
const char *const TotalsCheckSql =
    "SELECT coalesce(sum(entries), 0), coalesce(max(last_seq), 0), typeof(sum(entries)) FROM journal_totals";

// The derived columns, first twelve of both walks' SELECT, in JournalFact's order.
const char *const FactColumns =
    "seq, kind, time_ms, collector, shift_seq, account, method, amount, penalty, prepaid, ref_seq, outcome";

void readFactColumns(const SqliteStatement &s, JournalFact &f)
{
    f.seq = s.int64(0);
    f.kind = EntryKind(s.int64(1));
    f.timeMs = s.int64(2);
    f.collectorId = s.text(3);
    f.shiftSeq = s.int64(4);
    f.accountNumber = s.text(5);
    f.method = int(s.int64(6));
    f.amount = Money::fromFen(s.int64(7));
    f.penalty = Money::fromFen(s.int64(8));
    f.prepaid = Money::fromFen(s.int64(9));
    f.refSeq = s.int64(10);
    f.outcome = int(s.int64(11));
}

} // namespace

struct Journal::Impl
{
    Impl(QString p, QString device, const DeviceKey &k, Options o)
        : path(std::move(p))
        , deviceId(std::move(device))
        , key(k)
        , options(o)
    {
    }

    QString path;
    QString deviceId;
    const DeviceKey &key;
    Options options;
    SqliteDb db;
    SqliteStatement insert;
    SqliteStatement selectLast;
    SqliteStatement selectEntry;
    SqliteStatement selectState;
    SqliteStatement begin;
    SqliteStatement commit;
    SqliteStatement rollback;
    // Totals (valid only while journal_totals exists): merge a bucket, look up a void's target,
    // read rows, check they add up to the entries, and a read transaction around the reads.
    SqliteStatement upsertTotals;
    SqliteStatement selectVoidTarget;
    SqliteStatement selectTotals;
    SqliteStatement sumTotals;
    SqliteStatement beginRead;
    qint64 lastSeq = 0;
    QByteArray lastHash = QByteArray(32, '\0');

    /// SQLite's error, or "journal.damaged" when the file itself is not a sound database.
    [[nodiscard]] Error storageError(const char *what) const
    {
        const int rc = db.isOpen() ? sqlite3_errcode(db.handle()) & 0xff : SQLITE_OK;
        if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
            return Error{QStringLiteral("journal.damaged"),
                         QCoreApplication::translate("Journal",
                                                     "The journal file is damaged and cannot be read (%1). Take no "
                                                     "payments on this terminal and call your supervisor.")
                             .arg(db.lastError())};
        return db.error(QString::fromLatin1(what));
    }
    /// Ends a failed transaction, if SQLite has not already ended it.
    void rollbackIfOpen()
    {
        if (db.isOpen() && !sqlite3_get_autocommit(db.handle())) {
            rollback.reset();
            (void)rollback.step();
            rollback.reset();
        }
    }
    /// Whether journal_totals exists and adds up to the entries: as many entries as the last
    /// seq (seq is gapless), the same last seq. A cheap check, not a proof; append() keeps it so.
    [[nodiscard]] Result<bool> totalsAddUp(qint64 journalLastSeq) const
    {
        SqliteStatement exists =
            db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal_totals'");
        if (!exists.isValid() || exists.step() != SQLITE_ROW)
            return storageError("totals");
        if (exists.int64(0) == 0)
            return false;
        SqliteStatement sum = db.prepare(TotalsCheckSql);
        if (!sum.isValid() || sum.step() != SQLITE_ROW)
            return storageError("totals");
        return sum.int64(0) == journalLastSeq && sum.int64(1) == journalLastSeq &&
               (journalLastSeq == 0 || sum.text(2) == QLatin1String("integer"));
    }

    /// Empties journal_totals and fills it from the facts, in the caller's write transaction.
    [[nodiscard]] Status rebuildTotals()
    {
        if (!db.exec(totalsSql().schema.constData()).ok() || !db.exec("DELETE FROM journal_totals").ok())
            return storageError("totals");
        // One pass in memory, then one row per key: the same buckets append() would have merged.
        std::map<std::tuple<qint64, qint64, QString, qint64>, TotalsBucket> buckets;
        TotalsBucket::Fold fold;
        const QByteArray sql = QByteArray("SELECT ") + FactColumns + " FROM journal ORDER BY seq";
        SqliteStatement facts = db.prepare(sql.constData());
        if (!facts.isValid())
            return storageError("totals");
        JournalFact f;
        int rc = SQLITE_ROW;
        while ((rc = facts.step()) == SQLITE_ROW) {
            readFactColumns(facts, f);
            const TotalsBucket b = fold.add(f);
            auto [it, inserted] = buckets.try_emplace({b.shiftSeq, b.opensShiftSeq, b.collectorId, b.hour}, b);
            if (!inserted)
                it->second.merge(b);
        }
        if (rc != SQLITE_DONE)
            return storageError("totals");
        SqliteStatement upsert = db.prepare(totalsSql().upsert.constData());
        if (!upsert.isValid())
            return storageError("totals");
        for (const auto &[bucketKey, bucket] : buckets) {
            upsert.reset();
            bindBucket(upsert, bucket);
            if (upsert.step() != SQLITE_DONE)
                return storageError("totals");
        }
        return success();
    }

    /// What the entry at `seq` is to a void appended now: read before the void's own row exists.
    [[nodiscard]] Result<std::optional<TotalsBucket::VoidTarget>> voidTarget(qint64 seq)
    {
        SqliteStatement &s = selectVoidTarget;
        s.reset();
        s.bind(1, seq);
        const int rc = s.step();
        std::optional<TotalsBucket::VoidTarget> target;
        if (rc == SQLITE_ROW)
            target = TotalsBucket::VoidTarget{s.int64(0) == qint64(EntryKind::Payment),
                                              int(s.int64(1)),
                                              Money::fromFen(s.int64(2)),
                                              Money::fromFen(s.int64(3)),
                                              Money::fromFen(s.int64(4)),
                                              s.int64(5) != 0};
        s.reset();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return storageError("append");
        return target;
    }

    /// One text or integer answer of a PRAGMA.
    [[nodiscard]] QString pragma(const char *sql) const
    {
        SqliteStatement s = db.prepare(sql);
        return s.isValid() && s.step() == SQLITE_ROW ? s.text(0) : QString();
    }
};

Journal::Journal(QString path, QString deviceId, const DeviceKey &key, Options options)
    : d(new Impl(std::move(path), std::move(deviceId), key, options))
{
}

Journal::~Journal()
{
    close();
    delete d;
}

Status Journal::open()
{
    close();
    if (!d->key.isValid())
        return journalError(
            "journal.no-key",
            QT_TRANSLATE_NOOP("Journal", "The device has no signing key; the journal cannot be opened."));
    if (auto s = d->db.open(d->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, d->options.vfs); !s.ok())
        return s;
    Status opened = openDatabase();
    if (!opened.ok())
        close();
    return opened;
}

Status Journal::openDatabase()
{
    // WAL with FULL: every commit syncs the WAL before append() returns (ARCHITECTURE.md rule 2).
    // Both are read back: a file system that cannot do WAL, or a pragma that did not take, must
    // not leave the journal quietly less durable than it claims.
    const bool full = d->options.sync == Options::Sync::Full;
    if (auto s = d->db.exec(full ? "PRAGMA synchronous=FULL; PRAGMA cell_size_check=ON;"
                                 : "PRAGMA synchronous=NORMAL; PRAGMA cell_size_check=ON;");
        !s.ok())
        return d->storageError("open");
    const QString mode = d->pragma("PRAGMA journal_mode=WAL");
    if (mode.isEmpty())
        return d->storageError("open");
    if (mode != QLatin1String("wal"))
        return journalError("journal.no-wal", QT_TRANSLATE_NOOP("Journal", "The journal's storage cannot keep a "
                                                                           "write-ahead log; it was not opened."));
    if (d->pragma("PRAGMA synchronous") != QLatin1String(full ? "2" : "1"))
        return journalError("journal.no-sync",
                            QT_TRANSLATE_NOOP("Journal", "The journal's storage refused to sync each payment to disk; "
                                                         "it was not opened."));
    const int version = d->db.userVersion();
    if (version < 0)
        return d->storageError("open");
    if (version > SchemaVersion)
        return journalError("journal.schema",
                            QT_TRANSLATE_NOOP("Journal", "The journal was written by a newer version of Doorstep."));
    // Migrations fall through, each in its own transaction with its user_version step.
    switch (version) {
    case 0:
        if (auto s = d->db.exec("BEGIN IMMEDIATE"); !s.ok())
            return d->storageError("migrate");
        if (!d->db.exec(Schema).ok() || !d->db.setUserVersion(1).ok() || !d->db.exec("COMMIT").ok()) {
            const Error e = d->storageError("migrate");
            d->rollbackIfOpen();
            return e;
        }
        [[fallthrough]];
    case 1:
        // The totals beside the entries; ensureTotals() below fills the table.
        if (auto s = d->db.exec("BEGIN IMMEDIATE"); !s.ok())
            return d->storageError("migrate");
        if (!d->db.exec(totalsSql().schema.constData()).ok() || !d->db.setUserVersion(2).ok() ||
            !d->db.exec("COMMIT").ok()) {
            const Error e = d->storageError("migrate");
            d->rollbackIfOpen();
            return e;
        }
        [[fallthrough]];
    case 2:
        // The sync client's marks (acknowledged head, lock, wipe, request counter) live beside the
        // entries, so that a lock and a pending wipe are checked in the same transaction as an append.
        if (auto s = d->db.exec("BEGIN IMMEDIATE"); !s.ok())
            return d->storageError("migrate");
        if (!d->db.exec("CREATE TABLE IF NOT EXISTS sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)").ok() ||
            !d->db.setUserVersion(3).ok() || !d->db.exec("COMMIT").ok()) {
            const Error e = d->storageError("migrate");
            d->rollbackIfOpen();
            return e;
        }
        [[fallthrough]];
    case SchemaVersion:
        break;
    }
    d->insert = d->db.prepare(
        "INSERT INTO journal(seq, kind, time_ms, collector, shift_seq, account, method, amount, penalty, prepaid,"
        " ref_seq, outcome, entry, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    d->selectLast = d->db.prepare("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1");
    d->selectEntry = d->db.prepare("SELECT entry FROM journal WHERE seq = ?1");
    d->selectState = d->db.prepare("SELECT value FROM sync_state WHERE key = ?1");
    d->begin = d->db.prepare("BEGIN IMMEDIATE");
    d->commit = d->db.prepare("COMMIT");
    d->rollback = d->db.prepare("ROLLBACK");
    if (!d->insert.isValid() || !d->selectLast.isValid() || !d->selectEntry.isValid() || !d->begin.isValid() ||
        !d->commit.isValid() || !d->rollback.isValid())
        return d->storageError("prepare");
    auto last = readLast();
    if (!last.ok())
        return last.error();
    d->lastSeq = last->first;
    d->lastHash = last->second;

    // The totals are derived data: a journal whose totals cannot be rebuilt now (another
    // connection holds the write lock, a damaged page) still opens, appends and folds.
    if (const Status totals = ensureTotals(); !totals.ok())
        qWarning("journal: totals not rebuilt, reports fold the entries: %s", qPrintable(totals.error().message));
    // Prepared only if the table is there (it is unless a rebuild failed): without them, appends
    // skip the totals and reads report none, and the next open rebuilds.
    d->upsertTotals = d->db.prepare(totalsSql().upsert.constData());
    d->selectTotals = d->db.prepare(totalsSql().select.constData());
    d->sumTotals = d->db.prepare(TotalsCheckSql);
    // "kind = 3" as a literal, so that the planner takes the partial index of voids.
    d->selectVoidTarget = d->db.prepare(
        "SELECT kind, method, amount, penalty, prepaid,"
        " EXISTS (SELECT 1 FROM journal WHERE kind = 3 AND ref_seq = ?1 AND seq > ?1) FROM journal WHERE seq = ?1");
    d->beginRead = d->db.prepare("BEGIN");
    return success();
}

Status Journal::ensureTotals()
{
    // A look without the write lock first: the table adds up on every open but the first.
    const auto addsUp = d->totalsAddUp(d->lastSeq);
    if (addsUp.ok() && addsUp.value())
        return success();
    d->begin.reset();
    const int begun = d->begin.step();
    d->begin.reset();
    if (begun != SQLITE_DONE) {
        const Error e = d->storageError("totals");
        d->rollbackIfOpen();
        return e;
    }
    // Under the lock, again: another connection may have appended or rebuilt meanwhile.
    const auto last = readLast();
    if (!last.ok()) {
        d->rollbackIfOpen();
        return last.error();
    }
    const auto stillAddsUp = d->totalsAddUp(last->first);
    if (!stillAddsUp.ok() || !stillAddsUp.value()) {
        if (Status rebuilt = d->rebuildTotals(); !rebuilt.ok()) {
            d->rollbackIfOpen();
            return rebuilt;
        }
    }
    d->commit.reset();
    const int committed = d->commit.step();
    d->commit.reset();
    if (committed != SQLITE_DONE) {
        const Error e = d->storageError("totals");
        d->rollbackIfOpen();
        return e;
    }
    return success();
}

Result<std::pair<qint64, QByteArray>> Journal::readLast() const
{
    d->selectLast.reset();
    const int rc = d->selectLast.step();
    std::pair<qint64, QByteArray> last{0, QByteArray(32, '\0')};
    if (rc == SQLITE_ROW)
        last = {d->selectLast.int64(0), d->selectLast.blob(1)};
    d->selectLast.reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return d->storageError("read");
    if (last.first < 0 || last.second.size() != 32)
        return journalError("journal.damaged",
                            QT_TRANSLATE_NOOP("Journal", "The journal's last entry is damaged. Take no payments on "
                                                         "this terminal and call your supervisor."));
    return last;
}

void Journal::close()
{
    d->insert = {};
    d->selectLast = {};
    d->selectEntry = {};
    d->selectState = {};
    d->begin = {};
    d->commit = {};
    d->rollback = {};
    d->upsertTotals = {};
    d->selectVoidTarget = {};
    d->selectTotals = {};
    d->sumTotals = {};
    d->beginRead = {};
    d->db.close();
    d->lastSeq = 0;
    d->lastHash = QByteArray(32, '\0');
}

QString Journal::state(const char *key, const QString &fallback) const
{
    if (!d->db.isOpen())
        return fallback;
    SqliteStatement &s = d->selectState;
    s.reset();
    s.bind(1, QString::fromLatin1(key));
    QString value = s.step() == SQLITE_ROW ? s.text(0) : fallback;
    s.reset();
    return value;
}

Status Journal::setState(const char *key, const QString &value)
{
    if (!d->db.isOpen())
        return journalError("journal.closed", QT_TRANSLATE_NOOP("Journal", "The journal is not open."));
    SqliteStatement s = d->db.prepare(
        "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind(1, QString::fromLatin1(key));
    s.bind(2, value);
    if (s.step() != SQLITE_DONE)
        return d->storageError("state");
    return success();
}

Status Journal::appendAllowed(EntryKind kind) const
{
    if (state("wipe_command", QStringLiteral("0")) != QLatin1String("0"))
        return journalError("journal.wipe-pending",
                            QT_TRANSLATE_NOOP("Journal", "The center ordered this terminal wiped: nothing more can be "
                                                         "recorded on it. Sync so that the wipe can finish."));
    if ((kind == EntryKind::Payment || kind == EntryKind::Void) && state("locked") == QLatin1String("1"))
        return journalError("journal.locked",
                            QT_TRANSLATE_NOOP("Journal", "This terminal is locked by the center: it takes no payment "
                                                         "and no void until it is unlocked. Call your supervisor."));
    return success();
}

Result<JournalEntry> Journal::append(EntryKind kind, const QCborMap &body, qint64 timeMs, const QString &collectorId,
                                     qint64 shiftSeq)
{
    if (!d->db.isOpen())
        return journalError("journal.closed", QT_TRANSLATE_NOOP("Journal", "The journal is not open."));
    // Bad input changes nothing: a body that is not its kind's record is refused before any write.
    if (const Status record = checkRecord(kind, body); !record.ok())
        return Error{QStringLiteral("journal.bad-body"), record.error().message};
    if (shiftSeq < 0)
        return journalError("journal.bad-body",
                            QT_TRANSLATE_NOOP("Journal", "The entry's record cannot be stored faithfully."));

    d->begin.reset();
    if (d->begin.step() != SQLITE_DONE) {
        const Error e = d->storageError("begin");
        d->rollbackIfOpen();
        return e;
    }
    // Under the write lock, the file says where the chain ends: the in-memory copy is only a
    // cache, and a commit whose outcome was unknown (an I/O error after the write) is picked up.
    const auto last = readLast();
    if (!last.ok()) {
        d->rollbackIfOpen();
        return last.error();
    }
    // Under the same lock, what the center ordered: a locked terminal takes no payment and no void,
    // and one waiting to be wiped writes nothing more, so that "everything acknowledged" stays true.
    if (const Status allowed = appendAllowed(kind); !allowed.ok()) {
        d->rollbackIfOpen();
        return allowed.error();
    }
    JournalEntry e;
    e.deviceId = d->deviceId;
    e.seq = last->first + 1; // assigned here, at write time, never at send time
    e.kind = kind;
    e.timeMs = timeMs;
    e.collectorId = collectorId;
    e.shiftSeq = shiftSeq;
    e.body = body;
    e.prevHash = last->second;
    e.hash = e.computeHash();
    // What is stored must read back as exactly this entry (a body with a float would not).
    if (!e.hasCanonicalBody()) {
        d->rollbackIfOpen();
        return journalError("journal.bad-body",
                            QT_TRANSLATE_NOOP("Journal", "The entry's record cannot be stored faithfully."));
    }
    e.signature = d->key.sign(e.hash);
    if (e.signature.size() != 64) {
        d->rollbackIfOpen();
        return journalError("journal.sign", QT_TRANSLATE_NOOP("Journal", "The entry could not be signed."));
    }
    const QByteArray blob = e.toCbor();
    const JournalFact f = JournalFact::fromEntry(e);
    // A void's totals need its target as it stands before this void: looked up before the insert.
    std::optional<TotalsBucket::VoidTarget> target;
    if (d->upsertTotals.isValid() && f.kind == EntryKind::Void && f.refSeq >= 1 && f.refSeq < e.seq) {
        auto found = d->voidTarget(f.refSeq);
        if (!found.ok()) {
            d->rollbackIfOpen();
            return found.error();
        }
        target = found.value();
    }

    SqliteStatement &s = d->insert;
    s.reset();
    s.bind(1, e.seq);
    s.bind(2, qint64(e.kind));
    s.bind(3, e.timeMs);
    s.bind(4, QStringView(e.collectorId));
    s.bind(5, e.shiftSeq);
    s.bind(6, QStringView(f.accountNumber));
    s.bind(7, qint64(f.method));
    s.bind(8, f.amount.fen());
    s.bind(9, f.penalty.fen());
    s.bind(10, f.prepaid.fen());
    s.bind(11, f.refSeq);
    s.bind(12, qint64(f.outcome));
    s.bind(13, blob);
    s.bind(14, e.hash);
    const int inserted = s.step();
    s.reset();
    if (inserted != SQLITE_DONE) {
        const Error err = d->storageError("append");
        d->rollbackIfOpen();
        return err;
    }
    // The totals move in the same transaction: they never disagree with the entries.
    if (d->upsertTotals.isValid()) {
        SqliteStatement &u = d->upsertTotals;
        u.reset();
        bindBucket(u, TotalsBucket::ofFact(f, target));
        const int merged = u.step();
        u.reset();
        if (merged != SQLITE_DONE) {
            const Error err = d->storageError("append");
            d->rollbackIfOpen();
            return err;
        }
    }
    d->commit.reset();
    const int committed = d->commit.step();
    d->commit.reset();
    if (committed != SQLITE_DONE) {
        const Error err = d->storageError("commit");
        d->rollbackIfOpen();
        // After an I/O error (a failed fsync above all) the connection's view of the file cannot
        // be trusted: close, so that nothing more is appended until open() reads the file again.
        if ((committed & 0xff) == SQLITE_IOERR || (committed & 0xff) == SQLITE_FULL)
            close();
        return err;
    }
    // Only a durable commit moves the chain on.
    d->lastSeq = e.seq;
    d->lastHash = e.hash;
    return e;
}

qint64 Journal::lastSeq() const
{
    return d->lastSeq;
}

qint64 Journal::storedLastSeq() const
{
    if (!d->db.isOpen())
        return d->lastSeq;
    const auto last = readLast();
    return last.ok() ? last.value().first : d->lastSeq;
}

QByteArray Journal::lastHash() const
{
    return d->lastHash;
}

std::optional<JournalEntry> Journal::entry(qint64 seq) const
{
    if (!d->db.isOpen())
        return std::nullopt;
    d->selectEntry.reset();
    d->selectEntry.bind(1, seq);
    std::optional<JournalEntry> out;
    if (d->selectEntry.step() == SQLITE_ROW) {
        if (auto e = JournalEntry::fromCbor(d->selectEntry.blob(0)); e.ok())
            out = std::move(e).value();
    }
    d->selectEntry.reset();
    return out;
}

void Journal::forEach(qint64 fromSeq, qint64 toSeq, const std::function<bool(const JournalEntry &)> &callback) const
{
    // An unreadable row ends the walk; the verifier is what reports it.
    (void)forEachStored(fromSeq, toSeq, [&callback](const StoredRow &row) {
        const auto e = JournalEntry::fromCbor(row.entry);
        return e.ok() && callback(e.value());
    });
}

Status Journal::forEachStored(qint64 fromSeq, qint64 toSeq,
                              const std::function<bool(const StoredRow &)> &callback) const
{
    if (!d->db.isOpen())
        return journalError("journal.closed", QT_TRANSLATE_NOOP("Journal", "The journal is not open."));
    const QByteArray sql =
        QByteArray("SELECT ") + FactColumns + ", entry, hash FROM journal WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq";
    SqliteStatement s = d->db.prepare(sql.constData());
    s.bind(1, fromSeq);
    s.bind(2, toSeq);
    StoredRow row;
    int rc = SQLITE_ROW;
    while ((rc = s.step()) == SQLITE_ROW) {
        readFactColumns(s, row.fact);
        row.entry = s.blob(12);
        row.hash = s.blob(13);
        if (!callback(row))
            return success();
    }
    if (rc != SQLITE_DONE)
        return d->storageError("read");
    return success();
}

void Journal::forEachFact(qint64 fromSeq, qint64 toSeq, const std::function<bool(const JournalFact &)> &callback) const
{
    if (!d->db.isOpen())
        return;
    const QByteArray sql =
        QByteArray("SELECT ") + FactColumns + " FROM journal WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq";
    SqliteStatement s = d->db.prepare(sql.constData());
    s.bind(1, fromSeq);
    s.bind(2, toSeq);
    JournalFact f;
    while (s.step() == SQLITE_ROW) {
        readFactColumns(s, f);
        if (!callback(f))
            break;
    }
}

Result<qint64> Journal::forEachTotalsBucket(const TotalsQuery &query,
                                            const std::function<void(const TotalsBucket &)> &callback) const
{
    if (!d->db.isOpen())
        return journalError("journal.closed", QT_TRANSLATE_NOOP("Journal", "The journal is not open."));
    if (!d->selectTotals.isValid() || !d->sumTotals.isValid() || !d->beginRead.isValid())
        return journalError("journal.no-totals",
                            QT_TRANSLATE_NOOP("Journal", "The journal's totals are not available; the entries are "
                                                         "added up instead."));
    // One snapshot for the check and the rows: another connection may append in between.
    const bool ownTransaction = sqlite3_get_autocommit(d->db.handle()) != 0;
    if (ownTransaction) {
        d->beginRead.reset();
        const int begun = d->beginRead.step();
        d->beginRead.reset();
        if (begun != SQLITE_DONE)
            return d->storageError("read");
    }
    const auto finish = [&](Result<qint64> result) {
        if (ownTransaction) {
            d->commit.reset();
            (void)d->commit.step();
            d->commit.reset();
            d->rollbackIfOpen();
        }
        return result;
    };
    const auto last = readLast();
    if (!last.ok())
        return finish(last.error());
    const qint64 lastSeq = last->first;
    SqliteStatement &sum = d->sumTotals;
    sum.reset();
    const bool addsUp = sum.step() == SQLITE_ROW && sum.int64(0) == lastSeq && sum.int64(1) == lastSeq &&
                        (lastSeq == 0 || sum.text(2) == QLatin1String("integer"));
    sum.reset();
    if (!addsUp)
        return finish(journalError("journal.totals-stale",
                                   QT_TRANSLATE_NOOP("Journal", "The journal's totals do not add up to its entries; "
                                                                "the entries are added up instead.")));

    SqliteStatement &s = d->selectTotals;
    s.reset();
    if (query.shiftSeq) {
        s.bind(1, *query.shiftSeq);
        s.bind(2, *query.shiftSeq > 0 ? *query.shiftSeq : qint64(-1)); // 0 in opens_shift means none
    }
    if (query.hours) {
        s.bind(3, query.hours->first);
        s.bind(4, query.hours->second);
    }
    if (query.collectorId)
        s.bind(5, QStringView(*query.collectorId));
    // Rows are checked before any reaches the caller: a damaged one means no totals, not wrong ones.
    std::vector<TotalsBucket> rows;
    TotalsBucket b;
    int rc = SQLITE_ROW;
    bool sound = true;
    while ((rc = s.step()) == SQLITE_ROW) {
        if (!readBucket(s, b)) {
            sound = false;
            break;
        }
        rows.push_back(b);
    }
    s.reset();
    if (!sound)
        return finish(journalError("journal.totals-stale",
                                   QT_TRANSLATE_NOOP("Journal", "The journal's totals do not add up to its entries; "
                                                                "the entries are added up instead.")));
    if (rc != SQLITE_DONE)
        return finish(d->storageError("read"));
    Result<qint64> done = finish(lastSeq);
    for (const TotalsBucket &row : rows)
        callback(row);
    return done;
}

QString Journal::deviceId() const
{
    return d->deviceId;
}

SqliteDb &Journal::database()
{
    return d->db;
}
