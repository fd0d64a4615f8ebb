// A collector's day through the real app window (AppShell, the same object main() builds, on the
// offscreen platform): keys and clicks go to the window as a person's would, against a virtual
// printer on loopback. Every screen is saved as a PNG under build/screenshots/<language>/, and the
// journal, the printer's paper and the desk's totals are checked at the end. Runs in English and
// in Chinese.
#include <QDir>
#include <QGuiApplication>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "appsettings.h"
#include "appshell.h"
#include "dailytotals.h"
#include "deskservice.h"
#include "escposdecoder.h"
#include "journal.h"
#include "printerservice.h"
#include "routeservice.h"
#include "testworklist.h"
#include "uidriver.h"
#include "virtualprinter.h"

using namespace UiTest;

class TestCollectorDay : public QObject
{
    Q_OBJECT

private slots:
    void day_data();
    void day();
};

void TestCollectorDay::day_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
}

void TestCollectorDay::day()
{
    QFETCH(QString, language);
    QTemporaryDir dir;
    const QString worklist = dir.filePath(QStringLiteral("route.worklist"));
    QVERIFY(writeTestWorklist(worklist));
    VirtualPrinter paper{VirtualPrinter::Link::Tcp};
    QVERIFY(paper.start());
    const QString shotDir = QStringLiteral(DOORSTEP_SCREENSHOT_DIR "/") + language;
    QDir(shotDir).removeRecursively();
    QVERIFY(QDir().mkpath(shotDir));

    AppShell::Options options;
    options.dataDir = dir.filePath(QStringLiteral("data"));
    options.importWorklist = worklist;
    options.demo = true;
    options.language = language;
    options.printer = QStringLiteral("tcp:127.0.0.1:%1").arg(paper.port());
    options.pinIterations = 1000;
    AppShell app(options);
    const Status started = app.start();
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    QQuickWindow *window = app.window();
    QVERIFY(window);
    window->resize(360, 640); // the smallest handheld screen the app is made for
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    Driver ui(window, shotDir);
    DeskService &desk = app.desk();

    // ---- Log in: a wrong PIN is refused in words, the right one opens the shift screen.
    QTRY_VERIFY_WITH_TIMEOUT(desk.isReady() && ui.item(QStringLiteral("pinField")), Wait);
    QVERIFY(ui.shot(QStringLiteral("login")));
    QVERIFY(ui.type(QStringLiteral("pinField"), QStringLiteral("0000")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("loginError")).isEmpty(), Wait);
    QVERIFY(ui.shot(QStringLiteral("login-wrong-pin")));
    QVERIFY(ui.type(QStringLiteral("pinField"), QStringLiteral("1234")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("floatField")), Wait);
    QVERIFY(ui.shot(QStringLiteral("open-shift")));
    QVERIFY(ui.type(QStringLiteral("floatField"), QStringLiteral("200")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(desk.isShiftOpen() && ui.item(QStringLiteral("lookupField")), Wait);

    // ---- Lookup: letters and a 40-digit string say so plainly; a prefix lists the accounts.
    QVERIFY(ui.type(QStringLiteral("lookupField"), QStringLiteral("abc")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("lookupHint")), Wait);
    QVERIFY(ui.type(QStringLiteral("lookupField"), QString(40, QLatin1Char('9'))));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("lookupError")).isEmpty(), Wait);
    QVERIFY(ui.shot(QStringLiteral("lookup-bad-number")));
    ui.key(Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("lookupField")), Wait);
    QVERIFY(ui.type(QStringLiteral("lookupField"), QStringLiteral("31000000")));
    QTRY_COMPARE_WITH_TIMEOUT(ui.property(QStringLiteral("resultList"), "count").toInt(), 2, Wait);
    QVERIFY(ui.shot(QStringLiteral("lookup")));

    // ---- A partial payment: a bad amount is refused, the split is shown, "paid" after the commit.
    QVERIFY(ui.type(QStringLiteral("lookupField"), QStringLiteral("3100000001")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("takePayment")), Wait);
    QVERIFY(ui.shot(QStringLiteral("account")));
    QVERIFY(ui.click(QStringLiteral("takePayment")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("amountField")), Wait);
    QVERIFY(ui.type(QStringLiteral("amountField"), QStringLiteral("12.345")));
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("paymentError")).isEmpty(), Wait);
    QVERIFY(ui.shot(QStringLiteral("payment-bad-amount")));
    QVERIFY(ui.type(QStringLiteral("amountField"), QStringLiteral("99999999999999999999"))); // beyond any amount
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("paymentError")).isEmpty(), Wait);
    QVERIFY(ui.click(QStringLiteral("confirmPayment"))); // refused: nothing taken, nothing printed
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("paymentError")).isEmpty() && !desk.isBusy(), Wait);
    QVERIFY(!ui.item(QStringLiteral("paidLabel")));
    QCOMPARE(desk.shiftPayments()->rowCount(), 0);
    QCOMPARE(app.printer().jobs()->rowCount(), 0);
    QVERIFY(ui.type(QStringLiteral("amountField"), QStringLiteral("50")));
    QVERIFY(ui.type(QStringLiteral("tenderedField"), QStringLiteral("100")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.text(QStringLiteral("paymentError")).isEmpty(), Wait);
    QVERIFY(ui.shot(QStringLiteral("payment-partial")));
    QVERIFY(ui.click(QStringLiteral("confirmPayment")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("paidLabel")), Wait);
    QTRY_COMPARE_WITH_TIMEOUT(app.printer().lastJobState(), QStringLiteral("printed"), Wait);
    QVERIFY(ui.shot(QStringLiteral("paid-and-printed")));
    const QString firstReceipt = app.printer().lastReceiptNumber();
    QVERIFY(ui.click(QStringLiteral("nextCustomer")));

    // ---- A full payment of the other account (the default amount is everything owed), on the
    // hardware keys alone: Enter opens the account, Enter takes the payment, Enter moves to the
    // cash handed over, and (after the printer trouble below) Enter is "Next customer".
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("lookupField")), Wait);
    QVERIFY(ui.type(QStringLiteral("lookupField"), QStringLiteral("3100000002")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("takePayment")), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("totalOwed")).isEmpty(), Wait);
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("amountField")).isEmpty(), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(ui.hasActiveFocus(QStringLiteral("amountField")), Wait);
    ui.key(Qt::Key_Return);
    QVERIFY(ui.hasActiveFocus(QStringLiteral("tenderedField")));
    // The printer walks out of range mid-receipt: the payment stands (it is in the journal), the
    // screen says what happened in words and offers to print again, which then works.
    paper.cutAfterBytes = paper.received().size() + 300;
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), Wait); // the preview of the amount
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("paidLabel")), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(app.printer().lastReceiptNumber() != firstReceipt &&
                                 (app.printer().lastJobState() == QLatin1String("failed") ||
                                  app.printer().lastJobState() == QLatin1String("unknown")),
                             Wait);
    const QString secondReceipt = app.printer().lastReceiptNumber();
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("retryPrint")), Wait);
    QVERIFY(!ui.text(QStringLiteral("printState")).isEmpty());
    QVERIFY(ui.shot(QStringLiteral("printer-vanished")));
    QCOMPARE(paper.cuts(), 1);
    paper.cutAfterBytes = -1;
    QVERIFY(ui.click(QStringLiteral("retryPrint")));
    QTRY_COMPARE_WITH_TIMEOUT(app.printer().lastJobState(), QStringLiteral("printed"), Wait);
    QCOMPARE(app.printer().lastReceiptNumber(), secondReceipt);
    QVERIFY(!ui.item(QStringLiteral("retryPrint")));
    ui.key(Qt::Key_Return); // Next customer
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("lookupField")), Wait);

    // ---- A visit without payment: the lookup lists the accounts opened lately, newest first;
    // the number goes in on the on-screen keypad this time (a slip of the thumb erased).
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("lookupField")), Wait);
    QVERIFY(ui.type(QStringLiteral("lookupField"), QString()));
    QTRY_VERIFY_WITH_TIMEOUT(
        ui.item(QStringLiteral("recent_3100000001")) && ui.item(QStringLiteral("recent_3100000002")), Wait);
    QVERIFY(ui.property(QStringLiteral("recent_3100000002"), "y").toReal() <
            ui.property(QStringLiteral("recent_3100000001"), "y").toReal());
    QVERIFY(ui.shot(QStringLiteral("lookup-recent")));
    for (const QChar d : QStringLiteral("31000000017"))
        QVERIFY(ui.click(QStringLiteral("key_") + d));
    QVERIFY(ui.click(QStringLiteral("key_erase")));
    QCOMPARE(ui.text(QStringLiteral("lookupField")), QStringLiteral("3100000001"));
    QVERIFY(ui.click(QStringLiteral("key_enter")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("recordVisitButton")), Wait);
    // A button reached with the keys opens with Enter (a handheld has no Space bar).
    QVERIFY(ui.focus(QStringLiteral("recordVisitButton"), Qt::TabFocusReason));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("outcome3")), Wait);
    QVERIFY(ui.click(QStringLiteral("outcome3"))); // promised to pay: needs a date
    QVERIFY(ui.type(QStringLiteral("promisedDate"), QStringLiteral("tomorrow")));
    QVERIFY(ui.click(QStringLiteral("recordVisit")));
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("visitError")).isEmpty(), Wait);
    QVERIFY(ui.click(QStringLiteral("outcome1"))); // not at home
    QVERIFY(ui.click(QStringLiteral("recordVisit")));
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("visitRecorded")).isEmpty(), Wait);
    QVERIFY(ui.shot(QStringLiteral("visit")));
    QVERIFY(ui.click(QStringLiteral("recordVisit"))); // "Next customer"

    // ---- Receipts: a reprint (a duplicate), and a void with a supervisor's PIN (a wrong one first).
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("menuButton")), Wait);
    QVERIFY(ui.click(QStringLiteral("menuButton")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("menu_receipts")), Wait);
    QVERIFY(ui.settle()); // the drawer slides in
    QVERIFY(ui.shot(QStringLiteral("menu")));
    QVERIFY(ui.click(QStringLiteral("menu_receipts")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("reprint_") + firstReceipt), Wait);
    QVERIFY(ui.click(QStringLiteral("reprint_") + firstReceipt));
    // The reprint says what it does (printing a copy of that receipt), at once.
    QTRY_VERIFY_WITH_TIMEOUT(ui.text(QStringLiteral("receiptsMessage")).contains(firstReceipt), Wait);
    const QString reprintNotice = ui.text(QStringLiteral("receiptsMessage"));
    QTRY_VERIFY_WITH_TIMEOUT(
        app.printer().lastJobState() == QLatin1String("printed") && app.printer().jobs()->rowCount() == 3, Wait);
    QVERIFY(ui.click(QStringLiteral("void_") + secondReceipt)); // no reason yet
    QTRY_VERIFY_WITH_TIMEOUT(ui.text(QStringLiteral("receiptsMessage")) != reprintNotice, Wait);
    QVERIFY(ui.type(QStringLiteral("voidReason"), QStringLiteral("wrong account")));
    QVERIFY(ui.click(QStringLiteral("void_") + secondReceipt));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("supervisorPin")), Wait);
    QVERIFY(ui.settle());
    QVERIFY(ui.shot(QStringLiteral("void-approval")));
    QVERIFY(ui.type(QStringLiteral("supervisorPin"), QStringLiteral("1111")));
    QVERIFY(ui.click(QStringLiteral("approveButton")));
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("receiptsMessage")).isEmpty(), Wait);
    QVERIFY(ui.shot(QStringLiteral("void-wrong-pin")));
    QCOMPARE(desk.shiftPayments()->rows().first().voided, false);
    QTRY_VERIFY_WITH_TIMEOUT(!ui.item(QStringLiteral("supervisorPin")), Wait);
    QVERIFY(ui.click(QStringLiteral("void_") + secondReceipt));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("supervisorChoice")), Wait);
    // The approver list offers supervisors only: 李站长 is already chosen, not the collector.
    QCOMPARE(ui.property(QStringLiteral("supervisorChoice"), "displayText").toString(), QStringLiteral("李站长"));
    QVERIFY(ui.type(QStringLiteral("supervisorPin"), QStringLiteral("9999")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(desk.shiftPayments()->rowCount() == 2 && desk.shiftPayments()->rows().first().voided,
                             Wait);
    QTRY_VERIFY_WITH_TIMEOUT(
        app.printer().jobs()->rowCount() == 4 && app.printer().lastJobState() == QLatin1String("printed"), Wait);
    QVERIFY(ui.shot(QStringLiteral("receipts-after-void")));
    ui.key(Qt::Key_Escape);

    // ---- Printer settings screen.
    QVERIFY(ui.openScreen(QStringLiteral("printer")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("printerAddress")), Wait);
    QVERIFY(ui.shot(QStringLiteral("printer-settings")));
    ui.key(Qt::Key_Escape);

    // ---- The route: villages in walking order with the day's progress, then one village's accounts.
    QVERIFY(ui.openScreen(QStringLiteral("route")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("routeVillages")) && desk.routeVillages()->rowCount() > 0, Wait);
    QVERIFY(!ui.text(QStringLiteral("routeProgress")).isEmpty());
    QVERIFY(ui.shot(QStringLiteral("route")));
    ui.key(Qt::Key_Return); // the first village, from the keyboard
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("villageAccounts")) && desk.villageAccounts()->rowCount() > 0,
                             Wait);
    QVERIFY(ui.shot(QStringLiteral("route-village")));
    ui.key(Qt::Key_Escape);

    // ---- The supervisor's screen: a wrong PIN is refused; the right one shows totals, hours,
    // exceptions and the verified journal.
    QVERIFY(ui.openScreen(QStringLiteral("supervisor")));
    QVERIFY(ui.waitFor(QStringLiteral("supervisorPin")));
    QVERIFY(ui.settle());
    QCOMPARE(ui.property(QStringLiteral("supervisorChoice"), "displayText").toString(), QStringLiteral("李站长"));
    QVERIFY(ui.type(QStringLiteral("supervisorPin"), QStringLiteral("1111")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("supervisorMessage")).isEmpty(), Wait);
    QVERIFY(!ui.item(QStringLiteral("supervisorTabs")));
    QVERIFY(ui.shot(QStringLiteral("supervisor-wrong-pin")));
    QVERIFY(ui.click(QStringLiteral("supervisorUnlock")));
    QVERIFY(ui.waitFor(QStringLiteral("supervisorPin")));
    QVERIFY(ui.settle());
    QCOMPARE(ui.property(QStringLiteral("supervisorChoice"), "displayText").toString(), QStringLiteral("李站长"));
    QVERIFY(ui.type(QStringLiteral("supervisorPin"), QStringLiteral("9999")));
    ui.key(Qt::Key_Return);
    QVERIFY(ui.waitFor(QStringLiteral("supervisorTabs")));
    QVERIFY(desk.journalVerified());
    QVERIFY(ui.text(QStringLiteral("reportTitle")).contains(QStringLiteral("李站长")));
    QVERIFY(ui.shot(QStringLiteral("supervisor-totals")));
    ui.key(Qt::Key_Right); // the tabs follow the arrow keys
    QVERIFY(ui.waitFor(QStringLiteral("reportHours")));
    QVERIFY(ui.shot(QStringLiteral("supervisor-hours")));
    QVERIFY(ui.click(QStringLiteral("supervisorTab_3")));
    QVERIFY(ui.waitFor(QStringLiteral("reportExceptions")));
    {
        // The void and the reprinted receipt, each flagged with its payment's account.
        const auto &lines = desk.reportExceptions()->lines();
        QCOMPARE(lines.size(), 2);
        int voids = 0;
        for (const auto &l : lines)
            voids += l.flagged ? 1 : 0;
        QCOMPARE(voids, 1);
    }
    QVERIFY(ui.shot(QStringLiteral("supervisor-exceptions")));
    QVERIFY(ui.click(QStringLiteral("supervisorTab_4")));
    QVERIFY(ui.waitFor(QStringLiteral("journalBrowser")));
    QVERIFY(ui.shot(QStringLiteral("supervisor-journal")));
    ui.key(Qt::Key_Escape);

    // ---- Settings: the other language at once, larger text and high contrast; then back.
    QVERIFY(ui.openScreen(QStringLiteral("settings")));
    QVERIFY(ui.waitFor(QStringLiteral("highContrast")));
    const QString contrastLabel = ui.text(QStringLiteral("highContrast"));
    QVERIFY(ui.focus(QStringLiteral("languageChoice")));
    const bool chinese = language == QLatin1String("zh_CN");
    ui.key(chinese ? Qt::Key_Down : Qt::Key_Up); // zh_CN is first, English second
    QTRY_COMPARE_WITH_TIMEOUT(app.settings().language(), chinese ? QStringLiteral("en") : QStringLiteral("zh_CN"),
                              Wait);
    QTRY_VERIFY_WITH_TIMEOUT(ui.text(QStringLiteral("highContrast")) != contrastLabel, Wait); // retranslated in place
    QVERIFY(ui.click(QStringLiteral("textScale_125")));
    QVERIFY(ui.click(QStringLiteral("highContrast")));
    QTRY_VERIFY_WITH_TIMEOUT(app.settings().highContrast() && app.settings().textScalePercent() == 125, Wait);
    QVERIFY(ui.shot(QStringLiteral("settings-other-language-high-contrast")));
    QVERIFY(ui.focus(QStringLiteral("languageChoice")));
    ui.key(chinese ? Qt::Key_Up : Qt::Key_Down);
    QTRY_COMPARE_WITH_TIMEOUT(ui.text(QStringLiteral("highContrast")), contrastLabel, Wait);
    QVERIFY(ui.click(QStringLiteral("textScale_100")));
    QVERIFY(ui.click(QStringLiteral("highContrast")));
    QTRY_VERIFY_WITH_TIMEOUT(!app.settings().highContrast(), Wait);
    ui.key(Qt::Key_Escape);

    // ---- Close the shift: blind count, ¥50 short, a supervisor approves, the Z-report shows and prints.
    QVERIFY(ui.openScreen(QStringLiteral("closeShift")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("pieces_10000")), Wait);
    // Float 200 + the ¥50 cash payment = 250 expected; 2 × ¥100 counted.
    QVERIFY(ui.type(QStringLiteral("pieces_10000"), QStringLiteral("2")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.text(QStringLiteral("countRunningTotal")).contains(Money::fromYuan(200).format()),
                             Wait);
    QVERIFY(ui.shot(QStringLiteral("close-count")));
    QVERIFY(ui.click(QStringLiteral("countButton")));
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("cashDifference")).isEmpty(), Wait);
    QCOMPARE(ui.text(QStringLiteral("cashDifference")), Money::fromYuan(-50).format());
    QVERIFY(ui.shot(QStringLiteral("close-difference")));
    QVERIFY(ui.click(QStringLiteral("closeShiftButton")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("supervisorChoice")), Wait);
    QCOMPARE(ui.property(QStringLiteral("supervisorChoice"), "displayText").toString(), QStringLiteral("李站长"));
    QVERIFY(ui.type(QStringLiteral("supervisorPin"), QStringLiteral("9999")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("zReportDone")), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(
        app.printer().jobs()->rowCount() == 5 && app.printer().lastJobState() == QLatin1String("printed"), Wait);
    QVERIFY(ui.shot(QStringLiteral("z-report")));
    QVERIFY(!desk.isShiftOpen());
    QVERIFY(ui.click(QStringLiteral("zReportDone")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("floatField")), Wait);

    // ---- What the day left behind: paper, journal and totals agree with what the screens said.
    const QString printed = decodeEscPos(paper.received()).texts().join(QLatin1Char('\n'));
    QVERIFY(printed.contains(firstReceipt));
    QVERIFY(printed.contains(secondReceipt));
    QVERIFY(printed.contains(QStringLiteral("DUPLICATE")));
    const auto key = DeviceKey::loadOrCreate(QDir(options.dataDir).filePath(QStringLiteral("device.key")));
    QVERIFY(key.ok());
    Journal journal(QDir(options.dataDir).filePath(QStringLiteral("journal.sqlite")), QStringLiteral("D0001"),
                    key.value());
    QVERIFY(journal.open().ok());
    const DailyTotals totals = DailyTotals::compute(journal, DailyTotals::Filter::all());
    QCOMPARE(totals.payments().count, 2);
    QCOMPARE(totals.voids().count, 1);
    QCOMPARE(totals.collected().amount, Money::fromYuan(50));
    QCOMPARE(totals.visits(), 1);
    QCOMPARE(totals.receiptsPrinted(), 2);
    QCOMPARE(totals.receiptsReprinted(), 1);
    QCOMPARE(totals.shiftsClosed(), 1);
    QCOMPARE(totals.closingDifference(), Money::fromYuan(-50));
    QCOMPARE(app.qmlWarnings(), 0);
    QVERIFY(ui.shots() >= 15);
}

QTEST_MAIN(TestCollectorDay)
#include "tst_collectorday.moc"
