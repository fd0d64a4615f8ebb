#include "journal.h"

#include <QCoreApplication>

namespace {

constexpr int SchemaVersion = 1;

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
    SqliteStatement begin;
    SqliteStatement commit;
    SqliteStatement rollback;
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
    // WAL with FULL: every commit syncs the WAL before append() returns (DESIGN.md invariant 2).
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
    case SchemaVersion:
        break;
    }
    d->insert = d->db.prepare(
        "INSERT INTO journal(seq, kind, time_ms, collector, shift_seq, account, method, amount, penalty, prepaid,"
        " ref_seq, outcome, entry, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    d->selectLast = d->db.prepare("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1");
    d->selectEntry = d->db.prepare("SELECT entry FROM journal WHERE seq = ?1");
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
    d->begin = {};
    d->commit = {};
    d->rollback = {};
    d->db.close();
    d->lastSeq = 0;
    d->lastHash = QByteArray(32, '\0');
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

namespace {
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

QString Journal::deviceId() const
{
    return d->deviceId;
}

SqliteDb &Journal::database()
{
    return d->db;
}
