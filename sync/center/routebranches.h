#pragma once

#include <QList>
#include <QPair>
#include <QSet>
#include <QString>

#include <optional>

#include "result.h"

class CenterDatabase;
struct DeskUser;

/**
 * Which branch (供电所) each route belongs to: what a supervisor's or cashier's branch lets them
 * see on the web desk. Routes are named by the billing extract and the devices; the branch is set
 * here, by the center's administrator (`doorstep-center route-branch`). A route in no branch is seen
 * only by users of every branch (auditors and admins).
 */
class RouteBranches
{
public:
    explicit RouteBranches(const CenterDatabase &db);

    /// Puts `route` in `branch` (moving it when it was in another). Refused with a reason: a route
    /// or branch name that is empty, longer than 64 characters or holds a control character.
    [[nodiscard]] Status assign(const QString &route, const QString &branch) const;
    /// Takes `route` out of any branch; a route in none is refused.
    [[nodiscard]] Status unassign(const QString &route) const;
    /// Every (route, branch), by branch then route.
    [[nodiscard]] Result<QList<QPair<QString, QString>>> list() const;
    /// The routes `user` may see: std::nullopt for a user of every branch.
    [[nodiscard]] Result<std::optional<QSet<QString>>> routesOf(const DeskUser &user) const;

private:
    const CenterDatabase &m_db;
};
