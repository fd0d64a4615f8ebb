#pragma once

#include <QByteArray>
#include <QCborMap>
#include <QDate>
#include <QList>
#include <QMap>
#include <QString>

#include "allocation.h"
#include "devicekey.h"
#include "money.h"
#include "result.h"

/** What a journal entry records. Values are part of the signed encoding: never renumber. */
enum class EntryKind {
    ShiftOpened = 1,
    Payment = 2,
    Void = 3,
    Visit = 4,
    ReceiptPrinted = 5,
    CashHandedOver = 6,
    ShiftClosed = 7,
    ClockFlag = 8,   ///< the wall clock disagreed with trusted time (moved backwards, or behind the center)
    CashCounted = 9, ///< a blind count of the cash in hand, journaled before the expected figure is shown
    Event = 10,      ///< something the terminal did or was told (EventRecord): start, stop, export, lock, …
};
/// The highest kind a journal may hold: decoders refuse anything past it.
inline constexpr EntryKind LastEntryKind = EntryKind::Event;

[[nodiscard]] QString entryKindKey(EntryKind k); ///< "payment", "void", … for logs, CSV and reports

enum class PaymentMethod { Cash = 1, BankCard = 2, RechargeVoucher = 3, BankTransfer = 4 };
[[nodiscard]] QString paymentMethodKey(PaymentMethod m);

enum class VisitOutcome {
    NotHome = 1,
    Refused = 2,
    PromisedToPay = 3,
    DisconnectionNoticeDelivered = 4,
    MeterProblem = 5,
    Note = 6,
};
[[nodiscard]] QString visitOutcomeKey(VisitOutcome o);

// ---- Kind-specific records. Each encodes to and decodes from a CBOR map with small integer
// ---- keys in ascending order (the canonical form the hash covers).

struct ShiftOpenedRecord
{
    Money openingFloat; ///< change cash the collector starts with
    bool operator==(const ShiftOpenedRecord &) const = default;
};

struct PaymentRecord
{
    QString accountNumber;
    PaymentMethod method = PaymentMethod::Cash;
    Money amount;      ///< what the payment settles plus what it credits
    Money tendered;    ///< cash handed over by the customer (== amount for non-cash)
    Money change;      ///< tendered - amount
    QString reference; ///< card slip / voucher / bank transfer reference; empty for cash
    QList<AllocationLine> allocation;
    Money toPrepaid;
    Money stillOwed;
    qint64 worklistVersion = 0; ///< which snapshot of the bills the allocation was made against
    bool operator==(const PaymentRecord &) const = default;
};

struct VoidRecord
{
    qint64 voidedSeq = 0; ///< the payment entry it reverses
    QString reason;
    QString supervisorId; ///< who approved, PIN checked on the spot
    bool operator==(const VoidRecord &) const = default;
};

struct VisitRecord
{
    QString accountNumber;
    VisitOutcome outcome = VisitOutcome::NotHome;
    QDate promisedDate; ///< for PromisedToPay
    QString note;
    bool operator==(const VisitRecord &) const = default;
};

/**
 * What a ReceiptPrinted entry says went out of the printer. Values are part of the signed
 * encoding: never renumber. A payment's receipt is the default and is encoded without the field,
 * exactly as every print was before void slips and Z-reports were journaled, so those entries
 * keep their bytes, hash and signature.
 */
enum class PrintedDocument {
    Receipt = 1,  ///< a payment's receipt, original or duplicate
    VoidSlip = 2, ///< the slip of a void, naming the receipt it cancels
    ZReport = 3,  ///< the shift report printed at the close
};
[[nodiscard]] QString printedDocumentKey(PrintedDocument d); ///< "receipt", "void-slip", "z-report"

struct ReceiptPrintedRecord
{
    qint64 entrySeq = 0; ///< the entry printed: the payment, the void, the shift close
    int printCount = 1;  ///< 1 for the original; a reprint is a duplicate and says its count
    PrintedDocument document = PrintedDocument::Receipt;
    bool operator==(const ReceiptPrintedRecord &) const = default;
};

struct CashHandedOverRecord
{
    Money amount;
    QString receivedBy;                 ///< supervisor or cashier id
    QMap<qint64, qint64> denominations; ///< note/coin value in fen → count; empty in entries made before it was kept
    bool operator==(const CashHandedOverRecord &) const = default;
};

/// A blind count during the close. Journaled before the screen shows the expected figure, so a
/// count cannot be quietly redone once the collector has seen what the journal expects: a second
/// count is a second entry, with its number, on the Z-report and at the center.
struct CashCountedRecord
{
    Money countedCash;
    Money expectedCash;                 ///< what the journal expected when the count was made
    QMap<qint64, qint64> denominations; ///< note/coin value in fen → count
    int countNumber = 1;                ///< 1 for the first count of the shift, 2 for a recount, …
    [[nodiscard]] Money difference() const { return countedCash - expectedCash; }
    bool operator==(const CashCountedRecord &) const = default;
};

struct ShiftClosedRecord
{
    Money expectedCash;
    Money countedCash;
    QMap<qint64, qint64> denominations; ///< note/coin value in fen → count, from the blind count
    QString supervisorId;               ///< required when counted != expected
    /// The Z-report's number (1, 2, 3 … closes of this journal) and the perpetual totals: every
    /// payment taken and every void of one since seq 1, never reset, as the entries before the
    /// close add up. 0 in a close made before these were recorded (its encoding has no such keys).
    qint64 zNumber = 0;
    qint64 everPaidCount = 0;
    Money everPaid;
    qint64 everVoidedCount = 0;
    Money everVoided;
    [[nodiscard]] Money difference() const { return countedCash - expectedCash; }
    [[nodiscard]] bool hasPerpetualTotals() const { return zNumber > 0; }
    bool operator==(const ShiftClosedRecord &) const = default;
};

/**
 * What happened to the terminal itself, journaled so that an auditor sees its life beside its
 * money: started and stopped, its key created, its journal exported to a card, a self-check that
 * failed, a lock, unlock or wipe received from the center (the wipe's the last entry the journal
 * takes), and the center's time witnessed at a sync. A witness carries the center's Ed25519 signature over
 * witnessMessage(): every entry between two witnesses must have a time between theirs, which doorstep-audit checks.
 */
struct EventRecord
{
    enum class Kind {
        AppStarted = 1,
        AppStopped = 2,
        KeyCreated = 3,
        JournalExported = 4,
        SelfCheckFailed = 5,
        LockReceived = 6,
        UnlockReceived = 7,
        TimeWitnessed = 8,
        WipeReceived = 9,
    };
    static constexpr int LastKind = int(Kind::WipeReceived);
    static constexpr qsizetype MaxDetailChars = 500;

    Kind kind = Kind::AppStarted;
    QString detail;             ///< what it concerns, in words or ids (the export's seqs, the command id, …)
    qint64 centerTimeMs = 0;    ///< TimeWitnessed: the center's time; 0 (and absent) otherwise
    QByteArray centerSignature; ///< TimeWitnessed: 64 bytes over witnessMessage(device, centerTimeMs)

    /// What the center signs when it tells a terminal the time.
    [[nodiscard]] static QByteArray witnessMessage(const QString &deviceId, qint64 centerTimeMs);
    bool operator==(const EventRecord &) const = default;
};
[[nodiscard]] QString eventKindKey(EventRecord::Kind k); ///< "app-started", "time-witnessed", …

struct ClockFlagRecord
{
    qint64 wallClockMs = 0;   ///< what the device clock said
    qint64 trustedTimeMs = 0; ///< what trusted time said
    QString reason;           ///< "moved-backwards", "behind-center", …
    bool operator==(const ClockFlagRecord &) const = default;
};

/**
 * One fact appended to a device's journal (ARCHITECTURE.md rule 3). `seq` runs 1, 2, 3 … per
 * device without gaps; `prevHash` is the previous entry's hash (32 zero bytes for seq 1);
 * `hash` is SHA-256 of canonicalEncoding(), which covers every field except hash and signature;
 * `signature` is the device's Ed25519 signature of `hash`.
 */
struct JournalEntry
{
    QString deviceId;
    qint64 seq = 0;
    EntryKind kind = EntryKind::Payment;
    qint64 timeMs = 0;   ///< trusted time, ms since the epoch UTC
    QString collectorId; ///< who was logged in
    qint64 shiftSeq = 0; ///< seq of the ShiftOpened entry this belongs to (0 if none)
    QCborMap body;       ///< the kind's record, as encoded by toCbor()
    QByteArray prevHash;
    QByteArray hash;
    QByteArray signature;

    /// Deterministic CBOR of every field but hash and signature: what the hash covers.
    [[nodiscard]] QByteArray canonicalEncoding() const;
    /// SHA-256 of canonicalEncoding().
    [[nodiscard]] QByteArray computeHash() const;

    /// Whole entry incl. hash and signature, for storage, export files and the wire.
    [[nodiscard]] QByteArray toCbor() const;
    [[nodiscard]] static Result<JournalEntry> fromCbor(const QByteArray &cbor);

    /// True if the body holds only what the canonical encoding keeps (integer keys; integers,
    /// strings, byte strings, booleans, arrays and maps, not too deep): a float or a text key
    /// would not survive storage, so append() refuses such a body.
    [[nodiscard]] bool hasCanonicalBody() const;

    /// "<device>-<seq, 8 digits>": unique and gapless by construction.
    [[nodiscard]] QString receiptNumber() const;
    /// The receipt number of entry `seq` of `deviceId`: "<device>-<seq in 8 digits>".
    [[nodiscard]] static QString receiptNumber(const QString &deviceId, qint64 seq);

    bool operator==(const JournalEntry &) const = default;
};

// Record <-> CBOR. Decoders refuse a missing field, a wrong type or a negative amount with an Error.
QCborMap toCbor(const ShiftOpenedRecord &r);
QCborMap toCbor(const PaymentRecord &r);
QCborMap toCbor(const VoidRecord &r);
QCborMap toCbor(const VisitRecord &r);
QCborMap toCbor(const ReceiptPrintedRecord &r);
QCborMap toCbor(const CashHandedOverRecord &r);
QCborMap toCbor(const ShiftClosedRecord &r);
QCborMap toCbor(const ClockFlagRecord &r);
QCborMap toCbor(const CashCountedRecord &r);
QCborMap toCbor(const EventRecord &r);

template<typename Record>
[[nodiscard]] Result<Record> recordFromCbor(const QCborMap &map);

/// Whether `body` decodes as the record of `kind` (recordFromCbor of the matching type).
[[nodiscard]] Status checkRecord(EntryKind kind, const QCborMap &body);

/**
 * The few fields of an entry that reports add up, derived from the entry alone. The journal
 * stores them as columns beside the signed entry so that totals over 100,000 entries need no
 * CBOR decoding; the verifier checks the columns against the entry, and the center derives the
 * same facts from the entries it receives, so both sides compute reports with one fold.
 */
struct JournalFact
{
    qint64 seq = 0;
    EntryKind kind = EntryKind::Payment;
    qint64 timeMs = 0;
    QString collectorId;
    qint64 shiftSeq = 0;
    QString accountNumber; ///< Payment, Visit
    int method = 0;        ///< Payment: PaymentMethod; ReceiptPrinted: PrintedDocument, 0 for a receipt
    Money amount;  ///< Payment: amount; ShiftOpened: float; CashHandedOver: amount; ShiftClosed, CashCounted: counted
    Money penalty; ///< Payment: Σ penalty allocation lines
    Money prepaid; ///< Payment: toPrepaid; ShiftClosed, CashCounted: expected cash
    qint64 refSeq = 0; ///< Void: voided seq; ReceiptPrinted: the seq of the entry printed
    int outcome = 0;   ///< Visit: VisitOutcome; ReceiptPrinted: print count; CashCounted: count number

    [[nodiscard]] static JournalFact fromEntry(const JournalEntry &entry);
    /// ReceiptPrinted: what was printed. A receipt's fact keeps `method` 0, as facts stored before
    /// other documents were journaled do, so the verifier finds stored columns unchanged.
    [[nodiscard]] PrintedDocument printedDocument() const
    {
        return method == int(PrintedDocument::VoidSlip) || method == int(PrintedDocument::ZReport)
                   ? PrintedDocument(method)
                   : PrintedDocument::Receipt;
    }
    bool operator==(const JournalFact &) const = default;
};
