// The auditor's export and `doorstep-audit verify`'s checks (core/auditexport.h,
// core/auditverifier.h): a clean export verifies clean with every signature checked; every way of
// tampering with it is caught and named by its rule, by someone without the center's key and by
// an insider who signs the manifest again; hostile files are refused in words.
#include <QTemporaryDir>
#include <QTest>

#include "auditfixture.h"
#include "auditverifier.h"

using namespace AuditFixture;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

QString describe(const AuditVerifier::Report &r)
{
    QStringList lines;
    for (const AuditFinding &f : r.findings)
        lines << QStringLiteral("%1 %2 %3#%4: %5").arg(f.rule, f.file, f.deviceId).arg(f.seq).arg(f.message);
    return lines.join(QLatin1Char('\n'));
}

bool has(const AuditVerifier::Report &r, const QString &rule, const QString &file = {}, qint64 seq = -1)
{
    return std::any_of(r.findings.cbegin(), r.findings.cend(), [&](const AuditFinding &f) {
        return f.rule == rule && (file.isEmpty() || f.file == file) && (seq < 0 || f.seq == seq);
    });
}

QList<QByteArray> journal(const QString &dir, const QString &device)
{
    return AuditExport::splitEntries(readAll(QDir(dir).filePath(AuditExport::journalFile(device)))).value();
}

void setJournal(const QString &dir, const QString &device, const QList<QByteArray> &entries)
{
    QByteArray bytes;
    for (const QByteArray &e : entries)
        bytes += AuditExport::frameEntry(e);
    writeAll(QDir(dir).filePath(AuditExport::journalFile(device)), bytes);
}

} // namespace

class TestAuditExport : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanExportVerifiesEverySignature();
    void aChangedFileWithoutTheCenterKeyIsCaught();
    void anEntryRemovedIsCaught();
    void entriesReorderedAreCaught();
    void anEditedEntryIsCaught();
    void aCsvRowChangedIsNamed();
    void aZFigureChangedIsNamed();
    void aSwappedKeyIsCaught();
    void aFileAddedIsCaught();
    void aRewrittenCheckpointIsCaught();
    void aLogRewrittenUnderANewHeadBreaksConsistency();
    void anotherCenterKeyIsNamed();
    void signedAfterRevocationAndWrongCashAreFindings();
    void perpetualTotalsAndZNumbersAreRecomputed();
    void timesLieBetweenWitnessedTimes();
    void hostileFilesAreRefusedInWords();
    void formatsRoundTripAndRefuseNonsense();

private:
    QString freshExport(const QString &name);

    QTemporaryDir m_tmp;
    QList<Terminal> m_terminals;
    Center m_center;
    qint64 m_from = Day; // the day of 12-05 in +08:00
    qint64 m_to = m_from + 86400000;
};

void TestAuditExport::init()
{
    m_terminals = {Terminal{QStringLiteral("T1")}, Terminal{QStringLiteral("T2")}};
    m_center = Center{};
    m_terminals[0].day(Day - 86400000); // yesterday: in the journal, not in the views
    m_terminals[1].day(Day - 86400000, 3);
    for (Terminal &t : m_terminals) // each synced in the evening: the center's time witnessed
        t.witness(m_center.key, Day - 86400000 + 10 * 3600000);
    m_center.checkpoint(m_terminals, Day - 3600000);
    m_terminals[0].day(Day);
    m_terminals[1].day(Day + 3600000, 4);
    m_terminals[0].witness(m_center.key, Day + 2 * 3600000);
    m_center.checkpoint(m_terminals, Day + 86400000);
}

QString TestAuditExport::freshExport(const QString &name)
{
    const QString dir = m_tmp.filePath(name);
    const auto written = m_center.write(dir, m_terminals, m_from, m_to);
    if (!written.ok())
        qWarning() << written.error().message;
    return written.ok() ? dir : QString();
}

void TestAuditExport::cleanExportVerifiesEverySignature()
{
    const QString dir = freshExport(QStringLiteral("clean"));
    QVERIFY(!dir.isEmpty());
    const auto r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(r.clean(), qPrintable(describe(r)));
    const qint64 entries = m_terminals[0].entries.size() + m_terminals[1].entries.size();
    QCOMPARE(r.entries, entries);
    QCOMPARE(r.signaturesChecked, entries); // every one, not sampled
    QCOMPARE(r.devices, 2);
    QVERIFY(r.head);
    QCOMPARE(r.head->size, entries);
    // The views hold today's entries only, and the Z-report's perpetual totals count yesterday too.
    const QByteArray z = readAll(QDir(dir).filePath(QStringLiteral("views/zreports.csv")));
    QCOMPARE(z.count('\n'), 3); // header, T1, T2
    const QList<QByteArray> t1 = z.split('\n').at(1).split(',');
    QCOMPARE(t1.at(0), QByteArray("T1"));
    QCOMPARE(t1.at(1), QByteArray("2"));     // the terminal's second close: Z numbers run on
    QCOMPARE(t1.at(8), QByteArray("6"));     // today's payments
    QCOMPARE(t1.at(18), QByteArray("12"));   // perpetual: every payment since the first entry
    QCOMPARE(t1.at(20), QByteArray("2"));    // perpetual voids
    QCOMPARE(t1.at(16), QByteArray("0.00")); // counted as expected
    QVERIFY(readAll(QDir(dir).filePath(QStringLiteral("views/voids.csv"))).contains("\"wrong account, = sign\""));
    // Today's shifts, one per terminal, with their floats.
    const QByteArray shifts = readAll(QDir(dir).filePath(QStringLiteral("views/shifts.csv")));
    QCOMPARE(shifts.count('\n'), 3);
    QVERIFY2(shifts.startsWith("device,shift_seq,opened_utc,collector,float\r\nT1,"), shifts.constData());
    QVERIFY(shifts.contains(",C001,200.00\r\n"));
    // Without a key from the auditor the export's own is used, and said so.
    const auto own = AuditVerifier::verify(dir, {});
    QVERIFY(own.clean());
    QVERIFY(!own.centerKeyGiven);
    QCOMPARE(own.centerKey, m_center.key.publicKey());
    // One thread or two: the same answer.
    QVERIFY(AuditVerifier::verify(dir, {m_center.key.publicKey(), 1}).clean());
}

void TestAuditExport::aChangedFileWithoutTheCenterKeyIsCaught()
{
    const QString dir = freshExport(QStringLiteral("outsider"));
    const QString payments = QDir(dir).filePath(QStringLiteral("views/payments.csv"));
    writeAll(payments, readAll(payments).replace("100.00", "10.00"));
    const auto r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY(has(r, QStringLiteral("manifest.hash-mismatch"), QStringLiteral("views/payments.csv")));
    QVERIFY(has(r, QStringLiteral("csv.mismatch"), QStringLiteral("views/payments.csv")));
}

void TestAuditExport::anEntryRemovedIsCaught()
{
    const QString dir = freshExport(QStringLiteral("removed"));
    auto entries = journal(dir, QStringLiteral("T1"));
    entries.removeAt(20); // seq 21
    setJournal(dir, QStringLiteral("T1"), entries);
    resign(dir, m_center.key);
    const auto r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(has(r, QStringLiteral("verify.gap"), AuditExport::journalFile(QStringLiteral("T1")), 21),
             qPrintable(describe(r)));
    QVERIFY(has(r, QStringLiteral("checkpoint.log"), QString(AuditExport::LogFile), 21));
    // One removal, a handful of findings: the verifier picks the chain up again after it, and
    // says once that the views could not be compared.
    QVERIFY(has(r, QStringLiteral("csv.unchecked")));
    QVERIFY2(r.findings.size() < 6, qPrintable(describe(r)));
}

void TestAuditExport::entriesReorderedAreCaught()
{
    const QString dir = freshExport(QStringLiteral("reordered"));
    auto entries = journal(dir, QStringLiteral("T2"));
    entries.swapItemsAt(3, 4);
    setJournal(dir, QStringLiteral("T2"), entries);
    resign(dir, m_center.key);
    const auto r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(has(r, QStringLiteral("verify.gap"), AuditExport::journalFile(QStringLiteral("T2"))) ||
                 has(r, QStringLiteral("verify.duplicate-seq"), AuditExport::journalFile(QStringLiteral("T2"))),
             qPrintable(describe(r)));
}

void TestAuditExport::anEditedEntryIsCaught()
{
    const QString dir = freshExport(QStringLiteral("edited"));
    auto entries = journal(dir, QStringLiteral("T1"));
    // A payment's amount raised, its hash left: the hash no longer covers it.
    auto payment = JournalEntry::fromCbor(entries.at(1)).value();
    auto record = recordFromCbor<PaymentRecord>(payment.body).value();
    record.amount = record.amount + Money::fromYuan(1);
    payment.body = toCbor(record);
    entries[1] = payment.toCbor();
    // Another one re-hashed too: only the terminal's key could sign that.
    auto other = JournalEntry::fromCbor(entries.at(3)).value();
    auto second = recordFromCbor<PaymentRecord>(other.body).value();
    second.accountNumber = QStringLiteral("3199999999");
    other.body = toCbor(second);
    other.hash = other.computeHash();
    entries[3] = other.toCbor();
    setJournal(dir, QStringLiteral("T1"), entries);
    resign(dir, m_center.key);
    const auto r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    const QString file = AuditExport::journalFile(QStringLiteral("T1"));
    QVERIFY2(has(r, QStringLiteral("verify.hash-mismatch"), file, 2), qPrintable(describe(r)));
    QVERIFY2(has(r, QStringLiteral("verify.bad-signature"), file, 4), qPrintable(describe(r)));
    QVERIFY(has(r, QStringLiteral("checkpoint.root")));
}

void TestAuditExport::aCsvRowChangedIsNamed()
{
    const QString dir = freshExport(QStringLiteral("csv"));
    const QString visits = QDir(dir).filePath(QStringLiteral("views/visits.csv"));
    QByteArray bytes = readAll(visits);
    bytes.replace("promised-to-pay", "not-home");
    writeAll(visits, bytes);
    resign(dir, m_center.key);
    const auto r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(has(r, QStringLiteral("csv.mismatch"), QStringLiteral("views/visits.csv")), qPrintable(describe(r)));
    QCOMPARE(r.findings.size(), 1);
    QVERIFY2(r.findings.first().message.contains(QLatin1String("line 2")), qPrintable(describe(r)));
}

void TestAuditExport::aZFigureChangedIsNamed()
{
    const QString dir = freshExport(QStringLiteral("zfigure"));
    const QString z = QDir(dir).filePath(QStringLiteral("views/zreports.csv"));
    QList<QByteArray> lines = readAll(z).split('\n');
    QList<QByteArray> fields = lines[2].split(',');
    fields[16] = "-5.00"; // the difference
    lines[2] = fields.join(',');
    writeAll(z, lines.join('\n'));
    resign(dir, m_center.key);
    const auto r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(has(r, QStringLiteral("csv.mismatch"), QStringLiteral("views/zreports.csv")), qPrintable(describe(r)));
    QVERIFY(r.findings.first().message.contains(QLatin1String("line 3")));
}

void TestAuditExport::aSwappedKeyIsCaught()
{
    const QString dir = freshExport(QStringLiteral("key"));
    const QString devices = QDir(dir).filePath(QString(AuditExport::DevicesFile));
    writeAll(devices, readAll(devices).replace(m_terminals[1].key->publicKey().toBase64(),
                                               DeviceKey::generate().publicKey().toBase64()));
    resign(dir, m_center.key);
    const auto r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(has(r, QStringLiteral("verify.bad-signature"), AuditExport::journalFile(QStringLiteral("T2"))),
             qPrintable(describe(r)));
    QVERIFY(!has(r, QStringLiteral("verify.bad-signature"), AuditExport::journalFile(QStringLiteral("T1"))));
}

void TestAuditExport::aFileAddedIsCaught()
{
    const QString dir = freshExport(QStringLiteral("added"));
    writeAll(QDir(dir).filePath(QStringLiteral("views/extra.csv")), "a,b\r\n");
    writeAll(QDir(dir).filePath(QStringLiteral(".hidden")), "x");
    const auto r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(has(r, QStringLiteral("manifest.extra-file"), QStringLiteral("views/extra.csv")), qPrintable(describe(r)));
    QVERIFY(has(r, QStringLiteral("manifest.extra-file"), QStringLiteral(".hidden")));
    // A journal for a terminal nobody enrolled, even listed by an insider, is named.
    writeAll(QDir(dir).filePath(AuditExport::journalFile(QStringLiteral("T9"))), QByteArray());
    resign(dir, m_center.key);
    const auto again = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(has(again, QStringLiteral("journal.unknown-device"), AuditExport::journalFile(QStringLiteral("T9"))),
             qPrintable(describe(again)));
    // A file the manifest lists that is gone.
    QFile::remove(QDir(dir).filePath(QStringLiteral("views/extra.csv")));
    const auto gone = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY(has(gone, QStringLiteral("manifest.missing-file"), QStringLiteral("views/extra.csv")));
}

void TestAuditExport::aRewrittenCheckpointIsCaught()
{
    const QString dir = freshExport(QStringLiteral("head"));
    const QString headPath = QDir(dir).filePath(QString(AuditExport::HeadFile));
    const TreeHead head = TreeHead::fromText(readAll(headPath)).value();
    // Signed by someone else: not the center's.
    writeAll(headPath,
             TreeHead::sign(head.size, MerkleTree::leafHash("x"), head.timeMs, DeviceKey::generate()).toText());
    resign(dir, m_center.key);
    auto r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(has(r, QStringLiteral("checkpoint.signature")), qPrintable(describe(r)));
    QVERIFY(has(r, QStringLiteral("checkpoint.root")));
    // Signed by the center over a root that is not the log's.
    writeAll(headPath, TreeHead::sign(head.size, MerkleTree::leafHash("x"), head.timeMs, m_center.key).toText());
    resign(dir, m_center.key);
    r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(has(r, QStringLiteral("checkpoint.root")) && !has(r, QStringLiteral("checkpoint.signature")),
             qPrintable(describe(r)));
}

void TestAuditExport::aLogRewrittenUnderANewHeadBreaksConsistency()
{
    // The center, holding its key, drops an entry it had checkpointed before and signs a new head
    // over what is left: the proof from the previous head cannot be made.
    const QString dir = freshExport(QStringLiteral("history"));
    const QString logPath = QDir(dir).filePath(QString(AuditExport::LogFile));
    auto log = AuditExport::logFromText(readAll(logPath)).value();
    QList<AuditExport::LogLeaf> reordered = log;
    reordered.swapItemsAt(0, 1); // two of yesterday's leaves, checkpointed before
    QList<QByteArray> leaves;
    for (const auto &leaf : reordered) {
        const Terminal &t = leaf.deviceId == QLatin1String("T1") ? m_terminals[0] : m_terminals[1];
        leaves.append(MerkleTree::leafHash(t.entries.at(leaf.seq - 1).toCbor()));
    }
    writeAll(logPath, AuditExport::logToText(reordered));
    const TreeHead head = TreeHead::fromText(readAll(QDir(dir).filePath(QString(AuditExport::HeadFile)))).value();
    writeAll(QDir(dir).filePath(QString(AuditExport::HeadFile)),
             TreeHead::sign(head.size, MerkleTree::rootHash(leaves), head.timeMs, m_center.key).toText());
    resign(dir, m_center.key);
    AuditVerifier::Options options{m_center.key.publicKey(), 2, m_center.heads.first()};
    const auto r = AuditVerifier::verify(dir, options);
    QVERIFY2(has(r, QStringLiteral("checkpoint.consistency")), qPrintable(describe(r)));
    QVERIFY(!has(r, QStringLiteral("checkpoint.root"))); // the new head is honest about the new log
    // The auditor kept the first export's head: the log no longer begins with its tree.
    QVERIFY2(has(r, QStringLiteral("checkpoint.kept-head"), QString(AuditExport::LogFile)), qPrintable(describe(r)));
    // Even with the previous head and the proof left out by the center.
    QFile::remove(QDir(dir).filePath(QString(AuditExport::PreviousHeadFile)));
    QFile::remove(QDir(dir).filePath(QString(AuditExport::ConsistencyFile)));
    resign(dir, m_center.key);
    const auto quiet = AuditVerifier::verify(dir, options);
    QVERIFY2(has(quiet, QStringLiteral("checkpoint.kept-head")), qPrintable(describe(quiet)));
    // And a clean export passes with the kept head.
    QVERIFY(AuditVerifier::verify(freshExport(QStringLiteral("history-clean")), options).clean());
}

void TestAuditExport::anotherCenterKeyIsNamed()
{
    const QString dir = freshExport(QStringLiteral("centerkey"));
    const DeviceKey other = DeviceKey::generate();
    auto r = AuditVerifier::verify(dir, {other.publicKey(), 2});
    QVERIFY(has(r, QStringLiteral("export.center-key")));
    QVERIFY(has(r, QStringLiteral("manifest.signature")));
    QVERIFY(has(r, QStringLiteral("checkpoint.signature")));
    // The manifest signed again by another key: not the center's.
    resign(dir, other);
    r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(has(r, QStringLiteral("manifest.signature")), qPrintable(describe(r)));
}

void TestAuditExport::signedAfterRevocationAndWrongCashAreFindings()
{
    // T2's key revoked before its last shift; T1 closes with an expected figure its entries do not make.
    m_terminals[1].revokedMs = Day + 3 * 3600000;
    m_terminals[1].day(Day + 5 * 3600000, 1);
    Terminal &t1 = m_terminals[0];
    t1.append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(50)}), Day + 6 * 3600000);
    ShiftClosedRecord close;
    close.expectedCash = Money::fromYuan(40);
    close.countedCash = Money::fromYuan(40);
    t1.append(EntryKind::ShiftClosed, toCbor(close), Day + 7 * 3600000);
    t1.append(EntryKind::Void, toCbor(VoidRecord{t1.entries.size() - 1, QStringLiteral("x"), QStringLiteral("S001")}),
              Day + 7 * 3600000 + 1);
    m_center.checkpoint(m_terminals, Day + 8 * 3600000);
    const QString dir = freshExport(QStringLiteral("findings"));
    const auto r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    const qint64 closeSeq = t1.entries.size() - 1;
    QVERIFY2(has(r, QStringLiteral("zreport.expected-cash"), AuditExport::journalFile(QStringLiteral("T1")), closeSeq),
             qPrintable(describe(r)));
    QVERIFY(has(r, QStringLiteral("void.no-original"), AuditExport::journalFile(QStringLiteral("T1")), closeSeq + 1));
    QVERIFY(has(r, QStringLiteral("journal.after-revocation"), AuditExport::journalFile(QStringLiteral("T2"))));
}

void TestAuditExport::perpetualTotalsAndZNumbersAreRecomputed()
{
    // T1 closes a third shift stating one payment too few since its first entry and Z number 5.
    Terminal &t1 = m_terminals[0];
    t1.append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(50)}), Day + 6 * 3600000);
    ShiftClosedRecord close;
    close.expectedCash = t1.expectedCash();
    close.countedCash = close.expectedCash;
    close.denominations = Terminal::notes(close.countedCash);
    t1.withPerpetualTotals(close);
    QVERIFY(close.everPaidCount > 0 && close.zNumber > 1);
    --close.everPaidCount;
    close.zNumber += 2;
    t1.append(EntryKind::ShiftClosed, toCbor(close), Day + 7 * 3600000);
    m_center.checkpoint(m_terminals, Day + 8 * 3600000);
    const auto r = AuditVerifier::verify(freshExport(QStringLiteral("perpetual")), {m_center.key.publicKey(), 2});
    const qint64 closeSeq = t1.entries.size();
    const QString journal = AuditExport::journalFile(QStringLiteral("T1"));
    QVERIFY2(has(r, QStringLiteral("zreport.perpetual"), journal, closeSeq), qPrintable(describe(r)));
    QVERIFY2(has(r, QStringLiteral("zreport.number"), journal, closeSeq), qPrintable(describe(r)));
    // The other closes, stated right, raise nothing.
    QCOMPARE(std::count_if(r.findings.begin(), r.findings.end(),
                           [](const AuditFinding &f) { return f.rule.startsWith(QLatin1String("zreport.")); }),
             2);
}

void TestAuditExport::timesLieBetweenWitnessedTimes()
{
    // T1: a visit dated long after the center's time at the sync that followed it, then a witness
    // the center's key did not sign. T2: a visit dated before a time it had already received.
    Terminal &t1 = m_terminals[0];
    Terminal &t2 = m_terminals[1];
    const auto visit = [](Terminal &t, qint64 timeMs) {
        return t
            .append(EntryKind::Visit, toCbor(VisitRecord{QStringLiteral("3100000007"), VisitOutcome::NotHome, {}, {}}),
                    timeMs)
            .seq;
    };
    const qint64 late = visit(t1, Day + 10 * 3600000);
    t1.witness(m_center.key, Day + 3 * 3600000);
    const qint64 forged = t1.entries.size() + 1;
    t1.witness(DeviceKey::generate(), Day + 4 * 3600000);
    const qint64 early = visit(t2, Day - 2 * 86400000);
    // Within the clock's tolerance either side of a witness is no finding.
    visit(t2, Day - 86400000 + 10 * 3600000 - AuditViews::WitnessSlackMs + 1000);
    m_center.checkpoint(m_terminals, Day + 8 * 3600000);
    const auto r = AuditVerifier::verify(freshExport(QStringLiteral("windows")), {m_center.key.publicKey(), 2});
    const QString j1 = AuditExport::journalFile(QStringLiteral("T1"));
    QVERIFY2(has(r, QStringLiteral("time.after-witness"), j1, late), qPrintable(describe(r)));
    QVERIFY2(has(r, QStringLiteral("time.witness-signature"), j1, forged), qPrintable(describe(r)));
    QVERIFY2(has(r, QStringLiteral("time.before-witness"), AuditExport::journalFile(QStringLiteral("T2")), early),
             qPrintable(describe(r)));
    QCOMPARE(std::count_if(r.findings.begin(), r.findings.end(),
                           [](const AuditFinding &f) { return f.rule.startsWith(QLatin1String("time.")); }),
             3);
    // The witnessed times are in the events view.
    const QByteArray events =
        readAll(QDir(m_tmp.filePath(QStringLiteral("windows"))).filePath(QStringLiteral("views/events.csv")));
    QVERIFY2(events.contains(",time-witnessed,,2026-12-04T18:00:00.000+00:00"), events.constData());
}

void TestAuditExport::hostileFilesAreRefusedInWords()
{
    QVERIFY(has(AuditVerifier::verify(m_tmp.filePath(QStringLiteral("none")), {}), QStringLiteral("export.missing")));
    const QString dir = freshExport(QStringLiteral("hostile"));
    const QString manifest = QDir(dir).filePath(QString(AuditExport::ManifestFile));
    const QByteArray good = readAll(manifest);
    writeAll(manifest, good + QByteArray(64, 'a') + "  ../../etc/passwd\n");
    auto r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(has(r, QStringLiteral("manifest.malformed")), qPrintable(describe(r)));
    writeAll(manifest, good);
    // A journal cut in the middle of an entry, and one claiming an entry of 4 GiB.
    const QString t1 = QDir(dir).filePath(AuditExport::journalFile(QStringLiteral("T1")));
    const QByteArray whole = readAll(t1);
    writeAll(t1, whole.left(whole.size() - 7));
    resign(dir, m_center.key);
    r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(has(r, QStringLiteral("journal.framing"), AuditExport::journalFile(QStringLiteral("T1"))),
             qPrintable(describe(r)));
    writeAll(t1, QByteArray::fromHex("5affffffff") + QByteArray(16, 'x'));
    resign(dir, m_center.key);
    r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY(has(r, QStringLiteral("journal.framing")));
    // Not an entry at all, inside a well-framed byte string.
    writeAll(t1, AuditExport::frameEntry(QByteArray(200, '\x7f')));
    resign(dir, m_center.key);
    r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY2(has(r, QStringLiteral("journal.bad-cbor"), AuditExport::journalFile(QStringLiteral("T1")), 1),
             qPrintable(describe(r)));
    // export.txt and the tree head replaced by nonsense.
    writeAll(QDir(dir).filePath(QString(AuditExport::HeaderFile)), QByteArray(5000, '\xff'));
    writeAll(QDir(dir).filePath(QString(AuditExport::HeadFile)), "doorstep-tree-head 1\nsize -1\n");
    resign(dir, m_center.key);
    r = AuditVerifier::verify(dir, {m_center.key.publicKey(), 2});
    QVERIFY(has(r, QStringLiteral("export.header")));
    QVERIFY(has(r, QStringLiteral("checkpoint.head")));
}

void TestAuditExport::formatsRoundTripAndRefuseNonsense()
{
    const TreeHead head = TreeHead::sign(7, MerkleTree::leafHash("r"), 1796400000000, m_center.key);
    QCOMPARE(TreeHead::fromText(head.toText()).value(), head);
    QVERIFY(head.verify(m_center.key.publicKey()));
    QVERIFY(!TreeHead::fromText(head.toText().replace("size 7", "size 07")).ok());
    QVERIFY(!TreeHead::fromText(head.toText() + "extra\n").ok());
    QVERIFY(!TreeHead::fromText(QByteArray()).ok());
    QVERIFY(!TreeHead::fromText(head.toText().toUpper()).ok());

    const QList<AuditExport::LogLeaf> leaves{{QStringLiteral("T1"), 1}, {QStringLiteral("T-2.x"), 9}};
    QCOMPARE(AuditExport::logFromText(AuditExport::logToText(leaves)).value(), leaves);
    QVERIFY(!AuditExport::logFromText("# doorstep log 1\n1\tT1\t1\n").ok());   // index out of order
    QVERIFY(!AuditExport::logFromText("# doorstep log 1\n0\t../x\t1\n").ok()); // not a device id
    QVERIFY(!AuditExport::logFromText("# doorstep log 1\n0\tT1\t0\n").ok());   // seq 0
    QVERIFY(!AuditExport::logFromText("0\tT1\t1\n").ok());

    for (const int size : {0, 1, 23, 24, 127}) // smaller than any entry
        QVERIFY(!AuditExport::splitEntries(AuditExport::frameEntry(QByteArray(size, 'e'))).ok());
    QVERIFY(!AuditExport::splitEntries(AuditExport::frameEntry(QByteArray(65537, 'e'))).ok());
    for (const int size : {128, 255, 256, 65535, 65536}) {
        const QByteArray entry(size, 'e');
        const auto split =
            AuditExport::splitEntries(AuditExport::frameEntry(entry) + AuditExport::frameEntry(QByteArray(200, 'x')));
        QVERIFY2(split.ok() && split.value().size() == 2 && split.value().first() == entry,
                 qPrintable(QString::number(size)));
    }
    QVERIFY(!AuditExport::splitEntries(QByteArray::fromHex("a0")).ok()); // a map, not a byte string
    QVERIFY(!AuditExport::splitEntries(QByteArray::fromHex("5b0000000000000001")).ok());
    QVERIFY(!AuditExport::splitEntries(QByteArray::fromHex("59ff")).ok());

    QVERIFY(AuditExport::isSafeDeviceId(QStringLiteral("T-01.a_b")));
    for (const char *bad : {"", ".", "..", "a/b", "a b", "é"})
        QVERIFY(!AuditExport::isSafeDeviceId(QString::fromUtf8(bad)));
    QVERIFY(!AuditExport::manifestFromText(QByteArray(64, 'a') + "  /abs\n").ok());
    QVERIFY(!AuditExport::manifestFromText(QByteArray(64, 'a') + "  a\n" + QByteArray(64, 'b') + "  a\n").ok());
    QVERIFY(AuditExport::manifestFromText(QByteArray(64, 'a') + "  views/a.csv\n").ok());

    AuditExport::Header h{QDate(2026, 12, 1),      QDate(2026, 12, 5), 1, 2, QStringLiteral("Asia/Shanghai"), 3,
                          m_center.key.publicKey()};
    QCOMPARE(AuditExport::Header::fromText(h.toText()).value().toText(), h.toText());
    QVERIFY(!AuditExport::Header::fromText(h.toText().replace("to-ms 2", "to-ms 0")).ok());
    // The writer refuses a folder that is there already, and leaves nothing behind a failure.
    AuditExport::Writer writer(m_tmp.path());
    QVERIFY(!writer.begin().ok());
    {
        AuditExport::Writer half(m_tmp.filePath(QStringLiteral("half")));
        QVERIFY(half.begin().ok());
        QVERIFY(half.write(QStringLiteral("a.txt"), "a").ok());
        QVERIFY(!half.write(QStringLiteral("../b.txt"), "b").ok());
    }
    QVERIFY(!QFileInfo::exists(m_tmp.filePath(QStringLiteral("half"))));
    QVERIFY(!QFileInfo::exists(m_tmp.filePath(QStringLiteral("half.partial"))));
}

QTEST_GUILESS_MAIN(TestAuditExport)
#include "tst_auditexport.moc"
