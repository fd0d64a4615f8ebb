#pragma once

// Drives the real app window in tests and benchmarks: finds items by objectName, taps and types
// the way a person would, waits for page transitions, and saves screenshots.
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>

#include <algorithm>

namespace UiTest {

constexpr int Wait = 20000;

/** Finds and operates items of the window by objectName, the way a person would. */
class Driver
{
public:
    Driver(QQuickWindow *window, QString shotDir)
        : m_window(window)
        , m_shotDir(std::move(shotDir))
    {
    }

    /// The visible item with this objectName (the first one found in the visual tree).
    [[nodiscard]] QQuickItem *item(const QString &name) const { return find(m_window->contentItem(), name, true); }
    [[nodiscard]] QQuickItem *anyItem(const QString &name) const { return find(m_window->contentItem(), name, false); }

    /// Waits for page transitions (the StackView's push and pop slides) to finish.
    void settle() const
    {
        const QQuickItem *stack = anyItem(QStringLiteral("stack"));
        for (int i = 0; stack && stack->property("busy").toBool() && i < 200; ++i)
            QTest::qWait(10);
    }

    [[nodiscard]] bool click(const QString &name)
    {
        settle();
        // Like a collector, wait for a button greyed out while the desk works (a loaded CI machine).
        QQuickItem *target = nullptr;
        if (!QTest::qWaitFor(
                [&] {
                    target = item(name);
                    return target && target->isEnabled();
                },
                5000))
            return false;
        ensureShown(target);
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
        return true;
    }

    /// Focuses the field (a tap), clears it, and types the text key by key.
    [[nodiscard]] bool type(const QString &name, const QString &text)
    {
        settle();
        QQuickItem *field = item(name);
        if (!field)
            return false;
        ensureShown(field);
        field->forceActiveFocus();
        field->setProperty("text", QString());
        for (const QChar c : text) // QTest::keyClicks takes widgets only in Qt 6.4; the text here is ASCII
            QTest::keyClick(m_window, c.toLatin1());
        return field->property("text").toString() == text;
    }

    /// Waits until the item is shown (events keep flowing), up to `ms`.
    [[nodiscard]] bool waitFor(const QString &name, int ms = 20000) const
    {
        for (QElapsedTimer t; !t.isValid() || t.elapsed() < ms;) {
            if (!t.isValid())
                t.start();
            if (item(name))
                return true;
            QTest::qWait(20);
        }
        return false;
    }

    /// Opens a screen from the drawer menu, as a finger would.
    [[nodiscard]] bool openScreen(const QString &key)
    {
        if (!waitFor(QStringLiteral("menuButton")) || !click(QStringLiteral("menuButton")) ||
            !waitFor(QStringLiteral("menu_") + key))
            return false;
        QTest::qWait(400); // the drawer slides in
        return click(QStringLiteral("menu_") + key);
    }

    void key(Qt::Key k)
    {
        settle();
        QTest::keyClick(m_window, k);
    }

    [[nodiscard]] QString text(const QString &name) const
    {
        const QQuickItem *i = item(name);
        return i ? i->property("text").toString() : QString();
    }

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

    // Scrolls a Flickable or ListView ancestor so the item is on screen before it is tapped.
    void ensureShown(QQuickItem *target)
    {
        for (QQuickItem *p = target->parentItem(); p; p = p->parentItem()) {
            if (p->inherits("QQuickFlickable")) {
                const QPointF inContent =
                    target->mapToItem(p->property("contentItem").value<QQuickItem *>(), QPointF());
                const qreal maxY = std::max<qreal>(0, p->property("contentHeight").toReal() - p->height());
                const qreal y = std::clamp<qreal>(inContent.y() - p->height() / 3, 0, maxY);
                p->setProperty("contentY", y);
                QTest::qWait(30);
                return;
            }
        }
    }

    QQuickWindow *m_window;
    QString m_shotDir;
    int m_shots = 0;
};

} // namespace UiTest
