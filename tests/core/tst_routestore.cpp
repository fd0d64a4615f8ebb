#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include "demoworklist.h"
#include "routestore.h"
#include "worklist.h"

// RouteStore: a worklist imported whole or not at all, and every lookup a collector or the van's
// queue needs, Chinese and Latin fragments included.

namespace {

WorklistHeader header(const QString &route = QStringLiteral("R-7"))
{
    WorklistHeader h;
    h.routeId = route;
    h.version = 3;
    h.generated = QDate(2025, 1, 15);
    h.utilityName = QStringLiteral("国网示范县供电公司");
    h.allocationOrder = AllocationOrder::PrincipalFirst;
    h.policy.setGraceDays(5);
    return h;
}

Account account(const char *number, const QString &name, const QString &address, const QString &village, int walk,
                const char *meter = "")
{
    Account a;
    a.number = QLatin1String(number);
    a.name = name;
    a.address = address;
    a.village = village;
    a.walkOrder = walk;
    a.meterNumber = QLatin1String(meter);
    a.phone = QStringLiteral("13912345678");
    return a;
}

Bill bill(const char *id, const char *account, const char *period, qint64 fen, QDate due, qint64 paidFen = 0)
{
    return Bill{QLatin1String(id),
                QLatin1String(account),
                QLatin1String(period),
                Money::fromFen(fen),
                due,
                Money::fromFen(paidFen),
                Money(),
                QDate()};
}

// Accounts in file order deliberately not walking order; villages first seen 李家村, then 王庄.
QList<Account> sampleAccounts()
{
    QList<Account> list{
        account("3300000030", QStringLiteral("张三丰"), QStringLiteral("石桥镇李家村3组12号"), QStringLiteral("李家村"),
                30, "610000000001"),
        account("3300000010", QStringLiteral("王喆"), QStringLiteral("石桥镇李家村1组2号"), QStringLiteral("李家村"),
                10, "610000000002"),
        account("3300000200", QStringLiteral("Lotus Road 商店"), QStringLiteral("城关镇 Lotus Road 12号"),
                QStringLiteral("王庄"), 5, "610000000003"),
        account("3300000020", QStringLiteral("李堃"), QStringLiteral("石桥镇李家村2组7号"), QStringLiteral("李家村"),
                20, "610000000002"), // shares a meter with 王喆 (a shared yard meter)
        account("4400000001", QStringLiteral("赵丰收"), QStringLiteral("王庄5号"), QStringLiteral("王庄"), 1),
    };
    list[2].customerClass = CustomerClass::Commercial;
    list[2].prepaidBalance = Money::fromFen(1250);
    list[4].phone.clear();
    return list;
}

QList<Bill> sampleBills()
{
    return {
        bill("B-3", "3300000030", "2024-12", 8800, QDate(2025, 1, 25)),
        bill("B-1", "3300000030", "2024-10", 12345, QDate(2024, 11, 25), 2345),
        bill("B-2", "3300000030", "2024-11", 5000, QDate(2024, 12, 25), 5000), // fully paid: not open
        bill("B-4", "3300000200", "2024-12", 500000, QDate(2025, 1, 25)),
    };
}

QByteArray worklistBytes(const WorklistHeader &h, const QList<Account> &accounts, const QList<Bill> &bills)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    WorklistWriter writer(buffer);
    writer.writeHeader(h);
    for (const Account &a : accounts) {
        writer.writeAccount(a);
        for (const Bill &b : bills) {
            if (b.accountNumber == a.number)
                writer.writeBill(b);
        }
    }
    if (!writer.finish())
        qFatal("worklist could not be written");
    return buffer.data();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result();
}

QByteArray demoBytes(qint64 accounts, quint64 seed)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!DemoWorklist({accounts, seed, QDate(2025, 1, 15), AccountNumberRule::CheckDigit::None}).write(buffer))
        qFatal("demo worklist failed");
    return buffer.data();
}

QStringList numbers(const QList<Account> &accounts)
{
    QStringList list;
    for (const Account &a : accounts)
        list.append(a.number);
    return list;
}

} // namespace

class TestRouteStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void noRoute();
    void importAndHeader();
    void findByNumber();
    void findByNumberPrefix();
    void findByMeter();
    void search_data();
    void search();
    void searchOddInput_data();
    void searchOddInput();
    void walkingOrder();
    void openBillsOldestFirst();
    void reopenSeesTheRoute();
    void failedImportLeavesTheRouteAlone_data();
    void failedImportLeavesTheRouteAlone();
    void failedFirstImportLeavesNoRoute();
    void reimportReplaces();
    void staleImportingFileIsReplaced();
    void damagedRouteFile();
    void newerFormatIsRefused();
    void penaltyStateKeptAndOldFilesMigrate();
    void demoRouteLookups();

private:
    QString routePath() const { return m_dir->filePath(QStringLiteral("route.db")); }
    QString writeWorklist(const QByteArray &bytes, const QString &name = QStringLiteral("worklist.txt"))
    {
        const QString path = m_dir->filePath(name);
        if (!writeFile(path, bytes))
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }
    void importSample(RouteStore &store)
    {
        QVERIFY(store.open().ok());
        const Result<WorklistSummary> r =
            store.importWorklist(writeWorklist(worklistBytes(header(), sampleAccounts(), sampleBills())));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestRouteStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestRouteStore::noRoute()
{
    RouteStore store(routePath());
    QVERIFY(store.open().ok());
    QVERIFY(!store.hasRoute());
    QCOMPARE(store.path(), routePath());
    QVERIFY(!store.findByNumber(u"3300000030").has_value());
    QVERIFY(store.findByNumberPrefix(u"33").isEmpty());
    QVERIFY(store.findByMeter(u"610000000001").isEmpty());
    QVERIFY(store.search(u"张").isEmpty());
    QVERIFY(store.villages().isEmpty());
    QVERIFY(store.accountsInVillage(QStringLiteral("李家村")).isEmpty());
    QVERIFY(store.openBills(u"3300000030").isEmpty());
    QCOMPARE(store.accountCount(), 0);
    QCOMPARE(store.billCount(), 0);
    QVERIFY(store.header().routeId.isEmpty());
    QVERIFY(!QFile::exists(routePath())); // looking created nothing
}

void TestRouteStore::importAndHeader()
{
    RouteStore store(routePath());
    QVERIFY(store.open().ok());
    const Result<WorklistSummary> r =
        store.importWorklist(writeWorklist(worklistBytes(header(), sampleAccounts(), sampleBills())));
    QVERIFY(r.ok());
    QCOMPARE(r->accounts, 5);
    QCOMPARE(r->bills, 4);
    QVERIFY(store.hasRoute());
    QCOMPARE(store.accountCount(), 5);
    QCOMPARE(store.billCount(), 4);
    const WorklistHeader expected = header();
    QCOMPARE(store.header().routeId, expected.routeId);
    QCOMPARE(store.header().version, expected.version);
    QCOMPARE(store.header().generated, expected.generated);
    QCOMPARE(store.header().utilityName, expected.utilityName);
    QCOMPARE(store.header().allocationOrder, expected.allocationOrder);
    QCOMPARE(store.header().numberRule.pattern(), expected.numberRule.pattern());
    QVERIFY(store.header().policy == expected.policy);
    QCOMPARE(store.header().policy.graceDays(), 5);
    QVERIFY(!QFile::exists(routePath() + QStringLiteral(".importing")));
}

void TestRouteStore::findByNumber()
{
    RouteStore store(routePath());
    importSample(store);
    for (const Account &a : sampleAccounts()) {
        const std::optional<Account> found = store.findByNumber(a.number);
        QVERIFY(found.has_value());
        QCOMPARE(*found, a); // every field back as it went in
    }
    QVERIFY(!store.findByNumber(u"3300000031").has_value());
    QVERIFY(!store.findByNumber(u"330000003").has_value()); // a prefix is not a match
    QVERIFY(!store.findByNumber(u"").has_value());
    QVERIFY(!store.findByNumber(u"3300000030' OR '1'='1").has_value());
}

void TestRouteStore::findByNumberPrefix()
{
    RouteStore store(routePath());
    importSample(store);
    QCOMPARE(numbers(store.findByNumberPrefix(u"33")),
             QStringList({QStringLiteral("3300000010"), QStringLiteral("3300000020"), QStringLiteral("3300000030"),
                          QStringLiteral("3300000200")}));
    QCOMPARE(numbers(store.findByNumberPrefix(u"33000000")),
             QStringList({QStringLiteral("3300000010"), QStringLiteral("3300000020"), QStringLiteral("3300000030")}));
    QCOMPARE(numbers(store.findByNumberPrefix(u"33", 2)),
             QStringList({QStringLiteral("3300000010"), QStringLiteral("3300000020")}));
    QCOMPARE(numbers(store.findByNumberPrefix(u"3300000030")), QStringList{QStringLiteral("3300000030")});
    QCOMPARE(numbers(store.findByNumberPrefix(u"4")), QStringList{QStringLiteral("4400000001")});
    QVERIFY(store.findByNumberPrefix(u"5").isEmpty());
    QVERIFY(store.findByNumberPrefix(u"33000000300").isEmpty());
    QVERIFY(store.findByNumberPrefix(u"").isEmpty());
    QVERIFY(store.findByNumberPrefix(u"33", 0).isEmpty());
    QVERIFY(store.findByNumberPrefix(u"3%").isEmpty()); // no LIKE wildcards
}

void TestRouteStore::findByMeter()
{
    RouteStore store(routePath());
    importSample(store);
    QCOMPARE(numbers(store.findByMeter(u"610000000001")), QStringList{QStringLiteral("3300000030")});
    QCOMPARE(numbers(store.findByMeter(u"610000000002")),
             QStringList({QStringLiteral("3300000010"), QStringLiteral("3300000020")}));
    QVERIFY(store.findByMeter(u"61000000000").isEmpty());
    QVERIFY(store.findByMeter(u"").isEmpty()); // the account with no meter is not found by "no meter"
}

void TestRouteStore::search_data()
{
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<QStringList>("expected");
    const QString zhang = QStringLiteral("3300000030");
    const QString wang = QStringLiteral("3300000010");
    const QString lotus = QStringLiteral("3300000200");
    const QString li = QStringLiteral("3300000020");
    const QString zhao = QStringLiteral("4400000001");
    QTest::newRow("given name") << QStringLiteral("三丰") << QStringList{zhang};
    QTest::newRow("one CJK character") << QStringLiteral("丰") << QStringList{zhang, zhao};
    QTest::newRow("full name") << QStringLiteral("张三丰") << QStringList{zhang};
    QTest::newRow("GBK-only character") << QStringLiteral("喆") << QStringList{wang};
    QTest::newRow("village in address") << QStringLiteral("李家村") << QStringList{zhang, wang, li};
    QTest::newRow("one character, many") << QStringLiteral("李") << QStringList{zhang, wang, li};
    QTest::newRow("address with digits") << QStringLiteral("3组12号") << QStringList{zhang};
    QTest::newRow("Latin word") << QStringLiteral("lotus") << QStringList{lotus};
    QTest::newRow("Latin prefix") << QStringLiteral("Lot") << QStringList{lotus};
    QTest::newRow("Latin one letter") << QStringLiteral("L") << QStringList{lotus};
    QTest::newRow("Latin upper case") << QStringLiteral("LOTUS ROAD") << QStringList{lotus};
    QTest::newRow("Latin phrase, last word partial") << QStringLiteral("Road 1") << QStringList{lotus};
    QTest::newRow("Latin and CJK") << QStringLiteral("Road 商店") << QStringList{lotus};
    QTest::newRow("surrounding spaces") << QStringLiteral("  三丰 ") << QStringList{zhang};
    QTest::newRow("full-width space inside") << QStringLiteral("张　三") << QStringList{zhang};
    QTest::newRow("wrong order") << QStringLiteral("丰三") << QStringList{};
    QTest::newRow("inside a Latin word") << QStringLiteral("otus") << QStringList{};
    QTest::newRow("absent") << QStringLiteral("欧阳") << QStringList{};
    QTest::newRow("across name and address") << QStringLiteral("丰石") << QStringList{};
    QTest::newRow("number is not searched as text") << QStringLiteral("3300000030") << QStringList{};
}

void TestRouteStore::search()
{
    QFETCH(QString, fragment);
    QFETCH(QStringList, expected);
    RouteStore store(routePath());
    importSample(store);
    QCOMPARE(numbers(store.search(fragment)), expected); // in walking (file) order
}

void TestRouteStore::searchOddInput_data()
{
    QTest::addColumn<QString>("fragment");
    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << QStringLiteral("   ");
    QTest::newRow("punctuation") << QStringLiteral("，。！");
    QTest::newRow("quote") << QStringLiteral("\"");
    QTest::newRow("quotes around") << QStringLiteral("\"\"张\"\"");
    QTest::newRow("FTS operators") << QStringLiteral("张 OR 李 NOT 王");
    QTest::newRow("NEAR") << QStringLiteral("NEAR(张 李)");
    QTest::newRow("star") << QStringLiteral("*");
    QTest::newRow("column filter") << QStringLiteral("name:张");
    QTest::newRow("caret") << QStringLiteral("^张");
    QTest::newRow("lone surrogate") << QString(QChar(0xd800));
    QTest::newRow("long") << QString(5000, QChar(u'张'));
    QTest::newRow("private use (the index's prefix mark)") << QString(QChar(0xE000));
    QTest::newRow("prefix mark after a letter") << QStringLiteral("L") + QChar(0xE000) + QStringLiteral("x");
}

void TestRouteStore::searchOddInput()
{
    // Whatever is typed is a fragment, never FTS syntax: no error, and nothing that is not there.
    QFETCH(QString, fragment);
    RouteStore store(routePath());
    importSample(store);
    const QList<Account> found = store.search(fragment);
    QVERIFY(found.size() <= 1);
    if (!found.isEmpty()) // "quotes around", "column filter", "caret": the 张 in them is found
        QVERIFY(found.constFirst().name.contains(QChar(u'张')));
    if (fragment.trimmed().isEmpty() || fragment == QStringLiteral("，。！"))
        QVERIFY(found.isEmpty());
}

void TestRouteStore::walkingOrder()
{
    RouteStore store(routePath());
    importSample(store);
    QCOMPARE(store.villages(), QStringList({QStringLiteral("李家村"), QStringLiteral("王庄")}));
    QCOMPARE(numbers(store.accountsInVillage(QStringLiteral("李家村"))),
             QStringList({QStringLiteral("3300000010"), QStringLiteral("3300000020"), QStringLiteral("3300000030")}));
    QCOMPARE(numbers(store.accountsInVillage(QStringLiteral("王庄"))),
             QStringList({QStringLiteral("4400000001"), QStringLiteral("3300000200")}));
    QVERIFY(store.accountsInVillage(QStringLiteral("李家")).isEmpty());
}

void TestRouteStore::openBillsOldestFirst()
{
    RouteStore store(routePath());
    importSample(store);
    const QList<Bill> bills = store.openBills(u"3300000030");
    QCOMPARE(bills.size(), 2); // B-2 is paid in full
    QCOMPARE(bills[0], sampleBills()[1]);
    QCOMPARE(bills[1], sampleBills()[0]);
    QCOMPARE(bills[0].outstanding(), Money::fromFen(10000));
    QCOMPARE(store.openBills(u"3300000200").size(), 1);
    QVERIFY(store.openBills(u"3300000010").isEmpty());
    QVERIFY(store.openBills(u"9999999999").isEmpty());
}

void TestRouteStore::reopenSeesTheRoute()
{
    {
        RouteStore store(routePath());
        importSample(store);
    }
    RouteStore again(routePath());
    QVERIFY(again.open().ok());
    QVERIFY(again.hasRoute());
    QCOMPARE(again.accountCount(), 5);
    QCOMPARE(again.header().routeId, QStringLiteral("R-7"));
    QVERIFY(again.findByNumber(u"3300000200").has_value());
    QCOMPARE(numbers(again.search(u"Lot")), QStringList{QStringLiteral("3300000200")});
}

void TestRouteStore::failedImportLeavesTheRouteAlone_data()
{
    QTest::addColumn<QByteArray>("bytes"); // empty: the worklist file does not exist
    QTest::addColumn<QString>("code");

    // A large enough worklist that the failure comes after many rows went into the new file.
    const QByteArray good = demoBytes(3000, 5);
    QList<QByteArray> lines = good.split('\n');
    lines.removeLast();
    lines.removeLast();
    const qsizetype middle = lines.size() / 2;
    qsizetype b = middle;
    while (!lines[b].startsWith("B\t"))
        ++b;
    QList<QByteArray> fields = lines[b].split('\t');
    fields[4] = "12.345";
    lines[b] = fields.join('\t');
    QByteArray body = lines.join('\n') + '\n';
    const QByteArray badLine = body + "END\t3000\t" + QByteArray::number(good.count("\nB\t")) + '\t' +
                               QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex() + '\n';

    QTest::newRow("bad line in the middle") << badLine << QStringLiteral("worklist.bad-field");
    QTest::newRow("truncated") << good.left(good.size() * 3 / 4) << QStringLiteral("worklist.truncated");
    QTest::newRow("last byte missing") << good.chopped(1) << QStringLiteral("worklist.truncated");
    QByteArray damaged = good;
    damaged[damaged.size() / 2] = char(damaged[damaged.size() / 2] ^ 0x01);
    QTest::newRow("damaged") << damaged << QString();
    QTest::newRow("missing file") << QByteArray() << QStringLiteral("route.worklist-unreadable");
    QTest::newRow("not a worklist") << QByteArray("<html>502 Bad Gateway</html>\n")
                                    << QStringLiteral("worklist.bad-magic");
}

void TestRouteStore::failedImportLeavesTheRouteAlone()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, code);

    RouteStore store(routePath());
    importSample(store);
    const QByteArray before = fileHash(routePath());
    const QString worklist = bytes.isEmpty() ? m_dir->filePath(QStringLiteral("absent.txt"))
                                             : writeWorklist(bytes, QStringLiteral("bad.txt"));

    const Result<WorklistSummary> r = store.importWorklist(worklist);
    QVERIFY(!r.ok());
    if (!code.isEmpty())
        QCOMPARE(r.error().code, code);
    QVERIFY(!r.error().message.isEmpty());

    // The previous route, whole and usable; nothing half-built beside it.
    QVERIFY(!QFile::exists(routePath() + QStringLiteral(".importing")));
    QCOMPARE(QDir(m_dir->path()).entryList({QStringLiteral("route.db*")}, QDir::Files),
             QStringList{QStringLiteral("route.db")});
    QCOMPARE(fileHash(routePath()), before);
    QVERIFY(store.hasRoute());
    QCOMPARE(store.accountCount(), 5);
    QCOMPARE(store.header().routeId, QStringLiteral("R-7"));
    QCOMPARE(store.findByNumber(u"3300000030")->name, QStringLiteral("张三丰"));
    QCOMPARE(numbers(store.search(u"三丰")), QStringList{QStringLiteral("3300000030")});
    QCOMPARE(store.openBills(u"3300000030").size(), 2);

    RouteStore other(routePath()); // and so for whoever opens it next
    QVERIFY(other.open().ok());
    QCOMPARE(other.accountCount(), 5);
}

void TestRouteStore::failedFirstImportLeavesNoRoute()
{
    RouteStore store(routePath());
    QVERIFY(store.open().ok());
    const QByteArray good = demoBytes(200, 1);
    QVERIFY(!store.importWorklist(writeWorklist(good.chopped(10))).ok());
    QVERIFY(!store.hasRoute());
    QVERIFY(QDir(m_dir->path()).entryList({QStringLiteral("route.db*")}, QDir::Files).isEmpty());
}

void TestRouteStore::reimportReplaces()
{
    RouteStore store(routePath());
    importSample(store);
    const QByteArray demo = demoBytes(1000, 9);
    const Result<WorklistSummary> r = store.importWorklist(writeWorklist(demo, QStringLiteral("demo.txt")));
    QVERIFY(r.ok());
    QCOMPARE(store.accountCount(), 1000);
    QCOMPARE(store.billCount(), r->bills);
    QCOMPARE(store.header().routeId, QStringLiteral("DEMO-9"));
    QVERIFY(!store.findByNumber(u"4400000001").has_value()); // the sample's accounts are gone
    QVERIFY(store.search(u"张三丰").isEmpty());
    QVERIFY(store.search(u"Lotus Road").isEmpty());
    QVERIFY(store.villages() != QStringList({QStringLiteral("李家村"), QStringLiteral("王庄")}));

    // And back again.
    importSample(store);
    QCOMPARE(store.accountCount(), 5);
    QCOMPARE(store.villages().size(), 2);
}

void TestRouteStore::staleImportingFileIsReplaced()
{
    // A crash mid-import leaves <path>.importing behind: never used, rebuilt by the next import.
    QVERIFY(writeFile(routePath() + QStringLiteral(".importing"), QByteArray(5000, 'x')));
    RouteStore store(routePath());
    QVERIFY(store.open().ok());
    QVERIFY(!store.hasRoute());
    importSample(store);
    QCOMPARE(store.accountCount(), 5);
    QVERIFY(!QFile::exists(routePath() + QStringLiteral(".importing")));
}

void TestRouteStore::damagedRouteFile()
{
    QVERIFY(writeFile(routePath(), QByteArray("this is not an SQLite file at all, just text. ").repeated(200)));
    RouteStore store(routePath());
    const Status s = store.open();
    QVERIFY(!s.ok());
    QVERIFY(!store.hasRoute());
    QVERIFY(!store.findByNumber(u"3300000030").has_value());
    // A fresh import is the cure.
    const Result<WorklistSummary> r =
        store.importWorklist(writeWorklist(worklistBytes(header(), sampleAccounts(), sampleBills())));
    QVERIFY(r.ok());
    QVERIFY(store.hasRoute());

    // An empty SQLite file (no route in it) is refused too, not taken as an empty route.
    const QString empty = m_dir->filePath(QStringLiteral("empty.db"));
    QVERIFY(writeFile(empty, QByteArray()));
    RouteStore emptyStore(empty);
    const Status e = emptyStore.open();
    QVERIFY(!e.ok());
    QCOMPARE(e.error().code, QStringLiteral("route.not-a-route"));
}

void TestRouteStore::newerFormatIsRefused()
{
    {
        RouteStore store(routePath());
        importSample(store);
    }
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(routePath()).constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    RouteStore store(routePath());
    const Status s = store.open();
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, QStringLiteral("route.newer-format"));
    QVERIFY(!store.hasRoute());
}

void TestRouteStore::penaltyStateKeptAndOldFilesMigrate()
{
    // A bill whose principal is paid but whose penalty is not stays open, with its state.
    QList<Bill> bills = sampleBills();
    bills[2].penaltyCarried = Money::fromFen(150);
    bills[2].penaltyFrom = QDate(2025, 1, 10);
    {
        RouteStore store(routePath());
        QVERIFY(store.open().ok());
        QVERIFY(store.importWorklist(writeWorklist(worklistBytes(header(), sampleAccounts(), bills))).ok());
        const QList<Bill> open = store.openBills(u"3300000030");
        QCOMPARE(open.size(), 3);
        QCOMPARE(open[1], bills[2]);
        QCOMPARE(open[0], bills[1]); // none settled: an invalid day and nothing carried
        QVERIFY(!open[0].penaltyFrom.isValid());
    }
    // A route file written before bills carried penalty state (schema 1) opens and reads as none.
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(routePath()).constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db,
                          "ALTER TABLE bill DROP COLUMN penalty_fen; ALTER TABLE bill DROP COLUMN penalty_from;"
                          "PRAGMA user_version = 1",
                          nullptr, nullptr, nullptr),
             SQLITE_OK);
    sqlite3_close(db);
    RouteStore store(routePath());
    const Status s = store.open();
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
    const QList<Bill> open = store.openBills(u"3300000030");
    QCOMPARE(open.size(), 2); // B-2 paid in full, its carried penalty gone with the old format
    QCOMPARE(open[0], sampleBills()[1]);
    QCOMPARE(open[1], sampleBills()[0]);
}

void TestRouteStore::demoRouteLookups()
{
    const QByteArray demo = demoBytes(3000, 21);
    RouteStore store(routePath());
    QVERIFY(store.open().ok());
    QVERIFY(store.importWorklist(writeWorklist(demo)).ok());

    // The file's accounts, read back independently.
    struct Sink : WorklistSink
    {
        Status header(const WorklistHeader &) override { return success(); }
        Status account(const Account &a) override
        {
            accounts.append(a);
            return success();
        }
        Status bill(const Bill &b) override
        {
            bills[b.accountNumber].append(b);
            return success();
        }
        QList<Account> accounts;
        QHash<QString, QList<Bill>> bills;
    } sink;
    QBuffer buffer;
    buffer.setData(demo);
    buffer.open(QIODevice::ReadOnly);
    QVERIFY(readWorklist(buffer, sink).ok());

    QRandomGenerator rng(1234);
    int searched = 0;
    for (int i = 0; i < 200; ++i) {
        const Account &a = sink.accounts[qsizetype(rng.bounded(quint32(sink.accounts.size())))];
        QCOMPARE(store.findByNumber(a.number), std::optional<Account>(a));
        QList<Bill> expected = sink.bills.value(a.number);
        expected.removeIf([](const Bill &b) { return b.outstanding().isZero(); });
        std::sort(expected.begin(), expected.end(), [](const Bill &x, const Bill &y) { return x.dueDate < y.dueDate; });
        QCOMPARE(store.openBills(a.number), expected);

        // A 1-3 character fragment of the name or address finds the account (recall), and every
        // account found holds the fragment (precision).
        const QString text = rng.bounded(2) ? a.name : a.address;
        const qsizetype length = std::min<qsizetype>(text.size(), 1 + rng.bounded(3));
        const QString fragment = text.mid(qsizetype(rng.bounded(quint32(text.size() - length + 1))), length);
        const qsizetype at = text.indexOf(fragment);
        const auto isAsciiWordChar = [](QChar c) { return c.unicode() < 0x80 && c.isLetterOrNumber(); };
        if (fragment.front().isLowSurrogate() || fragment.back().isHighSurrogate())
            continue; // half a character
        if (at > 0 && isAsciiWordChar(fragment.front()) && isAsciiWordChar(text[at - 1]))
            continue; // starts inside a Latin word or a number: search matches words by their start
        ++searched;
        const QList<Account> found = store.search(fragment, 100'000);
        QVERIFY2(numbers(found).contains(a.number), qPrintable(fragment));
        const bool latin = fragment.front().unicode() < 0x80;
        for (const Account &f : found) {
            if (latin) // Latin: a word starting so, any case
                QVERIFY(f.name.contains(fragment.trimmed(), Qt::CaseInsensitive) ||
                        f.address.contains(fragment.trimmed(), Qt::CaseInsensitive));
            else if (!fragment.contains(QLatin1Char(' ')))
                QVERIFY2(f.name.contains(fragment) || f.address.contains(fragment), qPrintable(fragment));
        }
        QVERIFY(store.search(fragment, 7).size() <= 7); // the limit holds
    }

    QVERIFY(searched > 100);

    // Villages in walking order: the order they first appear in the file.
    QStringList villages;
    for (const Account &a : std::as_const(sink.accounts)) {
        if (!villages.contains(a.village))
            villages.append(a.village);
    }
    QCOMPARE(store.villages(), villages);
    const QList<Account> first = store.accountsInVillage(villages.constFirst());
    QVERIFY(first.size() >= 80);
    for (qsizetype i = 1; i < first.size(); ++i)
        QVERIFY(first[i - 1].walkOrder < first[i].walkOrder);
}

QTEST_GUILESS_MAIN(TestRouteStore)
#include "tst_routestore.moc"
