import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Notes and coins counted piece by piece, largest first. What they add up to is the desk's sum
// (ShiftController.countedTotal), never QML's.
ColumnLayout {
    id: fields
    required property ShiftController shift
    /// Names the fields "<prefix><value in fen>", e.g. "pieces_10000".
    property string namePrefix: "pieces_"
    property bool editable: true
    property string total: shift.countedTotal({})
    spacing: 4

    /// The typed counts keyed by note value in fen, as ShiftController takes them.
    function pieces() {
        const p = {}
        for (let i = 0; i < rows.count; ++i) {
            const row = rows.itemAt(i)
            if (row)
                p[String(row.fen)] = row.text
        }
        return p
    }

    // Measures the widest label in the page's own font (a hidden Label inherits it; the layout skips it).
    Label { id: widestNote; visible: false; text: qsTr("%1 ×").arg(fields.shift.denominationLabels[0]) }
    Repeater {
        id: rows
        model: fields.shift.denominations.length
        // Each note or coin stays beside its count once the count is typed.
        delegate: RowLayout {
            id: piece
            required property int index
            readonly property var fen: fields.shift.denominations[index]
            readonly property alias text: field.text
            Layout.fillWidth: true
            Label {
                text: qsTr("%1 ×").arg(fields.shift.denominationLabels[piece.index])
                horizontalAlignment: Text.AlignRight
                Layout.preferredWidth: widestNote.implicitWidth + 8
            }
            TextField {
                id: field
                objectName: fields.namePrefix + piece.fen
                enabled: fields.editable
                placeholderText: qsTr("pieces")
                inputMethodHints: Qt.ImhDigitsOnly
                Layout.fillWidth: true
                Layout.preferredHeight: 56
                onTextChanged: fields.total = fields.shift.countedTotal(fields.pieces())
            }
        }
    }
}
