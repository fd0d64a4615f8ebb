#pragma once

#include <QDate>
#include <QIODevice>
#include <QString>

#include <memory>

#include "account.h"
#include "allocation.h"
#include "penaltypolicy.h"
#include "result.h"

/**
 * The worklist file: a route's accounts, open bills and rules as the center cuts them.
 *
 * Format "DOORSTEP-WORKLIST 1" (documented in README): UTF-8 text, one record per line, fields
 * separated by TAB, lines ended by LF (a CR before it is tolerated). No field may hold a control
 * character. Amounts are plain yuan with at most two decimals ("123.45"), dates ISO "YYYY-MM-DD".
 *
 *   DOORSTEP-WORKLIST <TAB> 1
 *   M <TAB> key <TAB> value         route, version, generated, utility, account-pattern,
 *                                   check-digit, allocation-order      (all before any A line)
 *   P <TAB> key <TAB> value         penalty policy, see PenaltyPolicy::toKeyValues (before any A line)
 *   A <TAB> number name address village walk-order meter class phone prepaid
 *   B <TAB> bill-id account period amount due-date amount-paid [penalty-carried settled-through]
 *                                   (its account's A line comes first; the optional pair: the
 *                                   penalty is settled up to that day, with this much still owed)
 *   END <TAB> accounts <TAB> bills <TAB> sha256    (hex SHA-256 of every byte before this line)
 *
 * The END line makes truncation and corruption detectable; nothing may follow it, and it too
 * ends with LF, so a file cut at any byte is refused.
 *
 * Stricter rules the reader enforces: every M key above exactly once; no field over
 * WorklistLimits::MaxFieldBytes (bill ids over MaxBillIdBytes); the account number in the form
 * the header's AccountNumberRule gives back; name and village not empty (address, meter and phone
 * may be); walk-order 0..999999999; amounts plain ("1234.50": no grouping, sign or currency);
 * period "YYYY-MM"; amount-paid <= amount; "control character" includes DEL and C1 (U+0080..9F).
 */
struct WorklistLimits
{
    static constexpr qsizetype MaxFieldBytes = 512;
    static constexpr qsizetype MaxBillIdBytes = 64;
    static constexpr qsizetype MaxLineBytes = qsizetype(64) * 1024;
};

/** What the M and P lines say: the route, its version, and the rules that came with it. */
struct WorklistHeader
{
    QString routeId;
    qint64 version = 0;
    QDate generated;
    QString utilityName;
    AccountNumberRule numberRule;
    AllocationOrder allocationOrder = AllocationOrder::PenaltyThenPrincipalPerBill;
    PenaltyPolicy policy;
};

struct WorklistSummary
{
    qint64 accounts = 0;
    qint64 bills = 0;
};

/** Receives a worklist's records as they are read; returning an error stops the read. */
class WorklistSink
{
public:
    virtual ~WorklistSink() = default;
    virtual Status header(const WorklistHeader &header) = 0;
    virtual Status account(const Account &account) = 0;
    virtual Status bill(const Bill &bill) = 0;
};

/**
 * Reads and checks a whole worklist, streaming records to the sink. Errors name the line and
 * field at fault ("line 42, field 5 (amount): …"). The sink must treat everything it received
 * as provisional until this returns success: a failure can come at the last line.
 */
[[nodiscard]] Result<WorklistSummary> readWorklist(QIODevice &in, WorklistSink &sink);

/** Writes a worklist in the format above; used by the demo-data generator, tests and the center. */
class WorklistWriter
{
public:
    explicit WorklistWriter(QIODevice &out);
    ~WorklistWriter();
    WorklistWriter(const WorklistWriter &) = delete;
    WorklistWriter &operator=(const WorklistWriter &) = delete;
    void writeHeader(const WorklistHeader &header);
    /// The header as key/value pairs, as they came (the reader checks them): M lines, then P lines.
    void writeHeaderPairs(const QList<QPair<QString, QString>> &meta, const QList<QPair<QString, QString>> &policy);
    void writeAccount(const Account &account);
    void writeBill(const Bill &bill);
    /// Writes the END line. Returns false if the device failed to take any write, or a record
    /// held what the format cannot carry (a control character, an over-long field, an invalid
    /// date): the file is then not to be used.
    [[nodiscard]] bool finish();

private:
    void writeLine(); ///< m_line, then LF: to the device and the checksum
    struct Digest;
    QIODevice &m_out;
    std::unique_ptr<Digest> m_digest; // OpenSSL's SHA-256 (several times QCryptographicHash's speed here)
    QByteArray m_line;                // reused for every line: no allocation per record
    qint64 m_accounts = 0;
    qint64 m_bills = 0;
    bool m_failed = false;
};
