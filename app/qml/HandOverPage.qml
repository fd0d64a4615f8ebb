import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Cash handed to a supervisor or the cashier during the shift: counted by note and coin, received
// with the receiver's PIN, journaled. What the collector then still holds is shown.
Page {
    id: page
    required property DeskService desk
    title: qsTr("Hand over cash")
    signal finished()

    property var pieces: ({})
    property string handedText: ""

    ShiftController {
        id: shift
        desk: page.desk
        onCashHandedOver: (amount, receiverName, cashInHand) => {
            page.handedText = qsTr("%1 handed over to %2. Cash you hold now: %3.").arg(amount).arg(receiverName).arg(cashInHand)
        }
    }

    SupervisorPinDialog {
        id: receiver
        desk: page.desk
        title: qsTr("Received by")
        message: qsTr("Hand over %1. The receiver enters their PIN.").arg(fields.total)
        onApproved: (receiverId, pin) => shift.handOverCash(page.pieces, receiverId, pin)
    }

    ScrollingColumn {
        anchors.fill: parent
        spacing: 6

        Label {
            visible: page.handedText.length === 0
            text: qsTr("Count the notes and coins you hand over.")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        CashCountFields {
            id: fields
            shift: shift
            namePrefix: "handover_"
            visible: page.handedText.length === 0
            Layout.fillWidth: true
        }
        Label {
            objectName: "handoverTotal"
            visible: page.handedText.length === 0
            text: qsTr("To hand over: %1").arg(fields.total)
            font.bold: true
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "handoverDone"
            visible: text.length > 0
            text: page.handedText
            font.pixelSize: AppSettings.largeText
            font.bold: true
            color: AppSettings.good
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
    }

    footer: ActionFooter {
        Label { objectName: "handoverError"; text: shift.error; color: AppSettings.warning; wrapMode: Text.WordWrap; Layout.fillWidth: true; visible: text.length > 0 }
        Button {
            objectName: "handOverButton"
            visible: page.handedText.length === 0
            text: qsTr("Hand over")
            enabled: !page.desk.busy && page.desk.supervisorIds.length > 0
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: { page.pieces = fields.pieces(); receiver.open() }
        }
        Button {
            objectName: "handoverFinished"
            visible: page.handedText.length > 0
            text: qsTr("Done")
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.finished()
        }
    }
}
