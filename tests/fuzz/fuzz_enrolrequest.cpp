// POST /v1/enrol: the one body the center reads from anyone, before any authentication. The
// input is the CBOR inside the framing (fuzz_wirecodec covers the framing), read with the same
// limits the center uses for it; what decodes must encode to itself.

#include "fuzzsupport.h"
#include "wirecodec.h"
#include "wireprotocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto value = Wire::decodeCbor(Fuzz::bytes(data, size), WireLimits::enrolment());
    if (!value.ok())
        return 0;
    const auto request = WireProtocol::EnrolRequest::fromCbor(value.value());
    if (!request.ok()) {
        FUZZ_CHECK(!request.error().message.isEmpty());
        return 0;
    }
    const QCborValue encoded = request.value().toCbor();
    const auto again = WireProtocol::EnrolRequest::fromCbor(encoded);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again.value().code == request.value().code);
    FUZZ_CHECK(again.value().publicKey == request.value().publicKey);
    FUZZ_CHECK(again.value().toCbor() == encoded);
    return 0;
}
