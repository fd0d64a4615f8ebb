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
    QString path;
    QString deviceId;
    const DeviceKey &key;
    Options options;
    SqliteDb db;
    SqliteStatement insert;
    SqliteStatement selectEntry;
    SqliteStatement begin;
    SqliteStatement commit;
    SqliteStatement rollback;
    qint64 lastSeq = 0;
    QByteArray lastHash = QByteArray(32, '\0');
};

Journal::Journal(QString path, QString deviceId, const DeviceKey &key, Options options)
    : d(new Impl{std::move(path), std::move(deviceId), key, options, {}, {}, {}, {}, {}, {}, 0, QByteArray(32, '\0')})
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
        return journalError("journal.no-key", "The device has no signing key; the journal cannot be opened.");
    if (auto s = d->db.open(d->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, d->options.vfs); !s.ok())
        return s;
    // WAL with FULL: every commit syncs the WAL before append() returns (DESIGN.md invariant 2).
    const char *pragmas = d->options.sync == Options::Sync::Full
                              ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                              : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
    if (auto s = d->db.exec(pragmas); !s.ok())
        return s;
    const int version = d->db.userVersion();
    if (version < 0 || version > SchemaVersion)
        return journalError("journal.schema", "The journal was written by a newer version of Doorstep.");
    switch (version) {
    case 0:
        if (auto s = d->db.exec(Schema); !s.ok())
            return s;
        if (auto s = d->db.setUserVersion(1); !s.ok())
            return s;
        [[fallthrough]];
    case SchemaVersion:
        break;
    }
    d->insert = d->db.prepare(
        "INSERT INTO journal(seq, kind, time_ms, collector, shift_seq, account, method, amount, penalty, prepaid,"
        " ref_seq, outcome, entry, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    d->selectEntry = d->db.prepare("SELECT entry FROM journal WHERE seq = ?1");
    d->begin = d->db.prepare("BEGIN IMMEDIATE");
    d->commit = d->db.prepare("COMMIT");
    d->rollback = d->db.prepare("ROLLBACK");
    SqliteStatement last = d->db.prepare("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1");
    if (!d->insert.isValid() || !d->selectEntry.isValid() || !last.isValid())
        return d->db.error(QStringLiteral("prepare"));
    const int rc = last.step();
    if (rc == SQLITE_ROW) {
        d->lastSeq = last.int64(0);
        d->lastHash = last.blob(1);
    } else if (rc != SQLITE_DONE) {
        return d->db.error(QStringLiteral("read"));
    }
    return success();
}

void Journal::close()
{
    d->insert = {};
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
        return journalError("journal.closed", "The journal is not open.");
    JournalEntry e;
    e.deviceId = d->deviceId;
    e.seq = d->lastSeq + 1; // assigned here, at write time, never at send time
    e.kind = kind;
    e.timeMs = timeMs;
    e.collectorId = collectorId;
    e.shiftSeq = shiftSeq;
    e.body = body;
    e.prevHash = d->lastHash;
    e.hash = e.computeHash();
    // What is stored must read back as exactly this entry (a body with a float would not).
    if (!e.hasCanonicalBody())
        return journalError("journal.bad-body", "The entry's record cannot be stored faithfully.");
    e.signature = d->key.sign(e.hash);
    if (e.signature.size() != 64)
        return journalError("journal.sign", "The entry could not be signed.");
    const QByteArray blob = e.toCbor();
    const JournalFact f = JournalFact::fromEntry(e);

    d->begin.reset();
    if (d->begin.step() != SQLITE_DONE)
        return d->db.error(QStringLiteral("begin"));
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
        const Error err = d->db.error(QStringLiteral("append"));
        d->rollback.reset();
        d->rollback.step();
        return err;
    }
    d->commit.reset();
    if (d->commit.step() != SQLITE_DONE) {
        const Error err = d->db.error(QStringLiteral("commit"));
        d->rollback.reset();
        d->rollback.step();
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
        return journalError("journal.closed", "The journal is not open.");
    SqliteStatement s = d->db.prepare(
        "SELECT seq, kind, time_ms, collector, shift_seq, account, method, amount, penalty, prepaid, ref_seq, outcome,"
        " entry, hash FROM journal WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq");
    s.bind(1, fromSeq);
    s.bind(2, toSeq);
    StoredRow row;
    int rc = SQLITE_ROW;
    while ((rc = s.step()) == SQLITE_ROW) {
        JournalFact &f = row.fact;
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
        row.entry = s.blob(12);
        row.hash = s.blob(13);
        if (!callback(row))
            return success();
    }
    if (rc != SQLITE_DONE)
        return d->db.error(QStringLiteral("read"));
    return success();
}

void Journal::forEachFact(qint64 fromSeq, qint64 toSeq, const std::function<bool(const JournalFact &)> &callback) const
{
    if (!d->db.isOpen())
        return;
    SqliteStatement s = d->db.prepare(
        "SELECT seq, kind, time_ms, collector, shift_seq, account, method, amount, penalty, prepaid, ref_seq, outcome"
        " FROM journal WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq");
    s.bind(1, fromSeq);
    s.bind(2, toSeq);
    JournalFact f;
    while (s.step() == SQLITE_ROW) {
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
