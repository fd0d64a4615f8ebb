// The Debian packages as an operator gets them: cpack builds doorstep-center and doorstep from
// this build tree; both install with dpkg into a fresh, empty root (its own package database,
// nothing else in it: their dependencies are Debian's Qt and libraries, which are this machine's);
// the center's unit file is hardened; the operator edits /etc/doorstep/center.conf and the center
// starts from the unit's own ExecStart line with its EnvironmentFile, answers, and stops cleanly.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "synctestkit.h"
#include "testnet.h"

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &args, int timeoutMs = 300'000)
{
    QProcess p;
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// KEY=value lines of a systemd EnvironmentFile (comments and blank lines skipped).
QHash<QString, QString> environmentFile(const QByteArray &text)
{
    QHash<QString, QString> env;
    for (const QByteArray &raw : text.split('\n')) {
        const QByteArray line = raw.trimmed();
        const qsizetype eq = line.indexOf('=');
        if (line.isEmpty() || line.startsWith('#') || eq <= 0)
            continue;
        env.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)));
    }
    return env;
}

/// ExecStart's words as systemd expands them: ${VAR} is one word, $VAR splits on blanks.
QStringList execStart(const QByteArray &unit, const QHash<QString, QString> &env)
{
    QString line;
    for (const QByteArray &raw : unit.split('\n')) {
        if (raw.startsWith("ExecStart="))
            line = QString::fromUtf8(raw.mid(10));
    }
    QStringList words;
    for (const QString &word : line.split(u' ', Qt::SkipEmptyParts)) {
        static const QRegularExpression braced(QStringLiteral("^\\$\\{([A-Z_]+)\\}$"));
        static const QRegularExpression bare(QStringLiteral("^\\$([A-Z_]+)$"));
        if (const auto m = braced.match(word); m.hasMatch())
            words.append(env.value(m.captured(1)));
        else if (const auto b = bare.match(word); b.hasMatch())
            words += env.value(b.captured(1)).split(u' ', Qt::SkipEmptyParts);
        else
            words.append(word);
    }
    return words;
}

} // namespace

class TestPackages : public QObject
{
    Q_OBJECT

private slots:
    void bothInstallAndTheCenterStartsFromItsUnit()
    {
        QTemporaryDir out;
        const Run cpack =
            run(QStringLiteral("cpack"),
                {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
                 QStringLiteral(DOORSTEP_BUILD_DIR "/CPackConfig.cmake"), QStringLiteral("-B"), out.path()});
        QVERIFY2(cpack.exitCode == 0, QByteArray(cpack.out + cpack.err).right(2000).constData());
        const QStringList debs = QDir(out.path()).entryList({QStringLiteral("*.deb")}, QDir::Files, QDir::Name);
        QCOMPARE(debs.size(), 2);
        const QString handheld = out.filePath(debs.filter(QRegularExpression(QStringLiteral("^doorstep_"))).value(0));
        const QString center = out.filePath(debs.filter(QStringLiteral("doorstep-center_")).value(0));
        const auto field = [](const QString &deb, const char *name) {
            return QString::fromUtf8(
                run(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), deb, QLatin1String(name)}).out.trimmed());
        };
        QCOMPARE(field(center, "Package"), QStringLiteral("doorstep-center"));
        QCOMPARE(field(handheld, "Package"), QStringLiteral("doorstep"));
        // Dependencies found from the binaries: Debian's own Qt and libraries.
        for (const char *lib : {"libqt6core6", "libqt6httpserver6", "libqt6sql6", "libpq5", "libssl3"})
            QVERIFY2(field(center, "Depends").contains(QLatin1String(lib)), lib);
        for (const char *lib : {"libqt6quick6", "libqt6bluetooth6", "libqt6serialport6", "libqrencode4"})
            QVERIFY2(field(handheld, "Depends").contains(QLatin1String(lib)), lib);
        // The operator's settings are configuration files: an upgrade never overwrites them.
        const Run conffiles =
            run(QStringLiteral("dpkg-deb"), {QStringLiteral("-I"), center, QStringLiteral("conffiles")});
        QVERIFY(conffiles.out.contains("/etc/doorstep/center.conf"));
        QVERIFY(conffiles.out.contains("/etc/logrotate.d/doorstep-center"));

        // A fresh root with its own package database: both install, and dpkg knows them.
        const QString root = out.filePath(QStringLiteral("root"));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/var/lib/dpkg/info")));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/var/lib/dpkg/updates")));
        QFile status(root + QStringLiteral("/var/lib/dpkg/status"));
        QVERIFY(status.open(QIODevice::WriteOnly));
        status.close();
        const Run installed =
            run(QStringLiteral("dpkg"), {QStringLiteral("--root=") + root, QStringLiteral("--force-depends"),
                                         QStringLiteral("--force-not-root"), QStringLiteral("-i"), center, handheld});
        QVERIFY2(installed.exitCode == 0, installed.err.constData());
        for (const char *package : {"doorstep-center", "doorstep"}) {
            const Run s = run(QStringLiteral("dpkg"),
                              {QStringLiteral("--root=") + root, QStringLiteral("-s"), QLatin1String(package)});
            QVERIFY2(s.out.contains("Status: install ok installed"), package);
        }
        for (const char *file : {"/usr/bin/doorstep-center", "/usr/bin/doorstep-audit", "/usr/bin/doorstep",
                                 "/usr/share/applications/doorstep.desktop", "/etc/logrotate.d/doorstep-center"})
            QVERIFY2(QFile::exists(root + QLatin1String(file)), file);

        // The unit: an unprivileged service that cannot write outside its state and logs.
        const QByteArray unit = readAll(root + QStringLiteral("/usr/lib/systemd/system/doorstep-center.service"));
        for (const char *line : {"DynamicUser=yes", "ProtectSystem=strict", "NoNewPrivileges=yes",
                                 "EnvironmentFile=/etc/doorstep/center.conf", "StateDirectory=doorstep",
                                 "CapabilityBoundingSet=\n", "WantedBy=multi-user.target"})
            QVERIFY2(unit.contains(line), line);
        QVERIFY(readAll(root + QStringLiteral("/etc/logrotate.d/doorstep-center")).contains("copytruncate"));

        // The operator points the center at its database and a port, as the comments say; the
        // center starts from the unit's ExecStart line with that environment.
        QHash<QString, QString> env = environmentFile(readAll(root + QStringLiteral("/etc/doorstep/center.conf")));
        QCOMPARE(env.value(QStringLiteral("DOORSTEP_CENTER_DB")), QStringLiteral("sqlite:/var/lib/doorstep/center.db"));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/var/lib/doorstep")));
        env.insert(QStringLiteral("DOORSTEP_CENTER_DB"),
                   QStringLiteral("sqlite:") + root + QStringLiteral("/var/lib/doorstep/center.db"));
        env.insert(QStringLiteral("DOORSTEP_LISTEN"), QStringLiteral("127.0.0.1:0"));
        env.insert(QStringLiteral("DOORSTEP_SERVE_OPTIONS"),
                   QStringLiteral("--verify-address https://pay.example.cn/verify --max-day 500000"));
        QStringList words = execStart(unit, env);
        QCOMPARE(words.value(0), QStringLiteral("/usr/bin/doorstep-center"));
        QCOMPARE(words.value(1), QStringLiteral("serve"));
        QVERIFY(words.contains(QStringLiteral("--verify-address")));
        QProcess service;
        const QString program = root + words.takeFirst(); // the root's binary, the host's libraries
        const auto port = SyncTestKit::startServing(service, program, words);
        QVERIFY2(port.ok(), qPrintable(port.ok() ? QString() : port.error().message));
        const auto page = TestNet::http("GET", QUrl(QStringLiteral("http://127.0.0.1:%1/verify").arg(port.value())));
        QCOMPARE(page.status, 200);
        QVERIFY(QFile::exists(root + QStringLiteral("/var/lib/doorstep/center.db")));
        service.terminate(); // systemd's KillSignal=SIGTERM
        QVERIFY(service.waitForFinished(10'000));
        QCOMPARE(service.exitStatus(), QProcess::NormalExit);
        QCOMPARE(service.exitCode(), 0);

        // Removed, the operator's settings stay (conffiles), the program goes.
        const Run removed =
            run(QStringLiteral("dpkg"), {QStringLiteral("--root=") + root, QStringLiteral("--force-not-root"),
                                         QStringLiteral("-r"), QStringLiteral("doorstep-center")});
        QVERIFY2(removed.exitCode == 0, removed.err.constData());
        QVERIFY(!QFile::exists(root + QStringLiteral("/usr/bin/doorstep-center")));
        QVERIFY(QFile::exists(root + QStringLiteral("/etc/doorstep/center.conf")));
    }
};

QTEST_GUILESS_MAIN(TestPackages)
#include "tst_packages.moc"
