#pragma once

#include <QByteArray>
#include <QDate>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <optional>

#include "desksessions.h"
#include "money.h"

/**
 * The web desk's frame and what it reads from requests (issue 18). The desk is for people on the
 * branch intranet: plain HTML in Chinese or English (the user's choice, kept in a cookie), one
 * stylesheet served by the center itself, no script, nothing from elsewhere (its
 * Content-Security-Policy allows the desk's own stylesheet and forms posting back to it, nothing
 * more). Every page but the login form is drawn inside frame(): the menu for the user's role, the
 * language switch and the logout form with the session's CSRF token.
 */
namespace DeskPage {

inline constexpr qsizetype MaxFormBytes = 4096;
inline constexpr char CookieName[] = "doorstep_desk";
inline constexpr char LangCookieName[] = "doorstep_desk_lang";
/// Before a session: a random token in this cookie and in the login form, which must match (a
/// login another site's page sends cannot carry it: login CSRF).
inline constexpr char LoginCookieName[] = "doorstep_desk_login";

enum class Lang { Zh, En };

/// One phrase in the page's language.
[[nodiscard]] inline QString t(Lang lang, const char *zh, const char *en)
{
    return lang == Lang::Zh ? QString::fromUtf8(zh) : QString::fromUtf8(en);
}
[[nodiscard]] QString escaped(const QString &s);
/// Money as the locale writes it: "¥1,234.50" (fen exact, never through a double).
[[nodiscard]] QString money(Lang lang, Money amount);
[[nodiscard]] QString day(Lang lang, QDate d);
[[nodiscard]] QString dateTime(Lang lang, qint64 ms, const QTimeZone &zone);
[[nodiscard]] QString roleName(Lang lang, DeskUser::Role role);
/// `payload` as a QR code in inline SVG (black modules on white, a four-module quiet zone),
/// labelled for screen readers; an empty string when it does not fit a QR code.
[[nodiscard]] QString qrSvg(const QByteArray &payload, const QString &label);
/// A bar for a chart: `value` of `max` as an inline SVG `width` pixels wide (no style attribute:
/// the policy allows none), with the figure as its accessible name.
[[nodiscard]] QString bar(qint64 value, qint64 max, const QString &label, int width = 160);

/// What every page of a session shows around its content.
struct Frame
{
    Lang lang = Lang::Zh;
    const DeskSessions::Session *session = nullptr;
    QString path; ///< this page's path and query, where the language switch comes back to
};

[[nodiscard]] QByteArray page(const Frame &frame, const QString &title, const QString &content);
[[nodiscard]] QByteArray login(Lang lang, const QString &loginToken, const QString &message = QString(),
                               const QString &name = QString());
[[nodiscard]] QByteArray stylesheet();

/// The fields of an application/x-www-form-urlencoded body: only `allowed` names, each at most
/// once, the whole at most MaxFormBytes, values valid UTF-8; nothing for anything else.
[[nodiscard]] std::optional<QHash<QString, QString>> formFields(const QByteArray &body, const QStringList &allowed);
/// The session token in a Cookie header ("" when there is none).
[[nodiscard]] QString sessionToken(const QByteArray &cookieHeader);
/// The login form's token in a Cookie header ("" when there is none).
[[nodiscard]] QString loginToken(const QByteArray &cookieHeader);
/// The language a Cookie header chose (Chinese when none did).
[[nodiscard]] Lang language(const QByteArray &cookieHeader);
/// Set-Cookie for a session (HttpOnly, SameSite=Strict, Path=/desk, Secure with TLS), or to end it.
[[nodiscard]] QByteArray sessionCookie(const QString &token, bool tls);
[[nodiscard]] QByteArray endedCookie(bool tls);
[[nodiscard]] QByteArray languageCookie(Lang lang, bool tls);
[[nodiscard]] QByteArray loginCookie(const QString &token, bool tls);
/// Whether `path` is a desk page to come back to after a language switch: "/desk" or under it,
/// no scheme, host, backslash or control character (never a way to send a user elsewhere).
[[nodiscard]] bool isDeskPath(const QString &path);
[[nodiscard]] QByteArray contentSecurityPolicy();

} // namespace DeskPage
