#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QPointer>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

/** Limits on what one HTTP request may send before the center reads it. */
struct HttpLimits
{
    qint64 maxHeaderBytes = qint64(16) * 1024;
    qint64 maxBodyBytes = qint64(4) * 1024 * 1024; ///< Content-Length above this is refused (413)
    int requestTimeoutMs = 120'000;                ///< a request must arrive whole within this (slow-loris)
    int idleTimeoutMs = 120'000;                   ///< a kept-alive connection with nothing to do is closed
    int maxConnections = 512;                      ///< open at once; beyond, a new connection gets 503
    int maxConnectionsPerAddress = 128;            ///< from one address (a depot's terminals share a NAT)
    int requestsPerSecondPerAddress = 50;          ///< sustained; beyond the burst, 429 (0: no limit)
    int requestBurstPerAddress = 200;
};

/**
 * What the guard decides from a complete request head (the bytes before the blank line): the
 * refusal to send, or the body length to expect. Pure, for tests and fuzzing.
 */
struct HeadVerdict
{
    int status = 0; ///< 0: accepted
    QByteArray reason;
    QString code;
    QString message;
    qint64 contentLength = 0;
};

/**
 * Connections and request rate per peer address, shared by every connection of one server.
 * The clock is a monotonic millisecond count, replaceable for tests.
 */
class ConnectionLimiter
{
public:
    explicit ConnectionLimiter(const HttpLimits &limits);
    /// False when the server or this address is at its connection limit; else counts it.
    [[nodiscard]] bool admit(const QString &address);
    void release(const QString &address);
    /// One request from `address`: false when it is over its rate.
    [[nodiscard]] bool takeRequest(const QString &address, qint64 nowMs);
    [[nodiscard]] int open() const { return m_open; }

private:
    struct Peer
    {
        int connections = 0;
        double tokens = 0;
        qint64 refilledMs = -1;
    };
    HttpLimits m_limits;
    QHash<QString, Peer> m_peers;
    int m_open = 0;
};

/**
 * Qt HttpServer 6.4 has no request limits: it buffers any Content-Length and any header size.
 * The guard sits in front of it on every connection (its readyRead slot is connected before
 * the server's) and follows the byte stream itself: each request head from its first byte,
 * whatever TCP segments it came in (the server reads everything that arrives, so each time the
 * guard looks only at what is new), then exactly the body bytes the head declared, then the next
 * head. It answers 431 (head too large), 411 (chunked body), 400 (bad length), 413 (body too
 * large) or, with a ConnectionLimiter, 429 (too many requests from the address) from the head
 * alone, before a byte of the body is read, discards the rest and closes the connection, so a
 * hostile client never makes the center allocate more than the limits. It also closes
 * connections that dawdle. The route handlers call requestHandled() when the server has
 * dispatched a request.
 */
class RequestGuard : public QObject
{
    Q_OBJECT
public:
    /// With a limiter, each request head also takes a token of its peer's rate (429 beyond).
    RequestGuard(QTcpSocket *socket, const HttpLimits &limits, ConnectionLimiter *limiter = nullptr);
    static RequestGuard *of(QTcpSocket *socket);
    void requestHandled();

    /// The verdict on one complete head (request line and header lines, without the blank line).
    [[nodiscard]] static HeadVerdict checkHead(QByteArrayView head, const HttpLimits &limits);
    /// Where the head in `bytes` ends: the offset just past its blank line, or -1.
    [[nodiscard]] static qsizetype headEnd(QByteArrayView bytes);

    /// The refusal body (framed CBOR ErrorReply) the guard sends; settable for tests and logs.
    static QByteArray refusalResponse(int status, const QByteArray &reason, const QString &code,
                                      const QString &message);

Q_SIGNALS:
    /// Emitted for each request the guard refuses, for the structured log.
    void refused(int status, const QString &code, const QString &remote);

private:
    void onReadyRead();
    void refuse(int status, const QByteArray &reason, const QString &code, const QString &message);
    void discard();

    // The guard follows the byte stream itself (Qt's server reads everything that arrives, so
    // what it peeks at each time is only what is new): the head of each request from its first
    // byte, then as many body bytes as its Content-Length said, then the next head.
    enum class State { Head, Body, Closing };
    QTcpSocket *m_socket;
    HttpLimits m_limits;
    ConnectionLimiter *m_limiter = nullptr;
    State m_state = State::Head;
    QByteArray m_head;     ///< the current request head so far
    qint64 m_bodyLeft = 0; ///< body bytes still to come
    QTimer m_timer;
};

/** A QTcpServer whose connections each get a RequestGuard. */
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    GuardedTcpServer(const HttpLimits &limits, QObject *parent)
        : QTcpServer(parent)
        , m_limits(limits)
        , m_limiter(limits)
    {
    }
    QTcpSocket *nextPendingConnection() override;
Q_SIGNALS:
    void refused(int status, const QString &code, const QString &remote);

private:
    HttpLimits m_limits;
    ConnectionLimiter m_limiter;
};

/** A QSslServer (TLS 1.2 or later) whose connections each get a RequestGuard. */
class GuardedSslServer : public QSslServer
{
    Q_OBJECT
public:
    GuardedSslServer(const HttpLimits &limits, QObject *parent)
        : QSslServer(parent)
        , m_limits(limits)
        , m_limiter(limits)
    {
    }
    QTcpSocket *nextPendingConnection() override;
Q_SIGNALS:
    void refused(int status, const QString &code, const QString &remote);

private:
    HttpLimits m_limits;
    ConnectionLimiter m_limiter;
};
