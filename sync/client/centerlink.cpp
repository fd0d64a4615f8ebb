#include "centerlink.h"

#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

#include "devicekey.h"
#include "journal.h"
#include "linktrouble.h"
#include "wirecodec.h"
#include "wireprotocol.h"

namespace {

const char *const CounterKey = "request_counter";

} // namespace

CenterLink::CenterLink(CenterLinkConfig config, const DeviceKey &key, Journal &state, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_key(key)
    , m_state(state)
    , m_nam(new QNetworkAccessManager(this))
{
}

void CenterLink::checkPin(QNetworkReply *reply) const
{
    const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
    const QByteArray pin = QCryptographicHash::hash(peer.publicKey().toDer(), QCryptographicHash::Sha256);
    if (m_config.centerPin.isEmpty() || pin != m_config.centerPin) {
        reply->setProperty("doorstep_pin_mismatch", true);
        reply->abort();
    }
}

qint64 CenterLink::nextCounter()
{
    // Saved before the request leaves: a counter is never sent twice, even across a crash.
    m_requestCounter = qMax(m_requestCounter, m_state.state(CounterKey, QStringLiteral("0")).toLongLong()) + 1;
    if (auto s = m_state.setState(CounterKey, QString::number(m_requestCounter)); !s.ok())
        qWarning("sync: could not save the request counter: %s", qPrintable(s.error().message));
    return m_requestCounter;
}

void CenterLink::send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body, qint64 replyLimit,
                      ReplyHandler handler)
{
    QUrl url = m_config.center;
    const qsizetype q = pathAndQuery.indexOf(QLatin1Char('?'));
    url.setPath(q < 0 ? pathAndQuery : pathAndQuery.left(q));
    url.setQuery(q < 0 ? QString() : pathAndQuery.mid(q + 1));
    QNetworkRequest request(url);
    request.setTransferTimeout(m_config.transferTimeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, Wire::mediaType());
    request.setRawHeader("Accept", Wire::mediaType());
    request.setRawHeader("X-Doorstep-Device", m_config.deviceId.toUtf8());
    const qint64 counter = nextCounter();
    request.setRawHeader("X-Doorstep-Counter", QByteArray::number(counter));
    request.setRawHeader(
        "X-Doorstep-Signature",
        m_key.sign(WireProtocol::requestSigningMessage(method, WireProtocol::requestTarget(url), counter, body))
            .toBase64());
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    QNetworkReply *reply = m_nam->sendCustomRequest(request, method, body);
    if (url.scheme() == QLatin1String("https")) {
        connect(reply, &QNetworkReply::sslErrors, reply, [this, reply](const QList<QSslError> &errors) {
            // Self-signed is fine when the key is the pinned one; any other key is refused.
            checkPin(reply);
            if (!reply->property("doorstep_pin_mismatch").toBool())
                reply->ignoreSslErrors(errors);
        });
        connect(reply, &QNetworkReply::encrypted, reply, [this, reply] { checkPin(reply); });
    }
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, replyLimit](qint64 received, qint64 total) {
        if (received > replyLimit || total > replyLimit) {
            reply->setProperty("doorstep_too_large", true);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, generation = m_generation, handler = std::move(handler)] {
                reply->deleteLater();
                if (generation != m_generation)
                    return; // aborted on purpose: nobody waits for it
                const QByteArray data = reply->isOpen() ? reply->readAll() : QByteArray();
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                QString transport;
                if (reply->property("doorstep_pin_mismatch").toBool())
                    transport = tr("The center's key does not match the one pinned at enrolment; not talking to it.");
                else if (reply->property("doorstep_too_large").toBool())
                    transport = tr("The center's answer is larger than allowed.");
                else if (status == 0)
                    transport = LinkTrouble::describe(*reply);
                handler(status, data, transport);
            });
}

void CenterLink::abortAll()
{
    ++m_generation;
    for (QNetworkReply *r : m_nam->findChildren<QNetworkReply *>())
        r->abort();
}
