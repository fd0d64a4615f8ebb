#include "printqueue.h"

#include <QCborValue>
#include <QCoreApplication>
#include <QDateTime>

#include <memory>

#include "escpos.h"
#include "receiptlayout.h"
#include "sqlite.h"

QString printJobStateKey(PrintJob::State s)
{
    switch (s) {
    case PrintJob::State::Queued:
        return QStringLiteral("queued");
    case PrintJob::State::Printing:
        return QStringLiteral("printing");
    case PrintJob::State::Printed:
        return QStringLiteral("printed");
    case PrintJob::State::Failed:
        return QStringLiteral("failed");
    case PrintJob::State::Unknown:
        return QStringLiteral("unknown");
    case PrintJob::State::Withdrawn:
        return QStringLiteral("withdrawn");
    }
    return {};
}

namespace {

constexpr int schemaVersion = 2;

// error_code/error_message may be NULL: SqliteStatement binds an empty QString as NULL.
// The queue's tables may share a file with the journal: its schema version lives in its own
// table, not in PRAGMA user_version, which belongs to the file's other owner.
constexpr const char *schemaSql = R"(
CREATE TABLE IF NOT EXISTS print_meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS print_jobs(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    receipt_number TEXT NOT NULL,
    kind INTEGER NOT NULL,
    entry_seq INTEGER NOT NULL,
    receipt BLOB NOT NULL,
    state INTEGER NOT NULL,
    print_number INTEGER NOT NULL DEFAULT 0,
    bytes_out INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    error_code TEXT,
    error_message TEXT,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS print_jobs_state ON print_jobs(state, id);
CREATE INDEX IF NOT EXISTS print_jobs_receipt ON print_jobs(receipt_number, id);
CREATE TABLE IF NOT EXISTS print_counts(receipt_number TEXT PRIMARY KEY, prints INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS print_withdrawn(entry_seq INTEGER PRIMARY KEY);
)";

constexpr const char *jobColumns = "id, receipt_number, kind, entry_seq, state, print_number, bytes_out, attempts, "
                                   "error_code, error_message, created_ms, updated_ms";

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

PrintJob jobFromRow(const SqliteStatement &s)
{
    PrintJob j;
    j.id = s.int64(0);
    j.receiptNumber = s.text(1);
    j.kind = Receipt::Kind(s.int64(2));
    j.entrySeq = s.int64(3);
    j.state = PrintJob::State(s.int64(4));
    j.printNumber = int(s.int64(5));
    j.bytesOut = s.int64(6) != 0;
    j.attempts = int(s.int64(7));
    j.error = Error{s.text(8), s.text(9)};
    j.createdMs = s.int64(10);
    j.updatedMs = s.int64(11);
    return j;
}

Error queueError(const QString &code, const QString &message)
{
    return Error{QStringLiteral("printing.queue.") + code, message};
}

} // namespace

/** The queue's worker: owns the SQLite connection, the session and the transport, on its thread. */
class PrintQueueWorker : public QObject
{
    Q_OBJECT
public:
    PrintQueueWorker(QString path, PrintQueue::Options options)
        : m_path(std::move(path))
        , m_options(options)
    {
    }

    void open();
    void setPrinter(const PrinterConnection &connection, const PrinterProfile &profile, const ReceiptTemplate &tmpl);
    void enqueue(const Receipt &receipt);
    void reprint(const QString &receiptNumber);
    void retry(qint64 id);
    void confirmPrinted(qint64 id);
    void withdraw(qint64 entrySeq);
    void probeStatus();

Q_SIGNALS:
    void opened(const Error &error);
    void jobChanged(const PrintJob &job);
    void journalRequested(const ReceiptPrintedRecord &record, const QString &receiptNumber);
    void statusChanged(const PrinterStatus &status);
    void errorOccurred(const Error &error);

private:
    Status migrate();
    std::optional<PrintJob> load(qint64 id) const;
    Status setState(qint64 id, PrintJob::State state, const Error &error, bool countAttempt = false);
    Status insertJob(const Receipt &receipt);
    void publish(qint64 id);
    void kick();
    Result<QByteArray> reserveAndRender(qint64 id);
    void onFinished(PrinterSession::Outcome outcome, const PrinterStatus &status, const Error &error);
    [[nodiscard]] bool metaFlag(const char *key) const;
    Status setMetaFlag(const char *key, bool on);
    [[nodiscard]] bool isWithdrawn(qint64 entrySeq) const;
    void journal(const PrintJob &job);
    void report(const Error &error) { Q_EMIT errorOccurred(error); }
    bool ready() const { return m_db.isOpen(); }

    QString m_path;
    PrintQueue::Options m_options;
    SqliteDb m_db;
    std::unique_ptr<PrinterSession> m_session;
    PrinterProfile m_profile;
    ReceiptTemplate m_template;
    qint64 m_current = 0;
};

Status PrintQueueWorker::migrate()
{
    if (Status s = m_db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"); !s)
        return s;
    if (Status s = m_db.exec(schemaSql); !s)
        return s;
    SqliteStatement get = m_db.prepare("SELECT value FROM print_meta WHERE key = 'schema'");
    const int version = get.step() == SQLITE_ROW ? int(get.int64(0)) : 0;
    switch (version) {
    case 0:
        if (Status s = m_db.exec("INSERT INTO print_meta(key, value) VALUES('schema', 1)"); !s)
            return s;
        [[fallthrough]];
    case 1: // print_withdrawn (created above with the rest of the schema)
        if (Status s = m_db.exec("UPDATE print_meta SET value = 2 WHERE key = 'schema'"); !s)
            return s;
        [[fallthrough]];
    case schemaVersion:
        break;
    default:
        return queueError(
            QStringLiteral("newer-schema"),
            QCoreApplication::translate("PrintQueue", "The print queue was written by a newer app version (%1).")
                .arg(version));
    }
    return success();
}

void PrintQueueWorker::open()
{
    if (Status s = m_db.open(m_path); !s) {
        Q_EMIT opened(s.error());
        return;
    }
    if (Status s = migrate(); !s) {
        m_db.close();
        Q_EMIT opened(s.error());
        return;
    }
    // A job still "printing" was cut off by the app stopping: nobody knows how much printed.
    SqliteStatement interrupted = m_db.prepare("SELECT id FROM print_jobs WHERE state = 2");
    QList<qint64> ids;
    while (interrupted.step() == SQLITE_ROW)
        ids.append(interrupted.int64(0));
    for (qint64 id : ids) {
        const std::optional<PrintJob> j = load(id);
        const bool any = j && j->bytesOut;
        const Error why =
            any ? queueError(QStringLiteral("interrupted"),
                             QCoreApplication::translate("PrintQueue", "The app stopped while this receipt printed."))
                : Error{};
        if (Status s = setState(id, any ? PrintJob::State::Unknown : PrintJob::State::Queued, why); !s) {
            Q_EMIT opened(s.error());
            return;
        }
        if (any)
            (void)setMetaFlag("needs_clear", true);
    }
    const QByteArray sql = QByteArray("SELECT ") + jobColumns +
                           " FROM print_jobs WHERE id > (SELECT IFNULL(MAX(id), 0) - 500 FROM print_jobs) ORDER BY id";
    SqliteStatement all = m_db.prepare(sql.constData());
    while (all.step() == SQLITE_ROW)
        Q_EMIT jobChanged(jobFromRow(all));
    Q_EMIT opened(Error{});
    kick();
}

bool PrintQueueWorker::metaFlag(const char *key) const
{
    SqliteStatement s = m_db.prepare("SELECT value FROM print_meta WHERE key = ?");
    s.bind(1, QString::fromLatin1(key));
    return s.step() == SQLITE_ROW && s.int64(0) != 0;
}

Status PrintQueueWorker::setMetaFlag(const char *key, bool on)
{
    SqliteStatement s = m_db.prepare("INSERT INTO print_meta(key, value) VALUES(?, ?) "
                                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    s.bind(1, QString::fromLatin1(key));
    s.bind(2, qint64(on ? 1 : 0));
    if (s.step() != SQLITE_DONE)
        return m_db.error(QStringLiteral("print-meta"));
    return success();
}

std::optional<PrintJob> PrintQueueWorker::load(qint64 id) const
{
    const QByteArray sql = QByteArray("SELECT ") + jobColumns + " FROM print_jobs WHERE id = ?";
    SqliteStatement s = m_db.prepare(sql.constData());
    s.bind(1, id);
    if (s.step() != SQLITE_ROW)
        return std::nullopt;
    return jobFromRow(s);
}

void PrintQueueWorker::publish(qint64 id)
{
    if (const std::optional<PrintJob> j = load(id))
        Q_EMIT jobChanged(*j);
}

Status PrintQueueWorker::setState(qint64 id, PrintJob::State state, const Error &error, bool countAttempt)
{
    SqliteStatement s = m_db.prepare("UPDATE print_jobs SET state = ?, error_code = ?, error_message = ?, "
                                     "attempts = attempts + ?, updated_ms = ? WHERE id = ?");
    s.bind(1, qint64(state));
    s.bind(2, error.code);
    s.bind(3, error.message);
    s.bind(4, qint64(countAttempt ? 1 : 0));
    s.bind(5, nowMs());
    s.bind(6, id);
    if (s.step() != SQLITE_DONE)
        return m_db.error(QStringLiteral("print-job"));
    return success();
}

Status PrintQueueWorker::insertJob(const Receipt &receipt)
{
    SqliteStatement s = m_db.prepare("INSERT INTO print_jobs(receipt_number, kind, entry_seq, receipt, state, "
                                     "created_ms, updated_ms) VALUES(?, ?, ?, ?, 1, ?, ?)");
    s.bind(1, receipt.receiptNumber);
    s.bind(2, qint64(receipt.kind));
    s.bind(3, receipt.entrySeq);
    s.bind(4, receipt.asPrint(1, false).toCbor().toCborValue().toCbor());
    s.bind(5, nowMs());
    s.bind(6, nowMs());
    if (s.step() != SQLITE_DONE)
        return m_db.error(QStringLiteral("print-job"));
    publish(sqlite3_last_insert_rowid(m_db.handle()));
    return success();
}

void PrintQueueWorker::enqueue(const Receipt &receipt)
{
    if (!ready())
        return report(queueError(QStringLiteral("closed"),
                                 QCoreApplication::translate("PrintQueue", "The print queue is not open.")));
    if (receipt.receiptNumber.isEmpty())
        return report(
            queueError(QStringLiteral("no-number"),
                       QCoreApplication::translate("PrintQueue", "A receipt without a number cannot print.")));
    if (Status s = insertJob(receipt); !s)
        return report(s.error());
    kick();
}

void PrintQueueWorker::reprint(const QString &receiptNumber)
{
    if (!ready())
        return report(queueError(QStringLiteral("closed"),
                                 QCoreApplication::translate("PrintQueue", "The print queue is not open.")));
    SqliteStatement s =
        m_db.prepare("SELECT receipt FROM print_jobs WHERE receipt_number = ? ORDER BY id DESC LIMIT 1");
    s.bind(1, receiptNumber);
    if (s.step() != SQLITE_ROW) {
        return report(queueError(
            QStringLiteral("unknown-receipt"),
            QCoreApplication::translate("PrintQueue", "No receipt %1 was printed on this device.").arg(receiptNumber)));
    }
    Result<Receipt> receipt = Receipt::fromCbor(QCborValue::fromCbor(s.blob(0)).toMap());
    if (!receipt)
        return report(receipt.error());
    if (receipt->kind == Receipt::Kind::Payment && isWithdrawn(receipt->entrySeq))
        return report(queueError(QStringLiteral("voided"),
                                 QCoreApplication::translate("PrintQueue", "Receipt %1 is of a voided payment: it "
                                                                           "is not printed again.")
                                     .arg(receiptNumber)));
    if (Status st = insertJob(receipt.value()); !st)
        return report(st.error());
    kick();
}

void PrintQueueWorker::retry(qint64 id)
{
    if (!ready())
        return;
    const std::optional<PrintJob> j = load(id);
    if (!j || (j->state != PrintJob::State::Failed && j->state != PrintJob::State::Unknown)) {
        return report(queueError(
            QStringLiteral("not-retryable"),
            QCoreApplication::translate("PrintQueue", "Only a failed or interrupted print can be retried.")));
    }
    if (Status s = setState(id, PrintJob::State::Queued, Error{}); !s)
        return report(s.error());
    publish(id);
    kick();
}

void PrintQueueWorker::confirmPrinted(qint64 id)
{
    if (!ready())
        return;
    const std::optional<PrintJob> j = load(id);
    if (!j || j->state != PrintJob::State::Unknown) {
        return report(
            queueError(QStringLiteral("not-unknown"),
                       QCoreApplication::translate("PrintQueue", "Only an interrupted print can be confirmed.")));
    }
    if (Status s = setState(id, PrintJob::State::Printed, Error{}); !s)
        return report(s.error());
    publish(id);
    journal(*j);
}

void PrintQueueWorker::journal(const PrintJob &job)
{
    // Every print of a committed entry is journaled, saying what it printed. A slip with no
    // entry behind it (a test print, a Z-report queued before reports named their close) is not.
    if (job.entrySeq <= 0)
        return;
    PrintedDocument document = PrintedDocument::Receipt;
    if (job.kind == Receipt::Kind::Void)
        document = PrintedDocument::VoidSlip;
    else if (job.kind == Receipt::Kind::ZReport)
        document = PrintedDocument::ZReport;
    Q_EMIT journalRequested(ReceiptPrintedRecord{job.entrySeq, job.printNumber, document}, job.receiptNumber);
}

bool PrintQueueWorker::isWithdrawn(qint64 entrySeq) const
{
    SqliteStatement s = m_db.prepare("SELECT 1 FROM print_withdrawn WHERE entry_seq = ?");
    s.bind(1, entrySeq);
    return s.step() == SQLITE_ROW;
}

void PrintQueueWorker::withdraw(qint64 entrySeq)
{
    if (!ready() || entrySeq <= 0)
        return;
    const Error why =
        queueError(QStringLiteral("withdrawn"),
                   QCoreApplication::translate("PrintQueue", "The payment was voided before its receipt printed."));
    if (Status s = m_db.exec("BEGIN IMMEDIATE"); !s)
        return report(s.error());
    SqliteStatement mark = m_db.prepare("INSERT OR IGNORE INTO print_withdrawn(entry_seq) VALUES(?)");
    mark.bind(1, entrySeq);
    // The job in flight (m_current) is left to finish: its bytes are already going out.
    SqliteStatement pending = m_db.prepare("SELECT id FROM print_jobs WHERE entry_seq = ? AND kind = ? AND id != ? "
                                           "AND state IN (1, 4, 5)");
    pending.bind(1, entrySeq);
    pending.bind(2, qint64(Receipt::Kind::Payment));
    pending.bind(3, m_current);
    QList<qint64> ids;
    while (pending.step() == SQLITE_ROW)
        ids.append(pending.int64(0));
    bool ok = mark.step() == SQLITE_DONE;
    for (const qint64 id : ids)
        ok = ok && setState(id, PrintJob::State::Withdrawn, why).ok();
    if (!ok) {
        const Error e = m_db.error(QStringLiteral("print-withdraw"));
        (void)m_db.exec("ROLLBACK");
        return report(e);
    }
    if (Status s = m_db.exec("COMMIT"); !s) {
        (void)m_db.exec("ROLLBACK");
        return report(s.error());
    }
    for (const qint64 id : ids)
        publish(id);
}

void PrintQueueWorker::setPrinter(const PrinterConnection &connection, const PrinterProfile &profile,
                                  const ReceiptTemplate &tmpl)
{
    if (m_session && m_session->busy()) {
        // The job in flight is cut by the switch: it ends as unknown, like a lost link.
        m_session->disconnect(this);
        const qint64 id = m_current;
        m_current = 0;
        if (id != 0 && ready()) {
            const std::optional<PrintJob> j = load(id);
            (void)setState(
                id, j && j->bytesOut ? PrintJob::State::Unknown : PrintJob::State::Failed,
                queueError(QStringLiteral("printer-changed"),
                           QCoreApplication::translate("PrintQueue", "The printer was changed during printing.")));
            publish(id);
        }
    }
    m_session.reset();
    m_profile = profile;
    m_template = tmpl;
    std::unique_ptr<PrinterTransport> transport = PrinterTransport::create(connection, m_options.transport);
    m_session = std::make_unique<PrinterSession>(std::move(transport), profile, m_options.timeouts);
    if (ready())
        m_session->setNeedsClear(metaFlag("needs_clear"));
    connect(m_session.get(), &PrinterSession::finished, this, &PrintQueueWorker::onFinished);
    connect(m_session.get(), &PrinterSession::statusReady, this, &PrintQueueWorker::statusChanged);
    connect(m_session.get(), &PrinterSession::probeFailed, this, &PrintQueueWorker::errorOccurred);
    // A job queued while a status probe ran has its turn when the probe ends, whatever it found.
    connect(m_session.get(), &PrinterSession::statusReady, this, &PrintQueueWorker::kick);
    connect(m_session.get(), &PrinterSession::probeFailed, this, &PrintQueueWorker::kick);
    kick();
}

void PrintQueueWorker::probeStatus()
{
    if (m_session && !m_session->busy())
        m_session->probeStatus();
}

void PrintQueueWorker::kick()
{
    if (!ready() || !m_session || m_session->busy() || m_current != 0)
        return;
    SqliteStatement s = m_db.prepare("SELECT id FROM print_jobs WHERE state = 1 ORDER BY id LIMIT 1");
    if (s.step() != SQLITE_ROW)
        return;
    const qint64 id = s.int64(0);
    // A payment's receipt enqueued after its void reached the queue is withdrawn, not printed.
    if (const std::optional<PrintJob> j = load(id);
        j && j->kind == Receipt::Kind::Payment && isWithdrawn(j->entrySeq)) {
        if (Status st = setState(id, PrintJob::State::Withdrawn,
                                 queueError(QStringLiteral("withdrawn"),
                                            QCoreApplication::translate(
                                                "PrintQueue", "The payment was voided before its receipt printed.")));
            !st)
            return report(st.error());
        publish(id);
        return kick();
    }
    if (Status st = setState(id, PrintJob::State::Printing, Error{}, true); !st)
        return report(st.error());
    m_current = id;
    publish(id);
    m_session->run([this, id] { return reserveAndRender(id); });
}

Result<QByteArray> PrintQueueWorker::reserveAndRender(qint64 id)
{
    const std::optional<PrintJob> job = load(id);
    SqliteStatement r = m_db.prepare("SELECT receipt FROM print_jobs WHERE id = ?");
    r.bind(1, id);
    if (!job || r.step() != SQLITE_ROW)
        return m_db.error(QStringLiteral("print-job"));
    Result<Receipt> receipt = Receipt::fromCbor(QCborValue::fromCbor(r.blob(0)).toMap());
    if (!receipt)
        return receipt.error();

    SqliteStatement c = m_db.prepare("SELECT prints FROM print_counts WHERE receipt_number = ?");
    c.bind(1, job->receiptNumber);
    const int printNumber = (c.step() == SQLITE_ROW ? int(c.int64(0)) : 0) + 1;

    // Rendered before anything is recorded: a layout error leaves the counts untouched.
    Result<ReceiptDocument> doc =
        ReceiptLayout::layout(receipt->asPrint(printNumber, job->bytesOut), m_template, m_profile);
    if (!doc)
        return doc.error();
    Result<QByteArray> bytes = EscPosEncoder(m_profile).encode(doc.value());
    if (!bytes)
        return bytes.error();

    // Durable before the first byte leaves: once any byte is out, every later print of this
    // receipt is a duplicate, even if the app dies right now.
    if (Status s = m_db.exec("BEGIN IMMEDIATE"); !s)
        return s.error();
    SqliteStatement up = m_db.prepare("INSERT INTO print_counts(receipt_number, prints) VALUES(?, ?) "
                                      "ON CONFLICT(receipt_number) DO UPDATE SET prints = excluded.prints");
    up.bind(1, job->receiptNumber);
    up.bind(2, qint64(printNumber));
    SqliteStatement mark =
        m_db.prepare("UPDATE print_jobs SET print_number = ?, bytes_out = 1, updated_ms = ? WHERE id = ?");
    mark.bind(1, qint64(printNumber));
    mark.bind(2, nowMs());
    mark.bind(3, id);
    if (up.step() != SQLITE_DONE || mark.step() != SQLITE_DONE) {
        const Error e = m_db.error(QStringLiteral("print-count"));
        (void)m_db.exec("ROLLBACK");
        return e;
    }
    if (Status s = m_db.exec("COMMIT"); !s) {
        (void)m_db.exec("ROLLBACK");
        return s.error();
    }
    publish(id);
    return bytes;
}

void PrintQueueWorker::onFinished(PrinterSession::Outcome outcome, const PrinterStatus &status, const Error &error)
{
    const qint64 id = m_current;
    m_current = 0;
    if (id == 0 || !ready())
        return;
    Q_UNUSED(status);
    PrintJob::State state = PrintJob::State::Failed;
    if (outcome == PrinterSession::Outcome::Printed)
        state = PrintJob::State::Printed;
    else if (outcome == PrinterSession::Outcome::Unknown)
        state = PrintJob::State::Unknown;
    if (Status s = setState(id, state, outcome == PrinterSession::Outcome::Printed ? Error{} : error); !s)
        report(s.error());
    (void)setMetaFlag("needs_clear", m_session && m_session->needsClear());
    publish(id);
    if (state == PrintJob::State::Printed) {
        const std::optional<PrintJob> j = load(id);
        if (j)
            journal(*j);
        kick();
    }
    // After a failure the rest stays queued until the collector retries, changes printer or
    // prints something new: one dead printer does not fail the whole queue in a burst.
}

// ---- PrintQueue: the GUI-thread face --------------------------------------------------------

PrintQueue::PrintQueue(QString databasePath, QObject *parent)
    : PrintQueue(std::move(databasePath), Options{}, parent)
{
}

PrintQueue::PrintQueue(QString databasePath, Options options, QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<PrintJob>();
    qRegisterMetaType<Error>();
    qRegisterMetaType<ReceiptPrintedRecord>();
    qRegisterMetaType<PrinterStatus>();
    qRegisterMetaType<PrinterSession::Outcome>();
    m_thread.setObjectName(QStringLiteral("print-queue"));
    m_worker = new PrintQueueWorker(std::move(databasePath), options);
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &PrintQueueWorker::opened, this, &PrintQueue::opened);
    connect(m_worker, &PrintQueueWorker::jobChanged, this, &PrintQueue::onJobChanged);
    connect(m_worker, &PrintQueueWorker::journalRequested, this, &PrintQueue::journalRequested);
    connect(m_worker, &PrintQueueWorker::statusChanged, this, &PrintQueue::statusChanged);
    connect(m_worker, &PrintQueueWorker::errorOccurred, this, &PrintQueue::errorOccurred);
    m_thread.start();
}

PrintQueue::~PrintQueue()
{
    // The worker, its sockets and its database are destroyed on their own thread.
    PrintQueueWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void PrintQueue::open()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->open(); }, Qt::QueuedConnection);
}

void PrintQueue::setPrinter(const PrinterConnection &connection, const PrinterProfile &profile,
                            const ReceiptTemplate &tmpl)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, connection, profile, tmpl] { w->setPrinter(connection, profile, tmpl); },
        Qt::QueuedConnection);
}

void PrintQueue::enqueue(const Receipt &receipt)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, receipt] { w->enqueue(receipt); }, Qt::QueuedConnection);
}

void PrintQueue::reprint(const QString &receiptNumber)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, receiptNumber] { w->reprint(receiptNumber); }, Qt::QueuedConnection);
}

void PrintQueue::retry(qint64 jobId)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, jobId] { w->retry(jobId); }, Qt::QueuedConnection);
}

void PrintQueue::confirmPrinted(qint64 jobId)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, jobId] { w->confirmPrinted(jobId); }, Qt::QueuedConnection);
}

void PrintQueue::withdraw(qint64 entrySeq)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, entrySeq] { w->withdraw(entrySeq); }, Qt::QueuedConnection);
}

void PrintQueue::probeStatus()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->probeStatus(); }, Qt::QueuedConnection);
}

std::optional<PrintJob> PrintQueue::job(qint64 id) const
{
    for (const PrintJob &j : m_jobs) {
        if (j.id == id)
            return j;
    }
    return std::nullopt;
}

void PrintQueue::onJobChanged(const PrintJob &job)
{
    bool found = false;
    for (PrintJob &j : m_jobs) {
        if (j.id == job.id) {
            j = job;
            found = true;
            break;
        }
    }
    if (!found)
        m_jobs.append(job);
    Q_EMIT jobChanged(job);
}

#include "printqueue.moc"
