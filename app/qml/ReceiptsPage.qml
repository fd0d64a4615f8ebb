import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// This shift's payments: reprint a receipt (a duplicate with its count) or void a payment with a
// supervisor's PIN on the spot. The desk and the printer do the work; this page only asks.
Page {
    id: page
    required property DeskService desk
    required property PrinterService printer
    title: qsTr("Receipts and voids")
    signal printerRequested()

    property string message: ""
    property bool messageIsError: false
    property var voiding: null   // { seq, receiptNumber } while the void is being approved

    Component.onCompleted: receipts.refresh()

    ReceiptsController {
        id: receipts
        desk: page.desk
        onVoided: receiptNumber => {
            page.message = page.printer.configured
                    ? qsTr("Payment voided; the void slip %1 is printing.").arg(receiptNumber)
                    : qsTr("Payment voided. No printer chosen: the void slip %1 waits until a printer is set.").arg(receiptNumber)
            page.messageIsError = !page.printer.configured
        }
        onRefused: (code, message) => { page.message = message; page.messageIsError = true }
    }
    // A reprint says whether it prints or waits, or why not.
    Connections {
        target: page.printer
        function onNotice(message, problem) { page.message = message; page.messageIsError = problem }
    }

    SupervisorPinDialog {
        id: approval
        desk: page.desk
        message: page.voiding ? qsTr("Void receipt %1: %2").arg(page.voiding.receiptNumber).arg(reasonField.text) : ""
        onApproved: (supervisorId, pin) => receipts.voidPayment(page.voiding.seq, reasonField.text, supervisorId, pin)
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 6

        Label {
            objectName: "receiptsMessage"
            text: page.message
            visible: text.length > 0
            color: page.messageIsError ? AppSettings.warning : AppSettings.good
            wrapMode: Text.WordWrap
            font.bold: true
            Layout.fillWidth: true
        }
        // The hint wraps above the field: a placeholder this long is cut short at 150 %.
        Label {
            id: reasonHint
            text: qsTr("Reason for a void (required)")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        TextField {
            id: reasonField
            objectName: "voidReason"
            Accessible.name: reasonHint.text
            maximumLength: 200
            Layout.fillWidth: true
            Layout.preferredHeight: 56
        }
        Label {
            visible: receipts.shiftPayments.count === 0
            text: qsTr("No payments in this shift yet.")
            opacity: 0.8
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        ListView {
            id: list
            objectName: "shiftPaymentList"
            model: receipts.shiftPayments
            clip: true
            keyNavigationEnabled: true
            Layout.fillWidth: true
            Layout.fillHeight: true
            ScrollIndicator.vertical: ScrollIndicator {}
            delegate: ItemDelegate {
                id: row
                required property int index
                required property var seq
                required property string receiptNumber
                required property string accountNumber
                required property string customerName
                required property string amountText
                required property string methodText
                required property string timeText
                required property bool voided
                required property int printCount
                width: ListView.view.width
                height: Math.max(96, implicitHeight)
                // Highlighted only while the list has the keys; every word wraps rather than being cut.
                highlighted: ListView.isCurrentItem && list.activeFocus
                readonly property color ink: highlighted ? palette.highlightedText : AppSettings.ink
                contentItem: ColumnLayout {
                    spacing: 2
                    RowLayout {
                        spacing: 16 // the receipt number never reads as part of the amount
                        Layout.fillWidth: true
                        Label { text: row.receiptNumber; font.bold: true; color: row.ink; wrapMode: Text.WrapAtWordBoundaryOrAnywhere; Layout.fillWidth: true }
                        Label { text: row.amountText; font.bold: true; font.strikeout: row.voided; color: row.ink; Layout.alignment: Qt.AlignTop }
                    }
                    Label {
                        text: row.customerName + " · " + row.accountNumber + " · " + row.methodText + " · " + row.timeText
                        wrapMode: Text.WordWrap
                        color: row.ink
                        opacity: 0.8
                        Layout.fillWidth: true
                    }
                    Label {
                        text: row.voided ? qsTr("VOID") : qsTr("Printed %n time(s)", "", row.printCount)
                        color: row.voided && !row.highlighted ? AppSettings.warning : row.ink
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        visible: !row.voided
                        Button {
                            objectName: "reprint_" + row.receiptNumber
                            text: qsTr("Reprint")
                            Layout.fillWidth: true
                            Layout.preferredHeight: 48
                            onClicked: page.printer.reprint(row.receiptNumber)
                        }
                        Button {
                            objectName: "void_" + row.receiptNumber
                            text: qsTr("Void")
                            Layout.fillWidth: true
                            Layout.preferredHeight: 48
                            onClicked: {
                                const problem = receipts.reasonProblem(reasonField.text)
                                if (problem.length > 0) {
                                    page.message = problem
                                    page.messageIsError = true
                                    reasonField.forceActiveFocus()
                                    return
                                }
                                page.voiding = { seq: row.seq, receiptNumber: row.receiptNumber }
                                approval.open()
                            }
                        }
                    }
                }
            }
        }
        Label { text: qsTr("Printer: %1").arg(page.printer.lastJobText.length > 0 ? page.printer.lastJobText : page.printer.statusText); wrapMode: Text.WordWrap; Layout.fillWidth: true }
        Button {
            objectName: "choosePrinter"
            visible: !page.printer.configured
            text: qsTr("Choose a printer")
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.printerRequested()
        }
    }
}
