import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Choosing the receipt printer: Bluetooth (found nearby), network, serial or file; paper width;
// a test print; the printer's state and the queue in words.
Page {
    id: page
    required property PrinterService printer
    title: qsTr("Printer")

    property string error: ""
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
            Label { text: qsTr("Paper"); wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Flow { // the two widths side by side, or one under the other at 150 %
                spacing: 12
                Layout.fillWidth: true
                RadioButton { id: paper58; objectName: "paper58"; text: qsTr("58 mm"); checked: page.printer.paperWidthMm !== 80; height: Math.max(48, implicitHeight) }
                RadioButton { id: paper80; objectName: "paper80"; text: qsTr("80 mm"); checked: page.printer.paperWidthMm === 80; height: Math.max(48, implicitHeight) }
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
            onClicked: page.error = page.printer.configure(page.kinds[kind.currentIndex], address.text, paper80.checked ? 80 : 58)
        }
    }
}
