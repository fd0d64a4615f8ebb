#pragma once

#include <QList>
#include <QString>

#include "result.h"

/** How much of Chinese a printer's built-in font covers (what it prints rather than garbles). */
enum class FontCoverage {
    Latin,   ///< no Chinese mode: a single-byte code page only
    Gb2312,  ///< 6,763 hanzi: 喆, 堃, 镕 … are missing (most cheap 58 mm printers)
    Gbk,     ///< two-byte GB18030 (GBK, 21,886 characters)
    Gb18030, ///< including four-byte sequences (rare on thermal printers)
};

[[nodiscard]] QString fontCoverageKey(FontCoverage c); ///< "latin", "gb2312", "gbk", "gb18030"

/**
 * What one model of receipt printer can do, so that the layout, the ESC/POS encoder and the print
 * queue never send it something it cannot print: paper width, Chinese mode and font coverage,
 * native QR (`GS ( k`) or raster fallback, cutter, and whether it answers status queries.
 */
struct PrinterProfile
{
    QString id;          ///< "generic-58", …; stored with print jobs
    QString name;        ///< shown in the printer picker
    int columns = 32;    ///< ASCII columns of font A (12×24 dots)
    int dots = 384;      ///< printable dots per line
    bool chinese = true; ///< has a GB Chinese mode entered with FS &
    FontCoverage coverage = FontCoverage::Gbk;
    bool nativeQr = true;      ///< understands GS ( k; otherwise the QR goes as a GS v 0 raster
    bool cutter = false;       ///< has an auto-cutter (GS V)
    bool statusQueries = true; ///< answers DLE EOT and GS r (still probed with a timeout)
    int codePage = 0;          ///< ESC t n for the single-byte page (0 = PC437)

    [[nodiscard]] int dotsPerColumn() const { return dots / columns; }

    /// The built-in profiles below.
    [[nodiscard]] static PrinterProfile generic58(); ///< ZJ-5870 class: 58 mm, GBK font, native QR
    [[nodiscard]] static PrinterProfile generic80(); ///< 80 mm, GBK font, native QR, cutter
    [[nodiscard]] static PrinterProfile noQr58();    ///< POS-5890 class: 58 mm, GB2312 font, no QR, silent
    [[nodiscard]] static PrinterProfile latin80();   ///< 80 mm without Chinese (PC437 only)
    [[nodiscard]] static QList<PrinterProfile> builtIn();
    [[nodiscard]] static Result<PrinterProfile> byId(const QString &id);

    bool operator==(const PrinterProfile &) const = default;
};
