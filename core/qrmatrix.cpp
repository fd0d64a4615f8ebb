#include "qrmatrix.h"

#include <QCoreApplication>
#include <qrencode.h>

#include <memory>

Result<QrMatrix> QrMatrix::encode(const QByteArray &payload, char errorLevel)
{
    if (payload.isEmpty()) {
        return Error{QStringLiteral("printing.qr.empty"),
                     QCoreApplication::translate("QrMatrix", "There is nothing to put in the QR code.")};
    }
    QRecLevel level = QR_ECLEVEL_M;
    switch (errorLevel) {
    case 'L':
        level = QR_ECLEVEL_L;
        break;
    case 'Q':
        level = QR_ECLEVEL_Q;
        break;
    case 'H':
        level = QR_ECLEVEL_H;
        break;
    default:
        level = QR_ECLEVEL_M;
        break;
    }
    // Byte mode for the whole payload, as the printer's GS ( k stores it: the same symbol both ways.
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(int(payload.size()), reinterpret_cast<const unsigned char *>(payload.constData()), 0, level),
        &QRcode_free);
    if (!code) {
        return Error{QStringLiteral("printing.qr.too-long"),
                     QCoreApplication::translate("QrMatrix", "The QR code's content is too long (%1 bytes).")
                         .arg(payload.size())};
    }
    QrMatrix m;
    m.m_size = code->width;
    m.m_modules.resize(qsizetype(code->width) * code->width);
    for (qsizetype i = 0; i < m.m_modules.size(); ++i)
        m.m_modules[i] = char(code->data[i] & 1);
    return m;
}
