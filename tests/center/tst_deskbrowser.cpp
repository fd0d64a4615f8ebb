// The supervisors' desk in a real browser (issue 18): Debian's headless Chromium, driven through
// chromedriver's W3C WebDriver protocol, against `doorstep-center serve` on the embedded SQLite.
// A supervisor logs in with the form, reads the day (its figures equal `report totals` to the
// fen), switches language, opens every page in both, signs off an exception; an admin locks a
// terminal with the confirmation. Each page is saved as a PNG under build/screenshots/desk/, at
// 1366×768 and at a phone's 360×640.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "centerimport.h"
#include "centerreports.h"
#include "deskhtml.h"
#include "deskpage.h"
#include "deskusers.h"
#include "enrolmentlink.h"
#include "journalingest.h"
#include "pgtestserver.h"
#include "qrscan.h"
#include "routebranches.h"
#include "synctestkit.h"
#include "testnet.h"

using namespace SyncTestKit;
using DeskHtml::tableFen;

namespace {

const QString Day = QStringLiteral("2026-11-02");
const QString Password = QStringLiteral("correct horse battery");
constexpr char ElementKey[] = "element-6066-11e4-a52e-4f735466cecf";

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

/** A W3C WebDriver client for one headless Chromium session, over chromedriver on loopback. */
class Browser
{
public:
    ~Browser()
    {
        if (!m_session.isEmpty())
            (void)call("DELETE", QString());
        if (m_driver.state() != QProcess::NotRunning) {
            m_driver.kill();
            m_driver.waitForFinished(5000);
        }
    }

    /// Starts chromedriver and a headless Chromium session at `width`×`height`; the reason when not.
    QString start(int width, int height)
    {
        const QString driver = QStandardPaths::findExecutable(QStringLiteral("chromedriver"));
        const QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        if (driver.isEmpty() || chromium.isEmpty())
            return QStringLiteral("chromium and chromedriver are not installed (deploy/install-deps installs them)");
        const quint16 port = freePort();
        m_base = QStringLiteral("http://127.0.0.1:%1").arg(port);
        m_driver.setProcessChannelMode(QProcess::MergedChannels);
        m_driver.start(driver, {QStringLiteral("--port=%1").arg(port)});
        if (!m_driver.waitForStarted(10'000))
            return QStringLiteral("chromedriver did not start: ") + m_driver.errorString();
        QElapsedTimer waited;
        waited.start();
        while (TestNet::http("GET", QUrl(m_base + QStringLiteral("/status")), {}, {}, 2000).status != 200) {
            if (waited.hasExpired(20'000))
                return QStringLiteral("chromedriver did not answer: ") + QString::fromUtf8(m_driver.readAll());
            QThread::msleep(100);
        }
        const QJsonObject options{
            {QStringLiteral("binary"), chromium},
            {QStringLiteral("args"),
             QJsonArray{QStringLiteral("--headless=new"), QStringLiteral("--no-sandbox"),
                        QStringLiteral("--disable-dev-shm-usage"), QStringLiteral("--disable-gpu"),
                        QStringLiteral("--hide-scrollbars"), QStringLiteral("--force-device-scale-factor=1"),
                        QStringLiteral("--window-size=%1,%2").arg(width).arg(height)}}};
        const QJsonObject capabilities{
            {QStringLiteral("capabilities"),
             QJsonObject{
                 {QStringLiteral("alwaysMatch"), QJsonObject{{QStringLiteral("browserName"), QStringLiteral("chrome")},
                                                             {QStringLiteral("goog:chromeOptions"), options}}}}}};
        const auto reply = TestNet::http("POST", QUrl(m_base + QStringLiteral("/session")),
                                         QJsonDocument(capabilities).toJson(QJsonDocument::Compact),
                                         {{"Content-Type", "application/json"}}, 60'000);
        m_session = QJsonDocument::fromJson(reply.body)
                        .object()
                        .value(QStringLiteral("value"))
                        .toObject()
                        .value(QStringLiteral("sessionId"))
                        .toString();
        if (m_session.isEmpty())
            return QStringLiteral("no browser session: ") + QString::fromUtf8(reply.body.left(400));
        return {};
    }

    /// One command of the session; its "value", or an error value with "error" set.
    QJsonValue call(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        const auto reply = TestNet::http(
            method, QUrl(m_base + QStringLiteral("/session/") + m_session + path),
            method == "GET" || method == "DELETE" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact),
            {{"Content-Type", "application/json"}}, 60'000);
        return QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("value"));
    }

    void open(const QString &url) { (void)call("POST", QStringLiteral("/url"), {{QStringLiteral("url"), url}}); }
    QString url() { return call("GET", QStringLiteral("/url")).toString(); }
    /// The address once it ends with `suffix` (a click's navigation may still be under way), or
    /// the last one seen after a few seconds.
    QString urlEndingWith(const QString &suffix)
    {
        QElapsedTimer waited;
        waited.start();
        QString now = url();
        while (!now.endsWith(suffix) && !waited.hasExpired(10'000)) {
            QThread::msleep(50);
            now = url();
        }
        return now;
    }
    QByteArray source() { return call("GET", QStringLiteral("/source")).toString().toUtf8(); }
    /// The first element `css` selects ("" when none does).
    QString find(const QString &css)
    {
        return call("POST", QStringLiteral("/element"),
                    {{QStringLiteral("using"), QStringLiteral("css selector")}, {QStringLiteral("value"), css}})
            .toObject()
            .value(QLatin1String(ElementKey))
            .toString();
    }
    QString text(const QString &css)
    {
        const QString element = find(css);
        return element.isEmpty() ? QString() : call("GET", QStringLiteral("/element/%1/text").arg(element)).toString();
    }
    bool type(const QString &css, const QString &text)
    {
        const QString element = find(css);
        return !element.isEmpty() &&
               call("POST", QStringLiteral("/element/%1/value").arg(element), {{QStringLiteral("text"), text}})
                   .isNull();
    }
    /// The value of the browser's cookie `name` ("" when it has none).
    QString cookie(const QString &name)
    {
        return call("GET", QStringLiteral("/cookie/") + name).toObject().value(QStringLiteral("value")).toString();
    }
    bool click(const QString &css)
    {
        const QString element = find(css);
        return !element.isEmpty() && call("POST", QStringLiteral("/element/%1/click").arg(element), {}).isNull();
    }
    void resize(int width, int height)
    {
        (void)call("POST", QStringLiteral("/window/rect"),
                   {{QStringLiteral("width"), width}, {QStringLiteral("height"), height}});
    }
    /// The page as PNG, written to build/screenshots/desk/<name>.png; whether it was.
    bool screenshot(const QString &name)
    {
        const QByteArray png = QByteArray::fromBase64(call("GET", QStringLiteral("/screenshot")).toString().toLatin1());
        const QString dir = QStringLiteral(DOORSTEP_SCREENSHOT_DIR) + QStringLiteral("/desk");
        QDir().mkpath(dir);
        QFile f(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
        return png.startsWith("\x89PNG") && f.open(QIODevice::WriteOnly) && f.write(png) == png.size();
    }

private:
    QProcess m_driver;
    QString m_base;
    QString m_session;
};

} // namespace

class TestDeskBrowser : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_work;
    QString m_url;
    QProcess m_server;
    QString m_base;
    QList<CenterReports::TotalsRow> m_branchTotals; ///< `report totals` of the day, branch B1

    QString login(Browser &browser, const QString &name)
    {
        browser.open(m_base + QStringLiteral("/desk/login"));
        if (!browser.type(QStringLiteral("input[name=name]"), name) ||
            !browser.type(QStringLiteral("input[name=password]"), Password) ||
            !browser.click(QStringLiteral("form[action='/desk/login'] button")))
            return QStringLiteral("the login form could not be filled in");
        const QString landed = browser.urlEndingWith(QStringLiteral("/desk"));
        return landed == m_base + QStringLiteral("/desk") ? QString() : QStringLiteral("not logged in: ") + landed;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        m_url = QStringLiteral("sqlite:%1/desk.db").arg(m_work.path());
        {
            auto center = openCenter(m_url);
            QVERIFY(center.ok());
            const Extract x = writeExtract(m_work.path(), 2, 60);
            QVERIFY(CenterImport(*center.value().store).run(x.accounts, x.bills, x.policy, x.collectors).ok());
            RouteBranches branches(*center.value().db);
            QVERIFY(branches.assign(QStringLiteral("R1"), QStringLiteral("B1")).ok());
            QVERIFY(branches.assign(QStringLiteral("R2"), QStringLiteral("B2")).ok());
            DeskUsers users(*center.value().db);
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            QVERIFY(
                users
                    .add(QStringLiteral("sup-a"), DeskUser::Role::Supervisor, QStringLiteral("B1"), Password, now, 1000)
                    .ok());
            QVERIFY(users.add(QStringLiteral("adm"), DeskUser::Role::Admin, QString(), Password, now, 1000).ok());
            JournalIngest ingest(*center.value().store);
            for (int r = 1; r <= 2; ++r) {
                auto device = enrolDevice(*center.value().store, m_work.path(), QStringLiteral("dev-%1").arg(r),
                                          QStringLiteral("R%1").arg(r));
                QVERIFY(device.ok());
                QVERIFY(simulateDay(*device.value().journal, r, 25, dayStart()).ok());
                auto ack = uploadJournal(ingest, device.value(), 1);
                QVERIFY(ack.ok() && !ack.value().refusal);
                QVERIFY(ingest.applyLedger(device.value().id).ok());
            }
            CenterReports reports(*center.value().db, QTimeZone::utc());
            reports.limitToRoutes({QStringLiteral("R1")});
            auto totals = reports.totals(QDate(2026, 11, 2));
            QVERIFY(totals.ok());
            m_branchTotals = totals.value();
        }
        // As on a server: no display and no platform named; serve picks the offscreen one itself.
        QProcessEnvironment bare = QProcessEnvironment::systemEnvironment();
        for (const QString &name :
             {QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("DISPLAY"), QStringLiteral("WAYLAND_DISPLAY")})
            bare.remove(name);
        m_server.setProcessEnvironment(bare);
        const auto port = startServing(m_server, QStringLiteral(DOORSTEP_CENTER_EXECUTABLE), serveArguments(m_url));
        QVERIFY2(port.ok(), qPrintable(port.ok() ? QString() : port.error().message));
        m_base = QStringLiteral("http://127.0.0.1:%1").arg(port.value());
    }

    void cleanupTestCase()
    {
        m_server.terminate();
        m_server.waitForFinished(10'000);
    }

    void supervisorReadsTheDayInBothLanguagesAndSignsOff()
    {
        Browser browser;
        const QString started = browser.start(1366, 768);
        QVERIFY2(started.isEmpty(), qPrintable(started));
        browser.open(m_base + QStringLiteral("/desk/login"));
        QVERIFY(browser.screenshot(QStringLiteral("login-zh")));
        const QString in = login(browser, QStringLiteral("sup-a"));
        QVERIFY2(in.isEmpty(), qPrintable(in));

        // The day: every figure is `report totals`' figure for the branch, to the fen.
        browser.open(m_base + QStringLiteral("/desk/day?date=") + Day);
        Money collected;
        for (const auto &r : std::as_const(m_branchTotals)) {
            if (r.dimension == QLatin1String("total"))
                collected = r.amount;
        }
        QVERIFY(collected.fen() > 0);
        QCOMPARE(browser.text(QStringLiteral("#collected b")), DeskPage::money(DeskPage::Lang::Zh, collected));
        const QByteArray page = browser.source();
        for (const auto &[dimension, table] : {std::pair{"method", "by-method"}, std::pair{"collector", "by-collector"},
                                               std::pair{"route", "by-route"}}) {
            const QHash<QString, qint64> shown = tableFen(page, QString::fromLatin1(table));
            qsizetype rows = 0;
            for (const auto &r : std::as_const(m_branchTotals)) {
                if (r.dimension != QLatin1String(dimension))
                    continue;
                ++rows;
                QCOMPARE(shown.value(r.key, -1), r.amount.fen());
            }
            QCOMPARE(shown.size(), rows);
        }
        QVERIFY(browser.screenshot(QStringLiteral("day-zh")));

        // English, and back: the same figures in the other words.
        QVERIFY(browser.click(QStringLiteral("#lang")));
        QVERIFY(browser.urlEndingWith(QStringLiteral("/desk/day?date=") + Day)
                    .endsWith(QStringLiteral("/desk/day?date=") + Day));
        QCOMPARE(browser.text(QStringLiteral("#collected b")), DeskPage::money(DeskPage::Lang::En, collected));
        QVERIFY(browser.source().contains("Collection rate"));
        QVERIFY(browser.screenshot(QStringLiteral("day-en")));

        // The report as PDF, from doorstep-center serve itself (its offscreen QGuiApplication lays
        // the text out), with the browser's session: the link on the page, a PDF of this day.
        QVERIFY(browser.find(QStringLiteral("a[href='/desk/day.pdf?date=%1']").arg(Day)).size() > 0);
        const QString session = browser.cookie(QStringLiteral("doorstep_desk"));
        QVERIFY(!session.isEmpty());
        const auto pdf =
            TestNet::http("GET", QUrl(m_base + QStringLiteral("/desk/day.pdf?date=") + Day), {},
                          {{"Cookie", "doorstep_desk=" + session.toLatin1() + "; doorstep_desk_lang=en"}}, 60'000);
        QCOMPARE(pdf.status, 200);
        QCOMPARE(pdf.contentType, QByteArray("application/pdf"));
        QVERIFY(pdf.body.startsWith("%PDF-"));
        QVERIFY(pdf.body.contains("/FontFile2")); // the fonts travel with it

        // Every page in both languages.
        const QString range = QStringLiteral("?from=") + Day + QStringLiteral("&to=") + Day;
        const QList<QPair<QString, QString>> pages = {
            {QStringLiteral("exceptions"), QStringLiteral("/desk/exceptions")},
            {QStringLiteral("collectors"), QStringLiteral("/desk/collectors") + range},
            {QStringLiteral("cash"), QStringLiteral("/desk/cash") + range},
            {QStringLiteral("receipts"), QStringLiteral("/desk/receipts?q=dev-1-00000002")},
            {QStringLiteral("devices"), QStringLiteral("/desk/devices")},
        };
        for (const QString &lang : {QStringLiteral("en"), QStringLiteral("zh")}) {
            browser.open(m_base + QStringLiteral("/desk/lang?to=") + lang + QStringLiteral("&back=%2Fdesk"));
            for (const auto &[name, path] : pages) {
                browser.open(m_base + path);
                const QByteArray html = browser.source();
                QVERIFY2(html.contains(lang == QLatin1String("en") ? "lang=\"en\"" : "lang=\"zh-CN\""),
                         qPrintable(name));
                QVERIFY2(!html.contains("dev-2"), qPrintable(name)); // branch B2's terminal
                QVERIFY(browser.screenshot(name + QLatin1Char('-') + lang));
            }
        }
        browser.open(m_base + QStringLiteral("/desk/receipts?q=dev-1-00000002"));
        QVERIFY(browser.source().contains("data-receipt=\"dev-1-00000002\""));

        // A phone's screen.
        browser.resize(360, 640);
        browser.open(m_base + QStringLiteral("/desk/day?date=") + Day);
        QCOMPARE(browser.text(QStringLiteral("#collected b")), DeskPage::money(DeskPage::Lang::Zh, collected));
        QVERIFY(browser.screenshot(QStringLiteral("day-zh-phone")));
        browser.resize(1366, 768);

        // Sign off the first open exception with a note; it moves to the history. (The center
        // dates an exception when it found it: this week, the page's default.)
        browser.open(m_base + QStringLiteral("/desk/exceptions"));
        const QString first = DeskHtml::attributes(browser.source(), QStringLiteral("data-id")).value(0);
        QVERIFY(!first.isEmpty());
        QVERIFY(browser.type(QStringLiteral("form[action='/desk/exceptions/sign-off'] input[name=note]"),
                             QStringLiteral("在浏览器里核实")));
        QVERIFY(browser.click(QStringLiteral("form[action='/desk/exceptions/sign-off'] button")));
        QVERIFY(browser.urlEndingWith(QStringLiteral("state=history")).endsWith(QStringLiteral("state=history")));
        browser.open(m_base + QStringLiteral("/desk/exceptions?state=history"));
        const QByteArray history = browser.source();
        QVERIFY(history.contains(QStringLiteral("data-id=\"%1\"").arg(first).toUtf8()));
        QVERIFY(history.contains("在浏览器里核实"));
        QVERIFY(browser.screenshot(QStringLiteral("exceptions-history-zh")));

        // Logging out ends the session: the day is out of reach.
        QVERIFY(browser.click(QStringLiteral("form[action='/desk/logout'] button")));
        QVERIFY(browser.urlEndingWith(QStringLiteral("/desk/login")).endsWith(QStringLiteral("/desk/login")));
        browser.open(m_base + QStringLiteral("/desk/day"));
        QVERIFY(browser.urlEndingWith(QStringLiteral("/desk/login")).endsWith(QStringLiteral("/desk/login")));
    }

    void adminLocksATerminalWithTheConfirmation()
    {
        Browser browser;
        const QString started = browser.start(1366, 768);
        QVERIFY2(started.isEmpty(), qPrintable(started));
        const QString in = login(browser, QStringLiteral("adm"));
        QVERIFY2(in.isEmpty(), qPrintable(in));
        browser.open(m_base + QStringLiteral("/desk/devices"));
        const QString form = QStringLiteral("tr[data-device='dev-2'] form ");
        // A wrong name typed: refused, nothing sent.
        QVERIFY(browser.type(form + QStringLiteral("input[name=confirm]"), QStringLiteral("dev-1")));
        QVERIFY(browser.click(form + QStringLiteral("button")));
        QVERIFY(browser.urlEndingWith(QStringLiteral("/desk/devices/command")).endsWith(QStringLiteral("/command")));
        QVERIFY(browser.source().contains("role=\"alert\""));
        browser.open(m_base + QStringLiteral("/desk/devices"));
        QVERIFY(browser.type(form + QStringLiteral("input[name=confirm]"), QStringLiteral("dev-2")));
        QVERIFY(browser.click(form + QStringLiteral("button")));
        QVERIFY(browser.urlEndingWith(QStringLiteral("/desk/devices")).endsWith(QStringLiteral("/desk/devices")));
        QVERIFY(browser.screenshot(QStringLiteral("devices-admin-zh")));
        auto center = openCenter(m_url);
        QVERIFY(center.ok());
        QCOMPARE(center.value()
                     .db
                     ->scalar(QStringLiteral("SELECT COUNT(*) FROM commands WHERE device_id = 'dev-2' AND kind = "
                                             "'lock'"))
                     .value()
                     .toInt(),
                 1);
        QCOMPARE(center.value().db->scalar(QStringLiteral("SELECT COUNT(*) FROM commands")).value().toInt(), 1);

        // A new terminal's enrolment code: the QR code on the screen, read back from the screenshot
        // as the terminal's scanner would, carries the code shown beside it and this center.
        browser.open(m_base + QStringLiteral("/desk/devices"));
        const QString enrol = QStringLiteral("form[action='/desk/devices/enrol'] ");
        QVERIFY(browser.type(enrol + QStringLiteral("input[name=device]"), QStringLiteral("hh-browser")));
        QVERIFY(browser.click(enrol + QStringLiteral("button")));
        QVERIFY(browser.urlEndingWith(QStringLiteral("/desk/devices/enrol")).endsWith(QStringLiteral("/enrol")));
        const QString code = browser.text(QStringLiteral("#enrol-code")).remove(QLatin1Char(' '));
        QCOMPARE(code.size(), 16);
        QVERIFY(browser.screenshot(QStringLiteral("enrolment-code-zh")));
        QFile shot(QStringLiteral(DOORSTEP_SCREENSHOT_DIR "/desk/enrolment-code-zh.png"));
        QVERIFY(shot.open(QIODevice::ReadOnly));
        const QStringList scanned = QrScan::scan(QImage::fromData(shot.readAll(), "PNG"));
        QCOMPARE(scanned.size(), 1);
        const auto link = EnrolmentLink::parse(scanned.first());
        QVERIFY2(link.ok(), qPrintable(scanned.first()));
        QCOMPARE(link.value().code, code);
        QCOMPARE(link.value().center, m_base);
    }
};

QTEST_GUILESS_MAIN(TestDeskBrowser)
#include "tst_deskbrowser.moc"
