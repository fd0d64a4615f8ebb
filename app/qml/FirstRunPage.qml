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

    // A scanner types the desk's enrolment QR code into whichever field has the focus and ends
    // with Enter: the code fills all three fields (read in C++, EnrolmentLink).
    function takeScan(field) {
        if (!page.sync.isEnrolmentLink(field.text))
            return
        const link = page.sync.readEnrolmentLink(field.text)
        if (link.error !== undefined) {
            field.text = ""
            page.error = link.error
            return
        }
        address.text = link.center
        code.text = link.code
        pin.text = link.pin
        page.error = ""
    }

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
            Label { text: qsTr("Scan its QR code from the desk to fill in everything below, or type it."); wrapMode: Text.WordWrap; Layout.fillWidth: true }
            // Hints wrap above their fields: placeholders this long are cut short at 150 %.
            Label { id: addressHint; text: qsTr("Center address, e.g. https://center.example:8443"); wrapMode: Text.Wrap; Layout.fillWidth: true }
            TextField {
                id: address
                onAccepted: page.takeScan(this)
                objectName: "centerAddress"
                Accessible.name: addressHint.text
                inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                Layout.fillWidth: true
                Layout.preferredHeight: 56
            }
            Label { id: codeHint; text: qsTr("One-time code"); wrapMode: Text.WordWrap; Layout.fillWidth: true }
            TextField {
                id: code
                onAccepted: page.takeScan(this)
                objectName: "enrolCode"
                Accessible.name: codeHint.text
                inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhPreferUppercase
                Layout.fillWidth: true
                Layout.preferredHeight: 56
            }
            Label { id: pinHint; text: qsTr("Center key fingerprint (64 hex digits)"); wrapMode: Text.WordWrap; Layout.fillWidth: true }
            TextField {
                id: pin
                onAccepted: page.takeScan(this)
                objectName: "centerPin"
                Accessible.name: pinHint.text
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
