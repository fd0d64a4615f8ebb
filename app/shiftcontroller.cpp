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
    int countNumber = 0; ///< 0: no count journaled yet in this shift
};

Count countShown(const CollectionDesk::CountResult &r)
{
    return Count{r.counted.format(), r.expected.format(), r.difference().format(), r.needsSupervisor(), r.countNumber};
}

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
          << line(QT_TRANSLATE_NOOP("DeskService", "Expected cash: %1"), f.expectedCash.format());
    for (const Money &earlier : f.earlierCounts)
        lines << line(QT_TRANSLATE_NOOP("DeskService", "Earlier count: %1"), earlier.format());
    lines << line(QT_TRANSLATE_NOOP("DeskService", "Counted cash: %1"), f.countedCash.format())
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
    w.stateDirty = true;
    if (!r.ok())
        return r.error();
    return countShown(r.value());
}

Result<Count> journaledCount(DeskWorker &w)
{
    if (!w.desk)
        return DeskWork::notReady();
    const auto r = w.desk->lastCount();
    return r ? countShown(*r) : Count{};
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

struct HandedOver
{
    QString amount;
    QString receiverName;
    QString cashInHand; ///< what the journal says the collector still holds
};

Result<HandedOver> handOver(DeskWorker &w, const QVariantMap &pieces, const QString &receiverId,
                            const QString &receiverPin)
{
    const auto counts = ShiftController::parsePieces(pieces);
    if (!counts.ok())
        return counts.error();
    if (!w.desk)
        return DeskWork::notReady();
    const auto r = w.desk->handOverCash(counts.value(), receiverId, receiverPin);
    w.stateDirty = true;
    if (!r.ok())
        return r.error();
    const auto record = recordFromCbor<CashHandedOverRecord>(r->body);
    const auto receiver = w.roster.find(receiverId.trimmed());
    return HandedOver{record.ok() ? record->amount.format() : QString(), receiver ? receiver->name : receiverId,
                      w.desk->shiftTotals().expectedCashInHand().format()};
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
                   emit cashCounted(c->counted, c->expected, c->difference, c->needsSupervisor, c->countNumber);
               else
                   refuse(c.error());
           });
}

void ShiftController::showJournaledCount()
{
    if (!begin())
        return;
    submit([](DeskWorker &w) { return journaledCount(w); },
           [this](const Result<Count> &c) {
               if (!c.ok())
                   refuse(c.error());
               else if (c->countNumber > 0)
                   emit cashCounted(c->counted, c->expected, c->difference, c->needsSupervisor, c->countNumber);
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

void ShiftController::handOverCash(const QVariantMap &pieces, const QString &receiverId, const QString &receiverPin)
{
    if (!begin())
        return;
    submit([=](DeskWorker &w) { return handOver(w, pieces, receiverId, receiverPin); },
           [this](const Result<HandedOver> &handed) {
               if (handed.ok())
                   emit cashHandedOver(handed->amount, handed->receiverName, handed->cashInHand);
               else
                   refuse(handed.error());
           });
}
