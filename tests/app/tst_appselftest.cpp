#include <QBuffer>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "centerimport.h"
#include "centerserver.h"
#include "synctestkit.h"
#include "testworklist.h"

// Runs the real `doorstep` executable headless: it must load its QML without a warning, import a
// route and report it; a broken worklist must make it say so and fail.
class TestAppSelfTest : public QObject
{
    Q_OBJECT

private slots:
    void loadsMainQmlWithRoute();
    void reportsBrokenWorklist();
    void enrolsWithLocalCenterAtStart();
    void refusesHalfTheEnrolmentFlags();
    void helpAndVersionWithoutADisplay_data();
    void helpAndVersionWithoutADisplay();

private:
    static QProcess *run(const QStringList &args);
};

QProcess *TestAppSelfTest::run(const QStringList &args)
{
    auto *p = new QProcess;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p->setProcessEnvironment(env);
    p->setProcessChannelMode(QProcess::MergedChannels);
    p->start(QStringLiteral(DOORSTEP_APP_BINARY), args + QStringList{QStringLiteral("--self-test")});
    return p;
}

void TestAppSelfTest::loadsMainQmlWithRoute()
{
    QTemporaryDir dir;
    const QString worklist = dir.filePath(QStringLiteral("route.worklist"));
    QVERIFY(writeTestWorklist(worklist));
    std::unique_ptr<QProcess> p(run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--import"), worklist,
                                     QStringLiteral("--demo"), QStringLiteral("--lang"), QStringLiteral("zh_CN")}));
    QVERIFY(p->waitForFinished(60000));
    const QString out = QString::fromUtf8(p->readAll());
    QVERIFY2(p->exitCode() == 0, qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("self-test: ok, route R-TEST, 2 accounts, 0 QML warnings, journal verified")),
             qPrintable(out));
}

void TestAppSelfTest::reportsBrokenWorklist()
{
    QTemporaryDir dir;
    const QString worklist = dir.filePath(QStringLiteral("broken.worklist"));
    QFile f(worklist);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("DOORSTEP-WORKLIST\t1\nM\troute\n");
    f.close();
    std::unique_ptr<QProcess> p(run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--import"), worklist}));
    QVERIFY(p->waitForFinished(60000));
    const QString out = QString::fromUtf8(p->readAll());
    QCOMPARE(p->exitCode(), 1);
    QVERIFY2(out.contains(QStringLiteral("self-test: FAILED")), qPrintable(out));
}

// What deploy/demo does: the demo route as the billing system's CSV extract (doorstep-demo-data
// --center-dir) goes into a center; the app enrols at start with a one-time code and downloads the
// route from it. A used code is refused, and the app says so and fails.
void TestAppSelfTest::enrolsWithLocalCenterAtStart()
{
    QTemporaryDir dir;
    QProcess demoData;
    demoData.start(QStringLiteral(DOORSTEP_DEMO_DATA_BINARY),
                   {QStringLiteral("--accounts"), QStringLiteral("300"), QStringLiteral("--seed"), QStringLiteral("5"),
                    QStringLiteral("--out"), dir.filePath(QStringLiteral("route.worklist")),
                    QStringLiteral("--center-dir"), dir.filePath(QStringLiteral("extract"))});
    QVERIFY(demoData.waitForFinished(60000));
    QCOMPARE(demoData.exitCode(), 0);

    auto opened = SyncTestKit::openCenter(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("center.sqlite")));
    QVERIFY(opened.ok());
    SyncTestKit::Center center = std::move(opened).value();
    const auto extract = [&](const char *name) {
        return dir.filePath(QStringLiteral("extract/%1.csv").arg(QLatin1String(name)));
    };
    const auto imported = CenterImport(*center.store)
                              .run(extract("accounts"), extract("bills"), extract("policy"), extract("collectors"));
    QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error().message));
    QCOMPARE(imported->accounts, 300);
    const auto code = center.store->createEnrolmentCode(QStringLiteral("demo-1"), QStringLiteral("DEMO-5"), 600'000);
    QVERIFY(code.ok());
    QBuffer log;
    QVERIFY(log.open(QIODevice::ReadWrite));
    CenterServerConfig config;
    config.log = &log;
    CenterServer server(*center.db, config);
    QVERIFY(server.start().ok());
    const QString address = QStringLiteral("http://127.0.0.1:%1").arg(server.port());

    const auto runApp = [&](const QString &terminal) {
        std::unique_ptr<QProcess> p(
            run({QStringLiteral("--data-dir"), dir.filePath(terminal), QStringLiteral("--center"), address,
                 QStringLiteral("--enrol-code"), code.value(), QStringLiteral("--lang"), QStringLiteral("en")}));
        QSignalSpy finished(p.get(), &QProcess::finished);
        // The center answers on this thread: wait with the event loop running.
        [&] { QVERIFY(finished.wait(90000)); }();
        return p;
    };
    auto first = runApp(QStringLiteral("terminal"));
    QString out = QString::fromUtf8(first->readAll());
    QVERIFY2(first->exitCode() == 0, qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("self-test: ok, route DEMO-5, 300 accounts, 0 QML warnings, journal verified, "
                                         "center ") +
                          address),
             qPrintable(out));

    // The same code on a second terminal: used, so refused, and nothing half set up.
    auto second = runApp(QStringLiteral("other"));
    out = QString::fromUtf8(second->readAll());
    QCOMPARE(second->exitCode(), 1);
    QVERIFY2(out.contains(QStringLiteral("self-test: FAILED")) && out.contains(QStringLiteral("center none")),
             qPrintable(out));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("other/identity.cbor"))));
}

void TestAppSelfTest::refusesHalfTheEnrolmentFlags()
{
    QTemporaryDir dir;
    std::unique_ptr<QProcess> p(run(
        {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--center"), QStringLiteral("http://127.0.0.1:1")}));
    QVERIFY(p->waitForFinished(60000));
    QCOMPARE(p->exitCode(), 2);
    QVERIFY(QString::fromUtf8(p->readAll()).contains(QStringLiteral("--center and --enrol-code go together")));
}

void TestAppSelfTest::helpAndVersionWithoutADisplay_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("expected");
    QTest::newRow("--help") << QStringLiteral("--help") << QStringLiteral("--data-dir <dir>");
    QTest::newRow("-h") << QStringLiteral("-h") << QStringLiteral("--enrol-code <code>");
    QTest::newRow("--version") << QStringLiteral("--version") << QStringLiteral("doorstep");
}

void TestAppSelfTest::helpAndVersionWithoutADisplay()
{
    QFETCH(QString, option);
    QFETCH(QString, expected);
    // No platform plugin named, no X or Wayland display: a terminal over ssh, or a build machine.
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
        env.remove(QString::fromLatin1(name));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(DOORSTEP_APP_BINARY), {option});
    QVERIFY(p.waitForFinished(30000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(err));
    QVERIFY2(out.contains(expected), qPrintable(out + err));
}

QTEST_GUILESS_MAIN(TestAppSelfTest)
#include "tst_appselftest.moc"
