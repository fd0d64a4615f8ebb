#pragma once

#include "centerstore.h"
#include "result.h"
#include "wireprotocol.h"

/**
 * Takes a device's journal batch into the center (DESIGN.md invariant 4 and the "journals and
 * sync" field notes). In one transaction, holding the device's row:
 *
 *  - entries at or below the stored head are compared with what is stored: identical ones are
 *    acknowledged again, not stored; a validly signed different one is equivocation — refused,
 *    the device frozen, an exception "tampering" raised;
 *  - entries above the head must continue it: seq head+1 (else "journal.gap"), the stored head
 *    hash as prevHash (else "journal.broken-chain"), a valid signature by the device's key (else
 *    "journal.bad-signature"), and not signed after a lock or wipe reached the device
 *    ("device.locked");
 *  - the valid prefix is stored with its derived fact columns and applied to the ledger, the
 *    refusal (if any) logged, the head advanced, and only then COMMIT. The acknowledged head in
 *    the answer is read after the commit: the one source of progress.
 *
 * A Result error means the database failed (the device retries); refusals are in the ack.
 */
class JournalIngest
{
public:
    explicit JournalIngest(CenterStore &store)
        : m_store(store)
    {
    }

    [[nodiscard]] Result<WireProtocol::JournalAck> ingest(const WireProtocol::JournalBatch &batch,
                                                          const QString &remote);
    /// "Where am I?": the committed head of the device.
    [[nodiscard]] Result<WireProtocol::JournalAck> head(const QString &deviceId) const;

    /// Imports a device's exported journal file (JournalExportFile) with the same checks and
    /// idempotency as uploads, in batches; the answer is the final head and any refusal.
    [[nodiscard]] Result<WireProtocol::JournalAck> importFile(const QString &path);

    /// Verifies signatures on several threads when a batch is at least this long (0: never).
    void setParallelThreshold(int entries) { m_parallelThreshold = entries; }

private:
    [[nodiscard]] Status logRefusal(const QString &deviceId, const QString &remote,
                                    const WireProtocol::JournalBatch &batch,
                                    const WireProtocol::Refusal &refusal) const;

    CenterStore &m_store;
    int m_parallelThreshold = 64;
};
