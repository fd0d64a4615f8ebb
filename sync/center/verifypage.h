#pragma once

#include <QByteArray>
#include <QString>
#include <QTimeZone>

#include <optional>

#include "receiptcheck.h"
#include "receiptcode.h"

/**
 * The public receipt verification page behind the address a receipt's QR code carries
 * ("<address>#<code>"). The code travels in the fragment, which a browser never sends: the page's
 * one script copies it into the form and posts it, so it appears in no proxy's or server's log of
 * addresses. Without script, the code can be pasted. The answer is the verdict in Chinese and
 * English with only what the receipt itself shows (terminal, entry, time, account, amount); one
 * self-contained HTML page, no outside resources, served under a strict Content-Security-Policy.
 */
namespace VerifyPage {

/// Longest form body the page reads (a receipt code is about 160 characters).
inline constexpr qsizetype MaxFormBytes = 2048;

/// The empty form.
[[nodiscard]] QByteArray form();
/// The verdict on `code`, above the form.
[[nodiscard]] QByteArray verdict(const ReceiptVerdict &verdict, const ReceiptCode &code, const QTimeZone &zone);
/// What was wrong with the submitted text, above the form holding it again.
[[nodiscard]] QByteArray refusal(const QString &message, const QString &submitted);

/// The code in a posted form body (application/x-www-form-urlencoded, field "code").
[[nodiscard]] std::optional<QString> codeFromForm(const QByteArray &body);

/// The Content-Security-Policy the page needs: its own style and script by hash, nothing else.
[[nodiscard]] QByteArray contentSecurityPolicy();

} // namespace VerifyPage
