#include "choices.h"

#include <QCoreApplication>
#include <QEvent>
#include <QVariantMap>

#include "supervisorlines.h"

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Choices)
};

} // namespace

Choices::Choices(QObject *parent)
    : QObject(parent)
{
    // Installing a translator sends LanguageChange to the application: the words follow.
    if (QCoreApplication::instance())
        QCoreApplication::instance()->installEventFilter(this);
}

bool Choices::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == QCoreApplication::instance() && event->type() == QEvent::LanguageChange)
        emit languageChanged();
    return QObject::eventFilter(watched, event);
}

QVariantList Choices::paymentMethods()
{
    QVariantList list;
    for (const PaymentMethod m :
         {PaymentMethod::Cash, PaymentMethod::BankCard, PaymentMethod::RechargeVoucher, PaymentMethod::BankTransfer})
        list.append(QVariantMap{{QStringLiteral("value"), int(m)},
                                {QStringLiteral("label"), SupervisorLines::methodText(int(m))},
                                {QStringLiteral("cash"), m == PaymentMethod::Cash}});
    return list;
}

QString Choices::outcomeText(VisitOutcome outcome)
{
    switch (outcome) {
    case VisitOutcome::NotHome:
        return Tr::tr("Not at home");
    case VisitOutcome::Refused:
        return Tr::tr("Refused to pay");
    case VisitOutcome::PromisedToPay:
        return Tr::tr("Promised to pay on a date");
    case VisitOutcome::DisconnectionNoticeDelivered:
        return Tr::tr("Disconnection notice delivered");
    case VisitOutcome::MeterProblem:
        return Tr::tr("Meter problem");
    case VisitOutcome::Note:
        return Tr::tr("Note");
    }
    return {};
}

QVariantList Choices::visitOutcomes()
{
    QVariantList list;
    for (const VisitOutcome o :
         {VisitOutcome::NotHome, VisitOutcome::Refused, VisitOutcome::PromisedToPay,
          VisitOutcome::DisconnectionNoticeDelivered, VisitOutcome::MeterProblem, VisitOutcome::Note})
        list.append(QVariantMap{{QStringLiteral("value"), int(o)},
                                {QStringLiteral("label"), outcomeText(o)},
                                {QStringLiteral("needsDate"), o == VisitOutcome::PromisedToPay},
                                {QStringLiteral("needsNote"), o == VisitOutcome::Note}});
    return list;
}
