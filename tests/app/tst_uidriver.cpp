// The test driver itself (uidriver.h): it must tap the item that is on screen now, never one a
// wait or a scroll destroyed (the receipts list recreates its rows after a reprint; the day's
// test crashed in mapToScene on such a row).
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickWindow>
#include <QTest>

#include <memory>

#include "uidriver.h"

namespace {

// A page whose row is rebuilt, further down, each time the page scrolls: the row found before the
// scroll is gone by the time a finger would reach it.
constexpr const char *RebuiltOnScroll = R"(
import QtQuick
import QtQuick.Controls
Window {
    width: 200; height: 200; visible: true
    property int clicks: 0
    property int generation: 0
    Flickable {
        objectName: "page"
        anchors.fill: parent
        contentHeight: 3000
        onContentYChanged: { generation++; rows.model = 0; rows.model = 1 }
        Repeater {
            id: rows
            model: 1
            delegate: Button {
                objectName: "far"
                y: 1500 + 100 * generation
                width: 100; height: 40
                onClicked: clicks++
            }
        }
    }
}
)";

// A drawer that slides in: a tap before it has arrived would land on the page below.
constexpr const char *SlidingDrawer = R"(
import QtQuick
import QtQuick.Controls
ApplicationWindow {
    width: 300; height: 300; visible: true
    property int pageClicks: 0
    property int menuClicks: 0
    Button { objectName: "under"; anchors.fill: parent; onClicked: pageClicks++ }
    Drawer {
        objectName: "menu"
        width: 200; height: 300
        enter: Transition { NumberAnimation { property: "position"; to: 1.0; duration: 300 } }
        Button { objectName: "menuItem"; width: 200; height: 300; onClicked: menuClicks++ }
    }
}
)";

// A message shown above a button pushes it down, but only when the layout is polished at the next
// frame: a tap aimed before then lands where the button was (on a loaded machine the frame is late).
constexpr const char *MessageAbove = R"(
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
Window {
    width: 200; height: 400; visible: true
    property int clicks: 0
    property int misses: 0
    property string message: ""
    MouseArea { anchors.fill: parent; onClicked: misses++ }
    ColumnLayout {
        width: parent.width
        Label { text: message; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        Button { objectName: "below"; text: "below"; onClicked: clicks++ }
    }
}
)";

} // namespace

class TestUiDriver : public QObject
{
    Q_OBJECT

private slots:
    void clicksTheRowThatIsThereAfterTheScroll();
    void waitsForADrawerToOpen();
    void waitsForTheLayoutToMoveTheButton();
    void missingItemsAreFalseNotCrashes();

private:
    std::unique_ptr<QQuickWindow> load(const char *qml)
    {
        QQmlComponent component(&m_engine);
        component.setData(qml, QUrl(QStringLiteral("qrc:/test.qml")));
        auto window = std::unique_ptr<QQuickWindow>(qobject_cast<QQuickWindow *>(component.create()));
        if (!window)
            qWarning() << component.errors();
        return window;
    }

    QQmlEngine m_engine;
};

void TestUiDriver::clicksTheRowThatIsThereAfterTheScroll()
{
    const auto window = load(RebuiltOnScroll);
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    UiTest::Driver ui(window.get(), QString());
    QVERIFY(ui.item(QStringLiteral("far")));
    QVERIFY(ui.click(QStringLiteral("far")));
    QVERIFY(window->property("generation").toInt() > 0); // the row was rebuilt under the driver
    QTRY_COMPARE(window->property("clicks").toInt(), 1);
}

void TestUiDriver::waitsForADrawerToOpen()
{
    const auto window = load(SlidingDrawer);
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    UiTest::Driver ui(window.get(), QString());
    QObject *menu = window->findChild<QObject *>(QStringLiteral("menu"));
    QVERIFY(menu);
    QMetaObject::invokeMethod(menu, "open");
    QVERIFY(ui.click(QStringLiteral("menuItem")));
    QTRY_COMPARE(window->property("menuClicks").toInt(), 1);
    QCOMPARE(window->property("pageClicks").toInt(), 0);
}

void TestUiDriver::waitsForTheLayoutToMoveTheButton()
{
    const auto window = load(MessageAbove);
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    UiTest::Driver ui(window.get(), QString());
    const qreal before = ui.item(QStringLiteral("below"))->mapToScene(QPointF()).y();
    window->setProperty("message", QStringLiteral("a long message that wraps onto many lines above the button, "
                                                  "which moves it well below where it was before"));
    QVERIFY(QQuickTest::qIsPolishScheduled(window.get())); // not moved yet
    QVERIFY(ui.click(QStringLiteral("below")));
    QTRY_COMPARE(window->property("clicks").toInt(), 1);
    QCOMPARE(window->property("misses").toInt(), 0);
    QVERIFY(ui.item(QStringLiteral("below"))->mapToScene(QPointF()).y() > before + 40);
}

void TestUiDriver::missingItemsAreFalseNotCrashes()
{
    const auto window = load(RebuiltOnScroll);
    QVERIFY(window);
    UiTest::Driver ui(window.get(), QString());
    const QString none = QStringLiteral("nothing");
    QVERIFY(!ui.hasActiveFocus(none));
    QVERIFY(!ui.isEnabled(none));
    QVERIFY(!ui.focus(none));
    QVERIFY(!ui.setProperty(none, "text", QStringLiteral("x")));
    QVERIFY(!ui.property(none, "text").isValid());
    QCOMPARE(ui.text(none), QString());
    QVERIFY(!ui.waitFor(none, 50));
}

QTEST_MAIN(TestUiDriver)
#include "tst_uidriver.moc"
