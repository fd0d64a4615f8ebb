#include "dailytotals.h"

#include <algorithm>

#include "journal.h"
#include "trustedclock.h"

namespace {
__extension__ using Int128 = __int128;
constexpr qint64 MsPerDay = 86'400'000;
} // namespace

DailyTotals::Filter DailyTotals::Filter::shift(qint64 seq)
{
    Filter f;
    f.shiftSeq = seq;
    return f;
}

DailyTotals::Filter DailyTotals::Filter::onDay(QDate day, int utcOffsetSeconds)
{
    Filter f;
    f.day = day;
    f.utcOffsetSeconds = utcOffsetSeconds;
    return f;
}

DailyTotals::Filter DailyTotals::Filter::collector(const QString &id)
{
    Filter f;
    f.collectorId = id;
    return f;
}

DailyTotals::DailyTotals(Filter filter)
    : m_filter(std::move(filter))
{
    if (m_filter.day) {
        // One range comparison per fact instead of a calendar conversion.
        m_dayStartMs = TrustedClock::startOfDayMs(*m_filter.day, m_filter.utcOffsetSeconds);
        m_dayEndMs = m_dayStartMs + MsPerDay;
    }
}

int DailyTotals::methodIndex(int method)
{
    return (method >= int(PaymentMethod::Cash) && method <= int(PaymentMethod::BankTransfer)) ? method : 0;
}

bool DailyTotals::inFilter(const JournalFact &f) const
{
    if (m_filter.shiftSeq) {
        const qint64 s = *m_filter.shiftSeq;
        // The opening entry belongs to the shift it opens, whatever its own shift column says.
        if (f.shiftSeq != s && !(f.kind == EntryKind::ShiftOpened && f.seq == s))
            return false;
    }
    if (m_filter.day && (f.timeMs < m_dayStartMs || f.timeMs >= m_dayEndMs))
        return false;
    if (m_filter.collectorId && f.collectorId != *m_filter.collectorId)
        return false;
    return true;
}

void DailyTotals::applyVoid(PaymentMemo &memo)
{
    memo.voided = true;
    CountedAmount &v = m_voids[std::size_t(memo.method)];
    ++v.count;
    v.amount += Money::fromFen(memo.amount);
    m_penalty -= Money::fromFen(memo.penalty);
    m_prepaid -= Money::fromFen(memo.prepaid);
}

void DailyTotals::add(const JournalFact &f)
{
    if (m_memo.empty())
        m_memoBase = f.seq;
    const qint64 idx = f.seq - m_memoBase;
    if (idx >= 0 && std::size_t(idx) >= m_memo.size())
        m_memo.resize(std::size_t(idx) + 1);
    m_lastSeq = f.seq;

    if (f.kind == EntryKind::Payment && idx >= 0) {
        PaymentMemo &memo = m_memo[std::size_t(idx)];
        memo.amount = f.amount.fen();
        memo.penalty = f.penalty.fen();
        memo.prepaid = f.prepaid.fen();
        memo.method = methodIndex(f.method);
    }

    const bool in = inFilter(f);
    if (f.kind == EntryKind::Void) {
        const qint64 target = f.refSeq - m_memoBase;
        if (f.refSeq >= f.seq || f.refSeq < 1) {
            if (in)
                ++m_invalidVoids;
        } else if (target < 0) {
            if (in)
                m_unresolvedTargets.push_back(f.refSeq);
        } else {
            PaymentMemo &memo = m_memo[std::size_t(target)];
            if (memo.method < 0 || memo.voided) {
                if (in)
                    ++m_invalidVoids;
            } else if (in) {
                applyVoid(memo);
            } else {
                memo.voided = true; // reversed outside the filter: later voids of it are still invalid
            }
        }
    }
    if (!in)
        return;

    if (m_entries == 0)
        m_firstTimeMs = f.timeMs;
    m_lastTimeMs = f.timeMs;
    ++m_entries;

    switch (f.kind) {
    case EntryKind::ShiftOpened:
        ++m_shiftsOpened;
        m_float += f.amount;
        break;
    case EntryKind::Payment: {
        CountedAmount &p = m_payments[std::size_t(methodIndex(f.method))];
        ++p.count;
        p.amount += f.amount;
        m_penalty += f.penalty;
        m_prepaid += f.prepaid;
        break;
    }
    case EntryKind::Void:
        break; // handled above
    case EntryKind::Visit:
        ++m_visits[std::size_t((f.outcome >= 1 && f.outcome <= 6) ? f.outcome : 0)];
        break;
    case EntryKind::ReceiptPrinted:
        // Payment receipts only: a void slip or a Z-report is journaled, not counted as a receipt.
        if (f.printedDocument() != PrintedDocument::Receipt)
            break;
        if (f.outcome <= 1)
            ++m_receiptsPrinted;
        else
            ++m_receiptsReprinted;
        break;
    case EntryKind::CashHandedOver:
        ++m_handedOver.count;
        m_handedOver.amount += f.amount;
        break;
    case EntryKind::ShiftClosed:
        ++m_shiftsClosed;
        m_counted += f.amount;
        m_difference += f.amount - f.prepaid; // counted − expected
        break;
    case EntryKind::ClockFlag:
        ++m_clockFlags;
        break;
    case EntryKind::CashCounted: // the close carries the count that stands; a recount is an exception at the center
    case EntryKind::Event:       // the terminal's own life: no money, no visit
        break;
    }
}

void DailyTotals::resolveVoid(const JournalFact &payment)
{
    if (payment.kind != EntryKind::Payment ||
        std::find(m_resolvedTargets.begin(), m_resolvedTargets.end(), payment.seq) != m_resolvedTargets.end()) {
        ++m_invalidVoids;
        return;
    }
    m_resolvedTargets.push_back(payment.seq);
    PaymentMemo memo{payment.amount.fen(), payment.penalty.fen(), payment.prepaid.fen(), methodIndex(payment.method),
                     false};
    applyVoid(memo);
}

DailyTotals DailyTotals::compute(const Journal &journal, const Filter &filter, qint64 fromSeq, qint64 toSeq)
{
    // The totals cover the whole journal as it stands; a range that stops short is folded.
    if (fromSeq <= 1) {
        if (auto totals = fromAggregates(journal, filter); totals && totals->lastSeq() <= toSeq)
            return std::move(*totals);
    }
    return fold(journal, filter, fromSeq, toSeq);
}

namespace {
/// The hours of the day starting at `startMs`, if it starts on a whole UTC hour.
std::optional<std::pair<qint64, qint64>> wholeHours(qint64 startMs)
{
    if (startMs % TotalsBucket::MsPerHour != 0)
        return std::nullopt;
    const qint64 first = startMs / TotalsBucket::MsPerHour; // exact: no rounding direction to get wrong
    return std::pair{first, first + 23};
}
} // namespace

std::optional<DailyTotals> DailyTotals::fromAggregates(const Journal &journal, const Filter &filter)
{
    Journal::TotalsQuery query;
    query.shiftSeq = filter.shiftSeq;
    query.collectorId = filter.collectorId;
    if (filter.day) {
        query.hours = wholeHours(TrustedClock::startOfDayMs(*filter.day, filter.utcOffsetSeconds));
        if (!query.hours)
            return std::nullopt;
    }
    TotalsBucket sum;
    const Result<qint64> last = journal.forEachTotalsBucket(query, [&sum](const TotalsBucket &b) { sum.merge(b); });
    if (!last.ok())
        return std::nullopt;
    DailyTotals totals(filter);
    totals.setFigures(sum);
    totals.m_lastSeq = last.value();
    return totals;
}

void DailyTotals::setFigures(const TotalsBucket &sum)
{
    m_entries = sum.entries;
    m_firstTimeMs = sum.entries > 0 ? sum.firstTimeMs : 0;
    m_lastTimeMs = sum.entries > 0 ? sum.lastTimeMs : 0;
    m_payments = sum.payments;
    m_voids = sum.voids;
    m_penalty = sum.penalty;
    m_prepaid = sum.prepaid;
    m_visits = sum.visits;
    m_receiptsPrinted = sum.receiptsPrinted;
    m_receiptsReprinted = sum.receiptsReprinted;
    m_handedOver = sum.handedOver;
    m_float = sum.openingFloat;
    m_shiftsOpened = sum.shiftsOpened;
    m_shiftsClosed = sum.shiftsClosed;
    m_counted = sum.counted;
    m_difference = sum.difference;
    m_clockFlags = sum.clockFlags;
    m_invalidVoids = sum.invalidVoids;
}

std::array<CountedAmount, 24> DailyTotals::byHour(const Journal &journal, QDate day, int utcOffsetSeconds,
                                                  const std::optional<QString> &collectorId)
{
    std::array<CountedAmount, 24> hours{};
    const auto add = [&hours](const TotalsBucket &b, qint64 hour) {
        if (hour < 0 || hour >= qint64(hours.size()))
            return;
        CountedAmount &h = hours[std::size_t(hour)];
        for (std::size_t m = 0; m < b.payments.size(); ++m) {
            h.count += b.payments[m].count - b.voids[m].count;
            h.amount += b.payments[m].amount - b.voids[m].amount;
        }
    };
    const qint64 startMs = TrustedClock::startOfDayMs(day, utcOffsetSeconds);
    if (const auto range = wholeHours(startMs)) {
        Journal::TotalsQuery query;
        query.hours = range;
        query.collectorId = collectorId;
        if (journal.forEachTotalsBucket(query, [&](const TotalsBucket &b) { add(b, b.hour - range->first); }).ok())
            return hours;
        hours = {};
    }
    // Local hours that are not UTC hours, or no sound totals: the facts, each void settled by
    // the same rule as the journal's totals.
    TotalsBucket::Fold fold;
    journal.forEachFact(1, std::numeric_limits<qint64>::max(), [&](const JournalFact &f) {
        const TotalsBucket b = fold.add(f);
        if (f.timeMs >= startMs && f.timeMs < startMs + MsPerDay && (!collectorId || f.collectorId == *collectorId))
            add(b, (f.timeMs - startMs) / TotalsBucket::MsPerHour);
        return true;
    });
    return hours;
}

DailyTotals DailyTotals::fold(const Journal &journal, const Filter &filter, qint64 fromSeq, qint64 toSeq)
{
    DailyTotals totals(filter);
    const qint64 last = std::min(toSeq, journal.lastSeq());
    if (last >= fromSeq)
        totals.m_memo.reserve(std::size_t(last - fromSeq + 1));
    journal.forEachFact(fromSeq, toSeq, [&](const JournalFact &f) {
        totals.add(f);
        return true;
    });
    const std::vector<qint64> targets = std::exchange(totals.m_unresolvedTargets, {});
    for (qint64 target : targets) {
        bool found = false;
        journal.forEachFact(target, target, [&](const JournalFact &f) {
            found = true;
            totals.resolveVoid(f);
            return false;
        });
        if (!found)
            ++totals.m_invalidVoids;
    }
    return totals;
}

CountedAmount DailyTotals::payments(std::optional<PaymentMethod> method) const
{
    if (method)
        return m_payments[std::size_t(methodIndex(int(*method)))];
    CountedAmount sum;
    for (const CountedAmount &p : m_payments) {
        sum.count += p.count;
        sum.amount += p.amount;
    }
    return sum;
}

CountedAmount DailyTotals::voids(std::optional<PaymentMethod> method) const
{
    if (method)
        return m_voids[std::size_t(methodIndex(int(*method)))];
    CountedAmount sum;
    for (const CountedAmount &v : m_voids) {
        sum.count += v.count;
        sum.amount += v.amount;
    }
    return sum;
}

CountedAmount DailyTotals::collected(std::optional<PaymentMethod> method) const
{
    const CountedAmount p = payments(method);
    const CountedAmount v = voids(method);
    return CountedAmount{p.count - v.count, p.amount - v.amount};
}

Money DailyTotals::settled() const
{
    return collected().amount - m_prepaid;
}

qint64 DailyTotals::visits(std::optional<VisitOutcome> outcome) const
{
    if (outcome) {
        const int i = int(*outcome);
        return m_visits[std::size_t((i >= 1 && i <= 6) ? i : 0)];
    }
    qint64 sum = 0;
    for (qint64 n : m_visits)
        sum += n;
    return sum;
}

Money DailyTotals::expectedCashInHand() const
{
    // A close counts the drawer and the cash leaves the collector's hand with the Z-report: what
    // each close expected (counted − difference) is no longer held, float included. Without this
    // a day's second shift showed both floats and the first shift's takings as still in hand.
    const Money leftAtCloses = m_counted - m_difference;
    return m_float + collected(PaymentMethod::Cash).amount - m_handedOver.amount - leftAtCloses;
}

std::optional<qint64> DailyTotals::collectionRateBps(Money receivable) const
{
    if (!receivable.isPositive())
        return std::nullopt;
    const Int128 num = Int128(settled().fen()) * 10'000;
    const Int128 den = receivable.fen();
    Int128 q = num / den;
    if (num % den != 0 && num < 0)
        --q; // round toward minus infinity, like the positive case
    return qint64(q);
}
