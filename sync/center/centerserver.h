#pragma once

#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServer>
#include <QIODevice>
#include <QJsonObject>
#include <QObject>
#include <QSslCipher>
#include <QTimeZone>

#include <memory>
#include <optional>

#include "centerdatabase.h"
#include "centerstore.h"
#include "deskapp.h"
#include "httpguard.h"
#include "journalingest.h"
#include "result.h"
#include "wirecodec.h"

struct CenterServerConfig
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0;        ///< 0: any free port (see CenterServer::port())
    QString certificatePath; ///< PEM; with keyPath, the server speaks HTTPS (TLS 1.2 or later)
    QString keyPath;
    HttpLimits limits;
    IngestLimits ingest;                          ///< plausibility caps on what devices upload
    QTimeZone zone = QTimeZone::systemTimeZone(); ///< for report days
    QIODevice *log = nullptr;                     ///< JSON lines; standard error when null
    /// The public receipt check page's address (WireProtocol::isVerifyAddress), sent to terminals
    /// so their receipts' QR codes open it; empty: receipts carry the bare code.
    QString verifyAddress;
    /// The address terminals reach this center at (behind a balancer or NAT it differs from the
    /// listen address), printed in the desk's enrolment QR codes; empty: the listen address.
    QString publicAddress;
};

/**
 * doorstep-center's HTTP front: the /v1 endpoints of sync/README.md on Qt HttpServer 6.4, every body
 * framed by Wire (CBOR + zlib) and decoded with WireLimits, every request guarded by
 * RequestGuard, every device request authenticated by its Ed25519 request signature, and one
 * JSON line logged per request and per refusal. Database work runs on the server's thread;
 * the acknowledgement of a journal batch is sent only after its COMMIT.
 *
 *   POST /v1/enrol                 enrolment code + public key → device id, key pin, roster
 *   GET  /v1/worklist?since=V      accounts, open bills, settings changed since V; removals
 *   POST /v1/journal               a batch → acknowledged head (200) or refusal + head (409)
 *   GET  /v1/journal/head          "where am I?": the committed head and its hash
 *   GET  /v1/commands?roster=V     lock / unlock / wipe, server time, versions, roster if newer;
 *        &head=H&oldest=T          the device's journal head and its oldest unsynced entry's time
 *   POST /v1/commands/ack          the device carried out a command at journal head H
 *   GET  /v1/reports/totals?day=D&format=cbor|json|csv         (Authorization: Bearer <token>)
 *   GET  /v1/reports/exceptions?from=D&to=D&format=cbor|json|csv
 *   GET  /verify, POST /verify    the public receipt check page (VerifyPage), for people
 *   GET/POST /desk/…              the supervisors' web desk (DeskApp): a session cookie, a CSRF
 *                                 token on every change, roles and branches checked per page
 */
class CenterServer : public QObject
{
    Q_OBJECT
public:
    CenterServer(const CenterDatabase &db, CenterServerConfig config, QObject *parent = nullptr);
    ~CenterServer() override;

    [[nodiscard]] Status start();
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] bool isTls() const { return !m_config.certificatePath.isEmpty(); }
    /// SHA-256 of the certificate's SubjectPublicKeyInfo: what devices pin. Empty without TLS.
    [[nodiscard]] QByteArray keyPin() const { return m_keyPin; }
    [[nodiscard]] CenterStore &store() { return m_store; }
    /// What HTTPS offers: the TLS 1.3 suites, and ECDHE with an AEAD cipher for TLS 1.2.
    [[nodiscard]] static QList<QSslCipher> tlsCiphers();

    /// Requests answered so far (for tests and the shutdown log).
    [[nodiscard]] qint64 requestCount() const { return m_requests; }

private:
    struct Reply;
    void route(const QString &path, QHttpServerRequest::Method method,
               void (CenterServer::*handler)(const QHttpServerRequest &, Reply &));
    void respond(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                 void (CenterServer::*handler)(const QHttpServerRequest &, Reply &));
    void log(const QJsonObject &line);

    void enrol(const QHttpServerRequest &request, Reply &reply);
    void worklist(const QHttpServerRequest &request, Reply &reply);
    void journal(const QHttpServerRequest &request, Reply &reply);
    void journalHead(const QHttpServerRequest &request, Reply &reply);
    void commands(const QHttpServerRequest &request, Reply &reply);
    void commandAck(const QHttpServerRequest &request, Reply &reply);
    void totals(const QHttpServerRequest &request, Reply &reply);
    void exceptions(const QHttpServerRequest &request, Reply &reply);
    void verifyForm(const QHttpServerRequest &request, Reply &reply);
    void verifyReceipt(const QHttpServerRequest &request, Reply &reply);
    /// Every /desk page: handed to DeskApp, its answer sent with the desk's security headers.
    void desk(const QHttpServerRequest &request, Reply &reply);

    /// Who may call an endpoint: anyone (enrolment), a device by its request signature, or a
    /// supervisor by a bearer token.
    enum class Caller { Anyone, Device, Supervisor };
    /// An endpoint without a request body.
    struct NoBody
    {
    };
    /// What the prologue let through: the device that signed the request (Caller::Device) and
    /// the decoded body.
    template<typename Body>
    struct Accepted
    {
        CenterDevice device;
        Body body;
    };
    /**
     * Every handler's prologue: authenticates the caller, then decodes the body with `limits`
     * and reads it as a Body (its fromCbor). On failure the reply is set and nothing returned:
     * 503 when storage failed, 401 for a caller who is not authenticated, 413 for a body over
     * the limits, 400 for one that does not decode or read.
     */
    template<typename Body = NoBody>
    [[nodiscard]] std::optional<Accepted<Body>> accept(const QHttpServerRequest &request, Reply &reply, Caller caller,
                                                       const WireLimits &limits = WireLimits::request());

    /// The device a request is signed by, or the refusal to send (401).
    /// Takes the request's counter (a replay is refused), the only write before authentication ends.
    [[nodiscard]] Result<CenterDevice> authenticate(const QHttpServerRequest &request);
    /// The refusal a revoked device gets, with the day it was revoked.
    [[nodiscard]] Error revoked(const CenterDevice &device) const;
    [[nodiscard]] Result<bool> isSupervisor(const QHttpServerRequest &request) const;

    const CenterDatabase &m_db;
    CenterServerConfig m_config;
    CenterStore m_store;
    JournalIngest m_ingest;
    std::unique_ptr<DeskApp> m_desk;
    std::unique_ptr<QHttpServer> m_http;
    QIODevice *m_log = nullptr;
    std::unique_ptr<QIODevice> m_stderr;
    QByteArray m_keyPin;
    quint16 m_port = 0;
    qint64 m_requests = 0;
    static constexpr int MaxUnauthenticatedLinesPerSecond = 5;
    QElapsedTimer m_noiseWindow;
    int m_noiseLogged = 0;
    qint64 m_noiseSuppressed = 0;
};
