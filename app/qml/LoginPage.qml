import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Who is at the keypad: the collector picks their name and enters the PIN on a large keypad.
// After too many wrong PINs the lock-out counts down here, second by second.
Page {
    id: page
    required property DeskService desk
    title: qsTr("Log in")

    ScrollingColumn {
        anchors.fill: parent
        margins: 16
        spacing: 10

        Label { text: qsTr("Who are you?"); font.pixelSize: AppSettings.largeText; font.bold: true; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        ComboBox {
            id: who
            objectName: "collectorChoice"
            model: page.desk.collectorNames
            Layout.fillWidth: true
            Layout.preferredHeight: 56
        }
        TextField {
            id: pin
            objectName: "pinField"
            echoMode: TextInput.Password
            inputMethodHints: Qt.ImhDigitsOnly
            placeholderText: qsTr("PIN")
            maximumLength: 8
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            focus: true
            onAccepted: loginButton.clicked()
        }
        GridLayout {
            columns: 3
            Layout.fillWidth: true
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "✓"]
                delegate: Button {
                    required property string modelData
                    text: modelData
                    font.pixelSize: AppSettings.largeText
                    focusPolicy: Qt.NoFocus // the PIN field keeps the keys
                    Layout.fillWidth: true
                    Layout.preferredHeight: 56
                    onClicked: {
                        if (modelData === "⌫") pin.text = pin.text.slice(0, -1)
                        else if (modelData === "✓") loginButton.clicked()
                        else pin.text += modelData
                    }
                }
            }
        }
    }

    footer: ActionFooter {
        Label {
            objectName: "loginError"
            visible: text.length > 0
            text: page.desk.error
            color: AppSettings.warning
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Button {
            id: loginButton
            objectName: "loginButton"
            text: qsTr("Log in")
            enabled: !page.desk.busy && !page.desk.lockedOut && who.currentIndex >= 0
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: {
                if (!enabled)
                    return
                page.desk.login(page.desk.collectorIds[who.currentIndex], pin.text)
                pin.text = ""
            }
        }
    }
}
