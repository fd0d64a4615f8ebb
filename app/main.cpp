// Builds and wires the app: services, then QML. No business rule lives here.
#include <QCommandLineParser>
#include <QDir>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTimer>
#include <QTranslator>

#include "deskservice.h"
#include "printerservice.h"
#include "routeservice.h"

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setOrganizationName(QStringLiteral("Doorstep"));
    QGuiApplication::setApplicationName(QStringLiteral("doorstep"));
    QGuiApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));

    QCommandLineParser parser;
    parser.setApplicationDescription(QGuiApplication::translate("main", "Doorstep: bill collection at the doorstep"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDirOption(QStringLiteral("data-dir"),
                                           QGuiApplication::translate("main", "Where the route and journal live."),
                                           QStringLiteral("dir"));
    const QCommandLineOption importOption(QStringLiteral("import"),
                                          QGuiApplication::translate("main", "Import this worklist file at start."),
                                          QStringLiteral("worklist"));
    const QCommandLineOption selfTestOption(QStringLiteral("self-test"),
                                            QGuiApplication::translate("main", "Load the UI, check it, and exit."));
    const QCommandLineOption languageOption(
        QStringLiteral("lang"), QGuiApplication::translate("main", "Language: zh_CN or en (default: the system's)."),
        QStringLiteral("language"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QGuiApplication::translate("main",
                                   "Demo terminal: demo collectors (PINs 1234, 9999), local clock as center time."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QGuiApplication::translate("main", "With --self-test: save the window as this PNG."), QStringLiteral("png"));
    const QCommandLineOption printerOption(
        QStringLiteral("printer"),
        QGuiApplication::translate("main",
                                   "Receipt printer: tcp:HOST[:PORT], bluetooth:MAC, serial:/dev/…, file:PATH."),
        QStringLiteral("printer"));
    const QCommandLineOption paperOption(QStringLiteral("paper"),
                                         QGuiApplication::translate("main", "Paper width in mm: 58 (default) or 80."),
                                         QStringLiteral("mm"), QStringLiteral("58"));
    parser.addOptions({dataDirOption, importOption, selfTestOption, languageOption, demoOption, screenshotOption,
                       printerOption, paperOption});
    parser.process(app);

    // English is built in; other languages come from the embedded .qm files.
    const QLocale locale(parser.isSet(languageOption) ? parser.value(languageOption) : QLocale::system().name());
    QLocale::setDefault(locale);
    QTranslator translator;
    if (translator.load(locale, QStringLiteral("doorstep"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QGuiApplication::installTranslator(&translator);

    const QString dataDir = parser.isSet(dataDirOption)
                                ? parser.value(dataDirOption)
                                : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(dataDir)) {
        qCritical("Cannot create the data folder %s", qPrintable(dataDir));
        return 1;
    }

    RouteService route(QDir(dataDir).filePath(QStringLiteral("route.sqlite")));
    if (parser.isSet(importOption))
        route.importWorklist(parser.value(importOption));
    else
        route.open();

    DeskService::Config deskConfig;
    deskConfig.dataDir = dataDir;
    deskConfig.demo = parser.isSet(demoOption);
    DeskService desk(deskConfig);
    // The desk opens once the route is in place, so that its quotes see the imported route.
    QObject::connect(&route, &RouteService::routeChanged, &desk, [&desk] {
        if (!desk.isReady() && !desk.isBusy())
            desk.open();
    });

    // Receipts print from the committed entry; each print the printer finishes is journaled.
    PrinterService printer(QDir(dataDir).filePath(QStringLiteral("printqueue.sqlite")));
    printer.setReceiptLanguage(locale.name());
    QObject::connect(&desk, &DeskService::receiptReady, &printer, &PrinterService::print);
    QObject::connect(&printer, &PrinterService::journalRequested, &desk,
                     [&desk](qint64 paymentSeq, int, const QString &) { desk.recordReceiptPrint(paymentSeq); });
    printer.open();
    if (parser.isSet(printerOption)) {
        const QString value = parser.value(printerOption);
        const qsizetype colon = value.indexOf(QLatin1Char(':'));
        const QString problem = printer.configure(value.left(colon), colon < 0 ? QString() : value.mid(colon + 1),
                                                  parser.value(paperOption).toInt());
        if (!problem.isEmpty()) {
            qCritical("--printer: %s", qPrintable(problem));
            return 2;
        }
    }

    QQmlApplicationEngine engine;
    int qmlWarnings = 0;
    QObject::connect(&engine, &QQmlApplicationEngine::warnings, &app,
                     [&qmlWarnings](const QList<QQmlError> &warnings) { qmlWarnings += int(warnings.size()); });
    engine.setInitialProperties({{QStringLiteral("routeService"), QVariant::fromValue(&route)},
                                 {QStringLiteral("desk"), QVariant::fromValue(&desk)},
                                 {QStringLiteral("printer"), QVariant::fromValue(&printer)}});
    // Qt 6.4: qt_add_qml_module puts the module under qrc:/<URI>/ (loadFromModule is 6.5+).
    engine.load(QUrl(QStringLiteral("qrc:/Doorstep/qml/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;

    if (parser.isSet(selfTestOption)) {
        // Wait for the start-up work on the route thread, then report what a person would see.
        auto *check = new QTimer(&app);
        QObject::connect(check, &QTimer::timeout, &app, [&] {
            if (route.isBusy() || desk.isBusy() || (!desk.isReady() && desk.fault().isEmpty()))
                return;
            const bool ok = qmlWarnings == 0 && route.lastError().isEmpty() && desk.isReady();
            qInfo("self-test: %s, route %s, %lld accounts, %d QML warnings, journal %s", ok ? "ok" : "FAILED",
                  qPrintable(route.routeId()), route.accountCount(), qmlWarnings,
                  qPrintable(desk.isReady() ? QStringLiteral("verified") : desk.fault()));
            if (parser.isSet(screenshotOption)) {
                auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
                if (!window || !window->grabWindow().save(parser.value(screenshotOption))) {
                    qCritical("self-test: the screenshot could not be saved");
                    QCoreApplication::exit(1);
                    return;
                }
            }
            QCoreApplication::exit(ok ? 0 : 1);
        });
        check->start(20);
    }
    return QGuiApplication::exec();
}
