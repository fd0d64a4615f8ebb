#pragma once

#include <QNetworkReply>
#include <QString>

/**
 * What went wrong on the link to the center, in words a collector can act on ("is the center
 * running?", "no network here") instead of Qt's socket messages, and in the app's language.
 * Used by the sync client and enrolment for every reply that ended without an HTTP status.
 */
namespace LinkTrouble {

/// The words for `error`; `detail` (Qt's own text) is added only where no words of ours fit.
[[nodiscard]] QString describe(QNetworkReply::NetworkError error, const QString &detail);
[[nodiscard]] inline QString describe(const QNetworkReply &reply)
{
    return describe(reply.error(), reply.errorString());
}

} // namespace LinkTrouble
