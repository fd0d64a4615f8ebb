#pragma once

#include <QByteArray>

#include "result.h"

/**
 * A QR code's module matrix from libqrencode (byte mode, the given error correction level). Used
 * for the raster fallback on printers without native QR and for the preview (printing's QrImage;
 * the printer's own `GS ( k` builds the same symbol from the same payload), and for the center
 * desk's enrolment codes.
 */
class QrMatrix
{
public:
    /// Refuses an empty payload or one too long for any QR version at that level.
    [[nodiscard]] static Result<QrMatrix> encode(const QByteArray &payload, char errorLevel);

    [[nodiscard]] int size() const { return m_size; } ///< modules per side
    [[nodiscard]] bool dark(int x, int y) const { return m_modules.at(qsizetype(y) * m_size + x) != 0; }

private:
    int m_size = 0;
    QByteArray m_modules; ///< row-major, 1 = dark
};
