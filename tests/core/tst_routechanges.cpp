#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include "allocation.h"
#include "routestore.h"
#include "sqlite.h"
#include "worklist.h"

// Worklist deltas applied to the device's route: a new device gets its whole route as a delta
// from version 0; later deltas add, change and remove; a delta for another version, or one with
// anything malformed, changes nothing.
class TestRouteChanges : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;

    QString freshPath() { return m_dir.filePath(QStringLiteral("route-%1.sqlite").arg(++m_n)); }

    static QList<QPair<QString, QString>> settings()
    {
        const WorklistHeader defaults;
        QList<QPair<QString, QString>> pairs = {
            {QStringLiteral("generated"), QStringLiteral("2026-11-01")},
            {QStringLiteral("utility"), QStringLiteral("国网某县供电公司")},
            {QStringLiteral("account-pattern"), defaults.numberRule.pattern()},
            {QStringLiteral("check-digit"), checkDigitKey(defaults.numberRule.checkDigit())},
            {QStringLiteral("allocation-order"), allocationOrderKey(defaults.allocationOrder)}};
        pairs += PenaltyPolicy().toKeyValues();
        return pairs;
    }

    static Account account(const QString &number, const QString &name, int walk)
    {
        return Account{number,
                       name,
                       QStringLiteral("李家村 %1 号").arg(walk),
                       QStringLiteral("李家村"),
                       walk,
                       QStringLiteral("M%1").arg(number),
                       CustomerClass::Residential,
                       QString(),
                       Money()};
    }

    static Bill bill(const QString &id, const QString &number, const QString &period, qint64 fen)
    {
        return Bill{id, number, period, Money::fromFen(fen), QDate(2026, 10, 20), Money(), Money(), QDate()};
    }

    static RouteChanges whole()
    {
        RouteChanges c;
        c.since = 0;
        c.version = 5;
        c.route = QStringLiteral("R1");
        c.settings = settings();
        c.accounts = {account(QStringLiteral("3100000001"), QStringLiteral("张三丰"), 1),
                      account(QStringLiteral("3100000002"), QStringLiteral("李四"), 2),
                      account(QStringLiteral("3100000003"), QStringLiteral("王五"), 3)};
        c.bills = {bill(QStringLiteral("B1"), QStringLiteral("3100000001"), QStringLiteral("2026-09"), 12345),
                   bill(QStringLiteral("B2"), QStringLiteral("3100000002"), QStringLiteral("2026-09"), 6789),
                   bill(QStringLiteral("B3"), QStringLiteral("3100000003"), QStringLiteral("2026-09"), 1000)};
        return c;
    }

private Q_SLOTS:
    void aNewDeviceGetsItsWholeRoute()
    {
        RouteStore store(freshPath());
        QVERIFY(store.open().ok());
        QVERIFY(!store.hasRoute());
        const auto r = store.applyChanges(whole());
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QVERIFY(store.hasRoute());
        QCOMPARE(store.header().routeId, QStringLiteral("R1"));
        QCOMPARE(store.header().version, 5);
        QCOMPARE(store.header().utilityName, QStringLiteral("国网某县供电公司"));
        QCOMPARE(store.accountCount(), 3);
        QCOMPARE(store.billCount(), 3);
        QCOMPARE(store.search(QStringLiteral("三丰")).size(), 1);
    }

    void laterDeltasAddChangeAndRemove()
    {
        RouteStore store(freshPath());
        QVERIFY(store.open().ok());
        QVERIFY(store.applyChanges(whole()).ok());

        RouteChanges next;
        next.since = 5;
        next.version = 9;
        next.route = QStringLiteral("R1");
        next.accounts = {account(QStringLiteral("3100000002"), QStringLiteral("李四新"), 2), // renamed
                         account(QStringLiteral("3100000004"), QStringLiteral("赵六"), 4)};  // new
        next.bills = {bill(QStringLiteral("B4"), QStringLiteral("3100000004"), QStringLiteral("2026-10"), 2200),
                      bill(QStringLiteral("B2"), QStringLiteral("3100000002"), QStringLiteral("2026-09"), 6000)};
        next.removedBills = {QStringLiteral("B1"), QStringLiteral("B-unknown")};             // paid at the bank
        next.removedAccounts = {QStringLiteral("3100000003"), QStringLiteral("3199999999")}; // moved off
        const auto r = store.applyChanges(next);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(store.header().version, 9);
        QCOMPARE(store.header().utilityName, QStringLiteral("国网某县供电公司")); // settings kept
        QCOMPARE(store.accountCount(), 3);
        QVERIFY(!store.findByNumber(QStringLiteral("3100000003")));
        QVERIFY(store.openBills(QStringLiteral("3100000001")).isEmpty()); // nobody collects B1 twice
        QCOMPARE(store.findByNumber(QStringLiteral("3100000002"))->name, QStringLiteral("李四新"));
        QCOMPARE(store.openBills(QStringLiteral("3100000002")).size(), 1);
        QCOMPARE(store.openBills(QStringLiteral("3100000002")).first().amount, Money::fromFen(6000));
        QCOMPARE(store.openBills(QStringLiteral("3100000004")).size(), 1);
        QCOMPARE(store.search(QStringLiteral("李四新")).size(), 1);
        QCOMPARE(store.search(QStringLiteral("王五")).size(), 0); // the index follows
        QCOMPARE(store.villages(), QStringList{QStringLiteral("李家村")});
        // Reopened from disk: the same.
        RouteStore again(store.path());
        QVERIFY(again.open().ok());
        QCOMPARE(again.header().version, 9);
        QCOMPARE(again.accountCount(), 3);
    }

    void aChangeIsAppliedInPlaceAndARuleChangeRebuilds()
    {
        RouteStore store(freshPath());
        QVERIFY(store.open().ok());
        QVERIFY(store.applyChanges(whole()).ok());
        const auto inode = [&store] {
            struct stat st
            {
            };
            return ::stat(QFile::encodeName(store.path()).constData(), &st) == 0 ? st.st_ino : ino_t(0);
        };
        const ino_t before = inode();
        QVERIFY(before != 0);

        // One bill paid in part: the same file, changed in place.
        RouteChanges paid;
        paid.since = 5;
        paid.version = 6;
        paid.route = QStringLiteral("R1");
        paid.bills = {Bill{QStringLiteral("B1"), QStringLiteral("3100000001"), QStringLiteral("2026-09"),
                           Money::fromFen(12345), QDate(2026, 10, 20), Money::fromFen(345), Money(), QDate()}};
        QVERIFY(store.applyChanges(paid).ok());
        QCOMPARE(inode(), before);
        QCOMPARE(store.openBills(QStringLiteral("3100000001")).first().amountPaid, Money::fromFen(345));
        QCOMPARE(store.billCount(), 3);
        // An account renamed twice and moved to a new village: the search index and the village
        // list follow every step (the old names are gone, not merely shadowed).
        for (const QString &name : {QStringLiteral("张君宝"), QStringLiteral("张真人")}) {
            RouteChanges renamed;
            renamed.since = store.header().version;
            renamed.version = renamed.since + 1;
            renamed.route = QStringLiteral("R1");
            Account a = account(QStringLiteral("3100000001"), name, 1);
            a.village = QStringLiteral("武当村");
            renamed.accounts = {a};
            QVERIFY(store.applyChanges(renamed).ok());
        }
        QCOMPARE(inode(), before);
        QCOMPARE(store.search(QStringLiteral("三丰")).size(), 0);
        QCOMPARE(store.search(QStringLiteral("君宝")).size(), 0);
        QCOMPARE(store.search(QStringLiteral("真人")).size(), 1);
        QCOMPARE(store.villages().size(), 2);
        QCOMPARE(store.openBills(QStringLiteral("3100000001")).size(), 1); // its bill stays
        QCOMPARE(store.accountCount(), 3);
        // A new account-number rule rechecks every account: the route is rebuilt.
        RouteChanges rule;
        rule.since = store.header().version;
        rule.version = rule.since + 1;
        rule.route = QStringLiteral("R1");
        rule.settings = settings();
        for (auto &[key, value] : rule.settings) {
            if (key == QLatin1String("account-pattern"))
                value = QStringLiteral("31[0-9]{8}");
        }
        const auto rebuilt = store.applyChanges(rule);
        QVERIFY2(rebuilt.ok(), qPrintable(rebuilt.ok() ? QString() : rebuilt.error().message));
        QVERIFY(inode() != before);
        QCOMPARE(store.header().numberRule.pattern(), QStringLiteral("31[0-9]{8}"));
        QCOMPARE(store.search(QStringLiteral("真人")).size(), 1);
    }

    void aRouteFromBeforeBillsWereIndexedTakesChanges()
    {
        RouteStore store(freshPath());
        QVERIFY(store.open().ok());
        QVERIFY(store.applyChanges(whole()).ok());
        {
            // As the previous version of the app left it: no index of bills by id.
            SqliteDb db;
            QVERIFY(db.open(store.path(), SQLITE_OPEN_READWRITE).ok());
            QVERIFY(db.exec("DROP INDEX bill_by_id;").ok());
            QVERIFY(db.setUserVersion(2).ok());
        }
        RouteStore again(store.path());
        QVERIFY(again.open().ok());
        RouteChanges next;
        next.since = 5;
        next.version = 6;
        next.route = QStringLiteral("R1");
        next.removedBills = {QStringLiteral("B2")};
        QVERIFY(again.applyChanges(next).ok());
        QCOMPARE(again.billCount(), 2);
        QVERIFY(again.openBills(QStringLiteral("3100000002")).isEmpty());
    }

    void wrongVersionChangesNothing()
    {
        RouteStore store(freshPath());
        QVERIFY(store.open().ok());
        RouteChanges early = whole();
        early.since = 3; // the device has no route: only a whole route (since 0) will do
        QCOMPARE(store.applyChanges(early).error().code, QStringLiteral("route.delta-version"));
        QVERIFY(!store.hasRoute());
        QVERIFY(store.applyChanges(whole()).ok());
        RouteChanges stale;
        stale.since = 4;
        stale.version = 6;
        stale.accounts = {account(QStringLiteral("3100000009"), QStringLiteral("X"), 9)};
        QCOMPARE(store.applyChanges(stale).error().code, QStringLiteral("route.delta-version"));
        RouteChanges backwards;
        backwards.since = 5;
        backwards.version = 4;
        QCOMPARE(store.applyChanges(backwards).error().code, QStringLiteral("route.delta-version"));
        QCOMPARE(store.header().version, 5);
        QCOMPARE(store.accountCount(), 3);
    }

    void malformedChangesNothing_data()
    {
        QTest::addColumn<int>("damage");
        QTest::newRow("bad account number") << 0;
        QTest::newRow("bill of an unknown account") << 1;
        QTest::newRow("control character in a name") << 2;
        QTest::newRow("negative bill") << 3;
        QTest::newRow("bad policy") << 4;
        QTest::newRow("duplicate account") << 5;
        QTest::newRow("paid more than billed") << 6;
    }

    void malformedChangesNothing()
    {
        QFETCH(int, damage);
        RouteStore store(freshPath());
        QVERIFY(store.open().ok());
        QVERIFY(store.applyChanges(whole()).ok());
        RouteChanges c;
        c.since = 5;
        c.version = 6;
        c.route = QStringLiteral("R1");
        switch (damage) {
        case 0:
            c.accounts = {account(QStringLiteral("31000abc01"), QStringLiteral("X"), 9)};
            break;
        case 1:
            c.bills = {bill(QStringLiteral("B9"), QStringLiteral("3100000099"), QStringLiteral("2026-10"), 100)};
            break;
        case 2:
            c.accounts = {account(QStringLiteral("3100000009"), QStringLiteral("X\x1b@Y"), 9)};
            break;
        case 3:
            c.bills = {bill(QStringLiteral("B9"), QStringLiteral("3100000001"), QStringLiteral("2026-10"), -100)};
            break;
        case 4:
            c.settings = settings();
            c.settings.last().second = QStringLiteral("lots");
            break;
        case 5:
            c.accounts = {account(QStringLiteral("3100000009"), QStringLiteral("X"), 9),
                          account(QStringLiteral("3100000009"), QStringLiteral("Y"), 10)};
            break;
        case 6:
            c.bills = {Bill{QStringLiteral("B9"), QStringLiteral("3100000001"), QStringLiteral("2026-10"),
                            Money::fromFen(100), QDate(2026, 10, 20), Money::fromFen(200), Money(), QDate()}};
            break;
        }
        const auto r = store.applyChanges(c);
        QVERIFY(!r.ok());
        QVERIFY(!r.error().message.isEmpty());
        QCOMPARE(store.header().version, 5);
        QCOMPARE(store.accountCount(), 3);
        QCOMPARE(store.billCount(), 3);
        QVERIFY(!QFile::exists(store.path() + QStringLiteral(".delta")));
        // Rolled back whole: the search index and the bills are as they were, and the route
        // still takes a good change.
        QCOMPARE(store.search(QStringLiteral("三丰")).size(), 1);
        QCOMPARE(store.openBills(QStringLiteral("3100000001")).size(), 1);
        RouteChanges good;
        good.since = 5;
        good.version = 6;
        good.route = QStringLiteral("R1");
        good.accounts = {account(QStringLiteral("3100000009"), QStringLiteral("孙七"), 9)};
        QVERIFY(store.applyChanges(good).ok());
        QCOMPARE(store.accountCount(), 4);
    }
};

QTEST_GUILESS_MAIN(TestRouteChanges)
#include "tst_routechanges.moc"
