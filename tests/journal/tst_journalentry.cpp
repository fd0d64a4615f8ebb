#include <QCborArray>
#include <QCborStreamWriter>
#include <QTest>

#include <limits>

#include "journaltestdata.h"
#include "journalverifier.h"

// Entries: one canonical encoding, strict decoding, every record kind round-tripping.
class TestJournalEntry : public QObject
{
    Q_OBJECT

private slots:
    void recordsRoundTrip();
    void canonicalAndDeterministic();
    void hashCoversEveryField();
    void entryRoundTripsAndRefusesHostileBytes_data();
    void entryRoundTripsAndRefusesHostileBytes();
    void recordDecodingIsStrict_data();
    void recordDecodingIsStrict();
    void cashRecordsRefuseHostileCounts_data();
    void cashRecordsRefuseHostileCounts();
    void receiptNumberAndFacts();
    void printedDocumentRoundTrips();
    void receiptPrintsFromBeforeTheDocumentStillVerify();
    void printedDocumentRefusesHostileValues_data();
    void printedDocumentRefusesHostileValues();

private:
    static JournalEntry sample();
};

JournalEntry TestJournalEntry::sample()
{
    JournalEntry e;
    e.deviceId = QStringLiteral("D0042");
    e.seq = 7;
    e.kind = EntryKind::Payment;
    e.timeMs = 1790000000123;
    e.collectorId = QStringLiteral("C07");
    e.shiftSeq = 1;
    e.body = toCbor(JournalTestData::payment());
    e.prevHash = QByteArray(32, '\x11');
    e.hash = e.computeHash();
    e.signature = QByteArray(64, '\x22');
    return e;
}

void TestJournalEntry::recordsRoundTrip()
{
    const PaymentRecord p = JournalTestData::payment(3);
    QCOMPARE(recordFromCbor<PaymentRecord>(toCbor(p)).value(), p);
    const VisitRecord v{QStringLiteral("3100000009"), VisitOutcome::PromisedToPay, QDate(2026, 12, 1),
                        QStringLiteral("x")};
    QCOMPARE(recordFromCbor<VisitRecord>(toCbor(v)).value(), v);
    const VoidRecord vo{5, QStringLiteral("typo"), QStringLiteral("S1")};
    QCOMPARE(recordFromCbor<VoidRecord>(toCbor(vo)).value(), vo);
    const ReceiptPrintedRecord r{5, 3};
    QCOMPARE(recordFromCbor<ReceiptPrintedRecord>(toCbor(r)).value(), r);
    const CashHandedOverRecord c{Money::fromFen(99), QStringLiteral("S1"), {}};
    QCOMPARE(recordFromCbor<CashHandedOverRecord>(toCbor(c)).value(), c);
    // A handover from before the notes were counted keeps its two fields, byte for byte.
    QCOMPARE(toCbor(c), (QCborMap{{0, 99}, {1, QStringLiteral("S1")}}));
    const CashHandedOverRecord counted{Money::fromYuan(150), QStringLiteral("S1"), {{10000, 1}, {5000, 1}}};
    QCOMPARE(recordFromCbor<CashHandedOverRecord>(toCbor(counted)).value(), counted);
    const CashCountedRecord blind{
        Money::fromFen(12345), Money::fromYuan(124), {{10000, 1}, {2000, 1}, {100, 3}, {5, 9}}, 2};
    QCOMPARE(recordFromCbor<CashCountedRecord>(toCbor(blind)).value(), blind);
    QCOMPARE(blind.difference().fen(), -55);
    QVERIFY(checkRecord(EntryKind::CashCounted, toCbor(blind)).ok());
    ShiftClosedRecord s;
    s.expectedCash = Money::fromFen(100);
    s.countedCash = Money::fromFen(90);
    s.denominations = {{50, 1}, {10, 4}};
    QCOMPARE(recordFromCbor<ShiftClosedRecord>(toCbor(s)).value(), s);
    QCOMPARE(s.difference().fen(), -10);
    // A close made before perpetual totals keeps its four keys; one with them has nine.
    QCOMPARE(toCbor(s).size(), 4);
    ShiftClosedRecord z = s;
    z.zNumber = 7;
    z.everPaidCount = 1200;
    z.everPaid = Money::fromYuan(98765);
    z.everVoidedCount = 3;
    z.everVoided = Money::fromFen(4521);
    QCOMPARE(toCbor(z).size(), 9);
    QCOMPARE(recordFromCbor<ShiftClosedRecord>(toCbor(z)).value(), z);
    QVERIFY(checkRecord(EntryKind::ShiftClosed, toCbor(z)).ok());
    const ShiftOpenedRecord o{Money::fromYuan(300)};
    QCOMPARE(recordFromCbor<ShiftOpenedRecord>(toCbor(o)).value(), o);
    const ClockFlagRecord f{-5, 10, QStringLiteral("moved-backwards")};
    QCOMPARE(recordFromCbor<ClockFlagRecord>(toCbor(f)).value(), f);
}

void TestJournalEntry::canonicalAndDeterministic()
{
    const JournalEntry e = sample();
    QCOMPARE(e.canonicalEncoding(), sample().canonicalEncoding());
    // A body built with its keys in another order encodes to the same bytes.
    JournalEntry shuffled = e;
    QCborMap reversed;
    const QCborMap body = e.body;
    for (auto it = body.cend(); it != body.cbegin();) {
        --it;
        reversed.insert(it.key(), it.value());
    }
    shuffled.body = reversed;
    QCOMPARE(shuffled.canonicalEncoding(), e.canonicalEncoding());
    QCOMPARE(shuffled.computeHash(), e.hash);
    // Decoding and encoding again gives the identical bytes.
    const QByteArray bytes = e.toCbor();
    const auto back = JournalEntry::fromCbor(bytes);
    QVERIFY(back.ok());
    QCOMPARE(back->toCbor(), bytes);
    QCOMPARE(back.value(), e);
    QCOMPARE(e.computeHash().size(), 32);
}

void TestJournalEntry::hashCoversEveryField()
{
    const JournalEntry e = sample();
    const QList<std::function<void(JournalEntry &)>> changes = {
        [](JournalEntry &x) { x.deviceId = QStringLiteral("D0043"); },
        [](JournalEntry &x) { x.seq = 8; },
        [](JournalEntry &x) { x.kind = EntryKind::Visit; },
        [](JournalEntry &x) { x.timeMs += 1; },
        [](JournalEntry &x) { x.collectorId = QStringLiteral("C08"); },
        [](JournalEntry &x) { x.shiftSeq = 2; },
        [](JournalEntry &x) { x.prevHash[0] = '\x12'; },
        [](JournalEntry &x) {
            PaymentRecord p = JournalTestData::payment();
            p.amount = p.amount + Money::fromFen(1);
            x.body = toCbor(p);
        },
    };
    for (const auto &change : changes) {
        JournalEntry changed = e;
        change(changed);
        QVERIFY(changed.computeHash() != e.hash);
    }
}

void TestJournalEntry::entryRoundTripsAndRefusesHostileBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("code");
    const QByteArray good = sample().toCbor();
    QTest::newRow("empty") << QByteArray() << QStringLiteral("journal.bad-cbor");
    QTest::newRow("garbage") << QByteArray("\xff\xff\xff", 3) << QStringLiteral("journal.bad-cbor");
    QTest::newRow("truncated") << good.left(good.size() - 5) << QStringLiteral("journal.bad-cbor");
    QTest::newRow("trailing byte") << good + '\x00' << QStringLiteral("journal.not-canonical");
    QTest::newRow("an array") << QCborValue(QCborArray{1, 2}).toCbor() << QStringLiteral("journal.bad-cbor");
    {
        QCborMap m = QCborValue::fromCbor(good).toMap();
        m.insert(1, QStringLiteral("seven"));
        QTest::newRow("seq as text") << QCborValue(m).toCbor() << QStringLiteral("journal.bad-entry");
    }
    {
        QCborMap m = QCborValue::fromCbor(good).toMap();
        m.insert(9, QByteArray(63, 'x'));
        QTest::newRow("short signature") << QCborValue(m).toCbor() << QStringLiteral("journal.bad-entry");
    }
    {
        QCborMap m = QCborValue::fromCbor(good).toMap();
        m.insert(2, 99);
        QTest::newRow("unknown kind") << QCborValue(m).toCbor() << QStringLiteral("journal.bad-entry");
    }
    {
        QCborMap m = QCborValue::fromCbor(good).toMap();
        m.insert(1, 0);
        QTest::newRow("seq zero") << QCborValue(m).toCbor() << QStringLiteral("journal.bad-entry");
    }
    {
        QCborMap m = QCborValue::fromCbor(good).toMap();
        m.insert(42, 1);
        QTest::newRow("unknown field") << QCborValue(m).toCbor() << QStringLiteral("journal.bad-entry");
    }
    {
        QCborMap m = QCborValue::fromCbor(good).toMap();
        m.insert(3, 1.5);
        QTest::newRow("float time") << QCborValue(m).toCbor() << QStringLiteral("journal.bad-entry");
    }
    {
        QCborMap m = QCborValue::fromCbor(good).toMap();
        m.remove(4);
        QTest::newRow("missing collector") << QCborValue(m).toCbor() << QStringLiteral("journal.bad-entry");
    }
    {
        // Deeply nested arrays in the body: refused, not recursed into forever.
        QCborValue deep(1);
        for (int i = 0; i < 200; ++i)
            deep = QCborArray{deep};
        QCborMap m = QCborValue::fromCbor(good).toMap();
        QCborMap body = m.value(6).toMap();
        body.insert(99, deep);
        m.insert(6, body);
        QTest::newRow("deep nesting") << QCborValue(m).toCbor() << QStringLiteral("journal.bad-entry");
    }
    {
        // Same content, integer written in a longer form than needed: a second encoding.
        QByteArray longForm;
        QCborStreamWriter w(&longForm);
        Q_UNUSED(w);
        QByteArray alt = good;
        const QByteArray seqShort = QByteArray::fromHex("0107");  // key 1, value 7
        const QByteArray seqLong = QByteArray::fromHex("011807"); // key 1, value 7 as uint8
        QVERIFY(alt.contains(seqShort));
        alt.replace(alt.indexOf(seqShort), seqShort.size(), seqLong);
        QTest::newRow("non-shortest integer") << alt << QStringLiteral("journal.not-canonical");
    }
    QTest::newRow("huge declared string")
        << QByteArray::fromHex("a1007b00000000ffffffff") << QStringLiteral("journal.bad-cbor");
}

void TestJournalEntry::entryRoundTripsAndRefusesHostileBytes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, code);
    const auto r = JournalEntry::fromCbor(bytes);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, code);
    QVERIFY(!r.error().message.isEmpty());
}

void TestJournalEntry::recordDecodingIsStrict_data()
{
    QTest::addColumn<QCborMap>("map");
    QCborMap p = toCbor(JournalTestData::payment());
    QTest::newRow("empty map") << QCborMap();
    QCborMap neg = p;
    neg.insert(2, -1);
    QTest::newRow("negative amount") << neg;
    QCborMap method = p;
    method.insert(1, 9);
    QTest::newRow("unknown method") << method;
    QCborMap text = p;
    text.insert(2, QStringLiteral("12.50"));
    QTest::newRow("amount as text") << text;
    QCborMap lines = p;
    lines.insert(6, QCborArray{1, 2});
    QTest::newRow("allocation not maps") << lines;
    QCborMap huge = p;
    huge.insert(2, Money::MaxFen + 1);
    QTest::newRow("amount over the limit") << huge;
    QCborMap noAccount = p;
    noAccount.remove(0);
    QTest::newRow("missing account") << noAccount;
}

void TestJournalEntry::recordDecodingIsStrict()
{
    QFETCH(QCborMap, map);
    const auto r = recordFromCbor<PaymentRecord>(map);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("journal.bad-record"));
    // Other records refuse wrong shapes too.
    QVERIFY(
        !recordFromCbor<VisitRecord>(QCborMap{{0, QStringLiteral("1")}, {1, 99}, {2, QString()}, {3, QString()}}).ok());
    QVERIFY(!recordFromCbor<VisitRecord>(
                 QCborMap{{0, QStringLiteral("1")}, {1, 3}, {2, QStringLiteral("2026-02-30")}, {3, QString()}})
                 .ok());
    QVERIFY(!recordFromCbor<ReceiptPrintedRecord>(QCborMap{{0, 3}, {1, 0}}).ok());
    QVERIFY(
        !recordFromCbor<ShiftClosedRecord>(QCborMap{{0, 1}, {1, 1}, {2, QCborArray{QCborArray{-5, 1}}}, {3, QString()}})
             .ok());
    // Perpetual totals come all together after a Z number of 1 or more, never in part.
    const QCborMap close{{0, 1}, {1, 1}, {2, QCborArray{QCborArray{1, 1}}}, {3, QString()}};
    QVERIFY(recordFromCbor<ShiftClosedRecord>(close).ok());
    const auto with = [&close](std::initializer_list<std::pair<qint64, QCborValue>> extra) {
        QCborMap m = close;
        for (const auto &[key, value] : extra)
            m.insert(key, value);
        return recordFromCbor<ShiftClosedRecord>(m).ok();
    };
    QVERIFY(with({{4, 1}, {5, 0}, {6, 0}, {7, 0}, {8, 0}}));
    QVERIFY(!with({{4, 0}, {5, 0}, {6, 0}, {7, 0}, {8, 0}}));                   // an explicit "not recorded"
    QVERIFY(!with({{4, 1}, {5, 0}, {6, 0}, {7, 0}}));                           // a figure missing
    QVERIFY(!with({{5, 0}, {6, 0}, {7, 0}, {8, 0}}));                           // figures without a Z number
    QVERIFY(!with({{4, 1}, {5, -1}, {6, 0}, {7, 0}, {8, 0}}));                  // a negative count
    QVERIFY(!with({{4, 1}, {5, 0}, {6, QStringLiteral("9")}, {7, 0}, {8, 0}})); // a sum as text
    QVERIFY(!with({{4, 1}, {5, 0}, {6, 0}, {7, 0}, {8, Money::MaxFen + 1}}));   // past any sum

    // Events: a witness carries the center's time and a 64-byte signature, nothing else does.
    const EventRecord started{EventRecord::Kind::AppStarted, QStringLiteral("doorstep 1.0"), 0, {}};
    QCOMPARE(toCbor(started).size(), 2);
    QCOMPARE(recordFromCbor<EventRecord>(toCbor(started)).value(), started);
    const EventRecord witness{EventRecord::Kind::TimeWitnessed, QString(), 1'800'000'000'000, QByteArray(64, 's')};
    QCOMPARE(recordFromCbor<EventRecord>(toCbor(witness)).value(), witness);
    QVERIFY(checkRecord(EntryKind::Event, toCbor(witness)).ok());
    const auto event = [](std::initializer_list<std::pair<qint64, QCborValue>> fields) {
        QCborMap m;
        for (const auto &[key, value] : fields)
            m.insert(key, value);
        return recordFromCbor<EventRecord>(m).ok();
    };
    QVERIFY(!event({{0, 0}, {1, QString()}}));                         // no such event
    QVERIFY(!event({{0, EventRecord::LastKind + 1}, {1, QString()}})); // nor one past the last
    QVERIFY(!event({{0, 1}, {1, QString(EventRecord::MaxDetailChars + 1, QLatin1Char('x'))}}));
    QVERIFY(!event({{0, 1}, {1, QString()}, {2, 5}, {3, QByteArray(64, 's')}})); // a time on a start
    QVERIFY(!event({{0, 8}, {1, QString()}}));                                   // a witness without time
    QVERIFY(!event({{0, 8}, {1, QString()}, {2, 5}, {3, QByteArray(63, 's')}})); // a short signature
    QVERIFY(!event({{0, 8}, {1, QString()}, {2, 0}, {3, QByteArray(64, 's')}})); // time zero
    QVERIFY(event({{0, 8}, {1, QString()}, {2, 5}, {3, QByteArray(64, 's')}}));
}

void TestJournalEntry::cashRecordsRefuseHostileCounts_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QCborMap>("map");
    const auto pairs = [](std::initializer_list<std::pair<qint64, qint64>> list) {
        QCborArray a;
        for (const auto &[value, pieces] : list)
            a.append(QCborArray{value, pieces});
        return a;
    };
    const int counted = int(EntryKind::CashCounted);
    const int handed = int(EntryKind::CashHandedOver);
    QTest::newRow("count: sum differs") << counted << QCborMap{{0, 101}, {1, 100}, {2, pairs({{100, 1}})}, {3, 1}};
    QTest::newRow("count: no pieces") << counted << QCborMap{{0, 0}, {1, 100}, {3, 1}};
    QTest::newRow("count: number 0") << counted << QCborMap{{0, 100}, {1, 100}, {2, pairs({{100, 1}})}, {3, 0}};
    QTest::newRow("count: number huge") << counted << QCborMap{{0, 100}, {1, 100}, {2, pairs({{100, 1}})}, {3, 1001}};
    QTest::newRow("count: value twice") << counted
                                        << QCborMap{{0, 200}, {1, 100}, {2, pairs({{100, 1}, {100, 1}})}, {3, 1}};
    QTest::newRow("count: overflowing pieces")
        << counted
        << QCborMap{{0, 0}, {1, 0}, {2, pairs({{10000, std::numeric_limits<qint64>::max() / 2}, {5000, 1}})}, {3, 1}};
    QTest::newRow("count: negative pieces") << counted << QCborMap{{0, 0}, {1, 0}, {2, pairs({{100, -1}})}, {3, 1}};
    QTest::newRow("count: extra field") << counted
                                        << QCborMap{{0, 100}, {1, 100}, {2, pairs({{100, 1}})}, {3, 1}, {4, 1}};
    QTest::newRow("handover: sum differs")
        << handed << QCborMap{{0, 500}, {1, QStringLiteral("S1")}, {2, pairs({{100, 4}})}};
    QTest::newRow("handover: empty pieces written out")
        << handed << QCborMap{{0, 500}, {1, QStringLiteral("S1")}, {2, QCborArray()}};
    QTest::newRow("handover: pieces not a list")
        << handed << QCborMap{{0, 500}, {1, QStringLiteral("S1")}, {2, QStringLiteral("5x100")}};
}

void TestJournalEntry::cashRecordsRefuseHostileCounts()
{
    QFETCH(int, kind);
    QFETCH(QCborMap, map);
    const Status st = checkRecord(EntryKind(kind), map);
    QVERIFY(!st.ok());
    QCOMPARE(st.error().code, QStringLiteral("journal.bad-record"));
}

void TestJournalEntry::receiptNumberAndFacts()
{
    const JournalEntry e = sample();
    QCOMPARE(e.receiptNumber(), QStringLiteral("D0042-00000007"));
    const JournalFact f = JournalFact::fromEntry(e);
    const PaymentRecord p = JournalTestData::payment();
    QCOMPARE(f.seq, 7);
    QCOMPARE(f.accountNumber, p.accountNumber);
    QCOMPARE(f.amount, p.amount);
    QCOMPARE(f.penalty.fen(), 123);
    QCOMPARE(f.method, int(PaymentMethod::Cash));
    for (const auto &kb : JournalTestData::everyKind()) {
        JournalEntry k = e;
        k.kind = kb.kind;
        k.body = kb.body;
        const JournalFact kf = JournalFact::fromEntry(k);
        QCOMPARE(kf.kind, kb.kind);
        QVERIFY(!entryKindKey(kb.kind).isEmpty());
    }
    QCOMPARE(paymentMethodKey(PaymentMethod::RechargeVoucher), QStringLiteral("voucher"));
    QCOMPARE(visitOutcomeKey(VisitOutcome::DisconnectionNoticeDelivered), QStringLiteral("disconnection-notice"));
}

// Every print is journaled and says what it printed (issue 13): a void's slip and a Z-report
// carry the document; a payment's receipt leaves it out, as every print did before.
void TestJournalEntry::printedDocumentRoundTrips()
{
    const ReceiptPrintedRecord receipt{5, 3};
    QCOMPARE(receipt.document, PrintedDocument::Receipt);
    QCOMPARE(toCbor(receipt), (QCborMap{{0, 5}, {1, 3}})); // no document key: the old body, byte for byte
    const ReceiptPrintedRecord slip{12, 1, PrintedDocument::VoidSlip};
    QCOMPARE(toCbor(slip), (QCborMap{{0, 12}, {1, 1}, {2, 2}}));
    QCOMPARE(recordFromCbor<ReceiptPrintedRecord>(toCbor(slip)).value(), slip);
    const ReceiptPrintedRecord z{40, 2, PrintedDocument::ZReport};
    QCOMPARE(toCbor(z), (QCborMap{{0, 40}, {1, 2}, {2, 3}}));
    QCOMPARE(recordFromCbor<ReceiptPrintedRecord>(toCbor(z)).value(), z);
    QVERIFY(checkRecord(EntryKind::ReceiptPrinted, toCbor(z)).ok());
    QCOMPARE(printedDocumentKey(PrintedDocument::Receipt), QStringLiteral("receipt"));
    QCOMPARE(printedDocumentKey(PrintedDocument::VoidSlip), QStringLiteral("void-slip"));
    QCOMPARE(printedDocumentKey(PrintedDocument::ZReport), QStringLiteral("z-report"));

    // A signed entry of each survives storage and the wire, and its fact says what was printed.
    const DeviceKey key = DeviceKey::generate();
    JournalVerifier verifier(QStringLiteral("D0042"), key.publicKey());
    QByteArray prev(32, '\0');
    qint64 seq = 0;
    for (const ReceiptPrintedRecord &r : {receipt, slip, z}) {
        JournalEntry e;
        e.deviceId = QStringLiteral("D0042");
        e.seq = ++seq;
        e.kind = EntryKind::ReceiptPrinted;
        e.timeMs = 1790000000123 + seq;
        e.collectorId = QStringLiteral("C07");
        e.body = toCbor(r);
        e.prevHash = prev;
        e.hash = e.computeHash();
        e.signature = key.sign(e.hash);
        prev = e.hash;
        QVERIFY(e.hasCanonicalBody());
        const auto back = JournalEntry::fromCbor(e.toCbor());
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
        QCOMPARE(back.value(), e);
        QVERIFY2(verifier.add(back.value()), qPrintable(verifier.report().problem.message));
        const JournalFact f = JournalFact::fromEntry(e);
        QCOMPARE(f.refSeq, r.entrySeq);
        QCOMPARE(f.outcome, r.printCount);
        QCOMPARE(f.printedDocument(), r.document);
        // A receipt's fact keeps the column a stored receipt print has always had.
        QCOMPARE(f.method, r.document == PrintedDocument::Receipt ? 0 : int(r.document));
    }
}

void TestJournalEntry::receiptPrintsFromBeforeTheDocumentStillVerify()
{
    // Signed outside this code (Python: hand-written canonical CBOR, Ed25519 from the private
    // key bytes 01..20 hex) in the encoding every print had before the document field: device
    // D0042, seq 1, ReceiptPrinted of payment 3, print 2. It must read, hash and verify as before.
    const QByteArray publicKey =
        QByteArray::fromHex("79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664");
    const QByteArray signedBefore = QByteArray::fromHex(
        "aa0065443030343201010205031b000001a0c4506c7b0463433037050006a2000301020758200000000000000000000000000000"
        "0000000000000000000000000000000000000858203362fd08da5038fc4cc1be47e2d8eba8e536ce764e854d1214626800d640cc"
        "3d095840e1ec55c822cd26bfd9dc2802bb1addb0979dd1d3a4c475f2a0a56b27b5356eb449723a6f7ecb71d3cde617da2a3f4755"
        "cf20e2d84249746863d38257c2ac5505");
    const auto entry = JournalEntry::fromCbor(signedBefore);
    QVERIFY2(entry.ok(), qPrintable(entry.ok() ? QString() : entry.error().message));
    QCOMPARE(entry->kind, EntryKind::ReceiptPrinted);
    QCOMPARE(entry->computeHash(), entry->hash);
    QVERIFY(checkRecord(entry->kind, entry->body).ok());
    JournalVerifier verifier(QStringLiteral("D0042"), publicKey);
    QVERIFY2(verifier.add(entry.value()), qPrintable(verifier.report().problem.message));
    const auto record = recordFromCbor<ReceiptPrintedRecord>(entry->body);
    QVERIFY(record.ok());
    QCOMPARE(record.value(), (ReceiptPrintedRecord{3, 2, PrintedDocument::Receipt}));
    // Encoding the record again gives the very bytes that were signed.
    JournalEntry again = entry.value();
    again.body = toCbor(record.value());
    QCOMPARE(again.toCbor(), signedBefore);
    const JournalFact f = JournalFact::fromEntry(entry.value());
    QCOMPARE(f.method, 0);
    QCOMPARE(f.printedDocument(), PrintedDocument::Receipt);

    // And the one the old code wrote for the fuzz corpus (tests/fuzz/corpus/journalentry/receipt-printed).
    const QByteArray corpus = QByteArray::fromHex(
        "aa00644430303101040205031b0000019399af9fa0046443303037050106a20002010107582013f2eab7d2acbaf4233163f082c0"
        "f4d1432bdbef007c5716cf4c6f1e701c2df60858209d24cdc4952fe3fbe285d008c3777fce57a7140197557b35c5dead5b780156"
        "01095840f0aba04ccfcba784f0e05f0c951634f3c144d4463ddff09e00954356d91827f9e26d2a2468c74894a3170f1fef625d67"
        "db0a3a3529ddff42c99060e21a8e2600");
    const auto old = JournalEntry::fromCbor(corpus);
    QVERIFY2(old.ok(), qPrintable(old.ok() ? QString() : old.error().message));
    QCOMPARE(old->computeHash(), old->hash);
    QCOMPARE(recordFromCbor<ReceiptPrintedRecord>(old->body).value(), (ReceiptPrintedRecord{2, 1}));
    QCOMPARE(toCbor(recordFromCbor<ReceiptPrintedRecord>(old->body).value()), old->body);
}

void TestJournalEntry::printedDocumentRefusesHostileValues_data()
{
    QTest::addColumn<QCborMap>("map");
    QTest::newRow("receipt said explicitly (a second encoding)") << QCborMap{{0, 5}, {1, 1}, {2, 1}};
    QTest::newRow("document zero") << QCborMap{{0, 5}, {1, 1}, {2, 0}};
    QTest::newRow("unknown document") << QCborMap{{0, 5}, {1, 1}, {2, 4}};
    QTest::newRow("negative document") << QCborMap{{0, 5}, {1, 1}, {2, -2}};
    QTest::newRow("huge document") << QCborMap{{0, 5}, {1, 1}, {2, std::numeric_limits<qint64>::max()}};
    QTest::newRow("document as text") << QCborMap{{0, 5}, {1, 1}, {2, QStringLiteral("2")}};
    QTest::newRow("document as bytes") << QCborMap{{0, 5}, {1, 1}, {2, QByteArray("\x02")}};
    QTest::newRow("document as map") << QCborMap{{0, 5}, {1, 1}, {2, QCborMap{{0, 2}}}};
    QTest::newRow("document true") << QCborMap{{0, 5}, {1, 1}, {2, true}};
    QTest::newRow("a key after the document") << QCborMap{{0, 5}, {1, 1}, {2, 2}, {3, 0}};
    QTest::newRow("a key instead of the document") << QCborMap{{0, 5}, {1, 1}, {3, 2}};
    QTest::newRow("void slip of seq 0") << QCborMap{{0, 0}, {1, 1}, {2, 2}};
    QTest::newRow("Z-report printed 0 times") << QCborMap{{0, 9}, {1, 0}, {2, 3}};
    QTest::newRow("void slip without its seq") << QCborMap{{1, 1}, {2, 2}};
}

void TestJournalEntry::printedDocumentRefusesHostileValues()
{
    QFETCH(QCborMap, map);
    const auto r = recordFromCbor<ReceiptPrintedRecord>(map);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("journal.bad-record"));
    QVERIFY(!checkRecord(EntryKind::ReceiptPrinted, map).ok());
}

QTEST_GUILESS_MAIN(TestJournalEntry)
#include "tst_journalentry.moc"
