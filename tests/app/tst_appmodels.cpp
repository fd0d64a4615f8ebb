#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "accountlistmodel.h"
#include "arrearsmodel.h"
#include "routeservice.h"
#include "routestore.h"
#include "testworklist.h"

// The app's view-models against a real RouteStore on its worker thread.
class TestAppModels : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void importShowsRoute();
    void lookupByPrefixNameAndMeter();
    void unknownAndMalformedNumbersSaySo_data();
    void unknownAndMalformedNumbersSaySo();
    void arrearsMatchCore();
    void badWorklistKeepsRoute();

private:
    void importRoute(RouteService &service);
    QTemporaryDir m_dir;
    QString m_routePath;
    QString m_worklistPath;
};

void TestAppModels::init()
{
    QVERIFY(m_dir.isValid());
    m_routePath = m_dir.filePath(QStringLiteral("route-%1.sqlite").arg(QLatin1String(QTest::currentTestFunction())));
    m_worklistPath = m_dir.filePath(QStringLiteral("route.worklist"));
    QVERIFY(writeTestWorklist(m_worklistPath));
}

void TestAppModels::importRoute(RouteService &service)
{
    QSignalSpy changed(&service, &RouteService::routeChanged);
    service.importWorklist(m_worklistPath);
    QVERIFY(changed.wait(10000));
    QVERIFY2(service.lastError().isEmpty(), qPrintable(service.lastError()));
    QTRY_VERIFY(!service.isBusy());
}

void TestAppModels::importShowsRoute()
{
    RouteService service(m_routePath);
    QVERIFY(!service.hasRoute());
    importRoute(service);
    QCOMPARE(service.routeId(), QStringLiteral("R-TEST"));
    QCOMPARE(service.accountCount(), 2);

    // A second service on the same file sees the imported route after open().
    RouteService reopened(m_routePath);
    QSignalSpy changed(&reopened, &RouteService::routeChanged);
    reopened.open();
    QVERIFY(changed.wait(10000));
    QCOMPARE(reopened.routeId(), QStringLiteral("R-TEST"));
}

void TestAppModels::lookupByPrefixNameAndMeter()
{
    RouteService service(m_routePath);
    importRoute(service);
    AccountListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setService(&service);

    // Each answer resets the model once; wait for it rather than for a count an older answer may already show.
    const auto ask = [&model](const QString &query) {
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setQuery(query);
        return reset.wait(10000);
    };
    QVERIFY(ask(QStringLiteral("31000000")));
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(ask(QStringLiteral("3100000002")));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0).data(AccountListModel::NameRole).toString(), QStringLiteral("Wang Lotus"));

    QVERIFY(ask(QStringLiteral("三丰")));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0).data(AccountListModel::NumberRole).toString(), QStringLiteral("3100000001"));

    QVERIFY(ask(QStringLiteral("lotus")));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0).data(AccountListModel::NumberRole).toString(), QStringLiteral("3100000002"));

    QVERIFY(ask(QStringLiteral("999")));
    QCOMPARE(model.rowCount(), 0);
    model.setQuery(QString());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.roleNames().contains(AccountListModel::AddressRole));
}

void TestAppModels::unknownAndMalformedNumbersSaySo_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expectedFragment");
    QTest::newRow("letters") << QStringLiteral("31000abc01") << QString();
    QTest::newRow("40 digits") << QString(40, QLatin1Char('9')) << QString();
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("not on route") << QStringLiteral("3199999999") << QStringLiteral("3199999999");
}

void TestAppModels::unknownAndMalformedNumbersSaySo()
{
    QFETCH(QString, typed);
    QFETCH(QString, expectedFragment);
    RouteService service(m_routePath);
    importRoute(service);
    ArrearsModel model;
    model.setService(&service);
    QSignalSpy changed(&model, &ArrearsModel::changed);
    model.load(typed);
    QVERIFY(changed.wait(10000));
    QVERIFY(!model.isLoaded());
    QVERIFY(!model.error().isEmpty());
    QVERIFY(model.error().contains(expectedFragment));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.totalText().isEmpty());
}

void TestAppModels::arrearsMatchCore()
{
    RouteService service(m_routePath);
    importRoute(service);
    ArrearsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setService(&service);
    const QDate asOf(2026, 2, 10);
    model.setAsOf(asOf);
    QSignalSpy changed(&model, &ArrearsModel::changed);
    model.load(QStringLiteral(" 3100000001\n")); // as a barcode scanner sends it
    QVERIFY(changed.wait(10000));
    QVERIFY2(model.isLoaded(), qPrintable(model.error()));
    QCOMPARE(model.name(), QStringLiteral("张三丰"));

    // The figures shown are exactly core's, formatted in C++.
    RouteStore store(m_routePath);
    QVERIFY(store.open().ok());
    const auto account = store.findByNumber(QStringLiteral("3100000001"));
    QVERIFY(account.has_value());
    const Arrears expected = Arrears::compute(*account, store.openBills(account->number), store.header().policy, asOf);
    QCOMPARE(model.rowCount(), expected.bills.size());
    QCOMPARE(model.totalFen(), expected.total().fen());
    QCOMPARE(model.totalText(), expected.total().format());
    QCOMPARE(model.penaltyText(), expected.penalty.format());
    QVERIFY(expected.penalty.isPositive());
    QCOMPARE(model.index(0).data(ArrearsModel::PeriodRole).toString(), QStringLiteral("2025-11"));
    QCOMPARE(model.index(0).data(ArrearsModel::OverdueDaysRole).toInt(), expected.bills.first().overdueDays);
    // The worklist was cut on 2026-01-05: a month later a bill may have been paid elsewhere.
    QCOMPARE(service.worklistDate(), QDate(2026, 1, 5));
    QVERIFY(!model.staleNote().isEmpty());
    model.setAsOf(QDate(2026, 1, 5));
    model.load(QStringLiteral("3100000001"));
    QVERIFY(changed.wait(10000));
    QVERIFY(model.staleNote().isEmpty());

    model.clear();
    QVERIFY(!model.isLoaded());
    QCOMPARE(model.rowCount(), 0);
}

void TestAppModels::badWorklistKeepsRoute()
{
    RouteService service(m_routePath);
    importRoute(service);
    const QString bad = m_dir.filePath(QStringLiteral("bad.worklist"));
    QFile good(m_worklistPath);
    QVERIFY(good.open(QIODevice::ReadOnly));
    QByteArray bytes = good.readAll();
    bytes.chop(bytes.size() / 3); // truncated in transit
    QFile out(bad);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes);
    out.close();

    QSignalSpy errors(&service, &RouteService::lastErrorChanged);
    service.importWorklist(bad);
    QVERIFY(errors.wait(10000));
    QVERIFY(!service.lastError().isEmpty());
    QCOMPARE(service.routeId(), QStringLiteral("R-TEST"));
    QCOMPARE(service.accountCount(), 2);
}

QTEST_MAIN(TestAppModels)
#include "tst_appmodels.moc"
