#pragma once

#include <QByteArray>
#include <QCborMap>
#include <QList>
#include <QString>

#include "account.h"
#include "devicekey.h"
#include "journalentry.h"
#include "money.h"
#include "result.h"
#include "shiftreport.h"

/** What is printed around a receipt's facts: who collects for whom, and where to call. */
struct ReceiptContext
{
    QString utilityName;             ///< 国网某某供电公司
    QString branchName;              ///< 某某供电所
    QString hotline;                 ///< 95598
    QString collectorName;           ///< the logged-in collector's display name
    int utcOffsetSeconds = 8 * 3600; ///< receipts show local time (China Standard Time by default)
    /// The terminal's key: receipts carry a code it signed (ReceiptCode) that verifies offline.
    /// Without one (tests of the layout alone) the QR carries the older unsigned DSR1 line.
    const DeviceKey *signer = nullptr;
    QString verifyAddress; ///< the utility's verification page, printed before the code when set
};

/** One billing period on a receipt: what of this payment went to its principal and its penalty. */
struct ReceiptBillLine
{
    QString period; ///< "YYYY-MM"
    Money principal;
    Money penalty;
    bool operator==(const ReceiptBillLine &) const = default;
};

/** Payments of one method within a shift, for the Z-report. */
struct ZReportMethodLine
{
    PaymentMethod method = PaymentMethod::Cash;
    int count = 0;
    Money amount;
    bool operator==(const ZReportMethodLine &) const = default;
};

/**
 * The figures of a shift-close Z-report as the shift module computed them; printing only lays
 * them out. Plain data, no computation here.
 */
struct ZReportFigures
{
    QString reportNumber; ///< "<device>-Z<n>", the device's n-th close
    qint64 closeSeq = 0;  ///< seq of the ShiftClosed entry: what a print of this report is journaled against
    qint64 openedMs = 0;  ///< trusted times of shift open and close
    qint64 closedMs = 0;
    int paymentCount = 0;
    Money paymentTotal;
    QList<ZReportMethodLine> byMethod;
    Money penaltyTotal;
    Money prepaidTotal;
    int voidCount = 0;
    Money voidTotal;
    int visitCount = 0; ///< visits without payment
    int receiptsPrinted = 0;
    int reprints = 0;
    Money openingFloat;
    Money expectedCash;
    Money countedCash;
    QList<Money> earlierCounts; ///< counts before the one the shift closed with (a recount shows)
    QString supervisorName;     ///< who accepted the count (required when it differs)
    /// Every payment and void since the journal's first entry, as the close recorded them
    /// (absent from closes made before they were recorded).
    bool hasPerpetualTotals = false;
    qint64 everPaidCount = 0;
    Money everPaid;
    qint64 everVoidedCount = 0;
    Money everVoided;
    bool operator==(const ZReportFigures &) const = default;
};

/**
 * The Z-report figures of a closed shift, from core's ZReport (which computed them from the
 * journal): a plain copy, so the paper shows exactly what the desk and the center compute.
 * The report number is "<device>-Z<shift seq>"; visits counted are visits without a payment.
 */
[[nodiscard]] ZReportFigures zReportFigures(const ZReport &report, const QString &deviceId,
                                            const QString &supervisorName);

/** How the customer's name is masked on paper (the receipt may be left on a doorstep). */
enum class NameMask {
    None,      ///< 张三明
    Middle,    ///< 张*明, 王*, 欧**明 — first and last kept
    KeepFirst, ///< 张**, 王*
    All,       ///< ***
};

[[nodiscard]] QString maskCustomerName(const QString &name, NameMask mask, QChar maskChar = QLatin1Char('*'));

/**
 * A receipt as data: everything that goes on paper, taken from a committed journal entry
 * (ARCHITECTURE.md rule 2: no receipt before the commit; its number and time are the entry's).
 * Kinds: a payment receipt (original, or a duplicate saying which print it is), a void receipt
 * for a voided payment, and the shift-close Z-report. Layout and printer are separate concerns.
 */
struct Receipt
{
    enum class Kind { Payment = 1, Void = 2, ZReport = 3 };

    Kind kind = Kind::Payment;
    QString utilityName;
    QString branchName;
    QString hotline;
    QString collectorName;
    int utcOffsetSeconds = 8 * 3600;

    QString receiptNumber; ///< JournalEntry::receiptNumber(), or the Z-report's number
    qint64 entrySeq = 0;   ///< seq of the journal entry printed (a Z-report's: the shift close)
    qint64 timeMs = 0;     ///< trusted time of the entry
    QByteArray entryHash;  ///< the entry's SHA-256

    QString accountNumber;
    QString customerName; ///< unmasked; the template's rule masks it at layout
    QString address;

    QList<ReceiptBillLine> bills; ///< in settlement order, one line per period
    Money total;                  ///< what was paid (for a void: what is reversed)
    PaymentMethod method = PaymentMethod::Cash;
    QString methodReference; ///< card slip / voucher / transfer reference
    Money tendered;
    Money change;
    Money stillOwed; ///< arrears left after this payment
    Money prepaid;   ///< credited to the account by this payment

    // Void receipts
    QString voidedReceiptNumber;
    QString voidReason;
    QString supervisorId;

    ZReportFigures zReport; ///< Kind::ZReport only

    QString verificationCode; ///< the signed ReceiptCode text (with the address), the same on every print

    int printNumber = 1;    ///< 1 = original; above 1 it is a duplicate and says so with the count
    bool continued = false; ///< an earlier print of this receipt was cut off mid-way

    [[nodiscard]] bool isDuplicate() const { return printNumber > 1; }

    /// A payment receipt. Refuses an entry that is not a committed payment or does not match.
    [[nodiscard]] static Result<Receipt> fromPayment(const JournalEntry &entry, const PaymentRecord &payment,
                                                     const Account &account, const ReceiptContext &context);
    /// A void receipt for `voidEntry`, which reverses `paymentEntry`.
    [[nodiscard]] static Result<Receipt> fromVoid(const JournalEntry &voidEntry, const VoidRecord &voidRecord,
                                                  const JournalEntry &paymentEntry, const PaymentRecord &payment,
                                                  const Account &account, const ReceiptContext &context);
    [[nodiscard]] static Receipt fromZReport(const ZReportFigures &figures, const ReceiptContext &context);

    /// The same receipt marked as print number `printNumber` (a duplicate when above 1).
    [[nodiscard]] Receipt asPrint(int printNumber, bool continued = false) const;

    /**
     * The QR code's content: the signed verificationCode (core/receiptcode.h) when the receipt
     * was made with a signer, else the older unsigned line, compact and documented so that a
     * utility's scanner can check a receipt against the center's journal:
     *
     *     DSR1|<kind>|<receipt number>|<account>|<amount in fen>|<hash prefix>
     *
     * kind is P (payment) or V (void; amount is the reversed amount); the hash prefix is the
     * first 4 bytes of the journal entry's SHA-256 as 8 upper-case hex digits. '|' and '%' inside
     * a field are percent-encoded. Empty for a Z-report.
     */
    [[nodiscard]] QString qrPayload() const;

    /// For the print queue's storage; fromCbor refuses a map that is not a receipt.
    [[nodiscard]] QCborMap toCbor() const;
    [[nodiscard]] static Result<Receipt> fromCbor(const QCborMap &map);

    bool operator==(const Receipt &) const = default;
};
