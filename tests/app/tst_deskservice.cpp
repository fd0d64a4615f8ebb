#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

#include <sqlite3.h>

#include "deskfixture.h"
#include "deskservice.h"
#include "paymentcontroller.h"
#include "receiptscontroller.h"
#include "routeprogresscontroller.h"
#include "shiftcontroller.h"
#include "supervisorreportcontroller.h"

using namespace DeskFixture;

// The desk's backend: it opens and verifies the journal, keeps who is logged in and the shift,
// quotes accounts, locks an idle or guessed-at session, and runs every controller's task.
class TestDeskService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void loginAndQuote();
    void tamperedJournalRefusesPayments();
    void idleSessionLocksItself();
    void lockoutCountsDown();
    void approversAreSupervisorsOnly();
    void controllersWithoutADeskRefuse();
    void aControllerGoneBeforeItsAnswerHearsNothing();

private:
    QTemporaryDir m_dir;
    QString m_data;
};

void TestDeskService::init()
{
    m_data = prepare(m_dir);
}

void TestDeskService::loginAndQuote()
{
    DeskService desk(config(m_data));
    openDesk(desk);
    QVERIFY2(desk.isReady(), qPrintable(desk.fault()));
    QCOMPARE(desk.collectorIds(), (QStringList{QStringLiteral("C01"), QStringLiteral("S01")}));

    // A wrong PIN: refused in words, with its code, and nobody is logged in.
    QSignalSpy refused(&desk, &DeskService::refused);
    desk.login(QStringLiteral("C01"), QStringLiteral("0000"));
    QVERIFY(refused.wait(Wait));
    QCOMPARE(refused.first().at(0).toString(), QStringLiteral("roster.wrong-pin"));
    QCOMPARE(refused.first().at(1).toString(), desk.error());
    QVERIFY(!desk.error().isEmpty());
    QVERIFY(desk.collectorId().isEmpty());
    login(desk);
    QVERIFY(desk.error().isEmpty()); // a good login clears the refusal
    QCOMPARE(desk.collectorName(), QStringLiteral("王师傅"));
    QVERIFY(!desk.isShiftOpen());

    QSignalSpy quoted(&desk, &DeskService::quoted);
    desk.quote(QStringLiteral("3100000001"));
    QVERIFY(quoted.wait(Wait));
    QCOMPARE(quoted.first().at(0).value<Account>().name, QStringLiteral("张三丰"));
    QVERIFY(quoted.first().at(1).value<Arrears>().total().isPositive());
    QSignalSpy failed(&desk, &DeskService::quoteFailed);
    desk.quote(QStringLiteral("3199999999"));
    QVERIFY(failed.wait(Wait));
    QVERIFY(!failed.first().at(0).toString().isEmpty());
}

void TestDeskService::tamperedJournalRefusesPayments()
{
    {
        DeskService desk(config(m_data));
        startShift(desk);
        QVERIFY(pay(desk, QStringLiteral("3100000002"), QStringLiteral("10"), PaymentMethod::Cash) > 0);
    }
    // Someone lowers the amount of the stored payment behind the app's back.
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(QDir(m_data).filePath(QStringLiteral("journal.sqlite"))).constData(), &db),
             SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "DROP TRIGGER journal_no_update; UPDATE journal SET amount = 1 WHERE seq = 2", nullptr,
                          nullptr, nullptr),
             SQLITE_OK);
    sqlite3_close(db);

    DeskService desk(config(m_data));
    openDesk(desk);
    QVERIFY(!desk.isReady());
    QVERIFY(!desk.fault().isEmpty());
    QVERIFY2(desk.fault().contains(QLatin1String("2")), qPrintable(desk.fault())); // names the entry
    PaymentController payment;
    payment.setDesk(&desk);
    QSignalSpy refused(&payment, &PaymentController::refused);
    payment.takePayment(QStringLiteral("3100000002"), QStringLiteral("10"), int(PaymentMethod::Cash), QString(),
                        QString());
    QVERIFY(refused.wait(Wait));
    QVERIFY(!payment.error().isEmpty());
}

// Left idle, the session ends by itself and the login screen says why; the shift stays open.
void TestDeskService::idleSessionLocksItself()
{
    DeskService::Config c = config(m_data);
    c.idleLockMs = 400;
    DeskService desk(c);
    QSignalSpy refused(&desk, &DeskService::refused);
    startShift(desk);
    QTRY_VERIFY_WITH_TIMEOUT(desk.collectorId().isEmpty(), Wait);
    QVERIFY(!desk.error().isEmpty());
    QCOMPARE(refused.last().at(0).toString(), QStringLiteral("desk.idle-locked"));
    QVERIFY(desk.isShiftOpen());
    // Logging in again carries on with the same shift.
    desk.login(QStringLiteral("C01"), QStringLiteral("1234"));
    QTRY_COMPARE_WITH_TIMEOUT(desk.collectorId(), QStringLiteral("C01"), Wait);
    QVERIFY(desk.isShiftOpen());
}

void TestDeskService::approversAreSupervisorsOnly()
{
    DeskService desk(config(m_data));
    openDesk(desk);
    QCOMPARE(desk.collectorIds(), (QStringList{QStringLiteral("C01"), QStringLiteral("S01")}));
    QCOMPARE(desk.supervisorIds(), QStringList{QStringLiteral("S01")});
    QCOMPARE(desk.supervisorNames(), QStringList{QStringLiteral("李站长")});
}

// Five wrong PINs lock the terminal; the login screen's words count the seconds down (the text
// changes while the lock lasts) and no PIN is taken meanwhile.
void TestDeskService::lockoutCountsDown()
{
    DeskService desk(config(m_data));
    openDesk(desk);
    for (int i = 0; i < 5; ++i) {
        desk.login(QStringLiteral("C01"), QStringLiteral("0000"));
        QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), Wait);
    }
    QTRY_VERIFY_WITH_TIMEOUT(desk.isLockedOut(), Wait);
    const QString first = desk.error();
    QVERIFY2(first.contains(QStringLiteral("locked")), qPrintable(first));
    QTRY_VERIFY_WITH_TIMEOUT(desk.error() != first, 5000);
    QVERIFY2(desk.error().contains(QStringLiteral("locked")), qPrintable(desk.error()));
    QVERIFY(desk.isLockedOut());
    desk.login(QStringLiteral("C01"), QStringLiteral("1234")); // the right PIN, refused while locked
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), Wait);
    QVERIFY(desk.collectorId().isEmpty());
}

// Every controller refuses the same way when it has no desk: error and refused, at once.
void TestDeskService::controllersWithoutADeskRefuse()
{
    PaymentController payment;
    ShiftController shift;
    ReceiptsController receipts;
    SupervisorReportController report;
    RouteProgressController route;
    const QList<std::pair<DeskController *, std::function<void()>>> requests = {
        {&payment, [&] { payment.takePayment(QStringLiteral("3100000001"), QStringLiteral("1"), 1, {}, {}); }},
        {&payment, [&] { payment.previewPayment(QStringLiteral("3100000001"), QStringLiteral("1")); }},
        {&payment, [&] { payment.recordVisit(QStringLiteral("3100000001"), 1, {}, {}); }},
        {&shift, [&] { shift.openShift(QStringLiteral("100")); }},
        {&shift, [&] { shift.countCash({}); }},
        {&shift, [&] { shift.closeShift({}, {}, {}); }},
        {&shift, [&] { shift.handOverCash({}, {}, {}); }},
        {&receipts, [&] { receipts.voidPayment(2, QStringLiteral("r"), {}, {}); }},
        {&receipts, [&] { receipts.refresh(); }},
        {&report, [&] { report.open(QStringLiteral("S01"), QStringLiteral("9999")); }},
        {&route, [&] { route.load(); }},
        {&route, [&] { route.loadVillage(QStringLiteral("李家村")); }},
    };
    for (const auto &[controller, request] : requests) {
        QSignalSpy refused(controller, &DeskController::refused);
        request();
        QCOMPARE(refused.count(), 1);
        QCOMPARE(refused.first().at(0).toString(), QStringLiteral("desk.not-ready"));
        QCOMPARE(controller->error(), refused.first().at(1).toString());
        QVERIFY(!controller->error().isEmpty());
    }
    QCOMPARE(receipts.shiftPayments(), nullptr);
}

// A screen closed while its task runs: the task finishes (the payment is taken), nothing answers
// the gone screen, and the desk is not left busy.
void TestDeskService::aControllerGoneBeforeItsAnswerHearsNothing()
{
    DeskService desk(config(m_data));
    startShift(desk);
    QSignalSpy appended(&desk, &DeskService::journalAppended);
    {
        PaymentController payment;
        payment.setDesk(&desk);
        payment.takePayment(QStringLiteral("3100000001"), QStringLiteral("10"), int(PaymentMethod::Cash), QString(),
                            QString());
    }
    QVERIFY(appended.wait(Wait));
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), Wait);
    desk.listShiftPayments();
    QTRY_COMPARE_WITH_TIMEOUT(desk.shiftPayments()->rowCount(), 1, Wait);
}

QTEST_MAIN(TestDeskService)
#include "tst_deskservice.moc"
