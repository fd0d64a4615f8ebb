import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// The shift starts with the change float the collector carries.
Page {
    id: page
    required property DeskService desk
    title: qsTr("Open a shift")
    signal syncRequested()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 10
        Label { text: qsTr("Good day, %1").arg(page.desk.collectorName); font.pixelSize: 22; font.bold: true }
        Label { text: qsTr("Change float you carry (yuan)"); wrapMode: Text.Wrap; Layout.fillWidth: true }
        TextField {
            id: floatField
            objectName: "floatField"
            text: "0"
            inputMethodHints: Qt.ImhFormattedNumbersOnly
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onAccepted: openButton.clicked()
        }
        Button {
            id: openButton
            objectName: "openShiftButton"
            text: qsTr("Open shift")
            enabled: !page.desk.busy
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.desk.openShift(floatField.text)
        }
        Label { text: page.desk.lastError; color: "#b00020"; wrapMode: Text.Wrap; Layout.fillWidth: true }
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
            onClicked: page.desk.logout()
        }
        Item { Layout.fillHeight: true }
    }
}
