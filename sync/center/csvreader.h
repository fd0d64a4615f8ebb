#pragma once

#include <QIODevice>
#include <QStringList>

#include "result.h"

/**
 * Reads RFC 4180 CSV one record at a time: UTF-8 (a leading BOM is skipped), comma separated,
 * fields optionally in double quotes with "" for a quote, CRLF or LF line ends. Errors name the
 * line: an unterminated quote, a quote inside an unquoted field, invalid UTF-8, a record longer
 * than the limit.
 */
class CsvReader
{
public:
    explicit CsvReader(QIODevice &in)
        : m_in(in)
    {
    }

    /// The next record, or an empty optional at the end of the input.
    [[nodiscard]] Result<std::optional<QStringList>> next();
    /// Line on which the last record returned started (1-based).
    [[nodiscard]] qint64 line() const { return m_recordLine; }

private:
    QIODevice &m_in;
    qint64 m_line = 0;
    qint64 m_recordLine = 0;
    bool m_first = true;
};
