#include "centerserver.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <cstdio>

#include "centerreports.h"
#include "deskpage.h"
#include "desksessions.h"
#include "receiptcheck.h"
#include "receiptcode.h"
#include "verifypage.h"
#include "wirecodec.h"
#include "wireprotocol.h"

namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    default:
        return "OTHER";
    }
}

} // namespace

struct CenterServer::Reply
{
    int status = 200;
    QByteArray body;
    QByteArray mime = Wire::mediaType();
    QList<QPair<QByteArray, QByteArray>> headers; ///< besides Content-Type
    QJsonObject log;

    void cbor(const QCborValue &value, int httpStatus = 200)
    {
        status = httpStatus;
        body = Wire::encode(value);
        mime = Wire::mediaType();
    }
    void error(int httpStatus, const Error &e)
    {
        cbor(WireProtocol::ErrorReply{e.code, e.message}.toCbor(), httpStatus);
        log.insert(QStringLiteral("code"), e.code);
        log.insert(QStringLiteral("message"), e.message);
    }
    /// Storage failures: the device keeps its entries and retries later.
    void storage(const Error &e) { error(503, e); }
    /// A page for people (the receipt check): no caching, no sniffing, only its own style and script.
    void html(const QByteArray &page, int httpStatus = 200)
    {
        status = httpStatus;
        body = page;
        mime = "text/html; charset=utf-8";
        headers = {{"Content-Security-Policy", VerifyPage::contentSecurityPolicy()},
                   {"X-Content-Type-Options", "nosniff"},
                   {"Referrer-Policy", "no-referrer"},
                   {"Cache-Control", "no-store"}};
    }
    /// A page of the web desk: the same, with the desk's own policy (no script; its own stylesheet only).
    void desk(const QByteArray &page, int httpStatus = 200)
    {
        html(page, httpStatus);
        headers[0].second = DeskPage::contentSecurityPolicy();
        headers.append({QByteArrayLiteral("X-Frame-Options"), QByteArrayLiteral("DENY")});
    }
};

CenterServer::CenterServer(const CenterDatabase &db, CenterServerConfig config, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_config(std::move(config))
    , m_store(db)
    , m_ingest(m_store)
{
    m_ingest.setLimits(m_config.ingest);
    m_log = m_config.log;
    if (!m_log) {
        auto f = std::make_unique<QFile>();
        if (f->open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered))
            m_log = f.get();
        m_stderr = std::move(f);
    }
}

CenterServer::~CenterServer() = default;

void CenterServer::log(const QJsonObject &line)
{
    if (!m_log)
        return;
    QJsonObject out = line;
    out.insert(QStringLiteral("ts"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    m_log->write(QJsonDocument(out).toJson(QJsonDocument::Compact) + '\n');
}

QList<QSslCipher> CenterServer::tlsCiphers()
{
    // TLS 1.3 suites (all AEAD with ephemeral keys; OpenSSL negotiates 1.3 whenever the client
    // speaks it), and for TLS 1.2 only ECDHE key exchange with AES-GCM or ChaCha20-Poly1305.
    QList<QSslCipher> out;
    for (const QSslCipher &c : QSslConfiguration::supportedCiphers()) {
        const QString name = c.name();
        const bool aead = name.contains(QLatin1String("GCM")) || name.contains(QLatin1String("CHACHA20"));
        if (c.protocol() == QSsl::TlsV1_3 ||
            (c.protocol() == QSsl::TlsV1_2 && name.startsWith(QLatin1String("ECDHE-")) && aead))
            out.append(c);
    }
    return out;
}

Status CenterServer::start()
{
    m_http = std::make_unique<QHttpServer>();
    route(QStringLiteral("/v1/enrol"), QHttpServerRequest::Method::Post, &CenterServer::enrol);
    route(QStringLiteral("/v1/worklist"), QHttpServerRequest::Method::Get, &CenterServer::worklist);
    route(QStringLiteral("/v1/journal"), QHttpServerRequest::Method::Post, &CenterServer::journal);
    route(QStringLiteral("/v1/journal/head"), QHttpServerRequest::Method::Get, &CenterServer::journalHead);
    route(QStringLiteral("/v1/commands"), QHttpServerRequest::Method::Get, &CenterServer::commands);
    route(QStringLiteral("/v1/commands/ack"), QHttpServerRequest::Method::Post, &CenterServer::commandAck);
    route(QStringLiteral("/v1/reports/totals"), QHttpServerRequest::Method::Get, &CenterServer::totals);
    route(QStringLiteral("/v1/reports/exceptions"), QHttpServerRequest::Method::Get, &CenterServer::exceptions);
    route(QStringLiteral("/verify"), QHttpServerRequest::Method::Get, &CenterServer::verifyForm);
    route(QStringLiteral("/verify"), QHttpServerRequest::Method::Post, &CenterServer::verifyReceipt);
    for (const auto &[path, post] : DeskApp::routes())
        route(path, post ? QHttpServerRequest::Method::Post : QHttpServerRequest::Method::Get, &CenterServer::desk);
    m_http->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        if (auto *guard = RequestGuard::of(responder.socket()))
            guard->requestHandled();
        Reply reply;
        reply.error(404, Error{QStringLiteral("http.not-found"),
                               tr("No such endpoint: %1 %2")
                                   .arg(QString::fromLatin1(methodName(request.method())), request.url().path())});
        responder.write(reply.body, {{"Content-Type", reply.mime}}, QHttpServerResponder::StatusCode::NotFound);
        ++m_requests;
        log({{QStringLiteral("event"), QStringLiteral("request")},
             {QStringLiteral("remote"), request.remoteAddress().toString()},
             {QStringLiteral("method"), QString::fromLatin1(methodName(request.method()))},
             {QStringLiteral("path"), request.url().path()},
             {QStringLiteral("status"), 404}});
    });

    auto onRefused = [this](int status, const QString &code, const QString &remote) {
        log({{QStringLiteral("event"), QStringLiteral("refusal")},
             {QStringLiteral("remote"), remote},
             {QStringLiteral("status"), status},
             {QStringLiteral("code"), code}});
    };
    QTcpServer *listener = nullptr;
    if (isTls()) {
        QFile certFile(m_config.certificatePath);
        QFile keyFile(m_config.keyPath);
        if (!certFile.open(QIODevice::ReadOnly))
            return Error{
                QStringLiteral("center.tls"),
                tr("Cannot read the certificate %1: %2").arg(m_config.certificatePath, certFile.errorString())};
        if (!keyFile.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("center.tls"),
                         tr("Cannot read the key %1: %2").arg(m_config.keyPath, keyFile.errorString())};
        const QList<QSslCertificate> chain = QSslCertificate::fromDevice(&certFile, QSsl::Pem);
        const QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
        if (key.isNull())
            key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
        if (chain.isEmpty() || key.isNull())
            return Error{QStringLiteral("center.tls"), tr("The certificate or key is not a PEM file Qt can read.")};
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificateChain(chain);
        ssl.setPrivateKey(key);
        ssl.setProtocol(QSsl::TlsV1_2OrLater);
        ssl.setCiphers(CenterServer::tlsCiphers());
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_keyPin = QCryptographicHash::hash(chain.first().publicKey().toDer(), QCryptographicHash::Sha256);
        auto *server = new GuardedSslServer(m_config.limits, nullptr);
        server->setSslConfiguration(ssl);
        connect(server, &GuardedSslServer::refused, this, onRefused);
        listener = server;
    } else {
        auto *server = new GuardedTcpServer(m_config.limits, nullptr);
        connect(server, &GuardedTcpServer::refused, this, onRefused);
        listener = server;
    }
    if (!listener->listen(m_config.address, m_config.port)) {
        const QString why = listener->errorString();
        delete listener;
        return Error{QStringLiteral("center.listen"),
                     tr("Cannot listen on %1:%2: %3").arg(m_config.address.toString()).arg(m_config.port).arg(why)};
    }
    m_port = listener->serverPort();
    m_http->bind(listener); // the HTTP server owns the listener from here on
    // The desk's enrolment QR codes carry where terminals reach this center and its key pin.
    DeskApp::Config desk;
    desk.zone = m_config.zone;
    desk.tls = isTls();
    desk.enrolCenter = m_config.publicAddress;
    if (desk.enrolCenter.isEmpty()) {
        QUrl self;
        self.setScheme(isTls() ? QStringLiteral("https") : QStringLiteral("http"));
        self.setHost(m_config.address.toString());
        self.setPort(m_port);
        desk.enrolCenter = self.toString();
    }
    desk.enrolPin = QString::fromLatin1(m_keyPin.toHex());
    m_desk = std::make_unique<DeskApp>(m_db, m_store, desk);
    log({{QStringLiteral("event"), QStringLiteral("listening")},
         {QStringLiteral("address"), m_config.address.toString()},
         {QStringLiteral("port"), int(m_port)},
         {QStringLiteral("tls"), isTls()},
         {QStringLiteral("db"), m_db.url().toDisplayString()}});
    return success();
}

void CenterServer::route(const QString &path, QHttpServerRequest::Method method,
                         void (CenterServer::*handler)(const QHttpServerRequest &, Reply &))
{
    m_http->route(path, method, [this, handler](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        respond(request, std::move(responder), handler);
    });
}

void CenterServer::respond(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                           void (CenterServer::*handler)(const QHttpServerRequest &, Reply &))
{
    if (auto *guard = RequestGuard::of(responder.socket()))
        guard->requestHandled();
    QElapsedTimer timer;
    timer.start();
    Reply reply;
    (this->*handler)(request, reply);
    QHttpServerResponse response(reply.mime, reply.body, QHttpServerResponder::StatusCode(reply.status));
    for (const auto &[name, value] : std::as_const(reply.headers))
        response.addHeader(name, value);
    response.write(std::move(responder));
    ++m_requests;
    // Unauthenticated noise is logged at most a few lines a second; the next line says how many
    // were left out.
    if (reply.status == 401) {
        if (!m_noiseWindow.isValid() || m_noiseWindow.hasExpired(1000)) {
            m_noiseWindow.start();
            m_noiseLogged = 0;
        }
        if (++m_noiseLogged > MaxUnauthenticatedLinesPerSecond) {
            ++m_noiseSuppressed;
            return;
        }
    }
    QJsonObject line = reply.log;
    if (m_noiseSuppressed > 0 && reply.status == 401) {
        line.insert(QStringLiteral("suppressed_before"), m_noiseSuppressed);
        m_noiseSuppressed = 0;
    }
    line.insert(QStringLiteral("event"), QStringLiteral("request"));
    line.insert(QStringLiteral("remote"), request.remoteAddress().toString());
    line.insert(QStringLiteral("method"), QString::fromLatin1(methodName(request.method())));
    line.insert(QStringLiteral("path"), request.url().path());
    line.insert(QStringLiteral("status"), reply.status);
    line.insert(QStringLiteral("bytes_in"), qint64(request.body().size()));
    line.insert(QStringLiteral("bytes_out"), qint64(reply.body.size()));
    line.insert(QStringLiteral("ms"), timer.elapsed());
    log(line);
}

Error CenterServer::revoked(const CenterDevice &device) const
{
    return Error{QString::fromLatin1(WireProtocol::Reason::DeviceRevoked),
                 tr("This terminal was taken out of service at the center on %1: it may no longer sync. Hand it "
                    "to your supervisor.")
                     .arg(QDateTime::fromMSecsSinceEpoch(*device.revokedMs, m_config.zone)
                              .toString(QStringLiteral("yyyy-MM-dd HH:mm")))};
}

Result<CenterDevice> CenterServer::authenticate(const QHttpServerRequest &request)
{
    const QString deviceId = QString::fromUtf8(request.value("X-Doorstep-Device"));
    const QByteArray signature = QByteArray::fromBase64(request.value("X-Doorstep-Signature"));
    const QByteArray counterText = request.value("X-Doorstep-Counter");
    auto found = m_store.device(deviceId);
    if (!found.ok())
        return found.error();
    if (deviceId.isEmpty() || !found.value())
        return Error{QString::fromLatin1(WireProtocol::Reason::UnknownDevice),
                     tr("This device is not enrolled at the center.")};
    const QByteArray method = methodName(request.method());
    const QByteArray target = WireProtocol::requestTarget(request.url());
    const Error badSignature{QString::fromLatin1(WireProtocol::Reason::BadRequestSignature),
                             tr("The request is not signed by this device's key.")};
    if (counterText.isEmpty()) {
        // v1, from a terminal older than request counters: a recording of it could be played
        // again, so it is taken only where that changes nothing (an upload the center already
        // holds is acknowledged again; the head is no secret).
        const QByteArray message = WireProtocol::requestSigningMessage(method, target, request.body());
        if (signature.size() != 64 || !DeviceKey::verify(found.value()->publicKey, message, signature))
            return badSignature;
        if (found.value()->revokedMs)
            return revoked(*found.value());
        const QString path = request.url().path();
        if (path != QLatin1String("/v1/journal") && path != QLatin1String("/v1/journal/head"))
            return Error{QString::fromLatin1(WireProtocol::Reason::UpgradeRequired),
                         tr("This terminal's software is too old for the center: update it, then sync again.")};
        return *found.value();
    }
    bool ok = counterText.size() <= 19 &&
              std::all_of(counterText.cbegin(), counterText.cend(), [](char c) { return c >= '0' && c <= '9'; });
    const qint64 counter = ok ? counterText.toLongLong(&ok) : 0;
    if (!ok || counter < 1)
        return badSignature;
    const QByteArray message = WireProtocol::requestSigningMessage(method, target, counter, request.body());
    if (signature.size() != 64 || !DeviceKey::verify(found.value()->publicKey, message, signature))
        return badSignature;
    // Said only to the device itself (its signature checked), so that it can say so in words.
    if (found.value()->revokedMs)
        return revoked(*found.value());
    // Only now, with the signature checked, is anything written: the counter taken.
    auto taken = m_store.takeRequestCounter(deviceId, counter);
    if (!taken.ok())
        return taken.error();
    if (!taken.value())
        return Error{QString::fromLatin1(WireProtocol::Reason::ReplayedRequest),
                     tr("This request was received before (request %1); it is not taken again.").arg(counter)};
    return *found.value();
}

Result<bool> CenterServer::isSupervisor(const QHttpServerRequest &request) const
{
    const QByteArray auth = request.value("Authorization");
    if (!auth.startsWith("Bearer "))
        return false;
    return m_store.isSupervisorToken(QString::fromUtf8(auth.mid(7).trimmed()));
}

template<typename Body>
std::optional<CenterServer::Accepted<Body>> CenterServer::accept(const QHttpServerRequest &request, Reply &reply,
                                                                 Caller caller, const WireLimits &limits)
{
    Accepted<Body> accepted;
    if (caller == Caller::Device) {
        auto device = authenticate(request);
        if (!device.ok()) {
            if (device.error().code == QLatin1String("center.storage"))
                reply.storage(device.error());
            else
                reply.error(401, device.error());
            return std::nullopt;
        }
        accepted.device = device.value();
    } else if (caller == Caller::Supervisor) {
        auto supervisor = isSupervisor(request);
        if (!supervisor.ok()) {
            reply.storage(supervisor.error());
            return std::nullopt;
        }
        if (!supervisor.value()) {
            reply.error(401, Error{QStringLiteral("report.unauthorised"), tr("Reports need a supervisor token.")});
            return std::nullopt;
        }
    }
    if constexpr (!std::is_same_v<Body, NoBody>) {
        auto body = Wire::decode(request.body(), limits);
        if (!body.ok()) {
            reply.error(body.error().code == QLatin1String("wire.too-large") ? 413 : 400, body.error());
            return std::nullopt;
        }
        auto read = Body::fromCbor(body.value());
        if (!read.ok()) {
            reply.error(400, read.error());
            return std::nullopt;
        }
        accepted.body = std::move(read).value();
    }
    return accepted;
}

// ---- endpoints

void CenterServer::enrol(const QHttpServerRequest &request, Reply &reply)
{
    // The one endpoint strangers may call: decoded with limits that fit an enrolment and no more.
    const auto req = accept<WireProtocol::EnrolRequest>(request, reply, Caller::Anyone, WireLimits::enrolment());
    if (!req)
        return;
    auto result = m_store.enrol(req->body, m_keyPin);
    if (!result.ok()) {
        if (result.error().code == QLatin1String("center.storage"))
            return reply.storage(result.error());
        reply.error(403, result.error());
        reply.log.insert(QStringLiteral("event_detail"), QStringLiteral("enrolment refused"));
        return;
    }
    reply.log.insert(QStringLiteral("device"), result.value().deviceId);
    reply.cbor(result.value().toCbor());
}

void CenterServer::worklist(const QHttpServerRequest &request, Reply &reply)
{
    const auto device = accept(request, reply, Caller::Device);
    if (!device)
        return;
    reply.log.insert(QStringLiteral("device"), device->device.id);
    const QString sinceText = request.query().queryItemValue(QStringLiteral("since"));
    bool ok = sinceText.isEmpty();
    const qint64 since = sinceText.isEmpty() ? 0 : sinceText.toLongLong(&ok);
    if (!ok || since < 0)
        return reply.error(400, Error{QStringLiteral("request.bad-parameter"),
                                      tr("\"since\" must be a worklist version (0 or more).")});
    auto delta = m_store.worklistDelta(device->device.route, since);
    if (!delta.ok())
        return reply.storage(delta.error());
    reply.log.insert(QStringLiteral("version"), delta.value().version);
    reply.cbor(delta.value().toCbor());
}

void CenterServer::journal(const QHttpServerRequest &request, Reply &reply)
{
    // Who sends it first (the signature covers the body's hash, no decoding needed): nothing
    // is decoded, written or updated for a request that is not authenticated.
    const auto batch = accept<WireProtocol::JournalBatch>(request, reply, Caller::Device);
    if (!batch)
        return;
    const QString remote = request.remoteAddress().toString();
    reply.log.insert(QStringLiteral("device"), batch->body.deviceId);
    reply.log.insert(QStringLiteral("first"), batch->body.firstSeq);
    reply.log.insert(QStringLiteral("count"), qint64(batch->body.entries.size()));
    if (batch->device.id != batch->body.deviceId)
        return reply.error(403, Error{QString::fromLatin1(WireProtocol::Reason::WrongDevice),
                                      tr("A device may upload only its own journal.")});
    auto ack = m_ingest.ingest(batch->body, remote);
    if (!ack.ok())
        return reply.storage(ack.error());
    if (ack.value().stored > 0) {
        // The books follow once the answer is on its way: the acknowledgement waits only for the
        // journal's COMMIT. A failure here is retried with the next upload (the mark stays).
        QTimer::singleShot(0, this, [this, device = batch->body.deviceId] {
            if (auto applied = m_ingest.applyLedger(device); !applied.ok())
                log({{QStringLiteral("event"), QStringLiteral("ledger-failed")},
                     {QStringLiteral("device"), device},
                     {QStringLiteral("message"), applied.error().message}});
        });
    }
    reply.log.insert(QStringLiteral("head"), ack.value().head);
    reply.log.insert(QStringLiteral("stored"), ack.value().stored);
    reply.log.insert(QStringLiteral("duplicates"), ack.value().duplicates);
    if (ack.value().refusal) {
        reply.log.insert(QStringLiteral("refusal"), true);
        reply.log.insert(QStringLiteral("code"), ack.value().refusal->code);
        reply.log.insert(QStringLiteral("seq"), ack.value().refusal->seq);
        reply.log.insert(QStringLiteral("message"), ack.value().refusal->message);
        log({{QStringLiteral("event"), QStringLiteral("refusal")},
             {QStringLiteral("device"), batch->body.deviceId},
             {QStringLiteral("remote"), remote},
             {QStringLiteral("code"), ack.value().refusal->code},
             {QStringLiteral("seq"), ack.value().refusal->seq},
             {QStringLiteral("message"), ack.value().refusal->message}});
        return reply.cbor(ack.value().toCbor(), 409);
    }
    reply.cbor(ack.value().toCbor());
}

void CenterServer::journalHead(const QHttpServerRequest &request, Reply &reply)
{
    const auto device = accept(request, reply, Caller::Device);
    if (!device)
        return;
    reply.log.insert(QStringLiteral("device"), device->device.id);
    auto ack = m_ingest.head(device->device.id);
    if (!ack.ok())
        return reply.storage(ack.error());
    reply.log.insert(QStringLiteral("head"), ack.value().head);
    reply.cbor(ack.value().toCbor());
}

void CenterServer::commands(const QHttpServerRequest &request, Reply &reply)
{
    const auto device = accept(request, reply, Caller::Device);
    if (!device)
        return;
    reply.log.insert(QStringLiteral("device"), device->device.id);
    bool ok = true;
    const QString rosterText = request.query().queryItemValue(QStringLiteral("roster"));
    const qint64 roster = rosterText.isEmpty() ? 0 : rosterText.toLongLong(&ok);
    if (!ok || roster < 0)
        return reply.error(400, Error{QStringLiteral("request.bad-parameter"),
                                      tr("\"roster\" must be a roster version (0 or more).")});
    // The device's account of its journal (devices before it send none): informational, checked
    // only for shape — a head of 0 to 2^53 and a time between 2000 and 2200.
    const auto number = [&request](const char *key, qint64 low, qint64 high) -> std::optional<qint64> {
        const QString text = request.query().queryItemValue(QLatin1String(key));
        bool read = false;
        const qint64 value = text.toLongLong(&read);
        if (!read || value < low || value > high || text.size() > 20)
            return std::nullopt;
        return value;
    };
    const bool reportsHead = request.query().hasQueryItem(QStringLiteral("head"));
    const bool reportsOldest = request.query().hasQueryItem(QStringLiteral("oldest"));
    const auto head = number("head", 0, qint64(1) << 53);
    const auto oldest = number("oldest", 946'684'800'000, 7'258'118'400'000);
    if ((reportsHead && !head) || (reportsOldest && (!oldest || !reportsHead)))
        return reply.error(400, Error{QStringLiteral("request.bad-parameter"),
                                      tr("\"head\" must be a journal seq and \"oldest\" the time (ms) of an entry.")});
    auto result = m_store.commandsFor(device->device.id, roster);
    if (!result.ok())
        return reply.storage(result.error());
    if (head) {
        if (auto recorded = m_store.recordReport(device->device.id, *head, oldest); !recorded.ok())
            return reply.storage(recorded.error());
        reply.log.insert(QStringLiteral("reported_head"), *head);
    }
    reply.log.insert(QStringLiteral("commands"), qint64(result.value().commands.size()));
    WireProtocol::CommandsReply commands = std::move(result).value();
    commands.verifyAddress = m_config.verifyAddress; // receipts print it before their code
    reply.cbor(commands.toCbor());
}

void CenterServer::verifyForm(const QHttpServerRequest &, Reply &reply)
{
    reply.html(VerifyPage::form());
}

void CenterServer::verifyReceipt(const QHttpServerRequest &request, Reply &reply)
{
    // Anyone may ask (a customer's phone): the answer names only what the receipt shows, and only
    // a genuine code can record anything (an alarm), so rubbish posted here changes nothing.
    const auto submitted = VerifyPage::codeFromForm(request.body());
    if (!submitted) {
        reply.log.insert(QStringLiteral("code"), QStringLiteral("receipt-code.malformed"));
        return reply.html(
            VerifyPage::refusal(tr("Send one code, at most %1 bytes.").arg(VerifyPage::MaxFormBytes), QString()), 400);
    }
    const auto code = ReceiptCode::parse(*submitted);
    if (!code.ok()) {
        reply.log.insert(QStringLiteral("code"), code.error().code);
        return reply.html(VerifyPage::refusal(code.error().message, *submitted), 400);
    }
    auto verdict = ReceiptCheck(m_db, m_config.zone).check(*submitted, m_store.now());
    if (!verdict.ok()) {
        reply.log.insert(QStringLiteral("code"), verdict.error().code);
        return reply.html(
            VerifyPage::refusal(tr("The center cannot check receipts just now; try again later."), *submitted), 503);
    }
    reply.log.insert(QStringLiteral("verdict"), ReceiptVerdict::key(verdict.value().status));
    reply.html(VerifyPage::verdict(verdict.value(), code.value(), m_config.zone));
}

void CenterServer::desk(const QHttpServerRequest &request, Reply &reply)
{
    DeskRequest in;
    in.post = request.method() == QHttpServerRequest::Method::Post;
    in.path = request.url().path();
    in.query = request.query();
    in.body = request.body();
    in.cookie = request.value("Cookie");
    in.remote = request.remoteAddress().toString();
    DeskResponse out = m_desk->handle(in);
    reply.desk(out.body, out.status);
    reply.mime = out.mime;
    reply.headers.append(out.headers);
    for (auto it = out.log.constBegin(); it != out.log.constEnd(); ++it)
        reply.log.insert(it.key(), it.value());
}

void CenterServer::commandAck(const QHttpServerRequest &request, Reply &reply)
{
    const auto ack = accept<WireProtocol::CommandAck>(request, reply, Caller::Device);
    if (!ack)
        return;
    reply.log.insert(QStringLiteral("device"), ack->device.id);
    reply.log.insert(QStringLiteral("command"), ack->body.id);
    auto s = m_store.acknowledgeCommand(ack->device.id, ack->body);
    if (!s.ok()) {
        if (s.error().code == QLatin1String("center.storage"))
            return reply.storage(s.error());
        return reply.error(s.error().code == QLatin1String("command.head-ahead") ? 409 : 404, s.error());
    }
    reply.cbor(QCborMap{{QStringLiteral("ok"), true}});
}

void CenterServer::totals(const QHttpServerRequest &request, Reply &reply)
{
    if (!accept(request, reply, Caller::Supervisor))
        return;
    const QUrlQuery query = request.query();
    const auto format = CenterReports::formatFromKey(query.queryItemValue(QStringLiteral("format")));
    const QDate day = CenterReports::parseDay(query.queryItemValue(QStringLiteral("day"))).value_or(QDate());
    if (!format || !day.isValid())
        return reply.error(400, Error{QStringLiteral("request.bad-parameter"),
                                      tr("Give day=YYYY-MM-DD and format=cbor, json or csv.")});
    auto rows = CenterReports(m_db, m_config.zone).totals(day);
    if (!rows.ok())
        return rows.error().code == QLatin1String("report.overflow") ? reply.error(500, rows.error())
                                                                     : reply.storage(rows.error());
    reply.status = 200;
    reply.mime = CenterReports::mimeType(*format);
    reply.body = CenterReports::render(rows.value(), *format);
}

void CenterServer::exceptions(const QHttpServerRequest &request, Reply &reply)
{
    if (!accept(request, reply, Caller::Supervisor))
        return;
    const QUrlQuery query = request.query();
    const auto format = CenterReports::formatFromKey(query.queryItemValue(QStringLiteral("format")));
    const QDate from = CenterReports::parseDay(query.queryItemValue(QStringLiteral("from"))).value_or(QDate());
    const QString toText = query.queryItemValue(QStringLiteral("to"));
    QDate to = toText.isEmpty() ? from : CenterReports::parseDay(toText).value_or(QDate());
    const QString only = query.queryItemValue(QStringLiteral("only"));
    const bool knownState = only.isEmpty() || only == QLatin1String("open") || only == QLatin1String("signed-off");
    const auto state = only == QLatin1String("open")         ? CenterReports::SignOffState::Open
                       : only == QLatin1String("signed-off") ? CenterReports::SignOffState::SignedOff
                                                             : CenterReports::SignOffState::Any;
    if (!format || !from.isValid() || to < from || from.daysTo(to) > 366 || !knownState)
        return reply.error(400, Error{QStringLiteral("request.bad-parameter"),
                                      tr("Give from=YYYY-MM-DD (to=YYYY-MM-DD, at most a year later), format=cbor, "
                                         "json or csv, and only=open or signed-off if you like.")});
    auto rows = CenterReports(m_db, m_config.zone).exceptions(from, to, m_store.now(), 24, state);
    if (!rows.ok())
        return reply.storage(rows.error());
    reply.status = 200;
    reply.mime = CenterReports::mimeType(*format);
    reply.body = CenterReports::render(rows.value(), *format);
}
