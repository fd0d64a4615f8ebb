#pragma once

#include <QByteArray>
#include <QDate>
#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>

#include <optional>
#include <utility>

#include "account.h"
#include "allocation.h"
#include "arrears.h"
#include "dailytotals.h"
#include "exposure.h"
#include "journalentry.h"
#include "result.h"
#include "roster.h"
#include "routestore.h"
#include "shiftreport.h"

class Journal;
class PinGate;
class TrustedClock;

/**
 * The collector's counter: everything a shift does, in the order the rules require, ending in
 * one durable journal entry. It drives a Journal (the only writer), reads a RouteStore, checks
 * PINs against a Roster through a PinGate, takes dates from a TrustedClock and applies the
 * center's ExposurePolicy. Every refusal is an Error with a stable code and words to show.
 *
 * Invariants kept: a payment exists once its entry is committed (append() returns after the
 * fsync), and only then is it returned for the receipt (2); corrections are void entries
 * approved by a supervisor's PIN (3); penalties and dates use trusted time, clock flags are
 * journaled (5); bad input changes nothing (6). open() verifies the whole journal first; on a
 * journal that fails verification nothing more is appended and no money is taken.
 *
 * Blocking: every operation may wait on disk. The app runs the desk in a worker thread
 * (invariant 7); the objects it is given must live as long as it and belong to that thread.
 */
class CollectionDesk
{
public:
    /** What an account owes now, as the collector shows it. */
    struct Quote
    {
        Account account;
        Arrears arrears;           ///< as of the trusted date, less this device's payments not yet in the snapshot
        Money unreflectedPayments; ///< those payments' sum (0 if none)
        qint64 worklistVersion = 0;
    };

    /** A payment as committed: the entry (for the receipt) and its record. */
    struct PaymentTaken
    {
        JournalEntry entry;
        PaymentRecord record;
        ExposurePolicy::Assessment exposure; ///< warnings to show after this payment
    };

    /** The blind count, revealed: what was counted and what the journal expected. */
    struct CountResult
    {
        Money counted;
        Money expected;
        int countNumber = 1; ///< 1 for the shift's first count, 2 for a recount, …
        [[nodiscard]] Money difference() const { return counted - expected; }
        [[nodiscard]] bool needsSupervisor() const { return counted != expected; }
    };

    CollectionDesk(Journal &journal, const RouteStore &route, const Roster &roster, TrustedClock &clock, PinGate &gate,
                   ExposurePolicy exposure, QByteArray devicePublicKey);
    ~CollectionDesk();
    CollectionDesk(const CollectionDesk &) = delete;
    CollectionDesk &operator=(const CollectionDesk &) = delete;

    /**
     * Verifies the whole journal (signatures, chain, seq, columns) and rebuilds the desk's state
     * from it: the open shift, payments per account, voids, receipt prints. The journal, route and
     * clock must already be open. On a failed verification returns "desk.journal-damaged" and the
     * desk refuses every operation that writes, with the same words, until a new desk is opened.
     */
    [[nodiscard]] Status open();
    [[nodiscard]] bool isOpen() const { return m_opened; }
    /// Why the journal is refused, if it is.
    [[nodiscard]] std::optional<Error> journalFault() const { return m_fault; }

    /// The center acknowledged entries up to `seq` (the sync client's only source of progress).
    void setAcknowledgedSeq(qint64 seq);
    [[nodiscard]] qint64 acknowledgedSeq() const { return m_ackedSeq; }
    /// A successful sync: the center's time and acknowledged high-water mark. With the center's
    /// signature of that time, the time is journaled as witnessed (EventRecord::TimeWitnessed)
    /// just before the next entry, whenever that comes.
    [[nodiscard]] Status syncedWithCenter(qint64 centerTimeMs, qint64 acknowledgedSeq,
                                          const QByteArray &timeWitness = {});
    /// Journals something that happened to the terminal itself (started, stopped, key created,
    /// exported, a self-check failed, a lock or unlock received). Without a trusted time yet the
    /// event waits, in order, and is journaled with the first trusted time.
    [[nodiscard]] Status recordEvent(EventRecord::Kind kind, const QString &detail = QString());
    /// Events still waiting for a trusted time, handed from a desk that closes to the next one.
    [[nodiscard]] QList<EventRecord> takePendingEvents() { return std::exchange(m_pendingEvents, {}); }
    [[nodiscard]] Status keepPendingEvents(const QList<EventRecord> &events);
    void setExposurePolicy(const ExposurePolicy &policy) { m_exposure = policy; }

    // ---- Who is at the keypad.
    [[nodiscard]] Result<Collector> login(const QString &collectorId, QStringView pin);
    void logout();
    [[nodiscard]] QString currentCollectorId() const;

    // ---- The shift.
    [[nodiscard]] Result<JournalEntry> openShift(Money openingFloat);
    [[nodiscard]] bool hasOpenShift() const { return m_shiftSeq != 0; }
    [[nodiscard]] qint64 openShiftSeq() const { return m_shiftSeq; }
    [[nodiscard]] QString openShiftCollectorId() const { return m_shiftCollector; }
    /// Totals of the open shift so far (empty totals if none is open).
    [[nodiscard]] DailyTotals shiftTotals() const;
    /// Where the terminal stands against the exposure limits (for the warning banner).
    [[nodiscard]] ExposurePolicy::Assessment exposure();
    /// How long until time alone changes exposure(): the moment to look again (nullopt: never).
    [[nodiscard]] std::optional<qint64> msUntilExposureChanges();

    // ---- At the door.
    [[nodiscard]] Result<Quote> quote(QStringView accountNumber);
    /// What each account owes now, principal and penalty, less this device's payments and voids:
    /// the same figure quote() gives, for lists (a village's accounts).
    [[nodiscard]] Result<QList<Money>> owed(const QList<Account> &accounts);
    /// Every village in walking order with its accounts and what they owe now, as owed() counts it.
    [[nodiscard]] Result<QList<RouteStore::VillageSummary>> villagesOwed();
    /**
     * How `amount` would settle the account now, written nowhere: the quote and the route's
     * allocation order that takePayment() applies. No amount means everything owed.
     */
    [[nodiscard]] Result<Allocation> previewPayment(QStringView accountNumber, std::optional<Money> amount);
    /**
     * Takes a payment: account and amount checked, cash limits applied, allocation against the
     * quote, one durable journal entry. Cash: `tendered` ≥ amount, change = tendered − amount, no
     * reference. Card, voucher, transfer: the slip or voucher reference is required, and
     * `tendered` is the amount (zero is read as "the amount").
     */
    [[nodiscard]] Result<PaymentTaken> takePayment(QStringView accountNumber, Money amount, PaymentMethod method,
                                                   Money tendered, const QString &reference);
    /// A visit without (or besides) a payment. PromisedToPay needs a date from today on; Note needs a note.
    [[nodiscard]] Result<JournalEntry> recordVisit(QStringView accountNumber, VisitOutcome outcome, QDate promisedDate,
                                                   const QString &note);
    /// The one rule for a void's reason (given, not too long, nothing invisible), so that a screen
    /// can ask before it asks a supervisor for a PIN: desk.void-no-reason, desk.bad-reason.
    [[nodiscard]] static Status checkVoidReason(const QString &reason);
    /// Reverses a payment of the open shift, approved on the spot by a supervisor (not oneself).
    [[nodiscard]] Result<JournalEntry> voidPayment(qint64 paymentSeq, const QString &reason,
                                                   const QString &supervisorId, QStringView supervisorPin);
    /// Records that a receipt went to the printer; the count says whether it is a duplicate. A
    /// payment's receipt that printed after its void is recorded too: every print is in the journal.
    [[nodiscard]] Result<JournalEntry> recordReceiptPrint(qint64 paymentSeq);
    /**
     * Records that a document went to the printer: a payment's receipt (as recordReceiptPrint),
     * a void's slip (`entrySeq` is the void) or a Z-report (`entrySeq` is the shift close). The
     * count says which print of that document it was. Refused for an entry of another kind.
     */
    [[nodiscard]] Result<JournalEntry> recordPrint(PrintedDocument document, qint64 entrySeq);
    /// How many times the document of entry `seq` (a payment, a void, a close) has been printed so far.
    [[nodiscard]] int printCount(qint64 seq) const { return m_printCounts.value(seq); }
    /**
     * Cash handed to a supervisor or cashier during the shift, counted by note and coin, received
     * with the receiver's PIN (a wrong one counts toward their lock-out). Cash in hand drops by
     * the counted total.
     */
    [[nodiscard]] Result<JournalEntry> handOverCash(const QMap<qint64, qint64> &denominations,
                                                    const QString &receiverId, QStringView receiverPin);

    /// A supervisor opening their screens (totals, exceptions, the journal): their PIN, through
    /// the same gate as a login (wrong PINs count toward the lock-out).
    [[nodiscard]] Result<Collector> authenticateSupervisor(const QString &supervisorId, QStringView pin);

    // ---- End of the shift.
    /// The blind count: journaled first, then the expected figure is revealed. A recount is a
    /// new entry with the next number; the close takes the last count.
    [[nodiscard]] Result<CountResult> countCash(const QMap<qint64, qint64> &denominations);
    /// The shift's last journaled count, if any (after a restart the close goes on from it).
    [[nodiscard]] std::optional<CountResult> lastCount() const;
    /**
     * Closes the open shift with the blind count (taken and journaled here if countCash() was not
     * called; if it was, the last count's denominations or none). A difference needs a supervisor's PIN. Returns the
     * Z-report, computed from the journal up to the close.
     */
    [[nodiscard]] Result<ZReport> closeShift(const QMap<qint64, qint64> &denominations,
                                             const QString &supervisorId = QString(), QStringView supervisorPin = {});

private:
    [[nodiscard]] Status requireWritable() const;
    [[nodiscard]] Status requireSession();
    [[nodiscard]] Status requireOwnShift();
    [[nodiscard]] Result<qint64> trustedNow();
    [[nodiscard]] Status journalClockFlags();
    [[nodiscard]] Status journalPendingEvents(qint64 nowMs);
    [[nodiscard]] Result<Collector> checkSupervisor(const QString &supervisorId, QStringView pin);
    [[nodiscard]] Result<Account> findAccount(QStringView accountNumber) const;
    [[nodiscard]] Result<Quote> quoteAt(const Account &account, QDate asOf) const;
    [[nodiscard]] Result<QDate> trustedToday();
    [[nodiscard]] Result<QList<Money>> owedOn(const QList<Account> &accounts, QDate today) const;
    [[nodiscard]] ExposureState exposureState(qint64 nowMs) const;
    [[nodiscard]] Result<JournalEntry> append(EntryKind kind, const QCborMap &body, qint64 timeMs, qint64 shiftSeq);
    void track(const JournalFact &fact);

    Journal &m_journal;
    const RouteStore &m_route;
    const Roster &m_roster;
    TrustedClock &m_clock;
    PinGate &m_gate;
    ExposurePolicy m_exposure;
    QByteArray m_publicKey;

    bool m_opened = false;
    std::optional<Error> m_fault;
    qint64 m_ackedSeq = 0;
    QList<ClockFlagRecord> m_pendingFlags;
    QList<EventRecord> m_pendingEvents;
    std::optional<EventRecord> m_pendingWitness; ///< the center's signed time, for the next entry
    static constexpr const char *PendingWitnessState = "pending_witness"; ///< Journal::state key

    qint64 m_shiftSeq = 0;
    QString m_shiftCollector;
    qint64 m_lastCountSeq = 0; ///< the shift's last CashCounted entry; payments stop once there is one

    QHash<QString, QList<qint64>> m_paymentsByAccount;
    QHash<qint64, qint64> m_paymentShift; ///< payment seq → its shift
    QSet<qint64> m_voided;
    QHash<qint64, int> m_printCounts;
};
