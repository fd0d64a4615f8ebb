#include "roster.h"

#include <QByteArray>
#include <QCborMap>
#include <QCborValue>
#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "plaintext.h"

namespace {

constexpr int SaltBytes = 16;
constexpr int HashBytes = 32;
const QLatin1String Scheme("pbkdf2-sha256");

Error malformed(const QString &why)
{
    return Error{
        QStringLiteral("pin.hash-malformed"),
        QCoreApplication::translate("Roster", "The stored PIN hash is damaged (%1). Sync the roster again.").arg(why)};
}

struct ParsedHash
{
    int iterations = 0;
    QByteArray salt;
    QByteArray hash;
};

bool isAsciiDigits(QStringView s)
{
    for (QChar c : s) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return !s.isEmpty();
}

// Strict base64: whatever decodes must encode back to exactly the same text.
std::optional<QByteArray> strictBase64(QStringView text)
{
    for (QChar c : text) {
        if (c.unicode() > 0x7f)
            return std::nullopt;
    }
    const QByteArray ascii = text.toLatin1();
    auto decoded = QByteArray::fromBase64Encoding(ascii, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64() != ascii)
        return std::nullopt;
    return decoded.decoded;
}

Result<ParsedHash> parse(const QString &encoded)
{
    const QStringList parts = encoded.split(QLatin1Char('$'));
    if (parts.size() != 4)
        return malformed(QCoreApplication::translate("Roster", "wrong number of fields"));
    if (parts[0] != Scheme)
        return malformed(QCoreApplication::translate("Roster", "unknown scheme"));
    const QString &iter = parts[1];
    if (!isAsciiDigits(iter) || iter.size() > 8 || iter.startsWith(QLatin1Char('0')))
        return malformed(QCoreApplication::translate("Roster", "bad iteration count"));
    ParsedHash p;
    p.iterations = iter.toInt();
    if (p.iterations < PinHash::MinIterations || p.iterations > PinHash::MaxIterations)
        return malformed(QCoreApplication::translate("Roster", "iteration count out of range"));
    const auto salt = strictBase64(parts[2]);
    if (!salt || salt->size() < SaltBytes)
        return malformed(QCoreApplication::translate("Roster", "bad salt"));
    const auto hash = strictBase64(parts[3]);
    if (!hash || hash->size() != HashBytes)
        return malformed(QCoreApplication::translate("Roster", "bad hash"));
    p.salt = *salt;
    p.hash = *hash;
    return p;
}

std::optional<QByteArray> derive(const QByteArray &secret, const QByteArray &salt, int iterations)
{
    QByteArray out(HashBytes, Qt::Uninitialized);
    if (PKCS5_PBKDF2_HMAC(secret.constData(), int(secret.size()),
                          reinterpret_cast<const unsigned char *>(salt.constData()), int(salt.size()), iterations,
                          EVP_sha256(), HashBytes, reinterpret_cast<unsigned char *>(out.data())) != 1)
        return std::nullopt;
    return out;
}

Error cryptoFailure()
{
    return Error{QStringLiteral("pin.crypto"),
                 QCoreApplication::translate("Roster", "The terminal could not check the PIN (crypto library error).")};
}

/// A new random salt and the secret's PBKDF2 hash, in the encoding parse() reads.
Result<QString> encode(const QByteArray &secret, int iterations)
{
    QByteArray salt(SaltBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(salt.data()), SaltBytes) != 1)
        return cryptoFailure();
    const auto derived = derive(secret, salt, iterations);
    if (!derived)
        return cryptoFailure();
    return QString(Scheme + QLatin1Char('$') + QString::number(iterations) + QLatin1Char('$') +
                   QString::fromLatin1(salt.toBase64()) + QLatin1Char('$') + QString::fromLatin1(derived->toBase64()));
}

} // namespace

QString roleKey(Role r)
{
    switch (r) {
    case Role::Collector:
        return QStringLiteral("collector");
    case Role::Supervisor:
        return QStringLiteral("supervisor");
    }
    return {};
}

std::optional<Role> roleFromKey(QStringView key)
{
    if (key == QLatin1String("collector"))
        return Role::Collector;
    if (key == QLatin1String("supervisor"))
        return Role::Supervisor;
    return std::nullopt;
}

Status PinHash::checkFormat(QStringView pin)
{
    if (pin.size() < 4 || pin.size() > 8 || !isAsciiDigits(pin))
        return Error{QStringLiteral("pin.format"),
                     QCoreApplication::translate("Roster", "A PIN is 4 to 8 digits (0-9), nothing else.")};
    return success();
}

Result<QString> PinHash::hash(QStringView pin, int iterations)
{
    if (auto st = checkFormat(pin); !st)
        return st.error();
    if (iterations < MinIterations || iterations > MaxIterations)
        return Error{QStringLiteral("pin.iterations"),
                     QCoreApplication::translate("Roster", "PIN hashing needs %1 to %2 iterations, not %3.")
                         .arg(MinIterations)
                         .arg(MaxIterations)
                         .arg(iterations)};
    return encode(pin.toLatin1(), iterations); // checked to be ASCII digits
}

Status PinHash::checkEncoding(const QString &encodedHash)
{
    auto parsed = parse(encodedHash);
    if (!parsed)
        return parsed.error();
    return success();
}

Result<bool> PinHash::verify(QStringView pin, const QString &encodedHash)
{
    auto parsed = parse(encodedHash);
    if (!parsed)
        return parsed.error();
    // A malformed PIN cannot match any hash we wrote; no need to spend the iterations on it.
    if (!checkFormat(pin))
        return false;
    const auto derived = derive(pin.toLatin1(), parsed->salt, parsed->iterations);
    if (!derived)
        return cryptoFailure();
    return CRYPTO_memcmp(derived->constData(), parsed->hash.constData(), HashBytes) == 0;
}

Status PasswordHash::checkPolicy(QStringView password)
{
    if (password.size() < MinChars || password.size() > MaxChars || !PlainText::hasNoControls(password))
        return Error{QStringLiteral("password.policy"),
                     QCoreApplication::translate("Roster", "A password is %1 to %2 characters, without control "
                                                           "characters.")
                         .arg(MinChars)
                         .arg(MaxChars)};
    return success();
}

Result<QString> PasswordHash::hash(QStringView password, int iterations)
{
    if (auto st = checkPolicy(password); !st)
        return st.error();
    if (iterations < PinHash::MinIterations || iterations > PinHash::MaxIterations)
        return Error{QStringLiteral("password.iterations"),
                     QCoreApplication::translate("Roster", "Password hashing needs %1 to %2 iterations, not %3.")
                         .arg(PinHash::MinIterations)
                         .arg(PinHash::MaxIterations)
                         .arg(iterations)};
    return encode(password.toUtf8(), iterations);
}

Result<bool> PasswordHash::verify(QStringView password, const QString &encodedHash)
{
    auto parsed = parse(encodedHash);
    if (!parsed)
        return parsed.error();
    if (!checkPolicy(password))
        return false;
    const auto derived = derive(password.toUtf8(), parsed->salt, parsed->iterations);
    if (!derived)
        return cryptoFailure();
    return CRYPTO_memcmp(derived->constData(), parsed->hash.constData(), HashBytes) == 0;
}

Status Roster::upsert(const Collector &collector)
{
    if (collector.id.trimmed().isEmpty() || collector.id.trimmed() != collector.id)
        return Error{QStringLiteral("roster.bad-id"),
                     QCoreApplication::translate("Roster", "A collector needs an id without surrounding spaces.")};
    if (collector.name.trimmed().isEmpty())
        return Error{QStringLiteral("roster.bad-name"),
                     QCoreApplication::translate("Roster", "Collector %1 has no name.").arg(collector.id)};
    if (collector.role != Role::Collector && collector.role != Role::Supervisor)
        return Error{QStringLiteral("roster.bad-role"),
                     QCoreApplication::translate("Roster", "Collector %1 has an unknown role.").arg(collector.id)};
    if (auto st = PinHash::checkEncoding(collector.pinHash); !st)
        return st.error();
    for (Collector &c : m_collectors) {
        if (c.id == collector.id) {
            c = collector;
            return success();
        }
    }
    m_collectors.append(collector);
    return success();
}

bool Roster::remove(const QString &id)
{
    return m_collectors.removeIf([&](const Collector &c) { return c.id == id; }) > 0;
}

std::optional<Collector> Roster::find(const QString &id) const
{
    for (const Collector &c : m_collectors) {
        if (c.id == id)
            return c;
    }
    return std::nullopt;
}

Result<Collector> Roster::authenticate(const QString &id, QStringView pin) const
{
    const auto collector = find(id);
    if (!collector)
        return Error{QStringLiteral("roster.unknown"),
                     QCoreApplication::translate("Roster", "%1 is not on this terminal's roster.").arg(id)};
    if (auto st = PinHash::checkFormat(pin); !st)
        return st.error();
    auto matches = PinHash::verify(pin, collector->pinHash);
    if (!matches)
        return matches.error();
    if (!*matches)
        return Error{QStringLiteral("roster.wrong-pin"),
                     QCoreApplication::translate("Roster", "Wrong PIN for %1.").arg(collector->name)};
    return *collector;
}

Result<Collector> Roster::authenticateSupervisor(const QString &id, QStringView pin) const
{
    const auto collector = find(id);
    if (collector && collector->role != Role::Supervisor)
        return Error{QStringLiteral("roster.not-supervisor"),
                     QCoreApplication::translate("Roster", "%1 is not a supervisor.").arg(collector->name)};
    return authenticate(id, pin);
}

QCborArray Roster::toCbor() const
{
    QCborArray array;
    for (const Collector &c : m_collectors) {
        QCborMap m;
        m.insert(1, c.id);
        m.insert(2, c.name);
        m.insert(3, roleKey(c.role));
        m.insert(4, c.pinHash);
        array.append(m);
    }
    return array;
}

Result<Roster> Roster::fromCbor(const QCborArray &array)
{
    Roster roster;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const auto bad = [&](const QString &why) {
            return Error{
                QStringLiteral("roster.malformed"),
                QCoreApplication::translate("Roster", "Roster entry %1 is malformed: %2.").arg(i + 1).arg(why)};
        };
        if (!array.at(i).isMap())
            return bad(QCoreApplication::translate("Roster", "not a map"));
        const QCborMap m = array.at(i).toMap();
        for (int key = 1; key <= 4; ++key) {
            if (!m.value(key).isString())
                return bad(QCoreApplication::translate("Roster", "field %1 missing or not text").arg(key));
        }
        if (m.size() != 4)
            return bad(QCoreApplication::translate("Roster", "unexpected fields"));
        const auto role = roleFromKey(m.value(3).toString());
        if (!role)
            return bad(QCoreApplication::translate("Roster", "unknown role"));
        Collector c{m.value(1).toString(), m.value(2).toString(), *role, m.value(4).toString()};
        if (roster.find(c.id))
            return bad(QCoreApplication::translate("Roster", "id %1 appears twice").arg(c.id));
        if (auto st = roster.upsert(c); !st)
            return bad(st.error().message);
    }
    return roster;
}

Result<Roster> Roster::load(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return Roster{};
    const Error damaged{QStringLiteral("roster.damaged"),
                        QCoreApplication::translate("Roster", "The list of collectors on this terminal is damaged. "
                                                              "Sync with the center to receive it again.")};
    // A roster of a few hundred people is kilobytes; anything near this is not one.
    constexpr qint64 MaxBytes = qint64(4) * 1024 * 1024;
    if (!file.open(QIODevice::ReadOnly) || file.size() > MaxBytes)
        return damaged;
    QCborParserError parseError;
    const QCborValue value = QCborValue::fromCbor(file.readAll(), &parseError);
    if (parseError.error != QCborError::NoError || !value.isArray())
        return damaged;
    auto roster = fromCbor(value.toArray());
    if (!roster.ok())
        return Error{damaged.code, damaged.message + QLatin1Char(' ') + roster.error().message};
    return roster;
}

Status Roster::save(const QString &path) const
{
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(QCborValue(toCbor()).toCbor()) < 0 || !out.commit())
        return Error{QStringLiteral("roster.write"),
                     QCoreApplication::translate("Roster", "The list of collectors could not be saved on this "
                                                           "terminal (%1).")
                         .arg(path)};
    return success();
}
