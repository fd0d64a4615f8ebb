#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "devicecommands.h"
#include "devicekey.h"
#include "journal.h"
#include "journalentry.h"

/** What the center ordered the terminal, kept across a restart and never undone by accident. */
class TestDeviceCommands : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    DeviceKey m_key = DeviceKey::generate();
    std::unique_ptr<Journal> m_journal;

    Journal &reopen()
    {
        m_journal =
            std::make_unique<Journal>(m_dir.filePath(QStringLiteral("journal.sqlite")), QStringLiteral("hh-1"), m_key);
        if (!m_journal->open().ok())
            qFatal("journal did not open");
        return *m_journal;
    }

    static WireProtocol::Command command(qint64 id, const char *kind)
    {
        return WireProtocol::Command{id, QString::fromLatin1(kind)};
    }

private Q_SLOTS:
    void init()
    {
        m_journal.reset();
        QFile::remove(m_dir.filePath(QStringLiteral("journal.sqlite")));
    }

    void aNewTerminalIsNeitherLockedNorWiping()
    {
        DeviceCommands c(reopen());
        QVERIFY(!c.locked());
        QVERIFY(!c.wipePending());
    }

    void lockAndUnlockSayWhatChangedAndSurviveARestart()
    {
        {
            DeviceCommands c(reopen());
            QCOMPARE(c.apply(command(1, "lock")), DeviceCommands::Effect::Locked);
            QCOMPARE(c.apply(command(2, "lock")), DeviceCommands::Effect::None); // already
            QVERIFY(c.locked());
        }
        {
            DeviceCommands c(reopen()); // the app restarted: still locked
            QVERIFY(c.locked());
            QCOMPARE(c.apply(command(3, "unlock")), DeviceCommands::Effect::Unlocked);
            QCOMPARE(c.apply(command(4, "unlock")), DeviceCommands::Effect::None);
        }
        DeviceCommands c(reopen());
        QVERIFY(!c.locked());
    }

    void aWipeLocksAndWaitsEvenThroughAnUnlockAndARestart()
    {
        {
            DeviceCommands c(reopen());
            QCOMPARE(c.apply(command(7, "wipe")), DeviceCommands::Effect::Locked);
            QVERIFY(c.wipePending());
            // An unlock does not cancel a wipe the center ordered: the terminal stays marked.
            QCOMPARE(c.apply(command(8, "unlock")), DeviceCommands::Effect::Unlocked);
            QVERIFY(c.wipePending());
        }
        DeviceCommands c(reopen());
        QVERIFY(c.wipePending());
        c.wipeDone();
        QVERIFY(!c.wipePending());
    }

    void aWipeIsArmedOnlyAfterItsReceiptCanBeJournaled()
    {
        {
            DeviceCommands c(reopen());
            QCOMPARE(c.apply(command(7, "wipe")), DeviceCommands::Effect::Locked);
            QCOMPARE(c.wipeToArm(), 7);
            QVERIFY(!c.wipeArmed());
            // Received, not armed: the journal still takes the event that says so (not money).
            QVERIFY(m_journal->appendAllowed(EntryKind::Event).ok());
            QCOMPARE(m_journal->appendAllowed(EntryKind::Payment).error().code, QStringLiteral("journal.locked"));
            QCOMPARE(c.apply(command(9, "wipe")), DeviceCommands::Effect::None); // a second order: the first stands
            QCOMPARE(c.wipeToArm(), 7);
        }
        {
            DeviceCommands c(reopen()); // a crash before the event: still to be armed after a restart
            QCOMPARE(c.wipeToArm(), 7);
            c.armWipe();
            QVERIFY(c.wipeArmed() && c.wipePending());
            QCOMPARE(c.wipeToArm(), 0);
            QCOMPARE(m_journal->appendAllowed(EntryKind::Event).error().code, QStringLiteral("journal.wipe-pending"));
        }
        DeviceCommands c(reopen());
        QVERIFY(c.wipeArmed());
        c.armWipe(); // nothing left to arm: no change
        QVERIFY(c.wipeArmed());
        c.wipeDone();
        QVERIFY(!c.wipePending() && !c.wipeArmed());
    }

    void aWipeArmedByAnOlderTerminalStaysArmed()
    {
        // Terminals from before the receipt was journaled saved only the armed state.
        QVERIFY(reopen().setState("wipe_command", QStringLiteral("4")).ok());
        DeviceCommands c(reopen());
        QVERIFY(c.wipePending() && c.wipeArmed());
        QCOMPARE(c.wipeToArm(), 0);
    }

    void unknownOrOddCommandsChangeNothing_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<qint64>("id");
        QTest::newRow("unknown kind") << QStringLiteral("self-destruct") << qint64(5);
        QTest::newRow("empty kind") << QString() << qint64(5);
        QTest::newRow("case differs") << QStringLiteral("LOCK") << qint64(5);
        QTest::newRow("wipe with no id") << QStringLiteral("wipe") << qint64(0);
    }
    void unknownOrOddCommandsChangeNothing()
    {
        QFETCH(QString, kind);
        QFETCH(qint64, id);
        DeviceCommands c(reopen());
        const auto effect = c.apply(WireProtocol::Command{id, kind});
        if (kind == QLatin1String("wipe")) {
            // A wipe without an id still locks (the order is clear) but has nothing to wait on.
            QCOMPARE(effect, DeviceCommands::Effect::Locked);
            QVERIFY(!c.wipePending());
            return;
        }
        QCOMPARE(effect, DeviceCommands::Effect::None);
        QVERIFY(!c.locked());
        QVERIFY(!c.wipePending());
    }
};

QTEST_GUILESS_MAIN(TestDeviceCommands)
#include "tst_devicecommands.moc"
