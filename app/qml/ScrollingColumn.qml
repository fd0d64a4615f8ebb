import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// A page's content as one column that scrolls when it is taller than the screen (150 % text,
// thirteen bills, a long error). Whatever takes the focus inside it is scrolled into view, so a
// field reached with Enter is never typed into off screen.
Flickable {
    id: flick
    default property alias content: column.data
    property real margins: 12
    property alias spacing: column.spacing

    clip: true
    contentWidth: width
    contentHeight: column.implicitHeight + 2 * flick.margins
    boundsBehavior: Flickable.StopAtBounds
    ScrollIndicator.vertical: ScrollIndicator {}

    /// Scrolls so that `item`, somewhere in this column, is on screen.
    function reveal(item) {
        let p = item
        while (p && p !== column)
            p = p.parent
        if (!p || flick.height <= 0)
            return
        const top = item.mapToItem(column, 0, 0).y + flick.margins
        const bottom = top + item.height
        if (top < flick.contentY)
            flick.contentY = Math.max(0, top - flick.margins)
        else if (bottom > flick.contentY + flick.height)
            flick.contentY = Math.max(0, Math.min(flick.contentHeight - flick.height, bottom - flick.height + flick.margins))
    }

    Connections {
        target: flick.Window.window
        function onActiveFocusItemChanged() { flick.reveal(flick.Window.activeFocusItem) }
    }

    ColumnLayout {
        id: column
        x: flick.margins
        y: flick.margins
        width: flick.width - 2 * flick.margins
        spacing: 6
    }
}
