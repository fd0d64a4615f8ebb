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
#include "routeprogresscontroller.h"
#include "routeservice.h"
#include "supervisorreportcontroller.h"
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
    void scannerAndLongAccount_data() { day_data(); }
    void scannerAndLongAccount();
};

namespace {

/// The item lies wholly inside the window: a finger can reach it and an eye can read it.
bool onScreen(const QQuickWindow *window, const QQuickItem *item)
{
    if (!item)
        return false;
    const QRectF r = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
    return QRectF(0, 0, window->width(), window->height()).adjusted(-1, -1, 1, 1).contains(r);
}

/// A barcode scanner: a keyboard that types the code into whatever has the keys, then Enter.
void scan(QQuickWindow *window, const QString &code)
{
    for (const QChar c : code)
        QTest::keyClick(window, c.toLatin1());
    QTest::keyClick(window, Qt::Key_Return);
}

} // namespace

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
    // The float goes in on its own numeric keypad; the field has the keys without a tap.
    QTRY_VERIFY_WITH_TIMEOUT(ui.property(QStringLiteral("floatField"), "activeFocus").toBool(), Wait);
    for (const QChar d : QStringLiteral("200"))
        QVERIFY(ui.click(QStringLiteral("key_") + d));
    QCOMPARE(ui.text(QStringLiteral("floatField")), QStringLiteral("200"));
    QVERIFY(ui.shot(QStringLiteral("open-shift")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(desk.isShiftOpen() && ui.item(QStringLiteral("lookupField")), Wait);
    // Opening the shift says so, and the lookup has the keys for the first scan.
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("lookupNotice")).isEmpty(), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(ui.property(QStringLiteral("lookupField"), "activeFocus").toBool(), Wait);

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
    // Enter on a partial number with two matches highlights the first; Down and Enter open the second.
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.property(QStringLiteral("resultList"), "activeFocus").toBool(), Wait);
    QCOMPARE(ui.property(QStringLiteral("resultList"), "currentIndex").toInt(), 0);
    QVERIFY(!ui.item(QStringLiteral("lookupError")));
    ui.key(Qt::Key_Down);
    QCOMPARE(ui.property(QStringLiteral("resultList"), "currentIndex").toInt(), 1);
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.text(QStringLiteral("accountName")).contains(QStringLiteral("3100000002")), Wait);
    ui.key(Qt::Key_Escape);
    // Enter on a name with one match opens it.
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("lookupField")), Wait);
    QVERIFY(ui.type(QStringLiteral("lookupField"), QStringLiteral("Wang")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.text(QStringLiteral("accountName")).contains(QStringLiteral("3100000002")), Wait);
    QVERIFY(!ui.item(QStringLiteral("lookupError")));
    ui.key(Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("lookupField")), Wait);

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
    // The next customer starts clean: an empty lookup that has the keys.
    QTRY_VERIFY_WITH_TIMEOUT(ui.property(QStringLiteral("lookupField"), "activeFocus").toBool(), Wait);
    QCOMPARE(ui.text(QStringLiteral("lookupField")), QString());

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
    // (what the printer side saw is in the message: a flake here under heavy load is being chased)
    QTRY_VERIFY2_WITH_TIMEOUT(
        app.printer().lastReceiptNumber() != firstReceipt && (app.printer().lastJobState() == QLatin1String("failed") ||
                                                              app.printer().lastJobState() == QLatin1String("unknown")),
        qPrintable(QStringLiteral("last receipt %1 (first %2), state %3, %4 bytes, %5 cut(s), "
                                  "%6 connection(s)")
                       .arg(app.printer().lastReceiptNumber(), firstReceipt, app.printer().lastJobState())
                       .arg(paper.received().size())
                       .arg(paper.cuts())
                       .arg(paper.connections())),
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

    // ---- Printer settings screen: every model is offered. The test print on the no-QR model names
    // it and carries the QR as a picture; then back to this printer's own model.
    QVERIFY(ui.openScreen(QStringLiteral("printer")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("printerAddress")), Wait);
    QVERIFY(ui.shot(QStringLiteral("printer-settings")));
    for (const QString &id : {QStringLiteral("generic-58"), QStringLiteral("58-no-qr"), QStringLiteral("generic-80"),
                              QStringLiteral("latin-80")})
        QVERIFY2(ui.anyItem(QStringLiteral("profile_") + id), qPrintable(id));
    const qsizetype paperBefore = paper.received().size();
    QVERIFY(ui.click(QStringLiteral("profile_58-no-qr")));
    QVERIFY(ui.click(QStringLiteral("savePrinter")));
    QTRY_COMPARE_WITH_TIMEOUT(app.printer().profileId(), QStringLiteral("58-no-qr"), Wait);
    QVERIFY(ui.click(QStringLiteral("testPrint")));
    QTRY_VERIFY_WITH_TIMEOUT(app.printer().lastReceiptNumber().startsWith(QLatin1String("TEST-")) &&
                                 app.printer().lastJobState() == QLatin1String("printed"),
                             Wait);
    const DecodedJob testSlip = decodeEscPos(paper.received().mid(paperBefore));
    QVERIFY2(testSlip.texts().join(QLatin1Char('\n')).contains(QStringLiteral("58-no-qr")),
             qPrintable(testSlip.texts().join(QLatin1Char('\n'))));
    QVERIFY(testSlip.qrPayloads.isEmpty());
    QVERIFY(!testSlip.rasters.isEmpty());
    QVERIFY(ui.shot(QStringLiteral("printer-test-print")));
    QVERIFY(ui.click(QStringLiteral("profile_generic-58")));
    QVERIFY(ui.click(QStringLiteral("savePrinter")));
    QTRY_COMPARE_WITH_TIMEOUT(app.printer().profileId(), QStringLiteral("generic-58"), Wait);
    ui.key(Qt::Key_Escape);

    // ---- The route: villages in walking order with the day's progress, then one village's accounts.
    QVERIFY(ui.openScreen(QStringLiteral("route")));
    const auto routeProgress = [&ui] {
        const QQuickItem *page = ui.anyItem(QStringLiteral("routePage"));
        return page ? page->property("progress").value<RouteProgressController *>() : nullptr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("routeVillages")) && routeProgress() &&
                                 routeProgress()->villages()->rowCount() > 0,
                             Wait);
    QVERIFY(!ui.text(QStringLiteral("routeProgress")).isEmpty());
    QVERIFY(ui.shot(QStringLiteral("route")));
    ui.key(Qt::Key_Return); // the first village, from the keyboard
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("villageAccounts")) && routeProgress() &&
                                 routeProgress()->villageAccounts()->rowCount() > 0,
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
    const auto supervisorReport = [&ui] {
        const QQuickItem *page = ui.anyItem(QStringLiteral("supervisorPage"));
        return page ? page->property("report").value<SupervisorReportController *>() : nullptr;
    };
    QVERIFY(supervisorReport());
    QVERIFY(supervisorReport()->journalVerified());
    QVERIFY(ui.text(QStringLiteral("reportTitle")).contains(QStringLiteral("李站长")));
    QVERIFY(ui.shot(QStringLiteral("supervisor-totals")));
    ui.key(Qt::Key_Right); // the tabs follow the arrow keys
    QVERIFY(ui.waitFor(QStringLiteral("reportHours")));
    QVERIFY(ui.shot(QStringLiteral("supervisor-hours")));
    QVERIFY(ui.click(QStringLiteral("supervisorTab_3")));
    QVERIFY(ui.waitFor(QStringLiteral("reportExceptions")));
    {
        // The void and the reprinted receipt, each flagged with its payment's account.
        QVERIFY(supervisorReport());
        const auto &lines = supervisorReport()->exceptions()->lines();
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
        app.printer().jobs()->rowCount() == 6 && app.printer().lastJobState() == QLatin1String("printed"), Wait);
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

// At 360×640 with 150 % text in high contrast: the longest account (thirteen unpaid months) paid
// by touch — its refusal and Confirm stay on screen — then two customers in a row with a
// scanner, each code typed into the lookup that *Next customer* left empty and focused.
void TestCollectorDay::scannerAndLongAccount()
{
    QFETCH(QString, language);
    QTemporaryDir dir;
    const QString worklist = dir.filePath(QStringLiteral("route.worklist"));
    QVERIFY(writeTestWorklist(worklist, 1, true));
    VirtualPrinter paper{VirtualPrinter::Link::Tcp};
    QVERIFY(paper.start());
    const QString shotDir = QStringLiteral(DOORSTEP_SCREENSHOT_DIR "/") + language + QStringLiteral("-long-account");
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
    app.settings().setTextScalePercent(150);
    app.settings().setHighContrast(true);
    QQuickWindow *window = app.window();
    QVERIFY(window);
    window->resize(360, 640);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    Driver ui(window, shotDir);
    DeskService &desk = app.desk();

    // The PIN field, the float and the lookup each have the keys as they appear.
    QTRY_VERIFY_WITH_TIMEOUT(desk.isReady() && ui.item(QStringLiteral("pinField")), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(ui.property(QStringLiteral("pinField"), "activeFocus").toBool(), Wait);
    scan(window, QStringLiteral("1234"));
    QTRY_VERIFY_WITH_TIMEOUT(ui.property(QStringLiteral("floatField"), "activeFocus").toBool(), Wait);
    scan(window, QStringLiteral("100"));
    QTRY_VERIFY_WITH_TIMEOUT(desk.isShiftOpen() && ui.item(QStringLiteral("lookupField")), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(ui.property(QStringLiteral("lookupField"), "activeFocus").toBool(), Wait);

    // The thirteen-month account, scanned: every bill listed, Take payment on screen.
    scan(window, QStringLiteral("3100000100"));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("takePayment")) && !ui.text(QStringLiteral("totalOwed")).isEmpty(),
                             Wait);
    QVERIFY(ui.text(QStringLiteral("accountName")).contains(QStringLiteral("3100000100")));
    for (int m = 0; m < 13; ++m)
        QVERIFY(
            ui.anyItem(QStringLiteral("bill_") + QDate(2024, 12, 1).addMonths(m).toString(QStringLiteral("yyyy-MM"))));
    QVERIFY(ui.shot(QStringLiteral("account-13-bills")));
    QTRY_VERIFY_WITH_TIMEOUT(onScreen(window, ui.item(QStringLiteral("takePayment"))), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(onScreen(window, ui.item(QStringLiteral("totalOwed"))), Wait);

    // Paid by touch: a bad amount is refused with the refusal and Confirm on screen, then the whole.
    QVERIFY(ui.click(QStringLiteral("takePayment")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("amountField")), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), Wait);
    const QString owed = ui.text(QStringLiteral("amountField"));
    QVERIFY(!owed.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(onScreen(window, ui.item(QStringLiteral("confirmPayment"))), Wait);
    QVERIFY(ui.shot(QStringLiteral("payment-13-bills")));
    QVERIFY(ui.type(QStringLiteral("amountField"), QStringLiteral("12.345")));
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("paymentError")).isEmpty(), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(onScreen(window, ui.item(QStringLiteral("paymentError"))), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(onScreen(window, ui.item(QStringLiteral("confirmPayment"))), Wait);
    QVERIFY(ui.shot(QStringLiteral("payment-13-bills-refused")));
    QVERIFY(ui.type(QStringLiteral("amountField"), owed));
    QTRY_VERIFY2_WITH_TIMEOUT(ui.text(QStringLiteral("paymentError")).isEmpty() && !desk.isBusy(),
                              qPrintable(owed + QLatin1Char(' ') + ui.text(QStringLiteral("paymentError"))), Wait);
    QVERIFY(ui.click(QStringLiteral("confirmPayment")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("paidLabel")), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(onScreen(window, ui.item(QStringLiteral("nextCustomer"))), Wait);
    QVERIFY(ui.shot(QStringLiteral("paid-13-bills")));
    QVERIFY(ui.click(QStringLiteral("nextCustomer")));

    // Two customers in a row with the scanner: each code lands in an empty field and opens its account.
    for (const QString &number : {QStringLiteral("3100000001"), QStringLiteral("3100000002")}) {
        QTRY_VERIFY_WITH_TIMEOUT(ui.property(QStringLiteral("lookupField"), "activeFocus").toBool(), Wait);
        QCOMPARE(ui.text(QStringLiteral("lookupField")), QString());
        scan(window, number);
        QTRY_VERIFY_WITH_TIMEOUT(ui.text(QStringLiteral("accountName")).contains(number), Wait);
        QVERIFY(!ui.item(QStringLiteral("lookupError")));
        QTRY_VERIFY_WITH_TIMEOUT(
            ui.item(QStringLiteral("takePayment")) && !ui.text(QStringLiteral("totalOwed")).isEmpty(), Wait);
        ui.key(Qt::Key_Return); // the payment, everything owed
        QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("amountField")).isEmpty() && !desk.isBusy(), Wait);
        QTRY_VERIFY_WITH_TIMEOUT(ui.property(QStringLiteral("amountField"), "activeFocus").toBool(), Wait);
        ui.key(Qt::Key_Return); // to the cash handed over
        QTRY_VERIFY_WITH_TIMEOUT(ui.property(QStringLiteral("tenderedField"), "activeFocus").toBool() && !desk.isBusy(),
                                 Wait);
        ui.key(Qt::Key_Return); // confirm
        QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("paidLabel")), Wait);
        ui.key(Qt::Key_Return); // Next customer
    }
    QTRY_COMPARE_WITH_TIMEOUT(desk.shiftPayments()->rowCount(), 3, Wait);
    QTRY_VERIFY_WITH_TIMEOUT(ui.property(QStringLiteral("lookupField"), "activeFocus").toBool(), Wait);
    QCOMPARE(app.qmlWarnings(), 0);
}

QTEST_MAIN(TestCollectorDay)
#include "tst_collectorday.moc"
