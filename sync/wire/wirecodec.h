#pragma once

#include <QByteArray>
#include <QCborValue>

#include "result.h"

/**
 * Limits a decoder enforces before and while it reads a body, so hostile or broken input is
 * refused with a clear error instead of exhausting memory or the stack.
 */
struct WireLimits
{
    qsizetype maxBodyBytes = qsizetype(4) * 1024 * 1024;     ///< compressed body as received
    qsizetype maxDecodedBytes = qsizetype(16) * 1024 * 1024; ///< CBOR after inflating
    qsizetype maxArrayLength = 10'000;                       ///< elements of any one array
    qsizetype maxMapSize = 256;                              ///< pairs of any one map
    qsizetype maxStringBytes = qsizetype(64) * 1024;         ///< any one text or byte string
    qsizetype maxItems = 1'000'000;                          ///< every value in the document
    int maxNesting = 16;                                     ///< arrays and maps inside each other

    /// What the center accepts from devices: a journal batch of 1,000 entries needs some tens of
    /// thousands of values and maps of a dozen keys; the limits bound decoding work to that.
    [[nodiscard]] static WireLimits request();
    /// What the center accepts from a stranger: an enrolment request is two fields.
    [[nodiscard]] static WireLimits enrolment();
    /// What a device accepts from the center: worklists of a whole district are large.
    [[nodiscard]] static WireLimits reply();
};

/**
 * The body framing of the /v1 wire protocol. A body is one CBOR value (RFC 8949), compressed:
 *
 *     body = uint32 big-endian length of the CBOR  ||  zlib stream (RFC 1950, deflate) of the CBOR
 *
 * which is exactly what qCompress() produces (and qUncompress() reads); media type
 * "application/vnd.doorstep.v1+cbor+zlib". Decoding checks the declared length against the
 * limits before inflating anything (no zip bombs), inflates at most that many bytes, refuses a
 * stream that is longer, shorter or followed by anything, and then reads the CBOR with a stream
 * reader that enforces every limit of WireLimits as it goes. Floating-point values are refused:
 * nothing on this wire is a float, and an amount must never be one (ARCHITECTURE.md rule 1).
 */
namespace Wire {

/// "application/vnd.doorstep.v1+cbor+zlib"
[[nodiscard]] QByteArray mediaType();

/// The CBOR of `value`, framed and compressed as above.
[[nodiscard]] QByteArray encode(const QCborValue &value);

/// Inverse of encode(); errors: wire.empty, wire.too-large, wire.corrupt, wire.malformed,
/// wire.too-deep, wire.array-too-long, wire.map-too-large, wire.string-too-long,
/// wire.too-many-items, wire.float, wire.unsupported, wire.trailing-data.
[[nodiscard]] Result<QCborValue> decode(const QByteArray &body, const WireLimits &limits = WireLimits::request());

/// Reads plain (not compressed) CBOR with the same limits; used for export files.
[[nodiscard]] Result<QCborValue> decodeCbor(const QByteArray &cbor, const WireLimits &limits);

} // namespace Wire
