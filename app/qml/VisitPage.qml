import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// A visit without payment: what happened at the door, journaled like a payment.
Page {
    id: page
    required property DeskService desk
    required property ArrearsModel model
    signal done()
    title: qsTr("Visit")

    property string error: ""
    property string recorded: ""
    // VisitOutcome values, in the order shown.
    readonly property var outcomes: [
        { value: 1, label: qsTr("Not at home") },
        { value: 2, label: qsTr("Refused to pay") },
        { value: 3, label: qsTr("Promised to pay on a date") },
        { value: 4, label: qsTr("Disconnection notice delivered") },
        { value: 5, label: qsTr("Meter problem") },
        { value: 6, label: qsTr("Note") }
    ]
    property int chosen: 1

    Connections {
        target: page.desk
        function onVisitRecorded(message) { page.recorded = message; page.error = "" }
        function onVisitRefused(message) { page.error = message }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 6
        Label { text: page.model.name + "  ·  " + page.model.accountNumber; font.bold: true; font.pixelSize: 20; elide: Text.ElideRight; Layout.fillWidth: true }
        ButtonGroup { id: group }
        Repeater {
            model: page.outcomes
            delegate: RadioButton {
                required property var modelData
                required property int index
                objectName: "outcome" + modelData.value
                text: modelData.label
                checked: page.chosen === modelData.value
                ButtonGroup.group: group
                Layout.preferredHeight: 48
                onClicked: page.chosen = modelData.value
            }
        }
        TextField {
            id: promised
            objectName: "promisedDate"
            visible: page.chosen === 3
            placeholderText: qsTr("Promised date, YYYY-MM-DD")
            inputMethodHints: Qt.ImhDate
            Layout.fillWidth: true
            Layout.preferredHeight: 56
        }
        TextField {
            id: note
            objectName: "visitNote"
            placeholderText: page.chosen === 6 ? qsTr("What to note") : qsTr("Note (optional)")
            maximumLength: 200
            Layout.fillWidth: true
            Layout.preferredHeight: 56
        }
        Label { objectName: "visitError"; text: page.error; color: "#b00020"; wrapMode: Text.Wrap; Layout.fillWidth: true }
        Label { objectName: "visitRecorded"; text: page.recorded; color: "#1b5e20"; font.bold: true; wrapMode: Text.Wrap; Layout.fillWidth: true }
        Button {
            objectName: "recordVisit"
            text: page.recorded.length > 0 ? qsTr("Next customer") : qsTr("Record visit")
            enabled: !page.desk.busy
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: {
                if (page.recorded.length > 0) { page.done(); return }
                page.error = ""
                page.desk.recordVisit(page.model.accountNumber, page.chosen, promised.text, note.text)
            }
        }
        Item { Layout.fillHeight: true }
    }
}
