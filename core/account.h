#pragma once

#include <QDate>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringView>

#include "money.h"
#include "result.h"

/** What tariff a customer is billed under; the penalty rate depends on it. */
enum class CustomerClass {
    Residential,     ///< 居民
    Commercial,      ///< 一般工商业
    LargeIndustrial, ///< 大工业
    Agricultural,    ///< 农业生产
};

/// "residential", "commercial", "large-industrial", "agricultural": the worklist's spelling.
[[nodiscard]] QString customerClassKey(CustomerClass c);
[[nodiscard]] std::optional<CustomerClass> customerClassFromKey(QStringView key);
/// Translated, for the screen and the receipt.
[[nodiscard]] QString customerClassName(CustomerClass c);

/** One customer's account as the center sends it on the route's worklist. */
struct Account
{
    QString number;      ///< the utility's account number (户号), validated by AccountNumberRule
    QString name;        ///< customer name (户名)
    QString address;     ///< street address
    QString village;     ///< village or block: the unit a route is walked in
    int walkOrder = 0;   ///< position within the village in walking order
    QString meterNumber; ///< meter number (表号)
    CustomerClass customerClass = CustomerClass::Residential;
    QString phone;
    Money prepaidBalance; ///< credit already held by the center for this account

    bool operator==(const Account &) const = default;
};

/** One open bill of an account. The device never edits a bill; it appends payments. */
struct Bill
{
    QString id;            ///< the center's bill id, unique on a route
    QString accountNumber; ///< owning account
    QString period;        ///< billing period "YYYY-MM"
    Money amount;          ///< billed amount
    QDate dueDate;         ///< last day to pay without penalty
    Money amountPaid;      ///< already paid before this worklist was cut
    /// Penalty already accrued and not yet paid as of penaltyFrom: a payment settles the penalty
    /// up to its day, so what stays is carried here and only the rest of the principal accrues
    /// from then on (a settled penalty is never charged again).
    Money penaltyCarried;
    QDate penaltyFrom; ///< the last day whose penalty is in penaltyCarried; invalid: none yet

    [[nodiscard]] Money outstanding() const { return amount - amountPaid; }
    /// Anything owed on the bill: principal, or a penalty carried after the principal was paid.
    [[nodiscard]] bool isOpen() const { return outstanding().isPositive() || penaltyCarried.isPositive(); }
    bool operator==(const Bill &) const = default;
};

/**
 * The utility's rule for what an account number looks like: a regular expression (State Grid:
 * ten digits) and an optional check digit. Comes with the worklist, so a utility changes it
 * without a new app.
 */
class AccountNumberRule
{
public:
    enum class CheckDigit {
        None,
        Luhn,  ///< last digit is the Luhn (mod 10) check of the others
        Mod11, ///< last digit is ISO 7064 MOD 11-2 of the others ('X' for 10)
    };

    AccountNumberRule(); ///< ten ASCII digits, no check digit
    AccountNumberRule(QString pattern, CheckDigit checkDigit);

    /// The rule as the worklist spells it; returns an error if the pattern does not compile.
    [[nodiscard]] static Result<AccountNumberRule> create(const QString &pattern, CheckDigit checkDigit);

    [[nodiscard]] QString pattern() const { return m_pattern; }
    [[nodiscard]] CheckDigit checkDigit() const { return m_checkDigit; }

    /**
     * Normalises what was typed or scanned (surrounding whitespace a scanner adds, full-width
     * digits an IME produces) and checks it. Returns the canonical number, or an error saying
     * plainly what is wrong (empty, letters, too long, wrong check digit).
     */
    [[nodiscard]] Result<QString> validate(QStringView input) const;

    /// The check digit for the digits given, per the rule; used by the demo-data generator.
    [[nodiscard]] QChar computeCheckDigit(QStringView digitsWithoutCheck) const;

private:
    QString m_pattern;
    QRegularExpression m_regex;
    CheckDigit m_checkDigit = CheckDigit::None;
};

[[nodiscard]] QString checkDigitKey(AccountNumberRule::CheckDigit c); ///< "none", "luhn", "mod11"
[[nodiscard]] std::optional<AccountNumberRule::CheckDigit> checkDigitFromKey(QStringView key);
