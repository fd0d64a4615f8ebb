#pragma once

#include <QCborArray>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

#include "result.h"

/** What a person on the roster may do: a supervisor also approves voids and count differences. */
enum class Role { Collector = 1, Supervisor = 2 };

[[nodiscard]] QString roleKey(Role r); ///< "collector", "supervisor"
[[nodiscard]] std::optional<Role> roleFromKey(QStringView key);

/** One person who may log in to the terminal. The PIN itself is never stored, only its hash. */
struct Collector
{
    QString id;
    QString name;
    Role role = Role::Collector;
    QString pinHash; ///< "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>", see PinHash

    bool operator==(const Collector &) const = default;
};

/**
 * PIN hashing: PBKDF2-HMAC-SHA-256 (OpenSSL) with a 16-byte random salt, encoded as
 * "pbkdf2-sha256$<iterations>$<salt base64>$<32-byte hash base64>". Verification reads the
 * iteration count from the string, so the center can raise the default without breaking old
 * hashes, and compares in constant time.
 */
namespace PinHash {
/// OWASP's 2023 figure for PBKDF2-HMAC-SHA-256.
inline constexpr int DefaultIterations = 210'000;
/// Bounds a hash string may claim: a hostile roster must not make a login run for hours.
inline constexpr int MinIterations = 1'000;
inline constexpr int MaxIterations = 10'000'000;

/// A PIN is 4 to 8 ASCII digits; anything else is refused ("pin.format").
[[nodiscard]] Status checkFormat(QStringView pin);
/// Hashes a well-formed PIN. Tests pass fewer iterations (not below MinIterations) to stay fast.
[[nodiscard]] Result<QString> hash(QStringView pin, int iterations = DefaultIterations);
/// True if `pin` matches; an Error ("pin.hash-malformed") if the hash string is not one we wrote.
[[nodiscard]] Result<bool> verify(QStringView pin, const QString &encodedHash);
/// Checks the shape of a hash string without a PIN (iterations in range, salt, 32-byte hash).
[[nodiscard]] Status checkEncoding(const QString &encodedHash);
} // namespace PinHash

/**
 * Passwords of the people who log in to the center's web desk: the same PBKDF2-HMAC-SHA-256
 * encoding as PinHash, a higher count by default (OWASP's 2023 figure), any text of 12 to 256
 * characters without control characters (UTF-8 into the hash).
 */
namespace PasswordHash {
inline constexpr int DefaultIterations = 600'000;
inline constexpr int MinChars = 12;
inline constexpr int MaxChars = 256;
[[nodiscard]] Status checkPolicy(QStringView password); ///< "password.policy"
[[nodiscard]] Result<QString> hash(QStringView password, int iterations = DefaultIterations);
/// True if `password` matches; an Error ("pin.hash-malformed") for a hash string we did not write.
[[nodiscard]] Result<bool> verify(QStringView password, const QString &encodedHash);
} // namespace PasswordHash

/**
 * The people who may use this terminal, as the center sends them at enrolment and in roster
 * updates. Authenticates a collector or a supervisor by PIN; never holds a PIN in clear.
 * Refusals are values with a stable code; the lock-out after wrong PINs is PinGate's job.
 */
class Roster
{
public:
    Roster() = default;

    /// Adds or replaces by id. Refuses an empty id or name, and a malformed PIN hash.
    [[nodiscard]] Status upsert(const Collector &collector);
    [[nodiscard]] bool remove(const QString &id);

    [[nodiscard]] std::optional<Collector> find(const QString &id) const;
    [[nodiscard]] QList<Collector> collectors() const { return m_collectors; }
    [[nodiscard]] qsizetype size() const { return m_collectors.size(); }

    /// The collector if id and PIN match. Codes: roster.unknown, pin.format, roster.wrong-pin, pin.hash-malformed.
    [[nodiscard]] Result<Collector> authenticate(const QString &id, QStringView pin) const;
    /// As authenticate(), and the person must be a supervisor (roster.not-supervisor).
    [[nodiscard]] Result<Collector> authenticateSupervisor(const QString &id, QStringView pin) const;

    /// Each collector as a CBOR map {1: id, 2: name, 3: role key, 4: pin hash}: storage and the wire.
    [[nodiscard]] QCborArray toCbor() const;
    /// All or nothing: one bad element refuses the whole roster, naming the element.
    [[nodiscard]] static Result<Roster> fromCbor(const QCborArray &array);

    /// The roster file (TerminalFiles::roster), the one way it is read. No file yet is an empty
    /// roster (enrolment brings one); a damaged or oversized one is refused (roster.damaged).
    [[nodiscard]] static Result<Roster> load(const QString &path);
    /// The one way the roster file is written: all or nothing (a crash leaves the old file or the
    /// new, never half of one); roster.write when the disk refuses.
    [[nodiscard]] Status save(const QString &path) const;

private:
    QList<Collector> m_collectors;
};
