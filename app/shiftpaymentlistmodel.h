#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>

/** One payment of the open shift as the receipts screen lists it: formatted, never computed in QML. */
struct ShiftPaymentRow
{
    qint64 seq = 0;
    QString receiptNumber;
    QString accountNumber;
    QString customerName;
    QString amountText;
    QString methodText;
    QString timeText;
    bool voided = false;
    int printCount = 0;
    bool operator==(const ShiftPaymentRow &) const = default;
};
Q_DECLARE_METATYPE(ShiftPaymentRow)

/**
 * The open shift's payments, newest first, for reprints and voids. Filled by DeskService from the
 * journal on its worker thread.
 */
class ShiftPaymentListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ShiftPaymentListModel belongs to DeskService")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        SeqRole = Qt::UserRole + 1,
        ReceiptNumberRole,
        AccountNumberRole,
        CustomerNameRole,
        AmountTextRole,
        MethodTextRole,
        TimeTextRole,
        VoidedRole,
        PrintCountRole,
    };

    using QAbstractListModel::QAbstractListModel;
    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    void reset(const QList<ShiftPaymentRow> &rows);
    [[nodiscard]] const QList<ShiftPaymentRow> &rows() const { return m_rows; }

signals:
    void countChanged();

private:
    QList<ShiftPaymentRow> m_rows;
};
