#include "verifypage.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QUrlQuery>

#include "money.h"

namespace VerifyPage {

namespace {

// Fills the form from the address's fragment and posts it, once: the answer's address has none.
constexpr char Script[] = "var h=location.hash.slice(1),f=document.forms[0];"
                          "if(h&&!document.getElementById('verdict')){f.code.value=h;"
                          "history.replaceState(null,'',location.pathname);f.submit();}";

constexpr char Style[] =
    "body{font:16px/1.5 system-ui,'Noto Sans CJK SC',sans-serif;margin:0;background:#f4f4f1;color:#1b1b1b}"
    "main{max-width:34rem;margin:0 auto;padding:1rem}h1{font-size:1.3rem;margin:.2rem 0 1rem}"
    "h1 span{display:block;font-size:.95rem;font-weight:400;color:#555}"
    "#verdict{border-radius:.4rem;padding:.8rem 1rem;margin-bottom:1rem;border:2px solid}"
    ".good{background:#e8f5e9;border-color:#2e7d32}.warn{background:#fff8e1;border-color:#b26a00}"
    ".bad{background:#fdecea;border-color:#c62828}#verdict p{margin:.1rem 0}.zh{font-size:1.2rem;font-weight:700}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.6rem 0 0}dt{color:#555}"
    "dd{margin:0;overflow-wrap:anywhere}textarea{width:100%;box-sizing:border-box;font:14px monospace}"
    "button{font-size:1.1rem;padding:.5rem 1.5rem;margin-top:.5rem}.small{font-size:.85rem;color:#555}";

struct Headline
{
    const char *tone; ///< good, warn, bad
    const char *zh;
    const char *en;
};

Headline headline(ReceiptVerdict::Status status, ReceiptCode::Kind kind)
{
    const bool slip = kind == ReceiptCode::Kind::Void;
    switch (status) {
    case ReceiptVerdict::Status::Recorded:
        return slip ? Headline{"good", "真实作废单，中心已记录", "Genuine void slip, recorded at the center"}
                    : Headline{"good", "真实收据，中心已记录", "Genuine receipt, recorded at the center"};
    case ReceiptVerdict::Status::NotYetSynced:
        return {"good", "真实凭证，终端尚未上传到中心", "Genuine; the terminal has not uploaded it to the center yet"};
    case ReceiptVerdict::Status::Voided:
        return {"warn", "此收据已作废", "This receipt was VOIDED"};
    case ReceiptVerdict::Status::Reversed:
        return {"warn", "此收据已被中心冲正", "This receipt was REVERSED at the center"};
    case ReceiptVerdict::Status::Missing:
        return {"bad", "警告：真实凭证，但中心没有记录，已通知稽查",
                "ALARM: genuine, yet missing at the center although the terminal has synced past it. The "
                "utility has been alerted."};
    case ReceiptVerdict::Status::Mismatch:
        return {"bad", "警告：凭证与终端账目不符，已通知稽查",
                "ALARM: the terminal's journal says otherwise. The utility has been alerted."};
    case ReceiptVerdict::Status::Forged:
        break;
    }
    return {"bad", "伪造：不是本单位终端签发的凭证", "FORGED: no terminal of this utility signed it"};
}

QString escaped(const QString &s)
{
    return s.toHtmlEscaped();
}

QString row(const char *zh, const char *en, const QString &value)
{
    return QStringLiteral("<dt>%1 %2</dt><dd>%3</dd>")
        .arg(QString::fromUtf8(zh), QString::fromUtf8(en).toHtmlEscaped(), escaped(value));
}

QByteArray page(const QString &top, const QString &code)
{
    QString html;
    html.reserve(4096);
    html += QStringLiteral("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                           "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                           "<meta name=\"referrer\" content=\"no-referrer\">"
                           "<title>收据验证 · Receipt check</title><style>");
    html += QString::fromUtf8(Style);
    html += QStringLiteral("</style></head><body><main><h1>收据验证<span>Receipt check</span></h1>");
    html += top;
    html += QStringLiteral("<form method=\"post\"><label for=\"code\">扫描收据上的二维码，或粘贴其内容 · Scan the "
                           "receipt's QR code, or paste what it says</label>"
                           "<textarea id=\"code\" name=\"code\" rows=\"4\" maxlength=\"600\" autocomplete=\"off\" "
                           "spellcheck=\"false\">");
    html += escaped(code);
    html += QStringLiteral("</textarea><button type=\"submit\">验证 Verify</button></form>"
                           "<p class=\"small\">收据由收费终端的密钥签名，本页核对签名和中心的账目；不显示收据以外的"
                           "个人信息。 · Each receipt is signed by the key of the terminal that printed it; this page "
                           "checks that signature and the center's journal, and shows nothing the receipt does not.</p>"
                           "</main><script>");
    html += QString::fromUtf8(Script);
    html += QStringLiteral("</script></body></html>");
    return html.toUtf8();
}

} // namespace

QByteArray form()
{
    return page(QString(), QString());
}

QByteArray verdict(const ReceiptVerdict &verdict, const ReceiptCode &code, const QTimeZone &zone)
{
    const Headline h = headline(verdict.status, code.kind);
    const auto time = [&zone](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, zone).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    };
    QString top =
        QStringLiteral("<section id=\"verdict\" class=\"%1\" data-status=\"%2\"><p class=\"zh\">%3</p><p>%4</p>")
            .arg(QLatin1String(h.tone), ReceiptVerdict::key(verdict.status), QString::fromUtf8(h.zh),
                 escaped(QString::fromUtf8(h.en)));
    // What the receipt itself shows, and nothing else; a forged code names no terminal of ours.
    top += QStringLiteral("<dl>");
    top +=
        row("凭证", "Document",
            code.kind == ReceiptCode::Kind::Void ? QStringLiteral("作废单 void slip") : QStringLiteral("收据 receipt"));
    if (verdict.genuine()) {
        top += row("终端", "Terminal", verdict.deviceId);
        top += row("流水号", "Entry", QString::number(code.seq));
    }
    top += row("时间", "Time", time(code.timeMs));
    top += row("户号", "Account", code.account);
    top += row("金额", "Amount", Money::fromFen(code.amountFen).format(QLocale(QLocale::Chinese, QLocale::China)));
    if (verdict.status == ReceiptVerdict::Status::NotYetSynced)
        top += row("终端上次同步", "Terminal last synced",
                   verdict.lastSyncMs ? time(*verdict.lastSyncMs) : QStringLiteral("从未 never"));
    top += QStringLiteral("</dl></section>");
    return page(top, QString());
}

QByteArray refusal(const QString &message, const QString &submitted)
{
    return page(QStringLiteral("<section id=\"verdict\" class=\"bad\" data-status=\"malformed\"><p class=\"zh\">"
                               "无法识别的凭证码</p><p>%1</p></section>")
                    .arg(escaped(message)),
                submitted.left(600));
}

std::optional<QString> codeFromForm(const QByteArray &body)
{
    if (body.size() > MaxFormBytes)
        return std::nullopt;
    // Form encoding writes a space as '+': make it a %20 before QUrlQuery decodes the rest.
    QByteArray plain = body;
    plain.replace('+', "%20");
    const QUrlQuery query(QString::fromLatin1(plain));
    const QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyDecoded);
    std::optional<QString> code;
    for (const auto &[name, value] : items) {
        if (name != QLatin1String("code"))
            continue;
        if (code)
            return std::nullopt; // two codes: which one would the answer be about?
        code = value.trimmed();
    }
    return code;
}

QByteArray contentSecurityPolicy()
{
    static const QByteArray policy =
        "default-src 'none'; style-src 'sha256-" +
        QCryptographicHash::hash(QByteArray(Style), QCryptographicHash::Sha256).toBase64() + "'; script-src 'sha256-" +
        QCryptographicHash::hash(QByteArray(Script), QCryptographicHash::Sha256).toBase64() +
        "'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    return policy;
}

} // namespace VerifyPage
