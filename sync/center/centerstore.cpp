#include "centerstore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QRandomGenerator>
#include <QSet>
#include <QTimeZone>

namespace {

// One translation context for the whole file, including free functions and helper types, in a
// form lupdate understands.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(CenterStore)
};

QByteArray sha256(const QString &text)
{
    return QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
}

/// `bytes` random bytes from the system's CSPRNG, as Crockford base32 (no I, L, O, U): easy to
/// read out over the phone and type on a handheld.
QString randomCode(int characters)
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    QString out;
    out.reserve(characters);
    for (int i = 0; i < characters; ++i)
        out.append(QLatin1Char(alphabet[QRandomGenerator::system()->bounded(32)]));
    return out;
}

std::optional<CenterDevice::State> stateFromKey(const QString &s)
{
    if (s == QLatin1String("active"))
        return CenterDevice::State::Active;
    if (s == QLatin1String("locked"))
        return CenterDevice::State::Locked;
    if (s == QLatin1String("wiped"))
        return CenterDevice::State::Wiped;
    if (s == QLatin1String("frozen"))
        return CenterDevice::State::Frozen;
    return std::nullopt;
}

const char *const deviceColumns =
    "id, public_key, route, state, lock_seq, head_seq, head_hash, last_sync_ms, frozen_reason, revoked_ms, "
    "reported_head, reported_oldest_ms, reported_ms FROM devices";

CenterDevice deviceFromRow(const QSqlQuery &q)
{
    CenterDevice d;
    d.id = q.value(0).toString();
    d.publicKey = q.value(1).toByteArray();
    d.route = q.value(2).toString();
    d.state = stateFromKey(q.value(3).toString()).value_or(CenterDevice::State::Frozen);
    if (!q.value(4).isNull())
        d.lockSeq = q.value(4).toLongLong();
    d.headSeq = q.value(5).toLongLong();
    d.headHash = q.value(6).toByteArray();
    if (!q.value(7).isNull())
        d.lastSyncMs = q.value(7).toLongLong();
    d.frozenReason = q.value(8).toString();
    if (!q.value(9).isNull())
        d.revokedMs = q.value(9).toLongLong();
    auto optional = [&q](int column) {
        return q.value(column).isNull() ? std::optional<qint64>() : std::optional<qint64>(q.value(column).toLongLong());
    };
    d.reportedHead = optional(10);
    d.reportedOldestMs = optional(11);
    d.reportedMs = optional(12);
    return d;
}

} // namespace

QString deviceStateKey(CenterDevice::State s)
{
    switch (s) {
    case CenterDevice::State::Active:
        return QStringLiteral("active");
    case CenterDevice::State::Locked:
        return QStringLiteral("locked");
    case CenterDevice::State::Wiped:
        return QStringLiteral("wiped");
    case CenterDevice::State::Frozen:
        return QStringLiteral("frozen");
    }
    return QStringLiteral("frozen");
}

CenterStore::CenterStore(const CenterDatabase &db)
    : m_db(db)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

// ---- enrolment

Result<QString> CenterStore::createEnrolmentCode(const QString &deviceId, const QString &route, qint64 ttlMs)
{
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (!idPattern.match(deviceId).hasMatch())
        return Error{QStringLiteral("enrol.bad-device-name"),
                     Tr::tr("A device name is 1 to 64 letters, digits, '.', '_' or '-': \"%1\".").arg(deviceId)};
    if (route.trimmed().isEmpty())
        return Error{QStringLiteral("enrol.no-route"), Tr::tr("The device needs a route.")};
    // The route reaches reports and CSV files: the same shape as the import's routes.
    if (!idPattern.match(route).hasMatch())
        return Error{QStringLiteral("enrol.bad-route"),
                     Tr::tr("A route is 1 to 64 letters, digits, '.', '_' or '-': \"%1\".").arg(route)};
    if (ttlMs <= 0)
        return Error{QStringLiteral("enrol.bad-expiry"), Tr::tr("The code must be valid for some time.")};
    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s.error();
    // A device id is never reused: its journal's (device, seq) keys are permanent.
    auto existing = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM devices WHERE id = ?"), {deviceId});
    if (!existing.ok())
        return existing.error();
    if (existing.value().toLongLong() > 0)
        return Error{QStringLiteral("enrol.device-exists"),
                     Tr::tr("Device \"%1\" is already enrolled; a new handheld needs a new name.").arg(deviceId)};
    const qint64 t = now();
    auto pending = m_db.scalar(
        QStringLiteral(
            "SELECT COUNT(*) FROM enrolment_codes WHERE device_id = ? AND used_ms IS NULL AND revoked_ms IS NULL "
            "AND expires_ms > ?"),
        {deviceId, t});
    if (!pending.ok())
        return pending.error();
    if (pending.value().toLongLong() > 0)
        return Error{QStringLiteral("enrol.code-pending"),
                     Tr::tr("Device \"%1\" already has an unused enrolment code.").arg(deviceId)};
    const QString code = randomCode(16); // 80 bits: a plain SHA-256 of it cannot be searched
    if (auto r = m_db.exec(QStringLiteral("INSERT INTO enrolment_codes (code_hash, device_id, route, created_ms, "
                                          "expires_ms) VALUES (?, ?, ?, ?, ?)"),
                           {sha256(code), deviceId, route.trimmed(), t, t + ttlMs});
        !r.ok())
        return r.error();
    if (auto s = tx.commit(); !s.ok())
        return s.error();
    return code;
}

Result<WireProtocol::EnrolReply> CenterStore::enrol(const WireProtocol::EnrolRequest &request,
                                                    const QByteArray &centerPin)
{
    const QString normalised = request.code.trimmed().toUpper().remove(QLatin1Char('-')).remove(QLatin1Char(' '));
    const QByteArray hash = sha256(normalised);
    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s.error();
    auto q = m_db.exec(QStringLiteral("SELECT device_id, route, expires_ms, used_ms, revoked_ms FROM enrolment_codes "
                                      "WHERE code_hash = ?"),
                       {hash});
    if (!q.ok())
        return q.error();
    QSqlQuery row = std::move(q).value();
    if (!row.next())
        return Error{QStringLiteral("enrol.code-unknown"), Tr::tr("This enrolment code is not known. Check it and ask "
                                                                  "the supervisor for a new one if needed.")};
    const QString deviceId = row.value(0).toString();
    const QString route = row.value(1).toString();
    const qint64 expires = row.value(2).toLongLong();
    const bool used = !row.value(3).isNull();
    const bool revoked = !row.value(4).isNull();
    row.finish();
    if (used)
        return Error{QStringLiteral("enrol.code-used"), Tr::tr("This enrolment code has already been used.")};
    if (revoked)
        return Error{QStringLiteral("enrol.code-revoked"),
                     Tr::tr("This enrolment code was withdrawn at the center; ask the supervisor for a new one.")};
    const qint64 t = now();
    if (t >= expires)
        return Error{QStringLiteral("enrol.code-expired"), Tr::tr("This enrolment code has expired; ask the "
                                                                  "supervisor for a new one.")};
    // The guard against two devices racing for one code: only one UPDATE finds it unused.
    auto mark =
        m_db.exec(QStringLiteral("UPDATE enrolment_codes SET used_ms = ? WHERE code_hash = ? AND used_ms IS NULL "
                                 "AND revoked_ms IS NULL"),
                  {t, hash});
    if (!mark.ok())
        return mark.error();
    if (mark.value().numRowsAffected() != 1)
        return Error{QStringLiteral("enrol.code-used"), Tr::tr("This enrolment code has already been used.")};
    if (auto r = m_db.exec(QStringLiteral("INSERT INTO devices (id, public_key, route, state, head_seq, head_hash, "
                                          "enrolled_ms) VALUES (?, ?, ?, 'active', 0, ?, ?)"),
                           {deviceId, request.publicKey, route, QByteArray(32, '\0'), t});
        !r.ok())
        return r.error();
    auto roster = this->roster(route);
    if (!roster.ok())
        return roster.error();
    auto version = rosterVersion();
    if (!version.ok())
        return version.error();
    if (auto s = tx.commit(); !s.ok())
        return s.error();
    WireProtocol::EnrolReply reply;
    reply.deviceId = deviceId;
    reply.route = route;
    reply.centerPin = centerPin;
    auto served = servedTime();
    if (!served.ok())
        return served.error();
    reply.serverTimeMs = served.value();
    reply.rosterVersion = version.value();
    reply.roster = roster.value();
    return reply;
}

// ---- devices

Result<std::optional<CenterDevice>> CenterStore::device(const QString &id) const
{
    auto q =
        m_db.exec(QStringLiteral("SELECT ") + QLatin1String(deviceColumns) + QStringLiteral(" WHERE id = ?"), {id});
    if (!q.ok())
        return q.error();
    QSqlQuery row = std::move(q).value();
    if (!row.next())
        return std::optional<CenterDevice>();
    return std::optional<CenterDevice>(deviceFromRow(row));
}

Status CenterStore::recordReport(const QString &deviceId, qint64 head, std::optional<qint64> oldestMs)
{
    auto r =
        m_db.exec(QStringLiteral("UPDATE devices SET reported_head = ?, reported_oldest_ms = ?, reported_ms = ? "
                                 "WHERE id = ?"),
                  {head, oldestMs ? QVariant(*oldestMs) : QVariant(QMetaType(QMetaType::LongLong)), now(), deviceId});
    if (!r.ok())
        return r.error();
    return success();
}

Result<QList<CenterDevice>> CenterStore::devices() const
{
    auto q = m_db.exec(QStringLiteral("SELECT ") + QLatin1String(deviceColumns) + QStringLiteral(" ORDER BY id"));
    if (!q.ok())
        return q.error();
    QSqlQuery row = std::move(q).value();
    QList<CenterDevice> out;
    while (row.next())
        out.append(deviceFromRow(row));
    return out;
}

Result<DeviceKeyList> CenterStore::deviceKeyList() const
{
    auto q = m_db.exec(QStringLiteral("SELECT id, public_key, enrolled_ms, revoked_ms FROM devices ORDER BY id"));
    if (!q.ok())
        return q.error();
    DeviceKeyList list;
    for (QSqlQuery row = std::move(q).value(); row.next();)
        list.entries.append({row.value(0).toString(), row.value(1).toByteArray(), row.value(2).toLongLong(),
                             row.value(3).isNull() ? std::nullopt : std::optional<qint64>(row.value(3).toLongLong())});
    return list;
}

Result<qint64> CenterStore::issueCommand(const QString &deviceId, const QString &kind)
{
    if (kind != QLatin1String("lock") && kind != QLatin1String("unlock") && kind != QLatin1String("wipe"))
        return Error{QStringLiteral("command.unknown"), Tr::tr("Unknown command \"%1\".").arg(kind)};
    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s.error();
    auto dev = device(deviceId);
    if (!dev.ok())
        return dev.error();
    if (!dev.value())
        return Error{QStringLiteral("command.unknown-device"), Tr::tr("No device \"%1\" is enrolled.").arg(deviceId)};
    // The state changes now (the supervisor's intent); lock_seq stays unknown until the device
    // reports which entry was its last when the command reached it.
    QString state = kind == QLatin1String("unlock") ? QStringLiteral("active")
                    : kind == QLatin1String("lock") ? QStringLiteral("locked")
                                                    : QStringLiteral("wiped");
    if (dev.value()->state == CenterDevice::State::Frozen)
        state = QStringLiteral("frozen");
    if (auto r =
            m_db.exec(QStringLiteral("UPDATE devices SET state = ?, lock_seq = NULL WHERE id = ?"), {state, deviceId});
        !r.ok())
        return r.error();
    auto insert = m_db.exec(QStringLiteral("INSERT INTO commands (device_id, kind, issued_ms) VALUES (?, ?, ?)"),
                            {deviceId, kind, now()});
    if (!insert.ok())
        return insert.error();
    auto id = m_db.scalar(QStringLiteral("SELECT MAX(id) FROM commands WHERE device_id = ?"), {deviceId});
    if (!id.ok())
        return id.error();
    if (auto s = tx.commit(); !s.ok())
        return s.error();
    return id.value().toLongLong();
}

Result<WireProtocol::CommandsReply> CenterStore::commandsFor(const QString &deviceId, qint64 knownRosterVersion)
{
    auto dev = device(deviceId);
    if (!dev.ok())
        return dev.error();
    if (!dev.value())
        return Error{QString::fromLatin1(WireProtocol::Reason::UnknownDevice), Tr::tr("This device is not enrolled.")};
    WireProtocol::CommandsReply reply;
    auto served = servedTime();
    if (!served.ok())
        return served.error();
    reply.serverTimeMs = served.value();
    auto q = m_db.exec(QStringLiteral("SELECT id, kind FROM commands WHERE device_id = ? AND executed_ms IS NULL "
                                      "ORDER BY id"),
                       {deviceId});
    if (!q.ok())
        return q.error();
    QSqlQuery rows = std::move(q).value();
    while (rows.next())
        reply.commands.append(WireProtocol::Command{rows.value(0).toLongLong(), rows.value(1).toString()});
    rows.finish();
    auto wv = routeVersion(dev.value()->route);
    if (!wv.ok())
        return wv.error();
    reply.worklistVersion = wv.value();
    auto rv = rosterVersion();
    if (!rv.ok())
        return rv.error();
    reply.rosterVersion = rv.value();
    if (reply.rosterVersion > knownRosterVersion) {
        auto roster = this->roster(dev.value()->route);
        if (!roster.ok())
            return roster.error();
        reply.roster = roster.value();
    }
    auto key = signingKey();
    if (!key.ok())
        return key.error();
    reply.centerKey = key.value()->publicKey();
    // Witnessed time: the terminal journals this signature, so an auditor knows its entries'
    // times lie between the center's times at the syncs around them.
    reply.timeSignature = key.value()->sign(EventRecord::witnessMessage(deviceId, reply.serverTimeMs));
    if (auto r = m_db.exec(QStringLiteral("UPDATE devices SET last_seen_ms = ? WHERE id = ?"),
                           {reply.serverTimeMs, deviceId});
        !r.ok())
        return r.error();
    return reply;
}

Result<qint64> CenterStore::servedTime() const
{
    qint64 t = 0;
    if (m_clockSet) {
        t = m_clock();
    } else {
        auto db = m_db.clockMs();
        if (!db.ok())
            return db.error();
        t = db.value();
    }
    constexpr qint64 Floor = 1'767'225'600'000;   // 2026-01-01: before this program existed
    constexpr qint64 Ceiling = 4'102'444'800'000; // 2100-01-01
    constexpr qint64 Slack = 60'000;              // instances' reads race by milliseconds, not minutes
    const auto implausible = [t](const QString &why) {
        return Error{QStringLiteral("center.time-implausible"),
                     Tr::tr("The center's clock says %1, which %2; it is not given to devices. Set the database "
                            "server's clock right.")
                         .arg(QDateTime::fromMSecsSinceEpoch(t, QTimeZone::utc()).toString(Qt::ISODate), why)};
    };
    if (t < Floor || t > Ceiling)
        return implausible(Tr::tr("cannot be"));
    auto last = m_db.scalar(QStringLiteral("SELECT value FROM counters WHERE name = 'time_served'"));
    if (!last.ok())
        return last.error();
    if (t < last.value().toLongLong() - Slack)
        return implausible(
            Tr::tr("is before the time already given to devices (%1)")
                .arg(
                    QDateTime::fromMSecsSinceEpoch(last.value().toLongLong(), QTimeZone::utc()).toString(Qt::ISODate)));
    // Kept at second resolution: one write a second at most, whatever the number of devices.
    if (auto r = m_db.exec(QStringLiteral("UPDATE counters SET value = ? WHERE name = 'time_served' AND value < ?"),
                           {t, t - 1000});
        !r.ok())
        return r.error();
    return t;
}

Result<std::shared_ptr<const DeviceKey>> CenterStore::signingKey() const
{
    if (m_signingKey)
        return m_signingKey;
    const auto read = [this]() -> Result<QByteArray> {
        auto pem = m_db.scalar(QStringLiteral("SELECT private_pem FROM center_keys WHERE id = 1"));
        if (!pem.ok())
            return pem.error();
        return pem.value().isValid() ? pem.value().toString().toLatin1() : QByteArray();
    };
    auto pem = read();
    if (!pem.ok())
        return pem.error();
    if (pem.value().isEmpty()) {
        // Made once, by whichever instance needs it first; the others then read that one.
        const DeviceKey made = DeviceKey::generate();
        if (auto r = m_db.exec(QStringLiteral("INSERT INTO center_keys (id, private_pem, public_key, created_ms) "
                                              "VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING"),
                               {QString::fromLatin1(made.toPem()), made.publicKey(), now()});
            !r.ok())
            return r.error();
        pem = read();
        if (!pem.ok())
            return pem.error();
    }
    auto key = DeviceKey::fromPem(pem.value());
    if (!key.ok())
        return Error{
            QStringLiteral("center.signing-key"),
            QCoreApplication::translate("CenterStore", "The center's signing key in the database is damaged.")};
    m_signingKey = std::make_shared<const DeviceKey>(std::move(key).value());
    return m_signingKey;
}

Status CenterStore::acknowledgeCommand(const QString &deviceId, const WireProtocol::CommandAck &ack)
{
    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s;
    auto q = m_db.exec(QStringLiteral("SELECT kind, executed_ms FROM commands WHERE id = ? AND device_id = ?"),
                       {ack.id, deviceId});
    if (!q.ok())
        return q.error();
    QSqlQuery row = std::move(q).value();
    if (!row.next())
        return Error{QStringLiteral("command.unknown"), Tr::tr("No such command for this device.")};
    const QString kind = row.value(0).toString();
    const bool done = !row.value(1).isNull();
    row.finish();
    if (done)
        return tx.commit(); // a resent acknowledgement changes nothing
    // The head the command took effect at decides which entries are refused later: it cannot be
    // beyond what the device has uploaded (2^63-1 would let everything it signs after a lock in).
    auto held = m_db.scalar(QStringLiteral("SELECT head_seq FROM devices WHERE id = ?"), {deviceId});
    if (!held.ok())
        return held.error();
    if (ack.head < 0 || ack.head > held.value().toLongLong())
        return Error{QStringLiteral("command.head-ahead"),
                     Tr::tr("The command was carried out at entry %1, but the center holds this device's journal "
                            "only up to %2. Upload the journal first.")
                         .arg(ack.head)
                         .arg(held.value().toLongLong())};
    if (auto r = m_db.exec(QStringLiteral("UPDATE commands SET delivered_ms = COALESCE(delivered_ms, ?), executed_ms "
                                          "= ?, executed_head = ? WHERE id = ?"),
                           {now(), now(), ack.head, ack.id});
        !r.ok())
        return r.error();
    if (kind != QLatin1String("unlock")) {
        // From here on, what the device signs after `head` is refused; what it signed before is accepted.
        if (auto r = m_db.exec(
                QStringLiteral("UPDATE devices SET lock_seq = ? WHERE id = ? AND state IN ('locked', 'wiped')"),
                {ack.head, deviceId});
            !r.ok())
            return r.error();
    }
    return tx.commit();
}

Result<bool> CenterStore::takeRequestCounter(const QString &deviceId, qint64 counter)
{
    // One statement: two requests with one counter cannot both pass.
    auto r = m_db.exec(QStringLiteral("UPDATE devices SET request_counter = ? WHERE id = ? AND request_counter < ?"),
                       {counter, deviceId, counter});
    if (!r.ok())
        return r.error();
    return r.value().numRowsAffected() == 1;
}

Status CenterStore::unfreeze(const QString &deviceId)
{
    auto r = m_db.exec(QStringLiteral("UPDATE devices SET state = 'active', frozen_reason = NULL WHERE id = ? AND "
                                      "state = 'frozen'"),
                       {deviceId});
    if (!r.ok())
        return r.error();
    if (r.value().numRowsAffected() != 1)
        return Error{QStringLiteral("device.not-frozen"), Tr::tr("Device \"%1\" is not frozen.").arg(deviceId)};
    return success();
}

Status CenterStore::revokeDevice(const QString &deviceId)
{
    auto dev = device(deviceId);
    if (!dev.ok())
        return dev.error();
    if (!dev.value())
        return Error{QStringLiteral("device.unknown"), Tr::tr("No device \"%1\" is enrolled.").arg(deviceId)};
    // One statement: revoked once, at the first time asked.
    auto r = m_db.exec(QStringLiteral("UPDATE devices SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL"),
                       {now(), deviceId});
    if (!r.ok())
        return r.error();
    if (r.value().numRowsAffected() != 1)
        return Error{QStringLiteral("device.already-revoked"),
                     Tr::tr("Device \"%1\" is already revoked.").arg(deviceId)};
    return success();
}

Result<qint64> CenterStore::revokeEnrolmentCodes(const QString &deviceId)
{
    auto r = m_db.exec(QStringLiteral("UPDATE enrolment_codes SET revoked_ms = ? WHERE device_id = ? AND used_ms IS "
                                      "NULL AND revoked_ms IS NULL"),
                       {now(), deviceId});
    if (!r.ok())
        return r.error();
    const qint64 n = r.value().numRowsAffected();
    if (n == 0)
        return Error{QStringLiteral("enrol.no-pending-code"),
                     Tr::tr("Device \"%1\" has no unused enrolment code to withdraw.").arg(deviceId)};
    return n;
}

// ---- worklist and roster

Result<qint64> CenterStore::worklistVersion() const
{
    auto v = m_db.scalar(QStringLiteral("SELECT value FROM counters WHERE name = 'worklist_version'"));
    if (!v.ok())
        return v.error();
    return v.value().toLongLong();
}

Result<qint64> CenterStore::routeVersion(const QString &route) const
{
    // Each part is one lookup at the end of a (route, version) index.
    auto v =
        m_db.scalar(QStringLiteral("SELECT MAX(v) FROM ("
                                   "SELECT MAX(version) AS v FROM accounts WHERE route = ? "
                                   "UNION ALL SELECT MAX(version) FROM bills WHERE route = ? "
                                   "UNION ALL SELECT MAX(version) FROM worklist_removals WHERE route = ? "
                                   "UNION ALL SELECT MAX(version) FROM corrections WHERE route = ? "
                                   "UNION ALL SELECT MAX(version) FROM settings "
                                   "UNION ALL SELECT value FROM counters WHERE name = 'all_routes_version') parts"),
                    {route, route, route, route});
    if (!v.ok())
        return v.error();
    return v.value().isNull() ? 0 : v.value().toLongLong();
}

Result<qint64> CenterStore::rosterVersion() const
{
    auto v = m_db.scalar(QStringLiteral("SELECT value FROM counters WHERE name = 'roster_version'"));
    if (!v.ok())
        return v.error();
    return v.value().toLongLong();
}

Result<QList<WireProtocol::RosterEntry>> CenterStore::roster(const QString &route) const
{
    auto q = m_db.exec(QStringLiteral("SELECT id, name, role, pin_hash, active FROM collectors WHERE route = ? OR "
                                      "route = '' ORDER BY id"),
                       {route});
    if (!q.ok())
        return q.error();
    QSqlQuery rows = std::move(q).value();
    QList<WireProtocol::RosterEntry> out;
    while (rows.next())
        out.append(WireProtocol::RosterEntry{rows.value(0).toString(), rows.value(1).toString(),
                                             rows.value(2).toString(), rows.value(3).toString(),
                                             rows.value(4).toLongLong() != 0});
    return out;
}

Status CenterStore::setExposureRules(ExposureRule::Scope scope, const QString &scopeId,
                                     const QList<QPair<QString, QString>> &limits)
{
    if ((scope == ExposureRule::Scope::All) != scopeId.isEmpty() || scopeId.size() > 64)
        return Error{QStringLiteral("exposure-policy.bad-scope"),
                     Tr::tr("Exposure limits are set for every terminal, or for one route or one collector.")};
    if (limits.isEmpty())
        return Error{QStringLiteral("exposure-policy.empty"), Tr::tr("Give at least one limit as key=value.")};
    if (auto checked = ExposureLimits::fromKeyValues(limits); !checked.ok())
        return checked.error();
    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s;
    for (const auto &[key, value] : limits) {
        if (auto r =
                m_db.exec(QStringLiteral("DELETE FROM exposure_rules WHERE scope = ? AND scope_id = ? AND key = ?"),
                          {int(scope), scopeId, key});
            !r.ok())
            return r.error();
        if (auto r = m_db.exec(QStringLiteral("INSERT INTO exposure_rules (scope, scope_id, key, value) VALUES (?, ?, "
                                              "?, ?)"),
                               {int(scope), scopeId, key, value});
            !r.ok())
            return r.error();
    }
    // A new worklist version for every route: every terminal fetches at its next sync, and the
    // limits come with the reply (a terminal asks for a worklist only when the version moved).
    if (auto r = m_db.exec(QStringLiteral("UPDATE counters SET value = value + 1 WHERE name = 'worklist_version'"));
        !r.ok())
        return r.error();
    if (auto r = m_db.exec(QStringLiteral("UPDATE counters SET value = (SELECT value FROM counters WHERE name = "
                                          "'worklist_version') WHERE name = 'all_routes_version'"));
        !r.ok())
        return r.error();
    return tx.commit();
}

Result<QList<ExposureRule>> CenterStore::exposureRules() const
{
    auto q = m_db.exec(QStringLiteral("SELECT scope, scope_id, key, value FROM exposure_rules ORDER BY scope, "
                                      "scope_id, key"));
    if (!q.ok())
        return q.error();
    QList<ExposureRule> rules;
    for (QSqlQuery rows = std::move(q).value(); rows.next();)
        rules.append(ExposureRule{ExposureRule::Scope(rows.value(0).toInt()), rows.value(1).toString(),
                                  rows.value(2).toString(), rows.value(3).toString()});
    return rules;
}

Result<WireProtocol::WorklistDelta> CenterStore::worklistDelta(const QString &route, qint64 since) const
{
    WireProtocol::WorklistDelta d;
    d.route = route;
    d.since = since;
    // Read at one snapshot: the version and the rows must agree.
    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s.error();
    auto version = routeVersion(route);
    if (!version.ok())
        return version.error();
    auto stamped = worklistVersion();
    if (!stamped.ok())
        return stamped.error();
    d.version = std::max(version.value(), std::min(since, stamped.value()));
    if (since > stamped.value())
        since = 0; // the device is ahead of a restored center: give it everything again
    d.since = since;

    auto settings = m_db.exec(QStringLiteral("SELECT key, value FROM settings ORDER BY key"));
    if (!settings.ok())
        return settings.error();
    for (QSqlQuery q = std::move(settings).value(); q.next();)
        d.settings.append({q.value(0).toString(), q.value(1).toString()});
    // The limits travel with every reply, changed or not: the terminal's are always the center's.
    // Another route's rules are not its business; every collector's are (any may log in here).
    auto rules = exposureRules();
    if (!rules.ok())
        return rules.error();
    for (const ExposureRule &rule : rules.value())
        if (rule.scope != ExposureRule::Scope::Route || rule.scopeId == route)
            d.limits.append(rule);
    // So do the payments of the route reversed here lately: each terminal shows them on the account.
    auto corrections = m_db.exec(QStringLiteral("SELECT device_id, seq, account, amount_fen, reason, made_by, at_ms "
                                                "FROM corrections WHERE route = ? AND at_ms >= ? ORDER BY at_ms "
                                                "DESC, id DESC LIMIT %1")
                                     .arg(WireProtocol::WorklistDelta::MaxCorrections),
                                 {route, m_clock() - qint64(WireProtocol::WorklistDelta::CorrectionDays) * 86'400'000});
    if (!corrections.ok())
        return corrections.error();
    for (QSqlQuery q = std::move(corrections).value(); q.next();)
        d.corrections.append(PaymentCorrection{q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toString(),
                                               Money::fromFen(q.value(3).toLongLong()), q.value(4).toString(),
                                               q.value(5).toString(), q.value(6).toLongLong()});

    QSet<QString> activeAccounts;
    auto accounts = m_db.exec(QStringLiteral("SELECT number, name, address, village, walk_order, meter, class, phone, "
                                             "prepaid_fen FROM accounts WHERE route = ? AND active = 1 AND version > ? "
                                             "ORDER BY village, walk_order, number"),
                              {route, since});
    if (!accounts.ok())
        return accounts.error();
    for (QSqlQuery q = std::move(accounts).value(); q.next();) {
        Account a;
        a.number = q.value(0).toString();
        a.name = q.value(1).toString();
        a.address = q.value(2).toString();
        a.village = q.value(3).toString();
        a.walkOrder = q.value(4).toInt();
        a.meterNumber = q.value(5).toString();
        a.customerClass = customerClassFromKey(q.value(6).toString()).value_or(CustomerClass::Residential);
        a.phone = q.value(7).toString();
        a.prepaidBalance = Money::fromFen(q.value(8).toLongLong());
        activeAccounts.insert(a.number);
        d.accounts.append(a);
    }
    QSet<QString> activeBills;
    auto bills = m_db.exec(
        QStringLiteral(
            "SELECT id, account, period, amount_fen, due_date, paid_fen, penalty_fen, "
            "penalty_from FROM bills WHERE route = ? AND active = 1 AND version > ? ORDER BY account, due_date, id"),
        {route, since});
    if (!bills.ok())
        return bills.error();
    for (QSqlQuery q = std::move(bills).value(); q.next();) {
        Bill b{q.value(0).toString(),
               q.value(1).toString(),
               q.value(2).toString(),
               Money::fromFen(q.value(3).toLongLong()),
               QDate::fromString(q.value(4).toString(), Qt::ISODate),
               Money::fromFen(q.value(5).toLongLong()),
               Money::fromFen(q.value(6).toLongLong()),
               QDate::fromString(q.value(7).toString(), Qt::ISODate)}; // '' reads as invalid: none settled
        activeBills.insert(b.id);
        d.bills.append(b);
    }
    if (since > 0) {
        auto removals = m_db.exec(QStringLiteral("SELECT DISTINCT kind, key FROM worklist_removals WHERE route = ? AND "
                                                 "version > ? ORDER BY kind, key"),
                                  {route, since});
        if (!removals.ok())
            return removals.error();
        for (QSqlQuery q = std::move(removals).value(); q.next();) {
            const QString key = q.value(1).toString();
            // A row removed and later restored is current again: the upsert above says so.
            if (q.value(0).toString() == QLatin1String("account")) {
                if (!activeAccounts.contains(key))
                    d.removedAccounts.append(key);
            } else if (!activeBills.contains(key)) {
                d.removedBills.append(key);
            }
        }
    }
    if (auto s = tx.commit(); !s.ok())
        return s.error();
    return d;
}

// ---- supervisors

Result<QString> CenterStore::createSupervisorToken(const QString &name)
{
    const QString token = randomCode(32);
    if (auto r =
            m_db.exec(QStringLiteral("INSERT INTO supervisor_tokens (token_hash, name, created_ms) VALUES (?, ?, ?)"),
                      {sha256(token), name, now()});
        !r.ok())
        return r.error();
    return token;
}

Result<bool> CenterStore::isSupervisorToken(const QString &token) const
{
    if (token.isEmpty())
        return false;
    auto v =
        m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM supervisor_tokens WHERE token_hash = ?"), {sha256(token)});
    if (!v.ok())
        return v.error();
    return v.value().toLongLong() > 0;
}
