#pragma once

#include <QByteArray>
#include <QCborMap>
#include <QCborValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <optional>

#include "account.h"
#include "exposure.h"
#include "journalentry.h"
#include "paymentcorrection.h"
#include "result.h"

/**
 * The messages of the /v1 protocol between a device and the center, each as a struct with a
 * CBOR encoder and a checking decoder (a missing field, a wrong type, an out-of-range value is
 * an Error naming the field: "wire.field"). Bodies travel framed by Wire::encode().
 *
 * Request authentication: every device request after enrolment carries
 *   X-Doorstep-Device: <device id>
 *   X-Doorstep-Counter: <n>   (1, 2, 3 … per device, kept on the device across restarts)
 *   X-Doorstep-Signature: base64(Ed25519(requestSigningMessage(method, path?query, n, body)))
 * with the key the device enrolled. The center takes each counter once, only above the last it
 * took: a recorded request cannot be replayed. No timestamp: device clocks are not trusted
 * (ARCHITECTURE.md, lessons). Requests signed the old way (v1, no counter) are taken only where a
 * replay changes nothing (journal upload and head); elsewhere "device.upgrade-required".
 *
 * Journal batches: entries go without their hash (the center recomputes it) and without their
 * prevHash (the chain is implied by order; the batch carries the hash before its first entry),
 * with seq implied by first + index and time as a delta from the entry before. The signature
 * of every entry does travel, so the center stores each entry exactly as the device holds it.
 */
namespace WireProtocol {

/// Reason codes the center refuses with; the device shows the message and keeps the code.
namespace Reason {
inline constexpr char UnknownDevice[] = "device.unknown";
inline constexpr char BadRequestSignature[] = "device.bad-request-signature";
inline constexpr char DeviceLocked[] = "device.locked";
inline constexpr char DeviceFrozen[] = "device.frozen";
inline constexpr char DeviceRevoked[] = "device.revoked"; ///< its key is refused for good (lost, stolen, retired)
inline constexpr char Gap[] = "journal.gap";
inline constexpr char BrokenChain[] = "journal.broken-chain";
inline constexpr char BadSignature[] = "journal.bad-signature";
inline constexpr char Equivocation[] = "journal.equivocation";
inline constexpr char OutOfOrder[] = "journal.out-of-order";
inline constexpr char WrongDevice[] = "journal.wrong-device";
inline constexpr char Malformed[] = "request.malformed";
inline constexpr char ReplayedRequest[] = "device.replayed-request"; ///< counter not above the last taken
inline constexpr char UpgradeRequired[] = "device.upgrade-required"; ///< v1 signature where v2 is needed
inline constexpr char BadRecord[] = "journal.bad-record"; ///< signed, but not a record the device could write
inline constexpr char ImplausibleAmount[] = "journal.implausible-amount"; ///< beyond the center's caps
} // namespace Reason

/// The request target both ends sign: the path and query as QUrl encodes them ("/v1/x?a=1").
[[nodiscard]] QByteArray requestTarget(const QUrl &url);
/// v1 (no counter): what old devices sign.
[[nodiscard]] QByteArray requestSigningMessage(const QByteArray &method, const QByteArray &pathAndQuery,
                                               const QByteArray &body);
/// v2: "doorstep-request-v2\n" METHOD "\n" path?query "\n" counter "\n" SHA-256(body).
[[nodiscard]] QByteArray requestSigningMessage(const QByteArray &method, const QByteArray &pathAndQuery, qint64 counter,
                                               const QByteArray &body);

struct RosterEntry
{
    QString id;
    QString name;
    QString role; ///< "collector" or "supervisor"
    QString pinHash;
    bool active = true;
    bool operator==(const RosterEntry &) const = default;
};

struct EnrolRequest
{
    QString code;
    QByteArray publicKey; ///< raw Ed25519, 32 bytes
    [[nodiscard]] QCborValue toCbor() const;
    [[nodiscard]] static Result<EnrolRequest> fromCbor(const QCborValue &v);
};

struct EnrolReply
{
    QString deviceId;
    QString route;
    QByteArray centerPin; ///< SHA-256 of the center certificate's SubjectPublicKeyInfo; empty without TLS
    qint64 serverTimeMs = 0;
    qint64 rosterVersion = 0;
    QList<RosterEntry> roster;
    [[nodiscard]] QCborValue toCbor() const;
    [[nodiscard]] static Result<EnrolReply> fromCbor(const QCborValue &v);
};

struct WorklistDelta
{
    qint64 since = 0;
    qint64 version = 0;
    QString route;
    QList<QPair<QString, QString>> settings; ///< worklist "M" keys and policy "P" keys, all of them
    QList<Account> accounts;                 ///< added or changed since `since`
    QList<Bill> bills;                       ///< added or changed since `since` (open bills only)
    QStringList removedAccounts;
    QStringList removedBills;   ///< paid in full, cancelled, or moved to another route
    QList<ExposureRule> limits; ///< every exposure rule for this route and its collectors (all of them, each time)
    /// Payments on this route the center reversed in the last CorrectionDays, newest first (all of
    /// them, each time, at most MaxCorrections).
    QList<PaymentCorrection> corrections;
    static constexpr int CorrectionDays = 90;
    static constexpr qsizetype MaxCorrections = 1000;
    [[nodiscard]] QCborValue toCbor() const;
    [[nodiscard]] static Result<WorklistDelta> fromCbor(const QCborValue &v);
};

struct JournalBatch
{
    QString deviceId;
    qint64 firstSeq = 0;
    QByteArray prevHash;         ///< hash of entry firstSeq - 1 (32 zero bytes when firstSeq is 1)
    QList<JournalEntry> entries; ///< decoded: seq, prevHash and hash filled in

    /// `entries` must be consecutive and chained (as read from a Journal).
    [[nodiscard]] static QCborValue encode(const QString &deviceId, const QList<JournalEntry> &entries);
    [[nodiscard]] static Result<JournalBatch> fromCbor(const QCborValue &v);
};

struct Refusal
{
    QString code;
    QString message;
    qint64 seq = 0; ///< the first entry refused (0 when the whole request was)
    bool operator==(const Refusal &) const = default;
};

/** The center's answer to a journal upload and to "where am I?": its committed head. */
struct JournalAck
{
    qint64 head = 0;
    QByteArray headHash;
    qint64 stored = 0;     ///< entries newly stored by this request
    qint64 duplicates = 0; ///< entries already held, acknowledged again
    std::optional<Refusal> refusal;
    [[nodiscard]] QCborValue toCbor() const;
    [[nodiscard]] static Result<JournalAck> fromCbor(const QCborValue &v);
};

struct Command
{
    qint64 id = 0;
    QString kind; ///< "lock", "unlock", "wipe"
    bool operator==(const Command &) const = default;
};

struct CommandsReply
{
    qint64 serverTimeMs = 0;
    qint64 worklistVersion = 0;
    qint64 rosterVersion = 0;
    std::optional<QList<RosterEntry>> roster; ///< present when newer than what the device said it has
    QList<Command> commands;
    /// The center's Ed25519 signing key (raw, 32 bytes): it signs the receipts of imported journal
    /// exports (JournalAckFile). Empty from a center older than them.
    QByteArray centerKey;
    /// The center's signature of EventRecord::witnessMessage(device, serverTimeMs) by centerKey:
    /// the terminal journals it as a witnessed time. Empty from a center older than witnesses.
    QByteArray timeSignature;
    /// The utility's receipt verification page (isVerifyAddress): receipts print "<address>#<code>"
    /// so a phone opens it; empty when the center publishes none (the bare code is printed).
    QString verifyAddress;
    [[nodiscard]] QCborValue toCbor() const;
    [[nodiscard]] static Result<CommandsReply> fromCbor(const QCborValue &v);
};

/// An http or https URL with a host, no user, query or fragment, at most MaxWebAddressChars of
/// printable ASCII: short enough for a small QR code (a receipt's, an enrolment code's).
inline constexpr qsizetype MaxWebAddressChars = 96;
[[nodiscard]] bool isPlainWebAddress(const QString &address);
/// The receipt check page's address: a plain web address (isPlainWebAddress), so that
/// "<address>#<code>" still fits a 58 mm receipt's QR code.
inline constexpr qsizetype MaxVerifyAddressChars = MaxWebAddressChars;
[[nodiscard]] inline bool isVerifyAddress(const QString &address)
{
    return isPlainWebAddress(address);
}

struct CommandAck
{
    qint64 id = 0;
    qint64 head = 0; ///< the device's last journal seq when it carried the command out
    [[nodiscard]] QCborValue toCbor() const;
    [[nodiscard]] static Result<CommandAck> fromCbor(const QCborValue &v);
};

/** The body of every 4xx/5xx answer. */
struct ErrorReply
{
    QString code;
    QString message;
    [[nodiscard]] QCborValue toCbor() const;
    [[nodiscard]] static Result<ErrorReply> fromCbor(const QCborValue &v);
};

} // namespace WireProtocol
