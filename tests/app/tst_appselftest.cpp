#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "testworklist.h"

// Runs the real `doorstep` executable headless: it must load its QML without a warning, import a
// route and report it; a broken worklist must make it say so and fail.
class TestAppSelfTest : public QObject
{
    Q_OBJECT

private slots:
    void loadsMainQmlWithRoute();
    void reportsBrokenWorklist();

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

QTEST_GUILESS_MAIN(TestAppSelfTest)
#include "tst_appselftest.moc"
