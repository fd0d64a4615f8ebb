#pragma once

// A collector's moves in the real window, as the end-to-end tests repeat them: log in and open
// the shift, go to an account's payment screen, take a payment and move on. Each returns false
// (rather than failing the test itself) so that a caller can say where the day went wrong.

#include <QTest>

#include "uidriver.h"

namespace CollectorSteps {

using UiTest::Driver;
using UiTest::Wait;

/// From the login screen to an empty, focused lookup field: PIN, then the shift's float.
[[nodiscard]] inline bool logInAndOpenShift(Driver &ui, const QString &pin, const QString &floatAmount)
{
    if (!ui.waitFor(QStringLiteral("pinField")) || !ui.type(QStringLiteral("pinField"), pin))
        return false;
    ui.key(Qt::Key_Return);
    if (!ui.waitFor(QStringLiteral("floatField")) || !ui.type(QStringLiteral("floatField"), floatAmount))
        return false;
    ui.key(Qt::Key_Return);
    return ui.waitFor(QStringLiteral("lookupField"));
}

/// From the lookup to the payment screen of `number`, `amount` typed (empty: the offered amount
/// kept), Confirm enabled.
[[nodiscard]] inline bool toPayment(Driver &ui, const QString &number, const QString &amount)
{
    if (!ui.type(QStringLiteral("lookupField"), number))
        return false;
    ui.key(Qt::Key_Return);
    if (!ui.waitFor(QStringLiteral("takePayment")) || !ui.click(QStringLiteral("takePayment")) ||
        !QTest::qWaitFor([&] { return !ui.text(QStringLiteral("amountField")).isEmpty(); }, Wait))
        return false;
    if (!amount.isEmpty() && !ui.type(QStringLiteral("amountField"), amount))
        return false;
    return QTest::qWaitFor([&] { return ui.isEnabled(QStringLiteral("confirmPayment")); }, Wait);
}

/// A payment confirmed, then Next customer: back at the lookup.
[[nodiscard]] inline bool pay(Driver &ui, const QString &number, const QString &amount)
{
    return toPayment(ui, number, amount) && ui.click(QStringLiteral("confirmPayment")) &&
           ui.waitFor(QStringLiteral("paidLabel")) && ui.click(QStringLiteral("nextCustomer")) &&
           ui.waitFor(QStringLiteral("lookupField"));
}

} // namespace CollectorSteps
