#include "syncservice.h"

#include <QCoreApplication>
#include <QDir>
#include <QLocale>
#include <QNetworkInformation>
#include <QStorageInfo>

#include "enrolmentlink.h"
#include "localtime.h"
#include "roster.h"
#include "terminalfiles.h"

namespace {

QString text(const char *source)
{
    return QCoreApplication::translate("SyncService", source);
}

/// Folders an export can go to: mounted, writable removable volumes, then the terminal's own.
/// Asks the system about every mount, so it runs on the sync thread.
QStringList findExportFolders(const QString &dataDir)
{
    QStringList folders;
    for (const QStorageInfo &volume : QStorageInfo::mountedVolumes()) {
        const QString root = volume.rootPath();
        // Where Linux and Android mount memory cards and USB sticks.
        const bool removable = root.startsWith(QLatin1String("/media/")) ||
                               root.startsWith(QLatin1String("/run/media/")) ||
                               root.startsWith(QLatin1String("/mnt/")) || root.startsWith(QLatin1String("/storage/"));
        if (removable && volume.isValid() && volume.isReady() && !volume.isReadOnly())
            folders.append(root);
    }
    folders.append(TerminalFiles::exports(dataDir));
    return folders;
}

} // namespace

SyncService::SyncService(Config config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    m_exportFolders.append(TerminalFiles::exports(m_config.dataDir)); // until the volumes are read
    // A network coming back is a reason to try at once (where the platform can tell).
    if (QNetworkInformation::loadDefaultBackend() && QNetworkInformation::instance()) {
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability r) {
                    if (r == QNetworkInformation::Reachability::Online || r == QNetworkInformation::Reachability::Site)
                        syncNow();
                });
    }
}

SyncService::~SyncService()
{
    stopClient();
    if (m_enrolment) {
        DeviceEnrolment *enrolment = m_enrolment;
        QMetaObject::invokeMethod(
            enrolment, [enrolment] { delete enrolment; }, Qt::BlockingQueuedConnection);
    }
}

void SyncService::start()
{
    auto identity = DeviceIdentity::load(m_config.dataDir);
    m_identity = identity.ok() ? identity.value() : DeviceIdentity{};
    if (!identity.ok() && identity.error().code != QLatin1String("identity.none"))
        m_status.lastError = identity.error().message;
    emit identityChanged();
    if (isEnrolled())
        startClient();
    emit statusChanged();
}

void SyncService::startClient()
{
    if (m_client)
        return;
    SyncClientConfig c;
    c.center = m_identity.center;
    c.centerPin = m_identity.centerPin;
    c.deviceId = m_identity.deviceId;
    c.journalPath = TerminalFiles::journal(m_config.dataDir);
    c.keyPath = TerminalFiles::deviceKey(m_config.dataDir);
    // Runs on the sync thread, only once the center holds every entry (and the journal, with the
    // wipe pending, takes no more): the key and identity first, then the rest.
    c.wipe = [dataDir = m_config.dataDir] { return TerminalFiles::wipe(dataDir); };
    c.periodicMs = m_config.periodicMs;
    c.backoffBaseMs = m_config.backoffBaseMs;
    c.backoffMaxMs = m_config.backoffMaxMs;
    m_client = new SyncClient(c);
    m_client->moveToThread(m_worker.workerThread());
    connect(m_client, &SyncClient::statusChanged, this, &SyncService::onStatus);
    connect(m_client, &SyncClient::worklistReceived, this, &SyncService::worklistReceived);
    connect(m_client, &SyncClient::lockChanged, this, &SyncService::lockChanged);
    connect(m_client, &SyncClient::lockCommandApplied, this, &SyncService::lockCommandApplied);
    connect(m_client, &SyncClient::wipeReceived, this, &SyncService::wipeReceived);
    connect(m_client, &SyncClient::wiped, this, [this] {
        m_identity = {};
        emit identityChanged();
        emit wiped();
    });
    connect(m_client, &SyncClient::serverTime, this, [this](qint64 ms, const QByteArray &witness) {
        m_lastServerTime = ms;
        m_lastTimeWitness = witness;
    });
    const QString dataDir = m_config.dataDir;
    // Written on the sync thread (a direct connection from the client's thread), then announced.
    connect(
        m_client, &SyncClient::rosterReceived, m_client,
        [this, dataDir](qint64, const QList<WireProtocol::RosterEntry> &roster) {
            const QString path = TerminalFiles::roster(dataDir);
            const Roster incoming = DeviceEnrolment::rosterFromCenter(roster);
            // The same people as on file (the first sync after enrolment sends the roster the
            // enrolment brought): nothing changes, and the desk is not opened again under a
            // collector typing a PIN.
            if (const auto current = Roster::load(path); current.ok() && current->collectors() == incoming.collectors())
                return;
            // A roster that cannot be written leaves the old one in place; the next sync brings it again.
            if (incoming.save(path).ok())
                QMetaObject::invokeMethod(this, [this] { emit rosterReceived(); });
        },
        Qt::DirectConnection);
    connect(m_client, &SyncClient::cycleFinished, this, [this](bool ok) {
        if (!ok)
            return;
        emit centerHeard(m_lastServerTime, m_status.acknowledged, m_lastTimeWitness);
        // Ask for the route's changes whenever the center has a newer worklist than the route.
        if (m_status.worklistVersionAvailable > m_worklistVersion)
            QMetaObject::invokeMethod(m_client, &SyncClient::fetchWorklist);
    });
    QMetaObject::invokeMethod(m_client, &SyncClient::start);
}

void SyncService::stopClient()
{
    if (!m_client)
        return;
    SyncClient *client = m_client;
    m_client = nullptr;
    QMetaObject::invokeMethod(
        client,
        [client] {
            client->stop();
            delete client;
        },
        Qt::BlockingQueuedConnection);
}

void SyncService::onStatus(const SyncStatus &status)
{
    const bool lockedBefore = m_status.locked;
    m_status = status;
    // A retry under way (Syncing) keeps what the last try found.
    if (status.state == SyncStatus::State::WaitingToRetry)
        m_unreachable = true;
    else if (status.state == SyncStatus::State::Idle || status.state == SyncStatus::State::Refused)
        m_unreachable = false;
    emit statusChanged();
    if (lockedBefore != status.locked)
        emit lockChanged(status.locked);
}

void SyncService::syncNow()
{
    if (m_client)
        QMetaObject::invokeMethod(m_client, &SyncClient::trigger);
}

void SyncService::refreshExportFolders()
{
    m_worker.post(
        this, [dataDir = m_config.dataDir] { return findExportFolders(dataDir); },
        [this](const QStringList &folders) {
            if (folders == m_exportFolders)
                return;
            m_exportFolders = folders;
            emit exportFoldersChanged();
        });
}

void SyncService::exportTo(const QString &folder)
{
    if (!m_client || m_exporting) {
        emit exportFailed(text(
            QT_TRANSLATE_NOOP("SyncService", "The terminal is not enrolled yet, or an export is already running.")));
        return;
    }
    m_exporting = true;
    emit exportingChanged();
    // The client lives on the worker's thread, and is deleted there only by a task queued after this one.
    m_worker.post(
        this,
        [client = m_client, folder, own = TerminalFiles::exports(m_config.dataDir)] {
            // The terminal's own folder is made on demand; a memory card's must be there.
            if (folder == own)
                QDir().mkpath(folder);
            return client->exportTo(folder);
        },
        [this](const Result<QString> &result) {
            m_exporting = false;
            emit exportingChanged();
            if (result.ok())
                emit exported(result.value());
            else
                emit exportFailed(result.error().message);
        });
}

void SyncService::readReceipts(const QString &folder)
{
    if (!m_client) {
        emit receiptsFailed(text(QT_TRANSLATE_NOOP("SyncService", "The terminal is not enrolled yet.")));
        return;
    }
    m_worker.post(
        this, [client = m_client, folder] { return client->readReceipts(folder); },
        [this](const Result<qint64> &result) {
            if (!result.ok()) {
                emit receiptsFailed(result.error().message);
                return;
            }
            // What the center holds no longer counts as unsynced (no time was heard: the receipt is old).
            emit centerHeard(0, result.value(), {});
            emit receiptsRead(result.value());
        });
}

void SyncService::armWipe()
{
    if (m_client)
        QMetaObject::invokeMethod(m_client, &SyncClient::armWipe);
}

void SyncService::journalGrew()
{
    if (m_client)
        QMetaObject::invokeMethod(m_client, &SyncClient::journalGrew);
}

void SyncService::worklistApplied(qint64 version)
{
    m_worklistVersion = version;
    if (m_client)
        QMetaObject::invokeMethod(m_client, [client = m_client, version] { client->worklistApplied(version); });
}

bool SyncService::isEnrolmentLink(const QString &text) const
{
    return EnrolmentLink::looksLikeLink(text);
}

QVariantMap SyncService::readEnrolmentLink(const QString &text) const
{
    const auto link = EnrolmentLink::parse(text);
    if (!link.ok())
        return {{QStringLiteral("error"), link.error().message}};
    return {{QStringLiteral("center"), link.value().center},
            {QStringLiteral("code"), link.value().code},
            {QStringLiteral("pin"), link.value().pin}};
}

void SyncService::enrol(const QString &centerAddress, const QString &code, const QString &pin)
{
    if (m_enrolling || isEnrolled())
        return;
    DeviceEnrolment::Request request;
    request.center = QUrl::fromUserInput(centerAddress.trimmed());
    request.code = code.trimmed();
    request.dataDir = m_config.dataDir;
    if (request.center.scheme() == QLatin1String("https") || !pin.trimmed().isEmpty()) {
        const auto parsed = DeviceEnrolment::parsePin(pin);
        if (!parsed.ok()) {
            emit enrolmentFailed(parsed.error().message);
            return;
        }
        request.centerPin = parsed.value();
    }
    m_enrolling = true;
    emit enrollingChanged();
    if (!m_enrolment) {
        m_enrolment = new DeviceEnrolment;
        m_enrolment->moveToThread(m_worker.workerThread());
        connect(m_enrolment, &DeviceEnrolment::finished, this,
                [this](const Error &error, const DeviceIdentity &identity) {
                    m_enrolling = false;
                    emit enrollingChanged();
                    if (!error.code.isEmpty()) {
                        emit enrolmentFailed(error.message);
                        return;
                    }
                    m_identity = identity;
                    emit identityChanged();
                    emit enrolled(identity.deviceId);
                    startClient();
                });
    }
    QMetaObject::invokeMethod(m_enrolment, [enrolment = m_enrolment, request] { enrolment->start(request); });
}

QString SyncService::stateText() const
{
    if (!isEnrolled())
        return text(QT_TRANSLATE_NOOP("SyncService", "Not enrolled with a center"));
    if (m_status.revoked)
        return text(QT_TRANSLATE_NOOP("SyncService", "Revoked by the center: this terminal is out of service"));
    if (m_status.locked)
        return text(QT_TRANSLATE_NOOP("SyncService", "Locked by the center"));
    switch (m_status.state) {
    case SyncStatus::State::Stopped:
        return text(QT_TRANSLATE_NOOP("SyncService", "Starting…"));
    case SyncStatus::State::Idle:
        return m_status.pending == 0 ? text(QT_TRANSLATE_NOOP("SyncService", "Up to date"))
                                     : text(QT_TRANSLATE_NOOP("SyncService", "Waiting to sync"));
    case SyncStatus::State::Syncing:
        // A retry with no center in reach keeps the same words: a headline that changed length on
        // every retry moved the Export button under the collector's finger.
        if (m_unreachable)
            return text(QT_TRANSLATE_NOOP("SyncService", "No connection to the center; trying again soon"));
        return text(QT_TRANSLATE_NOOP("SyncService", "Syncing…"));
    case SyncStatus::State::WaitingToRetry:
        return text(QT_TRANSLATE_NOOP("SyncService", "No connection to the center; trying again soon"));
    case SyncStatus::State::Refused:
        return text(QT_TRANSLATE_NOOP("SyncService", "The center refused the last upload"));
    }
    return {};
}

QString SyncService::bytesText() const
{
    const QLocale locale;
    return text(QT_TRANSLATE_NOOP("SyncService", "%1 sent · %2 received"))
        .arg(locale.formattedDataSize(m_status.bytesSent), locale.formattedDataSize(m_status.bytesReceived));
}

int SyncService::progressPermille() const
{
    if (m_status.localHead <= 0)
        return 1000;
    return int(std::clamp<qint64>(m_status.acknowledged * 1000 / m_status.localHead, 0, 1000));
}

QString SyncService::lastSyncText() const
{
    return describeLastSync(m_status.lastSync);
}

QString SyncService::describeLastSync(const QDateTime &lastSync)
{
    if (!lastSync.isValid())
        return text(QT_TRANSLATE_NOOP("SyncService", "Never synced"));
    // The device's time like every other time on screen, not the system's zone (often UTC).
    return text(QT_TRANSLATE_NOOP("SyncService", "Last synced %1"))
        .arg(LocalTime::dateTime(lastSync.toMSecsSinceEpoch()));
}

QString SyncService::lastRefusal() const
{
    if (!m_status.lastRefusal)
        return {};
    return text(QT_TRANSLATE_NOOP("SyncService", "Refused at entry %1: %2"))
        .arg(m_status.lastRefusal->seq)
        .arg(m_status.lastRefusal->message);
}
