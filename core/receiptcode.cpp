#include "receiptcode.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QStringList>

namespace {

constexpr char Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr qsizetype MaxScannedChars = 2048;
constexpr qsizetype MaxAccountChars = 64;

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(ReceiptCode)
};

QString base32(const QByteArray &bytes)
{
    QString out;
    quint32 buffer = 0;
    int bits = 0;
    for (const char c : bytes) {
        buffer = (buffer << 8) | quint8(c);
        bits += 8;
        while (bits >= 5) {
            out += QLatin1Char(Alphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0)
        out += QLatin1Char(Alphabet[(buffer << (5 - bits)) & 31]);
    return out;
}

/// Exactly `bytes` bytes back, or nothing (a wrong letter, a wrong length, stray bits set).
std::optional<QByteArray> fromBase32(QStringView text, qsizetype bytes)
{
    if (text.size() != (bytes * 8 + 4) / 5)
        return std::nullopt;
    QByteArray out;
    quint32 buffer = 0;
    int bits = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        int v = -1;
        if (u >= u'A' && u <= u'Z')
            v = u - u'A';
        else if (u >= u'2' && u <= u'7')
            v = u - u'2' + 26;
        if (v < 0)
            return std::nullopt;
        buffer = (buffer << 5) | quint32(v);
        bits += 5;
        if (bits >= 8) {
            out.append(char((buffer >> (bits - 8)) & 0xFF));
            bits -= 8;
        }
    }
    if ((buffer & ((1u << bits) - 1)) != 0) // the padding bits of the last letter are zero
        return std::nullopt;
    return out;
}

QString kindLetter(ReceiptCode::Kind kind)
{
    return kind == ReceiptCode::Kind::Void ? QStringLiteral("V") : QStringLiteral("P");
}

/// A decimal number of 0 or more with no sign, no leading zero and no more than 18 digits.
std::optional<qint64> number(QStringView text)
{
    if (text.isEmpty() || text.size() > 18 || (text.size() > 1 && text.front() == u'0'))
        return std::nullopt;
    for (const QChar c : text)
        if (c < u'0' || c > u'9')
            return std::nullopt;
    return text.toLongLong();
}

Error malformed(const QString &what)
{
    return Error{QStringLiteral("receipt-code.malformed"), Tr::tr("This is not a Doorstep receipt code: %1").arg(what)};
}

} // namespace

QByteArray ReceiptCode::keyIdOf(const QByteArray &publicKey)
{
    return QCryptographicHash::hash(publicKey, QCryptographicHash::Sha256).left(KeyIdBytes);
}

QByteArray ReceiptCode::signedMessage() const
{
    return QByteArrayLiteral("doorstep-receipt-v2\n") + kindLetter(kind).toLatin1() + '\n' + keyId.toHex() + '\n' +
           QByteArray::number(seq) + '\n' + QByteArray::number(timeMs) + '\n' + account.toUtf8() + '\n' +
           QByteArray::number(amountFen);
}

ReceiptCode ReceiptCode::sign(Kind kind, const DeviceKey &key, qint64 seq, qint64 timeMs, const QString &account,
                              qint64 amountFen)
{
    ReceiptCode c{kind, keyIdOf(key.publicKey()), seq, timeMs, account, amountFen, {}};
    c.signature = key.sign(c.signedMessage());
    return c;
}

bool ReceiptCode::verify(const QByteArray &publicKey) const
{
    return keyIdOf(publicKey) == keyId && DeviceKey::verify(publicKey, signedMessage(), signature);
}

QString ReceiptCode::text(const QString &address) const
{
    QString encodedAccount = account;
    encodedAccount.replace(QLatin1Char('%'), QStringLiteral("%25"))
        .replace(QLatin1Char(':'), QStringLiteral("%3A"))
        .replace(QLatin1Char('#'), QStringLiteral("%23"));
    const QString code = QStringList{QStringLiteral("DS2"),      kindLetter(kind),        base32(keyId),
                                     QString::number(seq),       QString::number(timeMs), encodedAccount,
                                     QString::number(amountFen), base32(signature)}
                             .join(QLatin1Char(':'));
    return address.isEmpty() ? code : address + QLatin1Char('#') + code;
}

Result<ReceiptCode> ReceiptCode::parse(const QString &scanned)
{
    if (scanned.size() > MaxScannedChars)
        return malformed(Tr::tr("it is longer than any receipt prints."));
    QString text = scanned.trimmed();
    if (const qsizetype hash = text.lastIndexOf(QLatin1Char('#')); hash >= 0)
        text = text.mid(hash + 1); // the verification address before it
    const QStringList f = text.split(QLatin1Char(':'));
    if (f.size() != 8 || f.at(0) != QLatin1String("DS2"))
        return malformed(Tr::tr("it does not start with DS2 and have eight fields."));
    ReceiptCode c;
    if (f.at(1) == QLatin1String("P"))
        c.kind = Kind::Payment;
    else if (f.at(1) == QLatin1String("V"))
        c.kind = Kind::Void;
    else
        return malformed(Tr::tr("the kind is neither P nor V."));
    const auto keyId = fromBase32(f.at(2), KeyIdBytes);
    const auto seq = number(f.at(3));
    const auto time = number(f.at(4));
    const auto amount = number(f.at(6));
    const auto signature = fromBase32(f.at(7), 64);
    if (!keyId || !seq || *seq < 1 || !time || !amount || !signature)
        return malformed(Tr::tr("a key id, number or signature is not written as a receipt writes it."));
    // The account, percent-decoded: only %25, %3A and %23 are written.
    QString account;
    const QString &raw = f.at(5);
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw.at(i) != u'%') {
            account += raw.at(i);
            continue;
        }
        const QStringView escape = QStringView(raw).mid(i, 3);
        if (escape == u"%25")
            account += u'%';
        else if (escape.compare(u"%3A", Qt::CaseInsensitive) == 0)
            account += u':';
        else if (escape == u"%23")
            account += u'#';
        else
            return malformed(Tr::tr("the account has a stray '%'."));
        i += 2;
    }
    if (account.isEmpty() || account.size() > MaxAccountChars)
        return malformed(Tr::tr("the account is empty or too long."));
    c.keyId = *keyId;
    c.seq = *seq;
    c.timeMs = *time;
    c.account = account;
    c.amountFen = *amount;
    c.signature = *signature;
    return c;
}
