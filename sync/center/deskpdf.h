#pragma once

#include <QByteArray>
#include <QString>

#include "deskviews.h"
#include "result.h"

/**
 * The day's report on paper: the day page's figures (DeskViews::day, printable) laid out by a
 * QTextDocument and written by Qt's PDF writer on A4, with who printed it and when in the heading,
 * the fonts embedded (Chinese included) and page numbers. Needs a QGuiApplication (fonts): the
 * center's `serve` runs one on the offscreen platform.
 */
namespace DeskPdf {

/// False when this process cannot lay out text (no QGuiApplication).
[[nodiscard]] bool available();

/// The PDF's bytes; "desk.pdf-unavailable" without a QGuiApplication.
/// `heading`: the report's title; `byline`: branch, who and when, under it.
[[nodiscard]] Result<QByteArray> day(DeskPage::Lang lang, const DeskViews::DayFigures &figures, const QString &heading,
                                     const QString &byline);

} // namespace DeskPdf
