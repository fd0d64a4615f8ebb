#include "qrscan.h"

#include <QPainter>

#include <zbar.h>

namespace QrScan {

QStringList scan(const QImage &source)
{
    constexpr int QuietZone = 20;
    QImage gray(source.width() + 2 * QuietZone, source.height() + 2 * QuietZone, QImage::Format_Grayscale8);
    gray.fill(255);
    {
        QPainter p(&gray);
        p.drawImage(QuietZone, QuietZone, source.convertToFormat(QImage::Format_Grayscale8));
    }
    QByteArray y800;
    y800.reserve(qsizetype(gray.width()) * gray.height());
    for (int y = 0; y < gray.height(); ++y)
        y800.append(reinterpret_cast<const char *>(gray.constScanLine(y)), gray.width());
    zbar::zbar_image_scanner_t *scanner = zbar::zbar_image_scanner_create();
    zbar::zbar_image_scanner_set_config(scanner, zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
    zbar::zbar_image_scanner_set_config(scanner, zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
    zbar::zbar_image_t *image = zbar::zbar_image_create();
    zbar::zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar::zbar_image_set_size(image, unsigned(gray.width()), unsigned(gray.height()));
    zbar::zbar_image_set_data(image, y800.constData(), unsigned(y800.size()), nullptr);
    zbar::zbar_scan_image(scanner, image);
    QStringList found;
    for (const zbar::zbar_symbol_t *s = zbar::zbar_image_first_symbol(image); s; s = zbar::zbar_symbol_next(s))
        found.append(QString::fromUtf8(zbar::zbar_symbol_get_data(s), int(zbar::zbar_symbol_get_data_length(s))));
    zbar::zbar_image_destroy(image);
    zbar::zbar_image_scanner_destroy(scanner);
    return found;
}

} // namespace QrScan
