import QtQuick
import QtTest
import Doorstep

// ReportLineList: a tap or Enter opens a line only when the list is activatable; Up/Down move;
// bars are as long as each line's share (‰, from C++), and only when asked for.
Item {
    id: root
    width: 360
    height: 640

    ListModel {
        id: lines
        ListElement { key: "v1"; label: "李家村"; detail: "3/5 done"; amountText: "¥100.00"; share: 1000; flagged: false }
        ListElement { key: "v2"; label: "王庄"; detail: ""; amountText: "¥50.00"; share: 500; flagged: true }
        ListElement { key: "v3"; label: "张湾"; detail: "0/2 done"; amountText: "¥0.00"; share: 0; flagged: false }
    }

    Component {
        id: listComponent
        ReportLineList {
            width: root.width
            height: root.height
            model: lines
        }
    }

    SignalSpy { id: activatedSpy; signalName: "activated" }

    TestCase {
        name: "ReportLineList"
        when: windowShown

        // Any QML warning (a binding to something undefined, a type error) fails the test.
        function init() { failOnWarning(/.*/) }

        function makeList(properties) {
            const list = createTemporaryObject(listComponent, root, properties)
            verify(list, "the list is created")
            activatedSpy.clear()
            activatedSpy.target = list
            tryCompare(list, "count", 3)
            list.forceActiveFocus()
            return list
        }

        function line(list, index) {
            const item = findChild(list, "reportLine_" + index)
            verify(item, "line " + index + " is shown")
            return item
        }

        function test_tapOpensALineWhenActivatable() {
            const list = makeList({ activatable: true })
            mouseClick(line(list, 1))
            compare(activatedSpy.count, 1)
            compare(activatedSpy.signalArguments[0][0], "v2")
            compare(list.currentIndex, 1)
        }

        function test_keysMoveAndEnterOpens() {
            const list = makeList({ activatable: true })
            compare(list.currentIndex, 0)
            keyClick(Qt.Key_Down)
            keyClick(Qt.Key_Down)
            compare(list.currentIndex, 2)
            keyClick(Qt.Key_Down) // the last line stays current
            compare(list.currentIndex, 2)
            keyClick(Qt.Key_Return)
            keyClick(Qt.Key_Up)
            keyClick(Qt.Key_Enter)
            compare(activatedSpy.count, 2)
            compare(activatedSpy.signalArguments[0][0], "v3")
            compare(activatedSpy.signalArguments[1][0], "v2")
        }

        function test_plainReportLinesDoNotOpen() {
            const list = makeList({ activatable: false })
            mouseClick(line(list, 0))
            keyClick(Qt.Key_Return)
            compare(activatedSpy.count, 0)
            compare(list.currentIndex, 0) // a tap still marks the line
        }

        function test_barsFollowTheShare() {
            const list = makeList({ bars: true })
            const full = findChild(line(list, 0), "lineBar")
            const half = findChild(line(list, 1), "lineBar")
            const none = findChild(line(list, 2), "lineBar")
            verify(full.visible && half.visible && none.visible)
            fuzzyCompare(half.width / full.width, 0.5, 0.02)
            verify(none.width <= 2, "a zero share is a sliver, not a bar")
            verify(full.width <= list.width)
            compare(String(half.color), String(AppSettings.warning)) // flagged lines warn

            const plain = makeList({ bars: false })
            verify(!findChild(line(plain, 0), "lineBar").visible)
        }

        function test_linesAreTallEnoughForAThumb() {
            const list = makeList({ activatable: true })
            for (let i = 0; i < 3; ++i)
                verify(line(list, i).height >= 48, "line " + i + " is " + line(list, i).height + " px tall")
        }
    }
}
