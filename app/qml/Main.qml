import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// The collector's window: a stack of pages, each bound to C++ view-models. No money is computed here.
ApplicationWindow {
    id: window
    required property RouteService routeService

    width: 400
    height: 720
    visible: true
    title: qsTr("Doorstep")
    font.pixelSize: 18

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            ToolButton {
                objectName: "backButton"
                text: "‹"
                font.pixelSize: 28
                visible: stack.depth > 1
                onClicked: stack.pop()
                Layout.preferredWidth: 56
                Layout.preferredHeight: 56
            }
            Label {
                text: window.routeService.hasRoute
                      ? qsTr("Route %1 · %n account(s)", "", window.routeService.accountCount).arg(window.routeService.routeId)
                      : qsTr("No route loaded")
                elide: Label.ElideRight
                Layout.fillWidth: true
                leftPadding: stack.depth > 1 ? 0 : 12
            }
            BusyIndicator {
                running: window.routeService.busy
                Layout.preferredWidth: 40
                Layout.preferredHeight: 40
            }
        }
    }

    ArrearsModel {
        id: arrears
        service: window.routeService
    }

    StackView {
        id: stack
        objectName: "stack"
        anchors.fill: parent
        focus: true
        initialItem: LookupPage {
            routeService: window.routeService
            onAccountChosen: number => {
                arrears.load(number)
                stack.push(accountPage)
            }
        }
        Keys.onBackPressed: event => { if (stack.depth > 1) { stack.pop(); event.accepted = true } }
        Keys.onEscapePressed: event => { if (stack.depth > 1) { stack.pop(); event.accepted = true } }
    }

    Component {
        id: accountPage
        AccountPage {
            model: arrears
        }
    }
}
