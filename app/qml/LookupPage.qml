import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Account lookup: typed or scanned number (a scanner acts as a keyboard and ends with Enter),
// the on-screen digits, or a name / address fragment. Results update as the collector types;
// with nothing typed, the accounts opened lately are listed. Enter opens the one account that
// matches; with several, the first is highlighted and Up/Down/Enter choose.
Page {
    id: page
    required property RouteService routeService
    property RecentAccountsModel recentAccounts: null
    /// A word for the collector above the field (e.g. that the shift is open); gone once used.
    property string notice: ""
    readonly property bool showingRecent: input.text.trim().length === 0 && page.recentAccounts !== null
    // Enter arrived while the results were still those of a shorter query: decide when they come.
    property bool enterPending: false
    signal accountChosen(string number)

    title: qsTr("Find an account")

    /// The next customer: an empty field with the keys, nothing highlighted.
    function startClean() {
        input.clear()
        page.notice = ""
        page.enterPending = false
        list.currentIndex = -1
        input.forceActiveFocus()
    }

    function choose(number) {
        page.notice = ""
        page.enterPending = false
        page.accountChosen(number)
    }

    function numberAt(row) {
        return results.data(results.index(row, 0), AccountListModel.NumberRole)
    }

    // Enter in the field: one match opens, several are offered, a number with none is looked up
    // anyway so the desk says in words what is wrong with it.
    function enter() {
        const typed = input.text.trim()
        if (typed.length === 0)
            return
        if (results.searching) {
            page.enterPending = true
            return
        }
        page.enterPending = false
        for (let row = 0; row < results.count; ++row) {
            if (page.numberAt(row) === typed)
                return page.choose(typed)
        }
        if (results.count === 1)
            return page.choose(page.numberAt(0))
        if (results.count > 1) {
            list.currentIndex = 0
            list.forceActiveFocus()
            return
        }
        if (/^[0-9]+$/.test(typed))
            page.choose(typed)
    }

    AccountListModel {
        id: results
        objectName: "lookupResults"
        service: page.routeService
        query: input.text
        onSearchingChanged: if (!searching && page.enterPending) page.enter()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 8

        Label {
            objectName: "lookupNotice"
            visible: page.notice.length > 0 && input.text.length === 0
            text: page.notice
            color: AppSettings.good
            font.bold: true
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        // The hint wraps above the field: a placeholder this long is cut short at 150 %.
        Label {
            id: inputHint
            objectName: "lookupFieldLabel"
            text: qsTr("Account number, meter, name or address")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        TextField {
            id: input
            objectName: "lookupField"
            focus: true
            Accessible.name: inputHint.text
            inputMethodHints: Qt.ImhPreferNumbers | Qt.ImhNoPredictiveText
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onAccepted: page.enter()
            onTextEdited: list.currentIndex = -1
            Keys.onDownPressed: if (list.count > 0) { list.currentIndex = 0; list.forceActiveFocus() }
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
            onAccept: page.enter()
        }

        Label {
            objectName: "recentTitle"
            visible: page.showingRecent && page.recentAccounts.count > 0
            text: qsTr("Opened lately")
            font.bold: true
        }

        Label {
            objectName: "lookupHint"
            visible: input.text.trim().length > 0 && results.count === 0 && !results.searching
            text: qsTr("Nothing on this route matches “%1”.").arg(input.text.trim())
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        ListView {
            id: list
            objectName: "resultList"
            model: page.showingRecent ? page.recentAccounts : results
            clip: true
            currentIndex: -1
            highlightMoveDuration: 0
            Layout.fillWidth: true
            Layout.fillHeight: true
            keyNavigationEnabled: true
            ScrollIndicator.vertical: ScrollIndicator {}
            // Up from the first result goes back to the field; Enter opens the highlighted one.
            Keys.onUpPressed: event => {
                if (list.currentIndex <= 0)
                    input.forceActiveFocus()
                else
                    list.decrementCurrentIndex()
            }
            Keys.onReturnPressed: if (list.currentItem) page.choose(list.currentItem.number)
            Keys.onEnterPressed: if (list.currentItem) page.choose(list.currentItem.number)
            onModelChanged: list.currentIndex = -1
            delegate: ItemDelegate {
                objectName: (page.showingRecent ? "recent_" : "result_") + number
                required property string number
                required property string name
                required property string address
                width: ListView.view.width
                height: Math.max(64, implicitHeight)
                highlighted: ListView.isCurrentItem
                contentItem: ColumnLayout {
                    spacing: 2
                    Label { text: name + "  ·  " + number; font.bold: true; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                    Label { text: address; wrapMode: Text.WordWrap; opacity: 0.8; Layout.fillWidth: true }
                }
                onClicked: page.choose(number)
            }
        }
    }
}
