#pragma once

#include <QDeadlineTimer>
#include <QObject>
#include <QQmlEngine>
#include <QTimer>

#include <functional>
#include <memory>

#include "account.h"
#include "arrears.h"
#include "exposure.h"
#include "journalentry.h"
#include "receipt.h"
#include "shiftpaymentlistmodel.h"
#include "workerthread.h"

struct DeskWorker;

/**
 * The collection desk's backend: it owns the desk thread and everything on it — device key,
 * journal, route, roster, trusted clock, PIN gate and the CollectionDesk — and keeps who is
 * logged in and whether a shift is open. The screens talk to it through their controllers
 * (PaymentController, ShiftController, ReceiptsController, SupervisorReportController,
 * RouteProgressController), which hand it tasks with submit(); every task runs on the thread and
 * answers with a queued call, so the GUI thread never waits (ARCHITECTURE.md rule 7). Every
 * committed entry is announced once (journalAppended), every slip to print once (receiptReady).
 * A refusal comes back the same way here and in every controller: `error` and `refused`.
 */
class DeskService : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("DeskService is created by main() and handed to the QML root")

    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(bool ready READ isReady NOTIFY stateChanged)
    Q_PROPERTY(QString fault READ fault NOTIFY stateChanged)
    /// The center's exposure limits where they bite: each figure near or past its limit, in words
    /// (empty while every figure is well under).
    Q_PROPERTY(QString exposureWarning READ exposureWarning NOTIFY stateChanged)
    /// Past a limit: new cash payments are refused until cash is handed over or the terminal syncs.
    Q_PROPERTY(bool exposureExceeded READ isExposureExceeded NOTIFY stateChanged)
    Q_PROPERTY(QString deviceId READ deviceId NOTIFY stateChanged)
    Q_PROPERTY(QString collectorId READ collectorId NOTIFY stateChanged)
    Q_PROPERTY(QString collectorName READ collectorName NOTIFY stateChanged)
    Q_PROPERTY(bool shiftOpen READ isShiftOpen NOTIFY stateChanged)
    Q_PROPERTY(QStringList collectorIds READ collectorIds NOTIFY stateChanged)
    Q_PROPERTY(QStringList collectorNames READ collectorNames NOTIFY stateChanged)
    /// Who may approve a void, a close with a difference or open the supervisor's screens.
    Q_PROPERTY(QStringList supervisorIds READ supervisorIds NOTIFY stateChanged)
    Q_PROPERTY(QStringList supervisorNames READ supervisorNames NOTIFY stateChanged)
    /// Why the last login was refused or the session ended; empty after a good login.
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    /// Too many wrong PINs: no PIN is tried until the lock-out ends; `error` counts it down.
    Q_PROPERTY(bool lockedOut READ isLockedOut NOTIFY errorChanged)
    /// The open shift's payments, newest first: the receipts screen's list, kept here because
    /// prints, voids and the close all change it.
    Q_PROPERTY(ShiftPaymentListModel *shiftPayments READ shiftPayments CONSTANT)

public:
    struct Config
    {
        QString dataDir;
        QString deviceId = QStringLiteral("D0001");
        /// Demo only: no center yet, so the device's own clock stands in for the center's time
        /// once at start, and a demo roster is written if there is none. Never in production.
        bool demo = false;
        int pinIterations = 210'000;
        qint64 idleLockMs = qint64(5) * 60'000; ///< a session idle this long locks itself
        /// What receipts say around the facts (the route brings the utility's name).
        QString branchName;
        QString hotline = QStringLiteral("95598");
    };

    explicit DeskService(Config config, QObject *parent = nullptr);
    ~DeskService() override;

    [[nodiscard]] bool isBusy() const { return m_worker.isBusy(); }
    [[nodiscard]] bool isReady() const { return m_ready; }
    [[nodiscard]] QString fault() const { return m_fault; }
    /// An open() is queued or running: another would only do the same work again.
    [[nodiscard]] bool isOpening() const { return m_opening; }
    [[nodiscard]] QString exposureWarning() const { return m_exposureWarning; }
    [[nodiscard]] bool isExposureExceeded() const { return m_exposureExceeded; }
    [[nodiscard]] QString deviceId() const { return m_config.deviceId; }
    [[nodiscard]] QString collectorId() const { return m_collectorId; }
    [[nodiscard]] QString collectorName() const { return m_collectorName; }
    [[nodiscard]] bool isShiftOpen() const { return m_shiftOpen; }
    [[nodiscard]] QStringList collectorIds() const { return m_collectorIds; }
    [[nodiscard]] QStringList collectorNames() const { return m_collectorNames; }
    [[nodiscard]] QStringList supervisorIds() const { return m_supervisorIds; }
    [[nodiscard]] QStringList supervisorNames() const { return m_supervisorNames; }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] bool isLockedOut() const { return m_lockTick.isActive(); }
    [[nodiscard]] ShiftPaymentListModel *shiftPayments() { return &m_shiftPayments; }

    /// Opens key, journal, route, roster and clock, and verifies the journal; `fault` says why not.
    Q_INVOKABLE void open();
    Q_INVOKABLE void login(const QString &collectorId, const QString &pin);
    Q_INVOKABLE void logout();
    /// The account's arrears as of the trusted date, less this device's unsynced payments.
    Q_INVOKABLE void quote(const QString &accountNumber);
    /// Reloads shiftPayments from the journal.
    Q_INVOKABLE void listShiftPayments();
    /// Ends a session that sat idle past the gate's limit, so the login screen comes back by
    /// itself (a timer calls this; the gate also refuses the next action of an idle session).
    Q_INVOKABLE void lockIfIdle();

    /// Opens the desk again as `deviceId` (after enrolment, or with a new roster from the center).
    Q_INVOKABLE void reopen(const QString &deviceId);
    /// The terminal's name at the center, for a desk not yet opened.
    void setDeviceId(const QString &deviceId) { m_config.deviceId = deviceId; }
    /// The route file was replaced (worklist changes): read it again.
    Q_INVOKABLE void reloadRoute();
    /// A sync: the center's time anchors the trusted clock; the acknowledged entries count as synced.
    void centerHeard(qint64 serverTimeMs, qint64 acknowledgedSeq, const QByteArray &timeWitness = {});
    /// Journals an event of the terminal's own life (CollectionDesk::recordEvent); nothing while no
    /// desk is open. `then` runs on this object's thread afterwards, journaled or not.
    void recordEvent(EventRecord::Kind kind, const QString &detail = QString(), std::function<void()> then = {});
    /// The center's exposure limits, as every worklist reply brings them: kept on the terminal
    /// (they hold offline and across a restart) and applied to whoever is logged in.
    void setExposureRules(const QList<ExposureRule> &rules);

    /**
     * Runs `work(DeskWorker &)` on the desk thread, then `done(result)` on the GUI thread unless
     * `receiver` is gone by then. `busy` holds meanwhile; entries the task commits are announced.
     * Defined in deskworker.h, for the controllers.
     */
    template<typename Work, typename Done>
    void submit(QObject *receiver, Work work, Done done);

    // Announcements a task makes from the desk thread; each arrives on the GUI thread as a signal.
    /// A committed entry's slip: receiptReady.
    void announceReceipt(const Receipt &receipt);
    /// A payment voided: paymentVoided, before the void's own slip.
    void announceVoid(qint64 paymentSeq);
    /// Desk thread: the open shift's payments, for shiftPayments.
    void loadShiftPayments();

public slots:
    /// The printer printed a payment's receipt: journal it with its count. Kept and retried at
    /// the next login if nobody is logged in when the printer answers.
    void recordReceiptPrint(qint64 paymentSeq);
    /// The printer printed a document of the entry at `entrySeq` (a receipt, a void's slip, a
    /// Z-report): journal it with its count, kept for the next login like a receipt's print.
    void recordPrint(PrintedDocument document, qint64 entrySeq);

signals:
    void busyChanged();
    void stateChanged();
    void errorChanged();
    /// A login refused or a session ended: its stable code and the words to show (as `error`).
    void refused(const QString &code, const QString &message);
    void quoted(const Account &account, const Arrears &arrears);
    void quoteFailed(const QString &message);
    /// A committed entry's slip, ready for the printer (payment, void or Z-report).
    void receiptReady(const Receipt &receipt);
    /// The payment at `paymentSeq` is void: a receipt of it not yet printed must not print.
    void paymentVoided(qint64 paymentSeq);
    void receiptPrintJournaled(qint64 paymentSeq, int printCount);
    /// A task committed entries up to `lastSeq` (a payment, a visit, a print, a shift change…).
    void journalAppended(qint64 lastSeq);

private:
    /// Runs a task on the desk thread, then `done` with its result (see WorkerThread::post); the
    /// entries it committed and a changed login or shift are announced once, whichever task it was.
    template<typename Work, typename Done>
    void run(QObject *receiver, Work work, Done done);
    template<typename Work>
    void run(Work work)
    {
        run(this, std::move(work), [](auto &&...) {});
    }
    /// Desk thread: the journal's last seq (0 before it opens).
    [[nodiscard]] qint64 journalHead() const;
    /// Desk thread: reads who is logged in and the shift, and publishes them on the GUI thread.
    void publishState();
    /// Desk thread, after each task: publishes the state if the task changed it, and announces
    /// the entries it committed after `before`.
    void announceTask(qint64 before);
    void setError(const Error &error);
    /// Says how long the lock-out still lasts, each second, and clears it when it ends.
    void showLockout();

    Config m_config;
    std::unique_ptr<DeskWorker> m_work; ///< touched only on m_worker's thread
    bool m_ready = false;
    QString m_fault;
    bool m_opening = false;
    QString m_exposureWarning;
    bool m_exposureExceeded = false;
    QString m_collectorId;
    QString m_collectorName;
    bool m_shiftOpen = false;
    QStringList m_collectorIds;
    QStringList m_collectorNames;
    QStringList m_supervisorIds;
    QStringList m_supervisorNames;
    QString m_error;
    ShiftPaymentListModel m_shiftPayments;
    QTimer m_idleCheck;
    /// Single shot, aimed at the moment time alone moves an exposure figure (the time since the
    /// last sync) past its warning or its limit: the banner and the cash refusal follow by
    /// themselves, with nobody touching the terminal. Set again by each publishState().
    QTimer m_exposureRecheck;
    QTimer m_lockTick;         ///< runs while locked out
    QDeadlineTimer m_lockEnds; ///< monotonic: moving the clock does not shorten it
    /// Declared last, so it is destroyed first: the thread ends before the members its tasks answer to.
    WorkerThread m_worker{QStringLiteral("desk")};
};

template<typename Work, typename Done>
void DeskService::run(QObject *receiver, Work work, Done done)
{
    m_worker.post(
        receiver,
        [this, work = std::move(work)]() mutable {
            // Announces on the way out, after the task's result is made (a void task too).
            struct Announce
            {
                DeskService *service;
                qint64 before;
                ~Announce() { service->announceTask(before); }
            } announce{this, journalHead()};
            return work();
        },
        std::move(done));
}
