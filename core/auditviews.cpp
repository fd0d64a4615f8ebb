#include "auditviews.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

#include <cstdlib>
#include <limits>

#include "csvwriter.h"
#include "devicekey.h"

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(AuditViews)
};

struct ViewColumns
{
    const char *name;
    const char *columns; ///< comma-separated
};

// The views and their columns: part of the export's documented format (README in the export).
const QList<ViewColumns> &views()
{
    static const QList<ViewColumns> v{
        {"payments", "device,seq,receipt,time_utc,collector,shift_seq,account,method,amount,penalty,to_prepaid,"
                     "tendered,change,reference,still_owed,worklist_version"},
        {"allocations", "device,seq,receipt,bill,period,part,amount"},
        {"shifts", "device,shift_seq,opened_utc,collector,float"},
        {"voids", "device,seq,time_utc,collector,voided_seq,voided_receipt,account,amount,reason,supervisor"},
        {"visits", "device,seq,time_utc,collector,account,outcome,promised_date,note"},
        {"prints", "device,seq,time_utc,collector,document,entry_seq,print_count"},
        {"handovers", "device,seq,time_utc,collector,shift_seq,amount,received_by,denominations"},
        {"counts", "device,seq,time_utc,collector,shift_seq,count_number,counted,expected,difference,denominations"},
        {"zreports", "device,z_number,shift_seq,close_seq,collector,opened_utc,closed_utc,float,payments,payments_"
                     "amount,voids,voids_amount,collected,cash_handed_over,expected,counted,difference,supervisor,"
                     "perpetual_payments,perpetual_payments_amount,perpetual_voids,perpetual_voids_amount"},
        {"clockflags", "device,seq,time_utc,collector,wall_clock_utc,trusted_utc,reason"},
        {"events", "device,seq,time_utc,collector,event,detail,center_time_utc"},
    };
    return v;
}

QString path(const char *view)
{
    return QStringLiteral("views/%1.csv").arg(QLatin1String(view));
}

QString utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODateWithMs);
}

QString money(Money m)
{
    return m.toPlainString();
}

QString denominations(const QMap<qint64, qint64> &counts)
{
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts << QStringLiteral("%1x%2").arg(Money::fromFen(it.key()).toPlainString()).arg(it.value());
    return parts.join(QLatin1Char(' '));
}

} // namespace

AuditViews::AuditViews(qint64 fromMs, qint64 toMs)
    : m_fromMs(fromMs)
    , m_toMs(toMs)
{
    for (const ViewColumns &v : views())
        m_files[path(v.name)] = Csv::line(QString::fromLatin1(v.columns).split(QLatin1Char(',')));
}

AuditViews::~AuditViews() = default;

QStringList AuditViews::fileNames()
{
    QStringList names;
    for (const ViewColumns &v : views())
        names << path(v.name);
    return names;
}

std::map<QString, QByteArray> AuditViews::files() const
{
    return m_files;
}

void AuditViews::row(const QString &view, const QStringList &fields)
{
    m_files[view] += Csv::line(fields);
}

void AuditViews::finding(const char *rule, const JournalEntry &entry, const QString &message)
{
    m_findings.append(AuditFinding{QString::fromLatin1(rule), QStringLiteral("journals/%1.cbor").arg(entry.deviceId),
                                   entry.deviceId, entry.seq, message});
}

void AuditViews::beginDevice(const QString &deviceId)
{
    m_device = deviceId;
    m_facts.clear();
    m_voided.clear();
    m_shifts.clear();
    m_resolved.clear();
    m_perpetual = std::make_unique<DailyTotals>(DailyTotals::Filter::all());
    m_closes = 0;
    m_magnitude = 0;
    m_lastWitnessMs.reset();
    m_latestSinceWitness.reset();
}

void AuditViews::endDevice()
{
    m_facts.clear();
    m_voided.clear();
    m_shifts.clear();
    m_resolved.clear();
    m_perpetual.reset();
}

bool AuditViews::add(const JournalEntry &e)
{
    // Only a journal's next entry is folded: the verifier stops feeding a terminal at its first
    // problem, and nothing here may index by a seq it has not seen.
    if (e.seq != qint64(m_facts.size()) + 1)
        return false;
    const JournalFact fact = JournalFact::fromEntry(e);
    // Sums of amounts stay far from overflow (Money stops the program on one): a terminal's key
    // may sign absurd figures, and an audit reports them rather than dying on them.
    for (const Money m : {fact.amount, fact.penalty, fact.prepaid}) {
        m_magnitude += m.fen() < 0 ? -(m.fen() / 2) : m.fen() / 2;
        if (m.fen() > Money::MaxFen / 4 || m.fen() < -Money::MaxFen / 4 || m_magnitude > Money::MaxFen / 8) {
            finding("journal.implausible-amount", e,
                    Tr::tr("Entry %1 holds amounts no terminal's day could add up to; the views stop before it.")
                        .arg(e.seq));
            m_magnitude = std::numeric_limits<qint64>::max() / 2;
            return false;
        }
    }
    m_facts.push_back(fact);
    m_voided.push_back(false);
    const bool in = inPeriod(e.timeMs);
    const QString device = e.deviceId;
    const QString seq = QString::number(e.seq);
    const QString time = utc(e.timeMs);

    // A count or a close states the cash the entries before it expected: recompute it first.
    if (e.kind == EntryKind::CashCounted || e.kind == EntryKind::ShiftClosed) {
        const auto shift = m_shifts.find(e.shiftSeq);
        const Money recorded = fact.prepaid; // CashCounted, ShiftClosed: the expected cash
        if (shift == m_shifts.end())
            finding(
                e.kind == EntryKind::ShiftClosed ? "zreport.no-shift" : "count.no-shift", e,
                Tr::tr("Entry %1 counts the cash of a shift that is not open (entry %2).").arg(e.seq).arg(e.shiftSeq));
        else if (shift->second.expectedCashInHand() != recorded)
            finding(e.kind == EntryKind::ShiftClosed ? "zreport.expected-cash" : "count.expected-cash", e,
                    Tr::tr("Entry %1 says %2 was expected in hand; the shift's entries add up to %3.")
                        .arg(e.seq)
                        .arg(money(recorded), money(shift->second.expectedCashInHand())));
    }
    if (e.kind == EntryKind::ShiftClosed)
        checkPerpetualTotals(e);
    checkTimeWindow(e);

    if (e.kind == EntryKind::Void) {
        const qint64 target = fact.refSeq;
        const bool known = target >= 1 && target < e.seq && std::size_t(target) <= m_facts.size();
        if (!known || m_facts[std::size_t(target - 1)].kind != EntryKind::Payment)
            finding("void.no-original", e,
                    Tr::tr("Void %1 reverses entry %2, which is not an earlier payment of this terminal.")
                        .arg(e.seq)
                        .arg(target));
        else if (m_voided[std::size_t(target - 1)])
            finding("void.twice", e, Tr::tr("Void %1 reverses payment %2 a second time.").arg(e.seq).arg(target));
        else
            m_voided[std::size_t(target - 1)] = true;
    }

    // Fold into the open shifts and the perpetual totals, resolving voids of payments made
    // before a shift opened from the facts already seen (as DailyTotals::compute does).
    if (e.kind == EntryKind::ShiftOpened)
        m_shifts.emplace(e.seq, DailyTotals(DailyTotals::Filter::shift(e.seq)));
    const auto fold = [this, &fact](DailyTotals &totals, std::size_t &resolved) {
        totals.add(fact);
        const auto &targets = totals.unresolvedVoidTargets();
        for (; resolved < targets.size(); ++resolved) {
            const qint64 t = targets[resolved];
            if (t >= 1 && std::size_t(t) <= m_facts.size())
                totals.resolveVoid(m_facts[std::size_t(t - 1)]);
        }
    };
    for (auto &[opened, totals] : m_shifts)
        fold(totals, m_resolved[opened]);
    m_perpetual->add(fact); // from seq 1: every void's payment is in it

    switch (e.kind) {
    case EntryKind::Payment: {
        auto p = recordFromCbor<PaymentRecord>(e.body);
        if (!p || !in)
            break;
        const PaymentRecord &r = p.value();
        row(path("payments"),
            {device, seq, e.receiptNumber(), time, e.collectorId, QString::number(e.shiftSeq), r.accountNumber,
             paymentMethodKey(r.method), money(r.amount), money(fact.penalty), money(r.toPrepaid), money(r.tendered),
             money(r.change), r.reference, money(r.stillOwed), QString::number(r.worklistVersion)});
        for (const AllocationLine &l : r.allocation)
            row(path("allocations"),
                {device, seq, e.receiptNumber(), l.billId, l.period,
                 l.part == AllocationLine::Part::Penalty ? QStringLiteral("penalty") : QStringLiteral("principal"),
                 money(l.amount)});
        break;
    }
    case EntryKind::Void: {
        auto v = recordFromCbor<VoidRecord>(e.body);
        if (!v || !in)
            break;
        const qint64 target = v.value().voidedSeq;
        QString account;
        QString amount;
        if (target >= 1 && target < e.seq && m_facts[std::size_t(target - 1)].kind == EntryKind::Payment) {
            account = m_facts[std::size_t(target - 1)].accountNumber;
            amount = money(m_facts[std::size_t(target - 1)].amount);
        }
        JournalEntry original;
        original.deviceId = e.deviceId;
        original.seq = target;
        row(path("voids"), {device, seq, time, e.collectorId, QString::number(target), original.receiptNumber(),
                            account, amount, v.value().reason, v.value().supervisorId});
        break;
    }
    case EntryKind::Visit: {
        auto v = recordFromCbor<VisitRecord>(e.body);
        if (!v || !in)
            break;
        row(path("visits"),
            {device, seq, time, e.collectorId, v.value().accountNumber, visitOutcomeKey(v.value().outcome),
             v.value().promisedDate.toString(Qt::ISODate), v.value().note});
        break;
    }
    case EntryKind::ReceiptPrinted: {
        auto p = recordFromCbor<ReceiptPrintedRecord>(e.body);
        if (!p || !in)
            break;
        row(path("prints"), {device, seq, time, e.collectorId, printedDocumentKey(p.value().document),
                             QString::number(p.value().entrySeq), QString::number(p.value().printCount)});
        break;
    }
    case EntryKind::CashHandedOver: {
        auto h = recordFromCbor<CashHandedOverRecord>(e.body);
        if (!h || !in)
            break;
        row(path("handovers"), {device, seq, time, e.collectorId, QString::number(e.shiftSeq), money(h.value().amount),
                                h.value().receivedBy, denominations(h.value().denominations)});
        break;
    }
    case EntryKind::CashCounted: {
        auto c = recordFromCbor<CashCountedRecord>(e.body);
        if (!c || !in)
            break;
        const CashCountedRecord &r = c.value();
        row(path("counts"),
            {device, seq, time, e.collectorId, QString::number(e.shiftSeq), QString::number(r.countNumber),
             money(r.countedCash), money(r.expectedCash), money(r.difference()), denominations(r.denominations)});
        break;
    }
    case EntryKind::ShiftClosed: {
        auto c = recordFromCbor<ShiftClosedRecord>(e.body);
        if (c)
            closeShift(e, fact, c.value());
        break;
    }
    case EntryKind::ClockFlag: {
        auto f = recordFromCbor<ClockFlagRecord>(e.body);
        if (!f || !in)
            break;
        row(path("clockflags"), {device, seq, time, e.collectorId, utc(f.value().wallClockMs),
                                 utc(f.value().trustedTimeMs), f.value().reason});
        break;
    }
    case EntryKind::Event: {
        auto ev = recordFromCbor<EventRecord>(e.body);
        if (!ev || !in)
            break;
        const EventRecord &r = ev.value();
        row(path("events"), {device, seq, time, e.collectorId, eventKindKey(r.kind), r.detail,
                             r.kind == EventRecord::Kind::TimeWitnessed ? utc(r.centerTimeMs) : QString()});
        break;
    }
    case EntryKind::ShiftOpened:
        if (in) // closed ones have their Z-report too; this lists the open ones as well
            row(path("shifts"), {device, seq, time, e.collectorId, money(fact.amount)});
        break;
    }
    return true;
}

void AuditViews::checkTimeWindow(const JournalEntry &e)
{
    // A witness: the center signed its time when the terminal synced. Entries before it cannot be
    // later than that time, entries after it cannot be earlier (each with the terminal clock's
    // tolerance), so every entry's time lies between the two witnesses around it.
    std::optional<EventRecord> witness;
    if (e.kind == EntryKind::Event) {
        auto ev = recordFromCbor<EventRecord>(e.body);
        if (ev && ev->kind == EventRecord::Kind::TimeWitnessed)
            witness = std::move(ev).value();
    }
    if (witness && !m_centerKey.isEmpty() &&
        !DeviceKey::verify(m_centerKey, EventRecord::witnessMessage(e.deviceId, witness->centerTimeMs),
                           witness->centerSignature)) {
        finding("time.witness-signature", e,
                Tr::tr("Entry %1 records a time from the center that the center's key did not sign.").arg(e.seq));
        witness.reset(); // bounds nothing
    }
    if (!witness) {
        if (m_lastWitnessMs && e.timeMs < *m_lastWitnessMs - WitnessSlackMs)
            finding("time.before-witness", e,
                    Tr::tr("Entry %1 is dated %2, before the center's time %3 that the terminal had already "
                           "received.")
                        .arg(e.seq)
                        .arg(utc(e.timeMs), utc(*m_lastWitnessMs)));
        if (!m_latestSinceWitness || e.timeMs > m_latestSinceWitness->second)
            m_latestSinceWitness = std::pair{e.seq, e.timeMs};
        return;
    }
    const qint64 center = witness->centerTimeMs;
    if (m_latestSinceWitness && m_latestSinceWitness->second > center + WitnessSlackMs) {
        JournalEntry named = e;
        named.seq = m_latestSinceWitness->first;
        finding("time.after-witness", named,
                Tr::tr("Entry %1 is dated %2, after the center's time %3 witnessed at the next sync (entry %4).")
                    .arg(named.seq)
                    .arg(utc(m_latestSinceWitness->second), utc(center))
                    .arg(e.seq));
    }
    // The witness itself is journaled after the sync that brought the time (at the next entry).
    if (e.timeMs < center - WitnessSlackMs || (m_lastWitnessMs && center < *m_lastWitnessMs))
        finding("time.witness-out-of-order", e,
                Tr::tr("Entry %1 records the center's time %2 at %3, out of step with the entries around it.")
                    .arg(e.seq)
                    .arg(utc(center), utc(e.timeMs)));
    m_lastWitnessMs = std::max(center, m_lastWitnessMs.value_or(center));
    m_latestSinceWitness.reset();
}

void AuditViews::checkPerpetualTotals(const JournalEntry &e)
{
    const auto closing = recordFromCbor<ShiftClosedRecord>(e.body);
    if (!closing || !closing->hasPerpetualTotals())
        return; // a close made before they were recorded states none
    if (closing->zNumber != m_closes + 1)
        finding("zreport.number", e,
                Tr::tr("Close %1 calls itself Z-report %2; it is close number %3 of this terminal.")
                    .arg(e.seq)
                    .arg(closing->zNumber)
                    .arg(m_closes + 1));
    // The close adds no payment or void: the perpetual totals so far are those it must state.
    const CountedAmount paid = m_perpetual->payments();
    const CountedAmount voided = m_perpetual->voids();
    if (closing->everPaidCount != paid.count || closing->everPaid != paid.amount ||
        closing->everVoidedCount != voided.count || closing->everVoided != voided.amount)
        finding("zreport.perpetual", e,
                Tr::tr("Close %1 states %2 payments of %3 and %4 voids of %5 since the first entry; the entries add "
                       "up to %6 payments of %7 and %8 voids of %9.")
                    .arg(e.seq)
                    .arg(closing->everPaidCount)
                    .arg(money(closing->everPaid))
                    .arg(closing->everVoidedCount)
                    .arg(money(closing->everVoided))
                    .arg(paid.count)
                    .arg(money(paid.amount))
                    .arg(voided.count)
                    .arg(money(voided.amount)));
}

void AuditViews::closeShift(const JournalEntry &e, const JournalFact &fact, const ShiftClosedRecord &closing)
{
    ++m_closes; // Z numbers run 1, 2, 3 … per terminal, whatever the period shows
    const auto shift = m_shifts.find(e.shiftSeq);
    if (shift == m_shifts.end())
        return;
    const DailyTotals &t = shift->second;
    if (inPeriod(e.timeMs)) {
        const JournalFact &opened = m_facts[std::size_t(e.shiftSeq - 1)];
        const CountedAmount payments = t.payments();
        const CountedAmount voids = t.voids();
        const CountedAmount everPaid = m_perpetual->payments();
        const CountedAmount everVoided = m_perpetual->voids();
        row(path("zreports"), {e.deviceId,
                               QString::number(m_closes),
                               QString::number(e.shiftSeq),
                               QString::number(e.seq),
                               e.collectorId,
                               utc(opened.timeMs),
                               utc(fact.timeMs),
                               money(t.openingFloat()),
                               QString::number(payments.count),
                               money(payments.amount),
                               QString::number(voids.count),
                               money(voids.amount),
                               money(t.collected().amount),
                               money(t.cashHandedOver().amount),
                               money(closing.expectedCash),
                               money(closing.countedCash),
                               money(closing.difference()),
                               closing.supervisorId,
                               QString::number(everPaid.count),
                               money(everPaid.amount),
                               QString::number(everVoided.count),
                               money(everVoided.amount)});
    }
    m_resolved.erase(shift->first);
    m_shifts.erase(shift);
}
