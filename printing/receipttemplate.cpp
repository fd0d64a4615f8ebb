#include "receipttemplate.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace {

struct LabelText
{
    const char *key;
    const char *zh;
    const char *en;
};

// Receipt labels in both receipt languages. The receipt's language is the utility's choice in its
// template, independent of the language the app's screens use, so these are not tr() strings.
constexpr LabelText labelTable[] = {
    {"title.payment", "电费收费凭证", "PAYMENT RECEIPT"},
    {"title.void", "作废凭证", "VOID RECEIPT"},
    {"title.zreport", "收费日结单", "SHIFT Z-REPORT"},
    {"duplicate", "重打 DUPLICATE 第%1次", "DUPLICATE - PRINT #%1"},
    {"continued", "上次打印中断 续打", "CONTINUED - LAST PRINT CUT"},
    {"void", "作废 VOID", "VOID"},
    {"receiptNumber", "收据号", "Receipt"},
    {"dateTime", "时间", "Date"},
    {"collector", "收费员", "Collector"},
    {"accountNumber", "户号", "Account"},
    {"customerName", "户名", "Name"},
    {"address", "地址", "Address"},
    {"period", "账期", "Period"},
    {"principal", "本金", "Charge"},
    {"penalty", "违约金", "Penalty"},
    {"total", "合计", "Total"},
    {"method", "支付方式", "Paid by"},
    {"method.cash", "现金", "Cash"},
    {"method.card", "银行卡", "Bank card"},
    {"method.voucher", "充值券", "Voucher"},
    {"method.transfer", "银行转账", "Bank transfer"},
    {"reference", "凭证号", "Reference"},
    {"tendered", "实收", "Tendered"},
    {"change", "找零", "Change"},
    {"stillOwed", "尚欠", "Still owed"},
    {"prepaid", "预存", "Prepaid"},
    {"hotline", "服务热线", "Hotline"},
    {"voided", "原收据号", "Voids receipt"},
    {"voidAmount", "作废金额", "Amount voided"},
    {"reason", "原因", "Reason"},
    {"supervisor", "审批人", "Approved by"},
    {"z.number", "日结单号", "Report no."},
    {"z.opened", "开班", "Opened"},
    {"z.closed", "结班", "Closed"},
    {"z.payments", "收费笔数", "Payments"},
    {"z.total", "收费合计", "Total collected"},
    {"z.penalty", "其中违约金", "of which penalty"},
    {"z.prepaid", "其中预存", "of which prepaid"},
    {"z.voids", "作废笔数", "Voids"},
    {"z.voidTotal", "作废金额", "Voided amount"},
    {"z.visits", "未缴走访", "Visits, not paid"},
    {"z.printed", "打印凭证", "Receipts printed"},
    {"z.reprints", "重打凭证", "Reprints"},
    {"z.float", "备用金", "Opening float"},
    {"z.expected", "应交现金", "Cash expected"},
    {"z.earlierCount", "此前清点", "Earlier count"},
    {"z.counted", "实点现金", "Cash counted"},
    {"z.difference", "差额", "Difference"},
    {"z.supervisor", "复核人", "Checked by"},
    {"z.everPaid", "累计收费", "All-time payments"},
    {"z.everVoided", "累计作废", "All-time voids"},
};

struct FieldKey
{
    const char *key;
    ReceiptTemplate::Field field;
};

constexpr FieldKey fieldKeys[] = {
    {"receiptNumber", ReceiptTemplate::Field::ReceiptNumber},
    {"dateTime", ReceiptTemplate::Field::DateTime},
    {"collector", ReceiptTemplate::Field::Collector},
    {"accountNumber", ReceiptTemplate::Field::AccountNumber},
    {"customerName", ReceiptTemplate::Field::CustomerName},
    {"address", ReceiptTemplate::Field::Address},
    {"bills", ReceiptTemplate::Field::Bills},
    {"method", ReceiptTemplate::Field::Method},
    {"tendered", ReceiptTemplate::Field::Tendered},
    {"change", ReceiptTemplate::Field::Change},
    {"balance", ReceiptTemplate::Field::Balance},
    {"hotline", ReceiptTemplate::Field::Hotline},
    {"qr", ReceiptTemplate::Field::Qr},
};

Error templateError(const QString &code, const QString &message)
{
    return Error{QStringLiteral("printing.template.") + code, message};
}

Error typeError(const QString &key, const char *expected)
{
    return templateError(QStringLiteral("type"),
                         QCoreApplication::translate("ReceiptTemplate", "Receipt template: \"%1\" must be %2.")
                             .arg(key, QCoreApplication::translate("ReceiptTemplate", expected)));
}

Error valueError(const QString &key, const QString &value)
{
    return templateError(
        QStringLiteral("value"),
        QCoreApplication::translate("ReceiptTemplate", "Receipt template: \"%1\" cannot be \"%2\".").arg(key, value));
}

Status checkKeys(const QJsonObject &object, const QString &where, const QStringList &allowed)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!allowed.contains(it.key())) {
            const QString path = where.isEmpty() ? it.key() : where + QLatin1Char('.') + it.key();
            return templateError(
                QStringLiteral("unknown-key"),
                QCoreApplication::translate("ReceiptTemplate", "Receipt template: unknown setting \"%1\" (a typo?).")
                    .arg(path));
        }
    }
    return success();
}

Status checkPlaceholders(const QString &text, const QString &key)
{
    static const QStringList known = {QStringLiteral("{utility}"), QStringLiteral("{branch}"),
                                      QStringLiteral("{hotline}"), QStringLiteral("{collector}")};
    qsizetype from = 0;
    while ((from = text.indexOf(QLatin1Char('{'), from)) >= 0) {
        const qsizetype end = text.indexOf(QLatin1Char('}'), from);
        const QString placeholder = end < 0 ? text.mid(from) : text.mid(from, end - from + 1);
        if (!known.contains(placeholder))
            return valueError(key, placeholder);
        from = end < 0 ? text.size() : end + 1;
    }
    return success();
}

Result<QList<ReceiptTemplate::Line>> readLines(const QJsonValue &value, const QString &key)
{
    if (!value.isArray())
        return typeError(key, QT_TRANSLATE_NOOP("ReceiptTemplate", "a list of lines"));
    QList<ReceiptTemplate::Line> lines;
    const QJsonArray array = value.toArray();
    if (array.size() > 20)
        return valueError(key, QCoreApplication::translate("ReceiptTemplate", "more than 20 lines"));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemKey = key + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
        ReceiptTemplate::Line line;
        const QJsonValue item = array.at(i);
        if (item.isString()) {
            line.text = item.toString();
        } else if (item.isObject()) {
            const QJsonObject o = item.toObject();
            if (Status s = checkKeys(
                    o, itemKey,
                    {QStringLiteral("text"), QStringLiteral("align"), QStringLiteral("bold"), QStringLiteral("large")});
                !s)
                return s.error();
            if (!o.value(QLatin1String("text")).isString())
                return typeError(itemKey + QLatin1String(".text"), QT_TRANSLATE_NOOP("ReceiptTemplate", "text"));
            line.text = o.value(QLatin1String("text")).toString();
            const QJsonValue align = o.value(QLatin1String("align"));
            if (!align.isUndefined()) {
                const QString a = align.toString();
                if (a == QLatin1String("left"))
                    line.align = ReceiptTemplate::Align::Left;
                else if (a == QLatin1String("center"))
                    line.align = ReceiptTemplate::Align::Center;
                else if (a == QLatin1String("right"))
                    line.align = ReceiptTemplate::Align::Right;
                else
                    return valueError(itemKey + QLatin1String(".align"), a);
            }
            for (const char *flag : {"bold", "large"}) {
                const QJsonValue v = o.value(QLatin1String(flag));
                if (v.isUndefined())
                    continue;
                if (!v.isBool())
                    return typeError(itemKey + QLatin1Char('.') + QLatin1String(flag),
                                     QT_TRANSLATE_NOOP("ReceiptTemplate", "true or false"));
                (qstrcmp(flag, "bold") == 0 ? line.bold : line.large) = v.toBool();
            }
        } else {
            return typeError(itemKey, QT_TRANSLATE_NOOP("ReceiptTemplate", "text or a line object"));
        }
        if (line.text.size() > 200)
            return valueError(itemKey, QCoreApplication::translate("ReceiptTemplate", "longer than 200 characters"));
        if (Status s = checkPlaceholders(line.text, itemKey); !s)
            return s.error();
        lines.append(line);
    }
    return lines;
}

} // namespace

ReceiptTemplate::ReceiptTemplate()
{
    // Mirrors templates/default.json; tst_receipttemplate checks the two agree.
    m_header = {Line{QStringLiteral("{utility}"), Align::Center, true, true},
                Line{QStringLiteral("{branch}"), Align::Center, false, false}};
    m_footer = {Line{QStringLiteral("请妥善保管本凭证"), Align::Center, false, false},
                Line{QStringLiteral("服务热线 {hotline}"), Align::Center, false, false}};
    for (const FieldKey &f : fieldKeys) {
        if (f.field != Field::Hotline) // the default footer already carries the hotline
            m_shown.insert(f.field);
    }
}

void ReceiptTemplate::setShown(Field f, bool shown)
{
    if (shown)
        m_shown.insert(f);
    else
        m_shown.remove(f);
}

QStringList ReceiptTemplate::labelKeys()
{
    QStringList keys;
    for (const LabelText &l : labelTable)
        keys.append(QLatin1String(l.key));
    return keys;
}

QString ReceiptTemplate::label(const QString &key) const
{
    if (const auto it = m_labels.find(key); it != m_labels.end())
        return it.value();
    for (const LabelText &l : labelTable) {
        if (key == QLatin1String(l.key))
            return QString::fromUtf8(m_language == Language::Zh ? l.zh : l.en);
    }
    return key;
}

Result<ReceiptTemplate> ReceiptTemplate::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return templateError(
            QStringLiteral("syntax"),
            QCoreApplication::translate("ReceiptTemplate", "The receipt template is not valid JSON (%1 at byte %2).")
                .arg(parseError.errorString())
                .arg(parseError.offset));
    }
    if (!doc.isObject())
        return typeError(QStringLiteral("(top level)"), QT_TRANSLATE_NOOP("ReceiptTemplate", "an object"));
    const QJsonObject o = doc.object();
    if (Status s = checkKeys(o, QString(),
                             {QStringLiteral("version"), QStringLiteral("language"), QStringLiteral("paperWidthMm"),
                              QStringLiteral("header"), QStringLiteral("footer"), QStringLiteral("fields"),
                              QStringLiteral("nameMask"), QStringLiteral("maskChar"), QStringLiteral("qr"),
                              QStringLiteral("labels"), QStringLiteral("feedLines")});
        !s)
        return s.error();

    const QJsonValue version = o.value(QLatin1String("version"));
    if (!version.isDouble() || version.toDouble() != 1.0)
        return valueError(QStringLiteral("version"),
                          version.isDouble() ? QString::number(version.toInt()) : QStringLiteral("?"));

    ReceiptTemplate t;
    const QJsonValue language = o.value(QLatin1String("language"));
    if (!language.isUndefined()) {
        if (language.toString() == QLatin1String("zh"))
            t.m_language = Language::Zh;
        else if (language.toString() == QLatin1String("en"))
            t.m_language = Language::En;
        else
            return valueError(QStringLiteral("language"), language.toString());
    }
    const QJsonValue width = o.value(QLatin1String("paperWidthMm"));
    if (!width.isUndefined()) {
        if (!width.isDouble())
            return typeError(QStringLiteral("paperWidthMm"), QT_TRANSLATE_NOOP("ReceiptTemplate", "0, 58 or 80"));
        const int mm = width.toInt(-1);
        if (mm != 0 && mm != 58 && mm != 80)
            return valueError(QStringLiteral("paperWidthMm"), QString::number(width.toDouble()));
        t.m_paperWidthMm = mm;
    }
    for (const char *which : {"header", "footer"}) {
        const QJsonValue v = o.value(QLatin1String(which));
        if (v.isUndefined())
            continue;
        Result<QList<Line>> lines = readLines(v, QLatin1String(which));
        if (!lines)
            return lines.error();
        (qstrcmp(which, "header") == 0 ? t.m_header : t.m_footer) = lines.value();
    }
    const QJsonValue fields = o.value(QLatin1String("fields"));
    if (!fields.isUndefined()) {
        if (!fields.isObject())
            return typeError(QStringLiteral("fields"), QT_TRANSLATE_NOOP("ReceiptTemplate", "an object of true/false"));
        const QJsonObject f = fields.toObject();
        QStringList allowed;
        for (const FieldKey &k : fieldKeys)
            allowed.append(QLatin1String(k.key));
        if (Status s = checkKeys(f, QStringLiteral("fields"), allowed); !s)
            return s.error();
        for (const FieldKey &k : fieldKeys) {
            const QJsonValue v = f.value(QLatin1String(k.key));
            if (v.isUndefined())
                continue;
            if (!v.isBool())
                return typeError(QStringLiteral("fields.") + QLatin1String(k.key),
                                 QT_TRANSLATE_NOOP("ReceiptTemplate", "true or false"));
            t.setShown(k.field, v.toBool());
        }
    }
    const QJsonValue mask = o.value(QLatin1String("nameMask"));
    if (!mask.isUndefined()) {
        const QString m = mask.toString();
        if (m == QLatin1String("none"))
            t.m_nameMask = NameMask::None;
        else if (m == QLatin1String("middle"))
            t.m_nameMask = NameMask::Middle;
        else if (m == QLatin1String("keep-first"))
            t.m_nameMask = NameMask::KeepFirst;
        else if (m == QLatin1String("all"))
            t.m_nameMask = NameMask::All;
        else
            return valueError(QStringLiteral("nameMask"), mask.isString() ? m : QStringLiteral("?"));
    }
    const QJsonValue maskChar = o.value(QLatin1String("maskChar"));
    if (!maskChar.isUndefined()) {
        const QString c = maskChar.toString();
        // One printable character; ASCII or a CJK symbol, never a control character.
        if (c.size() != 1 || c.at(0).unicode() < 0x20 || c.at(0).isSurrogate() ||
            c.at(0).category() == QChar::Other_Control)
            return valueError(QStringLiteral("maskChar"), c);
        t.m_maskChar = c.at(0);
    }
    const QJsonValue qr = o.value(QLatin1String("qr"));
    if (!qr.isUndefined()) {
        if (!qr.isObject())
            return typeError(QStringLiteral("qr"), QT_TRANSLATE_NOOP("ReceiptTemplate", "an object"));
        const QJsonObject q = qr.toObject();
        if (Status s = checkKeys(q, QStringLiteral("qr"), {QStringLiteral("moduleSize"), QStringLiteral("errorLevel")});
            !s)
            return s.error();
        const QJsonValue size = q.value(QLatin1String("moduleSize"));
        if (!size.isUndefined()) {
            const int n = size.toInt(-1);
            if (!size.isDouble() || n < 0 || n > 16 || double(n) != size.toDouble())
                return valueError(QStringLiteral("qr.moduleSize"), QString::number(size.toDouble()));
            t.m_qrModuleSize = n;
        }
        const QJsonValue level = q.value(QLatin1String("errorLevel"));
        if (!level.isUndefined()) {
            const QString l = level.toString();
            if (l.size() != 1 || !QStringLiteral("LMQH").contains(l))
                return valueError(QStringLiteral("qr.errorLevel"), l);
            t.m_qrErrorLevel = char(l.at(0).unicode());
        }
    }
    const QJsonValue labels = o.value(QLatin1String("labels"));
    if (!labels.isUndefined()) {
        if (!labels.isObject())
            return typeError(QStringLiteral("labels"), QT_TRANSLATE_NOOP("ReceiptTemplate", "an object of texts"));
        const QJsonObject l = labels.toObject();
        if (Status s = checkKeys(l, QStringLiteral("labels"), labelKeys()); !s)
            return s.error();
        for (auto it = l.begin(); it != l.end(); ++it) {
            if (!it.value().isString() || it.value().toString().size() > 40)
                return typeError(QStringLiteral("labels.") + it.key(),
                                 QT_TRANSLATE_NOOP("ReceiptTemplate", "a text of at most 40 characters"));
            t.m_labels.insert(it.key(), it.value().toString());
        }
    }
    const QJsonValue feed = o.value(QLatin1String("feedLines"));
    if (!feed.isUndefined()) {
        const int n = feed.toInt(-1);
        if (!feed.isDouble() || n < 0 || n > 10 || double(n) != feed.toDouble())
            return valueError(QStringLiteral("feedLines"), QString::number(feed.toDouble()));
        t.m_feedLines = n;
    }
    return t;
}

Result<ReceiptTemplate> ReceiptTemplate::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return templateError(
            QStringLiteral("unreadable"),
            QCoreApplication::translate("ReceiptTemplate", "The receipt template %1 cannot be read: %2")
                .arg(path, file.errorString()));
    }
    if (file.size() > qint64(256) * 1024) {
        return templateError(
            QStringLiteral("too-large"),
            QCoreApplication::translate("ReceiptTemplate", "The receipt template %1 is too large.").arg(path));
    }
    return fromJson(file.readAll());
}

ReceiptTemplate ReceiptTemplate::builtIn(Language language)
{
    const QString path = language == Language::Zh ? QStringLiteral(":/doorstep/printing/templates/default.json")
                                                  : QStringLiteral(":/doorstep/printing/templates/default-en.json");
    Result<ReceiptTemplate> t = load(path);
    if (t)
        return t.value();
    // The resource is compiled in and tested; this is only reached if it was not linked.
    ReceiptTemplate fallback;
    fallback.m_language = language;
    return fallback;
}
