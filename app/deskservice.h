#pragma once

#include <QDeadlineTimer>
#include <QObject>
#include <QQmlEngine>
#include <QThread>
#include <QTimer>

#include <memory>

#include "account.h"
#include "arrears.h"
#include "journalentry.h"
#include "receipt.h"
#include "reportlinelistmodel.h"
#include "shiftpaymentlistmodel.h"

struct DeskWorker;

/**
 * The collection desk as the app sees it: login, the shift, quotes and payments. A worker thread
 * owns everything that touches disk — device key, journal, route, roster, trusted clock, PIN gate
 * and the CollectionDesk — and answers with queued signals; the GUI thread never waits
 * (DESIGN.md invariant 7). The screen says "paid" only after `paymentTaken`, which follows the
 * durable journal commit (invariant 2). Amounts arrive as the collector typed them and are
 * parsed here, in C++; QML receives formatted strings and integer fen.
 */
class DeskService : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("DeskService is created by main() and handed to the QML root")

    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged)
    Q_PROPERTY(bool ready READ isReady NOTIFY stateChanged)
    Q_PROPERTY(QString fault READ fault NOTIFY stateChanged)
    Q_PROPERTY(QString deviceId READ deviceId NOTIFY stateChanged)
    Q_PROPERTY(QString collectorId READ collectorId NOTIFY stateChanged)
    Q_PROPERTY(QString collectorName READ collectorName NOTIFY stateChanged)
    Q_PROPERTY(bool shiftOpen READ isShiftOpen NOTIFY stateChanged)
    Q_PROPERTY(QStringList collectorIds READ collectorIds NOTIFY stateChanged)
    Q_PROPERTY(QStringList collectorNames READ collectorNames NOTIFY stateChanged)
    /// Who may approve a void, a close with a difference or open the supervisor's screens.
    Q_PROPERTY(QStringList supervisorIds READ supervisorIds NOTIFY stateChanged)
    Q_PROPERTY(QStringList supervisorNames READ supervisorNames NOTIFY stateChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    /// Too many wrong PINs: no PIN is tried until the lock-out ends; lastError counts it down.
    Q_PROPERTY(bool lockedOut READ isLockedOut NOTIFY lastErrorChanged)
    Q_PROPERTY(ShiftPaymentListModel *shiftPayments READ shiftPayments CONSTANT)
    /// Note and coin values for the blind count, in fen, largest first, with their labels.
    Q_PROPERTY(QList<qint64> denominations READ denominations CONSTANT)
    Q_PROPERTY(QStringList denominationLabels READ denominationLabels NOTIFY stateChanged)
    // The supervisor's screens (after openSupervisorReport) and the route screen (loadRouteProgress).
    Q_PROPERTY(ReportLineListModel *reportFigures READ reportFigures CONSTANT)
    Q_PROPERTY(ReportLineListModel *reportHours READ reportHours CONSTANT)
    Q_PROPERTY(ReportLineListModel *reportVillages READ reportVillages CONSTANT)
    Q_PROPERTY(ReportLineListModel *reportExceptions READ reportExceptions CONSTANT)
    Q_PROPERTY(ReportLineListModel *journalBrowser READ journalBrowser CONSTANT)
    Q_PROPERTY(ReportLineListModel *routeVillages READ routeVillages CONSTANT)
    Q_PROPERTY(ReportLineListModel *villageAccounts READ villageAccounts CONSTANT)
    Q_PROPERTY(QString reportTitle READ reportTitle NOTIFY reportChanged)
    Q_PROPERTY(QString journalStatus READ journalStatus NOTIFY reportChanged)
    Q_PROPERTY(bool journalVerified READ journalVerified NOTIFY reportChanged)
    Q_PROPERTY(QString routeProgressText READ routeProgressText NOTIFY reportChanged)

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

    [[nodiscard]] bool isBusy() const { return m_pending > 0; }
    [[nodiscard]] bool isReady() const { return m_ready; }
    [[nodiscard]] QString fault() const { return m_fault; }
    [[nodiscard]] QString deviceId() const { return m_config.deviceId; }
    [[nodiscard]] QString collectorId() const { return m_collectorId; }
    [[nodiscard]] QString collectorName() const { return m_collectorName; }
    [[nodiscard]] bool isShiftOpen() const { return m_shiftOpen; }
    [[nodiscard]] QStringList collectorIds() const { return m_collectorIds; }
    [[nodiscard]] QStringList collectorNames() const { return m_collectorNames; }
    [[nodiscard]] QStringList supervisorIds() const { return m_supervisorIds; }
    [[nodiscard]] QStringList supervisorNames() const { return m_supervisorNames; }
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] bool isLockedOut() const { return m_lockTick.isActive(); }
    [[nodiscard]] ShiftPaymentListModel *shiftPayments() { return &m_shiftPayments; }
    [[nodiscard]] QList<qint64> denominations() const;
    [[nodiscard]] QStringList denominationLabels() const;
    [[nodiscard]] ReportLineListModel *reportFigures() { return &m_reportFigures; }
    [[nodiscard]] ReportLineListModel *reportHours() { return &m_reportHours; }
    [[nodiscard]] ReportLineListModel *reportVillages() { return &m_reportVillages; }
    [[nodiscard]] ReportLineListModel *reportExceptions() { return &m_reportExceptions; }
    [[nodiscard]] ReportLineListModel *journalBrowser() { return &m_journalBrowser; }
    [[nodiscard]] ReportLineListModel *routeVillages() { return &m_routeVillages; }
    [[nodiscard]] ReportLineListModel *villageAccounts() { return &m_villageAccounts; }
    [[nodiscard]] QString reportTitle() const { return m_reportTitle; }
    [[nodiscard]] QString journalStatus() const { return m_journalStatus; }
    [[nodiscard]] bool journalVerified() const { return m_journalVerified; }
    [[nodiscard]] QString routeProgressText() const { return m_routeProgressText; }

    /// Opens key, journal, route, roster and clock, and verifies the journal; `fault` says why not.
    Q_INVOKABLE void open();
    Q_INVOKABLE void login(const QString &collectorId, const QString &pin);
    Q_INVOKABLE void logout();
    Q_INVOKABLE void openShift(const QString &openingFloat);
    /// The account's arrears as of the trusted date, less this device's unsynced payments.
    Q_INVOKABLE void quote(const QString &accountNumber);
    /// How `amount` would settle the quoted account: answers with allocationPreview.
    Q_INVOKABLE void previewPayment(const QString &accountNumber, const QString &amount);
    /// method: 1 cash, 2 bank card, 3 voucher, 4 bank transfer (PaymentMethod).
    Q_INVOKABLE void takePayment(const QString &accountNumber, const QString &amount, int method,
                                 const QString &tendered, const QString &reference);

    /// outcome: VisitOutcome (1 not home … 6 note); promisedDate "YYYY-MM-DD" for a promise.
    Q_INVOKABLE void recordVisit(const QString &accountNumber, int outcome, const QString &promisedDate,
                                 const QString &note);
    /// Reloads shiftPayments from the journal.
    Q_INVOKABLE void listShiftPayments();
    /// Reverses a payment of this shift, approved here by a supervisor; its void slip is printed.
    Q_INVOKABLE void voidPayment(qint64 paymentSeq, const QString &reason, const QString &supervisorId,
                                 const QString &supervisorPin);
    /// The blind count, piece counts keyed by note value in fen ("10000": "3"): answers cashCounted.
    Q_INVOKABLE void countCash(const QVariantMap &pieces);
    /// What the typed piece counts add up to so far, formatted; empty while a count is not a whole
    /// number of a known note or coin. Computed here, at once (no disk).
    Q_INVOKABLE QString countedTotal(const QVariantMap &pieces) const;
    /// Closes the shift with the counted pieces; a difference needs a supervisor. Answers shiftClosed.
    Q_INVOKABLE void closeShift(const QVariantMap &pieces, const QString &supervisorId, const QString &supervisorPin);
    Q_INVOKABLE void handOverCash(const QString &amount, const QString &receivedBy);
    /// Ends a session that sat idle past the gate's limit, so the login screen comes back by
    /// itself (a timer calls this; the gate also refuses the next action of an idle session).
    Q_INVOKABLE void lockIfIdle();

    /// Opens the desk again as `deviceId` (after enrolment, or with a new roster from the center).
    Q_INVOKABLE void reopen(const QString &deviceId);
    /// A supervisor's PIN opens today's totals, exceptions and the journal browser (the whole
    /// journal verified again): supervisorReportReady or supervisorRefused.
    Q_INVOKABLE void openSupervisorReport(const QString &supervisorId, const QString &supervisorPin);
    /// The route screen: villages in walking order with today's progress.
    Q_INVOKABLE void loadRouteProgress();
    /// One village's accounts in walking order, for villageAccounts.
    Q_INVOKABLE void loadVillage(const QString &village);
    /// The terminal's name at the center, for a desk not yet opened.
    void setDeviceId(const QString &deviceId) { m_config.deviceId = deviceId; }
    /// The route file was replaced (worklist changes): read it again.
    Q_INVOKABLE void reloadRoute();
    /// A sync: the center's time anchors the trusted clock; the acknowledged entries count as synced.
    void centerHeard(qint64 serverTimeMs, qint64 acknowledgedSeq);

public slots:
    /// The printer printed a payment's receipt: journal it with its count. Kept and retried at
    /// the next login if nobody is logged in when the printer answers.
    void recordReceiptPrint(qint64 paymentSeq);

signals:
    void busyChanged();
    void stateChanged();
    void lastErrorChanged();
    void quoted(const Account &account, const Arrears &arrears);
    void quoteFailed(const QString &message);
    /// One line per allocation part, the prepaid credit and what stays owed, formatted.
    void allocationPreview(const QStringList &lines, const QString &toPrepaid, const QString &stillOwed);
    void paymentTaken(const QString &receiptNumber, const QString &amount, const QString &change, qint64 seq);
    void paymentRefused(const QString &message);
    /// A committed entry's slip, ready for the printer (payment, void or Z-report).
    void receiptReady(const Receipt &receipt);
    void visitRecorded(const QString &message);
    void visitRefused(const QString &message);
    void voided(const QString &receiptNumber);
    /// The payment at `paymentSeq` is void: a receipt of it not yet printed must not print.
    void paymentVoided(qint64 paymentSeq);
    void voidRefused(const QString &message);
    /// The blind count revealed: what was counted, what the journal expects, the difference.
    void cashCounted(const QString &counted, const QString &expected, const QString &difference, bool needsSupervisor);
    void countRefused(const QString &message);
    /// The Z-report, line by line as the screen shows it, and its number.
    void shiftClosed(const QString &reportNumber, const QStringList &lines);
    void closeRefused(const QString &message);
    void cashHandedOver(const QString &amount);
    void handOverRefused(const QString &message);
    void receiptPrintJournaled(qint64 paymentSeq, int printCount);
    /// A task committed entries up to `lastSeq` (a payment, a visit, a print, a shift change…).
    void journalAppended(qint64 lastSeq);
    void reportChanged();
    void supervisorReportReady();
    void supervisorRefused(const QString &message);

private:
    template<typename Work>
    void run(Work work);
    void finishOne();
    void publishState();
    void setError(const QString &message);
    /// Says how long the lock-out still lasts, each second, and clears it when it ends.
    void showLockout();
    /// Parses the count screen's pieces; an error in words for anything but whole non-negative counts.
    [[nodiscard]] static Result<QMap<qint64, qint64>> parsePieces(const QVariantMap &pieces);
    /// Worker thread: the open shift's payments, for shiftPayments.
    void loadShiftPayments();

    Config m_config;
    QThread m_thread;
    QObject *m_context = nullptr;       ///< lives in m_thread
    std::unique_ptr<DeskWorker> m_work; ///< touched only in m_thread
    int m_pending = 0;
    bool m_ready = false;
    QString m_fault;
    QString m_collectorId;
    QString m_collectorName;
    bool m_shiftOpen = false;
    QStringList m_collectorIds;
    QStringList m_collectorNames;
    QStringList m_supervisorIds;
    QStringList m_supervisorNames;
    QString m_lastError;
    ShiftPaymentListModel m_shiftPayments;
    ReportLineListModel m_reportFigures;
    ReportLineListModel m_reportHours;
    ReportLineListModel m_reportVillages;
    ReportLineListModel m_reportExceptions;
    ReportLineListModel m_journalBrowser;
    ReportLineListModel m_routeVillages;
    ReportLineListModel m_villageAccounts;
    QString m_reportTitle;
    QString m_journalStatus;
    bool m_journalVerified = false;
    QString m_routeProgressText;
    QTimer m_idleCheck;
    QTimer m_lockTick;         ///< runs while locked out
    QDeadlineTimer m_lockEnds; ///< monotonic: moving the clock does not shorten it
};
