#pragma once

#include "deskcontroller.h"
#include "shiftpaymentlistmodel.h"

/**
 * This shift's receipts: the payments for reprints, and a void approved on the spot by a
 * supervisor's PIN. A void withdraws the payment's receipt if it has not printed yet, then
 * prints the void's own slip naming the receipt it cancels (through the desk's receiptReady).
 */
class ReceiptsController : public DeskController
{
    Q_OBJECT
    QML_ELEMENT
    /// The open shift's payments, newest first (the desk's list: prints and voids update it).
    Q_PROPERTY(ShiftPaymentListModel *shiftPayments READ shiftPayments NOTIFY deskChanged)

public:
    using DeskController::DeskController;

    [[nodiscard]] ShiftPaymentListModel *shiftPayments() const;

    /// Reads shiftPayments again from the journal.
    Q_INVOKABLE void refresh();
    /// What is wrong with a void's reason, in words; empty when it will do (the desk's own rule).
    Q_INVOKABLE QString reasonProblem(const QString &reason) const;
    /// Reverses a payment of this shift with the reason and a supervisor's approval: answers voided.
    Q_INVOKABLE void voidPayment(qint64 paymentSeq, const QString &reason, const QString &supervisorId,
                                 const QString &supervisorPin);

signals:
    /// The void is in the journal; `receiptNumber` is the void's own slip.
    void voided(const QString &receiptNumber);
};
