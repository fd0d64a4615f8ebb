import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Lines of a report as the desk formatted them: label, detail, amount, and a bar for charts
// (its length is the line's share in ‰, computed in C++). Up/Down move, Enter opens a line.
ListView {
    id: list
    property bool bars: false
    property bool activatable: false
    signal activated(string key)

    clip: true
    focus: true
    keyNavigationEnabled: true
    currentIndex: 0
    highlightMoveDuration: 0
    Keys.onReturnPressed: if (list.activatable && list.currentItem) list.activated(list.currentItem.lineKey)
    Keys.onEnterPressed: if (list.activatable && list.currentItem) list.activated(list.currentItem.lineKey)

    delegate: ItemDelegate {
        id: row
        required property int index
        required property string key
        required property string label
        required property string detail
        required property string amountText
        required property int share
        required property bool flagged
        readonly property string lineKey: key
        objectName: "reportLine_" + index
        width: ListView.view.width
        implicitHeight: Math.max(56, implicitContentHeight + topPadding + bottomPadding) // a gloved thumb
        highlighted: ListView.isCurrentItem && list.activeFocus
        // On the highlight, every word in the highlight's own text colour (readable in both themes).
        readonly property color ink: row.highlighted ? palette.highlightedText : AppSettings.ink
        onClicked: {
            list.currentIndex = row.index
            if (list.activatable)
                list.activated(row.key)
        }
        contentItem: ColumnLayout {
            spacing: 2
            RowLayout {
                Layout.fillWidth: true
                Label {
                    text: row.label
                    font.bold: true
                    color: row.flagged && !row.highlighted ? AppSettings.warning : row.ink
                    wrapMode: Text.WrapAtWordBoundaryOrAnywhere // journal lines carry long codes
                    Layout.fillWidth: true
                }
                Label {
                    text: row.amountText
                    font.bold: true
                    color: row.ink
                    horizontalAlignment: Text.AlignRight
                    Layout.alignment: Qt.AlignTop
                }
            }
            Label {
                text: row.detail
                visible: text.length > 0
                color: row.ink
                opacity: 0.8
                font.pixelSize: AppSettings.smallText
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Rectangle {
                objectName: "lineBar"
                visible: list.bars
                color: row.highlighted ? row.ink : row.flagged ? AppSettings.warning : AppSettings.accent
                height: 8
                radius: 2
                Layout.preferredWidth: Math.max(2, (row.width - 32) * row.share / 1000)
            }
        }
    }
}
