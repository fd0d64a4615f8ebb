// POST /v1/commands/ack: a device's acknowledgement of a lock, unlock or wipe. The input is the
// CBOR inside the framing, read with the center's request limits; what decodes must encode to
// itself.

#include "fuzzsupport.h"
#include "wirecodec.h"
#include "wireprotocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto value = Wire::decodeCbor(Fuzz::bytes(data, size), WireLimits::request());
    if (!value.ok())
        return 0;
    const auto ack = WireProtocol::CommandAck::fromCbor(value.value());
    if (!ack.ok()) {
        FUZZ_CHECK(!ack.error().message.isEmpty());
        return 0;
    }
    const QCborValue encoded = ack.value().toCbor();
    const auto again = WireProtocol::CommandAck::fromCbor(encoded);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again.value().id == ack.value().id);
    FUZZ_CHECK(again.value().head == ack.value().head);
    return 0;
}
