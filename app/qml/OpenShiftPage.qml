import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// The shift starts with the change float the collector carries, typed on the numeric keypad;
// `opened` says the desk has opened it (the lookup then says so).
Page {
    id: page
    required property DeskService desk
    title: qsTr("Open a shift")
    signal syncRequested()
    signal opened()

    function open() {
        if (page.desk.busy)
            return
        shift.openShift(floatField.text)
    }

    ShiftController {
        id: shift
        desk: page.desk
        onOpened: {
            floatField.clear()
            page.opened()
        }
    }

    ScrollingColumn {
        anchors.fill: parent
        margins: 16
        spacing: 10
        Label { text: qsTr("Good day, %1").arg(page.desk.collectorName); font.pixelSize: AppSettings.largeText; font.bold: true; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        Label { text: qsTr("Change float you carry (yuan)"); wrapMode: Text.WordWrap; Layout.fillWidth: true }
        TextField {
            id: floatField
            objectName: "floatField"
            placeholderText: "0"
            focus: true
            inputMethodHints: Qt.ImhFormattedNumbersOnly
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onAccepted: page.open()
        }
        NumericKeypad {
            objectName: "floatKeypad"
            Layout.fillWidth: true
            onDigit: d => floatField.insert(floatField.cursorPosition, d)
            onErase: {
                if (floatField.selectedText.length > 0)
                    floatField.remove(floatField.selectionStart, floatField.selectionEnd)
                else if (floatField.cursorPosition > 0)
                    floatField.remove(floatField.cursorPosition - 1, floatField.cursorPosition)
            }
            onAccept: page.open()
        }
        Button {
            objectName: "syncButton"
            text: qsTr("Sync with the center")
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.syncRequested()
        }
        Button {
            text: qsTr("Log out")
            flat: true
            palette.buttonText: AppSettings.ink
            Layout.preferredHeight: 56
            onClicked: page.desk.logout()
        }
    }

    footer: ActionFooter {
        Label {
            objectName: "openShiftError"
            visible: text.length > 0
            text: shift.error
            color: AppSettings.warning
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Button {
            id: openButton
            objectName: "openShiftButton"
            text: qsTr("Open shift")
            enabled: !page.desk.busy
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.open()
        }
    }
}
