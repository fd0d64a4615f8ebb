#include "deskpdf.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFont>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace DeskPdf {

bool available()
{
    return qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr;
}

Result<QByteArray> day(DeskPage::Lang lang, const DeskViews::DayFigures &figures, const QString &heading,
                       const QString &byline)
{
    if (!available())
        return Error{QStringLiteral("desk.pdf-unavailable"),
                     QCoreApplication::translate("DeskPdf", "This process cannot write PDF files (no fonts).")};
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setResolution(300);
        writer.setTitle(heading);
        writer.setCreator(QStringLiteral("Doorstep center"));

        QTextDocument document;
        // The CJK face first: its Latin is fine, and Chinese names and villages need it.
        QFont font(QStringLiteral("Noto Sans CJK SC"));
        font.setPointSizeF(9);
        document.setDefaultFont(font);
        // What QTextDocument's CSS subset takes: ruled tables, figures right-aligned.
        document.setDefaultStyleSheet(
            QStringLiteral("h1{font-size:15pt}h2{font-size:11pt;margin-top:10px}table{border-collapse:collapse;"
                           "margin-bottom:4px}th,td{border:1px solid #9aa3ab;padding:2px 6px}th{background:#eef1f3}"
                           ".n{text-align:right}.note{color:#5b6670}"));
        document.setHtml(QStringLiteral("<h1>%1</h1><p class=\"note\">%2</p>")
                             .arg(DeskPage::escaped(heading), DeskPage::escaped(byline)) +
                         DeskViews::day(lang, figures, true));
        document.print(&writer);
    }
    return bytes;
}

} // namespace DeskPdf
