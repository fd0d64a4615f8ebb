#pragma once

#include <QtGlobal>

#include "wireprotocol.h"

class Journal;

/**
 * What the center ordered this terminal, kept across restarts in the journal's sync_state:
 * locked or not, and a wipe waiting to run. Lock and wipe lock the terminal at once (the journal
 * refuses new entries from then on); an unlock gives it back; a wipe stays pending until the
 * center holds every entry and it has run. A kind this terminal does not know changes nothing.
 * The network side (fetching, acknowledging) is SyncClient's.
 */
class DeviceCommands
{
public:
    /// Reads the saved state from `journal` (open), which must outlive this.
    explicit DeviceCommands(Journal &journal);

    [[nodiscard]] bool locked() const { return m_locked; }
    [[nodiscard]] bool wipePending() const { return m_wipeCommand > 0; }

    enum class Effect { None, Locked, Unlocked };
    /// Takes one command in and saves the state before it is acknowledged; says what changed.
    Effect apply(const WireProtocol::Command &command);
    /// The wipe ran: nothing is pending any more.
    void wipeDone();

private:
    void save(const char *key, qint64 value);

    Journal &m_journal;
    bool m_locked = false;
    qint64 m_wipeCommand = 0; ///< the wipe command's id at the center, 0 when none waits
};
