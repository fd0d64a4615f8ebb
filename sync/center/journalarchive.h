#pragma once

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

#include "centerdatabase.h"
#include "result.h"

/**
 * Months of the center's journal detached from it and kept apart (PostgreSQL only: the journal
 * is partitioned by the month, UTC, in which the center received each entry). Archiving detaches
 * an ended month's partition and renames it journal_archive_yYYYYmMM, for the operator to dump
 * and drop; the current month is never touched. A month is archived only once every entry of it
 * is applied to the ledger and under a signed checkpoint, so neither ever needs it again. What
 * still asks for an archived entry is told so: a terminal resending it is acknowledged (not
 * compared), a scanned receipt is "recorded, in an archived month", and an auditor's export,
 * which starts every terminal at its first entry, asks for the month to be restored first.
 */
class JournalArchive
{
public:
    explicit JournalArchive(const CenterDatabase &db);

    struct Month
    {
        QDate month; ///< its first day
        QString table;
        qint64 entries = 0;
        qint64 devices = 0;
    };

    /// "YYYY-MM" → the month's first day; nothing for anything else.
    [[nodiscard]] static std::optional<QDate> parseMonth(const QString &text);
    [[nodiscard]] static QString monthText(QDate month);
    [[nodiscard]] static QString archiveTable(QDate month);

    /// Detaches `month` (ended before the month of `nowMs`) from the journal.
    [[nodiscard]] Result<Month> archive(QDate month, qint64 nowMs) const;
    /// Attaches an archived month's table (still there, or loaded back from its dump) again.
    [[nodiscard]] Result<Month> restore(QDate month) const;

    /// The archived month holding entry `seq` of the terminal, if any.
    [[nodiscard]] Result<std::optional<QDate>> monthOf(const QString &deviceId, qint64 seq) const;
    /// The terminal's archived seq ranges that meet [first, last], as (first, last) pairs.
    [[nodiscard]] Result<QList<std::pair<qint64, qint64>>> ranges(const QString &deviceId, qint64 first,
                                                                  qint64 last) const;
    /// Every archived month, oldest first.
    [[nodiscard]] Result<QList<QDate>> months() const;

private:
    const CenterDatabase &m_db;
};
