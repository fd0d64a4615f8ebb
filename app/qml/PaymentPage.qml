import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Taking money: amount (default everything owed), method, tendered for cash, and the split shown
// before confirming. The desk parses, allocates and journals; "paid" appears only after the commit.
Page {
    id: page
    required property DeskService desk
    required property ArrearsModel model
    required property PrinterService printer
    signal done()
    signal printerRequested()
    title: qsTr("Payment")

    // The chosen method takes cash (tendered and change) rather than a reference: the desk's word.
    readonly property bool cash: method.currentIndex >= 0 && Choices.paymentMethods[method.currentIndex].cash
    property string paidReceipt: ""
    property string paidAmount: ""
    property string paidChange: ""

    // Hardware keys: Enter in the amount goes to the cash handed over (or the reference), Enter
    // there confirms; once paid, Enter is "Next customer". Never twice: a busy desk ignores it.
    function confirm() {
        if (page.desk.busy || page.paidReceipt.length > 0)
            return
        payment.takePayment(page.model.accountNumber, amount.text, method.currentValue,
                              page.cash ? tendered.text : "", reference.text)
    }
    // One handler for Enter wherever it was pressed (a TextField passes it on after "accepted").
    function enterKey() {
        if (page.paidReceipt.length > 0)
            page.done()
        else if (amount.activeFocus)
            (page.cash ? tendered : reference).forceActiveFocus()
        else
            page.confirm()
    }
    Keys.onReturnPressed: page.enterKey()
    Keys.onEnterPressed: page.enterKey()

    function refreshPreview() {
        payment.previewPayment(page.model.accountNumber, amount.text)
    }

    // The split, the refusal and "paid" come from the controller; a refused amount clears the split.
    PaymentController {
        id: payment
        desk: page.desk
        onPaid: (receipt, amountText, changeText, seq) => {
            page.paidReceipt = receipt
            page.paidAmount = amountText
            page.paidChange = changeText
            nextCustomer.forceActiveFocus()
        }
    }

    Component.onCompleted: refreshPreview()

    // Before the payment: what is paid and how; the split scrolls, Confirm and a refusal stay in
    // the footer.
    ScrollingColumn {
        anchors.fill: parent
        spacing: 6
        visible: page.paidReceipt.length === 0

        Label { text: page.model.name + "  ·  " + page.model.accountNumber; font.bold: true; font.pixelSize: AppSettings.largeText; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        Label { text: qsTr("Owed: %1").arg(page.model.totalText); wrapMode: Text.WordWrap; Layout.fillWidth: true }
        TextField {
            id: amount
            objectName: "amountField"
            // Everything owed until the collector types: a quote that comes back later (an entry
            // journaled meanwhile, a lock received) must not overwrite an amount typed.
            property bool edited: false
            focus: true
            inputMethodHints: Qt.ImhFormattedNumbersOnly
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onTextEdited: {
                edited = true
                page.refreshPreview()
            }
        }
        Binding {
            target: amount
            property: "text"
            value: page.model.totalPlain
            when: !amount.edited
            restoreMode: Binding.RestoreNone
        }
        ComboBox {
            id: method
            objectName: "methodChoice"
            model: Choices.paymentMethods
            textRole: "label"
            valueRole: "value"
            Layout.fillWidth: true
            Layout.preferredHeight: 56
        }
        // Hints wrap above their fields: placeholders this long are cut short at 150 %.
        Label {
            id: tenderedHint
            visible: tendered.visible
            text: qsTr("Cash handed over (blank: exact amount)")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        TextField {
            id: tendered
            objectName: "tenderedField"
            visible: page.cash
            Accessible.name: tenderedHint.text
            inputMethodHints: Qt.ImhFormattedNumbersOnly
            Layout.fillWidth: true
            Layout.preferredHeight: 56
        }
        Label {
            id: referenceHint
            visible: reference.visible
            text: qsTr("Slip, voucher or transfer reference")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        TextField {
            id: reference
            objectName: "referenceField"
            visible: !page.cash
            Accessible.name: referenceHint.text
            Layout.fillWidth: true
            Layout.preferredHeight: 56
        }
        Label { text: qsTr("This payment settles:"); font.bold: true; visible: payment.previewLines.length > 0; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        Repeater {
            model: payment.previewLines
            delegate: Label { required property string modelData; text: modelData; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        }
        Label { text: qsTr("To prepaid balance: %1").arg(payment.previewPrepaid); visible: payment.previewPrepaid.length > 0; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        Label { text: qsTr("Still owed after: %1").arg(payment.previewOwed); visible: payment.previewOwed.length > 0; wrapMode: Text.WordWrap; Layout.fillWidth: true }
    }

    // Paid: the receipt and the change; Next customer stays in the footer.
    ScrollingColumn {
        anchors.fill: parent
        spacing: 10
        visible: page.paidReceipt.length > 0
        Label { objectName: "paidLabel"; text: qsTr("Paid %1").arg(page.paidAmount); font.pixelSize: AppSettings.largeText * 1.2; font.bold: true; color: AppSettings.good; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        Label { text: qsTr("Receipt %1").arg(page.paidReceipt); font.pixelSize: AppSettings.largeText; wrapMode: Text.WrapAtWordBoundaryOrAnywhere; Layout.fillWidth: true }
        Label { text: qsTr("Change to give: %1").arg(page.paidChange); font.pixelSize: AppSettings.largeText; wrapMode: Text.WordWrap; Layout.fillWidth: true }
        // The receipt prints from the committed entry; the printer's state in words.
        Label {
            objectName: "printState"
            readonly property bool mine: page.printer.lastReceiptNumber === page.paidReceipt
            text: !page.printer.configured ? qsTr("No printer chosen: the receipt waits in the queue.")
                  : mine ? page.printer.lastJobText : qsTr("Sending the receipt to the printer…")
            color: mine && (page.printer.lastJobState === "failed" || page.printer.lastJobState === "unknown") ? AppSettings.warning : AppSettings.ink
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        ColumnLayout {
            visible: page.printer.lastReceiptNumber === page.paidReceipt
                     && (page.printer.lastJobState === "failed" || page.printer.lastJobState === "unknown")
            Layout.fillWidth: true
            Button { objectName: "retryPrint"; text: qsTr("Print again"); Layout.fillWidth: true; Layout.preferredHeight: 56; onClicked: page.printer.retry(page.printer.lastJobId) }
            Button { text: qsTr("It printed"); visible: page.printer.lastJobState === "unknown"; Layout.fillWidth: true; Layout.preferredHeight: 56; onClicked: page.printer.confirmPrinted(page.printer.lastJobId) }
            Button { objectName: "printLater"; text: qsTr("Print later"); Layout.fillWidth: true; Layout.preferredHeight: 56; onClicked: page.done() }
        }
        Button {
            objectName: "choosePrinter"
            visible: !page.printer.configured
            text: qsTr("Choose a printer")
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.printerRequested()
        }
    }

    footer: ActionFooter {
        Label {
            objectName: "paymentError"
            visible: text.length > 0 && page.paidReceipt.length === 0
            text: payment.error
            color: AppSettings.warning
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Button {
            objectName: "confirmPayment"
            visible: page.paidReceipt.length === 0
            text: qsTr("Confirm payment")
            enabled: !page.desk.busy
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.confirm()
        }
        Button {
            id: nextCustomer
            objectName: "nextCustomer"
            visible: page.paidReceipt.length > 0
            text: qsTr("Next customer")
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.done()
        }
    }
}
