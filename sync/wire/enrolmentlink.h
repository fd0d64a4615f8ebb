#pragma once

#include <QString>

#include "result.h"

/**
 * What an enrolment QR code carries: the center's address as terminals reach it, the one-time
 * code and the center's key pin, so a new terminal's first-run screen fills all three from one
 * scan (a scanner types it, like an account number). Text form:
 *
 *   doorstep-enrol:?center=<percent-encoded http(s) address>&code=<code>[&pin=<64 hex digits>]
 *
 * Short enough for a phone-sized QR code; parse() refuses anything else in words.
 */
struct EnrolmentLink
{
    static constexpr char Scheme[] = "doorstep-enrol:";
    static constexpr int MaxChars = 512;

    QString center;
    QString code;
    QString pin; ///< 64 hex digits, or empty for a center without TLS

    [[nodiscard]] QString toText() const;
    /// Refuses text over MaxChars, another scheme, an unknown or repeated key, a center that is not
    /// a plain web address (WireProtocol::isPlainWebAddress), a code that is not
    /// 4 to 64 letters, digits or '-', a pin that is not 64 hex digits, and https without a pin.
    [[nodiscard]] static Result<EnrolmentLink> parse(const QString &text);
    /// True when `text` looks meant as a link (its scheme), so a field can tell a scan from typing.
    [[nodiscard]] static bool looksLikeLink(const QString &text);
};
