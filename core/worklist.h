#pragma once

#include "account.h"
#include "allocation.h"
#include "penaltypolicy.h"
#include "result.h"

#include <QCryptographicHash>
#include <QDate>
#include <QIODevice>
#include <QString>

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
 *   B <TAB> bill-id account period amount due-date amount-paid   (its account's A line comes first)
 *   END <TAB> accounts <TAB> bills <TAB> sha256    (hex SHA-256 of every byte before this line)
 *
 * The END line makes truncation and corruption detectable; nothing may follow it.
 */
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
    void writeHeader(const WorklistHeader &header);
    void writeAccount(const Account &account);
    void writeBill(const Bill &bill);
    /// Writes the END line. Returns false if the device failed to take any write.
    [[nodiscard]] bool finish();

private:
    void writeLine(const QByteArray &line);
    QIODevice &m_out;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    qint64 m_accounts = 0;
    qint64 m_bills = 0;
    bool m_failed = false;
};
