// The journal entry decoder (core/journalentry): the canonical CBOR a device stores, exports and
// the center keeps, and the kind-specific records inside it. An entry that decodes is its own
// one canonical encoding, its body is canonical, and its record (when it is one) decodes again
// to itself after encoding; the facts the reports add up are derived without a crash.

#include "fuzzsupport.h"
#include "journalentry.h"

namespace {

template<typename Record>
void recordRoundTrip(const QCborMap &body)
{
    const auto record = recordFromCbor<Record>(body);
    if (!record.ok()) {
        FUZZ_CHECK(!record.error().message.isEmpty());
        return;
    }
    const auto again = recordFromCbor<Record>(toCbor(record.value()));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again.value() == record.value());
}

void everyRecord(const QCborMap &body)
{
    recordRoundTrip<ShiftOpenedRecord>(body);
    recordRoundTrip<PaymentRecord>(body);
    recordRoundTrip<VoidRecord>(body);
    recordRoundTrip<VisitRecord>(body);
    recordRoundTrip<ReceiptPrintedRecord>(body);
    recordRoundTrip<CashHandedOverRecord>(body);
    recordRoundTrip<ShiftClosedRecord>(body);
    recordRoundTrip<ClockFlagRecord>(body);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    const auto entry = JournalEntry::fromCbor(input);
    if (!entry.ok()) {
        FUZZ_CHECK(!entry.error().message.isEmpty());
        // The records alone, from whatever map the bytes hold. Only from a whole parse: the
        // partial value Qt 6.4 returns with an error can crash on lookup (this file's first find).
        QCborParserError error;
        const QCborValue value = QCborValue::fromCbor(input, &error);
        if (error.error == QCborError::NoError && value.isMap())
            everyRecord(value.toMap());
        return 0;
    }
    const JournalEntry &e = entry.value();
    FUZZ_CHECK(e.toCbor() == input);
    FUZZ_CHECK(e.hasCanonicalBody());
    FUZZ_CHECK(e.computeHash().size() == 32);
    FUZZ_CHECK(!e.canonicalEncoding().isEmpty());
    FUZZ_CHECK(!e.receiptNumber().isEmpty());
    everyRecord(e.body);
    const Status checked = checkRecord(e.kind, e.body);
    const JournalFact fact = JournalFact::fromEntry(e);
    FUZZ_CHECK(fact.seq == e.seq && fact.kind == e.kind);
    if (checked.ok() && e.kind == EntryKind::Payment)
        FUZZ_CHECK(fact.amount == recordFromCbor<PaymentRecord>(e.body)->amount);
    return 0;
}
