#include "account.h"

#include <QCoreApplication>

namespace {

struct ClassName
{
    CustomerClass value;
    const char *key;
    const char *name;
};

constexpr ClassName classNames[] = {
    {CustomerClass::Residential, "residential", QT_TRANSLATE_NOOP("CustomerClass", "Residential")},
    {CustomerClass::Commercial, "commercial", QT_TRANSLATE_NOOP("CustomerClass", "Commercial")},
    {CustomerClass::LargeIndustrial, "large-industrial", QT_TRANSLATE_NOOP("CustomerClass", "Large industrial")},
    {CustomerClass::Agricultural, "agricultural", QT_TRANSLATE_NOOP("CustomerClass", "Agricultural")},
};

Error accountError(const char *code, const QString &message)
{
    return Error{QString::fromLatin1(code), message};
}

QString ruleText(const char *text)
{
    return QCoreApplication::translate("AccountNumberRule", text);
}

// The whole input must match, even if the utility's pattern lacks ^ and $.
QRegularExpression anchored(const QString &pattern)
{
    return QRegularExpression(QRegularExpression::anchoredPattern(pattern));
}

} // namespace

QString customerClassKey(CustomerClass c)
{
    for (const auto &n : classNames)
        if (n.value == c)
            return QString::fromLatin1(n.key);
    return {};
}

std::optional<CustomerClass> customerClassFromKey(QStringView key)
{
    for (const auto &n : classNames)
        if (key == QLatin1String(n.key))
            return n.value;
    return std::nullopt;
}

QString customerClassName(CustomerClass c)
{
    for (const auto &n : classNames)
        if (n.value == c)
            return QCoreApplication::translate("CustomerClass", n.name);
    return {};
}

QString checkDigitKey(AccountNumberRule::CheckDigit c)
{
    switch (c) {
    case AccountNumberRule::CheckDigit::None:
        return QStringLiteral("none");
    case AccountNumberRule::CheckDigit::Luhn:
        return QStringLiteral("luhn");
    case AccountNumberRule::CheckDigit::Mod11:
        return QStringLiteral("mod11");
    }
    return {};
}

std::optional<AccountNumberRule::CheckDigit> checkDigitFromKey(QStringView key)
{
    for (auto c : {AccountNumberRule::CheckDigit::None, AccountNumberRule::CheckDigit::Luhn,
                   AccountNumberRule::CheckDigit::Mod11})
        if (key == checkDigitKey(c))
            return c;
    return std::nullopt;
}

AccountNumberRule::AccountNumberRule()
    : AccountNumberRule(QStringLiteral("[0-9]{10}"), CheckDigit::None)
{
}

AccountNumberRule::AccountNumberRule(QString pattern, CheckDigit checkDigit)
    : m_pattern(std::move(pattern))
    , m_regex(anchored(m_pattern))
    , m_checkDigit(checkDigit)
{
}

Result<AccountNumberRule> AccountNumberRule::create(const QString &pattern, CheckDigit checkDigit)
{
    if (pattern.isEmpty() || !anchored(pattern).isValid())
        return accountError(
            "account.bad-pattern",
            ruleText(QT_TRANSLATE_NOOP("AccountNumberRule", "The utility's account-number pattern is not valid: %1"))
                .arg(pattern));
    return AccountNumberRule(pattern, checkDigit);
}

QChar AccountNumberRule::computeCheckDigit(QStringView digits) const
{
    switch (m_checkDigit) {
    case CheckDigit::None:
        return {};
    case CheckDigit::Luhn: {
        // Double every second digit from the right, starting with the rightmost of the payload.
        int sum = 0;
        bool twice = true;
        for (qsizetype i = digits.size() - 1; i >= 0; --i, twice = !twice) {
            int d = digits.at(i).unicode() - u'0';
            if (twice) {
                d *= 2;
                if (d > 9)
                    d -= 9;
            }
            sum += d;
        }
        return QChar(u'0' + (10 - sum % 10) % 10);
    }
    case CheckDigit::Mod11: {
        // ISO 7064 MOD 11-2, as in the resident ID number.
        int sum = 0;
        for (QChar c : digits)
            sum = ((sum + (c.unicode() - u'0')) * 2) % 11;
        const int check = (12 - sum) % 11;
        return check == 10 ? QChar(u'X') : QChar(u'0' + check);
    }
    }
    return {};
}

Result<QString> AccountNumberRule::validate(QStringView input) const
{
    // A scanner adds CR/LF/TAB; a Chinese IME gives full-width digits: fold both away first.
    QString number = input.toString().normalized(QString::NormalizationForm_KC).trimmed();
    if (number.isEmpty())
        return accountError("account.empty",
                            ruleText(QT_TRANSLATE_NOOP("AccountNumberRule", "Enter an account number.")));
    const bool allDigits = std::all_of(number.cbegin(), number.cend(), [this](QChar c) {
        return (c >= u'0' && c <= u'9') || (m_checkDigit == CheckDigit::Mod11 && (c == u'X' || c == u'x'));
    });
    if (!allDigits && !m_regex.match(number).hasMatch())
        return accountError("account.not-digits",
                            ruleText(QT_TRANSLATE_NOOP("AccountNumberRule",
                                                       "An account number has only digits; “%1” has other characters."))
                                .arg(number.left(40)));
    if (!m_regex.match(number).hasMatch())
        return accountError("account.bad-format",
                            ruleText(QT_TRANSLATE_NOOP("AccountNumberRule",
                                                       "“%1” is not a valid account number here (%2 digits given)."))
                                .arg(number.left(40))
                                .arg(number.size()));
    if (m_checkDigit != CheckDigit::None) {
        if (number.size() < 2)
            return accountError(
                "account.check-digit",
                ruleText(QT_TRANSLATE_NOOP("AccountNumberRule", "Account number %1 is too short to check."))
                    .arg(number));
        number.back() = number.back().toUpper();
        if (computeCheckDigit(QStringView(number).chopped(1)) != number.back())
            return accountError(
                "account.check-digit",
                ruleText(QT_TRANSLATE_NOOP("AccountNumberRule",
                                           "Account number %1 has a wrong check digit: a digit was probably mistyped."))
                    .arg(number));
    }
    return number;
}
