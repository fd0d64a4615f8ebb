#include "treehead.h"

#include <QCoreApplication>
#include <QList>

#include "decimal.h"

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(TreeHead)
};

constexpr QByteArrayView Header("doorstep-tree-head 1");

Error malformed(const QString &what)
{
    return Error{QStringLiteral("tree-head.malformed"),
                 Tr::tr("The tree head is not one the center writes: %1").arg(what)};
}

} // namespace

QByteArray TreeHead::signedText() const
{
    return Header.toByteArray() + "\nsize " + QByteArray::number(size) + "\nroot " + root.toHex() + "\ntime-ms " +
           QByteArray::number(timeMs) + '\n';
}

QByteArray TreeHead::toText() const
{
    return signedText() + "signature " + signature.toBase64() + '\n';
}

TreeHead TreeHead::sign(qint64 size, const QByteArray &root, qint64 timeMs, const DeviceKey &centerKey)
{
    TreeHead head{size, root, timeMs, {}};
    head.signature = centerKey.sign(head.signedText());
    return head;
}

bool TreeHead::verify(const QByteArray &centerPublicKey) const
{
    return centerPublicKey.size() == 32 && signature.size() == 64 &&
           DeviceKey::verify(centerPublicKey, signedText(), signature);
}

Result<TreeHead> TreeHead::fromText(const QByteArray &text)
{
    if (text.size() > 1024)
        return malformed(Tr::tr("it is longer than a tree head."));
    QList<QByteArray> lines = text.split('\n');
    if (lines.size() == 6 && lines.last().isEmpty())
        lines.removeLast();
    if (lines.size() != 5 || lines.at(0) != Header)
        return malformed(Tr::tr("it is not five lines starting with \"%1\".").arg(QString::fromLatin1(Header)));
    const auto field = [&](int i, QByteArrayView name) -> std::optional<QByteArray> {
        const QByteArray &l = lines.at(i);
        if (!l.startsWith(name) || l.size() <= name.size() || l.at(name.size()) != ' ')
            return std::nullopt;
        return l.mid(name.size() + 1);
    };
    TreeHead head;
    const auto size = field(1, "size");
    const auto root = field(2, "root");
    const auto time = field(3, "time-ms");
    const auto signature = field(4, "signature");
    if (!size || !root || !time || !signature)
        return malformed(Tr::tr("the lines are not size, root, time-ms and signature in that order."));
    const auto n = Decimal::parseCount(*size);
    const auto t = Decimal::parseCount(*time);
    const auto rootBytes = QByteArray::fromHex(*root);
    const auto sig = QByteArray::fromBase64Encoding(*signature, QByteArray::AbortOnBase64DecodingErrors);
    if (!n || !t || root->size() != 64 || rootBytes.toHex() != *root || !sig || sig.decoded.size() != 64)
        return malformed(Tr::tr("a size, root, time or signature is not as the center writes it."));
    head.size = *n;
    head.root = rootBytes;
    head.timeMs = *t;
    head.signature = sig.decoded;
    if (head.toText() != lines.join('\n') + '\n')
        return malformed(Tr::tr("it is not written exactly as the center writes it."));
    return head;
}
