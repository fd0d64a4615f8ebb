#include <QFontDatabase>
#include <QTest>

#include "escpos.h"
#include "escposdecoder.h"
#include "qrmatrix.h"
#include "qrscan.h"
#include "receiptcode.h"
#include "receiptlayout.h"
#include "receiptpreview.h"
#include "testreceipts.h"

namespace {

ReceiptDocument standardDocument(const PrinterProfile &profile)
{
    return ReceiptLayout::layout(TestReceipts::standard(), ReceiptTemplate::builtIn(ReceiptTemplate::Language::Zh),
                                 profile)
        .value();
}

} // namespace

class TestReceiptPreview : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cjkFontIsThere()
    {
        QVERIFY2(QFontDatabase::families().contains(QStringLiteral("Noto Sans CJK SC")),
                 "fonts-noto-cjk is needed for the preview (deploy/install-deps)");
    }

    void rendersAtPrinterWidth_data()
    {
        QTest::addColumn<QString>("profileId");
        QTest::newRow("58") << QStringLiteral("generic-58");
        QTest::newRow("80") << QStringLiteral("generic-80");
    }
    void rendersAtPrinterWidth()
    {
        QFETCH(QString, profileId);
        const PrinterProfile profile = PrinterProfile::byId(profileId).value();
        const QImage image = ReceiptPreview::render(standardDocument(profile));
        QCOMPARE(image.width(), profile.dots);
        QVERIFY(image.height() > 20 * ReceiptPreview::linePitch);
        if (!qEnvironmentVariableIsEmpty("DOORSTEP_PREVIEW_OUT"))
            image.save(qEnvironmentVariable("DOORSTEP_PREVIEW_OUT") + QLatin1Char('-') + profileId +
                       QLatin1String(".png"));
        // Ink where the header is, and the top-left cell of a left-aligned line has ink too.
        int dark = 0;
        for (int y = 0; y < 2 * ReceiptPreview::linePitch; ++y) {
            for (int x = 0; x < image.width(); ++x)
                dark += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
        }
        QVERIFY(dark > 100);
    }

    void qrDecodesFromPreview()
    {
        const Receipt receipt = TestReceipts::standard();
        const QImage image = ReceiptPreview::render(standardDocument(PrinterProfile::generic58()));
        const QStringList found = QrScan::scan(image);
        QCOMPARE(found, QStringList({receipt.qrPayload()}));
    }

    // A receipt made on a terminal carries the code its key signed: it fits every printer profile
    // (58 mm included), scans back from the paper as printed, and verifies with the key alone.
    // With the utility's check page before it, as "<address>#<code>", the longest address a center
    // may send (96 characters) still fits the 58 mm profiles.
    void signedCodeScansAndVerifiesOnEveryProfile_data()
    {
        QTest::addColumn<QString>("address");
        QTest::newRow("bare code") << QString();
        QTest::newRow("address") << QStringLiteral("https://pay.example.cn/verify");
        QTest::newRow("longest address") << QString(QStringLiteral(
                                                        "https://receipts.county-branch.example-power-supply.cn/") +
                                                    QString(36, QLatin1Char('v')) + QStringLiteral("/check"))
                                                .left(96);
    }

    void signedCodeScansAndVerifiesOnEveryProfile()
    {
        QFETCH(QString, address);
        const DeviceKey key = DeviceKey::generate();
        ReceiptContext context = TestReceipts::context();
        context.signer = &key;
        context.verifyAddress = address;
        const Receipt receipt =
            Receipt::fromPayment(TestReceipts::entry(), TestReceipts::payment(), TestReceipts::account(), context)
                .value();
        QCOMPARE(address.size() == 96 || address.size() < 40, true);
        QVERIFY(receipt.qrPayload().startsWith(address.isEmpty() ? QStringLiteral("DS2:P:")
                                                                 : address + QStringLiteral("#DS2:P:")));
        // Kept in the print queue's storage: a reprint carries the same code.
        QCOMPARE(Receipt::fromCbor(receipt.toCbor()).value().qrPayload(), receipt.qrPayload());
        for (const PrinterProfile &profile : {PrinterProfile::generic58(), PrinterProfile::generic80(),
                                              PrinterProfile::noQr58(), PrinterProfile::latin80()}) {
            const auto doc =
                ReceiptLayout::layout(receipt, ReceiptTemplate::builtIn(ReceiptTemplate::Language::Zh), profile);
            QVERIFY2(doc.ok(), qPrintable(profile.id));
            const QStringList found = QrScan::scan(ReceiptPreview::render(doc.value()));
            QCOMPARE(found, QStringList{receipt.qrPayload()});
            const auto code = ReceiptCode::parse(found.first());
            QVERIFY(code.ok());
            QVERIFY(code->verify(key.publicKey()));
            QCOMPARE(code->seq, qint64(42));
            QCOMPARE(code->amountFen, qint64(36799));
            QCOMPARE(code->account, TestReceipts::account().number);
        }
    }

    void qrModulesMatchLibqrencode()
    {
        // The preview's QR pixels are the libqrencode matrix, module for module.
        const ReceiptDocument doc = standardDocument(PrinterProfile::generic58());
        const QImage image = ReceiptPreview::render(doc);
        int qrTop = 0;
        const ReceiptLine *qrLine = nullptr;
        for (const ReceiptLine &l : doc.lines) {
            if (l.kind == ReceiptLine::Kind::Qr) {
                qrLine = &l;
                break;
            }
            qrTop += l.kind == ReceiptLine::Kind::Text ? (l.large ? 2 : 1) * ReceiptPreview::linePitch
                                                       : l.feedLines * ReceiptPreview::linePitch;
        }
        QVERIFY(qrLine);
        const QrMatrix m = QrMatrix::encode(qrLine->qrPayload.toUtf8(), qrLine->qrErrorLevel).value();
        const int module = qrLine->qrModuleSize;
        const int left = (doc.dots - m.size() * module) / 2;
        for (int y = 0; y < m.size(); ++y) {
            for (int x = 0; x < m.size(); ++x) {
                const bool dark =
                    qGray(image.pixel(left + x * module + module / 2, qrTop + y * module + module / 2)) < 128;
                QCOMPARE(dark, m.dark(x, y));
            }
        }
    }

    void rasterOfPreviewRoundTrips()
    {
        const QImage image = ReceiptPreview::render(standardDocument(PrinterProfile::generic58()));
        const QByteArray raster = ReceiptPreview::toRaster(image);
        const DecodedJob job = decodeEscPos(raster);
        QVERIFY(job.unknownControls.isEmpty());
        QVERIFY(job.incomplete.isEmpty());
        QVERIFY(!job.rasters.isEmpty());
        int rows = 0;
        for (const QImage &band : job.rasters) {
            QCOMPARE(band.width(), 384);
            QVERIFY(band.height() <= 128);
            rows += band.height();
        }
        QCOMPARE(rows, image.height());
        // The QR is still readable once the image went through GS v 0.
        QImage stitched(384, rows, QImage::Format_RGB32);
        stitched.fill(Qt::white);
        int y = 0;
        for (const QImage &band : job.rasters) {
            for (int by = 0; by < band.height(); ++by) {
                for (int x = 0; x < band.width(); ++x) {
                    if (band.pixelIndex(x, by) == 1)
                        stitched.setPixel(x, y + by, qRgb(0, 0, 0));
                }
            }
            y += band.height();
        }
        QCOMPARE(QrScan::scan(stitched), QStringList({TestReceipts::standard().qrPayload()}));
        // Printing the picture costs far more than the text: the reason not to.
        const QByteArray text =
            EscPosEncoder(PrinterProfile::generic58()).encode(standardDocument(PrinterProfile::generic58())).value();
        QVERIFY(raster.size() > 20 * text.size());
    }
};

QTEST_MAIN(TestReceiptPreview)
#include "tst_receiptpreview.moc"
