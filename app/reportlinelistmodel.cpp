#include "reportlinelistmodel.h"

int ReportLineListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant ReportLineListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReportLine &l = m_lines.at(index.row());
    switch (role) {
    case KeyRole:
        return l.key;
    case LabelRole:
    case Qt::DisplayRole:
        return l.label;
    case DetailRole:
        return l.detail;
    case AmountTextRole:
        return l.amountText;
    case ShareRole:
        return l.sharePermille;
    case FlaggedRole:
        return l.flagged;
    default:
        return {};
    }
}

QHash<int, QByteArray> ReportLineListModel::roleNames() const
{
    return {{KeyRole, "key"},     {LabelRole, "label"},    {DetailRole, "detail"}, {AmountTextRole, "amountText"},
            {ShareRole, "share"}, {FlaggedRole, "flagged"}};
}

void ReportLineListModel::reset(const QList<ReportLine> &lines)
{
    const bool countChanges = lines.size() != m_lines.size();
    beginResetModel();
    m_lines = lines;
    endResetModel();
    if (countChanges)
        emit countChanged();
}
