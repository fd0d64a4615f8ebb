import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// The center locked this terminal (lost, stolen, under review): no payment and no void until it
// unlocks it. The journal itself refuses them (Journal::append); this page says why and what to do,
// and keeps syncing so that an unlock, or a wipe, arrives.
Page {
    id: page
    required property SyncService sync
    title: qsTr("Terminal locked")

    ScrollingColumn {
        anchors.fill: parent
        margins: 16
        spacing: 12
        Label {
            objectName: "lockedTitle"
            text: page.sync.revoked ? qsTr("This terminal is revoked")
                  : page.sync.wipePending ? qsTr("This terminal is being wiped") : qsTr("This terminal is locked")
            font.pixelSize: AppSettings.largeText
            font.bold: true
            color: AppSettings.warning
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "lockedReason"
            text: page.sync.revoked
                  ? qsTr("The billing center took this terminal out of service (lost, stolen or retired). It takes no payments and can no longer sync. What it sent before is kept at the center. Hand it to your supervisor.")
                  : page.sync.wipePending
                  ? qsTr("The billing center ordered this terminal wiped. Nothing more can be recorded on it. Once the center has every entry, its journal, route and key are erased and it starts again as a new terminal. Keep it connected.")
                  : qsTr("The billing center locked this terminal. It takes no payments and no voids until the center unlocks it.")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            text: qsTr("Call your supervisor or the billing center, and give them this terminal's name: %1").arg(page.sync.deviceId)
            wrapMode: Text.WordWrap
            font.bold: true
            Layout.fillWidth: true
        }
        Label {
            objectName: "lockedSyncState"
            text: page.sync.stateText
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Button {
            objectName: "lockedSyncNow"
            text: qsTr("Sync now")
            enabled: !page.sync.syncing
            onClicked: page.sync.syncNow()
            Layout.fillWidth: true
            Layout.preferredHeight: 56
        }
    }
}
