#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>

#include "choices.h"
#include "journalentry.h"

/** The lists the payment and visit screens offer: every enum value once, in words, with its needs. */
class TestChoices : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void paymentMethodsAreTheJournalsOwn()
    {
        const QVariantList methods = Choices::paymentMethods();
        QCOMPARE(methods.size(), 4);
        QSet<int> values;
        int cash = 0;
        for (const QVariant &v : methods) {
            const QVariantMap m = v.toMap();
            const int value = m.value(QStringLiteral("value")).toInt();
            values.insert(value);
            QVERIFY(!paymentMethodKey(PaymentMethod(value)).isEmpty()); // a value the journal knows
            QVERIFY(!m.value(QStringLiteral("label")).toString().isEmpty());
            if (m.value(QStringLiteral("cash")).toBool()) {
                ++cash;
                QCOMPARE(value, int(PaymentMethod::Cash));
            }
        }
        QCOMPARE(values.size(), 4);
        QCOMPARE(cash, 1);
        QCOMPARE(methods.first().toMap().value(QStringLiteral("value")).toInt(),
                 int(PaymentMethod::Cash)); // the default
    }

    void visitOutcomesSayWhatTheyNeed()
    {
        const QVariantList outcomes = Choices::visitOutcomes();
        QCOMPARE(outcomes.size(), 6);
        QSet<int> values;
        for (const QVariant &v : outcomes) {
            const QVariantMap m = v.toMap();
            const auto o = VisitOutcome(m.value(QStringLiteral("value")).toInt());
            values.insert(int(o));
            QVERIFY(!visitOutcomeKey(o).isEmpty());
            QCOMPARE(m.value(QStringLiteral("label")).toString(), Choices::outcomeText(o));
            QCOMPARE(m.value(QStringLiteral("needsDate")).toBool(), o == VisitOutcome::PromisedToPay);
            QCOMPARE(m.value(QStringLiteral("needsNote")).toBool(), o == VisitOutcome::Note);
        }
        QCOMPARE(values.size(), 6);
        QVERIFY(Choices::outcomeText(VisitOutcome(99)).isEmpty()); // no words for a value that is none
    }

    void aNewLanguageRelabels()
    {
        Choices choices;
        QSignalSpy changed(&choices, &Choices::languageChanged);
        QTranslator chinese;
        QVERIFY(chinese.load(QStringLiteral(":/i18n/doorstep_zh_CN.qm")));
        QVERIFY(QCoreApplication::installTranslator(&chinese));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(choices.paymentMethods().first().toMap().value(QStringLiteral("label")).toString(),
                 QStringLiteral("现金"));
        QCOMPARE(Choices::outcomeText(VisitOutcome::NotHome), QStringLiteral("不在家"));
        QVERIFY(QCoreApplication::removeTranslator(&chinese));
        QCOMPARE(changed.count(), 2);
        QCOMPARE(Choices::outcomeText(VisitOutcome::NotHome), QStringLiteral("Not at home"));
    }
};

QTEST_GUILESS_MAIN(TestChoices)
#include "tst_choices.moc"
