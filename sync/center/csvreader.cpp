#include "csvreader.h"

#include <QCoreApplication>
#include <QStringDecoder>

namespace {

constexpr qint64 MaxRecordBytes = qint64(64) * 1024;

Error csvError(qint64 line, const QString &message)
{
    return Error{QStringLiteral("import.csv"),
                 QCoreApplication::translate("CsvReader", "line %1: %2").arg(line).arg(message)};
}

} // namespace

Result<std::optional<QStringList>> CsvReader::next()
{
    QByteArray record;
    QStringList fields;
    QByteArray field;
    bool inQuotes = false;
    bool quotedField = false;
    bool any = false;
    m_recordLine = m_line + 1;

    auto finishField = [&]() -> Status {
        // A byte order mark at the start of a field is text like any other (the file's own, on
        // its first line, is dropped before): skipped here, a field "\uFEFFid" read back as "id"
        // once written again (found by fuzz_csvreader).
        QStringDecoder decoder(QStringDecoder::Utf8,
                               QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
        QString text = decoder.decode(field);
        if (decoder.hasError())
            return csvError(m_recordLine, QCoreApplication::translate("CsvReader", "the text is not valid UTF-8"));
        fields.append(text);
        field.clear();
        quotedField = false;
        return success();
    };

    while (true) {
        QByteArray line = m_in.readLine(MaxRecordBytes + 2);
        if (line.isEmpty()) {
            if (inQuotes)
                return csvError(m_recordLine, QCoreApplication::translate("CsvReader", "a quoted field is not closed"));
            if (!any)
                return std::optional<QStringList>();
            if (auto s = finishField(); !s.ok())
                return s.error();
            return std::optional<QStringList>(fields);
        }
        ++m_line;
        if (m_first) {
            m_first = false;
            if (line.startsWith("\xEF\xBB\xBF"))
                line.remove(0, 3);
        }
        record += line;
        if (record.size() > MaxRecordBytes)
            return csvError(
                m_recordLine,
                QCoreApplication::translate("CsvReader", "the record is longer than %1 bytes").arg(MaxRecordBytes));
        any = true;
        const bool endsLine = line.endsWith('\n');
        qsizetype end = line.size();
        if (endsLine) {
            --end;
            // CRLF ends a record or, inside quotes, is a line break of the field (read as LF): which
            // one is known only after the line's quotes are read, so the CR is never a character.
            if (end > 0 && line[end - 1] == '\r')
                --end;
        }
        for (qsizetype i = 0; i < end; ++i) {
            const char c = line[i];
            // A CR that does not end a line has no meaning a field could keep: inside quotes a CRLF
            // reads as LF, so "x<CR><CR><LF>" could never be written back as it was read (found by
            // fuzz_csvreader). Old Mac files (CR only) end up here too.
            if (c == '\r')
                return csvError(m_recordLine, QCoreApplication::translate("CsvReader", "a carriage return inside a "
                                                                                       "record; save the file with "
                                                                                       "CRLF or LF line endings"));
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < end && line[i + 1] == '"') {
                        field.append('"');
                        ++i;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                if (!field.isEmpty() || quotedField)
                    return csvError(m_recordLine,
                                    QCoreApplication::translate("CsvReader", "a quote in the middle of a field"));
                inQuotes = true;
                quotedField = true;
            } else if (c == ',') {
                if (auto s = finishField(); !s.ok())
                    return s.error();
            } else {
                if (quotedField)
                    return csvError(m_recordLine,
                                    QCoreApplication::translate("CsvReader", "text after a closing quote"));
                field.append(c);
            }
        }
        if (inQuotes) {
            if (endsLine)
                field.append('\n'); // a line break inside quotes belongs to the field
            continue;
        }
        if (auto s = finishField(); !s.ok())
            return s.error();
        return std::optional<QStringList>(fields);
    }
}
