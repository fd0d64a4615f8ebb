#pragma once

#include <QList>
#include <QStringList>
#include <QVariantMap>

#include "deskcontroller.h"

/**
 * The shift from its opening float to its close: the blind count (notes and coins first, the
 * expected figure revealed only after), the close with a supervisor when the count differs, the
 * Z-report, and cash handed over mid-shift. Counts arrive as typed, keyed by note value in fen
 * ("10000": "3"); what they add up to is computed here, never in QML. Every count is a journal
 * entry before its expected figure is shown, so a recount is seen, never silent.
 */
class ShiftController : public DeskController
{
    Q_OBJECT
    QML_ELEMENT
    /// Note and coin values for the blind count, in fen, largest first, with their labels.
    Q_PROPERTY(QList<qint64> denominations READ denominations CONSTANT)
    Q_PROPERTY(QStringList denominationLabels READ denominationLabels CONSTANT)

public:
    using DeskController::DeskController;

    [[nodiscard]] static QList<qint64> denominations();
    [[nodiscard]] static QStringList denominationLabels();

    /// Opens a shift with the change float the collector carries (blank: none): answers opened.
    Q_INVOKABLE void openShift(const QString &openingFloat);
    /// What the typed piece counts add up to so far, formatted; empty while a count is not a whole
    /// number of a known note or coin. Computed at once (no disk).
    Q_INVOKABLE QString countedTotal(const QVariantMap &pieces) const;
    /// The blind count, journaled before the expected figure is revealed: answers cashCounted. A
    /// second count is a recount, journaled as one.
    Q_INVOKABLE void countCash(const QVariantMap &pieces);
    /// The shift's last journaled count, if there is one (after a restart): answers cashCounted.
    Q_INVOKABLE void showJournaledCount();
    /// Closes the shift with the counted pieces; a difference needs a supervisor. Answers closed.
    Q_INVOKABLE void closeShift(const QVariantMap &pieces, const QString &supervisorId, const QString &supervisorPin);
    /// Cash handed to a supervisor during the shift, counted by note and coin and received with
    /// their PIN: answers cashHandedOver.
    Q_INVOKABLE void handOverCash(const QVariantMap &pieces, const QString &receiverId, const QString &receiverPin);

    /// Parses the count screen's pieces; an error in words for anything but whole non-negative counts.
    [[nodiscard]] static Result<QMap<qint64, qint64>> parsePieces(const QVariantMap &pieces);

signals:
    void opened();
    /// The blind count revealed: what was counted, what the journal expects, the difference.
    void cashCounted(const QString &counted, const QString &expected, const QString &difference, bool needsSupervisor,
                     int countNumber);
    /// The Z-report, line by line as the screen shows it, and its number.
    void closed(const QString &reportNumber, const QStringList &lines);
    void cashHandedOver(const QString &amount, const QString &receiverName, const QString &cashInHand);
};
