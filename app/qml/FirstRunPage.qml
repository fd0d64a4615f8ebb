import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// A new terminal: enrol with the center using the supervisor's one-time code and the center's
// key fingerprint printed beside it. (The demo route is started with --demo.)
Page {
    id: page
    required property SyncService sync
    title: qsTr("Enrol this terminal")
    property string error: ""

    Connections {
        target: page.sync
        function onEnrolmentFailed(message) { page.error = message }
        function onEnrolled(deviceId) { page.error = "" }
    }

    ScrollingColumn {
        anchors.fill: parent
        margins: 16
        spacing: 8
        ColumnLayout {
            spacing: 8
            Layout.fillWidth: true
            Label { text: qsTr("Enrol this terminal"); font.pixelSize: AppSettings.largeText; font.bold: true; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Label { text: qsTr("Ask the supervisor for an enrolment code for this terminal and its route."); wrapMode: Text.WordWrap; Layout.fillWidth: true }
            TextField {
                id: address
                objectName: "centerAddress"
                placeholderText: qsTr("Center address, e.g. https://center.example:8443")
                inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                Layout.fillWidth: true
                Layout.preferredHeight: 56
            }
            TextField {
                id: code
                objectName: "enrolCode"
                placeholderText: qsTr("One-time code")
                inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhPreferUppercase
                Layout.fillWidth: true
                Layout.preferredHeight: 56
            }
            TextField {
                id: pin
                objectName: "centerPin"
                placeholderText: qsTr("Center key fingerprint (64 hex digits)")
                inputMethodHints: Qt.ImhNoPredictiveText
                Layout.fillWidth: true
                Layout.preferredHeight: 56
            }
            BusyIndicator { running: page.sync.enrolling; visible: running; Layout.alignment: Qt.AlignHCenter }
            Label {
                visible: page.sync.enrolled
                text: qsTr("Enrolled as %1. Loading the route…").arg(page.sync.deviceId)
                color: AppSettings.good
                font.bold: true
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
        }
    }

    footer: ActionFooter {
        Label { objectName: "enrolError"; text: page.error; color: AppSettings.warning; wrapMode: Text.WordWrap; Layout.fillWidth: true; visible: text.length > 0 }
        Button {
            objectName: "enrolButton"
            text: page.sync.enrolling ? qsTr("Enrolling…") : qsTr("Enrol")
            enabled: !page.sync.enrolling
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: { page.error = ""; page.sync.enrol(address.text, code.text, pin.text) }
        }
    }
}
