#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

class DeviceKey;
class Journal;
class QNetworkAccessManager;
class QNetworkReply;

struct CenterLinkConfig
{
    QUrl center;          ///< base URL, e.g. https://center.example:8443
    QByteArray centerPin; ///< SHA-256 of the center's SubjectPublicKeyInfo; required for https
    QString deviceId;
    int transferTimeoutMs = 30'000; ///< no byte moving for this long aborts a request
};

/**
 * The terminal's line to its center, and nothing more: each request names the device and is
 * signed with its key over the method, the target, the body and a counter the center takes once
 * (saved in the journal's sync_state before the request leaves, so a recorded request cannot be
 * played again and device time is not used). Over https the center's key is pinned: a
 * certificate whose public key does not hash to the pin is refused whatever CA signed it; a
 * self-signed one with the right key is accepted. A reply larger than the caller allows is cut
 * off, so a hostile or broken center cannot make the terminal buffer it. Lives on the sync thread.
 */
class CenterLink : public QObject
{
    Q_OBJECT
public:
    /// status: the HTTP status (0 when nothing came back); transportError: the link's trouble in
    /// words (empty when the center answered), the pin refused or the reply cut off included.
    using ReplyHandler = std::function<void(int status, const QByteArray &body, const QString &transportError)>;

    /// `key` and `state` (the journal, for the counter) must outlive the link.
    CenterLink(CenterLinkConfig config, const DeviceKey &key, Journal &state, QObject *parent = nullptr);

    /// Sends `body` to `pathAndQuery` ("/v1/commands?roster=3"); `handler` follows exactly once,
    /// unless abortAll() came first.
    void send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body, qint64 replyLimit,
              ReplyHandler handler);
    /// Drops every request in flight; their handlers are not called.
    void abortAll();
    /// The last counter sent (also in sync_state).
    [[nodiscard]] qint64 requestCounter() const { return m_requestCounter; }

private:
    void checkPin(QNetworkReply *reply) const;
    [[nodiscard]] qint64 nextCounter();

    CenterLinkConfig m_config;
    const DeviceKey &m_key;
    Journal &m_state;
    QNetworkAccessManager *m_nam = nullptr;
    qint64 m_requestCounter = 0;
    quint64 m_generation = 0; ///< bumped by abortAll(): replies of an older generation are dropped
};
