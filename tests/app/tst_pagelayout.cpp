// Every page of the app, as a collector reaches it in the real window (AppShell on the offscreen
// platform), laid out at 360×640 and 480×854, at 100, 125 and 150 % text, in the normal and the
// high-contrast theme, in English and Chinese, with the longest account on the route (thirteen
// unpaid months). Fails on any visible item outside the window, an item overlapping a sibling in
// its layout, text cut short or running past its box, text that does not stand out from what is
// behind it, and a page whose primary action or error is not on screen.
//
// Screenshots of the hardest case (360×640, 150 %, high contrast) go to build/screenshots/layout/.
#include <QDir>
#include <QGuiApplication>
#include <QJSValue>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQmlListReference>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <optional>

#include "appsettings.h"
#include "appshell.h"
#include "deskservice.h"
#include "testworklist.h"
#include "uidriver.h"

using namespace UiTest;

namespace {

/// WCAG relative luminance of an opaque colour.
double luminance(const QColor &c)
{
    const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor blend(const QColor &front, double alpha, const QColor &back)
{
    return QColor::fromRgbF(float(front.redF() * alpha + back.redF() * (1 - alpha)),
                            float(front.greenF() * alpha + back.greenF() * (1 - alpha)),
                            float(front.blueF() * alpha + back.blueF() * (1 - alpha)));
}

/// The colour a Rectangle paints: its colour, or the mean of its gradient's stops.
std::optional<QColor> paintedColour(const QQuickItem *item)
{
    if (!item || !item->isVisible() || item->opacity() < 0.5 || !item->inherits("QQuickRectangle"))
        return std::nullopt;
    const QVariant gradient = item->property("gradient");
    if (QObject *g = gradient.value<QJSValue>().toQObject()) {
        QQmlListReference stops(g, "stops");
        double r = 0, gr = 0, b = 0;
        const qsizetype n = stops.isValid() ? stops.count() : 0;
        for (qsizetype i = 0; i < n; ++i) {
            const QColor c = stops.at(i)->property("color").value<QColor>();
            r += c.redF();
            gr += c.greenF();
            b += c.blueF();
        }
        if (n > 0)
            return QColor::fromRgbF(float(r / double(n)), float(gr / double(n)), float(b / double(n)));
    }
    const QColor c = item->property("color").value<QColor>();
    if (c.alphaF() < 0.5)
        return std::nullopt;
    return c;
}

QString describe(const QQuickItem *item)
{
    QString what = item->objectName();
    if (what.isEmpty())
        what = QString::fromLatin1(item->metaObject()->className()).section(QLatin1Char('_'), 0, 0);
    const QString text = item->property("text").toString();
    if (!text.isEmpty())
        what += QStringLiteral(" “%1”").arg(text.left(40));
    if (item->objectName().isEmpty() && item->parentItem() && (what == QLatin1String("QQuickItem") || text.isEmpty()))
        what += QStringLiteral(" in ") + describe(item->parentItem()); // which one, for an anonymous item
    return what;
}

/** Looks at the window as it is now and lists what a collector could not read or reach. */
class LayoutCheck
{
public:
    LayoutCheck(QQuickWindow *window, double minContrast)
        : m_window(window)
        , m_minContrast(minContrast)
        , m_bounds(0, 0, window->width(), window->height())
    {
    }

    QStringList run(const QStringList &mustShow)
    {
        walk(m_window->contentItem(), m_bounds, false, false);
        for (const QString &name : mustShow) {
            const QQuickItem *item = findShown(m_window->contentItem(), name);
            if (!item) {
                m_problems << QStringLiteral("%1 is not shown").arg(name);
                continue;
            }
            // On screen: inside the window and not scrolled away behind a clipping ancestor.
            QRectF visible = m_bounds;
            for (const QQuickItem *p = item->parentItem(); p; p = p->parentItem()) {
                if (p->clip())
                    visible &= p->mapRectToScene(QRectF(0, 0, p->width(), p->height()));
            }
            const QRectF r = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
            if (!visible.adjusted(-1, -1, 1, 1).contains(r))
                m_problems << QStringLiteral("%1 is off screen (%2,%3 %4×%5)")
                                  .arg(describe(item))
                                  .arg(r.x())
                                  .arg(r.y())
                                  .arg(r.width())
                                  .arg(r.height());
        }
        m_problems.removeDuplicates();
        return m_problems;
    }

private:
    static bool shown(const QQuickItem *i) { return i->isVisible() && i->opacity() > 0.01; }

    static const QQuickItem *findShown(const QQuickItem *root, const QString &name)
    {
        if (!root || !shown(root))
            return nullptr;
        if (root->objectName() == name)
            return root;
        const auto children = root->childItems();
        for (const QQuickItem *c : children) {
            if (const QQuickItem *found = findShown(c, name))
                return found;
        }
        return nullptr;
    }

    static bool decoration(const QQuickItem *i)
    {
        // Scroll indicators sit over the content on purpose; an idle busy indicator paints nothing.
        return i->inherits("QQuickScrollIndicator") || i->inherits("QQuickScrollBar") ||
               (i->inherits("QQuickBusyIndicator") && !i->property("running").toBool());
    }

    /// `area`: where this item may be (the window; for content of a Flickable that does not scroll
    /// sideways, its width). `scrolls`: inside a vertically scrolling Flickable.
    void walk(QQuickItem *item, QRectF area, bool inFlickable, bool scrollsSideways)
    {
        if (!shown(item) || decoration(item))
            return;
        const QRectF r = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
        // A bare Item paints nothing (a list's spacer, a delegate being recycled): only its children count.
        const bool bare = qstrcmp(item->metaObject()->className(), "QQuickItem") == 0;
        const bool hasArea = !bare && item->width() > 0.5 && item->height() > 0.5;
        if (hasArea && !scrollsSideways) {
            const QRectF allowed = inFlickable ? QRectF(area.x(), -1e9, area.width(), 2e9) : area;
            if (!allowed.adjusted(-1, -1, 1, 1).contains(r))
                m_problems << QStringLiteral("%1 is outside the %2 (%3,%4 %5×%6)")
                                  .arg(describe(item),
                                       inFlickable ? QStringLiteral("page's width") : QStringLiteral("window"))
                                  .arg(r.x())
                                  .arg(r.y())
                                  .arg(r.width())
                                  .arg(r.height());
        }
        if (item->inherits("QQuickText"))
            checkText(item);

        const auto children = item->childItems();
        if (item->inherits("QQuickLayout") || item->inherits("QQuickBasePositioner"))
            checkSiblings(children);
        if (item->inherits("QQuickFlickable")) {
            // What scrolls is checked item by item; the content item itself may be any size.
            const bool sideways = item->property("contentWidth").toReal() > item->width() + 1;
            const auto *content = item->property("contentItem").value<QQuickItem *>();
            for (QQuickItem *c : children) {
                const auto inner = c == content ? c->childItems() : QList<QQuickItem *>{c};
                for (QQuickItem *i : inner)
                    walk(i, r, true, sideways);
            }
            return;
        }
        for (QQuickItem *c : children)
            walk(c, area, inFlickable, scrollsSideways);
    }

    void checkSiblings(const QList<QQuickItem *> &children)
    {
        QList<QPair<QQuickItem *, QRectF>> boxes;
        for (QQuickItem *c : children) {
            if (shown(c) && c->width() > 0.5 && c->height() > 0.5)
                boxes.append({c, c->mapRectToScene(QRectF(0, 0, c->width(), c->height()))});
        }
        for (qsizetype i = 0; i < boxes.size(); ++i) {
            for (qsizetype j = i + 1; j < boxes.size(); ++j) {
                const QRectF both =
                    boxes[i].second.adjusted(0.5, 0.5, -0.5, -0.5) & boxes[j].second.adjusted(0.5, 0.5, -0.5, -0.5);
                if (!both.isEmpty())
                    m_problems
                        << QStringLiteral("%1 overlaps %2").arg(describe(boxes[i].first), describe(boxes[j].first));
            }
        }
    }

    void checkText(QQuickItem *text)
    {
        const QString s = text->property("text").toString();
        if (s.trimmed().isEmpty() || text->width() < 0.5)
            return;
        // A field's placeholder is the only hint an empty field gives: the style elides it at the
        // field's edge, so it must fit whole (a long hint goes in a wrapping label above the field).
        if (text->inherits("QQuickPlaceholderText") &&
            (text->property("truncated").toBool() || text->property("contentWidth").toReal() > text->width() + 1)) {
            m_problems << QStringLiteral("placeholder %1 of %2 is cut short")
                              .arg(describe(text), text->parentItem() ? describe(text->parentItem()) : QString());
        } else if (text->inherits("QQuickPlaceholderText")) {
            // whole: only its colour counts
        } else if (text->property("truncated").toBool()) {
            m_problems << QStringLiteral("%1 is cut short").arg(describe(text));
        } else if (text->property("contentWidth").toReal() > text->width() + 1 ||
                   text->property("contentHeight").toReal() > text->height() + 1) {
            m_problems << QStringLiteral("%1 runs past its box (%2×%3 in %4×%5)")
                              .arg(describe(text))
                              .arg(text->property("contentWidth").toReal())
                              .arg(text->property("contentHeight").toReal())
                              .arg(text->width())
                              .arg(text->height());
        }
        if (!text->isEnabled())
            return; // greyed out on purpose
        // The text's colour over the first thing painted behind it.
        double alpha = text->property("color").value<QColor>().alphaF();
        std::optional<QColor> back;
        for (const QQuickItem *p = text; p && !back; p = p->parentItem()) {
            alpha *= p->opacity();
            if (p != text)
                back = paintedColour(p);
            if (!back && p->property("background").isValid())
                back = paintedColour(p->property("background").value<QQuickItem *>());
        }
        if (!back) // the window's own background, under every page
            back = paintedColour(m_window->property("background").value<QQuickItem *>());
        if (!back)
            back = m_window->color();
        const QColor front = blend(text->property("color").value<QColor>(), alpha, *back);
        const double ratio = contrast(front, *back);
        if (ratio < m_minContrast)
            m_problems << QStringLiteral("%1 hardly stands out (%2 on %3, %4:1)")
                              .arg(describe(text), front.name(), back->name())
                              .arg(ratio, 0, 'f', 1);
    }

    QQuickWindow *m_window;
    double m_minContrast;
    QRectF m_bounds;
    QStringList m_problems;
};

} // namespace

class TestPageLayout : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void checkSeesACutPlaceholder();
    void pages();
    void cleanupTestCase();

private:
    /// Lays the window out in every size, text size, theme and language and checks it.
    void checkEverywhere(const QString &page, const QStringList &mustShow);

    QTemporaryDir m_dir;
    std::unique_ptr<AppShell> m_app;
    std::unique_ptr<Driver> m_ui;
    QStringList m_problems;
    QString m_shotDir;
};

void TestPageLayout::initTestCase()
{
    const QString worklist = m_dir.filePath(QStringLiteral("route.worklist"));
    QVERIFY(writeTestWorklist(worklist, 1, true));
    m_shotDir = QStringLiteral(DOORSTEP_SCREENSHOT_DIR "/layout");
    QDir(m_shotDir).removeRecursively();
    QVERIFY(QDir().mkpath(m_shotDir));
    AppShell::Options options;
    options.dataDir = m_dir.filePath(QStringLiteral("data"));
    options.importWorklist = worklist;
    options.demo = true;
    options.language = QStringLiteral("en");
    options.printer = QStringLiteral("file:%1").arg(m_dir.filePath(QStringLiteral("paper.bin")));
    options.pinIterations = 1000;
    m_app = std::make_unique<AppShell>(options);
    const Status started = m_app->start();
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    QQuickWindow *window = m_app->window();
    QVERIFY(window);
    window->resize(360, 640);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    m_ui = std::make_unique<Driver>(window, m_shotDir);
    QTRY_VERIFY_WITH_TIMEOUT(m_app->desk().isReady() && m_ui->item(QStringLiteral("pinField")), Wait);
}

// The check itself: a placeholder the style elides is a problem; one that fits is not.
void TestPageLayout::checkSeesACutPlaceholder()
{
    QQmlEngine engine;
    QQmlComponent component(&engine);
    component.setData(R"(
        import QtQuick
        import QtQuick.Controls
        ApplicationWindow {
            width: 360; height: 200
            Column {
                x: 12; y: 12; spacing: 8
                TextField { objectName: "cut"; width: 200; font.pixelSize: 21
                            placeholderText: "Account number, meter, name or address" }
                TextField { objectName: "whole"; width: 200; font.pixelSize: 21; placeholderText: "PIN" }
            }
        })",
                      QUrl());
    std::unique_ptr<QObject> root(component.create());
    QVERIFY2(root, qPrintable(component.errorString()));
    auto *window = qobject_cast<QQuickWindow *>(root.get());
    QVERIFY(window);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    const QStringList problems = LayoutCheck(window, 1.0).run({});
    const QStringList cut = problems.filter(QStringLiteral("cut short"));
    QVERIFY2(cut.size() == 1, qPrintable(problems.join(u'\n')));
    QVERIFY2(cut.first().contains(QStringLiteral("“Account number")) &&
                 cut.first().contains(QStringLiteral(" of cut ")),
             qPrintable(cut.first()));
}

void TestPageLayout::cleanupTestCase()
{
    m_ui.reset();
    m_app.reset();
}

void TestPageLayout::checkEverywhere(const QString &page, const QStringList &mustShow)
{
    QQuickWindow *window = m_app->window();
    AppSettings &settings = m_app->settings();
    for (const QString &language : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
        settings.setLanguage(language);
        // Retranslating replaces some delegates: let them go before the window is resized.
        QTest::qWait(20);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        for (const QSize size : {QSize(360, 640), QSize(480, 854)}) {
            window->resize(size);
            for (const int scale : AppSettings::textScales()) {
                settings.setTextScalePercent(scale);
                for (const bool highContrast : {false, true}) {
                    settings.setHighContrast(highContrast);
                    m_ui->settle();
                    // Layouts polish before the next frame, and a wrapped text's height after its width.
                    for (int frame = 0; frame < 3; ++frame) {
                        QTest::qWait(20);
                        QCoreApplication::processEvents();
                    }
                    const QString where =
                        QStringLiteral("%1 %2×%3 %4% %5")
                            .arg(language)
                            .arg(size.width())
                            .arg(size.height())
                            .arg(scale)
                            .arg(highContrast ? QStringLiteral("high contrast") : QStringLiteral("normal"));
                    const QStringList found = LayoutCheck(window, highContrast ? 4.5 : 3.0).run(mustShow);
                    for (const QString &p : found)
                        m_problems << QStringLiteral("%1 [%2]: %3").arg(page, where, p);
                    if (size.width() == 360 && scale == 150 && highContrast)
                        QVERIFY(m_ui->shot(page + QLatin1Char('-') + language));
                }
            }
        }
    }
    settings.setLanguage(QStringLiteral("en"));
    settings.setTextScalePercent(100);
    settings.setHighContrast(false);
    window->resize(360, 640);
    m_ui->settle();
}

void TestPageLayout::pages()
{
    Driver &ui = *m_ui;
    DeskService &desk = m_app->desk();
    // checkSeesACutPlaceholder's window took the activation with it: Esc and Back are window
    // shortcuts, which only an active window receives.
    m_app->window()->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(m_app->window()));
    const auto s = [](const char *name) { return QString::fromLatin1(name); };
    // The supervisor picks their own name (李站长, PIN 9999) wherever the list puts it.
    const auto chooseSupervisor = [&] {
        QQuickItem *choice = ui.item(s("supervisorChoice"));
        QVERIFY(choice);
        const qsizetype at = choice->property("model").toStringList().indexOf(QStringLiteral("李站长"));
        QVERIFY(at >= 0);
        choice->setProperty("currentIndex", int(at));
    };

    // Who is at the keypad, then a wrong PIN said in words.
    checkEverywhere(s("login"), {s("pinField"), s("loginButton")});
    QVERIFY(ui.type(s("pinField"), s("0000")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(s("loginError")).isEmpty(), Wait);
    checkEverywhere(s("login-wrong-pin"), {s("loginButton"), s("loginError")});
    QVERIFY(ui.type(s("pinField"), s("1234")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("floatField")), Wait);
    checkEverywhere(s("open-shift"), {s("floatField"), s("openShiftButton")});
    QVERIFY(ui.type(s("floatField"), s("200")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(desk.isShiftOpen() && ui.item(s("lookupField")), Wait);
    checkEverywhere(s("lookup-empty"), {s("lookupField")});
    QVERIFY(ui.type(s("lookupField"), s("31000001")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("result_3100000100")), Wait);
    checkEverywhere(s("lookup-results"), {s("lookupField"), s("resultList")});
    QVERIFY(ui.type(s("lookupField"), s("nothing like it")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("lookupHint")), Wait);
    checkEverywhere(s("lookup-nothing"), {s("lookupField"), s("lookupHint")});

    // The longest account: thirteen bills.
    QVERIFY(ui.type(s("lookupField"), s("3100000100")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("takePayment")) && !ui.text(s("totalOwed")).isEmpty(), Wait);
    checkEverywhere(s("account"), {s("takePayment"), s("totalOwed")});

    // Paying it: the split of thirteen bills, then an amount refused.
    QVERIFY(ui.click(s("takePayment")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("amountField")), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), Wait);
    checkEverywhere(s("payment"), {s("amountField"), s("confirmPayment")});
    QVERIFY(ui.type(s("amountField"), s("12.345")));
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(s("paymentError")).isEmpty(), Wait);
    checkEverywhere(s("payment-refused"), {s("confirmPayment"), s("paymentError")});
    ui.key(Qt::Key_Escape);
    ui.key(Qt::Key_Escape);

    // A visit with a date refused.
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("lookupField")), Wait);
    QVERIFY(ui.type(s("lookupField"), s("3100000001")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("recordVisitButton")), Wait);
    QVERIFY(ui.click(s("recordVisitButton")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("outcome3")), Wait);
    QVERIFY(ui.click(s("outcome3")));
    QVERIFY(ui.type(s("promisedDate"), s("tomorrow")));
    QVERIFY(ui.click(s("recordVisit")));
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(s("visitError")).isEmpty(), Wait);
    checkEverywhere(s("visit-refused"), {s("recordVisit"), s("visitError")});
    ui.key(Qt::Key_Escape);
    ui.key(Qt::Key_Escape);

    // A payment taken (so the receipts, route and supervisor screens have something to show).
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("lookupField")), Wait);
    QVERIFY(ui.type(s("lookupField"), s("3100000002")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("takePayment")), Wait);
    QVERIFY(ui.click(s("takePayment")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("amountField")), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), Wait);
    QVERIFY(ui.click(s("confirmPayment")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("paidLabel")), Wait);
    checkEverywhere(s("paid"), {s("paidLabel"), s("nextCustomer")});
    QVERIFY(ui.click(s("nextCustomer")));

    const auto screen = [&](const char *key, const char *shown, const QStringList &mustShow) {
        QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("menuButton")), Wait);
        QVERIFY(ui.openScreen(s(key)));
        QTRY_VERIFY_WITH_TIMEOUT(ui.item(s(shown)), Wait);
        QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), Wait);
        checkEverywhere(s(key), mustShow);
    };
    screen("receipts", "shiftPaymentList", {s("voidReason")});
    ui.key(Qt::Key_Escape);
    screen("route", "routeVillages", {s("routeProgress")});
    ui.key(Qt::Key_Escape);
    screen("printer", "printerAddress", {s("savePrinter")});
    ui.key(Qt::Key_Escape);
    screen("settings", "highContrast", {s("languageChoice")});
    ui.key(Qt::Key_Escape);
    screen("sync", "syncState", {s("syncState")});
    ui.key(Qt::Key_Escape);

    // The supervisor's screen behind a PIN (the dialog first), then its tabs.
    QVERIFY(ui.openScreen(s("supervisor")));
    QVERIFY(ui.waitFor(s("supervisorPin")));
    QTest::qWait(300);
    checkEverywhere(s("supervisor-pin"), {s("supervisorPin"), s("approveButton")});
    chooseSupervisor();
    QVERIFY(ui.type(s("supervisorPin"), s("9999")));
    ui.key(Qt::Key_Return);
    QVERIFY(ui.waitFor(s("supervisorTabs")));
    for (int tab = 0; tab < 5; ++tab) {
        QVERIFY(ui.click(QStringLiteral("supervisorTab_%1").arg(tab)));
        checkEverywhere(QStringLiteral("supervisor-tab%1").arg(tab), {s("supervisorTabs")});
    }
    ui.key(Qt::Key_Escape);

    // Cash handed over mid-shift: the count, the receiver's PIN, what is left in hand.
    screen("handOver", "handover_10000", {s("handOverButton")});
    QVERIFY(ui.type(s("handover_100"), s("1")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.text(s("handoverTotal")).contains(s("1.00")), Wait);
    QVERIFY(ui.click(s("handOverButton")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("supervisorChoice")), Wait);
    chooseSupervisor();
    QVERIFY(ui.type(s("supervisorPin"), s("9999")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("handoverDone")), Wait);
    checkEverywhere(s("handover-done"), {s("handoverDone"), s("handoverFinished")});
    QVERIFY(ui.click(s("handoverFinished")));

    // Closing: the count, the difference, the Z-report.
    screen("closeShift", "pieces_10000", {s("countButton")});
    QVERIFY(ui.type(s("pieces_10000"), s("1")));
    QVERIFY(ui.click(s("countButton")));
    QTRY_VERIFY_WITH_TIMEOUT(!ui.text(s("cashDifference")).isEmpty(), Wait);
    checkEverywhere(s("close-difference"), {s("cashDifference"), s("closeShiftButton"), s("countAgain")});
    QVERIFY(ui.click(s("closeShiftButton")));
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("supervisorChoice")), Wait);
    chooseSupervisor();
    QVERIFY(ui.type(s("supervisorPin"), s("9999")));
    ui.key(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(ui.item(s("zReportDone")), Wait);
    checkEverywhere(s("z-report"), {s("zReportDone")});

    for (const QString &p : std::as_const(m_problems))
        qWarning().noquote() << p;
    QVERIFY2(m_problems.isEmpty(),
             qPrintable(QStringLiteral("%1 layout problems (listed above)").arg(m_problems.size())));
    QCOMPARE(m_app->qmlWarnings(), 0);
}

QTEST_MAIN(TestPageLayout)
#include "tst_pagelayout.moc"
