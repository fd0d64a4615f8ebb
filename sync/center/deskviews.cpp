#include "deskviews.h"

#include <QUrl>

#include <algorithm>

namespace DeskViews {

using DeskPage::escaped;
using DeskPage::t;

namespace {

struct KeyName
{
    const char *key;
    const char *zh;
    const char *en;
};

constexpr KeyName KeyNames[] = {
    {"cash", "现金", "Cash"},
    {"bank-card", "银行卡", "Bank card"},
    {"voucher", "充值券", "Recharge voucher"},
    {"bank-transfer", "转账", "Bank transfer"},
    {"not-home", "无人在家", "Nobody at home"},
    {"refused", "拒缴", "Refused"},
    {"promised-to-pay", "承诺缴费", "Promised to pay"},
    {"disconnection-notice", "停电通知已送达", "Disconnection notice delivered"},
    {"meter-problem", "表计问题", "Meter problem"},
    {"note", "备注", "Note"},
    {"overpayment", "多缴", "Overpayment"},
    {"paid-elsewhere", "已在别处缴费", "Paid elsewhere"},
    {"unknown-account", "未知户号", "Unknown account"},
    {"void", "作废", "Void"},
    {"tampering", "篡改", "Tampering"},
    {"frozen", "终端冻结", "Device frozen"},
    {"not-synced", "未按时同步", "Not synced"},
    {"payment", "收费", "Payment"},
    {"receipt-printed", "打印收据", "Receipt printed"},
    {"active", "正常", "Active"},
    {"locked", "已锁定", "Locked"},
    {"wiped", "已清除", "Wiped"},
};

QString named(Lang lang, const QString &key)
{
    for (const KeyName &k : KeyNames) {
        if (key == QLatin1String(k.key))
            return t(lang, k.zh, k.en);
    }
    if (key.startsWith(QLatin1String("refusal:")))
        return t(lang, "拒收批次", "Batch refused") + QStringLiteral(" (") + escaped(key.mid(8)) + QLatin1Char(')');
    return escaped(key);
}

QString cell(const QString &html, bool number = false)
{
    return (number ? QStringLiteral("<td class=\"n\">") : QStringLiteral("<td>")) + html + QStringLiteral("</td>");
}

QString head(const QStringList &columns, int numbersFrom)
{
    QString out = QStringLiteral("<thead><tr>");
    for (int i = 0; i < columns.size(); ++i)
        out += (i >= numbersFrom ? QStringLiteral("<th class=\"n\">") : QStringLiteral("<th>")) + columns[i] +
               QStringLiteral("</th>");
    return out + QStringLiteral("</tr></thead>");
}

/// A table of (label, count, amount) with a bar for each amount, largest first unless kept.
QString countedTable(Lang lang, const QString &id, const QString &label, QList<QPair<QString, CountedAmount>> rows,
                     bool keepOrder = false, bool bars = true)
{
    if (!keepOrder)
        std::stable_sort(rows.begin(), rows.end(),
                         [](const auto &a, const auto &b) { return a.second.amount.fen() > b.second.amount.fen(); });
    qint64 max = 0;
    for (const auto &r : rows)
        max = std::max(max, r.second.amount.fen());
    QString out = QStringLiteral("<div class=\"scroll\"><table id=\"%1\">").arg(id) +
                  head(bars ? QStringList{label, t(lang, "笔数", "Count"), t(lang, "金额", "Amount"), QString()}
                            : QStringList{label, t(lang, "笔数", "Count"), t(lang, "金额", "Amount")},
                       1) +
                  QStringLiteral("<tbody>");
    for (const auto &[name, c] : std::as_const(rows)) {
        const QString amount = DeskPage::money(lang, c.amount);
        out += QStringLiteral("<tr data-key=\"%1\" data-fen=\"%2\">").arg(escaped(name)).arg(c.amount.fen()) +
               cell(named(lang, name)) + cell(QString::number(c.count), true) + cell(amount, true) +
               (bars ? cell(DeskPage::bar(c.amount.fen(), max, amount)) : QString()) + QStringLiteral("</tr>");
    }
    if (rows.isEmpty())
        out += QStringLiteral("<tr><td colspan=\"%1\">%2</td></tr>").arg(bars ? 4 : 3).arg(t(lang, "无", "None"));
    return out + QStringLiteral("</tbody></table></div>");
}

QString figure(const QString &id, const QString &label, const QString &value, const QString &sub = QString())
{
    return QStringLiteral("<div class=\"figure\" id=\"%1\">%2<b>%3</b>%4</div>")
        .arg(id, label, value, sub.isEmpty() ? QString() : QStringLiteral("<span class=\"note\">%1</span>").arg(sub));
}

/// "12.3 %" from parts in fen, exact to a tenth of a percent (no floating point on money).
QString percent(Money part, Money whole)
{
    if (whole.fen() <= 0)
        return QStringLiteral("—");
    // part ≤ whole ≤ 2^53 in any real branch; the product below stays well inside 64 bits for them,
    // and a larger figure is shown without the rate rather than wrapped.
    if (part.fen() < 0 || part.fen() > std::numeric_limits<qint64>::max() / 1000)
        return QStringLiteral("—");
    const qint64 tenths = (part.fen() * 1000 + whole.fen() / 2) / whole.fen();
    return QStringLiteral("%1.%2 %").arg(tenths / 10).arg(tenths % 10);
}

QString dayForm(Lang lang, const QString &action, QDate from, QDate to, bool range, const QString &extra = QString())
{
    QString out = QStringLiteral("<form method=\"get\" action=\"%1\" class=\"filters\">").arg(action);
    if (range)
        out +=
            QStringLiteral("<label>%1 <input type=\"date\" name=\"from\" value=\"%2\"></label> "
                           "<label>%3 <input type=\"date\" name=\"to\" value=\"%4\"></label> ")
                .arg(t(lang, "从", "From"), from.toString(Qt::ISODate), t(lang, "到", "To"), to.toString(Qt::ISODate));
    else
        out += QStringLiteral("<label>%1 <input type=\"date\" name=\"date\" value=\"%2\"></label> ")
                   .arg(t(lang, "日期", "Day"), from.toString(Qt::ISODate));
    return out + extra + QStringLiteral("<button>%1</button></form>").arg(t(lang, "查看", "Show"));
}

QString exportLink(Lang lang, const QString &query)
{
    return QStringLiteral("<p><a class=\"export\" href=\"/desk/export?%1\">%2</a></p>")
        .arg(escaped(query), t(lang, "导出 CSV", "Export as CSV"));
}

} // namespace

QString message(const QString &text, bool error)
{
    return QStringLiteral("<p id=\"message\" role=\"%1\"%2>%3</p>")
        .arg(error ? QStringLiteral("alert") : QStringLiteral("status"),
             error ? QStringLiteral(" class=\"error\"") : QString(), escaped(text));
}

QString home(Lang lang, const DeskUser &user, const Money &collectedToday, qint64 openExceptions)
{
    QString out =
        QStringLiteral("<div class=\"figures\">") +
        figure(QStringLiteral("today"), t(lang, "今日实收", "Collected today"), DeskPage::money(lang, collectedToday));
    if (user.role != DeskUser::Role::Cashier)
        out += figure(QStringLiteral("open-exceptions"), t(lang, "待处理异常", "Open exceptions"),
                      QString::number(openExceptions));
    return out + QStringLiteral("</div>");
}

QString day(Lang lang, const DayFigures &f, bool printable)
{
    CountedAmount total;
    CountedAmount voids;
    Money penalty;
    Money prepaid;
    QList<QPair<QString, CountedAmount>> methods, collectors, routes, visits;
    for (const CenterReports::TotalsRow &r : f.totals) {
        const CountedAmount c{r.count, r.amount};
        if (r.dimension == QLatin1String("total"))
            total = c;
        else if (r.dimension == QLatin1String("void"))
            voids = c;
        else if (r.dimension == QLatin1String("penalty"))
            penalty = r.amount;
        else if (r.dimension == QLatin1String("prepaid"))
            prepaid = r.amount;
        else if (r.dimension == QLatin1String("method"))
            methods.append({r.key, c});
        else if (r.dimension == QLatin1String("collector"))
            collectors.append({r.key, c});
        else if (r.dimension == QLatin1String("route"))
            routes.append({r.key, c});
        else if (r.dimension == QLatin1String("visit"))
            visits.append({r.key, c});
    }
    Money rateCollected;
    Money rateReceivable;
    for (const auto &r : f.rates) {
        rateCollected += r.collected;
        rateReceivable += r.receivable;
    }
    const QString date = f.day.toString(Qt::ISODate);
    // On paper: no form, links or bars.
    QString out = printable ? QString() : dayForm(lang, QStringLiteral("/desk/day"), f.day, f.day, false);
    // The headline figures: tiles on screen, a table's rows on paper (the PDF's layout has no grid).
    const auto headline = [&](const QString &id, const QString &label, const QString &value,
                              const QString &sub = QString()) {
        out +=
            printable
                ? QStringLiteral("<tr><td>%1</td><td class=\"n\"><b>%2</b></td><td>%3</td></tr>").arg(label, value, sub)
                : figure(id, label, value, sub);
    };
    out += printable ? QStringLiteral("<table>") : QStringLiteral("<div class=\"figures\">");
    headline(QStringLiteral("collected"), t(lang, "实收", "Collected"), DeskPage::money(lang, total.amount),
             t(lang, "%1 笔", "%1 payments").arg(total.count));
    headline(QStringLiteral("penalty"), t(lang, "违约金", "Penalty"), DeskPage::money(lang, penalty));
    headline(QStringLiteral("prepaid"), t(lang, "预存", "Prepaid credited"), DeskPage::money(lang, prepaid));
    headline(QStringLiteral("voids"), t(lang, "作废", "Voided"), DeskPage::money(lang, voids.amount),
             t(lang, "%1 笔", "%1 voids").arg(voids.count));
    headline(QStringLiteral("rate"), t(lang, "回收率", "Collection rate"), percent(rateCollected, rateReceivable),
             t(lang, "应收 %1", "of %1 receivable").arg(DeskPage::money(lang, rateReceivable)));
    out += printable ? QStringLiteral("</table>") : QStringLiteral("</div>");
    if (!printable)
        out += exportLink(lang, QStringLiteral("table=totals&date=") + date) +
               QStringLiteral("<p><a class=\"export\" href=\"/desk/day.pdf?date=%1\">%2</a></p>")
                   .arg(date, t(lang, "下载 PDF 报表", "Download the report as PDF"));
    out += QStringLiteral("<h2>%1</h2>").arg(t(lang, "按缴费方式", "By method")) +
           countedTable(lang, QStringLiteral("by-method"), t(lang, "方式", "Method"), methods, false, !printable);
    out += QStringLiteral("<h2>%1</h2>").arg(t(lang, "按收费员", "By collector")) +
           countedTable(lang, QStringLiteral("by-collector"), t(lang, "收费员", "Collector"), collectors, false,
                        !printable);

    // Routes with their collection rate beside what was collected.
    out +=
        QStringLiteral("<h2>%1</h2><div class=\"scroll\"><table id=\"by-route\">").arg(t(lang, "按线路", "By route")) +
        head({t(lang, "线路", "Route"), t(lang, "笔数", "Count"), t(lang, "实收", "Collected"),
              t(lang, "回收率", "Collection rate")},
             1) +
        QStringLiteral("<tbody>");
    std::sort(routes.begin(), routes.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &row : std::as_const(routes)) {
        const QString route = row.first; // the lambda below captures it: not a structured binding
        const CountedAmount &c = row.second;
        const auto rate =
            std::find_if(f.rates.cbegin(), f.rates.cend(), [&](const auto &r) { return r.route == route; });
        out += QStringLiteral("<tr data-key=\"%1\" data-fen=\"%2\">").arg(escaped(route)).arg(c.amount.fen()) +
               cell(escaped(route)) + cell(QString::number(c.count), true) +
               cell(DeskPage::money(lang, c.amount), true) +
               cell(rate == f.rates.cend() ? QStringLiteral("—") : percent(rate->collected, rate->receivable), true) +
               QStringLiteral("</tr>");
    }
    out += QStringLiteral("</tbody></table></div>");

    out += QStringLiteral("<h2>%1</h2>")
               .arg(t(lang, "按村（收费笔数，未扣作废）", "By village (payments taken, before voids)")) +
           countedTable(lang, QStringLiteral("by-village"), t(lang, "村", "Village"), f.byVillage, false, !printable);
    QList<QPair<QString, CountedAmount>> hours;
    for (int h = 0; h < 24; ++h) {
        if (f.byHour[size_t(h)].count > 0)
            hours.append({QStringLiteral("%1:00").arg(h, 2, 10, QLatin1Char('0')), f.byHour[size_t(h)]});
    }
    out += QStringLiteral("<h2>%1</h2>")
               .arg(t(lang, "按小时（收费笔数，未扣作废）", "By hour (payments taken, before voids)")) +
           countedTable(lang, QStringLiteral("by-hour"), t(lang, "时段", "Hour"), hours, true, !printable);
    out += QStringLiteral("<h2>%1</h2>").arg(t(lang, "走访结果", "Visits")) +
           countedTable(lang, QStringLiteral("visits"), t(lang, "结果", "Outcome"), visits, false, !printable);
    QList<QPair<QString, CountedAmount>> trend;
    for (const auto &[d, c] : f.trend)
        trend.append({d.toString(Qt::ISODate), c});
    out +=
        QStringLiteral("<h2>%1</h2>").arg(t(lang, "近30日（收费，不含已作废）", "Last 30 days (payments not voided)")) +
        countedTable(lang, QStringLiteral("trend"), t(lang, "日期", "Day"), trend, true, !printable);
    return out;
}

QString exceptions(Lang lang, const QList<CenterReports::ExceptionRow> &rows, QDate from, QDate to, bool history,
                   const QString &csrf, bool canSignOff, const QTimeZone &zone)
{
    const QString state = history ? QStringLiteral("history") : QStringLiteral("open");
    QString out = dayForm(lang, QStringLiteral("/desk/exceptions"), from, to, true,
                          QStringLiteral("<input type=\"hidden\" name=\"state\" value=\"%1\">").arg(state));
    const QString range = QStringLiteral("from=%1&amp;to=%2").arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate));
    out += QStringLiteral("<p><a href=\"/desk/exceptions?%1&amp;state=open\"%2>%3</a> · "
                          "<a href=\"/desk/exceptions?%1&amp;state=history\"%4>%5</a></p>")
               .arg(range, history ? QString() : QStringLiteral(" aria-current=\"true\""), t(lang, "待处理", "Open"),
                    history ? QStringLiteral(" aria-current=\"true\"") : QString(), t(lang, "已签字", "Signed off"));
    out += exportLink(lang, QStringLiteral("table=exceptions&from=%1&to=%2&state=%3")
                                .arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate), state));
    out += QStringLiteral("<div class=\"scroll\"><table id=\"exceptions\">") +
           head({t(lang, "时间", "When"), t(lang, "类别", "Kind"), t(lang, "终端 · 序号", "Device · seq"),
                 t(lang, "户号", "Account"), t(lang, "金额", "Amount"), t(lang, "详情", "Detail"),
                 history ? t(lang, "签字", "Signed off") : QString()},
                99) +
           QStringLiteral("<tbody>");
    for (const CenterReports::ExceptionRow &r : rows) {
        QString last;
        if (history) {
            last =
                QStringLiteral("%1 · %2<br>%3")
                    .arg(escaped(r.signedOffBy), DeskPage::dateTime(lang, r.signedOffMs, zone), escaped(r.signOffNote));
        } else if (canSignOff) {
            last =
                QStringLiteral("<form method=\"post\" action=\"/desk/exceptions/sign-off\">"
                               "<input type=\"hidden\" name=\"csrf\" value=\"%1\">"
                               "<input type=\"hidden\" name=\"id\" value=\"%2\">"
                               "<input name=\"note\" maxlength=\"%3\" required aria-label=\"%4\" placeholder=\"%4\"> "
                               "<button>%5</button></form>")
                    .arg(escaped(csrf), escaped(r.id))
                    .arg(CenterReports::MaxSignOffChars)
                    .arg(t(lang, "说明", "Note"), t(lang, "签字确认", "Sign off"));
        }
        out += QStringLiteral("<tr data-id=\"%1\">").arg(escaped(r.id)) + cell(DeskPage::dateTime(lang, r.atMs, zone)) +
               cell(named(lang, r.kind)) + cell(escaped(r.deviceId) + QStringLiteral(" · ") + QString::number(r.seq)) +
               cell(escaped(r.account)) + cell(r.amount.isZero() ? QString() : DeskPage::money(lang, r.amount), true) +
               cell(escaped(r.detail)) + cell(last) + QStringLiteral("</tr>");
    }
    if (rows.isEmpty())
        out += QStringLiteral("<tr><td colspan=\"7\">%1</td></tr>").arg(t(lang, "无", "None"));
    return out + QStringLiteral("</tbody></table></div>");
}

QString cash(Lang lang, const QList<CenterReports::HandoverRow> &rows, Money total, QDate from, QDate to,
             const QTimeZone &zone)
{
    QString out = dayForm(lang, QStringLiteral("/desk/cash"), from, to, true);
    out += exportLink(
        lang, QStringLiteral("table=cash&from=%1&to=%2").arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate)));
    const Money sum = total;
    QString body;
    for (const CenterReports::HandoverRow &r : rows) {
        body += QStringLiteral("<tr>") + cell(DeskPage::dateTime(lang, r.atMs, zone)) + cell(escaped(r.collectorId)) +
                cell(escaped(r.receivedBy)) + cell(DeskPage::money(lang, r.amount), true) + cell(escaped(r.pieces)) +
                cell(escaped(r.deviceId) + QStringLiteral(" · ") + QString::number(r.seq)) + QStringLiteral("</tr>");
    }
    out += QStringLiteral("<div class=\"figures\">") +
           figure(QStringLiteral("handed-over"), t(lang, "交款合计", "Handed over"), DeskPage::money(lang, sum),
                  t(lang, "%1 次", "%1 handovers").arg(rows.size())) +
           QStringLiteral("</div>");
    out += QStringLiteral("<div class=\"scroll\"><table id=\"handovers\">") +
           head({t(lang, "时间", "When"), t(lang, "收费员", "Collector"), t(lang, "接收人", "Received by"),
                 t(lang, "金额", "Amount"), t(lang, "券别", "Notes"), t(lang, "终端 · 序号", "Device · seq")},
                3) +
           QStringLiteral("<tbody>") + body;
    if (rows.isEmpty())
        out += QStringLiteral("<tr><td colspan=\"6\">%1</td></tr>").arg(t(lang, "无", "None"));
    return out + QStringLiteral("</tbody></table></div>");
}

QString collectors(Lang lang, const QList<CenterReports::ShiftRow> &rows, QDate from, QDate to, const QTimeZone &zone)
{
    QString out = dayForm(lang, QStringLiteral("/desk/collectors"), from, to, true);
    out += exportLink(
        lang, QStringLiteral("table=shifts&from=%1&to=%2").arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate)));
    out += QStringLiteral("<div class=\"scroll\"><table id=\"shifts\">") +
           head({t(lang, "收费员", "Collector"), t(lang, "终端", "Device"), t(lang, "Z报表", "Z-report"),
                 t(lang, "结班时间", "Closed"), t(lang, "应有现金", "Expected cash"), t(lang, "清点现金", "Counted"),
                 t(lang, "差额", "Difference"), t(lang, "批准人", "Approved by"), t(lang, "已交款", "Handed over"),
                 t(lang, "累计收费", "Perpetual total")},
                4) +
           QStringLiteral("<tbody>");
    for (const CenterReports::ShiftRow &r : rows) {
        const Money difference = r.difference();
        const QString shown = DeskPage::money(lang, difference);
        out += QStringLiteral("<tr data-shift=\"%1:%2\" data-difference=\"%3\">")
                   .arg(escaped(r.deviceId))
                   .arg(r.openedSeq)
                   .arg(difference.fen()) +
               cell(escaped(r.collectorId)) + cell(escaped(r.deviceId)) +
               cell(r.zNumber > 0 ? QStringLiteral("Z%1").arg(r.zNumber) : QStringLiteral("—")) +
               cell(DeskPage::dateTime(lang, r.closedMs, zone)) + cell(DeskPage::money(lang, r.expected), true) +
               cell(DeskPage::money(lang, r.counted), true) +
               cell(difference.isZero() ? shown : QStringLiteral("<b>%1</b>").arg(shown), true) +
               cell(escaped(r.approvedBy)) + cell(DeskPage::money(lang, r.handedOver), true) +
               cell(r.zNumber > 0 ? DeskPage::money(lang, r.everPaid) + QStringLiteral(" (%1)").arg(r.everPaidCount)
                                  : QStringLiteral("—"),
                    true) +
               QStringLiteral("</tr>");
    }
    if (rows.isEmpty())
        out += QStringLiteral("<tr><td colspan=\"10\">%1</td></tr>").arg(t(lang, "无", "None"));
    return out + QStringLiteral("</tbody></table></div>");
}

QString receipts(Lang lang, const QString &query, const QList<ReceiptLine> &lines, const QTimeZone &zone)
{
    QString out =
        QStringLiteral("<form method=\"get\" action=\"/desk/receipts\"><label>%1 "
                       "<input name=\"q\" maxlength=\"80\" required value=\"%2\"></label> "
                       "<button>%3</button></form>")
            .arg(t(lang, "收据号或户号", "Receipt number or account"), escaped(query), t(lang, "查找", "Find"));
    if (query.isEmpty())
        return out;
    out += QStringLiteral("<div class=\"scroll\"><table id=\"receipts\">") +
           head({t(lang, "收据号", "Receipt"), t(lang, "时间", "When"), t(lang, "户号", "Account"),
                 t(lang, "收费员", "Collector"), t(lang, "方式", "Method"), t(lang, "金额", "Amount"),
                 t(lang, "作废", "Voided"), t(lang, "打印", "Prints")},
                5) +
           QStringLiteral("<tbody>");
    for (const ReceiptLine &l : lines) {
        const QString number = JournalEntry::receiptNumber(l.deviceId, l.seq);
        QStringList prints;
        for (const auto &[seq, ms] : l.prints)
            prints.append(DeskPage::dateTime(lang, ms, zone) + QStringLiteral(" (#%1)").arg(seq));
        out += QStringLiteral("<tr data-receipt=\"%1\">").arg(escaped(number)) + cell(escaped(number)) +
               cell(DeskPage::dateTime(lang, l.timeMs, zone)) + cell(escaped(l.account)) +
               cell(escaped(l.collectorId)) + cell(named(lang, l.method)) +
               cell(DeskPage::money(lang, l.amount), true) +
               cell(l.voidedBy ? QStringLiteral("%1 (#%2)")
                                     .arg(DeskPage::dateTime(lang, l.voidedBy->second, zone))
                                     .arg(l.voidedBy->first)
                               : QString()) +
               cell(prints.join(QStringLiteral("<br>"))) + QStringLiteral("</tr>");
    }
    if (lines.isEmpty())
        out += QStringLiteral("<tr><td colspan=\"8\">%1</td></tr>")
                   .arg(t(lang, "没有找到这张收据或这个户号的收费。", "No receipt or payment of that number here."));
    return out + QStringLiteral("</tbody></table></div>");
}

QString enrolmentForm(Lang lang, const QStringList &routes, const QString &csrf)
{
    QString options;
    for (const QString &route : routes)
        options += QStringLiteral("<option>%1</option>").arg(escaped(route));
    return QStringLiteral("<h2>%1</h2><form method=\"post\" action=\"/desk/devices/enrol\" class=\"filters\">"
                          "<input type=\"hidden\" name=\"csrf\" value=\"%2\">"
                          "<label>%3 <input name=\"device\" maxlength=\"64\" required "
                          "pattern=\"[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}\"></label> "
                          "<label>%4 <select name=\"route\" required>%5</select></label> "
                          "<label>%6 <input name=\"hours\" type=\"number\" min=\"1\" max=\"168\" value=\"24\" "
                          "required></label> <button>%7</button></form>")
        .arg(t(lang, "新终端注册码", "Enrolment code for a new terminal"), escaped(csrf),
             t(lang, "终端名", "Device name"), t(lang, "线路", "Route"), options,
             t(lang, "有效小时", "Valid for hours"), t(lang, "生成", "Issue"));
}

QString enrolmentCode(Lang lang, const QString &device, const QString &route, const QString &code, qint64 expiresMs,
                      const EnrolmentLink &link, const QTimeZone &zone)
{
    QString grouped;
    for (qsizetype i = 0; i < code.size(); i += 4)
        grouped += (i > 0 ? QStringLiteral(" ") : QString()) + code.mid(i, 4);
    const QString text = link.toText();
    // The QR code first: on a laptop's screen it is in view without scrolling.
    return QStringLiteral("<p>%1</p><figure class=\"qr\">%2<figcaption data-link=\"%3\">%3</figcaption></figure>")
               .arg(t(lang, "在新终端的首次启动页扫描此二维码，或手工输入下面的内容。此码只显示这一次。",
                      "Scan this QR code on the new terminal's first-run screen, or type what is below. The code "
                      "is shown only this once."),
                    DeskPage::qrSvg(text.toUtf8(), t(lang, "注册二维码", "Enrolment QR code")), escaped(text)) +
           QStringLiteral("<dl class=\"enrolment\"><dt>%1</dt><dd>%2</dd><dt>%3</dt><dd>%4</dd><dt>%5</dt><dd><b "
                          "id=\"enrol-code\" data-code=\"%6\">%7</b></dd><dt>%8</dt><dd>%9</dd>")
               .arg(t(lang, "终端名", "Device"), escaped(device), t(lang, "线路", "Route"), escaped(route),
                    t(lang, "一次性注册码", "One-time code"), escaped(code), escaped(grouped),
                    t(lang, "有效至", "Valid until"), DeskPage::dateTime(lang, expiresMs, zone)) +
           QStringLiteral("<dt>%1</dt><dd>%2</dd><dt>%3</dt><dd>%4</dd></dl>")
               .arg(t(lang, "收费中心地址", "Center address"), escaped(link.center),
                    t(lang, "收费中心密钥指纹", "Center key fingerprint"),
                    link.pin.isEmpty() ? t(lang, "无（未启用 TLS）", "none (no TLS)") : escaped(link.pin)) +
           QStringLiteral("<p><a href=\"/desk/devices\">%1</a></p>").arg(t(lang, "返回终端列表", "Back to devices"));
}

QString age(Lang lang, qint64 ms)
{
    const qint64 minutes = std::max<qint64>(0, ms) / 60'000;
    const qint64 days = minutes / (qint64(24) * 60);
    const qint64 hours = minutes / 60 % 24;
    if (days > 0)
        return t(lang, "%1 天 %2 小时", "%1 d %2 h").arg(days).arg(hours);
    if (hours > 0)
        return t(lang, "%1 小时 %2 分钟", "%1 h %2 min").arg(hours).arg(minutes % 60);
    return t(lang, "%1 分钟", "%1 min").arg(minutes);
}

QString devices(Lang lang, const QList<DeviceLine> &lines, const QString &csrf, const QTimeZone &zone, qint64 nowMs)
{
    QString out = QStringLiteral("<div class=\"scroll\"><table id=\"devices\">") +
                  head({t(lang, "终端", "Device"), t(lang, "线路", "Route"), t(lang, "状态", "State"),
                        t(lang, "已收到序号", "Head seq"), t(lang, "最近同步", "Last sync"),
                        t(lang, "最早未同步记录", "Oldest entry not synced"),
                        t(lang, "同步时手中现金", "Cash in hand at last sync"), QString()},
                       3) +
                  QStringLiteral("<tbody>");
    for (const DeviceLine &l : lines) {
        const CenterDevice &d = l.device;
        const QString state = d.revokedMs ? t(lang, "已停用", "Revoked") : named(lang, deviceStateKey(d.state));
        QString action;
        if (l.canCommand && !d.revokedMs) {
            // The device's name typed again is the confirmation: a slip of the mouse sends nothing.
            action =
                QStringLiteral("<form method=\"post\" action=\"/desk/devices/command\">"
                               "<input type=\"hidden\" name=\"csrf\" value=\"%1\">"
                               "<input type=\"hidden\" name=\"device\" value=\"%2\">"
                               "<select name=\"kind\" aria-label=\"%3\"><option value=\"lock\">%4</option>"
                               "<option value=\"unlock\">%5</option><option value=\"wipe\">%6</option>"
                               "<option value=\"revoke\">%7</option></select> "
                               "<input name=\"confirm\" maxlength=\"64\" required aria-label=\"%8\" "
                               "placeholder=\"%8\"> <button>%9</button></form>")
                    .arg(escaped(csrf), escaped(d.id), t(lang, "指令", "Command"), t(lang, "锁定", "Lock"),
                         t(lang, "解锁", "Unlock"), t(lang, "清除数据", "Wipe"), t(lang, "停用", "Revoke"),
                         t(lang, "再输入终端名确认", "Type the device's name to confirm"), t(lang, "发送", "Send"));
        }
        // What the device said when it last asked for commands: the entries the center still
        // lacks, and how long the oldest of them has waited (growing until they arrive).
        QString unsynced = t(lang, "未报告", "not reported");
        if (const auto oldest = d.oldestUnsyncedMs())
            unsynced =
                QStringLiteral("<span class=\"error\">%1</span> (%2)")
                    .arg(age(lang, nowMs - *oldest), t(lang, "%1 条", "%1 entries").arg(*d.reportedHead - d.headSeq));
        else if (d.reportedHead)
            unsynced = t(lang, "无", "none");
        QString cash = l.cashError.isEmpty()
                           ? (l.cashInHand ? DeskPage::money(lang, *l.cashInHand) : QStringLiteral("—"))
                           : QStringLiteral("<span class=\"error\">%1</span>").arg(escaped(l.cashError));
        const QString cashFen =
            l.cashInHand ? QStringLiteral(" data-cash-fen=\"%1\"").arg(l.cashInHand->fen()) : QString();
        out += QStringLiteral("<tr data-device=\"%1\"%2>").arg(escaped(d.id), cashFen) + cell(escaped(d.id)) +
               cell(escaped(d.route)) + cell(state) + cell(QString::number(d.headSeq), true) +
               cell(d.lastSyncMs ? DeskPage::dateTime(lang, *d.lastSyncMs, zone) : t(lang, "从未", "never"), true) +
               cell(unsynced, true) + cell(cash, true) + cell(action) + QStringLiteral("</tr>");
    }
    if (lines.isEmpty())
        out += QStringLiteral("<tr><td colspan=\"8\">%1</td></tr>").arg(t(lang, "无", "None"));
    return out + QStringLiteral("</tbody></table></div>");
}

} // namespace DeskViews
