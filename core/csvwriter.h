#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

/**
 * CSV as every file Doorstep writes it (RFC 4180, UTF-8, CRLF): the center's reports and billing
 * exports, and the auditor's views, which `doorstep-audit` regenerates byte for byte.
 */
namespace Csv {

/// One field, quoted when it holds a comma, quote or line break. A spreadsheet runs a field that
/// starts with = + - @, TAB or CR as a formula (OWASP "CSV injection"): such a field gets a leading
/// quote. A plain number ("-12.50") stays a number.
[[nodiscard]] QByteArray field(const QString &text);
/// The fields joined by commas, with CRLF.
[[nodiscard]] QByteArray line(const QStringList &fields);

} // namespace Csv
