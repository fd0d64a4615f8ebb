import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// A visit without payment: what happened at the door, journaled like a payment.
Page {
    id: page
    required property DeskService desk
    required property ArrearsModel model
    signal done()
    title: qsTr("Visit")

    property string recorded: ""
    // The outcomes, their words and what each asks for, in the order shown, come from the desk.
    readonly property var outcomes: Choices.visitOutcomes
    property int chosen: page.outcomes[0].value
    readonly property var chosenOutcome: page.outcomes.find(o => o.value === page.chosen)

    PaymentController {
        id: visit
        desk: page.desk
        onVisitRecorded: message => page.recorded = message
    }

    ScrollingColumn {
        anchors.fill: parent
        spacing: 6
        Label { text: page.model.name + "  ·  " + page.model.accountNumber; font.bold: true; font.pixelSize: AppSettings.largeText; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        ButtonGroup { id: group }
        Repeater {
            // By position, so that a change of language relabels the choices instead of replacing them.
            model: page.outcomes.length
            delegate: RadioButton {
                id: choice
                required property int index
                readonly property var outcome: page.outcomes[index]
                // Long choices wrap beside the circle instead of being cut short.
                contentItem: Label {
                    leftPadding: choice.indicator.width + choice.spacing
                    text: choice.text
                    font: choice.font
                    wrapMode: Text.WordWrap
                    verticalAlignment: Text.AlignVCenter
                }
                objectName: "outcome" + outcome.value
                text: outcome.label
                checked: page.chosen === outcome.value
                ButtonGroup.group: group
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(48, implicitHeight)
                onClicked: page.chosen = outcome.value
            }
        }
        // Hints wrap above their fields: placeholders this long are cut short at 150 %.
        Label {
            id: promisedHint
            visible: promised.visible
            text: qsTr("Promised date, YYYY-MM-DD")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        TextField {
            id: promised
            objectName: "promisedDate"
            visible: page.chosenOutcome.needsDate
            placeholderText: "YYYY-MM-DD"
            Accessible.name: promisedHint.text
            inputMethodHints: Qt.ImhDate
            Layout.fillWidth: true
            Layout.preferredHeight: 56
        }
        Label {
            id: noteHint
            text: page.chosenOutcome.needsNote ? qsTr("What to note") : qsTr("Note (optional)")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        TextField {
            id: note
            objectName: "visitNote"
            Accessible.name: noteHint.text
            maximumLength: 200
            Layout.fillWidth: true
            Layout.preferredHeight: 56
        }
    }

    footer: ActionFooter {
        Label { objectName: "visitError"; visible: text.length > 0; text: visit.error; color: AppSettings.warning; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        Label { objectName: "visitRecorded"; visible: text.length > 0; text: page.recorded; color: AppSettings.good; font.bold: true; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        Button {
            objectName: "recordVisit"
            text: page.recorded.length > 0 ? qsTr("Next customer") : qsTr("Record visit")
            enabled: !page.desk.busy
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: {
                if (page.recorded.length > 0) { page.done(); return }
                visit.recordVisit(page.model.accountNumber, page.chosen, promised.text, note.text)
            }
        }
    }
}
