#include "receiptpreview.h"

#include <QFont>
#include <QPainter>

#include "escpos.h"
#include "qrimage.h"

namespace {

int lineHeight(const ReceiptLine &line)
{
    switch (line.kind) {
    case ReceiptLine::Kind::Text:
        return line.large ? 2 * ReceiptPreview::linePitch : ReceiptPreview::linePitch;
    case ReceiptLine::Kind::Qr: {
        Result<QrMatrix> m = QrMatrix::encode(line.qrPayload.toUtf8(), line.qrErrorLevel);
        return (m ? m->size() * line.qrModuleSize : 0) + ReceiptPreview::linePitch;
    }
    case ReceiptLine::Kind::Feed:
        return line.feedLines * ReceiptPreview::linePitch;
    case ReceiptLine::Kind::Cut:
        return 8;
    }
    return 0;
}

// Printer-cell width of one code point after PrinterCharset: ASCII one column, anything else two
// (the document only holds printable text; a Latin profile's text is single-byte anyway).
int cells(char32_t c, bool chineseDocument)
{
    return (c < 0x80 || !chineseDocument) ? 1 : 2;
}

} // namespace

QImage ReceiptPreview::render(const ReceiptDocument &document)
{
    int height = 0;
    bool chineseDocument = false;
    for (const ReceiptLine &line : document.lines) {
        height += lineHeight(line);
        for (QChar c : line.text)
            chineseDocument = chineseDocument || c.unicode() >= 0x80;
    }
    const int column = document.dots / document.columns;
    QImage image(document.dots, qMax(height, 1), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setPen(Qt::black);

    QFont font(QStringLiteral("Noto Sans CJK SC"));
    font.setStyleStrategy(QFont::NoAntialias); // a thermal head has no grey
    font.setHintingPreference(QFont::PreferFullHinting);

    int y = 0;
    for (const ReceiptLine &line : document.lines) {
        const int h = lineHeight(line);
        if (line.kind == ReceiptLine::Kind::Text) {
            const int scale = line.large ? 2 : 1;
            font.setPixelSize(22 * scale);
            font.setBold(line.bold);
            painter.setFont(font);
            const QList<uint> ucs4 = line.text.toUcs4();
            int width = 0;
            for (uint c : ucs4)
                width += cells(char32_t(c), chineseDocument);
            const int room = document.columns / scale;
            int col = 0;
            if (line.align == ReceiptLine::Align::Center)
                col = (room - width) / 2;
            else if (line.align == ReceiptLine::Align::Right)
                col = room - width;
            for (uint c : ucs4) {
                const auto cp = char32_t(c);
                const int w = cells(cp, chineseDocument);
                const QRect cell(col * column * scale, y, w * column * scale, glyphHeight * scale);
                if (cp != U' ')
                    painter.drawText(cell, Qt::AlignCenter, QString::fromUcs4(&cp, 1));
                col += w;
            }
        } else if (line.kind == ReceiptLine::Kind::Qr) {
            Result<QrMatrix> m = QrMatrix::encode(line.qrPayload.toUtf8(), line.qrErrorLevel);
            if (m) {
                const QImage qr = QrImage::of(*m, line.qrModuleSize, 0);
                painter.drawImage((document.dots - qr.width()) / 2, y, qr);
            }
        }
        y += h;
    }
    painter.end();
    return image.convertToFormat(QImage::Format_Grayscale8);
}

QByteArray ReceiptPreview::toRaster(const QImage &image)
{
    return EscPos::initialize() + EscPos::raster(image) + EscPos::feed(3);
}
