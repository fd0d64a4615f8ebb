#include "textwidth.h"

#include <QChar>

#include <algorithm>
#include <iterator>

namespace {

struct Range
{
    char32_t first;
    char32_t last;
};

// East Asian Width W and F (Unicode 15 EastAsianWidth.txt, merged into contiguous blocks).
constexpr Range wideRanges[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},
    {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},
    {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
    {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},
    {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
    {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},
    {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF},
    {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251},
    {0x1F260, 0x1F265}, {0x1F300, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393},
    {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
    {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567},
    {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5},
    {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7}, {0x1F6DC, 0x1F6DF}, {0x1F6EB, 0x1F6EC},
    {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB}, {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945},
    {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

// East Asian Width A (ambiguous), the blocks that matter on receipts: Latin-1 and Greek/Cyrillic
// letters, punctuation, arrows, math, box drawing, geometric shapes, circled numbers.
constexpr Range ambiguousRanges[] = {
    {0x00A1, 0x00A1}, {0x00A4, 0x00A4}, {0x00A7, 0x00A8}, {0x00AA, 0x00AA}, {0x00AD, 0x00AE}, {0x00B0, 0x00B4},
    {0x00B6, 0x00BA}, {0x00BC, 0x00BF}, {0x00C6, 0x00C6}, {0x00D0, 0x00D0}, {0x00D7, 0x00D8}, {0x00DE, 0x00E1},
    {0x00E6, 0x00E6}, {0x00E8, 0x00EA}, {0x00EC, 0x00ED}, {0x00F0, 0x00F0}, {0x00F2, 0x00F3}, {0x00F7, 0x00FA},
    {0x00FC, 0x00FC}, {0x00FE, 0x00FE}, {0x0101, 0x0101}, {0x0111, 0x0111}, {0x0113, 0x0113}, {0x011B, 0x011B},
    {0x0126, 0x0127}, {0x012B, 0x012B}, {0x0131, 0x0133}, {0x0138, 0x0138}, {0x013F, 0x0142}, {0x0144, 0x0144},
    {0x0148, 0x014B}, {0x014D, 0x014D}, {0x0152, 0x0153}, {0x0166, 0x0167}, {0x016B, 0x016B}, {0x01CE, 0x01CE},
    {0x01D0, 0x01D0}, {0x01D2, 0x01D2}, {0x01D4, 0x01D4}, {0x01D6, 0x01D6}, {0x01D8, 0x01D8}, {0x01DA, 0x01DA},
    {0x01DC, 0x01DC}, {0x0251, 0x0251}, {0x0261, 0x0261}, {0x02C4, 0x02C4}, {0x02C7, 0x02C7}, {0x02C9, 0x02CB},
    {0x02CD, 0x02CD}, {0x02D0, 0x02D0}, {0x02D8, 0x02DB}, {0x02DD, 0x02DD}, {0x02DF, 0x02DF}, {0x0391, 0x03A9},
    {0x03B1, 0x03C9}, {0x0401, 0x0401}, {0x0410, 0x044F}, {0x0451, 0x0451}, {0x2010, 0x2010}, {0x2013, 0x2016},
    {0x2018, 0x2019}, {0x201C, 0x201D}, {0x2020, 0x2022}, {0x2024, 0x2027}, {0x2030, 0x2030}, {0x2032, 0x2033},
    {0x2035, 0x2035}, {0x203B, 0x203B}, {0x203E, 0x203E}, {0x2074, 0x2074}, {0x207F, 0x207F}, {0x2081, 0x2084},
    {0x20AC, 0x20AC}, {0x2103, 0x2103}, {0x2105, 0x2105}, {0x2109, 0x2109}, {0x2113, 0x2113}, {0x2116, 0x2116},
    {0x2121, 0x2122}, {0x2126, 0x2126}, {0x212B, 0x212B}, {0x2153, 0x2154}, {0x215B, 0x215E}, {0x2160, 0x216B},
    {0x2170, 0x2179}, {0x2189, 0x2189}, {0x2190, 0x2199}, {0x21B8, 0x21B9}, {0x21D2, 0x21D2}, {0x21D4, 0x21D4},
    {0x21E7, 0x21E7}, {0x2200, 0x22FF}, {0x2312, 0x2312}, {0x2460, 0x24E9}, {0x24EB, 0x254B}, {0x2550, 0x2573},
    {0x2580, 0x258F}, {0x2592, 0x2595}, {0x25A0, 0x25A1}, {0x25A3, 0x25A9}, {0x25B2, 0x25B3}, {0x25B6, 0x25B7},
    {0x25BC, 0x25BD}, {0x25C0, 0x25C1}, {0x25C6, 0x25C8}, {0x25CB, 0x25CB}, {0x25CE, 0x25D1}, {0x25E2, 0x25E5},
    {0x25EF, 0x25EF}, {0x2605, 0x2606}, {0x2609, 0x2609}, {0x260E, 0x260F}, {0x261C, 0x261C}, {0x261E, 0x261E},
    {0x2640, 0x2640}, {0x2642, 0x2642}, {0x2660, 0x2661}, {0x2663, 0x2665}, {0x2667, 0x266A}, {0x266C, 0x266D},
    {0x266F, 0x266F}, {0x273D, 0x273D}, {0x2776, 0x277F}, {0xE000, 0xF8FF}, {0xFFFD, 0xFFFD},
};

template<std::size_t N>
bool inRanges(const Range (&ranges)[N], char32_t c)
{
    // Ranges are sorted and disjoint: binary search on the last code point.
    const auto it = std::lower_bound(std::begin(ranges), std::end(ranges), c,
                                     [](const Range &r, char32_t value) { return r.last < value; });
    return it != std::end(ranges) && it->first <= c;
}

} // namespace

namespace TextWidth {

bool isZeroWidth(char32_t c)
{
    if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF)
        return true;
    if (c >= 0x1160 && c <= 0x11FF) // Hangul medial vowels and final consonants join the syllable
        return true;
    if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)) // variation selectors
        return true;
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_Enclosing:
    case QChar::Other_Format:
        return true;
    default:
        return false;
    }
}

int ofCodePoint(char32_t c, Ambiguous ambiguous)
{
    if (c < 0x20 || (c >= 0x7F && c < 0xA0))
        return 0; // control characters take no column (and never reach a printer)
    if (c < 0x7F)
        return 1;
    if (isZeroWidth(c))
        return 0;
    if (inRanges(wideRanges, c))
        return 2;
    if (ambiguous == Ambiguous::Wide && inRanges(ambiguousRanges, c))
        return 2;
    return 1;
}

int of(QStringView text, Ambiguous ambiguous)
{
    int width = 0;
    for (char32_t c : text.toUcs4())
        width += ofCodePoint(c, ambiguous);
    return width;
}

namespace {

// Punctuation that never starts a line: it stays with what it closes (，。、 and the like).
bool closesText(char32_t c)
{
    constexpr char32_t closing[] = {U'\u3001', U'\u3002', U'\uFF0C', U'\uFF0E', U'\uFF1A', U'\uFF1B',
                                    U'\uFF01', U'\uFF1F', U'\uFF09', U'\u300D', U'\u300F', U'\u300B',
                                    U'\u3009', U'\u3011', U'\u201D', U'\u2019', U'\u2026'};
    return std::find(std::begin(closing), std::end(closing), c) != std::end(closing);
}

/** What stays together on a line: a word (narrow non-spaces), one wide character, or spaces. */
struct Unit
{
    enum class Kind { Word, Wide, Spaces };
    Kind kind = Kind::Word;
    QList<char32_t> chars;
    int width = 0;
};

} // namespace

QStringList wrap(QStringView text, int columns, int firstColumns, int (*widthOf)(char32_t))
{
    if (firstColumns < 0)
        firstColumns = columns;
    const auto width = [widthOf](char32_t c) { return widthOf ? widthOf(c) : ofCodePoint(c); };

    // Break opportunities: at spaces, and before and after a wide character (Chinese breaks
    // between any two characters), never inside a word of narrow characters ("alr / eady").
    QList<Unit> units;
    for (const uint u : text.toUcs4()) {
        const auto c = char32_t(u);
        const int w = width(c);
        const bool space = c == U' ';
        const bool attaches = !units.isEmpty() && (w == 0 || closesText(c));
        const bool joinsWord = !units.isEmpty() && !space && w < 2 && units.last().kind == Unit::Kind::Word;
        const bool joinsSpaces = !units.isEmpty() && space && units.last().kind == Unit::Kind::Spaces;
        if (attaches || joinsWord || joinsSpaces) {
            units.last().chars.append(c);
            units.last().width += w;
            continue;
        }
        Unit unit;
        unit.kind = space ? Unit::Kind::Spaces : (w >= 2 ? Unit::Kind::Wide : Unit::Kind::Word);
        unit.chars.append(c);
        unit.width = w;
        units.append(unit);
    }

    QStringList lines;
    QString current;
    int used = 0;
    int room = firstColumns;
    const auto breakLine = [&] {
        while (current.endsWith(QLatin1Char(' ')))
            current.chop(1);
        lines.append(current);
        current.clear();
        used = 0;
        room = columns;
    };
    const auto put = [&](char32_t c, int w) {
        current.append(QString::fromUcs4(&c, 1));
        used += w;
    };
    for (const Unit &unit : units) {
        if (unit.kind == Unit::Kind::Spaces) {
            // A break at spaces drops them; a line never starts with the spaces that broke it.
            if (used == 0 && !lines.isEmpty())
                continue;
            if (used + unit.width > room) {
                breakLine();
                continue;
            }
            for (const char32_t c : unit.chars)
                put(c, width(c));
            continue;
        }
        if (used > 0 && used + unit.width > room)
            breakLine();
        if (used == 0 && unit.width > room && room < columns && unit.width <= columns) {
            // The first line's room is too small for this word (a long label stands before it):
            // the text starts on a full line instead.
            lines.append(QString());
            room = columns;
        }
        if (unit.width <= room - used) {
            for (const char32_t c : unit.chars)
                put(c, width(c));
            continue;
        }
        // A word longer than a whole line: broken between characters, as nothing else can.
        for (const char32_t c : unit.chars) {
            const int w = width(c);
            // A combining mark stays with its base; only a character that takes room can break.
            if (w > 0 && used + w > room && used > 0)
                breakLine();
            if (w > room && used == 0 && room < columns) {
                lines.append(QString());
                room = columns;
            }
            put(c, w);
        }
    }
    if (!current.isEmpty() || lines.isEmpty())
        lines.append(current);
    return lines;
}

} // namespace TextWidth
