#include "printercharset.h"

#include <QStringDecoder>
#include <QStringEncoder>

#include <array>
#include <memory>

#include "textwidth.h"

namespace {

// Tables built once per process by decoding every code of the encodings with Qt's converters
// (ICU on Debian): BMP code point → GB two-byte code, plus GB2312 membership. Encoding then is a
// lookup, and coverage is exact rather than a guess from byte ranges.
struct GbTables
{
    std::array<quint16, 0x10000> gbk{}; // 0 = not a two-byte GB18030 character
    std::array<bool, 0x10000> gb2312{};
    std::array<char, 0x10000> pc437{}; // 0 = not in code page 437's upper half
};

const GbTables &tables()
{
    static const std::unique_ptr<GbTables> t = [] {
        auto built = std::make_unique<GbTables>();
        QStringDecoder gb18030("GB18030");
        QStringDecoder gb2312("GB2312");
        std::array<char, 2> pair{};
        for (int lead = 0x81; lead <= 0xFE; ++lead) {
            for (int trail = 0x40; trail <= 0xFE; ++trail) {
                if (trail == 0x7F)
                    continue;
                pair[0] = char(lead);
                pair[1] = char(trail);
                gb18030.resetState();
                const QString s = gb18030.decode(QByteArrayView(pair.data(), 2));
                if (gb18030.hasError() || s.size() != 1)
                    continue;
                const char16_t c = s.at(0).unicode();
                if (c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF) || c < 0x80)
                    continue; // user-defined areas map to the private use area: no font has them
                built->gbk[c] = quint16((lead << 8) | trail);
                if (lead >= 0xA1 && lead <= 0xF7 && trail >= 0xA1) {
                    gb2312.resetState();
                    const QString g = gb2312.decode(QByteArrayView(pair.data(), 2));
                    if (!gb2312.hasError() && g.size() == 1 && g.at(0).unicode() == c)
                        built->gb2312[c] = true;
                }
            }
        }
        QStringDecoder cp437("IBM437");
        for (int b = 0x80; b <= 0xFF; ++b) {
            const char byte = char(b);
            cp437.resetState();
            const QString s = cp437.decode(QByteArrayView(&byte, 1));
            if (!cp437.hasError() && s.size() == 1 && s.at(0).unicode() >= 0xA0)
                built->pc437[s.at(0).unicode()] = byte;
        }
        return built;
    }();
    return *t;
}

bool isLineBreakOrSpace(char32_t c)
{
    return c == U'\t' || c == U'\n' || c == U'\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0xA0 || c == 0x2028 ||
           c == 0x2029;
}

bool isControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7F && c < 0xA0);
}

bool isInvisibleFormat(char32_t c)
{
    // Bidi overrides and isolates, zero-width characters, BOM, soft hyphen: invisible on paper
    // and a way to make the preview lie about what prints. Dropped.
    return c == 0xAD || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) ||
           c == 0xFEFF || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0000 && c <= 0xE0FFF);
}

} // namespace

PrinterCharset::PrinterCharset(const PrinterProfile &profile)
    : m_chinese(profile.chinese && profile.coverage != FontCoverage::Latin)
    , m_coverage(m_chinese ? profile.coverage : FontCoverage::Latin)
{
}

QByteArray PrinterCharset::gbkBytes(char32_t c)
{
    if (c > 0xFFFF)
        return {};
    const quint16 code = tables().gbk[c];
    if (code == 0)
        return {};
    QByteArray bytes(2, Qt::Uninitialized);
    bytes[0] = char(code >> 8);
    bytes[1] = char(code & 0xFF);
    return bytes;
}

bool PrinterCharset::inGb2312(char32_t c)
{
    return c < 0x80 || (c <= 0xFFFF && tables().gb2312[c]);
}

bool PrinterCharset::inGbk(char32_t c)
{
    return c < 0x80 || (c <= 0xFFFF && tables().gbk[c] != 0);
}

bool PrinterCharset::canPrint(char32_t c) const
{
    if (isControl(c))
        return false;
    if (c < 0x80)
        return true;
    if (c >= 0xD800 && c <= 0xDFFF)
        return false; // a lone surrogate
    if (c >= 0xE000 && c <= 0xF8FF)
        return false; // private use: no printer font agrees with us on these
    switch (m_coverage) {
    case FontCoverage::Latin:
        return c <= 0xFFFF && tables().pc437[c] != 0;
    case FontCoverage::Gb2312:
        return inGb2312(c);
    case FontCoverage::Gbk:
        return inGbk(c);
    case FontCoverage::Gb18030:
        // Every code point has a GB18030 form, but a combining mark alone in a cell is not a
        // character a thermal printer can set: those are replaced too.
        return !TextWidth::isZeroWidth(c) && QChar::category(c) != QChar::Other_NotAssigned;
    }
    return false;
}

QString PrinterCharset::printable(QStringView text) const
{
    const QString normalised = text.toString().normalized(QString::NormalizationForm_C);
    QString out;
    out.reserve(normalised.size());
    const char32_t replacementChar = replacement();
    for (char32_t c : normalised.toUcs4()) {
        if (isLineBreakOrSpace(c)) {
            out.append(QLatin1Char(' '));
            continue;
        }
        if (isInvisibleFormat(c))
            continue;
        if (m_chinese && c == 0x00A5)
            c = 0xFFE5; // ¥ is not in GBK and printers mangle its four bytes: use the full-width ￥
        if (!canPrint(c))
            c = replacementChar;
        out.append(QString::fromUcs4(&c, 1));
    }
    return out;
}

int PrinterCharset::width(char32_t c) const
{
    if (isControl(c))
        return 0;
    if (c < 0x80 || !m_chinese)
        return 1;
    return 2; // in Chinese mode every multi-byte character fills a double cell
}

int PrinterCharset::width(QStringView printableText) const
{
    int w = 0;
    for (qsizetype i = 0; i < printableText.size(); ++i) {
        const QChar ch = printableText.at(i);
        if (ch.isHighSurrogate() && i + 1 < printableText.size()) {
            w += width(QChar::surrogateToUcs4(ch, printableText.at(i + 1)));
            ++i;
        } else {
            w += width(char32_t(ch.unicode()));
        }
    }
    return w;
}

QByteArray PrinterCharset::encode(QStringView printableText) const
{
    QByteArray out;
    out.reserve(printableText.size() * 2);
    const GbTables &t = tables();
    for (qsizetype i = 0; i < printableText.size(); ++i) {
        const QChar ch = printableText.at(i);
        char32_t c = ch.unicode();
        if (ch.isHighSurrogate() && i + 1 < printableText.size() && printableText.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(ch, printableText.at(i + 1));
            ++i;
        }
        // Second line of defence: whatever was not made printable goes out as the replacement,
        // never as a raw byte below 0x20.
        if (!canPrint(c))
            c = replacement();
        if (c < 0x80) {
            out.append(char(c));
        } else if (!m_chinese) {
            out.append(t.pc437[c]);
        } else if (c <= 0xFFFF && t.gbk[c] != 0) {
            out.append(char(t.gbk[c] >> 8));
            out.append(char(t.gbk[c] & 0xFF));
        } else {
            // Four-byte GB18030 (only reached with FontCoverage::Gb18030). Its bytes are all
            // ≥ 0x30, so they cannot form a command either.
            QStringEncoder gb18030("GB18030");
            out.append(gb18030.encode(QString::fromUcs4(&c, 1)));
        }
    }
    return out;
}

QString PrinterCharset::currencyPrefix() const
{
    return m_chinese ? QString(QChar(0xFFE5)) : QStringLiteral("CNY ");
}
