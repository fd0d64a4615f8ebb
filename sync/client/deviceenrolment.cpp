#include "deviceenrolment.h"

#include <QCborMap>
#include <QCborValue>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

#include "clocks.h"
#include "devicekey.h"
#include "journalentry.h"
#include "linktrouble.h"
#include "roster.h"
#include "terminalfiles.h"
#include "trustedclock.h"
#include "wirecodec.h"
#include "wireprotocol.h"

namespace {

QString text(const char *source)
{
    return QCoreApplication::translate("DeviceEnrolment", source);
}

// Identity file keys: small integers, like the journal's canonical maps.
enum IdentityKey { Version = 0, DeviceId = 1, Route = 2, Center = 3, Pin = 4 };

} // namespace

QString DeviceIdentity::path(const QString &dataDir)
{
    return TerminalFiles::identity(dataDir);
}

Result<DeviceIdentity> DeviceIdentity::load(const QString &dataDir)
{
    QFile file(path(dataDir));
    if (!file.exists())
        return Error{QStringLiteral("identity.none"),
                     text(QT_TRANSLATE_NOOP("DeviceEnrolment", "This terminal is not enrolled with a center."))};
    const Error damaged{
        QStringLiteral("identity.damaged"),
        text(QT_TRANSLATE_NOOP("DeviceEnrolment", "This terminal's enrolment record is damaged; enrol it again."))};
    if (!file.open(QIODevice::ReadOnly) || file.size() > qint64(64) * 1024)
        return damaged;
    const QCborValue value = QCborValue::fromCbor(file.readAll());
    if (!value.isMap())
        return damaged;
    const QCborMap m = value.toMap();
    DeviceIdentity id;
    id.deviceId = m.value(DeviceId).toString();
    id.route = m.value(Route).toString();
    id.center = QUrl(m.value(Center).toString(), QUrl::StrictMode);
    id.centerPin = m.value(Pin).toByteArray();
    const bool https = id.center.scheme() == QLatin1String("https");
    if (m.value(Version).toInteger() != 1 || id.deviceId.isEmpty() || id.deviceId.size() > 64 || !id.center.isValid() ||
        (!https && id.center.scheme() != QLatin1String("http")) || (https && id.centerPin.size() != 32))
        return damaged;
    return id;
}

Status DeviceIdentity::save(const QString &dataDir) const
{
    QCborMap m;
    m.insert(Version, 1);
    m.insert(DeviceId, deviceId);
    m.insert(Route, route);
    m.insert(Center, center.toString());
    m.insert(Pin, centerPin);
    QSaveFile out(path(dataDir));
    if (!out.open(QIODevice::WriteOnly) || out.write(QCborValue(m).toCbor()) < 0 || !out.commit())
        return Error{QStringLiteral("identity.write"),
                     text(QT_TRANSLATE_NOOP("DeviceEnrolment", "The enrolment could not be saved on this terminal."))};
    return success();
}

DeviceEnrolment::DeviceEnrolment(QObject *parent)
    : QObject(parent)
{
}

DeviceEnrolment::~DeviceEnrolment() = default;

Result<QByteArray> DeviceEnrolment::parsePin(const QString &typed)
{
    QString hex = typed;
    hex.remove(QLatin1Char(':')).remove(QLatin1Char(' ')).remove(QLatin1Char('-'));
    const QByteArray pin = QByteArray::fromHex(hex.toLatin1());
    bool ok = hex.size() == 64;
    for (const QChar c : hex)
        ok = ok && c.isLetterOrNumber() && c.unicode() < 128 &&
             QByteArray("0123456789abcdefABCDEF").contains(char(c.unicode()));
    if (!ok || pin.size() != 32)
        return Error{QStringLiteral("enrol.bad-pin"),
                     text(QT_TRANSLATE_NOOP("DeviceEnrolment",
                                            "The center's key fingerprint is 64 hexadecimal digits, as printed "
                                            "beside the enrolment code."))};
    return pin;
}

void DeviceEnrolment::fail(const QString &code, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    emit finished(Error{code, message}, DeviceIdentity{});
}

void DeviceEnrolment::start(const Request &request)
{
    m_request = request;
    m_done = false;
    m_pinMismatch = false;
    const QUrl &url = request.center;
    const bool https = url.scheme() == QLatin1String("https");
    if (!url.isValid() || url.host().isEmpty() || (!https && url.scheme() != QLatin1String("http")))
        return fail(QStringLiteral("enrol.bad-address"),
                    text(QT_TRANSLATE_NOOP("DeviceEnrolment",
                                           "Enter the center's address, e.g. https://center.example:8443.")));
    const QString code = request.code.trimmed();
    if (code.isEmpty() || code.size() > 64)
        return fail(QStringLiteral("enrol.bad-code"),
                    text(QT_TRANSLATE_NOOP("DeviceEnrolment", "Enter the one-time code the supervisor gave you.")));
    if (https && request.centerPin.size() != 32)
        return fail(
            QStringLiteral("enrol.bad-pin"),
            text(QT_TRANSLATE_NOOP("DeviceEnrolment", "Enter the center's key fingerprint printed beside the code.")));
    if (QFile::exists(DeviceIdentity::path(request.dataDir)))
        return fail(QStringLiteral("enrol.already"),
                    text(QT_TRANSLATE_NOOP("DeviceEnrolment", "This terminal is already enrolled.")));
    if (!QDir().mkpath(request.dataDir))
        return fail(QStringLiteral("enrol.data-dir"),
                    text(QT_TRANSLATE_NOOP("DeviceEnrolment", "The terminal's data folder cannot be created.")));
    // The key is the device's for life: made once, kept even if this attempt fails.
    auto key = DeviceKey::loadOrCreate(TerminalFiles::deviceKey(request.dataDir));
    if (!key.ok())
        return fail(key.error().code, key.error().message);
    m_publicKey = key.value().publicKey();

    if (!m_nam)
        m_nam = new QNetworkAccessManager(this);
    QUrl target = url;
    target.setPath(QStringLiteral("/v1/enrol"));
    QNetworkRequest http(target);
    http.setTransferTimeout(request.timeoutMs);
    http.setHeader(QNetworkRequest::ContentTypeHeader, Wire::mediaType());
    http.setRawHeader("Accept", Wire::mediaType());
    http.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    QNetworkReply *reply = m_nam->post(http, Wire::encode(WireProtocol::EnrolRequest{code, m_publicKey}.toCbor()));
    if (https) {
        const auto check = [this, reply] {
            const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
            const QByteArray pin = QCryptographicHash::hash(peer.publicKey().toDer(), QCryptographicHash::Sha256);
            if (pin != m_request.centerPin) {
                m_pinMismatch = true;
                reply->abort();
            }
        };
        connect(reply, &QNetworkReply::sslErrors, reply, [reply, check](const QList<QSslError> &errors) {
            check(); // self-signed is fine when the key is the pinned one
            if (reply->isRunning())
                reply->ignoreSslErrors(errors);
        });
        connect(reply, &QNetworkReply::encrypted, reply, check);
    }
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64 total) {
        if (received > qint64(4) * 1024 * 1024 || total > qint64(4) * 1024 * 1024)
            reply->abort(); // no roster is that large; a hostile center cannot fill the memory
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { handleReply(reply); });
}

void DeviceEnrolment::handleReply(QNetworkReply *reply)
{
    reply->deleteLater();
    if (m_pinMismatch)
        return fail(QStringLiteral("enrol.pin-mismatch"),
                    text(QT_TRANSLATE_NOOP("DeviceEnrolment",
                                           "The center's key does not match the fingerprint given with the code. "
                                           "Not enrolling: tell the supervisor.")));
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status == 0)
        return fail(QStringLiteral("enrol.unreachable"), LinkTrouble::describe(*reply));
    const auto value = Wire::decode(body, WireLimits::reply());
    if (status != 200) {
        const auto refusal =
            value.ok() ? WireProtocol::ErrorReply::fromCbor(value.value()) : Result<WireProtocol::ErrorReply>(Error{});
        const QString code = refusal.ok() ? refusal->code : QString();
        if (code == QLatin1String("enrol.code-used"))
            return fail(code, text(QT_TRANSLATE_NOOP("DeviceEnrolment", "This enrolment code has already been used.")));
        if (code == QLatin1String("enrol.code-expired"))
            return fail(code, text(QT_TRANSLATE_NOOP("DeviceEnrolment",
                                                     "This enrolment code has expired; ask for a new one.")));
        if (code == QLatin1String("enrol.code-unknown"))
            return fail(code, text(QT_TRANSLATE_NOOP("DeviceEnrolment",
                                                     "The center does not know this code. Check it and try again.")));
        return fail(code.isEmpty() ? QStringLiteral("enrol.refused") : code,
                    text(QT_TRANSLATE_NOOP("DeviceEnrolment", "The center refused the enrolment (%1): %2"))
                        .arg(status)
                        .arg(refusal.ok() ? refusal->message
                                          : reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()));
    }
    const auto enrolled = value.ok() ? WireProtocol::EnrolReply::fromCbor(value.value())
                                     : Result<WireProtocol::EnrolReply>(value.error());
    const Error garbled{
        QStringLiteral("enrol.bad-reply"),
        text(QT_TRANSLATE_NOOP("DeviceEnrolment", "The center's answer makes no sense; nothing was changed here."))};
    if (!enrolled.ok() || enrolled->deviceId.isEmpty() || enrolled->deviceId.size() > 64 || enrolled->serverTimeMs <= 0)
        return fail(garbled.code, garbled.message);
    const WireProtocol::EnrolReply &r = enrolled.value();
    if (m_request.center.scheme() == QLatin1String("https") && r.centerPin != m_request.centerPin)
        return fail(QStringLiteral("enrol.pin-mismatch"),
                    text(QT_TRANSLATE_NOOP("DeviceEnrolment",
                                           "The center's key does not match the fingerprint given with the code. "
                                           "Not enrolling: tell the supervisor.")));

    if (!rosterFromCenter(r.roster).save(TerminalFiles::roster(m_request.dataDir)).ok())
        return fail(QStringLiteral("enrol.write"),
                    text(QT_TRANSLATE_NOOP("DeviceEnrolment", "The enrolment could not be saved on this terminal.")));
    TrustedClock clock(TerminalFiles::clock(m_request.dataDir), systemMonotonicClock(), systemWallClock());
    (void)clock.open(); // a fresh terminal has no anchor yet
    if (const Status s = clock.syncWithCenter(r.serverTimeMs); !s.ok())
        return fail(s.error().code, s.error().message);

    DeviceIdentity identity{r.deviceId, r.route, m_request.center, r.centerPin};
    if (m_request.center.scheme() != QLatin1String("https"))
        identity.centerPin.clear();
    if (const Status s = identity.save(m_request.dataDir); !s.ok())
        return fail(s.error().code, s.error().message);
    m_done = true;
    emit finished(Error{}, identity);
}

Roster DeviceEnrolment::rosterFromCenter(const QList<WireProtocol::RosterEntry> &entries)
{
    Roster roster;
    for (const WireProtocol::RosterEntry &e : entries) {
        if (!e.active)
            continue;
        const Role role = e.role == QLatin1String("supervisor") ? Role::Supervisor : Role::Collector;
        (void)roster.upsert(Collector{e.id, e.name, role, e.pinHash}); // refused: left out
    }
    return roster;
}
