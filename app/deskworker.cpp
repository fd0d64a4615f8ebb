#include "deskworker.h"

#include <QCoreApplication>
#include <QDateTime>

#include "localtime.h"

namespace DeskWork {

QString text(const char *source)
{
    return QCoreApplication::translate("DeskService", source);
}

QString counted(const char *source, qint64 n)
{
    return QCoreApplication::translate("DeskService", source, nullptr, int(n));
}

Error notReady()
{
    return Error{QStringLiteral("desk.not-ready"),
                 text(QT_TRANSLATE_NOOP("DeskService", "The terminal is not ready."))};
}

ReceiptContext receiptContext(const DeskWorker &w)
{
    ReceiptContext c;
    c.utilityName = w.route && w.route->hasRoute() ? w.route->header().utilityName : QString();
    c.branchName = w.config.branchName;
    c.hotline = w.config.hotline;
    const auto who = w.desk ? w.roster.find(w.desk->currentCollectorId()) : std::nullopt;
    c.collectorName = who ? who->name : QString();
    c.utcOffsetSeconds = LocalTime::DeviceUtcOffsetSeconds;
    c.signer = w.key.isValid() ? &w.key : nullptr; // the journal's own key: the center knows it
    // The center's public check page, as its last commands reply gave it (read from the file:
    // the sync client writes it from its own thread).
    c.verifyAddress = w.journal ? w.journal->state("verify_address") : QString();
    return c;
}

SupervisorReport todaysReport(DeskWorker &w)
{
    const auto today = w.clock ? w.clock->trustedDate() : Result<QDate>(Error{});
    const QDate day = today.ok()
                          ? today.value()
                          : QDateTime::currentDateTimeUtc().toOffsetFromUtc(LocalTime::DeviceUtcOffsetSeconds).date();
    return SupervisorReport::forDay(
        *w.journal, day,
        [&w](const QString &number) {
            const auto account = w.route->findByNumber(number);
            return account ? account->village : QString();
        },
        LocalTime::DeviceUtcOffsetSeconds);
}

Result<Money> parsedOr(const QString &typed, Money fallback)
{
    if (typed.trimmed().isEmpty())
        return fallback;
    return Money::parse(typed.trimmed());
}

} // namespace DeskWork
