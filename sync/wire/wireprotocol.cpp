#include "wireprotocol.h"

#include <QCborArray>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QUrl>

namespace WireProtocol {

namespace {

constexpr qsizetype HashBytes = 32;
constexpr qsizetype SignatureBytes = 64;
constexpr qsizetype MaxIdChars = 64;
constexpr qsizetype MaxTextChars = 4096;

// One translation context for the whole file, including free functions and helper types, in a
// form lupdate understands.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(WireProtocol)
};

/** Reads typed fields from a CBOR map, remembering the first problem with its field name. */
class Fields
{
public:
    Fields(const QCborValue &value, const char *what)
        : m_what(QString::fromLatin1(what))
    {
        if (!value.isMap())
            fail(QString(), Tr::tr("%1 is not a map.").arg(m_what));
        else
            m_map = value.toMap();
    }

    [[nodiscard]] bool has(const char *key) const { return m_map.contains(QLatin1String(key)); }

    qint64 integer(const char *key, qint64 min = 0, qint64 max = std::numeric_limits<qint64>::max())
    {
        const QCborValue v = value(key);
        if (!v.isInteger()) {
            typeError(key, Tr::tr("an integer"));
            return 0;
        }
        const qint64 n = v.toInteger();
        if (n < min || n > max)
            fail(QString::fromLatin1(key), Tr::tr("%1: field \"%2\" is out of range.").arg(m_what, QLatin1String(key)));
        return n;
    }

    QString text(const char *key, qsizetype maxChars = MaxTextChars)
    {
        const QCborValue v = value(key);
        if (!v.isString()) {
            typeError(key, Tr::tr("a text"));
            return {};
        }
        QString s = v.toString();
        if (s.size() > maxChars)
            fail(QString::fromLatin1(key), Tr::tr("%1: field \"%2\" is too long.").arg(m_what, QLatin1String(key)));
        return s;
    }

    QByteArray bytes(const char *key, qsizetype exactSize = -1)
    {
        const QCborValue v = value(key);
        if (!v.isByteArray()) {
            typeError(key, Tr::tr("bytes"));
            return {};
        }
        QByteArray b = v.toByteArray();
        if (exactSize >= 0 && b.size() != exactSize)
            fail(QString::fromLatin1(key),
                 Tr::tr("%1: field \"%2\" must be %3 bytes.").arg(m_what, QLatin1String(key)).arg(exactSize));
        return b;
    }

    QCborArray array(const char *key)
    {
        const QCborValue v = value(key);
        if (!v.isArray()) {
            typeError(key, Tr::tr("a list"));
            return {};
        }
        return v.toArray();
    }

    bool boolean(const char *key)
    {
        const QCborValue v = value(key);
        if (!v.isBool()) {
            typeError(key, Tr::tr("true or false"));
            return false;
        }
        return v.toBool();
    }

    void fail(const QString &, const QString &message)
    {
        if (!m_error)
            m_error = Error{QStringLiteral("wire.field"), message};
    }
    [[nodiscard]] bool ok() const { return !m_error; }
    [[nodiscard]] Error error() const { return *m_error; }
    [[nodiscard]] const QString &what() const { return m_what; }

private:
    QCborValue value(const char *key)
    {
        QCborValue v = m_map.value(QLatin1String(key));
        if (v.isUndefined() && !m_error)
            fail(QString::fromLatin1(key), Tr::tr("%1: field \"%2\" is missing.").arg(m_what, QLatin1String(key)));
        return v;
    }
    void typeError(const char *key, const QString &expected)
    {
        fail(QString::fromLatin1(key),
             Tr::tr("%1: field \"%2\" must be %3.").arg(m_what, QLatin1String(key), expected));
    }

    QString m_what;
    QCborMap m_map;
    std::optional<Error> m_error;
};

Error fieldError(const QString &message)
{
    return Error{QStringLiteral("wire.field"), message};
}

QCborArray rosterToCbor(const QList<RosterEntry> &roster)
{
    QCborArray a;
    for (const RosterEntry &r : roster)
        a.append(QCborArray{r.id, r.name, r.role, r.pinHash, r.active});
    return a;
}

Result<QList<RosterEntry>> rosterFromCbor(const QCborArray &a)
{
    QList<RosterEntry> out;
    out.reserve(a.size());
    for (const auto &v : a) {
        const QCborArray r = v.toArray();
        if (r.size() != 5 || !r[0].isString() || !r[1].isString() || !r[2].isString() || !r[3].isString() ||
            !r[4].isBool() || r[0].toString().isEmpty() || r[0].toString().size() > MaxIdChars)
            return fieldError(Tr::tr("A roster entry is not [id, name, role, pin hash, active]."));
        const QString role = r[2].toString();
        if (role != QLatin1String("collector") && role != QLatin1String("supervisor"))
            return fieldError(Tr::tr("A roster entry has an unknown role."));
        out.append(RosterEntry{r[0].toString(), r[1].toString(), role, r[3].toString(), r[4].toBool()});
    }
    return out;
}

bool isIdentifier(const QString &s)
{
    if (s.isEmpty() || s.size() > MaxIdChars)
        return false;
    for (QChar c : s) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_') || c == QLatin1Char('.')))
            return false;
    }
    return true;
}

} // namespace

QByteArray requestTarget(const QUrl &url)
{
    QByteArray out = url.path(QUrl::FullyEncoded).toUtf8();
    if (url.hasQuery())
        out += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    return out;
}

QByteArray requestSigningMessage(const QByteArray &method, const QByteArray &pathAndQuery, const QByteArray &body)
{
    return QByteArrayLiteral("doorstep-request-v1\n") + method + '\n' + pathAndQuery + '\n' +
           QCryptographicHash::hash(body, QCryptographicHash::Sha256);
}

QByteArray requestSigningMessage(const QByteArray &method, const QByteArray &pathAndQuery, qint64 counter,
                                 const QByteArray &body)
{
    return QByteArrayLiteral("doorstep-request-v2\n") + method + '\n' + pathAndQuery + '\n' +
           QByteArray::number(counter) + '\n' + QCryptographicHash::hash(body, QCryptographicHash::Sha256);
}

// ---- enrolment

QCborValue EnrolRequest::toCbor() const
{
    return QCborMap{{QStringLiteral("code"), code}, {QStringLiteral("public_key"), publicKey}};
}

Result<EnrolRequest> EnrolRequest::fromCbor(const QCborValue &v)
{
    Fields f(v, "enrolment request");
    EnrolRequest r;
    r.code = f.text("code", 128);
    r.publicKey = f.bytes("public_key", 32);
    if (!f.ok())
        return f.error();
    return r;
}

QCborValue EnrolReply::toCbor() const
{
    return QCborMap{{QStringLiteral("device"), deviceId},
                    {QStringLiteral("route"), route},
                    {QStringLiteral("pin"), centerPin},
                    {QStringLiteral("time"), serverTimeMs},
                    {QStringLiteral("roster_version"), rosterVersion},
                    {QStringLiteral("roster"), rosterToCbor(roster)}};
}

Result<EnrolReply> EnrolReply::fromCbor(const QCborValue &v)
{
    Fields f(v, "enrolment reply");
    EnrolReply r;
    r.deviceId = f.text("device", MaxIdChars);
    r.route = f.text("route", MaxIdChars);
    r.centerPin = f.bytes("pin");
    r.serverTimeMs = f.integer("time");
    r.rosterVersion = f.integer("roster_version");
    const QCborArray roster = f.array("roster");
    if (!f.ok())
        return f.error();
    if (!isIdentifier(r.deviceId))
        return fieldError(Tr::tr("The enrolment reply's device id is not valid."));
    if (!r.centerPin.isEmpty() && r.centerPin.size() != HashBytes)
        return fieldError(Tr::tr("The enrolment reply's key pin is not a SHA-256."));
    auto parsed = rosterFromCbor(roster);
    if (!parsed.ok())
        return parsed.error();
    r.roster = parsed.value();
    return r;
}

// ---- worklist

QCborValue WorklistDelta::toCbor() const
{
    QCborArray s;
    for (const auto &kv : settings)
        s.append(QCborArray{kv.first, kv.second});
    QCborArray a;
    for (const Account &x : accounts)
        a.append(QCborArray{x.number, x.name, x.address, x.village, x.walkOrder, x.meterNumber,
                            customerClassKey(x.customerClass), x.phone, x.prepaidBalance.fen()});
    QCborArray b;
    for (const Bill &x : bills) {
        QCborArray row{
            x.id, x.accountNumber, x.period, x.amount.fen(), x.dueDate.toString(Qt::ISODate), x.amountPaid.fen()};
        // A bill whose penalty was settled up to a day carries that day and what stays owed of it.
        if (x.penaltyFrom.isValid()) {
            row.append(x.penaltyCarried.fen());
            row.append(x.penaltyFrom.toString(Qt::ISODate));
        }
        b.append(row);
    }
    QCborMap m{{QStringLiteral("since"), since},
               {QStringLiteral("version"), version},
               {QStringLiteral("route"), route},
               {QStringLiteral("settings"), s},
               {QStringLiteral("accounts"), a},
               {QStringLiteral("bills"), b},
               {QStringLiteral("removed_accounts"), QCborArray::fromStringList(removedAccounts)},
               {QStringLiteral("removed_bills"), QCborArray::fromStringList(removedBills)}};
    m.insert(QStringLiteral("limits"), ExposureRule::toCbor(limits));
    m.insert(QStringLiteral("corrections"), PaymentCorrection::toCbor(corrections));
    return m;
}

Result<WorklistDelta> WorklistDelta::fromCbor(const QCborValue &v)
{
    Fields f(v, "worklist");
    WorklistDelta d;
    d.since = f.integer("since");
    d.version = f.integer("version");
    d.route = f.text("route", MaxIdChars);
    const QCborArray s = f.array("settings");
    const QCborArray a = f.array("accounts");
    const QCborArray b = f.array("bills");
    const QCborArray ra = f.array("removed_accounts");
    const QCborArray rb = f.array("removed_bills");
    // Absent from a center older than the limits: then the terminal has none from it.
    const QCborArray limits = f.has("limits") ? f.array("limits") : QCborArray();
    const QCborArray corrections = f.has("corrections") ? f.array("corrections") : QCborArray();
    if (!f.ok())
        return f.error();
    if (corrections.size() > MaxCorrections)
        return fieldError(Tr::tr("The worklist has more corrections than a center sends."));
    const auto reversed = PaymentCorrection::fromCbor(corrections);
    if (!reversed)
        return fieldError(Tr::tr("A correction is not [device, seq, account, fen, reason, by, time]."));
    d.corrections = *reversed;
    if (limits.size() > 1000)
        return fieldError(Tr::tr("The worklist has more exposure limits than a center sets."));
    const auto rules = ExposureRule::fromCbor(limits);
    if (!rules)
        return fieldError(Tr::tr("An exposure limit is not [scope, id, key, value]."));
    d.limits = *rules;
    for (const auto &x : s) {
        const QCborArray kv = x.toArray();
        if (kv.size() != 2 || !kv[0].isString() || !kv[1].isString())
            return fieldError(Tr::tr("A worklist setting is not [key, value]."));
        d.settings.append({kv[0].toString(), kv[1].toString()});
    }
    for (const auto &x : a) {
        const QCborArray r = x.toArray();
        if (r.size() != 9 || !r[0].isString() || !r[1].isString() || !r[2].isString() || !r[3].isString() ||
            !r[4].isInteger() || !r[5].isString() || !r[6].isString() || !r[7].isString() || !r[8].isInteger())
            return fieldError(Tr::tr("A worklist account does not have the nine fields in order."));
        const auto cls = customerClassFromKey(r[6].toString());
        if (!cls || r[0].toString().isEmpty() || r[4].toInteger() < 0 || r[4].toInteger() > INT_MAX ||
            r[8].toInteger() < 0 || r[8].toInteger() > Money::MaxFen)
            return fieldError(Tr::tr("Worklist account %1 has a value out of range.").arg(r[0].toString()));
        Account acc;
        acc.number = r[0].toString();
        acc.name = r[1].toString();
        acc.address = r[2].toString();
        acc.village = r[3].toString();
        acc.walkOrder = int(r[4].toInteger());
        acc.meterNumber = r[5].toString();
        acc.customerClass = *cls;
        acc.phone = r[7].toString();
        acc.prepaidBalance = Money::fromFen(r[8].toInteger());
        d.accounts.append(acc);
    }
    for (const auto &x : b) {
        const QCborArray r = x.toArray();
        const bool carriesPenalty = r.size() == 8;
        if ((r.size() != 6 && !carriesPenalty) || !r[0].isString() || !r[1].isString() || !r[2].isString() ||
            !r[3].isInteger() || !r[4].isString() || !r[5].isInteger() ||
            (carriesPenalty && (!r[6].isInteger() || !r[7].isString())))
            return fieldError(Tr::tr("A worklist bill does not have the six (or eight) fields in order."));
        const QDate due = QDate::fromString(r[4].toString(), Qt::ISODate);
        const qint64 amount = r[3].toInteger();
        const qint64 paid = r[5].toInteger();
        if (!due.isValid() || amount < 0 || amount > Money::MaxFen || paid < 0 || paid > amount ||
            r[0].toString().isEmpty())
            return fieldError(Tr::tr("Worklist bill %1 has a value out of range.").arg(r[0].toString()));
        Bill bill{r[0].toString(),      r[1].toString(), r[2].toString(), Money::fromFen(amount), due,
                  Money::fromFen(paid), Money(),         QDate()};
        if (carriesPenalty) {
            const qint64 carried = r[6].toInteger();
            bill.penaltyFrom = QDate::fromString(r[7].toString(), Qt::ISODate);
            if (carried < 0 || carried > Money::MaxFen || !bill.penaltyFrom.isValid() || bill.penaltyFrom < due)
                return fieldError(Tr::tr("Worklist bill %1 has a value out of range.").arg(r[0].toString()));
            bill.penaltyCarried = Money::fromFen(carried);
        }
        d.bills.append(bill);
    }
    for (const auto &x : ra) {
        if (!x.isString())
            return fieldError(Tr::tr("A removed account is not a text."));
        d.removedAccounts.append(x.toString());
    }
    for (const auto &x : rb) {
        if (!x.isString())
            return fieldError(Tr::tr("A removed bill is not a text."));
        d.removedBills.append(x.toString());
    }
    return d;
}

// ---- journal batches

QCborValue JournalBatch::encode(const QString &deviceId, const QList<JournalEntry> &entries)
{
    QCborArray list;
    qint64 previousTime = 0;
    for (const JournalEntry &e : entries) {
        list.append(QCborArray{int(e.kind), e.timeMs - previousTime, e.collectorId, e.shiftSeq, e.body, e.signature});
        previousTime = e.timeMs;
    }
    return QCborMap{
        {QStringLiteral("device"), deviceId},
        {QStringLiteral("first"), entries.isEmpty() ? 0 : entries.first().seq},
        {QStringLiteral("prev"), entries.isEmpty() ? QByteArray(HashBytes, '\0') : entries.first().prevHash},
        {QStringLiteral("entries"), list}};
}

Result<JournalBatch> JournalBatch::fromCbor(const QCborValue &v)
{
    Fields f(v, "journal batch");
    JournalBatch batch;
    batch.deviceId = f.text("device", MaxIdChars);
    batch.firstSeq = f.integer("first", 1);
    batch.prevHash = f.bytes("prev", HashBytes);
    const QCborArray list = f.array("entries");
    if (!f.ok())
        return f.error();
    if (list.isEmpty())
        return fieldError(Tr::tr("The journal batch holds no entries."));
    batch.entries.reserve(list.size());
    QByteArray prev = batch.prevHash;
    qint64 time = 0;
    qint64 seq = batch.firstSeq;
    for (const auto &x : list) {
        const QCborArray r = x.toArray();
        if (r.size() != 6 || !r[0].isInteger() || !r[1].isInteger() || !r[2].isString() || !r[3].isInteger() ||
            !r[4].isMap() || !r[5].isByteArray())
            return fieldError(Tr::tr("Journal entry %1 does not have the six fields in order.").arg(seq));
        const qint64 kind = r[0].toInteger();
        if (kind < int(EntryKind::ShiftOpened) || kind > int(LastEntryKind))
            return fieldError(Tr::tr("Journal entry %1 has an unknown kind.").arg(seq));
        const qint64 delta = r[1].toInteger();
        if ((delta > 0 && time > std::numeric_limits<qint64>::max() - delta) ||
            (delta < 0 && time < std::numeric_limits<qint64>::min() - delta))
            return fieldError(Tr::tr("Journal entry %1 has a time out of range.").arg(seq));
        time += delta;
        if (r[5].toByteArray().size() != SignatureBytes || r[2].toString().size() > MaxIdChars || r[3].toInteger() < 0)
            return fieldError(Tr::tr("Journal entry %1 has a field out of range.").arg(seq));
        JournalEntry e;
        e.deviceId = batch.deviceId;
        e.seq = seq++;
        e.kind = EntryKind(kind);
        e.timeMs = time;
        e.collectorId = r[2].toString();
        e.shiftSeq = r[3].toInteger();
        e.body = r[4].toMap();
        e.prevHash = prev;
        e.signature = r[5].toByteArray();
        e.hash = e.computeHash();
        prev = e.hash;
        batch.entries.append(std::move(e));
    }
    return batch;
}

// ---- acknowledgements

QCborValue JournalAck::toCbor() const
{
    QCborMap m{{QStringLiteral("head"), head},
               {QStringLiteral("hash"), headHash},
               {QStringLiteral("stored"), stored},
               {QStringLiteral("duplicates"), duplicates}};
    if (refusal)
        m.insert(QStringLiteral("refusal"), QCborMap{{QStringLiteral("code"), refusal->code},
                                                     {QStringLiteral("message"), refusal->message},
                                                     {QStringLiteral("seq"), refusal->seq}});
    return m;
}

Result<JournalAck> JournalAck::fromCbor(const QCborValue &v)
{
    Fields f(v, "journal acknowledgement");
    JournalAck a;
    a.head = f.integer("head");
    a.headHash = f.bytes("hash", HashBytes);
    a.stored = f.integer("stored");
    a.duplicates = f.integer("duplicates");
    if (!f.ok())
        return f.error();
    if (f.has("refusal")) {
        Fields r(v.toMap().value(QStringLiteral("refusal")), "refusal");
        Refusal refusal;
        refusal.code = r.text("code", 128);
        refusal.message = r.text("message");
        refusal.seq = r.integer("seq");
        if (!r.ok())
            return r.error();
        a.refusal = refusal;
    }
    return a;
}

QCborValue CommandsReply::toCbor() const
{
    QCborArray c;
    for (const Command &x : commands)
        c.append(QCborArray{x.id, x.kind});
    QCborMap m{{QStringLiteral("time"), serverTimeMs},
               {QStringLiteral("worklist_version"), worklistVersion},
               {QStringLiteral("roster_version"), rosterVersion},
               {QStringLiteral("commands"), c}};
    if (roster)
        m.insert(QStringLiteral("roster"), rosterToCbor(*roster));
    if (!centerKey.isEmpty())
        m.insert(QStringLiteral("center_key"), centerKey);
    if (!timeSignature.isEmpty())
        m.insert(QStringLiteral("time_signature"), timeSignature);
    if (!verifyAddress.isEmpty())
        m.insert(QStringLiteral("verify_address"), verifyAddress);
    return m;
}

bool isPlainWebAddress(const QString &address)
{
    if (address.isEmpty() || address.size() > MaxWebAddressChars)
        return false;
    for (const QChar c : address) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f || c == QLatin1Char('#') || c == QLatin1Char('?'))
            return false;
    }
    const QUrl url(address, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http")) &&
           !url.host().isEmpty() && url.userInfo().isEmpty();
}

Result<CommandsReply> CommandsReply::fromCbor(const QCborValue &v)
{
    Fields f(v, "commands");
    CommandsReply r;
    r.serverTimeMs = f.integer("time");
    r.worklistVersion = f.integer("worklist_version");
    r.rosterVersion = f.integer("roster_version");
    const QCborArray c = f.array("commands");
    if (!f.ok())
        return f.error();
    for (const auto &x : c) {
        const QCborArray a = x.toArray();
        if (a.size() != 2 || !a[0].isInteger() || !a[1].isString())
            return fieldError(Tr::tr("A command is not [id, kind]."));
        const QString kind = a[1].toString();
        if (kind != QLatin1String("lock") && kind != QLatin1String("unlock") && kind != QLatin1String("wipe"))
            return fieldError(Tr::tr("Unknown command \"%1\".").arg(kind.left(32)));
        r.commands.append(Command{a[0].toInteger(), kind});
    }
    if (f.has("roster")) {
        auto roster = rosterFromCbor(v.toMap().value(QStringLiteral("roster")).toArray());
        if (!roster.ok())
            return roster.error();
        r.roster = roster.value();
    }
    if (f.has("center_key")) {
        const QCborValue key = v.toMap().value(QStringLiteral("center_key"));
        if (!key.isByteArray() || key.toByteArray().size() != 32)
            return fieldError(Tr::tr("The center's key is not 32 bytes."));
        r.centerKey = key.toByteArray();
    }
    if (f.has("time_signature")) {
        const QCborValue signature = v.toMap().value(QStringLiteral("time_signature"));
        if (!signature.isByteArray() || signature.toByteArray().size() != SignatureBytes || r.centerKey.isEmpty())
            return fieldError(Tr::tr("The center's time signature is not 64 bytes beside its key."));
        r.timeSignature = signature.toByteArray();
    }
    if (f.has("verify_address")) {
        // Printed on every receipt from then on: anything but a plain web address is refused.
        const QCborValue address = v.toMap().value(QStringLiteral("verify_address"));
        if (!address.isString() || !isVerifyAddress(address.toString()))
            return fieldError(Tr::tr("The receipt verification address is not a short http(s) address."));
        r.verifyAddress = address.toString();
    }
    return r;
}

QCborValue CommandAck::toCbor() const
{
    return QCborMap{{QStringLiteral("id"), id}, {QStringLiteral("head"), head}};
}

Result<CommandAck> CommandAck::fromCbor(const QCborValue &v)
{
    Fields f(v, "command acknowledgement");
    CommandAck a;
    a.id = f.integer("id", 1);
    a.head = f.integer("head");
    if (!f.ok())
        return f.error();
    return a;
}

QCborValue ErrorReply::toCbor() const
{
    return QCborMap{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
}

Result<ErrorReply> ErrorReply::fromCbor(const QCborValue &v)
{
    Fields f(v, "error");
    ErrorReply e;
    e.code = f.text("code", 128);
    e.message = f.text("message");
    if (!f.ok())
        return f.error();
    return e;
}

} // namespace WireProtocol
