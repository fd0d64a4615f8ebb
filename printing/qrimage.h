#pragma once

#include <QImage>

#include "qrmatrix.h"

namespace QrImage {

/// `matrix` black on white, `moduleSize` pixels per module, with a quiet zone of `quietModules`
/// modules around (Format_Mono, colour 0 white and 1 black).
[[nodiscard]] QImage of(const QrMatrix &matrix, int moduleSize, int quietModules = 0);

} // namespace QrImage
