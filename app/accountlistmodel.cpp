#include "accountlistmodel.h"

#include "routeservice.h"

AccountListModel::AccountListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void AccountListModel::setService(RouteService *service)
{
    if (m_service == service)
        return;
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    if (m_service) {
        connect(m_service, &RouteService::searchFinished, this, [this](int requestId, const QList<Account> &found) {
            if (requestId == m_requestId) {
                setAccounts(found);
                setSearching(false);
            }
        });
    }
    emit serviceChanged();
}

void AccountListModel::setQuery(const QString &query)
{
    if (m_query == query)
        return;
    m_query = query;
    emit queryChanged();
    if (m_query.trimmed().isEmpty() || !m_service) {
        m_requestId = 0;
        setAccounts({});
        setSearching(false);
        return;
    }
    m_requestId = m_service->search(m_query);
    setSearching(true);
}

void AccountListModel::setSearching(bool searching)
{
    if (m_searching == searching)
        return;
    m_searching = searching;
    emit searchingChanged();
}

void AccountListModel::setAccounts(const QList<Account> &accounts)
{
    beginResetModel();
    m_accounts = accounts;
    endResetModel();
    emit countChanged();
}

int AccountListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_accounts.size());
}

QVariant AccountListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Account &a = m_accounts.at(index.row());
    switch (role) {
    case NumberRole:
        return a.number;
    case Qt::DisplayRole:
    case NameRole:
        return a.name;
    case AddressRole:
        return a.address;
    case VillageRole:
        return a.village;
    case MeterRole:
        return a.meterNumber;
    default:
        return {};
    }
}

QHash<int, QByteArray> AccountListModel::roleNames() const
{
    return {{NumberRole, "number"},
            {NameRole, "name"},
            {AddressRole, "address"},
            {VillageRole, "village"},
            {MeterRole, "meter"}};
}
