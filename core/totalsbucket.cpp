#include "totalsbucket.h"

qint64 TotalsBucket::hourOf(qint64 timeMs)
{
    // Floor, not truncation: an hour before the epoch is hour −1, not a second hour 0.
    const qint64 q = timeMs / MsPerHour;
    return (timeMs % MsPerHour != 0 && timeMs < 0) ? q - 1 : q;
}

int TotalsBucket::methodIndex(int method)
{
    return (method >= int(PaymentMethod::Cash) && method <= int(PaymentMethod::BankTransfer)) ? method : 0;
}

int TotalsBucket::outcomeIndex(int outcome)
{
    return (outcome >= int(VisitOutcome::NotHome) && outcome <= int(VisitOutcome::Note)) ? outcome : 0;
}

TotalsBucket TotalsBucket::ofFact(const JournalFact &f, const std::optional<VoidTarget> &target)
{
    TotalsBucket b;
    b.shiftSeq = f.shiftSeq;
    // The opening entry belongs to the shift it opens whatever its own shift column says (as
    // DailyTotals' filter has it): one filed elsewhere keeps both keys.
    if (f.kind == EntryKind::ShiftOpened && f.shiftSeq != f.seq)
        b.opensShiftSeq = f.seq;
    b.collectorId = f.collectorId;
    b.hour = hourOf(f.timeMs);
    b.entries = 1;
    b.firstSeq = b.lastSeq = f.seq;
    b.firstTimeMs = b.lastTimeMs = f.timeMs;

    switch (f.kind) {
    case EntryKind::ShiftOpened:
        b.shiftsOpened = 1;
        b.openingFloat = f.amount;
        break;
    case EntryKind::Payment: {
        CountedAmount &p = b.payments[std::size_t(methodIndex(f.method))];
        p.count = 1;
        p.amount = f.amount;
        b.penalty = f.penalty;
        b.prepaid = f.prepaid;
        break;
    }
    case EntryKind::Void:
        // Only an earlier entry can be voided; the caller looked it up, but a target for a seq
        // that is not before the void is not taken on trust.
        if (target && target->isPayment && !target->alreadyVoided && f.refSeq >= 1 && f.refSeq < f.seq) {
            CountedAmount &v = b.voids[std::size_t(methodIndex(target->method))];
            v.count = 1;
            v.amount = target->amount;
            b.penalty = -target->penalty;
            b.prepaid = -target->prepaid;
        } else {
            b.invalidVoids = 1;
        }
        break;
    case EntryKind::Visit:
        b.visits[std::size_t(outcomeIndex(f.outcome))] = 1;
        break;
    case EntryKind::ReceiptPrinted:
        // Payment receipts only, as DailyTotals counts them.
        if (f.printedDocument() != PrintedDocument::Receipt)
            break;
        if (f.outcome <= 1)
            b.receiptsPrinted = 1;
        else
            b.receiptsReprinted = 1;
        break;
    case EntryKind::CashHandedOver:
        b.handedOver = {1, f.amount};
        break;
    case EntryKind::ShiftClosed:
        b.shiftsClosed = 1;
        b.counted = f.amount;
        b.difference = f.amount - f.prepaid; // counted − expected
        break;
    case EntryKind::ClockFlag:
        b.clockFlags = 1;
        break;
    case EntryKind::CashCounted: // the close carries the count that stands
    case EntryKind::Event:
        break;
    }
    return b;
}

void TotalsBucket::merge(const TotalsBucket &o)
{
    if (o.entries == 0)
        return;
    if (entries == 0 || o.firstSeq < firstSeq) {
        firstSeq = o.firstSeq;
        firstTimeMs = o.firstTimeMs;
    }
    if (entries == 0 || o.lastSeq > lastSeq) {
        lastSeq = o.lastSeq;
        lastTimeMs = o.lastTimeMs;
    }
    entries += o.entries;
    for (std::size_t i = 0; i < payments.size(); ++i) {
        payments[i].count += o.payments[i].count;
        payments[i].amount += o.payments[i].amount;
        voids[i].count += o.voids[i].count;
        voids[i].amount += o.voids[i].amount;
    }
    penalty += o.penalty;
    prepaid += o.prepaid;
    for (std::size_t i = 0; i < visits.size(); ++i)
        visits[i] += o.visits[i];
    receiptsPrinted += o.receiptsPrinted;
    receiptsReprinted += o.receiptsReprinted;
    handedOver.count += o.handedOver.count;
    handedOver.amount += o.handedOver.amount;
    openingFloat += o.openingFloat;
    shiftsOpened += o.shiftsOpened;
    shiftsClosed += o.shiftsClosed;
    counted += o.counted;
    difference += o.difference;
    clockFlags += o.clockFlags;
    invalidVoids += o.invalidVoids;
}

TotalsBucket TotalsBucket::Fold::add(const JournalFact &f)
{
    std::optional<VoidTarget> target;
    if (f.kind == EntryKind::Void && f.refSeq >= 1 && f.refSeq < f.seq && std::size_t(f.refSeq) <= m_memo.size()) {
        Memo &m = m_memo[std::size_t(f.refSeq - 1)];
        target = VoidTarget{
            m.method >= 0, m.method, Money::fromFen(m.amount), Money::fromFen(m.penalty), Money::fromFen(m.prepaid),
            m.voided};
        if (m.method >= 0)
            m.voided = true; // the first void takes effect; any later one is invalid
    }
    if (f.seq >= 1) {
        if (std::size_t(f.seq) > m_memo.size())
            m_memo.resize(std::size_t(f.seq));
        if (f.kind == EntryKind::Payment)
            m_memo[std::size_t(f.seq - 1)] =
                Memo{f.amount.fen(), f.penalty.fen(), f.prepaid.fen(), methodIndex(f.method), false};
    }
    return ofFact(f, target);
}
