#include "worklist.h"

#include <QCoreApplication>
#include <QHashFunctions>

#include <array>
#include <charconv>
#include <cstring>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include <openssl/evp.h>

#include "decimal.h"

namespace {

constexpr QByteArrayView Magic = "DOORSTEP-WORKLIST";
constexpr QByteArrayView FormatVersion = "1";
constexpr qsizetype ChunkBytes = 1 << 20;

// Limits that keep a hostile file from costing memory or time; a real worklist is far inside them.
constexpr qsizetype MaxFieldBytes = WorklistLimits::MaxFieldBytes;
constexpr qsizetype MaxLineBytes = WorklistLimits::MaxLineBytes;
constexpr qsizetype MaxBillIdBytes = WorklistLimits::MaxBillIdBytes;
constexpr int MaxFields = 12;

const char *const Ctx = "Worklist";

/// A field of the current line: bytes inside the read buffer, already checked for UTF-8 and controls.
struct Field
{
    const char *data = nullptr;
    qsizetype size = 0;

    [[nodiscard]] QByteArrayView view() const { return {data, size}; }
    [[nodiscard]] bool isEmpty() const { return size == 0; }
    [[nodiscard]] QString toString() const { return QString::fromUtf8(data, size); }
};

// Field names per record type, index = field number - 1, for "line 42, field 5 (amount)".
constexpr std::array<const char *, 3> KeyValueFields = {QT_TRANSLATE_NOOP("Worklist", "record type"),
                                                        QT_TRANSLATE_NOOP("Worklist", "key"),
                                                        QT_TRANSLATE_NOOP("Worklist", "value")};
constexpr std::array<const char *, 10> AccountFields = {
    QT_TRANSLATE_NOOP("Worklist", "record type"),  QT_TRANSLATE_NOOP("Worklist", "account number"),
    QT_TRANSLATE_NOOP("Worklist", "name"),         QT_TRANSLATE_NOOP("Worklist", "address"),
    QT_TRANSLATE_NOOP("Worklist", "village"),      QT_TRANSLATE_NOOP("Worklist", "walk order"),
    QT_TRANSLATE_NOOP("Worklist", "meter number"), QT_TRANSLATE_NOOP("Worklist", "class"),
    QT_TRANSLATE_NOOP("Worklist", "phone"),        QT_TRANSLATE_NOOP("Worklist", "prepaid balance")};
// The last two are optional together: a bill whose penalty was settled up to a day.
constexpr std::array<const char *, 9> BillFields = {QT_TRANSLATE_NOOP("Worklist", "record type"),
                                                    QT_TRANSLATE_NOOP("Worklist", "bill id"),
                                                    QT_TRANSLATE_NOOP("Worklist", "account number"),
                                                    QT_TRANSLATE_NOOP("Worklist", "period"),
                                                    QT_TRANSLATE_NOOP("Worklist", "amount"),
                                                    QT_TRANSLATE_NOOP("Worklist", "due date"),
                                                    QT_TRANSLATE_NOOP("Worklist", "amount paid"),
                                                    QT_TRANSLATE_NOOP("Worklist", "penalty carried"),
                                                    QT_TRANSLATE_NOOP("Worklist", "penalty settled through")};
constexpr qsizetype PlainBillFields = 7;
constexpr std::array<const char *, 4> EndFields = {
    QT_TRANSLATE_NOOP("Worklist", "record type"), QT_TRANSLATE_NOOP("Worklist", "accounts"),
    QT_TRANSLATE_NOOP("Worklist", "bills"), QT_TRANSLATE_NOOP("Worklist", "sha256")};

Error lineError(const char *code, qint64 line, const QString &what)
{
    return Error{QString::fromLatin1(code),
                 QCoreApplication::translate("Worklist", "line %1: %2").arg(QString::number(line), what)};
}

/// The field layout of a record type, for naming the field at fault.
std::span<const char *const> fieldsOf(QByteArrayView type)
{
    if (type == "A")
        return AccountFields;
    if (type == "B")
        return BillFields;
    if (type == "END")
        return EndFields;
    return KeyValueFields;
}

/// Checks a line's bytes (no terminator) and splits it at TABs. The one pass over every byte.
class LineSplitter
{
public:
    enum class Fault { None, TooManyFields, ControlCharacter, BadUtf8 };

    Fault split(const char *data, qsizetype size)
    {
        m_count = 0;
        m_faultField = 0;
        const auto *p = reinterpret_cast<const uchar *>(data);
        const uchar *const end = p + size;
        const uchar *fieldStart = p;
        while (p < end) {
            const uchar c = *p;
            if (c >= 0x20 && c < 0x7f) {
                ++p;
                continue;
            }
            if (c == '\t') {
                if (!push(fieldStart, p))
                    return Fault::TooManyFields;
                fieldStart = ++p;
                continue;
            }
            if (c < 0x80) { // C0 control or DEL
                m_faultField = m_count + 1;
                return Fault::ControlCharacter;
            }
            const int n = decodeUtf8(p, end);
            if (n < 0) {
                m_faultField = m_count + 1;
                return n == -2 ? Fault::ControlCharacter : Fault::BadUtf8;
            }
            p += n;
        }
        if (!push(fieldStart, p))
            return Fault::TooManyFields;
        return Fault::None;
    }

    [[nodiscard]] int count() const { return m_count; }
    [[nodiscard]] const Field &operator[](int i) const { return m_fields[size_t(i)]; }
    [[nodiscard]] int faultField() const { return m_faultField; }

private:
    bool push(const uchar *begin, const uchar *end)
    {
        if (m_count == MaxFields) {
            m_faultField = MaxFields + 1;
            return false;
        }
        m_fields[size_t(m_count++)] = Field{reinterpret_cast<const char *>(begin), qsizetype(end - begin)};
        return true;
    }

    /// Length of the well-formed UTF-8 sequence at p, -1 if malformed, -2 if it is a C1 control.
    static int decodeUtf8(const uchar *p, const uchar *end)
    {
        const uchar c = p[0];
        int n = 0;
        char32_t cp = 0;
        char32_t min = 0;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
            cp = c & 0x1fu;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            cp = c & 0x0fu;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            cp = c & 0x07u;
            min = 0x10000;
        } else {
            return -1; // continuation byte, overlong lead (C0/C1) or beyond U+10FFFF
        }
        if (end - p < n)
            return -1;
        for (int i = 1; i < n; ++i) {
            if ((p[i] & 0xc0) != 0x80)
                return -1;
            cp = (cp << 6) | (p[i] & 0x3fu);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return -1;
        if (cp >= 0x80 && cp <= 0x9f) // C1 controls (CSI and friends) are controls too
            return -2;
        return n;
    }

    std::array<Field, MaxFields> m_fields{};
    int m_count = 0;
    int m_faultField = 0;
};

/**
 * An exact set of short byte strings (account numbers, bill ids) in one arena and an
 * open-addressing table: about 30 bytes per entry, where a QSet<QString> would take ~100 and a
 * million allocations. Each slot keeps 32 bits of the hash beside the arena offset, so a probe
 * rarely has to look at the arena.
 */
class CompactStringSet
{
public:
    enum class Insert { Added, Present, Full };

    Insert insert(QByteArrayView s)
    {
        if ((m_size + 1) * 2 > m_slots.size() && !grow())
            return Insert::Full;
        const size_t hash = hashOf(s);
        size_t i = slotFor(s, hash);
        if (m_slots[i] != 0)
            return Insert::Present;
        const size_t offset = m_arena.size();
        if (offset + size_t(s.size()) + 2 >= 0xffffffffu)
            return Insert::Full;
        m_arena.push_back(char(s.size() & 0xff));
        m_arena.push_back(char((s.size() >> 8) & 0xff));
        m_arena.insert(m_arena.end(), s.begin(), s.end());
        m_slots[i] = slotValue(hash, offset);
        ++m_size;
        return Insert::Added;
    }

    [[nodiscard]] bool contains(QByteArrayView s) const
    {
        return !m_slots.empty() && m_slots[slotFor(s, hashOf(s))] != 0;
    }

private:
    static size_t hashOf(QByteArrayView s) { return qHashBits(s.data(), size_t(s.size()), 0x9e3779b9); }
    static quint64 slotValue(size_t hash, size_t offset)
    {
        return (quint64(quint32(hash >> 32)) << 32) | quint64(offset + 1);
    }

    [[nodiscard]] QByteArrayView at(quint64 slot) const
    {
        const size_t offset = size_t(quint32(slot)) - 1;
        const auto lo = uchar(m_arena[offset]);
        const auto hi = uchar(m_arena[offset + 1]);
        return {m_arena.data() + offset + 2, qsizetype(lo | (hi << 8))};
    }

    /// The slot holding s, or the empty slot where it would go.
    [[nodiscard]] size_t slotFor(QByteArrayView s, size_t hash) const
    {
        const size_t mask = m_slots.size() - 1;
        const quint64 tag = slotValue(hash, 0) & 0xffffffff00000000ULL;
        size_t i = size_t(tag >> 32) & mask;
        while (m_slots[i] != 0 && ((m_slots[i] & 0xffffffff00000000ULL) != tag || at(m_slots[i]) != s))
            i = (i + 1) & mask;
        return i;
    }

    bool grow()
    {
        if (m_slots.size() >= (size_t(1) << 32)) // the tag holds 32 bits of place
            return false;
        std::vector<quint64> old;
        old.swap(m_slots);
        m_slots.assign(old.empty() ? 1024 : old.size() * 2, 0);
        const size_t mask = m_slots.size() - 1;
        for (const quint64 slot : old) {
            if (slot == 0)
                continue;
            // The slot's tag is the hash bits that pick its place: no need to read the arena.
            size_t i = size_t(slot >> 32) & mask;
            while (m_slots[i] != 0)
                i = (i + 1) & mask;
            m_slots[i] = slot;
        }
        return true;
    }

    std::vector<char> m_arena;
    std::vector<quint64> m_slots;
    size_t m_size = 0;
};

struct EvpDigestDeleter
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};

using Decimal::isDigits;
using Decimal::parseCount;

int digitsValue(QByteArrayView s)
{
    int v = 0;
    for (const char c : s)
        v = v * 10 + (c - '0');
    return v;
}

/// Exactly "YYYY-MM-DD", a real calendar date.
QDate parseIsoDate(QByteArrayView s)
{
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !isDigits(s.sliced(0, 4)) || !isDigits(s.sliced(5, 2)) ||
        !isDigits(s.sliced(8, 2)))
        return {};
    return {digitsValue(s.sliced(0, 4)), digitsValue(s.sliced(5, 2)), digitsValue(s.sliced(8, 2))};
}

/// Exactly "YYYY-MM", month 01..12.
bool isPeriod(QByteArrayView s)
{
    if (s.size() != 7 || s[4] != '-' || !isDigits(s.sliced(0, 4)) || !isDigits(s.sliced(5, 2)))
        return false;
    const int month = digitsValue(s.sliced(5, 2));
    return month >= 1 && month <= 12 && digitsValue(s.sliced(0, 4)) >= 1;
}

/** The reader's state for one readWorklist() call. */
class Reader
{
    Q_DECLARE_TR_FUNCTIONS(Worklist)

public:
    Reader(QIODevice &in, WorklistSink &sink)
        : m_in(in)
        , m_sink(sink)
        , m_digest(EVP_MD_CTX_new())
    {
        EVP_DigestInit_ex(m_digest.get(), EVP_sha256(), nullptr);
    }

    Result<WorklistSummary> run();

private:
    Status line(const char *data, qsizetype size);
    Status magicLine();
    Status metaLine();
    Status policyLine();
    Status finishHeader();
    Status accountLine();
    Status billLine();
    Status endLine(const char *lineStart);

    /// "line 42, field 5 (amount): what", the field named after the record type's layout.
    Error fieldError(const char *code, std::span<const char *const> names, int field, const QString &what) const
    {
        const QString name = field >= 1 && size_t(field) <= names.size()
                                 ? QCoreApplication::translate(Ctx, names[size_t(field - 1)])
                                 : tr("extra field");
        return Error{QString::fromLatin1(code),
                     tr("line %1, field %2 (%3): %4").arg(QString::number(m_line), QString::number(field), name, what)};
    }
    Status checkFieldCount(std::span<const char *const> names) const;
    Status checkLengths(std::span<const char *const> names, qsizetype limit) const;
    std::optional<Money> parseMoney(const Field &f, QString *why) const;

    void hashUpTo(const char *end);

    QIODevice &m_in;
    WorklistSink &m_sink;
    std::unique_ptr<EVP_MD_CTX, EvpDigestDeleter> m_digest;
    std::vector<char> m_buffer;
    const char *m_hashedUpTo = nullptr;

    LineSplitter m_fields;
    qint64 m_line = 0;
    enum class Phase { Start, Header, Body, Ended } m_phase = Phase::Start;

    // Header as it is read: each M key's value and line, each P pair and its line.
    std::map<QString, QPair<QString, qint64>> m_meta;
    QList<QPair<QString, QString>> m_policyPairs;
    qint64 m_lastPolicyLine = 0;
    WorklistHeader m_header;

    CompactStringSet m_accountNumbers;
    CompactStringSet m_billIds;
    QByteArray m_lastAccountNumber;
    Account m_account;
    Bill m_bill;
    WorklistSummary m_summary;
};

void Reader::hashUpTo(const char *end)
{
    if (end > m_hashedUpTo) {
        EVP_DigestUpdate(m_digest.get(), m_hashedUpTo, size_t(end - m_hashedUpTo));
        m_hashedUpTo = end;
    }
}

Result<WorklistSummary> Reader::run()
{
    m_buffer.resize(size_t(ChunkBytes + MaxLineBytes + 2));
    char *const base = m_buffer.data();
    qsizetype filled = 0;
    qsizetype start = 0;
    m_hashedUpTo = base;
    bool eof = false;
    while (true) {
        // Every complete line in the buffer.
        while (start < filled) {
            const auto *nl = static_cast<const char *>(std::memchr(base + start, '\n', size_t(filled - start)));
            if (!nl)
                break;
            ++m_line;
            if (m_phase == Phase::Ended)
                return lineError("worklist.trailing-data", m_line, tr("nothing may follow the END line"));
            qsizetype size = nl - (base + start);
            if (size > MaxLineBytes)
                return lineError("worklist.bad-field", m_line,
                                 tr("the line is longer than %1 bytes").arg(MaxLineBytes));
            if (size > 0 && base[start + size - 1] == '\r')
                --size; // CRLF is tolerated; the CR is still part of the hashed bytes
            if (Status s = line(base + start, size); !s)
                return s.error();
            start = qsizetype(nl - base) + 1;
        }
        if (eof)
            break;
        // Keep the partial line, hash what was consumed, and read on.
        const qsizetype rest = filled - start;
        if (rest > MaxLineBytes) {
            if (m_phase == Phase::Start)
                return lineError("worklist.bad-magic", 1, tr("this is not a Doorstep worklist"));
            return lineError("worklist.bad-field", m_line + 1,
                             tr("the line is longer than %1 bytes").arg(MaxLineBytes));
        }
        if (m_phase != Phase::Ended)
            hashUpTo(base + start);
        std::memmove(base, base + start, size_t(rest));
        m_hashedUpTo = base;
        filled = rest;
        start = 0;
        const qint64 got = m_in.read(base + filled, qint64(m_buffer.size()) - filled);
        if (got < 0)
            return Error{
                QStringLiteral("worklist.read-failed"),
                QCoreApplication::translate(Ctx, "The worklist could not be read: %1").arg(m_in.errorString())};
        if (got == 0)
            eof = true;
        filled += qsizetype(got);
    }

    if (filled > start) { // bytes after the last LF
        if (m_phase == Phase::Ended)
            return lineError("worklist.trailing-data", m_line + 1, tr("nothing may follow the END line"));
        const QByteArrayView rest(base + start, filled - start);
        if (m_phase == Phase::Start && !Magic.startsWith(rest.first(std::min(rest.size(), Magic.size()))))
            return lineError("worklist.bad-magic", 1, tr("this is not a Doorstep worklist"));
        return lineError("worklist.truncated", m_line + 1,
                         tr("the worklist is cut short (the last line is incomplete); download it again"));
    }
    if (m_phase == Phase::Start)
        return lineError("worklist.bad-magic", 1, tr("the file is empty, not a Doorstep worklist"));
    if (m_phase != Phase::Ended)
        return lineError("worklist.truncated", m_line,
                         tr("the worklist is cut short (it has no END line); download it again"));
    return m_summary;
}

Status Reader::line(const char *data, qsizetype size)
{
    const LineSplitter::Fault fault = m_fields.split(data, size);
    if (m_phase == Phase::Start) {
        if (fault != LineSplitter::Fault::None)
            return lineError("worklist.bad-magic", m_line, tr("this is not a Doorstep worklist"));
        return magicLine();
    }
    if (fault != LineSplitter::Fault::None) {
        const int field = m_fields.faultField();
        const auto names = fieldsOf(field > 1 ? m_fields[0].view() : QByteArrayView());
        switch (fault) {
        case LineSplitter::Fault::ControlCharacter:
            return fieldError("worklist.control-character", names, field,
                              tr("holds a control character, which no field may contain"));
        case LineSplitter::Fault::BadUtf8:
            return fieldError("worklist.bad-utf8", names, field, tr("is not valid UTF-8 text"));
        case LineSplitter::Fault::TooManyFields:
        case LineSplitter::Fault::None:
            break;
        }
        return fieldError("worklist.bad-field", names, int(names.size()) + 1, tr("the line has too many fields"));
    }

    const QByteArrayView type = m_fields[0].view();
    if (type == "A" || type == "B" || type == "END") {
        if (m_phase == Phase::Header) {
            if (Status s = finishHeader(); !s)
                return s;
            m_phase = Phase::Body;
        }
        if (type == "A")
            return accountLine();
        if (type == "B")
            return billLine();
        return endLine(data);
    }
    if (type == "M" || type == "P") {
        if (m_phase != Phase::Header)
            return fieldError("worklist.bad-field", KeyValueFields, 1,
                              tr("M and P lines must come before the first account"));
        return type == "M" ? metaLine() : policyLine();
    }
    return fieldError(
        "worklist.bad-field", KeyValueFields, 1,
        tr("unknown record type \"%1\" (expected M, P, A, B or END)").arg(m_fields[0].toString().left(20)));
}

Status Reader::magicLine()
{
    if (m_fields.count() < 1 || m_fields[0].view() != Magic)
        return lineError("worklist.bad-magic", m_line, tr("this is not a Doorstep worklist"));
    if (m_fields.count() != 2 || m_fields[1].view() != FormatVersion)
        return lineError("worklist.bad-magic", m_line,
                         tr("this worklist is in a format version this app does not read (%1); update the app")
                             .arg(m_fields.count() >= 2 ? m_fields[1].toString().left(20) : QString()));
    m_phase = Phase::Header;
    return success();
}

Status Reader::checkFieldCount(std::span<const char *const> names) const
{
    const auto n = qsizetype(names.size());
    if (m_fields.count() < n)
        return fieldError("worklist.bad-field", names, m_fields.count() + 1,
                          tr("missing (the line has too few fields)"));
    if (m_fields.count() > n)
        return fieldError("worklist.bad-field", names, int(n) + 1, tr("the line has too many fields"));
    return success();
}

Status Reader::checkLengths(std::span<const char *const> names, qsizetype limit) const
{
    for (int i = 1; i < m_fields.count(); ++i) {
        if (m_fields[i].size > limit)
            return fieldError("worklist.bad-field", names, i + 1, tr("longer than %1 bytes").arg(limit));
    }
    return success();
}

Status Reader::metaLine()
{
    if (Status s = checkFieldCount(KeyValueFields); !s)
        return s;
    if (Status s = checkLengths(KeyValueFields, MaxFieldBytes); !s)
        return s;
    const QString key = m_fields[1].toString();
    const QString value = m_fields[2].toString();
    static const QStringList known = {QStringLiteral("route"),           QStringLiteral("version"),
                                      QStringLiteral("generated"),       QStringLiteral("utility"),
                                      QStringLiteral("account-pattern"), QStringLiteral("check-digit"),
                                      QStringLiteral("allocation-order")};
    if (!known.contains(key))
        return fieldError("worklist.bad-field", KeyValueFields, 2, tr("unknown worklist key \"%1\"").arg(key));
    if (m_meta.count(key))
        return fieldError("worklist.bad-field", KeyValueFields, 2, tr("\"%1\" is given twice").arg(key));

    const QByteArrayView v = m_fields[2].view();
    if (key == QLatin1String("route") || key == QLatin1String("utility") || key == QLatin1String("account-pattern")) {
        if (value.trimmed().isEmpty())
            return fieldError("worklist.bad-field", KeyValueFields, 3, tr("\"%1\" is empty").arg(key));
        if (key == QLatin1String("route"))
            m_header.routeId = value;
        else if (key == QLatin1String("utility"))
            m_header.utilityName = value;
    } else if (key == QLatin1String("version")) {
        const auto version = parseCount(v);
        if (!version)
            return fieldError("worklist.bad-field", KeyValueFields, 3,
                              tr("the version must be a whole number of at most 18 digits"));
        m_header.version = *version;
    } else if (key == QLatin1String("generated")) {
        m_header.generated = parseIsoDate(v);
        if (!m_header.generated.isValid())
            return fieldError("worklist.bad-field", KeyValueFields, 3, tr("not a date written as YYYY-MM-DD"));
    } else if (key == QLatin1String("check-digit")) {
        if (!checkDigitFromKey(value))
            return fieldError("worklist.bad-field", KeyValueFields, 3,
                              tr("unknown check digit rule \"%1\"").arg(value));
    } else if (key == QLatin1String("allocation-order")) {
        const auto order = allocationOrderFromKey(value);
        if (!order)
            return fieldError("worklist.bad-field", KeyValueFields, 3,
                              tr("unknown allocation order \"%1\"").arg(value));
        m_header.allocationOrder = *order;
    }
    m_meta[key] = {value, m_line};
    return success();
}

Status Reader::policyLine()
{
    if (Status s = checkFieldCount(KeyValueFields); !s)
        return s;
    if (Status s = checkLengths(KeyValueFields, MaxFieldBytes); !s)
        return s;
    QPair<QString, QString> pair{m_fields[1].toString(), m_fields[2].toString()};
    for (const auto &seen : std::as_const(m_policyPairs)) {
        if (seen.first == pair.first)
            return fieldError("worklist.bad-field", KeyValueFields, 2, tr("\"%1\" is given twice").arg(pair.first));
    }
    // Checked alone here so the error names this line; checked together in finishHeader().
    const Result<PenaltyPolicy> alone = PenaltyPolicy::fromKeyValues({pair});
    if (!alone)
        return fieldError("worklist.bad-field", KeyValueFields,
                          alone.error().code == QLatin1String("penalty-policy.unknown-key") ? 2 : 3,
                          alone.error().message);
    m_policyPairs.append(std::move(pair));
    m_lastPolicyLine = m_line;
    return success();
}

Status Reader::finishHeader()
{
    static const std::array<const char *, 7> required = {"route",           "version",     "generated",       "utility",
                                                         "account-pattern", "check-digit", "allocation-order"};
    for (const char *key : required) {
        if (!m_meta.count(QString::fromLatin1(key)))
            return lineError("worklist.missing-meta", m_line,
                             tr("the worklist does not give its \"%1\" (an M line before the first account)")
                                 .arg(QLatin1String(key)));
    }
    const auto &pattern = m_meta.at(QStringLiteral("account-pattern"));
    const auto checkDigit = checkDigitFromKey(m_meta.at(QStringLiteral("check-digit")).first);
    Result<AccountNumberRule> rule = AccountNumberRule::create(pattern.first, *checkDigit);
    if (!rule) {
        const qint64 here = m_line;
        m_line = pattern.second;
        Error e = fieldError("worklist.bad-field", KeyValueFields, 3, rule.error().message);
        m_line = here;
        return e;
    }
    m_header.numberRule = std::move(rule).value();

    Result<PenaltyPolicy> policy = PenaltyPolicy::fromKeyValues(m_policyPairs);
    if (!policy)
        return lineError("worklist.bad-field", m_lastPolicyLine ? m_lastPolicyLine : m_line, policy.error().message);
    m_header.policy = std::move(policy).value();
    return m_sink.header(m_header);
}

std::optional<Money> Reader::parseMoney(const Field &f, QString *why) const
{
    // The file carries plain "123.45": no grouping, currency sign or spaces, which Money::parse
    // would accept from a person typing.
    constexpr qsizetype MaxAmountChars = 32;
    if (f.isEmpty() || f.size > MaxAmountChars) {
        *why = f.isEmpty() ? tr("the amount is empty") : tr("not an amount the app can hold");
        return std::nullopt;
    }
    std::array<char16_t, MaxAmountChars> utf16{};
    for (qsizetype i = 0; i < f.size; ++i) {
        const char c = f.data[i];
        if ((c < '0' || c > '9') && c != '.') {
            *why = tr("not a plain amount in yuan like 123.45");
            return std::nullopt;
        }
        utf16[size_t(i)] = char16_t(c);
    }
    const Result<Money> m = Money::parse(QStringView(utf16.data(), f.size));
    if (!m) {
        *why = m.error().message;
        return std::nullopt;
    }
    return m.value();
}

Status Reader::accountLine()
{
    if (Status s = checkFieldCount(AccountFields); !s)
        return s;
    if (Status s = checkLengths(AccountFields, MaxFieldBytes); !s)
        return s;
    const auto err = [this](int field, const QString &what) {
        return fieldError("worklist.bad-field", AccountFields, field, what);
    };

    m_account.number = m_fields[1].toString();
    const Result<QString> number = m_header.numberRule.validate(m_account.number);
    if (!number)
        return err(2, number.error().message);
    if (number.value() != m_account.number)
        return err(2, tr("not written in its plain form (\"%1\")").arg(number.value()));

    if (m_fields[2].view().trimmed().isEmpty())
        return err(3, tr("the customer's name is empty"));
    if (m_fields[4].view().trimmed().isEmpty())
        return err(5, tr("the village is empty"));
    const QByteArrayView walk = m_fields[5].view();
    if (walk.isEmpty() || walk.size() > 9 || !isDigits(walk))
        return err(6, tr("the walking order must be a whole number from 0 to 999999999"));
    const auto customerClass = customerClassFromKey(m_fields[7].toString());
    if (!customerClass)
        return err(8, tr("unknown customer class \"%1\"").arg(m_fields[7].toString().left(40)));
    QString why;
    const auto prepaid = parseMoney(m_fields[9], &why);
    if (!prepaid)
        return err(10, why);

    // Only a fully valid line counts; a duplicate is found against the numbers before it.
    switch (m_accountNumbers.insert(m_fields[1].view())) {
    case CompactStringSet::Insert::Added:
        break;
    case CompactStringSet::Insert::Present:
        return fieldError("worklist.duplicate-account", AccountFields, 2,
                          tr("account %1 appears twice on the worklist").arg(m_account.number));
    case CompactStringSet::Insert::Full:
        return err(2, tr("the worklist has more accounts than the app can hold"));
    }

    m_lastAccountNumber.resize(m_fields[1].size); // reuses its buffer: no allocation per account
    std::memcpy(m_lastAccountNumber.data(), m_fields[1].data, size_t(m_fields[1].size));
    m_account.name = m_fields[2].toString();
    m_account.address = m_fields[3].toString();
    m_account.village = m_fields[4].toString();
    m_account.walkOrder = digitsValue(walk);
    m_account.meterNumber = m_fields[6].toString();
    m_account.customerClass = *customerClass;
    m_account.phone = m_fields[8].toString();
    m_account.prepaidBalance = *prepaid;
    ++m_summary.accounts;
    return m_sink.account(m_account);
}

Status Reader::billLine()
{
    const bool carriesPenalty = m_fields.count() > PlainBillFields;
    if (Status s = checkFieldCount(carriesPenalty ? std::span<const char *const>(BillFields)
                                                  : std::span<const char *const>(BillFields).first(PlainBillFields));
        !s)
        return s;
    if (Status s = checkLengths(BillFields, MaxFieldBytes); !s)
        return s;
    const auto err = [this](int field, const QString &what) {
        return fieldError("worklist.bad-field", BillFields, field, what);
    };

    const QByteArrayView id = m_fields[1].view();
    if (id.trimmed().isEmpty())
        return err(2, tr("the bill id is empty"));
    if (id.size() > MaxBillIdBytes)
        return err(2, tr("longer than %1 bytes").arg(MaxBillIdBytes));
    // A bill usually follows its account's line: that case needs no look-up in the set.
    if (m_fields[2].view() != QByteArrayView(m_lastAccountNumber) && !m_accountNumbers.contains(m_fields[2].view()))
        return fieldError(
            "worklist.unknown-account", BillFields, 3,
            tr("no account %1 comes before this bill on the worklist").arg(m_fields[2].toString().left(40)));
    if (!isPeriod(m_fields[3].view()))
        return err(4, tr("not a billing period written as YYYY-MM"));
    QString why;
    const auto amount = parseMoney(m_fields[4], &why);
    if (!amount)
        return err(5, why);
    const QDate due = parseIsoDate(m_fields[5].view());
    if (!due.isValid())
        return err(6, tr("not a date written as YYYY-MM-DD"));
    const auto paid = parseMoney(m_fields[6], &why);
    if (!paid)
        return err(7, why);
    if (*paid > *amount)
        return err(7, tr("more than the bill's amount (%1)").arg(amount->toPlainString()));
    Money carried;
    QDate settledThrough;
    if (carriesPenalty) {
        const auto c = parseMoney(m_fields[7], &why);
        if (!c)
            return err(8, why);
        carried = *c;
        settledThrough = parseIsoDate(m_fields[8].view());
        if (!settledThrough.isValid())
            return err(9, tr("not a date written as YYYY-MM-DD"));
        if (settledThrough < due)
            return err(9, tr("before the bill's due date"));
    }

    switch (m_billIds.insert(id)) {
    case CompactStringSet::Insert::Added:
        break;
    case CompactStringSet::Insert::Present:
        return fieldError("worklist.duplicate-bill", BillFields, 2,
                          tr("bill %1 appears twice on the worklist").arg(m_fields[1].toString()));
    case CompactStringSet::Insert::Full:
        return err(2, tr("the worklist has more bills than the app can hold"));
    }

    m_bill.id = m_fields[1].toString();
    m_bill.accountNumber = m_fields[2].toString();
    m_bill.period = m_fields[3].toString();
    m_bill.amount = *amount;
    m_bill.dueDate = due;
    m_bill.amountPaid = *paid;
    m_bill.penaltyCarried = carried;
    m_bill.penaltyFrom = settledThrough;
    ++m_summary.bills;
    return m_sink.bill(m_bill);
}

Status Reader::endLine(const char *lineStart)
{
    if (Status s = checkFieldCount(EndFields); !s)
        return s;
    const auto accounts = parseCount(m_fields[1].view());
    if (!accounts)
        return fieldError("worklist.bad-field", EndFields, 2, tr("not a count"));
    const auto bills = parseCount(m_fields[2].view());
    if (!bills)
        return fieldError("worklist.bad-field", EndFields, 3, tr("not a count"));
    const QByteArrayView expected = m_fields[3].view();
    if (expected.size() != 64)
        return fieldError("worklist.bad-field", EndFields, 4, tr("not a SHA-256 written in hex"));

    hashUpTo(lineStart);
    std::array<uchar, EVP_MAX_MD_SIZE> digest{};
    unsigned int digestSize = 0;
    EVP_DigestFinal_ex(m_digest.get(), digest.data(), &digestSize);
    const QByteArray actual =
        QByteArray::fromRawData(reinterpret_cast<const char *>(digest.data()), qsizetype(digestSize)).toHex();
    if (expected != actual) // lower-case hex only: one spelling, so any changed byte is refused
        return fieldError("worklist.hash-mismatch", EndFields, 4,
                          tr("the worklist's content does not match its checksum: it was damaged on the way; "
                             "download it again"));
    if (*accounts != m_summary.accounts)
        return fieldError("worklist.count-mismatch", EndFields, 2,
                          tr("the END line says %1 accounts, the worklist holds %2")
                              .arg(QString::number(*accounts), QString::number(m_summary.accounts)));
    if (*bills != m_summary.bills)
        return fieldError("worklist.count-mismatch", EndFields, 3,
                          tr("the END line says %1 bills, the worklist holds %2")
                              .arg(QString::number(*bills), QString::number(m_summary.bills)));
    m_phase = Phase::Ended;
    return success();
}

// ---- writing -------------------------------------------------------------------------------

bool isControl(char16_t u)
{
    return u < 0x20 || (u >= 0x7f && u <= 0x9f);
}

/**
 * Appends a TAB and the text as UTF-8. False if the format cannot carry it: a control character
 * (written as a space, so the line keeps its shape and the damage stays local), half a
 * surrogate pair (written as U+FFFD), or more than MaxFieldBytes.
 */
bool appendField(QByteArray &line, QStringView text)
{
    const qsizetype start = line.size() + 1;
    line.resize(start + text.size() * 3);
    line[start - 1] = '\t';
    char *const base = line.data();
    char *p = base + start;
    bool ok = true;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = text[i].unicode();
        if (u < 0x80) {
            const bool control = isControl(u);
            ok &= !control;
            *p++ = control ? ' ' : char(u);
        } else if (u < 0x800) {
            if (isControl(u)) {
                ok = false;
                *p++ = ' ';
                continue;
            }
            *p++ = char(0xc0 | (u >> 6));
            *p++ = char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && i + 1 < n && text[i + 1].isLowSurrogate()) {
            const char32_t cp = QChar::surrogateToUcs4(u, text[++i].unicode());
            *p++ = char(0xf0 | (cp >> 18));
            *p++ = char(0x80 | ((cp >> 12) & 0x3f));
            *p++ = char(0x80 | ((cp >> 6) & 0x3f));
            *p++ = char(0x80 | (cp & 0x3f));
        } else if (QChar::isSurrogate(u)) {
            ok = false;
            *p++ = char(0xef);
            *p++ = char(0xbf);
            *p++ = char(0xbd);
        } else {
            *p++ = char(0xe0 | (u >> 12));
            *p++ = char(0x80 | ((u >> 6) & 0x3f));
            *p++ = char(0x80 | (u & 0x3f));
        }
    }
    line.resize(p - base);
    return ok && line.size() - start <= MaxFieldBytes;
}

void appendNumberField(QByteArray &line, qint64 value)
{
    std::array<char, 24> digits{};
    const auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    line.append('\t');
    line.append(digits.data(), end - digits.data());
}

/// As Money::toPlainString() ("1234.50"), without a QString per amount.
void appendMoneyField(QByteArray &line, Money m)
{
    line.append('\t');
    qint64 fen = m.fen();
    if (fen < 0) {
        line.append('-');
        fen = -fen; // |MaxFen| is far from the qint64 limit
    }
    std::array<char, 24> digits{};
    const auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), fen / 100);
    line.append(digits.data(), end - digits.data());
    line.append('.');
    line.append(char('0' + (fen % 100) / 10));
    line.append(char('0' + fen % 10));
}

/// "YYYY-MM-DD"; false (and nothing useful written) for an invalid date or a year outside 1..9999.
bool appendDateField(QByteArray &line, QDate date)
{
    line.append('\t');
    if (!date.isValid() || date.year() < 1 || date.year() > 9999)
        return false;
    std::array<char, 10> text{};
    int y = date.year();
    for (int i = 3; i >= 0; --i, y /= 10)
        text[size_t(i)] = char('0' + y % 10);
    text[4] = '-';
    text[5] = char('0' + date.month() / 10);
    text[6] = char('0' + date.month() % 10);
    text[7] = '-';
    text[8] = char('0' + date.day() / 10);
    text[9] = char('0' + date.day() % 10);
    line.append(text.data(), qsizetype(text.size()));
    return true;
}

const QByteArray &classKey(CustomerClass c)
{
    static const std::array<QByteArray, 4> keys = {customerClassKey(CustomerClass::Residential).toUtf8(),
                                                   customerClassKey(CustomerClass::Commercial).toUtf8(),
                                                   customerClassKey(CustomerClass::LargeIndustrial).toUtf8(),
                                                   customerClassKey(CustomerClass::Agricultural).toUtf8()};
    return keys[size_t(c)];
}

} // namespace

Result<WorklistSummary> readWorklist(QIODevice &in, WorklistSink &sink)
{
    Reader reader(in, sink);
    return reader.run();
}

struct WorklistWriter::Digest
{
    std::unique_ptr<EVP_MD_CTX, EvpDigestDeleter> ctx{EVP_MD_CTX_new()};
};

WorklistWriter::WorklistWriter(QIODevice &out)
    : m_out(out)
    , m_digest(std::make_unique<Digest>())
{
    EVP_DigestInit_ex(m_digest->ctx.get(), EVP_sha256(), nullptr);
    m_line.reserve(256);
}

WorklistWriter::~WorklistWriter() = default;

void WorklistWriter::writeHeader(const WorklistHeader &header)
{
    m_line = Magic.toByteArray() + '\t' + FormatVersion.toByteArray();
    writeLine();
    if (!header.generated.isValid() || header.version < 0)
        m_failed = true;
    const QList<QPair<QString, QString>> meta = {
        {QStringLiteral("route"), header.routeId},
        {QStringLiteral("version"), QString::number(header.version)},
        {QStringLiteral("generated"), header.generated.toString(Qt::ISODate)},
        {QStringLiteral("utility"), header.utilityName},
        {QStringLiteral("account-pattern"), header.numberRule.pattern()},
        {QStringLiteral("check-digit"), checkDigitKey(header.numberRule.checkDigit())},
        {QStringLiteral("allocation-order"), allocationOrderKey(header.allocationOrder)},
    };
    const auto pairLine = [this](char type, const QString &key, const QString &value) {
        m_line.resize(0);
        m_line.append(type);
        m_failed |= !appendField(m_line, key);
        m_failed |= !appendField(m_line, value);
        writeLine();
    };
    for (const auto &[key, value] : meta)
        pairLine('M', key, value);
    for (const auto &[key, value] : header.policy.toKeyValues())
        pairLine('P', key, value);
}

void WorklistWriter::writeHeaderPairs(const QList<QPair<QString, QString>> &meta,
                                      const QList<QPair<QString, QString>> &policy)
{
    m_line = Magic.toByteArray() + '\t' + FormatVersion.toByteArray();
    writeLine();
    const auto pairLine = [this](char type, const QString &key, const QString &value) {
        m_line.resize(0);
        m_line.append(type);
        m_failed |= !appendField(m_line, key);
        m_failed |= !appendField(m_line, value);
        writeLine();
    };
    for (const auto &[key, value] : meta)
        pairLine('M', key, value);
    for (const auto &[key, value] : policy)
        pairLine('P', key, value);
}

void WorklistWriter::writeAccount(const Account &account)
{
    m_line.resize(0);
    m_line.append('A');
    bool ok = appendField(m_line, account.number);
    ok &= appendField(m_line, account.name);
    ok &= appendField(m_line, account.address);
    ok &= appendField(m_line, account.village);
    appendNumberField(m_line, account.walkOrder);
    ok &= appendField(m_line, account.meterNumber);
    m_line.append('\t');
    m_line.append(classKey(account.customerClass));
    ok &= appendField(m_line, account.phone);
    appendMoneyField(m_line, account.prepaidBalance);
    m_failed |= !ok || account.walkOrder < 0;
    writeLine();
    ++m_accounts;
}

void WorklistWriter::writeBill(const Bill &bill)
{
    m_line.resize(0);
    m_line.append('B');
    bool ok = appendField(m_line, bill.id);
    ok &= appendField(m_line, bill.accountNumber);
    ok &= appendField(m_line, bill.period);
    appendMoneyField(m_line, bill.amount);
    ok &= appendDateField(m_line, bill.dueDate);
    appendMoneyField(m_line, bill.amountPaid);
    // Old readers take the plain seven fields; the pair goes only where a penalty was settled.
    if (bill.penaltyFrom.isValid()) {
        appendMoneyField(m_line, bill.penaltyCarried);
        ok &= appendDateField(m_line, bill.penaltyFrom);
    } else {
        ok &= !bill.penaltyCarried.isPositive();
    }
    m_failed |= !ok;
    writeLine();
    ++m_bills;
}

bool WorklistWriter::finish()
{
    std::array<uchar, EVP_MAX_MD_SIZE> digest{};
    unsigned int digestSize = 0;
    EVP_DigestFinal_ex(m_digest->ctx.get(), digest.data(), &digestSize);
    const QByteArray hex =
        QByteArray::fromRawData(reinterpret_cast<const char *>(digest.data()), qsizetype(digestSize)).toHex();
    const QByteArray line =
        "END\t" + QByteArray::number(m_accounts) + '\t' + QByteArray::number(m_bills) + '\t' + hex + '\n';
    if (m_out.write(line) != line.size())
        m_failed = true;
    return !m_failed;
}

void WorklistWriter::writeLine()
{
    m_line.append('\n');
    EVP_DigestUpdate(m_digest->ctx.get(), m_line.constData(), size_t(m_line.size()));
    if (m_out.write(m_line) != m_line.size())
        m_failed = true;
}
