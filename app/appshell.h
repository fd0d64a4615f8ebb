#pragma once

#include <QObject>
#include <QQmlApplicationEngine>
#include <QTranslator>

#include <memory>

#include "enterclicks.h"
#include "result.h"

class AppSettings;
class DeskService;
class PrinterService;
class QQuickWindow;
class RouteService;
class SyncService;

/**
 * The handheld app put together: the services (route, desk, printer), how they are wired to each
 * other, the translator and the QML window. main() builds one from the command line; the
 * end-to-end test builds one in-process and drives its real window. No business rule lives here.
 */
class AppShell : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString dataDir;
        QString importWorklist; ///< a worklist file to import at start
        bool demo = false;
        QString language; ///< "zh_CN", "en"; empty: as set on the terminal, else the system's
        QString printer;  ///< kind:address, e.g. tcp:127.0.0.1:9100; empty: as set on the terminal
        QString printerProfile = QStringLiteral("generic-58"); ///< with `printer`: its model (PrinterProfile id)
        int pinIterations = 210'000;
        int syncRetryMs = 1000; ///< first retry after a failed sync (then doubling, with jitter)
        /// Enrol at start with this center and one-time code, as the first-run screen would
        /// (an operator preparing terminals, the demo); ignored once the terminal is enrolled.
        QString centerAddress;
        QString enrolCode;
        QString centerPin; ///< the center's key pin for https, as `doorstep-center enrol-code --cert` prints it
    };

    explicit AppShell(Options options, QObject *parent = nullptr);
    ~AppShell() override;

    /// Creates the services, starts opening the route and the desk, and loads the window.
    [[nodiscard]] Status start();

    [[nodiscard]] RouteService &route() { return *m_route; }
    [[nodiscard]] DeskService &desk() { return *m_desk; }
    [[nodiscard]] PrinterService &printer() { return *m_printer; }
    [[nodiscard]] SyncService &sync() { return *m_sync; }
    [[nodiscard]] AppSettings &settings() { return *m_settings; }
    [[nodiscard]] QQmlApplicationEngine &engine() { return m_engine; }
    [[nodiscard]] QQuickWindow *window() const;
    [[nodiscard]] int qmlWarnings() const { return m_qmlWarnings; }
    /// Loads the translation for `language` ("zh_CN", "en", …) and retranslates the window.
    void setLanguage(const QString &language);

signals:
    /// The center's wipe ran and the app started again as a new terminal: new services, new window.
    void startedAgain();

private:
    void startAgainAfterWipe();
    /// The center's news (worklist, time, roster, enrolment) to the route and the desk, and the
    /// desk's entries to the sync.
    void connectCenter();
    /// The print queue, the printer given or saved, and each finished print journaled.
    [[nodiscard]] Status startPrinter();

    Options m_options;
    QTranslator m_translator;
    EnterClicks m_enterClicks;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<RouteService> m_route;
    std::unique_ptr<DeskService> m_desk;
    std::unique_ptr<PrinterService> m_printer;
    std::unique_ptr<SyncService> m_sync;
    QQmlApplicationEngine m_engine; // after the services: destroyed first, while they still exist
    int m_qmlWarnings = 0;
};
