#pragma once

#include <QString>

#include "deskusers.h"
#include "result.h"

class CenterDatabase;

/**
 * Who is logged in to the web desk (issue 18): a login checks the password (DeskUsers) behind a
 * lockout that grows with each failure, and opens a session: a random token for the cookie
 * (stored only as its SHA-256, so the database never holds a live credential) and a CSRF token
 * every state change must carry. A session ends after an idle spell, after its lifetime, or at
 * logout. Logins, failures, lockouts and logouts go to the desk's audit log.
 *
 * The lockout counts failures per user name: the first `freeFailures` cost nothing, each one
 * after locks the name for firstLockMs, doubling, at most maxLockMs; while locked, even the right
 * password is refused (and not hashed). A success clears the count. An unknown name is answered
 * like a wrong password.
 */
class DeskSessions
{
public:
    struct Options
    {
        qint64 idleMs = 30LL * 60 * 1000;
        qint64 lifetimeMs = 12LL * 3600 * 1000;
        int freeFailures = 3;
        qint64 firstLockMs = 30'000;
        qint64 maxLockMs = 15LL * 60 * 1000;
    };

    struct Session
    {
        QString token; ///< the cookie's value: known at login only, never stored
        QString csrf;
        DeskUser user;
        qint64 createdMs = 0;
        qint64 lastSeenMs = 0;
    };

    DeskSessions(const CenterDatabase &db, Options options);
    explicit DeskSessions(const CenterDatabase &db)
        : DeskSessions(db, Options{})
    {
    }

    /// "desk.login-failed" (wrong name or password, or disabled) or "desk.locked" (with when it
    /// opens again), else a new session.
    [[nodiscard]] Result<Session> login(const QString &name, const QString &password, const QString &remote,
                                        qint64 nowMs) const;
    /// The session of a cookie's token, its idle clock restarted; "desk.no-session" for a token
    /// that is none (or malformed), "desk.session-ended" for one that timed out or was closed, or
    /// whose user has been disabled since.
    [[nodiscard]] Result<Session> resume(const QString &token, qint64 nowMs) const;
    /// "desk.csrf" unless `presented` is the session's CSRF token (compared in constant time).
    [[nodiscard]] static Status checkCsrf(const Session &session, const QString &presented);
    /// Whether two tokens are the same and not empty, compared in constant time.
    [[nodiscard]] static bool sameToken(const QString &expected, const QString &presented);
    /// A new random token (256 bits, base64url without padding).
    [[nodiscard]] static QString newToken();
    [[nodiscard]] Status logout(const QString &token, qint64 nowMs) const;

    /// How long a name is locked after its `failures`-th failure in a row (0: not locked).
    [[nodiscard]] qint64 lockFor(int failures) const;

private:
    const CenterDatabase &m_db;
    Options m_options;
};
