#pragma once

#include <QStringList>

#include "deskcontroller.h"

/**
 * At the door: the split a typed amount would make, the payment itself and a visit without one.
 * The desk parses the amount, allocates it in the route's order (CollectionDesk::previewPayment,
 * the order takePayment commits) and journals; `paid` comes only after the durable commit
 * (ARCHITECTURE.md rule 2), and the receipt goes to the printer from the committed entry.
 * Amounts arrive as typed; QML receives formatted strings.
 */
class PaymentController : public DeskController
{
    Q_OBJECT
    QML_ELEMENT
    /// One line per allocation part ("2024-03 penalty  ¥2.10"), empty while no good split is known.
    Q_PROPERTY(QStringList previewLines READ previewLines NOTIFY previewChanged)
    Q_PROPERTY(QString previewPrepaid READ previewPrepaid NOTIFY previewChanged)
    Q_PROPERTY(QString previewOwed READ previewOwed NOTIFY previewChanged)

public:
    using DeskController::DeskController;

    [[nodiscard]] QStringList previewLines() const { return m_previewLines; }
    [[nodiscard]] QString previewPrepaid() const { return m_previewPrepaid; }
    [[nodiscard]] QString previewOwed() const { return m_previewOwed; }

    /// How `amount` (blank: everything owed) would settle the account. A refused amount clears
    /// the split: the last good one would lie.
    Q_INVOKABLE void previewPayment(const QString &accountNumber, const QString &amount);
    /// method: 1 cash, 2 bank card, 3 voucher, 4 bank transfer (PaymentMethod). Blank tendered
    /// cash is the exact amount.
    Q_INVOKABLE void takePayment(const QString &accountNumber, const QString &amount, int method,
                                 const QString &tendered, const QString &reference);
    /// outcome: VisitOutcome (1 not home … 6 note); promisedDate "YYYY-MM-DD" for a promise.
    Q_INVOKABLE void recordVisit(const QString &accountNumber, int outcome, const QString &promisedDate,
                                 const QString &note);

signals:
    void previewChanged();
    /// The payment is durably in the journal: its receipt number, amount, change and seq.
    void paid(const QString &receiptNumber, const QString &amount, const QString &change, qint64 seq);
    void visitRecorded(const QString &message);

private:
    void setPreview(const QStringList &lines, const QString &prepaid, const QString &owed);

    QStringList m_previewLines;
    QString m_previewPrepaid;
    QString m_previewOwed;
};
