#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "deskservice.h"
#include "escpos.h"
#include "escposdecoder.h"
#include "journal.h"
#include "paymentcontroller.h"
#include "printerservice.h"
#include "receiptscontroller.h"
#include "routeservice.h"
#include "shiftcontroller.h"
#include "testworklist.h"
#include "virtualprinter.h"

// The app's printing path, wired as main() wires it: the desk commits a payment, its receipt goes
// to a virtual printer on loopback, and each print the printer finishes is journaled with its
// count (the original 1, a reprint 2). A printer that vanishes mid-receipt is said in words.
class TestPrinterService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void paymentPrintsAndEachPrintIsJournaled();
    void printerVanishingMidReceipt();
    void withoutPrinterEachRequestSaysSoAndAVoidWithdrawsTheReceipt();
    void voidSlipAndZReportPrintsAreJournaled();
    void refusesBadPrinterSettings_data();
    void refusesBadPrinterSettings();
    void testPrintShowsWhatEachModelCanDo_data();
    void testPrintShowsWhatEachModelCanDo();

private:
    DeskService::Config config() const;
    void startDesk(DeskService &desk);
    [[nodiscard]] QList<ReceiptPrintedRecord> journaledPrints() const;
    [[nodiscard]] qint64 lastSeqOf(EntryKind kind) const;
    static void wireJournal(DeskService &desk, PrinterService &printer);
    static PrintQueue::Options fast();

    QTemporaryDir m_dir;
    QString m_data;
};

PrintQueue::Options TestPrinterService::fast()
{
    PrintQueue::Options o;
    o.transport.connectTimeoutMs = 3000;
    o.transport.writeTimeoutMs = 3000;
    o.timeouts.statusMs = 200;
    o.timeouts.confirmMs = 1000;
    return o;
}

void TestPrinterService::init()
{
    // One folder per test and data row: each row starts with an empty print queue.
    m_data = m_dir.filePath(QLatin1String(QTest::currentTestFunction()) + QLatin1Char('-') +
                            QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')));
    QVERIFY(QDir().mkpath(m_data));
    const QString worklist = m_dir.filePath(QStringLiteral("route.worklist"));
    QVERIFY(writeTestWorklist(worklist));
    RouteService route(QDir(m_data).filePath(QStringLiteral("route.sqlite")));
    QSignalSpy changed(&route, &RouteService::routeChanged);
    route.importWorklist(worklist);
    QVERIFY(changed.wait(10000));
}

DeskService::Config TestPrinterService::config() const
{
    DeskService::Config c;
    c.dataDir = m_data;
    c.demo = true;
    c.pinIterations = 1000;
    return c;
}

void TestPrinterService::startDesk(DeskService &desk)
{
    desk.open();
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy() && desk.isReady(), 20000);
    desk.login(QStringLiteral("C01"), QStringLiteral("1234"));
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), 10000);
    ShiftController shift;
    shift.setDesk(&desk);
    shift.openShift(QStringLiteral("100"));
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy() && desk.isShiftOpen(), 10000);
}

// As AppShell wires it: each print the printer finishes is journaled with what it printed.
void TestPrinterService::wireJournal(DeskService &desk, PrinterService &printer)
{
    connect(&printer, &PrinterService::journalRequested, &desk,
            [&desk](qint64 seq, int, const QString &, PrintedDocument document) { desk.recordPrint(document, seq); });
}

qint64 TestPrinterService::lastSeqOf(EntryKind kind) const
{
    qint64 seq = 0;
    const auto key = DeviceKey::loadOrCreate(QDir(m_data).filePath(QStringLiteral("device.key")));
    if (!key.ok())
        return seq;
    Journal journal(QDir(m_data).filePath(QStringLiteral("journal.sqlite")), QStringLiteral("D0001"), key.value());
    if (!journal.open().ok())
        return seq;
    journal.forEach(1, journal.lastSeq(), [&seq, kind](const JournalEntry &e) {
        if (e.kind == kind)
            seq = e.seq;
        return true;
    });
    return seq;
}

QList<ReceiptPrintedRecord> TestPrinterService::journaledPrints() const
{
    QList<ReceiptPrintedRecord> out;
    const auto key = DeviceKey::loadOrCreate(QDir(m_data).filePath(QStringLiteral("device.key")));
    if (!key.ok())
        return out;
    Journal journal(QDir(m_data).filePath(QStringLiteral("journal.sqlite")), QStringLiteral("D0001"), key.value());
    if (!journal.open().ok())
        return out;
    journal.forEach(1, journal.lastSeq(), [&out](const JournalEntry &e) {
        if (e.kind == EntryKind::ReceiptPrinted) {
            const auto r = recordFromCbor<ReceiptPrintedRecord>(e.body);
            if (r.ok())
                out.append(r.value());
        }
        return true;
    });
    return out;
}

void TestPrinterService::paymentPrintsAndEachPrintIsJournaled()
{
    VirtualPrinter device{VirtualPrinter::Link::Tcp};
    QVERIFY(device.start());
    DeskService desk(config());
    PrinterService printer(QDir(m_data).filePath(QStringLiteral("printqueue.sqlite")), fast());
    connect(&desk, &DeskService::receiptReady, &printer, &PrinterService::print);
    wireJournal(desk, printer);
    printer.open();
    QCOMPARE(printer.configure(QStringLiteral("tcp"), QStringLiteral("127.0.0.1:%1").arg(device.port()),
                               QStringLiteral("generic-58")),
             QString());
    startDesk(desk);

    PaymentController payment;
    payment.setDesk(&desk);
    QSignalSpy paid(&payment, &PaymentController::paid);
    QSignalSpy journaled(&desk, &DeskService::receiptPrintJournaled);
    payment.takePayment(QStringLiteral("3100000001"), QStringLiteral("80"), int(PaymentMethod::Cash),
                        QStringLiteral("100"), QString());
    QVERIFY(paid.wait(10000));
    const QString number = paid.first().at(0).toString();
    const qint64 seq = paid.first().at(3).toLongLong();

    QTRY_COMPARE_WITH_TIMEOUT(journaled.count(), 1, 15000);
    QCOMPARE(journaled.first().at(0).toLongLong(), seq);
    QCOMPARE(journaled.first().at(1).toInt(), 1);
    QCOMPARE(printer.lastReceiptNumber(), number);
    QCOMPARE(printer.lastJobState(), QStringLiteral("printed"));

    printer.reprint(number);
    QTRY_COMPARE_WITH_TIMEOUT(journaled.count(), 2, 15000);
    QCOMPARE(journaled.at(1).at(1).toInt(), 2);
    QCOMPARE(journaledPrints(), (QList<ReceiptPrintedRecord>{{seq, 1}, {seq, 2}}));

    // What the printer got: the receipt with its number and customer, then the duplicate.
    const QStringList all = decodeEscPos(device.received()).texts();
    const QString text = all.join(QLatin1Char('\n'));
    QVERIFY2(text.contains(number), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("张*丰")), qPrintable(text)); // masked on paper
    QVERIFY2(text.contains(QStringLiteral("重打 DUPLICATE 第2次")), qPrintable(text));

    // The receipts screen sees the count.
    desk.listShiftPayments();
    QTRY_COMPARE_WITH_TIMEOUT(desk.shiftPayments()->rowCount(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(desk.shiftPayments()->rows().first().printCount, 2, 10000);
    QCOMPARE(printer.jobs()->rowCount(), 2);
}

void TestPrinterService::printerVanishingMidReceipt()
{
    VirtualPrinter device{VirtualPrinter::Link::Tcp};
    QVERIFY(device.start());
    device.cutAfterBytes = 200; // walks out of range part-way through the receipt
    DeskService desk(config());
    PrinterService printer(QDir(m_data).filePath(QStringLiteral("printqueue.sqlite")), fast());
    connect(&desk, &DeskService::receiptReady, &printer, &PrinterService::print);
    wireJournal(desk, printer);
    printer.open();
    QCOMPARE(printer.configure(QStringLiteral("tcp"), QStringLiteral("127.0.0.1:%1").arg(device.port()),
                               QStringLiteral("generic-58")),
             QString());
    startDesk(desk);
    PaymentController payment;
    payment.setDesk(&desk);
    QSignalSpy paid(&payment, &PaymentController::paid);
    QSignalSpy journaled(&desk, &DeskService::receiptPrintJournaled);
    payment.takePayment(QStringLiteral("3100000002"), QStringLiteral("30"), int(PaymentMethod::Cash), QString(),
                        QString());
    QVERIFY(paid.wait(10000)); // the money is taken and journaled whatever the printer does
    QTRY_VERIFY_WITH_TIMEOUT(
        printer.lastJobState() == QLatin1String("unknown") || printer.lastJobState() == QLatin1String("failed"), 20000);
    QVERIFY(!printer.lastJobText().isEmpty());
    QCOMPARE(journaled.count(), 0); // nothing printed for sure: nothing journaled as printed
    QVERIFY(journaledPrints().isEmpty());

    // Back in range: printing again finishes it, marked as continued, and journals one print.
    device.cutAfterBytes = -1;
    printer.retry(printer.lastJobId());
    QTRY_COMPARE_WITH_TIMEOUT(journaled.count(), 1, 20000);
    QCOMPARE(printer.lastJobState(), QStringLiteral("printed"));
    QCOMPARE(journaledPrints().size(), 1);
}

void TestPrinterService::withoutPrinterEachRequestSaysSoAndAVoidWithdrawsTheReceipt()
{
    VirtualPrinter device{VirtualPrinter::Link::Tcp};
    QVERIFY(device.start());
    DeskService desk(config());
    PrinterService printer(QDir(m_data).filePath(QStringLiteral("printqueue.sqlite")), fast());
    // Wired as the app wires it (AppShell).
    connect(&desk, &DeskService::receiptReady, &printer, &PrinterService::print);
    connect(&desk, &DeskService::paymentVoided, &printer, &PrinterService::withdraw);
    wireJournal(desk, printer);
    printer.open();
    startDesk(desk);
    QVERIFY(!printer.isConfigured());

    PaymentController payment;
    payment.setDesk(&desk);
    QSignalSpy paid(&payment, &PaymentController::paid);
    payment.takePayment(QStringLiteral("3100000001"), QStringLiteral("80"), int(PaymentMethod::Cash),
                        QStringLiteral("100"), QString());
    QVERIFY(paid.wait(10000));
    const QString number = paid.first().at(0).toString();
    const qint64 seq = paid.first().at(3).toLongLong();
    QTRY_COMPARE_WITH_TIMEOUT(printer.lastJobState(), QStringLiteral("queued"), 10000);

    // A reprint with no printer says so, at once.
    QSignalSpy notices(&printer, &PrinterService::notice);
    printer.reprint(number);
    QCOMPARE(notices.count(), 1);
    QVERIFY(notices.first().at(0).toString().contains(number));
    QCOMPARE(notices.first().at(1).toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(printer.jobs()->rowCount(), 2, 10000);

    // The payment is voided before any printer is there: its receipt and the copy never print.
    ReceiptsController receipts;
    receipts.setDesk(&desk);
    QSignalSpy voided(&receipts, &ReceiptsController::voided);
    receipts.voidPayment(seq, QStringLiteral("wrong account"), QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(voided.wait(10000));
    const auto states = [&printer] {
        QStringList out;
        for (int row = printer.jobs()->rowCount() - 1; row >= 0; --row)
            out << printer.jobs()->data(printer.jobs()->index(row), PrintJobListModel::StateRole).toString();
        return out;
    };
    QTRY_COMPARE_WITH_TIMEOUT(
        states(), (QStringList{QStringLiteral("withdrawn"), QStringLiteral("withdrawn"), QStringLiteral("queued")}),
        10000);
    PrintJob withdrawn;
    withdrawn.state = PrintJob::State::Withdrawn;
    QCOMPARE(printer.jobs()->data(printer.jobs()->index(1), PrintJobListModel::StateTextRole).toString(),
             PrintJobListModel::stateText(withdrawn));

    // The printer comes: only the void slip prints (the queue goes oldest first).
    QCOMPARE(printer.configure(QStringLiteral("tcp"), QStringLiteral("127.0.0.1:%1").arg(device.port()),
                               QStringLiteral("generic-58")),
             QString());
    QTRY_COMPARE_WITH_TIMEOUT(states().last(), QStringLiteral("printed"), 20000);
    QCOMPARE(states().first(), QStringLiteral("withdrawn"));
    const QString paper = decodeEscPos(device.received()).texts().join(QLatin1Char('\n'));
    QVERIFY2(!paper.contains(QStringLiteral("DUPLICATE")), qPrintable(paper));
    // Nothing of the payment printed; the void's slip did, and is journaled as such.
    QTRY_COMPARE_WITH_TIMEOUT(journaledPrints(),
                              (QList<ReceiptPrintedRecord>{{lastSeqOf(EntryKind::Void), 1, PrintedDocument::VoidSlip}}),
                              10000);

    // And it is not printed again later, with a reason.
    notices.clear();
    printer.reprint(number);
    QTRY_VERIFY_WITH_TIMEOUT(notices.count() == 2, 10000); // "printing a copy", then the refusal
    QCOMPARE(notices.last().at(1).toBool(), true);
    QCOMPARE(printer.jobs()->rowCount(), 3);
}

// Every print is journaled (issue 13): the void's slip against the void, the Z-report against
// the shift close, each with its count, beside the payment's receipt.
void TestPrinterService::voidSlipAndZReportPrintsAreJournaled()
{
    VirtualPrinter device{VirtualPrinter::Link::Tcp};
    QVERIFY(device.start());
    DeskService desk(config());
    PrinterService printer(QDir(m_data).filePath(QStringLiteral("printqueue.sqlite")), fast());
    connect(&desk, &DeskService::receiptReady, &printer, &PrinterService::print);
    connect(&desk, &DeskService::paymentVoided, &printer, &PrinterService::withdraw);
    wireJournal(desk, printer);
    printer.open();
    QCOMPARE(printer.configure(QStringLiteral("tcp"), QStringLiteral("127.0.0.1:%1").arg(device.port()),
                               QStringLiteral("generic-58")),
             QString());
    startDesk(desk);

    PaymentController payment;
    payment.setDesk(&desk);
    QSignalSpy paid(&payment, &PaymentController::paid);
    payment.takePayment(QStringLiteral("3100000001"), QStringLiteral("80"), int(PaymentMethod::Cash),
                        QStringLiteral("100"), QString());
    QVERIFY(paid.wait(10000));
    const qint64 paymentSeq = paid.first().at(3).toLongLong();
    QTRY_COMPARE_WITH_TIMEOUT(journaledPrints().size(), 1, 15000);

    ReceiptsController receipts;
    receipts.setDesk(&desk);
    QSignalSpy voided(&receipts, &ReceiptsController::voided);
    receipts.voidPayment(paymentSeq, QStringLiteral("wrong account"), QStringLiteral("S01"), QStringLiteral("9999"));
    QVERIFY(voided.wait(10000));
    const qint64 voidSeq = lastSeqOf(EntryKind::Void);
    QVERIFY(voidSeq > paymentSeq);
    QTRY_COMPARE_WITH_TIMEOUT(journaledPrints().size(), 2, 15000);

    // Float 100, the payment voided: ¥100 counted is ¥100 expected.
    const QVariantMap pieces{{QStringLiteral("10000"), QStringLiteral("1")}};
    ShiftController shift;
    shift.setDesk(&desk);
    QSignalSpy counted(&shift, &ShiftController::cashCounted);
    shift.countCash(pieces);
    QVERIFY(counted.wait(10000));
    QSignalSpy closed(&shift, &ShiftController::closed);
    shift.closeShift(pieces, QString(), QString());
    QVERIFY(closed.wait(10000));
    const QString zNumber = closed.first().at(0).toString();
    const qint64 closeSeq = lastSeqOf(EntryKind::ShiftClosed);
    QVERIFY(closeSeq > voidSeq);
    QTRY_COMPARE_WITH_TIMEOUT(journaledPrints().size(), 3, 15000);

    // A copy of the Z-report is its second print.
    printer.reprint(zNumber);
    QTRY_COMPARE_WITH_TIMEOUT(journaledPrints().size(), 4, 15000);
    QCOMPARE(journaledPrints(), (QList<ReceiptPrintedRecord>{{paymentSeq, 1, PrintedDocument::Receipt},
                                                             {voidSeq, 1, PrintedDocument::VoidSlip},
                                                             {closeSeq, 1, PrintedDocument::ZReport},
                                                             {closeSeq, 2, PrintedDocument::ZReport}}));
    const QString paper = decodeEscPos(device.received()).texts().join(QLatin1Char('\n'));
    QVERIFY2(paper.contains(zNumber), qPrintable(paper));
}

void TestPrinterService::refusesBadPrinterSettings_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("profile");
    QTest::newRow("empty") << "tcp"
                           << "" << QStringLiteral("generic-58");
    QTest::newRow("port zero") << "tcp"
                               << "10.0.0.5:0" << QStringLiteral("generic-58");
    QTest::newRow("port too big") << "tcp"
                                  << "10.0.0.5:70000" << QStringLiteral("generic-58");
    QTest::newRow("port letters") << "tcp"
                                  << "10.0.0.5:abc" << QStringLiteral("generic-58");
    QTest::newRow("spaces") << "tcp"
                            << "my printer" << QStringLiteral("generic-58");
    QTest::newRow("bad mac") << "bluetooth"
                             << "00:11:22" << QStringLiteral("generic-58");
    QTest::newRow("control char") << "tcp"
                                  << "host\x1b@" << QStringLiteral("generic-58");
    QTest::newRow("relative tty") << "serial"
                                  << "rfcomm0" << QStringLiteral("generic-58");
    QTest::newRow("unknown kind") << "usb"
                                  << "/dev/usb/lp0" << QStringLiteral("generic-58");
    QTest::newRow("unknown model") << "tcp"
                                   << "10.0.0.5" << QStringLiteral("generic-57");
    QTest::newRow("no model") << "tcp"
                              << "10.0.0.5" << QString();
    QTest::newRow("model in capitals") << "tcp"
                                       << "10.0.0.5" << QStringLiteral("GENERIC-58");
    QTest::newRow("huge") << "tcp" << QString(300, QLatin1Char('a')) << QStringLiteral("generic-58");
}

void TestPrinterService::refusesBadPrinterSettings()
{
    QFETCH(QString, kind);
    QFETCH(QString, address);
    QFETCH(QString, profile);
    PrinterService printer(QDir(m_data).filePath(QStringLiteral("printqueue.sqlite")));
    printer.open();
    QSignalSpy changed(&printer, &PrinterService::configurationChanged);
    const QString problem = printer.configure(kind, address, profile);
    QVERIFY(!problem.isEmpty());
    QVERIFY(!printer.isConfigured());
    QCOMPARE(changed.count(), 0);
    // And good ones are taken.
    QCOMPARE(printer.configure(QStringLiteral("tcp"), QStringLiteral("10.0.0.5:9101"), QStringLiteral("latin-80")),
             QString());
    QCOMPARE(printer.paperWidthMm(), 80);
    QCOMPARE(printer.profileId(), QStringLiteral("latin-80"));
    QCOMPARE(
        printer.configure(QStringLiteral("bluetooth"), QStringLiteral("00:11:22:aa:bb:cc"), QStringLiteral("58-no-qr")),
        QString());
    QCOMPARE(printer.paperWidthMm(), 58);
    QCOMPARE(printer.printerKind(), QStringLiteral("bluetooth"));
}

void TestPrinterService::testPrintShowsWhatEachModelCanDo_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<bool>("nativeQr");
    QTest::addColumn<bool>("chinese");
    QTest::addColumn<bool>("cut");
    QTest::newRow("generic-58") << QStringLiteral("generic-58") << true << true << false;
    QTest::newRow("58-no-qr") << QStringLiteral("58-no-qr") << false << true << false;
    QTest::newRow("generic-80") << QStringLiteral("generic-80") << true << true << true;
    QTest::newRow("latin-80") << QStringLiteral("latin-80") << true << false << true;
}

// Every model the picker offers can be chosen, and its test print names it and carries Chinese
// and a QR the way that model takes them: a native QR or a picture, Chinese mode or "?".
void TestPrinterService::testPrintShowsWhatEachModelCanDo()
{
    QFETCH(QString, profile);
    QFETCH(bool, nativeQr);
    QFETCH(bool, chinese);
    QFETCH(bool, cut);
    PrinterService printer(QDir(m_data).filePath(QStringLiteral("printqueue.sqlite")), fast());
    printer.open();
    QStringList offered;
    for (const QVariant &v : PrinterService::profiles()) {
        offered << v.toMap().value(QStringLiteral("id")).toString();
        QVERIFY(!v.toMap().value(QStringLiteral("name")).toString().isEmpty());
        QVERIFY(!v.toMap().value(QStringLiteral("detail")).toString().isEmpty());
    }
    QVERIFY(offered.contains(profile));
    VirtualPrinter device{VirtualPrinter::Link::Tcp};
    QVERIFY(device.start());
    QCOMPARE(printer.configure(QStringLiteral("tcp"), QStringLiteral("127.0.0.1:%1").arg(device.port()), profile),
             QString());
    printer.testPrint();
    QTRY_VERIFY2_WITH_TIMEOUT(printer.lastJobState() == QLatin1String("printed"),
                              qPrintable(printer.lastJobState() + QLatin1Char(' ') + printer.lastError() +
                                         QLatin1Char(' ') + printer.statusText()),
                              15000);
    const DecodedJob job = decodeEscPos(device.received());
    const QString text = job.texts().join(QLatin1Char('\n'));
    QVERIFY2(text.contains(profile), qPrintable(text)); // the slip names the model
    QCOMPARE(job.qrPayloads.size(), nativeQr ? 1 : 0);
    QCOMPARE(job.rasters.isEmpty(), nativeQr);    // no QR command: the QR goes as a picture
    QString joined = job.texts().join(QString()); // the address line may wrap anywhere in the CJK
    joined.remove(QLatin1Char(' '));
    QVERIFY2(joined.contains(QStringLiteral("国网供电")) == chinese, qPrintable(text));
    QCOMPARE(job.count(QStringLiteral("FS &")) > 0, chinese);
    QCOMPARE(job.count(QStringLiteral("GS V 1")) > 0, cut); // the cutter, where the model has one
    QVERIFY(job.unknownControls.isEmpty());
}

QTEST_MAIN(TestPrinterService)
#include "tst_printerservice.moc"
