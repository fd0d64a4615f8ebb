#pragma once

#include <QDate>
#include <QList>
#include <QPair>
#include <QString>

#include <map>
#include <optional>

#include "account.h"
#include "money.h"
#include "result.h"

/**
 * The late-payment penalty (违约金) rules of a utility, shipped with the worklist.
 *
 * Default (PRC 供电营业规则 art. 98): residential 0.1 % per day of the overdue amount; other
 * classes 0.2 % per day for overdue days in the due date's own calendar year and 0.3 % per day
 * for overdue days in later years (跨年度); counted from the day after the due date; a non-zero
 * penalty total under ¥1 is charged as ¥1.
 *
 * Rounding (documented in README): for each bill, penalty = outstanding × Σ(days × rate) / 10⁶,
 * computed exactly in integers and rounded once to the fen with the policy's rule (default half
 * up). Rates are parts per million per day, so 0.1 % is 1000.
 */
class PenaltyPolicy
{
public:
    enum class Rounding { HalfUp, Down, Up };

    /// Highest daily rate fromKeyValues accepts (10 % a day); anything above is a typo, not a rule.
    static constexpr int MaxRatePpmPerDay = 100'000;
    /// Longest grace period fromKeyValues accepts, in days.
    static constexpr int MaxGraceDays = 366;

    struct Rates
    {
        int currentYearPpmPerDay = 0; ///< overdue days in the due date's calendar year
        int priorYearPpmPerDay = 0;   ///< overdue days in any later calendar year
        bool operator==(const Rates &) const = default;
    };

    PenaltyPolicy(); ///< the PRC default above
    [[nodiscard]] static PenaltyPolicy prcDefault() { return {}; }

    [[nodiscard]] Rates rates(CustomerClass c) const;
    void setRates(CustomerClass c, Rates rates);
    [[nodiscard]] int graceDays() const { return m_graceDays; }
    void setGraceDays(int days) { m_graceDays = days; }
    [[nodiscard]] Money minimumTotal() const { return m_minimumTotal; }
    void setMinimumTotal(Money m) { m_minimumTotal = m; }
    [[nodiscard]] Rounding rounding() const { return m_rounding; }
    void setRounding(Rounding r) { m_rounding = r; }

    /// Days overdue as of asOf: days after the due date, less grace days; never negative.
    /// An invalid date gives 0. The grace days are the first days after the due date.
    [[nodiscard]] int overdueDays(QDate dueDate, QDate asOf) const;

    /**
     * The penalty on one bill as of asOf, before the account-level minimum is applied. Each
     * overdue day is charged at the rate of the calendar year it falls in (the due date's year:
     * current rate; any later year: prior rate). A bill whose penalty was settled up to its
     * penaltyFrom day accrues only after it, on top of its penaltyCarried. Nothing outstanding
     * gives the carried penalty alone. Rates and grace set
     * outside 0..MaxRatePpmPerDay / 0..MaxGraceDays are clamped into range here, and a result
     * above Money::MaxFen is capped at it, so no input can make the arithmetic wrap.
     */
    [[nodiscard]] Money penaltyFor(const Bill &bill, CustomerClass customerClass, QDate asOf) const;

    /// As the worklist's "P" lines spell it: key/value pairs, all of them, in a fixed order.
    [[nodiscard]] QList<QPair<QString, QString>> toKeyValues() const;
    /// Starts from the default and applies each pair; an unknown key or bad value is an error naming it.
    [[nodiscard]] static Result<PenaltyPolicy> fromKeyValues(const QList<QPair<QString, QString>> &pairs);

    bool operator==(const PenaltyPolicy &) const = default;

private:
    std::map<CustomerClass, Rates> m_rates;
    int m_graceDays = 0;
    Money m_minimumTotal = Money::fromFen(100);
    Rounding m_rounding = Rounding::HalfUp;
};

/// "half-up", "down", "up": the worklist's spelling of a rounding rule.
[[nodiscard]] QString penaltyRoundingKey(PenaltyPolicy::Rounding r);
[[nodiscard]] std::optional<PenaltyPolicy::Rounding> penaltyRoundingFromKey(QStringView key);
