#pragma once

#include <QList>
#include <QString>

#include "money.h"
#include "printercharset.h"
#include "printerprofile.h"
#include "receipt.h"
#include "receipttemplate.h"
#include "result.h"

/** One line of a laid-out receipt: text already made printable and fitted to the paper. */
struct ReceiptLine
{
    enum class Kind { Text, Qr, Feed, Cut };
    using Align = ReceiptTemplate::Align;

    Kind kind = Kind::Text;
    QString text;              ///< Text: printable for the profile, at most the line's columns wide
    Align align = Align::Left; ///< Left lines are already padded (label left, amount right)
    bool bold = false;
    bool large = false;      ///< double width and height: half the columns
    QString qrPayload;       ///< Qr
    int qrModuleSize = 4;    ///< Qr: dots per module
    char qrErrorLevel = 'M'; ///< Qr
    int feedLines = 0;       ///< Feed

    bool operator==(const ReceiptLine &) const = default;
};

/** A receipt laid out for one paper width; what both the ESC/POS encoder and the preview draw. */
struct ReceiptDocument
{
    int columns = 32;
    int dots = 384;
    QList<ReceiptLine> lines;

    /// The text lines as plain strings, centred/right lines padded as they print (for tests/logs).
    [[nodiscard]] QStringList textLines(const PrinterCharset &charset) const;
};

/**
 * Turns a Receipt into lines for 32 columns (58 mm, 384 dots) or 48 (80 mm, 576 dots), per the
 * template, for one printer profile. Invariants: no text line is wider than its columns in the
 * printer's own width count (CJK two columns, combining marks none); long names and addresses
 * wrap at spaces and around Chinese characters, never inside a word; labels left, amounts right; amounts as
 * "￥1,234.50" (U+FFE5, never U+00A5); everything customer-supplied passed through PrinterCharset::printable().
 */
class ReceiptLayout
{
public:
    [[nodiscard]] static Result<ReceiptDocument> layout(const Receipt &receipt, const ReceiptTemplate &tmpl,
                                                        const PrinterProfile &profile);

    /// "￥1,234.50", "-￥0.05": integer fen only, grouping by thousands.
    [[nodiscard]] static QString formatAmount(Money amount, const QString &currencyPrefix);
};
