#include "deskpage.h"

#include <QUrlQuery>

namespace DeskPage {

namespace {

QString escaped(const QString &s)
{
    return s.toHtmlEscaped();
}

QByteArray page(const QString &title, const QString &content)
{
    QString html;
    html.reserve(2048);
    html += QStringLiteral("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                           "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                           "<meta name=\"referrer\" content=\"no-referrer\"><title>");
    html += title;
    html += QStringLiteral("</title></head><body><main>");
    html += content;
    html += QStringLiteral("</main></body></html>");
    return html.toUtf8();
}

QString roleName(DeskUser::Role role)
{
    switch (role) {
    case DeskUser::Role::Supervisor:
        return QStringLiteral("稽查主管 · supervisor");
    case DeskUser::Role::Cashier:
        return QStringLiteral("收款员 · cashier");
    case DeskUser::Role::Auditor:
        return QStringLiteral("审计 · auditor");
    case DeskUser::Role::Admin:
        return QStringLiteral("管理员 · admin");
    }
    return {};
}

} // namespace

QByteArray login(const QString &message, const QString &name)
{
    QString content = QStringLiteral("<h1>收费中心 · Doorstep desk</h1>");
    if (!message.isEmpty())
        content += QStringLiteral("<p id=\"message\" role=\"alert\">%1</p>").arg(escaped(message));
    content += QStringLiteral("<form method=\"post\" action=\"/desk/login\">"
                              "<p><label>用户名 · Name<br><input name=\"name\" autocomplete=\"username\" "
                              "maxlength=\"64\" required value=\"%1\"></label></p>"
                              "<p><label>密码 · Password<br><input name=\"password\" type=\"password\" "
                              "autocomplete=\"current-password\" maxlength=\"256\" required></label></p>"
                              "<p><button>登录 · Log in</button></p></form>")
                   .arg(escaped(name));
    return page(QStringLiteral("登录 · Log in"), content);
}

QByteArray home(const DeskSessions::Session &session)
{
    const QString branch =
        session.user.branch.isEmpty() ? QStringLiteral("全部 · every branch") : escaped(session.user.branch);
    const QString content =
        QStringLiteral("<h1>收费中心 · Doorstep desk</h1>"
                       "<p id=\"who\" data-user=\"%1\">%1 — %2 — 供电所 · branch %3</p>"
                       "<form method=\"post\" action=\"/desk/logout\"><input type=\"hidden\" name=\"csrf\" "
                       "value=\"%4\"><button>退出 · Log out</button></form>")
            .arg(escaped(session.user.name), roleName(session.user.role), branch, escaped(session.csrf));
    return page(QStringLiteral("收费中心 · Doorstep desk"), content);
}

std::optional<QHash<QString, QString>> formFields(const QByteArray &body, const QStringList &allowed)
{
    if (body.size() > MaxFormBytes)
        return std::nullopt;
    QHash<QString, QString> fields;
    if (body.isEmpty())
        return fields;
    for (const QByteArray &pair : body.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        if (eq <= 0)
            return std::nullopt;
        QByteArray key = pair.left(eq);
        QByteArray value = pair.mid(eq + 1);
        key.replace('+', ' ');
        value.replace('+', ' ');
        const QByteArray rawKey = QByteArray::fromPercentEncoding(key);
        const QByteArray rawValue = QByteArray::fromPercentEncoding(value);
        const QString name = QString::fromUtf8(rawKey);
        const QString text = QString::fromUtf8(rawValue);
        // Not UTF-8 (the replacement character stands for what did not decode): refused.
        if (name.toUtf8() != rawKey || text.toUtf8() != rawValue)
            return std::nullopt;
        if (!allowed.contains(name) || fields.contains(name))
            return std::nullopt;
        fields.insert(name, text);
    }
    return fields;
}

QString sessionToken(const QByteArray &cookieHeader)
{
    for (const QByteArray &part : cookieHeader.split(';')) {
        const QByteArray item = part.trimmed();
        const QByteArray prefix = QByteArray(CookieName) + '=';
        if (item.startsWith(prefix))
            return QString::fromLatin1(item.mid(prefix.size()));
    }
    return {};
}

QByteArray sessionCookie(const QString &token, bool tls)
{
    return QByteArray(CookieName) + '=' + token.toLatin1() + "; Path=/desk; HttpOnly; SameSite=Strict" +
           (tls ? "; Secure" : "");
}

QByteArray endedCookie(bool tls)
{
    return QByteArray(CookieName) + "=; Path=/desk; HttpOnly; SameSite=Strict; Max-Age=0" + (tls ? "; Secure" : "");
}

QByteArray contentSecurityPolicy()
{
    return "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
}

} // namespace DeskPage
