#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>
#include <QTimeZone>
#include <QUrlQuery>

#include <functional>
#include <map>
#include <optional>

#include "deskpage.h"
#include "desksessions.h"
#include "deskviews.h"
#include "result.h"

class CenterDatabase;
class CenterReports;
class CenterStore;

/** One request to the desk, as the HTTP server read it. */
struct DeskRequest
{
    bool post = false;
    QString path;
    QUrlQuery query;
    QByteArray body;
    QByteArray cookie; ///< the Cookie header
    QString remote;
};

/** What the desk answers: the HTTP server adds the security headers. */
struct DeskResponse
{
    int status = 200;
    QByteArray body;
    QByteArray mime = "text/html; charset=utf-8";
    QList<QPair<QByteArray, QByteArray>> headers; ///< besides Content-Type and the security headers
    QJsonObject log;                              ///< what the request line of the center's log adds
};

/**
 * The supervisor's web desk (issue 18), served by doorstep-center under /desk: who may see and
 * do what, checked here on the server for every page and every action, and the pages themselves.
 *
 * Roles: a supervisor sees and signs off their branch's routes; a cashier sees their branch's day
 * and cash handed over; an auditor sees every branch and changes nothing; an admin sees every
 * branch, signs off and sends commands to devices. A branch's routes are RouteBranches'; a user of
 * no branch sees every route. A page or action outside the user's role is refused (403) and one
 * about a device outside their branch is answered as if it did not exist (404). Every state change
 * carries the session's CSRF token and is written to the desk's audit log with who did it; so is
 * every export.
 */
class DeskApp
{
public:
    struct Config
    {
        QTimeZone zone;
        bool tls = false;
        /// Longest span a page or export covers: a longer one is refused, not run.
        int maxDays = 92;
        /// What an enrolment QR code tells a terminal (EnrolmentLink): the address terminals reach
        /// this center at, and its TLS key pin (64 hex digits; empty without TLS).
        QString enrolCenter;
        QString enrolPin;
    };

    DeskApp(const CenterDatabase &db, CenterStore &store, Config config);

    /// The paths the desk answers (each for GET, POST or both): the HTTP server routes these here.
    static const QList<QPair<QString, bool /* post */>> &routes();

    [[nodiscard]] DeskResponse handle(const DeskRequest &request);

private:
    struct Context; // the request, its session, language and routes in view

    using Handler = void (DeskApp::*)(Context &);
    /// Every path and method the desk answers, with its handler.
    static const std::map<QPair<QString, bool>, Handler> &table();
    void stylesheet(Context &c);
    void loginForm(Context &c);
    void login(Context &c);
    void logout(Context &c);
    void language(Context &c);
    void home(Context &c);
    void day(Context &c);
    void dayPdf(Context &c);
    /// The day page's figures for the session's routes (the `date` field, default today);
    /// nothing when the response (login, 400, 403, 500, 503) is already made.
    [[nodiscard]] std::optional<DeskViews::DayFigures> dayFigures(Context &c);
    void exceptions(Context &c);
    void signOff(Context &c);
    void cash(Context &c);
    void collectors(Context &c);
    void receipts(Context &c);
    void devices(Context &c);
    void deviceCommand(Context &c);
    void enrolmentCode(Context &c);
    void exportTable(Context &c);

    /// The session behind the request's cookie, its routes, and whether its role may open the
    /// page; false when the response (login page, 403, 503) is already made.
    [[nodiscard]] bool open(Context &c, std::initializer_list<DeskUser::Role> roles);
    /// open(), then the page's query fields (queryFields()); nothing when the response is made.
    [[nodiscard]] std::optional<QHash<QString, QString>>
    openPage(Context &c, std::initializer_list<DeskUser::Role> roles, const QStringList &allowed);
    /// The CSRF token of a form, checked; false when the response (403) is already made.
    [[nodiscard]] bool checkForm(Context &c, const QHash<QString, QString> &form);
    /// The request's query, only `allowed` names each at most once and each at most 256
    /// characters; a 400 page otherwise.
    [[nodiscard]] std::optional<QHash<QString, QString>> queryFields(Context &c, const QStringList &allowed);
    /// A day range from `from`/`to` (or `date`) query fields, defaulting to today; a 400 page for
    /// a malformed day, an end before the start or a span over maxDays.
    [[nodiscard]] std::optional<QPair<QDate, QDate>> dayRange(Context &c, const QHash<QString, QString> &fields);
    [[nodiscard]] bool inView(const Context &c, const QString &route) const;
    /// The route of a device (std::nullopt: none such).
    [[nodiscard]] Result<std::optional<QString>> routeOf(const QString &deviceId) const;
    /// The routes the center knows (its accounts' and branches'), those in view, sorted.
    [[nodiscard]] Result<QStringList> knownRoutes(const Context &c) const;
    [[nodiscard]] CenterReports reports(const Context &c) const;
    void audit(Context &c, const QString &action, const QString &detail);

    void showPage(Context &c, const QString &title, const QString &content, int status = 200);
    void refuse(Context &c, int status, const QString &message);
    /// The login form with a new login token (and its cookie).
    void loginPage(Context &c, int status, const QString &message = QString(), const QString &name = QString());
    void storageFailed(Context &c, const Error &e);
    void seeOther(Context &c, const QString &location, const QByteArray &cookie = QByteArray());

    const CenterDatabase &m_db;
    CenterStore &m_store;
    Config m_config;
};
