import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Sync with the billing center: what is waiting, what went, when it last worked, and the last
// refusal in words. Syncing runs by itself; the button only asks for it now.
Page {
    id: page
    required property SyncService sync
    title: qsTr("Sync")

    ScrollingColumn {
        id: scroller
        anchors.fill: parent
        spacing: 8

        Label { objectName: "syncState"; text: page.sync.stateText; font.pixelSize: 22; font.bold: true; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        Label {
            visible: page.sync.enrolled
            text: qsTr("Terminal %1 · center %2").arg(page.sync.deviceId).arg(page.sync.centerAddress)
            wrapMode: Text.WordWrap
            opacity: 0.75
            Layout.fillWidth: true
        }
        ProgressBar {
            objectName: "syncProgress"
            visible: page.sync.enrolled
            from: 0
            to: 1000
            value: page.sync.progressPermille
            indeterminate: page.sync.syncing && page.sync.localHead === 0
            Layout.fillWidth: true
            Layout.preferredHeight: 24
        }
        Label {
            objectName: "syncPending"
            visible: page.sync.enrolled
            text: qsTr("%1 of %2 entries at the center · %n waiting", "", page.sync.pending).arg(page.sync.acknowledged).arg(page.sync.localHead)
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label { visible: page.sync.enrolled; text: qsTr("This session: %n entries sent", "", page.sync.entriesSent) + " · " + page.sync.bytesText; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        Label { objectName: "lastSync"; visible: page.sync.enrolled; text: page.sync.lastSyncText; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        Label {
            objectName: "lastRefusal"
            visible: text.length > 0
            text: page.sync.lastRefusal
            color: AppSettings.warning
            font.bold: true
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "syncError"
            // Dimmed, not hidden, while a retry runs: the export section below must not jump.
            visible: text.length > 0
            opacity: page.sync.syncing ? 0.5 : 1
            text: page.sync.lastError
            color: AppSettings.caution
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        // No link to the center: the journal goes on a memory card or USB stick instead, for
        // `doorstep-center import-journal`. The next online sync tells the terminal what arrived.
        ColumnLayout {
            objectName: "exportSection"
            visible: page.sync.enrolled && (page.sync.unreachable || page.exportMessage.length > 0 || page.receiptMessage.length > 0)
            // A card put in since the page opened is offered when the section shows.
            onVisibleChanged: if (visible) page.sync.refreshExportFolders()
            spacing: 8
            Layout.fillWidth: true
            Label {
                text: qsTr("No connection? Export the journal to a memory card and take it to the billing center.")
                wrapMode: Text.WordWrap
                font.bold: true
                Layout.fillWidth: true
            }
            Label { id: folderHint; text: qsTr("Folder"); Layout.fillWidth: true }
            ComboBox {
                id: exportFolder
                objectName: "exportFolder"
                Accessible.name: folderHint.text
                editable: true
                model: page.sync.exportFolders
                Layout.fillWidth: true
                Layout.preferredHeight: 56
            }
            Button {
                objectName: "exportJournal"
                text: page.sync.exporting ? qsTr("Exporting…") : qsTr("Export to file")
                enabled: !page.sync.exporting && exportFolder.editText.length > 0
                Layout.fillWidth: true
                Layout.preferredHeight: 56
                onClicked: {
                    page.exportMessage = ""
                    page.sync.exportTo(exportFolder.editText)
                }
            }
            Label {
                id: exportResult
                objectName: "exportResult"
                visible: text.length > 0
                text: page.exportMessage
                color: page.exportFailed ? AppSettings.warning : AppSettings.ink
                wrapMode: Text.WrapAnywhere
                Layout.fillWidth: true
            }
            // The way back on the same card: the center's signed receipt of what it imported.
            Button {
                objectName: "readReceipts"
                text: qsTr("Read the center's receipt")
                enabled: exportFolder.editText.length > 0
                Layout.fillWidth: true
                Layout.preferredHeight: 56
                onClicked: {
                    page.receiptMessage = ""
                    page.sync.readReceipts(exportFolder.editText)
                }
            }
            Label {
                id: receiptResult
                objectName: "receiptResult"
                visible: text.length > 0
                text: page.receiptMessage
                color: page.receiptFailed ? AppSettings.warning : AppSettings.ink
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
        }
    }

    property string receiptMessage: ""
    property bool receiptFailed: false

    property string exportMessage: ""
    property bool exportFailed: false
    Connections {
        target: page.sync
        function onExported(path) {
            page.exportFailed = false
            page.exportMessage = qsTr("Exported to %1. Hand it in at the billing center; the next sync confirms what arrived.").arg(path)
            Qt.callLater(scroller.reveal, exportResult)
        }
        function onExportFailed(message) {
            page.exportFailed = true
            page.exportMessage = message
            Qt.callLater(scroller.reveal, exportResult)
        }
        // The answer is shown where the collector is looking: scrolled into view once laid out.
        function onReceiptsRead(acknowledged) {
            page.receiptFailed = false
            page.receiptMessage = qsTr("The center holds this terminal's entries up to %1.").arg(acknowledged)
            Qt.callLater(scroller.reveal, receiptResult)
        }
        function onReceiptsFailed(message) {
            page.receiptFailed = true
            page.receiptMessage = message
            Qt.callLater(scroller.reveal, receiptResult)
        }
    }

    footer: ActionFooter {
        visible: page.sync.enrolled
        Button {
            objectName: "syncNow"
            text: page.sync.syncing ? qsTr("Syncing…") : qsTr("Sync now")
            enabled: !page.sync.syncing
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.sync.syncNow()
        }
    }
}
