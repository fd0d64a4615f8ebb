#include "recentaccountsmodel.h"

#include <algorithm>

int RecentAccountsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_accounts.size());
}

QVariant RecentAccountsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Recent &r = m_accounts.at(index.row());
    switch (role) {
    case NumberRole:
    case Qt::DisplayRole:
        return r.number;
    case NameRole:
        return r.name;
    case AddressRole:
        return r.address;
    default:
        return {};
    }
}

QHash<int, QByteArray> RecentAccountsModel::roleNames() const
{
    return {{NumberRole, "number"}, {NameRole, "name"}, {AddressRole, "address"}};
}

void RecentAccountsModel::remember(const QString &number, const QString &name, const QString &address)
{
    if (number.isEmpty())
        return;
    const qsizetype before = m_accounts.size();
    const auto it =
        std::find_if(m_accounts.cbegin(), m_accounts.cend(), [&](const Recent &r) { return r.number == number; });
    const int at = int(it - m_accounts.cbegin());
    if (at < m_accounts.size()) {
        if (at == 0 && it->name == name && it->address == address)
            return; // already first: nothing moves
        beginRemoveRows({}, at, at);
        m_accounts.removeAt(at);
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_accounts.prepend({number, name, address});
    endInsertRows();
    if (m_accounts.size() > Capacity) {
        beginRemoveRows({}, Capacity, int(m_accounts.size()) - 1);
        m_accounts.resize(Capacity);
        endRemoveRows();
    }
    if (m_accounts.size() != before)
        emit countChanged();
}

void RecentAccountsModel::clear()
{
    if (m_accounts.isEmpty())
        return;
    beginResetModel();
    m_accounts.clear();
    endResetModel();
    emit countChanged();
}
