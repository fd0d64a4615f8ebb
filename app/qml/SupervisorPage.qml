import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// The supervisor's view of this terminal's day: totals by method, by hour and by village (with
// bars), the exceptions to sign off, and the journal with its verification. A supervisor's PIN
// opens it; the desk computes and verifies, this page lays out. Left/Right change tab.
Page {
    id: page
    objectName: "supervisorPage"
    required property DeskService desk
    title: qsTr("Supervisor")
    property bool unlocked: false
    property string message: ""

    // For tests and tools that read what the screen shows.
    readonly property SupervisorReportController report: supervisorReport

    Component.onCompleted: approval.open()

    SupervisorReportController {
        id: supervisorReport
        desk: page.desk
        onReportChanged: { page.unlocked = true; page.message = ""; tabs.forceActiveFocus() }
        onRefused: (code, message) => page.message = message
    }

    SupervisorPinDialog {
        id: approval
        desk: page.desk
        message: qsTr("A supervisor's PIN opens the day's totals, exceptions and journal.")
        onApproved: (supervisorId, pin) => supervisorReport.open(supervisorId, pin)
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 8
        spacing: 6

        Label {
            objectName: "supervisorMessage"
            text: page.message
            visible: text.length > 0
            color: AppSettings.warning
            wrapMode: Text.WordWrap
            font.bold: true
            Layout.fillWidth: true
        }
        WrappingButton {
            objectName: "supervisorUnlock"
            visible: !page.unlocked
            text: qsTr("Enter a supervisor's PIN")
            Layout.fillWidth: true
            onClicked: approval.open()
        }
        Label {
            objectName: "reportTitle"
            visible: page.unlocked
            text: supervisorReport.title
            wrapMode: Text.WordWrap
            font.bold: true
            Layout.fillWidth: true
        }
        Label {
            objectName: "journalStatus"
            visible: page.unlocked
            text: supervisorReport.journalStatus
            color: supervisorReport.journalVerified ? AppSettings.good : AppSettings.warning
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        TabBar {
            id: tabs
            objectName: "supervisorTabs"
            visible: page.unlocked
            Layout.fillWidth: true
            contentHeight: 56 // every tab button this tall: a gloved thumb's target
            Keys.onLeftPressed: tabs.decrementCurrentIndex()
            Keys.onRightPressed: tabs.incrementCurrentIndex()
            Keys.onDownPressed: views.children[tabs.currentIndex].forceActiveFocus()
            Repeater {
                model: [qsTr("Totals"), qsTr("Hours"), qsTr("Villages"), qsTr("Exceptions"), qsTr("Journal")]
                // Each tab as wide as its word: the bar scrolls sideways rather than cut "Exceptions".
                TabButton {
                    required property string modelData
                    required property int index
                    objectName: "supervisorTab_" + index
                    text: modelData
                    width: Math.max(implicitWidth, (page.width - 16) / 5)
                }
            }
        }
        StackLayout {
            id: views
            visible: page.unlocked
            currentIndex: tabs.currentIndex
            Layout.fillWidth: true
            Layout.fillHeight: true
            ReportLineList { objectName: "reportFigures"; model: supervisorReport.figures; bars: true }
            ReportLineList { objectName: "reportHours"; model: supervisorReport.hours; bars: true }
            ReportLineList { objectName: "reportVillages"; model: supervisorReport.villages; bars: true }
            ColumnLayout {
                ReportLineList { objectName: "reportExceptions"; model: supervisorReport.exceptions; Layout.fillWidth: true; Layout.fillHeight: true }
                Label {
                    visible: supervisorReport.exceptions.count === 0
                    text: qsTr("No exceptions today.")
                    Layout.fillWidth: true
                }
            }
            ReportLineList { objectName: "journalBrowser"; model: supervisorReport.journal }
        }
    }
}
