// The supervisors' web desk (issue 18), its pages and actions through DeskApp on both backends:
// each page's figures are the report's figures to the fen; who sees and does what is checked on
// the server for every page and action (a branch's supervisor sees only its routes, a cashier no
// exceptions, an auditor changes nothing); every hostile or malformed request is refused in
// words with nothing changed; sign-offs, commands and exports go to the audit log.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "centerimport.h"
#include "centerreports.h"
#include "dailytotals.h"
#include "deskapp.h"
#include "deskhtml.h"
#include "deskusers.h"
#include "enrolmentlink.h"
#include "journalingest.h"
#include "pgtestserver.h"
#include "routebranches.h"
#include "synctestkit.h"

using namespace SyncTestKit;
using DeskHtml::attributes;
using DeskHtml::tableFen;

namespace {

const QString Day = QStringLiteral("2026-11-02");
const QString Password = QStringLiteral("correct horse battery");

} // namespace

class TestDesk : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_work;
    Center m_center;
    std::unique_ptr<DeskApp> m_desk;
    qint64 m_now = 0;
    DayTotals m_r1;
    DayTotals m_r2;

    DeskResponse request(bool post, const QString &pathAndQuery, const QByteArray &body = QByteArray(),
                         const QByteArray &cookie = QByteArray())
    {
        DeskRequest r;
        r.post = post;
        const qsizetype q = pathAndQuery.indexOf(QLatin1Char('?'));
        r.path = q < 0 ? pathAndQuery : pathAndQuery.left(q);
        if (q >= 0)
            r.query = QUrlQuery(pathAndQuery.mid(q + 1));
        r.body = body;
        r.cookie = cookie;
        r.remote = QStringLiteral("127.0.0.1");
        return m_desk->handle(r);
    }
    DeskResponse get(const QString &pathAndQuery, const QByteArray &cookie)
    {
        return request(false, pathAndQuery, QByteArray(), cookie);
    }
    DeskResponse post(const QString &path, const QByteArray &body, const QByteArray &cookie)
    {
        return request(true, path, body, cookie);
    }
    static QByteArray header(const DeskResponse &r, const QByteArray &name)
    {
        for (const auto &[key, value] : r.headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }

    /// The login form's token and its cookie, as a browser gets them with the form.
    QPair<QByteArray, QByteArray> loginForm()
    {
        const DeskResponse form = get(QStringLiteral("/desk/login"), QByteArray());
        const QByteArray cookie = header(form, "Set-Cookie");
        const qsizetype at = form.body.indexOf("name=\"login_csrf\" value=\"");
        return {form.body.mid(at + 25, form.body.indexOf('"', at + 25) - at - 25), cookie.left(cookie.indexOf(';'))};
    }
    /// Logs `name` in: the session cookie.
    QByteArray login(const QString &name)
    {
        const auto [token, formCookie] = loginForm();
        const DeskResponse r =
            request(true, QStringLiteral("/desk/login"),
                    "login_csrf=" + token + "&name=" + name.toUtf8() + "&password=" + QUrl::toPercentEncoding(Password),
                    formCookie);
        const QByteArray cookie = header(r, "Set-Cookie");
        return r.status == 303 ? cookie.left(cookie.indexOf(';')) : QByteArray();
    }
    static QByteArray csrfOf(const QByteArray &page)
    {
        const qsizetype at = page.indexOf("name=\"csrf\" value=\"");
        return at < 0 ? QByteArray() : page.mid(at + 19, page.indexOf('"', at + 19) - at - 19);
    }
    qint64 scalar(const QString &sql, std::initializer_list<QVariant> bindings = {}) const
    {
        return m_center.db->scalar(sql, bindings).value().toLongLong();
    }

private slots:
    void initTestCase_data() { CenterTestDb::addBackendRows(); }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        m_work = std::make_unique<QTemporaryDir>();
        auto url = CenterTestDb::freshUrl(backend, m_work->path(), QStringLiteral("desk"));
        QVERIFY2(url.ok(), qPrintable(url.ok() ? QString() : url.error().message));
        auto center = openCenter(url.value());
        QVERIFY(center.ok());
        m_center = std::move(center).value();
        m_now = dayStart(20); // the evening of the collection day
        m_center.store->setClock([this] { return m_now; });
        const Extract x = writeExtract(m_work->path(), 2, 60);
        QVERIFY(CenterImport(*m_center.store).run(x.accounts, x.bills, x.policy, x.collectors).ok());
        RouteBranches branches(*m_center.db);
        const Status assigned = branches.assign(QStringLiteral("R1"), QStringLiteral("B1"));
        QVERIFY2(assigned.ok(), qPrintable(assigned.ok() ? QString() : assigned.error().message));
        QVERIFY(branches.assign(QStringLiteral("R2"), QStringLiteral("B2")).ok());
        DeskUsers users(*m_center.db);
        for (const auto &[name, role, branch] :
             {std::tuple{"sup-a", DeskUser::Role::Supervisor, "B1"},
              std::tuple{"sup-b", DeskUser::Role::Supervisor, "B2"},
              std::tuple{"cash-a", DeskUser::Role::Cashier, "B1"}, std::tuple{"aud", DeskUser::Role::Auditor, ""},
              std::tuple{"adm", DeskUser::Role::Admin, ""}})
            QVERIFY(
                users.add(QString::fromLatin1(name), role, QString::fromLatin1(branch), Password, m_now, 1000).ok());

        // A day of collection on each route, synced and applied.
        JournalIngest ingest(*m_center.store);
        for (int r = 1; r <= 2; ++r) {
            auto device = enrolDevice(*m_center.store, m_work->path(), QStringLiteral("dev-%1").arg(r),
                                      QStringLiteral("R%1").arg(r));
            QVERIFY(device.ok());
            auto day = simulateDay(*device.value().journal, r, r == 1 ? 30 : 45, dayStart());
            QVERIFY(day.ok());
            (r == 1 ? m_r1 : m_r2) = day.value();
            auto ack = uploadJournal(ingest, device.value(), 1);
            QVERIFY(ack.ok() && !ack.value().refusal);
            QVERIFY(ingest.applyLedger(device.value().id).ok());
        }
        m_desk = std::make_unique<DeskApp>(*m_center.db, *m_center.store,
                                           DeskApp::Config{.zone = QTimeZone::utc(),
                                                           .tls = false,
                                                           .maxDays = 92,
                                                           .enrolCenter = QStringLiteral("http://127.0.0.1:8080"),
                                                           .enrolPin = {}});
    }

    void cleanup()
    {
        m_desk.reset();
        m_center = Center{};
        m_work.reset();
    }

    // The devices page: the cash a collector holds as the terminal itself counts it (its open
    // shift's fold, same code) and how long the oldest entry the center lacks has waited.
    void devicesShowCashInHandAndUnsyncedAge()
    {
        auto device = enrolDevice(*m_center.store, m_work->path(), QStringLiteral("dev-3"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        Journal &journal = *device.value().journal;
        qint64 time = dayStart(9);
        auto append = [&](EntryKind kind, const QCborMap &body, qint64 shift) {
            time += 60'000;
            return journal.append(kind, body, time, QStringLiteral("C001"), shift).value().seq;
        };
        const qint64 shift = append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(150)}), 0);
        const qint64 cash1 = append(EntryKind::Payment, toCbor(payment(1, 40)), shift);
        append(EntryKind::Payment, toCbor(payment(1, 41)), shift);
        append(EntryKind::Payment, toCbor(payment(1, 42, 0, PaymentMethod::BankCard)), shift);
        append(EntryKind::Void, toCbor(VoidRecord{cash1, QStringLiteral("wrong account"), QStringLiteral("S001")}),
               shift);
        append(EntryKind::CashHandedOver,
               toCbor(CashHandedOverRecord{Money::fromYuan(100), QStringLiteral("S001"), {}}), shift);
        const Money expected =
            DailyTotals::compute(journal, DailyTotals::Filter::shift(shift), shift).expectedCashInHand();
        QCOMPARE(expected, Money::fromYuan(50) + payment(1, 41).amount); // 150 + 41's − 100

        JournalIngest ingest(*m_center.store);
        auto ack = uploadJournal(ingest, device.value(), 1);
        QVERIFY(ack.ok() && !ack.value().refusal);
        // Two entries more on the terminal, the oldest written 3 h 20 min before now.
        QVERIFY(
            m_center.store->recordReport(QStringLiteral("dev-3"), journal.lastSeq() + 2, m_now - (3 * 60 + 20) * 60'000)
                .ok());

        const QByteArray admin = login(QStringLiteral("adm"));
        for (const QString &lang : {QStringLiteral("en"), QStringLiteral("zh")}) {
            const QByteArray cookie = admin + "; doorstep_desk_lang=" + lang.toUtf8();
            const DeskResponse r = get(QStringLiteral("/desk/devices"), cookie);
            QCOMPARE(r.status, 200);
            QCOMPARE(attributes(r.body, QStringLiteral("data-cash-fen")),
                     (QStringList{QStringLiteral("0"), QStringLiteral("0"), QString::number(expected.fen())}));
            const QString page = QString::fromUtf8(r.body);
            const QString row = page.mid(page.indexOf(QStringLiteral("data-device=\"dev-3\"")));
            QVERIFY2(row.contains(lang == QLatin1String("en") ? QStringLiteral("3 h 20 min")
                                                              : QStringLiteral("3 小时 20 分钟")),
                     qPrintable(row.left(900)));
            QVERIFY(
                row.contains(lang == QLatin1String("en") ? QStringLiteral("(2 entries)") : QStringLiteral("(2 条)")));
        }
        // Once the center holds them, nothing waits.
        QVERIFY(m_center.store->recordReport(QStringLiteral("dev-3"), journal.lastSeq(), std::nullopt).ok());
        const QString page = QString::fromUtf8(get(QStringLiteral("/desk/devices"), admin).body);
        QVERIFY(!page.mid(page.indexOf(QStringLiteral("data-device=\"dev-3\""))).contains(QStringLiteral(" h 20 min")));
    }

    // An admin issues a new terminal's one-time code on the devices page: shown once, as a QR
    // code whose text a terminal reads (EnrolmentLink) and enrols with; only an admin may, with
    // the form's token, a known route and a sane validity; the audit log says who, not the code.
    void adminIssuesAnEnrolmentCodeAsAQrCode()
    {
        const QByteArray admin = login(QStringLiteral("adm"));
        const QByteArray supA = login(QStringLiteral("sup-a"));
        const QByteArray auditor = login(QStringLiteral("aud"));
        DeskResponse page = get(QStringLiteral("/desk/devices"), admin);
        QVERIFY(page.body.contains("action=\"/desk/devices/enrol\""));
        QVERIFY(page.body.contains("<option>R1</option><option>R2</option>"));
        QVERIFY(!get(QStringLiteral("/desk/devices"), supA).body.contains("/desk/devices/enrol"));
        const QByteArray csrf = csrfOf(page.body);

        const qint64 codesBefore = scalar(QStringLiteral("SELECT COUNT(*) FROM enrolment_codes"));
        const QByteArray good = "&device=hh-new&route=R1&hours=24";
        QCOMPARE(post(QStringLiteral("/desk/devices/enrol"),
                      "csrf=" + csrfOf(get(QStringLiteral("/desk/devices"), supA).body) + good, supA)
                     .status,
                 403);
        QCOMPARE(post(QStringLiteral("/desk/devices/enrol"),
                      "csrf=" + csrfOf(get(QStringLiteral("/desk/devices"), auditor).body) + good, auditor)
                     .status,
                 403);
        QCOMPARE(post(QStringLiteral("/desk/devices/enrol"), "csrf=forged" + good, admin).status, 403);
        QCOMPARE(post(QStringLiteral("/desk/devices/enrol"), good.mid(1), admin).status, 403);
        for (const QByteArray &bad :
             {QByteArray("&device=hh-new&route=R9&hours=24"),
              QByteArray("&device=hh-new&route=R1%27%20OR%201=1--&hours=24"),
              QByteArray("&device=hh-new&route=R1&hours=0"), QByteArray("&device=hh-new&route=R1&hours=169"),
              QByteArray("&device=hh-new&route=R1&hours=x"), QByteArray("&device=hh-new&route=R1&hours=24&evil=1")})
            QVERIFY2(post(QStringLiteral("/desk/devices/enrol"), "csrf=" + csrf + bad, admin).status >= 400,
                     bad.constData());
        for (const QByteArray &bad : {QByteArray("&device=%3Cscript%3E&route=R1&hours=24"),
                                      QByteArray("&device=dev-1&route=R1&hours=24"), // enrolled already
                                      QByteArray("&device=&route=R1&hours=24")}) {
            const DeskResponse r = post(QStringLiteral("/desk/devices/enrol"), "csrf=" + csrf + bad, admin);
            QCOMPARE(r.status, 409);
            QVERIFY(!r.body.contains("<script>"));
        }
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM enrolment_codes")), codesBefore);

        const DeskResponse issued = post(QStringLiteral("/desk/devices/enrol"), "csrf=" + csrf + good, admin);
        QCOMPARE(issued.status, 200);
        const QString code = attributes(issued.body, QStringLiteral("data-code")).value(0);
        QCOMPARE(code.size(), 16);
        QVERIFY(issued.body.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        QVERIFY(issued.body.contains("<path fill=\"#000\" d=\"M4 4h7v1h-7z")); // a finder pattern's top row
        const QString text = attributes(issued.body, QStringLiteral("data-link"))
                                 .value(0)
                                 .replace(QStringLiteral("&amp;"), QStringLiteral("&"));
        const auto link = EnrolmentLink::parse(text);
        QVERIFY2(link.ok(), qPrintable(text));
        QCOMPARE(link.value().code, code);
        QCOMPARE(link.value().center, QStringLiteral("http://127.0.0.1:8080"));
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM enrolment_codes")), codesBefore + 1);
        // A second code for the same terminal while the first is unused: refused in words.
        QCOMPARE(post(QStringLiteral("/desk/devices/enrol"), "csrf=" + csrf + good, admin).status, 409);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM desk_audit WHERE user_name = 'adm' AND action = "
                                       "'enrol-code' AND detail = 'hh-new R1'")),
                 1);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM desk_audit WHERE detail LIKE ?"),
                        {QVariant(QStringLiteral("%") + code + QStringLiteral("%"))}),
                 0);

        // The terminal enrols with what the QR code carried.
        WireProtocol::EnrolRequest request;
        request.code = link.value().code;
        request.publicKey = QByteArray(32, '\x07');
        auto enrolled = m_center.store->enrol(request, QByteArray());
        QVERIFY2(enrolled.ok(), qPrintable(enrolled.ok() ? QString() : enrolled.error().message));
        QCOMPARE(enrolled.value().deviceId, QStringLiteral("hh-new"));
        QCOMPARE(enrolled.value().route, QStringLiteral("R1"));
    }

    /// The text of a PDF as pdftotext (poppler) reads it: an independent reader of what we wrote.
    static QString pdfText(const QByteArray &pdf)
    {
        const QString reader = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (reader.isEmpty())
            return QStringLiteral("(pdftotext is missing: deploy/install-deps installs poppler-utils)");
        QProcess p;
        p.start(reader, {QStringLiteral("-layout"), QStringLiteral("-"), QStringLiteral("-")});
        p.write(pdf);
        p.closeWriteChannel();
        p.waitForFinished(60'000);
        // Qt's PDF engine maps a glyph Noto CJK shares between a Kangxi radical and its ideograph
        // (⽇/日, ⾦/金) back to the radical: NFKC folds them as a reader's search does.
        return QString::fromUtf8(p.readAllStandardOutput()).normalized(QString::NormalizationForm_KC);
    }

    // The day's report as PDF: a supervisor's branch only, the page's figures, in the page's
    // language, fonts embedded so Chinese reads back; written to the audit log as an export.
    void dayReportAsPdf()
    {
        const QByteArray supA = login(QStringLiteral("sup-a"));
        QVERIFY(
            get(QStringLiteral("/desk/day?date=") + Day, supA).body.contains("href=\"/desk/day.pdf?date=2026-11-02\""));
        for (const QString &lang : {QStringLiteral("zh"), QStringLiteral("en")}) {
            const QByteArray cookie = supA + "; doorstep_desk_lang=" + lang.toUtf8();
            const DeskResponse r = get(QStringLiteral("/desk/day.pdf?date=") + Day, cookie);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.mime, QByteArray("application/pdf"));
            QVERIFY(r.body.startsWith("%PDF-"));
            QCOMPARE(header(r, "Content-Disposition"),
                     QByteArray("attachment; filename=\"doorstep-day-2026-11-02.pdf\""));
            // Kept beside the screenshots, for a person to look at.
            QDir().mkpath(QStringLiteral(DOORSTEP_SCREENSHOT_DIR "/desk"));
            QFile kept(QStringLiteral(DOORSTEP_SCREENSHOT_DIR "/desk/day-report-%1.pdf").arg(lang));
            QVERIFY(kept.open(QIODevice::WriteOnly) && kept.write(r.body) == r.body.size());
            kept.close();
            const QString text = pdfText(r.body);
            const DeskPage::Lang l = lang == QLatin1String("zh") ? DeskPage::Lang::Zh : DeskPage::Lang::En;
            QVERIFY2(text.contains(DeskPage::money(l, m_r1.amount)), qPrintable(text.left(2000)));
            QVERIFY2(text.contains(lang == QLatin1String("zh") ? QStringLiteral("收费日报")
                                                               : QStringLiteral("Collection report")),
                     qPrintable(text.left(600)));
            QVERIFY(text.contains(lang == QLatin1String("zh") ? QStringLiteral("按收费员")
                                                              : QStringLiteral("By collector")));
            QVERIFY(text.contains(QStringLiteral("sup-a")));
            // Branch B1's report: not a figure of R2's.
            QVERIFY(!text.contains(DeskPage::money(l, m_r1.amount + m_r2.amount)));
        }
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM desk_audit WHERE action = 'export' AND detail = "
                                       "'day-pdf 2026-11-02' AND user_name = 'sup-a'")),
                 2);
        // Bad input: as the day page, refused in words; without a session, the login page.
        QCOMPARE(get(QStringLiteral("/desk/day.pdf?date=2026-13-01"), supA).status, 400);
        QCOMPARE(get(QStringLiteral("/desk/day.pdf?date=") + QString(10'000, u'9'), supA).status, 400);
        QCOMPARE(get(QStringLiteral("/desk/day.pdf?date=2026-11-02&x=1"), supA).status, 400);
        const DeskResponse anonymous = get(QStringLiteral("/desk/day.pdf?date=") + Day, QByteArray());
        QVERIFY(anonymous.status == 303 || anonymous.status == 200);
        QVERIFY(!anonymous.body.startsWith("%PDF-"));
    }

    void dayPageFiguresAreTheReportsToTheFen()
    {
        const QDate day = QDate::fromString(Day, Qt::ISODate);
        CenterReports everything(*m_center.db, QTimeZone::utc());
        const auto all = everything.totals(day);
        QVERIFY(all.ok());
        CenterReports branchOne(*m_center.db, QTimeZone::utc());
        branchOne.limitToRoutes({QStringLiteral("R1")});
        const auto one = branchOne.totals(day);
        QVERIFY(one.ok());
        const auto total = [](const QList<CenterReports::TotalsRow> &rows) {
            for (const auto &r : rows) {
                if (r.dimension == QLatin1String("total"))
                    return r.amount;
            }
            return Money();
        };
        QCOMPARE(total(one.value()), m_r1.amount);
        QCOMPARE(total(all.value()), m_r1.amount + m_r2.amount);

        // The auditor: every route, the figures of `report totals`.
        DeskResponse r = get(QStringLiteral("/desk/day?date=") + Day, login(QStringLiteral("aud")));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains(DeskPage::money(DeskPage::Lang::Zh, total(all.value())).toUtf8()));
        QHash<QString, qint64> routes = tableFen(r.body, QStringLiteral("by-route"));
        QCOMPARE(routes.value(QStringLiteral("R1")), m_r1.amount.fen());
        QCOMPARE(routes.value(QStringLiteral("R2")), m_r2.amount.fen());
        qint64 methods = 0;
        for (qint64 fen : tableFen(r.body, QStringLiteral("by-method")))
            methods += fen;
        QCOMPARE(methods, (m_r1.amount + m_r2.amount).fen());
        // Hours and villages count payments taken before voids: together, what stands plus what was voided.
        qint64 hours = 0;
        for (qint64 fen : tableFen(r.body, QStringLiteral("by-hour")))
            hours += fen;
        QCOMPARE(hours, (m_r1.amount + m_r1.voided + m_r2.amount + m_r2.voided).fen());
        qint64 villages = 0;
        for (qint64 fen : tableFen(r.body, QStringLiteral("by-village")))
            villages += fen;
        QCOMPARE(villages, hours);
        // The trend's last day is this day's payments not voided.
        QCOMPARE(tableFen(r.body, QStringLiteral("trend")).value(Day), (m_r1.amount + m_r2.amount).fen());
        QCOMPARE(tableFen(r.body, QStringLiteral("trend")).size(), 30);
        // A collection rate is shown, and no money is written as a floating-point number.
        QVERIFY(QRegularExpression(QStringLiteral("id=\"rate\">[^<]*<b>[0-9]+\\.[0-9] %</b>"))
                    .match(QString::fromUtf8(r.body))
                    .hasMatch());

        // Branch B1's supervisor: R1 only, whatever the address asks for.
        r = get(QStringLiteral("/desk/day?date=") + Day, login(QStringLiteral("sup-a")));
        QCOMPARE(r.status, 200);
        routes = tableFen(r.body, QStringLiteral("by-route"));
        QCOMPARE(routes.keys(), QStringList{QStringLiteral("R1")});
        QCOMPARE(routes.value(QStringLiteral("R1")), m_r1.amount.fen());
        QVERIFY(r.body.contains(DeskPage::money(DeskPage::Lang::Zh, m_r1.amount).toUtf8()));
        QVERIFY(!r.body.contains("dev-2"));
        QCOMPARE(tableFen(r.body, QStringLiteral("trend")).value(Day), m_r1.amount.fen());
    }

    void rolesAndBranchesAreCheckedForEveryPageAndAction()
    {
        const QByteArray supA = login(QStringLiteral("sup-a"));
        const QByteArray supB = login(QStringLiteral("sup-b"));
        const QByteArray cashier = login(QStringLiteral("cash-a"));
        const QByteArray auditor = login(QStringLiteral("aud"));
        const QByteArray admin = login(QStringLiteral("adm"));
        QVERIFY(!supA.isEmpty() && !supB.isEmpty() && !cashier.isEmpty() && !auditor.isEmpty() && !admin.isEmpty());

        // Pages by role.
        for (const QString &page : {QStringLiteral("/desk/exceptions"), QStringLiteral("/desk/devices")})
            QCOMPARE(get(page, cashier).status, 403);
        for (const QString &page : {QStringLiteral("/desk"), QStringLiteral("/desk/day"), QStringLiteral("/desk/cash"),
                                    QStringLiteral("/desk/receipts")})
            QCOMPARE(get(page, cashier).status, 200);
        QVERIFY(!get(QStringLiteral("/desk"), cashier).body.contains("/desk/exceptions"));

        // Devices: each supervisor sees their branch's; only an admin gets the command form.
        DeskResponse r = get(QStringLiteral("/desk/devices"), supA);
        QCOMPARE(attributes(r.body, QStringLiteral("data-device")), QStringList{QStringLiteral("dev-1")});
        QVERIFY(!r.body.contains("/desk/devices/command"));
        r = get(QStringLiteral("/desk/devices"), admin);
        QCOMPARE(attributes(r.body, QStringLiteral("data-device")),
                 (QStringList{QStringLiteral("dev-1"), QStringLiteral("dev-2")}));
        QVERIFY(r.body.contains("/desk/devices/command"));
        const QByteArray adminCsrf = csrfOf(r.body);

        // Commands: an auditor and a supervisor may not; the admin must type the name to confirm.
        const qint64 commandsBefore = scalar(QStringLiteral("SELECT COUNT(*) FROM commands"));
        const QByteArray auditorCsrf = csrfOf(get(QStringLiteral("/desk/devices"), auditor).body);
        QCOMPARE(post(QStringLiteral("/desk/devices/command"),
                      "csrf=" + auditorCsrf + "&device=dev-1&kind=lock&confirm=dev-1", auditor)
                     .status,
                 403);
        const QByteArray supACsrf = csrfOf(get(QStringLiteral("/desk/devices"), supA).body);
        QCOMPARE(post(QStringLiteral("/desk/devices/command"),
                      "csrf=" + supACsrf + "&device=dev-1&kind=lock&confirm=dev-1", supA)
                     .status,
                 403);
        r = post(QStringLiteral("/desk/devices/command"), "csrf=" + adminCsrf + "&device=dev-1&kind=lock&confirm=dev-2",
                 admin);
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("nothing was sent") || r.body.contains("没有发送任何指令"));
        QCOMPARE(post(QStringLiteral("/desk/devices/command"),
                      "csrf=" + adminCsrf + "&device=dev-9&kind=lock&confirm=dev-9", admin)
                     .status,
                 404);
        QCOMPARE(post(QStringLiteral("/desk/devices/command"),
                      "csrf=" + adminCsrf + "&device=dev-1&kind=format&confirm=dev-1", admin)
                     .status,
                 400);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM commands")), commandsBefore);
        r = post(QStringLiteral("/desk/devices/command"), "csrf=" + adminCsrf + "&device=dev-1&kind=lock&confirm=dev-1",
                 admin);
        QCOMPARE(r.status, 303);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM commands WHERE device_id = 'dev-1' AND kind = 'lock'")),
                 1);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM desk_audit WHERE user_name = 'adm' AND action = 'command' "
                                       "AND detail = 'lock dev-1'")),
                 1);

        // Exceptions: B1's supervisor sees dev-1's only and cannot sign off dev-2's.
        r = get(QStringLiteral("/desk/exceptions?from=") + Day + QStringLiteral("&to=") + Day, supA);
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("dev-1 · "));
        QVERIFY(!r.body.contains("dev-2 · "));
        const QString otherBranch =
            m_center.db->scalar(QStringLiteral("SELECT MIN(id) FROM exceptions WHERE device_id = 'dev-2'"))
                .value()
                .toString();
        QVERIFY(!otherBranch.isEmpty());
        r = post(QStringLiteral("/desk/exceptions/sign-off"),
                 "csrf=" + csrfOf(get(QStringLiteral("/desk/exceptions"), supA).body) + "&id=x" + otherBranch.toUtf8() +
                     "&note=ok",
                 supA);
        QCOMPARE(r.status, 404);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM exception_signoffs")), 0);
        // The auditor reads every branch's and signs off none.
        r = get(QStringLiteral("/desk/exceptions?from=") + Day + QStringLiteral("&to=") + Day, auditor);
        QVERIFY(r.body.contains("dev-1 · ") && r.body.contains("dev-2 · "));
        QVERIFY(!r.body.contains("/desk/exceptions/sign-off"));
        QCOMPARE(post(QStringLiteral("/desk/exceptions/sign-off"),
                      "csrf=" + auditorCsrf + "&id=x" + otherBranch.toUtf8() + "&note=ok", auditor)
                     .status,
                 403);

        // Receipts: another branch's receipt is not found.
        const QString receipt = QStringLiteral("dev-2-00000002");
        QVERIFY(
            get(QStringLiteral("/desk/receipts?q=") + receipt, supB).body.contains("data-receipt=\"dev-2-00000002\""));
        QVERIFY(!get(QStringLiteral("/desk/receipts?q=") + receipt, supA).body.contains("data-receipt="));
        QCOMPARE(get(QStringLiteral("/desk/day?date=") + Day, supB).status, 200);
    }

    void signOffMovesAnExceptionToHistory()
    {
        const QByteArray supB = login(QStringLiteral("sup-b"));
        const QString range = QStringLiteral("from=") + Day + QStringLiteral("&to=") + Day;
        DeskResponse r = get(QStringLiteral("/desk/exceptions?") + range, supB);
        const QStringList open = attributes(r.body, QStringLiteral("data-id"));
        QVERIFY(!open.isEmpty());
        const QByteArray csrf = csrfOf(r.body);
        // Without the note, or with a forged token: nothing is signed.
        QCOMPARE(post(QStringLiteral("/desk/exceptions/sign-off"),
                      "csrf=" + csrf + "&id=" + open[0].toUtf8() + "&note=", supB)
                     .status,
                 409);
        QCOMPARE(
            post(QStringLiteral("/desk/exceptions/sign-off"), "csrf=forged&id=" + open[0].toUtf8() + "&note=seen", supB)
                .status,
            403);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM exception_signoffs")), 0);
        r = post(QStringLiteral("/desk/exceptions/sign-off"),
                 "csrf=" + csrf + "&id=" + open[0].toUtf8() +
                     "&note=" + QUrl::toPercentEncoding(QStringLiteral("已核实 <b>")),
                 supB);
        QCOMPARE(r.status, 303);
        r = get(QStringLiteral("/desk/exceptions?") + range, supB);
        QVERIFY(!attributes(r.body, QStringLiteral("data-id")).contains(open[0]));
        r = get(QStringLiteral("/desk/exceptions?state=history&") + range, supB);
        QCOMPARE(attributes(r.body, QStringLiteral("data-id")), QStringList{open[0]});
        QVERIFY(r.body.contains("已核实 &lt;b&gt;"));
        QVERIFY(r.body.contains("sup-b"));
        // A second sign-off is refused with who signed it; the audit log has the one.
        r = post(QStringLiteral("/desk/exceptions/sign-off"),
                 "csrf=" + csrf + "&id=" + open[0].toUtf8() + "&note=again", supB);
        QCOMPARE(r.status, 409);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM desk_audit WHERE action = 'sign-off'")), 1);
    }

    void hostileAndMalformedRequestsAreRefusedInWords()
    {
        const QByteArray supA = login(QStringLiteral("sup-a"));
        const struct
        {
            QString path;
            int status;
        } cases[] = {
            {QStringLiteral("/desk/day?date=2026-11-02%27%20OR%201%3D1--"), 400},
            {QStringLiteral("/desk/day?date=") + QString(10240, QLatin1Char('9')), 400},
            {QStringLiteral("/desk/day?date=2026-02-30"), 400},
            {QStringLiteral("/desk/day?date=2026-11-02&date=2026-11-03"), 400},
            {QStringLiteral("/desk/day?day=2026-11-02"), 400},
            {QStringLiteral("/desk/exceptions?from=2016-11-02&to=2026-11-02"), 400}, // ten years
            {QStringLiteral("/desk/exceptions?from=2026-11-03&to=2026-11-02"), 400},
            {QStringLiteral("/desk/exceptions?state=deleted"), 400},
            {QStringLiteral("/desk/cash?from=%00"), 400},
            {QStringLiteral("/desk/receipts?q=") + QString(300, QLatin1Char('x')), 400},
            {QStringLiteral("/desk/export?table=desk_users&date=2026-11-02"), 400},
            {QStringLiteral("/desk/lang?to=fr"), 400},
            {QStringLiteral("/desk/nothing"), 404},
        };
        for (const auto &c : cases) {
            const DeskResponse r = get(c.path, supA);
            QVERIFY2(r.status == c.status, qPrintable(c.path.left(80) + QStringLiteral(" → %1").arg(r.status)));
            QVERIFY(!r.body.isEmpty());
        }
        // SQL in a receipt search is a search for that text, finding nothing.
        DeskResponse r = get(QStringLiteral("/desk/receipts?q=%27%20OR%20%271%27%3D%271"), supA);
        QCOMPARE(r.status, 200);
        QVERIFY(!r.body.contains("data-receipt="));

        // The language switch comes back only to a desk page.
        for (const QString &back :
             {QStringLiteral("//evil.example/desk"), QStringLiteral("https://evil.example"),
              QStringLiteral("/desk/../x"), QStringLiteral("/desk%0d%0aSet-Cookie:x=1"), QStringLiteral("/deskx")}) {
            r = get(QStringLiteral("/desk/lang?to=en&back=") + QString::fromLatin1(QUrl::toPercentEncoding(back)),
                    supA);
            QCOMPARE(r.status, 303);
            const QByteArray location = header(r, "Location");
            QVERIFY2(location == "/desk" || back == QLatin1String("/desk/../x"), location.constData());
        }

        // No session, an ended one, a forged one: the login page, never a figure.
        QCOMPARE(get(QStringLiteral("/desk/day"), QByteArray()).status, 303);
        QCOMPARE(get(QStringLiteral("/desk/day"), "doorstep_desk=' OR 1=1 --").status, 303);
        m_now += 31LL * 60 * 1000; // idle past the timeout
        r = get(QStringLiteral("/desk/day"), supA);
        QCOMPARE(r.status, 303);
        QCOMPARE(header(r, "Location"), QByteArray("/desk/login"));
    }

    void collectorsShiftsShowTheirZReportsAndCash()
    {
        const QDate day(2026, 11, 2);
        CenterReports branchOne(*m_center.db, QTimeZone::utc());
        branchOne.limitToRoutes({QStringLiteral("R1")});
        const auto shifts = branchOne.shifts(day, day);
        QVERIFY(shifts.ok());
        QCOMPARE(shifts.value().size(), 1);
        const CenterReports::ShiftRow &shift = shifts.value().first();
        QCOMPARE(shift.deviceId, QStringLiteral("dev-1"));
        // Handed over in the shift: the day's handovers of that terminal.
        Money handed;
        const auto handovers = branchOne.handovers(day, day); // kept: value() refers into it
        QVERIFY(handovers.ok());
        for (const auto &h : handovers.value())
            handed += h.amount;
        QVERIFY(!handed.isZero());
        QCOMPARE(shift.handedOver, handed);

        const QByteArray supA = login(QStringLiteral("sup-a"));
        const QString range = QStringLiteral("from=") + Day + QStringLiteral("&to=") + Day;
        DeskResponse r = get(QStringLiteral("/desk/collectors?") + range, supA);
        QCOMPARE(r.status, 200);
        QCOMPARE(attributes(r.body, QStringLiteral("data-shift")),
                 QStringList{QStringLiteral("dev-1:%1").arg(shift.openedSeq)});
        QCOMPARE(attributes(r.body, QStringLiteral("data-difference")),
                 QStringList{QString::number(shift.difference().fen())});
        QVERIFY(r.body.contains(DeskPage::money(DeskPage::Lang::Zh, handed).toUtf8()));
        r = get(QStringLiteral("/desk/export?table=shifts&") + range, supA);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, CenterReports::render(shifts.value(), CenterReports::Format::Csv));
        const QByteArray cashier = login(QStringLiteral("cash-a"));
        QCOMPARE(get(QStringLiteral("/desk/collectors"), cashier).status, 403);
        QCOMPARE(get(QStringLiteral("/desk/export?table=shifts&") + range, cashier).status, 403);
        // The auditor sees both terminals' shifts.
        QCOMPARE(attributes(get(QStringLiteral("/desk/collectors?") + range, login(QStringLiteral("aud"))).body,
                            QStringLiteral("data-shift"))
                     .size(),
                 2);
    }

    void aLoginMustComeFromTheDesksOwnForm()
    {
        const auto [token, cookie] = loginForm();
        QCOMPARE(token.size(), 43);
        QVERIFY(cookie.startsWith("doorstep_desk_login="));
        const QByteArray body = "name=sup-a&password=" + QUrl::toPercentEncoding(Password);
        // Another site's form: no token, or a token without the cookie, or not the cookie's.
        const QList<QPair<QByteArray, QByteArray>> forged = {
            {body, cookie},
            {QByteArray("login_csrf=") + token + '&' + body, QByteArray()},
            {QByteArray("login_csrf=") + token.left(42) + "x&" + body, cookie},
        };
        for (const auto &[form, withCookie] : forged) {
            const DeskResponse r = request(true, QStringLiteral("/desk/login"), form, withCookie);
            QCOMPARE(r.status, 403);
            QVERIFY(!header(r, "Set-Cookie").startsWith("doorstep_desk="));
        }
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM desk_sessions")), 0);
        const DeskResponse r = request(true, QStringLiteral("/desk/login"), "login_csrf=" + token + "&" + body, cookie);
        QCOMPARE(r.status, 303);
        QVERIFY(header(r, "Set-Cookie").startsWith("doorstep_desk="));
    }

    void exportsAreTheReportsCsvAndAudited()
    {
        const QByteArray supA = login(QStringLiteral("sup-a"));
        DeskResponse r = get(QStringLiteral("/desk/export?table=totals&date=") + Day, supA);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.mime, QByteArray("text/csv; charset=utf-8"));
        QVERIFY(header(r, "Content-Disposition").contains("totals-2026-11-02.csv"));
        CenterReports branchOne(*m_center.db, QTimeZone::utc());
        branchOne.limitToRoutes({QStringLiteral("R1")});
        QCOMPARE(r.body,
                 CenterReports::render(branchOne.totals(QDate(2026, 11, 2)).value(), CenterReports::Format::Csv));
        QVERIFY(!r.body.contains("R2"));
        QCOMPARE(get(QStringLiteral("/desk/export?table=cash&from=") + Day + QStringLiteral("&to=") + Day, supA).status,
                 200);
        QCOMPARE(get(QStringLiteral("/desk/export?table=exceptions&from=") + Day + QStringLiteral("&to=") + Day,
                     login(QStringLiteral("cash-a")))
                     .status,
                 403);
        QCOMPARE(
            scalar(QStringLiteral("SELECT COUNT(*) FROM desk_audit WHERE action = 'export' AND user_name = 'sup-a'")),
            2);
    }

    void languageIsTheUsersChoice()
    {
        const QByteArray supA = login(QStringLiteral("sup-a"));
        DeskResponse r = get(QStringLiteral("/desk/day?date=") + Day, supA);
        QVERIFY(r.body.contains("<html lang=\"zh-CN\">"));
        QVERIFY(r.body.contains("实收"));
        r = get(QStringLiteral("/desk/lang?to=en&back=%2Fdesk%2Fday%3Fdate%3D2026-11-02"), supA);
        QCOMPARE(r.status, 303);
        QCOMPARE(header(r, "Location"), QByteArray("/desk/day?date=2026-11-02"));
        const QByteArray langCookie = header(r, "Set-Cookie");
        QVERIFY(langCookie.startsWith("doorstep_desk_lang=en; Path=/desk; HttpOnly; SameSite=Strict"));
        r = get(QStringLiteral("/desk/day?date=") + Day, supA + "; " + langCookie.left(langCookie.indexOf(';')));
        QVERIFY(r.body.contains("<html lang=\"en\">"));
        QVERIFY(r.body.contains("Collected"));
        QVERIFY(!r.body.contains("实收"));
        QVERIFY(r.body.contains(DeskPage::money(DeskPage::Lang::En, m_r1.amount).toUtf8()));
        // The login page follows the cookie too.
        QVERIFY(get(QStringLiteral("/desk/login"), "doorstep_desk_lang=en").body.contains("Log in"));
    }
};

// A QGuiApplication (offscreen, from the test environment): the PDF report lays out text.
QTEST_MAIN(TestDesk)
#include "tst_desk.moc"
