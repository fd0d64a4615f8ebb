#include "httpguard.h"

#include <QCoreApplication>

#include <sys/socket.h>

#include "wirecodec.h"
#include "wireprotocol.h"

RequestGuard::RequestGuard(QTcpSocket *socket, const HttpLimits &limits)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
{
    setObjectName(QStringLiteral("doorstep-request-guard"));
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_state == State::Idle && m_socket->bytesAvailable() == 0) {
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
    if (m_state == State::InRequest) {
        m_state = State::Idle;
        m_timer.start(m_limits.idleTimeoutMs);
    }
}

QByteArray RequestGuard::refusalResponse(int status, const QByteArray &reason, const QString &code,
                                         const QString &message)
{
    const QByteArray body = Wire::encode(WireProtocol::ErrorReply{code, message}.toCbor());
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + Wire::mediaType() +
           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

void RequestGuard::refuse(int status, const QByteArray &reason, const QString &code, const QString &message)
{
    if (m_state == State::Closing)
        return;
    m_state = State::Closing;
    m_timer.stop();
    m_socket->readAll(); // the server behind never sees this request
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

void RequestGuard::onReadyRead()
{
    if (m_state == State::Closing) {
        m_socket->readAll();
        return;
    }
    if (m_state == State::InRequest)
        return; // the body of a request whose head was checked
    const qint64 available = m_socket->bytesAvailable();
    const QByteArray head = m_socket->peek(qMin<qint64>(available, m_limits.maxHeaderBytes + 4));
    qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0)
        end = head.indexOf("\n\n");
    if (end < 0) {
        if (available > m_limits.maxHeaderBytes)
            refuse(431, "Request Header Fields Too Large", QStringLiteral("http.header-too-large"),
                   tr("The request head is larger than %1 bytes.").arg(m_limits.maxHeaderBytes));
        else if (!m_timer.isActive() || m_timer.interval() != m_limits.requestTimeoutMs)
            m_timer.start(m_limits.requestTimeoutMs);
        return;
    }
    // The head is complete: check what the body will be before the server buffers it.
    qint64 contentLength = 0;
    bool hasBodyFraming = false;
    const QList<QByteArray> lines = head.left(end).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "transfer-encoding") {
            refuse(411, "Length Required", QStringLiteral("http.length-required"),
                   tr("Send the body with a Content-Length; chunked bodies are not accepted."));
            return;
        }
        if (name == "content-length") {
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            if (!ok || n < 0 || (hasBodyFraming && n != contentLength)) {
                refuse(400, "Bad Request", QStringLiteral("http.bad-length"), tr("The Content-Length is not valid."));
                return;
            }
            hasBodyFraming = true;
            contentLength = n;
        }
    }
    if (contentLength > m_limits.maxBodyBytes) {
        refuse(413, "Payload Too Large", QStringLiteral("wire.too-large"),
               tr("The request body is larger than %1 bytes.").arg(m_limits.maxBodyBytes));
        return;
    }
    m_state = State::InRequest;
    m_timer.start(m_limits.requestTimeoutMs);
}

QTcpSocket *GuardedTcpServer::nextPendingConnection()
{
    QTcpSocket *socket = QTcpServer::nextPendingConnection();
    if (socket) {
        auto *guard = new RequestGuard(socket, m_limits);
        connect(guard, &RequestGuard::refused, this, &GuardedTcpServer::refused);
    }
    return socket;
}

QTcpSocket *GuardedSslServer::nextPendingConnection()
{
    QTcpSocket *socket = QSslServer::nextPendingConnection();
    if (socket) {
        auto *guard = new RequestGuard(socket, m_limits);
        connect(guard, &RequestGuard::refused, this, &GuardedSslServer::refused);
    }
    return socket;
}
