#pragma once

#include <QtGlobal>

#include "wireprotocol.h"

class Journal;

/**
 * What the center ordered this terminal, kept across restarts in the journal's sync_state:
 * locked or not, and a wipe waiting to run. Lock and wipe lock the terminal at once (the journal
 * refuses payments and voids from then on); an unlock gives it back. A wipe is received, then
 * armed once the terminal has journaled that it received it (armWipe; from then on the journal
 * takes nothing), then runs once the center holds every entry — that event included. Nothing is
 * appended after the journal's last entry is checked at the center, so no entry can race the
 * erasing. A kind this terminal does not know changes nothing. The network side (fetching,
 * acknowledging) is SyncClient's.
 */
class DeviceCommands
{
public:
    /// Reads the saved state from `journal` (open), which must outlive this.
    explicit DeviceCommands(Journal &journal);

    [[nodiscard]] bool locked() const { return m_locked; }
    /// A wipe was ordered and has not run (armed or not).
    [[nodiscard]] bool wipePending() const { return m_wipeReceived > 0 || m_wipeCommand > 0; }
    /// The wipe command received and not yet armed (its id), 0 when none.
    [[nodiscard]] qint64 wipeToArm() const { return m_wipeCommand > 0 ? 0 : m_wipeReceived; }
    /// Armed: the journal takes nothing more, and the wipe runs once the center has every entry.
    [[nodiscard]] bool wipeArmed() const { return m_wipeCommand > 0; }

    enum class Effect { None, Locked, Unlocked };
    /// Takes one command in and saves the state before it is acknowledged; says what changed.
    Effect apply(const WireProtocol::Command &command);
    /// Arms the wipe received (after its receipt is journaled); nothing when none waits.
    void armWipe();
    /// The wipe ran: nothing is pending any more.
    void wipeDone();

private:
    void save(const char *key, qint64 value);

    Journal &m_journal;
    bool m_locked = false;
    qint64 m_wipeReceived = 0; ///< the wipe command's id at the center, 0 when none was received
    qint64 m_wipeCommand = 0;  ///< the same id once armed (sync_state "wipe_command", which the journal reads)
};
