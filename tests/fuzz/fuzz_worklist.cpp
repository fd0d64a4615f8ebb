// The worklist parser (core/worklist): the route file a device loads, cut by the center. The
// first byte picks whether the input's END line is replaced by a correct one (counts and SHA-256
// of what comes before), so mutated files also reach the end of a read and not only the
// checksum refusal. A worklist that reads is written again and reads back to the same records.

#include <QBuffer>
#include <QCryptographicHash>

#include "fuzzsupport.h"
#include "worklist.h"

namespace {

struct Collect : WorklistSink
{
    std::optional<WorklistHeader> head;
    QList<Account> accounts;
    QList<Bill> bills;
    Status header(const WorklistHeader &h) override
    {
        FUZZ_CHECK(!head); // once, before any record
        FUZZ_CHECK(accounts.isEmpty() && bills.isEmpty());
        head = h;
        return success();
    }
    Status account(const Account &a) override
    {
        FUZZ_CHECK(head.has_value());
        accounts.append(a);
        return success();
    }
    Status bill(const Bill &b) override
    {
        FUZZ_CHECK(head.has_value());
        bills.append(b);
        return success();
    }
};

/// The input without its END line (if any), then an END line that matches it.
QByteArray withValidEnd(QByteArray text)
{
    const qsizetype end = text.startsWith("END\t") ? 0 : text.lastIndexOf("\nEND\t");
    if (end >= 0)
        text.truncate(end == 0 ? 0 : end + 1);
    if (!text.isEmpty() && !text.endsWith('\n'))
        text.append('\n');
    qint64 accounts = 0;
    qint64 bills = 0;
    for (const QByteArray &line : text.split('\n')) {
        accounts += line.startsWith("A\t");
        bills += line.startsWith("B\t");
    }
    return text + "END\t" + QByteArray::number(accounts) + '\t' + QByteArray::number(bills) + '\t' +
           QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex() + '\n';
}

Result<WorklistSummary> read(QByteArray text, Collect &sink)
{
    QBuffer buffer(&text);
    buffer.open(QIODevice::ReadOnly);
    return readWorklist(buffer, sink);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    Fuzz::Input input(data, size);
    const bool fixEnd = input.byte() & 1;
    QByteArray text = input.rest();
    if (fixEnd)
        text = withValidEnd(text);

    Collect sink;
    const auto summary = read(text, sink);
    if (!summary.ok()) {
        FUZZ_CHECK(!summary.error().message.isEmpty());
        return 0;
    }
    FUZZ_CHECK(sink.head.has_value());
    FUZZ_CHECK(summary->accounts == sink.accounts.size());
    FUZZ_CHECK(summary->bills == sink.bills.size());

    // What was read, written again, reads back the same.
    QByteArray written;
    {
        QBuffer out(&written);
        out.open(QIODevice::WriteOnly);
        WorklistWriter writer(out);
        writer.writeHeader(*sink.head);
        for (const Account &a : std::as_const(sink.accounts))
            writer.writeAccount(a);
        for (const Bill &b : std::as_const(sink.bills))
            writer.writeBill(b);
        FUZZ_CHECK(writer.finish());
    }
    Collect again;
    const auto reread = read(written, again);
    if (!reread.ok())
        std::fprintf(stderr, "re-read: %s\n", qPrintable(reread.error().message));
    FUZZ_CHECK(reread.ok());
    FUZZ_CHECK(again.accounts == sink.accounts);
    FUZZ_CHECK(again.bills == sink.bills);
    FUZZ_CHECK(again.head->routeId == sink.head->routeId);
    FUZZ_CHECK(again.head->version == sink.head->version);
    FUZZ_CHECK(again.head->generated == sink.head->generated);
    FUZZ_CHECK(again.head->utilityName == sink.head->utilityName);
    return 0;
}
