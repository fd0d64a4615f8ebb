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
                    color: row.flagged ? AppSettings.warning : palette.windowText
                    wrapMode: Text.Wrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
                Label {
                    text: row.amountText
                    font.bold: true
                    horizontalAlignment: Text.AlignRight
                }
            }
            Label {
                text: row.detail
                visible: text.length > 0
                opacity: 0.75
                font.pixelSize: AppSettings.smallText
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Rectangle {
                objectName: "lineBar"
                visible: list.bars
                color: row.flagged ? AppSettings.warning : AppSettings.accent
                height: 8
                radius: 2
                Layout.preferredWidth: Math.max(2, (row.width - 32) * row.share / 1000)
            }
        }
    }
}
