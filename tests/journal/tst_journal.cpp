#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include "journal.h"
#include "journaltestdata.h"
#include "journalverifier.h"
#include "totalscheck.h"

// The journal: append-only, gapless, chained, signed; the verifier names the first bad entry
// whatever was done to the file.
class TestJournal : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void everyKindAppendsAndReadsBack();
    void reopenContinuesTheChain();
    void updateAndDeleteAreRefused();
    void failedAppendChangesNothing();
    void lockAndWipeStopAppendsAnotherConnectionSet();
    void factsMatchEntries();
    void verifierOnEntries();
    void chainHeadsMode();
    void tamper_data();
    void tamper();
    void tamperInsideEntries_data();
    void tamperInsideEntries();
    void truncatedFileIsRefusedOrDetected_data();
    void truncatedFileIsRefusedOrDetected();
    void totalsMoveWithEachAppendOrNotAtAll();
    void totalsRebuiltOnOpen();
    void staleTotalsAreNotRead();
    void printedDocumentsStoreAndVerify();

private:
    void fill(Journal &journal, int count);
    static void rawExec(const QString &path, const char *sql);

    QTemporaryDir m_dir;
    QString m_path;
    DeviceKey m_key = DeviceKey::generate();
};

void TestJournal::init()
{
    m_path = m_dir.filePath(QStringLiteral("journal-%1-%2.sqlite")
                                .arg(QLatin1String(QTest::currentTestFunction()),
                                     QLatin1String(QTest::currentDataTag() ? QTest::currentDataTag() : "")));
}

void TestJournal::fill(Journal &journal, int count)
{
    const auto kinds = JournalTestData::everyKind();
    for (int i = 0; i < count; ++i) {
        const auto &kb = kinds.at(i % kinds.size());
        const auto r = journal.append(kb.kind, kb.body, 1790000000000 + i, QStringLiteral("C01"), 1);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    }
}

void TestJournal::rawExec(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &db), SQLITE_OK);
    char *err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    const QString message = QString::fromUtf8(err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, qPrintable(message));
}

void TestJournal::everyKindAppendsAndReadsBack()
{
    Journal journal(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(journal.open().ok());
    QCOMPARE(journal.lastSeq(), 0);
    QCOMPARE(journal.lastHash(), QByteArray(32, '\0'));
    const auto kinds = JournalTestData::everyKind();
    QByteArray prev(32, '\0');
    for (qsizetype i = 0; i < kinds.size(); ++i) {
        const auto r = journal.append(kinds[i].kind, kinds[i].body, 1790000000000 + i, QStringLiteral("C01"), 1);
        QVERIFY(r.ok());
        QCOMPARE(r->seq, i + 1);
        QCOMPARE(r->prevHash, prev);
        QCOMPARE(r->hash, r->computeHash());
        QVERIFY(DeviceKey::verify(m_key.publicKey(), r->hash, r->signature));
        prev = r->hash;
        const auto stored = journal.entry(r->seq);
        QVERIFY(stored.has_value());
        QCOMPARE(*stored, r.value());
        QCOMPARE(stored->body, kinds[i].body);
    }
    QCOMPARE(journal.lastSeq(), kinds.size());
    QVERIFY(!journal.entry(0).has_value());
    QVERIFY(!journal.entry(kinds.size() + 1).has_value());
    qint64 expected = 1;
    journal.forEach(1, 1000, [&](const JournalEntry &e) { return e.seq == expected++; });
    QCOMPARE(expected, kinds.size() + 1);
    const VerifyReport report = verifyJournal(journal, m_key.publicKey());
    QVERIFY2(report.ok, qPrintable(report.problem.message));
    QCOMPARE(report.entriesChecked, kinds.size());
}

void TestJournal::reopenContinuesTheChain()
{
    QByteArray lastHash;
    {
        Journal journal(m_path, QStringLiteral("D01"), m_key);
        QVERIFY(journal.open().ok());
        fill(journal, 5);
        lastHash = journal.lastHash();
    }
    Journal journal(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(journal.open().ok());
    QCOMPARE(journal.lastSeq(), 5);
    QCOMPARE(journal.lastHash(), lastHash);
    const auto r = journal.append(EntryKind::Payment, toCbor(JournalTestData::payment()), 1, QStringLiteral("C01"), 1);
    QVERIFY(r.ok());
    QCOMPARE(r->seq, 6);
    QCOMPARE(r->prevHash, lastHash);
    QVERIFY(verifyJournal(journal, m_key.publicKey()).ok);
}

void TestJournal::updateAndDeleteAreRefused()
{
    {
        Journal journal(m_path, QStringLiteral("D01"), m_key);
        QVERIFY(journal.open().ok());
        fill(journal, 3);
        QVERIFY(!journal.database().exec("UPDATE journal SET amount = 1 WHERE seq = 2").ok());
        QVERIFY(!journal.database().exec("DELETE FROM journal WHERE seq = 3").ok());
        const Status s = journal.database().exec("DELETE FROM journal");
        QVERIFY(!s.ok());
        QVERIFY(s.error().message.contains(QStringLiteral("append-only")));
    }
    Journal journal(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(journal.open().ok());
    QCOMPARE(journal.lastSeq(), 3);
    QVERIFY(verifyJournal(journal, m_key.publicKey()).ok);
}

void TestJournal::failedAppendChangesNothing()
{
    Journal journal(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(journal.open().ok());
    fill(journal, 2);
    const QByteArray hash = journal.lastHash();
    // Another connection holds the write lock: the append fails cleanly, then succeeds later.
    sqlite3 *other = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(m_path).constData(), &other), SQLITE_OK);
    QCOMPARE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    QCOMPARE(sqlite3_busy_timeout(journal.database().handle(), 50), SQLITE_OK);
    const auto refused =
        journal.append(EntryKind::Payment, toCbor(JournalTestData::payment()), 1, QStringLiteral("C01"), 1);
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().code.startsWith(QStringLiteral("storage.")));
    QCOMPARE(journal.lastSeq(), 2);
    QCOMPARE(journal.lastHash(), hash);
    QCOMPARE(TotalsCheck::disagreement(journal), QString());
    QCOMPARE(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);
    const auto ok = journal.append(EntryKind::Payment, toCbor(JournalTestData::payment()), 1, QStringLiteral("C01"), 1);
    QVERIFY(ok.ok());
    QCOMPARE(ok->seq, 3);
    QVERIFY(verifyJournal(journal, m_key.publicKey()).ok);

    // A body that cannot be stored faithfully (a float) is refused before anything is written.
    QCborMap floaty = toCbor(JournalTestData::payment());
    floaty.insert(2, 123.45);
    const auto bad = journal.append(EntryKind::Payment, floaty, 1, QStringLiteral("C01"), 1);
    QVERIFY(!bad.ok());
    QCOMPARE(journal.lastSeq(), 3);
    QCOMPARE(TotalsCheck::disagreement(journal), QString());

    Journal closed(m_dir.filePath(QStringLiteral("never-opened.sqlite")), QStringLiteral("D01"), m_key);
    QCOMPARE(closed.append(EntryKind::Payment, toCbor(JournalTestData::payment()), 1, QString(), 0).error().code,
             QStringLiteral("journal.closed"));
    const DeviceKey noKey;
    Journal keyless(m_dir.filePath(QStringLiteral("keyless.sqlite")), QStringLiteral("D01"), noKey);
    QCOMPARE(keyless.open().error().code, QStringLiteral("journal.no-key"));
}

void TestJournal::lockAndWipeStopAppendsAnotherConnectionSet()
{
    // The desk's journal and the sync thread's are two connections to one file: the lock the sync
    // thread saves is what the desk's next append sees, under its own write lock.
    Journal desk(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(desk.open().ok());
    Journal sync(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(sync.open().ok());
    const auto pay = [&] {
        return desk.append(EntryKind::Payment, toCbor(JournalTestData::payment()), 1, QStringLiteral("C01"), 1);
    };
    QVERIFY(pay().ok());
    QCOMPARE(sync.state("locked", QStringLiteral("none")), QStringLiteral("none"));

    QVERIFY(sync.setState("locked", QStringLiteral("1")).ok());
    QCOMPARE(desk.state("locked"), QStringLiteral("1"));
    const auto refused = pay();
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, QStringLiteral("journal.locked"));
    QVERIFY(refused.error().message.contains(QLatin1String("locked")));
    QVERIFY(!desk.append(EntryKind::Void, toCbor(VoidRecord{1, QStringLiteral("typo"), QStringLiteral("S01")}), 1,
                         QStringLiteral("C01"), 1)
                 .ok());
    QCOMPARE(desk.storedLastSeq(), 1);
    // What is not collection goes on: a visit, closing the shift.
    const auto kinds = JournalTestData::everyKind();
    qint64 others = 0;
    for (const auto &kb : kinds) {
        if (kb.kind == EntryKind::Visit || kb.kind == EntryKind::ShiftClosed) {
            QVERIFY(desk.append(kb.kind, kb.body, 2, QStringLiteral("C01"), 1).ok());
            ++others;
        }
    }
    QVERIFY(others >= 2);
    const qint64 head = desk.storedLastSeq();
    QCOMPARE(head, 1 + others);

    // Unlocked: payments again.
    QVERIFY(sync.setState("locked", QStringLiteral("0")).ok());
    QVERIFY(pay().ok());

    // A wipe waiting for the last acknowledgement: nothing at all is written any more.
    QVERIFY(sync.setState("wipe_command", QStringLiteral("42")).ok());
    for (const auto &kb : kinds) {
        const auto r = desk.append(kb.kind, kb.body, 3, QStringLiteral("C01"), 1);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("journal.wipe-pending"));
    }
    QCOMPARE(desk.storedLastSeq(), head + 1);
    QCOMPARE(TotalsCheck::disagreement(desk), QString());
    QVERIFY(verifyJournal(desk, m_key.publicKey()).ok);
    // Negative control: the same appends go through once the wipe is cancelled.
    QVERIFY(sync.setState("wipe_command", QStringLiteral("0")).ok());
    QVERIFY(pay().ok());
}

void TestJournal::factsMatchEntries()
{
    Journal journal(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(journal.open().ok());
    fill(journal, 30);
    QList<JournalFact> facts;
    journal.forEachFact(1, 30, [&](const JournalFact &f) {
        facts.append(f);
        return true;
    });
    QCOMPARE(facts.size(), 30);
    qint64 i = 0;
    journal.forEach(1, 30, [&](const JournalEntry &e) {
        [&] { QCOMPARE(facts.at(i), JournalFact::fromEntry(e)); }();
        ++i;
        return true;
    });
    QCOMPARE(i, 30);
    QVERIFY(facts.at(1).penalty.isPositive());
}

void TestJournal::verifierOnEntries()
{
    Journal journal(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(journal.open().ok());
    fill(journal, 6);
    QList<JournalEntry> entries;
    journal.forEach(1, 6, [&](const JournalEntry &e) {
        entries.append(e);
        return true;
    });
    const auto run = [&](QList<JournalEntry> list, qint64 start = 1, QByteArray prev = QByteArray(32, '\0'),
                         const QByteArray &key = {}) {
        JournalVerifier v(QStringLiteral("D01"), key.isEmpty() ? m_key.publicKey() : key, start, prev);
        for (const auto &e : list)
            if (!v.add(e))
                break;
        return v.report();
    };
    QVERIFY(run(entries).ok);
    // Resuming from the middle, as the center does for each batch.
    QVERIFY(run(entries.mid(3), 4, entries.at(2).hash).ok);

    auto reordered = entries;
    reordered.swapItemsAt(2, 3);
    VerifyReport r = run(reordered);
    QCOMPARE(r.problem.code, QStringLiteral("verify.gap"));
    QCOMPARE(r.firstBadSeq, 3);
    QCOMPARE(r.entriesChecked, 2);
    QCOMPARE(r.lastSeq, 2);

    auto repeated = entries;
    repeated.insert(3, entries.at(2));
    r = run(repeated);
    QCOMPARE(r.problem.code, QStringLiteral("verify.duplicate-seq"));
    QCOMPARE(r.firstBadSeq, 3);

    auto gap = entries;
    gap.removeAt(4);
    r = run(gap);
    QCOMPARE(r.problem.code, QStringLiteral("verify.gap"));
    QCOMPARE(r.firstBadSeq, 5);

    r = run(entries.mid(3), 4, QByteArray(32, 'x'));
    QCOMPARE(r.problem.code, QStringLiteral("verify.broken-chain"));
    QCOMPARE(r.firstBadSeq, 4);

    auto altered = entries;
    altered[1].timeMs += 1000;
    r = run(altered);
    QCOMPARE(r.problem.code, QStringLiteral("verify.hash-mismatch"));
    QCOMPARE(r.firstBadSeq, 2);

    // Altered and re-hashed, but the forger has no key: the signature gives it away.
    auto rehashed = entries;
    rehashed[1].timeMs += 1000;
    rehashed[1].hash = rehashed[1].computeHash();
    r = run(rehashed);
    QCOMPARE(r.firstBadSeq, 2);
    QCOMPARE(r.problem.code, QStringLiteral("verify.bad-signature"));

    const DeviceKey other = DeviceKey::generate();
    auto forged = entries;
    forged[0].signature = other.sign(forged[0].hash);
    r = run(forged);
    QCOMPARE(r.problem.code, QStringLiteral("verify.bad-signature"));
    QCOMPARE(r.firstBadSeq, 1);

    r = run(entries, 1, QByteArray(32, '\0'), other.publicKey());
    QCOMPARE(r.problem.code, QStringLiteral("verify.bad-signature"));

    auto wrongDevice = entries;
    wrongDevice[0].deviceId = QStringLiteral("D02");
    r = run(wrongDevice);
    QCOMPARE(r.problem.code, QStringLiteral("verify.wrong-device"));

    r = run(entries, 1, QByteArray(32, '\0'), QByteArray(5, 'k'));
    QVERIFY(!r.ok);
    QCOMPARE(r.problem.code, QStringLiteral("verify.no-key"));
    QVERIFY(!r.problem.message.isEmpty());
}

void TestJournal::chainHeadsMode()
{
    Journal journal(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(journal.open().ok());
    fill(journal, 12);
    QList<JournalEntry> entries;
    journal.forEach(1, 12, [&](const JournalEntry &e) {
        [&] { QCOMPARE(storedEntryHash(e.toCbor()), e.hash); }(); // the shortcut equals the full hash
        entries.append(e);
        return true;
    });
    QCOMPARE(entries.size(), 12);
    QVERIFY(storedEntryHash(QByteArray("\xAA")).isEmpty());
    const auto run = [&](const QList<JournalEntry> &list, JournalVerifier::Signatures mode) {
        JournalVerifier v(QStringLiteral("D01"), m_key.publicKey(), 1, QByteArray(32, '\0'), mode);
        for (const auto &e : list)
            if (!v.add(e))
                break;
        v.finish();
        return v.report();
    };
    QVERIFY(run(entries, JournalVerifier::Signatures::ChainHeads).ok);
    QVERIFY(verifyJournal(journal, m_key.publicKey(), 0, JournalVerifier::Signatures::ChainHeads).ok);

    // The head's signature vouches for the chain: a forged last entry is caught by finish().
    auto forgedHead = entries;
    forgedHead.last().signature = DeviceKey::generate().sign(forgedHead.last().hash);
    VerifyReport r = run(forgedHead, JournalVerifier::Signatures::ChainHeads);
    QCOMPARE(r.problem.code, QStringLiteral("verify.bad-signature"));
    QCOMPARE(r.firstBadSeq, 12);

    // Altered content is caught in either mode by its hash, wherever it is.
    auto altered = entries;
    altered[4].timeMs += 1;
    QCOMPARE(run(altered, JournalVerifier::Signatures::ChainHeads).firstBadSeq, 5);

    // A damaged signature on an entry inside the chain changes no content: only EveryEntry
    // (the audit mode) names it; ChainHeads, by design, does not look at it.
    auto damagedSig = entries;
    damagedSig[4].signature[0] = char(damagedSig[4].signature[0] ^ 1);
    QCOMPARE(run(damagedSig, JournalVerifier::Signatures::EveryEntry).firstBadSeq, 5);
    QVERIFY(run(damagedSig, JournalVerifier::Signatures::ChainHeads).ok);
}

void TestJournal::tamper_data()
{
    QTest::addColumn<QByteArray>("sql");
    QTest::addColumn<qint64>("firstBad");
    QTest::addColumn<QString>("code");
    const QByteArray dropTriggers = "DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete; ";
    QTest::newRow("edit amount column") << dropTriggers + "UPDATE journal SET amount = amount - 100 WHERE seq = 13"
                                        << qint64(13) << QStringLiteral("verify.columns-altered");
    QTest::newRow("edit account column") << dropTriggers + "UPDATE journal SET account = '3199999999' WHERE seq = 24"
                                         << qint64(24) << QStringLiteral("verify.columns-altered");
    QTest::newRow("delete a row") << dropTriggers + "DELETE FROM journal WHERE seq = 17" << qint64(17)
                                  << QStringLiteral("verify.gap");
    QTest::newRow("swap two rows")
        << dropTriggers + "UPDATE journal SET seq = -1 WHERE seq = 8; UPDATE journal SET seq = 8 WHERE seq = 9;"
                          " UPDATE journal SET seq = 9 WHERE seq = -1;"
        << qint64(8) << QStringLiteral("verify.moved");
    QTest::newRow("delete the last rows")
        << dropTriggers + "DELETE FROM journal WHERE seq > 38" << qint64(39) << QStringLiteral("verify.truncated");
    QTest::newRow("hash column") << dropTriggers + "UPDATE journal SET hash = zeroblob(32) WHERE seq = 5" << qint64(5)
                                 << QStringLiteral("verify.columns-altered");
    QTest::newRow("garbage entry") << dropTriggers + "UPDATE journal SET entry = x'00ff' WHERE seq = 30" << qint64(30)
                                   << QStringLiteral("verify.unreadable");
}

void TestJournal::tamper()
{
    QFETCH(QByteArray, sql);
    QFETCH(qint64, firstBad);
    QFETCH(QString, code);
    {
        Journal journal(m_path, QStringLiteral("D01"), m_key);
        QVERIFY(journal.open().ok());
        fill(journal, 40);
        QVERIFY(verifyJournal(journal, m_key.publicKey()).ok);
    }
    rawExec(m_path, sql.constData());
    Journal journal(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(journal.open().ok());
    // The app knows it had written 40 entries (its sync state); the file alone may not say so.
    const VerifyReport r = verifyJournal(journal, m_key.publicKey(), 40);
    QVERIFY(!r.ok);
    QCOMPARE(r.problem.code, code);
    QCOMPARE(r.firstBadSeq, firstBad);
    QVERIFY(r.problem.message.contains(QString::number(firstBad)));
}

// Tampering inside the signed entry itself, by someone careful enough to keep the columns in
// step: only the hash or the signature can tell.
void TestJournal::tamperInsideEntries_data()
{
    QTest::addColumn<int>("what");
    QTest::addColumn<qint64>("seq");
    QTest::addColumn<QString>("code");
    QTest::newRow("flip a signature byte") << 0 << qint64(13) << QStringLiteral("verify.bad-signature");
    QTest::newRow("re-signed by another key") << 1 << qint64(24) << QStringLiteral("verify.bad-signature");
    QTest::newRow("amount changed, hash kept") << 2 << qint64(25) << QStringLiteral("verify.hash-mismatch");
}

void TestJournal::tamperInsideEntries()
{
    QFETCH(int, what);
    QFETCH(qint64, seq);
    QFETCH(QString, code);
    JournalEntry victim;
    {
        Journal journal(m_path, QStringLiteral("D01"), m_key);
        QVERIFY(journal.open().ok());
        fill(journal, 25);
        victim = *journal.entry(seq);
    }
    QCOMPARE(victim.kind, EntryKind::Payment);
    const DeviceKey thief = DeviceKey::generate();
    switch (what) {
    case 0:
        victim.signature[5] = char(victim.signature[5] ^ 0x01);
        break;
    case 1: {
        PaymentRecord p = recordFromCbor<PaymentRecord>(victim.body).value();
        p.amount = p.amount - Money::fromFen(5000);
        victim.body = toCbor(p);
        victim.hash = victim.computeHash();
        victim.signature = thief.sign(victim.hash);
        break;
    }
    case 2: {
        PaymentRecord p = recordFromCbor<PaymentRecord>(victim.body).value();
        p.amount = p.amount - Money::fromFen(5000);
        victim.body = toCbor(p);
        break;
    }
    }
    const JournalFact f = JournalFact::fromEntry(victim);
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(m_path).constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "DROP TRIGGER journal_no_update", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_stmt *st = nullptr;
    QCOMPARE(sqlite3_prepare_v2(db, "UPDATE journal SET entry = ?1, hash = ?2, amount = ?3 WHERE seq = ?4", -1, &st,
                                nullptr),
             SQLITE_OK);
    const QByteArray blob = victim.toCbor();
    sqlite3_bind_blob(st, 1, blob.constData(), int(blob.size()), SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 2, victim.hash.constData(), int(victim.hash.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, f.amount.fen());
    sqlite3_bind_int64(st, 4, seq);
    QCOMPARE(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);

    Journal journal(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(journal.open().ok());
    const VerifyReport r = verifyJournal(journal, m_key.publicKey());
    QVERIFY(!r.ok);
    QCOMPARE(r.firstBadSeq, seq);
    QCOMPARE(r.problem.code, code);
    QCOMPARE(r.entriesChecked, seq - 1);
}

void TestJournal::truncatedFileIsRefusedOrDetected_data()
{
    QTest::addColumn<int>("cutPercent");
    QTest::newRow("10%") << 10;
    QTest::newRow("50%") << 50;
    QTest::newRow("90%") << 90;
    QTest::newRow("99%") << 99;
}

void TestJournal::truncatedFileIsRefusedOrDetected()
{
    QFETCH(int, cutPercent);
    {
        Journal journal(m_path, QStringLiteral("D01"), m_key);
        QVERIFY(journal.open().ok());
        fill(journal, 300);
    } // closing checkpoints the WAL into the main file
    QFile f(m_path);
    const qint64 size = f.size();
    QVERIFY(size > 0);
    QVERIFY(f.resize(size * cutPercent / 100));
    Journal journal(m_path, QStringLiteral("D01"), m_key);
    const Status opened = journal.open();
    if (!opened.ok()) {
        QVERIFY(!opened.error().message.isEmpty()); // refused with words: detected
        return;
    }
    const VerifyReport r = verifyJournal(journal, m_key.publicKey(), 300);
    QVERIFY(!r.ok);
    QVERIFY2(r.firstBadSeq >= 1 && r.firstBadSeq <= 300,
             qPrintable(QString::number(r.firstBadSeq) + r.problem.message));
    QVERIFY(!r.problem.message.isEmpty());
}

void TestJournal::totalsMoveWithEachAppendOrNotAtAll()
{
    Journal journal(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(journal.open().ok());
    fill(journal, 25); // every kind, voids of seq 2 again and again: one reversal, then invalid voids
    QCOMPARE(TotalsCheck::disagreement(journal), QString());
    const auto before = TotalsCheck::storedBuckets(journal);
    QVERIFY(before.has_value());
    QVERIFY(!before->isEmpty());
    const DailyTotals figures = DailyTotals::fold(journal, DailyTotals::Filter::all());
    QCOMPARE(figures.voids().count, 1);
    QVERIFY(figures.invalidVoids() > 0);

    // A body refused before the transaction: nothing moves.
    QCborMap floaty = toCbor(JournalTestData::payment());
    floaty.insert(2, 123.45);
    QVERIFY(!journal.append(EntryKind::Payment, floaty, 1790000000000, QStringLiteral("C01"), 1).ok());
    QCOMPARE(TotalsCheck::storedBuckets(journal), before);

    // A failure after the entry's row is written and before the commit: the totals refuse (triggers
    // put there by the test, through another connection), and the entry's row goes with them.
    rawExec(m_path, "CREATE TRIGGER refuse_merge BEFORE UPDATE ON journal_totals"
                    " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
                    " CREATE TRIGGER refuse_new BEFORE INSERT ON journal_totals"
                    " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
    const qint64 last = journal.lastSeq();
    const QByteArray hash = journal.lastHash();
    const QList<std::pair<EntryKind, qint64>> attempts{
        {EntryKind::Payment, 1790000000000},           // the hour of the rows above: a merge
        {EntryKind::Payment, 1790000000000 + 7200000}, // two hours later: a new row
        {EntryKind::Void, 1790000000000},              // a void, whose target is looked up first
    };
    for (const auto &[kind, timeMs] : attempts) {
        const QCborMap body = kind == EntryKind::Void
                                  ? toCbor(VoidRecord{3, QStringLiteral("wrong account"), QStringLiteral("S01")})
                                  : toCbor(JournalTestData::payment(99));
        const auto refused = journal.append(kind, body, timeMs, QStringLiteral("C01"), 1);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().code.startsWith(QStringLiteral("storage.")), qPrintable(refused.error().code));
        QVERIFY2(refused.error().message.contains(QStringLiteral("refused by the test")),
                 qPrintable(refused.error().message));
        QCOMPARE(journal.lastSeq(), last);
        QCOMPARE(journal.storedLastSeq(), last);
        QCOMPARE(journal.lastHash(), hash);
        QVERIFY(!journal.entry(last + 1).has_value());
        QCOMPARE(TotalsCheck::storedBuckets(journal), before);
    }
    rawExec(m_path, "DROP TRIGGER refuse_merge; DROP TRIGGER refuse_new;");
    for (const auto &[kind, timeMs] : attempts) {
        const QCborMap body = kind == EntryKind::Void
                                  ? toCbor(VoidRecord{3, QStringLiteral("wrong account"), QStringLiteral("S01")})
                                  : toCbor(JournalTestData::payment(99));
        QVERIFY(journal.append(kind, body, timeMs, QStringLiteral("C01"), 1).ok());
    }
    QCOMPARE(journal.lastSeq(), last + 3);
    QCOMPARE(TotalsCheck::disagreement(journal), QString());
    // Seq 3 is a card payment: its void (the first) moved its amount, under its method.
    const DailyTotals after = DailyTotals::compute(journal, DailyTotals::Filter::all());
    QCOMPARE(after.voids(PaymentMethod::BankCard).count, 1);
    QCOMPARE(after.voids().count, 2);
    QVERIFY(verifyJournal(journal, m_key.publicKey()).ok);
}

void TestJournal::totalsRebuiltOnOpen()
{
    const QList<DailyTotals::Filter> filters{DailyTotals::Filter::all(), DailyTotals::Filter::shift(1),
                                             DailyTotals::Filter::collector(QStringLiteral("C01")),
                                             DailyTotals::Filter::onDay(QDate(2026, 9, 21), 0)};
    const auto figures = [&](const Journal &journal) {
        QList<DailyTotals> out;
        for (const auto &f : filters)
            out.append(DailyTotals::fold(journal, f));
        return out;
    };
    QList<DailyTotals> expected;
    {
        Journal journal(m_path, QStringLiteral("D01"), m_key);
        QVERIFY(journal.open().ok());
        fill(journal, 60);
        expected = figures(journal);
        QCOMPARE(expected.first().entries(), 60);
    }
    const auto reopenAndCompare = [&](const char *what) {
        Journal journal(m_path, QStringLiteral("D01"), m_key);
        QVERIFY2(journal.open().ok(), what);
        QVERIFY2(TotalsCheck::disagreement(journal).isEmpty(), qPrintable(TotalsCheck::disagreement(journal)));
        for (qsizetype i = 0; i < filters.size(); ++i) {
            const auto aggregated = DailyTotals::fromAggregates(journal, filters.at(i));
            QVERIFY2(aggregated.has_value(), what);
            QVERIFY2(TotalsCheck::difference(*aggregated, expected.at(i)).isEmpty(),
                     qPrintable(QLatin1String(what) + QStringLiteral(": ") +
                                TotalsCheck::difference(*aggregated, expected.at(i))));
        }
    };
    rawExec(m_path, "DROP TABLE journal_totals");
    reopenAndCompare("table dropped");
    rawExec(m_path, "DELETE FROM journal_totals WHERE hour = (SELECT min(hour) FROM journal_totals)");
    reopenAndCompare("rows missing");
    rawExec(m_path, "UPDATE journal_totals SET entries = entries + 1, pay_a1 = pay_a1 + 100 WHERE hour ="
                    " (SELECT max(hour) FROM journal_totals)");
    reopenAndCompare("a row that does not add up");
    // A file from before the totals: schema version 1, no table, no index of voids.
    rawExec(m_path, "DROP TABLE journal_totals; DROP INDEX journal_void; PRAGMA user_version = 1;");
    reopenAndCompare("schema version 1");
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(m_path).constData(), &db), SQLITE_OK);
    sqlite3_stmt *st = nullptr;
    QCOMPARE(
        sqlite3_prepare_v2(db,
                           "SELECT (SELECT user_version FROM pragma_user_version),"
                           " (SELECT count(*) FROM sqlite_master WHERE name IN ('journal_totals', 'journal_void'))",
                           -1, &st, nullptr),
        SQLITE_OK);
    QCOMPARE(sqlite3_step(st), SQLITE_ROW);
    QCOMPARE(sqlite3_column_int(st, 0), 3);
    QCOMPARE(sqlite3_column_int(st, 1), 2);
    sqlite3_finalize(st);
    sqlite3_close(db);
    // A newer file than this code is refused, totals or not.
    rawExec(m_path, "PRAGMA user_version = 4");
    Journal newer(m_path, QStringLiteral("D01"), m_key);
    QCOMPARE(newer.open().error().code, QStringLiteral("journal.schema"));
}

void TestJournal::staleTotalsAreNotRead()
{
    // Rows written behind the journal's back (another program, a damaged file): while open, the
    // totals no longer add up, so they are not read and compute() folds; the next open rebuilds.
    Journal journal(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(journal.open().ok());
    fill(journal, 12);
    QVERIFY(DailyTotals::fromAggregates(journal, DailyTotals::Filter::all()).has_value());
    rawExec(m_path, "INSERT INTO journal VALUES (13, 2, 1790000000000, 'C01', 1, '3100000001', 1, 5000, 0, 0, 0, 0,"
                    " x'00', zeroblob(32))");
    QVERIFY(!DailyTotals::fromAggregates(journal, DailyTotals::Filter::all()).has_value());
    QCOMPARE(journal.forEachTotalsBucket({}, [](const TotalsBucket &) {}).error().code,
             QStringLiteral("journal.totals-stale"));
    const DailyTotals computed = DailyTotals::compute(journal, DailyTotals::Filter::all());
    QCOMPARE(TotalsCheck::difference(computed, DailyTotals::fold(journal, DailyTotals::Filter::all())), QString());
    QCOMPARE(computed.entries(), 13);
    // Appends go on (the totals are derived data, never a reason to refuse a payment).
    QVERIFY(
        journal.append(EntryKind::Payment, toCbor(JournalTestData::payment()), 1790000000000, QStringLiteral("C01"), 1)
            .ok());
    QCOMPARE(journal.lastSeq(), 14);
    QVERIFY(!DailyTotals::fromAggregates(journal, DailyTotals::Filter::all()).has_value());
    journal.close();
    QVERIFY(journal.open().ok());
    QCOMPARE(TotalsCheck::disagreement(journal), QString());
    QCOMPARE(DailyTotals::fromAggregates(journal, DailyTotals::Filter::all())->entries(), 14);
}

// Every print is journaled and says what it printed (issue 13): the document is a signed field
// and a stored column, and a column changed to pass a void's slip off as a receipt is caught.
void TestJournal::printedDocumentsStoreAndVerify()
{
    {
        Journal journal(m_path, QStringLiteral("D01"), m_key);
        QVERIFY(journal.open().ok());
        fill(journal, 11); // every kind once, receipts' prints among them
        for (const ReceiptPrintedRecord &r : {ReceiptPrintedRecord{4, 1, PrintedDocument::VoidSlip},
                                              ReceiptPrintedRecord{10, 1, PrintedDocument::ZReport},
                                              ReceiptPrintedRecord{10, 2, PrintedDocument::ZReport}}) {
            const auto e =
                journal.append(EntryKind::ReceiptPrinted, toCbor(r), 1790000001000, QStringLiteral("C01"), 1);
            QVERIFY(e.ok());
            QCOMPARE(recordFromCbor<ReceiptPrintedRecord>(journal.entry(e->seq)->body).value(), r);
        }
        QList<JournalFact> prints;
        journal.forEachFact(1, journal.lastSeq(), [&](const JournalFact &f) {
            if (f.kind == EntryKind::ReceiptPrinted)
                prints.append(f);
            return true;
        });
        QCOMPARE(prints.size(), 5);
        QCOMPARE(prints.at(0).printedDocument(), PrintedDocument::Receipt);
        QCOMPARE(prints.at(0).method, 0); // as every receipt's print was stored before
        QCOMPARE(prints.at(2).printedDocument(), PrintedDocument::VoidSlip);
        QCOMPARE(prints.at(2).refSeq, 4);
        QCOMPARE(prints.at(4).printedDocument(), PrintedDocument::ZReport);
        QCOMPARE(prints.at(4).outcome, 2);
        const VerifyReport report = verifyJournal(journal, m_key.publicKey());
        QVERIFY2(report.ok, qPrintable(report.problem.message));
        QCOMPARE(report.entriesChecked, 14);
    }
    rawExec(m_path, "DROP TRIGGER journal_no_update; UPDATE journal SET method = 0 WHERE seq = 12");
    Journal journal(m_path, QStringLiteral("D01"), m_key);
    QVERIFY(journal.open().ok());
    const VerifyReport r = verifyJournal(journal, m_key.publicKey(), 14);
    QVERIFY(!r.ok);
    QCOMPARE(r.firstBadSeq, 12);
    QCOMPARE(r.problem.code, QStringLiteral("verify.columns-altered"));
}

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_journal.moc"
