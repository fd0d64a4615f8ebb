#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QQueue>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <functional>

#include "journalentry.h"

/** Network helpers for the sync tests: an HTTP call that spins the event loop, and a proxy. */
namespace TestNet {

struct HttpReply
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QMap<QByteArray, QByteArray> headers; ///< by lower-case name
    QString error;
};

/// One request with QNetworkAccessManager; returns when it finishes (or after timeoutMs).
/// With `signer` set, adds the device headers (X-Doorstep-Device, X-Doorstep-Signature).
[[nodiscard]] HttpReply http(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                             const QList<QPair<QByteArray, QByteArray>> &headers = {}, int timeoutMs = 20'000);
[[nodiscard]] HttpReply signedHttp(const QByteArray &method, const QUrl &url, const QString &deviceId,
                                   const DeviceKey &key, const QByteArray &body = {}, int timeoutMs = 20'000);
/// The device headers for one request signed with `counter` (0: the old v1 signature, no counter).
[[nodiscard]] QList<QPair<QByteArray, QByteArray>> deviceHeaders(const QByteArray &method, const QUrl &url,
                                                                 const QString &deviceId, const DeviceKey &key,
                                                                 qint64 counter, const QByteArray &body = {});
/// The next request counter signedHttp() uses for `deviceId`.
[[nodiscard]] qint64 nextCounter(const QString &deviceId);

/// Raw bytes to a port; returns everything the peer sent until it closed or timeoutMs passed.
[[nodiscard]] QByteArray raw(quint16 port, const QByteArray &bytes, int timeoutMs = 10'000);

/// A self-signed EC certificate and key (PEM) made with the openssl tool into `dir`.
/// Returns false when the tool is missing or fails.
[[nodiscard]] bool makeCertificate(const QString &dir, QString *certPath, QString *keyPath);

} // namespace TestNet

/**
 * A TCP proxy on loopback between a client and a server, for fault and slow-link tests. It can
 * cut each connection after a random number of bytes (a rural link dropping mid-batch), and
 * shape traffic to a bandwidth with a one-way delay (the benchmark's 64 kbit/s, 300 ms RTT).
 * It counts every byte in each direction (the wire-size benchmark).
 */
class FaultyProxy : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        qint64 cutMinBytes = 0; ///< 0: never cut
        qint64 cutMaxBytes = 0;
        double cutProbability = 1.0; ///< chance that a given connection is cut at all
        /// The first N connections are cut at cutMinBytes whatever the dice say, so that a test
        /// that asserts it survived cuts always has some to survive.
        int alwaysCutFirst = 0;
        qint64 bytesPerSecond = 0; ///< 0: unshaped
        int oneWayDelayMs = 0;
    };

    FaultyProxy(quint16 upstreamPort, Options options, QObject *parent = nullptr);
    [[nodiscard]] bool listen();
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    void setUpstreamPort(quint16 port) { m_upstream = port; }
    void setOptions(const Options &o) { m_options = o; }

    qint64 bytesUp = 0;   ///< client → server
    qint64 bytesDown = 0; ///< server → client
    int connections = 0;
    int cuts = 0;

private:
    struct Pipe;
    void onConnection();

    QTcpServer m_server;
    quint16 m_upstream;
    Options m_options;
};
