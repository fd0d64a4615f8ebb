#include "qrimage.h"

namespace QrImage {

QImage of(const QrMatrix &matrix, int moduleSize, int quietModules)
{
    const int size = matrix.size();
    const int side = (size + 2 * quietModules) * moduleSize;
    QImage image(side, side, QImage::Format_Mono);
    image.setColorTable({qRgb(255, 255, 255), qRgb(0, 0, 0)});
    image.fill(0);
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            if (!matrix.dark(x, y))
                continue;
            for (int dy = 0; dy < moduleSize; ++dy) {
                for (int dx = 0; dx < moduleSize; ++dx)
                    image.setPixel((x + quietModules) * moduleSize + dx, (y + quietModules) * moduleSize + dy, 1);
            }
        }
    }
    return image;
}

} // namespace QrImage
