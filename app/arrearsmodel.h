#pragma once

#include <QAbstractListModel>
#include <QDate>
#include <QPointer>
#include <QQmlEngine>

#include "account.h"
#include "arrears.h"
#include "deskservice.h"
#include "routeservice.h"

/**
 * One account as the collector sees it before taking money: who and where, each open bill by
 * period with its overdue days and penalty, and the totals — all computed and formatted in C++;
 * QML only shows the strings.
 */
class ArrearsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(RouteService *service READ service WRITE setService NOTIFY serviceChanged)
    /// When set, accounts are quoted by the desk: trusted date, this device's unsynced payments taken off.
    Q_PROPERTY(DeskService *desk READ desk WRITE setDesk NOTIFY serviceChanged)
    Q_PROPERTY(QString totalPlain READ totalPlain NOTIFY changed)
    Q_PROPERTY(QDate asOf READ asOf WRITE setAsOf NOTIFY asOfChanged)
    Q_PROPERTY(bool loaded READ isLoaded NOTIFY changed)
    Q_PROPERTY(QString error READ error NOTIFY changed)
    Q_PROPERTY(QString accountNumber READ accountNumber NOTIFY changed)
    Q_PROPERTY(QString name READ name NOTIFY changed)
    Q_PROPERTY(QString address READ address NOTIFY changed)
    Q_PROPERTY(QString village READ village NOTIFY changed)
    Q_PROPERTY(QString meterNumber READ meterNumber NOTIFY changed)
    Q_PROPERTY(QString customerClass READ customerClass NOTIFY changed)
    Q_PROPERTY(QString principalText READ principalText NOTIFY changed)
    Q_PROPERTY(QString penaltyText READ penaltyText NOTIFY changed)
    Q_PROPERTY(QString totalText READ totalText NOTIFY changed)
    Q_PROPERTY(QString prepaidText READ prepaidText NOTIFY changed)
    Q_PROPERTY(qint64 totalFen READ totalFen NOTIFY changed)
    /// Said when the bills shown are older than today: one may have been paid elsewhere since.
    Q_PROPERTY(QString staleNote READ staleNote NOTIFY changed)
    /// Payments on this account the center reversed after their shift, one line each (empty: none).
    Q_PROPERTY(QString correctionNote READ correctionNote NOTIFY changed)

public:
    enum Role { PeriodRole = Qt::UserRole + 1, DueDateRole, OverdueDaysRole, OutstandingRole, PenaltyRole, DueRole };
    Q_ENUM(Role)

    explicit ArrearsModel(QObject *parent = nullptr);

    [[nodiscard]] RouteService *service() const { return m_service; }
    void setService(RouteService *service);
    [[nodiscard]] DeskService *desk() const { return m_desk; }
    void setDesk(DeskService *desk);
    /// The total as the amount field's default, "123.45": what Money::parse reads back.
    [[nodiscard]] QString totalPlain() const { return m_account ? m_arrears.total().toPlainString() : QString(); }
    [[nodiscard]] QDate asOf() const { return m_asOf; }
    void setAsOf(QDate date);

    /// Asks the route for the account typed or scanned; `changed` follows with the account or an error.
    [[nodiscard]] QString staleNote() const;
    [[nodiscard]] QString correctionNote() const;
    Q_INVOKABLE void load(const QString &typedNumber);
    Q_INVOKABLE void clear();

    [[nodiscard]] bool isLoaded() const { return m_account.has_value(); }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] QString accountNumber() const { return m_account ? m_account->number : QString(); }
    [[nodiscard]] QString name() const { return m_account ? m_account->name : QString(); }
    [[nodiscard]] QString address() const { return m_account ? m_account->address : QString(); }
    [[nodiscard]] QString village() const { return m_account ? m_account->village : QString(); }
    [[nodiscard]] QString meterNumber() const { return m_account ? m_account->meterNumber : QString(); }
    [[nodiscard]] QString customerClass() const;
    [[nodiscard]] QString principalText() const { return money(m_arrears.principal); }
    [[nodiscard]] QString penaltyText() const { return money(m_arrears.penalty); }
    [[nodiscard]] QString totalText() const { return money(m_arrears.total()); }
    [[nodiscard]] QString prepaidText() const { return money(m_arrears.prepaidBalance); }
    [[nodiscard]] qint64 totalFen() const { return m_arrears.total().fen(); }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

signals:
    void serviceChanged();
    void asOfChanged();
    void changed();

private:
    [[nodiscard]] QString money(Money m) const { return m_account ? m.format() : QString(); }
    void show(const std::optional<Account> &account, const Arrears &arrears, const QString &error);

    QPointer<RouteService> m_service;
    QPointer<DeskService> m_desk;
    QDate m_asOf;
    QString m_requested; ///< the number last asked for: older answers are dropped
    std::optional<Account> m_account;
    Arrears m_arrears;
    QString m_error;
};
