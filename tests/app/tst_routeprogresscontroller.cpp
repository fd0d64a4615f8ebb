#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "arrearsmodel.h"
#include "deskfixture.h"
#include "receiptscontroller.h"
#include "routeprogresscontroller.h"

using namespace DeskFixture;

// The route screen's controller: villages in walking order with the day's progress, and a
// village's accounts, each with the figure the account screen shows.
class TestRouteProgressController : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void villagesAndTheirAccounts();
    void oneFigureFollowsEveryCommit();

private:
    QTemporaryDir m_dir;
    QString m_data;
};

void TestRouteProgressController::init()
{
    m_data = prepare(m_dir);
}

// One village, one of its two accounts done today (visited, then paid by card); the other's
// payment was voided, so it is not.
void TestRouteProgressController::villagesAndTheirAccounts()
{
    DeskService desk(config(m_data));
    startShift(desk);
    PaymentController payment;
    payment.setDesk(&desk);
    QSignalSpy visited(&payment, &PaymentController::visitRecorded);
    payment.recordVisit(QStringLiteral("3100000002"), int(VisitOutcome::NotHome), QString(), QString());
    QVERIFY(visited.wait(Wait));
    const qint64 cashSeq =
        pay(desk, QStringLiteral("3100000001"), QStringLiteral("50"), PaymentMethod::Cash, QStringLiteral("100"));
    QVERIFY(pay(desk, QStringLiteral("3100000002"), QStringLiteral("20"), PaymentMethod::BankCard, QString(),
                QStringLiteral("SLIP-7")) > 0);
    ReceiptsController receipts;
    receipts.setDesk(&desk);
    QSignalSpy voided(&receipts, &ReceiptsController::voided);
    receipts.voidPayment(cashSeq, QStringLiteral("wrong account"), QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(voided.wait(Wait));

    RouteProgressController route;
    route.setDesk(&desk);
    QAbstractItemModelTester villagesTester(route.villages(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester accountsTester(route.villageAccounts(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy progress(&route, &RouteProgressController::progressChanged);
    route.load();
    QVERIFY(progress.wait(Wait));
    QCOMPARE(route.villages()->rowCount(), 1);
    QVERIFY2(route.villages()->lines().first().detail.startsWith(QStringLiteral("1 of 2 accounts done")),
             qPrintable(route.villages()->lines().first().detail));
    QCOMPARE(route.villages()->lines().first().sharePermille, 500);
    QVERIFY2(route.progressText().contains(Money::fromYuan(20).format()), qPrintable(route.progressText()));
    route.loadVillage(QStringLiteral("李家村"));
    QTRY_COMPARE_WITH_TIMEOUT(route.villageAccounts()->rowCount(), 2, Wait);
    const ReportLine zhang = route.villageAccounts()->lines().at(0);
    const ReportLine wang = route.villageAccounts()->lines().at(1);
    QCOMPARE(zhang.key, QStringLiteral("3100000001")); // walking order
    QVERIFY2(zhang.detail.endsWith(QStringLiteral("total owed incl. penalty")), qPrintable(zhang.detail));
    QVERIFY(zhang.flagged);
    QVERIFY2(wang.detail.endsWith(QStringLiteral("paid today")), qPrintable(wang.detail));
    QVERIFY(!wang.flagged);
    route.loadVillage(QStringLiteral("no such village"));
    QTRY_COMPARE_WITH_TIMEOUT(route.villageAccounts()->rowCount(), 0, Wait);
}

// The account on screen, the payment's default, the route and the village list show one figure —
// principal and penalty as of the trusted date, less this device's payments and voids — and it
// follows every commit at once, with no new lookup and no sync.
void TestRouteProgressController::oneFigureFollowsEveryCommit()
{
    DeskService desk(config(m_data));
    startShift(desk);
    RouteProgressController route;
    route.setDesk(&desk);
    ArrearsModel account;
    account.setDesk(&desk);
    QSignalSpy changed(&account, &ArrearsModel::changed);
    account.load(QStringLiteral("3100000001"));
    QVERIFY(changed.wait(Wait));
    QVERIFY(account.isLoaded());
    const qint64 before = account.totalFen();
    QVERIFY(account.penaltyText() != Money().format()); // overdue: the figure carries a penalty

    // The village list shows the very same figure, penalty included.
    route.loadVillage(QStringLiteral("李家村"));
    QTRY_COMPARE_WITH_TIMEOUT(route.villageAccounts()->rowCount(), 2, Wait);
    QCOMPARE(route.villageAccounts()->lines().at(0).key, QStringLiteral("3100000001"));
    QCOMPARE(route.villageAccounts()->lines().at(0).amountText, account.totalText());

    // A part payment: the account on screen drops by it and the payment's default follows.
    const qint64 seq =
        pay(desk, QStringLiteral("3100000001"), QStringLiteral("50"), PaymentMethod::Cash, QStringLiteral("50"));
    QVERIFY(seq > 0);
    QTRY_COMPARE_WITH_TIMEOUT(account.totalFen(), before - 5000, Wait);
    QCOMPARE(account.totalPlain(), Money::fromFen(before - 5000).toPlainString());
    route.loadVillage(QStringLiteral("李家村"));
    QTRY_COMPARE_WITH_TIMEOUT(route.villageAccounts()->lines().value(0).amountText, account.totalText(), Wait);
    route.load();
    QTRY_COMPARE_WITH_TIMEOUT(route.villages()->rowCount(), 1, Wait);
    QSignalSpy quoted(&desk, &DeskService::quoted);
    desk.quote(QStringLiteral("3100000002"));
    QVERIFY(quoted.wait(Wait));
    const Money other = quoted.first().at(1).value<Arrears>().total();
    QCOMPARE(route.villages()->lines().first().amountText, (Money::fromFen(before - 5000) + other).format());

    // Voided: what is owed comes back at once, not "nothing owed" until the next sync.
    account.load(QStringLiteral("3100000001"));
    QTRY_COMPARE_WITH_TIMEOUT(account.totalFen(), before - 5000, Wait);
    ReceiptsController receipts;
    receipts.setDesk(&desk);
    QSignalSpy voided(&receipts, &ReceiptsController::voided);
    receipts.voidPayment(seq, QStringLiteral("wrong amount"), QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(voided.wait(Wait));
    QTRY_COMPARE_WITH_TIMEOUT(account.totalFen(), before, Wait);
    QCOMPARE(account.totalPlain(), Money::fromFen(before).toPlainString());
}

QTEST_MAIN(TestRouteProgressController)
#include "tst_routeprogresscontroller.moc"
