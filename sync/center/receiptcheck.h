#pragma once

#include <QString>
#include <QTimeZone>

#include <optional>

#include "centerdatabase.h"
#include "result.h"

/** What the center can say of a scanned receipt code (core/receiptcode.h). */
struct ReceiptVerdict
{
    enum class Status {
        Recorded,     ///< genuine, and the center holds the entry as printed
        NotYetSynced, ///< genuine; the terminal has not synced that far yet
        Voided,       ///< genuine, and the payment was voided on the terminal
        Reversed,     ///< genuine, and the center reversed the payment after its shift
        Missing,      ///< genuine, yet the terminal synced past it and the entry is not here: an alarm
        Mismatch,     ///< signed by the terminal, but its journal says something else: an alarm
        Forged,       ///< no terminal of this center signed it
    };
    Status status = Status::Forged;
    QString deviceId;
    QString words;                    ///< one sentence, for the command line: no personal data
    std::optional<qint64> lastSyncMs; ///< not yet synced: when the terminal last synced, if ever

    [[nodiscard]] bool genuine() const { return status != Status::Forged; }
    [[nodiscard]] bool alarm() const { return status == Status::Missing || status == Status::Mismatch; }
    [[nodiscard]] static QString key(Status status); ///< "recorded", "not-yet-synced", … "forged"
};

/**
 * Checks a scanned receipt code against the terminals' keys and the journals the center holds.
 * A genuine code whose entry is missing although the terminal has synced past it (a receipt
 * suppressed from the journal) or whose entry differs (a terminal signing what it did not
 * journal) is recorded as an exception ("receipt-missing", "receipt-mismatch"); a forged code
 * records nothing, so scanning rubbish cannot fill the supervisor's list.
 */
class ReceiptCheck
{
public:
    ReceiptCheck(const CenterDatabase &db, const QTimeZone &zone)
        : m_db(db)
        , m_zone(zone)
    {
    }

    /// "receipt-code.malformed" for text that is no receipt code at all.
    [[nodiscard]] Result<ReceiptVerdict> check(const QString &scanned, qint64 nowMs) const;

private:
    [[nodiscard]] QString when(qint64 ms) const;

    const CenterDatabase &m_db;
    QTimeZone m_zone;
};
