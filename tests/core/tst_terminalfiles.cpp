// What a wipe erases and keeps, and a wipe cut short finished at the next start.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "terminalfiles.h"

namespace {

void touch(const QString &path)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(path));
    f.write("x");
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files, QDir::Name);
}

} // namespace

class TestTerminalFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pathsAreInTheDataFolder()
    {
        const QString dir = QStringLiteral("/data/doorstep");
        const QStringList all{
            TerminalFiles::journal(dir),   TerminalFiles::route(dir),    TerminalFiles::printQueue(dir),
            TerminalFiles::deviceKey(dir), TerminalFiles::identity(dir), TerminalFiles::roster(dir),
            TerminalFiles::clock(dir),     TerminalFiles::settings(dir), TerminalFiles::exports(dir)};
        for (const QString &p : all)
            QVERIFY2(p.startsWith(dir + QLatin1Char('/')), qPrintable(p));
        QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), all.size());
        // The settings and the collector's exports survive a wipe; everything else it names goes.
        const QStringList wiped = TerminalFiles::wipedByWipe(dir);
        QVERIFY(!wiped.contains(TerminalFiles::settings(dir)));
        QVERIFY(!wiped.contains(TerminalFiles::exports(dir)));
        for (const QString &p : all) {
            if (p != TerminalFiles::settings(dir) && p != TerminalFiles::exports(dir))
                QVERIFY2(wiped.contains(p), qPrintable(p));
        }
        QVERIFY(wiped.contains(TerminalFiles::journal(dir) + QStringLiteral("-wal")));
        // The key goes first: nothing can be signed as this terminal once the wipe has begun.
        QCOMPARE(wiped.first(), TerminalFiles::deviceKey(dir));
    }

    void wipeErasesDataAndKeepsSettings()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = tmp.path();
        for (const QString &p : TerminalFiles::wipedByWipe(dir))
            touch(p);
        touch(TerminalFiles::settings(dir));
        touch(QDir(dir).filePath(QStringLiteral("export-2026-12-06.doorstep"))); // not ours to erase
        QVERIFY(!TerminalFiles::wipeUnfinished(dir));
        const Status s = TerminalFiles::wipe(dir);
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
        QCOMPARE(filesIn(dir),
                 (QStringList{QStringLiteral("export-2026-12-06.doorstep"), QStringLiteral("settings.ini")}));
        QVERIFY(!TerminalFiles::wipeUnfinished(dir));
        // Wiping an empty terminal again is no error.
        QVERIFY(TerminalFiles::wipe(dir).ok());
    }

    void aWipeCutShortIsSeenAndFinished()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString dir = tmp.path();
        touch(TerminalFiles::journal(dir));
        // A file that cannot be removed (a directory in its place) leaves the marker behind.
        QVERIFY(QDir().mkpath(TerminalFiles::route(dir)));
        touch(QDir(TerminalFiles::route(dir)).filePath(QStringLiteral("inside")));
        const Status s = TerminalFiles::wipe(dir);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("wipe.incomplete"));
        QVERIFY(s.error().message.contains(QLatin1String("route.sqlite")));
        QVERIFY(TerminalFiles::wipeUnfinished(dir));
        QVERIFY(!QFile::exists(TerminalFiles::journal(dir)));
        // Next start: the obstacle is gone, the wipe finishes and the marker with it.
        QVERIFY(QDir(TerminalFiles::route(dir)).removeRecursively());
        QVERIFY(TerminalFiles::wipe(dir).ok());
        QVERIFY(!TerminalFiles::wipeUnfinished(dir));
    }

    void anUnwritableFolderRefusesToStart()
    {
        const Status s = TerminalFiles::wipe(QStringLiteral("/proc/doorstep-no-such-folder"));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("wipe.marker"));
    }
};

QTEST_GUILESS_MAIN(TestTerminalFiles)
#include "tst_terminalfiles.moc"
