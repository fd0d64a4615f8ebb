#include "receiptlayout.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

#include "textwidth.h"

namespace {

using Align = ReceiptTemplate::Align;
using Field = ReceiptTemplate::Field;

/** Builds the lines; every text passes through the charset before it is measured. */
class Builder
{
public:
    Builder(const ReceiptTemplate &tmpl, const PrinterCharset &charset, int columns)
        : m_tmpl(tmpl)
        , m_charset(charset)
        , m_columns(columns)
    {
    }

    QList<ReceiptLine> lines;

    QString label(const char *key) const { return m_charset.printable(m_tmpl.label(QLatin1String(key))); }
    QString amount(Money m) const { return ReceiptLayout::formatAmount(m, m_charset.currencyPrefix()); }
    int width(const QString &printable) const { return m_charset.width(printable); }

    void rule() { text(QString(m_columns, QLatin1Char('-')), Align::Left); }

    /// Free text, wrapped to the width (half of it when large).
    void text(const QString &raw, Align align, bool bold = false, bool large = false)
    {
        const QString printable = m_charset.printable(raw);
        // A heading too wide for double size that fits a line at normal size is printed on that
        // one line ("示范县供电有限公司"), rather than broken in two ("…供电有限公 / 司").
        if (large && width(printable) > m_columns / 2 && width(printable) <= m_columns)
            large = false;
        const int room = large ? m_columns / 2 : m_columns;
        for (const QString &part : wrap(printable, room, room)) {
            ReceiptLine l;
            l.text = trimRight(part);
            l.align = align;
            l.bold = bold;
            l.large = large;
            lines.append(l);
        }
    }

    /// Label left, value right on one line; if they do not fit, the value goes below, right.
    void pairRight(const QString &labelText, const QString &rawValue, bool bold = false)
    {
        const QString value = m_charset.printable(rawValue);
        const int lw = width(labelText);
        const int vw = width(value);
        if (lw + 1 + vw <= m_columns) {
            push(labelText + QString(m_columns - lw - vw, QLatin1Char(' ')) + value, bold);
            return;
        }
        for (const QString &part : wrap(labelText, m_columns, m_columns))
            push(trimRight(part), bold);
        for (const QString &part : wrap(value, m_columns, m_columns))
            push(QString(m_columns - width(part), QLatin1Char(' ')) + part, bold);
    }

    /// "label value…" with the value wrapped under itself (hanging indent) when it is long.
    void pairText(const QString &labelText, const QString &rawValue, bool alreadyPrintable = false)
    {
        const QString value = alreadyPrintable ? rawValue : m_charset.printable(rawValue);
        const QString prefix = labelText + QLatin1Char(' ');
        int indent = width(prefix);
        if (indent > m_columns / 2) {
            // A long label (a utility's override) gets its own line; the value is indented by 2.
            for (const QString &part : wrap(labelText, m_columns, m_columns))
                push(trimRight(part), false);
            indent = 2;
            const QStringList parts = wrap(value, m_columns - indent, m_columns - indent);
            for (const QString &part : parts)
                push(QString(indent, QLatin1Char(' ')) + trimRight(part), false);
            return;
        }
        const QStringList parts = wrap(value, m_columns - indent, m_columns - indent);
        for (qsizetype i = 0; i < parts.size(); ++i)
            push((i == 0 ? prefix : QString(indent, QLatin1Char(' '))) + trimRight(parts[i]), false);
    }

    /// One bill: period, principal and penalty in three columns, or stacked when too wide.
    void billRow(const QString &rawPeriod, Money principal, Money penalty)
    {
        const QString period = m_charset.printable(rawPeriod);
        const QString a = amount(principal);
        const QString b = amount(penalty);
        const int amountColumn = m_columns * 3 / 8; // 12 of 32, 18 of 48
        const int periodColumn = m_columns - 2 * amountColumn;
        if (width(period) < periodColumn && width(a) < amountColumn && width(b) < amountColumn) {
            push(period + QString(periodColumn - width(period) + amountColumn - width(a), QLatin1Char(' ')) + a +
                     QString(amountColumn - width(b), QLatin1Char(' ')) + b,
                 false);
            return;
        }
        text(rawPeriod, Align::Left);
        pairRight(QStringLiteral("  ") + label("principal"), a);
        pairRight(QStringLiteral("  ") + label("penalty"), b);
    }

    void billHeader()
    {
        const QString p = label("period");
        const QString a = label("principal");
        const QString b = label("penalty");
        const int amountColumn = m_columns * 3 / 8;
        const int periodColumn = m_columns - 2 * amountColumn;
        if (width(p) < periodColumn && width(a) < amountColumn && width(b) < amountColumn) {
            push(p + QString(periodColumn - width(p) + amountColumn - width(a), QLatin1Char(' ')) + a +
                     QString(amountColumn - width(b), QLatin1Char(' ')) + b,
                 false);
        }
    }

    void qr(const QString &payload, int moduleSize, char level)
    {
        ReceiptLine l;
        l.kind = ReceiptLine::Kind::Qr;
        l.qrPayload = payload;
        l.qrModuleSize = moduleSize;
        l.qrErrorLevel = level;
        l.align = Align::Center;
        lines.append(l);
    }

    void feed(int n)
    {
        if (n <= 0)
            return;
        ReceiptLine l;
        l.kind = ReceiptLine::Kind::Feed;
        l.feedLines = n;
        lines.append(l);
    }

    void cut()
    {
        ReceiptLine l;
        l.kind = ReceiptLine::Kind::Cut;
        lines.append(l);
    }

    QStringList wrap(const QString &printable, int columns, int first) const
    {
        if (m_charset.chinese())
            return TextWidth::wrap(printable, columns, first, &chineseWidth);
        return TextWidth::wrap(printable, columns, first, &latinWidth);
    }

private:
    static int chineseWidth(char32_t c) { return c < 0x80 ? (c < 0x20 ? 0 : 1) : 2; }
    static int latinWidth(char32_t c) { return c < 0x20 ? 0 : 1; }

    static QString trimRight(const QString &s)
    {
        qsizetype n = s.size();
        while (n > 0 && s.at(n - 1) == QLatin1Char(' '))
            --n;
        return s.left(n);
    }

    void push(const QString &printable, bool bold)
    {
        ReceiptLine l;
        l.text = trimRight(printable);
        l.align = Align::Left;
        l.bold = bold;
        lines.append(l);
    }

    const ReceiptTemplate &m_tmpl;
    const PrinterCharset &m_charset;
    int m_columns;
};

QString fillPlaceholders(QString text, const Receipt &r)
{
    text.replace(QLatin1String("{utility}"), r.utilityName);
    text.replace(QLatin1String("{branch}"), r.branchName);
    text.replace(QLatin1String("{hotline}"), r.hotline);
    text.replace(QLatin1String("{collector}"), r.collectorName);
    return text;
}

QString formatTime(qint64 ms, int utcOffsetSeconds)
{
    if (ms <= 0)
        return QStringLiteral("-");
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone(utcOffsetSeconds)).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

const char *methodKey(PaymentMethod m)
{
    switch (m) {
    case PaymentMethod::Cash:
        return "method.cash";
    case PaymentMethod::BankCard:
        return "method.card";
    case PaymentMethod::RechargeVoucher:
        return "method.voucher";
    case PaymentMethod::BankTransfer:
        return "method.transfer";
    }
    return "method.cash";
}

void headerAndMarks(Builder &b, const Receipt &r, const ReceiptTemplate &t)
{
    for (const ReceiptTemplate::Line &h : t.header()) {
        const QString filled = fillPlaceholders(h.text, r).trimmed();
        if (!filled.isEmpty())
            b.text(filled, h.align, h.bold, h.large);
    }
    switch (r.kind) {
    case Receipt::Kind::Payment:
        b.text(t.label(QStringLiteral("title.payment")), Align::Center, true);
        break;
    case Receipt::Kind::Void:
        b.text(t.label(QStringLiteral("title.void")), Align::Center, true);
        b.text(t.label(QStringLiteral("void")), Align::Center, true, true);
        break;
    case Receipt::Kind::ZReport:
        b.text(t.label(QStringLiteral("title.zreport")), Align::Center, true);
        break;
    }
    // The marks a collector and a customer must not miss: this is not the first print.
    if (r.continued)
        b.text(t.label(QStringLiteral("continued")), Align::Center, true);
    if (r.isDuplicate())
        b.text(t.label(QStringLiteral("duplicate")).arg(r.printNumber), Align::Center, true);
    b.rule();
}

void customerBlock(Builder &b, const Receipt &r, const ReceiptTemplate &t, const PrinterCharset &charset)
{
    if (t.shows(Field::ReceiptNumber))
        b.pairRight(b.label("receiptNumber"), r.receiptNumber);
    if (t.shows(Field::DateTime))
        b.pairRight(b.label("dateTime"), formatTime(r.timeMs, r.utcOffsetSeconds));
    if (t.shows(Field::Collector) && !r.collectorName.trimmed().isEmpty())
        b.pairText(b.label("collector"), r.collectorName);
    if (t.shows(Field::AccountNumber))
        b.pairRight(b.label("accountNumber"), r.accountNumber);
    if (t.shows(Field::CustomerName) && !r.customerName.trimmed().isEmpty()) {
        // Made printable first so the mask counts what is really printed.
        const QString masked =
            charset.printable(maskCustomerName(charset.printable(r.customerName), t.nameMask(), t.maskChar()));
        b.pairText(b.label("customerName"), masked, true);
    }
    if (t.shows(Field::Address) && !r.address.trimmed().isEmpty())
        b.pairText(b.label("address"), r.address);
}

void footer(Builder &b, const Receipt &r, const ReceiptTemplate &t, const PrinterProfile &profile, int moduleSize)
{
    if (t.shows(Field::Hotline) && !r.hotline.isEmpty())
        b.pairRight(b.label("hotline"), r.hotline);
    const QString payload = r.qrPayload();
    if (t.shows(Field::Qr) && !payload.isEmpty())
        b.qr(payload, moduleSize, t.qrErrorLevel());
    if (r.kind != Receipt::Kind::ZReport) {
        for (const ReceiptTemplate::Line &f : t.footer()) {
            const QString filled = fillPlaceholders(f.text, r).trimmed();
            if (!filled.isEmpty())
                b.text(filled, f.align, f.bold, f.large);
        }
    }
    b.feed(t.feedLines());
    if (profile.cutter)
        b.cut();
}

void paymentBody(Builder &b, const Receipt &r, const ReceiptTemplate &t)
{
    if (t.shows(Field::Bills) && !r.bills.isEmpty()) {
        b.billHeader();
        for (const ReceiptBillLine &l : r.bills)
            b.billRow(l.period, l.principal, l.penalty);
        b.rule();
    }
    b.pairRight(b.label("total"), b.amount(r.total), true);
    if (t.shows(Field::Method)) {
        b.pairRight(b.label("method"), t.label(QLatin1String(methodKey(r.method))));
        if (!r.methodReference.isEmpty())
            b.pairText(b.label("reference"), r.methodReference);
    }
    if (r.method == PaymentMethod::Cash) {
        if (t.shows(Field::Tendered))
            b.pairRight(b.label("tendered"), b.amount(r.tendered));
        if (t.shows(Field::Change))
            b.pairRight(b.label("change"), b.amount(r.change));
    }
    if (t.shows(Field::Balance)) {
        if (r.prepaid.isPositive() && !r.stillOwed.isPositive())
            b.pairRight(b.label("prepaid"), b.amount(r.prepaid));
        else
            b.pairRight(b.label("stillOwed"), b.amount(r.stillOwed));
    }
    b.rule();
}

void voidBody(Builder &b, const Receipt &r)
{
    b.pairRight(b.label("voided"), r.voidedReceiptNumber);
    b.pairRight(b.label("voidAmount"), b.amount(r.total), true);
    if (!r.voidReason.trimmed().isEmpty())
        b.pairText(b.label("reason"), r.voidReason);
    if (!r.supervisorId.trimmed().isEmpty())
        b.pairText(b.label("supervisor"), r.supervisorId);
    b.rule();
}

void zReportBody(Builder &b, const Receipt &r, const ReceiptTemplate &t)
{
    const ZReportFigures &z = r.zReport;
    b.pairRight(b.label("z.number"), z.reportNumber); // a report's number, not a receipt's
    if (!r.collectorName.trimmed().isEmpty())
        b.pairText(b.label("collector"), r.collectorName);
    b.pairRight(b.label("z.opened"), formatTime(z.openedMs, r.utcOffsetSeconds));
    b.pairRight(b.label("z.closed"), formatTime(z.closedMs, r.utcOffsetSeconds));
    b.rule();
    b.pairRight(b.label("z.payments"), QString::number(z.paymentCount));
    b.pairRight(b.label("z.total"), b.amount(z.paymentTotal), true);
    for (const ZReportMethodLine &m : z.byMethod) {
        b.pairRight(QStringLiteral("  ") + b.label(methodKey(m.method)) + QLatin1Char(' ') + QString::number(m.count),
                    b.amount(m.amount));
    }
    b.pairRight(b.label("z.penalty"), b.amount(z.penaltyTotal));
    b.pairRight(b.label("z.prepaid"), b.amount(z.prepaidTotal));
    b.pairRight(b.label("z.voids"), QString::number(z.voidCount));
    b.pairRight(b.label("z.voidTotal"), b.amount(z.voidTotal));
    b.pairRight(b.label("z.visits"), QString::number(z.visitCount));
    b.pairRight(b.label("z.printed"), QString::number(z.receiptsPrinted));
    b.pairRight(b.label("z.reprints"), QString::number(z.reprints));
    b.rule();
    b.pairRight(b.label("z.float"), b.amount(z.openingFloat));
    b.pairRight(b.label("z.expected"), b.amount(z.expectedCash));
    for (const Money &earlier : z.earlierCounts)
        b.pairRight(b.label("z.earlierCount"), b.amount(earlier));
    b.pairRight(b.label("z.counted"), b.amount(z.countedCash), true);
    const std::optional<Money> difference = z.countedCash.checkedSub(z.expectedCash);
    b.pairRight(b.label("z.difference"), difference ? b.amount(*difference) : QStringLiteral("?"), true);
    if (!z.supervisorName.trimmed().isEmpty())
        b.pairText(b.label("z.supervisor"), z.supervisorName);
    b.rule();
    // Perpetual totals, never reset: a missing Z-report shows as a jump between two papers.
    if (z.hasPerpetualTotals) {
        b.pairRight(b.label("z.everPaid") + QLatin1Char(' ') + QString::number(z.everPaidCount), b.amount(z.everPaid));
        b.pairRight(b.label("z.everVoided") + QLatin1Char(' ') + QString::number(z.everVoidedCount),
                    b.amount(z.everVoided));
        b.rule();
    }
    Q_UNUSED(t);
}

} // namespace

QString ReceiptLayout::formatAmount(Money amount, const QString &currencyPrefix)
{
    const qint64 fen = amount.fen();
    // Unsigned magnitude so that even the most negative value formats without overflow.
    const quint64 magnitude = fen < 0 ? quint64(0) - quint64(fen) : quint64(fen);
    const QString yuan = QString::number(magnitude / 100);
    QString grouped;
    grouped.reserve(yuan.size() + yuan.size() / 3);
    for (qsizetype i = 0; i < yuan.size(); ++i) {
        if (i > 0 && (yuan.size() - i) % 3 == 0)
            grouped.append(QLatin1Char(','));
        grouped.append(yuan.at(i));
    }
    const auto cents = int(magnitude % 100);
    return (fen < 0 ? QStringLiteral("-") : QString()) + currencyPrefix + grouped + QLatin1Char('.') +
           QLatin1Char(char('0' + cents / 10)) + QLatin1Char(char('0' + cents % 10));
}

QStringList ReceiptDocument::textLines(const PrinterCharset &charset) const
{
    QStringList out;
    for (const ReceiptLine &l : lines) {
        if (l.kind != ReceiptLine::Kind::Text)
            continue;
        const int room = l.large ? columns / 2 : columns;
        const int pad = room - charset.width(l.text);
        if (l.align == ReceiptLine::Align::Center)
            out.append(QString(pad / 2, QLatin1Char(' ')) + l.text);
        else if (l.align == ReceiptLine::Align::Right)
            out.append(QString(pad, QLatin1Char(' ')) + l.text);
        else
            out.append(l.text);
    }
    return out;
}

Result<ReceiptDocument> ReceiptLayout::layout(const Receipt &receipt, const ReceiptTemplate &tmpl,
                                              const PrinterProfile &profile)
{
    if (profile.columns <= 0 || profile.dots <= 0 || profile.dots % profile.columns != 0) {
        return Error{
            QStringLiteral("printing.layout.bad-profile"),
            QCoreApplication::translate("ReceiptLayout", "The printer model \"%1\" has an impossible paper width.")
                .arg(profile.id)};
    }
    ReceiptDocument doc;
    doc.columns = profile.columns;
    doc.dots = profile.dots;
    if (tmpl.paperWidthMm() != 0) {
        const int columns = tmpl.paperWidthMm() == 58 ? 32 : 48;
        if (columns > profile.columns) {
            return Error{QStringLiteral("printing.layout.too-wide"),
                         QCoreApplication::translate(
                             "ReceiptLayout", "The receipt template is for %1 mm paper, wider than this printer's.")
                             .arg(tmpl.paperWidthMm())};
        }
        doc.columns = columns;
        doc.dots = columns * profile.dotsPerColumn();
    }

    const PrinterCharset charset(profile);
    Builder b(tmpl, charset, doc.columns);
    int moduleSize = tmpl.qrModuleSize();
    if (moduleSize == 0)
        moduleSize = doc.dots <= 384 ? 5 : 6;

    headerAndMarks(b, receipt, tmpl);
    switch (receipt.kind) {
    case Receipt::Kind::Payment:
        customerBlock(b, receipt, tmpl, charset);
        b.rule();
        paymentBody(b, receipt, tmpl);
        break;
    case Receipt::Kind::Void:
        customerBlock(b, receipt, tmpl, charset);
        b.rule();
        voidBody(b, receipt);
        break;
    case Receipt::Kind::ZReport:
        zReportBody(b, receipt, tmpl);
        break;
    }
    footer(b, receipt, tmpl, profile, moduleSize);
    doc.lines = b.lines;
    return doc;
}
