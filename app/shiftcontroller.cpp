#include "shiftcontroller.h"

#include "deskworker.h"
#include "localtime.h"
#include "supervisorlines.h"

using DeskWork::counted;
using DeskWork::text;

namespace {

struct Count
{
    QString counted;
    QString expected;
    QString difference;
    bool needsSupervisor = false;
};

struct Closed
{
    QString reportNumber;
    QStringList lines;
};

// The Z-report as the screen lists it; the paper shows the same figures through the printer.
QStringList zReportLines(const ZReportFigures &f)
{
    const auto line = [](const char *label, const QString &value) { return text(label).arg(value); };
    const auto time = [](qint64 ms) { return LocalTime::dateTime(ms); };
    QStringList lines;
    lines << line(QT_TRANSLATE_NOOP("DeskService", "Report %1"), f.reportNumber)
          << line(QT_TRANSLATE_NOOP("DeskService", "Opened %1"), time(f.openedMs))
          << line(QT_TRANSLATE_NOOP("DeskService", "Closed %1"), time(f.closedMs))
          << counted(QT_TRANSLATE_N_NOOP("DeskService", "%n payment(s) · %1"), f.paymentCount)
                 .arg(f.paymentTotal.format());
    for (const ZReportMethodLine &m : f.byMethod)
        lines << counted(QT_TRANSLATE_N_NOOP("DeskService", "  %1: %n payment(s) · %2"), m.count)
                     .arg(SupervisorLines::methodText(int(m.method)), m.amount.format());
    lines << line(QT_TRANSLATE_NOOP("DeskService", "Penalties collected: %1"), f.penaltyTotal.format())
          << line(QT_TRANSLATE_NOOP("DeskService", "To prepaid balances: %1"), f.prepaidTotal.format())
          << counted(QT_TRANSLATE_N_NOOP("DeskService", "%n void(s) · %1"), f.voidCount).arg(f.voidTotal.format())
          << counted(QT_TRANSLATE_N_NOOP("DeskService", "%n visit(s) without payment"), f.visitCount)
          << counted(QT_TRANSLATE_N_NOOP("DeskService", "%n receipt(s) printed"), f.receiptsPrinted) +
                 QStringLiteral(" · ") + counted(QT_TRANSLATE_N_NOOP("DeskService", "%n reprint(s)"), f.reprints)
          << line(QT_TRANSLATE_NOOP("DeskService", "Opening float: %1"), f.openingFloat.format())
          << line(QT_TRANSLATE_NOOP("DeskService", "Expected cash: %1"), f.expectedCash.format())
          << line(QT_TRANSLATE_NOOP("DeskService", "Counted cash: %1"), f.countedCash.format())
          << line(QT_TRANSLATE_NOOP("DeskService", "Difference: %1"), (f.countedCash - f.expectedCash).format());
    if (!f.supervisorName.isEmpty())
        lines << line(QT_TRANSLATE_NOOP("DeskService", "Difference accepted by %1"), f.supervisorName);
    return lines;
}

Status startShift(DeskWorker &w, const QString &openingFloat)
{
    const auto amount = DeskWork::parsedOr(openingFloat, Money());
    if (!amount.ok())
        return amount.error();
    if (!w.desk)
        return DeskWork::notReady();
    const auto r = w.desk->openShift(amount.value());
    w.stateDirty = true;
    if (!r.ok())
        return r.error().message.isEmpty() ? DeskWork::notReady() : r.error();
    return success();
}

Result<Count> blindCount(DeskWorker &w, const QVariantMap &pieces)
{
    const auto counts = ShiftController::parsePieces(pieces);
    if (!counts.ok())
        return counts.error();
    if (!w.desk)
        return DeskWork::notReady();
    const auto r = w.desk->countCash(counts.value());
    if (!r.ok())
        return r.error();
    return Count{r->counted.format(), r->expected.format(), r->difference().format(), r->needsSupervisor()};
}

Result<Closed> closeWith(DeskWorker &w, const QVariantMap &pieces, const QString &supervisorId,
                         const QString &supervisorPin)
{
    const auto counts = ShiftController::parsePieces(pieces);
    if (!counts.ok())
        return counts.error();
    if (!w.desk)
        return DeskWork::notReady();
    const ReceiptContext context = DeskWork::receiptContext(w); // whose shift it was, before it closes
    const auto r = w.desk->closeShift(counts.value(), supervisorId, supervisorPin);
    w.stateDirty = true;
    if (!r.ok())
        return r.error();
    const auto approver = w.roster.find(r->closing.supervisorId);
    const ZReportFigures figures = zReportFigures(r.value(), w.config.deviceId, approver ? approver->name : QString());
    w.service->announceReceipt(Receipt::fromZReport(figures, context));
    w.service->loadShiftPayments();
    return Closed{figures.reportNumber, zReportLines(figures)};
}

Result<QString> handOver(DeskWorker &w, const QString &amount, const QString &receivedBy)
{
    const auto m = DeskWork::parsedOr(amount, Money());
    if (!m.ok())
        return m.error();
    if (!w.desk)
        return DeskWork::notReady();
    if (const auto r = w.desk->handOverCash(m.value(), receivedBy.trimmed()); !r.ok())
        return r.error();
    return m->format();
}

} // namespace

QList<qint64> ShiftController::denominations()
{
    return CashCount::denominations();
}

QStringList ShiftController::denominationLabels()
{
    QStringList labels;
    for (const qint64 fen : CashCount::denominations())
        labels << Money::fromFen(fen).format();
    return labels;
}

QString ShiftController::countedTotal(const QVariantMap &pieces) const
{
    const auto counts = parsePieces(pieces);
    const auto count = counts.ok() ? CashCount::fromCounts(counts.value()) : Result<CashCount>(counts.error());
    return count.ok() ? count->total().format() : QString();
}

Result<QMap<qint64, qint64>> ShiftController::parsePieces(const QVariantMap &pieces)
{
    QMap<qint64, qint64> counts;
    for (auto it = pieces.cbegin(); it != pieces.cend(); ++it) {
        bool keyOk = false;
        const qint64 fen = it.key().toLongLong(&keyOk);
        const QString typed = it.value().toString().trimmed();
        if (typed.isEmpty())
            continue;
        bool ok = false;
        const qint64 n = typed.toLongLong(&ok);
        if (!keyOk || !ok || n < 0 || typed.size() > 9)
            return Error{
                QStringLiteral("desk.bad-count"),
                text(QT_TRANSLATE_NOOP("DeskService", "Count each note and coin as a whole number of pieces."))};
        if (n > 0)
            counts.insert(fen, n);
    }
    return counts;
}

void ShiftController::openShift(const QString &openingFloat)
{
    if (!begin())
        return;
    submit([openingFloat](DeskWorker &w) { return startShift(w, openingFloat); },
           [this](const Status &s) {
               if (s.ok())
                   emit opened();
               else
                   refuse(s.error());
           });
}

void ShiftController::countCash(const QVariantMap &pieces)
{
    if (!begin())
        return;
    submit([pieces](DeskWorker &w) { return blindCount(w, pieces); },
           [this](const Result<Count> &c) {
               if (c.ok())
                   emit cashCounted(c->counted, c->expected, c->difference, c->needsSupervisor);
               else
                   refuse(c.error());
           });
}

void ShiftController::closeShift(const QVariantMap &pieces, const QString &supervisorId, const QString &supervisorPin)
{
    if (!begin())
        return;
    submit([=](DeskWorker &w) { return closeWith(w, pieces, supervisorId, supervisorPin); },
           [this](const Result<Closed> &c) {
               if (c.ok())
                   emit closed(c->reportNumber, c->lines);
               else
                   refuse(c.error());
           });
}

void ShiftController::handOverCash(const QString &amount, const QString &receivedBy)
{
    if (!begin())
        return;
    submit([=](DeskWorker &w) { return handOver(w, amount, receivedBy); },
           [this](const Result<QString> &handed) {
               if (handed.ok())
                   emit cashHandedOver(handed.value());
               else
                   refuse(handed.error());
           });
}
