#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QLocale>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTranslator>

#include "accountlistmodel.h"
#include "appsettings.h"
#include "arrearsmodel.h"
#include "journal.h"
#include "journalverifier.h"
#include "recentaccountsmodel.h"
#include "reportlinelistmodel.h"
#include "routeservice.h"
#include "routestore.h"
#include "supervisorlines.h"
#include "supervisorreport.h"
#include "testworklist.h"

// The app's view-models against a real RouteStore on its worker thread.
class TestAppModels : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void englishPluralsReadAsEnglish();
    void importShowsRoute();
    void lookupByPrefixNameAndMeter();
    void unknownAndMalformedNumbersSaySo_data();
    void unknownAndMalformedNumbersSaySo();
    void arrearsMatchCore();
    void badWorklistKeepsRoute();
    void settingsPersistAndRefuseNonsense();
    void reportLinesModel();
    void recentAccountsNewestFirstOnceEach();
    void routeSummariesAndLines();
    void printLinesSayWhatWasPrinted();

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

// "%n account(s)" is the source; the embedded English plurals make it "1 account", "2 accounts".
void TestAppModels::englishPluralsReadAsEnglish()
{
    QTranslator english;
    QVERIFY(english.load(QLocale(QLocale::English, QLocale::UnitedStates), QStringLiteral("doorstep"),
                         QStringLiteral("_"), QStringLiteral(":/i18n")));
    QVERIFY(QCoreApplication::installTranslator(&english));
    const auto removeAfter = qScopeGuard([&english] { QCoreApplication::removeTranslator(&english); });
    QCOMPARE(QCoreApplication::translate("Main", "Route %1 · %n account(s)", nullptr, 1),
             QStringLiteral("Route %1 · 1 account"));
    QCOMPARE(QCoreApplication::translate("Main", "Route %1 · %n account(s)", nullptr, 2),
             QStringLiteral("Route %1 · 2 accounts"));
    QCOMPARE(QCoreApplication::translate(
                 "PinGate", "Too many wrong PINs. The terminal is locked; try again in %n second(s).", nullptr, 1),
             QStringLiteral("Too many wrong PINs. The terminal is locked; try again in 1 second."));
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
    // Dates in ISO order whatever the language (no "12/20/25" in English, no US form in Chinese).
    for (const QLocale::Language language : {QLocale::English, QLocale::Chinese}) {
        QLocale::setDefault(QLocale(language, language == QLocale::English ? QLocale::UnitedStates : QLocale::China));
        QCOMPARE(model.index(0).data(ArrearsModel::DueDateRole).toString(), QStringLiteral("2025-12-20"));
        QVERIFY2(model.staleNote().contains(QStringLiteral("2026-01-05")), qPrintable(model.staleNote()));
    }
    QLocale::setDefault(QLocale::c());
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

// Settings survive a restart; values the screens never offer (a language without a translation,
// a text size of 7 %, a hand-edited file) are ignored, never half applied.
void TestAppModels::settingsPersistAndRefuseNonsense()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    {
        AppSettings s(path);
        QCOMPARE(s.language(), QString());
        QCOMPARE(s.textScalePercent(), 100);
        QVERIFY(!s.highContrast());
        QCOMPARE(s.printerProfile(), QStringLiteral("generic-58"));
        QSignalSpy language(&s, &AppSettings::languageChanged);
        QSignalSpy appearance(&s, &AppSettings::appearanceChanged);
        s.setLanguage(QStringLiteral("fr_FR"));
        s.setTextScalePercent(7);
        QCOMPARE(language.count(), 0);
        QCOMPARE(appearance.count(), 0);
        s.setLanguage(QStringLiteral("zh_CN"));
        s.setTextScalePercent(150);
        s.setHighContrast(true);
        s.setPrinter(QStringLiteral("tcp:10.0.0.5:9100"), QStringLiteral("58-no-qr"));
        QCOMPARE(language.count(), 1);
        QCOMPARE(appearance.count(), 2);
        QCOMPARE(s.baseText(), 27);
        QVERIFY(s.warning() != AppSettings(dir.filePath(QStringLiteral("other.ini"))).warning());

        // The language in use (what the settings screen shows as chosen) is one of ours.
        QSignalSpy inUse(&s, &AppSettings::languageInUseChanged);
        QCOMPARE(s.languageInUse(), QStringLiteral("en"));
        s.setLanguageInUse(QStringLiteral("de_DE"));
        s.setLanguageInUse(QString());
        QCOMPARE(s.languageInUse(), QStringLiteral("en"));
        s.setLanguageInUse(QStringLiteral("zh_CN"));
        QCOMPARE(s.languageInUse(), QStringLiteral("zh_CN"));
        QCOMPARE(inUse.count(), 1);
    }
    AppSettings again(path);
    QCOMPARE(again.language(), QStringLiteral("zh_CN"));
    QCOMPARE(again.textScalePercent(), 150);
    QVERIFY(again.highContrast());
    QCOMPARE(again.printer(), QStringLiteral("tcp:10.0.0.5:9100"));
    QCOMPARE(again.printerProfile(), QStringLiteral("58-no-qr"));

    QFile edited(path);
    QVERIFY(edited.open(QIODevice::WriteOnly | QIODevice::Truncate));
    edited.write("[ui]\nlanguage=xx\ntextScalePercent=900\n[printer]\nprofile=laser-a4\npaperWidthMm=33\n");
    edited.close();
    AppSettings nonsense(path);
    QCOMPARE(nonsense.language(), QString());
    QCOMPARE(nonsense.textScalePercent(), 100);
    QCOMPARE(nonsense.printerProfile(), QStringLiteral("generic-58"));
    // A terminal set up before printer models kept a paper width: its generic printer.
    QVERIFY(edited.open(QIODevice::WriteOnly | QIODevice::Truncate));
    edited.write("[printer]\naddress=tcp:10.0.0.5\npaperWidthMm=80\n");
    edited.close();
    QCOMPARE(AppSettings(path).printerProfile(), QStringLiteral("generic-80"));
}

void TestAppModels::recentAccountsNewestFirstOnceEach()
{
    RecentAccountsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy count(&model, &RecentAccountsModel::countChanged);
    const auto numbers = [&] {
        QStringList out;
        for (int i = 0; i < model.rowCount(); ++i)
            out << model.data(model.index(i), RecentAccountsModel::NumberRole).toString();
        return out;
    };
    model.remember(QString(), QStringLiteral("nobody"), QString()); // ignored
    QCOMPARE(model.rowCount(), 0);
    model.remember(QStringLiteral("3100000001"), QStringLiteral("张三丰"), QStringLiteral("李家村 12 号"));
    model.remember(QStringLiteral("3100000002"), QStringLiteral("王五"), QStringLiteral("李家村 14 号"));
    model.remember(QStringLiteral("3100000001"), QStringLiteral("张三丰"), QStringLiteral("李家村 12 号"));
    QCOMPARE(numbers(), (QStringList{QStringLiteral("3100000001"), QStringLiteral("3100000002")}));
    QCOMPARE(model.data(model.index(0), RecentAccountsModel::NameRole).toString(), QStringLiteral("张三丰"));
    model.remember(QStringLiteral("3100000001"), QStringLiteral("张三丰"), QStringLiteral("李家村 12 号"));
    QCOMPARE(count.count(), 2); // moving to the front changes no count; already first changes nothing
    for (int i = 0; i < 20; ++i)
        model.remember(QString::number(4100000000LL + i), QStringLiteral("n"), QStringLiteral("a"));
    QCOMPARE(model.rowCount(), RecentAccountsModel::Capacity);
    QCOMPARE(numbers().first(), QStringLiteral("4100000019"));
    QVERIFY(!numbers().contains(QStringLiteral("3100000001")));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestAppModels::reportLinesModel()
{
    ReportLineListModel model;
    QAbstractItemModelTester tester(&model);
    QSignalSpy count(&model, &ReportLineListModel::countChanged);
    model.reset({ReportLine{QStringLiteral("k"), QStringLiteral("Label"), QStringLiteral("d"), QStringLiteral("¥1.00"),
                            500, true}});
    QCOMPARE(count.count(), 1);
    const QModelIndex first = model.index(0);
    QCOMPARE(model.data(first, ReportLineListModel::KeyRole).toString(), QStringLiteral("k"));
    QCOMPARE(model.data(first, ReportLineListModel::ShareRole).toInt(), 500);
    QVERIFY(model.data(first, ReportLineListModel::FlaggedRole).toBool());
    QVERIFY(!model.data(model.index(1), ReportLineListModel::LabelRole).isValid());
    QVERIFY(model.roleNames().values().contains("amountText"));
}

// Villages in walking order with their accounts, the owing ones and the amount owed, as the
// worklist was cut; the lines show today's progress against them.
void TestAppModels::routeSummariesAndLines()
{
    RouteStore store(m_routePath);
    QVERIFY(store.open().ok());
    QVERIFY(store.villageSummaries().isEmpty()); // no route yet
    QVERIFY(store.importWorklist(m_worklistPath).ok());
    const auto villages = store.villageSummaries();
    QCOMPARE(villages.size(), 1);
    QCOMPARE(villages.first().village, QStringLiteral("李家村"));
    QCOMPARE(villages.first().accounts, 2);
    QCOMPARE(villages.first().owing, 2);
    QCOMPARE(villages.first().owed, Money::fromFen(12345 + 6789 - 1000 + 250000));
    const SupervisorReport nothingYet;
    const auto lines = SupervisorLines::routeProgress(villages, nothingYet);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().key, QStringLiteral("李家村"));
    QCOMPARE(lines.first().sharePermille, 0);
    QCOMPARE(lines.first().amountText, villages.first().owed.format());
}

// The supervisor's journal and exceptions name what a print entry printed: a receipt, a void's
// slip, a Z-report (issue 13), and a copy of each is an exception.
void TestAppModels::printLinesSayWhatWasPrinted()
{
    const DeviceKey key = DeviceKey::generate();
    Journal journal(m_dir.filePath(QStringLiteral("prints.sqlite")), QStringLiteral("D01"), key);
    QVERIFY(journal.open().ok());
    const qint64 t = QDateTime(QDate(2026, 12, 6), QTime(10, 0), QTimeZone(8 * 3600)).toMSecsSinceEpoch();
    QList<JournalEntry> entries;
    const auto add = [&](EntryKind kind, const QCborMap &body) {
        const auto r = journal.append(kind, body, t + entries.size() * 1000, QStringLiteral("C01"), 1);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        entries.prepend(r.value());
    };
    add(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(100)}));
    PaymentRecord p;
    p.accountNumber = QStringLiteral("3100000001");
    p.amount = p.tendered = Money::fromYuan(10);
    add(EntryKind::Payment, toCbor(p));
    add(EntryKind::Void, toCbor(VoidRecord{2, QStringLiteral("wrong"), QStringLiteral("S01")}));
    add(EntryKind::ShiftClosed,
        toCbor(ShiftClosedRecord{Money::fromYuan(100), Money::fromYuan(100), {}, {}, 0, 0, {}, 0, {}}));
    add(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{2, 2}));
    add(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{3, 2, PrintedDocument::VoidSlip}));
    add(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{4, 2, PrintedDocument::ZReport}));

    const auto lines = SupervisorLines::journal(entries, VerifyReport{}, {});
    QCOMPARE(lines.size(), 7);
    QCOMPARE(lines.at(0).label, QStringLiteral("#7 Z-report printed · #4 ×2"));
    QCOMPARE(lines.at(1).label, QStringLiteral("#6 Void slip printed · #3 ×2"));
    QCOMPARE(lines.at(2).label, QStringLiteral("#5 Receipt printed · #2 ×2"));

    const SupervisorReport report =
        SupervisorReport::forDay(journal, QDate(2026, 12, 6), [](const QString &) { return QStringLiteral("V"); });
    QStringList copies;
    for (const ReportLine &l : SupervisorLines::exceptions(report, {}))
        if (l.label.contains(QStringLiteral("printed")))
            copies << l.label;
    QCOMPARE(copies, (QStringList{QStringLiteral("Receipt of #2 printed 2 times (account 3100000001)"),
                                  QStringLiteral("Void slip of #3 printed 2 times"),
                                  QStringLiteral("Z-report of close #4 printed 2 times")}));
    // A void slip or a Z-report is not a payment's receipt in the day's counts.
    QCOMPARE(report.totals().receiptsReprinted(), 1);
    QCOMPARE(report.totals().receiptsPrinted(), 0);
}

QTEST_MAIN(TestAppModels)
#include "tst_appmodels.moc"
