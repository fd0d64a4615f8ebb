#pragma once

#include <QAbstractListModel>
#include <QPointer>
#include <QQmlEngine>

#include "account.h"
#include "routeservice.h"

/** Accounts found for what the collector is typing: number prefix, meter, or name/address. */
class AccountListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(RouteService *service READ service WRITE setService NOTIFY serviceChanged)
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    /// True from a new query until its answer is in: the rows are still the last query's.
    Q_PROPERTY(bool searching READ isSearching NOTIFY searchingChanged)

public:
    enum Role { NumberRole = Qt::UserRole + 1, NameRole, AddressRole, VillageRole, MeterRole };
    Q_ENUM(Role)

    explicit AccountListModel(QObject *parent = nullptr);

    [[nodiscard]] RouteService *service() const { return m_service; }
    void setService(RouteService *service);
    [[nodiscard]] QString query() const { return m_query; }
    void setQuery(const QString &query);
    [[nodiscard]] bool isSearching() const { return m_searching; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

signals:
    void serviceChanged();
    void queryChanged();
    void countChanged();
    void searchingChanged();

private:
    void setAccounts(const QList<Account> &accounts);
    void setSearching(bool searching);

    QPointer<RouteService> m_service;
    QString m_query;
    int m_requestId = 0;
    QList<Account> m_accounts;
    bool m_searching = false;
};
