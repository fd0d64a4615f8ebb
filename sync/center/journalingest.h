#pragma once

#include "centerstore.h"
#include "result.h"
#include "wireprotocol.h"

/**
 * Takes a device's journal batch into the center (ARCHITECTURE.md rule 4 and the "journals and
 * sync" field notes). In one transaction, holding the device's row:
 *
 *  - entries at or below the stored head are compared with what is stored: identical ones are
 *    acknowledged again, not stored; a validly signed different one is equivocation — refused,
 *    the device frozen, an exception "tampering" raised;
 *  - entries above the head must continue it: seq head+1 (else "journal.gap"), the stored head
 *    hash as prevHash and each entry the one before (else "journal.broken-chain"), each hash
 *    its content's, a valid signature by the device's key (else "journal.bad-signature"), and
 *    not signed after a lock or wipe reached the device ("device.locked"). By default the
 *    signature of the batch's last entry is checked, which covers every entry before it through
 *    the chain; only if it fails is each entry checked, to keep the valid prefix. EveryEntry
 *    checks each entry's own signature always;
 *  - the valid prefix is stored (COPY on PostgreSQL) with its derived fact columns, the
 *    refusal (if any) logged, the head advanced, and only then COMMIT. The acknowledged head in
 *    the answer is read after the commit: the one source of progress.
 *
 * A Result error means the database failed (the device retries); refusals are in the ack.
 * The books follow the journal: applyLedger() (CenterLedger::catchUp) after the acknowledgement.
 */
/**
 * What the center takes as plausible in one device's journal (refused above, per the policy:
 * "journal.implausible-amount", with the seq). Amounts in fen; a payment's every money field
 * counts against `entry`, payments against `shift` (per shift) and `day` (per device and UTC day).
 */
struct IngestLimits
{
    qint64 entryFen = 1'000'000'000LL;  ///< ¥10,000,000.00
    qint64 shiftFen = 10'000'000'000LL; ///< ¥100,000,000.00
    qint64 dayFen = 10'000'000'000LL;   ///< ¥100,000,000.00
};

class JournalIngest
{
public:
    explicit JournalIngest(CenterStore &store)
        : m_store(store)
    {
    }

    [[nodiscard]] Result<WireProtocol::JournalAck> ingest(const WireProtocol::JournalBatch &batch,
                                                          const QString &remote);
    /// Applies the device's stored entries to the books (CenterLedger::catchUp).
    [[nodiscard]] Result<qint64> applyLedger(const QString &deviceId);

    /// "Where am I?": the committed head of the device.
    [[nodiscard]] Result<WireProtocol::JournalAck> head(const QString &deviceId) const;

    /// Imports a device's exported journal file (JournalExportFile) with the same checks and
    /// idempotency as uploads, in batches; the answer is the final head and any refusal.
    [[nodiscard]] Result<WireProtocol::JournalAck> importFile(const QString &path);
    /// The center's signed receipt for an import (JournalAckFile): what it holds of the device's
    /// journal after `ack`, written to `ackPath`, or beside the export under
    /// JournalAckFile::fileName() when empty. Returns the path written.
    [[nodiscard]] Result<QString> writeReceipt(const QString &exportPath, const WireProtocol::JournalAck &ack,
                                               const QString &ackPath = QString()) const;

    enum class SignatureCheck {
        BatchHead,  ///< hashes and chain of every entry, the signature of the last (default)
        EveryEntry, ///< and every entry's own signature too
    };
    void setSignatureCheck(SignatureCheck check) { m_signatureCheck = check; }

    /// Verifies signatures on several threads when a batch is at least this long (0: never).
    void setParallelThreshold(int entries) { m_parallelThreshold = entries; }
    void setLimits(const IngestLimits &limits) { m_limits = limits; }

    /**
     * Why one validly signed entry is not taken, or nothing: a body that is not its kind's record
     * or not in canonical form (the checks Journal::append makes on the device), an entry that
     * does not survive storage and reading back, a collector id of the wrong shape, or a money
     * field above `limits.entryFen`. Pure: no database, for tests and fuzzing.
     */
    [[nodiscard]] static std::optional<WireProtocol::Refusal> checkEntry(const JournalEntry &entry,
                                                                         const IngestLimits &limits);

private:
    /// The entries above the head a batch brings: the valid prefix, and why the rest is not taken.
    struct NewPart
    {
        QList<JournalEntry> accepted;
        std::optional<WireProtocol::Refusal> refused;
        qint64 lostDeviceSeq = 0; ///< the first entry from a device locked or wiped before it knew
    };
    /// Verifies entries[firstNew..] of a batch that continues the head: signatures, records,
    /// the payment caps and the device's lock; the valid prefix is accepted.
    [[nodiscard]] Result<NewPart> verifyNew(const WireProtocol::JournalBatch &batch, const CenterDevice &device,
                                            qsizetype firstNew) const;
    [[nodiscard]] Status logRefusal(const QString &deviceId, const QString &remote,
                                    const WireProtocol::JournalBatch &batch,
                                    const WireProtocol::Refusal &refusal) const;

    CenterStore &m_store;
    int m_parallelThreshold = 64;
    IngestLimits m_limits;
    SignatureCheck m_signatureCheck = SignatureCheck::BatchHead;
};
