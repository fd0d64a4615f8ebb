#include "receiptscontroller.h"

#include "deskworker.h"

namespace {

Result<QString> voidOne(DeskWorker &w, qint64 paymentSeq, const QString &reason, const QString &supervisorId,
                        const QString &supervisorPin)
{
    if (!w.desk)
        return DeskWork::notReady();
    const auto r = w.desk->voidPayment(paymentSeq, reason.trimmed(), supervisorId, supervisorPin);
    if (!r.ok())
        return r.error();
    // Before the void's slip: the payment's own receipt, if still queued, is withdrawn.
    w.service->announceVoid(paymentSeq);
    // The void's own slip, saying which receipt it cancels.
    const auto payment = w.journal->entry(paymentSeq);
    const auto record = payment ? recordFromCbor<PaymentRecord>(payment->body) : Result<PaymentRecord>(Error{});
    const auto voidRecord = recordFromCbor<VoidRecord>(r->body);
    const auto account = record.ok() ? w.route->findByNumber(record->accountNumber) : std::nullopt;
    if (payment && record.ok() && voidRecord.ok() && account) {
        const auto slip = Receipt::fromVoid(r.value(), voidRecord.value(), *payment, record.value(), *account,
                                            DeskWork::receiptContext(w));
        if (slip.ok())
            w.service->announceReceipt(slip.value());
    }
    w.service->loadShiftPayments();
    return r->receiptNumber();
}

} // namespace

ShiftPaymentListModel *ReceiptsController::shiftPayments() const
{
    return desk() ? desk()->shiftPayments() : nullptr;
}

void ReceiptsController::refresh()
{
    if (begin())
        desk()->listShiftPayments();
}

QString ReceiptsController::reasonProblem(const QString &reason) const
{
    const Status st = CollectionDesk::checkVoidReason(reason);
    return st.ok() ? QString() : st.error().message;
}

void ReceiptsController::voidPayment(qint64 paymentSeq, const QString &reason, const QString &supervisorId,
                                     const QString &supervisorPin)
{
    if (!begin())
        return;
    submit([=](DeskWorker &w) { return voidOne(w, paymentSeq, reason, supervisorId, supervisorPin); },
           [this](const Result<QString> &number) {
               if (number.ok())
                   emit voided(number.value());
               else
                   refuse(number.error());
           });
}
