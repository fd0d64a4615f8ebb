import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Account lookup: typed or scanned number (a scanner acts as a keyboard and ends with Enter),
// the on-screen digits, or a name / address fragment. Results update as the collector types;
// with nothing typed, the accounts opened lately are listed.
Page {
    id: page
    required property RouteService routeService
    property RecentAccountsModel recentAccounts: null
    readonly property bool showingRecent: input.text.trim().length === 0 && page.recentAccounts !== null
    signal accountChosen(string number)

    title: qsTr("Find an account")

    AccountListModel {
        id: results
        objectName: "lookupResults"
        service: page.routeService
        query: input.text
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 8

        TextField {
            id: input
            objectName: "lookupField"
            focus: true
            placeholderText: qsTr("Account number, meter, name or address")
            inputMethodHints: Qt.ImhPreferNumbers | Qt.ImhNoPredictiveText
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onAccepted: if (text.trim().length > 0) page.accountChosen(text)
        }

        // Digits only (or nothing yet): the keypad. Letters come from the soft keyboard instead.
        NumericKeypad {
            objectName: "keypad"
            visible: /^[0-9]*$/.test(input.text)
            acceptEnabled: input.text.trim().length > 0
            Layout.fillWidth: true
            onDigit: d => input.insert(input.cursorPosition, d)
            onErase: {
                if (input.selectedText.length > 0)
                    input.remove(input.selectionStart, input.selectionEnd)
                else if (input.cursorPosition > 0)
                    input.remove(input.cursorPosition - 1, input.cursorPosition)
            }
            onAccept: input.accepted()
        }

        Label {
            objectName: "recentTitle"
            visible: page.showingRecent && page.recentAccounts.count > 0
            text: qsTr("Opened lately")
            font.bold: true
        }

        Label {
            objectName: "lookupHint"
            visible: input.text.trim().length > 0 && results.count === 0 && !page.routeService.busy
            text: qsTr("Nothing on this route matches “%1”.").arg(input.text.trim())
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        ListView {
            id: list
            objectName: "resultList"
            model: page.showingRecent ? page.recentAccounts : results
            clip: true
            Layout.fillWidth: true
            Layout.fillHeight: true
            keyNavigationEnabled: true
            delegate: ItemDelegate {
                objectName: (page.showingRecent ? "recent_" : "result_") + number
                required property string number
                required property string name
                required property string address
                width: ListView.view.width
                height: Math.max(64, implicitHeight)
                contentItem: ColumnLayout {
                    spacing: 2
                    Label { text: name + "  ·  " + number; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
                    Label { text: address; elide: Text.ElideRight; opacity: 0.75; Layout.fillWidth: true }
                }
                onClicked: page.accountChosen(number)
            }
        }
    }
}
