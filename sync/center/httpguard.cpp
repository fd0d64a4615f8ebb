#include "httpguard.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>
#include <sys/socket.h>

#include "wirecodec.h"
#include "wireprotocol.h"

// ---- ConnectionLimiter

ConnectionLimiter::ConnectionLimiter(const HttpLimits &limits)
    : m_limits(limits)
{
}

bool ConnectionLimiter::admit(const QString &address)
{
    // An address keeps its rate between connections (a client opening one per request gets no
    // fresh burst each time); idle addresses are forgotten once there are many.
    if (m_peers.size() > 4096) {
        for (auto it = m_peers.begin(); it != m_peers.end();)
            it = it->connections == 0 ? m_peers.erase(it) : std::next(it);
    }
    Peer &peer = m_peers[address];
    if (m_open >= m_limits.maxConnections || peer.connections >= m_limits.maxConnectionsPerAddress)
        return false;
    ++peer.connections;
    ++m_open;
    return true;
}

void ConnectionLimiter::release(const QString &address)
{
    auto it = m_peers.find(address);
    if (it == m_peers.end() || it->connections <= 0)
        return;
    --it->connections;
    --m_open;
}

bool ConnectionLimiter::takeRequest(const QString &address, qint64 nowMs)
{
    auto it = m_peers.find(address);
    if (it == m_peers.end() || m_limits.requestsPerSecondPerAddress <= 0)
        return true; // not a connection this limiter admitted, or no per-address rate set
    Peer &peer = *it;
    const double burst = qMax(1, m_limits.requestBurstPerAddress);
    if (peer.refilledMs < 0) {
        peer.tokens = burst;
    } else if (nowMs > peer.refilledMs) {
        peer.tokens = qMin(burst, peer.tokens + double(nowMs - peer.refilledMs) *
                                                    double(m_limits.requestsPerSecondPerAddress) / 1000.0);
    }
    peer.refilledMs = nowMs;
    if (peer.tokens < 1.0)
        return false;
    peer.tokens -= 1.0;
    return true;
}

// ---- RequestGuard

RequestGuard::RequestGuard(QTcpSocket *socket, const HttpLimits &limits, ConnectionLimiter *limiter)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_limiter(limiter)
{
    setObjectName(QStringLiteral("doorstep-request-guard"));
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_state == State::Head && m_head.isEmpty() && m_socket->bytesAvailable() == 0) {
            m_socket->disconnectFromHost(); // an idle kept-alive connection
            return;
        }
        refuse(408, "Request Timeout", QStringLiteral("http.timeout"),
               tr("The request did not arrive in time; the connection is closed."));
    });
    connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::onReadyRead);
    m_timer.start(m_limits.idleTimeoutMs);
}

RequestGuard *RequestGuard::of(QTcpSocket *socket)
{
    return socket
               ? socket->findChild<RequestGuard *>(QStringLiteral("doorstep-request-guard"), Qt::FindDirectChildrenOnly)
               : nullptr;
}

void RequestGuard::requestHandled()
{
    if (m_state == State::Head && m_head.isEmpty())
        m_timer.start(m_limits.idleTimeoutMs);
}

QByteArray RequestGuard::refusalResponse(int status, const QByteArray &reason, const QString &code,
                                         const QString &message)
{
    const QByteArray body = Wire::encode(WireProtocol::ErrorReply{code, message}.toCbor());
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + Wire::mediaType() +
           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

void RequestGuard::discard()
{
    // Qt's server reads inside a QIODevice transaction while a request is incomplete, and a
    // transaction keeps every byte read for a rollback: end it, or discarded bytes pile up.
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->skip(m_socket->bytesAvailable());
}

void RequestGuard::refuse(int status, const QByteArray &reason, const QString &code, const QString &message)
{
    if (m_state == State::Closing)
        return;
    m_state = State::Closing;
    m_head.clear();
    m_timer.stop();
    discard(); // the server behind never sees this request
    m_socket->write(refusalResponse(status, reason, code, message));
    emit refused(status, code, m_socket->peerAddress().toString());
    // Closing at once would make the kernel answer the body still arriving with a reset, and
    // the client could lose the refusal. Send the answer, half-close, keep discarding what
    // comes until the client closes (or 5 s pass), then close.
    QPointer<QTcpSocket> socket(m_socket);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [socket] {
        if (socket && socket->bytesToWrite() == 0 && socket->socketDescriptor() >= 0)
            ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
    });
    m_socket->flush();
    if (m_socket->bytesToWrite() == 0 && m_socket->socketDescriptor() >= 0)
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    connect(m_socket, &QTcpSocket::disconnected, m_socket, &QObject::deleteLater);
    QTimer::singleShot(5000, m_socket, [socket] {
        if (socket)
            socket->abort();
    });
}

qsizetype RequestGuard::headEnd(QByteArrayView bytes)
{
    const qsizetype crlf = bytes.indexOf(QByteArrayView("\r\n\r\n"));
    const qsizetype lf = bytes.indexOf(QByteArrayView("\n\n"));
    if (crlf >= 0 && (lf < 0 || crlf < lf))
        return crlf + 4;
    return lf >= 0 ? lf + 2 : -1;
}

HeadVerdict RequestGuard::checkHead(QByteArrayView head, const HttpLimits &limits)
{
    HeadVerdict v;
    if (head.size() > limits.maxHeaderBytes) {
        v.status = 431;
        v.reason = "Request Header Fields Too Large";
        v.code = QStringLiteral("http.header-too-large");
        v.message = tr("The request head is larger than %1 bytes.").arg(limits.maxHeaderBytes);
        return v;
    }
    bool hasLength = false;
    const QList<QByteArray> lines = head.toByteArray().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "transfer-encoding") {
            v.status = 411;
            v.reason = "Length Required";
            v.code = QStringLiteral("http.length-required");
            v.message = tr("Send the body with a Content-Length; chunked bodies are not accepted.");
            return v;
        }
        if (name == "content-length") {
            // Digits only ("+5", "0x10", "5 5" are not lengths), one value if given twice; 19
            // digits or more is more than any limit.
            const bool digits = !value.isEmpty() &&
                                std::all_of(value.cbegin(), value.cend(), [](char c) { return c >= '0' && c <= '9'; });
            const qint64 n = !digits ? -1 : value.size() > 18 ? std::numeric_limits<qint64>::max() : value.toLongLong();
            if (!digits || (hasLength && n != v.contentLength)) {
                v.status = 400;
                v.reason = "Bad Request";
                v.code = QStringLiteral("http.bad-length");
                v.message = tr("The Content-Length is not valid.");
                return v;
            }
            v.contentLength = n;
            hasLength = true;
        }
    }
    if (v.contentLength > limits.maxBodyBytes) {
        v.status = 413;
        v.reason = "Payload Too Large";
        v.code = QStringLiteral("wire.too-large");
        v.message = tr("The request body is larger than %1 bytes.").arg(limits.maxBodyBytes);
    }
    return v;
}

void RequestGuard::onReadyRead()
{
    if (m_state == State::Closing) {
        discard();
        return;
    }
    const qint64 available = m_socket->bytesAvailable();
    qint64 offset = 0; // of the new bytes, how many are accounted for
    while (offset < available && m_state != State::Closing) {
        if (m_state == State::Body) {
            const qint64 n = qMin(m_bodyLeft, available - offset);
            m_bodyLeft -= n;
            offset += n;
            if (m_bodyLeft == 0)
                m_state = State::Head;
            continue;
        }
        // A head: look at no more than can still belong to it.
        const qint64 take = qMin(available - offset, qMax<qint64>(0, m_limits.maxHeaderBytes + 4 - m_head.size()));
        const qsizetype before = m_head.size();
        m_head += m_socket->peek(offset + take).mid(offset);
        const qsizetype end = headEnd(m_head);
        if (end < 0) {
            if (m_head.size() > m_limits.maxHeaderBytes) {
                const HeadVerdict v = checkHead(m_head, m_limits);
                return refuse(v.status, v.reason, v.code, v.message);
            }
            offset += take;
            if (!m_timer.isActive() || m_timer.interval() != m_limits.requestTimeoutMs)
                m_timer.start(m_limits.requestTimeoutMs);
            continue;
        }
        // The head is complete: check what the body will be before the server buffers it.
        const HeadVerdict v = checkHead(QByteArrayView(m_head).first(end), m_limits);
        if (v.status != 0)
            return refuse(v.status, v.reason, v.code, v.message);
        if (m_limiter &&
            !m_limiter->takeRequest(m_socket->peerAddress().toString(), QDateTime::currentMSecsSinceEpoch()))
            return refuse(429, "Too Many Requests", QStringLiteral("http.rate-limited"),
                          tr("Too many requests from this address; wait a little and try again."));
        offset += end - before;
        m_head.clear();
        m_bodyLeft = v.contentLength;
        m_state = m_bodyLeft > 0 ? State::Body : State::Head;
        m_timer.start(m_limits.requestTimeoutMs);
    }
}

namespace {

/// A connection over the limits: a 503 if the link can carry one, then closed.
void turnAway(QTcpSocket *socket)
{
    socket->write(RequestGuard::refusalResponse(
        503, "Service Unavailable", QStringLiteral("http.busy"),
        QCoreApplication::translate("RequestGuard", "The center has too many connections; try again shortly.")));
    socket->disconnectFromHost();
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(5000, socket, [socket] { socket->abort(); });
}

template<typename Guarded, typename Base>
QTcpSocket *admitNext(Guarded *server, ConnectionLimiter &limiter, const HttpLimits &limits)
{
    while (QTcpSocket *socket = server->Base::nextPendingConnection()) {
        const QString address = socket->peerAddress().toString();
        if (!limiter.admit(address)) {
            emit server->refused(503, QStringLiteral("http.busy"), address);
            turnAway(socket);
            continue;
        }
        QObject::connect(socket, &QObject::destroyed, server, [&limiter, address] { limiter.release(address); });
        auto *guard = new RequestGuard(socket, limits, &limiter);
        QObject::connect(guard, &RequestGuard::refused, server, &Guarded::refused);
        return socket;
    }
    return nullptr;
}

} // namespace

QTcpSocket *GuardedTcpServer::nextPendingConnection()
{
    return admitNext<GuardedTcpServer, QTcpServer>(this, m_limiter, m_limits);
}

QTcpSocket *GuardedSslServer::nextPendingConnection()
{
    return admitNext<GuardedSslServer, QSslServer>(this, m_limiter, m_limits);
}
