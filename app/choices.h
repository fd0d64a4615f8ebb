#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

#include "journalentry.h"

/**
 * The closed lists the screens offer, made from the journal's own enums (PaymentMethod,
 * VisitOutcome): each choice's value, its words in the current language and what it asks for,
 * so that QML neither numbers them nor knows which one takes cash. Relabelled when the language
 * changes (the lists notify; a screen binds to them by position).
 */
class Choices : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    /// [{value, label, cash}] in the order shown; `cash`: takes the cash handed over and gives change,
    /// the others take a slip or transfer reference.
    Q_PROPERTY(QVariantList paymentMethods READ paymentMethods NOTIFY languageChanged)
    /// [{value, label, needsDate, needsNote}] in the order shown: a promise needs its date, a note its text.
    Q_PROPERTY(QVariantList visitOutcomes READ visitOutcomes NOTIFY languageChanged)

public:
    explicit Choices(QObject *parent = nullptr);

    [[nodiscard]] static QVariantList paymentMethods();
    [[nodiscard]] static QVariantList visitOutcomes();
    /// A visit outcome in words ("Not at home").
    [[nodiscard]] static QString outcomeText(VisitOutcome outcome);

signals:
    void languageChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};
