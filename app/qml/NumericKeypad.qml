import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Digits for a gloved thumb: 1–9, erase, 0, open. The keys never take the focus, so the field
// keeps it and a scanner or the hardware keys still type into it.
GridLayout {
    id: pad
    signal digit(string d)
    signal erase()
    signal accept()
    property bool acceptEnabled: true

    columns: 3
    rowSpacing: 4
    columnSpacing: 4

    Repeater {
        model: ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
        Button {
            required property string modelData
            objectName: "key_" + modelData
            text: modelData
            font.pixelSize: AppSettings.largeText
            focusPolicy: Qt.NoFocus
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: pad.digit(modelData)
        }
    }
    Button {
        objectName: "key_erase"
        text: "⌫"
        Accessible.name: qsTr("Erase")
        font.pixelSize: AppSettings.largeText
        focusPolicy: Qt.NoFocus
        autoRepeat: true
        Layout.fillWidth: true
        Layout.preferredHeight: 56
        onClicked: pad.erase()
    }
    Button {
        objectName: "key_0"
        text: "0"
        font.pixelSize: AppSettings.largeText
        focusPolicy: Qt.NoFocus
        Layout.fillWidth: true
        Layout.preferredHeight: 56
        onClicked: pad.digit("0")
    }
    Button {
        objectName: "key_enter"
        text: qsTr("Open")
        enabled: pad.acceptEnabled
        highlighted: true
        font.pixelSize: AppSettings.baseText
        focusPolicy: Qt.NoFocus
        Layout.fillWidth: true
        Layout.preferredHeight: 56
        onClicked: pad.accept()
    }
}
