#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

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
    /// Expects the entry after (startSeq - 1, prevHash); a fresh journal starts at 1 and 32 zero bytes.
    JournalVerifier(QString deviceId, const QByteArray &publicKey, qint64 startSeq = 1,
                    QByteArray prevHash = QByteArray(32, '\0'));
    ~JournalVerifier();
    JournalVerifier(const JournalVerifier &) = delete;
    JournalVerifier &operator=(const JournalVerifier &) = delete;

    /// Checks the next entry; false once anything is wrong (and for every entry after that).
    bool add(const JournalEntry &entry);
    /// Records a problem found outside the entry itself (a bad stored row, an unreadable entry).
    void fail(qint64 seq, const char *code, const char *text);
    [[nodiscard]] const VerifyReport &report() const { return m_report; }

private:
    struct Key;
    QString m_deviceId;
    std::unique_ptr<Key> m_key;
    qint64 m_nextSeq;
    QByteArray m_prevHash;
    VerifyReport m_report;
};

/**
 * Verifies a whole stored journal from seq 1: every entry as above, and also that each row's seq
 * and derived columns match its signed entry (an edited amount column is tampering too), and
 * that the rows end where the journal says it ends. Streams: the journal is never all in memory.
 */
/// `knownLastSeq` is the highest seq known from outside the file (the center's acknowledgement,
/// the app's own record): rows missing from the end can only be seen against such an anchor.
[[nodiscard]] VerifyReport verifyJournal(const Journal &journal, const QByteArray &publicKey, qint64 knownLastSeq = 0);
