#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cstdio>

#include "journal.h"
#include "journaltestdata.h"
#include "journalverifier.h"
#include "totalscheck.h"

// Process death at any moment: a child appends payments as fast as it can and reports each one
// append() called durable; the parent SIGKILLs it at random moments, reopens, verifies the chain
// and checks every reported payment is there exactly once with no gap in seq.
// DOORSTEP_CRASH_KILLS sets the number of kills (default 200, as CI runs; soak with 10000+).

namespace {

int runChild(const QString &dir)
{
    const auto key = DeviceKey::loadOrCreate(QDir(dir).filePath(QStringLiteral("device.key")));
    if (!key.ok())
        return 3;
    Journal journal(QDir(dir).filePath(QStringLiteral("journal.sqlite")), QStringLiteral("D01"), key.value());
    if (!journal.open().ok())
        return 4;
    const qint64 pid = QCoreApplication::applicationPid();
    for (qint64 i = 0;; ++i) {
        PaymentRecord p = JournalTestData::payment(i);
        p.reference = QStringLiteral("%1-%2").arg(pid).arg(i); // unique per payment ever made
        const auto r = journal.append(EntryKind::Payment, toCbor(p), 1790000000000 + i, QStringLiteral("C01"), 0);
        if (!r.ok())
            return 5;
        std::printf("durable %lld %s %s\n", r->seq, qPrintable(r->receiptNumber()), qPrintable(p.reference));
        std::fflush(stdout);
    }
}

} // namespace

class TestCrash : public QObject
{
    Q_OBJECT

private slots:
    void killedAtRandomMomentsLosesNothing();
};

void TestCrash::killedAtRandomMomentsLosesNothing()
{
    bool ok = false;
    int kills = qEnvironmentVariableIntValue("DOORSTEP_CRASH_KILLS", &ok);
    if (!ok || kills <= 0)
        kills = 200;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const DeviceKey key = [&] {
        auto k = DeviceKey::loadOrCreate(dir.filePath(QStringLiteral("device.key")));
        return std::move(k).value();
    }();
    QRandomGenerator rng(20261122);
    QMap<qint64, QString> reported; // seq → reference the child was told is durable
    qint64 verifiedSeq = 0;
    QByteArray verifiedHash(32, '\0');

    for (int k = 0; k < kills; ++k) {
        QProcess child;
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--child"), dir.path()});
        QVERIFY(child.waitForStarted(10000));
        // Mostly kill while it appends — once its first payment is reported durable, so a slow
        // start on a loaded machine does not turn every kill into one during start-up; sometimes
        // while it is still opening the journal.
        if (k % 10 != 0)
            child.waitForReadyRead(10000);
        QThread::usleep(rng.bounded(k % 10 == 0 ? 5000 : 60000));
        if (child.state() != QProcess::Running) {
            child.waitForFinished(1000);
            QFAIL(qPrintable(QStringLiteral("the child stopped by itself with code %1: %2")
                                 .arg(child.exitCode())
                                 .arg(QString::fromUtf8(child.readAllStandardError()))));
        }
        child.kill(); // SIGKILL
        QVERIFY(child.waitForFinished(10000));
        const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
        for (const QByteArray &line : lines) {
            const QList<QByteArray> f = line.split(' ');
            if (f.size() != 4 || f[0] != "durable")
                continue; // a line cut by the kill was never fully reported
            const qint64 seq = f[1].toLongLong();
            QVERIFY2(!reported.contains(seq), "the same seq was reported durable twice");
            reported.insert(seq, QString::fromUtf8(f[3]));
            QCOMPARE(QString::fromUtf8(f[2]), QStringLiteral("D01-%1").arg(seq, 8, 10, QLatin1Char('0')));
        }

        // Reopen; the chain verifies from where the last check ended; every report is there.
        Journal journal(dir.filePath(QStringLiteral("journal.sqlite")), QStringLiteral("D01"), key);
        const Status opened = journal.open();
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
        QVERIFY(journal.lastSeq() >= (reported.isEmpty() ? 0 : reported.lastKey()));
        JournalVerifier verifier(QStringLiteral("D01"), key.publicKey(), verifiedSeq + 1, verifiedHash);
        journal.forEach(verifiedSeq + 1, journal.lastSeq(), [&](const JournalEntry &e) { return verifier.add(e); });
        const VerifyReport report = verifier.report();
        QVERIFY2(report.ok, qPrintable(report.problem.message));
        QCOMPARE(report.lastSeq, journal.lastSeq()); // no gap, nothing unreadable up to the end
        for (auto it = reported.lowerBound(verifiedSeq + 1); it != reported.cend(); ++it) {
            const auto e = journal.entry(it.key());
            QVERIFY(e.has_value());
            QCOMPARE(recordFromCbor<PaymentRecord>(e->body)->reference, it.value());
        }
        verifiedSeq = report.lastSeq;
        verifiedHash = report.lastHash;
        // The totals moved in the entries' transactions: whatever the kill cut, they agree.
        const QString totals = TotalsCheck::disagreement(journal);
        QVERIFY2(totals.isEmpty(), qPrintable(QStringLiteral("after kill %1: %2").arg(k).arg(totals)));
    }

    // Once more over everything: the whole chain, and each payment exactly once.
    Journal journal(dir.filePath(QStringLiteral("journal.sqlite")), QStringLiteral("D01"), key);
    QVERIFY(journal.open().ok());
    const VerifyReport full = verifyJournal(journal, key.publicKey(), verifiedSeq);
    QVERIFY2(full.ok, qPrintable(full.problem.message));
    QSet<QString> references;
    journal.forEach(1, journal.lastSeq(), [&](const JournalEntry &e) {
        const QString ref = recordFromCbor<PaymentRecord>(e.body)->reference;
        [&] { QVERIFY2(!references.contains(ref), qPrintable(ref)); }();
        references.insert(ref);
        return true;
    });
    QCOMPARE(qint64(references.size()), journal.lastSeq());
    QCOMPARE(TotalsCheck::disagreement(journal), QString());
    QCOMPARE(DailyTotals::compute(journal, DailyTotals::Filter::all()).payments().count, journal.lastSeq());
    for (const QString &ref : std::as_const(reported))
        QVERIFY(references.contains(ref));
    qInfo("%d kills, %lld entries, %lld reported durable by the child", kills, journal.lastSeq(),
          qint64(reported.size()));
    QVERIFY(reported.size() > kills / 2); // the kills did land while payments were being taken
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--child") == 0)
        return runChild(QString::fromLocal8Bit(argv[2]));
    TestCrash test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_crash.moc"
