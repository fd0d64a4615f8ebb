#pragma once

#include <QStringView>

#include <algorithm>

namespace PlainText {

/// True when `text` holds no control character (a newline, an escape, a NUL …): what a name,
/// a reason or a password typed by a person may be, so it cannot break a log line or a terminal.
[[nodiscard]] inline bool hasNoControls(QStringView text)
{
    return std::none_of(text.cbegin(), text.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
}

} // namespace PlainText
