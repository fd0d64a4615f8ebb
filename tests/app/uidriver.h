#pragma once

// Drives the real app window in tests and benchmarks: finds items by objectName, taps and types
// the way a person would, waits for page transitions, and saves screenshots.
//
// Items are found again by name each time they are used: the driver never keeps a pointer to an
// item across anything that processes events (a wait, a scroll, a key), because a list's delegates
// and a page's items are destroyed and recreated by then (a reprint refreshes the receipts list).
// What must outlive a wait is held in a QPointer and checked.
#include <QDir>
#include <QImage>
#include <QPointer>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>
#include <QtQuickTest/quicktest.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace UiTest {

// How long a step may take before the test gives up: a bound, not a pause. A receipt cut off
// mid-way is only known after the printer link's stall timeout (10 s), and a machine whose cores
// are busy with a build runs the whole day three times slower.
constexpr int Wait = 60000;

/** Finds and operates items of the window by objectName, the way a person would. */
class Driver
{
public:
    Driver(QQuickWindow *window, QString shotDir)
        : m_window(window)
        , m_shotDir(std::move(shotDir))
    {
    }

    /// The visible item with this objectName (the first one found in the visual tree). Use it at
    /// once: the next wait may destroy it.
    [[nodiscard]] QQuickItem *item(const QString &name) const { return find(root(), name, true); }
    [[nodiscard]] QQuickItem *anyItem(const QString &name) const { return find(root(), name, false); }

    /// A property of the visible item (invalid if there is no such item).
    [[nodiscard]] QVariant property(const QString &name, const char *property) const
    {
        const QQuickItem *i = item(name);
        return i ? i->property(property) : QVariant();
    }
    [[nodiscard]] bool setProperty(const QString &name, const char *property, const QVariant &value)
    {
        QQuickItem *i = item(name);
        return i && i->setProperty(property, value);
    }
    [[nodiscard]] bool hasActiveFocus(const QString &name) const
    {
        const QQuickItem *i = item(name);
        return i && i->hasActiveFocus();
    }
    [[nodiscard]] bool isEnabled(const QString &name) const
    {
        const QQuickItem *i = item(name);
        return i && i->isEnabled();
    }
    /// Gives the item the keyboard focus, as the hardware keys would reach it.
    [[nodiscard]] bool focus(const QString &name, Qt::FocusReason reason = Qt::OtherFocusReason)
    {
        QQuickItem *i = item(name);
        if (!i)
            return false;
        i->forceActiveFocus(reason);
        return true;
    }

    /// Waits for page transitions (the StackView's push and pop slides) and for popups (the
    /// drawer, dialogs) to be fully open or fully closed, up to `ms`.
    bool settle(int ms = Wait) const
    {
        return QTest::qWaitFor([this] { return !transitioning(); }, ms);
    }

    /// Taps the centre of the visible, enabled item, scrolled into view first. A button that did
    /// not report the tap was missed (the page moved between the press and the release: a status
    /// line rewrapped above it under load) and is tapped again, up to three times.
    [[nodiscard]] bool click(const QString &name)
    {
        for (int attempt = 0; attempt < 3; ++attempt) {
            settle();
            // Like a collector, wait for a button greyed out while the desk works (a loaded CI machine).
            if (!QTest::qWaitFor([&] { return isEnabled(name); }, 5000))
                return false;
            scrollIntoView(name);
            // The scroll may have recreated the item: find it again, and tap with no event processed
            // between finding it and pressing.
            const auto centre = steady(name);
            if (!centre)
                return false;
            QPointer<QQuickItem> target = item(name);
            std::optional<QSignalSpy> tapped;
            if (target && target->metaObject()->indexOfSignal("clicked()") >= 0)
                tapped.emplace(target.data(), SIGNAL(clicked()));
            QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, *centre);
            if (!tapped || !tapped->isValid() || !tapped->isEmpty() || !target || !target->isVisible() ||
                !target->isEnabled())
                return true;
        }
        return false;
    }

    /// Focuses the field (a tap), clears it, and types the text key by key.
    [[nodiscard]] bool type(const QString &name, const QString &text)
    {
        settle();
        if (!item(name))
            return false;
        scrollIntoView(name);
        if (!steady(name))
            return false;
        QPointer<QQuickItem> field = item(name);
        field->forceActiveFocus();
        field->setProperty("text", QString());
        for (const QChar c : text) { // QTest::keyClicks takes widgets only in Qt 6.4; the text here is ASCII
            if (!field || !field->hasActiveFocus())
                return false; // the field went away or lost the focus under the typing
            QTest::keyClick(m_window, c.toLatin1());
        }
        return field && field->property("text").toString() == text;
    }

    /// Waits until the item is shown (events keep flowing), up to `ms`.
    [[nodiscard]] bool waitFor(const QString &name, int ms = Wait) const
    {
        return QTest::qWaitFor([&] { return item(name) != nullptr; }, ms);
    }

    /// Opens a screen from the drawer menu, as a finger would.
    [[nodiscard]] bool openScreen(const QString &key)
    {
        return waitFor(QStringLiteral("menuButton")) && click(QStringLiteral("menuButton")) &&
               waitFor(QStringLiteral("menu_") + key) && click(QStringLiteral("menu_") + key) && settle();
    }

    void key(Qt::Key k)
    {
        settle();
        QTest::keyClick(m_window, k);
    }

    [[nodiscard]] QString text(const QString &name) const { return property(name, "text").toString(); }

    /// Saves the window as NN-name.png.
    [[nodiscard]] bool shot(const QString &name)
    {
        settle();
        QTest::qWait(50); // let the scene graph render the last change
        const QImage image = m_window->grabWindow();
        return !image.isNull() && image.save(QDir(m_shotDir).filePath(
                                      QStringLiteral("%1-%2.png").arg(++m_shots, 2, 10, QLatin1Char('0')).arg(name)));
    }

    [[nodiscard]] int shots() const { return m_shots; }

private:
    [[nodiscard]] QQuickItem *root() const { return m_window ? m_window->contentItem() : nullptr; }

    static bool shown(const QQuickItem *i)
    {
        for (const QQuickItem *p = i; p; p = p->parentItem()) {
            if (!p->isVisible() || p->opacity() == 0)
                return false;
        }
        return true;
    }

    static QQuickItem *find(QQuickItem *root, const QString &name, bool visibleOnly)
    {
        if (!root)
            return nullptr;
        if (root->objectName() == name && (!visibleOnly || shown(root)))
            return root;
        const auto children = root->childItems();
        for (QQuickItem *child : children) {
            if (QQuickItem *found = find(child, name, visibleOnly))
                return found;
        }
        return nullptr;
    }

    // A page sliding in or out, or a popup (drawer, dialog, a combo box's list) opening or closing:
    // a tap now would land on what is moving away.
    [[nodiscard]] bool transitioning() const
    {
        if (!m_window)
            return false;
        if (const QQuickItem *stack = anyItem(QStringLiteral("stack")); stack && stack->property("busy").toBool())
            return true;
        const auto objects = m_window->findChildren<QObject *>();
        return std::any_of(objects.cbegin(), objects.cend(), [](const QObject *o) {
            return o->inherits("QQuickPopup") && o->property("visible").toBool() && !o->property("opened").toBool();
        });
    }

    // Waits until the item is enabled and stands still on screen, nothing moving around it, and
    // returns its centre in the window. Finds it again at each look.
    [[nodiscard]] std::optional<QPoint> steady(const QString &name) const
    {
        std::optional<QPoint> last;
        std::optional<QPoint> centre;
        (void)QTest::qWaitFor(
            [&] {
                const QQuickItem *target = item(name);
                // A layout waiting for its polish still has the items where they were before the
                // last change (a message shown above the button): they move at the next frame.
                if (!target || !target->isEnabled() || transitioning() ||
                    QQuickTest::qIsPolishScheduled(m_window.data())) {
                    last.reset();
                    return false;
                }
                const QPoint here = target->mapToScene(QPointF(target->width() / 2, target->height() / 2)).toPoint();
                const bool still = last == here;
                last = here;
                if (still && QRect(QPoint(), m_window->size()).contains(here))
                    centre = here;
                return centre.has_value();
            },
            5000);
        return centre;
    }

    // Scrolls a Flickable or ListView ancestor so the item is on screen before it is tapped. Keeps
    // no pointer: the view may recreate its delegates at the new position.
    void scrollIntoView(const QString &name)
    {
        QQuickItem *target = item(name);
        for (QQuickItem *p = target ? target->parentItem() : nullptr; p; p = p->parentItem()) {
            if (!p->inherits("QQuickFlickable"))
                continue;
            const QPointF inContent = target->mapToItem(p->property("contentItem").value<QQuickItem *>(), QPointF());
            const qreal maxY = std::max<qreal>(0, p->property("contentHeight").toReal() - p->height());
            // Whole pixels: a press on a view snaps a fractional position, which moves the rows again.
            const qreal y = std::round(std::clamp<qreal>(inContent.y() - p->height() / 3, 0, maxY));
            if (qAbs(p->property("contentY").toReal() - y) >= 1)
                p->setProperty("contentY", y);
            return;
        }
    }

    QPointer<QQuickWindow> m_window;
    QString m_shotDir;
    int m_shots = 0;
};

} // namespace UiTest
