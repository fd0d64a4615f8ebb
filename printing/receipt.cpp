#include "receipt.h"

#include <QCborArray>
#include <QCoreApplication>

#include <algorithm>

#include "receiptcode.h"

namespace {

Error receiptError(const char *code, const char *message)
{
    return Error{QLatin1String("printing.receipt.") + QLatin1String(code),
                 QCoreApplication::translate("Receipt", message)};
}

bool committed(const JournalEntry &entry)
{
    return entry.seq > 0 && entry.hash.size() == 32 && !entry.deviceId.isEmpty();
}

Result<QList<ReceiptBillLine>> billLines(const PaymentRecord &payment)
{
    // One line per bill in settlement order; a bill's penalty and principal parts merge.
    QList<ReceiptBillLine> lines;
    QStringList billIds;
    for (const AllocationLine &a : payment.allocation) {
        if (a.amount.isNegative())
            return receiptError("negative-amount",
                                QT_TRANSLATE_NOOP("Receipt", "The payment has a negative allocation line."));
        qsizetype i = billIds.indexOf(a.billId);
        if (i < 0) {
            billIds.append(a.billId);
            lines.append(ReceiptBillLine{a.period, Money(), Money()});
            i = lines.size() - 1;
        }
        Money &part = a.part == AllocationLine::Part::Penalty ? lines[i].penalty : lines[i].principal;
        const std::optional<Money> sum = part.checkedAdd(a.amount);
        if (!sum)
            return receiptError("overflow",
                                QT_TRANSLATE_NOOP("Receipt", "The payment's amounts do not add up (overflow)."));
        part = *sum;
    }
    return lines;
}

Status checkPayment(const PaymentRecord &payment, const QList<ReceiptBillLine> &lines)
{
    if (!payment.amount.isPositive())
        return receiptError("bad-amount",
                            QT_TRANSLATE_NOOP("Receipt", "A payment receipt needs an amount above zero."));
    for (Money m : {payment.tendered, payment.change, payment.stillOwed, payment.toPrepaid}) {
        if (m.isNegative())
            return receiptError("negative-amount", QT_TRANSLATE_NOOP("Receipt", "The payment has a negative amount."));
    }
    std::optional<Money> settled = payment.toPrepaid;
    for (const ReceiptBillLine &l : lines) {
        if (settled)
            settled = settled->checkedAdd(l.principal);
        if (settled)
            settled = settled->checkedAdd(l.penalty);
    }
    if (!settled || *settled != payment.amount)
        return receiptError(
            "inconsistent",
            QT_TRANSLATE_NOOP("Receipt", "The payment's bills and credit do not add up to the amount paid."));
    return success();
}

QString escapeField(const QString &field)
{
    QString out = field;
    out.replace(QLatin1Char('%'), QLatin1String("%25"));
    out.replace(QLatin1Char('|'), QLatin1String("%7C"));
    return out;
}

// ---- CBOR ------------------------------------------------------------------------------------

QCborValue moneyValue(Money m)
{
    return QCborValue(m.fen());
}

QCborMap zToCbor(const ZReportFigures &z)
{
    QCborArray methods;
    for (const ZReportMethodLine &l : z.byMethod)
        methods.append(QCborArray{qint64(l.method), qint64(l.count), l.amount.fen()});
    QCborMap m;
    m.insert(QLatin1String("number"), z.reportNumber);
    m.insert(QLatin1String("opened"), z.openedMs);
    m.insert(QLatin1String("closed"), z.closedMs);
    m.insert(QLatin1String("payments"), qint64(z.paymentCount));
    m.insert(QLatin1String("paymentTotal"), moneyValue(z.paymentTotal));
    m.insert(QLatin1String("methods"), methods);
    m.insert(QLatin1String("penaltyTotal"), moneyValue(z.penaltyTotal));
    m.insert(QLatin1String("prepaidTotal"), moneyValue(z.prepaidTotal));
    m.insert(QLatin1String("voids"), qint64(z.voidCount));
    m.insert(QLatin1String("voidTotal"), moneyValue(z.voidTotal));
    m.insert(QLatin1String("visits"), qint64(z.visitCount));
    m.insert(QLatin1String("printed"), qint64(z.receiptsPrinted));
    m.insert(QLatin1String("reprints"), qint64(z.reprints));
    m.insert(QLatin1String("float"), moneyValue(z.openingFloat));
    m.insert(QLatin1String("expected"), moneyValue(z.expectedCash));
    m.insert(QLatin1String("counted"), moneyValue(z.countedCash));
    if (!z.earlierCounts.isEmpty()) { // left out when none: jobs queued before recounts were printed decode alike
        QCborArray earlier;
        for (const Money &count : z.earlierCounts)
            earlier.append(moneyValue(count));
        m.insert(QLatin1String("earlierCounts"), earlier);
    }
    m.insert(QLatin1String("supervisor"), z.supervisorName);
    if (z.hasPerpetualTotals) // left out when not recorded, as for earlier counts
        m.insert(QLatin1String("ever"),
                 QCborArray{z.everPaidCount, moneyValue(z.everPaid), z.everVoidedCount, moneyValue(z.everVoided)});
    return m;
}

/// Reads typed fields and remembers the first thing that was missing or of the wrong type.
class CborReader
{
public:
    explicit CborReader(const QCborMap &map)
        : m_map(map)
    {
    }
    QString text(const char *key)
    {
        const QCborValue v = m_map.value(QLatin1String(key));
        if (!v.isString()) {
            fail(key);
            return {};
        }
        return v.toString();
    }
    qint64 integer(const char *key)
    {
        const QCborValue v = m_map.value(QLatin1String(key));
        if (!v.isInteger()) {
            fail(key);
            return 0;
        }
        return v.toInteger();
    }
    Money money(const char *key) { return Money::fromFen(integer(key)); }
    QByteArray bytes(const char *key)
    {
        const QCborValue v = m_map.value(QLatin1String(key));
        if (!v.isByteArray()) {
            fail(key);
            return {};
        }
        return v.toByteArray();
    }
    [[nodiscard]] bool has(const char *key) const { return m_map.contains(QLatin1String(key)); }
    QCborArray array(const char *key)
    {
        const QCborValue v = m_map.value(QLatin1String(key));
        if (!v.isArray()) {
            fail(key);
            return {};
        }
        return v.toArray();
    }
    QCborMap map(const char *key)
    {
        const QCborValue v = m_map.value(QLatin1String(key));
        if (!v.isMap()) {
            fail(key);
            return {};
        }
        return v.toMap();
    }
    void fail(const char *key)
    {
        if (m_missing.isEmpty())
            m_missing = QLatin1String(key);
    }
    [[nodiscard]] QString missing() const { return m_missing; }

private:
    QCborMap m_map;
    QString m_missing;
};

} // namespace

QString maskCustomerName(const QString &name, NameMask mask, QChar maskChar)
{
    const QList<uint> chars = name.trimmed().toUcs4();
    if (mask == NameMask::None || chars.isEmpty())
        return name.trimmed();
    QString out;
    const qsizetype n = chars.size();
    for (qsizetype i = 0; i < n; ++i) {
        const auto c = char32_t(chars[i]);
        bool keep = false;
        if (c == U' ')
            keep = true; // "J*** ****h": word breaks stay, so a Latin name keeps its shape
        else if (mask == NameMask::Middle)
            keep = i == 0 || (i == n - 1 && n > 2);
        else if (mask == NameMask::KeepFirst)
            keep = i == 0;
        if (keep)
            out.append(QString::fromUcs4(&c, 1));
        else
            out.append(maskChar);
    }
    return out;
}

Result<Receipt> Receipt::fromPayment(const JournalEntry &entry, const PaymentRecord &payment, const Account &account,
                                     const ReceiptContext &context)
{
    if (entry.kind != EntryKind::Payment)
        return receiptError("not-a-payment",
                            QT_TRANSLATE_NOOP("Receipt", "Only a payment entry can be printed as a payment receipt."));
    if (!committed(entry))
        return receiptError(
            "not-committed",
            QT_TRANSLATE_NOOP("Receipt", "The payment is not committed to the journal yet: no receipt before it is."));
    if (payment.accountNumber != account.number)
        return receiptError("account-mismatch",
                            QT_TRANSLATE_NOOP("Receipt", "The payment belongs to a different account."));
    Result<QList<ReceiptBillLine>> lines = billLines(payment);
    if (!lines)
        return lines.error();
    if (Status s = checkPayment(payment, lines.value()); !s)
        return s.error();

    Receipt r;
    r.kind = Kind::Payment;
    r.utilityName = context.utilityName;
    r.branchName = context.branchName;
    r.hotline = context.hotline;
    r.collectorName = context.collectorName;
    r.utcOffsetSeconds = context.utcOffsetSeconds;
    r.receiptNumber = entry.receiptNumber();
    r.entrySeq = entry.seq;
    r.timeMs = entry.timeMs;
    r.entryHash = entry.hash;
    r.accountNumber = account.number;
    r.customerName = account.name;
    r.address = account.address;
    r.bills = lines.value();
    r.total = payment.amount;
    r.method = payment.method;
    r.methodReference = payment.reference;
    r.tendered = payment.tendered;
    r.change = payment.change;
    r.stillOwed = payment.stillOwed;
    r.prepaid = payment.toPrepaid;
    if (context.signer)
        r.verificationCode = ReceiptCode::sign(ReceiptCode::Kind::Payment, *context.signer, entry.seq, entry.timeMs,
                                               account.number, payment.amount.fen())
                                 .text(context.verifyAddress);
    return r;
}

Result<Receipt> Receipt::fromVoid(const JournalEntry &voidEntry, const VoidRecord &voidRecord,
                                  const JournalEntry &paymentEntry, const PaymentRecord &payment,
                                  const Account &account, const ReceiptContext &context)
{
    if (voidEntry.kind != EntryKind::Void)
        return receiptError("not-a-void",
                            QT_TRANSLATE_NOOP("Receipt", "Only a void entry can be printed as a void receipt."));
    if (!committed(voidEntry))
        return receiptError(
            "not-committed",
            QT_TRANSLATE_NOOP("Receipt", "The void is not committed to the journal yet: no receipt before it is."));
    if (voidRecord.voidedSeq != paymentEntry.seq)
        return receiptError("void-mismatch", QT_TRANSLATE_NOOP("Receipt", "The void reverses a different payment."));
    Result<Receipt> original = fromPayment(paymentEntry, payment, account, context);
    if (!original)
        return original.error();

    Receipt r = original.value();
    r.kind = Kind::Void;
    r.voidedReceiptNumber = r.receiptNumber;
    r.receiptNumber = voidEntry.receiptNumber();
    r.entrySeq = voidEntry.seq;
    r.timeMs = voidEntry.timeMs;
    r.entryHash = voidEntry.hash;
    r.voidReason = voidRecord.reason;
    r.supervisorId = voidRecord.supervisorId;
    if (context.signer)
        r.verificationCode = ReceiptCode::sign(ReceiptCode::Kind::Void, *context.signer, voidEntry.seq,
                                               voidEntry.timeMs, account.number, payment.amount.fen())
                                 .text(context.verifyAddress);
    return r;
}

ZReportFigures zReportFigures(const ZReport &report, const QString &deviceId, const QString &supervisorName)
{
    const DailyTotals &t = report.totals;
    ZReportFigures f;
    // Numbered by closes, Z1, Z2, Z3 …, not by the shift's seq (Z1 then Z11 after ten entries).
    f.reportNumber = deviceId + QStringLiteral("-Z") + QString::number(report.number);
    f.closeSeq = report.closeSeq;
    f.openedMs = report.openedMs;
    f.closedMs = report.closedMs;
    // What was collected, net of voids, is what the cash and the bank must account for.
    f.paymentCount = int(t.collected().count);
    f.paymentTotal = t.collected().amount;
    for (const PaymentMethod m :
         {PaymentMethod::Cash, PaymentMethod::BankCard, PaymentMethod::RechargeVoucher, PaymentMethod::BankTransfer}) {
        const CountedAmount c = t.collected(m);
        if (c.count != 0 || !c.amount.isZero())
            f.byMethod.append({m, int(c.count), c.amount});
    }
    f.penaltyTotal = t.penaltiesCollected();
    f.prepaidTotal = t.prepaidCredited();
    f.voidCount = int(t.voids().count);
    f.voidTotal = t.voids().amount;
    f.visitCount = int(t.visits());
    f.receiptsPrinted = int(t.receiptsPrinted());
    f.reprints = int(t.receiptsReprinted());
    f.openingFloat = t.openingFloat();
    f.expectedCash = report.closing.expectedCash;
    f.countedCash = report.closing.countedCash;
    f.earlierCounts = report.counts.mid(0, std::max<qsizetype>(0, report.counts.size() - 1));
    f.supervisorName = supervisorName;
    f.hasPerpetualTotals = report.closing.hasPerpetualTotals();
    f.everPaidCount = report.closing.everPaidCount;
    f.everPaid = report.closing.everPaid;
    f.everVoidedCount = report.closing.everVoidedCount;
    f.everVoided = report.closing.everVoided;
    return f;
}

Receipt Receipt::fromZReport(const ZReportFigures &figures, const ReceiptContext &context)
{
    Receipt r;
    r.kind = Kind::ZReport;
    r.utilityName = context.utilityName;
    r.branchName = context.branchName;
    r.hotline = context.hotline;
    r.collectorName = context.collectorName;
    r.utcOffsetSeconds = context.utcOffsetSeconds;
    r.receiptNumber = figures.reportNumber;
    r.entrySeq = figures.closeSeq;
    r.timeMs = figures.closedMs;
    r.total = figures.paymentTotal;
    r.zReport = figures;
    return r;
}

Receipt Receipt::asPrint(int number, bool wasCutOff) const
{
    Receipt r = *this;
    r.printNumber = number < 1 ? 1 : number;
    r.continued = wasCutOff;
    return r;
}

QString Receipt::qrPayload() const
{
    if (kind == Kind::ZReport)
        return {};
    if (!verificationCode.isEmpty())
        return verificationCode;
    const QString kindLetter = kind == Kind::Void ? QStringLiteral("V") : QStringLiteral("P");
    return QStringLiteral("DSR1|") + kindLetter + QLatin1Char('|') + escapeField(receiptNumber) + QLatin1Char('|') +
           escapeField(accountNumber) + QLatin1Char('|') + QString::number(total.fen()) + QLatin1Char('|') +
           QString::fromLatin1(entryHash.left(4).toHex().toUpper());
}

QCborMap Receipt::toCbor() const
{
    QCborArray billArray;
    for (const ReceiptBillLine &b : bills)
        billArray.append(QCborArray{b.period, b.principal.fen(), b.penalty.fen()});
    QCborMap m;
    m.insert(QLatin1String("v"), 1);
    m.insert(QLatin1String("kind"), qint64(kind));
    m.insert(QLatin1String("utility"), utilityName);
    m.insert(QLatin1String("branch"), branchName);
    m.insert(QLatin1String("hotline"), hotline);
    m.insert(QLatin1String("collector"), collectorName);
    m.insert(QLatin1String("utcOffset"), qint64(utcOffsetSeconds));
    m.insert(QLatin1String("number"), receiptNumber);
    m.insert(QLatin1String("seq"), entrySeq);
    m.insert(QLatin1String("time"), timeMs);
    m.insert(QLatin1String("hash"), entryHash);
    m.insert(QLatin1String("account"), accountNumber);
    m.insert(QLatin1String("name"), customerName);
    m.insert(QLatin1String("address"), address);
    m.insert(QLatin1String("bills"), billArray);
    m.insert(QLatin1String("total"), moneyValue(total));
    m.insert(QLatin1String("method"), qint64(method));
    m.insert(QLatin1String("reference"), methodReference);
    m.insert(QLatin1String("tendered"), moneyValue(tendered));
    m.insert(QLatin1String("change"), moneyValue(change));
    m.insert(QLatin1String("owed"), moneyValue(stillOwed));
    m.insert(QLatin1String("prepaid"), moneyValue(prepaid));
    m.insert(QLatin1String("voided"), voidedReceiptNumber);
    m.insert(QLatin1String("reason"), voidReason);
    m.insert(QLatin1String("supervisor"), supervisorId);
    m.insert(QLatin1String("z"), zToCbor(zReport));
    m.insert(QLatin1String("print"), qint64(printNumber));
    m.insert(QLatin1String("continued"), continued);
    if (!verificationCode.isEmpty()) // absent in receipts queued before codes were signed
        m.insert(QLatin1String("code"), verificationCode);
    return m;
}

Result<Receipt> Receipt::fromCbor(const QCborMap &map)
{
    CborReader in(map);
    if (in.integer("v") != 1)
        return receiptError("bad-stored", QT_TRANSLATE_NOOP("Receipt", "A stored receipt has an unknown format."));
    Receipt r;
    const qint64 k = in.integer("kind");
    if (k < 1 || k > 3)
        in.fail("kind");
    r.kind = Kind(k);
    r.utilityName = in.text("utility");
    r.branchName = in.text("branch");
    r.hotline = in.text("hotline");
    r.collectorName = in.text("collector");
    r.utcOffsetSeconds = int(in.integer("utcOffset"));
    r.receiptNumber = in.text("number");
    r.entrySeq = in.integer("seq");
    r.timeMs = in.integer("time");
    r.entryHash = in.bytes("hash");
    r.accountNumber = in.text("account");
    r.customerName = in.text("name");
    r.address = in.text("address");
    for (const auto &v : in.array("bills")) {
        const QCborArray b = v.toArray();
        if (b.size() != 3 || !b.at(0).isString() || !b.at(1).isInteger() || !b.at(2).isInteger()) {
            in.fail("bills");
            break;
        }
        r.bills.append(ReceiptBillLine{b.at(0).toString(), Money::fromFen(b.at(1).toInteger()),
                                       Money::fromFen(b.at(2).toInteger())});
    }
    r.total = in.money("total");
    const qint64 method = in.integer("method");
    if (method < 1 || method > 4)
        in.fail("method");
    r.method = PaymentMethod(method);
    r.methodReference = in.text("reference");
    r.tendered = in.money("tendered");
    r.change = in.money("change");
    r.stillOwed = in.money("owed");
    r.prepaid = in.money("prepaid");
    r.voidedReceiptNumber = in.text("voided");
    r.voidReason = in.text("reason");
    r.supervisorId = in.text("supervisor");
    if (map.contains(QLatin1String("code"))) {
        const QCborValue code = map.value(QLatin1String("code"));
        if (!code.isString() || code.toString().size() > 2048)
            return receiptError("bad-stored", QT_TRANSLATE_NOOP("Receipt", "A stored receipt has an unknown format."));
        r.verificationCode = code.toString();
    }

    CborReader z(in.map("z"));
    ZReportFigures &f = r.zReport;
    f.reportNumber = z.text("number");
    f.openedMs = z.integer("opened");
    f.closedMs = z.integer("closed");
    f.paymentCount = int(z.integer("payments"));
    f.paymentTotal = z.money("paymentTotal");
    for (const auto &v : z.array("methods")) {
        const QCborArray l = v.toArray();
        if (l.size() != 3 || !l.at(0).isInteger() || l.at(0).toInteger() < 1 || l.at(0).toInteger() > 4) {
            z.fail("methods");
            break;
        }
        f.byMethod.append(ZReportMethodLine{PaymentMethod(l.at(0).toInteger()), int(l.at(1).toInteger()),
                                            Money::fromFen(l.at(2).toInteger())});
    }
    f.penaltyTotal = z.money("penaltyTotal");
    f.prepaidTotal = z.money("prepaidTotal");
    f.voidCount = int(z.integer("voids"));
    f.voidTotal = z.money("voidTotal");
    f.visitCount = int(z.integer("visits"));
    f.receiptsPrinted = int(z.integer("printed"));
    f.reprints = int(z.integer("reprints"));
    f.openingFloat = z.money("float");
    f.expectedCash = z.money("expected");
    f.countedCash = z.money("counted");
    if (z.has("earlierCounts")) {
        const QCborArray earlier = z.array("earlierCounts");
        if (earlier.isEmpty() || earlier.size() > 1000)
            z.fail("earlierCounts");
        for (const auto &v : earlier) {
            if (!v.isInteger() || v.toInteger() < 0 || v.toInteger() > Money::MaxFen) {
                z.fail("earlierCounts");
                break;
            }
            f.earlierCounts.append(Money::fromFen(v.toInteger()));
        }
    }
    f.supervisorName = z.text("supervisor");
    if (z.has("ever")) {
        const QCborArray ever = z.array("ever");
        const bool sound = ever.size() == 4 && std::all_of(ever.begin(), ever.end(), [](const QCborValue &v) {
                               return v.isInteger() && v.toInteger() >= 0 && v.toInteger() <= Money::MaxFen;
                           });
        if (sound) {
            f.hasPerpetualTotals = true;
            f.everPaidCount = ever.at(0).toInteger();
            f.everPaid = Money::fromFen(ever.at(1).toInteger());
            f.everVoidedCount = ever.at(2).toInteger();
            f.everVoided = Money::fromFen(ever.at(3).toInteger());
        } else {
            z.fail("ever");
        }
    }
    // The close a Z-report prints is the receipt's entry (kept once, as "seq").
    if (r.kind == Kind::ZReport)
        f.closeSeq = r.entrySeq;
    if (!z.missing().isEmpty())
        in.fail("z");

    r.printNumber = int(in.integer("print"));
    const QCborValue cont = map.value(QLatin1String("continued"));
    if (!cont.isBool())
        in.fail("continued");
    r.continued = cont.toBool();
    if (!in.missing().isEmpty()) {
        return Error{
            QStringLiteral("printing.receipt.bad-stored"),
            QCoreApplication::translate("Receipt", "A stored receipt is damaged (field \"%1\").").arg(in.missing())};
    }
    return r;
}
