#pragma once

#include <QList>

#include "centerdatabase.h"
#include "journalentry.h"
#include "paymentcorrection.h"
#include "result.h"

/**
 * Applies devices' stored journal entries to the center's books. The journal is the record;
 * the books are derived from it: catchUp() applies each device's entries above its ledger mark
 * (devices.ledger_seq) in chunks, each chunk and its mark in one transaction, so a crash in
 * between re-applies nothing and skips nothing. The server runs it right after acknowledging
 * an upload, so an upload's acknowledgement waits only for the journal's COMMIT.
 *
 * A payment reduces the bills its allocation names (principal lines; penalties are revenue);
 * what a bill cannot take because it was already paid elsewhere is credited to the account's
 * prepaid balance and listed as an exception "paid-elsewhere"; an overpayment (toPrepaid) is
 * credited and listed as "overpayment"; a payment for an account the center does not know is
 * kept unapplied and listed as "unknown-account". A void reverses exactly what its payment did.
 * Never refuses: the entries are already verified facts; anything odd becomes an exception row
 * for the supervisor (ARCHITECTURE.md, lessons: refuse only what fails integrity).
 *
 * Reads every bill and account a batch touches in one query and writes them back in one, so the
 * cost per batch is a handful of round trips, not a few per payment.
 */
class CenterLedger
{
public:
    explicit CenterLedger(const CenterDatabase &db)
        : m_db(db)
    {
    }

    /// Applies every stored entry of the device above its ledger mark; returns how many.
    [[nodiscard]] Result<qint64> catchUp(const QString &deviceId, qint64 nowMs);

    /// Applies `entries` (consecutive, in seq order) inside the caller's transaction;
    /// receivedMs[i] is when entries[i] reached the center (for "late-sync").
    [[nodiscard]] Status apply(const QString &deviceId, const QList<JournalEntry> &entries,
                               const QList<qint64> &receivedMs, qint64 nowMs);

    /// A supervisor's correction after the shift (a void is possible only in the open one): the
    /// stored payment `seq` of the device is reversed in the books exactly as a void would, under
    /// a new worklist version, and recorded (corrections table, exception "correction") with the
    /// reason and who made it; a void of it arriving later reverses nothing twice. Refused in
    /// words: no reason or name ("correction.words"), an entry the center does not hold
    /// ("correction.unknown-entry"), not a payment, voided or corrected already.
    [[nodiscard]] Result<PaymentCorrection> correct(const QString &deviceId, qint64 seq, const QString &reason,
                                                    const QString &madeBy, qint64 nowMs);

private:
    const CenterDatabase &m_db;
};
