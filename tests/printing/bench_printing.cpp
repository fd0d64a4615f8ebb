// Printing benchmark: the standard receipt (3 bills with penalties + QR, 58 mm) as ESC/POS text
// bytes, as a whole-receipt GS v 0 raster of its preview, and the time to lay out and encode one.
// Prints "BENCH <name> <value> <unit>" lines; exits non-zero when the text receipt exceeds its
// byte budget (a size, not a wall-clock assertion). Usage: bench_printing [iterations]

#include <QElapsedTimer>
#include <QGuiApplication>

#include <cstdio>

#include "escpos.h"
#include "printerprofile.h"
#include "receiptlayout.h"
#include "receiptpreview.h"
#include "testreceipts.h"

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // fonts and painting, no display needed
    QGuiApplication app(argc, argv);
    const int iterations = argc > 1 ? qMax(1, QByteArray(argv[1]).toInt()) : 2000;
    constexpr qsizetype byteBudget = 1200;

    const Receipt receipt = TestReceipts::standard();
    const ReceiptTemplate tmpl = ReceiptTemplate::builtIn(ReceiptTemplate::Language::Zh);
    const PrinterProfile profile = PrinterProfile::generic58();
    const EscPosEncoder encoder(profile);

    Result<ReceiptDocument> doc = ReceiptLayout::layout(receipt, tmpl, profile);
    if (!doc) {
        std::fprintf(stderr, "layout failed: %s\n", qPrintable(doc.error().message));
        return 2;
    }
    const Result<QByteArray> bytes = encoder.encode(doc.value());
    if (!bytes) {
        std::fprintf(stderr, "encode failed: %s\n", qPrintable(bytes.error().message));
        return 2;
    }
    const QByteArray raster = ReceiptPreview::toRaster(ReceiptPreview::render(doc.value()));

    // Warm-up (first use builds the GB tables), then the timed loop.
    qsizetype sink = 0;
    for (int i = 0; i < 50; ++i)
        sink += encoder.encode(ReceiptLayout::layout(receipt, tmpl, profile).value()).value().size();
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < iterations; ++i) {
        Result<ReceiptDocument> d = ReceiptLayout::layout(receipt, tmpl, profile);
        sink += encoder.encode(d.value()).value().size();
    }
    const qint64 ns = timer.nsecsElapsed();

    std::printf("BENCH receipt_bytes %lld bytes\n", static_cast<long long>(bytes->size()));
    std::printf("BENCH receipt_raster_bytes %lld bytes\n", static_cast<long long>(raster.size()));
    std::printf("BENCH receipt_encode_ms %.4f ms\n", double(ns) / 1e6 / iterations);
    std::printf("# raster/text ratio %.1f, budget %lld bytes, %d iterations (sink %lld)\n",
                double(raster.size()) / double(bytes->size()), static_cast<long long>(byteBudget), iterations,
                static_cast<long long>(sink));
    if (bytes->size() > byteBudget) {
        std::fprintf(stderr, "receipt_bytes %lld exceeds the budget of %lld\n", static_cast<long long>(bytes->size()),
                     static_cast<long long>(byteBudget));
        return 1;
    }
    return 0;
}
