#include "deskapp.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUrl>

#include <map>

#include "centerdatabase.h"
#include "centerreports.h"
#include "centerstore.h"
#include "deskpdf.h"
#include "deskviews.h"
#include "enrolmentlink.h"
#include "plaintext.h"
#include "routebranches.h"

using DeskPage::Lang;
using DeskPage::t;
using Role = DeskUser::Role;

struct DeskApp::Context
{
    const DeskRequest &request;
    DeskResponse response;
    Lang lang = Lang::Zh;
    std::optional<DeskSessions::Session> session;
    std::optional<QSet<QString>> routes; ///< the routes in view; none: every route
    qint64 nowMs = 0;

    [[nodiscard]] DeskPage::Frame frame() const
    {
        QString path = request.path;
        if (!request.query.isEmpty())
            path += QLatin1Char('?') + request.query.toString(QUrl::FullyEncoded);
        return DeskPage::Frame{lang, session ? &*session : nullptr, path};
    }
    [[nodiscard]] QDate today(const QTimeZone &zone) const
    {
        return QDateTime::fromMSecsSinceEpoch(nowMs, zone).date();
    }
};

namespace {

constexpr int MaxParameterChars = 256;

/// Payment kinds in SQL (EntryKind's values, which the journal's columns hold).
constexpr qint64 PaymentKind = qint64(EntryKind::Payment);

/// Adds `fen` (and `count`) to a figure; false, with nothing added, when the sum would pass what
/// money can hold (a hostile terminal's amounts must not abort the server).
[[nodiscard]] bool addTo(CountedAmount &into, qint64 fen, qint64 count = 1)
{
    qint64 sum = 0;
    if (qAddOverflow(into.amount.fen(), fen, &sum) || sum > Money::MaxFen || sum < -Money::MaxFen)
        return false;
    into.amount = Money::fromFen(sum);
    into.count += count;
    return true;
}

} // namespace

DeskApp::DeskApp(const CenterDatabase &db, CenterStore &store, Config config)
    : m_db(db)
    , m_store(store)
    , m_config(std::move(config))
{
}

const std::map<QPair<QString, bool>, DeskApp::Handler> &DeskApp::table()
{
    static const std::map<QPair<QString, bool>, Handler> handlers = {
        {{QStringLiteral("/desk"), false}, &DeskApp::home},
        {{QStringLiteral("/desk/desk.css"), false}, &DeskApp::stylesheet},
        {{QStringLiteral("/desk/lang"), false}, &DeskApp::language},
        {{QStringLiteral("/desk/login"), false}, &DeskApp::loginForm},
        {{QStringLiteral("/desk/login"), true}, &DeskApp::login},
        {{QStringLiteral("/desk/logout"), true}, &DeskApp::logout},
        {{QStringLiteral("/desk/day"), false}, &DeskApp::day},
        {{QStringLiteral("/desk/day.pdf"), false}, &DeskApp::dayPdf},
        {{QStringLiteral("/desk/exceptions"), false}, &DeskApp::exceptions},
        {{QStringLiteral("/desk/exceptions/sign-off"), true}, &DeskApp::signOff},
        {{QStringLiteral("/desk/cash"), false}, &DeskApp::cash},
        {{QStringLiteral("/desk/collectors"), false}, &DeskApp::collectors},
        {{QStringLiteral("/desk/receipts"), false}, &DeskApp::receipts},
        {{QStringLiteral("/desk/devices"), false}, &DeskApp::devices},
        {{QStringLiteral("/desk/devices/command"), true}, &DeskApp::deviceCommand},
        {{QStringLiteral("/desk/devices/enrol"), true}, &DeskApp::enrolmentCode},
        {{QStringLiteral("/desk/export"), false}, &DeskApp::exportTable},
    };
    return handlers;
}

const QList<QPair<QString, bool>> &DeskApp::routes()
{
    static const QList<QPair<QString, bool>> list = [] {
        QList<QPair<QString, bool>> paths;
        for (const auto &[route, handler] : table())
            paths.append(route);
        return paths;
    }();
    return list;
}

DeskResponse DeskApp::handle(const DeskRequest &request)
{
    Context c{request, {}, DeskPage::language(request.cookie), std::nullopt, std::nullopt, m_store.now()};
    const auto it = table().find({request.path, request.post});
    if (it == table().end())
        loginPage(c, 404, t(c.lang, "没有这个页面。", "There is no such page."));
    else
        (this->*(it->second))(c);
    return std::move(c.response);
}

// ---- the frame of every answer

void DeskApp::showPage(Context &c, const QString &title, const QString &content, int status)
{
    c.response.status = status;
    c.response.mime = "text/html; charset=utf-8";
    c.response.body = DeskPage::page(c.frame(), title, content);
}

void DeskApp::refuse(Context &c, int status, const QString &message)
{
    c.response.log.insert(QStringLiteral("code"), QStringLiteral("desk.refused"));
    if (c.session)
        return showPage(c, t(c.lang, "无法办理", "Cannot do that"), DeskViews::message(message, true), status);
    loginPage(c, status, message);
}

void DeskApp::loginPage(Context &c, int status, const QString &message, const QString &name)
{
    const QString token = DeskSessions::newToken();
    c.response.status = status;
    c.response.mime = "text/html; charset=utf-8";
    c.response.body = DeskPage::login(c.lang, token, message, name);
    c.response.headers.append({QByteArrayLiteral("Set-Cookie"), DeskPage::loginCookie(token, m_config.tls)});
}

void DeskApp::storageFailed(Context &c, const Error &e)
{
    c.response.log.insert(QStringLiteral("code"), e.code);
    c.response.log.insert(QStringLiteral("message"), e.message);
    refuse(c, 503,
           t(c.lang, "收费中心暂时无法读取数据，请稍后再试。",
             "The desk cannot read its figures just now; try again later."));
}

void DeskApp::seeOther(Context &c, const QString &location, const QByteArray &cookie)
{
    c.response.status = 303;
    c.response.body.clear();
    c.response.headers.append({QByteArrayLiteral("Location"), location.toUtf8()});
    if (!cookie.isEmpty())
        c.response.headers.append({QByteArrayLiteral("Set-Cookie"), cookie});
}

bool DeskApp::open(Context &c, std::initializer_list<Role> roles)
{
    auto session = DeskSessions(m_db).resume(DeskPage::sessionToken(c.request.cookie), c.nowMs);
    if (!session.ok()) {
        c.response.log.insert(QStringLiteral("code"), session.error().code);
        if (session.error().code == QLatin1String("center.storage")) {
            loginPage(
                c, 503,
                t(c.lang, "收费中心暂时无法打开，请稍后再试。", "The desk cannot open just now; try again later."));
        } else {
            seeOther(c, QStringLiteral("/desk/login"), DeskPage::endedCookie(m_config.tls));
        }
        return false;
    }
    c.session = std::move(session).value();
    c.response.log.insert(QStringLiteral("user"), c.session->user.name);
    if (std::find(roles.begin(), roles.end(), c.session->user.role) == roles.end()) {
        refuse(c, 403, t(c.lang, "您的角色不能使用这一页。", "Your role cannot use this page."));
        return false;
    }
    auto routes = RouteBranches(m_db).routesOf(c.session->user);
    if (!routes.ok()) {
        storageFailed(c, routes.error());
        return false;
    }
    c.routes = std::move(routes).value();
    return true;
}

std::optional<QHash<QString, QString>> DeskApp::openPage(Context &c, std::initializer_list<Role> roles,
                                                         const QStringList &allowed)
{
    if (!open(c, roles))
        return std::nullopt;
    return queryFields(c, allowed);
}

bool DeskApp::checkForm(Context &c, const QHash<QString, QString> &form)
{
    if (const Status csrf = DeskSessions::checkCsrf(*c.session, form.value(QStringLiteral("csrf"))); !csrf.ok()) {
        c.response.log.insert(QStringLiteral("code"), csrf.error().code);
        refuse(c, 403,
               t(c.lang, "表单已过期或不是从本页提交的：请重新打开页面再试。",
                 "The form is stale or did not come from this desk: open the page again and retry."));
        return false;
    }
    return true;
}

std::optional<QHash<QString, QString>> DeskApp::queryFields(Context &c, const QStringList &allowed)
{
    QHash<QString, QString> fields;
    for (const auto &[key, value] : c.request.query.queryItems(QUrl::FullyDecoded)) {
        if (!allowed.contains(key) || fields.contains(key) || value.size() > MaxParameterChars ||
            !PlainText::hasNoControls(value)) {
            refuse(c, 400,
                   t(c.lang, "这个地址的参数不对。", "This address carries parameters the desk does not take."));
            return std::nullopt;
        }
        fields.insert(key, value);
    }
    return fields;
}

std::optional<QPair<QDate, QDate>> DeskApp::dayRange(Context &c, const QHash<QString, QString> &fields)
{
    const QDate today = c.today(m_config.zone);
    auto read = [&](const QString &name, QDate fallback) -> std::optional<QDate> {
        const QString text = fields.value(name);
        if (text.isEmpty())
            return fallback;
        return CenterReports::parseDay(text);
    };
    std::optional<QDate> from;
    std::optional<QDate> to;
    if (fields.contains(QStringLiteral("date"))) {
        from = to = read(QStringLiteral("date"), today);
    } else {
        to = read(QStringLiteral("to"), today);
        from = read(QStringLiteral("from"), to ? to->addDays(-6) : today);
    }
    if (!from || !to) {
        refuse(c, 400,
               t(c.lang, "日期应写成 年-月-日，例如 2026-12-07。", "Write a day as YYYY-MM-DD, e.g. 2026-12-07."));
        return std::nullopt;
    }
    if (*to < *from || from->daysTo(*to) >= m_config.maxDays) {
        refuse(c, 400,
               t(c.lang, "日期范围不对：结束不能早于开始，最长 %1 天。",
                 "That range of days cannot be shown: the end may not come before the start, and at most "
                 "%1 days.")
                   .arg(m_config.maxDays));
        return std::nullopt;
    }
    return QPair<QDate, QDate>{*from, *to};
}

bool DeskApp::inView(const Context &c, const QString &route) const
{
    return !c.routes || c.routes->contains(route);
}

Result<std::optional<QString>> DeskApp::routeOf(const QString &deviceId) const
{
    auto q = m_db.exec(QStringLiteral("SELECT route FROM devices WHERE id = ?"), {deviceId});
    if (!q.ok())
        return q.error();
    QSqlQuery row = std::move(q).value();
    if (!row.next())
        return std::optional<QString>();
    return std::optional<QString>(row.value(0).toString());
}

Result<QStringList> DeskApp::knownRoutes(const Context &c) const
{
    auto q = m_db.exec(QStringLiteral("SELECT DISTINCT route FROM accounts UNION SELECT route FROM route_branches"));
    if (!q.ok())
        return q.error();
    QStringList routes;
    for (QSqlQuery rows = std::move(q).value(); rows.next();) {
        if (inView(c, rows.value(0).toString()))
            routes.append(rows.value(0).toString());
    }
    routes.sort();
    return routes;
}

CenterReports DeskApp::reports(const Context &c) const
{
    CenterReports reports(m_db, m_config.zone);
    if (c.routes)
        reports.limitToRoutes(*c.routes);
    return reports;
}

void DeskApp::audit(Context &c, const QString &action, const QString &detail)
{
    // The action is done: a log line that cannot be written is said in the center's log, not
    // undone (the audit log is for who did what, and what was done stays done).
    if (auto s = DeskUsers(m_db).record(c.session->user.name, action, detail, c.nowMs); !s.ok())
        c.response.log.insert(QStringLiteral("audit_failed"), s.error().message);
}

// ---- the door

void DeskApp::stylesheet(Context &c)
{
    c.response.body = DeskPage::stylesheet();
    c.response.mime = "text/css; charset=utf-8";
}

void DeskApp::loginForm(Context &c)
{
    loginPage(c, 200);
}

void DeskApp::login(Context &c)
{
    const auto form = DeskPage::formFields(
        c.request.body, {QStringLiteral("name"), QStringLiteral("password"), QStringLiteral("login_csrf")});
    if (!form || !form->contains(QStringLiteral("name")) || !form->contains(QStringLiteral("password")))
        return loginPage(c, 400, t(c.lang, "请输入用户名和密码。", "Send a name and a password."));
    const QString name = form->value(QStringLiteral("name"));
    // The form's token must be the cookie's: another site's page cannot log a browser in.
    if (!DeskSessions::sameToken(DeskPage::loginToken(c.request.cookie), form->value(QStringLiteral("login_csrf")))) {
        c.response.log.insert(QStringLiteral("code"), QStringLiteral("desk.login-csrf"));
        return loginPage(c, 403,
                         t(c.lang, "登录表单已过期或不是从本页提交的，请再试一次。",
                           "The login form is stale or did not come from this desk; try again."),
                         name.left(64));
    }
    auto session = DeskSessions(m_db).login(name, form->value(QStringLiteral("password")), c.request.remote, c.nowMs);
    if (!session.ok()) {
        c.response.log.insert(QStringLiteral("code"), session.error().code);
        if (session.error().code == QLatin1String("center.storage"))
            return loginPage(
                c, 503,
                t(c.lang, "暂时无法登录，请稍后再试。", "The desk cannot log you in just now; try again later."));
        const bool locked = session.error().code == QLatin1String("desk.locked");
        return loginPage(c, locked ? 429 : 401, session.error().message, name.left(64));
    }
    c.response.log.insert(QStringLiteral("user"), session.value().user.name);
    seeOther(c, QStringLiteral("/desk"), DeskPage::sessionCookie(session.value().token, m_config.tls));
}

void DeskApp::logout(Context &c)
{
    if (!open(c, {Role::Supervisor, Role::Cashier, Role::Auditor, Role::Admin}))
        return;
    const auto form = DeskPage::formFields(c.request.body, {QStringLiteral("csrf")});
    if (!checkForm(c, form.value_or(QHash<QString, QString>())))
        return;
    if (auto s = DeskSessions(m_db).logout(DeskPage::sessionToken(c.request.cookie), c.nowMs); !s.ok())
        return storageFailed(c, s.error());
    seeOther(c, QStringLiteral("/desk/login"), DeskPage::endedCookie(m_config.tls));
}

void DeskApp::language(Context &c)
{
    const QString to = c.request.query.queryItemValue(QStringLiteral("to"));
    const QString back = c.request.query.queryItemValue(QStringLiteral("back"), QUrl::FullyDecoded);
    if (to != QLatin1String("en") && to != QLatin1String("zh"))
        return refuse(c, 400, t(c.lang, "语言只有 zh 和 en。", "The desk speaks zh and en."));
    c.lang = to == QLatin1String("en") ? Lang::En : Lang::Zh;
    seeOther(c, DeskPage::isDeskPath(back) ? back : QStringLiteral("/desk"),
             DeskPage::languageCookie(c.lang, m_config.tls));
}

// ---- pages

void DeskApp::home(Context &c)
{
    if (!open(c, {Role::Supervisor, Role::Cashier, Role::Auditor, Role::Admin}))
        return;
    const QDate today = c.today(m_config.zone);
    const CenterReports r = reports(c);
    auto totals = r.totals(today);
    if (!totals.ok())
        return storageFailed(c, totals.error());
    Money collected;
    for (const auto &row : totals.value()) {
        if (row.dimension == QLatin1String("total"))
            collected = row.amount;
    }
    qint64 open = 0;
    if (c.session->user.role != Role::Cashier) {
        auto list = r.exceptions(today.addDays(-6), today, c.nowMs, 24, CenterReports::SignOffState::Open);
        if (!list.ok())
            return storageFailed(c, list.error());
        open = list.value().size();
    }
    showPage(c, t(c.lang, "收费中心", "Doorstep desk"), DeskViews::home(c.lang, c.session->user, collected, open));
}

void DeskApp::day(Context &c)
{
    if (const auto f = dayFigures(c))
        showPage(c, t(c.lang, "当日汇总 · %1", "Day · %1").arg(DeskPage::day(c.lang, f->day)),
                 DeskViews::day(c.lang, *f));
}

void DeskApp::dayPdf(Context &c)
{
    if (!DeskPdf::available()) // before any work: this process has no fonts to lay out with
        return refuse(c, 503, t(c.lang, "这个进程不能生成 PDF。", "This process of the center cannot make PDF files."));
    const auto f = dayFigures(c);
    if (!f)
        return;
    const QString date = f->day.toString(Qt::ISODate);
    const QString branch =
        c.session->user.branch.isEmpty() ? t(c.lang, "全部供电所", "All branches") : c.session->user.branch;
    auto pdf = DeskPdf::day(c.lang, *f,
                            t(c.lang, "收费日报 · %1", "Collection report · %1").arg(DeskPage::day(c.lang, f->day)),
                            t(c.lang, "%1 · %2 打印于 %3", "%1 · printed by %2 on %3")
                                .arg(branch, c.session->user.name, DeskPage::dateTime(c.lang, c.nowMs, m_config.zone)));
    if (!pdf.ok())
        return storageFailed(c, pdf.error());
    audit(c, QStringLiteral("export"), QStringLiteral("day-pdf ") + date);
    c.response.status = 200;
    c.response.mime = "application/pdf";
    c.response.body = std::move(pdf).value();
    c.response.headers.append({QByteArrayLiteral("Content-Disposition"),
                               QStringLiteral("attachment; filename=\"doorstep-day-%1.pdf\"").arg(date).toLatin1()});
}

std::optional<DeskViews::DayFigures> DeskApp::dayFigures(Context &c)
{
    const auto fields =
        openPage(c, {Role::Supervisor, Role::Cashier, Role::Auditor, Role::Admin}, {QStringLiteral("date")});
    if (!fields)
        return std::nullopt;
    const auto range = dayRange(c, *fields);
    if (!range)
        return std::nullopt;
    const auto failed = [&c, this](const Error &e) {
        storageFailed(c, e);
        return std::nullopt;
    };
    DeskViews::DayFigures f;
    f.day = range->first;
    auto totals = reports(c).totals(f.day);
    if (!totals.ok())
        return failed(totals.error());
    f.totals = std::move(totals).value();

    // The day's bounds and its offset at noon (hours and the trend count in it; a day that
    // changes offset is off by that hour for its other part, as a wall clock would be).
    const QDateTime start(f.day, QTime(0, 0), m_config.zone);
    const qint64 startMs = start.toMSecsSinceEpoch();
    const qint64 endMs = QDateTime(f.day.addDays(1), QTime(0, 0), m_config.zone).toMSecsSinceEpoch();
    const qint64 offsetMs = qint64(m_config.zone.offsetFromUtc(QDateTime(f.day, QTime(12, 0), m_config.zone))) * 1000;
    constexpr qint64 DayMs = 86'400'000;

    // Payments taken by local hour, route and village, summed by the database.
    auto taken = m_db.exec(QStringLiteral("SELECT ((e.time_ms + ?) % 86400000) / 3600000, d.route, a.village, "
                                          "COUNT(*), SUM(e.amount_fen) FROM journal_entries e JOIN devices d ON d.id "
                                          "= e.device_id LEFT JOIN accounts a ON a.number = e.account WHERE e.kind = "
                                          "? AND e.time_ms >= ? AND e.time_ms < ? GROUP BY 1, 2, 3"),
                           {offsetMs + DayMs, PaymentKind, startMs, endMs});
    if (!taken.ok())
        return failed(taken.error());
    QHash<QString, CountedAmount> villages;
    bool countable = true;
    for (QSqlQuery rows = std::move(taken).value(); rows.next();) {
        if (!inView(c, rows.value(1).toString()))
            continue;
        const qint64 hour = rows.value(0).toLongLong();
        const qint64 count = rows.value(3).toLongLong();
        const qint64 fen = rows.value(4).toLongLong();
        const QString village =
            rows.value(2).isNull() ? t(c.lang, "（未知户号）", "(unknown account)") : rows.value(2).toString();
        countable = countable && hour >= 0 && hour < 24 && addTo(f.byHour[size_t(hour)], fen, count) &&
                    addTo(villages[village], fen, count);
    }
    for (auto it = villages.cbegin(); it != villages.cend(); ++it)
        f.byVillage.append({it.key(), it.value()});

    // Collection rate per route: principal paid on its bills that day over what they owed as it
    // began (owed now, plus principal paid on them since the day began).
    auto owed = m_db.exec(QStringLiteral("SELECT route, SUM(CASE WHEN amount_fen > paid_fen THEN amount_fen - "
                                         "paid_fen ELSE 0 END) FROM bills WHERE active = 1 GROUP BY route"));
    if (!owed.ok())
        return failed(owed.error());
    std::map<QString, QPair<CountedAmount, CountedAmount>> rates; // route → (paid that day, owed as it began)
    for (QSqlQuery rows = std::move(owed).value(); rows.next();) {
        if (inView(c, rows.value(0).toString()))
            countable = countable && addTo(rates[rows.value(0).toString()].second, rows.value(1).toLongLong());
    }
    auto paid = m_db.exec(QStringLiteral("SELECT d.route, SUM(CASE WHEN e.time_ms < ? THEN l.amount_fen ELSE 0 END), "
                                         "SUM(l.amount_fen) FROM journal_entries e JOIN devices d ON d.id = "
                                         "e.device_id JOIN ledger_payments p ON p.device_id = e.device_id AND p.seq = "
                                         "e.seq JOIN ledger_lines l ON l.device_id = e.device_id AND l.seq = e.seq "
                                         "WHERE e.kind = ? AND e.time_ms >= ? AND p.voided_by_seq IS NULL GROUP BY "
                                         "d.route"),
                          {endMs, PaymentKind, startMs});
    if (!paid.ok())
        return failed(paid.error());
    for (QSqlQuery rows = std::move(paid).value(); rows.next();) {
        if (!inView(c, rows.value(0).toString()))
            continue;
        auto &rate = rates[rows.value(0).toString()];
        countable = countable && addTo(rate.first, rows.value(1).toLongLong()) &&
                    addTo(rate.second, rows.value(2).toLongLong());
    }
    CountedAmount allCollected;
    CountedAmount allReceivable;
    for (const auto &[route, rate] : rates) {
        if (rate.second.amount.fen() <= 0)
            continue;
        f.rates.append({route, rate.first.amount, rate.second.amount});
        countable =
            countable && addTo(allCollected, rate.first.amount.fen()) && addTo(allReceivable, rate.second.amount.fen());
    }
    f.allRoutes = {QString(), allCollected.amount, allReceivable.amount};

    // The 30 days ending on this one, grouped by the database.
    const qint64 trendStart = QDateTime(f.day.addDays(-29), QTime(0, 0), m_config.zone).toMSecsSinceEpoch();
    auto trend = m_db.exec(QStringLiteral("SELECT (e.time_ms + ?) / 86400000, d.route, COUNT(*), SUM(e.amount_fen) "
                                          "FROM journal_entries e JOIN devices d ON d.id = e.device_id LEFT JOIN "
                                          "ledger_payments p ON p.device_id = e.device_id AND p.seq = e.seq WHERE "
                                          "e.kind = ? AND e.time_ms >= ? AND e.time_ms < ? AND p.voided_by_seq IS "
                                          "NULL GROUP BY 1, 2"),
                           {offsetMs, PaymentKind, trendStart, endMs});
    if (!trend.ok())
        return failed(trend.error());
    std::map<qint64, CountedAmount> byDay;
    const QDate epoch(1970, 1, 1);
    for (qint64 n = epoch.daysTo(f.day.addDays(-29)); n <= epoch.daysTo(f.day); ++n)
        byDay[n] = {};
    for (QSqlQuery rows = std::move(trend).value(); rows.next();) {
        const auto slot = byDay.find(rows.value(0).toLongLong());
        if (slot == byDay.end() || !inView(c, rows.value(1).toString()))
            continue;
        countable = countable && addTo(slot->second, rows.value(3).toLongLong(), rows.value(2).toLongLong());
    }
    for (const auto &[n, counted] : byDay)
        f.trend.append({epoch.addDays(n), counted});
    if (!countable) {
        refuse(c, 500,
               t(c.lang, "这一天的金额超出了可以计算的范围：请查看异常清单。",
                 "The figures of this day exceed what can be counted; see the exception list."));
        return std::nullopt;
    }
    return f;
}

void DeskApp::exceptions(Context &c)
{
    const auto fields = openPage(c, {Role::Supervisor, Role::Auditor, Role::Admin},
                                 {QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("state")});
    if (!fields)
        return;
    const QString state = fields->value(QStringLiteral("state"), QStringLiteral("open"));
    if (state != QLatin1String("open") && state != QLatin1String("history"))
        return refuse(c, 400,
                      t(c.lang, "只有“待处理”和“已签字”两种。", "Exceptions are open or signed off (history)."));
    const auto range = dayRange(c, *fields);
    if (!range)
        return;
    const bool history = state == QLatin1String("history");
    auto rows =
        reports(c).exceptions(range->first, range->second, c.nowMs, 24,
                              history ? CenterReports::SignOffState::SignedOff : CenterReports::SignOffState::Open);
    if (!rows.ok())
        return storageFailed(c, rows.error());
    const bool canSignOff = c.session->user.role == Role::Supervisor || c.session->user.role == Role::Admin;
    showPage(c, t(c.lang, "异常", "Exceptions"),
             DeskViews::exceptions(c.lang, rows.value(), range->first, range->second, history, c.session->csrf,
                                   canSignOff, m_config.zone));
}

void DeskApp::signOff(Context &c)
{
    if (!open(c, {Role::Supervisor, Role::Admin}))
        return;
    const auto form =
        DeskPage::formFields(c.request.body, {QStringLiteral("csrf"), QStringLiteral("id"), QStringLiteral("note")});
    if (!checkForm(c, form.value_or(QHash<QString, QString>())))
        return;
    const QString id = form->value(QStringLiteral("id"));
    // The exception's device decides whose it is: a recorded one or a refused batch by its row,
    // a device's state by the name inside its id.
    static const QRegularExpression recorded(QStringLiteral("^([xr])([0-9]{1,18})$"));
    static const QRegularExpression stateOf(QStringLiteral("^(?:frozen|not-synced):(.+):[0-9]{1,19}$"));
    std::optional<QString> device;
    if (const auto m = recorded.match(id); m.hasMatch()) {
        auto q = m_db.exec(m.captured(1) == QLatin1String("x")
                               ? QStringLiteral("SELECT device_id FROM exceptions WHERE id = ?")
                               : QStringLiteral("SELECT device_id FROM refusals WHERE id = ?"),
                           {m.captured(2).toLongLong()});
        if (!q.ok())
            return storageFailed(c, q.error());
        if (QSqlQuery row = std::move(q).value(); row.next())
            device = row.value(0).toString();
    } else if (const auto s = stateOf.match(id); s.hasMatch()) {
        device = s.captured(1);
    }
    std::optional<QString> route;
    if (device) {
        auto r = routeOf(*device);
        if (!r.ok())
            return storageFailed(c, r.error());
        route = r.value();
    }
    if (!route || !inView(c, *route))
        return refuse(c, 404, t(c.lang, "没有这条异常。", "There is no such exception."));
    auto signedOff = CenterReports(m_db, m_config.zone)
                         .signOff(id, c.session->user.name, form->value(QStringLiteral("note")), c.nowMs);
    if (!signedOff.ok()) {
        c.response.log.insert(QStringLiteral("code"), signedOff.error().code);
        if (signedOff.error().code == QLatin1String("center.storage"))
            return storageFailed(c, signedOff.error());
        return refuse(c, signedOff.error().code == QLatin1String("signoff.unknown") ? 404 : 409,
                      signedOff.error().message);
    }
    audit(c, QStringLiteral("sign-off"), id + QStringLiteral(": ") + form->value(QStringLiteral("note")));
    seeOther(c, QStringLiteral("/desk/exceptions?state=history"));
}

void DeskApp::cash(Context &c)
{
    const auto fields = openPage(c, {Role::Supervisor, Role::Cashier, Role::Auditor, Role::Admin},
                                 {QStringLiteral("from"), QStringLiteral("to")});
    if (!fields)
        return;
    const auto range = dayRange(c, *fields);
    if (!range)
        return;
    auto rows = reports(c).handovers(range->first, range->second);
    if (!rows.ok())
        return storageFailed(c, rows.error());
    CountedAmount total;
    for (const CenterReports::HandoverRow &r : rows.value()) {
        if (!addTo(total, r.amount.fen()))
            return refuse(
                c, 500,
                t(c.lang, "交款合计超出了可以计算的范围。", "The cash handed over exceeds what can be counted."));
    }
    showPage(c, t(c.lang, "交款", "Cash handed over"),
             DeskViews::cash(c.lang, rows.value(), total.amount, range->first, range->second, m_config.zone));
}

void DeskApp::collectors(Context &c)
{
    const auto fields =
        openPage(c, {Role::Supervisor, Role::Auditor, Role::Admin}, {QStringLiteral("from"), QStringLiteral("to")});
    if (!fields)
        return;
    const auto range = dayRange(c, *fields);
    if (!range)
        return;
    auto rows = reports(c).shifts(range->first, range->second);
    if (!rows.ok())
        return storageFailed(c, rows.error());
    showPage(c, t(c.lang, "收费员的班次", "Collectors' shifts"),
             DeskViews::collectors(c.lang, rows.value(), range->first, range->second, m_config.zone));
}

void DeskApp::receipts(Context &c)
{
    const auto fields =
        openPage(c, {Role::Supervisor, Role::Cashier, Role::Auditor, Role::Admin}, {QStringLiteral("q")});
    if (!fields)
        return;
    const QString query = fields->value(QStringLiteral("q")).trimmed();
    QList<QPair<QString, qint64>> found; // (device, seq) of payments
    static const QRegularExpression receiptNumber(QStringLiteral("^(.{1,64})-([0-9]{8,18})$"));
    if (const auto m = receiptNumber.match(query); m.hasMatch())
        found.append({m.captured(1), m.captured(2).toLongLong()});
    if (!query.isEmpty()) {
        auto q = m_db.exec(QStringLiteral("SELECT p.device_id, p.seq FROM ledger_payments p JOIN journal_entries e ON "
                                          "e.device_id = p.device_id AND e.seq = p.seq WHERE p.account = ? ORDER BY "
                                          "e.time_ms DESC LIMIT 50"),
                           {query});
        if (!q.ok())
            return storageFailed(c, q.error());
        for (QSqlQuery rows = std::move(q).value(); rows.next();)
            found.append({rows.value(0).toString(), rows.value(1).toLongLong()});
    }
    QList<DeskViews::ReceiptLine> lines;
    QHash<QString, std::optional<QString>> routes;
    for (const auto &payment : std::as_const(found)) {
        const QString device = payment.first; // lambdas below capture these: not structured bindings
        const qint64 seq = payment.second;
        if (!routes.contains(device)) {
            auto r = routeOf(device);
            if (!r.ok())
                return storageFailed(c, r.error());
            routes.insert(device, r.value());
        }
        const std::optional<QString> route = routes.value(device);
        if (!route || !inView(c, *route))
            continue; // another branch's receipt is not found here
        auto q = m_db.exec(QStringLiteral("SELECT seq, kind, time_ms, collector_id, account, method, amount_fen, "
                                          "ref_seq FROM journal_entries WHERE device_id = ? AND (seq = ? OR (ref_seq "
                                          "= ? AND kind IN (3, 5))) ORDER BY seq"),
                           {device, seq, seq});
        if (!q.ok())
            return storageFailed(c, q.error());
        DeskViews::ReceiptLine line;
        bool isPayment = false;
        for (QSqlQuery rows = std::move(q).value(); rows.next();) {
            const qint64 rowSeq = rows.value(0).toLongLong();
            const auto kind = EntryKind(rows.value(1).toInt());
            const qint64 at = rows.value(2).toLongLong();
            if (rowSeq == seq && kind == EntryKind::Payment) {
                isPayment = true;
                line.deviceId = device;
                line.seq = seq;
                line.kind = kind;
                line.timeMs = at;
                line.collectorId = rows.value(3).toString();
                line.account = rows.value(4).toString();
                const int method = rows.value(5).toInt();
                line.method =
                    method >= 1 && method <= 4 ? paymentMethodKey(PaymentMethod(method)) : QString::number(method);
                line.amount = Money::fromFen(rows.value(6).toLongLong());
            } else if (rowSeq != seq && kind == EntryKind::Void && !line.voidedBy) {
                line.voidedBy = QPair<qint64, qint64>{rowSeq, at};
            } else if (rowSeq != seq && kind == EntryKind::ReceiptPrinted) {
                line.prints.append({rowSeq, at});
            }
        }
        if (isPayment && std::none_of(lines.cbegin(), lines.cend(),
                                      [&](const auto &l) { return l.deviceId == device && l.seq == seq; }))
            lines.append(line);
    }
    showPage(c, t(c.lang, "收据查询", "Receipts"), DeskViews::receipts(c.lang, query, lines, m_config.zone));
}

void DeskApp::devices(Context &c)
{
    if (!openPage(c, {Role::Supervisor, Role::Auditor, Role::Admin}, {}))
        return;
    auto list = m_store.devices();
    if (!list.ok())
        return storageFailed(c, list.error());
    QList<DeskViews::DeviceLine> lines;
    const CenterReports cashReports = reports(c);
    for (const CenterDevice &d : list.value()) {
        if (!inView(c, d.route))
            continue;
        DeskViews::DeviceLine line{d, c.session->user.role == Role::Admin, {}, {}};
        auto cash = cashReports.cashInHand(d.id);
        if (cash.ok())
            line.cashInHand = cash.value();
        else if (cash.error().code == QLatin1String("report.overflow"))
            line.cashError = cash.error().message;
        else
            return storageFailed(c, cash.error());
        lines.append(line);
    }
    QString content = DeskViews::devices(c.lang, lines, c.session->csrf, m_config.zone, c.nowMs);
    if (c.session->user.role == Role::Admin) {
        auto routes = knownRoutes(c);
        if (!routes.ok())
            return storageFailed(c, routes.error());
        content += DeskViews::enrolmentForm(c.lang, routes.value(), c.session->csrf);
    }
    showPage(c, t(c.lang, "终端", "Devices"), content);
}

void DeskApp::deviceCommand(Context &c)
{
    if (!open(c, {Role::Admin}))
        return;
    const auto form = DeskPage::formFields(c.request.body, {QStringLiteral("csrf"), QStringLiteral("device"),
                                                            QStringLiteral("kind"), QStringLiteral("confirm")});
    if (!checkForm(c, form.value_or(QHash<QString, QString>())))
        return;
    const QString device = form->value(QStringLiteral("device"));
    const QString kind = form->value(QStringLiteral("kind"));
    auto route = routeOf(device);
    if (!route.ok())
        return storageFailed(c, route.error());
    if (!route.value() || !inView(c, *route.value()))
        return refuse(c, 404, t(c.lang, "没有这台终端。", "There is no such device."));
    static const QStringList kinds = {QStringLiteral("lock"), QStringLiteral("unlock"), QStringLiteral("wipe"),
                                      QStringLiteral("revoke")};
    if (!kinds.contains(kind))
        return refuse(c, 400,
                      t(c.lang, "指令只有锁定、解锁、清除数据和停用。", "A command is lock, unlock, wipe or revoke."));
    if (form->value(QStringLiteral("confirm")) != device)
        return refuse(c, 400,
                      t(c.lang, "确认时输入的终端名不对：没有发送任何指令。",
                        "The name typed to confirm is not the device's: nothing was sent."));
    Status done = success();
    if (kind == QLatin1String("revoke"))
        done = m_store.revokeDevice(device);
    else if (auto issued = m_store.issueCommand(device, kind); !issued.ok())
        done = issued.error();
    if (!done.ok()) {
        c.response.log.insert(QStringLiteral("code"), done.error().code);
        if (done.error().code == QLatin1String("center.storage"))
            return storageFailed(c, done.error());
        return refuse(c, 409, done.error().message);
    }
    audit(c, QStringLiteral("command"), kind + QStringLiteral(" ") + device);
    seeOther(c, QStringLiteral("/desk/devices"));
}

void DeskApp::enrolmentCode(Context &c)
{
    if (!open(c, {Role::Admin}))
        return;
    const auto form = DeskPage::formFields(c.request.body, {QStringLiteral("csrf"), QStringLiteral("device"),
                                                            QStringLiteral("route"), QStringLiteral("hours")});
    if (!checkForm(c, form.value_or(QHash<QString, QString>())))
        return;
    const QString device = form->value(QStringLiteral("device")).trimmed();
    const QString route = form->value(QStringLiteral("route"));
    bool ok = false;
    const int hours = form->value(QStringLiteral("hours")).toInt(&ok);
    if (!ok || hours < 1 || hours > 7 * 24)
        return refuse(c, 400, t(c.lang, "有效期为 1 到 168 小时。", "A code is valid for 1 to 168 hours."));
    const qint64 validMs = qint64(hours) * 3'600'000;
    auto routes = knownRoutes(c);
    if (!routes.ok())
        return storageFailed(c, routes.error());
    if (!routes.value().contains(route))
        return refuse(c, 400, t(c.lang, "收费中心没有这条线路。", "The center has no such route."));
    auto code = m_store.createEnrolmentCode(device, route, validMs);
    if (!code.ok()) {
        c.response.log.insert(QStringLiteral("code"), code.error().code);
        if (code.error().code == QLatin1String("center.storage"))
            return storageFailed(c, code.error());
        return refuse(c, 409, code.error().message);
    }
    // The code itself goes nowhere but this page: the audit log says who issued one for what.
    audit(c, QStringLiteral("enrol-code"), device + QStringLiteral(" ") + route);
    const EnrolmentLink link{m_config.enrolCenter, code.value(), m_config.enrolPin};
    showPage(c, t(c.lang, "终端注册码", "Enrolment code"),
             DeskViews::enrolmentCode(c.lang, device, route, code.value(), c.nowMs + validMs, link, m_config.zone));
}

void DeskApp::exportTable(Context &c)
{
    const auto fields = openPage(c, {Role::Supervisor, Role::Cashier, Role::Auditor, Role::Admin},
                                 {QStringLiteral("table"), QStringLiteral("date"), QStringLiteral("from"),
                                  QStringLiteral("to"), QStringLiteral("state")});
    if (!fields)
        return;
    const QString table = fields->value(QStringLiteral("table"));
    const auto range = dayRange(c, *fields);
    if (!range)
        return;
    const QString from = range->first.toString(Qt::ISODate);
    const QString to = range->second.toString(Qt::ISODate);
    QByteArray csv;
    QString name;
    if (table == QLatin1String("totals")) {
        auto rows = reports(c).totals(range->first);
        if (!rows.ok())
            return storageFailed(c, rows.error());
        csv = CenterReports::render(rows.value(), CenterReports::Format::Csv);
        name = QStringLiteral("totals-%1.csv").arg(from);
    } else if (table == QLatin1String("cash")) {
        auto rows = reports(c).handovers(range->first, range->second);
        if (!rows.ok())
            return storageFailed(c, rows.error());
        csv = CenterReports::render(rows.value(), CenterReports::Format::Csv);
        name = QStringLiteral("cash-%1-%2.csv").arg(from, to);
    } else if (table == QLatin1String("shifts") && c.session->user.role != Role::Cashier) {
        auto rows = reports(c).shifts(range->first, range->second);
        if (!rows.ok())
            return storageFailed(c, rows.error());
        csv = CenterReports::render(rows.value(), CenterReports::Format::Csv);
        name = QStringLiteral("shifts-%1-%2.csv").arg(from, to);
    } else if (table == QLatin1String("exceptions") && c.session->user.role != Role::Cashier) {
        const QString state = fields->value(QStringLiteral("state"), QStringLiteral("open"));
        const auto which = state == QLatin1String("history") ? CenterReports::SignOffState::SignedOff
                           : state == QLatin1String("all")   ? CenterReports::SignOffState::Any
                                                             : CenterReports::SignOffState::Open;
        auto rows = reports(c).exceptions(range->first, range->second, c.nowMs, 24, which);
        if (!rows.ok())
            return storageFailed(c, rows.error());
        csv = CenterReports::render(rows.value(), CenterReports::Format::Csv);
        name = QStringLiteral("exceptions-%1-%2.csv").arg(from, to);
    } else {
        return refuse(c, table == QLatin1String("exceptions") || table == QLatin1String("shifts") ? 403 : 400,
                      t(c.lang, "不能导出这张表。", "That table cannot be exported here."));
    }
    audit(c, QStringLiteral("export"), name);
    c.response.body = csv;
    c.response.mime = "text/csv; charset=utf-8";
    c.response.headers.append({QByteArrayLiteral("Content-Disposition"),
                               QByteArrayLiteral("attachment; filename=\"") + name.toLatin1() + '"'});
}
