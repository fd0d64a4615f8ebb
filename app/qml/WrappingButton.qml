import QtQuick
import QtQuick.Controls
import Doorstep

// A button whose words wrap onto a second line instead of being cut short ("Close with supervisor
// app…") when the text is large or the language long; it grows to fit.
Button {
    id: button
    implicitHeight: Math.max(56, implicitContentHeight + topPadding + bottomPadding)
    contentItem: Label {
        text: button.text
        font: button.font
        color: button.palette.buttonText
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
}
