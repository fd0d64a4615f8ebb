#pragma once

#include <QImage>
#include <QStringList>

/**
 * Reads QR codes back from an image with zbar, as a phone's scanner would from the paper: the
 * receipt preview, or the raster bands a printer was sent. A quiet zone is added around the image
 * (a raster band of the code alone has none).
 */
namespace QrScan {

/// The text of every QR symbol found, in zbar's order.
[[nodiscard]] QStringList scan(const QImage &image);

} // namespace QrScan
