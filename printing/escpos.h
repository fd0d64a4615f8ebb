#pragma once

#include <QByteArray>
#include <QImage>

#include "printerprofile.h"
#include "receiptlayout.h"
#include "result.h"

/**
 * ESC/POS command bytes. Only this file writes printer commands; every text byte it emits comes
 * from PrinterCharset::encode(), so customer data can never carry a command (no byte below 0x20
 * ever comes from text).
 */
namespace EscPos {

inline constexpr char NUL = 0x00;
inline constexpr char EOT = 0x04;
inline constexpr char LF = 0x0A;
inline constexpr char DLE = 0x10;
inline constexpr char ESC = 0x1B;
inline constexpr char FS = 0x1C;
inline constexpr char GS = 0x1D;

[[nodiscard]] QByteArray initialize();                ///< ESC @
[[nodiscard]] QByteArray chineseMode(bool on);        ///< FS & / FS .
[[nodiscard]] QByteArray codePage(int page);          ///< ESC t n
[[nodiscard]] QByteArray bold(bool on);               ///< ESC E n
[[nodiscard]] QByteArray align(ReceiptLine::Align a); ///< ESC a n
[[nodiscard]] QByteArray size(bool large);            ///< GS ! n (double width and height, or normal)
[[nodiscard]] QByteArray feed(int lines);             ///< ESC d n
[[nodiscard]] QByteArray cut();                       ///< GS V 1 (partial cut)
[[nodiscard]] QByteArray statusQuery(int n);          ///< DLE EOT n (1 printer, 2 offline cause, 4 paper)
[[nodiscard]] QByteArray paperStatusQuery();          ///< GS r 1
/// NULs then ESC @: fills and ends a command a cut link left half-received, then resets.
[[nodiscard]] QByteArray reconnectPreamble();
/// Native QR: GS ( k model 2, module size, error level, store, print. Refuses > 7,089 bytes.
[[nodiscard]] Result<QByteArray> qrNative(const QByteArray &payload, int moduleSize, char errorLevel);
/// GS v 0 raster of an image (dark pixels print), in bands of at most 128 rows.
[[nodiscard]] QByteArray raster(const QImage &image);

} // namespace EscPos

/**
 * Encodes a laid-out receipt for one printer profile: ESC @ first; FS & / FS . around Chinese
 * text (FS . right after ESC @, as some printers power up in Chinese mode); GB18030 or the code
 * page; bold, double size, alignment; QR as native GS ( k, or as a GS v 0 raster of the
 * libqrencode matrix when the profile lacks it (only the QR, never the whole receipt); feed, cut.
 */
class EscPosEncoder
{
public:
    explicit EscPosEncoder(PrinterProfile profile);

    [[nodiscard]] Result<QByteArray> encode(const ReceiptDocument &document) const;

private:
    PrinterProfile m_profile;
};
