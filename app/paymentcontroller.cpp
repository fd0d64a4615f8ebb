#include "paymentcontroller.h"

#include "deskworker.h"

using DeskWork::text;

namespace {

struct Preview
{
    QStringList lines;
    QString prepaid;
    QString owed;
};

struct Paid
{
    QString receiptNumber;
    QString amount;
    QString change;
    qint64 seq = 0;
};

Result<Preview> preview(DeskWorker &w, const QString &accountNumber, const QString &typed)
{
    if (!w.desk)
        return DeskWork::notReady();
    std::optional<Money> amount; // blank: everything owed
    if (!typed.trimmed().isEmpty()) {
        const auto parsed = Money::parse(typed.trimmed());
        if (!parsed.ok())
            return parsed.error();
        amount = parsed.value();
    }
    const auto a = w.desk->previewPayment(accountNumber, amount);
    if (!a.ok())
        return a.error();
    Preview p;
    for (const AllocationLine &l : a->lines)
        p.lines << (l.part == AllocationLine::Part::Penalty ? text(QT_TRANSLATE_NOOP("DeskService", "%1 penalty  %2"))
                                                            : text(QT_TRANSLATE_NOOP("DeskService", "%1 bill  %2")))
                       .arg(l.period, l.amount.format());
    p.prepaid = a->toPrepaid.format();
    p.owed = a->stillOwed.format();
    return p;
}

Result<Paid> pay(DeskWorker &w, const QString &accountNumber, const QString &amount, int method,
                 const QString &tendered, const QString &reference)
{
    const auto paid = DeskWork::parsedOr(amount, Money());
    if (!paid.ok())
        return paid.error();
    const auto cash = DeskWork::parsedOr(tendered, paid.value());
    if (!cash.ok())
        return cash.error();
    if (!w.desk)
        return DeskWork::notReady();
    if (method < int(PaymentMethod::Cash) || method > int(PaymentMethod::BankTransfer))
        return Error{QStringLiteral("desk.choose-method"),
                     text(QT_TRANSLATE_NOOP("DeskService", "Choose how the customer pays."))};
    const auto r = w.desk->takePayment(accountNumber, paid.value(), PaymentMethod(method), cash.value(), reference);
    if (!r.ok())
        return r.error();
    // The slip is built from the committed entry; the printer starts after "paid".
    const auto account = w.route->findByNumber(r->record.accountNumber);
    auto slip = account ? Receipt::fromPayment(r->entry, r->record, *account, DeskWork::receiptContext(w))
                        : Result<Receipt>(Error{});
    if (slip.ok())
        w.service->announceReceipt(slip.value());
    return Paid{r->entry.receiptNumber(), r->record.amount.format(), r->record.change.format(), r->entry.seq};
}

Result<QString> visit(DeskWorker &w, const QString &accountNumber, int outcome, const QString &promisedDate,
                      const QString &note)
{
    if (!w.desk)
        return DeskWork::notReady();
    if (outcome < int(VisitOutcome::NotHome) || outcome > int(VisitOutcome::Note))
        return Error{QStringLiteral("desk.choose-outcome"),
                     text(QT_TRANSLATE_NOOP("DeskService", "Choose what happened at the door."))};
    const QDate date = QDate::fromString(promisedDate.trimmed(), Qt::ISODate);
    if (VisitOutcome(outcome) == VisitOutcome::PromisedToPay && !date.isValid())
        return Error{QStringLiteral("desk.promise-date-format"),
                     text(QT_TRANSLATE_NOOP("DeskService", "Enter the promised date as YYYY-MM-DD."))};
    const auto r = w.desk->recordVisit(accountNumber, VisitOutcome(outcome), date, note.trimmed());
    if (!r.ok())
        return r.error();
    return text(QT_TRANSLATE_NOOP("DeskService", "Visit recorded (entry %1).")).arg(r->seq);
}

} // namespace

void PaymentController::setPreview(const QStringList &lines, const QString &prepaid, const QString &owed)
{
    m_previewLines = lines;
    m_previewPrepaid = prepaid;
    m_previewOwed = owed;
    emit previewChanged();
}

void PaymentController::previewPayment(const QString &accountNumber, const QString &amount)
{
    if (!begin())
        return setPreview({}, {}, {});
    submit([=](DeskWorker &w) { return preview(w, accountNumber, amount); },
           [this](const Result<Preview> &p) {
               // Answers come in the order asked: a good split for a later keystroke outdates the
               // refusal of an earlier one ("437357." before "437357.26").
               if (p.ok()) {
                   clearError();
                   setPreview(p->lines, p->prepaid, p->owed);
               } else {
                   setPreview({}, {}, {});
                   refuse(p.error());
               }
           });
}

void PaymentController::takePayment(const QString &accountNumber, const QString &amount, int method,
                                    const QString &tendered, const QString &reference)
{
    if (!begin())
        return;
    submit([=](DeskWorker &w) { return pay(w, accountNumber, amount, method, tendered, reference); },
           [this](const Result<Paid> &p) {
               // "Paid" only now: the entry is durably committed.
               if (p.ok())
                   emit paid(p->receiptNumber, p->amount, p->change, p->seq);
               else
                   refuse(p.error());
           });
}

void PaymentController::recordVisit(const QString &accountNumber, int outcome, const QString &promisedDate,
                                    const QString &note)
{
    if (!begin())
        return;
    submit([=](DeskWorker &w) { return visit(w, accountNumber, outcome, promisedDate, note); },
           [this](const Result<QString> &done) {
               if (done.ok())
                   emit visitRecorded(done.value());
               else
                   refuse(done.error());
           });
}
