#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include "printerprofile.h"

/**
 * What a printer's font can print and how it is encoded: GB18030 in Chinese mode (limited to the
 * profile's font coverage: GB2312, GBK or full GB18030) or the single-byte code page otherwise.
 * printable() is the one gate customer data passes before layout: it normalises (NFC, ¥ → ￥),
 * turns control characters — ESC, GS, DLE, NUL … — into a visible replacement so they can never
 * become printer commands, drops invisible format characters, and replaces what the font lacks
 * visibly ('□' on Chinese printers, '?' otherwise). Widths are what the printer really takes: in
 * Chinese mode every double-byte character fills a full cell of two columns.
 */
class PrinterCharset
{
public:
    explicit PrinterCharset(const PrinterProfile &profile);

    [[nodiscard]] bool chinese() const { return m_chinese; }
    [[nodiscard]] char32_t replacement() const { return m_chinese ? U'\u25A1' : U'?'; }

    /// True when the font prints c as itself (ASCII printable, or covered by the font).
    [[nodiscard]] bool canPrint(char32_t c) const;
    /// Customer or template text made safe and printable for this printer (see class comment).
    [[nodiscard]] QString printable(QStringView text) const;
    /// Columns c takes on this printer (c must be printable()).
    [[nodiscard]] int width(char32_t c) const;
    [[nodiscard]] int width(QStringView printableText) const;
    /// Bytes for printable text: GB18030 in Chinese mode, the code page otherwise.
    [[nodiscard]] QByteArray encode(QStringView printableText) const;
    /// The currency prefix for amounts: "￥" (U+FFE5, GB A3 A4) in Chinese, "CNY " otherwise.
    [[nodiscard]] QString currencyPrefix() const;

    /// The character's GB18030 bytes when it is two-byte and not a private-use mapping.
    [[nodiscard]] static QByteArray gbkBytes(char32_t c);
    [[nodiscard]] static bool inGb2312(char32_t c);
    [[nodiscard]] static bool inGbk(char32_t c);

private:
    bool m_chinese = true;
    FontCoverage m_coverage = FontCoverage::Gbk;
};
