#include <QCborArray>
#include <QCborStreamWriter>
#include <QTest>

#include "journaltestdata.h"

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
    void receiptNumberAndFacts();

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
    const CashHandedOverRecord c{Money::fromFen(99), QStringLiteral("S1")};
    QCOMPARE(recordFromCbor<CashHandedOverRecord>(toCbor(c)).value(), c);
    ShiftClosedRecord s;
    s.expectedCash = Money::fromFen(100);
    s.countedCash = Money::fromFen(90);
    s.denominations = {{50, 1}, {10, 4}};
    QCOMPARE(recordFromCbor<ShiftClosedRecord>(toCbor(s)).value(), s);
    QCOMPARE(s.difference().fen(), -10);
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

QTEST_GUILESS_MAIN(TestJournalEntry)
#include "tst_journalentry.moc"
