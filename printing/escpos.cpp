#include "escpos.h"

#include <QCoreApplication>

#include <array>

#include "printercharset.h"
#include "qrimage.h"

namespace {

/// A command from its bytes (Qt 6.4's QByteArray has no initializer-list constructor).
template<typename... Bytes>
QByteArray cmd(Bytes... bytes)
{
    const std::array<char, sizeof...(bytes)> data = {char(bytes)...};
    return QByteArray(data.data(), qsizetype(data.size()));
}

} // namespace

namespace EscPos {

QByteArray initialize()
{
    return cmd(ESC, '@');
}

QByteArray chineseMode(bool on)
{
    return cmd(FS, on ? '&' : '.');
}

QByteArray codePage(int page)
{
    return cmd(ESC, 't', char(page));
}

QByteArray bold(bool on)
{
    return cmd(ESC, 'E', char(on ? 1 : 0));
}

QByteArray align(ReceiptLine::Align a)
{
    char n = 0;
    if (a == ReceiptLine::Align::Center)
        n = 1;
    else if (a == ReceiptLine::Align::Right)
        n = 2;
    return cmd(ESC, 'a', n);
}

QByteArray size(bool large)
{
    return cmd(GS, '!', char(large ? 0x11 : 0x00));
}

QByteArray feed(int lines)
{
    return cmd(ESC, 'd', char(qBound(0, lines, 255)));
}

QByteArray cut()
{
    return cmd(GS, 'V', char(1));
}

QByteArray statusQuery(int n)
{
    return cmd(DLE, EOT, char(n));
}

QByteArray paperStatusQuery()
{
    return cmd(GS, 'r', char(1));
}

QByteArray reconnectPreamble()
{
    // The longest fixed-length command argument a cut could have left pending is a few bytes;
    // 64 NULs complete it harmlessly (NUL is ignored as text), and ESC @ then resets the modes.
    return QByteArray(64, NUL) + initialize();
}

Result<QByteArray> qrNative(const QByteArray &payload, int moduleSize, char errorLevel)
{
    if (payload.isEmpty() || payload.size() > 7089) {
        return Error{QStringLiteral("printing.qr.too-long"),
                     QCoreApplication::translate("EscPos", "The QR code's content is empty or too long (%1 bytes).")
                         .arg(payload.size())};
    }
    char level = '1'; // 48 + 1 = M
    switch (errorLevel) {
    case 'L':
        level = '0';
        break;
    case 'Q':
        level = '2';
        break;
    case 'H':
        level = '3';
        break;
    default:
        level = '1';
        break;
    }
    QByteArray out;
    out.reserve(payload.size() + 40);
    out.append(cmd(GS, '(', 'k', 4, 0, '1', 'A', '2', 0));                          // model 2
    out.append(cmd(GS, '(', 'k', 3, 0, '1', 'C', char(qBound(1, moduleSize, 16)))); // module size
    out.append(cmd(GS, '(', 'k', 3, 0, '1', 'E', level));                           // error level
    const auto storeLength = int(payload.size() + 3);
    out.append(cmd(GS, '(', 'k', char(storeLength & 0xFF), char(storeLength >> 8), '1', 'P', '0'));
    out.append(payload);                                // store
    out.append(cmd(GS, '(', 'k', 3, 0, '1', 'Q', '0')); // print
    return out;
}

QByteArray raster(const QImage &image)
{
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    const int widthBytes = (gray.width() + 7) / 8;
    constexpr int band = 128;
    QByteArray out;
    out.reserve(qsizetype(widthBytes) * gray.height() + qsizetype(8) * (gray.height() / band + 1));
    for (int top = 0; top < gray.height(); top += band) {
        const int rows = qMin(band, gray.height() - top);
        out.append(
            cmd(GS, 'v', '0', 0, char(widthBytes & 0xFF), char(widthBytes >> 8), char(rows & 0xFF), char(rows >> 8)));
        for (int y = top; y < top + rows; ++y) {
            const uchar *line = gray.constScanLine(y);
            for (int xb = 0; xb < widthBytes; ++xb) {
                uchar byte = 0;
                for (int bit = 0; bit < 8; ++bit) {
                    const int x = xb * 8 + bit;
                    if (x < gray.width() && line[x] < 128)
                        byte |= uchar(0x80 >> bit);
                }
                out.append(char(byte));
            }
        }
    }
    return out;
}

} // namespace EscPos

EscPosEncoder::EscPosEncoder(PrinterProfile profile)
    : m_profile(std::move(profile))
{
}

Result<QByteArray> EscPosEncoder::encode(const ReceiptDocument &document) const
{
    if (document.columns > m_profile.columns || document.dots > m_profile.dots) {
        return Error{QStringLiteral("printing.layout.too-wide"),
                     QCoreApplication::translate("EscPosEncoder", "The receipt is wider than the printer's paper.")};
    }
    const PrinterCharset charset(m_profile);
    QByteArray out;
    out.reserve(1400);
    out.append(EscPos::initialize());
    if (charset.chinese())
        out.append(EscPos::chineseMode(false)); // some printers power up in Chinese mode
    else
        out.append(EscPos::codePage(m_profile.codePage));

    bool chinese = false;
    bool bold = false;
    bool large = false;
    auto currentAlign = ReceiptLine::Align::Left;
    const auto setAlign = [&](ReceiptLine::Align a) {
        if (a != currentAlign) {
            out.append(EscPos::align(a));
            currentAlign = a;
        }
    };
    const auto setChinese = [&](bool on) {
        if (on != chinese) {
            out.append(EscPos::chineseMode(on));
            chinese = on;
        }
    };
    const auto plainStyle = [&] {
        if (bold) {
            out.append(EscPos::bold(false));
            bold = false;
        }
        if (large) {
            out.append(EscPos::size(false));
            large = false;
        }
    };

    for (const ReceiptLine &line : document.lines) {
        switch (line.kind) {
        case ReceiptLine::Kind::Text: {
            // Re-gated here as well: whatever reaches the encoder is printable for this profile.
            const QString text = charset.printable(line.text);
            const int room = line.large ? document.columns / 2 : document.columns;
            if (charset.width(text) > room) {
                return Error{QStringLiteral("printing.layout.overflow"),
                             QCoreApplication::translate("EscPosEncoder", "A receipt line is wider than the paper.")};
            }
            setAlign(line.align);
            if (line.bold != bold) {
                out.append(EscPos::bold(line.bold));
                bold = line.bold;
            }
            if (line.large != large) {
                out.append(EscPos::size(line.large));
                large = line.large;
            }
            const QByteArray bytes = charset.encode(text);
            bool multiByte = false;
            for (char c : bytes)
                multiByte = multiByte || uchar(c) >= 0x80;
            // Chinese mode only while it is needed: ASCII prints the same inside it, so it stays
            // on across lines and is left before a QR, a raster and at the end of the job.
            if (multiByte && charset.chinese())
                setChinese(true);
            out.append(bytes);
            out.append(EscPos::LF);
            break;
        }
        case ReceiptLine::Kind::Qr: {
            setChinese(false);
            plainStyle();
            setAlign(ReceiptLine::Align::Center);
            const QByteArray payload = line.qrPayload.toUtf8();
            if (m_profile.nativeQr) {
                Result<QByteArray> qr = EscPos::qrNative(payload, line.qrModuleSize, line.qrErrorLevel);
                if (!qr)
                    return qr.error();
                out.append(qr.value());
            } else {
                Result<QrMatrix> matrix = QrMatrix::encode(payload, line.qrErrorLevel);
                if (!matrix)
                    return matrix.error();
                int module = line.qrModuleSize;
                while (module > 1 && matrix->size() * module > document.dots)
                    --module;
                out.append(EscPos::raster(QrImage::of(*matrix, module, 0)));
            }
            out.append(EscPos::LF);
            break;
        }
        case ReceiptLine::Kind::Feed:
            out.append(EscPos::feed(line.feedLines));
            break;
        case ReceiptLine::Kind::Cut:
            out.append(EscPos::cut());
            break;
        }
    }
    setChinese(false);
    plainStyle();
    setAlign(ReceiptLine::Align::Left);
    return out;
}
