// The receipt template JSON (printing/receipttemplate): a utility's own file, loaded by the app.
// A template that loads lays out the standard receipt on every built-in printer profile within
// the paper's columns, with only printable characters, and encodes to ESC/POS; one that does
// not load says why.

#include "escpos.h"
#include "fuzzsupport.h"
#include "printercharset.h"
#include "receiptlayout.h"
#include "receipttemplate.h"
#include "testreceipts.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto loaded = ReceiptTemplate::fromJson(Fuzz::bytes(data, size));
    if (!loaded.ok()) {
        FUZZ_CHECK(!loaded.error().message.isEmpty());
        return 0;
    }
    const ReceiptTemplate &t = loaded.value();
    for (const QString &key : ReceiptTemplate::labelKeys())
        FUZZ_CHECK(!t.label(key).isNull());
    static const Receipt receipt = TestReceipts::standard();
    for (const PrinterProfile &profile : PrinterProfile::builtIn()) {
        const auto document = ReceiptLayout::layout(receipt, t, profile);
        if (!document.ok()) {
            FUZZ_CHECK(!document.error().message.isEmpty());
            continue;
        }
        const PrinterCharset charset(profile);
        for (const ReceiptLine &line : document->lines) {
            if (line.kind != ReceiptLine::Kind::Text)
                continue;
            const int room = line.large ? document->columns / 2 : document->columns;
            if (charset.width(line.text) > room)
                std::fprintf(stderr, "too wide for %d columns: %s\n", room, qPrintable(line.text));
            FUZZ_CHECK(charset.width(line.text) <= room);
            for (const QChar c : line.text)
                FUZZ_CHECK(c.unicode() >= 0x20);
        }
        const auto bytes = EscPosEncoder(profile).encode(document.value());
        FUZZ_CHECK(bytes.ok() ? !bytes->isEmpty() : !bytes.error().message.isEmpty());
    }
    return 0;
}
