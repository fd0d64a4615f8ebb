import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// What an account owes as of today: each open bill by period with overdue days and penalty.
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

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 6

        Label {
            objectName: "lookupError"
            visible: page.model.error.length > 0
            text: page.model.error
            color: "#b00020"
            wrapMode: Text.Wrap
            font.bold: true
            Layout.fillWidth: true
        }

        ColumnLayout {
            visible: page.model.loaded
            spacing: 4
            Layout.fillWidth: true
            Label { objectName: "accountName"; text: page.model.name + "  ·  " + page.model.accountNumber; font.pixelSize: 22; font.bold: true }
            Label { text: page.model.address; wrapMode: Text.Wrap; Layout.fillWidth: true }
            Label { text: qsTr("Meter %1 · %2").arg(page.model.meterNumber).arg(page.model.customerClass); opacity: 0.75 }
        }

        Label {
            objectName: "staleNote"
            visible: page.model.loaded && text.length > 0
            text: page.model.staleNote
            wrapMode: Text.Wrap
            font.italic: true
            color: "#8a5300"
            Layout.fillWidth: true
        }

        ListView {
            objectName: "billList"
            visible: page.model.loaded
            model: page.model
            clip: true
            Layout.fillWidth: true
            Layout.fillHeight: true
            delegate: ItemDelegate {
                required property string period
                required property string outstanding
                required property string penalty
                required property int overdueDays
                width: ListView.view.width
                height: 64
                contentItem: RowLayout {
                    ColumnLayout {
                        Layout.fillWidth: true
                        Label { text: period; font.bold: true }
                        Label {
                            text: overdueDays > 0 ? qsTr("%n day(s) overdue · penalty %1", "", overdueDays).arg(penalty)
                                                  : qsTr("not yet due")
                            opacity: 0.75
                        }
                    }
                    Label { text: outstanding; horizontalAlignment: Text.AlignRight }
                }
            }
        }

        GridLayout {
            visible: page.model.loaded
            columns: 2
            Layout.fillWidth: true
            Label { text: qsTr("Bills") }
            Label { text: page.model.principalText; Layout.alignment: Qt.AlignRight }
            Label { text: qsTr("Late-payment penalty") }
            Label { text: page.model.penaltyText; Layout.alignment: Qt.AlignRight }
            Label { text: qsTr("Total owed"); font.bold: true; font.pixelSize: 22 }
            Label { objectName: "totalOwed"; text: page.model.totalText; font.bold: true; font.pixelSize: 22; Layout.alignment: Qt.AlignRight }
            Label { text: qsTr("Prepaid balance") }
            Label { text: page.model.prepaidText; Layout.alignment: Qt.AlignRight }
        }

        Button {
            objectName: "takePayment"
            visible: page.model.loaded && page.canPay
            text: qsTr("Take payment")
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.payRequested()
        }
        Button {
            objectName: "recordVisitButton"
            visible: page.model.loaded && page.canPay
            text: qsTr("No payment: record the visit")
            flat: true
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.visitRequested()
        }
    }
}
