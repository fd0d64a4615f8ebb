#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

#include "centerlink.h"
#include "devicecommands.h"
#include "journal.h"
#include "journalentry.h"
#include "result.h"
#include "wireprotocol.h"

struct SyncClientConfig
{
    QUrl center;          ///< base URL, e.g. https://center.example:8443
    QByteArray centerPin; ///< SHA-256 of the center's SubjectPublicKeyInfo; required for https
    QString deviceId;
    QString journalPath;
    QString keyPath;

    int initialBatch = 50; ///< entries in the first upload of a session
    int minBatch = 1;
    int maxBatch = 1000;
    qint64 maxBatchBytes = qint64(1024) * 1024; ///< keep well under the center's body limit
    int targetRequestMs = 4000;                 ///< batches grow or shrink so one upload takes about this long
    int transferTimeoutMs = 30'000;             ///< no byte moving for this long aborts a request
    int backoffBaseMs = 1000;
    int backoffMaxMs = 10 * 60 * 1000;
    int periodicMs = 5 * 60 * 1000; ///< a sync at least this often while running
    qint64 maxReplyBytes = qint64(128) * 1024 * 1024;

    /// Carries out a wipe (closes and deletes the route, the key, the journal…). Called only
    /// when the center has acknowledged every entry. Without it, a wipe stays pending.
    std::function<Status()> wipe;
};

/** What the UI shows about sync; a snapshot, safe to read from any thread. */
struct SyncStatus
{
    enum class State { Stopped, Idle, Syncing, WaitingToRetry, Refused };
    State state = State::Stopped;
    qint64 localHead = 0;                             ///< last seq in the device's journal
    qint64 acknowledged = 0;                          ///< the center's committed head, as last heard
    qint64 pending = 0;                               ///< localHead - acknowledged
    qint64 entriesSent = 0;                           ///< this session
    qint64 bytesSent = 0;                             ///< this session, request bodies
    qint64 bytesReceived = 0;                         ///< this session, reply bodies
    QDateTime lastSync;                               ///< last cycle that ended with everything acknowledged
    std::optional<WireProtocol::Refusal> lastRefusal; ///< kept until a later upload is accepted
    QString lastError;                                ///< last transport or server problem, for the log
    int batchSize = 0;
    bool locked = false;  ///< a supervisor locked the device: no new collection
    bool revoked = false; ///< the center took the terminal out of service: locked for good
    bool wipePending = false;
    qint64 serverTimeMs = 0; ///< center time at the last sync
    qint64 worklistVersionAvailable = 0;
};

/**
 * Moves the device's journal to the center (ARCHITECTURE.md rules 4 and 7, "journals and sync"
 * field notes). Lives on its own thread (moveToThread, then call start() there): it opens its
 * own connection to the journal and its own QNetworkAccessManager, so the GUI thread never waits.
 *
 * A cycle asks the center "where am I?" (GET /v1/journal/head) and uploads from the next entry,
 * in batches sized to the link (they grow while uploads are quick, shrink on a timeout or a
 * 413), advancing only on the center's acknowledged head — never on what it sent. A cut, a
 * restarted center or a resent batch therefore loses nothing and duplicates nothing. Then it
 * fetches commands: lock, unlock and wipe (a wipe only once every entry is acknowledged), the
 * center's time and a newer roster. Failures retry forever with exponential backoff and equal
 * jitter; every trigger (timer, network change, app start, each new entry) retries at once.
 * A refusal is kept and shown; it does not stop retries.
 *
 * Three parts: CenterLink carries the requests (signed, counted, the center's key pinned),
 * DeviceCommands keeps what the center ordered (lock, unlock, wipe), and this class runs the
 * cycle: the journal's upload, then the commands.
 */
class SyncClient : public QObject
{
    Q_OBJECT
public:
    explicit SyncClient(SyncClientConfig config, QObject *parent = nullptr);
    ~SyncClient() override;

    [[nodiscard]] SyncStatus status() const;

    /// Refuses (with the count) while any entry is not acknowledged: logout, re-enrolment and
    /// reset must never discard unsynced money.
    [[nodiscard]] Status canDiscardLocalData() const;

    /// Writes the whole journal to a signed export file (JournalExportFile) for the center.
    [[nodiscard]] static Status exportJournal(const Journal &journal, const DeviceKey &key, const QString &path);
    /// SD-card sync: this terminal's whole journal as a signed export file in `folder` (a memory
    /// card, a USB stick), named <device>-<head>.doorstep, for `doorstep-center import-journal`.
    /// Returns the file's path. Call on the client's thread once started.
    [[nodiscard]] Result<QString> exportTo(const QString &folder);
    /// SD-card sync, the way back: reads the center's signed receipts for this terminal
    /// (JournalAckFile, "<device>-<head>.doorstep-ack") in `folder` and counts the entries up to
    /// the highest head as acknowledged, as an online sync would. Only a receipt the center's key
    /// signed (learnt at the last online sync) for this device's own entry counts; a receipt for
    /// less than is acknowledged already changes nothing. Returns the acknowledged head. Call on
    /// the client's thread once started.
    [[nodiscard]] Result<qint64> readReceipts(const QString &folder);

public Q_SLOTS:
    /// Opens the journal and key, reads the saved state, and runs a first cycle (the app-start trigger).
    void start();
    void stop();
    /// Sync now: from the timer, a network change, a new entry. Coalesces with a running cycle.
    void trigger();
    /// The app applied worklist `version`; the next fetch asks for changes after it.
    void worklistApplied(qint64 version);
    /// Asks for the worklist changes since the last applied version (see worklistReceived).
    void fetchWorklist();
    /// The desk appended to the journal: publish the new pending count at once, without a cycle
    /// (offline all day, the collector still sees how much waits for the center).
    void journalGrew();
    /// The wipe received has been journaled (see wipeReceived): from now on the journal takes
    /// nothing, and the wipe runs once the center holds every entry. Starts a cycle.
    void armWipe();

Q_SIGNALS:
    void statusChanged(const SyncStatus &status);
    void synced(qint64 head);
    void refused(const WireProtocol::Refusal &refusal);
    /// The center's time, and its signature of it when the center signs times (a witness the
    /// desk journals; checked here against the center's key, else empty).
    void serverTime(qint64 ms, const QByteArray &witnessSignature);
    void rosterReceived(qint64 version, const QList<WireProtocol::RosterEntry> &roster);
    void worklistReceived(const WireProtocol::WorklistDelta &delta);
    void lockChanged(bool locked);
    /// The center's lock or unlock took effect here (not a revocation, not a repeat): what the
    /// terminal journals as received.
    void lockCommandApplied(bool locked);
    /// The center ordered a wipe (command `commandId`): journal that it was received, then call
    /// armWipe(). With nothing connected here the wipe is armed at once. Again at each start
    /// until armed (a crash in between).
    void wipeReceived(qint64 commandId);
    void wiped();
    void cycleFinished(bool ok);

private:
    enum class Outcome { Done, Failed, Refused };
    /// A wipe received and not armed: asks for it to be journaled (wipeReceived) or arms it.
    void announceWipe();
    /// Sends through the link, counting the bytes; the handler runs only while the client runs.
    void send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body, qint64 replyLimit,
              CenterLink::ReplyHandler handler);
    /// The center's acknowledgement of an upload that sent entries up to `sentLast`: its head,
    /// or why it cannot be believed (beyond what was sent, not this device's entry).
    [[nodiscard]] Result<qint64> checkAck(const WireProtocol::JournalAck &ack, qint64 sentLast) const;
    void runCycle();
    void askHead();
    void uploadNext();
    void fetchCommands();
    void acknowledgeCommands(QList<WireProtocol::Command> commands);
    void finishCycle(Outcome outcome, const QString &error = QString());
    void scheduleRetry();
    void recordRefusal(const WireProtocol::Refusal &refusal);
    void publish();
    [[nodiscard]] bool tryWipe();

    // Persisted in the journal's SQLite file, table sync_state.
    [[nodiscard]] QString loadState(const char *key, const QString &fallback = QString()) const;
    void saveState(const char *key, const QString &value);

    SyncClientConfig m_config;
    std::unique_ptr<DeviceKey> m_key;
    std::unique_ptr<Journal> m_journal;
    std::unique_ptr<CenterLink> m_link;
    std::unique_ptr<DeviceCommands> m_commands;
    QTimer m_retryTimer;
    QTimer m_periodicTimer;
    bool m_running = false;
    bool m_busy = false;
    bool m_again = false;
    int m_attempt = 0;
    int m_batch = 0;
    qint64 m_rosterVersion = 0;
    qint64 m_worklistApplied = 0;

    mutable QMutex m_statusMutex;
    SyncStatus m_status;
};

Q_DECLARE_METATYPE(SyncStatus)
Q_DECLARE_METATYPE(WireProtocol::Refusal)
