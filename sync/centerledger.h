#pragma once

#include <QList>

#include "centerdatabase.h"
#include "journalentry.h"
#include "result.h"

/**
 * Applies a device's accepted journal entries to the center's books, inside the caller's
 * transaction (the same one that stores the entries, so books and journal never disagree).
 *
 * A payment reduces the bills its allocation names (principal lines; penalties are revenue);
 * what a bill cannot take because it was already paid elsewhere is credited to the account's
 * prepaid balance and listed as an exception "paid-elsewhere"; an overpayment (toPrepaid) is
 * credited and listed as "overpayment"; a payment for an account the center does not know is
 * kept unapplied and listed as "unknown-account". A void reverses exactly what its payment did.
 * Never refuses: the entries are already verified facts; anything odd becomes an exception row
 * for the supervisor (DESIGN.md field notes: refuse only what fails integrity).
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

    /// Extra exceptions the ingest wants recorded with the same batch (late sync, lost device).
    struct Note
    {
        QString kind;
        qint64 seq = 0;
        QString detail;
    };

    [[nodiscard]] Status apply(const QString &deviceId, const QList<JournalEntry> &entries, qint64 receivedMs,
                               const QList<Note> &notes = {});

private:
    const CenterDatabase &m_db;
};
