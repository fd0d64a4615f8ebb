#include <QBuffer>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

#include "centerimport.h"
#include "centerledger.h"
#include "centerreports.h"
#include "journalexportfile.h"
#include "journalingest.h"
#include "penaltypolicy.h"
#include "pgtestserver.h"
#include "synctestkit.h"
#include "wirecodec.h"

using namespace SyncTestKit;

namespace {

/// Through the wire encoding and back, as the server would receive it.
WireProtocol::JournalBatch overTheWire(const QString &deviceId, const QList<JournalEntry> &list)
{
    const QByteArray body = Wire::encode(WireProtocol::JournalBatch::encode(deviceId, list));
    auto decoded = Wire::decode(body);
    Q_ASSERT(decoded.ok());
    auto batch = WireProtocol::JournalBatch::fromCbor(decoded.value());
    Q_ASSERT(batch.ok());
    return batch.value();
}

qint64 count(const CenterDatabase &db, const QString &sql)
{
    return db.scalar(sql).value().toLongLong();
}

} // namespace

class TestJournalIngest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_url;
    Center m_center;
    std::unique_ptr<JournalIngest> m_ingest;

    Result<WireProtocol::JournalAck> send(const Device &d, qint64 from, qint64 to)
    {
        auto ack = m_ingest->ingest(overTheWire(d.id, journalEntries(*d.journal, from, to)), QStringLiteral("test"));
        // The books follow the journal, as the server does after answering.
        if (ack.ok() && !m_ingest->applyLedger(d.id).ok())
            return Error{QStringLiteral("test.ledger"), QStringLiteral("ledger failed")};
        return ack;
    }

private slots:
    void initTestCase_data() { CenterTestDb::addBackendRows(); }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        auto url = CenterTestDb::freshUrl(backend, m_dir.path(), QStringLiteral("ingest"));
        QVERIFY2(url.ok(), qPrintable(url.ok() ? QString() : url.error().message));
        m_url = url.value();
        auto center = openCenter(url.value());
        QVERIFY2(center.ok(), qPrintable(center.ok() ? QString() : center.error().message));
        m_center = std::move(center).value();
        const Extract x = writeExtract(m_dir.path(), 2, 60);
        CenterImport import(*m_center.store);
        auto imported = import.run(x.accounts, x.bills, x.policy, x.collectors);
        QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error().message));
        m_ingest = std::make_unique<JournalIngest>(*m_center.store);
    }

    void cleanup()
    {
        m_ingest.reset();
        m_center = Center{};
    }

    void storesOnceAndTotalsAgree()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-a"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        auto day = simulateDay(*device.value().journal, 1, 40, dayStart());
        QVERIFY(day.ok());
        const qint64 last = device.value().journal->lastSeq();
        QCOMPARE(last, day.value().entries);

        for (qint64 from = 1; from <= last; from += 25) {
            auto ack = send(device.value(), from, qMin(last, from + 24));
            QVERIFY2(ack.ok(), qPrintable(ack.ok() ? QString() : ack.error().message));
            QVERIFY(!ack.value().refusal);
            QCOMPARE(ack.value().head, qMin(last, from + 24));
            QCOMPARE(ack.value().stored, qMin(last, from + 24) - from + 1);
            QCOMPARE(ack.value().headHash, device.value().journal->entry(ack.value().head)->hash);
        }
        // The whole journal again: acknowledged, nothing stored twice.
        auto again = send(device.value(), 1, last);
        QVERIFY(again.ok());
        QVERIFY(!again.value().refusal);
        QCOMPARE(again.value().stored, 0);
        QCOMPARE(again.value().duplicates, last);
        QCOMPARE(again.value().head, last);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM journal_entries")), last);

        auto totals = CenterReports(*m_center.db, QTimeZone::utc()).totals(QDate(2026, 11, 2));
        QVERIFY(totals.ok());
        const auto &rows = totals.value();
        QCOMPARE(rows.first().dimension, QStringLiteral("total"));
        QCOMPARE(rows.first().count, day.value().payments);
        QCOMPARE(rows.first().amount, day.value().amount);
        auto voids = std::find_if(rows.cbegin(), rows.cend(),
                                  [](const auto &r) { return r.dimension == QLatin1String("void"); });
        QVERIFY(voids != rows.cend());
        QCOMPARE(voids->count, day.value().voids);
        QCOMPARE(voids->amount, day.value().voided);
        qint64 visits = 0;
        for (const auto &r : rows)
            visits += r.dimension == QLatin1String("visit") ? r.count : 0;
        QCOMPARE(visits, day.value().visits);

        // The ledger: every paid, non-voided bill is closed; voided ones are open again.
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM bills WHERE route = 'R1' AND active = 0")),
                 day.value().payments);
        // Overpayments went to prepaid and onto the exception list.
        QVERIFY(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind = 'overpayment'")) > 0);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind = 'void'")),
                 day.value().voids);
    }

    void overlapIsAcknowledged()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-o"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 10, dayStart()).ok());
        QVERIFY(send(device.value(), 1, 10).ok());
        auto ack = send(device.value(), 5, 20);
        QVERIFY(ack.ok());
        QVERIFY(!ack.value().refusal);
        QCOMPARE(ack.value().duplicates, 6);
        QCOMPARE(ack.value().stored, 10);
        QCOMPARE(ack.value().head, 20);
    }

    void gapIsRefused()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-g"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 10, dayStart()).ok());
        QVERIFY(send(device.value(), 1, 10).ok());
        auto ack = send(device.value(), 15, 20);
        QVERIFY(ack.ok());
        QVERIFY(ack.value().refusal);
        QCOMPARE(ack.value().refusal->code, QStringLiteral("journal.gap"));
        QCOMPARE(ack.value().refusal->seq, 15);
        QVERIFY(!ack.value().refusal->message.isEmpty());
        QCOMPARE(ack.value().head, 10);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM journal_entries")), 10);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM refusals WHERE code = 'journal.gap'")), 1);
    }

    void brokenChainIsRefused()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-c"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 10, dayStart()).ok());
        QVERIFY(send(device.value(), 1, 10).ok());
        auto batch = overTheWire(device.value().id, journalEntries(*device.value().journal, 11, 20));
        batch.entries.first().prevHash[0] = char(batch.entries.first().prevHash[0] ^ 1);
        auto ack = m_ingest->ingest(batch, QStringLiteral("test"));
        QVERIFY(ack.ok());
        QVERIFY(ack.value().refusal);
        QCOMPARE(ack.value().refusal->code, QStringLiteral("journal.broken-chain"));
        QCOMPARE(ack.value().head, 10);
    }

    void tamperedEntryStopsTheBatchThere()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-t"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 10, dayStart()).ok());
        QList<JournalEntry> list = journalEntries(*device.value().journal, 1, 20);
        // Someone on the way raises an amount; the entry keeps its original signature.
        for (JournalEntry &e : list) {
            if (e.seq == 15)
                e.body.insert(3, e.body.value(3).toInteger() + 100);
        }
        auto ack = m_ingest->ingest(overTheWire(device.value().id, list), QStringLiteral("test"));
        QVERIFY(ack.ok());
        QVERIFY(ack.value().refusal);
        QCOMPARE(ack.value().refusal->code, QStringLiteral("journal.bad-signature"));
        QCOMPARE(ack.value().refusal->seq, 15);
        QCOMPARE(ack.value().head, 14);
        QCOMPARE(ack.value().stored, 14);
        // The device resends the genuine entries: accepted.
        auto again = send(device.value(), 15, 20);
        QVERIFY(again.ok());
        QVERIFY(!again.value().refusal);
        QCOMPARE(again.value().head, 20);
    }

    void forgedSignatureIsRefused()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-f"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        // A forger with its own key writes a journal under the enrolled device's name.
        DeviceKey forger = DeviceKey::generate();
        Journal forged(dir.path() + QStringLiteral("/forged.journal"), QStringLiteral("dev-f"), forger);
        QVERIFY(forged.open().ok());
        QVERIFY(simulateDay(forged, 1, 3, dayStart()).ok());
        auto ack = m_ingest->ingest(overTheWire(QStringLiteral("dev-f"), journalEntries(forged, 1, 5)),
                                    QStringLiteral("test"));
        QVERIFY(ack.ok());
        QVERIFY(ack.value().refusal);
        QCOMPARE(ack.value().refusal->code, QStringLiteral("journal.bad-signature"));
        QCOMPARE(ack.value().head, 0);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM journal_entries")), 0);
    }

    void signatureCheckPolicies()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-p"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 4, dayStart()).ok());
        // Entry 3 keeps its content but its own signature bytes are garbage.
        QList<JournalEntry> list = journalEntries(*device.value().journal, 1, 8);
        list[2].signature = QByteArray(64, '\x07');
        // Every entry checked: refused at 3, 1..2 kept.
        m_ingest->setSignatureCheck(JournalIngest::SignatureCheck::EveryEntry);
        auto strict = m_ingest->ingest(overTheWire(device.value().id, list), QStringLiteral("test"));
        QVERIFY(strict.ok());
        QCOMPARE(strict.value().refusal->code, QStringLiteral("journal.bad-signature"));
        QCOMPARE(strict.value().refusal->seq, 3);
        QCOMPARE(strict.value().head, 2);
        // Batch head checked (the default): the head's signature covers 3's content through the
        // chain, so its content is authentic and it is accepted as sent.
        m_ingest->setSignatureCheck(JournalIngest::SignatureCheck::BatchHead);
        auto head = m_ingest->ingest(overTheWire(device.value().id, list.mid(2)), QStringLiteral("test"));
        QVERIFY(head.ok());
        QVERIFY(!head.value().refusal);
        QCOMPARE(head.value().head, 8);
        // A changed amount is caught either way (the chain breaks the head's signature).
        QList<JournalEntry> more = journalEntries(*device.value().journal, 9, device.value().journal->lastSeq());
        more[1].body.insert(3, 1);
        auto tampered = m_ingest->ingest(overTheWire(device.value().id, more), QStringLiteral("test"));
        QCOMPARE(tampered.value().refusal->code, QStringLiteral("journal.bad-signature"));
        QCOMPARE(tampered.value().head, 9);
    }

    void ledgerCatchUpIsIdempotent()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-i"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(
            device.value()
                .journal->append(EntryKind::Payment, toCbor(payment(1, 9, 300)), dayStart(), QStringLiteral("C001"), 0)
                .ok());
        auto ack = m_ingest->ingest(overTheWire(device.value().id, journalEntries(*device.value().journal, 1, 1)),
                                    QStringLiteral("test"));
        QVERIFY(ack.ok());
        // Stored and acknowledged before the books move.
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT paid_fen FROM bills WHERE id = 'B1-9'")), 0);
        QCOMPARE(m_ingest->applyLedger(device.value().id).value(), 1);
        QCOMPARE(m_ingest->applyLedger(device.value().id).value(), 0);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT paid_fen FROM bills WHERE id = 'B1-9'")), BillFen);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT prepaid_fen FROM accounts WHERE number = '0010000009'")),
                 300);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM ledger_payments")), 1);
    }

    void equivocationFreezesTheDevice()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-e"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 5, dayStart()).ok());
        QVERIFY(send(device.value(), 1, 8).ok());
        // The same key signs a second, different history (a cloned or restored device).
        Journal clone(dir.path() + QStringLiteral("/clone.journal"), QStringLiteral("dev-e"), *device.value().key);
        QVERIFY(clone.open().ok());
        QVERIFY(simulateDay(clone, 1, 5, dayStart(9)).ok());
        auto ack =
            m_ingest->ingest(overTheWire(QStringLiteral("dev-e"), journalEntries(clone, 1, 8)), QStringLiteral("test"));
        QVERIFY(ack.ok());
        QVERIFY(ack.value().refusal);
        QCOMPARE(ack.value().refusal->code, QStringLiteral("journal.equivocation"));
        auto dev = m_center.store->device(QStringLiteral("dev-e"));
        QCOMPARE(dev.value()->state, CenterDevice::State::Frozen);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind = 'tampering'")), 1);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM journal_entries")), 8);
        // Frozen: even genuine new entries wait for a supervisor.
        auto next = send(device.value(), 9, 10);
        QVERIFY(next.ok());
        QCOMPARE(next.value().refusal->code, QStringLiteral("device.frozen"));
        QVERIFY(m_center.store->unfreeze(QStringLiteral("dev-e")).ok());
        auto after = send(device.value(), 9, 10);
        QVERIFY(!after.value().refusal);
        QCOMPARE(after.value().head, 10);
    }

    void unknownDeviceIsRefusedAndLogged()
    {
        QTemporaryDir dir;
        DeviceKey key = DeviceKey::generate();
        Journal journal(dir.path() + QStringLiteral("/x.journal"), QStringLiteral("stranger"), key);
        QVERIFY(journal.open().ok());
        QVERIFY(simulateDay(journal, 1, 2, dayStart()).ok());
        auto ack = m_ingest->ingest(overTheWire(QStringLiteral("stranger"), journalEntries(journal, 1, 4)),
                                    QStringLiteral("10.0.0.9"));
        QVERIFY(ack.ok());
        QCOMPARE(ack.value().refusal->code, QStringLiteral("device.unknown"));
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM refusals WHERE device_id = 'stranger' AND "
                                                    "remote = '10.0.0.9'")),
                 1);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM journal_entries")), 0);
    }

    void lockedDeviceKeepsWhatItSignedBefore()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-l"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 10, dayStart()).ok());
        QVERIFY(send(device.value(), 1, 5).ok());
        auto command = m_center.store->issueCommand(QStringLiteral("dev-l"), QStringLiteral("lock"));
        QVERIFY(command.ok());
        // Reported lost, the lock has not reached it yet: accepted, and listed for review.
        auto pending = send(device.value(), 6, 10);
        QVERIFY(!pending.value().refusal);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind = "
                                                    "'device-reported-lost'")),
                 1);
        // The lock reached the device at entry 12. Acknowledged before 11 and 12 are uploaded, the
        // head is beyond what the center holds: refused (it could be any number, 2^63-1 included).
        auto early =
            m_center.store->acknowledgeCommand(QStringLiteral("dev-l"), WireProtocol::CommandAck{command.value(), 12});
        QVERIFY(!early.ok());
        QCOMPARE(early.error().code, QStringLiteral("command.head-ahead"));
        QVERIFY(!send(device.value(), 11, 12).value().refusal);
        // Once they are: 11 and 12 are the device's, 13 on refused.
        QVERIFY(
            m_center.store->acknowledgeCommand(QStringLiteral("dev-l"), WireProtocol::CommandAck{command.value(), 12})
                .ok());
        auto ack = send(device.value(), 11, 16);
        QVERIFY(ack.value().refusal);
        QCOMPARE(ack.value().refusal->code, QStringLiteral("device.locked"));
        QCOMPARE(ack.value().refusal->seq, 13);
        QCOMPARE(ack.value().head, 12);
    }

    void paymentsThatNeedAPersonAreAcceptedAsExceptions()
    {
        QTemporaryDir dir;
        auto a = enrolDevice(*m_center.store, dir.path(), QStringLiteral("van-1"), QStringLiteral("R2"));
        auto b = enrolDevice(*m_center.store, dir.path(), QStringLiteral("van-2"), QStringLiteral("R2"));
        QVERIFY(a.ok() && b.ok());
        // Both vans take the same bill; one customer pays an account nobody knows.
        QVERIFY(a.value()
                    .journal->append(EntryKind::Payment, toCbor(payment(2, 7)), dayStart(), QStringLiteral("C001"), 0)
                    .ok());
        QVERIFY(b.value()
                    .journal->append(EntryKind::Payment, toCbor(payment(2, 7)), dayStart(), QStringLiteral("C001"), 0)
                    .ok());
        PaymentRecord stray = payment(2, 8);
        stray.accountNumber = QStringLiteral("9999999999");
        QVERIFY(
            b.value().journal->append(EntryKind::Payment, toCbor(stray), dayStart(), QStringLiteral("C001"), 0).ok());
        QVERIFY(!send(a.value(), 1, 1).value().refusal);
        auto ack = send(b.value(), 1, 2);
        QVERIFY(ack.ok());
        QVERIFY(!ack.value().refusal);
        QCOMPARE(ack.value().stored, 2);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind = 'paid-elsewhere'")),
                 1);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind = 'unknown-account'")),
                 1);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT prepaid_fen FROM accounts WHERE number = '0020000007'")),
                 BillFen);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT paid_fen FROM bills WHERE id = 'B2-7'")), BillFen);
    }

    void worklistDeltaShowsPaidBillsRemoved()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-w"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        const qint64 before = m_center.store->worklistVersion().value();
        QVERIFY(device.value()
                    .journal->append(EntryKind::Payment, toCbor(payment(1, 3)), dayStart(), QStringLiteral("C001"), 0)
                    .ok());
        QVERIFY(!send(device.value(), 1, 1).value().refusal);
        auto delta = m_center.store->worklistDelta(QStringLiteral("R1"), before);
        QVERIFY(delta.ok());
        QVERIFY(delta.value().version > before);
        QCOMPARE(delta.value().removedBills, QStringList{billId(1, 3)});
        QVERIFY(delta.value().bills.isEmpty());
        // Voided: the bill is open again and comes back in the next delta.
        QVERIFY(device.value()
                    .journal
                    ->append(EntryKind::Void, toCbor(VoidRecord{1, QStringLiteral("x"), QStringLiteral("S001")}),
                             dayStart(), QStringLiteral("C001"), 0)
                    .ok());
        QVERIFY(!send(device.value(), 2, 2).value().refusal);
        auto next = m_center.store->worklistDelta(QStringLiteral("R1"), delta.value().version);
        QCOMPARE(next.value().bills.size(), 1);
        QCOMPARE(next.value().bills.first().id, billId(1, 3));
        QVERIFY(next.value().removedBills.isEmpty());
    }

    void partPaymentSettlesThePenaltyOnceAndAVoidRestoresIt()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-p"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        const qint64 before = m_center.store->worklistVersion().value();
        // ¥123.45 due 20 Oct, paid in part on 2 Nov (+08:00): 13 days × 0.1 % = ¥1.60 penalty.
        // The collector takes ¥31.60: the penalty, then ¥30 of the bill; ¥93.45 still owed.
        PaymentRecord p = payment(1, 4);
        p.amount = Money::fromFen(3160);
        p.tendered = p.amount;
        p.change = Money();
        p.allocation = {
            AllocationLine{billId(1, 4), QStringLiteral("2026-10"), AllocationLine::Part::Penalty, Money::fromFen(160)},
            AllocationLine{billId(1, 4), QStringLiteral("2026-10"), AllocationLine::Part::Principal,
                           Money::fromFen(3000)}};
        p.toPrepaid = Money();
        p.stillOwed = Money::fromFen(9345);
        QVERIFY(
            device.value().journal->append(EntryKind::Payment, toCbor(p), dayStart(), QStringLiteral("C001"), 0).ok());
        QVERIFY(!send(device.value(), 1, 1).value().refusal);
        auto delta = m_center.store->worklistDelta(QStringLiteral("R1"), before);
        QVERIFY(delta.ok());
        QCOMPARE(delta.value().bills.size(), 1);
        const Bill paid = delta.value().bills.first();
        QCOMPARE(paid.amountPaid, Money::fromFen(3000));
        QCOMPARE(paid.penaltyFrom, QDate(2026, 11, 2));
        QCOMPARE(paid.penaltyCarried, Money());
        // What a terminal shows from it that day is the receipt's "still owed", not the penalty again.
        PenaltyPolicy policy;
        policy.setGraceDays(0);
        QCOMPARE(paid.outstanding() + policy.penaltyFor(paid, CustomerClass::Residential, QDate(2026, 11, 2)),
                 p.stillOwed);
        // Ten days on, only the ¥93.45 left earns: ¥0.93.
        QCOMPARE(policy.penaltyFor(paid, CustomerClass::Residential, QDate(2026, 11, 12)), Money::fromFen(93));

        // Voided: the principal and the penalty it settled are owed again, and accrue as before.
        QVERIFY(device.value()
                    .journal
                    ->append(EntryKind::Void, toCbor(VoidRecord{1, QStringLiteral("x"), QStringLiteral("S001")}),
                             dayStart(), QStringLiteral("C001"), 0)
                    .ok());
        QVERIFY(!send(device.value(), 2, 2).value().refusal);
        auto next = m_center.store->worklistDelta(QStringLiteral("R1"), delta.value().version);
        QCOMPARE(next.value().bills.size(), 1);
        const Bill restored = next.value().bills.first();
        QCOMPARE(restored.amountPaid, Money());
        QCOMPARE(restored.penaltyCarried, Money::fromFen(160));
        Bill never = restored;
        never.penaltyCarried = Money();
        never.penaltyFrom = QDate();
        // (to the fen: the settled part and what accrues after it are each rounded once)
        for (const QDate day : {QDate(2026, 11, 2), QDate(2026, 11, 12), QDate(2027, 1, 5)})
            QVERIFY(qAbs((policy.penaltyFor(restored, CustomerClass::Residential, day) -
                          policy.penaltyFor(never, CustomerClass::Residential, day))
                             .fen()) <= 1);
        QCOMPARE(policy.penaltyFor(restored, CustomerClass::Residential, QDate(2026, 11, 2)), Money::fromFen(160));
    }

    // A supervisor reverses a synced payment after its shift: the books give back exactly what it
    // took (bill and prepaid), once; the route's terminals get it with the worklist; a late void
    // from the terminal changes nothing twice; the day's totals and the billing export show it.
    // Every refusal is in words and changes nothing.
    void correctionAfterTheShiftReversesOnceAndTravels()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-c"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        Journal &journal = *device.value().journal;
        const PaymentRecord paid = payment(1, 3, 2000); // the bill and ¥20 to prepaid
        QVERIFY(journal.append(EntryKind::Payment, toCbor(paid), dayStart(), QStringLiteral("C001"), 0).ok());
        QVERIFY(journal.append(EntryKind::Payment, toCbor(payment(1, 5)), dayStart(), QStringLiteral("C001"), 0).ok());
        QVERIFY(journal
                    .append(EntryKind::Void, toCbor(VoidRecord{2, QStringLiteral("typo"), QStringLiteral("S001")}),
                            dayStart(), QStringLiteral("C001"), 0)
                    .ok());
        QVERIFY(!send(device.value(), 1, 3).value().refusal);
        const auto prepaid = [this] {
            return m_center.db
                ->scalar(QStringLiteral("SELECT prepaid_fen FROM accounts WHERE number = ?"), {accountNumber(1, 3)})
                .value()
                .toLongLong();
        };
        const qint64 prepaidPaid = prepaid();
        const qint64 before = m_center.store->worklistVersion().value();
        const auto state = [this] {
            return QStringList{QString::number(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM corrections"))),
                               QString::number(m_center.store->worklistVersion().value()),
                               QString::number(count(*m_center.db, QStringLiteral("SELECT SUM(paid_fen) FROM bills")))};
        };
        const QStringList untouched = state();
        CenterLedger ledger(*m_center.db);
        const qint64 now = m_center.store->now();
        const auto refusedAs = [&](const QString &dev, qint64 seq, const QString &reason, const QString &by) {
            auto r = ledger.correct(dev, seq, reason, by, now);
            return r.ok() ? QStringLiteral("accepted") : r.error().code;
        };
        const QString bell = QStringLiteral("wrong") + QChar(0x07) + QStringLiteral("account");
        for (const auto &[dev, seq, reason, by, code] :
             {std::tuple{QStringLiteral("dev-c"), qint64(1), QStringLiteral("  "), QStringLiteral("S001"),
                         "correction.words"},
              std::tuple{QStringLiteral("dev-c"), qint64(1), QStringLiteral("x"), QString(), "correction.words"},
              std::tuple{QStringLiteral("dev-c"), qint64(1), QString(501, u'x'), QStringLiteral("S001"),
                         "correction.words"},
              std::tuple{QStringLiteral("dev-c"), qint64(1), bell, QStringLiteral("S001"), "correction.words"},
              std::tuple{QStringLiteral("nobody"), qint64(1), QStringLiteral("x"), QStringLiteral("S001"),
                         "correction.unknown-device"},
              std::tuple{QStringLiteral("dev-c"), qint64(99), QStringLiteral("x"), QStringLiteral("S001"),
                         "correction.unknown-entry"},
              std::tuple{QStringLiteral("dev-c"), qint64(3), QStringLiteral("x"), QStringLiteral("S001"),
                         "correction.not-a-payment"},
              std::tuple{QStringLiteral("dev-c"), qint64(2), QStringLiteral("x"), QStringLiteral("S001"),
                         "correction.voided"}}) {
            QCOMPARE(refusedAs(dev, seq, reason, by), QString::fromLatin1(code));
            QCOMPARE(state(), untouched);
        }

        auto done = ledger.correct(QStringLiteral("dev-c"), 1, QStringLiteral(" paid on the wrong account "),
                                   QStringLiteral("李站长"), now);
        QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.error().message));
        QCOMPARE(done.value().amount, paid.amount);
        QCOMPARE(done.value().account, accountNumber(1, 3));
        QCOMPARE(done.value().reason, QStringLiteral("paid on the wrong account"));
        QCOMPARE(prepaid(), prepaidPaid - 2000);
        // The bill is owed again, and the route's terminals learn why with their next worklist.
        auto delta = m_center.store->worklistDelta(QStringLiteral("R1"), before);
        QVERIFY(delta.ok());
        QVERIFY(delta.value().version > before);
        QCOMPARE(delta.value().bills.size(), 1);
        QCOMPARE(delta.value().bills.first().id, billId(1, 3));
        QCOMPARE(delta.value().bills.first().amountPaid, Money());
        QCOMPARE(delta.value().corrections, QList<PaymentCorrection>{done.value()});
        // Every reply carries them (a terminal that missed one learns it from the next).
        QCOMPARE(m_center.store->worklistDelta(QStringLiteral("R1"), delta.value().version).value().corrections.size(),
                 1);
        QVERIFY(m_center.store->worklistDelta(QStringLiteral("R2"), 0).value().corrections.isEmpty());
        // Once only.
        const QStringList corrected = state();
        QCOMPARE(refusedAs(QStringLiteral("dev-c"), 1, QStringLiteral("again"), QStringLiteral("S001")),
                 QStringLiteral("correction.already-corrected"));
        QCOMPARE(state(), corrected);
        // A void of it from the terminal, late: kept, listed, and nothing reversed twice.
        QVERIFY(journal
                    .append(EntryKind::Void, toCbor(VoidRecord{1, QStringLiteral("late"), QStringLiteral("S001")}),
                            dayStart(), QStringLiteral("C001"), 0)
                    .ok());
        QVERIFY(!send(device.value(), 4, 4).value().refusal);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind = "
                                                    "'void-after-correction'")),
                 1);
        QCOMPARE(prepaid(), prepaidPaid - 2000);
        QCOMPARE(m_center.db->scalar(QStringLiteral("SELECT paid_fen FROM bills WHERE id = ?"), {billId(1, 3)})
                     .value()
                     .toLongLong(),
                 0);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind = 'correction'")), 1);

        // The day's totals list it; the billing export has a row for it.
        const QDate today = QDateTime::fromMSecsSinceEpoch(now, QTimeZone::utc()).date();
        CenterReports reports(*m_center.db, QTimeZone::utc());
        auto totals = reports.totals(today);
        QVERIFY(totals.ok());
        const auto row = std::find_if(totals.value().cbegin(), totals.value().cend(),
                                      [](const auto &r) { return r.dimension == QLatin1String("correction"); });
        QVERIFY(row != totals.value().cend());
        QCOMPARE(row->count, 1);
        QCOMPARE(row->amount, paid.amount);
        QBuffer csv;
        QVERIFY(csv.open(QIODevice::ReadWrite));
        QVERIFY(reports.exportPayments(csv).ok());
        const QList<QByteArray> lines = csv.data().split('\n');
        const auto correctionLines = std::count_if(lines.cbegin(), lines.cend(), [](const QByteArray &l) {
            return l.startsWith("dev-c,1,,correction,") && l.contains("paid on the wrong account");
        });
        QCOMPARE(correctionLines, 1);
    }

    // Two center instances (each its own connection, on its own thread) apply payments from two
    // terminals to the same bill and account at the same time: every fen is there at the end
    // (on PostgreSQL the batch's rows are locked; SQLite has one writer at a time).
    void twoInstancesOnOneAccountLoseNothing()
    {
        constexpr int perDevice = 40;
        constexpr qint64 over = 100;
        QTemporaryDir dir;
        QList<QList<JournalEntry>> journals;
        QStringList ids;
        for (const char *id : {"dev-x", "dev-y"}) {
            auto device = enrolDevice(*m_center.store, dir.path(), QString::fromLatin1(id), QStringLiteral("R1"));
            QVERIFY(device.ok());
            for (int i = 0; i < perDevice; ++i)
                QVERIFY(
                    device.value()
                        .journal
                        ->append(EntryKind::Payment, toCbor(payment(1, 7, over)), dayStart(), QStringLiteral("C001"), 0)
                        .ok());
            journals.append(journalEntries(*device.value().journal, 1, perDevice));
            ids.append(QString::fromLatin1(id));
        }
        QStringList failures(2);
        std::vector<std::thread> instances;
        for (int n = 0; n < 2; ++n) {
            instances.emplace_back([&, n] {
                auto center = openCenter(m_url);
                if (!center.ok()) {
                    failures[n] = center.error().message;
                    return;
                }
                JournalIngest ingest(*center.value().store);
                for (qsizetype from = 0; from < perDevice; from += 5) {
                    WireProtocol::JournalBatch batch;
                    batch.deviceId = ids.at(n);
                    batch.entries = journals.at(n).mid(from, 5);
                    batch.firstSeq = batch.entries.first().seq;
                    batch.prevHash = batch.entries.first().prevHash;
                    auto ack = ingest.ingest(batch, QStringLiteral("instance"));
                    if (!ack.ok() || ack.value().refusal || !ingest.applyLedger(ids.at(n)).ok()) {
                        failures[n] = ack.ok() ? QStringLiteral("refused or ledger failed") : ack.error().message;
                        return;
                    }
                }
            });
        }
        for (auto &t : instances)
            t.join();
        QCOMPARE(failures, QStringList(2));
        // The bill is paid once; everything else is on the prepaid balance, to the fen.
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT paid_fen FROM bills WHERE id = '%1'").arg(billId(1, 7))),
                 BillFen);
        QCOMPARE(count(*m_center.db,
                       QStringLiteral("SELECT prepaid_fen FROM accounts WHERE number = '%1'").arg(accountNumber(1, 7))),
                 2 * perDevice * (BillFen + over) - BillFen);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT SUM(amount_fen) FROM postings")),
                 2 * perDevice * (BillFen + over));
    }

    void anEntryStoredUnreadableDoesNotStopTheBooks()
    {
        // An entry stored before ingest checked every entry (or damaged at rest) is listed for a
        // person and passed over: the ledger goes on with the entries after it.
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-u"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        Journal &journal = *device.value().journal;
        QVERIFY(journal
                    .append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(100)}), dayStart(),
                            QStringLiteral("C001"), 0)
                    .ok());
        QVERIFY(journal
                    .append(EntryKind::Visit, toCbor(VisitRecord{accountNumber(1, 5), VisitOutcome::NotHome, {}, {}}),
                            dayStart(), QStringLiteral("C001"), 1)
                    .ok());
        QVERIFY(!send(device.value(), 1, 2).value().refusal);
        auto &db = *m_center.db;
        QVERIFY(db.exec(QStringLiteral("UPDATE journal_entries SET entry = ? WHERE device_id = ? AND seq = 2"),
                        {QByteArray("\xff\x00", 2), QStringLiteral("dev-u")})
                    .ok());
        QVERIFY(
            db.exec(QStringLiteral("UPDATE devices SET ledger_seq = 1 WHERE id = ?"), {QStringLiteral("dev-u")}).ok());
        QVERIFY(journal.append(EntryKind::Payment, toCbor(payment(1, 6)), dayStart(), QStringLiteral("C001"), 1).ok());
        QVERIFY(!send(device.value(), 3, 3).value().refusal); // the ledger runs past seq 2
        QCOMPARE(count(db, QStringLiteral("SELECT ledger_seq FROM devices WHERE id = 'dev-u'")), 3);
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE device_id = 'dev-u' AND "
                                          "kind = 'unreadable-entry' AND seq = 2")),
                 1);
        QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM ledger_payments WHERE device_id = 'dev-u'")), 1);
    }

    void exportFileImportsLikeAnUpload()
    {
        QTemporaryDir dir;
        auto device = enrolDevice(*m_center.store, dir.path(), QStringLiteral("dev-x"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        QVERIFY(simulateDay(*device.value().journal, 1, 6, dayStart()).ok());
        const QString file = dir.path() + QStringLiteral("/dev-x.export");
        QVERIFY(JournalExportFile::write(file, QStringLiteral("dev-x"), *device.value().key,
                                         journalEntries(*device.value().journal, 1, device.value().journal->lastSeq()),
                                         1)
                    .ok());
        QVERIFY(send(device.value(), 1, 4).ok());
        auto ack = m_ingest->importFile(file);
        QVERIFY2(ack.ok(), qPrintable(ack.ok() ? QString() : ack.error().message));
        QVERIFY(!ack.value().refusal);
        QCOMPARE(ack.value().duplicates, 4);
        QCOMPARE(ack.value().head, device.value().journal->lastSeq());
        // Signed by another key: refused before anything is read into the center.
        const QString forged = dir.path() + QStringLiteral("/forged.export");
        QVERIFY(JournalExportFile::write(forged, QStringLiteral("dev-x"), DeviceKey::generate(),
                                         journalEntries(*device.value().journal, 1, 2), 1)
                    .ok());
        auto refused = m_ingest->importFile(forged);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("export.bad-signature"));
        // Truncated file: a clear error.
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() / 2));
        f.close();
        auto truncated = m_ingest->importFile(file);
        QVERIFY(!truncated.ok());
        QCOMPARE(truncated.error().code, QStringLiteral("export.file"));
    }
};

QTEST_GUILESS_MAIN(TestJournalIngest)
#include "tst_journalingest.moc"
