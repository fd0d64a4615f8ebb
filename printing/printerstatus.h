#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

/**
 * What a printer said about itself through DLE EOT 1/2/4 (and GS r 1 at the end of a job).
 * `answered == false` means it never replied: many printers have no status support, and that is
 * not "offline" (ARCHITECTURE.md, lessons). Decoded into words a collector reads, translated.
 */
struct PrinterStatus
{
    bool answered = false;
    bool offline = false;
    bool coverOpen = false;
    bool paperOut = false;
    bool paperNearEnd = false;
    bool error = false; ///< an unrecoverable or auto-recoverable error (cutter jam, head hot)

    /// Nothing stops printing (also true when the printer does not answer: we cannot know).
    [[nodiscard]] bool canPrint() const { return !answered || (!offline && !coverOpen && !paperOut && !error); }
    /// "Paper out", "Cover open", …; "No status support" when it never answered; "Ready" otherwise.
    [[nodiscard]] QStringList words() const;
    [[nodiscard]] QString text() const { return words().join(QStringLiteral(", ")); }

    /// True when the byte has the fixed bits of a DLE EOT reply (0xx1xx10).
    [[nodiscard]] static bool isStatusReply(char byte);
    /// Decodes the replies to DLE EOT 1 (printer), 2 (offline cause) and 4 (paper sensor).
    [[nodiscard]] static PrinterStatus fromReplies(char printer, char offlineCause, char paper);
    /// Applies a GS r 1 reply (paper sensor: bits 0-1 near end, 2-3 paper end).
    void applyPaperSensor(char reply);

    bool operator==(const PrinterStatus &) const = default;
};

Q_DECLARE_METATYPE(PrinterStatus)
