#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include "arrearsmodel.h"
#include "deskservice.h"
#include "journal.h"
#include "routeservice.h"
#include "testworklist.h"

// The desk as the app drives it: every call answers by signal from the worker thread; amounts
// arrive as typed; "paid" comes only after the durable journal entry.
class TestDeskService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void collectorsDay();
    void badInputChangesNothing();
    void tamperedJournalRefusesPayments();
    void visitsVoidsAndTheClose();
    void idleSessionLocksItself();
    void lockoutCountsDown();
    void approversAreSupervisorsOnly();
    void countedTotalAsTyped_data();
    void countedTotalAsTyped();
    void oneFigureFollowsEveryCommit();
    void previewClearsOnABadAmount();

private:
    DeskService::Config config() const;
    void importRoute();
    static void openDesk(DeskService &desk);
    static void loginAndOpenShift(DeskService &desk);

    QTemporaryDir m_dir;
    QString m_data;
};

void TestDeskService::init()
{
    m_data = m_dir.filePath(QLatin1String(QTest::currentTestFunction()));
    QVERIFY(QDir().mkpath(m_data));
    importRoute();
}

DeskService::Config TestDeskService::config() const
{
    DeskService::Config c;
    c.dataDir = m_data;
    c.demo = true;
    c.pinIterations = 1000; // the demo roster's hashes: fast in tests, the format is the same
    return c;
}

void TestDeskService::importRoute()
{
    const QString worklist = m_dir.filePath(QStringLiteral("route.worklist"));
    QVERIFY(writeTestWorklist(worklist));
    RouteService route(QDir(m_data).filePath(QStringLiteral("route.sqlite")));
    QSignalSpy changed(&route, &RouteService::routeChanged);
    route.importWorklist(worklist);
    QVERIFY(changed.wait(10000));
    QCOMPARE(route.accountCount(), 2);
}

void TestDeskService::openDesk(DeskService &desk)
{
    QSignalSpy state(&desk, &DeskService::stateChanged);
    desk.open();
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy() && state.count() > 0, 20000);
}

void TestDeskService::loginAndOpenShift(DeskService &desk)
{
    desk.login(QStringLiteral("C01"), QStringLiteral("1234"));
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), 10000);
    QVERIFY2(desk.lastError().isEmpty(), qPrintable(desk.lastError()));
    QCOMPARE(desk.collectorId(), QStringLiteral("C01"));
    QCOMPARE(desk.collectorName(), QStringLiteral("王师傅"));
    desk.openShift(QStringLiteral("200"));
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), 10000);
    QVERIFY2(desk.lastError().isEmpty(), qPrintable(desk.lastError()));
    QVERIFY(desk.isShiftOpen());
}

void TestDeskService::collectorsDay()
{
    DeskService desk(config());
    openDesk(desk);
    QVERIFY2(desk.isReady(), qPrintable(desk.fault()));
    QCOMPARE(desk.collectorIds(), (QStringList{QStringLiteral("C01"), QStringLiteral("S01")}));

    desk.login(QStringLiteral("C01"), QStringLiteral("0000"));
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), 10000);
    QVERIFY(!desk.lastError().isEmpty());
    QVERIFY(desk.collectorId().isEmpty());
    loginAndOpenShift(desk);

    QSignalSpy quoted(&desk, &DeskService::quoted);
    desk.quote(QStringLiteral("3100000001"));
    QVERIFY(quoted.wait(10000));
    const Arrears before = quoted.first().at(1).value<Arrears>();
    QVERIFY(before.total().isPositive());

    // A partial payment: the preview splits it, then the payment is durable and numbered.
    QSignalSpy preview(&desk, &DeskService::allocationPreview);
    desk.previewPayment(QStringLiteral("3100000001"), QStringLiteral("50"));
    QVERIFY(preview.wait(10000));
    QVERIFY(!preview.first().at(0).toStringList().isEmpty());
    QCOMPARE(preview.first().at(2).toString(), (before.total() - Money::fromYuan(50)).format());

    QSignalSpy paid(&desk, &DeskService::paymentTaken);
    desk.takePayment(QStringLiteral("3100000001"), QStringLiteral("50"), int(PaymentMethod::Cash),
                     QStringLiteral("100"), QString());
    QVERIFY(paid.wait(10000));
    QCOMPARE(paid.first().at(0).toString(), QStringLiteral("D0001-00000002")); // seq 1 opened the shift
    QCOMPARE(paid.first().at(1).toString(), Money::fromYuan(50).format());
    QCOMPARE(paid.first().at(2).toString(), Money::fromYuan(50).format());

    // The next quote takes this device's payment off the snapshot.
    quoted.clear();
    desk.quote(QStringLiteral("3100000001"));
    QVERIFY(quoted.wait(10000));
    QCOMPARE(quoted.first().at(1).value<Arrears>().total(), before.total() - Money::fromYuan(50));

    // The journal holds exactly what the screen said, and verifies.
    const auto key = DeviceKey::loadOrCreate(QDir(m_data).filePath(QStringLiteral("device.key")));
    QVERIFY(key.ok());
    Journal journal(QDir(m_data).filePath(QStringLiteral("journal.sqlite")), QStringLiteral("D0001"), key.value());
    QVERIFY(journal.open().ok());
    const auto entry = journal.entry(2);
    QVERIFY(entry.has_value());
    QCOMPARE(entry->kind, EntryKind::Payment);
    const auto record = recordFromCbor<PaymentRecord>(entry->body);
    QVERIFY(record.ok());
    QCOMPARE(record->amount, Money::fromYuan(50));
    QCOMPARE(record->tendered, Money::fromYuan(100));
    QCOMPARE(record->accountNumber, QStringLiteral("3100000001"));
}

void TestDeskService::badInputChangesNothing()
{
    DeskService desk(config());
    openDesk(desk);
    loginAndOpenShift(desk);
    QSignalSpy refused(&desk, &DeskService::paymentRefused);
    QSignalSpy paid(&desk, &DeskService::paymentTaken);
    const QList<QStringList> bad = {
        {QStringLiteral("3100000001"), QStringLiteral("12.345"), QString()},            // three decimals
        {QStringLiteral("3100000001"), QStringLiteral("99999999999999999"), QString()}, // beyond the limit
        {QStringLiteral("3100000001"), QStringLiteral("-5"), QString()},
        {QStringLiteral("3100000001"), QStringLiteral("50"), QStringLiteral("20")}, // tendered short
        {QStringLiteral("31000abc01"), QStringLiteral("50"), QString()},            // letters in the account
        {QString(40, QLatin1Char('9')), QStringLiteral("50"), QString()},
    };
    for (const QStringList &b : bad) {
        refused.clear();
        desk.takePayment(b[0], b[1], int(PaymentMethod::Cash), b[2], QString());
        QVERIFY2(refused.wait(10000), qPrintable(b.join(QLatin1Char('|'))));
        QVERIFY(!refused.first().at(0).toString().isEmpty());
    }
    refused.clear();
    desk.takePayment(QStringLiteral("3100000001"), QStringLiteral("50"), 9, QString(), QString());
    QVERIFY(refused.wait(10000));
    QCOMPARE(paid.count(), 0);
    desk.openShift(QStringLiteral("abc"));
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), 10000);
    QVERIFY(!desk.lastError().isEmpty());
}

void TestDeskService::tamperedJournalRefusesPayments()
{
    {
        DeskService desk(config());
        openDesk(desk);
        loginAndOpenShift(desk);
        QSignalSpy paid(&desk, &DeskService::paymentTaken);
        desk.takePayment(QStringLiteral("3100000002"), QStringLiteral("10"), int(PaymentMethod::Cash), QString(),
                         QString());
        QVERIFY(paid.wait(10000));
    }
    // Someone lowers the amount of the stored payment behind the app's back.
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(QDir(m_data).filePath(QStringLiteral("journal.sqlite"))).constData(), &db),
             SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "DROP TRIGGER journal_no_update; UPDATE journal SET amount = 1 WHERE seq = 2", nullptr,
                          nullptr, nullptr),
             SQLITE_OK);
    sqlite3_close(db);

    DeskService desk(config());
    openDesk(desk);
    QVERIFY(!desk.isReady());
    QVERIFY(!desk.fault().isEmpty());
    QVERIFY2(desk.fault().contains(QLatin1String("2")), qPrintable(desk.fault())); // names the entry
    QSignalSpy refused(&desk, &DeskService::paymentRefused);
    desk.takePayment(QStringLiteral("3100000002"), QStringLiteral("10"), int(PaymentMethod::Cash), QString(),
                     QString());
    QVERIFY(refused.wait(10000));
}

// The rest of a collector's day through the app's desk: a visit, the shift's payments for reprints
// and voids, a void with a supervisor's PIN (a wrong one refused), and the blind-count close.
void TestDeskService::visitsVoidsAndTheClose()
{
    DeskService desk(config());
    openDesk(desk);
    loginAndOpenShift(desk);
    QSignalSpy receipts(&desk, &DeskService::receiptReady);

    QSignalSpy visited(&desk, &DeskService::visitRecorded);
    QSignalSpy visitRefused(&desk, &DeskService::visitRefused);
    desk.recordVisit(QStringLiteral("3100000002"), int(VisitOutcome::PromisedToPay), QStringLiteral("2026-13-01"),
                     QString());
    QVERIFY(visitRefused.wait(10000)); // no such date
    desk.recordVisit(QStringLiteral("3100000002"), 42, QString(), QString());
    QVERIFY(visitRefused.wait(10000));
    desk.recordVisit(QStringLiteral("3100000002"), int(VisitOutcome::NotHome), QString(), QString());
    QVERIFY(visited.wait(10000));
    QCOMPARE(visitRefused.count(), 2);

    QSignalSpy paid(&desk, &DeskService::paymentTaken);
    desk.takePayment(QStringLiteral("3100000001"), QStringLiteral("50"), int(PaymentMethod::Cash),
                     QStringLiteral("100"), QString());
    QVERIFY(paid.wait(10000));
    desk.takePayment(QStringLiteral("3100000002"), QStringLiteral("20"), int(PaymentMethod::BankCard), QString(),
                     QStringLiteral("SLIP-7"));
    QVERIFY(paid.wait(10000));
    const qint64 cashSeq = paid.at(0).at(3).toLongLong();
    // Each payment's receipt is built from its committed entry.
    QTRY_COMPARE_WITH_TIMEOUT(receipts.count(), 2, 10000);
    const Receipt first = receipts.at(0).at(0).value<Receipt>();
    QCOMPARE(first.kind, Receipt::Kind::Payment);
    QCOMPARE(first.receiptNumber, paid.at(0).at(0).toString());
    QCOMPARE(first.customerName, QStringLiteral("张三丰"));
    QCOMPARE(first.total, Money::fromYuan(50));
    QCOMPARE(first.change, Money::fromYuan(50));
    QCOMPARE(first.collectorName, QStringLiteral("王师傅"));
    QCOMPARE(first.utilityName, QStringLiteral("Test Power"));

    desk.listShiftPayments();
    QTRY_COMPARE_WITH_TIMEOUT(desk.shiftPayments()->rowCount(), 2, 10000);
    QCOMPARE(desk.shiftPayments()->rows().first().accountNumber, QStringLiteral("3100000002")); // newest first
    QCOMPARE(desk.shiftPayments()->rows().last().seq, cashSeq);

    // A void needs a supervisor's PIN: a wrong one, and the collector's own, are refused.
    QSignalSpy voided(&desk, &DeskService::voided);
    QSignalSpy voidRefused(&desk, &DeskService::voidRefused);
    desk.voidPayment(cashSeq, QStringLiteral("wrong account"), QStringLiteral("S01"), QStringLiteral("0000"));
    QVERIFY(voidRefused.wait(10000));
    desk.voidPayment(cashSeq, QStringLiteral("wrong account"), QStringLiteral("C01"), QStringLiteral("1234"));
    QVERIFY(voidRefused.wait(10000));
    desk.voidPayment(cashSeq, QString(), QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(voidRefused.wait(10000)); // no reason
    QCOMPARE(voided.count(), 0);
    desk.voidPayment(cashSeq, QStringLiteral("wrong account"), QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(voided.wait(10000));
    QTRY_COMPARE_WITH_TIMEOUT(receipts.count(), 3, 10000);
    const Receipt slip = receipts.at(2).at(0).value<Receipt>();
    QCOMPARE(slip.kind, Receipt::Kind::Void);
    QCOMPARE(slip.voidedReceiptNumber, first.receiptNumber);
    QCOMPARE(slip.supervisorId, QStringLiteral("S01"));
    QTRY_VERIFY_WITH_TIMEOUT(desk.shiftPayments()->rows().last().voided, 10000);
    desk.voidPayment(cashSeq, QStringLiteral("again"), QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(voidRefused.wait(10000)); // once only

    // The blind count: bad counts are refused in words; the figure is revealed after counting.
    QSignalSpy counted(&desk, &DeskService::cashCounted);
    QSignalSpy countRefused(&desk, &DeskService::countRefused);
    desk.countCash({{QStringLiteral("10000"), QStringLiteral("two")}});
    QVERIFY(countRefused.wait(10000));
    desk.countCash({{QStringLiteral("10000"), QStringLiteral("-1")}});
    QVERIFY(countRefused.wait(10000));
    desk.countCash({{QStringLiteral("3"), QStringLiteral("1")}}); // not a note or coin
    QVERIFY(countRefused.wait(10000));
    // Float 200, the cash payment voided: 200 expected; 1 × ¥100 + 1 × ¥50 counted, ¥50 short.
    const QVariantMap pieces{{QStringLiteral("10000"), QStringLiteral("1")},
                             {QStringLiteral("5000"), QStringLiteral("1")}};
    desk.countCash(pieces);
    QVERIFY(counted.wait(10000));
    QCOMPARE(counted.first().at(0).toString(), Money::fromYuan(150).format());
    QCOMPARE(counted.first().at(1).toString(), Money::fromYuan(200).format());
    QCOMPARE(counted.first().at(2).toString(), Money::fromYuan(-50).format());
    QVERIFY(counted.first().at(3).toBool());

    QSignalSpy closed(&desk, &DeskService::shiftClosed);
    QSignalSpy closeRefused(&desk, &DeskService::closeRefused);
    desk.closeShift(pieces, QString(), QString()); // differs: a supervisor must approve
    QVERIFY(closeRefused.wait(10000));
    desk.closeShift(pieces, QStringLiteral("S01"), QStringLiteral("1111"));
    QVERIFY(closeRefused.wait(10000));
    QVERIFY(desk.isShiftOpen());
    desk.closeShift(pieces, QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(closed.wait(10000));
    QCOMPARE(closed.first().at(0).toString(), QStringLiteral("D0001-Z1"));
    const QStringList lines = closed.first().at(1).toStringList();
    QVERIFY2(lines.join(QLatin1Char('\n')).contains(QStringLiteral("李站长")),
             qPrintable(lines.join(QLatin1Char('\n'))));
    QVERIFY(lines.join(QLatin1Char('\n')).contains(Money::fromYuan(20).format())); // the card payment stands
    // Counts in plural forms, times in ISO order on a 24-hour clock (not "12/6/26 9:06 AM").
    QVERIFY2(lines.contains(QStringLiteral("1 payment(s) · ") + Money::fromYuan(20).format()),
             qPrintable(lines.join(QLatin1Char('\n'))));
    QVERIFY2(lines.contains(QStringLiteral("1 void(s) · ") + Money::fromYuan(50).format()),
             qPrintable(lines.join(QLatin1Char('\n'))));
    const QRegularExpression iso(QStringLiteral("^(Opened|Closed) \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$"));
    QCOMPARE(lines.filter(iso).size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(receipts.count(), 4, 10000);
    const Receipt z = receipts.at(3).at(0).value<Receipt>();
    QCOMPARE(z.kind, Receipt::Kind::ZReport);
    QCOMPARE(z.zReport.paymentCount, 1);
    QCOMPARE(z.zReport.paymentTotal, Money::fromYuan(20));
    QCOMPARE(z.zReport.voidCount, 1);
    QCOMPARE(z.zReport.visitCount, 1);
    QCOMPARE(z.zReport.countedCash, Money::fromYuan(150));
    QCOMPARE(z.zReport.expectedCash, Money::fromYuan(200));
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isShiftOpen(), 10000);

    // The supervisor's screens: only with a supervisor's PIN (a collector's or a wrong one is refused).
    QSignalSpy reportReady(&desk, &DeskService::supervisorReportReady);
    QSignalSpy reportRefused(&desk, &DeskService::supervisorRefused);
    desk.openSupervisorReport(QStringLiteral("S01"), QStringLiteral("0000"));
    QVERIFY(reportRefused.wait(10000));
    desk.openSupervisorReport(QStringLiteral("C01"), QStringLiteral("1234"));
    QVERIFY(reportRefused.wait(10000));
    QCOMPARE(desk.reportFigures()->rowCount(), 0);
    desk.openSupervisorReport(QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(reportReady.wait(10000));
    QVERIFY(desk.journalVerified());
    QVERIFY2(desk.journalStatus().contains(QStringLiteral("verified")), qPrintable(desk.journalStatus()));
    QVERIFY(desk.reportTitle().contains(QStringLiteral("李站长")));
    const auto figure = [&](const QString &label) {
        for (const ReportLine &l : desk.reportFigures()->lines())
            if (l.label == label)
                return l;
        return ReportLine{};
    };
    // Collected after the void: the card payment only.
    QCOMPARE(figure(QStringLiteral("Collected")).amountText, Money::fromYuan(20).format());
    QCOMPARE(figure(QStringLiteral("Bank card")).amountText, Money::fromYuan(20).format());
    QCOMPARE(figure(QStringLiteral("Bank card")).sharePermille, 1000);
    QCOMPARE(figure(QStringLiteral("Cash")).amountText, Money().format());
    QCOMPARE(figure(QStringLiteral("Voids")).amountText, Money::fromYuan(50).format());
    QVERIFY(figure(QStringLiteral("Voids")).flagged);
    QCOMPARE(figure(QStringLiteral("Cash differences at close")).amountText, Money::fromYuan(-50).format());
    QCOMPARE(desk.reportHours()->rowCount(), 24);
    int busiest = 0;
    for (const ReportLine &l : desk.reportHours()->lines())
        busiest += l.sharePermille == 1000 ? 1 : 0;
    QCOMPARE(busiest, 1);
    QCOMPARE(desk.reportVillages()->rowCount(), 1);
    QCOMPARE(desk.reportVillages()->lines().first().label, QStringLiteral("李家村"));
    QCOMPARE(desk.reportVillages()->lines().first().amountText, Money::fromYuan(20).format());
    // Exceptions in journal order: the void (of the cash payment) and the cash short at close.
    QCOMPARE(desk.reportExceptions()->rowCount(), 2);
    QVERIFY(desk.reportExceptions()->lines().at(0).label.contains(QStringLiteral("Void of #%1").arg(cashSeq)));
    QVERIFY(desk.reportExceptions()->lines().at(0).detail.contains(QStringLiteral("王师傅")));
    QCOMPARE(desk.reportExceptions()->lines().at(1).amountText, Money::fromYuan(-50).format());
    // The journal browser: every entry, newest first, none flagged.
    const auto &entries = desk.journalBrowser()->lines();
    QCOMPARE(entries.size(), 6); // shift opened, visit, two payments, the void, the close
    QVERIFY(entries.first().label.contains(QStringLiteral("Shift closed")));
    QCOMPARE(entries.last().key, QStringLiteral("1"));
    for (const ReportLine &l : entries)
        QVERIFY(!l.flagged);

    // The route screen: one village, one of its two accounts done today (visited, then paid by
    // card); the other's payment was voided, so it is not.
    desk.loadRouteProgress();
    QTRY_COMPARE_WITH_TIMEOUT(desk.routeVillages()->rowCount(), 1, 10000);
    QVERIFY2(desk.routeVillages()->lines().first().detail.startsWith(QStringLiteral("1 of 2 accounts done")),
             qPrintable(desk.routeVillages()->lines().first().detail));
    QCOMPARE(desk.routeVillages()->lines().first().sharePermille, 500);
    QVERIFY(desk.routeProgressText().contains(Money::fromYuan(20).format()));
    desk.loadVillage(QStringLiteral("李家村"));
    QTRY_COMPARE_WITH_TIMEOUT(desk.villageAccounts()->rowCount(), 2, 10000);
    const ReportLine zhang = desk.villageAccounts()->lines().at(0);
    const ReportLine wang = desk.villageAccounts()->lines().at(1);
    QCOMPARE(zhang.key, QStringLiteral("3100000001")); // walking order
    QVERIFY2(zhang.detail.endsWith(QStringLiteral("total owed incl. penalty")), qPrintable(zhang.detail));
    QVERIFY(zhang.flagged);
    QVERIFY2(wang.detail.endsWith(QStringLiteral("paid today")), qPrintable(wang.detail));
    QVERIFY(!wang.flagged);
    desk.loadVillage(QStringLiteral("no such village"));
    QTRY_COMPARE_WITH_TIMEOUT(desk.villageAccounts()->rowCount(), 0, 10000);
}

// The account on screen, the payment's default, the route and the village list show one figure —
// principal and penalty as of the trusted date, less this device's payments and voids — and it
// follows every commit at once, with no new lookup and no sync.
void TestDeskService::oneFigureFollowsEveryCommit()
{
    DeskService desk(config());
    openDesk(desk);
    loginAndOpenShift(desk);
    ArrearsModel account;
    account.setDesk(&desk);
    QSignalSpy changed(&account, &ArrearsModel::changed);
    account.load(QStringLiteral("3100000001"));
    QVERIFY(changed.wait(10000));
    QVERIFY(account.isLoaded());
    const qint64 before = account.totalFen();
    QVERIFY(account.penaltyText() != Money().format()); // overdue: the figure carries a penalty

    // The village list shows the very same figure, penalty included.
    desk.loadVillage(QStringLiteral("李家村"));
    QTRY_COMPARE_WITH_TIMEOUT(desk.villageAccounts()->rowCount(), 2, 10000);
    QCOMPARE(desk.villageAccounts()->lines().at(0).key, QStringLiteral("3100000001"));
    QCOMPARE(desk.villageAccounts()->lines().at(0).amountText, account.totalText());

    // A part payment: the account on screen drops by it and the payment's default follows.
    QSignalSpy paid(&desk, &DeskService::paymentTaken);
    desk.takePayment(QStringLiteral("3100000001"), QStringLiteral("50"), int(PaymentMethod::Cash), QStringLiteral("50"),
                     QString());
    QVERIFY(paid.wait(10000));
    QTRY_COMPARE_WITH_TIMEOUT(account.totalFen(), before - 5000, 10000);
    QCOMPARE(account.totalPlain(), Money::fromFen(before - 5000).toPlainString());
    desk.loadVillage(QStringLiteral("李家村"));
    QTRY_COMPARE_WITH_TIMEOUT(desk.villageAccounts()->lines().value(0).amountText, account.totalText(), 10000);
    desk.loadRouteProgress();
    QTRY_COMPARE_WITH_TIMEOUT(desk.routeVillages()->rowCount(), 1, 10000);
    QSignalSpy quoted(&desk, &DeskService::quoted);
    desk.quote(QStringLiteral("3100000002"));
    QVERIFY(quoted.wait(10000));
    const Money other = quoted.first().at(1).value<Arrears>().total();
    QCOMPARE(desk.routeVillages()->lines().first().amountText, (Money::fromFen(before - 5000) + other).format());

    // Voided: what is owed comes back at once, not "nothing owed" until the next sync.
    account.load(QStringLiteral("3100000001"));
    QTRY_COMPARE_WITH_TIMEOUT(account.totalFen(), before - 5000, 10000);
    QSignalSpy voided(&desk, &DeskService::voided);
    desk.voidPayment(paid.first().at(3).toLongLong(), QStringLiteral("wrong amount"), QStringLiteral("S01"),
                     QStringLiteral("9999"));
    QVERIFY(voided.wait(10000));
    QTRY_COMPARE_WITH_TIMEOUT(account.totalFen(), before, 10000);
    QCOMPARE(account.totalPlain(), Money::fromFen(before).toPlainString());
}

// The split shown before confirming is cleared as soon as the amount cannot be taken.
void TestDeskService::previewClearsOnABadAmount()
{
    DeskService desk(config());
    openDesk(desk);
    loginAndOpenShift(desk);
    QSignalSpy preview(&desk, &DeskService::allocationPreview);
    QSignalSpy refused(&desk, &DeskService::paymentRefused);
    desk.previewPayment(QStringLiteral("3100000001"), QStringLiteral("50"));
    QVERIFY(preview.wait(10000));
    QVERIFY(!preview.last().at(0).toStringList().isEmpty());
    for (const QString &bad : {QStringLiteral("12.345"), QStringLiteral("-5"), QStringLiteral("abc")}) {
        preview.clear();
        refused.clear();
        desk.previewPayment(QStringLiteral("3100000001"), bad);
        QVERIFY2(refused.wait(10000), qPrintable(bad));
        QCOMPARE(preview.count(), 1);
        QVERIFY(preview.first().at(0).toStringList().isEmpty());
        QVERIFY(preview.first().at(1).toString().isEmpty());
        QVERIFY(preview.first().at(2).toString().isEmpty());
    }
}

// Left idle, the session ends by itself and the login screen says why; the shift stays open.
void TestDeskService::idleSessionLocksItself()
{
    DeskService::Config c = config();
    c.idleLockMs = 400;
    DeskService desk(c);
    openDesk(desk);
    loginAndOpenShift(desk);
    QTRY_VERIFY_WITH_TIMEOUT(desk.collectorId().isEmpty(), 10000);
    QVERIFY(!desk.lastError().isEmpty());
    QVERIFY(desk.isShiftOpen());
    // Logging in again carries on with the same shift.
    desk.login(QStringLiteral("C01"), QStringLiteral("1234"));
    QTRY_COMPARE_WITH_TIMEOUT(desk.collectorId(), QStringLiteral("C01"), 10000);
    QVERIFY(desk.isShiftOpen());
}

void TestDeskService::approversAreSupervisorsOnly()
{
    DeskService desk(config());
    openDesk(desk);
    QCOMPARE(desk.collectorIds(), (QStringList{QStringLiteral("C01"), QStringLiteral("S01")}));
    QCOMPARE(desk.supervisorIds(), QStringList{QStringLiteral("S01")});
    QCOMPARE(desk.supervisorNames(), QStringList{QStringLiteral("李站长")});
}

void TestDeskService::countedTotalAsTyped_data()
{
    QTest::addColumn<QVariantMap>("pieces");
    QTest::addColumn<QString>("total");
    const auto fen = [](qint64 f) { return Money::fromFen(f).format(); };
    QTest::newRow("nothing yet") << QVariantMap{} << fen(0);
    QTest::newRow("empty field") << QVariantMap{{QStringLiteral("10000"), QString()}} << fen(0);
    QTest::newRow("notes and fen coins") << QVariantMap{{QStringLiteral("10000"), QStringLiteral("2")},
                                                        {QStringLiteral("10"), QStringLiteral("3")},
                                                        {QStringLiteral("2"), QStringLiteral("2")},
                                                        {QStringLiteral("1"), QStringLiteral("1")}}
                                         << fen(20035);
    QTest::newRow("letters") << QVariantMap{{QStringLiteral("10000"), QStringLiteral("two")}} << QString();
    QTest::newRow("no such coin") << QVariantMap{{QStringLiteral("3"), QStringLiteral("1")}} << QString();
}

void TestDeskService::countedTotalAsTyped()
{
    QFETCH(QVariantMap, pieces);
    QFETCH(QString, total);
    DeskService desk(config());
    QCOMPARE(desk.countedTotal(pieces), total);
}

// Five wrong PINs lock the terminal; the login screen's words count the seconds down (the text
// changes while the lock lasts) and no PIN is taken meanwhile.
void TestDeskService::lockoutCountsDown()
{
    DeskService desk(config());
    openDesk(desk);
    for (int i = 0; i < 5; ++i) {
        desk.login(QStringLiteral("C01"), QStringLiteral("0000"));
        QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), 10000);
    }
    QTRY_VERIFY_WITH_TIMEOUT(desk.isLockedOut(), 10000);
    const QString first = desk.lastError();
    QVERIFY2(first.contains(QStringLiteral("locked")), qPrintable(first));
    QTRY_VERIFY_WITH_TIMEOUT(desk.lastError() != first, 5000);
    QVERIFY2(desk.lastError().contains(QStringLiteral("locked")), qPrintable(desk.lastError()));
    QVERIFY(desk.isLockedOut());
    desk.login(QStringLiteral("C01"), QStringLiteral("1234")); // the right PIN, refused while locked
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), 10000);
    QVERIFY(desk.collectorId().isEmpty());
}

QTEST_MAIN(TestDeskService)
#include "tst_deskservice.moc"
