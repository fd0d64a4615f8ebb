#pragma once

// Reading the desk's pages in tests: the figures a page carries in its data attributes.

#include <QByteArray>
#include <QHash>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace DeskHtml {

/// The value of `attribute` on every element of `html` carrying it, in page order.
inline QStringList attributes(const QByteArray &html, const QString &attribute)
{
    QStringList out;
    const QRegularExpression re(attribute + QStringLiteral("=\"([^\"]*)\""));
    for (auto it = re.globalMatch(QString::fromUtf8(html)); it.hasNext();)
        out.append(it.next().captured(1));
    return out;
}

/// The rows of table `id`: data-key → data-fen.
inline QHash<QString, qint64> tableFen(const QByteArray &html, const QString &id)
{
    QHash<QString, qint64> out;
    const QString page = QString::fromUtf8(html);
    const qsizetype start = page.indexOf(QStringLiteral("<table id=\"%1\">").arg(id));
    if (start < 0)
        return out;
    const QString table = page.mid(start, page.indexOf(QStringLiteral("</table>"), start) - start);
    static const QRegularExpression row(QStringLiteral("data-key=\"([^\"]*)\" data-fen=\"(-?[0-9]+)\""));
    for (auto it = row.globalMatch(table); it.hasNext();) {
        const auto m = it.next();
        out.insert(m.captured(1), m.captured(2).toLongLong());
    }
    return out;
}

} // namespace DeskHtml
