#include "enterclicks.h"

#include <QCoreApplication>
#include <QKeyEvent>
#include <QQuickItem>
#include <QQuickWindow>

bool EnterClicks::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return false;
    const auto *key = static_cast<QKeyEvent *>(event);
    if (key->modifiers() & ~Qt::KeypadModifier)
        return false;
    if (key->key() != Qt::Key_Return && key->key() != Qt::Key_Enter && key->key() != Qt::Key_Select)
        return false;
    const auto *window = qobject_cast<QQuickWindow *>(watched);
    QQuickItem *focused = window ? window->activeFocusItem() : nullptr;
    // AbstractButton covers Button, RadioButton, Switch, CheckBox, ItemDelegate, TabButton.
    if (!focused || !focused->inherits("QQuickAbstractButton") || !focused->isEnabled() || !focused->isVisible())
        return false;
    if (key->isAutoRepeat())
        return true; // a held key clicks once, not a payment per repeat
    // The button's own key click (Qt 6.4 has no invokable click()): press and release Space.
    QKeyEvent press(QEvent::KeyPress, Qt::Key_Space, Qt::NoModifier, QStringLiteral(" "));
    QKeyEvent release(QEvent::KeyRelease, Qt::Key_Space, Qt::NoModifier, QStringLiteral(" "));
    QCoreApplication::sendEvent(focused, &press);
    QCoreApplication::sendEvent(focused, &release);
    return true;
}
