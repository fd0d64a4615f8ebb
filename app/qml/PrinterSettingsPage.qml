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

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight + 24
        clip: true
        ColumnLayout {
            id: column
            x: 12; y: 12
            width: parent.width - 24
            spacing: 6

            Label { text: qsTr("Printer state: %1").arg(page.printer.statusText); objectName: "printerState"; wrapMode: Text.Wrap; font.bold: true; Layout.fillWidth: true; color: page.printer.statusProblem ? "#b00020" : palette.windowText }
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
            RowLayout {
                Layout.fillWidth: true
                Label { text: qsTr("Paper") }
                RadioButton { id: paper58; objectName: "paper58"; text: qsTr("58 mm"); checked: page.printer.paperWidthMm !== 80; Layout.preferredHeight: 48 }
                RadioButton { id: paper80; objectName: "paper80"; text: qsTr("80 mm"); checked: page.printer.paperWidthMm === 80; Layout.preferredHeight: 48 }
            }
            Button {
                objectName: "savePrinter"
                text: qsTr("Use this printer")
                Layout.fillWidth: true
                Layout.preferredHeight: 56
                onClicked: page.error = page.printer.configure(page.kinds[kind.currentIndex], address.text, paper80.checked ? 80 : 58)
            }
            Label { objectName: "printerError"; text: page.error; color: "#b00020"; wrapMode: Text.Wrap; Layout.fillWidth: true; visible: text.length > 0 }
            RowLayout {
                Layout.fillWidth: true
                Button { objectName: "testPrint"; text: qsTr("Test print"); enabled: page.printer.configured; Layout.fillWidth: true; Layout.preferredHeight: 56; onClicked: page.printer.testPrint() }
                Button { text: qsTr("Check printer"); enabled: page.printer.configured; Layout.fillWidth: true; Layout.preferredHeight: 56; onClicked: page.printer.probe() }
            }
            Label { text: qsTr("Print queue"); font.bold: true }
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
                        Label { text: receiptNumber; font.bold: true }
                        Label { text: stateText; wrapMode: Text.Wrap; Layout.fillWidth: true; opacity: 0.8 }
                    }
                    Button { text: qsTr("Print again"); visible: state === "failed" || state === "unknown"; Layout.preferredHeight: 48; onClicked: page.printer.retry(jobId) }
                    Button { text: qsTr("It printed"); visible: state === "unknown"; Layout.preferredHeight: 48; onClicked: page.printer.confirmPrinted(jobId) }
                }
            }
        }
    }
}
