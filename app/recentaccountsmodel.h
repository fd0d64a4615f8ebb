#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>

/**
 * The accounts opened lately on this terminal, newest first, for the lookup screen when the field
 * is empty: the collector going back to a customer who went to fetch money taps once. Only
 * accounts that loaded (a real account on the route) are remembered; each once, at most
 * `Capacity`. Held in memory for the session and cleared when another collector logs in.
 */
class RecentAccountsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role { NumberRole = Qt::UserRole + 1, NameRole, AddressRole };
    static constexpr int Capacity = 8;

    using QAbstractListModel::QAbstractListModel;
    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// Puts the account first (moving it if it is already listed); an empty number is ignored.
    Q_INVOKABLE void remember(const QString &number, const QString &name, const QString &address);
    Q_INVOKABLE void clear();

signals:
    void countChanged();

private:
    struct Recent
    {
        QString number;
        QString name;
        QString address;
    };
    QList<Recent> m_accounts;
};
