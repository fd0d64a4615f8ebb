// Builds and wires the app: services, then QML. No business rule lives here.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QGuiApplication>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTimer>

#include "appshell.h"
#include "deskservice.h"
#include "routeservice.h"
#include "syncservice.h"

namespace {

void nameTheApp()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Doorstep"));
    QCoreApplication::setApplicationName(QStringLiteral("doorstep"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));
}

// --self-test: waits for the start-up work (route, desk, an enrolment under way), then reports
// what a person would see and exits, 0 if the UI loaded cleanly and the journal verified.
void startSelfTest(AppShell &shell, const QString &screenshot)
{
    auto *check = new QTimer(&shell);
    QObject::connect(check, &QTimer::timeout, &shell, [&shell, screenshot] {
        RouteService &route = shell.route();
        DeskService &desk = shell.desk();
        SyncService &sync = shell.sync();
        // An enrolment under way, or enrolled with the first worklist still to come: wait
        // (the first sync attempt answers within its timeout, and a refusal ends the wait).
        const bool awaitingCenter = sync.isEnrolling() || (sync.isEnrolled() && !route.hasRoute() &&
                                                           sync.lastError().isEmpty() && sync.lastRefusal().isEmpty());
        if (route.isBusy() || desk.isBusy() || awaitingCenter ||
            (route.hasRoute() && !desk.isReady() && desk.fault().isEmpty()))
            return;
        const int qmlWarnings = shell.qmlWarnings();
        const bool ok = qmlWarnings == 0 && route.lastError().isEmpty() && desk.isReady();
        qInfo("self-test: %s, route %s, %lld accounts, %d QML warnings, journal %s, center %s", ok ? "ok" : "FAILED",
              qPrintable(route.routeId()), route.accountCount(), qmlWarnings,
              qPrintable(desk.isReady() ? QStringLiteral("verified") : desk.fault()),
              qPrintable(sync.isEnrolled() ? sync.centerAddress() + QLatin1Char(' ') + sync.stateText()
                                           : QStringLiteral("none")));
        if (!screenshot.isEmpty()) {
            QQuickWindow *window = shell.window();
            if (!window || !window->grabWindow().save(screenshot)) {
                qCritical("self-test: the screenshot could not be saved");
                QCoreApplication::exit(1);
                return;
            }
        }
        QCoreApplication::exit(ok ? 0 : 1);
    });
    check->start(20);
}

} // namespace

int main(int argc, char *argv[])
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Doorstep: bill collection at the doorstep"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDirOption(QStringLiteral("data-dir"),
                                           QCoreApplication::translate("main", "Where the route and journal live."),
                                           QStringLiteral("dir"));
    const QCommandLineOption importOption(QStringLiteral("import"),
                                          QCoreApplication::translate("main", "Import this worklist file at start."),
                                          QStringLiteral("worklist"));
    const QCommandLineOption selfTestOption(QStringLiteral("self-test"),
                                            QCoreApplication::translate("main", "Load the UI, check it, and exit."));
    const QCommandLineOption languageOption(
        QStringLiteral("lang"), QCoreApplication::translate("main", "Language: zh_CN or en (default: the system's)."),
        QStringLiteral("language"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QCoreApplication::translate("main",
                                    "Demo terminal: demo collectors (PINs 1234, 9999), local clock as center time."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "With --self-test: save the window as this PNG."), QStringLiteral("png"));
    const QCommandLineOption printerOption(
        QStringLiteral("printer"),
        QCoreApplication::translate("main",
                                    "Receipt printer: tcp:HOST[:PORT], bluetooth:MAC, serial:/dev/…, file:PATH."),
        QStringLiteral("printer"));
    const QCommandLineOption printerModelOption(
        QStringLiteral("printer-model"),
        QCoreApplication::translate("main", "The printer's model: generic-58 (default), 58-no-qr, generic-80 or "
                                            "latin-80."),
        QStringLiteral("model"), QStringLiteral("generic-58"));
    const QCommandLineOption centerOption(
        QStringLiteral("center"),
        QCoreApplication::translate("main",
                                    "Enrol with this center at start, e.g. http://127.0.0.1:8080 (with --enrol-code)."),
        QStringLiteral("url"));
    const QCommandLineOption enrolCodeOption(
        QStringLiteral("enrol-code"), QCoreApplication::translate("main", "The center's one-time enrolment code."),
        QStringLiteral("code"));
    const QCommandLineOption centerPinOption(
        QStringLiteral("center-pin"),
        QCoreApplication::translate("main",
                                    "For https: the center's key pin, as doorstep-center enrol-code --cert prints it."),
        QStringLiteral("pin"));
    parser.addOptions({dataDirOption, importOption, selfTestOption, languageOption, demoOption, screenshotOption,
                       printerOption, printerModelOption, centerOption, enrolCodeOption, centerPinOption});

    // --help and --version are answered without a display: from a plain QCoreApplication, before
    // the GUI application (which needs a screen) is created. (Other mistakes are reported below:
    // Qt's own options, such as -platform, are only known once the GUI application has them.)
    {
        QStringList arguments;
        for (int i = 0; i < argc; ++i)
            arguments << QString::fromLocal8Bit(argv[i]);
        (void)parser.parse(arguments);
        if (arguments.contains(QStringLiteral("--help-all")) || parser.isSet(QStringLiteral("help")) ||
            parser.isSet(QStringLiteral("version"))) {
            QCoreApplication console(argc, argv);
            nameTheApp();
            parser.process(console); // prints the usage, the version or the mistake, and exits
            return 0;
        }
    }

    QGuiApplication app(argc, argv);
    nameTheApp();
    parser.process(app);

    AppShell::Options options;
    options.dataDir = parser.isSet(dataDirOption) ? parser.value(dataDirOption)
                                                  : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    options.importWorklist = parser.value(importOption);
    options.demo = parser.isSet(demoOption);
    options.language = parser.value(languageOption);
    options.printer = parser.value(printerOption);
    options.printerProfile = parser.value(printerModelOption);
    options.centerAddress = parser.value(centerOption);
    options.enrolCode = parser.value(enrolCodeOption);
    options.centerPin = parser.value(centerPinOption);
    if (options.centerAddress.isEmpty() != options.enrolCode.isEmpty()) {
        qCritical("%s", qPrintable(QGuiApplication::translate("main", "--center and --enrol-code go together.")));
        return 2;
    }
    AppShell shell(options);
    if (const Status started = shell.start(); !started.ok()) {
        qCritical("%s", qPrintable(started.error().message));
        return started.error().code == QLatin1String("app.printer") ? 2 : 1;
    }
    if (parser.isSet(selfTestOption))
        startSelfTest(shell, parser.value(screenshotOption));
    return QGuiApplication::exec();
}
