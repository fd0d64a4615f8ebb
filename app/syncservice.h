#pragma once

#include <QDateTime>
#include <QObject>
#include <QQmlEngine>
#include <QVariantMap>

#include "deviceenrolment.h"
#include "syncclient.h"
#include "workerthread.h"

/**
 * The terminal and its billing center as the app sees them: enrolment (one-time code + the
 * center's key pin), and the SyncClient moving the journal up and worklist changes down, on a
 * thread of its own (ARCHITECTURE.md rule 7). State, progress in entries and bytes, the last sync,
 * what is pending and the last refusal are kept here in words for the sync screen. A sync is
 * tried at start, on "Sync now", when a network appears (where the platform says so) and
 * periodically.
 */
class SyncService : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("SyncService is created by main() and handed to the QML root")

    Q_PROPERTY(bool enrolled READ isEnrolled NOTIFY identityChanged)
    Q_PROPERTY(QString deviceId READ deviceId NOTIFY identityChanged)
    Q_PROPERTY(QString centerAddress READ centerAddress NOTIFY identityChanged)
    Q_PROPERTY(bool enrolling READ isEnrolling NOTIFY enrollingChanged)
    Q_PROPERTY(QString stateText READ stateText NOTIFY statusChanged)
    Q_PROPERTY(bool syncing READ isSyncing NOTIFY statusChanged)
    Q_PROPERTY(qint64 pending READ pending NOTIFY statusChanged)
    Q_PROPERTY(qint64 acknowledged READ acknowledged NOTIFY statusChanged)
    Q_PROPERTY(qint64 localHead READ localHead NOTIFY statusChanged)
    Q_PROPERTY(qint64 entriesSent READ entriesSent NOTIFY statusChanged)
    Q_PROPERTY(QString bytesText READ bytesText NOTIFY statusChanged)
    /// 0..1000: acknowledged ÷ local head, for the progress bar (integers: no float reaches QML)
    Q_PROPERTY(int progressPermille READ progressPermille NOTIFY statusChanged)
    Q_PROPERTY(QString lastSyncText READ lastSyncText NOTIFY statusChanged)
    Q_PROPERTY(QString lastRefusal READ lastRefusal NOTIFY statusChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY statusChanged)
    Q_PROPERTY(bool locked READ isLocked NOTIFY statusChanged)
    /// The center took this terminal out of service (lost, stolen, retired): locked for good.
    Q_PROPERTY(bool revoked READ isRevoked NOTIFY statusChanged)
    /// The center ordered a wipe; it runs once the center holds every entry.
    Q_PROPERTY(bool wipePending READ isWipePending NOTIFY statusChanged)
    /// The last try did not reach the center: the sync screen offers an export to a memory card.
    /// Held through the next retry until one reaches the center, so the offer does not come and
    /// go under the collector's finger with every retry.
    Q_PROPERTY(bool unreachable READ isUnreachable NOTIFY statusChanged)
    Q_PROPERTY(bool exporting READ isExporting NOTIFY exportingChanged)
    /// Folders an export can go to: mounted removable volumes (memory card, USB stick) first,
    /// then the terminal's own exports folder. refreshExportFolders() reads them again.
    Q_PROPERTY(QStringList exportFolders READ exportFolders NOTIFY exportFoldersChanged)

public:
    struct Config
    {
        QString dataDir;
        int periodicMs = 5 * 60 * 1000;
        int backoffBaseMs = 1000;
        int backoffMaxMs = 10 * 60 * 1000;
    };

    explicit SyncService(Config config, QObject *parent = nullptr);
    ~SyncService() override;

    [[nodiscard]] bool isEnrolled() const { return !m_identity.deviceId.isEmpty(); }
    [[nodiscard]] QString deviceId() const { return m_identity.deviceId; }
    [[nodiscard]] QString centerAddress() const { return m_identity.center.toString(); }
    [[nodiscard]] bool isEnrolling() const { return m_enrolling; }
    [[nodiscard]] QString stateText() const;
    [[nodiscard]] bool isSyncing() const { return m_status.state == SyncStatus::State::Syncing; }
    [[nodiscard]] qint64 pending() const { return m_status.pending; }
    [[nodiscard]] qint64 acknowledged() const { return m_status.acknowledged; }
    [[nodiscard]] qint64 localHead() const { return m_status.localHead; }
    [[nodiscard]] qint64 entriesSent() const { return m_status.entriesSent; }
    [[nodiscard]] QString bytesText() const;
    [[nodiscard]] int progressPermille() const;
    [[nodiscard]] QString lastSyncText() const;
    /// "Last synced 2026-12-06 09:06" in the device's time, or "Never synced".
    [[nodiscard]] static QString describeLastSync(const QDateTime &lastSync);
    [[nodiscard]] QString lastRefusal() const;
    [[nodiscard]] QString lastError() const { return m_status.lastError; }
    [[nodiscard]] bool isLocked() const { return m_status.locked; }
    [[nodiscard]] bool isRevoked() const { return m_status.revoked; }
    [[nodiscard]] bool isWipePending() const { return m_status.wipePending; }
    [[nodiscard]] bool isUnreachable() const { return m_unreachable; }
    [[nodiscard]] bool isExporting() const { return m_exporting; }
    [[nodiscard]] QStringList exportFolders() const { return m_exportFolders; }
    [[nodiscard]] const DeviceIdentity &identity() const { return m_identity; }

    /// Reads the identity and, when enrolled, starts syncing.
    void start();
    /// Enrols with the center: address, one-time code and the center's key fingerprint (for https).
    Q_INVOKABLE void enrol(const QString &centerAddress, const QString &code, const QString &pin);
    /// Whether a field's text is an enrolment QR code a scanner typed (EnrolmentLink's scheme).
    Q_INVOKABLE bool isEnrolmentLink(const QString &text) const;
    /// The scanned code's {center, code, pin}, or {error} in words.
    Q_INVOKABLE QVariantMap readEnrolmentLink(const QString &text) const;
    Q_INVOKABLE void syncNow();
    /// The wipe received is journaled: SyncClient::armWipe.
    void armWipe();
    /// Looks for memory cards and USB sticks again (a card put in since); exportFoldersChanged follows.
    Q_INVOKABLE void refreshExportFolders();
    /// SD-card sync: writes the signed journal to `folder`; exported() or exportFailed() follows.
    Q_INVOKABLE void exportTo(const QString &folder);
    /// SD-card sync, the way back: reads the center's signed receipts in `folder`;
    /// receiptsRead(acknowledged head) or receiptsFailed() follows.
    Q_INVOKABLE void readReceipts(const QString &folder);
    /// The route applied worklist `version`; the next fetch asks for changes after it.
    void worklistApplied(qint64 version);
    /// The desk committed journal entries: the pending count follows.
    void journalGrew();

signals:
    void identityChanged();
    void enrollingChanged();
    void statusChanged();
    void enrolled(const QString &deviceId);
    void enrolmentFailed(const QString &message);
    /// Worklist changes from the center, for the route (RouteService applies them).
    void worklistReceived(const WireProtocol::WorklistDelta &delta);
    /// A sync finished (the desk's clock and exposure follow): the center's time (0 when none was heard), what it holds
    /// of the journal, and the center's signature of that time (empty when unsigned).
    void centerHeard(qint64 serverTimeMs, qint64 acknowledgedSeq, const QByteArray &timeWitness);
    void rosterReceived();
    void lockChanged(bool locked);
    void lockCommandApplied(bool locked); ///< SyncClient::lockCommandApplied
    /// SyncClient::wipeReceived: journal it, then armWipe().
    void wipeReceived(qint64 commandId);
    void exportingChanged();
    void exportFoldersChanged();
    void exported(const QString &path);
    void exportFailed(const QString &message);
    void receiptsRead(qint64 acknowledged);
    void receiptsFailed(const QString &message);
    /// The center's wipe ran: the terminal's data is gone; the app starts again as a new terminal.
    void wiped();

private:
    void startClient();
    void stopClient();
    void onStatus(const SyncStatus &status);

    Config m_config;
    DeviceIdentity m_identity;
    SyncClient *m_client = nullptr;         ///< lives on m_worker's thread
    DeviceEnrolment *m_enrolment = nullptr; ///< lives on m_worker's thread
    bool m_enrolling = false;
    bool m_exporting = false;
    SyncStatus m_status;
    qint64 m_lastServerTime = 0;
    QByteArray m_lastTimeWitness; ///< the center's signature of m_lastServerTime, if it signed it
    qint64 m_worklistVersion = 0;
    QStringList m_exportFolders;
    bool m_unreachable = false;
    /// Declared last, so it is destroyed first: the thread ends before the members its tasks answer to.
    WorkerThread m_worker{QStringLiteral("sync")};
};
