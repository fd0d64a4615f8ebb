#pragma once

#include <QLocale>
#include <QMetaType>
#include <QString>
#include <QStringView>

#include <compare>
#include <cstdint>
#include <optional>

#include "result.h"

/**
 * An amount of money as a signed 64-bit count of fen (0.01 yuan). Rule 1 of ARCHITECTURE.md:
 * no floating point ever touches an amount. Arithmetic never overflows silently: the checked*
 * functions report it, and the operators abort the process rather than wrap.
 */
class Money
{
public:
    /// Largest amount the parser accepts (about ¥92 trillion); keeps sums of many amounts in range.
    static constexpr qint64 MaxFen = 9'223'372'036'854'775'807LL / 1000;

    constexpr Money() = default;
    static constexpr Money fromFen(qint64 fen) { return Money(fen); }
    static constexpr Money fromYuan(qint64 yuan) { return Money(yuan * 100); }

    [[nodiscard]] constexpr qint64 fen() const { return m_fen; }
    [[nodiscard]] constexpr bool isZero() const { return m_fen == 0; }
    [[nodiscard]] constexpr bool isNegative() const { return m_fen < 0; }
    [[nodiscard]] constexpr bool isPositive() const { return m_fen > 0; }

    enum class Sign { PositiveOnly, AllowNegative };

    /**
     * Parses what a person types or a file holds: "12", "12.3", "12.34", "1,234.50", with an
     * optional leading "¥" or "￥" (after the sign, if any). Refuses more than two decimals,
     * a trailing point, exponents, doubled or misplaced signs, spaces anywhere, misplaced digit
     * grouping, non-ASCII digits, and anything above MaxFen. With PositiveOnly a "-" is refused.
     */
    [[nodiscard]] static Result<Money> parse(QStringView text, Sign sign = Sign::PositiveOnly);

    /// "¥1,234.50" / "-¥1,234.50", grouping per the locale.
    [[nodiscard]] QString format(const QLocale &locale = QLocale()) const;
    /// "1234.50" / "-1234.50": for files and the wire, what parse() reads back.
    [[nodiscard]] QString toPlainString() const;

    [[nodiscard]] std::optional<Money> checkedAdd(Money other) const;
    [[nodiscard]] std::optional<Money> checkedSub(Money other) const;
    [[nodiscard]] std::optional<Money> checkedMul(qint64 factor) const;

    Money operator+(Money other) const; ///< aborts on overflow
    Money operator-(Money other) const; ///< aborts on overflow
    Money operator-() const;            ///< aborts on overflow
    Money &operator+=(Money other);
    Money &operator-=(Money other);

    constexpr auto operator<=>(const Money &) const = default;

private:
    constexpr explicit Money(qint64 fen)
        : m_fen(fen)
    {
    }
    qint64 m_fen = 0;
};

Q_DECLARE_METATYPE(Money)

[[nodiscard]] constexpr Money minOf(Money a, Money b)
{
    return a < b ? a : b;
}
