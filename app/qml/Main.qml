import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// The collector's window: a stack of pages, each bound to C++ view-models. No money is computed here.
ApplicationWindow {
    id: window
    required property RouteService routeService
    required property DeskService desk
    required property PrinterService printer
    required property SyncService sync
    required property bool demo
    // A new terminal with no route and no center: enrolment first.
    readonly property bool firstRun: !window.demo && !window.sync.enrolled && !window.routeService.hasRoute

    width: 400
    height: 720
    visible: true
    title: qsTr("Doorstep")
    font.pixelSize: AppSettings.baseText
    font.bold: AppSettings.highContrast
    // Every colour comes from the theme (AppSettings). Sunlight: black on white with nothing
    // greyed, buttons solid black with white text.
    palette.window: AppSettings.paper
    palette.windowText: AppSettings.ink
    palette.base: AppSettings.highContrast ? AppSettings.paper : undefined
    palette.text: AppSettings.ink
    palette.button: AppSettings.highContrast ? AppSettings.ink : undefined
    palette.buttonText: AppSettings.highContrast ? AppSettings.paper : AppSettings.ink
    palette.highlight: AppSettings.highContrast ? AppSettings.ink : AppSettings.accent
    palette.placeholderText: AppSettings.hint

    header: ToolBar {
        // Locked by the center: nothing but the lock page, no way back to the desk under it.
        visible: !window.lockedByCenter
        palette.buttonText: AppSettings.ink
        background: Rectangle {
            color: AppSettings.paper
            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: AppSettings.ink
                opacity: 0.25
            }
        }
        RowLayout {
            anchors.fill: parent
            ToolButton {
                objectName: "backButton"
                text: "‹"
                font.pixelSize: 28
                visible: stack.depth > 1 && !window.showingZReport
                onClicked: stack.pop()
                Layout.preferredWidth: 56
                Layout.preferredHeight: 56
            }
            ToolButton {
                objectName: "menuButton"
                text: "☰"
                font.pixelSize: 26
                visible: stack.visible && stack.depth === 1
                onClicked: menu.open()
                Layout.preferredWidth: 56
                Layout.preferredHeight: 56
            }
            Label {
                objectName: "statusLine"
                text: (window.desk.collectorName.length > 0 ? window.desk.collectorName + " · " : "")
                      + (window.routeService.hasRoute
                      ? qsTr("Route %1 · %n account(s)", "", window.routeService.accountCount).arg(window.routeService.routeId)
                      : qsTr("No route loaded"))
                // Wraps: the collector's name and route always read in full.
                wrapMode: Text.WordWrap
                font.pixelSize: AppSettings.smallText
                Layout.fillWidth: true
                leftPadding: stack.depth > 1 ? 0 : 12
            }
            BusyIndicator {
                running: window.routeService.busy || window.desk.busy
                Layout.preferredWidth: 40
                Layout.preferredHeight: 40
            }
        }
    }

    // The Z-report stays on screen after the close until the collector is done with it.
    property bool showingZReport: false
    readonly property bool lockedByCenter: window.sync.enrolled && (window.sync.locked || window.sync.wipePending || window.sync.revoked)

    ArrearsModel {
        id: arrears
        service: window.routeService
        desk: window.desk
        // An account that loaded is one the collector may come back to.
        onChanged: if (arrears.loaded) recent.remember(arrears.accountNumber, arrears.name, arrears.address)
    }

    // Another collector does not see the previous one's customers.
    RecentAccountsModel {
        id: recent
        readonly property string collector: window.desk.collectorId
        onCollectorChanged: recent.clear()
    }

    // Until the journal is verified, nothing else is offered; a damaged journal is said in words.
    Page {
        anchors.fill: parent
        visible: !window.desk.ready
        Label {
            objectName: "deskFault"
            anchors.centerIn: parent
            width: parent.width - 32
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            font.pixelSize: 20
            color: window.desk.fault.length > 0 ? AppSettings.warning : AppSettings.ink
            text: window.desk.fault.length > 0
                  ? qsTr("This terminal cannot take payments: %1").arg(window.desk.fault)
                  : qsTr("Checking the journal…")
        }
    }

    // Locked by the center: over everything else, until it unlocks (or the wipe it ordered is done).
    LockedPage {
        objectName: "lockedPage"
        anchors.fill: parent
        z: 10
        visible: window.lockedByCenter
        sync: window.sync
    }

    FirstRunPage {
        anchors.fill: parent
        visible: window.firstRun || (window.sync.enrolled && !window.routeService.hasRoute)
        sync: window.sync
    }

    // The page that appears takes the keys at once: a PIN, a float, a scanned account number.
    LoginPage {
        anchors.fill: parent
        visible: window.desk.ready && window.desk.collectorId.length === 0 && window.routeService.hasRoute
        desk: window.desk
        onVisibleChanged: if (visible) forceActiveFocus()
    }

    OpenShiftPage {
        anchors.fill: parent
        visible: window.desk.ready && window.desk.collectorId.length > 0 && !window.desk.shiftOpen && !window.showingZReport
        desk: window.desk
        onSyncRequested: syncDialog.open()
        onVisibleChanged: if (visible) forceActiveFocus()
        onOpened: lookup.notice = qsTr("Shift opened. Scan or type the first account.")
    }

    // The center's exposure limits where they bite: the figure as it nears its limit, and why cash
    // is refused past it (until cash is handed over or the terminal syncs). Above every page.
    Rectangle {
        id: exposureBanner
        objectName: "exposureBanner"
        visible: stack.visible && window.desk.exposureWarning.length > 0
        anchors { top: parent.top; left: parent.left; right: parent.right }
        height: visible ? exposureText.implicitHeight + 16 : 0
        color: AppSettings.paper
        Label {
            id: exposureText
            objectName: "exposureText"
            // Top and sides only: the banner's height follows the text, never the other way.
            anchors { top: parent.top; left: parent.left; right: parent.right; margins: 8 }
            text: window.desk.exposureWarning
            color: window.desk.exposureExceeded ? AppSettings.warning : AppSettings.caution
            font.bold: true
            wrapMode: Text.WordWrap
        }
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 2; color: exposureText.color }
    }

    StackView {
        visible: window.desk.ready && window.desk.collectorId.length > 0 && (window.desk.shiftOpen || window.showingZReport)
        id: stack
        objectName: "stack"
        anchors { top: exposureBanner.bottom; left: parent.left; right: parent.right; bottom: parent.bottom }
        focus: true
        // The page on top takes the keys (digits, arrows, Enter) without a tap first, also when
        // the stack comes back after the login or the shift's opening.
        onCurrentItemChanged: Qt.callLater(window.focusCurrentPage)
        onVisibleChanged: if (visible) Qt.callLater(window.focusCurrentPage)
        initialItem: LookupPage {
            id: lookup
            routeService: window.routeService
            recentAccounts: recent
            onAccountChosen: number => {
                arrears.load(number)
                stack.push(accountPage)
            }
        }
    }

    // Back (the handheld's key) and Esc go one page back wherever the focus is; an open dialog
    // or drawer blocks them and takes Esc itself.
    Shortcut {
        sequences: ["Esc", "Back"]
        enabled: stack.visible && stack.depth > 1 && !stack.busy && !window.showingZReport && !window.lockedByCenter
        onActivated: stack.pop()
    }

    // The screens beyond lookup. Each feature adds its entry here and a Component below; the
    // drawer lists every entry, and a screen that needs a supervisor asks for the PIN itself.
    readonly property var screens: [
        { key: "route", title: qsTr("Route and progress"), page: routePage },
        { key: "receipts", title: qsTr("Receipts and voids"), page: receiptsPage },
        { key: "handOver", title: qsTr("Hand over cash"), page: handOverPage },
        { key: "closeShift", title: qsTr("Close the shift"), page: closeShiftPage },
        { key: "supervisor", title: qsTr("Supervisor: totals and journal"), page: supervisorPage },
        { key: "sync", title: qsTr("Sync"), page: syncPage },
        { key: "printer", title: qsTr("Printer"), page: printerSettingsPage },
        { key: "settings", title: qsTr("Settings"), page: settingsPage },
    ]

    function focusCurrentPage() {
        if (stack.visible && stack.currentItem && !menu.visible)
            stack.currentItem.forceActiveFocus()
    }

    // Back to the lookup with an empty field that has the keys: the scanner's next code is the
    // next account, never appended to the last one.
    function nextCustomer() {
        stack.pop(null)
        lookup.startClean()
        Qt.callLater(window.focusCurrentPage)
    }

    function openScreen(key) {
        for (const s of window.screens) {
            if (s.key === key) {
                stack.pop(null)
                stack.push(s.page)
                return true
            }
        }
        return false
    }

    Drawer {
        id: menu
        objectName: "menu"
        width: Math.min(window.width * 0.8, 320)
        height: window.height
        interactive: !window.lockedByCenter
        // Closing hands the focus back to the window; give it to the page the menu opened.
        onClosed: window.focusCurrentPage()
        // A list, not a layout with a Repeater: retranslating recreates the entries, and Qt 6.4's
        // layouts crash on the next resize if their items were replaced (a rotation, a new font).
        ListView {
            anchors.fill: parent
            model: window.screens
            boundsBehavior: Flickable.StopAtBounds
            delegate: ItemDelegate {
                required property var modelData
                objectName: "menu_" + modelData.key
                text: modelData.title
                width: ListView.view.width
                height: Math.max(56, implicitHeight)
                onClicked: {
                    menu.close()
                    window.openScreen(modelData.key)
                }
            }
        }
    }

    Component {
        id: accountPage
        AccountPage {
            model: arrears
            canPay: window.desk.shiftOpen
            onPayRequested: stack.push(paymentPage)
            onVisitRequested: stack.push(visitPage)
        }
    }

    Component {
        id: visitPage
        VisitPage {
            model: arrears
            desk: window.desk
            onDone: window.nextCustomer()
        }
    }

    Component {
        id: receiptsPage
        ReceiptsPage { desk: window.desk; printer: window.printer; onPrinterRequested: stack.push(printerSettingsPage) }
    }

    Component {
        id: handOverPage
        HandOverPage { desk: window.desk; onFinished: stack.pop(null) }
    }

    Component {
        id: closeShiftPage
        CloseShiftPage {
            desk: window.desk
            printer: window.printer
            onReportShown: window.showingZReport = true
            onFinished: {
                window.showingZReport = false
                stack.pop(null)
            }
        }
    }

    // Sync between shifts (end of the day), outside the shift's page stack.
    Dialog {
        id: syncDialog
        objectName: "syncDialog"
        modal: true
        width: window.width
        height: window.height - (window.header ? window.header.height : 0)
        // Our own button: Qt's standard ones come without a Chinese translation on the device.
        footer: DialogButtonBox {
            Button {
                objectName: "closeSync"
                text: qsTr("Close")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
        }
        SyncPage { anchors.fill: parent; sync: window.sync }
    }

    Component {
        id: routePage
        RoutePage {
            desk: window.desk
            onAccountChosen: number => {
                arrears.load(number)
                stack.push(accountPage)
            }
        }
    }

    Component {
        id: supervisorPage
        SupervisorPage { desk: window.desk }
    }

    Component {
        id: settingsPage
        SettingsPage { onPrinterRequested: stack.push(printerSettingsPage) }
    }

    Component {
        id: syncPage
        SyncPage { sync: window.sync }
    }

    Component {
        id: printerSettingsPage
        PrinterSettingsPage { printer: window.printer }
    }

    Component {
        id: paymentPage
        PaymentPage {
            model: arrears
            desk: window.desk
            printer: window.printer
            onDone: window.nextCustomer()
            onPrinterRequested: stack.push(printerSettingsPage)
        }
    }
}
