#include "enrolmentlink.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

#include "wireprotocol.h"

namespace {

Error refused(const char *message)
{
    return Error{QStringLiteral("enrol.bad-link"), QCoreApplication::translate("EnrolmentLink", message)};
}

} // namespace

QString EnrolmentLink::toText() const
{
    QString text = QLatin1String(Scheme) + QStringLiteral("?center=") +
                   QString::fromLatin1(QUrl::toPercentEncoding(center)) + QStringLiteral("&code=") +
                   QString::fromLatin1(QUrl::toPercentEncoding(code));
    if (!pin.isEmpty())
        text += QStringLiteral("&pin=") + pin;
    return text;
}

bool EnrolmentLink::looksLikeLink(const QString &text)
{
    return text.trimmed().startsWith(QLatin1String(Scheme), Qt::CaseInsensitive);
}

Result<EnrolmentLink> EnrolmentLink::parse(const QString &input)
{
    const QString text = input.trimmed();
    if (text.size() > MaxChars)
        return refused(QT_TRANSLATE_NOOP("EnrolmentLink", "This enrolment code is too long to be one of ours."));
    if (!looksLikeLink(text) || text.mid(int(sizeof(Scheme)) - 1, 1) != QLatin1String("?"))
        return refused(QT_TRANSLATE_NOOP("EnrolmentLink", "This is not a Doorstep enrolment code."));
    EnrolmentLink link;
    const QUrlQuery query(text.mid(int(sizeof(Scheme))));
    const auto items = query.queryItems(QUrl::FullyDecoded);
    QStringList seen;
    for (const auto &[key, value] : items) {
        QString *field = key == QLatin1String("center") ? &link.center
                         : key == QLatin1String("code") ? &link.code
                         : key == QLatin1String("pin")  ? &link.pin
                                                        : nullptr;
        if (!field || seen.contains(key))
            return refused(QT_TRANSLATE_NOOP("EnrolmentLink", "The enrolment code is damaged: read it again."));
        seen.append(key);
        *field = value;
    }
    if (!WireProtocol::isPlainWebAddress(link.center))
        return refused(QT_TRANSLATE_NOOP("EnrolmentLink", "The enrolment code does not name a center address."));
    static const QRegularExpression codePattern(QStringLiteral("^[A-Za-z0-9-]{4,64}$"));
    if (!codePattern.match(link.code).hasMatch())
        return refused(QT_TRANSLATE_NOOP("EnrolmentLink", "The enrolment code carries no valid one-time code."));
    static const QRegularExpression pinPattern(QStringLiteral("^[0-9A-Fa-f]{64}$"));
    if (!link.pin.isEmpty() && !pinPattern.match(link.pin).hasMatch())
        return refused(
            QT_TRANSLATE_NOOP("EnrolmentLink", "The enrolment code's key fingerprint is not 64 hex digits."));
    if (link.pin.isEmpty() && QUrl(link.center).scheme() == QLatin1String("https"))
        return refused(QT_TRANSLATE_NOOP("EnrolmentLink", "The enrolment code has no key fingerprint for its https "
                                                          "center."));
    return link;
}
