import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// The day's route: villages in walking order with how many accounts are done (paid or visited)
// and what is still owed; a village opens its accounts in walking order, an account its bills.
Page {
    id: page
    objectName: "routePage"
    required property DeskService desk
    property string village: ""
    signal accountChosen(string number)
    title: qsTr("Route")

    // For tests and tools that read what the screen shows.
    readonly property RouteProgressController progress: routeProgress

    Component.onCompleted: routeProgress.load()

    RouteProgressController {
        id: routeProgress
        desk: page.desk
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 8
        spacing: 6
        Label {
            objectName: "routeProgress"
            text: page.village.length > 0 ? page.village : routeProgress.progressText
            font.bold: true
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Button {
            objectName: "allVillages"
            visible: page.village.length > 0
            text: qsTr("All villages")
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: { page.village = ""; villages.forceActiveFocus() }
        }
        ReportLineList {
            id: villages
            objectName: "routeVillages"
            visible: page.village.length === 0
            model: routeProgress.villages
            bars: true
            activatable: true
            Layout.fillWidth: true
            Layout.fillHeight: true
            onActivated: key => {
                page.village = key
                routeProgress.loadVillage(key)
                accounts.forceActiveFocus()
            }
        }
        ReportLineList {
            id: accounts
            objectName: "villageAccounts"
            visible: page.village.length > 0
            model: routeProgress.villageAccounts
            activatable: true
            Layout.fillWidth: true
            Layout.fillHeight: true
            onActivated: key => page.accountChosen(key)
        }
    }
}
