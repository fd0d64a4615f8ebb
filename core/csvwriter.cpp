#include "csvwriter.h"

#include <QRegularExpression>

namespace Csv {

QByteArray field(const QString &text)
{
    static const QRegularExpression number(QStringLiteral("^-?[0-9]+(\\.[0-9]+)?$"));
    QString s = text;
    if (!s.isEmpty() && QStringLiteral("=+-@\t\r").contains(s.front()) && !number.match(s).hasMatch())
        s.prepend(QLatin1Char('\''));
    QByteArray b = s.toUtf8();
    if (b.contains(',') || b.contains('"') || b.contains('\n') || b.contains('\r')) {
        b.replace("\"", "\"\"");
        b = '"' + b + '"';
    }
    return b;
}

QByteArray line(const QStringList &fields)
{
    QByteArray out;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += ',';
        out += field(fields.at(i));
    }
    return out + "\r\n";
}

} // namespace Csv
