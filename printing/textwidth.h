#pragma once

#include <QList>
#include <QString>
#include <QStringView>

/**
 * Display width of text in terminal/printer columns, after Unicode's East Asian Width property:
 * wide and full-width characters (CJK ideographs, kana, Hangul syllables, full-width forms,
 * wide emoji) take 2 columns, combining marks and zero-width format characters 0, everything
 * else 1. Ambiguous characters (·, —, é, □ …) are narrow unless the caller says otherwise: a
 * Chinese printer in its double-byte mode prints them in a full cell.
 */
namespace TextWidth {

enum class Ambiguous { Narrow, Wide };

[[nodiscard]] int ofCodePoint(char32_t c, Ambiguous ambiguous = Ambiguous::Narrow);
[[nodiscard]] int of(QStringView text, Ambiguous ambiguous = Ambiguous::Narrow);

/// True for characters that attach to the one before (combining marks, ZWJ, variation selectors).
[[nodiscard]] bool isZeroWidth(char32_t c);

/**
 * Splits text into lines of at most `columns` columns, at spaces (which the break drops) or before
 * and after a wide character, never inside a word of narrow characters ("alr / eady") unless the
 * word alone is longer than a line; closing punctuation (，。、) stays with what it closes. Never
 * inside a surrogate pair, never before a combining mark, never a wide character across the edge.
 * `firstColumns` is the room on the first line when it differs (a label stands before it).
 * widthOf gives each code point's width (TextWidth::ofCodePoint by default).
 */
[[nodiscard]] QStringList wrap(QStringView text, int columns, int firstColumns = -1,
                               int (*widthOf)(char32_t) = nullptr);

} // namespace TextWidth
