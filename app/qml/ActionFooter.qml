import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// A page's primary action and what went wrong with it, kept at the bottom of the screen whatever
// the page above scrolls to: a refusal is never below the fold. Used as a Page's footer.
Pane {
    id: footer
    default property alias content: column.data
    padding: 12
    topPadding: 8
    background: Rectangle {
        color: footer.palette.window
        Rectangle {
            width: parent.width
            height: 1
            color: AppSettings.ink
            opacity: 0.25
        }
    }

    ColumnLayout {
        id: column
        width: parent.width
        spacing: 6
    }
}
