#include "devicekeylist.h"

#include <QCoreApplication>
#include <QFile>
#include <QSet>

#include "receiptcode.h"

namespace {

constexpr QByteArrayView Header("# doorstep device keys 1");
constexpr qint64 MaxFileBytes = 64LL * 1024 * 1024;

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(DeviceKeyList)
};

Error malformed(qsizetype line, const QString &what)
{
    return Error{QStringLiteral("device-keys.malformed"), Tr::tr("Device keys, line %1: %2").arg(line).arg(what)};
}

std::optional<qint64> milliseconds(const QByteArray &text)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    return ok && v >= 0 ? std::optional<qint64>(v) : std::nullopt;
}

} // namespace

std::optional<DeviceKeyList::Entry> DeviceKeyList::byKeyId(const QByteArray &keyId) const
{
    for (const Entry &e : entries)
        if (ReceiptCode::keyIdOf(e.publicKey) == keyId)
            return e;
    return std::nullopt;
}

QByteArray DeviceKeyList::toText() const
{
    QByteArray out = Header.toByteArray() + '\n';
    for (const Entry &e : entries)
        out += e.deviceId.toUtf8() + '\t' + e.publicKey.toBase64() + '\t' + QByteArray::number(e.enrolledMs) + '\t' +
               (e.revokedMs ? QByteArray::number(*e.revokedMs) : QByteArray("-")) + '\n';
    return out;
}

Result<DeviceKeyList> DeviceKeyList::fromText(const QByteArray &text)
{
    const QList<QByteArray> lines = text.split('\n');
    if (lines.isEmpty() || lines.first().trimmed() != Header)
        return malformed(1, Tr::tr("the file does not start with \"%1\".").arg(QString::fromLatin1(Header)));
    DeviceKeyList list;
    QSet<QString> seen;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const QList<QByteArray> f = line.split('\t');
        if (f.size() != 4)
            return malformed(i + 1, Tr::tr("not four fields separated by tabs."));
        Entry e;
        e.deviceId = QString::fromUtf8(f.at(0));
        auto key = QByteArray::fromBase64Encoding(f.at(1), QByteArray::AbortOnBase64DecodingErrors);
        const auto enrolled = milliseconds(f.at(2));
        const auto revoked = f.at(3) == "-" ? std::optional<qint64>(-1) : milliseconds(f.at(3));
        if (e.deviceId.isEmpty() || e.deviceId.size() > 64 || !key || key.decoded.size() != 32 || !enrolled || !revoked)
            return malformed(i + 1, Tr::tr("a device id, key or time is not as the center writes it."));
        if (seen.contains(e.deviceId))
            return malformed(i + 1, Tr::tr("device %1 is listed twice.").arg(e.deviceId));
        seen.insert(e.deviceId);
        e.publicKey = key.decoded;
        e.enrolledMs = *enrolled;
        if (*revoked >= 0)
            e.revokedMs = *revoked;
        list.entries.append(e);
    }
    return list;
}

Result<DeviceKeyList> DeviceKeyList::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("device-keys.read"), Tr::tr("Cannot read %1: %2").arg(path, file.errorString())};
    if (file.size() > MaxFileBytes)
        return malformed(0, Tr::tr("the file is larger than any center writes."));
    return fromText(file.readAll());
}
