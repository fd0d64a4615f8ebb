#include "routebranches.h"

#include <QCoreApplication>
#include <QSqlQuery>

#include "centerdatabase.h"
#include "deskusers.h"
#include "plaintext.h"

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RouteBranches", text);
}

std::optional<Error> badName(const QString &name, const char *code, const char *what)
{
    if (name.trimmed().isEmpty() || name.size() > 64 || name != name.trimmed() || !PlainText::hasNoControls(name))
        return Error{
            QString::fromLatin1(code),
            tr("A %1 is named with 1 to 64 characters, no control characters and no spaces around.").arg(tr(what))};
    return std::nullopt;
}

} // namespace

RouteBranches::RouteBranches(const CenterDatabase &db)
    : m_db(db)
{
}

Status RouteBranches::assign(const QString &route, const QString &branch) const
{
    if (auto e = badName(route, "branch.bad-route", QT_TRANSLATE_NOOP("RouteBranches", "route")))
        return *e;
    if (auto e = badName(branch, "branch.bad-branch", QT_TRANSLATE_NOOP("RouteBranches", "branch")))
        return *e;
    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s;
    if (auto r = m_db.exec(QStringLiteral("DELETE FROM route_branches WHERE route = ?"), {route}); !r.ok())
        return r.error();
    if (auto r = m_db.exec(QStringLiteral("INSERT INTO route_branches (route, branch) VALUES (?, ?)"), {route, branch});
        !r.ok())
        return r.error();
    return tx.commit();
}

Status RouteBranches::unassign(const QString &route) const
{
    auto r = m_db.exec(QStringLiteral("DELETE FROM route_branches WHERE route = ?"), {route});
    if (!r.ok())
        return r.error();
    if (r.value().numRowsAffected() < 1)
        return Error{QStringLiteral("branch.unknown-route"), tr("Route %1 is in no branch.").arg(route)};
    return success();
}

Result<QList<QPair<QString, QString>>> RouteBranches::list() const
{
    auto q = m_db.exec(QStringLiteral("SELECT route, branch FROM route_branches ORDER BY branch, route"));
    if (!q.ok())
        return q.error();
    QList<QPair<QString, QString>> out;
    for (QSqlQuery rows = std::move(q).value(); rows.next();)
        out.append({rows.value(0).toString(), rows.value(1).toString()});
    return out;
}

Result<std::optional<QSet<QString>>> RouteBranches::routesOf(const DeskUser &user) const
{
    if (user.branch.isEmpty())
        return std::optional<QSet<QString>>();
    auto q = m_db.exec(QStringLiteral("SELECT route FROM route_branches WHERE branch = ?"), {user.branch});
    if (!q.ok())
        return q.error();
    QSet<QString> routes;
    for (QSqlQuery rows = std::move(q).value(); rows.next();)
        routes.insert(rows.value(0).toString());
    return std::optional<QSet<QString>>(std::move(routes));
}
