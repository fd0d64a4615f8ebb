// POST /v1/journal: a device's batch of signed journal entries, the center's main input. The
// input is the CBOR inside the framing, read with the center's request limits. A batch that
// decodes holds consecutive, chained entries of its device; it goes through the verifier the
// center runs; each entry whose record passes the device's checks is stored and read back
// unchanged; and the batch encodes to itself.

#include "fuzzsupport.h"
#include "journalverifier.h"
#include "wirecodec.h"
#include "wireprotocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto value = Wire::decodeCbor(Fuzz::bytes(data, size), WireLimits::request());
    if (!value.ok())
        return 0;
    const auto decoded = WireProtocol::JournalBatch::fromCbor(value.value());
    if (!decoded.ok()) {
        FUZZ_CHECK(!decoded.error().message.isEmpty());
        return 0;
    }
    const WireProtocol::JournalBatch &batch = decoded.value();
    FUZZ_CHECK(!batch.entries.isEmpty());

    // The center's check of the chain (the signature of the last entry cannot hold here).
    JournalVerifier verifier(batch.deviceId, QByteArray(32, '\x42'), batch.firstSeq, batch.prevHash,
                             JournalVerifier::Signatures::ChainHeads);
    for (const JournalEntry &e : batch.entries)
        if (!verifier.add(e))
            break;
    verifier.finish();
    FUZZ_CHECK(!verifier.report().ok);

    QByteArray prev = batch.prevHash;
    qint64 seq = batch.firstSeq;
    for (const JournalEntry &e : batch.entries) {
        FUZZ_CHECK(e.deviceId == batch.deviceId);
        FUZZ_CHECK(e.seq == seq);
        FUZZ_CHECK(e.prevHash == prev);
        FUZZ_CHECK(e.hash == e.computeHash());
        prev = e.hash;
        ++seq;
        if (!e.hasCanonicalBody() || !checkRecord(e.kind, e.body).ok())
            continue; // refused on ingest (issue 14, point 3)
        const JournalFact fact = JournalFact::fromEntry(e);
        FUZZ_CHECK(fact.seq == e.seq);
        const auto stored = JournalEntry::fromCbor(e.toCbor());
        FUZZ_CHECK(stored.ok());
        FUZZ_CHECK(stored.value() == e);
    }

    const auto again =
        WireProtocol::JournalBatch::fromCbor(WireProtocol::JournalBatch::encode(batch.deviceId, batch.entries));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again.value().entries == batch.entries);
    return 0;
}
