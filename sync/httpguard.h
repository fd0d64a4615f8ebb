#pragma once

#include <QByteArray>
#include <QPointer>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

/** Limits on what one HTTP request may send before the center reads it. */
struct HttpLimits
{
    qint64 maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 4 * 1024 * 1024; ///< Content-Length above this is refused (413)
    int requestTimeoutMs = 120'000;        ///< a request must arrive whole within this (slow-loris)
    int idleTimeoutMs = 120'000;           ///< a kept-alive connection with nothing to do is closed
};

/**
 * Qt HttpServer 6.4 has no request limits: it buffers any Content-Length and any header size.
 * The guard sits in front of it on every connection (its readyRead slot is connected before
 * the server's): it peeks at each request head before the server reads it, and answers 431
 * (head too large), 411 (no Content-Length on a body: chunked bodies are not accepted) or 413
 * (body too large) itself, discarding the rest and closing the connection, so a hostile client
 * never makes the center allocate more than the limits. It also closes connections that dawdle.
 * The route handlers call requestHandled() when the server has dispatched a request.
 */
class RequestGuard : public QObject
{
    Q_OBJECT
public:
    RequestGuard(QTcpSocket *socket, const HttpLimits &limits);
    static RequestGuard *of(QTcpSocket *socket);
    void requestHandled();

    /// The refusal body (framed CBOR ErrorReply) the guard sends; settable for tests and logs.
    static QByteArray refusalResponse(int status, const QByteArray &reason, const QString &code,
                                      const QString &message);

Q_SIGNALS:
    /// Emitted for each request the guard refuses, for the structured log.
    void refused(int status, const QString &code, const QString &remote);

private:
    void onReadyRead();
    void refuse(int status, const QByteArray &reason, const QString &code, const QString &message);

    enum class State { Idle, InRequest, Closing };
    QTcpSocket *m_socket;
    HttpLimits m_limits;
    State m_state = State::Idle;
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
    {
    }
    QTcpSocket *nextPendingConnection() override;
Q_SIGNALS:
    void refused(int status, const QString &code, const QString &remote);

private:
    HttpLimits m_limits;
};

/** A QSslServer (TLS 1.2 or later) whose connections each get a RequestGuard. */
class GuardedSslServer : public QSslServer
{
    Q_OBJECT
public:
    GuardedSslServer(const HttpLimits &limits, QObject *parent)
        : QSslServer(parent)
        , m_limits(limits)
    {
    }
    QTcpSocket *nextPendingConnection() override;
Q_SIGNALS:
    void refused(int status, const QString &code, const QString &remote);

private:
    HttpLimits m_limits;
};
