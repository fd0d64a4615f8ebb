#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "escpos.h"
#include "escposdecoder.h"
#include "journal.h"
#include "printqueue.h"
#include "testreceipts.h"
#include "virtualprinter.h"

using namespace TestReceipts;

namespace {

PrintQueue::Options fast()
{
    PrintQueue::Options o;
    o.transport.connectTimeoutMs = 3000;
    o.transport.writeTimeoutMs = 3000;
    o.timeouts.statusMs = 200;
    o.timeouts.confirmMs = 1000;
    return o;
}

PrinterConnection tcp(const VirtualPrinter &printer)
{
    return PrinterConnection{PrinterConnection::Kind::Tcp, QStringLiteral("127.0.0.1"), printer.port(), 0};
}

/// Waits until the queue reports job `id` in `state`.
bool waitFor(const PrintQueue &queue, qint64 id, PrintJob::State state, int timeoutMs = 10000)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        const std::optional<PrintJob> j = queue.job(id);
        if (j && j->state == state)
            return true;
        QTest::qWait(10);
    }
    return false;
}

bool openQueue(PrintQueue &queue)
{
    QSignalSpy opened(&queue, &PrintQueue::opened);
    queue.open();
    return opened.wait(5000) && opened.first().first().value<Error>().code.isEmpty();
}

/// The text lines of every receipt the printer got, receipt by receipt (split at ESC @).
QList<QStringList> receiptsIn(const QByteArray &bytes)
{
    QList<QStringList> out;
    const QByteArray init = EscPos::initialize();
    qsizetype at = bytes.indexOf(init);
    while (at >= 0) {
        const qsizetype next = bytes.indexOf(init, at + init.size());
        const QByteArray part = bytes.mid(at, next < 0 ? -1 : next - at);
        out.append(decodeEscPos(part).texts());
        at = next;
    }
    return out;
}

bool hasLine(const QStringList &lines, const QString &text)
{
    for (const QString &l : lines) {
        if (l.contains(text))
            return true;
    }
    return false;
}

} // namespace

class TestPrintQueue : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_n = 0;
    QString freshDb() { return m_dir.filePath(QStringLiteral("queue-%1.db").arg(++m_n)); }

private Q_SLOTS:
    void printsAndRequestsJournal()
    {
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        QVERIFY(printer.start());
        PrintQueue queue(freshDb(), fast());
        QVERIFY(openQueue(queue));
        QSignalSpy journal(&queue, &PrintQueue::journalRequested);
        queue.setPrinter(tcp(printer), PrinterProfile::generic58(), ReceiptTemplate());
        queue.enqueue(standard());
        QTRY_COMPARE(queue.jobs().size(), 1);
        const qint64 id = queue.jobs().first().id;
        QVERIFY(waitFor(queue, id, PrintJob::State::Printed));
        QTRY_COMPARE(journal.size(), 1);
        QCOMPARE(journal.first().at(0).value<ReceiptPrintedRecord>(), (ReceiptPrintedRecord{42, 1}));
        QCOMPARE(journal.first().at(1).toString(), QStringLiteral("D001-00000042"));
        const PrintJob job = *queue.job(id);
        QCOMPARE(job.printNumber, 1);
        QCOMPARE(job.attempts, 1);
        QCOMPARE(job.receiptNumber, QStringLiteral("D001-00000042"));
        const QList<QStringList> receipts = receiptsIn(printer.received());
        QCOMPARE(receipts.size(), 1);
        QVERIFY(hasLine(receipts.first(), QStringLiteral("户名 张*明")));
        QVERIFY(!hasLine(receipts.first(), QStringLiteral("重打")));
    }

    // A receipt queued while a status probe runs (the printer just chosen, "Check printer") prints
    // when the probe ends, found or not, without waiting for another job to push it.
    void aJobQueuedDuringAProbePrintsWhenItEnds_data()
    {
        QTest::addColumn<bool>("answers");
        QTest::newRow("the printer answers the probe") << true;
        QTest::newRow("a silent printer: the probe times out") << false;
    }
    void aJobQueuedDuringAProbePrintsWhenItEnds()
    {
        QFETCH(bool, answers);
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        printer.state.answersStatus = answers;
        QVERIFY(printer.start());
        PrintQueue queue(freshDb(), fast());
        QVERIFY(openQueue(queue));
        queue.setPrinter(tcp(printer), PrinterProfile::generic58(), ReceiptTemplate());
        queue.probeStatus();
        queue.enqueue(standard()); // reaches the worker while the probe is in flight
        QTRY_COMPARE(queue.jobs().size(), 1);
        // A printer that never answers is taken at its word once the bytes are out (it cannot confirm).
        QVERIFY(waitFor(queue, queue.jobs().first().id, PrintJob::State::Printed));
        QCOMPARE(receiptsIn(printer.received()).size(), 1);
        QVERIFY(printer.statusQueries() > 0); // the probe did run first
    }

    void reprintIsADuplicateWithCount()
    {
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        QVERIFY(printer.start());
        PrintQueue queue(freshDb(), fast());
        QVERIFY(openQueue(queue));
        QSignalSpy journal(&queue, &PrintQueue::journalRequested);
        QSignalSpy errors(&queue, &PrintQueue::errorOccurred);
        queue.setPrinter(tcp(printer), PrinterProfile::generic58(), ReceiptTemplate());
        queue.enqueue(standard());
        QTRY_COMPARE(journal.size(), 1);
        queue.reprint(QStringLiteral("D001-00000042"));
        QTRY_COMPARE(journal.size(), 2);
        queue.reprint(QStringLiteral("D001-00000042"));
        QTRY_COMPARE(journal.size(), 3);
        QCOMPARE(journal.at(1).at(0).value<ReceiptPrintedRecord>(), (ReceiptPrintedRecord{42, 2}));
        QCOMPARE(journal.at(2).at(0).value<ReceiptPrintedRecord>(), (ReceiptPrintedRecord{42, 3}));
        const QList<QStringList> receipts = receiptsIn(printer.received());
        QCOMPARE(receipts.size(), 3);
        QVERIFY(hasLine(receipts.at(1), QStringLiteral("重打 DUPLICATE 第2次")));
        QVERIFY(hasLine(receipts.at(2), QStringLiteral("重打 DUPLICATE 第3次")));

        queue.reprint(QStringLiteral("D001-99999999"));
        QTRY_COMPARE(errors.size(), 1);
        QCOMPARE(errors.first().first().value<Error>().code, QStringLiteral("printing.queue.unknown-receipt"));
        QCOMPARE(queue.jobs().size(), 3);
    }

    void survivesRestart()
    {
        const QString db = freshDb();
        qint64 id = 0;
        {
            PrintQueue queue(db, fast());
            QVERIFY(openQueue(queue));
            queue.enqueue(standard()); // no printer chosen yet: it waits
            QTRY_COMPARE(queue.jobs().size(), 1);
            id = queue.jobs().first().id;
            QCOMPARE(queue.jobs().first().state, PrintJob::State::Queued);
        }
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        QVERIFY(printer.start());
        PrintQueue again(db, fast());
        QVERIFY(openQueue(again));
        QTRY_COMPARE(again.jobs().size(), 1);
        QCOMPARE(again.jobs().first().id, id);
        QCOMPARE(again.jobs().first().state, PrintJob::State::Queued);
        QSignalSpy journal(&again, &PrintQueue::journalRequested);
        again.setPrinter(tcp(printer), PrinterProfile::generic58(), ReceiptTemplate());
        QVERIFY(waitFor(again, id, PrintJob::State::Printed));
        QTRY_COMPARE(journal.size(), 1);
        QCOMPARE(receiptsIn(printer.received()).size(), 1);
    }

    void linkCutMidJobIsUnknownThenReprintedWithMark()
    {
        // A printer that answers status: after the cut, its missing GS r 1 reply and the dropped
        // link both say "not confirmed". (A silent printer on TCP cannot tell: the kernel took it.)
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        QVERIFY(printer.start());
        PrintQueue queue(freshDb(), fast());
        QVERIFY(openQueue(queue));
        QSignalSpy journal(&queue, &PrintQueue::journalRequested);
        printer.cutAfterBytes = 9 + 300; // three DLE EOT probes, then 300 receipt bytes
        queue.setPrinter(tcp(printer), PrinterProfile::generic58(), ReceiptTemplate());
        queue.enqueue(standard());
        QTRY_COMPARE(queue.jobs().size(), 1);
        const qint64 id = queue.jobs().first().id;
        QVERIFY(waitFor(queue, id, PrintJob::State::Unknown));
        QVERIFY2(queue.job(id)->error.code.startsWith(QStringLiteral("printing.link.")) ||
                     queue.job(id)->error.code == QStringLiteral("printing.printer.no-confirmation"),
                 qPrintable(queue.job(id)->error.code));
        QVERIFY(queue.job(id)->bytesOut);
        QVERIFY(journal.isEmpty()); // nobody knows whether it printed
        const qsizetype half = printer.received().size();
        QCOMPARE(half, 309);

        queue.retry(id);
        QVERIFY(waitFor(queue, id, PrintJob::State::Printed));
        QTRY_COMPARE(journal.size(), 1);
        QCOMPARE(journal.first().at(0).value<ReceiptPrintedRecord>(), (ReceiptPrintedRecord{42, 2}));
        const QByteArray second = printer.received().mid(half);
        QVERIFY(second.startsWith(EscPos::reconnectPreamble())); // clears the half command first
        const QList<QStringList> receipts = receiptsIn(printer.received());
        // Half a receipt, then a whole one that says it continues a cut print and is a duplicate.
        const QStringList last = receipts.last();
        QVERIFY(hasLine(last, QStringLiteral("上次打印中断 续打")));
        QVERIFY(hasLine(last, QStringLiteral("重打 DUPLICATE 第2次")));
        QVERIFY(hasLine(last, QStringLiteral("户名 张*明")));
        QVERIFY(!hasLine(receipts.first(), QStringLiteral("合计"))); // the first was cut before its total
    }

    void unknownConfirmedByCollector()
    {
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        printer.state.confirms = false; // it answers DLE EOT but never GS r 1
        QVERIFY(printer.start());
        PrintQueue queue(freshDb(), fast());
        QVERIFY(openQueue(queue));
        QSignalSpy journal(&queue, &PrintQueue::journalRequested);
        QSignalSpy errors(&queue, &PrintQueue::errorOccurred);
        queue.setPrinter(tcp(printer), PrinterProfile::generic58(), ReceiptTemplate());
        queue.enqueue(standard());
        QTRY_COMPARE(queue.jobs().size(), 1);
        const qint64 id = queue.jobs().first().id;
        QVERIFY(waitFor(queue, id, PrintJob::State::Unknown));
        QCOMPARE(queue.job(id)->error.code, QStringLiteral("printing.printer.no-confirmation"));
        queue.confirmPrinted(id);
        QVERIFY(waitFor(queue, id, PrintJob::State::Printed));
        QTRY_COMPARE(journal.size(), 1);
        QCOMPARE(journal.first().at(0).value<ReceiptPrintedRecord>(), (ReceiptPrintedRecord{42, 1}));
        queue.confirmPrinted(id); // only an unknown job can be confirmed
        QTRY_COMPARE(errors.size(), 1);
        QCOMPARE(errors.first().first().value<Error>().code, QStringLiteral("printing.queue.not-unknown"));
        QCOMPARE(journal.size(), 1);
    }

    void paperOutFailsThenRetriesAsOriginal()
    {
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        printer.state.paperOut = true;
        QVERIFY(printer.start());
        PrintQueue queue(freshDb(), fast());
        QVERIFY(openQueue(queue));
        QSignalSpy status(&queue, &PrintQueue::statusChanged);
        queue.setPrinter(tcp(printer), PrinterProfile::generic58(), ReceiptTemplate());
        queue.enqueue(standard());
        QTRY_COMPARE(queue.jobs().size(), 1);
        const qint64 id = queue.jobs().first().id;
        QVERIFY(waitFor(queue, id, PrintJob::State::Failed));
        QVERIFY(queue.job(id)->error.message.contains(QStringLiteral("Paper out")));
        QCOMPARE(queue.job(id)->printNumber, 0);
        QVERIFY(!queue.job(id)->bytesOut);
        QVERIFY(!status.isEmpty());
        QVERIFY(status.last().first().value<PrinterStatus>().paperOut);

        printer.state.paperOut = false; // the collector loads paper
        queue.retry(id);
        QVERIFY(waitFor(queue, id, PrintJob::State::Printed));
        QCOMPARE(queue.job(id)->printNumber, 1); // nothing went out before: still the original
        const QList<QStringList> receipts = receiptsIn(printer.received());
        QCOMPARE(receipts.size(), 1);
        QVERIFY(!hasLine(receipts.first(), QStringLiteral("重打")));
        QVERIFY(!hasLine(receipts.first(), QStringLiteral("上次打印中断")));
    }

    void appStoppedMidJob()
    {
        const QString db = freshDb();
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        printer.state.confirms = false;
        QVERIFY(printer.start());
        qint64 id = 0;
        {
            PrintQueue::Options o = fast();
            o.timeouts.confirmMs = 60000; // still waiting for the printer when the app stops
            PrintQueue queue(db, o);
            QVERIFY(openQueue(queue));
            queue.setPrinter(tcp(printer), PrinterProfile::generic58(), ReceiptTemplate());
            queue.enqueue(standard());
            QTRY_COMPARE(queue.jobs().size(), 1);
            id = queue.jobs().first().id;
            QTRY_VERIFY(queue.job(id)->bytesOut);
            QCOMPARE(queue.job(id)->state, PrintJob::State::Printing);
        }
        printer.state.confirms = true;
        PrintQueue again(db, fast());
        QVERIFY(openQueue(again));
        QVERIFY(waitFor(again, id, PrintJob::State::Unknown));
        QCOMPARE(again.job(id)->error.code, QStringLiteral("printing.queue.interrupted"));
        printer.clearReceived();
        again.setPrinter(tcp(printer), PrinterProfile::generic58(), ReceiptTemplate());
        again.retry(id);
        QVERIFY(waitFor(again, id, PrintJob::State::Printed));
        // A restart after a cut job clears the printer before anything else.
        QVERIFY(printer.received().startsWith(EscPos::reconnectPreamble()));
        const QList<QStringList> receipts = receiptsIn(printer.received());
        QVERIFY(hasLine(receipts.last(), QStringLiteral("上次打印中断 续打")));
        QVERIFY(hasLine(receipts.last(), QStringLiteral("重打 DUPLICATE 第2次")));
    }

    void voidAndZReport()
    {
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        QVERIFY(printer.start());
        PrintQueue queue(freshDb(), fast());
        QVERIFY(openQueue(queue));
        QSignalSpy journal(&queue, &PrintQueue::journalRequested);
        queue.setPrinter(tcp(printer), PrinterProfile::generic58(), ReceiptTemplate());
        VoidRecord v{42, QStringLiteral("收错户"), QStringLiteral("王主管")};
        queue.enqueue(
            Receipt::fromVoid(entry(43, EntryKind::Void), v, entry(), payment(), account(), context()).value());
        ZReportFigures z;
        z.reportNumber = QStringLiteral("D001-Z7");
        z.closeSeq = 50;
        queue.enqueue(Receipt::fromZReport(z, context()));
        QTRY_COMPARE(queue.jobs().size(), 2);
        QVERIFY(waitFor(queue, queue.jobs().at(1).id, PrintJob::State::Printed));
        QVERIFY(waitFor(queue, queue.jobs().at(0).id, PrintJob::State::Printed));
        // Every print is journaled and says what it printed: the void's slip, the Z-report of its close.
        QTRY_COMPARE(journal.size(), 2);
        QCOMPARE(journal.at(0).at(0).value<ReceiptPrintedRecord>(),
                 (ReceiptPrintedRecord{43, 1, PrintedDocument::VoidSlip}));
        QCOMPARE(journal.at(0).at(1).toString(), QStringLiteral("D001-00000043"));
        QCOMPARE(journal.at(1).at(0).value<ReceiptPrintedRecord>(),
                 (ReceiptPrintedRecord{50, 1, PrintedDocument::ZReport}));
        QCOMPARE(journal.at(1).at(1).toString(), QStringLiteral("D001-Z7"));
        // A copy of the Z-report is the second print of that document.
        queue.reprint(QStringLiteral("D001-Z7"));
        QTRY_COMPARE(journal.size(), 3);
        QCOMPARE(journal.at(2).at(0).value<ReceiptPrintedRecord>(),
                 (ReceiptPrintedRecord{50, 2, PrintedDocument::ZReport}));
        const QList<QStringList> receipts = receiptsIn(printer.received());
        QCOMPARE(receipts.size(), 3);
        QVERIFY(hasLine(receipts.at(0), QStringLiteral("作废 VOID")));
        QVERIFY(hasLine(receipts.at(1), QStringLiteral("收费日结单")));
        QVERIFY(hasLine(receipts.at(2), QStringLiteral("收费日结单")));
    }

    void voidedPaymentsReceiptIsWithdrawn()
    {
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        QVERIFY(printer.start());
        const QString db = freshDb();
        {
            PrintQueue queue(db, fast());
            QVERIFY(openQueue(queue));
            QSignalSpy errors(&queue, &PrintQueue::errorOccurred);
            queue.enqueue(standard()); // no printer yet: it waits
            QTRY_COMPARE(queue.jobs().size(), 1);
            queue.withdraw(42); // its payment is voided
            QVERIFY(waitFor(queue, queue.jobs().first().id, PrintJob::State::Withdrawn));
            QCOMPARE(queue.jobs().first().error.code, QStringLiteral("printing.queue.withdrawn"));
            queue.enqueue(standard()); // a late request for the same payment's receipt
            queue.reprint(QStringLiteral("D001-00000042"));
            QTRY_COMPARE(errors.size(), 1);
            QCOMPARE(errors.first().first().value<Error>().code, QStringLiteral("printing.queue.voided"));
            QTRY_COMPARE(queue.jobs().size(), 2);
            queue.retry(queue.jobs().first().id); // a withdrawn job is not retried
            QTRY_COMPARE(errors.size(), 2);
        }
        // After a restart too: the printer arrives, the late job is withdrawn, something else prints.
        PrintQueue queue(db, fast());
        QVERIFY(openQueue(queue));
        QSignalSpy journal(&queue, &PrintQueue::journalRequested);
        queue.setPrinter(tcp(printer), PrinterProfile::generic58(), ReceiptTemplate());
        ZReportFigures z;
        z.reportNumber = QStringLiteral("D001-Z3");
        queue.enqueue(Receipt::fromZReport(z, context()));
        QTRY_COMPARE(queue.jobs().size(), 3);
        QVERIFY(waitFor(queue, queue.jobs().at(2).id, PrintJob::State::Printed));
        QCOMPARE(queue.jobs().at(0).state, PrintJob::State::Withdrawn);
        QCOMPARE(queue.jobs().at(1).state, PrintJob::State::Withdrawn);
        QCOMPARE(receiptsIn(printer.received()).size(), 1);
        QCOMPARE(journal.size(), 0); // withdrawn ones never printed; the Z-report names no close
    }

    void noPrinterReachableKeepsTheRestQueued()
    {
        PrintQueue queue(freshDb(), fast());
        QVERIFY(openQueue(queue));
        queue.setPrinter(
            PrinterConnection{PrinterConnection::Kind::Serial, QStringLiteral("/dev/nonexistent-tty"), 0, 9600},
            PrinterProfile::generic58(), ReceiptTemplate());
        queue.enqueue(standard());
        queue.enqueue(standard().asPrint(1));
        QTRY_COMPARE(queue.jobs().size(), 2);
        QVERIFY(waitFor(queue, queue.jobs().at(0).id, PrintJob::State::Failed));
        QTest::qWait(100);
        QCOMPARE(queue.jobs().at(1).state, PrintJob::State::Queued); // not failed in a burst
        QCOMPARE(queue.jobs().at(0).error.code, QStringLiteral("printing.link.connect"));
    }

    void printsWhileTheGuiThreadIsBusy()
    {
        // ARCHITECTURE.md rule 7: the queue's disk and printer I/O run on its own thread. The
        // printer runs on a third thread; this (GUI) thread sleeps without processing events,
        // and the receipt still gets printed and confirmed meanwhile.
        QThread printerThread;
        printerThread.start();
        auto *printer = new VirtualPrinter(VirtualPrinter::Link::Tcp);
        printer->moveToThread(&printerThread);
        bool started = false;
        quint16 port = 0;
        QMetaObject::invokeMethod(
            printer,
            [&] {
                started = printer->start();
                port = printer->port();
            },
            Qt::BlockingQueuedConnection);
        QVERIFY(started);
        {
            PrintQueue queue(freshDb(), fast());
            QVERIFY(openQueue(queue));
            queue.setPrinter(PrinterConnection{PrinterConnection::Kind::Tcp, QStringLiteral("127.0.0.1"), port, 0},
                             PrinterProfile::generic58(), ReceiptTemplate());
            queue.enqueue(standard());
            // The GUI thread stays busy (sleeps, processes no events) until the printer has it all.
            QByteArray received;
            for (int i = 0; i < 300 && !received.endsWith(EscPos::paperStatusQuery()); ++i) {
                QThread::msleep(50);
                QMetaObject::invokeMethod(
                    printer, [&] { received = printer->received(); }, Qt::BlockingQueuedConnection);
            }
            const DecodedJob job = decodeEscPos(received);
            QVERIFY(job.texts().contains(QStringLiteral("户名 张*明")));
            QCOMPARE(job.commands.last(), QStringLiteral("GS r 1"));
            QTRY_COMPARE(queue.jobs().size(), 1);
            QVERIFY(waitFor(queue, queue.jobs().first().id, PrintJob::State::Printed));
        }
        QMetaObject::invokeMethod(
            printer, [printer] { delete printer; }, Qt::BlockingQueuedConnection);
        printerThread.quit();
        printerThread.wait();
    }

    void sharesTheJournalFile()
    {
        // Journal::database() suggests one file for journal and queue: the queue keeps its schema
        // version in its own table and leaves the journal's user_version alone.
        const QString path = freshDb();
        const DeviceKey key = DeviceKey::generate();
        int version = 0;
        {
            Journal journal(path, QStringLiteral("D001"), key);
            QVERIFY(journal.open().ok());
            QVERIFY(journal.append(EntryKind::Payment, toCbor(payment()), timeMs(), QStringLiteral("c7"), 0).ok());
            version = journal.database().userVersion();
        }
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        QVERIFY(printer.start());
        {
            PrintQueue queue(path, fast());
            QVERIFY(openQueue(queue));
            queue.setPrinter(tcp(printer), PrinterProfile::generic58(), ReceiptTemplate());
            queue.enqueue(standard());
            QTRY_COMPARE(queue.jobs().size(), 1);
            QVERIFY(waitFor(queue, queue.jobs().first().id, PrintJob::State::Printed));
        }
        Journal journal(path, QStringLiteral("D001"), key);
        QVERIFY(journal.open().ok());
        QCOMPARE(journal.lastSeq(), 1);
        QCOMPARE(journal.database().userVersion(), version);
        QVERIFY(journal
                    .append(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{1, 1}), timeMs(),
                            QStringLiteral("c7"), 0)
                    .ok());
    }

    void refusesADamagedFile()
    {
        const QString path = freshDb();
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        PrintQueue queue(path, fast());
        QSignalSpy opened(&queue, &PrintQueue::opened);
        queue.open();
        QVERIFY(opened.wait(5000));
        const Error e = opened.first().first().value<Error>();
        QVERIFY2(e.code.startsWith(QStringLiteral("storage.")), qPrintable(e.code));
        QSignalSpy errors(&queue, &PrintQueue::errorOccurred);
        queue.enqueue(standard());
        QTRY_COMPARE(errors.size(), 1);
        QCOMPARE(errors.first().first().value<Error>().code, QStringLiteral("printing.queue.closed"));
    }
};

QTEST_GUILESS_MAIN(TestPrintQueue)
#include "tst_printqueue.moc"
