#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

#include "centerdatabase.h"
#include "devicekey.h"
#include "devicekeylist.h"
#include "exposure.h"
#include "result.h"
#include "wireprotocol.h"

/** A device as the center knows it. */
struct CenterDevice
{
    enum class State { Active, Locked, Wiped, Frozen };
    QString id;
    QByteArray publicKey;
    QString route;
    State state = State::Active;
    std::optional<qint64> lockSeq; ///< last seq the device signed before a lock/wipe reached it
    qint64 headSeq = 0;
    QByteArray headHash;
    std::optional<qint64> lastSyncMs;
    QString frozenReason;
    std::optional<qint64> revokedMs; ///< revoked then: its key is refused, what it sent before stays
    /// What the device last said of its own journal (with its commands request): its head, when
    /// the oldest entry the center did not hold then was written (none: all held), and when.
    std::optional<qint64> reportedHead;
    std::optional<qint64> reportedOldestMs;
    std::optional<qint64> reportedMs;
    /// The oldest entry the center lacks as of the device's last report (nullopt: none known).
    [[nodiscard]] std::optional<qint64> oldestUnsyncedMs() const
    {
        return reportedHead && *reportedHead > headSeq ? reportedOldestMs : std::nullopt;
    }
};

[[nodiscard]] QString deviceStateKey(CenterDevice::State s); ///< "active", "locked", "wiped", "frozen"

/**
 * The center's devices, enrolment codes, roster, commands, supervisor tokens and worklist
 * deltas, over one CenterDatabase. Everything that changes more than one row does so in one
 * transaction. The clock is replaceable for tests (expiry of enrolment codes).
 */
class CenterStore
{
public:
    using Clock = std::function<qint64()>;

    explicit CenterStore(const CenterDatabase &db);
    /// For tests: this clock instead of the system's, and instead of the database's for servedTime().
    void setClock(Clock clock)
    {
        m_clock = std::move(clock);
        m_clockSet = true;
    }
    [[nodiscard]] qint64 now() const { return m_clock(); }
    [[nodiscard]] const CenterDatabase &database() const { return m_db; }
    /// The time devices are told (their trusted clock's anchor): the database's clock, the same
    /// whichever instance answers. Refused ("center.time-implausible") before 2026, after 2100, or
    /// more than a minute behind what any instance served before: a device keeps its own anchor
    /// rather than take a clock that jumped back.
    [[nodiscard]] Result<qint64> servedTime() const;

    /// The device's own account of its journal: head `head`, the oldest entry the center does not
    /// hold written at `oldestMs` (nullopt: none), said at now(). Kept for the desk, never trusted
    /// for anything else.
    [[nodiscard]] Status recordReport(const QString &deviceId, qint64 head, std::optional<qint64> oldestMs);

    // ---- enrolment
    /// A one-time code for the device `deviceId` on `route`, valid for ttlMs. Only its SHA-256 is
    /// stored. Refuses a device id that is enrolled or already has an unused code.
    [[nodiscard]] Result<QString> createEnrolmentCode(const QString &deviceId, const QString &route, qint64 ttlMs);
    /// Consumes the code (once: the UPDATE that marks it used is the guard) and registers the key.
    [[nodiscard]] Result<WireProtocol::EnrolReply> enrol(const WireProtocol::EnrolRequest &request,
                                                         const QByteArray &centerPin);

    // ---- devices
    [[nodiscard]] Result<std::optional<CenterDevice>> device(const QString &id) const;
    [[nodiscard]] Result<QList<CenterDevice>> devices() const;
    /// Every terminal's public key with its enrolment and revocation, for auditors (doorstep-audit).
    [[nodiscard]] Result<DeviceKeyList> deviceKeyList() const;
    /// Supervisor actions: queue lock / unlock / wipe for the device.
    [[nodiscard]] Result<qint64> issueCommand(const QString &deviceId, const QString &kind);
    /// Pending commands for the device (not yet acknowledged), server time, versions and roster.
    /// Reading them changes nothing but last_seen: a command counts as delivered when the device
    /// acknowledges it.
    [[nodiscard]] Result<WireProtocol::CommandsReply> commandsFor(const QString &deviceId, qint64 knownRosterVersion);
    /// The device carried out a command when its journal head was `head`. A head beyond what the
    /// center holds of its journal is refused ("command.head-ahead": upload first).
    [[nodiscard]] Status acknowledgeCommand(const QString &deviceId, const WireProtocol::CommandAck &ack);
    /// Takes request counter `counter` of the device: true once per counter, and only above the
    /// last one taken (a replayed or reordered request gets false).
    [[nodiscard]] Result<bool> takeRequestCounter(const QString &deviceId, qint64 counter);
    /// Lifts a freeze after a supervisor has reviewed it.
    [[nodiscard]] Status unfreeze(const QString &deviceId);
    /// Revokes a device (lost, stolen, retired): every request signed with its key is refused
    /// from now on (device.revoked); the entries the center already holds stay, counted and
    /// posted. Final: a terminal brought back is enrolled again under a new name.
    [[nodiscard]] Status revokeDevice(const QString &deviceId);
    /// Withdraws the device's enrolment codes nobody has used yet; how many.
    [[nodiscard]] Result<qint64> revokeEnrolmentCodes(const QString &deviceId);
    /// Sets exposure limits for every terminal (scope All, no id), a route or a collector; the
    /// keys and values are checked as a terminal will read them, and nothing is stored if one is
    /// wrong. A value of 0 means "no limit" there, overriding a wider scope.
    [[nodiscard]] Status setExposureRules(ExposureRule::Scope scope, const QString &scopeId,
                                          const QList<QPair<QString, QString>> &limits);
    /// Every exposure rule, widest scope first.
    [[nodiscard]] Result<QList<ExposureRule>> exposureRules() const;

    // ---- worklist and roster
    [[nodiscard]] Result<WireProtocol::WorklistDelta> worklistDelta(const QString &route, qint64 since) const;
    [[nodiscard]] Result<qint64> worklistVersion() const;
    /// The version of one route's worklist: the latest change to its accounts, bills, removals
    /// or corrections, or to what every route shares (settings, exposure limits). Every change
    /// is stamped from the one worklistVersion() counter, so a device's version from any route
    /// or any earlier release reads as "changes after it"; a payment on route A does not send
    /// the terminals of route B fetching.
    [[nodiscard]] Result<qint64> routeVersion(const QString &route) const;
    [[nodiscard]] Result<QList<WireProtocol::RosterEntry>> roster(const QString &route) const;
    [[nodiscard]] Result<qint64> rosterVersion() const;

    // ---- the center's own key
    /// The Ed25519 key the center signs with (receipts of imported journal exports), made on first
    /// use and kept in the database (table center_keys), so every instance signs alike. Devices
    /// learn its public half with their commands.
    [[nodiscard]] Result<std::shared_ptr<const DeviceKey>> signingKey() const;

    // ---- supervisors
    /// A new random bearer token for the reports; only its SHA-256 is stored.
    [[nodiscard]] Result<QString> createSupervisorToken(const QString &name);
    [[nodiscard]] Result<bool> isSupervisorToken(const QString &token) const;

private:
    const CenterDatabase &m_db;
    Clock m_clock;
    bool m_clockSet = false;
    mutable std::shared_ptr<const DeviceKey> m_signingKey;
};
