#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QDate>
#include <QFile>
#include <QList>
#include <QString>

#include <map>
#include <memory>

#include "devicekey.h"
#include "result.h"

/**
 * The auditor's export (`doorstep-center audit-export`, checked by `doorstep-audit verify`): a
 * folder an auditor can take away and check with no database, no network and no trust in the
 * center beyond its public key. Its layout, which the README.md written into every export
 * describes for the auditor:
 *
 *     export.txt                  what this is: format, period, when made, the center's public key
 *     devices.tsv                 the terminals' keys, enrolment and revocation (DeviceKeyList)
 *     journals/<device>.cbor      every entry of the terminal as the center stored it, seq 1 on:
 *                                 a CBOR sequence (RFC 8742) of byte strings, each an entry's bytes
 *     checkpoint/log.tsv          the center's log: leaf index, device, seq, in the log's order
 *     checkpoint/head.txt         the signed tree head over that log (TreeHead, MerkleTree)
 *     checkpoint/previous.txt     the previous signed tree head, when there was one
 *     checkpoint/consistency.txt  RFC 9162 consistency proof from previous to head, hex per line
 *     views/<view>.csv            decoded views of the entries in the period (AuditViews)
 *     center/<record>.csv         the center's own records (exceptions, corrections)
 *     MANIFEST.sha256             SHA-256 of every other file, as `sha256sum -c` reads it
 *     MANIFEST.sig                the center's Ed25519 signature of MANIFEST.sha256, base64
 */
namespace AuditExport {

inline constexpr QLatin1StringView Format("doorstep-audit-export 1");
inline constexpr QLatin1StringView HeaderFile("export.txt");
inline constexpr QLatin1StringView DevicesFile("devices.tsv");
inline constexpr QLatin1StringView LogFile("checkpoint/log.tsv");
inline constexpr QLatin1StringView HeadFile("checkpoint/head.txt");
inline constexpr QLatin1StringView PreviousHeadFile("checkpoint/previous.txt");
inline constexpr QLatin1StringView ConsistencyFile("checkpoint/consistency.txt");
inline constexpr QLatin1StringView ManifestFile("MANIFEST.sha256");
inline constexpr QLatin1StringView ManifestSignatureFile("MANIFEST.sig");
inline constexpr QLatin1StringView ReadmeFile("README.md");

/// "journals/<device>.cbor"
[[nodiscard]] QString journalFile(const QString &deviceId);
/// A device id as a file name may carry it: 1 to 64 letters, digits, '.', '_' or '-', not "." or "..".
[[nodiscard]] bool isSafeDeviceId(const QString &deviceId);

/// export.txt
struct Header
{
    QDate fromDay;
    QDate toDay;
    qint64 fromMs = 0; ///< the period: entries whose time is in [fromMs, toMs)
    qint64 toMs = 0;
    QString zone; ///< the center's time zone the days are in
    qint64 madeMs = 0;
    QByteArray centerKey; ///< raw 32 bytes

    [[nodiscard]] QByteArray toText() const;
    /// Refuses ("audit-export.header") anything not written exactly so.
    [[nodiscard]] static Result<Header> fromText(const QByteArray &text);
};

/// One leaf of the center's log: the entry (device, seq) whose bytes are the leaf's data.
struct LogLeaf
{
    QString deviceId;
    qint64 seq = 0;
    bool operator==(const LogLeaf &) const = default;
};
[[nodiscard]] QByteArray logToText(const QList<LogLeaf> &leaves);
/// Refuses ("audit-export.log", with the line) what logToText does not write.
[[nodiscard]] Result<QList<LogLeaf>> logFromText(const QByteArray &text);

/// The framing of journals/<device>.cbor: one CBOR byte string holding an entry's bytes.
[[nodiscard]] QByteArray frameEntry(const QByteArray &entryBytes);
/// Splits a journal file into its entries' bytes; refuses ("audit-export.journal-framing", with
/// the offset) anything but whole byte strings, each at most 64 KiB.
[[nodiscard]] Result<QList<QByteArray>> splitEntries(const QByteArray &file);

[[nodiscard]] QByteArray readme();

/// The manifest's text for these files (path → SHA-256), sorted by path.
[[nodiscard]] QByteArray manifestText(const std::map<QString, QByteArray> &sha256ByPath);
/// Refuses ("audit-export.manifest", with the line) a line not "<64 hex>  <safe relative path>",
/// or a path listed twice.
[[nodiscard]] Result<std::map<QString, QByteArray>> manifestFromText(const QByteArray &text);

/**
 * Writes an export into `dir`, which must not exist yet. Files go into a sibling folder first,
 * renamed to `dir` only when the signed manifest is written: an export that failed half way
 * leaves nothing that looks like an export.
 */
class Writer
{
public:
    explicit Writer(const QString &dir);
    ~Writer();
    Writer(const Writer &) = delete;
    Writer &operator=(const Writer &) = delete;

    [[nodiscard]] Status begin();
    /// A whole file, relative to the export (its folder made on demand).
    [[nodiscard]] Status write(const QString &relativePath, const QByteArray &bytes);
    /// Appends an entry's bytes to journals/<device>.cbor; a device's entries come together, in seq order.
    [[nodiscard]] Status appendEntry(const QString &deviceId, const QByteArray &entryBytes);
    /// Writes README.md, MANIFEST.sha256 and its signature, and moves the export into place.
    [[nodiscard]] Status finish(const DeviceKey &centerKey);
    [[nodiscard]] QString dir() const { return m_dir; }

private:
    [[nodiscard]] Status closeJournal();
    QString m_dir;
    QString m_work;
    std::map<QString, QByteArray> m_hashes;
    QString m_journalDevice;
    std::unique_ptr<QFile> m_journal;
    std::unique_ptr<QCryptographicHash> m_journalHash;
    bool m_finished = false;
};

} // namespace AuditExport
