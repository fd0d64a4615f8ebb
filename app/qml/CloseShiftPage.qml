import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Closing the shift is a blind count: notes and coins first, then what the journal expected is
// revealed; a difference needs a supervisor. The Z-report is shown and printed.
Page {
    id: page
    required property DeskService desk
    required property PrinterService printer
    title: qsTr("Close the shift")
    signal reportShown()
    signal finished()

    property bool counted: false
    property string countedText: ""
    property string expectedText: ""
    property string differenceText: ""
    property bool needsSupervisor: false
    property int countNumber: 0
    property string reportNumber: ""
    property var reportLines: []
    property var pieces: ({})

    // A count journaled before (the terminal restarted mid-close) is where the close goes on.
    Component.onCompleted: shift.showJournaledCount()

    ShiftController {
        id: shift
        desk: page.desk
        onCashCounted: (countedText, expectedText, differenceText, needsSupervisor, countNumber) => {
            page.counted = true
            page.countNumber = countNumber
            page.countedText = countedText
            page.expectedText = expectedText
            page.differenceText = differenceText
            page.needsSupervisor = needsSupervisor
        }
        onClosed: (number, lines) => {
            page.reportNumber = number
            page.reportLines = lines
            page.reportShown()
        }
    }

    SupervisorPinDialog {
        id: approval
        desk: page.desk
        message: qsTr("Counted %1, expected %2: difference %3.").arg(page.countedText).arg(page.expectedText).arg(page.differenceText)
        onApproved: (supervisorId, pin) => shift.closeShift(page.pieces, supervisorId, pin)
    }

    ScrollingColumn {
        anchors.fill: parent
        spacing: 6

        Label {
            visible: page.reportNumber.length === 0 && !page.counted
            text: qsTr("Count the cash by note and coin. The expected figure is shown after the count.")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        CashCountFields {
            id: fields
            shift: shift
            visible: page.reportNumber.length === 0
            editable: !page.counted
            Layout.fillWidth: true
        }
        Label {
            objectName: "countRunningTotal"
            visible: page.reportNumber.length === 0 && !page.counted
            text: qsTr("Counted so far: %1").arg(fields.total)
            font.bold: true
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label { visible: page.reportNumber.length > 0; text: qsTr("Z-report"); font.pixelSize: AppSettings.largeText; font.bold: true; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        Repeater {
            model: page.reportLines
            delegate: Label { required property string modelData; objectName: "zline"; text: modelData; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        }
        Label {
            visible: page.reportNumber.length > 0
            text: qsTr("Printer: %1").arg(page.printer.lastJobText.length > 0 ? page.printer.lastJobText : page.printer.statusText)
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
    }

    // The step's action and its refusal stay on screen: count, close, done.
    footer: ActionFooter {
        // The count's outcome beside the action it decides.
        GridLayout {
            visible: page.counted && page.reportNumber.length === 0
            columns: 2
            Layout.fillWidth: true
            Label { text: qsTr("Counted"); wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Label { objectName: "countedCash"; text: page.countedText; Layout.alignment: Qt.AlignRight }
            Label { text: qsTr("Expected"); wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Label { objectName: "expectedCash"; text: page.expectedText; Layout.alignment: Qt.AlignRight }
            Label { text: qsTr("Difference"); font.bold: true; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Label { objectName: "cashDifference"; text: page.differenceText; font.bold: true; color: page.needsSupervisor ? AppSettings.warning : AppSettings.good; Layout.alignment: Qt.AlignRight }
        }
        // A recount is in the journal beside the first count, and on the Z-report.
        Label {
            objectName: "recountNote"
            visible: page.counted && page.countNumber > 1 && page.reportNumber.length === 0
            text: qsTr("Count %1 of this shift: every count is in the journal and on the Z-report.").arg(page.countNumber)
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label { objectName: "closeError"; text: shift.error; color: AppSettings.warning; wrapMode: Text.WordWrap; Layout.fillWidth: true; visible: text.length > 0 }
        Button {
            objectName: "countButton"
            visible: !page.counted
            text: qsTr("Done counting")
            enabled: !page.desk.busy
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: { page.pieces = fields.pieces(); shift.countCash(page.pieces) }
        }
        WrappingButton {
            objectName: "closeShiftButton"
            visible: page.counted && page.reportNumber.length === 0
            text: page.needsSupervisor ? qsTr("Close with supervisor approval") : qsTr("Close shift")
            enabled: !page.desk.busy
            Layout.fillWidth: true
            onClicked: page.needsSupervisor ? approval.open() : shift.closeShift(page.pieces, "", "")
        }
        // Counting again is allowed, and recorded: the screen goes back to the notes and coins.
        Button {
            objectName: "countAgain"
            visible: page.counted && page.reportNumber.length === 0
            text: qsTr("Count again")
            enabled: !page.desk.busy
            Layout.fillWidth: true
            Layout.preferredHeight: 48
            onClicked: page.counted = false
        }
        Button {
            objectName: "zReportDone"
            visible: page.reportNumber.length > 0
            text: qsTr("Done")
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.finished()
        }
    }
}
