#include "shiftpaymentlistmodel.h"

int ShiftPaymentListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ShiftPaymentListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ShiftPaymentRow &r = m_rows.at(index.row());
    switch (role) {
    case SeqRole:
        return r.seq;
    case ReceiptNumberRole:
    case Qt::DisplayRole:
        return r.receiptNumber;
    case AccountNumberRole:
        return r.accountNumber;
    case CustomerNameRole:
        return r.customerName;
    case AmountTextRole:
        return r.amountText;
    case MethodTextRole:
        return r.methodText;
    case TimeTextRole:
        return r.timeText;
    case VoidedRole:
        return r.voided;
    case PrintCountRole:
        return r.printCount;
    default:
        return {};
    }
}

QHash<int, QByteArray> ShiftPaymentListModel::roleNames() const
{
    return {{SeqRole, "seq"},
            {ReceiptNumberRole, "receiptNumber"},
            {AccountNumberRole, "accountNumber"},
            {CustomerNameRole, "customerName"},
            {AmountTextRole, "amountText"},
            {MethodTextRole, "methodText"},
            {TimeTextRole, "timeText"},
            {VoidedRole, "voided"},
            {PrintCountRole, "printCount"}};
}

void ShiftPaymentListModel::reset(const QList<ShiftPaymentRow> &rows)
{
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = rows;
    endResetModel();
    if (countChanges)
        emit countChanged();
}
