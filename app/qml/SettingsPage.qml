import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Language, text size and the high-contrast theme apply at once and are kept on the terminal;
// the printer has its own page.
Page {
    id: page
    title: qsTr("Settings")
    signal printerRequested()

    ScrollingColumn {
        anchors.fill: parent
        spacing: 8

        Label { text: qsTr("Language"); font.bold: true }
        ComboBox {
            id: language
            objectName: "languageChoice"
            model: AppSettings.languageNames
            currentIndex: AppSettings.languages.indexOf(AppSettings.languageInUse)
            focus: true
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onActivated: index => AppSettings.language = AppSettings.languages[index]
        }
        Label { text: qsTr("Text size"); font.bold: true }
        Flow { // wraps at 150 % on a narrow screen
            Layout.fillWidth: true
            spacing: 4
            Repeater {
                model: AppSettings.textScales
                RadioButton {
                    required property int modelData
                    objectName: "textScale_" + modelData
                    text: modelData + "%"
                    checked: AppSettings.textScalePercent === modelData
                    height: 56
                    onClicked: AppSettings.textScalePercent = modelData
                }
            }
        }
        Switch {
            objectName: "highContrast"
            text: qsTr("High contrast")
            checked: AppSettings.highContrast
            Layout.preferredHeight: 56
            onToggled: AppSettings.highContrast = checked
        }
        Label {
            text: qsTr("Black on white with heavier text, for bright sunlight.")
            wrapMode: Text.WordWrap
            font.pixelSize: AppSettings.smallText
            Layout.fillWidth: true
        }
        Button {
            objectName: "printerSettings"
            text: qsTr("Printer…")
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: page.printerRequested()
        }
    }
}
