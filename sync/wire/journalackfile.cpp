#include "journalackfile.h"

#include <QCborArray>
#include <QCborMap>
#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include "wirecodec.h"

namespace {

constexpr QByteArrayView Magic("DOORSTEP-JOURNAL-ACK 1\n");
constexpr qint64 MaxFileBytes = 4096;
constexpr qsizetype MaxDeviceChars = 64;

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(JournalAckFile)
};

Error fileError(const QString &message)
{
    return Error{QStringLiteral("ack.file"), message};
}

} // namespace

QString JournalAckFile::fileName(const QString &deviceId, qint64 head)
{
    return QStringLiteral("%1-%2.doorstep-ack").arg(deviceId).arg(head);
}

Status JournalAckFile::write(const QString &path, const DeviceKey &centerKey, const JournalAckFile &ack)
{
    const QByteArray payload = QCborValue(QCborMap{{QStringLiteral("device"), ack.deviceId},
                                                   {QStringLiteral("head"), ack.head},
                                                   {QStringLiteral("head_hash"), ack.headHash},
                                                   {QStringLiteral("center_ms"), ack.centerMs}})
                                   .toCbor();
    const QByteArray body = QCborValue(QCborArray{payload, centerKey.sign(payload)}).toCbor();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(Magic.data(), Magic.size()) != Magic.size() ||
        file.write(body) != body.size() || !file.commit())
        return fileError(Tr::tr("Cannot write %1: %2").arg(path, file.errorString()));
    return success();
}

Result<JournalAckFile> JournalAckFile::read(const QString &path, const QByteArray &centerPublicKey)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fileError(Tr::tr("Cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray all = file.read(MaxFileBytes + 1);
    if (all.size() > MaxFileBytes)
        return fileError(Tr::tr("%1 is larger than the center's receipt can be.").arg(path));
    if (!all.startsWith(Magic))
        return fileError(Tr::tr("%1 is not a receipt from the center.").arg(path));
    WireLimits limits;
    limits.maxBodyBytes = MaxFileBytes;
    auto outer = Wire::decodeCbor(all.mid(Magic.size()), limits);
    const QCborArray pair = outer.ok() ? outer.value().toArray() : QCborArray();
    if (pair.size() != 2 || !pair[0].isByteArray() || !pair[1].isByteArray())
        return fileError(Tr::tr("%1 is damaged.").arg(path));
    const QByteArray payload = pair[0].toByteArray();
    // The signature first: nothing in a file the center did not sign is looked at.
    if (centerPublicKey.size() != 32 || !DeviceKey::verify(centerPublicKey, payload, pair[1].toByteArray()))
        return Error{QStringLiteral("ack.bad-signature"),
                     Tr::tr("%1 is not signed by this terminal's center.").arg(path)};
    auto inner = Wire::decodeCbor(payload, limits);
    const QCborMap map = inner.ok() ? inner.value().toMap() : QCborMap();
    const QCborValue device = map.value(QStringLiteral("device"));
    const QCborValue head = map.value(QStringLiteral("head"));
    const QCborValue hash = map.value(QStringLiteral("head_hash"));
    const QCborValue at = map.value(QStringLiteral("center_ms"));
    if (map.size() != 4 || !device.isString() || device.toString().isEmpty() ||
        device.toString().size() > MaxDeviceChars || !head.isInteger() || head.toInteger() < 1 || !hash.isByteArray() ||
        hash.toByteArray().size() != 32 || !at.isInteger() || at.toInteger() < 0)
        return fileError(Tr::tr("%1 is damaged: a field is missing or out of range.").arg(path));
    return JournalAckFile{device.toString(), head.toInteger(), hash.toByteArray(), at.toInteger()};
}
