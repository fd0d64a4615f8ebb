#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

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

QTEST_MAIN(TestDeskService)
#include "tst_deskservice.moc"
