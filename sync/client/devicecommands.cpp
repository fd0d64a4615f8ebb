#include "devicecommands.h"

#include <utility>

#include "journal.h"

DeviceCommands::DeviceCommands(Journal &journal)
    : m_journal(journal)
    , m_locked(journal.state("locked") == QLatin1String("1"))
    , m_wipeReceived(journal.state("wipe_received", QStringLiteral("0")).toLongLong())
    , m_wipeCommand(journal.state("wipe_command", QStringLiteral("0")).toLongLong())
{
}

void DeviceCommands::save(const char *key, qint64 value)
{
    if (auto s = m_journal.setState(key, QString::number(value)); !s.ok())
        qWarning("sync: could not save %s: %s", key, qPrintable(s.error().message));
}

DeviceCommands::Effect DeviceCommands::apply(const WireProtocol::Command &command)
{
    const bool wipe = command.kind == QLatin1String("wipe");
    if (wipe || command.kind == QLatin1String("lock")) {
        if (wipe && command.id > 0 && !wipePending()) {
            m_wipeReceived = command.id;
            save("wipe_received", m_wipeReceived);
        }
        const bool was = std::exchange(m_locked, true);
        save("locked", 1);
        return was ? Effect::None : Effect::Locked;
    }
    if (command.kind == QLatin1String("unlock")) {
        const bool was = std::exchange(m_locked, false);
        save("locked", 0);
        return was ? Effect::Unlocked : Effect::None;
    }
    return Effect::None;
}

void DeviceCommands::armWipe()
{
    if (const qint64 id = wipeToArm(); id > 0) {
        m_wipeCommand = id;
        save("wipe_command", m_wipeCommand);
    }
}

void DeviceCommands::wipeDone()
{
    m_wipeReceived = 0; // not saved: the journal it would go in is gone
    m_wipeCommand = 0;
}
