#include "routestore.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QScopeGuard>
#include <QSet>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "sqlite.h"

namespace {

// PRAGMA user_version of the route file this code writes. Add a case to migrate() to raise it.
constexpr int SchemaVersion = 3;

// Tables only: an import creates the indexes after the bulk insert, which is several times
// faster than keeping them up to date row by row.
constexpr const char *SchemaV1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE policy(seq INTEGER PRIMARY KEY, key TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE village(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE account(
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    village TEXT NOT NULL,
    walk_order INTEGER NOT NULL,
    meter TEXT NOT NULL,
    class TEXT NOT NULL,
    phone TEXT NOT NULL,
    prepaid_fen INTEGER NOT NULL);
-- Keyed the way it is read (an account's bills, oldest first): no separate index to build.
CREATE TABLE bill(
    account_number TEXT NOT NULL,
    due_date TEXT NOT NULL,
    id TEXT NOT NULL,
    period TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    paid_fen INTEGER NOT NULL,
    penalty_fen INTEGER NOT NULL DEFAULT 0,
    penalty_from TEXT NOT NULL DEFAULT '',
    PRIMARY KEY(account_number, due_date, id)) WITHOUT ROWID;
-- Name and address as searchText() lays them out: every CJK character its own token, Latin and
-- digit runs words with their first characters marked as prefixes. Contentless: the text lives
-- in `account`, rowid = account.id.
CREATE VIRTUAL TABLE account_text USING fts5(name, address, content='', columnsize=0,
    tokenize='unicode61 remove_diacritics 2');
)sql";

constexpr const char *IndexesV1 = R"sql(
CREATE UNIQUE INDEX account_by_number ON account(number);
CREATE INDEX account_by_meter ON account(meter);
CREATE INDEX account_by_village ON account(village, walk_order);
CREATE INDEX bill_by_id ON bill(id);
INSERT INTO account_text(account_text) VALUES('optimize');
)sql";

#define ACCOUNT_COLUMNS "number, name, address, village, walk_order, meter, class, phone, prepaid_fen"
#define BILL_COLUMNS "id, account_number, period, amount_fen, due_date, paid_fen, penalty_fen, penalty_from"

Error routeError(const char *code, const QString &message)
{
    return Error{QString::fromLatin1(code), message};
}

/// True for the scripts written without spaces between words, where a character is the unit a
/// person searches by.
bool isCjk(char32_t cp)
{
    switch (QChar::script(cp)) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
    case QChar::Script_Bopomofo:
    case QChar::Script_Yi:
        return true;
    default:
        return false;
    }
}

Account readAccount(const SqliteStatement &s)
{
    Account a;
    a.number = s.text(0);
    a.name = s.text(1);
    a.address = s.text(2);
    a.village = s.text(3);
    a.walkOrder = int(s.int64(4));
    a.meterNumber = s.text(5);
    a.customerClass = customerClassFromKey(QString::fromLatin1(s.utf8(6))).value_or(CustomerClass::Residential);
    a.phone = s.text(7);
    a.prepaidBalance = Money::fromFen(s.int64(8));
    return a;
}

/// A row of BILL_COLUMNS.
Bill readBill(const SqliteStatement &s)
{
    Bill b;
    b.id = s.text(0);
    b.accountNumber = s.text(1);
    b.period = s.text(2);
    b.amount = Money::fromFen(s.int64(3));
    b.dueDate = QDate::fromString(s.text(4), Qt::ISODate);
    b.amountPaid = Money::fromFen(s.int64(5));
    b.penaltyCarried = Money::fromFen(s.int64(6));
    b.penaltyFrom = QDate::fromString(s.text(7), Qt::ISODate); // '' reads as invalid: none yet
    return b;
}

QList<Account> readAccounts(SqliteStatement &s)
{
    QList<Account> list;
    while (s.step() == SQLITE_ROW)
        list.append(readAccount(s));
    return list;
}

/// Resets a statement when a lookup is done, so it holds no read lock between lookups.
class StatementUse
{
public:
    explicit StatementUse(SqliteStatement &s)
        : m_s(s)
    {
        m_s.reset();
    }
    ~StatementUse() { m_s.reset(); }
    StatementUse(const StatementUse &) = delete;
    StatementUse &operator=(const StatementUse &) = delete;

private:
    SqliteStatement &m_s;
};

/// "YYYY-MM-DD" without QDate::toString's formatting machinery: it runs once per bill.
std::array<char, 10> isoDate(QDate date)
{
    std::array<char, 10> text{};
    int y = date.year();
    const int m = date.month();
    const int d = date.day();
    for (int i = 3; i >= 0; --i, y /= 10)
        text[size_t(i)] = char('0' + y % 10);
    text[4] = '-';
    text[5] = char('0' + m / 10);
    text[6] = char('0' + m % 10);
    text[7] = '-';
    text[8] = char('0' + d / 10);
    text[9] = char('0' + d % 10);
    return text;
}

/// A worklist header as the route file's `meta` rows.
QList<QPair<QString, QString>> metaPairs(const WorklistHeader &h)
{
    return {
        {QStringLiteral("route"), h.routeId},
        {QStringLiteral("version"), QString::number(h.version)},
        {QStringLiteral("generated"), h.generated.toString(Qt::ISODate)},
        {QStringLiteral("utility"), h.utilityName},
        {QStringLiteral("account-pattern"), h.numberRule.pattern()},
        {QStringLiteral("check-digit"), checkDigitKey(h.numberRule.checkDigit())},
        {QStringLiteral("allocation-order"), allocationOrderKey(h.allocationOrder)},
    };
}

/// INSERT INTO account(id, ACCOUNT_COLUMNS) and INSERT INTO account_text(rowid, name, address).
bool insertAccount(SqliteStatement &account, SqliteStatement &text, qint64 id, const Account &a)
{
    account.reset();
    account.bind(1, id);
    account.bind(2, a.number);
    account.bind(3, a.name);
    account.bind(4, a.address);
    account.bind(5, a.village);
    account.bind(6, qint64(a.walkOrder));
    account.bind(7, a.meterNumber);
    account.bind(8, customerClassKey(a.customerClass));
    account.bind(9, a.phone);
    account.bind(10, a.prepaidBalance.fen());
    if (account.step() != SQLITE_DONE)
        return false;
    text.reset();
    text.bind(1, id);
    text.bind(2, RouteStore::searchText(a.name));
    text.bind(3, RouteStore::searchText(a.address));
    return text.step() == SQLITE_DONE;
}

/// INSERT INTO bill(BILL_COLUMNS).
bool insertBill(SqliteStatement &bill, const Bill &b)
{
    bill.reset();
    bill.bind(1, b.id);
    bill.bind(2, b.accountNumber);
    bill.bind(3, b.period);
    bill.bind(4, b.amount.fen());
    const std::array<char, 10> due = isoDate(b.dueDate);
    bill.bindUtf8(5, QByteArrayView(due.data(), qsizetype(due.size())));
    bill.bind(6, b.amountPaid.fen());
    bill.bind(7, b.penaltyCarried.fen());
    if (b.penaltyFrom.isValid()) {
        const std::array<char, 10> from = isoDate(b.penaltyFrom);
        bill.bindUtf8(8, QByteArrayView(from.data(), qsizetype(from.size())));
    } else {
        bill.bindUtf8(8, QByteArrayView("", 0)); // '' not NULL: none yet
    }
    return bill.step() == SQLITE_DONE;
}

/** Feeds a worklist into a fresh route file's tables, inside the caller's transaction. */
class ImportSink : public WorklistSink
{
public:
    explicit ImportSink(SqliteDb &db)
        : m_db(db)
        , m_meta(db.prepare("INSERT INTO meta(key, value) VALUES(?1, ?2)"))
        , m_policy(db.prepare("INSERT INTO policy(key, value) VALUES(?1, ?2)"))
        , m_village(db.prepare("INSERT INTO village(name) VALUES(?1)"))
        , m_account(db.prepare("INSERT INTO account(id, " ACCOUNT_COLUMNS
                               ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"))
        , m_text(db.prepare("INSERT INTO account_text(rowid, name, address) VALUES(?1, ?2, ?3)"))
        , m_bill(db.prepare("INSERT INTO bill(" BILL_COLUMNS ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"))
    {
    }

    [[nodiscard]] bool isValid() const
    {
        return m_meta.isValid() && m_policy.isValid() && m_village.isValid() && m_account.isValid() &&
               m_text.isValid() && m_bill.isValid();
    }

    Status header(const WorklistHeader &h) override
    {
        for (const auto &[key, value] : metaPairs(h)) {
            if (Status s = insertPair(m_meta, key, value); !s)
                return s;
        }
        for (const auto &[key, value] : h.policy.toKeyValues()) {
            if (Status s = insertPair(m_policy, key, value); !s)
                return s;
        }
        return success();
    }

    Status account(const Account &a) override
    {
        if (!m_villages.contains(a.village)) {
            m_villages.insert(a.village);
            m_village.reset();
            m_village.bind(1, a.village);
            if (m_village.step() != SQLITE_DONE)
                return m_db.error(QStringLiteral("import"));
        }
        ++m_accounts;
        if (!insertAccount(m_account, m_text, m_accounts, a))
            return m_db.error(QStringLiteral("import"));
        return success();
    }

    Status bill(const Bill &b) override
    {
        if (!insertBill(m_bill, b))
            return m_db.error(QStringLiteral("import"));
        return success();
    }

private:
    Status insertPair(SqliteStatement &s, const QString &key, const QString &value)
    {
        s.reset();
        s.bind(1, key);
        s.bind(2, value);
        if (s.step() != SQLITE_DONE)
            return m_db.error(QStringLiteral("import"));
        return success();
    }

    SqliteDb &m_db;
    SqliteStatement m_meta;
    SqliteStatement m_policy;
    SqliteStatement m_village;
    SqliteStatement m_account;
    SqliteStatement m_text;
    SqliteStatement m_bill;
    QSet<QString> m_villages; // a few thousand at most, unlike accounts
    qint64 m_accounts = 0;
};

/**
 * Applies the rows of a route change, read back through readWorklist (so they are checked like
 * any worklist), to the live route inside the caller's transaction: an account replaces the one
 * of its number (same row id, its search text replaced), a bill replaces the one of its id. The
 * accounts in `unchanged` only came along so that their bills read as a worklist; they are
 * skipped. Removals are the caller's, before.
 */
class ChangeSink : public WorklistSink
{
public:
    ChangeSink(SqliteDb &db, QSet<QString> unchanged)
        : m_db(db)
        , m_unchanged(std::move(unchanged))
        , m_meta(db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)"))
        , m_policy(db.prepare("INSERT INTO policy(key, value) VALUES(?1, ?2)"))
        , m_village(db.prepare("INSERT OR IGNORE INTO village(name) VALUES(?1)"))
        , m_find(db.prepare("SELECT id, name, address FROM account WHERE number = ?1"))
        , m_forget(db.prepare("INSERT INTO account_text(account_text, rowid, name, address) VALUES('delete', ?1, ?2, "
                              "?3)"))
        , m_drop(db.prepare("DELETE FROM account WHERE id = ?1"))
        , m_nextId(db.prepare("SELECT COALESCE(MAX(id), 0) + 1 FROM account"))
        , m_account(db.prepare("INSERT INTO account(id, " ACCOUNT_COLUMNS
                               ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"))
        , m_text(db.prepare("INSERT INTO account_text(rowid, name, address) VALUES(?1, ?2, ?3)"))
        , m_dropBill(db.prepare("DELETE FROM bill WHERE id = ?1"))
        , m_bill(db.prepare("INSERT INTO bill(" BILL_COLUMNS ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"))
    {
    }

    [[nodiscard]] bool isValid() const
    {
        return m_meta.isValid() && m_policy.isValid() && m_village.isValid() && m_find.isValid() &&
               m_forget.isValid() && m_drop.isValid() && m_nextId.isValid() && m_account.isValid() &&
               m_text.isValid() && m_dropBill.isValid() && m_bill.isValid();
    }

    /// Removes the account of `number` (row, search text, bills); nothing when there is none.
    [[nodiscard]] bool removeAccount(const QString &number, bool withBills)
    {
        m_find.reset();
        m_find.bind(1, number);
        const int found = m_find.step();
        if (found == SQLITE_ROW) {
            const qint64 id = m_find.int64(0);
            m_forget.reset();
            m_forget.bind(1, id);
            m_forget.bind(2, RouteStore::searchText(m_find.text(1)));
            m_forget.bind(3, RouteStore::searchText(m_find.text(2)));
            m_find.reset();
            m_drop.reset();
            m_drop.bind(1, id);
            if (m_forget.step() != SQLITE_DONE || m_drop.step() != SQLITE_DONE)
                return false;
            m_reuseId = id;
        } else {
            m_find.reset();
            if (found != SQLITE_DONE)
                return false;
        }
        if (!withBills)
            return true;
        SqliteStatement bills = m_db.prepare("DELETE FROM bill WHERE account_number = ?1");
        bills.bind(1, number);
        return bills.isValid() && bills.step() == SQLITE_DONE;
    }

    [[nodiscard]] bool removeBill(const QString &id)
    {
        m_dropBill.reset();
        m_dropBill.bind(1, id);
        return m_dropBill.step() == SQLITE_DONE;
    }

    Status header(const WorklistHeader &h) override
    {
        for (const auto &[key, value] : metaPairs(h)) {
            if (!pair(m_meta, key, value))
                return m_db.error(QStringLiteral("route change"));
        }
        if (Status s = m_db.exec("DELETE FROM policy"); !s)
            return s;
        for (const auto &[key, value] : h.policy.toKeyValues()) {
            if (!pair(m_policy, key, value))
                return m_db.error(QStringLiteral("route change"));
        }
        return success();
    }

    Status account(const Account &a) override
    {
        if (m_unchanged.contains(a.number))
            return success();
        m_village.reset();
        m_village.bind(1, a.village);
        m_reuseId = 0;
        if (m_village.step() != SQLITE_DONE || !removeAccount(a.number, false))
            return m_db.error(QStringLiteral("route change"));
        qint64 id = m_reuseId; // a changed account keeps its row id (and so its walking place)
        if (id == 0) {
            m_nextId.reset();
            if (m_nextId.step() != SQLITE_ROW)
                return m_db.error(QStringLiteral("route change"));
            id = m_nextId.int64(0);
            m_nextId.reset();
        }
        if (!insertAccount(m_account, m_text, id, a))
            return m_db.error(QStringLiteral("route change"));
        return success();
    }

    Status bill(const Bill &b) override
    {
        if (!removeBill(b.id) || !insertBill(m_bill, b))
            return m_db.error(QStringLiteral("route change"));
        return success();
    }

private:
    static bool pair(SqliteStatement &s, const QString &key, const QString &value)
    {
        s.reset();
        s.bind(1, key);
        s.bind(2, value);
        return s.step() == SQLITE_DONE;
    }

    SqliteDb &m_db;
    QSet<QString> m_unchanged;
    SqliteStatement m_meta;
    SqliteStatement m_policy;
    SqliteStatement m_village;
    SqliteStatement m_find;
    SqliteStatement m_forget;
    SqliteStatement m_drop;
    SqliteStatement m_nextId;
    SqliteStatement m_account;
    SqliteStatement m_text;
    SqliteStatement m_dropBill;
    SqliteStatement m_bill;
    qint64 m_reuseId = 0;
};

/// fsync() a file or directory by path; the durability step QFile does not offer by itself.
bool syncPath(const QString &path, bool directory)
{
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

void removeFileAndSidecars(const QString &path)
{
    QFile::remove(path);
    QFile::remove(path + QStringLiteral("-journal"));
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
}

/**
 * Brings a route file's schema up to SchemaVersion, one step at a time (a fall-through switch,
 * like KDE Itinerary's migrator). Version 0 is a file with no route in it.
 */
Status migrate(SqliteDb &db)
{
    const int version = db.userVersion();
    if (version > SchemaVersion)
        return routeError("route.newer-format",
                          QCoreApplication::translate("RouteStore",
                                                      "The route was saved by a newer version of the app; update "
                                                      "the app or sync the route again"));
    if (version == SchemaVersion)
        return success();
    if (version <= 0)
        return routeError(
            "route.not-a-route",
            QCoreApplication::translate("RouteStore", "The route file holds no route; sync the route again"));
    switch (version) {
    case 1:
        // Bills carry the penalty settled up to a day (a part payment's penalty is not charged again).
        if (Status s = db.exec("ALTER TABLE bill ADD COLUMN penalty_fen INTEGER NOT NULL DEFAULT 0;"
                               "ALTER TABLE bill ADD COLUMN penalty_from TEXT NOT NULL DEFAULT '';");
            !s)
            return s;
        [[fallthrough]];
    case 2:
        // Bills found by id: a route change replaces one bill in place.
        if (Status s = db.exec("CREATE INDEX IF NOT EXISTS bill_by_id ON bill(id);"); !s)
            return s;
        [[fallthrough]];
    default:
        break;
    }
    return db.setUserVersion(SchemaVersion);
}

/// Reads the worklist into a new route file at `path`; the file is complete and closed on success.
Result<WorklistSummary> buildRouteFile(const QString &path, QIODevice &worklist)
{
    SqliteDb db;
    if (Status s = db.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX); !s)
        return s.error();
    // A brand-new file nobody else sees: no journal, no syncs until the caller's fsync; a crash
    // leaves only a .importing file that the next import deletes.
    if (Status s = db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;"
                           "PRAGMA cache_size = -16384; PRAGMA temp_store = FILE;");
        !s)
        return s.error();
    if (Status s = db.exec(SchemaV1); !s)
        return s.error();
    if (Status s = db.exec("BEGIN"); !s)
        return s.error();
    // No merging of the search index's segments while rows go in: the one 'optimize' at the end
    // merges them all in a single pass, where automerge would rewrite them level by level.
    if (Status s = db.exec("INSERT INTO account_text(account_text, rank) VALUES('automerge', 0);"
                           "INSERT INTO account_text(account_text, rank) VALUES('crisismerge', 1000);");
        !s)
        return s.error();
    Result<WorklistSummary> summary = Error{};
    {
        ImportSink sink(db);
        if (!sink.isValid())
            return db.error(QStringLiteral("import"));
        summary = readWorklist(worklist, sink);
    }
    if (!summary)
        return summary.error();
    {
        SqliteStatement counts = db.prepare("INSERT INTO meta(key, value) VALUES('accounts', ?1), ('bills', ?2)");
        counts.bind(1, QString::number(summary->accounts));
        counts.bind(2, QString::number(summary->bills));
        if (counts.step() != SQLITE_DONE)
            return db.error(QStringLiteral("import"));
    }
    if (Status s = db.exec(IndexesV1); !s)
        return s.error();
    if (Status s = db.setUserVersion(SchemaVersion); !s)
        return s.error();
    if (Status s = db.exec("COMMIT"); !s)
        return s.error();
    return summary;
}

} // namespace

struct RouteStore::Impl
{
    SqliteDb db;
    bool hasRoute = false;
    WorklistHeader header;
    qint64 accounts = 0;
    qint64 bills = 0;
    SqliteStatement byNumber;
    SqliteStatement byPrefix;
    SqliteStatement byMeter;
    SqliteStatement search;
    SqliteStatement villages;
    SqliteStatement inVillage;
    SqliteStatement openBills;

    void close()
    {
        // Statements first: a connection with live statements would only be half closed.
        byNumber = {};
        byPrefix = {};
        byMeter = {};
        search = {};
        villages = {};
        inVillage = {};
        openBills = {};
        db.close();
        hasRoute = false;
        header = WorklistHeader{};
        accounts = bills = 0;
    }

    Status loadHeader();
    Status prepareStatements();
};

Status RouteStore::Impl::loadHeader()
{
    const Error corrupt = routeError(
        "route.corrupt", QCoreApplication::translate("RouteStore", "The route file is damaged; sync the route again"));
    QHash<QString, QString> meta;
    {
        SqliteStatement s = db.prepare("SELECT key, value FROM meta");
        if (!s.isValid())
            return db.error(QStringLiteral("open"));
        while (s.step() == SQLITE_ROW)
            meta.insert(s.text(0), s.text(1));
    }
    QList<QPair<QString, QString>> policyPairs;
    {
        SqliteStatement s = db.prepare("SELECT key, value FROM policy ORDER BY seq");
        if (!s.isValid())
            return db.error(QStringLiteral("open"));
        while (s.step() == SQLITE_ROW)
            policyPairs.append({s.text(0), s.text(1)});
    }
    WorklistHeader h;
    h.routeId = meta.value(QStringLiteral("route"));
    bool ok = false;
    h.version = meta.value(QStringLiteral("version")).toLongLong(&ok);
    h.generated = QDate::fromString(meta.value(QStringLiteral("generated")), Qt::ISODate);
    h.utilityName = meta.value(QStringLiteral("utility"));
    const auto checkDigit = checkDigitFromKey(meta.value(QStringLiteral("check-digit")));
    const auto order = allocationOrderFromKey(meta.value(QStringLiteral("allocation-order")));
    if (h.routeId.isEmpty() || !ok || !h.generated.isValid() || !checkDigit || !order)
        return corrupt;
    Result<AccountNumberRule> rule =
        AccountNumberRule::create(meta.value(QStringLiteral("account-pattern")), *checkDigit);
    Result<PenaltyPolicy> policy = PenaltyPolicy::fromKeyValues(policyPairs);
    if (!rule || !policy)
        return corrupt;
    h.numberRule = std::move(rule).value();
    h.allocationOrder = *order;
    h.policy = std::move(policy).value();
    accounts = meta.value(QStringLiteral("accounts")).toLongLong(&ok);
    if (!ok)
        return corrupt;
    bills = meta.value(QStringLiteral("bills")).toLongLong(&ok);
    if (!ok)
        return corrupt;
    header = std::move(h);
    return success();
}

Status RouteStore::Impl::prepareStatements()
{
    byNumber = db.prepare("SELECT " ACCOUNT_COLUMNS " FROM account WHERE number = ?1");
    byPrefix = db.prepare("SELECT " ACCOUNT_COLUMNS " FROM account WHERE number >= ?1 AND number < ?2 "
                          "ORDER BY number LIMIT ?3");
    byMeter = db.prepare("SELECT " ACCOUNT_COLUMNS " FROM account WHERE meter = ?1 ORDER BY number");
    search = db.prepare("SELECT " ACCOUNT_COLUMNS " FROM account WHERE id IN "
                        "(SELECT rowid FROM account_text WHERE account_text MATCH ?1 LIMIT ?2) ORDER BY id");
    villages = db.prepare("SELECT name FROM village ORDER BY id");
    inVillage = db.prepare("SELECT " ACCOUNT_COLUMNS " FROM account WHERE village = ?1 ORDER BY walk_order, id");
    openBills = db.prepare("SELECT " BILL_COLUMNS " FROM bill "
                           "WHERE account_number = ?1 AND (amount_fen > paid_fen OR penalty_fen > 0) "
                           "ORDER BY due_date, id");
    for (const SqliteStatement *s : {&byNumber, &byPrefix, &byMeter, &search, &villages, &inVillage, &openBills}) {
        if (!s->isValid())
            return db.error(QStringLiteral("open"));
    }
    return success();
}

RouteStore::RouteStore(QString path)
    : m_path(std::move(path))
    , d(std::make_unique<Impl>())
{
}

RouteStore::~RouteStore() = default;

Status RouteStore::open()
{
    d->close();
    if (!QFileInfo::exists(m_path))
        return success();
    // Read-write only so migrate() can run; after it the connection is made read-only.
    // NOMUTEX: the instance belongs to one thread, so SQLite's own locking is only overhead.
    if (Status s = d->db.open(m_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX); !s)
        return s;
    if (Status s = migrate(d->db); !s) {
        d->close();
        return s;
    }
    // The file is only ever read in place: map it (no copy into SQLite's cache), refuse writes.
    Status s = d->db.exec("PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -8192; PRAGMA query_only = 1;");
    if (s)
        s = d->loadHeader();
    if (s)
        s = d->prepareStatements();
    if (!s) {
        d->close();
        return s;
    }
    d->hasRoute = true;
    return success();
}

bool RouteStore::hasRoute() const
{
    return d->hasRoute;
}

Result<WorklistSummary> RouteStore::applyChanges(const RouteChanges &c)
{
    const qint64 current = d->hasRoute ? d->header.version : 0;
    if (c.since != current || c.version < c.since || (c.since == 0 && c.settings.isEmpty()))
        return routeError("route.delta-version",
                          QCoreApplication::translate("RouteStore",
                                                      "These route changes are for version %1, but this terminal has "
                                                      "version %2; sync the whole route again")
                              .arg(c.since)
                              .arg(current));

    // The header: the delta's settings when it has them (all of them), else the route's own.
    static const QStringList metaKeys = {QStringLiteral("route"),           QStringLiteral("version"),
                                         QStringLiteral("generated"),       QStringLiteral("utility"),
                                         QStringLiteral("account-pattern"), QStringLiteral("check-digit"),
                                         QStringLiteral("allocation-order")};
    QList<QPair<QString, QString>> meta;
    QList<QPair<QString, QString>> policy;
    if (!c.settings.isEmpty()) {
        for (const auto &pair : c.settings) {
            if (pair.first == QLatin1String("route") || pair.first == QLatin1String("version"))
                continue;
            (metaKeys.contains(pair.first) ? meta : policy).append(pair);
        }
    } else {
        SqliteStatement s = d->db.prepare("SELECT key, value FROM meta");
        while (s.isValid() && s.step() == SQLITE_ROW) {
            if (metaKeys.contains(s.text(0)) && s.text(0) != QLatin1String("route") &&
                s.text(0) != QLatin1String("version"))
                meta.append({s.text(0), s.text(1)});
        }
        SqliteStatement p = d->db.prepare("SELECT key, value FROM policy ORDER BY seq");
        while (p.isValid() && p.step() == SQLITE_ROW)
            policy.append({p.text(0), p.text(1)});
    }
    meta.prepend({QStringLiteral("version"), QString::number(c.version)});
    meta.prepend({QStringLiteral("route"), c.route.isEmpty() ? d->header.routeId : c.route});
    const bool hasGenerated =
        std::any_of(meta.cbegin(), meta.cend(), [](const auto &p) { return p.first == QLatin1String("generated"); });
    if (!hasGenerated)
        meta.append({QStringLiteral("generated"), QDate::currentDate().toString(Qt::ISODate)});

    const QSet<QString> removedAccounts(c.removedAccounts.cbegin(), c.removedAccounts.cend());
    // A change to how numbers are checked rechecks every account: the whole route is rebuilt.
    // Anything else is applied in place, in one transaction: a district's route of a million
    // accounts is not rewritten for one changed bill.
    const auto setting = [&meta](const char *key) {
        for (const auto &[k, v] : std::as_const(meta)) {
            if (k == QLatin1String(key))
                return v;
        }
        return QString();
    };
    if (d->hasRoute && setting("account-pattern") == d->header.numberRule.pattern() &&
        setting("check-digit") == checkDigitKey(d->header.numberRule.checkDigit()))
        return applyInPlace(c, meta, policy);

    // The merged route as a worklist: kept rows, then the changed ones; the reader checks it all.
    const QString staging = m_path + QStringLiteral(".delta");
    QFile out(staging);
    const auto cleanup = qScopeGuard([&staging] { QFile::remove(staging); });
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return routeError("route.delta-write",
                          QCoreApplication::translate("RouteStore", "The route changes could not be saved: %1")
                              .arg(out.errorString()));
    QSet<QString> replacedAccounts(c.removedAccounts.cbegin(), c.removedAccounts.cend());
    for (const Account &a : c.accounts)
        replacedAccounts.insert(a.number);
    QSet<QString> replacedBills(c.removedBills.cbegin(), c.removedBills.cend());
    for (const Bill &b : c.bills)
        replacedBills.insert(b.id);
    {
        WorklistWriter writer(out);
        writer.writeHeaderPairs(meta, policy);
        if (d->hasRoute) {
            SqliteStatement s = d->db.prepare("SELECT " ACCOUNT_COLUMNS " FROM account ORDER BY id");
            while (s.isValid() && s.step() == SQLITE_ROW) {
                const Account a = readAccount(s);
                if (!replacedAccounts.contains(a.number))
                    writer.writeAccount(a);
            }
        }
        for (const Account &a : c.accounts) {
            if (!removedAccounts.contains(a.number))
                writer.writeAccount(a);
        }
        if (d->hasRoute) {
            SqliteStatement s =
                d->db.prepare("SELECT " BILL_COLUMNS " FROM bill ORDER BY account_number, due_date, id");
            while (s.isValid() && s.step() == SQLITE_ROW) {
                const Bill b = readBill(s);
                if (!replacedBills.contains(b.id) && !removedAccounts.contains(b.accountNumber))
                    writer.writeBill(b);
            }
        }
        for (const Bill &b : c.bills) {
            if (!removedAccounts.contains(b.accountNumber))
                writer.writeBill(b);
        }
        if (!writer.finish() || !out.flush())
            return routeError("route.delta-bad",
                              QCoreApplication::translate("RouteStore",
                                                          "The route changes hold something a route cannot carry "
                                                          "(a control character, an over-long field, a bad date)"));
    }
    out.close();
    return importWorklist(staging);
}

Result<WorklistSummary> RouteStore::applyInPlace(const RouteChanges &c, const QList<QPair<QString, QString>> &meta,
                                                 const QList<QPair<QString, QString>> &policy)
{
    const QSet<QString> removedAccounts(c.removedAccounts.cbegin(), c.removedAccounts.cend());
    // The change as a worklist of its own, checked by the reader like any other: its accounts,
    // the unchanged accounts its bills belong to (so they read as known), then its bills.
    QBuffer change;
    change.open(QIODevice::ReadWrite);
    QSet<QString> unchanged;
    {
        WorklistWriter writer(change);
        writer.writeHeaderPairs(meta, policy);
        QSet<QString> written;
        for (const Account &a : c.accounts) {
            if (removedAccounts.contains(a.number))
                continue;
            writer.writeAccount(a); // twice in the change: the reader names the duplicate
            written.insert(a.number);
        }
        for (const Bill &b : c.bills) {
            if (removedAccounts.contains(b.accountNumber) || written.contains(b.accountNumber))
                continue;
            if (const auto kept = findByNumber(b.accountNumber)) {
                writer.writeAccount(*kept);
                written.insert(kept->number);
                unchanged.insert(kept->number);
            }
        }
        for (const Bill &b : c.bills) {
            if (!removedAccounts.contains(b.accountNumber))
                writer.writeBill(b);
        }
        if (!writer.finish())
            return routeError("route.delta-bad",
                              QCoreApplication::translate("RouteStore",
                                                          "The route changes hold something a route cannot carry "
                                                          "(a control character, an over-long field, a bad date)"));
    }
    change.seek(0);

    const auto failed = [this](const char *what) { return d->db.error(QString::fromLatin1(what)); };
    if (Status s = d->db.exec("PRAGMA query_only = 0; BEGIN IMMEDIATE;"); !s) {
        (void)d->db.exec("PRAGMA query_only = 1;");
        return s.error();
    }
    bool committed = false;
    const auto restore = qScopeGuard([this, &committed] {
        if (!committed)
            (void)d->db.exec("ROLLBACK;");
        (void)d->db.exec("PRAGMA query_only = 1;");
    });
    ChangeSink sink(d->db, unchanged);
    if (!sink.isValid())
        return failed("route change");
    for (const QString &number : c.removedAccounts) {
        if (!sink.removeAccount(number, true))
            return failed("route change");
    }
    for (const QString &id : c.removedBills) {
        if (!sink.removeBill(id))
            return failed("route change");
    }
    auto read = readWorklist(change, sink);
    if (!read)
        return read.error();
    // A village no account is in any more leaves the village list; the counts are the route's.
    if (!c.removedAccounts.isEmpty() || !c.accounts.isEmpty()) {
        if (Status s = d->db.exec("DELETE FROM village WHERE name NOT IN (SELECT village FROM account);"); !s)
            return s.error();
    }
    if (Status s = d->db.exec("INSERT OR REPLACE INTO meta(key, value) VALUES('accounts', (SELECT COUNT(*) FROM "
                              "account)), ('bills', (SELECT COUNT(*) FROM bill)); COMMIT;");
        !s)
        return s.error();
    committed = true;
    if (Status s = d->loadHeader(); !s)
        return s.error();
    return WorklistSummary{d->accounts, d->bills};
}

const WorklistHeader &RouteStore::header() const
{
    return d->header;
}

Result<WorklistSummary> RouteStore::importWorklist(const QString &worklistPath)
{
    QFile in(worklistPath);
    if (!in.open(QIODevice::ReadOnly))
        return routeError("route.worklist-unreadable",
                          QCoreApplication::translate("RouteStore", "The worklist %1 could not be opened: %2")
                              .arg(worklistPath, in.errorString()));

    const QString staging = m_path + QStringLiteral(".importing");
    removeFileAndSidecars(staging); // left by a crash mid-import: never trusted, always rebuilt
    Result<WorklistSummary> summary = buildRouteFile(staging, in);
    if (!summary) {
        removeFileAndSidecars(staging);
        return summary.error();
    }
    const auto storageError = [&](const char *what) {
        return routeError("storage.import",
                          QCoreApplication::translate("RouteStore", "The new route could not be saved (%1): %2")
                              .arg(QLatin1String(what), QString::fromLocal8Bit(std::strerror(errno))));
    };
    if (!syncPath(staging, false)) {
        Error e = storageError("fsync");
        removeFileAndSidecars(staging);
        return e;
    }

    // The swap: the live route stays whole until rename() replaces it in one step.
    d->close();
    if (std::rename(QFile::encodeName(staging).constData(), QFile::encodeName(m_path).constData()) != 0) {
        Error e = storageError("rename");
        removeFileAndSidecars(staging);
        (void)open(); // the previous route is still there; serve it
        return e;
    }
    // The rename itself is durable only once the directory is.
    const bool dirSynced = syncPath(QFileInfo(m_path).absolutePath(), true);
    if (Status s = open(); !s)
        return s.error();
    if (!dirSynced)
        return storageError("fsync directory");
    return summary;
}

std::optional<Account> RouteStore::findByNumber(QStringView number) const
{
    if (!d->hasRoute)
        return std::nullopt;
    SqliteStatement &s = d->byNumber;
    StatementUse use(s);
    s.bind(1, number);
    if (s.step() != SQLITE_ROW)
        return std::nullopt;
    return readAccount(s);
}

QList<Account> RouteStore::findByNumberPrefix(QStringView prefix, int limit) const
{
    if (!d->hasRoute || prefix.isEmpty() || limit <= 0)
        return {};
    // Every number with this prefix sorts in [prefix, prefix with its last byte raised) under
    // SQLite's byte-wise comparison; UTF-8 never holds 0xFF, so the raise cannot overflow.
    const QByteArray low = prefix.toUtf8();
    QByteArray high = low;
    high.back() = char(uchar(high.back()) + 1);
    SqliteStatement &s = d->byPrefix;
    StatementUse use(s);
    s.bindUtf8(1, low);
    s.bindUtf8(2, high);
    s.bind(3, qint64(limit));
    return readAccounts(s);
}

QList<Account> RouteStore::findByMeter(QStringView meterNumber) const
{
    if (!d->hasRoute || meterNumber.trimmed().isEmpty())
        return {};
    SqliteStatement &s = d->byMeter;
    StatementUse use(s);
    s.bind(1, meterNumber);
    return readAccounts(s);
}

QList<Account> RouteStore::search(QStringView fragment, int limit) const
{
    // Longer than any field can hold: it cannot match, and a huge phrase only costs time.
    if (!d->hasRoute || limit <= 0 || fragment.size() > WorklistLimits::MaxFieldBytes)
        return {};
    const QString query = ftsQuery(fragment);
    if (query.isEmpty())
        return {};
    SqliteStatement &s = d->search;
    StatementUse use(s);
    s.bind(1, query);
    s.bind(2, qint64(limit));
    return readAccounts(s);
}

QStringList RouteStore::villages() const
{
    QStringList list;
    if (!d->hasRoute)
        return list;
    SqliteStatement &s = d->villages;
    StatementUse use(s);
    while (s.step() == SQLITE_ROW)
        list.append(s.text(0));
    return list;
}

QList<RouteStore::VillageSummary> RouteStore::villageSummaries() const
{
    QList<VillageSummary> list;
    if (!d->hasRoute)
        return list;
    // One pass over the bills (grouped by account, the table's key order) joined to the accounts.
    SqliteStatement s = d->db.prepare(
        "SELECT v.name, COUNT(a.id), COALESCE(SUM(o.owed > 0), 0), COALESCE(SUM(o.owed), 0) "
        "FROM village v JOIN account a ON a.village = v.name "
        "LEFT JOIN (SELECT account_number, SUM(amount_fen - paid_fen) AS owed FROM bill GROUP BY account_number) o "
        "ON o.account_number = a.number GROUP BY v.id ORDER BY v.id");
    if (!s.isValid())
        return list;
    while (s.step() == SQLITE_ROW)
        list.append({s.text(0), s.int64(1), s.int64(2), Money::fromFen(s.int64(3))});
    return list;
}

QList<Account> RouteStore::accountsInVillage(const QString &village) const
{
    if (!d->hasRoute)
        return {};
    SqliteStatement &s = d->inVillage;
    StatementUse use(s);
    s.bind(1, village);
    return readAccounts(s);
}

QList<Bill> RouteStore::openBills(QStringView accountNumber) const
{
    QList<Bill> list;
    if (!d->hasRoute)
        return list;
    SqliteStatement &s = d->openBills;
    StatementUse use(s);
    s.bind(1, accountNumber);
    while (s.step() == SQLITE_ROW)
        list.append(readBill(s));
    return list;
}

qint64 RouteStore::accountCount() const
{
    return d->accounts;
}

qint64 RouteStore::billCount() const
{
    return d->bills;
}

namespace {

// The search index's tokens, as searchText() lays them out and ftsQuery() asks for them:
//   - every CJK character is a token of its own, so any run of characters is a phrase;
//   - a run of other letters and digits is a word token, preceded by its start marked as a
//     prefix: "Lotus" -> "L\uE000 Lo\uE000 Lotus", "3" -> "3\uE000 3".
// The markers answer the short prefixes a collector types ("L", "Lo", "1") with one index entry
// each; an FTS5 prefix='1 2' index does the same but also doubles every CJK token, which is
// most of the index. U+E000 (private use) is a token character to unicode61 and never comes
// from the text itself (private-use characters are dropped).
constexpr char16_t PrefixMark = 0xE000;
constexpr qsizetype MarkedPrefixes = 2;

/// Calls cjk(character) or word(run) for each token of the text, in order.
template<typename Cjk, typename Word>
void forEachToken(QStringView text, Cjk cjk, Word word)
{
    const qsizetype n = text.size();
    qsizetype wordStart = -1;
    const auto endWord = [&](qsizetype at) {
        if (wordStart >= 0)
            word(text.sliced(wordStart, at - wordStart));
        wordStart = -1;
    };
    for (qsizetype i = 0; i < n;) {
        const QChar c = text[i];
        char32_t cp = c.unicode();
        qsizetype units = 1;
        if (c.isHighSurrogate() && i + 1 < n && text[i + 1].isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(c, text[i + 1]);
            units = 2;
        }
        if (cp >= 0x2e80 && isCjk(cp)) {
            endWord(i);
            cjk(text.sliced(i, units));
        } else if (QChar::isLetterOrNumber(cp)) {
            if (wordStart < 0)
                wordStart = i;
        } else {
            endWord(i);
        }
        i += units;
    }
    endWord(n);
}

/// The first `count` characters of a word (surrogate pairs kept whole).
QStringView wordStart(QStringView word, qsizetype count)
{
    qsizetype end = 0;
    for (qsizetype k = 0; k < count && end < word.size(); ++k)
        end += (word[end].isHighSurrogate() && end + 1 < word.size()) ? 2 : 1;
    return word.first(end);
}

qsizetype characterCount(QStringView word)
{
    qsizetype count = 0;
    for (const QChar c : word)
        count += c.isLowSurrogate() ? 0 : 1;
    return count;
}

void appendMarkers(QString &out, QStringView word, qsizetype upTo)
{
    for (qsizetype k = 1; k <= upTo; ++k) {
        out.append(wordStart(word, k));
        out.append(QChar(PrefixMark));
        out.append(QLatin1Char(' '));
    }
}

} // namespace

QString RouteStore::searchText(QStringView text)
{
    QString out;
    out.reserve(text.size() * 3);
    forEachToken(
        text,
        [&out](QStringView cjk) {
            out.append(cjk);
            out.append(QLatin1Char(' '));
        },
        [&out](QStringView word) {
            appendMarkers(out, word, std::min(MarkedPrefixes, characterCount(word)));
            out.append(word);
            out.append(QLatin1Char(' '));
        });
    return out;
}

QString RouteStore::ftsQuery(QStringView fragment)
{
    // One phrase of the fragment's tokens in the index's layout. The last token, if a word, may
    // be typed in part: up to two characters it is its marker alone, longer a prefix query.
    struct Token
    {
        QStringView text;
        bool cjk;
    };
    QList<Token> tokens;
    forEachToken(
        fragment,
        [&tokens](QStringView c) {
            tokens.append({c, true});
        },
        [&tokens](QStringView w) {
            tokens.append({w, false});
        });
    if (tokens.isEmpty())
        return {};
    QString phrase;
    bool prefixQuery = false;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const Token &t = tokens[i];
        if (t.cjk) {
            phrase.append(t.text);
            phrase.append(QLatin1Char(' '));
            continue;
        }
        const qsizetype length = characterCount(t.text);
        const bool last = i == tokens.size() - 1;
        appendMarkers(phrase, t.text, std::min(MarkedPrefixes, length));
        if (!last || length > MarkedPrefixes) {
            phrase.append(t.text);
            phrase.append(QLatin1Char(' '));
            prefixQuery = last;
        }
    }
    // Tokens hold only letters, digits and the marker: nothing FTS5 could read as syntax.
    return QLatin1Char('"') + phrase.trimmed() + QLatin1Char('"') + (prefixQuery ? QStringLiteral("*") : QString());
}
