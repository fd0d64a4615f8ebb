#include "printerstatus.h"

#include <QCoreApplication>

QStringList PrinterStatus::words() const
{
    if (!answered)
        return {QCoreApplication::translate("PrinterStatus", "No status support")};
    QStringList w;
    if (paperOut)
        w.append(QCoreApplication::translate("PrinterStatus", "Paper out"));
    else if (paperNearEnd)
        w.append(QCoreApplication::translate("PrinterStatus", "Paper running low"));
    if (coverOpen)
        w.append(QCoreApplication::translate("PrinterStatus", "Cover open"));
    if (error)
        w.append(QCoreApplication::translate("PrinterStatus", "Printer error"));
    if (offline)
        w.append(QCoreApplication::translate("PrinterStatus", "Offline"));
    if (w.isEmpty())
        w.append(QCoreApplication::translate("PrinterStatus", "Ready"));
    return w;
}

bool PrinterStatus::isStatusReply(char byte)
{
    return (uchar(byte) & 0x93) == 0x12;
}

PrinterStatus PrinterStatus::fromReplies(char printer, char offlineCause, char paper)
{
    PrinterStatus s;
    s.answered = true;
    s.offline = (uchar(printer) & 0x08) != 0;
    s.coverOpen = (uchar(offlineCause) & 0x04) != 0;
    s.error = (uchar(offlineCause) & 0x40) != 0;
    s.paperOut = (uchar(offlineCause) & 0x20) != 0 || (uchar(paper) & 0x60) != 0;
    s.paperNearEnd = (uchar(paper) & 0x0C) != 0;
    return s;
}

void PrinterStatus::applyPaperSensor(char reply)
{
    answered = true;
    paperNearEnd = (uchar(reply) & 0x03) != 0;
    paperOut = (uchar(reply) & 0x0C) != 0;
}
