// Two of the center's exposure limits end to end, with the app in Chinese, against a local
// doorstep-center (CenterServer on loopback, on SQLite and on PostgreSQL), through the real window
// (AppShell); tst_remotecontrol proves the third, cash in hand.
//
// Unsynced entries: the center caps them for the route; the center goes out of reach and each
// payment adds to what it has not acknowledged; the banner warns with the figure as it nears the
// cap, then the next cash payment is refused in words and nothing is journaled, while a card
// payment still goes through; the center comes back, the terminal syncs, the banner goes and cash
// is taken again.
//
// Time since the last sync: the center gives the collector 0.004 h (14.4 s), warned at half of it;
// with the center out of reach and nobody touching the terminal, the banner comes by itself as a
// warning and then as exceeded; cash is refused in words, a card payment goes through; the center
// comes back with a lock for the terminal (the lock page in Chinese), then an unlock, and the cash
// payment left on the screen goes through.
#include <QBuffer>
#include <QDir>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <memory>

#include "appshell.h"
#include "centerserver.h"
#include "collectorsteps.h"
#include "deskservice.h"
#include "exposure.h"
#include "pgtestserver.h"
#include "routeservice.h"
#include "syncservice.h"
#include "synctestkit.h"
#include "terminalfiles.h"
#include "uidriver.h"

using namespace SyncTestKit;
using namespace UiTest;

class TestExposureLimits : public QObject
{
    Q_OBJECT

private slots:
    /// Against both databases the center runs on: SQLite and PostgreSQL (started on loopback).
    void initTestCase_data() { CenterTestDb::addBackendRows(); }
    void unsyncedEntriesLimit();
    void hoursSinceSyncLimit();
};

namespace {

// Long enough for a loaded 2-core machine; a bound, never a pause.
constexpr int Slow = 30000;

// What the terminal's own journal file says, read without the app (a second connection).
qint64 journalCount(const QString &path)
{
    const QString name = QStringLiteral("exposurelimits-peek");
    qint64 n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT COUNT(*) FROM journal")) && q.next())
                n = q.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return n;
}

/// What the desk published each time its state changed: the banner's words and whether cash is refused.
struct Published
{
    QString warning;
    bool exceeded = false;
};

/**
 * A center on loopback with route R1 and an enrolled terminal in Chinese, logged in as C001 with
 * its shift open. Members go in reverse order: the window before the server, the server before
 * the database.
 */
struct Bench
{
    QTemporaryDir dir;
    Center center;
    QBuffer log;
    CenterServerConfig serverConfig;
    std::unique_ptr<CenterServer> server;
    AppShell::Options options;
    std::unique_ptr<AppShell> app;
    std::unique_ptr<Driver> ui;
    QString device;
    QString journalPath;
    QList<Published> published;

    /// Everything up to the open shift; the reason in words if not.
    QString start(const QString &backend, const QString &name, const QString &shotPrefix)
    {
        auto url = CenterTestDb::freshUrl(backend, dir.path(), name);
        if (!url.ok())
            return url.error().message;
        auto opened = openCenter(url.value());
        if (!opened.ok())
            return opened.error().message;
        center = std::move(opened).value();
        if (auto s = importRouteR1(*center.store, dir.path(), 8); !s.ok())
            return s.error().message;
        device = QStringLiteral("hh-") + name;
        const auto code = center.store->createEnrolmentCode(device, QStringLiteral("R1"), 3'600'000);
        if (!code.ok())
            return code.error().message;
        if (!log.open(QIODevice::ReadWrite))
            return QStringLiteral("log");
        serverConfig.log = &log;
        serverConfig.zone = QTimeZone::utc();
        server = std::make_unique<CenterServer>(*center.db, serverConfig);
        if (auto s = server->start(); !s.ok())
            return s.error().message;
        serverConfig.port = server->port(); // the center comes back on the same address

        const QString shots = QStringLiteral(DOORSTEP_SCREENSHOT_DIR "/exposure-limits-%1").arg(backend);
        if (!QDir().mkpath(shots))
            return QStringLiteral("cannot create ") + shots;
        // This test function's shots only: the other one's stay.
        QDir shotDir(shots);
        for (const QString &old : shotDir.entryList({QStringLiteral("*-%1-*.png").arg(shotPrefix)}, QDir::Files))
            shotDir.remove(old);

        options.dataDir = dir.filePath(QStringLiteral("terminal"));
        options.language = QStringLiteral("zh_CN");
        options.printer = QStringLiteral("file:%1").arg(dir.filePath(QStringLiteral("paper.bin")));
        options.syncRetryMs = 200;
        options.pinIterations = 1000;
        options.centerAddress = QStringLiteral("http://127.0.0.1:%1").arg(server->port());
        options.enrolCode = code.value();
        app = std::make_unique<AppShell>(options);
        if (auto s = app->start(); !s.ok())
            return s.error().message;
        QQuickWindow *window = app->window();
        window->resize(360, 640);
        window->show();
        if (!QTest::qWaitForWindowExposed(window))
            return QStringLiteral("window not exposed");
        ui = std::make_unique<Driver>(window, shots);
        journalPath = TerminalFiles::journal(options.dataDir);
        QObject::connect(&app->desk(), &DeskService::stateChanged, app.get(), [this] {
            published.append({app->desk().exposureWarning(), app->desk().isExposureExceeded()});
        });
        if (!QTest::qWaitFor([&] { return app->sync().isEnrolled(); }, Slow) ||
            !QTest::qWaitFor([&] { return app->route().hasRoute() && app->desk().isReady(); }, Slow))
            return QStringLiteral("not enrolled: ") + app->sync().lastError();
        if (!CollectorSteps::logInAndOpenShift(*ui, QStringLiteral("1234"), QStringLiteral("100")))
            return QStringLiteral("no shift");
        return {};
    }

    /// The center's rules for this terminal as it keeps them (written by the desk once applied).
    [[nodiscard]] bool terminalHasRule(const QString &key, const QString &value) const
    {
        const auto rules = ExposureRule::load(TerminalFiles::limits(options.dataDir));
        return rules.ok() && std::any_of(rules->cbegin(), rules->cend(),
                                         [&](const ExposureRule &r) { return r.key == key && r.value == value; });
    }

    [[nodiscard]] qint64 storedAtCenter() const
    {
        return center.db->scalar(QStringLiteral("SELECT COUNT(*) FROM journal_entries WHERE device_id = ?"), {device})
            .value()
            .toLongLong();
    }

    [[nodiscard]] qint64 journaled() const { return journalCount(journalPath); }

    /// On the payment screen: card instead of cash, as the collector picks it with the keys.
    [[nodiscard]] bool chooseCard(const QString &reference)
    {
        if (!ui->focus(QStringLiteral("methodChoice")))
            return false;
        ui->key(Qt::Key_Down); // cash is first, bank card second
        return QTest::qWaitFor(
                   [&] { return ui->property(QStringLiteral("methodChoice"), "currentIndex").toInt() == 1; }, Wait) &&
               ui->waitFor(QStringLiteral("referenceField")) && !ui->item(QStringLiteral("tenderedField")) &&
               ui->type(QStringLiteral("referenceField"), reference);
    }

    /// The center back on the same address.
    [[nodiscard]] bool centerBack()
    {
        server = std::make_unique<CenterServer>(*center.db, serverConfig);
        return server->start().ok();
    }
};

} // namespace

void TestExposureLimits::unsyncedEntriesLimit()
{
    QFETCH_GLOBAL(QString, backend);
    Bench b;
    const QString started = b.start(backend, QStringLiteral("unsynced"), QStringLiteral("unsynced"));
    QVERIFY2(started.isEmpty(), qPrintable(started));
    Driver &ui = *b.ui;
    AppShell &app = *b.app;

    // Each cash payment is two entries: the payment, then its receipt's print; the first entry
    // after a sync is preceded by the center's time from that sync (a witness): three then.
    const auto payCash = [&](int account, qint64 entries) {
        const qint64 before = b.journaled();
        return CollectorSteps::pay(ui, accountNumber(1, account), QStringLiteral("10")) &&
               QTest::qWaitFor([&] { return b.journaled() == before + entries && !app.desk().isBusy(); }, Wait);
    };

    // ---- The center caps the route at 6 entries it has not acknowledged (warned at the default
    // 80 %: 5). Setting it moves the center's worklist version, so the next sync fetches the
    // worklist and the cap with it. That sync leaves nothing unacknowledged: no banner.
    QVERIFY(b.center.store
                ->setExposureRules(ExposureRule::Scope::Route, QStringLiteral("R1"),
                                   {{QStringLiteral("max-unsynced-entries"), QStringLiteral("6")}})
                .ok());
    app.sync().syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(b.terminalHasRule(QStringLiteral("max-unsynced-entries"), QStringLiteral("6")), Slow);
    QTRY_VERIFY_WITH_TIMEOUT(!app.sync().isSyncing() && !app.desk().isBusy() && b.storedAtCenter() == b.journaled() &&
                                 app.sync().pending() == 0,
                             Slow);
    QTRY_VERIFY_WITH_TIMEOUT(!app.desk().isBusy(), Wait);
    QVERIFY2(app.desk().exposureWarning().isEmpty(), qPrintable(app.desk().exposureWarning()));
    QVERIFY(!ui.item(QStringLiteral("exposureBanner")));

    // ---- The center goes out of reach. What it holds stays; everything after is unacknowledged.
    b.server.reset();
    const qint64 acked = b.storedAtCenter();
    QCOMPARE(b.journaled(), acked);
    const auto unsynced = [&] { return b.journaled() - acked; };
    QVERIFY(payCash(1, 3));
    QCOMPARE(unsynced(), 3); // half the cap: nothing to say yet
    QVERIFY2(app.desk().exposureWarning().isEmpty(), qPrintable(app.desk().exposureWarning()));
    QVERIFY(!ui.item(QStringLiteral("exposureBanner")));

    // 5 of 6: the banner warns, with both figures, in Chinese; cash is still taken.
    QVERIFY(payCash(2, 2));
    QCOMPARE(unsynced(), 5);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("exposureBanner")), Wait);
    QVERIFY2(ui.text(QStringLiteral("exposureText"))
                 .contains(QStringLiteral("5 条日志记录尚未上传到收费中心，接近 6 条的上限")),
             qPrintable(ui.text(QStringLiteral("exposureText"))));
    QVERIFY(!app.desk().isExposureExceeded());
    QVERIFY(ui.shot(QStringLiteral("unsynced-warning")));
    QVERIFY(payCash(3, 2));

    // 7 of 6: past the cap, the banner says so.
    QCOMPARE(unsynced(), 7);
    QTRY_VERIFY_WITH_TIMEOUT(app.desk().isExposureExceeded(), Wait);
    QVERIFY2(
        ui.text(QStringLiteral("exposureText")).contains(QStringLiteral("7 条日志记录尚未上传到收费中心，上限为 6 条")),
        qPrintable(ui.text(QStringLiteral("exposureText"))));
    QVERIFY(ui.shot(QStringLiteral("unsynced-exceeded")));

    // ---- The next cash payment is refused in words, and nothing is journaled.
    const qint64 beforeRefusal = b.journaled();
    QVERIFY(CollectorSteps::toPayment(ui, accountNumber(1, 4), QStringLiteral("10")));
    QVERIFY(ui.click(QStringLiteral("confirmPayment")));
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("paymentError")).isEmpty(), Wait);
    const QString refusal = ui.text(QStringLiteral("paymentError"));
    QVERIFY2(refusal.contains(QStringLiteral("7 条日志记录尚未上传到收费中心")), qPrintable(refusal));
    QVERIFY2(refusal.contains(QStringLiteral("上限为 6 条。请先同步，再继续收取现金")), qPrintable(refusal));
    QVERIFY(!ui.item(QStringLiteral("paidLabel")));
    QTRY_VERIFY_WITH_TIMEOUT(!app.desk().isBusy(), Wait);
    QCOMPARE(b.journaled(), beforeRefusal);
    QVERIFY(ui.shot(QStringLiteral("unsynced-cash-refused")));

    // ---- The same customer pays by card: not money in the bag, so it goes through.
    QVERIFY(b.chooseCard(QStringLiteral("POS-77001")));
    QVERIFY(ui.click(QStringLiteral("confirmPayment")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("paidLabel")), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(b.journaled() == beforeRefusal + 2, Wait); // the payment and its print
    QVERIFY(app.desk().isExposureExceeded());                           // still no cash
    QVERIFY(ui.shot(QStringLiteral("unsynced-card-paid")));
    QVERIFY(ui.click(QStringLiteral("nextCustomer")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("lookupField")), Wait);
    QCOMPARE(b.storedAtCenter(), acked); // the center saw none of it

    // ---- The center comes back; the terminal syncs; the banner goes and cash is taken again.
    QVERIFY(b.centerBack());
    app.sync().syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(!app.sync().isSyncing() && b.storedAtCenter() == b.journaled(), Slow);
    QVERIFY(b.storedAtCenter() >= acked + 9); // a witness, three cash payments and a card one, each printed
    QTRY_VERIFY_WITH_TIMEOUT(!app.desk().isExposureExceeded() && !ui.item(QStringLiteral("exposureBanner")), Slow);
    QVERIFY(ui.shot(QStringLiteral("unsynced-synced")));
    const qint64 beforeCash = b.journaled();
    QVERIFY(CollectorSteps::pay(ui, accountNumber(1, 5), QStringLiteral("10")));
    QTRY_VERIFY_WITH_TIMEOUT(b.journaled() == beforeCash + 3, Wait); // the sync's witness first
    app.sync().syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(b.storedAtCenter() == b.journaled(), Slow); // and it reaches the center
}

void TestExposureLimits::hoursSinceSyncLimit()
{
    QFETCH_GLOBAL(QString, backend);
    Bench b;
    const QString started = b.start(backend, QStringLiteral("hours"), QStringLiteral("hours"));
    QVERIFY2(started.isEmpty(), qPrintable(started));
    Driver &ui = *b.ui;
    AppShell &app = *b.app;

    // ---- The center gives this collector 0.004 h (14.4 s) between syncs, warned at half of it.
    // The rule travels with the worklist the next sync fetches; that sync is the last one for a
    // while.
    QVERIFY(b.center.store
                ->setExposureRules(ExposureRule::Scope::Collector, QStringLiteral("C001"),
                                   {{QStringLiteral("max-hours-since-sync"), QStringLiteral("0.004")},
                                    {QStringLiteral("warn-at-percent"), QStringLiteral("50")}})
                .ok());
    const qsizetype fromRule = b.published.size();
    app.sync().syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(b.terminalHasRule(QStringLiteral("max-hours-since-sync"), QStringLiteral("0.004")), Slow);
    QTRY_VERIFY_WITH_TIMEOUT(!app.sync().isSyncing() && b.storedAtCenter() == b.journaled(), Slow);
    b.server.reset();

    // ---- Nobody touches the terminal and nothing reaches it: the banner comes by itself, first
    // as a warning, then as exceeded. (Only the desk's own timer can publish anything here.)
    QSignalSpy entries(&app.desk(), &DeskService::journalAppended);
    QSignalSpy heard(&app.sync(), &SyncService::centerHeard);
    const auto firstAfter = [&](qsizetype from, auto &&pred) -> qsizetype {
        for (qsizetype i = from; i < b.published.size(); ++i)
            if (pred(b.published.at(i)))
                return i;
        return -1;
    };
    const auto isWarning = [](const Published &p) { return !p.warning.isEmpty() && !p.exceeded; };
    const auto isExceeded = [](const Published &p) { return p.exceeded; };
    QTRY_VERIFY_WITH_TIMEOUT(firstAfter(fromRule, isWarning) >= 0, Slow);
    const qsizetype warned = firstAfter(fromRule, isWarning);
    const QString warning = b.published.at(warned).warning;
    QVERIFY2(warning.contains(QStringLiteral("上次同步在")), qPrintable(warning));
    QVERIFY2(warning.contains(QStringLiteral("接近 14.4 秒 的上限。请尽快同步")), qPrintable(warning));
    QVERIFY(ui.shot(QStringLiteral("hours-warning"))); // the banner, unless time already moved on
    QTRY_VERIFY_WITH_TIMEOUT(firstAfter(warned + 1, isExceeded) >= 0, Slow);
    const QString exceeded = b.published.at(firstAfter(warned + 1, isExceeded)).warning;
    QVERIFY2(exceeded.contains(QStringLiteral("上次同步在")), qPrintable(exceeded));
    QVERIFY2(exceeded.contains(QStringLiteral("上限为 14.4 秒。请先同步，再继续收取现金")), qPrintable(exceeded));
    QCOMPARE(entries.count(), 0);
    QCOMPARE(heard.count(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(app.desk().isExposureExceeded(), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(ui.text(QStringLiteral("exposureText")).contains(QStringLiteral("上限为 14.4 秒")), Wait);
    QVERIFY(ui.shot(QStringLiteral("hours-exceeded")));

    // ---- Cash is refused in words, and nothing is journaled.
    const qint64 beforeRefusal = b.journaled();
    QVERIFY(CollectorSteps::toPayment(ui, accountNumber(1, 1), QStringLiteral("10")));
    QVERIFY(ui.click(QStringLiteral("confirmPayment")));
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(QStringLiteral("paymentError")).isEmpty(), Wait);
    const QString refusal = ui.text(QStringLiteral("paymentError"));
    QVERIFY2(refusal.contains(QStringLiteral("上次同步在")), qPrintable(refusal));
    QVERIFY2(refusal.contains(QStringLiteral("上限为 14.4 秒。请先同步，再继续收取现金")), qPrintable(refusal));
    QVERIFY(!ui.item(QStringLiteral("paidLabel")));
    QTRY_VERIFY_WITH_TIMEOUT(!app.desk().isBusy(), Wait);
    QCOMPARE(b.journaled(), beforeRefusal);
    QVERIFY(ui.shot(QStringLiteral("hours-cash-refused")));

    // ---- A card payment goes on.
    QVERIFY(b.chooseCard(QStringLiteral("POS-77002")));
    QVERIFY(ui.click(QStringLiteral("confirmPayment")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("paidLabel")), Wait);
    // The last sync's witnessed time, the payment and its print.
    QTRY_VERIFY_WITH_TIMEOUT(b.journaled() == beforeRefusal + 3, Wait);
    QVERIFY(app.desk().isExposureExceeded());
    QVERIFY(ui.shot(QStringLiteral("hours-card-paid")));
    QVERIFY(ui.click(QStringLiteral("nextCustomer")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("lookupField")), Wait);

    // The next customer's cash waits on the screen for the center.
    QVERIFY(CollectorSteps::toPayment(ui, accountNumber(1, 2), QStringLiteral("10")));
    const qint64 beforeCash = b.journaled();

    // ---- The center comes back with a lock for this terminal: the lock page, in Chinese.
    QVERIFY(b.center.store->issueCommand(b.device, QStringLiteral("lock")).ok());
    QVERIFY(b.centerBack());
    app.sync().syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(app.sync().isLocked(), Slow);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("lockedPage")), Wait);
    QVERIFY2(ui.text(QStringLiteral("lockedTitle")).contains(QStringLiteral("此终端已锁定")),
             qPrintable(ui.text(QStringLiteral("lockedTitle"))));
    QVERIFY(ui.shot(QStringLiteral("hours-locked")));

    // ---- Unlocked: the sync that brought it cleared the banner, and the cash waiting on the
    // screen goes through.
    QVERIFY(b.center.store->issueCommand(b.device, QStringLiteral("unlock")).ok());
    const qsizetype fromUnlock = b.published.size();
    app.sync().syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(!app.sync().isLocked(), Slow);
    QTRY_VERIFY_WITH_TIMEOUT(!ui.item(QStringLiteral("lockedPage")), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(
        firstAfter(fromUnlock, [](const Published &p) { return p.warning.isEmpty() && !p.exceeded; }) >= 0, Slow);
    QVERIFY(ui.click(QStringLiteral("confirmPayment")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(QStringLiteral("paidLabel")) || !ui.text(QStringLiteral("paymentError")).isEmpty(),
                             Wait);
    QVERIFY2(ui.item(QStringLiteral("paidLabel")), qPrintable(ui.text(QStringLiteral("paymentError"))));
    QTRY_VERIFY_WITH_TIMEOUT(b.journaled() > beforeCash, Wait);
    QVERIFY(ui.shot(QStringLiteral("hours-cash-paid")));
}

QTEST_MAIN(TestExposureLimits)
#include "tst_exposurelimits.moc"
