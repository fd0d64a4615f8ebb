#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

#include "desksessions.h"

/**
 * The web desk's pages and what it reads from requests (issue 18). The desk is for people on the
 * branch intranet: plain HTML in Chinese and English, no script, no style or font from elsewhere
 * (its Content-Security-Policy allows nothing but forms posting back to it). This first part is
 * the door: the login form and the page a logged-in user lands on, with the logout form carrying
 * the session's CSRF token.
 */
namespace DeskPage {

inline constexpr qsizetype MaxFormBytes = 4096;
inline constexpr char CookieName[] = "doorstep_desk";

[[nodiscard]] QByteArray login(const QString &message = QString(), const QString &name = QString());
[[nodiscard]] QByteArray home(const DeskSessions::Session &session);

/// The fields of an application/x-www-form-urlencoded body: only `allowed` names, each at most
/// once, the whole at most MaxFormBytes, values valid UTF-8; nothing for anything else.
[[nodiscard]] std::optional<QHash<QString, QString>> formFields(const QByteArray &body, const QStringList &allowed);
/// The session token in a Cookie header ("" when there is none).
[[nodiscard]] QString sessionToken(const QByteArray &cookieHeader);
/// Set-Cookie for a session (HttpOnly, SameSite=Strict, Path=/desk, Secure with TLS), or to end it.
[[nodiscard]] QByteArray sessionCookie(const QString &token, bool tls);
[[nodiscard]] QByteArray endedCookie(bool tls);
[[nodiscard]] QByteArray contentSecurityPolicy();

} // namespace DeskPage
