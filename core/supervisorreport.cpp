#include "supervisorreport.h"

#include <QHash>
#include <QTimeZone>

#include <algorithm>

#include "journal.h"

SupervisorReport SupervisorReport::forDay(const Journal &journal, QDate day, const VillageOf &villageOf,
                                          int utcOffsetSeconds)
{
    SupervisorReport r;
    r.m_day = day;
    const DailyTotals::Filter filter = DailyTotals::Filter::onDay(day, utcOffsetSeconds);
    r.m_totals = DailyTotals::compute(journal, filter);
    r.m_hours = DailyTotals::byHour(journal, day, utcOffsetSeconds);

    const qint64 dayStartMs = day.startOfDay(QTimeZone(utcOffsetSeconds)).toMSecsSinceEpoch();
    const qint64 dayEndMs = dayStartMs + qint64(24) * 3600 * 1000;
    QHash<QString, VillageLine> villages;
    QHash<QString, QString> villageCache;
    const auto villageFor = [&](const QString &account) -> VillageLine & {
        auto cached = villageCache.constFind(account);
        if (cached == villageCache.cend())
            cached = villageCache.insert(account, villageOf ? villageOf(account) : QString());
        VillageLine &line = villages[*cached];
        line.village = *cached;
        return line;
    };
    // A void reverses its payment where the void is (DailyTotals' rule), so the payment is needed
    // even when it was taken on an earlier day: those are read one by one (voids are rare).
    QHash<qint64, JournalFact> payments; // the day's payments, not voided
    QSet<qint64> voided;
    const auto paymentFact = [&](qint64 seq) -> std::optional<JournalFact> {
        if (const auto it = payments.constFind(seq); it != payments.cend())
            return *it;
        const auto entry = journal.entry(seq);
        if (!entry || entry->kind != EntryKind::Payment)
            return std::nullopt;
        return JournalFact::fromEntry(*entry);
    };

    journal.forEachFact(1, journal.lastSeq(), [&](const JournalFact &f) {
        if (f.timeMs < dayStartMs || f.timeMs >= dayEndMs)
            return true;
        Exception e;
        e.seq = f.seq;
        e.timeMs = f.timeMs;
        e.collectorId = f.collectorId;
        switch (f.kind) {
        case EntryKind::Payment: {
            payments.insert(f.seq, f);
            VillageLine &v = villageFor(f.accountNumber);
            ++v.collected.count;
            v.collected.amount += f.amount;
            if (f.prepaid > Money()) {
                e.kind = Exception::Kind::Prepaid;
                e.accountNumber = f.accountNumber;
                e.amount = f.prepaid;
                r.m_exceptions.append(e);
            }
            break;
        }
        case EntryKind::Void: {
            e.kind = Exception::Kind::Void;
            e.refSeq = f.refSeq;
            const auto payment = voided.contains(f.refSeq) ? std::nullopt : paymentFact(f.refSeq);
            if (payment) {
                voided.insert(f.refSeq);
                e.accountNumber = payment->accountNumber;
                e.amount = payment->amount;
                VillageLine &v = villageFor(payment->accountNumber);
                --v.collected.count;
                v.collected.amount -= payment->amount;
                payments.remove(f.refSeq);
            }
            r.m_exceptions.append(e);
            break;
        }
        case EntryKind::Visit:
            ++villageFor(f.accountNumber).visits;
            r.m_visited.insert(f.accountNumber);
            break;
        case EntryKind::ShiftClosed:
            if (f.amount != f.prepaid) { // counted ≠ expected
                e.kind = Exception::Kind::CashDifference;
                e.amount = f.amount - f.prepaid;
                r.m_exceptions.append(e);
            }
            break;
        case EntryKind::ClockFlag:
            e.kind = Exception::Kind::ClockFlag;
            r.m_exceptions.append(e);
            break;
        case EntryKind::ReceiptPrinted:
            if (f.outcome > 1) {
                e.kind = Exception::Kind::Reprint;
                e.refSeq = f.refSeq;
                e.printCount = f.outcome;
                e.document = f.printedDocument();
                const auto payment = e.document == PrintedDocument::Receipt ? paymentFact(f.refSeq) : std::nullopt;
                if (payment)
                    e.accountNumber = payment->accountNumber;
                r.m_exceptions.append(e);
            }
            break;
        case EntryKind::CashCounted:
            if (f.outcome > 1) { // counted again after the expected figure was shown
                e.kind = Exception::Kind::Recount;
                e.amount = f.amount - f.prepaid;
                e.printCount = f.outcome;
                r.m_exceptions.append(e);
            }
            break;
        case EntryKind::ShiftOpened:
        case EntryKind::CashHandedOver:
        case EntryKind::Event: // the terminal's own life: the center lists a failed self-check
            break;
        }
        return true;
    });

    // Net of voids: a payment voided the same day leaves its account not paid.
    for (const JournalFact &f : std::as_const(payments))
        r.m_paid.insert(f.accountNumber);
    QHash<QString, QSet<QString>> served;
    for (const QString &account : std::as_const(r.m_paid))
        served[villageCache.value(account)].insert(account);
    for (const QString &account : std::as_const(r.m_visited))
        served[villageCache.value(account)].insert(account);
    for (auto it = served.cbegin(); it != served.cend(); ++it)
        villages[it.key()].accountsServed = it->size();

    r.m_villages = villages.values();
    std::sort(r.m_villages.begin(), r.m_villages.end(), [](const VillageLine &a, const VillageLine &b) {
        if (a.collected.amount != b.collected.amount)
            return b.collected.amount < a.collected.amount;
        return a.village < b.village;
    });
    return r;
}
