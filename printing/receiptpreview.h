#pragma once

#include <QByteArray>
#include <QImage>

#include "printerprofile.h"
#include "receiptlayout.h"

/**
 * Draws a laid-out receipt as the printer would: the same lines on the printer's dot grid (one
 * column = dots/columns dots, CJK two columns, 24-dot glyphs in "Noto Sans CJK SC"), and the QR
 * from the same libqrencode matrix. Shown on screen before printing, and the source of the
 * whole-receipt raster the benchmark compares the text encoding against.
 */
class ReceiptPreview
{
public:
    static constexpr int glyphHeight = 24; ///< font A is 12×24 dots
    static constexpr int linePitch = 30;   ///< the printers' default line spacing, in dots

    /// Needs a QGuiApplication (fonts). White background, black print, Format_Grayscale8.
    [[nodiscard]] static QImage render(const ReceiptDocument &document);

    /// The whole image as ESC @ + GS v 0 bands + feed: what printing the receipt as a picture costs.
    [[nodiscard]] static QByteArray toRaster(const QImage &image);
};
