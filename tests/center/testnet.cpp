#include "testnet.h"

#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>

#include "wireprotocol.h"

namespace TestNet {

HttpReply http(const QByteArray &method, const QUrl &url, const QByteArray &body,
               const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    // A redirect is an answer to look at (the desk's 303 after a form), not to follow.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    if (!request.hasRawHeader("Content-Type"))
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/vnd.doorstep.v1+cbor+zlib"));
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs + 1000, &loop, &QEventLoop::quit);
    loop.exec();
    HttpReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        out.headers.insert(name.toLower(), value);
    if (reply->error() != QNetworkReply::NoError && out.status == 0)
        out.error = reply->errorString();
    delete reply;
    return out;
}

QList<QPair<QByteArray, QByteArray>> deviceHeaders(const QByteArray &method, const QUrl &url, const QString &deviceId,
                                                   const DeviceKey &key, qint64 counter, const QByteArray &body)
{
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    if (counter == 0)
        return {
            {"X-Doorstep-Device", deviceId.toUtf8()},
            {"X-Doorstep-Signature", key.sign(WireProtocol::requestSigningMessage(method, target, body)).toBase64()}};
    return {{"X-Doorstep-Device", deviceId.toUtf8()},
            {"X-Doorstep-Counter", QByteArray::number(counter)},
            {"X-Doorstep-Signature",
             key.sign(WireProtocol::requestSigningMessage(method, target, counter, body)).toBase64()}};
}

qint64 nextCounter(const QString &deviceId)
{
    // Per device and process, always rising: every test database starts below it.
    static QHash<QString, qint64> counters;
    return ++counters[deviceId];
}

HttpReply signedHttp(const QByteArray &method, const QUrl &url, const QString &deviceId, const DeviceKey &key,
                     const QByteArray &body, int timeoutMs)
{
    return http(method, url, body, deviceHeaders(method, url, deviceId, key, nextCounter(deviceId), body), timeoutMs);
}

QByteArray raw(quint16 port, const QByteArray &bytes, int timeoutMs)
{
    QTcpSocket socket;
    QByteArray received;
    QEventLoop loop;
    QObject::connect(&socket, &QTcpSocket::connected, &loop, [&] { socket.write(bytes); });
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] { received += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QTcpSocket::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    socket.connectToHost(QHostAddress::LocalHost, port);
    loop.exec();
    received += socket.readAll();
    return received;
}

bool makeCertificate(const QString &dir, QString *certPath, QString *keyPath)
{
    *certPath = dir + QStringLiteral("/center.pem");
    *keyPath = dir + QStringLiteral("/center.key");
    QProcess p;
    p.start(QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
             QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
             QStringLiteral("-subj"), QStringLiteral("/CN=doorstep-center"), QStringLiteral("-days"),
             QStringLiteral("2"), QStringLiteral("-keyout"), *keyPath, QStringLiteral("-out"), *certPath});
    return p.waitForFinished(30'000) && p.exitCode() == 0 && QFile::exists(*certPath);
}

} // namespace TestNet

// ---- proxy

struct FaultyProxy::Pipe : QObject
{
    struct Direction
    {
        QTcpSocket *from = nullptr;
        QTcpSocket *to = nullptr;
        double linkFreeAt = 0;
        QQueue<QPair<double, QByteArray>> queue;
        qint64 *counter = nullptr;
    };

    FaultyProxy *proxy;
    QTcpSocket *client;
    QTcpSocket *server;
    Direction up;
    Direction down;
    QElapsedTimer clock;
    QTimer timer;
    qint64 total = 0;
    qint64 cutAt = 0;
    QByteArray pendingToServer;
    bool closing = false;

    Pipe(FaultyProxy *p, QTcpSocket *c)
        : QObject(p)
        , proxy(p)
        , client(c)
        , server(new QTcpSocket(this))
    {
        c->setParent(this);
        clock.start();
        timer.setSingleShot(true);
        timer.setTimerType(Qt::PreciseTimer);
        connect(&timer, &QTimer::timeout, this, &Pipe::deliver);
        const Options &o = proxy->m_options;
        if (o.cutMaxBytes > 0 && proxy->connections <= o.alwaysCutFirst)
            cutAt = o.cutMinBytes;
        else if (o.cutMaxBytes > 0 && QRandomGenerator::global()->generateDouble() < o.cutProbability)
            cutAt = o.cutMinBytes + QRandomGenerator::global()->bounded(qMax<qint64>(1, o.cutMaxBytes - o.cutMinBytes));
        up = {client, server, 0, {}, &proxy->bytesUp};
        down = {server, client, 0, {}, &proxy->bytesDown};
        connect(client, &QTcpSocket::readyRead, this, [this] { take(up); });
        connect(server, &QTcpSocket::readyRead, this, [this] { take(down); });
        connect(server, &QTcpSocket::connected, this, [this] {
            if (!pendingToServer.isEmpty())
                server->write(std::exchange(pendingToServer, QByteArray()));
        });
        connect(client, &QTcpSocket::disconnected, this, &Pipe::close);
        connect(server, &QTcpSocket::disconnected, this, &Pipe::close);
        connect(server, &QTcpSocket::errorOccurred, this, &Pipe::close);
        server->connectToHost(QHostAddress::LocalHost, proxy->m_upstream);
        take(up);
    }

    void take(Direction &d)
    {
        const QByteArray data = d.from->readAll();
        if (data.isEmpty() || closing)
            return;
        *d.counter += data.size();
        total += data.size();
        if (cutAt > 0 && total >= cutAt) {
            ++proxy->cuts;
            client->abort();
            server->abort();
            close();
            return;
        }
        const Options &o = proxy->m_options;
        if (o.bytesPerSecond <= 0 && o.oneWayDelayMs <= 0) {
            write(d, data);
            return;
        }
        const double now = double(clock.nsecsElapsed()) / 1e6;
        for (qsizetype at = 0; at < data.size(); at += 256) {
            const QByteArray chunk = data.mid(at, 256);
            const double start = qMax(now, d.linkFreeAt);
            const double serialise =
                o.bytesPerSecond > 0 ? double(chunk.size()) * 1000.0 / double(o.bytesPerSecond) : 0;
            d.linkFreeAt = start + serialise;
            d.queue.enqueue({d.linkFreeAt + o.oneWayDelayMs, chunk});
        }
        schedule();
    }

    void write(Direction &d, const QByteArray &data)
    {
        if (d.to == server && server->state() != QAbstractSocket::ConnectedState)
            pendingToServer += data;
        else
            d.to->write(data);
    }

    void schedule()
    {
        double next = -1;
        for (Direction *d : {&up, &down}) {
            if (!d->queue.isEmpty() && (next < 0 || d->queue.head().first < next))
                next = d->queue.head().first;
        }
        if (next < 0)
            return;
        const double now = double(clock.nsecsElapsed()) / 1e6;
        timer.start(int(qMax(0.0, next - now)));
    }

    void deliver()
    {
        const double now = double(clock.nsecsElapsed()) / 1e6;
        for (Direction *d : {&up, &down}) {
            while (!d->queue.isEmpty() && d->queue.head().first <= now + 0.5)
                write(*d, d->queue.dequeue().second);
        }
        schedule();
    }

    void close()
    {
        if (closing)
            return;
        // Let shaped data still in flight arrive before closing the other side.
        if (!up.queue.isEmpty() || !down.queue.isEmpty()) {
            QTimer::singleShot(50, this, &Pipe::close);
            return;
        }
        closing = true;
        client->disconnectFromHost();
        server->disconnectFromHost();
        deleteLater();
    }
};

FaultyProxy::FaultyProxy(quint16 upstreamPort, Options options, QObject *parent)
    : QObject(parent)
    , m_upstream(upstreamPort)
    , m_options(options)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultyProxy::onConnection);
}

bool FaultyProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void FaultyProxy::onConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        ++connections;
        new Pipe(this, client);
    }
}
