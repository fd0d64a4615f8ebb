#include "deskusers.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlQuery>

#include "centerdatabase.h"
#include "roster.h"

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DeskUsers", text);
}

DeskUser readUser(const QSqlQuery &q)
{
    DeskUser u;
    u.name = q.value(0).toString();
    u.role = deskRoleFromKey(q.value(1).toString()).value_or(DeskUser::Role::Auditor);
    u.branch = q.value(2).toString();
    u.createdMs = q.value(3).toLongLong();
    if (!q.value(4).isNull())
        u.disabledMs = q.value(4).toLongLong();
    return u;
}

constexpr auto UserColumns = "SELECT name, role, branch, created_ms, disabled_ms, password_hash FROM desk_users ";

} // namespace

QString deskRoleKey(DeskUser::Role role)
{
    switch (role) {
    case DeskUser::Role::Supervisor:
        return QStringLiteral("supervisor");
    case DeskUser::Role::Cashier:
        return QStringLiteral("cashier");
    case DeskUser::Role::Auditor:
        return QStringLiteral("auditor");
    case DeskUser::Role::Admin:
        return QStringLiteral("admin");
    }
    return {};
}

std::optional<DeskUser::Role> deskRoleFromKey(QStringView key)
{
    for (const auto role :
         {DeskUser::Role::Supervisor, DeskUser::Role::Cashier, DeskUser::Role::Auditor, DeskUser::Role::Admin}) {
        if (key == deskRoleKey(role))
            return role;
    }
    return std::nullopt;
}

DeskUsers::DeskUsers(const CenterDatabase &db)
    : m_db(db)
{
}

Result<DeskUser> DeskUsers::add(const QString &name, DeskUser::Role role, const QString &branch,
                                const QString &password, qint64 nowMs, int iterations) const
{
    static const QRegularExpression plainName(QStringLiteral("^[\\p{L}\\p{N}._-]{1,%1}$").arg(MaxNameChars));
    if (!plainName.match(name).hasMatch())
        return Error{QStringLiteral("user.bad-name"),
                     tr("A user name is 1 to %1 letters, digits, '.', '_' or '-'.").arg(MaxNameChars)};
    const bool branchBound = role == DeskUser::Role::Supervisor || role == DeskUser::Role::Cashier;
    if (branchBound && branch.trimmed().isEmpty())
        return Error{QStringLiteral("user.no-branch"),
                     tr("A supervisor or cashier belongs to a branch: give --branch.")};
    if (!branch.isEmpty() && !plainName.match(branch).hasMatch())
        return Error{QStringLiteral("user.bad-branch"),
                     tr("A branch is named with 1 to %1 letters, digits, '.', '_' or '-'.").arg(MaxNameChars)};
    auto hash = PasswordHash::hash(password, iterations > 0 ? iterations : PasswordHash::DefaultIterations);
    if (!hash.ok())
        return hash.error();
    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s.error();
    auto taken = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM desk_users WHERE name = ?"), {name});
    if (!taken.ok())
        return taken.error();
    if (taken.value().toLongLong() > 0)
        return Error{QStringLiteral("user.exists"), tr("There is already a user called %1.").arg(name)};
    if (auto r = m_db.exec(QStringLiteral("INSERT INTO desk_users (name, role, branch, password_hash, created_ms) "
                                          "VALUES (?, ?, ?, ?, ?)"),
                           {name, deskRoleKey(role), branch, hash.value(), nowMs});
        !r.ok())
        return r.error();
    if (auto s = record(QStringLiteral("cli"), QStringLiteral("user-added"),
                        QStringLiteral("%1 %2 %3").arg(name, deskRoleKey(role), branch).trimmed(), nowMs);
        !s.ok())
        return s.error();
    if (auto s = tx.commit(); !s.ok())
        return s.error();
    return DeskUser{name, role, branch, nowMs, std::nullopt};
}

Result<QList<DeskUser>> DeskUsers::list() const
{
    auto q = m_db.exec(QLatin1String(UserColumns) + QStringLiteral("ORDER BY name"));
    if (!q.ok())
        return q.error();
    QList<DeskUser> out;
    for (QSqlQuery rows = std::move(q).value(); rows.next();)
        out.append(readUser(rows));
    return out;
}

Status DeskUsers::disable(const QString &name, qint64 nowMs) const
{
    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s;
    auto r = m_db.exec(QStringLiteral("UPDATE desk_users SET disabled_ms = ? WHERE name = ? AND disabled_ms IS NULL"),
                       {nowMs, name});
    if (!r.ok())
        return r.error();
    if (r.value().numRowsAffected() != 1)
        return Error{QStringLiteral("user.unknown"), tr("There is no enabled user called %1.").arg(name.left(64))};
    if (auto s = record(QStringLiteral("cli"), QStringLiteral("user-disabled"), name, nowMs); !s.ok())
        return s;
    return tx.commit();
}

Result<std::optional<DeskUser>> DeskUsers::authenticate(const QString &name, const QString &password) const
{
    auto q = m_db.exec(QLatin1String(UserColumns) + QStringLiteral("WHERE name = ?"), {name});
    if (!q.ok())
        return q.error();
    QSqlQuery rows = std::move(q).value();
    if (!rows.next())
        return std::optional<DeskUser>();
    const DeskUser user = readUser(rows);
    auto match = PasswordHash::verify(password, rows.value(5).toString());
    if (!match.ok())
        return match.error();
    if (!match.value() || user.disabledMs)
        return std::optional<DeskUser>();
    return std::optional<DeskUser>(user);
}

Status DeskUsers::record(const QString &who, const QString &action, const QString &detail, qint64 nowMs) const
{
    auto r = m_db.exec(QStringLiteral("INSERT INTO desk_audit (at_ms, user_name, action, detail) VALUES (?, ?, ?, ?)"),
                       {nowMs, who, action, detail});
    return r.ok() ? success() : Status(r.error());
}
