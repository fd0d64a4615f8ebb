#include "paymentcorrection.h"

#include <QCborValue>
#include <QCoreApplication>

#include "terminalfiles.h"

QCborArray PaymentCorrection::toCbor(const QList<PaymentCorrection> &corrections)
{
    QCborArray a;
    for (const PaymentCorrection &c : corrections)
        a.append(QCborArray{c.deviceId, c.seq, c.account, c.amount.fen(), c.reason, c.madeBy, c.atMs});
    return a;
}

std::optional<QList<PaymentCorrection>> PaymentCorrection::fromCbor(const QCborArray &array)
{
    const auto text = [](const QCborValue &v, qsizetype max) { return v.isString() && v.toString().size() <= max; };
    QList<PaymentCorrection> out;
    for (const auto &x : array) {
        const QCborArray r = x.toArray();
        if (r.size() != 7 || !text(r[0], 64) || !r[1].isInteger() || r[1].toInteger() < 1 || !text(r[2], 64) ||
            !r[3].isInteger() || r[3].toInteger() < 0 || r[3].toInteger() > Money::MaxFen ||
            !text(r[4], MaxTextChars) || !text(r[5], MaxTextChars) || !r[6].isInteger() || r[6].toInteger() < 0)
            return std::nullopt;
        out.append(PaymentCorrection{r[0].toString(), r[1].toInteger(), r[2].toString(),
                                     Money::fromFen(r[3].toInteger()), r[4].toString(), r[5].toString(),
                                     r[6].toInteger()});
    }
    return out;
}

Status PaymentCorrection::save(const QString &path, const QList<PaymentCorrection> &corrections)
{
    if (const auto problem = TerminalFiles::saveCborArray(path, toCbor(corrections)))
        return Error{QStringLiteral("correction.save"),
                     QCoreApplication::translate("PaymentCorrection", "The center's corrections could not be saved: %1")
                         .arg(*problem)};
    return success();
}

Result<QList<PaymentCorrection>> PaymentCorrection::load(const QString &path)
{
    const auto array = TerminalFiles::loadCborArray(path, 4 << 20);
    const auto list = array ? fromCbor(*array) : std::nullopt;
    if (!list)
        return Error{QStringLiteral("correction.unreadable"),
                     QCoreApplication::translate("PaymentCorrection", "The center's corrections kept on this "
                                                                      "terminal cannot be read; sync to get them "
                                                                      "again.")};
    return *list;
}
