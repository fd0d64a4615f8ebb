#pragma once

#include <QList>
#include <QString>

#include <optional>

#include "result.h"

class CenterDatabase;

/** One person who logs in to the center's web desk. */
struct DeskUser
{
    enum class Role { Supervisor, Cashier, Auditor, Admin };
    QString name;
    Role role = Role::Supervisor;
    QString branch; ///< the branch whose routes and collectors they see; empty: every branch
    qint64 createdMs = 0;
    std::optional<qint64> disabledMs;
};

[[nodiscard]] QString deskRoleKey(DeskUser::Role role); ///< supervisor, cashier, auditor, admin
[[nodiscard]] std::optional<DeskUser::Role> deskRoleFromKey(QStringView key);

/**
 * The web desk's users (issue 18's first part): who they are, their role and branch, their
 * password hashed slowly (PasswordHash, PBKDF2), and an audit log of what is done in their name.
 * Supervisors and cashiers belong to a branch; auditors and admins see every branch. A user is
 * disabled, never deleted, so the audit log always names someone who existed.
 */
class DeskUsers
{
public:
    explicit DeskUsers(const CenterDatabase &db);

    static constexpr int MaxNameChars = 64;

    /// Refused with a reason: a name not 1–64 letters, digits, '.', '_' or '-'; a supervisor or
    /// cashier without a branch; a password outside PasswordHash's policy; a name already taken.
    [[nodiscard]] Result<DeskUser> add(const QString &name, DeskUser::Role role, const QString &branch,
                                       const QString &password, qint64 nowMs,
                                       int iterations = 0 /* PasswordHash's default */) const;
    [[nodiscard]] Result<QList<DeskUser>> list() const;
    [[nodiscard]] Status disable(const QString &name, qint64 nowMs) const;
    /// The user, when `password` is theirs and they are not disabled; std::nullopt otherwise.
    [[nodiscard]] Result<std::optional<DeskUser>> authenticate(const QString &name, const QString &password) const;
    /// One line of the desk's audit log: who did what, when.
    [[nodiscard]] Status record(const QString &who, const QString &action, const QString &detail, qint64 nowMs) const;

private:
    const CenterDatabase &m_db;
};
