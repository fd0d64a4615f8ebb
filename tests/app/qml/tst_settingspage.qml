import QtQuick
import QtTest
import Doorstep

// SettingsPage writes straight to AppSettings (kept on the terminal): text size, high contrast,
// language; the choice shown is the language in use; the printer button asks for its page.
Item {
    id: root
    width: 360
    height: 640

    Component {
        id: pageComponent
        SettingsPage { width: root.width; height: root.height }
    }

    SignalSpy { id: printerSpy; signalName: "printerRequested" }

    TestCase {
        name: "SettingsPage"
        when: windowShown

        // Any QML warning (a binding to something undefined, a type error) fails the test.
        function init() { failOnWarning(/.*/) }

        function makePage() {
            const page = createTemporaryObject(pageComponent, root)
            verify(page, "the page is created")
            printerSpy.clear()
            printerSpy.target = page
            return page
        }

        function cleanup() {
            AppSettings.textScalePercent = 100
            AppSettings.highContrast = false
            AppSettings.language = ""
        }

        function test_textSizeAppliesAtOnce() {
            const page = makePage()
            const before = AppSettings.baseText
            mouseClick(findChild(page, "textScale_150"))
            compare(AppSettings.textScalePercent, 150)
            verify(AppSettings.baseText > before)
            verify(findChild(page, "textScale_150").checked)
            verify(!findChild(page, "textScale_100").checked)
            // At 150 % everything still fits the 360 px screen.
            for (const name of ["languageChoice", "highContrast", "printerSettings", "textScale_150"]) {
                const item = findChild(page, name)
                const right = item.mapToItem(root, item.width, 0).x
                verify(right <= root.width, name + " ends at " + right)
            }
        }

        function test_highContrastToggles() {
            const page = makePage()
            const sw = findChild(page, "highContrast")
            const normalWarning = String(AppSettings.warning)
            mouseClick(sw)
            verify(AppSettings.highContrast)
            verify(String(AppSettings.warning) !== normalWarning)
            mouseClick(sw)
            verify(!AppSettings.highContrast)
        }

        function test_languageChoiceShowsAndSetsTheLanguage() {
            const page = makePage()
            const combo = findChild(page, "languageChoice")
            compare(combo.currentIndex, AppSettings.languages.indexOf(AppSettings.languageInUse))
            combo.forceActiveFocus()
            const other = combo.currentIndex === 0 ? 1 : 0
            keyClick(other === 1 ? Qt.Key_Down : Qt.Key_Up)
            compare(AppSettings.language, AppSettings.languages[other])
        }

        function test_printerButton() {
            const page = makePage()
            mouseClick(findChild(page, "printerSettings"))
            compare(printerSpy.count, 1)
        }

        function test_touchTargets() {
            const page = makePage()
            for (const name of ["languageChoice", "highContrast", "printerSettings", "textScale_100"])
                verify(findChild(page, name).height >= 48, name + " is too small for a thumb")
        }
    }
}
