#pragma once

#include <QByteArray>
#include <QString>

#include "journalentry.h"

class Journal;

/** What a verification found: all good, or the first bad entry and why, in words. */
struct VerifyReport
{
    bool ok = true;
    qint64 entriesChecked = 0;
    qint64 firstBadSeq = 0; ///< the seq (or, for a missing entry, the expected seq) of the first problem
    Error problem;          ///< code "verify.<reason>" and a message a person can read

    qint64 lastSeq = 0;  ///< the last good entry's seq (where to resume)
    QByteArray lastHash; ///< the last good entry's hash
};

/**
 * The one journal verifier, used by the device (on open, before taking money) and by the center
 * (on every upload and file import). Fed entries in order, it checks for each: device id, seq
 * continuity (no gap, duplicate or reorder), the chain link to the previous hash, the hash over
 * the canonical encoding, and the Ed25519 signature. It stops at the first problem and keeps it.
 */
class JournalVerifier
{
public:
    /**
     * EveryEntry checks each entry's signature: for audits and the tamper checks, at the cost of
     * one Ed25519 verification per entry. ChainHeads checks every entry's seq, link and hash but
     * the signature only of every HeadInterval-th entry and of the last one (finish()): since
     * each hash covers the previous one, a valid signature on a head vouches for every entry
     * before it (ARCHITECTURE.md, lessons), which is what bulk scans and the center's ingest need.
     */
    enum class Signatures { EveryEntry, ChainHeads };
    static constexpr qint64 HeadInterval = 1000;

    /// Expects the entry after (startSeq - 1, prevHash); a fresh journal starts at 1 and 32 zero bytes.
    JournalVerifier(QString deviceId, const QByteArray &publicKey, qint64 startSeq = 1,
                    QByteArray prevHash = QByteArray(32, '\0'), Signatures signatures = Signatures::EveryEntry);
    ~JournalVerifier();
    JournalVerifier(const JournalVerifier &) = delete;
    JournalVerifier &operator=(const JournalVerifier &) = delete;

    /// Checks the next entry; false once anything is wrong (and for every entry after that).
    bool add(const JournalEntry &entry);
    /// The same, for an entry whose hash the caller already computed from its stored bytes.
    bool add(const JournalEntry &entry, const QByteArray &computedHash);
    /// With ChainHeads: checks the last entry's signature. Call after the last add().
    void finish();
    /// Records a problem found outside the entry itself (a bad stored row, an unreadable entry).
    void fail(qint64 seq, const char *code, const char *text);
    [[nodiscard]] const VerifyReport &report() const { return m_report; }

private:
    QString m_deviceId;
    QByteArray m_publicKey; ///< raw 32 bytes; empty when the key given was not
    qint64 m_nextSeq;
    QByteArray m_prevHash;
    Signatures m_signatures;
    JournalEntry m_unsignedHead; ///< ChainHeads: the last entry, its signature not yet checked
    VerifyReport m_report;
};

/**
 * Verifies a whole stored journal from seq 1: every entry as above, and also that each row's seq
 * and derived columns match its signed entry (an edited amount column is tampering too), and
 * that the rows end where the journal says it ends. Streams: the journal is never all in memory.
 */
/// `knownLastSeq` is the highest seq known from outside the file (the center's acknowledgement,
/// the app's own record): rows missing from the end can only be seen against such an anchor.
[[nodiscard]] VerifyReport
verifyJournal(const Journal &journal, const QByteArray &publicKey, qint64 knownLastSeq = 0,
              JournalVerifier::Signatures signatures = JournalVerifier::Signatures::EveryEntry);

/// The hash of a stored entry straight from its canonical bytes (JournalEntry::toCbor), without
/// decoding and encoding it again: the canonical form minus the trailing hash and signature.
[[nodiscard]] QByteArray storedEntryHash(const QByteArray &canonicalEntry);
