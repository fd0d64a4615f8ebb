// Stand-in for JournalEntry::receiptNumber() while core/journalentry.cpp (feat/journal) has not
// landed, so that the printing tests link on their own. CMake compiles this file only when
// core/journalentry.cpp does not exist; it follows the header's documented format exactly.
#include "journalentry.h"

QString JournalEntry::receiptNumber() const
{
    return deviceId + QLatin1Char('-') + QStringLiteral("%1").arg(seq, 8, 10, QLatin1Char('0'));
}
