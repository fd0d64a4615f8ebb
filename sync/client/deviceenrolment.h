#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

#include "result.h"
#include "roster.h"
#include "wireprotocol.h"

class QNetworkAccessManager;
class QNetworkReply;

/**
 * Who this terminal is at the center, as enrolment left it in the data folder (identity.cbor):
 * the device id and route the center assigned, the center's address and the SHA-256 pin of its
 * TLS key. Its presence means "enrolled"; it is written last, atomically, so a failed enrolment
 * leaves none.
 */
struct DeviceIdentity
{
    QString deviceId;
    QString route;
    QUrl center;
    QByteArray centerPin; ///< empty for plain http (loopback demo only)

    [[nodiscard]] static QString path(const QString &dataDir);
    /// "identity.none" when the terminal was never enrolled, "identity.damaged" for a bad file.
    [[nodiscard]] static Result<DeviceIdentity> load(const QString &dataDir);
    [[nodiscard]] Status save(const QString &dataDir) const;
    bool operator==(const DeviceIdentity &) const = default;
};

/**
 * Enrols this terminal with the billing center (sync/README.md, "Enrolment"): creates the device
 * key (0600) if there is none, sends the supervisor's one-time code with the public key to
 * POST /v1/enrol, and on success writes what the reply carries: the roster (roster.cbor), the
 * center's time as the trusted clock's anchor (clock.cbor) and, last, the identity. Over https
 * the center's certificate must match the key pin printed beside the code (`doorstep-center
 * enrol-code`), whatever CA signed it. Asynchronous; lives on the thread that calls start().
 */
class DeviceEnrolment : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QUrl center;          ///< e.g. https://center.example:8443
        QString code;         ///< the one-time code
        QByteArray centerPin; ///< required for https: SHA-256 of the center's SubjectPublicKeyInfo
        QString dataDir;
        int timeoutMs = 30'000;
    };

    explicit DeviceEnrolment(QObject *parent = nullptr);
    ~DeviceEnrolment() override;

    /// Starts; finished() follows exactly once (error.code empty on success).
    void start(const Request &request);

    /// Parses a pin as printed by the center (64 hex digits, colons and spaces ignored).
    [[nodiscard]] static Result<QByteArray> parsePin(const QString &text);
    /// The center's roster (at enrolment and in updates) as this terminal keeps it: active people
    /// only; an entry this terminal cannot check a PIN against is left out, so nobody logs in with it.
    [[nodiscard]] static Roster rosterFromCenter(const QList<WireProtocol::RosterEntry> &entries);

Q_SIGNALS:
    void finished(const Error &error, const DeviceIdentity &identity);

private:
    void handleReply(QNetworkReply *reply);
    void fail(const QString &code, const QString &message);

    Request m_request;
    QByteArray m_publicKey;
    QNetworkAccessManager *m_nam = nullptr;
    bool m_pinMismatch = false;
    bool m_done = false;
};

Q_DECLARE_METATYPE(DeviceIdentity)
