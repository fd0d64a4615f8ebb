// What a device reads from the center (or from whoever answers in its place): the enrolment
// reply, the worklist delta, the journal acknowledgement, the commands and the error body. The
// first byte picks the message, the rest is the CBOR inside the framing, read with the reply
// limits. What decodes must encode to itself.

#include "fuzzsupport.h"
#include "wirecodec.h"
#include "wireprotocol.h"

namespace {

template<typename Message>
void roundTrip(const QCborValue &value)
{
    const auto message = Message::fromCbor(value);
    if (!message.ok()) {
        FUZZ_CHECK(!message.error().message.isEmpty());
        return;
    }
    const QCborValue encoded = message.value().toCbor();
    const auto again = Message::fromCbor(encoded);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again.value().toCbor() == encoded);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    Fuzz::Input input(data, size);
    const std::uint8_t which = input.byte();
    const auto value = Wire::decodeCbor(input.rest(), WireLimits::reply());
    if (!value.ok())
        return 0;
    switch (which % 5) {
    case 0:
        roundTrip<WireProtocol::EnrolReply>(value.value());
        break;
    case 1:
        roundTrip<WireProtocol::WorklistDelta>(value.value());
        break;
    case 2:
        roundTrip<WireProtocol::JournalAck>(value.value());
        break;
    case 3:
        roundTrip<WireProtocol::CommandsReply>(value.value());
        break;
    default:
        roundTrip<WireProtocol::ErrorReply>(value.value());
        break;
    }
    return 0;
}
