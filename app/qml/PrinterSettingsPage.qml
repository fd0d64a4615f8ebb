import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Choosing the receipt printer: Bluetooth (found nearby), network, serial or file; its model
// (paper, Chinese font, QR); a test print; the printer's state and the queue in words.
Page {
    id: page
    required property PrinterService printer
    title: qsTr("Printer")

    property string error: ""
    property string chosenProfile: page.printer.profileId
    readonly property var kinds: ["bluetooth", "tcp", "serial", "file"]

    ScrollingColumn {
        anchors.fill: parent
        spacing: 6
        ColumnLayout {
            spacing: 6
            Layout.fillWidth: true

            Label { text: qsTr("Printer state: %1").arg(page.printer.statusText); objectName: "printerState"; wrapMode: Text.WordWrap; font.bold: true; Layout.fillWidth: true; color: page.printer.statusProblem ? AppSettings.warning : AppSettings.ink }
            ComboBox {
                id: kind
                objectName: "printerKind"
                model: [qsTr("Bluetooth"), qsTr("Network (TCP)"), qsTr("Serial port"), qsTr("File")]
                currentIndex: Math.max(0, page.kinds.indexOf(page.printer.printerKind))
                Layout.fillWidth: true
                Layout.preferredHeight: 56
            }
            Button {
                objectName: "discoverButton"
                visible: kind.currentIndex === 0
                text: page.printer.discovering ? qsTr("Searching…") : qsTr("Find printers nearby")
                enabled: !page.printer.discovering
                Layout.fillWidth: true
                Layout.preferredHeight: 56
                onClicked: page.printer.discover()
            }
            Repeater {
                model: kind.currentIndex === 0 ? page.printer.discoveredNames : []
                delegate: ItemDelegate {
                    required property string modelData
                    required property int index
                    text: modelData + "  ·  " + page.printer.discoveredAddresses[index]
                    Layout.fillWidth: true
                    Layout.preferredHeight: 56
                    onClicked: address.text = page.printer.discoveredAddresses[index]
                }
            }
            TextField {
                id: address
                objectName: "printerAddress"
                text: page.printer.printerAddress
                placeholderText: [qsTr("00:11:22:AA:BB:CC"), qsTr("192.168.1.50:9100"), qsTr("/dev/rfcomm0"), qsTr("/path/to/file")][kind.currentIndex]
                Layout.fillWidth: true
                Layout.preferredHeight: 56
            }
            // The printer's model: paper, Chinese font, QR. The test print names it and shows
            // whether it suits the printer (garbled Chinese, no QR: choose another).
            Label { id: modelHint; text: qsTr("Printer model"); wrapMode: Text.WordWrap; Layout.fillWidth: true }
            ButtonGroup { id: models }
            Repeater {
                model: page.printer.profiles
                delegate: RadioButton {
                    id: profileChoice
                    required property var modelData
                    objectName: "profile_" + modelData.id
                    text: modelData.name
                    checked: page.chosenProfile === modelData.id
                    ButtonGroup.group: models
                    Accessible.description: modelData.detail
                    // Name and what it can do, wrapped beside the circle.
                    contentItem: Column {
                        leftPadding: profileChoice.indicator.width + profileChoice.spacing
                        spacing: 2
                        Label { text: profileChoice.text; font.bold: true; wrapMode: Text.WordWrap; width: profileChoice.availableWidth - parent.leftPadding }
                        Label { text: profileChoice.modelData.detail; font.pixelSize: AppSettings.smallText; wrapMode: Text.WordWrap; width: profileChoice.availableWidth - parent.leftPadding }
                    }
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.max(48, implicitHeight)
                    onClicked: page.chosenProfile = modelData.id
                }
            }
            WrappingButton { objectName: "testPrint"; text: qsTr("Test print"); enabled: page.printer.configured; Layout.fillWidth: true; onClicked: page.printer.testPrint() }
            WrappingButton { text: qsTr("Check printer"); enabled: page.printer.configured; Layout.fillWidth: true; onClicked: page.printer.probe() }
            Label { text: qsTr("Print queue"); font.bold: true; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Repeater {
                model: page.printer.jobs
                delegate: RowLayout {
                    required property var jobId
                    required property string receiptNumber
                    required property string state
                    required property string stateText
                    Layout.fillWidth: true
                    ColumnLayout {
                        Layout.fillWidth: true
                        Label { text: receiptNumber; font.bold: true; wrapMode: Text.WrapAtWordBoundaryOrAnywhere; Layout.fillWidth: true }
                        Label { text: stateText; wrapMode: Text.WordWrap; Layout.fillWidth: true; opacity: 0.8 }
                    }
                    Button { text: qsTr("Print again"); visible: state === "failed" || state === "unknown"; Layout.preferredHeight: 48; onClicked: page.printer.retry(jobId) }
                    Button { text: qsTr("It printed"); visible: state === "unknown"; Layout.preferredHeight: 48; onClicked: page.printer.confirmPrinted(jobId) }
                }
            }
        }
    }

    footer: ActionFooter {
        Label { objectName: "printerError"; text: page.error; color: AppSettings.warning; wrapMode: Text.WordWrap; Layout.fillWidth: true; visible: text.length > 0 }
        Button {
            objectName: "savePrinter"
            text: qsTr("Use this printer")
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.error = page.printer.configure(page.kinds[kind.currentIndex], address.text, page.chosenProfile)
        }
    }
}
