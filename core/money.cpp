#include "money.h"

#include <QCoreApplication>

namespace {

Error moneyError(const char *code, const char *text)
{
    return Error{QString::fromLatin1(code), QCoreApplication::translate("Money", text)};
}

bool isAsciiDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

} // namespace

Result<Money> Money::parse(QStringView text, Sign sign)
{
    if (text.isEmpty())
        return moneyError("money.empty", QT_TRANSLATE_NOOP("Money", "Enter an amount."));

    qsizetype i = 0;
    bool negative = false;
    if (text.at(0) == u'-') {
        if (sign == Sign::PositiveOnly)
            return moneyError("money.negative", QT_TRANSLATE_NOOP("Money", "The amount cannot be negative."));
        negative = true;
        ++i;
    }
    // One currency sign, after the sign if any: "¥" (U+00A5) or "￥" (U+FFE5).
    if (i < text.size() && (text.at(i) == QChar(0x00A5) || text.at(i) == QChar(0xFFE5)))
        ++i;

    // Integer part: digits, optionally grouped in threes by commas ("1,234,567").
    const qsizetype intStart = i;
    qsizetype digitsSinceComma = 0;
    bool sawComma = false;
    qint64 fen = 0; // accumulated in yuan first, then scaled
    bool tooLarge = false;
    qsizetype intDigits = 0;
    for (; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (isAsciiDigit(c)) {
            ++digitsSinceComma;
            ++intDigits;
            if (!tooLarge) {
                const qint64 d = c.unicode() - u'0';
                if (fen > (MaxFen / 100 - d) / 10)
                    tooLarge = true;
                else
                    fen = fen * 10 + d;
            }
        } else if (c == u',') {
            // A comma needs 1–3 digits before it (3 after the first group) and 3 after it.
            if (digitsSinceComma == 0 || digitsSinceComma > 3 || (sawComma && digitsSinceComma != 3))
                return moneyError("money.grouping",
                                  QT_TRANSLATE_NOOP("Money", "The thousands separators are misplaced."));
            sawComma = true;
            digitsSinceComma = 0;
        } else {
            break;
        }
    }
    if (i == intStart || intDigits == 0) {
        if (i < text.size() && text.at(i) == u'.')
            return moneyError("money.not-a-number",
                              QT_TRANSLATE_NOOP("Money", "Write the amount with a digit before the point, like 0.50."));
        if (i < text.size() && (text.at(i) == u'-' || text.at(i) == u'+'))
            return moneyError("money.not-a-number",
                              QT_TRANSLATE_NOOP("Money", "The amount has a sign where none belongs."));
        return moneyError("money.not-a-number", QT_TRANSLATE_NOOP("Money", "That is not an amount of money."));
    }
    if (sawComma && digitsSinceComma != 3)
        return moneyError("money.grouping", QT_TRANSLATE_NOOP("Money", "The thousands separators are misplaced."));

    // Fraction: a point followed by one or two digits.
    qint64 fraction = 0;
    if (i < text.size() && text.at(i) == u'.') {
        ++i;
        qsizetype decimals = 0;
        for (; i < text.size() && isAsciiDigit(text.at(i)); ++i) {
            ++decimals;
            if (decimals <= 2)
                fraction = fraction * 10 + (text.at(i).unicode() - u'0');
        }
        if (decimals == 0)
            return moneyError(
                "money.not-a-number",
                QT_TRANSLATE_NOOP("Money", "Write the amount without a trailing point, or with its fen."));
        if (decimals > 2)
            return moneyError("money.too-many-decimals",
                              QT_TRANSLATE_NOOP("Money", "An amount has at most two decimals (fen)."));
        if (decimals == 1)
            fraction *= 10;
    }
    if (i != text.size())
        return moneyError("money.not-a-number", QT_TRANSLATE_NOOP("Money", "That is not an amount of money."));

    if (tooLarge || fen * 100 > MaxFen - fraction)
        return moneyError("money.too-large", QT_TRANSLATE_NOOP("Money", "The amount is too large."));
    const qint64 total = fen * 100 + fraction;
    return Money(negative ? -total : total);
}

QString Money::format(const QLocale &locale) const
{
    // |m_fen| is at most about 9.2e18; the magnitude fits unsigned.
    const quint64 magnitude = m_fen < 0 ? quint64(0) - quint64(m_fen) : quint64(m_fen);
    QLocale grouping = locale;
    grouping.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    const QString yuan = grouping.toString(magnitude / 100);
    const QString fen = QStringLiteral("%1").arg(magnitude % 100, 2, 10, QLatin1Char('0'));
    return (m_fen < 0 ? QStringLiteral("-") : QString()) + QChar(0x00A5) + yuan + locale.decimalPoint() + fen;
}

QString Money::toPlainString() const
{
    const quint64 magnitude = m_fen < 0 ? quint64(0) - quint64(m_fen) : quint64(m_fen);
    return (m_fen < 0 ? QStringLiteral("-") : QString()) + QString::number(magnitude / 100) + QLatin1Char('.') +
           QStringLiteral("%1").arg(magnitude % 100, 2, 10, QLatin1Char('0'));
}

std::optional<Money> Money::checkedAdd(Money other) const
{
    qint64 r = 0;
    if (__builtin_add_overflow(m_fen, other.m_fen, &r))
        return std::nullopt;
    return Money(r);
}

std::optional<Money> Money::checkedSub(Money other) const
{
    qint64 r = 0;
    if (__builtin_sub_overflow(m_fen, other.m_fen, &r))
        return std::nullopt;
    return Money(r);
}

std::optional<Money> Money::checkedMul(qint64 factor) const
{
    qint64 r = 0;
    if (__builtin_mul_overflow(m_fen, factor, &r))
        return std::nullopt;
    return Money(r);
}

Money Money::operator+(Money other) const
{
    const auto r = checkedAdd(other);
    if (!r)
        qFatal("Money overflow: %lld + %lld", m_fen, other.m_fen);
    return *r;
}

Money Money::operator-(Money other) const
{
    const auto r = checkedSub(other);
    if (!r)
        qFatal("Money overflow: %lld - %lld", m_fen, other.m_fen);
    return *r;
}

Money Money::operator-() const
{
    return Money() - *this;
}

Money &Money::operator+=(Money other)
{
    return *this = *this + other;
}

Money &Money::operator-=(Money other)
{
    return *this = *this - other;
}
