import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// What an account owes as of today: each open bill by period with overdue days and penalty.
// The bills scroll (thirteen months at 150 % text); the total and *Take payment* stay at the
// bottom of the screen.
Page {
    id: page
    required property ArrearsModel model
    property bool canPay: false
    signal payRequested()
    signal visitRequested()

    title: model.loaded ? model.name : qsTr("Account")
    // Enter opens the payment screen (which still needs its own confirmation): the common case.
    Keys.onReturnPressed: if (page.canPay && page.model.loaded) page.payRequested()
    Keys.onEnterPressed: if (page.canPay && page.model.loaded) page.payRequested()

    ScrollingColumn {
        anchors.fill: parent
        spacing: 6

        Label {
            objectName: "lookupError"
            visible: page.model.error.length > 0
            text: page.model.error
            color: AppSettings.warning
            wrapMode: Text.WordWrap
            font.bold: true
            Layout.fillWidth: true
        }

        ColumnLayout {
            visible: page.model.loaded
            spacing: 4
            Layout.fillWidth: true
            Label { objectName: "accountName"; text: page.model.name + "  ·  " + page.model.accountNumber; font.pixelSize: AppSettings.largeText; font.bold: true; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Label { text: page.model.address; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Label { text: qsTr("Meter %1 · %2").arg(page.model.meterNumber).arg(page.model.customerClass); opacity: 0.8; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        }

        Label {
            objectName: "staleNote"
            visible: page.model.loaded && text.length > 0
            text: page.model.staleNote
            wrapMode: Text.WordWrap
            font.italic: true
            color: AppSettings.caution
            Layout.fillWidth: true
        }

        // A payment the center reversed after its shift: why these bills are owed again.
        Label {
            objectName: "correctionNote"
            visible: page.model.loaded && text.length > 0
            text: page.model.correctionNote
            wrapMode: Text.WordWrap
            font.bold: true
            color: AppSettings.warning
            Layout.fillWidth: true
        }

        // Every bill in full: the amount keeps its width, the words beside it wrap.
        Rectangle {
            visible: page.model.loaded && bills.count > 0
            color: palette.base
            implicitHeight: billColumn.implicitHeight + 8
            Layout.fillWidth: true
            ColumnLayout {
                id: billColumn
                objectName: "billList"
                x: 8; y: 4
                width: parent.width - 16
                spacing: 8
                Repeater {
                    id: bills
                    model: page.model
                    // The period and its amount on one line, the days and penalty under them.
                    delegate: ColumnLayout {
                        required property string period
                        required property string outstanding
                        required property string penalty
                        required property int overdueDays
                        objectName: "bill_" + period
                        spacing: 0
                        Layout.fillWidth: true
                        RowLayout {
                            spacing: 8
                            Layout.fillWidth: true
                            Label { text: period; font.bold: true; Layout.fillWidth: true }
                            Label {
                                objectName: "billAmount"
                                text: outstanding
                                horizontalAlignment: Text.AlignRight
                                Layout.alignment: Qt.AlignRight
                            }
                        }
                        Label {
                            text: overdueDays > 0 ? qsTr("%n day(s) overdue · penalty %1", "", overdueDays).arg(penalty)
                                                  : qsTr("not yet due")
                            opacity: 0.8
                            wrapMode: Text.WordWrap
                            Layout.fillWidth: true
                        }
                    }
                }
            }
        }

        GridLayout {
            visible: page.model.loaded
            columns: 2
            columnSpacing: 8
            Layout.fillWidth: true
            Label { text: qsTr("Bills"); wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Label { text: page.model.principalText; Layout.alignment: Qt.AlignRight }
            Label { text: qsTr("Late-payment penalty"); wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Label { text: page.model.penaltyText; Layout.alignment: Qt.AlignRight }
            Label { text: qsTr("Prepaid balance"); wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Label { text: page.model.prepaidText; Layout.alignment: Qt.AlignRight }
        }
    }

    footer: ActionFooter {
        visible: page.model.loaded
        // The amount under its label, at the right: six digits fit beside nothing at 150 %.
        ColumnLayout {
            spacing: 0
            Layout.fillWidth: true
            Label { text: qsTr("Total owed"); font.bold: true; wrapMode: Text.WordWrap; Layout.fillWidth: true }
            Label { objectName: "totalOwed"; text: page.model.totalText; font.bold: true; font.pixelSize: AppSettings.largeText; Layout.alignment: Qt.AlignRight }
        }
        Button {
            objectName: "takePayment"
            visible: page.canPay
            text: qsTr("Take payment")
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.payRequested()
        }
        WrappingButton {
            objectName: "recordVisitButton"
            visible: page.canPay
            text: qsTr("No payment: record the visit")
            flat: true
            palette.buttonText: AppSettings.ink
            Layout.fillWidth: true
            onClicked: page.visitRequested()
        }
    }
}
