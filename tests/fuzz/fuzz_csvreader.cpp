// The CSV reader (sync/center/csvreader) behind `doorstep-center import` of the utility's accounts,
// bills and staff. Every record is read until the end or the first refusal; a file that reads
// whole, written again with every field quoted, reads back to the same records.

#include <QBuffer>

#include "csvreader.h"
#include "fuzzsupport.h"

namespace {

QByteArray quoted(const QList<QStringList> &records)
{
    QByteArray out;
    for (const QStringList &record : records) {
        for (qsizetype i = 0; i < record.size(); ++i) {
            if (i > 0)
                out += ',';
            out += '"' + record.at(i).toUtf8().replace('"', "\"\"") + '"';
        }
        out += '\n'; // LF: a quoted field across CRLF lines is refused (see README.md, known findings)
    }
    return out;
}

/// Every record, or nothing when the reader refused the input.
std::optional<QList<QStringList>> readAll(QByteArray text)
{
    QBuffer buffer(&text);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(buffer);
    QList<QStringList> records;
    qint64 lastLine = 0;
    for (;;) {
        auto next = reader.next();
        if (!next.ok()) {
            FUZZ_CHECK(!next.error().message.isEmpty());
            return std::nullopt;
        }
        if (!next.value())
            return records;
        FUZZ_CHECK(reader.line() > lastLine); // always moves forward
        lastLine = reader.line();
        FUZZ_CHECK(!next.value()->isEmpty());
        records.append(*next.value());
        FUZZ_CHECK(records.size() <= text.size() + 1);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto records = readAll(Fuzz::bytes(data, size));
    if (!records)
        return 0;
    const auto again = readAll(quoted(*records));
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(*again == *records);
    return 0;
}
