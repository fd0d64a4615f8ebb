// TEMPORARY stand-in for core/journalentry.cpp and core/journal.cpp (feat/journal), so that the
// sync module can be built and tested before that branch lands. It implements the contract of
// core/journalentry.h and core/journal.h simply and is compiled only while core/ has no
// journalentry.cpp (see sync/CMakeLists.txt). Delete this file when feat/journal is merged.

#include <QCborArray>
#include <QCryptographicHash>
#include <QFile>

#include <sys/stat.h>

#include <openssl/evp.h>

#include "journal.h"
#include "journalentry.h"

namespace {

Error recordError(const char *what)
{
    return Error{QStringLiteral("journal.record"), QString::fromLatin1(what)};
}

QCborArray linesToCbor(const QList<AllocationLine> &lines)
{
    QCborArray a;
    for (const AllocationLine &l : lines)
        a.append(QCborArray{l.billId, l.period, int(l.part), l.amount.fen()});
    return a;
}

bool moneyField(const QCborMap &m, int key, Money &out)
{
    const QCborValue v = m.value(key);
    if (!v.isInteger() || v.toInteger() < 0)
        return false;
    out = Money::fromFen(v.toInteger());
    return true;
}

} // namespace

QString entryKindKey(EntryKind k)
{
    static const char *names[] = {"",          "shift-opened",    "payment",          "void",
                                  "visit",     "receipt-printed", "cash-handed-over", "shift-closed",
                                  "clock-flag"};
    const int i = int(k);
    return i >= 1 && i <= 8 ? QString::fromLatin1(names[i]) : QStringLiteral("unknown");
}

QString paymentMethodKey(PaymentMethod m)
{
    switch (m) {
    case PaymentMethod::Cash:
        return QStringLiteral("cash");
    case PaymentMethod::BankCard:
        return QStringLiteral("bank-card");
    case PaymentMethod::RechargeVoucher:
        return QStringLiteral("voucher");
    case PaymentMethod::BankTransfer:
        return QStringLiteral("bank-transfer");
    }
    return QStringLiteral("unknown");
}

QString visitOutcomeKey(VisitOutcome o)
{
    static const char *names[] = {"", "not-home", "refused", "promised", "notice-delivered", "meter-problem", "note"};
    const int i = int(o);
    return i >= 1 && i <= 6 ? QString::fromLatin1(names[i]) : QStringLiteral("unknown");
}

QByteArray JournalEntry::canonicalEncoding() const
{
    return QCborValue(QCborArray{deviceId, seq, int(kind), timeMs, collectorId, shiftSeq, body, prevHash}).toCbor();
}

QByteArray JournalEntry::computeHash() const
{
    return QCryptographicHash::hash(canonicalEncoding(), QCryptographicHash::Sha256);
}

QByteArray JournalEntry::toCbor() const
{
    return QCborValue(
               QCborArray{deviceId, seq, int(kind), timeMs, collectorId, shiftSeq, body, prevHash, hash, signature})
        .toCbor();
}

Result<JournalEntry> JournalEntry::fromCbor(const QByteArray &cbor)
{
    const QCborArray a = QCborValue::fromCbor(cbor).toArray();
    if (a.size() != 10 || !a[0].isString() || !a[1].isInteger() || !a[2].isInteger() || !a[3].isInteger() ||
        !a[4].isString() || !a[5].isInteger() || !a[6].isMap() || !a[7].isByteArray() || !a[8].isByteArray() ||
        !a[9].isByteArray())
        return recordError("not a journal entry");
    JournalEntry e;
    e.deviceId = a[0].toString();
    e.seq = a[1].toInteger();
    e.kind = EntryKind(a[2].toInteger());
    e.timeMs = a[3].toInteger();
    e.collectorId = a[4].toString();
    e.shiftSeq = a[5].toInteger();
    e.body = a[6].toMap();
    e.prevHash = a[7].toByteArray();
    e.hash = a[8].toByteArray();
    e.signature = a[9].toByteArray();
    return e;
}

QString JournalEntry::receiptNumber() const
{
    return deviceId + QLatin1Char('-') + QStringLiteral("%1").arg(seq, 8, 10, QLatin1Char('0'));
}

QCborMap toCbor(const ShiftOpenedRecord &r)
{
    return QCborMap{{1, r.openingFloat.fen()}};
}
QCborMap toCbor(const PaymentRecord &r)
{
    return QCborMap{{1, r.accountNumber},           {2, int(r.method)},     {3, r.amount.fen()},
                    {4, r.tendered.fen()},          {5, r.change.fen()},    {6, r.reference},
                    {7, linesToCbor(r.allocation)}, {8, r.toPrepaid.fen()}, {9, r.stillOwed.fen()},
                    {10, r.worklistVersion}};
}
QCborMap toCbor(const VoidRecord &r)
{
    return QCborMap{{1, r.voidedSeq}, {2, r.reason}, {3, r.supervisorId}};
}
QCborMap toCbor(const VisitRecord &r)
{
    return QCborMap{{1, r.accountNumber}, {2, int(r.outcome)}, {3, r.promisedDate.toString(Qt::ISODate)}, {4, r.note}};
}
QCborMap toCbor(const ReceiptPrintedRecord &r)
{
    return QCborMap{{1, r.paymentSeq}, {2, r.printCount}};
}
QCborMap toCbor(const CashHandedOverRecord &r)
{
    return QCborMap{{1, r.amount.fen()}, {2, r.receivedBy}};
}
QCborMap toCbor(const ShiftClosedRecord &r)
{
    QCborMap d;
    for (auto it = r.denominations.cbegin(); it != r.denominations.cend(); ++it)
        d.insert(it.key(), it.value());
    return QCborMap{{1, r.expectedCash.fen()}, {2, r.countedCash.fen()}, {3, d}, {4, r.supervisorId}};
}
QCborMap toCbor(const ClockFlagRecord &r)
{
    return QCborMap{{1, r.wallClockMs}, {2, r.trustedTimeMs}, {3, r.reason}};
}

template<>
Result<ShiftOpenedRecord> recordFromCbor<ShiftOpenedRecord>(const QCborMap &m)
{
    ShiftOpenedRecord r;
    if (!moneyField(m, 1, r.openingFloat))
        return recordError("shift opened");
    return r;
}
template<>
Result<PaymentRecord> recordFromCbor<PaymentRecord>(const QCborMap &m)
{
    PaymentRecord r;
    if (!m.value(1).isString() || !m.value(2).isInteger() || !moneyField(m, 3, r.amount) ||
        !moneyField(m, 4, r.tendered) || !moneyField(m, 5, r.change) || !m.value(6).isString() ||
        !m.value(7).isArray() || !moneyField(m, 8, r.toPrepaid) || !moneyField(m, 9, r.stillOwed) ||
        !m.value(10).isInteger())
        return recordError("payment");
    r.accountNumber = m.value(1).toString();
    r.method = PaymentMethod(m.value(2).toInteger());
    r.reference = m.value(6).toString();
    r.worklistVersion = m.value(10).toInteger();
    for (const QCborValue &v : m.value(7).toArray()) {
        const QCborArray l = v.toArray();
        if (l.size() != 4 || !l[0].isString() || !l[1].isString() || !l[2].isInteger() || !l[3].isInteger())
            return recordError("allocation line");
        r.allocation.append(AllocationLine{l[0].toString(), l[1].toString(), AllocationLine::Part(l[2].toInteger()),
                                           Money::fromFen(l[3].toInteger())});
    }
    return r;
}
template<>
Result<VoidRecord> recordFromCbor<VoidRecord>(const QCborMap &m)
{
    if (!m.value(1).isInteger() || !m.value(2).isString() || !m.value(3).isString())
        return recordError("void");
    return VoidRecord{m.value(1).toInteger(), m.value(2).toString(), m.value(3).toString()};
}
template<>
Result<VisitRecord> recordFromCbor<VisitRecord>(const QCborMap &m)
{
    if (!m.value(1).isString() || !m.value(2).isInteger())
        return recordError("visit");
    return VisitRecord{m.value(1).toString(), VisitOutcome(m.value(2).toInteger()),
                       QDate::fromString(m.value(3).toString(), Qt::ISODate), m.value(4).toString()};
}
template<>
Result<ReceiptPrintedRecord> recordFromCbor<ReceiptPrintedRecord>(const QCborMap &m)
{
    if (!m.value(1).isInteger() || !m.value(2).isInteger())
        return recordError("receipt");
    return ReceiptPrintedRecord{m.value(1).toInteger(), int(m.value(2).toInteger())};
}
template<>
Result<CashHandedOverRecord> recordFromCbor<CashHandedOverRecord>(const QCborMap &m)
{
    CashHandedOverRecord r;
    if (!moneyField(m, 1, r.amount) || !m.value(2).isString())
        return recordError("handover");
    r.receivedBy = m.value(2).toString();
    return r;
}
template<>
Result<ShiftClosedRecord> recordFromCbor<ShiftClosedRecord>(const QCborMap &m)
{
    ShiftClosedRecord r;
    if (!moneyField(m, 1, r.expectedCash) || !moneyField(m, 2, r.countedCash))
        return recordError("shift closed");
    r.supervisorId = m.value(4).toString();
    return r;
}
template<>
Result<ClockFlagRecord> recordFromCbor<ClockFlagRecord>(const QCborMap &m)
{
    return ClockFlagRecord{m.value(1).toInteger(), m.value(2).toInteger(), m.value(3).toString()};
}

JournalFact JournalFact::fromEntry(const JournalEntry &e)
{
    JournalFact f;
    f.seq = e.seq;
    f.kind = e.kind;
    f.timeMs = e.timeMs;
    f.collectorId = e.collectorId;
    f.shiftSeq = e.shiftSeq;
    switch (e.kind) {
    case EntryKind::Payment:
        if (auto p = recordFromCbor<PaymentRecord>(e.body); p.ok()) {
            f.accountNumber = p.value().accountNumber;
            f.method = int(p.value().method);
            f.amount = p.value().amount;
            for (const AllocationLine &l : p.value().allocation) {
                if (l.part == AllocationLine::Part::Penalty)
                    f.penalty += l.amount;
            }
            f.prepaid = p.value().toPrepaid;
        }
        break;
    case EntryKind::Void:
        if (auto v = recordFromCbor<VoidRecord>(e.body); v.ok())
            f.refSeq = v.value().voidedSeq;
        break;
    case EntryKind::Visit:
        if (auto v = recordFromCbor<VisitRecord>(e.body); v.ok()) {
            f.accountNumber = v.value().accountNumber;
            f.outcome = int(v.value().outcome);
        }
        break;
    case EntryKind::ShiftOpened:
        if (auto s = recordFromCbor<ShiftOpenedRecord>(e.body); s.ok())
            f.amount = s.value().openingFloat;
        break;
    case EntryKind::CashHandedOver:
        if (auto c = recordFromCbor<CashHandedOverRecord>(e.body); c.ok())
            f.amount = c.value().amount;
        break;
    case EntryKind::ShiftClosed:
        if (auto c = recordFromCbor<ShiftClosedRecord>(e.body); c.ok()) {
            f.amount = c.value().countedCash;
            f.prepaid = c.value().expectedCash;
        }
        break;
    case EntryKind::ReceiptPrinted:
        if (auto r = recordFromCbor<ReceiptPrintedRecord>(e.body); r.ok()) {
            f.refSeq = r.value().paymentSeq;
            f.outcome = r.value().printCount;
        }
        break;
    case EntryKind::ClockFlag:
        break;
    }
    return f;
}

// ---- DeviceKey

struct DeviceKey::Impl
{
    EVP_PKEY *key = nullptr;
    ~Impl() { EVP_PKEY_free(key); }
};

DeviceKey::DeviceKey() = default;
DeviceKey::~DeviceKey()
{
    delete d;
}
DeviceKey::DeviceKey(DeviceKey &&o) noexcept
    : d(std::exchange(o.d, nullptr))
{
}
DeviceKey &DeviceKey::operator=(DeviceKey &&o) noexcept
{
    if (this != &o) {
        delete d;
        d = std::exchange(o.d, nullptr);
    }
    return *this;
}

DeviceKey DeviceKey::generate()
{
    DeviceKey k;
    k.d = new Impl;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
    EVP_PKEY_keygen_init(ctx);
    EVP_PKEY_keygen(ctx, &k.d->key);
    EVP_PKEY_CTX_free(ctx);
    return k;
}

Result<DeviceKey> DeviceKey::loadOrCreate(const QString &path)
{
    QFile f(path);
    if (f.exists()) {
        if (!f.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("key.read"), f.errorString()};
        const QByteArray raw = f.readAll();
        if (raw.size() != 32)
            return Error{QStringLiteral("key.invalid"), QStringLiteral("not an Ed25519 key")};
        DeviceKey k;
        k.d = new Impl;
        k.d->key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                                reinterpret_cast<const unsigned char *>(raw.constData()), 32);
        return k;
    }
    DeviceKey k = generate();
    unsigned char raw[32];
    size_t len = sizeof raw;
    EVP_PKEY_get_raw_private_key(k.d->key, raw, &len);
    if (!f.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("key.write"), f.errorString()};
    ::chmod(QFile::encodeName(path).constData(), 0600);
    f.write(reinterpret_cast<const char *>(raw), qint64(len));
    f.close();
    return k;
}

bool DeviceKey::isValid() const
{
    return d && d->key;
}

QByteArray DeviceKey::publicKey() const
{
    unsigned char raw[32];
    size_t len = sizeof raw;
    if (!isValid() || EVP_PKEY_get_raw_public_key(d->key, raw, &len) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(raw), qsizetype(len));
}

QByteArray DeviceKey::sign(const QByteArray &message) const
{
    QByteArray sig(64, '\0');
    size_t len = 64;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, d->key);
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(sig.data()), &len,
                   reinterpret_cast<const unsigned char *>(message.constData()), size_t(message.size()));
    EVP_MD_CTX_free(ctx);
    return sig;
}

bool DeviceKey::verify(const QByteArray &publicKey, const QByteArray &message, const QByteArray &signature)
{
    if (publicKey.size() != 32 || signature.size() != 64)
        return false;
    EVP_PKEY *key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                reinterpret_cast<const unsigned char *>(publicKey.constData()), 32);
    if (!key)
        return false;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key);
    const int rc =
        EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(signature.constData()), 64,
                         reinterpret_cast<const unsigned char *>(message.constData()), size_t(message.size()));
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    return rc == 1;
}

// ---- Journal

struct Journal::Impl
{
    QString path;
    QString deviceId;
    const DeviceKey *key = nullptr;
    Options options;
    SqliteDb db;
    qint64 lastSeq = 0;
    QByteArray lastHash = QByteArray(32, '\0');
};

Journal::Journal(QString path, QString deviceId, const DeviceKey &key, Options options)
    : d(new Impl)
{
    d->path = std::move(path);
    d->deviceId = std::move(deviceId);
    d->key = &key;
    d->options = options;
}

Journal::~Journal()
{
    delete d;
}

Status Journal::open()
{
    if (auto s = d->db.open(d->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, d->options.vfs); !s.ok())
        return s;
    if (auto s =
            d->db.exec(d->options.sync == Options::Sync::Full ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL"
                                                              : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");
        !s.ok())
        return s;
    if (auto s =
            d->db.exec("CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY, entry BLOB NOT NULL, hash BLOB "
                       "NOT NULL)");
        !s.ok())
        return s;
    SqliteStatement q = d->db.prepare("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1");
    if (q.step() == SQLITE_ROW) {
        d->lastSeq = q.int64(0);
        d->lastHash = q.blob(1);
    }
    return success();
}

void Journal::close()
{
    d->db.close();
}

Result<JournalEntry> Journal::append(EntryKind kind, const QCborMap &body, qint64 timeMs, const QString &collectorId,
                                     qint64 shiftSeq)
{
    // Another connection may have appended since: read the head inside the write transaction.
    if (auto s = d->db.exec("BEGIN IMMEDIATE"); !s.ok())
        return s.error();
    SqliteStatement q = d->db.prepare("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1");
    if (q.step() == SQLITE_ROW) {
        d->lastSeq = q.int64(0);
        d->lastHash = q.blob(1);
    }
    JournalEntry e;
    e.deviceId = d->deviceId;
    e.seq = d->lastSeq + 1;
    e.kind = kind;
    e.timeMs = timeMs;
    e.collectorId = collectorId;
    e.shiftSeq = shiftSeq;
    e.body = body;
    e.prevHash = d->lastHash;
    e.hash = e.computeHash();
    e.signature = d->key->sign(e.hash);
    SqliteStatement ins = d->db.prepare("INSERT INTO entries (seq, entry, hash) VALUES (?, ?, ?)");
    ins.bind(1, e.seq);
    ins.bind(2, e.toCbor());
    ins.bind(3, e.hash);
    if (ins.step() != SQLITE_DONE) {
        Error err = d->db.error(QStringLiteral("append"));
        (void)d->db.exec("ROLLBACK");
        return err;
    }
    if (auto s = d->db.exec("COMMIT"); !s.ok())
        return s.error();
    d->lastSeq = e.seq;
    d->lastHash = e.hash;
    return e;
}

qint64 Journal::lastSeq() const
{
    SqliteStatement q = d->db.prepare("SELECT MAX(seq) FROM entries");
    return q.step() == SQLITE_ROW ? q.int64(0) : 0;
}

QByteArray Journal::lastHash() const
{
    SqliteStatement q = d->db.prepare("SELECT hash FROM entries ORDER BY seq DESC LIMIT 1");
    return q.step() == SQLITE_ROW ? q.blob(0) : QByteArray(32, '\0');
}

std::optional<JournalEntry> Journal::entry(qint64 seq) const
{
    SqliteStatement q = d->db.prepare("SELECT entry FROM entries WHERE seq = ?");
    q.bind(1, seq);
    if (q.step() != SQLITE_ROW)
        return std::nullopt;
    auto e = JournalEntry::fromCbor(q.blob(0));
    if (!e.ok())
        return std::nullopt;
    return e.value();
}

void Journal::forEach(qint64 fromSeq, qint64 toSeq, const std::function<bool(const JournalEntry &)> &callback) const
{
    SqliteStatement q = d->db.prepare("SELECT entry FROM entries WHERE seq >= ? AND seq <= ? ORDER BY seq");
    q.bind(1, fromSeq);
    q.bind(2, toSeq);
    while (q.step() == SQLITE_ROW) {
        auto e = JournalEntry::fromCbor(q.blob(0));
        if (!e.ok() || !callback(e.value()))
            return;
    }
}

void Journal::forEachFact(qint64 fromSeq, qint64 toSeq, const std::function<bool(const JournalFact &)> &callback) const
{
    forEach(fromSeq, toSeq, [&](const JournalEntry &e) { return callback(JournalFact::fromEntry(e)); });
}

QString Journal::deviceId() const
{
    return d->deviceId;
}

SqliteDb &Journal::database()
{
    return d->db;
}
