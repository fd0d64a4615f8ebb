#pragma once

#include <QByteArrayView>

#include <optional>

/** Numbers in the plain-text files Doorstep reads (worklists, audit exports, tree heads). */
namespace Decimal {

/// Every byte an ASCII digit (true for an empty view).
[[nodiscard]] inline bool isDigits(QByteArrayView s)
{
    for (const char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

/// Up to 18 ASCII digits (no sign, no spaces) as a non-negative number: no overflow possible.
[[nodiscard]] inline std::optional<qint64> parseCount(QByteArrayView s)
{
    if (s.isEmpty() || s.size() > 18 || !isDigits(s))
        return std::nullopt;
    qint64 v = 0;
    for (const char c : s)
        v = v * 10 + (c - '0');
    return v;
}

} // namespace Decimal
