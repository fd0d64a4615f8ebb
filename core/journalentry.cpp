#include "journalentry.h"

#include <QCborArray>
#include <QCborStreamWriter>
#include <QCborValue>
#include <QCoreApplication>
#include <QCryptographicHash>

#include <algorithm>
#include <limits>

namespace {

// Keys of the entry map. The canonical encoding is every key but Hash and Signature.
enum EntryKey : qint64 {
    KeyDevice = 0,
    KeySeq = 1,
    KeyKind = 2,
    KeyTime = 3,
    KeyCollector = 4,
    KeyShift = 5,
    KeyBody = 6,
    KeyPrevHash = 7,
    KeyHash = 8,
    KeySignature = 9,
};

Error entryError(const char *code, const char *text)
{
    return Error{QString::fromLatin1(code), QCoreApplication::translate("Journal", text)};
}

// Deterministic CBOR: maps written with their integer keys ascending, definite lengths,
// shortest integer forms (QCborStreamWriter's), text as UTF-8. Only the types entries use.
void writeCanonical(QCborStreamWriter &w, const QCborValue &v)
{
    switch (v.type()) {
    case QCborValue::Integer:
        w.append(v.toInteger());
        break;
    case QCborValue::ByteArray:
        w.append(v.toByteArray());
        break;
    case QCborValue::String:
        w.append(v.toString());
        break;
    case QCborValue::True:
    case QCborValue::False:
        w.append(v.toBool());
        break;
    case QCborValue::Array: {
        const QCborArray a = v.toArray();
        w.startArray(quint64(a.size()));
        for (const auto &item : a)
            writeCanonical(w, item);
        w.endArray();
        break;
    }
    case QCborValue::Map: {
        const QCborMap m = v.toMap();
        QList<qint64> keys;
        keys.reserve(m.size());
        for (auto it = m.cbegin(); it != m.cend(); ++it)
            keys.append(it.key().toInteger());
        std::sort(keys.begin(), keys.end());
        w.startMap(quint64(keys.size()));
        for (qint64 k : keys) {
            w.append(k);
            writeCanonical(w, m.value(k));
        }
        w.endMap();
        break;
    }
    default:
        w.append(QCborSimpleType::Null);
        break;
    }
}

// Only integer keys and the value types above may appear: anything else is not an entry.
bool isCanonicalShape(const QCborValue &v, int depth)
{
    if (depth > 8)
        return false;
    switch (v.type()) {
    case QCborValue::Integer:
    case QCborValue::ByteArray:
    case QCborValue::String:
    case QCborValue::True:
    case QCborValue::False:
        return true;
    case QCborValue::Array: {
        const QCborArray a = v.toArray();
        return std::all_of(a.cbegin(), a.cend(),
                           [depth](const QCborValue &x) { return isCanonicalShape(x, depth + 1); });
    }
    case QCborValue::Map: {
        // Keys are integers, strictly ascending as read: no duplicate key, no second order.
        const QCborMap m = v.toMap();
        qint64 previous = std::numeric_limits<qint64>::min();
        bool first = true;
        for (auto it = m.cbegin(); it != m.cend(); ++it) {
            if (!it.key().isInteger() || (!first && it.key().toInteger() <= previous) ||
                !isCanonicalShape(it.value(), depth + 1))
                return false;
            previous = it.key().toInteger();
            first = false;
        }
        return true;
    }
    default:
        return false;
    }
}

QByteArray encode(const JournalEntry &e, bool withHashAndSignature)
{
    QCborMap m;
    m.insert(KeyDevice, e.deviceId);
    m.insert(KeySeq, e.seq);
    m.insert(KeyKind, qint64(e.kind));
    m.insert(KeyTime, e.timeMs);
    m.insert(KeyCollector, e.collectorId);
    m.insert(KeyShift, e.shiftSeq);
    m.insert(KeyBody, e.body);
    m.insert(KeyPrevHash, e.prevHash);
    if (withHashAndSignature) {
        m.insert(KeyHash, e.hash);
        m.insert(KeySignature, e.signature);
    }
    QByteArray out;
    QCborStreamWriter w(&out);
    writeCanonical(w, m);
    return out;
}

/** Strict field access for decoding records: the first problem is kept and reported. */
class FieldReader
{
public:
    explicit FieldReader(const QCborMap &map)
        : m_map(map)
    {
    }

    qint64 integer(qint64 key, qint64 min = 0, qint64 max = std::numeric_limits<qint64>::max())
    {
        ++m_read;
        const QCborValue v = m_map.value(key);
        if (!v.isInteger()) {
            fail(key);
            return 0;
        }
        const qint64 i = v.toInteger();
        if (i < min || i > max)
            fail(key);
        return i;
    }
    /// A key that a record may leave out (a field added later): absent reads as `absent`.
    qint64 optionalInteger(qint64 key, qint64 absent, qint64 min, qint64 max)
    {
        if (!m_map.contains(key))
            return absent;
        return integer(key, min, max);
    }
    Money money(qint64 key) { return Money::fromFen(integer(key, 0, Money::MaxFen)); }
    QString text(qint64 key)
    {
        ++m_read;
        const QCborValue v = m_map.value(key);
        if (!v.isString())
            fail(key);
        return v.toString();
    }
    QByteArray bytes(qint64 key, qsizetype size)
    {
        ++m_read;
        const QCborValue v = m_map.value(key);
        if (!v.isByteArray() || v.toByteArray().size() != size)
            fail(key);
        return v.toByteArray();
    }
    QCborArray array(qint64 key)
    {
        ++m_read;
        const QCborValue v = m_map.value(key);
        if (!v.isArray())
            fail(key);
        return v.toArray();
    }
    [[nodiscard]] bool has(qint64 key) const { return m_map.contains(key); }
    void fail(qint64 key)
    {
        if (m_badKey < 0)
            m_badKey = key;
    }
    template<typename T>
    Result<T> result(T value) const
    {
        // Every key read once: a map with more keys than were read has a field nobody knows.
        if (m_badKey < 0 && m_map.size() != m_read)
            return Error{QStringLiteral("journal.bad-record"),
                         QCoreApplication::translate("Journal", "A journal record has a field this version does not "
                                                                "know.")};
        if (m_badKey >= 0)
            return Error{QStringLiteral("journal.bad-record"),
                         QCoreApplication::translate("Journal", "A journal record has a missing or wrong field (%1).")
                             .arg(m_badKey)};
        return value;
    }

private:
    const QCborMap &m_map;
    qint64 m_badKey = -1;
    qsizetype m_read = 0;
};

} // namespace

QString entryKindKey(EntryKind k)
{
    switch (k) {
    case EntryKind::ShiftOpened:
        return QStringLiteral("shift-opened");
    case EntryKind::Payment:
        return QStringLiteral("payment");
    case EntryKind::Void:
        return QStringLiteral("void");
    case EntryKind::Visit:
        return QStringLiteral("visit");
    case EntryKind::ReceiptPrinted:
        return QStringLiteral("receipt-printed");
    case EntryKind::CashHandedOver:
        return QStringLiteral("cash-handed-over");
    case EntryKind::ShiftClosed:
        return QStringLiteral("shift-closed");
    case EntryKind::ClockFlag:
        return QStringLiteral("clock-flag");
    case EntryKind::CashCounted:
        return QStringLiteral("cash-counted");
    case EntryKind::Event:
        return QStringLiteral("event");
    }
    return {};
}

QString eventKindKey(EventRecord::Kind k)
{
    switch (k) {
    case EventRecord::Kind::AppStarted:
        return QStringLiteral("app-started");
    case EventRecord::Kind::AppStopped:
        return QStringLiteral("app-stopped");
    case EventRecord::Kind::KeyCreated:
        return QStringLiteral("key-created");
    case EventRecord::Kind::JournalExported:
        return QStringLiteral("journal-exported");
    case EventRecord::Kind::SelfCheckFailed:
        return QStringLiteral("self-check-failed");
    case EventRecord::Kind::LockReceived:
        return QStringLiteral("lock-received");
    case EventRecord::Kind::UnlockReceived:
        return QStringLiteral("unlock-received");
    case EventRecord::Kind::TimeWitnessed:
        return QStringLiteral("time-witnessed");
    case EventRecord::Kind::WipeReceived:
        return QStringLiteral("wipe-received");
    }
    return QStringLiteral("unknown");
}

QByteArray EventRecord::witnessMessage(const QString &deviceId, qint64 centerTimeMs)
{
    return "doorstep-time-v1\n" + deviceId.toUtf8() + '\n' + QByteArray::number(centerTimeMs);
}

QString printedDocumentKey(PrintedDocument d)
{
    switch (d) {
    case PrintedDocument::Receipt:
        return QStringLiteral("receipt");
    case PrintedDocument::VoidSlip:
        return QStringLiteral("void-slip");
    case PrintedDocument::ZReport:
        return QStringLiteral("z-report");
    }
    return {};
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
    return {};
}

QString visitOutcomeKey(VisitOutcome o)
{
    switch (o) {
    case VisitOutcome::NotHome:
        return QStringLiteral("not-home");
    case VisitOutcome::Refused:
        return QStringLiteral("refused");
    case VisitOutcome::PromisedToPay:
        return QStringLiteral("promised-to-pay");
    case VisitOutcome::DisconnectionNoticeDelivered:
        return QStringLiteral("disconnection-notice");
    case VisitOutcome::MeterProblem:
        return QStringLiteral("meter-problem");
    case VisitOutcome::Note:
        return QStringLiteral("note");
    }
    return {};
}

QByteArray JournalEntry::canonicalEncoding() const
{
    return encode(*this, false);
}

QByteArray JournalEntry::computeHash() const
{
    return QCryptographicHash::hash(canonicalEncoding(), QCryptographicHash::Sha256);
}

QByteArray JournalEntry::toCbor() const
{
    return encode(*this, true);
}

Result<JournalEntry> JournalEntry::fromCbor(const QByteArray &cbor)
{
    QCborParserError parseError;
    const QCborValue v = QCborValue::fromCbor(cbor, &parseError);
    if (parseError.error != QCborError::NoError || !v.isMap())
        return entryError("journal.bad-cbor", QT_TRANSLATE_NOOP("Journal", "A journal entry is not readable CBOR."));
    if (!isCanonicalShape(v, 0))
        return entryError("journal.bad-entry",
                          QT_TRANSLATE_NOOP("Journal", "A journal entry has fields of the wrong kind."));
    const QCborMap m = v.toMap();
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        if (it.key().toInteger() < KeyDevice || it.key().toInteger() > KeySignature)
            return entryError("journal.bad-entry",
                              QT_TRANSLATE_NOOP("Journal", "A journal entry has an unknown field."));
    JournalEntry e;
    const auto want = [&m](EntryKey k, QCborValue::Type t) { return m.value(k).type() == t; };
    if (!want(KeyDevice, QCborValue::String) || !want(KeySeq, QCborValue::Integer) ||
        !want(KeyKind, QCborValue::Integer) || !want(KeyTime, QCborValue::Integer) ||
        !want(KeyCollector, QCborValue::String) || !want(KeyShift, QCborValue::Integer) ||
        !want(KeyBody, QCborValue::Map) || !want(KeyPrevHash, QCborValue::ByteArray) ||
        !want(KeyHash, QCborValue::ByteArray) || !want(KeySignature, QCborValue::ByteArray))
        return entryError(
            "journal.bad-entry",
            QT_TRANSLATE_NOOP("Journal", "A journal entry is missing a field or has one of the wrong type."));
    e.deviceId = m.value(KeyDevice).toString();
    e.seq = m.value(KeySeq).toInteger();
    const qint64 kind = m.value(KeyKind).toInteger();
    if (kind < qint64(EntryKind::ShiftOpened) || kind > qint64(LastEntryKind))
        return entryError("journal.bad-entry", QT_TRANSLATE_NOOP("Journal", "A journal entry has an unknown kind."));
    e.kind = EntryKind(kind);
    e.timeMs = m.value(KeyTime).toInteger();
    e.collectorId = m.value(KeyCollector).toString();
    e.shiftSeq = m.value(KeyShift).toInteger();
    e.body = m.value(KeyBody).toMap();
    e.prevHash = m.value(KeyPrevHash).toByteArray();
    e.hash = m.value(KeyHash).toByteArray();
    e.signature = m.value(KeySignature).toByteArray();
    if (e.seq < 1 || e.shiftSeq < 0 || e.prevHash.size() != 32 || e.hash.size() != 32 || e.signature.size() != 64)
        return entryError(
            "journal.bad-entry",
            QT_TRANSLATE_NOOP("Journal", "A journal entry has an impossible sequence number or hash size."));
    // One encoding per entry: anything else (trailing bytes, other key order, long integer
    // forms) could hide a second meaning behind the same hash.
    if (e.toCbor() != cbor)
        return entryError("journal.not-canonical",
                          QT_TRANSLATE_NOOP("Journal", "A journal entry is not in its one canonical form."));
    return e;
}

bool JournalEntry::hasCanonicalBody() const
{
    return isCanonicalShape(QCborValue(body), 1);
}

QString JournalEntry::receiptNumber() const
{
    return receiptNumber(deviceId, seq);
}

QString JournalEntry::receiptNumber(const QString &deviceId, qint64 seq)
{
    return deviceId + QLatin1Char('-') + QStringLiteral("%1").arg(seq, 8, 10, QLatin1Char('0'));
}

// ---- records

QCborMap toCbor(const ShiftOpenedRecord &r)
{
    return QCborMap{{0, r.openingFloat.fen()}};
}

QCborMap toCbor(const PaymentRecord &r)
{
    QCborArray lines;
    for (const AllocationLine &l : r.allocation)
        lines.append(QCborMap{{0, l.billId}, {1, l.period}, {2, qint64(l.part)}, {3, l.amount.fen()}});
    return QCborMap{{0, r.accountNumber},   {1, qint64(r.method)}, {2, r.amount.fen()}, {3, r.tendered.fen()},
                    {4, r.change.fen()},    {5, r.reference},      {6, lines},          {7, r.toPrepaid.fen()},
                    {8, r.stillOwed.fen()}, {9, r.worklistVersion}};
}

QCborMap toCbor(const VoidRecord &r)
{
    return QCborMap{{0, r.voidedSeq}, {1, r.reason}, {2, r.supervisorId}};
}

QCborMap toCbor(const VisitRecord &r)
{
    return QCborMap{{0, r.accountNumber},
                    {1, qint64(r.outcome)},
                    {2, r.promisedDate.isValid() ? r.promisedDate.toString(Qt::ISODate) : QString()},
                    {3, r.note}};
}

QCborMap toCbor(const ReceiptPrintedRecord &r)
{
    // A payment's receipt leaves the document out: its body is byte for byte what it was before
    // other documents were journaled, and one meaning has one encoding.
    QCborMap m{{0, r.entrySeq}, {1, r.printCount}};
    if (r.document != PrintedDocument::Receipt)
        m.insert(2, qint64(r.document));
    return m;
}

namespace {

QCborArray denominationsToCbor(const QMap<qint64, qint64> &denominations)
{
    QCborArray out;
    for (auto it = denominations.cbegin(); it != denominations.cend(); ++it)
        out.append(QCborArray{it.key(), it.value()});
    return out;
}

/// [[value fen, count], …]: at most 100 pairs, values positive, counts not negative.
QMap<qint64, qint64> denominationsFromCbor(FieldReader &f, qint64 key, bool optional)
{
    QMap<qint64, qint64> out;
    if (optional && !f.has(key))
        return out;
    const QCborArray denominations = f.array(key);
    // An optional list is left out when empty: an empty one written out is a second encoding.
    if (denominations.size() > 100 || (optional && denominations.isEmpty()))
        f.fail(key);
    for (const auto &v : denominations) {
        const QCborArray pair = v.toArray();
        if (!v.isArray() || pair.size() != 2 || !pair.at(0).isInteger() || !pair.at(1).isInteger() ||
            pair.at(0).toInteger() <= 0 || pair.at(1).toInteger() < 0 || out.contains(pair.at(0).toInteger())) {
            f.fail(key);
            break;
        }
        out.insert(pair.at(0).toInteger(), pair.at(1).toInteger());
    }
    return out;
}

/// True when the notes and coins add up to `total` exactly (no overflow on the way).
bool addsUpTo(const QMap<qint64, qint64> &denominations, Money total)
{
    qint64 sum = 0;
    for (auto it = denominations.cbegin(); it != denominations.cend(); ++it) {
        qint64 part = 0;
        if (__builtin_mul_overflow(it.key(), it.value(), &part) || __builtin_add_overflow(sum, part, &sum))
            return false;
    }
    return sum == total.fen();
}

} // namespace

QCborMap toCbor(const CashHandedOverRecord &r)
{
    // Entries made before the notes were counted at the handover keep their two fields: one
    // meaning, one encoding.
    QCborMap m{{0, r.amount.fen()}, {1, r.receivedBy}};
    if (!r.denominations.isEmpty())
        m.insert(2, denominationsToCbor(r.denominations));
    return m;
}

QCborMap toCbor(const ShiftClosedRecord &r)
{
    QCborMap m{{0, r.expectedCash.fen()},
               {1, r.countedCash.fen()},
               {2, denominationsToCbor(r.denominations)},
               {3, r.supervisorId}};
    // Closes made before perpetual totals keep their four fields: one meaning, one encoding.
    if (r.hasPerpetualTotals()) {
        m.insert(4, r.zNumber);
        m.insert(5, r.everPaidCount);
        m.insert(6, r.everPaid.fen());
        m.insert(7, r.everVoidedCount);
        m.insert(8, r.everVoided.fen());
    }
    return m;
}

QCborMap toCbor(const CashCountedRecord &r)
{
    return QCborMap{{0, r.countedCash.fen()},
                    {1, r.expectedCash.fen()},
                    {2, denominationsToCbor(r.denominations)},
                    {3, qint64(r.countNumber)}};
}

QCborMap toCbor(const EventRecord &r)
{
    QCborMap m{{0, qint64(r.kind)}, {1, r.detail}};
    if (r.kind == EventRecord::Kind::TimeWitnessed) {
        m.insert(2, r.centerTimeMs);
        m.insert(3, r.centerSignature);
    }
    return m;
}

QCborMap toCbor(const ClockFlagRecord &r)
{
    return QCborMap{{0, r.wallClockMs}, {1, r.trustedTimeMs}, {2, r.reason}};
}

template<>
Result<ShiftOpenedRecord> recordFromCbor<ShiftOpenedRecord>(const QCborMap &map)
{
    FieldReader f(map);
    ShiftOpenedRecord r;
    r.openingFloat = f.money(0);
    return f.result(r);
}

template<>
Result<PaymentRecord> recordFromCbor<PaymentRecord>(const QCborMap &map)
{
    FieldReader f(map);
    PaymentRecord r;
    r.accountNumber = f.text(0);
    r.method = PaymentMethod(f.integer(1, qint64(PaymentMethod::Cash), qint64(PaymentMethod::BankTransfer)));
    r.amount = f.money(2);
    r.tendered = f.money(3);
    r.change = f.money(4);
    r.reference = f.text(5);
    const QCborArray lines = f.array(6);
    if (lines.size() > 1000)
        f.fail(6);
    for (const auto &v : lines) {
        if (!v.isMap()) {
            f.fail(6);
            break;
        }
        const QCborMap lm = v.toMap();
        FieldReader lf(lm);
        AllocationLine l;
        l.billId = lf.text(0);
        l.period = lf.text(1);
        l.part = AllocationLine::Part(lf.integer(2, 0, 1));
        l.amount = lf.money(3);
        if (!lf.result(0).ok())
            f.fail(6);
        r.allocation.append(l);
    }
    r.toPrepaid = f.money(7);
    r.stillOwed = f.money(8);
    r.worklistVersion = f.integer(9);
    return f.result(r);
}

template<>
Result<VoidRecord> recordFromCbor<VoidRecord>(const QCborMap &map)
{
    FieldReader f(map);
    VoidRecord r;
    r.voidedSeq = f.integer(0, 1);
    r.reason = f.text(1);
    r.supervisorId = f.text(2);
    return f.result(r);
}

template<>
Result<VisitRecord> recordFromCbor<VisitRecord>(const QCborMap &map)
{
    FieldReader f(map);
    VisitRecord r;
    r.accountNumber = f.text(0);
    r.outcome = VisitOutcome(f.integer(1, qint64(VisitOutcome::NotHome), qint64(VisitOutcome::Note)));
    const QString promised = f.text(2);
    if (!promised.isEmpty()) {
        r.promisedDate = QDate::fromString(promised, Qt::ISODate);
        if (!r.promisedDate.isValid())
            f.fail(2);
    }
    r.note = f.text(3);
    return f.result(r);
}

template<>
Result<ReceiptPrintedRecord> recordFromCbor<ReceiptPrintedRecord>(const QCborMap &map)
{
    FieldReader f(map);
    ReceiptPrintedRecord r;
    r.entrySeq = f.integer(0, 1);
    r.printCount = int(f.integer(1, 1, 1'000'000));
    // Absent for a receipt; present only for another document (an explicit 1 is a second
    // encoding of a receipt's print, and is refused like any field out of range).
    r.document = PrintedDocument(f.optionalInteger(
        2, qint64(PrintedDocument::Receipt), qint64(PrintedDocument::VoidSlip), qint64(PrintedDocument::ZReport)));
    return f.result(r);
}

template<>
Result<CashHandedOverRecord> recordFromCbor<CashHandedOverRecord>(const QCborMap &map)
{
    FieldReader f(map);
    CashHandedOverRecord r;
    r.amount = f.money(0);
    r.receivedBy = f.text(1);
    r.denominations = denominationsFromCbor(f, 2, true);
    if (!r.denominations.isEmpty() && !addsUpTo(r.denominations, r.amount))
        f.fail(2);
    return f.result(r);
}

template<>
Result<ShiftClosedRecord> recordFromCbor<ShiftClosedRecord>(const QCborMap &map)
{
    FieldReader f(map);
    ShiftClosedRecord r;
    r.expectedCash = f.money(0);
    r.countedCash = f.money(1);
    r.denominations = denominationsFromCbor(f, 2, false);
    r.supervisorId = f.text(3);
    // Absent together (an older close) or present together; an explicit 0 would be a second
    // encoding of "not recorded" and is refused like any field out of range.
    r.zNumber = f.optionalInteger(4, 0, 1, std::numeric_limits<qint64>::max());
    if (r.hasPerpetualTotals()) {
        r.everPaidCount = f.integer(5, 0);
        r.everPaid = f.money(6);
        r.everVoidedCount = f.integer(7, 0);
        r.everVoided = f.money(8);
    }
    return f.result(r);
}

template<>
Result<EventRecord> recordFromCbor<EventRecord>(const QCborMap &map)
{
    FieldReader f(map);
    EventRecord r;
    r.kind = EventRecord::Kind(f.integer(0, 1, EventRecord::LastKind));
    r.detail = f.text(1);
    if (r.detail.size() > EventRecord::MaxDetailChars)
        f.fail(1);
    // The center's time and signature belong to a witness, and only to one.
    if (r.kind == EventRecord::Kind::TimeWitnessed) {
        r.centerTimeMs = f.integer(2, 1);
        r.centerSignature = f.bytes(3, 64);
    }
    return f.result(r);
}

template<>
Result<CashCountedRecord> recordFromCbor<CashCountedRecord>(const QCborMap &map)
{
    FieldReader f(map);
    CashCountedRecord r;
    r.countedCash = f.money(0);
    r.expectedCash = f.money(1);
    r.denominations = denominationsFromCbor(f, 2, false);
    if (!addsUpTo(r.denominations, r.countedCash))
        f.fail(2);
    r.countNumber = int(f.integer(3, 1, 1000));
    return f.result(r);
}

template<>
Result<ClockFlagRecord> recordFromCbor<ClockFlagRecord>(const QCborMap &map)
{
    FieldReader f(map);
    ClockFlagRecord r;
    r.wallClockMs = f.integer(0, std::numeric_limits<qint64>::min());
    r.trustedTimeMs = f.integer(1, std::numeric_limits<qint64>::min());
    r.reason = f.text(2);
    return f.result(r);
}

Status checkRecord(EntryKind kind, const QCborMap &body)
{
    const auto status = [](const auto &result) -> Status {
        if (!result.ok())
            return result.error();
        return success();
    };
    switch (kind) {
    case EntryKind::ShiftOpened:
        return status(recordFromCbor<ShiftOpenedRecord>(body));
    case EntryKind::Payment:
        return status(recordFromCbor<PaymentRecord>(body));
    case EntryKind::Void:
        return status(recordFromCbor<VoidRecord>(body));
    case EntryKind::Visit:
        return status(recordFromCbor<VisitRecord>(body));
    case EntryKind::ReceiptPrinted:
        return status(recordFromCbor<ReceiptPrintedRecord>(body));
    case EntryKind::CashHandedOver:
        return status(recordFromCbor<CashHandedOverRecord>(body));
    case EntryKind::ShiftClosed:
        return status(recordFromCbor<ShiftClosedRecord>(body));
    case EntryKind::ClockFlag:
        return status(recordFromCbor<ClockFlagRecord>(body));
    case EntryKind::CashCounted:
        return status(recordFromCbor<CashCountedRecord>(body));
    case EntryKind::Event:
        return status(recordFromCbor<EventRecord>(body));
    }
    return entryError("journal.bad-entry", QT_TRANSLATE_NOOP("Journal", "A journal entry has an unknown kind."));
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
    case EntryKind::ShiftOpened:
        if (const auto r = recordFromCbor<ShiftOpenedRecord>(e.body); r.ok())
            f.amount = r->openingFloat;
        break;
    case EntryKind::Payment:
        if (const auto r = recordFromCbor<PaymentRecord>(e.body); r.ok()) {
            f.accountNumber = r->accountNumber;
            f.method = int(r->method);
            f.amount = r->amount;
            for (const AllocationLine &l : r->allocation)
                if (l.part == AllocationLine::Part::Penalty)
                    f.penalty += l.amount;
            f.prepaid = r->toPrepaid;
        }
        break;
    case EntryKind::Void:
        if (const auto r = recordFromCbor<VoidRecord>(e.body); r.ok())
            f.refSeq = r->voidedSeq;
        break;
    case EntryKind::Visit:
        if (const auto r = recordFromCbor<VisitRecord>(e.body); r.ok()) {
            f.accountNumber = r->accountNumber;
            f.outcome = int(r->outcome);
        }
        break;
    case EntryKind::ReceiptPrinted:
        if (const auto r = recordFromCbor<ReceiptPrintedRecord>(e.body); r.ok()) {
            f.refSeq = r->entrySeq;
            f.outcome = r->printCount;
            if (r->document != PrintedDocument::Receipt)
                f.method = int(r->document);
        }
        break;
    case EntryKind::CashHandedOver:
        if (const auto r = recordFromCbor<CashHandedOverRecord>(e.body); r.ok())
            f.amount = r->amount;
        break;
    case EntryKind::ShiftClosed:
        if (const auto r = recordFromCbor<ShiftClosedRecord>(e.body); r.ok()) {
            f.amount = r->countedCash;
            f.prepaid = r->expectedCash;
        }
        break;
    case EntryKind::CashCounted:
        if (const auto r = recordFromCbor<CashCountedRecord>(e.body); r.ok()) {
            f.amount = r->countedCash;
            f.prepaid = r->expectedCash;
            f.outcome = r->countNumber;
        }
        break;
    case EntryKind::ClockFlag:
        break;
    case EntryKind::Event:
        if (const auto r = recordFromCbor<EventRecord>(e.body); r.ok())
            f.outcome = int(r->kind);
        break;
    }
    return f;
}
