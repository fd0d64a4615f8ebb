#include "deskpage.h"

#include <QDateTime>
#include <QLocale>
#include <QUrl>

#include "qrmatrix.h"

namespace DeskPage {

namespace {

QLocale locale(Lang lang)
{
    return lang == Lang::Zh ? QLocale(QLocale::Chinese, QLocale::China)
                            : QLocale(QLocale::English, QLocale::UnitedKingdom);
}

struct MenuItem
{
    const char *path;
    const char *zh;
    const char *en;
    bool cashier; ///< whether a cashier sees it (every other role sees every item)
};

constexpr MenuItem Menu[] = {
    {"/desk/day", "当日汇总", "Day", true},
    {"/desk/exceptions", "异常", "Exceptions", false},
    {"/desk/collectors", "收费员", "Collectors", false},
    {"/desk/cash", "交款", "Cash handed over", true},
    {"/desk/receipts", "收据查询", "Receipts", true},
    {"/desk/devices", "终端", "Devices", false},
};

/// The link to the other language, coming back to `back`.
QString languageSwitch(Lang current, const QString &back)
{
    const bool toChinese = current == Lang::En;
    return QStringLiteral("<a id=\"lang\" href=\"/desk/lang?to=%1&amp;back=%2\" lang=\"%3\">%4</a>")
        .arg(toChinese ? QStringLiteral("zh") : QStringLiteral("en"),
             QString::fromLatin1(QUrl::toPercentEncoding(back)),
             toChinese ? QStringLiteral("zh-CN") : QStringLiteral("en"),
             toChinese ? QStringLiteral("中文") : QStringLiteral("English"));
}

QString menu(const Frame &frame)
{
    QString out =
        QStringLiteral("<nav><a class=\"brand\" href=\"/desk\">%1</a>").arg(t(frame.lang, "收费中心", "Doorstep desk"));
    const bool cashier = frame.session->user.role == DeskUser::Role::Cashier;
    for (const MenuItem &item : Menu) {
        if (cashier && !item.cashier)
            continue;
        const QString path = QString::fromLatin1(item.path);
        out += QStringLiteral("<a href=\"%1\"%2>%3</a>")
                   .arg(path, frame.path.startsWith(path) ? QStringLiteral(" aria-current=\"page\"") : QString(),
                        t(frame.lang, item.zh, item.en));
    }
    out += languageSwitch(frame.lang, frame.path);
    const QString branch = frame.session->user.branch.isEmpty() ? t(frame.lang, "全部供电所", "every branch")
                                                                : escaped(frame.session->user.branch);
    out += QStringLiteral("<span id=\"who\" data-user=\"%1\">%1 · %2 · %3</span>"
                          "<form method=\"post\" action=\"/desk/logout\"><input type=\"hidden\" name=\"csrf\" "
                          "value=\"%4\"><button>%5</button></form></nav>")
               .arg(escaped(frame.session->user.name), roleName(frame.lang, frame.session->user.role), branch,
                    escaped(frame.session->csrf), t(frame.lang, "退出", "Log out"));
    return out;
}

QByteArray document(Lang lang, const QString &title, const QString &body)
{
    QString html;
    html.reserve(4096 + body.size());
    html += QStringLiteral("<!doctype html><html lang=\"%1\"><head><meta charset=\"utf-8\">"
                           "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                           "<meta name=\"referrer\" content=\"no-referrer\">"
                           "<link rel=\"stylesheet\" href=\"/desk/desk.css\"><title>")
                .arg(lang == Lang::Zh ? QStringLiteral("zh-CN") : QStringLiteral("en"));
    html += title;
    html += QStringLiteral("</title></head><body>");
    html += body;
    html += QStringLiteral("</body></html>");
    return html.toUtf8();
}

} // namespace

QString escaped(const QString &s)
{
    return s.toHtmlEscaped();
}

QString money(Lang lang, Money amount)
{
    const qint64 fen = amount.fen();
    // |fen| of the most negative value does not fit: spelled from its magnitude's parts instead.
    const quint64 magnitude = fen < 0 ? quint64(0) - quint64(fen) : quint64(fen);
    const QString yuan = locale(lang).toString(qulonglong(magnitude / 100));
    return QStringLiteral("%1¥%2.%3")
        .arg(fen < 0 ? QStringLiteral("-") : QString(), yuan)
        .arg(int(magnitude % 100), 2, 10, QLatin1Char('0'));
}

QString day(Lang lang, QDate d)
{
    return lang == Lang::Zh ? d.toString(QStringLiteral("yyyy年M月d日"))
                            : locale(lang).toString(d, QStringLiteral("d MMM yyyy"));
}

QString dateTime(Lang lang, qint64 ms, const QTimeZone &zone)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms, zone);
    return day(lang, at.date()) + QLatin1Char(' ') + at.toString(QStringLiteral("HH:mm"));
}

QString roleName(Lang lang, DeskUser::Role role)
{
    switch (role) {
    case DeskUser::Role::Supervisor:
        return t(lang, "稽查主管", "supervisor");
    case DeskUser::Role::Cashier:
        return t(lang, "收款员", "cashier");
    case DeskUser::Role::Auditor:
        return t(lang, "审计", "auditor");
    case DeskUser::Role::Admin:
        return t(lang, "管理员", "admin");
    }
    return {};
}

QString bar(qint64 value, qint64 max, const QString &label, int width)
{
    const int filled = max > 0 && value > 0 ? int(std::max<qint64>(1, value * width / max)) : 0;
    return QStringLiteral("<svg class=\"bar\" width=\"%1\" height=\"12\" role=\"img\" aria-label=\"%2\">"
                          "<rect width=\"%3\" height=\"12\" fill=\"#2f6f9f\"></rect></svg>")
        .arg(width)
        .arg(escaped(label))
        .arg(std::min(filled, width));
}

QByteArray page(const Frame &frame, const QString &title, const QString &content)
{
    return document(frame.lang, escaped(title) + QStringLiteral(" · ") + t(frame.lang, "收费中心", "Doorstep desk"),
                    menu(frame) + QStringLiteral("<main><h1>") + escaped(title) + QStringLiteral("</h1>") + content +
                        QStringLiteral("</main>"));
}

QByteArray login(Lang lang, const QString &loginToken, const QString &message, const QString &name)
{
    QString content = QStringLiteral("<main class=\"login\"><h1>%1</h1>").arg(t(lang, "收费中心", "Doorstep desk"));
    if (!message.isEmpty())
        content += QStringLiteral("<p id=\"message\" role=\"alert\">%1</p>").arg(escaped(message));
    content +=
        QStringLiteral("<form method=\"post\" action=\"/desk/login\">"
                       "<input type=\"hidden\" name=\"login_csrf\" value=\"%6\">"
                       "<p><label>%2<br><input name=\"name\" autocomplete=\"username\" "
                       "maxlength=\"64\" required value=\"%1\"></label></p>"
                       "<p><label>%3<br><input name=\"password\" type=\"password\" "
                       "autocomplete=\"current-password\" maxlength=\"256\" required></label></p>"
                       "<p><button>%4</button></p></form><p>%5</p></main>")
            .arg(escaped(name), t(lang, "用户名", "Name"), t(lang, "密码", "Password"), t(lang, "登录", "Log in"),
                 languageSwitch(lang, QStringLiteral("/desk/login")), escaped(loginToken));
    return document(lang, t(lang, "登录 · 收费中心", "Log in · Doorstep desk"), content);
}

QString qrSvg(const QByteArray &payload, const QString &label)
{
    const auto matrix = QrMatrix::encode(payload, 'M');
    if (!matrix.ok())
        return QString();
    const QrMatrix &qr = matrix.value();
    const int quiet = 4;
    const int side = qr.size() + 2 * quiet;
    QString path;
    for (int y = 0; y < qr.size(); ++y) {
        for (int x = 0; x < qr.size();) {
            if (!qr.dark(x, y)) {
                ++x;
                continue;
            }
            int run = 1; // a row's run of dark modules as one rectangle: a smaller page
            while (x + run < qr.size() && qr.dark(x + run, y))
                ++run;
            path += QStringLiteral("M%1 %2h%3v1h-%3z").arg(x + quiet).arg(y + quiet).arg(run);
            x += run;
        }
    }
    return QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %1 %1\" width=\"%2\" height=\"%2\" "
                          "role=\"img\" aria-label=\"%3\" shape-rendering=\"crispEdges\"><rect width=\"%1\" "
                          "height=\"%1\" fill=\"#fff\"/><path fill=\"#000\" d=\"%4\"/></svg>")
        .arg(side)
        .arg(side * 6)
        .arg(escaped(label), path);
}

QByteArray stylesheet()
{
    // Readable at 1366×768 and on a phone: the menu wraps, wide tables scroll on their own.
    return QByteArrayLiteral(
        "body{margin:0;font-family:\"Noto Sans CJK SC\",\"Noto Sans\",sans-serif;color:#1d2329;background:#f5f6f7}"
        "nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem;align-items:center;padding:.5rem 1rem;background:#1f3b57}"
        "nav a,nav span{color:#fff;text-decoration:none}nav a[aria-current]{text-decoration:underline}"
        "nav .brand{font-weight:bold}nav form{margin:0 0 0 auto}#who{opacity:.85}"
        "main{padding:1rem;max-width:72rem}main.login{max-width:22rem;margin:3rem auto}"
        "h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.4rem 0 .5rem}"
        ".scroll{overflow-x:auto}table{border-collapse:collapse;background:#fff;min-width:18rem}"
        "th,td{padding:.3rem .6rem;border-bottom:1px solid #dde1e5;text-align:left;vertical-align:top}"
        "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
        ".figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.8rem;max-width:60rem}"
        ".figure{background:#fff;padding:.6rem .9rem;border:1px solid #dde1e5}"
        ".figure b{display:block;font-size:1.3rem}form.filters{margin:0 0 .9rem}"
        "form.inline{display:inline}input,button,select{font:inherit}button{cursor:pointer}"
        ".qr svg{max-width:100%;height:auto}.enrolment dd{margin:0 0 .5rem}#enrol-code{font-size:1.4rem;"
        "letter-spacing:.1em}figcaption{font-family:monospace;font-size:.8rem;word-break:break-all;max-width:30rem}"
        "#message,.error{color:#a51d24}.note{color:#5b6670;font-size:.9rem}"
        "@media (max-width:40rem){main{padding:.6rem}nav form{margin-left:0}}");
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

namespace {

QByteArray cookieValue(const QByteArray &cookieHeader, const char *name)
{
    const QByteArray prefix = QByteArray(name) + '=';
    for (const QByteArray &part : cookieHeader.split(';')) {
        const QByteArray item = part.trimmed();
        if (item.startsWith(prefix))
            return item.mid(prefix.size());
    }
    return {};
}

QByteArray cookie(const char *name, const QByteArray &value, bool tls, const char *extra = "")
{
    return QByteArray(name) + '=' + value + "; Path=/desk; HttpOnly; SameSite=Strict" + extra + (tls ? "; Secure" : "");
}

} // namespace

QString sessionToken(const QByteArray &cookieHeader)
{
    return QString::fromLatin1(cookieValue(cookieHeader, CookieName));
}

QString loginToken(const QByteArray &cookieHeader)
{
    return QString::fromLatin1(cookieValue(cookieHeader, LoginCookieName));
}

Lang language(const QByteArray &cookieHeader)
{
    return cookieValue(cookieHeader, LangCookieName) == "en" ? Lang::En : Lang::Zh;
}

QByteArray sessionCookie(const QString &token, bool tls)
{
    return cookie(CookieName, token.toLatin1(), tls);
}

QByteArray endedCookie(bool tls)
{
    return cookie(CookieName, QByteArray(), tls, "; Max-Age=0");
}

QByteArray loginCookie(const QString &token, bool tls)
{
    return cookie(LoginCookieName, token.toLatin1(), tls, "; Max-Age=3600");
}

QByteArray languageCookie(Lang lang, bool tls)
{
    return cookie(LangCookieName, lang == Lang::En ? "en" : "zh", tls, "; Max-Age=31536000");
}

bool isDeskPath(const QString &path)
{
    if (path != QLatin1String("/desk") && !path.startsWith(QLatin1String("/desk/")) &&
        !path.startsWith(QLatin1String("/desk?")))
        return false;
    if (path.size() > 512 || path.contains(QLatin1String("//")) || path.contains(QLatin1Char('\\')))
        return false;
    return std::none_of(path.cbegin(), path.cend(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
}

QByteArray contentSecurityPolicy()
{
    return "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
}

} // namespace DeskPage
