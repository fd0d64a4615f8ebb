#include "arrearsmodel.h"

#include "localtime.h"
#include "routeservice.h"

ArrearsModel::ArrearsModel(QObject *parent)
    : QAbstractListModel(parent)
    // Only for a route read without the desk (no journal yet); the desk quotes on trusted time.
    , m_asOf(QDate::currentDate())
{
}

void ArrearsModel::setService(RouteService *service)
{
    if (m_service == service)
        return;
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    if (m_service) {
        connect(m_service, &RouteService::accountLoaded, this,
                [this](const Account &account, const Arrears &arrears) { show(account, arrears, {}); });
        connect(m_service, &RouteService::lookupFailed, this,
                [this](const QString &message) { show(std::nullopt, {}, message); });
        connect(m_service, &RouteService::correctionsChanged, this, &ArrearsModel::changed);
    }
    emit serviceChanged();
}

void ArrearsModel::setDesk(DeskService *desk)
{
    if (m_desk == desk)
        return;
    if (m_desk)
        disconnect(m_desk, nullptr, this, nullptr);
    m_desk = desk;
    if (m_desk) {
        connect(m_desk, &DeskService::quoted, this,
                [this](const Account &account, const Arrears &arrears) { show(account, arrears, {}); });
        connect(m_desk, &DeskService::quoteFailed, this,
                [this](const QString &message) { show(std::nullopt, {}, message); });
        // A payment, a void or anything else journaled changes what is owed: the account on screen
        // (and the amount a payment offers) follows at once, not at the next lookup or sync.
        // Asked again as last typed, so an answer to a newer lookup is never overtaken by this one.
        connect(m_desk, &DeskService::journalAppended, this, [this] {
            if (m_account && !m_requested.isEmpty() && m_desk->isReady() && !m_desk->collectorId().isEmpty())
                m_desk->quote(m_requested);
        });
    }
    emit serviceChanged();
}

void ArrearsModel::setAsOf(QDate date)
{
    if (m_asOf == date)
        return;
    m_asOf = date;
    emit asOfChanged();
}

void ArrearsModel::load(const QString &typedNumber)
{
    m_requested = typedNumber;
    if (m_desk && m_desk->isReady())
        m_desk->quote(typedNumber);
    else if (m_service)
        m_service->loadAccount(typedNumber, m_asOf);
}

void ArrearsModel::clear()
{
    m_requested.clear();
    show(std::nullopt, {}, {});
}

void ArrearsModel::show(const std::optional<Account> &account, const Arrears &arrears, const QString &error)
{
    beginResetModel();
    m_account = account;
    m_arrears = account ? arrears : Arrears{};
    m_error = error;
    endResetModel();
    emit changed();
}

QString ArrearsModel::staleNote() const
{
    if (!m_account || !m_service || !m_service->worklistDate().isValid() || !asOf().isValid() ||
        asOf() <= m_service->worklistDate())
        return {};
    return tr("Bills as of %1. One may have been paid at the bank since; the next sync will show it.")
        .arg(LocalTime::date(m_service->worklistDate()));
}

QString ArrearsModel::correctionNote() const
{
    return m_account && m_service ? m_service->correctionNotes(m_account->number).join(u'\n') : QString();
}

QString ArrearsModel::customerClass() const
{
    return m_account ? customerClassName(m_account->customerClass) : QString();
}

int ArrearsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_arrears.bills.size());
}

QVariant ArrearsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BillArrears &b = m_arrears.bills.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case PeriodRole:
        return b.bill.period;
    case DueDateRole:
        return LocalTime::date(b.bill.dueDate);
    case OverdueDaysRole:
        return b.overdueDays;
    case OutstandingRole:
        return b.bill.outstanding().format();
    case PenaltyRole:
        return b.penalty.format();
    case DueRole:
        return b.due().format();
    default:
        return {};
    }
}

QHash<int, QByteArray> ArrearsModel::roleNames() const
{
    return {{PeriodRole, "period"},           {DueDateRole, "dueDate"}, {OverdueDaysRole, "overdueDays"},
            {OutstandingRole, "outstanding"}, {PenaltyRole, "penalty"}, {DueRole, "due"}};
}
