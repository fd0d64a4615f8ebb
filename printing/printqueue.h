#pragma once

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>

#include <optional>

#include "journalentry.h"
#include "printerprofile.h"
#include "printersession.h"
#include "printerstatus.h"
#include "printertransport.h"
#include "receipt.h"
#include "receipttemplate.h"
#include "result.h"

/** One receipt to print, as the queue keeps it (the receipt itself is stored beside it). */
struct PrintJob
{
    enum class State {
        Queued = 1,
        Printing = 2,
        Printed = 3,
        Failed = 4,    ///< nothing of it went out this time; retry prints it normally
        Unknown = 5,   ///< cut off mid-way: the collector is asked whether it printed
        Withdrawn = 6, ///< its payment was voided before it printed: never printed, never retried
    };

    qint64 id = 0;
    QString receiptNumber;
    Receipt::Kind kind = Receipt::Kind::Payment;
    qint64 entrySeq = 0;
    State state = State::Queued;
    int printNumber = 0; ///< which print of this receipt the last attempt was (0: never sent)
    int attempts = 0;
    bool bytesOut = false; ///< some attempt sent bytes: a retry carries the "continued" mark
    Error error;           ///< why it failed or is unknown
    qint64 createdMs = 0;
    qint64 updatedMs = 0;

    bool operator==(const PrintJob &) const = default;
};

[[nodiscard]] QString printJobStateKey(PrintJob::State s); ///< "queued", "printing", …

Q_DECLARE_METATYPE(PrintJob)
Q_DECLARE_METATYPE(ReceiptPrintedRecord)

class PrintQueueWorker;

/**
 * The device's print queue. Jobs live in SQLite (core/sqlite.h; WAL, synchronous=FULL) and survive
 * a restart: a job found "printing" at start was cut off by the restart and becomes "unknown".
 * Print counts per receipt number are reserved durably before the first byte goes out, so every
 * later print of a receipt is a duplicate and says which print it is (ARCHITECTURE.md rule 2).
 * All disk and printer I/O runs on a worker thread: every call here returns at once and answers
 * through signals (invariant 7). The queue does not write the journal: for each print that is
 * known to have happened it emits journalRequested(), and the owner appends the entry.
 */
class PrintQueue : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        PrinterTransport::Options transport;
        PrinterSession::Timeouts timeouts;
    };

    explicit PrintQueue(QString databasePath, QObject *parent = nullptr);
    PrintQueue(QString databasePath, Options options, QObject *parent = nullptr);
    ~PrintQueue() override; ///< stops the worker; a job in flight stays "printing" on disk

    void open(); ///< emits opened()
    /// The printer to use from now on; starts printing what is queued.
    void setPrinter(const PrinterConnection &connection, const PrinterProfile &profile, const ReceiptTemplate &tmpl);
    void enqueue(const Receipt &receipt);
    /// Prints the receipt again (a duplicate, with its print count); refused for an unknown number.
    void reprint(const QString &receiptNumber);
    void retry(qint64 jobId);          ///< a failed or unknown job, again (unknown ones with the mark)
    void confirmPrinted(qint64 jobId); ///< the collector saw an "unknown" job printed
    /**
     * The payment journaled at `entrySeq` was voided: its receipt jobs not yet printed (queued,
     * failed or unknown) are withdrawn, and no reprint of it starts from now on. A print already
     * under way finishes and is journaled like any other, because it happened.
     */
    void withdraw(qint64 entrySeq);
    void probeStatus();

    [[nodiscard]] QList<PrintJob> jobs() const { return m_jobs; } ///< the last known state of each job
    [[nodiscard]] std::optional<PrintJob> job(qint64 id) const;

Q_SIGNALS:
    void opened(const Error &error); ///< error.code empty on success
    void jobChanged(const PrintJob &job);
    /// Append a ReceiptPrinted entry for this print (a payment's receipt, a void's slip, a Z-report).
    void journalRequested(const ReceiptPrintedRecord &record, const QString &receiptNumber);
    void statusChanged(const PrinterStatus &status);
    void errorOccurred(const Error &error);

private:
    void onJobChanged(const PrintJob &job);

    QThread m_thread;
    PrintQueueWorker *m_worker = nullptr;
    QList<PrintJob> m_jobs;
};
