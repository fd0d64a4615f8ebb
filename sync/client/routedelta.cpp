#include "routedelta.h"

RouteChanges routeChangesFrom(const WireProtocol::WorklistDelta &delta)
{
    RouteChanges c;
    c.since = delta.since;
    c.version = delta.version;
    c.route = delta.route;
    // The center keeps worklist keys as "M.<key>" and penalty-policy keys as "P.<key>".
    for (const auto &[key, value] : delta.settings) {
        const bool prefixed = key.startsWith(QLatin1String("M.")) || key.startsWith(QLatin1String("P."));
        c.settings.append({prefixed ? key.mid(2) : key, value});
    }
    c.accounts = delta.accounts;
    c.bills = delta.bills;
    c.removedAccounts = delta.removedAccounts;
    c.removedBills = delta.removedBills;
    return c;
}
