#include "appshell.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QQuickWindow>

#include "appsettings.h"
#include "deskservice.h"
#include "printerservice.h"
#include "routedelta.h"
#include "routeservice.h"
#include "syncservice.h"
#include "terminalfiles.h"

AppShell::AppShell(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    connect(&m_engine, &QQmlApplicationEngine::warnings, this,
            [this](const QList<QQmlError> &warnings) { m_qmlWarnings += int(warnings.size()); });
}

AppShell::~AppShell()
{
    // The window goes before the services its bindings read.
    const auto roots = m_engine.rootObjects();
    for (QObject *root : roots)
        delete root;
    AppSettings::setInstance(nullptr);
}

void AppShell::setLanguage(const QString &language)
{
    const QLocale locale(language.isEmpty() ? QLocale::system().name() : language);
    QLocale::setDefault(locale);
    QCoreApplication::removeTranslator(&m_translator);
    // English is built in; other languages come from the embedded .qm files.
    if (m_translator.load(locale, QStringLiteral("doorstep"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&m_translator);
    if (m_printer)
        m_printer->setReceiptLanguage(locale.name());
    if (m_settings)
        m_settings->setLanguageInUse(locale.language() == QLocale::Chinese ? QStringLiteral("zh_CN")
                                                                           : QStringLiteral("en"));
    m_engine.retranslate();
}

QQuickWindow *AppShell::window() const
{
    const auto roots = m_engine.rootObjects();
    return roots.isEmpty() ? nullptr : qobject_cast<QQuickWindow *>(roots.constFirst());
}

Status AppShell::start()
{
    if (!QDir().mkpath(m_options.dataDir))
        return Error{
            QStringLiteral("app.data-dir"),
            QCoreApplication::translate("AppShell", "Cannot create the data folder %1").arg(m_options.dataDir)};
    // A wipe the center ordered that was cut short (power, a crash) is finished before anything opens.
    if (TerminalFiles::wipeUnfinished(m_options.dataDir)) {
        if (auto s = TerminalFiles::wipe(m_options.dataDir); !s.ok())
            return s;
    }
    // The settings survive a wipe (startAgainAfterWipe keeps them, and so does the QML singleton
    // that bindings read until the old window is gone).
    if (!m_settings) {
        m_settings = std::make_unique<AppSettings>(TerminalFiles::settings(m_options.dataDir));
        AppSettings::setInstance(m_settings.get());
        // The command line wins over what was set on the terminal; a change in settings applies at once.
        setLanguage(m_options.language.isEmpty() ? m_settings->language() : m_options.language);
        connect(m_settings.get(), &AppSettings::languageChanged, this, [this] { setLanguage(m_settings->language()); });
    }

    m_route = std::make_unique<RouteService>(TerminalFiles::route(m_options.dataDir),
                                             TerminalFiles::corrections(m_options.dataDir));
    SyncService::Config syncConfig;
    syncConfig.dataDir = m_options.dataDir;
    syncConfig.backoffBaseMs = m_options.syncRetryMs;
    m_sync = std::make_unique<SyncService>(syncConfig);
    const auto identity = DeviceIdentity::load(m_options.dataDir);
    DeskService::Config deskConfig;
    if (identity.ok())
        deskConfig.deviceId = identity->deviceId; // the center's name for this terminal
    deskConfig.dataDir = m_options.dataDir;
    deskConfig.demo = m_options.demo;
    deskConfig.pinIterations = m_options.pinIterations;
    m_desk = std::make_unique<DeskService>(deskConfig);
    // The desk opens once the route is in place, so that its quotes see the imported route.
    DeskService *desk = m_desk.get();
    // Not before there is a route: a terminal still to be enrolled does not know its device id yet.
    RouteService *routeService = m_route.get();
    // "Not opening", not "not busy": any task in flight (the center's limits arrive with the
    // same reply as the route) made the desk skip its opening and stay closed after an enrolment.
    connect(routeService, &RouteService::routeChanged, desk, [desk, routeService] {
        if (!desk->isReady() && !desk->isOpening() && routeService->hasRoute())
            desk->open();
    });

    connectCenter();
    if (auto s = startPrinter(); !s.ok())
        return s;

    if (!m_options.importWorklist.isEmpty())
        m_route->importWorklist(m_options.importWorklist);
    else
        m_route->open();

    // The center's wipe ran (everything it holds, nothing unsynced lost): start again as a new
    // terminal. Queued: the services go away outside the signal that announced it.
    connect(m_sync.get(), &SyncService::wiped, this, &AppShell::startAgainAfterWipe, Qt::QueuedConnection);

    m_sync->start();
    if (!m_sync->isEnrolled() && !m_options.centerAddress.isEmpty() && !m_options.enrolCode.isEmpty())
        m_sync->enrol(m_options.centerAddress, m_options.enrolCode, m_options.centerPin);

    m_engine.setInitialProperties({{QStringLiteral("routeService"), QVariant::fromValue(m_route.get())},
                                   {QStringLiteral("sync"), QVariant::fromValue(m_sync.get())},
                                   {QStringLiteral("demo"), m_options.demo},
                                   {QStringLiteral("desk"), QVariant::fromValue(desk)},
                                   {QStringLiteral("printer"), QVariant::fromValue(m_printer.get())}});
    // Qt 6.4: qt_add_qml_module puts the module under qrc:/<URI>/ (loadFromModule is 6.5+).
    m_engine.load(QUrl(QStringLiteral("qrc:/Doorstep/qml/Main.qml")));
    if (m_engine.rootObjects().isEmpty())
        return Error{QStringLiteral("app.qml"),
                     QCoreApplication::translate("AppShell", "The window could not be loaded.")};
    if (QQuickWindow *w = window())
        w->installEventFilter(&m_enterClicks);
    return success();
}

void AppShell::connectCenter()
{
    DeskService *desk = m_desk.get();
    // The center: worklist changes go to the route (and the desk reads the new file); its time
    // and acknowledgements go to the desk; a new roster or an enrolment opens the desk again.
    RouteService *route = m_route.get();
    SyncService *sync = m_sync.get();
    connect(sync, &SyncService::worklistReceived, route, [route](const WireProtocol::WorklistDelta &delta) {
        route->applyChanges(routeChangesFrom(delta));
        route->setCorrections(delta.corrections);
    });
    // The center's exposure limits come with every worklist reply, changed or not.
    connect(sync, &SyncService::worklistReceived, desk,
            [desk](const WireProtocol::WorklistDelta &delta) { desk->setExposureRules(delta.limits); });
    connect(route, &RouteService::worklistApplied, sync, &SyncService::worklistApplied);
    connect(route, &RouteService::worklistApplied, desk, [desk] {
        if (desk->isReady())
            desk->reloadRoute();
    });
    connect(route, &RouteService::routeChanged, sync,
            [route, sync] { sync->worklistApplied(route->worklistVersion()); });
    connect(sync, &SyncService::centerHeard, desk, &DeskService::centerHeard);
    // What the terminal is told and does outside a payment goes in its journal too. A wipe is
    // armed only once its receipt is journaled, so that entry reaches the center before the
    // wipe erases the journal (and nothing is appended after it).
    connect(sync, &SyncService::lockCommandApplied, desk, [desk](bool locked) {
        desk->recordEvent(locked ? EventRecord::Kind::LockReceived : EventRecord::Kind::UnlockReceived);
    });
    connect(sync, &SyncService::wipeReceived, desk, [desk, sync](qint64 commandId) {
        desk->recordEvent(EventRecord::Kind::WipeReceived, QString::number(commandId), [sync] { sync->armWipe(); });
    });
    connect(sync, &SyncService::exported, desk, [desk](const QString &path) {
        desk->recordEvent(EventRecord::Kind::JournalExported, QFileInfo(path).fileName());
    });
    // Whatever the desk commits counts as pending for the center at once.
    connect(desk, &DeskService::journalAppended, sync, &SyncService::journalGrew);
    connect(sync, &SyncService::rosterReceived, desk, [desk] { desk->reopen(QString()); });
    connect(sync, &SyncService::enrolled, desk, [desk, route](const QString &deviceId) {
        if (route->hasRoute())
            desk->reopen(deviceId);
        else
            desk->setDeviceId(deviceId); // the desk opens when the route arrives
    });
}

Status AppShell::startPrinter()
{
    DeskService *desk = m_desk.get();
    // Receipts print from the committed entry; each print the printer finishes is journaled.
    m_printer = std::make_unique<PrinterService>(TerminalFiles::printQueue(m_options.dataDir));
    m_printer->setReceiptLanguage(QLocale().name());
    connect(desk, &DeskService::receiptReady, m_printer.get(), &PrinterService::print);
    connect(desk, &DeskService::paymentVoided, m_printer.get(), &PrinterService::withdraw);
    connect(m_printer.get(), &PrinterService::journalRequested, desk,
            [desk](qint64 entrySeq, int, const QString &, PrintedDocument document) {
                desk->recordPrint(document, entrySeq);
            });
    m_printer->open();
    const bool printerGiven = !m_options.printer.isEmpty();
    const QString printer = printerGiven ? m_options.printer : m_settings->printer();
    if (!printer.isEmpty()) {
        const qsizetype colon = printer.indexOf(QLatin1Char(':'));
        const QString problem =
            m_printer->configure(printer.left(colon), colon < 0 ? QString() : printer.mid(colon + 1),
                                 printerGiven ? m_options.printerProfile : m_settings->printerProfile());
        if (!problem.isEmpty() && printerGiven)
            return Error{QStringLiteral("app.printer"), problem};
        if (!problem.isEmpty()) // a saved printer that no longer makes sense: set it again in settings
            qWarning("The saved printer %s is not usable: %s", qPrintable(printer), qPrintable(problem));
    }
    // The printer chosen in settings is the one the terminal starts with next time.
    connect(m_printer.get(), &PrinterService::configurationChanged, m_settings.get(), [this] {
        if (m_printer->isConfigured())
            m_settings->setPrinter(m_printer->printerKind() + QLatin1Char(':') + m_printer->printerAddress(),
                                   m_printer->profileId());
    });
    return success();
}

void AppShell::startAgainAfterWipe()
{
    // The window first (its bindings read the services), then the services, then what they left.
    const auto roots = m_engine.rootObjects();
    for (QObject *root : roots)
        delete root;
    m_sync.reset();
    m_printer.reset();
    m_desk.reset();
    m_route.reset();
    // The operator's enrolment options were for the terminal that is gone.
    m_options.centerAddress.clear();
    m_options.enrolCode.clear();
    m_options.importWorklist.clear();
    if (auto s = start(); !s.ok())
        qWarning("After the wipe, the app could not start again: %s", qPrintable(s.error().message));
    emit startedAgain();
}
