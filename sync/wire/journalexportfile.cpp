#include "journalexportfile.h"

#include <QCborArray>
#include <QCborMap>
#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include "wirecodec.h"

namespace {

constexpr QByteArrayView Magic("DOORSTEP-JOURNAL-EXPORT 1\n");
constexpr qint64 MaxFileBytes = 512LL * 1024 * 1024;

// One translation context for the whole file, including free functions and helper types, in a
// form lupdate understands.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(JournalExportFile)
};

Error fileError(const QString &message)
{
    return Error{QStringLiteral("export.file"), message};
}

WireLimits fileLimits()
{
    WireLimits l;
    l.maxBodyBytes = MaxFileBytes;
    l.maxDecodedBytes = MaxFileBytes;
    l.maxStringBytes = MaxFileBytes;
    l.maxArrayLength = 10'000'000;
    l.maxItems = 20'000'000;
    return l;
}

Result<QCborMap> readPayload(const QString &path, QByteArray *payloadBytes, QByteArray *signature)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fileError(Tr::tr("Cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() > MaxFileBytes)
        return fileError(Tr::tr("%1 is larger than an export can be.").arg(path));
    const QByteArray all = file.readAll();
    if (!all.startsWith(Magic))
        return fileError(Tr::tr("%1 is not a Doorstep journal export.").arg(path));
    auto outer = Wire::decodeCbor(all.mid(Magic.size()), fileLimits());
    if (!outer.ok())
        return fileError(Tr::tr("%1 is damaged: %2").arg(path, outer.error().message));
    const QCborArray pair = outer.value().toArray();
    if (pair.size() != 2 || !pair[0].isByteArray() || !pair[1].isByteArray())
        return fileError(Tr::tr("%1 is damaged: no payload and signature.").arg(path));
    *payloadBytes = pair[0].toByteArray();
    *signature = pair[1].toByteArray();
    auto payload = Wire::decodeCbor(*payloadBytes, fileLimits());
    if (!payload.ok() || !payload.value().isMap())
        return fileError(Tr::tr("%1 is damaged: the payload is not readable.").arg(path));
    return payload.value().toMap();
}

} // namespace

Status JournalExportFile::write(const QString &path, const QString &deviceId, const DeviceKey &key,
                                const QList<JournalEntry> &entries, qint64 exportedMs)
{
    QCborArray list;
    for (const JournalEntry &e : entries)
        list.append(e.toCbor());
    const QByteArray payload =
        QCborValue(QCborMap{{QStringLiteral("device"), deviceId},
                            {QStringLiteral("public_key"), key.publicKey()},
                            {QStringLiteral("exported_ms"), exportedMs},
                            {QStringLiteral("first"), entries.isEmpty() ? 0 : entries.first().seq},
                            {QStringLiteral("last"), entries.isEmpty() ? 0 : entries.last().seq},
                            {QStringLiteral("entries"), list}})
            .toCbor();
    const QByteArray body = QCborValue(QCborArray{payload, key.sign(payload)}).toCbor();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fileError(Tr::tr("Cannot write %1: %2").arg(path, file.errorString()));
    file.write(Magic.data(), Magic.size());
    file.write(body);
    if (!file.commit())
        return fileError(Tr::tr("Cannot write %1: %2").arg(path, file.errorString()));
    return success();
}

Result<QString> JournalExportFile::peekDevice(const QString &path)
{
    QByteArray payload;
    QByteArray signature;
    auto map = readPayload(path, &payload, &signature);
    if (!map.ok())
        return map.error();
    const QCborValue device = map.value().value(QStringLiteral("device"));
    if (!device.isString() || device.toString().isEmpty())
        return fileError(Tr::tr("%1 names no device.").arg(path));
    return device.toString();
}

Result<JournalExportFile> JournalExportFile::read(const QString &path, const QByteArray &expectedKey)
{
    QByteArray payload;
    QByteArray signature;
    auto parsed = readPayload(path, &payload, &signature);
    if (!parsed.ok())
        return parsed.error();
    const QCborMap map = parsed.value();
    JournalExportFile out;
    out.deviceId = map.value(QStringLiteral("device")).toString();
    out.publicKey = map.value(QStringLiteral("public_key")).toByteArray();
    out.exportedMs = map.value(QStringLiteral("exported_ms")).toInteger();
    const QCborValue list = map.value(QStringLiteral("entries"));
    if (out.deviceId.isEmpty() || out.publicKey.size() != 32 || !list.isArray())
        return fileError(Tr::tr("%1 is damaged: a field is missing.").arg(path));
    const QByteArray key = expectedKey.isEmpty() ? out.publicKey : expectedKey;
    if (!DeviceKey::verify(key, payload, signature))
        return Error{QStringLiteral("export.bad-signature"),
                     Tr::tr("%1 is not signed by the key enrolled for device %2.").arg(path, out.deviceId)};
    for (const auto &v : list.toArray()) {
        if (!v.isByteArray())
            return fileError(Tr::tr("%1 is damaged: an entry is not bytes.").arg(path));
        auto e = JournalEntry::fromCbor(v.toByteArray());
        if (!e.ok())
            return fileError(
                Tr::tr("%1: entry %2 is damaged: %3").arg(path).arg(out.entries.size() + 1).arg(e.error().message));
        if (e.value().deviceId != out.deviceId)
            return fileError(Tr::tr("%1 mixes entries of another device.").arg(path));
        if (!out.entries.isEmpty() && e.value().seq != out.entries.last().seq + 1)
            return fileError(
                Tr::tr("%1: entries are not consecutive after seq %2.").arg(path).arg(out.entries.last().seq));
        out.entries.append(e.value());
    }
    return out;
}
