#include "penaltypolicy.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>
#include <array>
#include <limits>

namespace {

// GCC and Clang both have a 128-bit integer; __extension__ keeps -Wpedantic quiet about it.
// outstanding (< 2^63) × days (< 2^41 for any valid QDate pair) × rate (≤ 10^5 < 2^17) < 2^121,
// so the exact product of one bill always fits.
__extension__ using Int128 = __int128;

constexpr qint64 PpmDenominator = 1'000'000;

constexpr std::array<CustomerClass, 4> AllClasses = {
    CustomerClass::Residential,
    CustomerClass::Commercial,
    CustomerClass::LargeIndustrial,
    CustomerClass::Agricultural,
};

constexpr std::array<PenaltyPolicy::Rounding, 3> AllRoundings = {
    PenaltyPolicy::Rounding::HalfUp,
    PenaltyPolicy::Rounding::Down,
    PenaltyPolicy::Rounding::Up,
};

/** The overdue days of one bill, split by the calendar year they fall in. */
struct OverdueSplit
{
    qint64 dueYear = 0;    ///< days in the due date's calendar year
    qint64 laterYears = 0; ///< days in any later calendar year
    [[nodiscard]] qint64 total() const { return dueYear + laterYears; }
};

OverdueSplit splitOverdue(QDate dueDate, QDate asOf, int graceDays, QDate settledThrough = {})
{
    if (!dueDate.isValid() || !asOf.isValid())
        return {};
    // The first day that costs money: the day after the due date, after the grace days, and
    // after the last day whose penalty was already settled.
    QDate first = dueDate.addDays(qint64(std::clamp(graceDays, 0, PenaltyPolicy::MaxGraceDays)) + 1);
    if (settledThrough.isValid() && first.isValid() && settledThrough >= first)
        first = settledThrough.addDays(1);
    if (!first.isValid() || first > asOf)
        return {};
    const QDate yearEnd(dueDate.year(), 12, 31);
    const qint64 total = first.daysTo(asOf) + 1;
    const qint64 inDueYear = first > yearEnd ? 0 : first.daysTo(std::min(asOf, yearEnd)) + 1;
    return {inDueYear, total - inDueYear};
}

qint64 clampedRate(int ppm)
{
    return std::clamp(ppm, 0, PenaltyPolicy::MaxRatePpmPerDay);
}

// numerator / 10^6 rounded to a whole fen; numerator is never negative.
qint64 roundToFen(Int128 numerator, PenaltyPolicy::Rounding rounding)
{
    Int128 quotient = numerator / PpmDenominator;
    const Int128 remainder = numerator % PpmDenominator;
    switch (rounding) {
    case PenaltyPolicy::Rounding::HalfUp:
        if (remainder * 2 >= PpmDenominator)
            ++quotient;
        break;
    case PenaltyPolicy::Rounding::Up:
        if (remainder > 0)
            ++quotient;
        break;
    case PenaltyPolicy::Rounding::Down:
        break;
    }
    // A penalty beyond the largest amount Money parses is a nonsense input; cap it rather than wrap.
    return quotient > Money::MaxFen ? Money::MaxFen : static_cast<qint64>(quotient);
}

QString currentKey(CustomerClass c)
{
    return QStringLiteral("rate.") + customerClassKey(c) + QStringLiteral(".current-ppm");
}

QString priorKey(CustomerClass c)
{
    return QStringLiteral("rate.") + customerClassKey(c) + QStringLiteral(".prior-ppm");
}

/** Which rate a "rate.<class>.current-ppm" / "rate.<class>.prior-ppm" key names. */
struct RateKey
{
    CustomerClass customerClass = CustomerClass::Residential;
    bool current = true;
};

std::optional<RateKey> rateKey(const QString &key)
{
    for (const auto c : AllClasses) {
        if (key == currentKey(c))
            return RateKey{c, true};
        if (key == priorKey(c))
            return RateKey{c, false};
    }
    return std::nullopt;
}

constexpr QLatin1String GraceKey("grace-days");
constexpr QLatin1String MinimumKey("minimum-total");
constexpr QLatin1String RoundingKey("rounding");

Error policyError(const char *code, const QString &message)
{
    return Error{QLatin1String(code), message};
}

bool isAsciiDigits(QStringView s)
{
    return !s.isEmpty() &&
           std::all_of(s.begin(), s.end(), [](QChar ch) { return ch >= QLatin1Char('0') && ch <= QLatin1Char('9'); });
}

/// A non-negative decimal integer, ASCII digits only, at most `max`; errors name the key.
Result<int> parseCount(const QString &key, const QString &value, int max)
{
    if (value.startsWith(QLatin1Char('-')) && isAsciiDigits(QStringView(value).mid(1)))
        return policyError("penalty-policy.negative",
                           QCoreApplication::translate("PenaltyPolicy", "Penalty rule \"%1\" may not be negative: %2")
                               .arg(key, value));
    if (!isAsciiDigits(value))
        return policyError(
            "penalty-policy.not-an-integer",
            QCoreApplication::translate("PenaltyPolicy", "Penalty rule \"%1\" must be a whole number: \"%2\"")
                .arg(key, value));
    // Nine digits always fit an int; more than that is above any limit we accept anyway.
    const int n = value.size() <= 9 ? value.toInt() : std::numeric_limits<int>::max();
    if (n > max)
        return policyError(
            "penalty-policy.too-large",
            QCoreApplication::translate("PenaltyPolicy", "Penalty rule \"%1\" is %2, above the limit of %3")
                .arg(key, value, QString::number(max)));
    return n;
}

} // namespace

QString penaltyRoundingKey(PenaltyPolicy::Rounding r)
{
    switch (r) {
    case PenaltyPolicy::Rounding::HalfUp:
        return QStringLiteral("half-up");
    case PenaltyPolicy::Rounding::Down:
        return QStringLiteral("down");
    case PenaltyPolicy::Rounding::Up:
        return QStringLiteral("up");
    }
    return {};
}

std::optional<PenaltyPolicy::Rounding> penaltyRoundingFromKey(QStringView key)
{
    for (const auto r : AllRoundings) {
        if (key == penaltyRoundingKey(r))
            return r;
    }
    return std::nullopt;
}

PenaltyPolicy::PenaltyPolicy()
{
    // 供电营业规则 art. 98: residential 1‰ a day; everyone else 2‰ within the year, 3‰ across it.
    m_rates[CustomerClass::Residential] = Rates{1000, 1000};
    m_rates[CustomerClass::Commercial] = Rates{2000, 3000};
    m_rates[CustomerClass::LargeIndustrial] = Rates{2000, 3000};
    m_rates[CustomerClass::Agricultural] = Rates{2000, 3000};
}

PenaltyPolicy::Rates PenaltyPolicy::rates(CustomerClass c) const
{
    const auto it = m_rates.find(c);
    return it == m_rates.end() ? Rates{} : it->second;
}

void PenaltyPolicy::setRates(CustomerClass c, Rates rates)
{
    m_rates[c] = rates;
}

int PenaltyPolicy::overdueDays(QDate dueDate, QDate asOf) const
{
    const qint64 days = splitOverdue(dueDate, asOf, m_graceDays).total();
    return static_cast<int>(std::min<qint64>(days, std::numeric_limits<int>::max()));
}

Money PenaltyPolicy::penaltyFor(const Bill &bill, CustomerClass customerClass, QDate asOf) const
{
    const Money carried = bill.penaltyCarried.isPositive() ? bill.penaltyCarried : Money();
    const Money outstanding = bill.outstanding();
    if (!outstanding.isPositive())
        return carried;
    const OverdueSplit days = splitOverdue(bill.dueDate, asOf, m_graceDays, bill.penaltyFrom);
    const Rates r = rates(customerClass);
    // Σ(days × rate) in ppm-days, then × outstanding: exact, and rounded once below.
    const Int128 ppmDays = Int128(days.dueYear) * clampedRate(r.currentYearPpmPerDay) +
                           Int128(days.laterYears) * clampedRate(r.priorYearPpmPerDay);
    const qint64 accrued = roundToFen(Int128(outstanding.fen()) * ppmDays, m_rounding);
    return Money::fromFen(std::min<qint64>(accrued, Money::MaxFen - carried.fen())) + carried;
}

QList<QPair<QString, QString>> PenaltyPolicy::toKeyValues() const
{
    QList<QPair<QString, QString>> pairs;
    for (const auto c : AllClasses) {
        const Rates r = rates(c);
        pairs.append({currentKey(c), QString::number(r.currentYearPpmPerDay)});
        pairs.append({priorKey(c), QString::number(r.priorYearPpmPerDay)});
    }
    pairs.append({QString(GraceKey), QString::number(m_graceDays)});
    pairs.append({QString(MinimumKey), m_minimumTotal.toPlainString()});
    pairs.append({QString(RoundingKey), penaltyRoundingKey(m_rounding)});
    return pairs;
}

Result<PenaltyPolicy> PenaltyPolicy::fromKeyValues(const QList<QPair<QString, QString>> &pairs)
{
    PenaltyPolicy policy;
    QSet<QString> seen;
    for (const auto &[key, value] : pairs) {
        if (seen.contains(key))
            return policyError(
                "penalty-policy.duplicate-key",
                QCoreApplication::translate("PenaltyPolicy", "Penalty rule \"%1\" is given twice").arg(key));

        seen.insert(key);

        if (const auto rate = rateKey(key)) {
            const Result<int> ppm = parseCount(key, value, MaxRatePpmPerDay);
            if (!ppm)
                return ppm.error();
            Rates r = policy.rates(rate->customerClass);
            (rate->current ? r.currentYearPpmPerDay : r.priorYearPpmPerDay) = ppm.value();
            policy.setRates(rate->customerClass, r);
        } else if (key == GraceKey) {
            const Result<int> days = parseCount(key, value, MaxGraceDays);
            if (!days)
                return days.error();
            policy.setGraceDays(days.value());
        } else if (key == MinimumKey) {
            const Result<Money> minimum = Money::parse(value);
            if (!minimum)
                return policyError("penalty-policy.bad-amount",
                                   QCoreApplication::translate("PenaltyPolicy", "Penalty rule \"%1\": %2")
                                       .arg(key, minimum.error().message));
            policy.setMinimumTotal(minimum.value());
        } else if (key == RoundingKey) {
            const auto rounding = penaltyRoundingFromKey(value);
            if (!rounding)
                return policyError("penalty-policy.bad-rounding",
                                   QCoreApplication::translate(
                                       "PenaltyPolicy", "Penalty rule \"%1\" must be half-up, down or up, not \"%2\"")
                                       .arg(key, value));
            policy.setRounding(*rounding);
        } else {
            return policyError("penalty-policy.unknown-key",
                               QCoreApplication::translate("PenaltyPolicy", "Unknown penalty rule \"%1\"").arg(key));
        }
    }
    return policy;
}
