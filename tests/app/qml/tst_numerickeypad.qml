import QtQuick
import QtQuick.Controls
import QtTest
import Doorstep

// NumericKeypad: each key says what it is, keys never steal the field's focus (so a scanner and
// the hardware keys keep typing into it), Open is off until there is something to open.
Item {
    id: root
    width: 360
    height: 640

    TextField { id: field; width: root.width; height: 56 }

    Component {
        id: padComponent
        NumericKeypad { y: 80; width: root.width }
    }

    SignalSpy { id: digitSpy; signalName: "digit" }
    SignalSpy { id: eraseSpy; signalName: "erase" }
    SignalSpy { id: acceptSpy; signalName: "accept" }

    TestCase {
        name: "NumericKeypad"
        when: windowShown

        // Any QML warning (a binding to something undefined, a type error) fails the test.
        function init() { failOnWarning(/.*/) }

        function makePad(properties) {
            const pad = createTemporaryObject(padComponent, root, properties)
            verify(pad)
            for (const spy of [digitSpy, eraseSpy, acceptSpy]) {
                spy.clear()
                spy.target = pad
            }
            field.forceActiveFocus()
            return pad
        }

        function test_everyDigitOnce() {
            const pad = makePad({})
            for (const d of ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"])
                mouseClick(findChild(pad, "key_" + d))
            compare(digitSpy.count, 10)
            let typed = ""
            for (let i = 0; i < digitSpy.count; ++i)
                typed += digitSpy.signalArguments[i][0]
            compare(typed, "1234567890")
            verify(field.activeFocus, "the field keeps the focus")
        }

        function test_eraseAndOpen() {
            const pad = makePad({ acceptEnabled: true })
            mouseClick(findChild(pad, "key_erase"))
            mouseClick(findChild(pad, "key_enter"))
            compare(eraseSpy.count, 1)
            compare(acceptSpy.count, 1)
            verify(field.activeFocus)
        }

        function test_openIsOffWithNothingTyped() {
            const pad = makePad({ acceptEnabled: false })
            mouseClick(findChild(pad, "key_enter"))
            compare(acceptSpy.count, 0)
        }

        function test_keysFitAThumbAndTheScreen() {
            const pad = makePad({})
            for (const name of ["key_1", "key_5", "key_9", "key_0", "key_erase", "key_enter"]) {
                const key = findChild(pad, name)
                verify(key.height >= 48 && key.width >= 48, name + " is " + key.width + "×" + key.height)
                verify(key.mapToItem(root, key.width, 0).x <= root.width, name + " is off the screen")
            }
        }
    }
}
