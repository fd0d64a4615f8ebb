#include "linktrouble.h"

#include <QCoreApplication>

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(LinkTrouble)
};
} // namespace

QString LinkTrouble::describe(QNetworkReply::NetworkError error, const QString &detail)
{
    using E = QNetworkReply::NetworkError;
    switch (error) {
    case E::ConnectionRefusedError:
        return Tr::tr("The center is not answering at its address (is it running?).");
    case E::RemoteHostClosedError:
        return Tr::tr("The center closed the connection part-way.");
    case E::HostNotFoundError:
        return Tr::tr("The center's address cannot be found: no network here, or a wrong address.");
    case E::TimeoutError:
    case E::OperationCanceledError:
        return Tr::tr("The center took too long to answer (a weak link?).");
    case E::SslHandshakeFailedError:
        return Tr::tr("The secure connection to the center failed.");
    case E::TemporaryNetworkFailureError:
    case E::NetworkSessionFailedError:
        return Tr::tr("No network at the moment.");
    case E::ProxyConnectionRefusedError:
    case E::ProxyConnectionClosedError:
    case E::ProxyNotFoundError:
    case E::ProxyTimeoutError:
    case E::ProxyAuthenticationRequiredError:
        return Tr::tr("The network's proxy did not let the connection through.");
    default:
        break;
    }
    return Tr::tr("The link to the center failed: %1").arg(detail);
}
