#include "collectiondesk.h"

#include <QCoreApplication>
#include <QDateTime>

#include "journal.h"
#include "journalverifier.h"
#include "pingate.h"
#include "routestore.h"
#include "trustedclock.h"

namespace {

Error deskError(const char *code, const QString &message)
{
    return Error{QString::fromLatin1(code), message};
}

// One translation context for the whole file, including free functions and helper types, in a
// form lupdate understands.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(CollectionDesk)
};

bool hasControlCharacter(const QString &text)
{
    for (QChar c : text) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return true;
    }
    return false;
}

constexpr qsizetype MaxTextLength = 500;
constexpr int MaxPromiseDays = 366;

} // namespace

CollectionDesk::CollectionDesk(Journal &journal, const RouteStore &route, const Roster &roster, TrustedClock &clock,
                               PinGate &gate, ExposurePolicy exposure, QByteArray devicePublicKey)
    : m_journal(journal)
    , m_route(route)
    , m_roster(roster)
    , m_clock(clock)
    , m_gate(gate)
    , m_exposure(exposure)
    , m_publicKey(std::move(devicePublicKey))
{
}

CollectionDesk::~CollectionDesk() = default;

// ---- State.

void CollectionDesk::track(const JournalFact &f)
{
    switch (f.kind) {
    case EntryKind::ShiftOpened:
        m_shiftSeq = f.seq;
        m_shiftCollector = f.collectorId;
        m_lastCountSeq = 0;
        break;
    case EntryKind::ShiftClosed:
        if (f.shiftSeq == m_shiftSeq) {
            m_shiftSeq = 0;
            m_shiftCollector.clear();
            m_lastCountSeq = 0;
        }
        break;
    case EntryKind::CashCounted:
        if (f.shiftSeq == m_shiftSeq && m_shiftSeq != 0)
            m_lastCountSeq = f.seq;
        break;
    case EntryKind::Payment:
        m_paymentsByAccount[f.accountNumber].append(f.seq);
        m_paymentShift.insert(f.seq, f.shiftSeq);
        break;
    case EntryKind::Void:
        m_voided.insert(f.refSeq);
        break;
    case EntryKind::ReceiptPrinted:
        m_printCounts[f.refSeq] = std::max(m_printCounts.value(f.refSeq), f.outcome);
        break;
    case EntryKind::Visit:
    case EntryKind::CashHandedOver:
    case EntryKind::ClockFlag:
    case EntryKind::Event:
        break;
    }
}

Status CollectionDesk::open()
{
    m_opened = true;
    m_fault.reset();
    m_shiftSeq = 0;
    m_shiftCollector.clear();
    m_lastCountSeq = 0;
    m_paymentsByAccount.clear();
    m_paymentShift.clear();
    m_voided.clear();
    m_printCounts.clear();
    m_pendingWitness.reset();

    // Every seq, link, hash and derived column; signatures on the chain heads, which vouch for
    // every entry before them (a forged entry breaks the chain up to a signed head).
    const VerifyReport report =
        verifyJournal(m_journal, m_publicKey, m_ackedSeq, JournalVerifier::Signatures::ChainHeads);
    if (!report.ok) {
        m_fault = deskError("desk.journal-damaged",
                            QCoreApplication::translate("CollectionDesk",
                                                        "This terminal's journal failed its check at entry %1: %2 "
                                                        "No payments can be taken. Call your supervisor; do not "
                                                        "reset the terminal.")
                                .arg(report.firstBadSeq)
                                .arg(report.problem.message));
        return *m_fault;
    }
    m_journal.forEachFact(1, m_journal.lastSeq(), [this](const JournalFact &f) {
        track(f);
        return true;
    });
    // A witness from the last sync that no entry has followed yet.
    const QStringList kept = m_journal.state(PendingWitnessState).split(QLatin1Char(' '));
    if (kept.size() == 2) {
        bool ok = false;
        const qint64 centerTimeMs = kept.at(0).toLongLong(&ok);
        const QByteArray signature = QByteArray::fromBase64(kept.at(1).toLatin1());
        if (ok && centerTimeMs > 0 && signature.size() == 64)
            m_pendingWitness = EventRecord{EventRecord::Kind::TimeWitnessed, QString(), centerTimeMs, signature};
    }
    return success();
}

void CollectionDesk::setAcknowledgedSeq(qint64 seq)
{
    m_ackedSeq = std::max(m_ackedSeq, seq);
}

Status CollectionDesk::syncedWithCenter(qint64 centerTimeMs, qint64 acknowledgedSeq, const QByteArray &timeWitness)
{
    setAcknowledgedSeq(acknowledgedSeq);
    if (auto st = m_clock.syncWithCenter(centerTimeMs); !st)
        return st;
    if (timeWitness.isEmpty())
        return success();
    // Kept, not journaled now: the witness goes in just before the next entry (append()), so it
    // bounds the entries before it from above and those after it from below, and a sync with
    // nothing new leaves nothing new to sync. Kept with the journal across a restart.
    m_pendingWitness = EventRecord{EventRecord::Kind::TimeWitnessed, QString(), centerTimeMs, timeWitness};
    return m_journal.setState(PendingWitnessState, QString::number(centerTimeMs) + QLatin1Char(' ') +
                                                       QString::fromLatin1(timeWitness.toBase64()));
}

Status CollectionDesk::recordEvent(EventRecord::Kind kind, const QString &detail)
{
    if (auto st = requireWritable(); !st)
        return st;
    EventRecord event;
    event.kind = kind;
    event.detail = detail.left(EventRecord::MaxDetailChars);
    m_pendingEvents.append(event);
    const auto now = m_clock.now();
    if (!now)
        return success(); // kept: journaled with the first trusted time
    return journalPendingEvents(*now);
}

Status CollectionDesk::keepPendingEvents(const QList<EventRecord> &events)
{
    if (auto st = requireWritable(); !st)
        return st;
    m_pendingEvents = events + m_pendingEvents;
    const auto now = m_clock.now();
    return now ? journalPendingEvents(*now) : success();
}

Status CollectionDesk::journalPendingEvents(qint64 nowMs)
{
    while (!m_pendingEvents.isEmpty()) {
        const auto entry = append(EntryKind::Event, toCbor(m_pendingEvents.first()), nowMs, m_shiftSeq);
        if (!entry)
            return entry.error();
        m_pendingEvents.removeFirst();
    }
    return success();
}

// ---- Guards.

Status CollectionDesk::requireWritable() const
{
    if (!m_opened)
        return deskError("desk.not-open", Tr::tr("The collection desk is not open yet."));
    if (m_fault)
        return *m_fault;
    return success();
}

Status CollectionDesk::requireSession()
{
    if (auto st = requireWritable(); !st)
        return st;
    return m_gate.touch();
}

Status CollectionDesk::requireOwnShift()
{
    if (auto st = requireSession(); !st)
        return st;
    if (m_shiftSeq == 0)
        return deskError("desk.no-shift", Tr::tr("No shift is open. Open a shift first."));
    if (m_shiftCollector != m_gate.state().collectorId)
        return deskError("desk.shift-of-other",
                         QCoreApplication::translate("CollectionDesk", "The open shift belongs to %1. %1 must close "
                                                                       "it before anyone else collects.")
                             .arg(m_shiftCollector));
    return success();
}

Status CollectionDesk::journalClockFlags()
{
    m_pendingFlags.append(m_clock.takeFlags());
    if (m_fault)
        return success(); // kept for the next desk; a damaged journal takes no more entries
    while (!m_pendingFlags.isEmpty()) {
        const ClockFlagRecord flag = m_pendingFlags.first();
        const auto entry = append(EntryKind::ClockFlag, toCbor(flag), flag.trustedTimeMs, m_shiftSeq);
        if (!entry)
            return entry.error();
        m_pendingFlags.removeFirst();
    }
    return success();
}

Result<qint64> CollectionDesk::trustedNow()
{
    auto now = m_clock.now();
    // Flags are journaled even when the clock blocks collection: that is when they matter.
    if (auto st = journalClockFlags(); !st)
        return st.error();
    if (now && !m_fault)
        if (auto st = journalPendingEvents(*now); !st)
            return st.error();
    return now;
}

Result<Collector> CollectionDesk::checkSupervisor(const QString &supervisorId, QStringView pin)
{
    if (auto st = m_gate.mayAttempt(); !st)
        return st.error();
    if (supervisorId == m_gate.state().collectorId)
        return deskError("desk.self-approval", Tr::tr("A supervisor cannot approve their own shift's correction: "
                                                      "another supervisor must enter their PIN."));
    return authenticateSupervisor(supervisorId, pin);
}

Result<Collector> CollectionDesk::authenticateSupervisor(const QString &supervisorId, QStringView pin)
{
    if (auto st = m_gate.mayAttempt(); !st)
        return st.error();
    auto supervisor = m_roster.authenticateSupervisor(supervisorId, pin);
    if (!supervisor) {
        m_gate.recordFailure();
        return supervisor.error();
    }
    m_gate.clearFailures();
    return supervisor;
}

Result<Account> CollectionDesk::findAccount(QStringView accountNumber) const
{
    if (!m_route.hasRoute())
        return deskError("desk.no-route", Tr::tr("No route is loaded on this terminal. Sync to get today's route."));
    auto number = m_route.header().numberRule.validate(accountNumber);
    if (!number)
        return number.error();
    auto account = m_route.findByNumber(*number);
    if (!account)
        return deskError(
            "desk.unknown-account",
            QCoreApplication::translate("CollectionDesk", "Account %1 is not on this terminal's route.").arg(*number));
    return *account;
}

Result<JournalEntry> CollectionDesk::append(EntryKind kind, const QCborMap &body, qint64 timeMs, qint64 shiftSeq)
{
    if (m_pendingWitness) {
        // The center's time from the last sync, before the first entry since; kept for later
        // when the journal would refuse the entry itself (a lock, a wipe pending).
        if (auto allowed = m_journal.appendAllowed(kind); !allowed)
            return allowed.error();
        const EventRecord witness = *m_pendingWitness;
        auto journaled = m_journal.append(EntryKind::Event, toCbor(witness), std::max(timeMs, witness.centerTimeMs),
                                          m_gate.state().collectorId, shiftSeq);
        if (!journaled)
            return journaled.error();
        track(JournalFact::fromEntry(*journaled));
        m_pendingWitness.reset();
        (void)m_journal.setState(PendingWitnessState, QString()); // journaled: a restart must not repeat it
    }
    auto entry = m_journal.append(kind, body, timeMs, m_gate.state().collectorId, shiftSeq);
    if (entry)
        track(JournalFact::fromEntry(*entry));
    return entry;
}

// ---- Who is at the keypad.

Result<Collector> CollectionDesk::login(const QString &collectorId, QStringView pin)
{
    if (auto st = m_gate.mayAttempt(); !st)
        return st.error();
    auto collector = m_roster.authenticate(collectorId, pin);
    if (!collector) {
        m_gate.recordFailure();
        return collector.error();
    }
    m_gate.recordSuccess(collector->id);
    return collector;
}

void CollectionDesk::logout()
{
    // Nothing is discarded: the journal keeps every entry, synced or not.
    m_gate.endSession();
}

QString CollectionDesk::currentCollectorId() const
{
    return m_gate.state().collectorId;
}

// ---- The shift.

Result<JournalEntry> CollectionDesk::openShift(Money openingFloat)
{
    if (auto st = requireSession(); !st)
        return st.error();
    if (m_shiftSeq != 0)
        return deskError("desk.shift-open",
                         QCoreApplication::translate("CollectionDesk", "A shift of %1 is still open (entry %2). "
                                                                       "Close it before opening another.")
                             .arg(m_shiftCollector)
                             .arg(m_shiftSeq));
    if (openingFloat.isNegative())
        return deskError("desk.bad-float", Tr::tr("The opening float cannot be negative."));
    const auto now = trustedNow();
    if (!now)
        return now.error();
    // The opening entry carries its own seq as its shift: every entry of a shift, this one too.
    return append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{openingFloat}), *now, m_journal.lastSeq() + 1);
}

DailyTotals CollectionDesk::shiftTotals() const
{
    if (m_shiftSeq == 0)
        return DailyTotals(DailyTotals::Filter::shift(0));
    return DailyTotals::compute(m_journal, DailyTotals::Filter::shift(m_shiftSeq), m_shiftSeq);
}

ExposureState CollectionDesk::exposureState(qint64 nowMs) const
{
    ExposureState s;
    s.cashInHand = shiftTotals().expectedCashInHand();
    if (const auto center = m_clock.lastCenterTimeMs())
        s.msSinceSync = std::max<qint64>(0, nowMs - *center);
    s.unsyncedEntries = std::max<qint64>(0, m_journal.lastSeq() - m_ackedSeq);
    return s;
}

ExposurePolicy::Assessment CollectionDesk::exposure()
{
    const auto now = m_clock.now();
    return m_exposure.assess(exposureState(now ? *now : m_clock.lastTrustedMs()));
}

std::optional<qint64> CollectionDesk::msUntilExposureChanges()
{
    const auto now = m_clock.now();
    return m_exposure.msUntilNextChange(exposureState(now ? *now : m_clock.lastTrustedMs()));
}

// ---- At the door.

Result<CollectionDesk::Quote> CollectionDesk::quoteAt(const Account &account, QDate asOf) const
{
    Quote q;
    q.account = account;
    q.worklistVersion = m_route.header().version;
    const PenaltyPolicy &policy = m_route.header().policy;
    const QList<Bill> bills = m_route.openBills(account.number);
    const Arrears snapshot = Arrears::compute(account, bills, policy, asOf);

    // The snapshot knows nothing of this device's payments the center had not applied when it
    // cut the worklist: those not yet acknowledged, and those taken against this very snapshot.
    // (A payment acknowledged before a newer worklist was fetched is in that worklist.)
    struct Paid
    {
        Money principal;
        Money penalty;
        Money penaltyStopped; ///< penalty the paid principal would have earned after it was paid
    };
    QHash<QString, Paid> paidByBill;
    Money prepaid = account.prepaidBalance;
    for (qint64 seq : m_paymentsByAccount.value(account.number)) {
        if (m_voided.contains(seq))
            continue;
        const auto entry = m_journal.entry(seq);
        if (!entry)
            return deskError("desk.journal-unreadable",
                             QCoreApplication::translate("CollectionDesk", "Entry %1 cannot be read.").arg(seq));
        const auto payment = recordFromCbor<PaymentRecord>(entry->body);
        if (!payment)
            return payment.error();
        if (seq <= m_ackedSeq && payment->worklistVersion < q.worklistVersion)
            continue;
        q.unreflectedPayments += payment->amount;
        prepaid += payment->toPrepaid;
        const QDate paidOn = TrustedClock::dateOf(entry->timeMs, m_clock.options().utcOffsetSeconds);
        for (const AllocationLine &line : payment->allocation) {
            Paid &paid = paidByBill[line.billId];
            if (line.part == AllocationLine::Part::Penalty) {
                paid.penalty += line.amount;
                continue;
            }
            paid.principal += line.amount;
            // Principal paid stops earning penalty the day it is paid. On the day itself this is
            // exactly zero, so a same-day quote after a payment shows what the payment left.
            for (const BillArrears &b : snapshot.bills) {
                if (b.bill.id != line.billId)
                    continue;
                Bill piece = b.bill;
                piece.amount = line.amount;
                piece.amountPaid = Money();
                piece.penaltyCarried = Money(); // carried once, on the bill itself
                paid.penaltyStopped += policy.penaltyFor(piece, account.customerClass, asOf) -
                                       policy.penaltyFor(piece, account.customerClass, paidOn);
            }
        }
    }

    Arrears &a = q.arrears;
    a.asOf = asOf;
    a.prepaidBalance = prepaid;
    for (BillArrears b : snapshot.bills) {
        const Paid paid = paidByBill.value(b.bill.id);
        b.bill.amountPaid = minOf(b.bill.amount, b.bill.amountPaid + paid.principal);
        const Money penalty = b.penalty - paid.penaltyStopped - paid.penalty;
        b.penalty = penalty.isPositive() ? penalty : Money();
        if (!b.due().isPositive())
            continue;
        a.principal += b.bill.outstanding();
        a.penalty += b.penalty;
        a.bills.append(b);
    }
    a.minimumTopUp = minOf(snapshot.minimumTopUp, a.penalty);
    return q;
}

Result<CollectionDesk::Quote> CollectionDesk::quote(QStringView accountNumber)
{
    if (!m_opened)
        return deskError("desk.not-open", Tr::tr("The collection desk is not open yet."));
    if (auto st = m_gate.touch(); !st)
        return st.error();
    auto account = findAccount(accountNumber);
    if (!account)
        return account.error();
    const auto now = trustedNow();
    if (!now)
        return now.error();
    return quoteAt(*account, TrustedClock::dateOf(*now, m_clock.options().utcOffsetSeconds));
}

Result<Allocation> CollectionDesk::previewPayment(QStringView accountNumber, std::optional<Money> amount)
{
    const auto q = quote(accountNumber);
    if (!q)
        return q.error();
    // The order takePayment allocates in: the screen never shows a split the entry would not hold.
    return Allocation::allocate(q->arrears, amount.value_or(q->arrears.total()), m_route.header().allocationOrder);
}

Result<QDate> CollectionDesk::trustedToday()
{
    if (!m_opened)
        return deskError("desk.not-open", Tr::tr("The collection desk is not open yet."));
    const auto now = trustedNow();
    if (!now)
        return now.error();
    return TrustedClock::dateOf(*now, m_clock.options().utcOffsetSeconds);
}

Result<QList<Money>> CollectionDesk::owedOn(const QList<Account> &accounts, QDate today) const
{
    QList<Money> list;
    list.reserve(accounts.size());
    for (const Account &account : accounts) {
        const auto q = quoteAt(account, today);
        if (!q)
            return q.error();
        list.append(q->arrears.total());
    }
    return list;
}

Result<QList<Money>> CollectionDesk::owed(const QList<Account> &accounts)
{
    const auto today = trustedToday();
    if (!today)
        return today.error();
    return owedOn(accounts, *today);
}

Result<QList<RouteStore::VillageSummary>> CollectionDesk::villagesOwed()
{
    const auto today = trustedToday(); // once for the whole route
    if (!today)
        return today.error();
    QList<RouteStore::VillageSummary> villages;
    for (const QString &village : m_route.villages()) {
        const QList<Account> accounts = m_route.accountsInVillage(village);
        const auto owedNow = owedOn(accounts, *today);
        if (!owedNow)
            return owedNow.error();
        RouteStore::VillageSummary v{village, accounts.size(), 0, Money()};
        for (const Money &m : *owedNow) {
            v.owing += m.isPositive() ? 1 : 0;
            v.owed += m;
        }
        villages.append(v);
    }
    return villages;
}

Result<CollectionDesk::PaymentTaken> CollectionDesk::takePayment(QStringView accountNumber, Money amount,
                                                                 PaymentMethod method, Money tendered,
                                                                 const QString &reference)
{
    if (auto st = requireOwnShift(); !st)
        return st.error();
    if (m_lastCountSeq != 0)
        return deskError("desk.shift-closing", Tr::tr("The cash has been counted for closing: no more payments in "
                                                      "this shift. Close it, then open a new one."));
    auto account = findAccount(accountNumber);
    if (!account)
        return account.error();
    if (!amount.isPositive())
        return deskError("desk.bad-amount", Tr::tr("The amount must be more than zero."));

    PaymentRecord record;
    record.accountNumber = account->number;
    record.method = method;
    record.amount = amount;
    switch (method) {
    case PaymentMethod::Cash:
        if (tendered < amount)
            return deskError("desk.tendered-short",
                             QCoreApplication::translate("CollectionDesk", "Cash received (%1) is less than the amount "
                                                                           "(%2).")
                                 .arg(tendered.format(), amount.format()));
        if (!reference.trimmed().isEmpty())
            return deskError("desk.cash-reference", Tr::tr("A cash payment has no slip or voucher reference."));
        record.tendered = tendered;
        record.change = tendered - amount;
        break;
    case PaymentMethod::BankCard:
    case PaymentMethod::RechargeVoucher:
    case PaymentMethod::BankTransfer:
        if (!tendered.isZero() && tendered != amount)
            return deskError("desk.tendered-mismatch",
                             Tr::tr("For a card, voucher or bank payment the amount received is the amount paid."));
        if (reference.trimmed().isEmpty())
            return deskError("desk.reference-missing",
                             Tr::tr("Enter the card slip, voucher or bank transfer reference."));
        if (reference.size() > 64 || hasControlCharacter(reference))
            return deskError("desk.reference-bad", Tr::tr("The reference is too long or holds invisible characters."));
        record.tendered = amount;
        record.reference = reference.trimmed();
        break;
    default:
        return deskError("desk.bad-method", Tr::tr("Unknown payment method."));
    }

    const auto now = trustedNow();
    if (!now)
        return now.error();
    if (method == PaymentMethod::Cash) {
        if (auto st = m_exposure.checkCashPayment(exposureState(*now), amount); !st)
            return st.error();
    }
    const auto quote = quoteAt(*account, TrustedClock::dateOf(*now, m_clock.options().utcOffsetSeconds));
    if (!quote)
        return quote.error();
    auto allocation = Allocation::allocate(quote->arrears, amount, m_route.header().allocationOrder);
    if (!allocation)
        return allocation.error();
    record.allocation = allocation->lines;
    record.toPrepaid = allocation->toPrepaid;
    record.stillOwed = allocation->stillOwed;
    record.worklistVersion = quote->worklistVersion;

    auto entry = append(EntryKind::Payment, toCbor(record), *now, m_shiftSeq);
    if (!entry)
        return entry.error();
    return PaymentTaken{std::move(entry).value(), record, m_exposure.assess(exposureState(*now))};
}

Result<JournalEntry> CollectionDesk::recordVisit(QStringView accountNumber, VisitOutcome outcome, QDate promisedDate,
                                                 const QString &note)
{
    if (auto st = requireOwnShift(); !st)
        return st.error();
    auto account = findAccount(accountNumber);
    if (!account)
        return account.error();
    if (int(outcome) < int(VisitOutcome::NotHome) || int(outcome) > int(VisitOutcome::Note))
        return deskError("desk.bad-outcome", Tr::tr("Unknown visit outcome."));
    if (note.size() > MaxTextLength || hasControlCharacter(note))
        return deskError("desk.bad-note", Tr::tr("The note is too long or holds invisible characters."));
    if (outcome == VisitOutcome::Note && note.trimmed().isEmpty())
        return deskError("desk.note-missing", Tr::tr("Write the note."));
    const auto now = trustedNow();
    if (!now)
        return now.error();
    const QDate today = TrustedClock::dateOf(*now, m_clock.options().utcOffsetSeconds);
    if (outcome == VisitOutcome::PromisedToPay) {
        if (!promisedDate.isValid())
            return deskError("desk.promise-date-missing", Tr::tr("Enter the date the customer promised to pay."));
        if (promisedDate < today || promisedDate > today.addDays(MaxPromiseDays))
            return deskError("desk.promise-date-bad",
                             QCoreApplication::translate("CollectionDesk", "The promised date must be from today "
                                                                           "(%1) to a year ahead.")
                                 .arg(today.toString(Qt::ISODate)));
    } else if (promisedDate.isValid()) {
        return deskError("desk.promise-date-unexpected", Tr::tr("Only a promise to pay has a date."));
    }
    return append(EntryKind::Visit, toCbor(VisitRecord{account->number, outcome, promisedDate, note.trimmed()}), *now,
                  m_shiftSeq);
}

Status CollectionDesk::checkVoidReason(const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return deskError("desk.void-no-reason", Tr::tr("Give the reason for the void."));
    if (reason.size() > MaxTextLength || hasControlCharacter(reason))
        return deskError("desk.bad-reason", Tr::tr("The reason is too long or holds invisible characters."));
    return success();
}

Result<JournalEntry> CollectionDesk::voidPayment(qint64 paymentSeq, const QString &reason, const QString &supervisorId,
                                                 QStringView supervisorPin)
{
    if (auto st = requireOwnShift(); !st)
        return st.error();
    if (!m_paymentShift.contains(paymentSeq))
        return deskError("desk.void-not-payment",
                         QCoreApplication::translate("CollectionDesk", "Entry %1 is not a payment.").arg(paymentSeq));
    if (m_voided.contains(paymentSeq))
        return deskError("desk.void-twice",
                         QCoreApplication::translate("CollectionDesk", "Payment %1 is already void.").arg(paymentSeq));
    if (m_paymentShift.value(paymentSeq) != m_shiftSeq)
        return deskError(
            "desk.void-other-shift",
            Tr::tr("Only a payment of the open shift can be voided here; the center corrects older ones."));
    if (const Status st = checkVoidReason(reason); !st.ok())
        return st.error();
    if (m_lastCountSeq != 0)
        return deskError("desk.shift-closing", Tr::tr("The cash has been counted for closing: no more corrections."));
    const auto supervisor = checkSupervisor(supervisorId, supervisorPin);
    if (!supervisor)
        return supervisor.error();
    const auto now = trustedNow();
    if (!now)
        return now.error();
    return append(EntryKind::Void, toCbor(VoidRecord{paymentSeq, reason.trimmed(), supervisor->id}), *now, m_shiftSeq);
}

Result<JournalEntry> CollectionDesk::recordReceiptPrint(qint64 paymentSeq)
{
    return recordPrint(PrintedDocument::Receipt, paymentSeq);
}

Result<JournalEntry> CollectionDesk::recordPrint(PrintedDocument document, qint64 entrySeq)
{
    if (auto st = requireSession(); !st)
        return st.error();
    if (document == PrintedDocument::Receipt) {
        if (!m_paymentShift.contains(entrySeq))
            return deskError("desk.receipt-not-payment",
                             QCoreApplication::translate("CollectionDesk", "Entry %1 is not a payment.").arg(entrySeq));
    } else {
        // A void's slip names a void, a Z-report a shift close: a print is never journaled
        // against an entry it does not print. Rare enough to read the entry back.
        const EntryKind printed = document == PrintedDocument::VoidSlip ? EntryKind::Void : EntryKind::ShiftClosed;
        const auto entry = entrySeq >= 1 && entrySeq <= m_journal.lastSeq() ? m_journal.entry(entrySeq) : std::nullopt;
        if (!entry || entry->kind != printed)
            return deskError(
                "desk.print-wrong-entry",
                QCoreApplication::translate("CollectionDesk", "Entry %1 is not what was printed.").arg(entrySeq));
    }
    // A print of a payment voided meanwhile is journaled too: it happened (it was under way when
    // the void came; the print queue starts no print of a voided payment after that).
    const auto now = trustedNow();
    if (!now)
        return now.error();
    const int count = m_printCounts.value(entrySeq) + 1;
    return append(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{entrySeq, count, document}), *now, m_shiftSeq);
}

Result<JournalEntry> CollectionDesk::handOverCash(const QMap<qint64, qint64> &denominations, const QString &receiverId,
                                                  QStringView receiverPin)
{
    if (auto st = requireOwnShift(); !st)
        return st.error();
    if (m_lastCountSeq != 0)
        return deskError("desk.shift-closing", Tr::tr("The cash has been counted for closing: hand it over with the "
                                                      "close."));
    const auto count = CashCount::fromCounts(denominations);
    if (!count)
        return count.error();
    const Money amount = count->total();
    if (!amount.isPositive())
        return deskError("desk.bad-amount", Tr::tr("Count the notes and coins handed over."));
    if (receiverId.trimmed().isEmpty())
        return deskError("desk.handover-receiver", Tr::tr("Choose who receives the cash."));
    if (receiverId.trimmed() == m_gate.state().collectorId)
        return deskError("desk.handover-self", Tr::tr("Cash is handed over to someone else."));
    const Money inHand = shiftTotals().expectedCashInHand();
    if (amount > inHand)
        return deskError(
            "desk.handover-exceeds",
            QCoreApplication::translate("CollectionDesk", "%1 is more than the cash the journal says you hold (%2).")
                .arg(amount.format(), inHand.format()));
    // The receiver signs for it with their PIN: only a supervisor takes cash from a collector.
    const auto receiver = checkSupervisor(receiverId.trimmed(), receiverPin);
    if (!receiver)
        return receiver.error();
    const auto now = trustedNow();
    if (!now)
        return now.error();
    return append(EntryKind::CashHandedOver, toCbor(CashHandedOverRecord{amount, receiver->id, count->counts()}), *now,
                  m_shiftSeq);
}

// ---- End of the shift.

Result<CollectionDesk::CountResult> CollectionDesk::countCash(const QMap<qint64, qint64> &denominations)
{
    if (auto st = requireOwnShift(); !st)
        return st.error();
    auto count = CashCount::fromCounts(denominations);
    if (!count)
        return count.error();
    const auto now = trustedNow();
    if (!now)
        return now.error();
    // Journaled before anyone sees the expected figure: a recount is then a second entry, never
    // a quiet do-over.
    CashCountedRecord record;
    record.countedCash = count->total();
    record.expectedCash = shiftTotals().expectedCashInHand();
    record.denominations = count->counts();
    const auto last = lastCount();
    record.countNumber = last ? last->countNumber + 1 : 1;
    if (const auto entry = append(EntryKind::CashCounted, toCbor(record), *now, m_shiftSeq); !entry)
        return entry.error();
    return CountResult{record.countedCash, record.expectedCash, record.countNumber};
}

std::optional<CollectionDesk::CountResult> CollectionDesk::lastCount() const
{
    if (m_lastCountSeq == 0)
        return std::nullopt;
    const auto entry = m_journal.entry(m_lastCountSeq);
    const auto record = entry ? recordFromCbor<CashCountedRecord>(entry->body) : Result<CashCountedRecord>(Error{});
    if (!record)
        return std::nullopt;
    return CountResult{record->countedCash, record->expectedCash, record->countNumber};
}

Result<ZReport> CollectionDesk::closeShift(const QMap<qint64, qint64> &denominations, const QString &supervisorId,
                                           QStringView supervisorPin)
{
    if (auto st = requireOwnShift(); !st)
        return st.error();
    if (m_lastCountSeq == 0) {
        const auto counted = countCash(denominations);
        if (!counted)
            return counted.error();
    }
    const auto countEntry = m_journal.entry(m_lastCountSeq);
    const auto count =
        countEntry ? recordFromCbor<CashCountedRecord>(countEntry->body) : Result<CashCountedRecord>(Error{});
    if (!count)
        return deskError("desk.journal-damaged", Tr::tr("The shift's cash count cannot be read back. Call your "
                                                        "supervisor."));
    if (!denominations.isEmpty()) {
        const auto again = CashCount::fromCounts(denominations);
        if (!again || again->counts() != count->denominations)
            return deskError("desk.count-differs", Tr::tr("These notes and coins differ from the last count. Count "
                                                          "again: the new count is recorded beside the first."));
    }
    ShiftClosedRecord record;
    record.countedCash = count->countedCash;
    record.denominations = count->denominations;
    record.expectedCash = shiftTotals().expectedCashInHand();
    if (record.countedCash != record.expectedCash || !supervisorId.isEmpty()) {
        if (supervisorId.isEmpty())
            return deskError(
                "desk.close-needs-supervisor",
                QCoreApplication::translate("CollectionDesk", "Counted %1, the journal expects %2: a "
                                                              "difference of %3. A supervisor must "
                                                              "approve with their PIN.")
                    .arg(record.countedCash.format(), record.expectedCash.format(), record.difference().format()));
        const auto supervisor = checkSupervisor(supervisorId, supervisorPin);
        if (!supervisor)
            return supervisor.error();
        record.supervisorId = supervisor->id;
    }
    // The perpetual totals and the Z number, from the journal's totals (a sum of hour rows): the
    // close adds no payment, so the entries before it are the whole count.
    const DailyTotals ever = DailyTotals::compute(m_journal, DailyTotals::Filter::all());
    record.zNumber = ever.shiftsClosed() + 1;
    record.everPaidCount = ever.payments().count;
    record.everPaid = ever.payments().amount;
    record.everVoidedCount = ever.voids().count;
    record.everVoided = ever.voids().amount;
    const auto now = trustedNow();
    if (!now)
        return now.error();
    const qint64 shiftSeq = m_shiftSeq;
    const auto entry = append(EntryKind::ShiftClosed, toCbor(record), *now, shiftSeq);
    if (!entry)
        return entry.error();
    return ZReport::forShift(m_journal, shiftSeq);
}
