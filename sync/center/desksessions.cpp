#include "desksessions.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTimeZone>

#include <array>

#include "centerdatabase.h"

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DeskSessions", text);
}

QString randomToken()
{
    std::array<quint32, 8> words{}; // 256 bits
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words.data()), qsizetype(sizeof(words)))
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

/// A token is 43 base64url characters; anything else is not looked up at all.
bool wellFormed(const QString &token)
{
    if (token.size() != 43)
        return false;
    for (const QChar c : token) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-' && c != u'_')
            return false;
    }
    return true;
}

QByteArray tokenHash(const QString &token)
{
    return QCryptographicHash::hash(token.toLatin1(), QCryptographicHash::Sha256);
}

Error loginFailed()
{
    return Error{QStringLiteral("desk.login-failed"), tr("Wrong name or password.")};
}

} // namespace

DeskSessions::DeskSessions(const CenterDatabase &db, Options options)
    : m_db(db)
    , m_options(options)
{
}

qint64 DeskSessions::lockFor(int failures) const
{
    const int over = failures - m_options.freeFailures;
    if (over <= 0)
        return 0;
    qint64 ms = m_options.firstLockMs;
    for (int i = 1; i < over && ms < m_options.maxLockMs; ++i)
        ms *= 2;
    return qMin(ms, m_options.maxLockMs);
}

Result<DeskSessions::Session> DeskSessions::login(const QString &name, const QString &password, const QString &remote,
                                                  qint64 nowMs) const
{
    const DeskUsers users(m_db);
    auto state =
        m_db.exec(QStringLiteral("SELECT failed_logins, locked_until_ms FROM desk_users WHERE name = ?"), {name});
    if (!state.ok())
        return state.error();
    QSqlQuery row = std::move(state).value();
    const bool known = row.next();
    const int failures = known ? row.value(0).toInt() : 0;
    const qint64 lockedUntil = known && !row.value(1).isNull() ? row.value(1).toLongLong() : 0;
    row.finish();
    if (known && lockedUntil > nowMs) {
        if (auto s = users.record(name, QStringLiteral("login-locked"), remote, nowMs); !s.ok())
            return s.error();
        return Error{QStringLiteral("desk.locked"),
                     tr("Too many wrong passwords: this name is locked until %1 UTC.")
                         .arg(QDateTime::fromMSecsSinceEpoch(lockedUntil, QTimeZone::utc()).toString(Qt::ISODate))};
    }
    auto user = users.authenticate(name, password);
    if (!user.ok())
        return user.error();
    if (!user.value()) {
        if (known) {
            const qint64 lock = lockFor(failures + 1);
            if (auto r = m_db.exec(
                    QStringLiteral("UPDATE desk_users SET failed_logins = ?, locked_until_ms = ? WHERE "
                                   "name = ?"),
                    {failures + 1, lock > 0 ? QVariant(nowMs + lock) : QVariant(QMetaType(QMetaType::LongLong)), name});
                !r.ok())
                return r.error();
            if (auto s = users.record(name, QStringLiteral("login-failed"), remote, nowMs); !s.ok())
                return s.error();
        }
        return loginFailed();
    }
    if (auto r = m_db.exec(QStringLiteral("UPDATE desk_users SET failed_logins = 0, locked_until_ms = NULL WHERE name "
                                          "= ?"),
                           {name});
        !r.ok())
        return r.error();
    Session session{randomToken(), randomToken(), *user.value(), nowMs, nowMs};
    if (auto r = m_db.exec(QStringLiteral("INSERT INTO desk_sessions (token_hash, user_name, csrf, created_ms, "
                                          "last_seen_ms) VALUES (?, ?, ?, ?, ?)"),
                           {tokenHash(session.token), name, session.csrf, nowMs, nowMs});
        !r.ok())
        return r.error();
    if (auto s = users.record(name, QStringLiteral("login"), remote, nowMs); !s.ok())
        return s.error();
    return session;
}

Result<DeskSessions::Session> DeskSessions::resume(const QString &token, qint64 nowMs) const
{
    const Error none{QStringLiteral("desk.no-session"), tr("Not logged in.")};
    if (!wellFormed(token))
        return none;
    const QByteArray hash = tokenHash(token);
    auto q = m_db.exec(QStringLiteral("SELECT s.user_name, s.csrf, s.created_ms, s.last_seen_ms, s.ended_ms, u.role, "
                                      "u.branch, u.created_ms, u.disabled_ms FROM desk_sessions s JOIN desk_users u ON "
                                      "u.name = s.user_name WHERE s.token_hash = ?"),
                       {hash});
    if (!q.ok())
        return q.error();
    QSqlQuery row = std::move(q).value();
    if (!row.next())
        return none;
    Session s;
    s.user.name = row.value(0).toString();
    s.csrf = row.value(1).toString();
    s.createdMs = row.value(2).toLongLong();
    s.lastSeenMs = row.value(3).toLongLong();
    const bool ended = !row.value(4).isNull();
    s.user.role = deskRoleFromKey(row.value(5).toString()).value_or(DeskUser::Role::Auditor);
    s.user.branch = row.value(6).toString();
    s.user.createdMs = row.value(7).toLongLong();
    if (!row.value(8).isNull())
        s.user.disabledMs = row.value(8).toLongLong();
    row.finish();
    if (ended || s.user.disabledMs || nowMs - s.lastSeenMs > m_options.idleMs ||
        nowMs - s.createdMs > m_options.lifetimeMs || nowMs < s.createdMs)
        return Error{QStringLiteral("desk.session-ended"), tr("The session has ended; log in again.")};
    if (auto r =
            m_db.exec(QStringLiteral("UPDATE desk_sessions SET last_seen_ms = ? WHERE token_hash = ?"), {nowMs, hash});
        !r.ok())
        return r.error();
    s.lastSeenMs = nowMs;
    return s;
}

bool DeskSessions::sameToken(const QString &expected, const QString &presented)
{
    const QByteArray a = expected.toLatin1();
    const QByteArray b = presented.toLatin1();
    unsigned char differ = a.size() == b.size() && !a.isEmpty() ? 0 : 1;
    for (qsizetype i = 0; i < qMin(a.size(), b.size()); ++i)
        differ |= static_cast<unsigned char>(a[i] ^ b[i]);
    return differ == 0;
}

Status DeskSessions::checkCsrf(const Session &session, const QString &presented)
{
    if (!sameToken(session.csrf, presented))
        return Error{QStringLiteral("desk.csrf"), tr("The form is stale or was not sent by the desk; reload it.")};
    return success();
}

Status DeskSessions::logout(const QString &token, qint64 nowMs) const
{
    if (!wellFormed(token))
        return success();
    const QByteArray hash = tokenHash(token);
    auto who = m_db.scalar(QStringLiteral("SELECT user_name FROM desk_sessions WHERE token_hash = ? AND ended_ms IS "
                                          "NULL"),
                           {hash});
    if (!who.ok())
        return who.error();
    if (!who.value().isValid())
        return success();
    if (auto r = m_db.exec(QStringLiteral("UPDATE desk_sessions SET ended_ms = ? WHERE token_hash = ?"), {nowMs, hash});
        !r.ok())
        return r.error();
    return DeskUsers(m_db).record(who.value().toString(), QStringLiteral("logout"), QString(), nowMs);
}

QString DeskSessions::newToken()
{
    return randomToken();
}
