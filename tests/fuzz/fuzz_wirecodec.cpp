// The /v1 body framing (sync/wirecodec): the first thing every byte from the network meets.
// Each input is tried both as a framed body (length + zlib) and as plain CBOR with the request
// limits. Whatever decodes must encode and decode again to the same value.

#include "fuzzsupport.h"
#include "wirecodec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    const WireLimits limits = WireLimits::request();

    const auto framed = Wire::decode(input, limits);
    if (framed.ok()) {
        const auto again = Wire::decode(Wire::encode(framed.value()), limits);
        FUZZ_CHECK(again.ok());
        FUZZ_CHECK(again.value() == framed.value());
    }

    const auto plain = Wire::decodeCbor(input, limits);
    if (plain.ok()) {
        const auto again = Wire::decodeCbor(plain.value().toCbor(), limits);
        FUZZ_CHECK(again.ok());
        FUZZ_CHECK(again.value() == plain.value());
        const auto reframed = Wire::decode(Wire::encode(plain.value()), limits);
        FUZZ_CHECK(reframed.ok());
        FUZZ_CHECK(reframed.value() == plain.value());
    }
    return 0;
}
