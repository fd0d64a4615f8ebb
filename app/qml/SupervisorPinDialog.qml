import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// A supervisor approves on the spot: their name and PIN, checked by the desk (never here).
Dialog {
    id: dialog
    required property DeskService desk
    property string reason: ""
    property string message: ""
    signal approved(string supervisorId, string pin)

    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(parent ? parent.width - 24 : 360, 420)
    title: qsTr("Supervisor approval")
    footer: DialogButtonBox {
        Button {
            objectName: "cancelApproval"
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
    }

    onOpened: { pin.text = ""; pin.forceActiveFocus() }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        Label { text: dialog.message; wrapMode: Text.Wrap; Layout.fillWidth: true; visible: text.length > 0 }
        ComboBox {
            id: who
            objectName: "supervisorChoice"
            // Supervisors only: a collector cannot approve, so none is offered (nor chosen by default).
            model: dialog.desk.supervisorNames
            Layout.fillWidth: true
            Layout.preferredHeight: 56
        }
        TextField {
            id: pin
            objectName: "supervisorPin"
            echoMode: TextInput.Password
            inputMethodHints: Qt.ImhDigitsOnly
            placeholderText: qsTr("Supervisor PIN")
            maximumLength: 8
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onAccepted: approve.clicked()
        }
        Button {
            id: approve
            objectName: "approveButton"
            text: qsTr("Approve")
            enabled: who.currentIndex >= 0 && who.currentIndex < dialog.desk.supervisorIds.length && pin.text.length > 0
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: {
                dialog.approved(dialog.desk.supervisorIds[who.currentIndex], pin.text)
                pin.text = ""
                dialog.close()
            }
        }
    }
}
