#pragma once

#include <QObject>

/**
 * Enter (and a handheld's Select key) clicks the button that has the focus. Qt Quick Controls
 * buttons answer only Space, which a handheld's keypad lacks; with this filter on the window,
 * every button reached with the arrow keys or Tab is one Enter away, as the collector expects.
 */
class EnterClicks : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};
