#include "syncclient.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QMetaMethod>
#include <QMutexLocker>
#include <QRandomGenerator>

#include "journalackfile.h"
#include "journalexportfile.h"
#include "wirecodec.h"

namespace {

/// What the wire replies of the small endpoints may weigh; worklists get the config's limit.
constexpr qint64 SmallReplyBytes = qint64(1024) * 1024;

WireLimits replyLimits(qint64 maxBytes)
{
    WireLimits l = WireLimits::reply();
    l.maxBodyBytes = maxBytes;
    return l;
}

} // namespace

SyncClient::SyncClient(SyncClientConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_retryTimer(this)
    , m_periodicTimer(this)
{
    qRegisterMetaType<SyncStatus>();
    qRegisterMetaType<WireProtocol::Refusal>();
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &SyncClient::runCycle);
    connect(&m_periodicTimer, &QTimer::timeout, this, &SyncClient::trigger);
    m_batch = m_config.initialBatch;
}

SyncClient::~SyncClient() = default;

SyncStatus SyncClient::status() const
{
    QMutexLocker lock(&m_statusMutex);
    return m_status;
}

void SyncClient::publish()
{
    SyncStatus copy;
    {
        QMutexLocker lock(&m_statusMutex);
        if (m_journal)
            m_status.localHead = m_journal->storedLastSeq();
        m_status.pending = qMax<qint64>(0, m_status.localHead - m_status.acknowledged);
        m_status.batchSize = m_batch;
        copy = m_status;
    }
    emit statusChanged(copy);
}

QString SyncClient::loadState(const char *key, const QString &fallback) const
{
    return m_journal->state(key, fallback);
}

void SyncClient::saveState(const char *key, const QString &value)
{
    if (auto s = m_journal->setState(key, value); !s.ok())
        qWarning("sync: could not save %s: %s", key, qPrintable(s.error().message));
}

Status SyncClient::canDiscardLocalData() const
{
    // From the journal as stored and the acknowledged head, both read now: the published
    // `pending` lags an acknowledgement by a moment and said "unsynced" after everything arrived.
    const SyncStatus s = status();
    const qint64 head = m_journal ? m_journal->storedLastSeq() : s.localHead;
    const qint64 unsynced = qMax<qint64>(0, head - s.acknowledged);
    if (unsynced > 0)
        return Error{QStringLiteral("sync.unsynced-entries"),
                     tr("%n entries have not reached the center yet. Sync first; nothing unsynced is ever discarded.",
                        nullptr, int(unsynced))};
    return success();
}

Status SyncClient::exportJournal(const Journal &journal, const DeviceKey &key, const QString &path)
{
    QList<JournalEntry> entries;
    // As stored now: the desk's connection may have appended since this one opened.
    journal.forEach(1, journal.storedLastSeq(), [&](const JournalEntry &e) {
        entries.append(e);
        return true;
    });
    return JournalExportFile::write(path, journal.deviceId(), key, entries, QDateTime::currentMSecsSinceEpoch());
}

Result<QString> SyncClient::exportTo(const QString &folder)
{
    if (!m_journal || !m_key)
        return Error{QStringLiteral("sync.not-started"), tr("The journal is not open yet; try again in a moment.")};
    const qint64 head = m_journal->storedLastSeq();
    if (head == 0)
        return Error{QStringLiteral("sync.nothing-to-export"), tr("The journal is empty: there is nothing to export.")};
    const QDir dir(folder);
    if (folder.trimmed().isEmpty() || !dir.exists())
        return Error{QStringLiteral("sync.export-folder"), tr("The folder \"%1\" does not exist.").arg(folder)};
    // Named after the terminal and its head: a later export beside it does not overwrite it.
    const QString path = dir.filePath(QStringLiteral("%1-%2.doorstep").arg(m_config.deviceId).arg(head));
    if (auto s = exportJournal(*m_journal, *m_key, path); !s.ok())
        return s.error();
    return path;
}

Result<qint64> SyncClient::readReceipts(const QString &folder)
{
    if (!m_journal)
        return Error{QStringLiteral("sync.not-started"), tr("The journal is not open yet; try again in a moment.")};
    const QDir dir(folder);
    if (folder.trimmed().isEmpty() || !dir.exists())
        return Error{QStringLiteral("sync.export-folder"), tr("The folder \"%1\" does not exist.").arg(folder)};
    const QByteArray centerKey = QByteArray::fromBase64(loadState("center_key").toLatin1());
    if (centerKey.size() != 32)
        return Error{QStringLiteral("ack.no-center-key"),
                     tr("This terminal has not synced online with its center since it learnt to read the center's "
                        "receipts; it cannot check one yet.")};
    const QStringList names = dir.entryList({m_config.deviceId + QStringLiteral("-*.doorstep-ack")}, QDir::Files);
    if (names.isEmpty())
        return Error{QStringLiteral("ack.none"),
                     tr("No receipt from the center for this terminal is in %1.").arg(folder)};
    // The highest head among the receipts that check out; the first problem is said if none does.
    std::optional<JournalAckFile> best;
    std::optional<Error> problem;
    for (const QString &name : names) {
        auto ack = JournalAckFile::read(dir.filePath(name), centerKey);
        if (ack.ok() && ack.value().deviceId != m_config.deviceId)
            ack = Error{QStringLiteral("ack.other-device"),
                        tr("%1 is the receipt of terminal %2.").arg(name, ack.value().deviceId)};
        if (ack.ok()) {
            const auto mine = m_journal->entry(ack.value().head);
            if (!mine || mine->hash != ack.value().headHash)
                ack = Error{
                    QStringLiteral("ack.foreign"),
                    tr("%1 acknowledges an entry %2 that is not this terminal's.").arg(name).arg(ack.value().head)};
        }
        if (!ack.ok()) {
            if (!problem)
                problem = ack.error();
            continue;
        }
        if (!best || ack.value().head > best->head)
            best = ack.value();
    }
    if (!best)
        return *problem;
    qint64 acknowledged = 0;
    {
        QMutexLocker lock(&m_statusMutex);
        m_status.acknowledged = qMax(m_status.acknowledged, best->head);
        acknowledged = m_status.acknowledged;
    }
    saveState("acknowledged", QString::number(acknowledged));
    publish();
    return acknowledged;
}

void SyncClient::journalGrew()
{
    if (m_running)
        publish();
}

void SyncClient::start()
{
    if (m_running)
        return;
    auto key = DeviceKey::loadOrCreate(m_config.keyPath);
    if (!key.ok()) {
        finishCycle(Outcome::Failed, key.error().message);
        return;
    }
    m_key = std::make_unique<DeviceKey>(std::move(key).value());
    m_journal = std::make_unique<Journal>(m_config.journalPath, m_config.deviceId, *m_key);
    if (auto s = m_journal->open(); !s.ok()) {
        m_journal.reset();
        finishCycle(Outcome::Failed, s.error().message);
        return;
    }
    m_link = std::make_unique<CenterLink>(
        CenterLinkConfig{m_config.center, m_config.centerPin, m_config.deviceId, m_config.transferTimeoutMs}, *m_key,
        *m_journal);
    m_commands = std::make_unique<DeviceCommands>(*m_journal);
    m_running = true;
    announceWipe(); // received before a restart and not armed yet
    {
        QMutexLocker lock(&m_statusMutex);
        m_status.state = SyncStatus::State::Idle;
        m_status.acknowledged = loadState("acknowledged", QStringLiteral("0")).toLongLong();
        const qint64 last = loadState("last_sync_ms", QStringLiteral("0")).toLongLong();
        if (last > 0)
            m_status.lastSync = QDateTime::fromMSecsSinceEpoch(last, Qt::UTC);
        const QString refusal = loadState("refusal_code");
        if (!refusal.isEmpty())
            m_status.lastRefusal = WireProtocol::Refusal{refusal, loadState("refusal_message"),
                                                         loadState("refusal_seq", QStringLiteral("0")).toLongLong()};
        m_status.locked = m_commands->locked();
        m_status.wipePending = m_commands->wipePending();
        m_status.revoked = refusal == QLatin1String(WireProtocol::Reason::DeviceRevoked);
    }
    m_rosterVersion = loadState("roster_version", QStringLiteral("0")).toLongLong();
    m_worklistApplied = loadState("worklist_version", QStringLiteral("0")).toLongLong();
    m_periodicTimer.start(m_config.periodicMs);
    publish();
    runCycle();
}

void SyncClient::stop()
{
    m_running = false;
    m_retryTimer.stop();
    m_periodicTimer.stop();
    if (m_link)
        m_link->abortAll();
    {
        QMutexLocker lock(&m_statusMutex);
        m_status.state = SyncStatus::State::Stopped;
    }
    publish();
}

void SyncClient::trigger()
{
    if (!m_running)
        return;
    if (m_busy) {
        m_again = true; // new entries arrived while uploading: go round once more
        return;
    }
    m_retryTimer.stop();
    runCycle();
}

void SyncClient::worklistApplied(qint64 version)
{
    m_worklistApplied = version;
    if (m_journal)
        saveState("worklist_version", QString::number(version));
}

// ---- transport

void SyncClient::send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body, qint64 replyLimit,
                      CenterLink::ReplyHandler handler)
{
    {
        QMutexLocker lock(&m_statusMutex);
        m_status.bytesSent += body.size();
    }
    m_link->send(method, pathAndQuery, body, replyLimit,
                 [this, handler = std::move(handler)](int status, const QByteArray &data, const QString &transport) {
                     if (!m_running)
                         return;
                     {
                         QMutexLocker lock(&m_statusMutex);
                         m_status.bytesReceived += data.size();
                     }
                     handler(status, data, transport);
                 });
}

// ---- the cycle

void SyncClient::runCycle()
{
    if (!m_running)
        return;
    if (m_busy) {
        m_again = true;
        return;
    }
    m_busy = true;
    m_again = false;
    {
        QMutexLocker lock(&m_statusMutex);
        m_status.state = SyncStatus::State::Syncing;
    }
    publish();
    askHead();
}

void SyncClient::askHead()
{
    send("GET", QStringLiteral("/v1/journal/head"), {}, SmallReplyBytes,
         [this](int status, const QByteArray &body, const QString &transport) {
             if (!transport.isEmpty())
                 return finishCycle(Outcome::Failed, transport);
             auto decoded = Wire::decode(body, replyLimits(SmallReplyBytes));
             if (status == 401) {
                 auto e = decoded.ok() ? WireProtocol::ErrorReply::fromCbor(decoded.value())
                                       : Result<WireProtocol::ErrorReply>(decoded.error());
                 if (e.ok()) {
                     recordRefusal(WireProtocol::Refusal{e.value().code, e.value().message, 0});
                     return finishCycle(Outcome::Refused, e.value().message);
                 }
             }
             if (status != 200 || !decoded.ok())
                 return finishCycle(Outcome::Failed, tr("The center answered %1 to \"where am I?\".").arg(status));
             auto ack = WireProtocol::JournalAck::fromCbor(decoded.value());
             if (!ack.ok())
                 return finishCycle(Outcome::Failed, ack.error().message);
             const qint64 local = m_journal->storedLastSeq();
             if (ack.value().head > local) {
                 recordRefusal(WireProtocol::Refusal{
                     QStringLiteral("journal.center-ahead"),
                     tr("The center holds %1 entries of this device but the device only %2. Call the supervisor; "
                        "nothing is uploaded until this is cleared.")
                         .arg(ack.value().head)
                         .arg(local),
                     ack.value().head});
                 return finishCycle(Outcome::Refused);
             }
             if (ack.value().head > 0) {
                 const auto mine = m_journal->entry(ack.value().head);
                 if (!mine || mine->hash != ack.value().headHash) {
                     recordRefusal(WireProtocol::Refusal{
                         QStringLiteral("journal.diverged"),
                         tr("The center's entry %1 is not this device's entry %1. Call the supervisor.")
                             .arg(ack.value().head),
                         ack.value().head});
                     return finishCycle(Outcome::Refused);
                 }
             }
             {
                 QMutexLocker lock(&m_statusMutex);
                 m_status.acknowledged = ack.value().head;
                 m_status.pending = qMax<qint64>(0, m_status.localHead - m_status.acknowledged);
             }
             saveState("acknowledged", QString::number(ack.value().head));
             publish();
             uploadNext();
         });
}

void SyncClient::uploadNext()
{
    const qint64 acknowledged = status().acknowledged;
    const qint64 local = m_journal->storedLastSeq();
    if (acknowledged >= local)
        return fetchCommands();

    QList<JournalEntry> entries;
    qint64 bytes = 0;
    const qint64 last = qMin(local, acknowledged + m_batch);
    m_journal->forEach(acknowledged + 1, last, [&](const JournalEntry &e) {
        bytes += e.body.toCborValue().toCbor().size() + 96;
        if (!entries.isEmpty() && bytes > m_config.maxBatchBytes)
            return false;
        entries.append(e);
        return true;
    });
    if (entries.isEmpty())
        return finishCycle(Outcome::Failed, tr("The journal could not be read."));
    const QByteArray body = Wire::encode(WireProtocol::JournalBatch::encode(m_config.deviceId, entries));
    const qint64 first = entries.first().seq;
    const qint64 sentLast = entries.last().seq;
    const int sent = int(entries.size());
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    send("POST", QStringLiteral("/v1/journal"), body, SmallReplyBytes,
         [this, first, sentLast, sent, timer](int status, const QByteArray &reply, const QString &transport) {
             if (!transport.isEmpty()) {
                 // A timeout on a slow link: smaller batches next time.
                 m_batch = qMax(m_config.minBatch, m_batch / 2);
                 return finishCycle(Outcome::Failed, transport);
             }
             if (status == 413) {
                 if (m_batch <= m_config.minBatch)
                     return finishCycle(Outcome::Failed,
                                        tr("The center refuses even the smallest batch as too large."));
                 m_batch = qMax(m_config.minBatch, m_batch / 2);
                 return uploadNext();
             }
             auto decoded = Wire::decode(reply, replyLimits(SmallReplyBytes));
             if (!decoded.ok())
                 return finishCycle(
                     Outcome::Failed,
                     tr("The center's answer (%1) is not readable: %2").arg(status).arg(decoded.error().message));
             if (status == 401 || status == 403) {
                 auto e = WireProtocol::ErrorReply::fromCbor(decoded.value());
                 if (!e.ok())
                     return finishCycle(Outcome::Failed, e.error().message);
                 recordRefusal(WireProtocol::Refusal{e.value().code, e.value().message, first});
                 return finishCycle(Outcome::Refused, e.value().message);
             }
             if (status != 200 && status != 409) {
                 auto e = WireProtocol::ErrorReply::fromCbor(decoded.value());
                 return finishCycle(Outcome::Failed,
                                    e.ok() ? e.value().message : tr("The center answered %1.").arg(status));
             }
             auto ack = WireProtocol::JournalAck::fromCbor(decoded.value());
             if (!ack.ok())
                 return finishCycle(Outcome::Failed, ack.error().message);
             const auto checked = checkAck(ack.value(), sentLast);
             if (!checked.ok())
                 return finishCycle(Outcome::Failed, checked.error().message);
             const qint64 head = checked.value();
             const qint64 before = this->status().acknowledged;
             {
                 QMutexLocker lock(&m_statusMutex);
                 m_status.acknowledged = head;
                 m_status.pending = qMax<qint64>(0, m_status.localHead - head);
                 m_status.entriesSent += qMax<qint64>(0, head - before);
                 if (!ack.value().refusal && head == sentLast)
                     m_status.lastRefusal.reset();
             }
             saveState("acknowledged", QString::number(head));
             if (ack.value().refusal) {
                 recordRefusal(*ack.value().refusal);
                 publish();
                 // Commands still matter (a lock, an unlock after a freeze is cleared).
                 fetchCommands();
                 m_attempt = qMax(m_attempt, 4);
                 return;
             }
             saveState("refusal_code", QString());
             // Size the next batch to the link: aim for targetRequestMs per upload.
             const qint64 ms = qMax<qint64>(1, timer->elapsed());
             const double scale = double(m_config.targetRequestMs) / double(ms);
             const int wanted = int(double(sent) * qBound(0.5, scale, 2.0));
             m_batch = qBound(m_config.minBatch, wanted, m_config.maxBatch);
             publish();
             uploadNext();
         });
}

Result<qint64> SyncClient::checkAck(const WireProtocol::JournalAck &ack, qint64 sentLast) const
{
    // Trust only a head within what was sent, whose hash is this device's entry.
    const qint64 head = ack.head;
    if (head > sentLast || head < 0)
        return Error{QStringLiteral("sync.ack-beyond"), tr("The center acknowledged entries it was not sent.")};
    if (head > 0) {
        const auto mine = m_journal->entry(head);
        if (!mine || mine->hash != ack.headHash)
            return Error{QStringLiteral("sync.ack-foreign"),
                         tr("The center acknowledged an entry that is not this device's.")};
    }
    return head;
}

void SyncClient::fetchCommands()
{
    // The device tells where its journal stands (its head, and when the oldest entry the center
    // does not hold yet was written): the desk shows a terminal that syncs but cannot upload.
    const qint64 local = m_journal->storedLastSeq();
    QString report = QStringLiteral("&head=%1").arg(local);
    if (const qint64 acknowledged = status().acknowledged; local > acknowledged) {
        if (const auto oldest = m_journal->entry(acknowledged + 1))
            report += QStringLiteral("&oldest=%1").arg(oldest->timeMs);
    }
    send("GET", QStringLiteral("/v1/commands?roster=%1").arg(m_rosterVersion) + report, {}, SmallReplyBytes * 8,
         [this](int status, const QByteArray &body, const QString &transport) {
             if (!transport.isEmpty())
                 return finishCycle(Outcome::Failed, transport);
             auto decoded = Wire::decode(body, replyLimits(SmallReplyBytes * 8));
             if (status != 200 || !decoded.ok())
                 return finishCycle(Outcome::Failed, tr("The center answered %1 to the commands request.").arg(status));
             auto reply = WireProtocol::CommandsReply::fromCbor(decoded.value());
             if (!reply.ok())
                 return finishCycle(Outcome::Failed, reply.error().message);
             {
                 QMutexLocker lock(&m_statusMutex);
                 m_status.serverTimeMs = reply.value().serverTimeMs;
                 m_status.worklistVersionAvailable = reply.value().worklistVersion;
             }
             // A signed time is a witness only if the center's key vouches for it.
             const QByteArray witness =
                 !reply.value().timeSignature.isEmpty() &&
                         DeviceKey::verify(reply.value().centerKey,
                                           EventRecord::witnessMessage(m_config.deviceId, reply.value().serverTimeMs),
                                           reply.value().timeSignature)
                     ? reply.value().timeSignature
                     : QByteArray();
             emit serverTime(reply.value().serverTimeMs, witness);
             // Over the authenticated link: the key the center's receipts on a memory card are checked with.
             if (!reply.value().centerKey.isEmpty())
                 saveState("center_key", QString::fromLatin1(reply.value().centerKey.toBase64()));
             // What receipts print before their code from now on (none: the bare code).
             if (loadState("verify_address") != reply.value().verifyAddress)
                 saveState("verify_address", reply.value().verifyAddress);
             if (reply.value().roster) {
                 m_rosterVersion = reply.value().rosterVersion;
                 saveState("roster_version", QString::number(m_rosterVersion));
                 emit rosterReceived(m_rosterVersion, *reply.value().roster);
             }
             acknowledgeCommands(reply.value().commands);
         });
}

void SyncClient::acknowledgeCommands(QList<WireProtocol::Command> commands)
{
    if (commands.isEmpty()) {
        if (m_commands->wipePending() && tryWipe())
            return;
        const SyncStatus s = status();
        if (s.lastRefusal && s.pending > 0)
            return finishCycle(Outcome::Refused);
        if (m_commands->wipePending())
            return finishCycle(Outcome::Failed, tr("The wipe waits until the center has every entry."));
        return finishCycle(Outcome::Done);
    }
    const WireProtocol::Command command = commands.takeFirst();
    const DeviceCommands::Effect effect = m_commands->apply(command);
    {
        QMutexLocker lock(&m_statusMutex);
        m_status.locked = m_commands->locked();
        m_status.wipePending = m_commands->wipePending();
    }
    if (effect != DeviceCommands::Effect::None)
        emit lockChanged(m_commands->locked());
    if (effect == DeviceCommands::Effect::Locked || effect == DeviceCommands::Effect::Unlocked)
        emit lockCommandApplied(effect == DeviceCommands::Effect::Locked);
    if (command.kind == QLatin1String("wipe"))
        announceWipe();
    publish();
    // The head at which the command took effect: what the device signs after it is refused.
    const WireProtocol::CommandAck ack{command.id, m_journal->storedLastSeq()};
    send("POST", QStringLiteral("/v1/commands/ack"), Wire::encode(ack.toCbor()), SmallReplyBytes,
         [this, commands](int status, const QByteArray &, const QString &transport) {
             if (!transport.isEmpty() || status != 200)
                 return finishCycle(Outcome::Failed, transport.isEmpty()
                                                         ? tr("The center answered %1 to a command.").arg(status)
                                                         : transport);
             acknowledgeCommands(commands);
         });
}

void SyncClient::announceWipe()
{
    const qint64 id = m_commands ? m_commands->wipeToArm() : 0;
    if (id <= 0)
        return;
    if (isSignalConnected(QMetaMethod::fromSignal(&SyncClient::wipeReceived)))
        emit wipeReceived(id);
    else
        m_commands->armWipe();
}

void SyncClient::armWipe()
{
    if (!m_running || !m_commands || m_commands->wipeToArm() <= 0)
        return;
    m_commands->armWipe();
    trigger();
}

bool SyncClient::tryWipe()
{
    // Never a mode that discards unsynced money: a wipe waits until the center has everything,
    // the entry saying the wipe was received included (it is armed only after that entry).
    if (!m_commands->wipeArmed() || !canDiscardLocalData().ok() || !m_config.wipe)
        return false;
    if (auto s = m_config.wipe(); !s.ok()) {
        QMutexLocker lock(&m_statusMutex);
        m_status.lastError = s.error().message;
        return false;
    }
    m_commands->wipeDone();
    {
        QMutexLocker lock(&m_statusMutex);
        m_status.wipePending = false;
    }
    emit wiped();
    m_running = false;
    m_retryTimer.stop();
    m_periodicTimer.stop();
    m_busy = false;
    return true;
}

void SyncClient::fetchWorklist()
{
    if (!m_running || !m_link)
        return;
    send("GET", QStringLiteral("/v1/worklist?since=%1").arg(m_worklistApplied), {}, m_config.maxReplyBytes,
         [this](int status, const QByteArray &body, const QString &transport) {
             if (!transport.isEmpty() || status != 200) {
                 QMutexLocker lock(&m_statusMutex);
                 m_status.lastError =
                     transport.isEmpty() ? tr("The center answered %1 to the worklist.").arg(status) : transport;
                 return;
             }
             auto decoded = Wire::decode(body, replyLimits(m_config.maxReplyBytes));
             if (!decoded.ok())
                 return;
             auto delta = WireProtocol::WorklistDelta::fromCbor(decoded.value());
             if (delta.ok())
                 emit worklistReceived(delta.value());
         });
}

void SyncClient::recordRefusal(const WireProtocol::Refusal &refusal)
{
    // Revoked: nothing signed here is taken any more, so nothing more is signed (the journal
    // refuses new entries under the lock) and the screen says why.
    const bool revoked = refusal.code == QLatin1String(WireProtocol::Reason::DeviceRevoked);
    const bool newlyLocked =
        revoked && m_commands &&
        m_commands->apply(WireProtocol::Command{0, QStringLiteral("lock")}) == DeviceCommands::Effect::Locked;
    {
        QMutexLocker lock(&m_statusMutex);
        m_status.lastRefusal = refusal;
        if (revoked) {
            m_status.revoked = true;
            m_status.locked = true;
        }
    }
    if (newlyLocked)
        emit lockChanged(true);
    saveState("refusal_code", refusal.code);
    saveState("refusal_message", refusal.message);
    saveState("refusal_seq", QString::number(refusal.seq));
    emit refused(refusal);
}

void SyncClient::finishCycle(Outcome outcome, const QString &error)
{
    if (!m_running && !m_journal) {
        QMutexLocker lock(&m_statusMutex);
        m_status.lastError = error;
        return;
    }
    m_busy = false;
    bool ok = outcome == Outcome::Done;
    {
        QMutexLocker lock(&m_statusMutex);
        if (!error.isEmpty())
            m_status.lastError = error;
        if (ok) {
            m_status.lastSync = QDateTime::currentDateTimeUtc();
            m_status.state = SyncStatus::State::Idle;
        } else {
            m_status.state =
                outcome == Outcome::Refused ? SyncStatus::State::Refused : SyncStatus::State::WaitingToRetry;
        }
    }
    if (ok) {
        saveState("last_sync_ms", QString::number(QDateTime::currentMSecsSinceEpoch()));
        m_attempt = 0;
        const qint64 head = status().acknowledged;
        publish();
        emit synced(head);
        emit cycleFinished(true);
        if (m_again && m_running) {
            m_again = false;
            runCycle();
        }
        return;
    }
    publish();
    emit cycleFinished(false);
    if (m_running)
        scheduleRetry();
}

void SyncClient::scheduleRetry()
{
    // Exponential backoff with "equal jitter" (half the ceiling fixed, half random): many devices
    // behind one depot link do not return in step, and none retries at once. Retries never stop; a trigger cuts the
    // wait short.
    const int shift = qMin(m_attempt, 20);
    const qint64 ceiling = qMin<qint64>(m_config.backoffMaxMs, qint64(m_config.backoffBaseMs) << shift);
    const qint64 delay = ceiling / 2 + QRandomGenerator::global()->bounded(ceiling / 2 + 1);
    ++m_attempt;
    m_retryTimer.start(int(delay));
}
