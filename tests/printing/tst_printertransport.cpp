#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "printertransport.h"
#include "virtualprinter.h"

namespace {

QByteArray payload(qsizetype n)
{
    QByteArray b;
    b.reserve(n);
    for (qsizetype i = 0; i < n; ++i)
        b.append(char('A' + i % 26));
    return b;
}

PrinterTransport::Options quick()
{
    PrinterTransport::Options o;
    o.chunkSize = 512;
    o.connectTimeoutMs = 3000;
    o.writeTimeoutMs = 3000;
    return o;
}

std::unique_ptr<PrinterTransport> transportFor(VirtualPrinter &printer, VirtualPrinter::Link link,
                                               PrinterTransport::Options o = quick())
{
    if (link == VirtualPrinter::Link::Tcp)
        return std::make_unique<TcpPrinterTransport>(QStringLiteral("127.0.0.1"), printer.port(), o);
    return std::make_unique<SerialPrinterTransport>(printer.ptyPath(), 115200, o);
}

} // namespace

class TestPrinterTransport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesEverythingInChunks_data()
    {
        QTest::addColumn<int>("link");
        QTest::addColumn<int>("bytesPerSecond");
        QTest::newRow("tcp") << int(VirtualPrinter::Link::Tcp) << 0;
        QTest::newRow("pty") << int(VirtualPrinter::Link::Pty) << 0;
        QTest::newRow("tcp slow link") << int(VirtualPrinter::Link::Tcp) << 40000;
        QTest::newRow("pty slow link") << int(VirtualPrinter::Link::Pty) << 40000;
    }
    void writesEverythingInChunks()
    {
        QFETCH(int, link);
        QFETCH(int, bytesPerSecond);
        VirtualPrinter printer{VirtualPrinter::Link(link)};
        printer.bytesPerSecond = bytesPerSecond;
        QVERIFY(printer.start());
        auto t = transportFor(printer, VirtualPrinter::Link(link));
        QSignalSpy opened(t.get(), &PrinterTransport::opened);
        QSignalSpy written(t.get(), &PrinterTransport::allWritten);
        QSignalSpy progress(t.get(), &PrinterTransport::progress);
        QSignalSpy failed(t.get(), &PrinterTransport::failed);
        t->open();
        QTRY_COMPARE(opened.size(), 1);
        const QByteArray data = payload(12000);
        t->write(data.left(5000));
        t->write(data.mid(5000));
        QTRY_COMPARE_WITH_TIMEOUT(written.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(printer.received().size(), data.size(), 10000);
        QCOMPARE(printer.received(), data);
        QVERIFY(failed.isEmpty());
        QVERIFY(t->largestChunk() <= 512);
        QVERIFY(progress.size() >= data.size() / 512); // one chunk at a time, each acknowledged
        QCOMPARE(t->bytesSent(), data.size());
        QCOMPARE(t->pendingBytes(), 0);
    }

    void repliesArrive_data()
    {
        QTest::addColumn<int>("link");
        QTest::newRow("tcp") << int(VirtualPrinter::Link::Tcp);
        QTest::newRow("pty") << int(VirtualPrinter::Link::Pty);
    }
    void repliesArrive()
    {
        QFETCH(int, link);
        VirtualPrinter printer{VirtualPrinter::Link(link)};
        printer.state.coverOpen = true;
        QVERIFY(printer.start());
        auto t = transportFor(printer, VirtualPrinter::Link(link));
        QSignalSpy data(t.get(), &PrinterTransport::dataReceived);
        t->open();
        t->write(QByteArray("\x10\x04\x02", 3));
        QTRY_COMPARE(data.size(), 1);
        QCOMPARE(data.first().first().toByteArray(), QByteArray(1, char(0x16)));
    }

    void linkCutMidWrite_data()
    {
        QTest::addColumn<int>("link");
        QTest::newRow("tcp") << int(VirtualPrinter::Link::Tcp);
        QTest::newRow("pty") << int(VirtualPrinter::Link::Pty);
    }
    void linkCutMidWrite()
    {
        QFETCH(int, link);
        VirtualPrinter printer{VirtualPrinter::Link(link)};
        QVERIFY(printer.start());
        auto t = transportFor(printer, VirtualPrinter::Link(link));
        QSignalSpy failed(t.get(), &PrinterTransport::failed);
        QSignalSpy written(t.get(), &PrinterTransport::allWritten);
        t->open();
        QTRY_COMPARE(t->state(), PrinterTransport::State::Open);
        printer.cutAfterBytes = 1000;
        // Keep writing after the cut until the link notices (a kernel buffer hides the first bytes).
        for (int i = 0; i < 200 && failed.isEmpty(); ++i) {
            t->write(payload(4096));
            QTest::qWait(10);
        }
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        const Error e = failed.first().first().value<Error>();
        QVERIFY2(e.code.startsWith(QStringLiteral("printing.link.")), qPrintable(e.code));
        QVERIFY(!e.message.isEmpty());
        QCOMPARE(t->state(), PrinterTransport::State::Closed);
        QCOMPARE(printer.received().size(), 1000);
        QCOMPARE(printer.cuts(), 1);
    }

    void stalledLinkTimesOut()
    {
        VirtualPrinter printer{VirtualPrinter::Link::Pty};
        printer.bytesPerSecond = 20; // next to nothing: the tty buffer fills and stays full
        QVERIFY(printer.start());
        PrinterTransport::Options o = quick();
        o.writeTimeoutMs = 400;
        auto t = transportFor(printer, VirtualPrinter::Link::Pty, o);
        QSignalSpy failed(t.get(), &PrinterTransport::failed);
        t->open();
        QTRY_COMPARE(t->state(), PrinterTransport::State::Open);
        t->write(payload(1 << 20));
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
        QCOMPARE(failed.first().first().value<Error>().code, QStringLiteral("printing.link.stalled"));
    }

    void connectionRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close(); // nobody listens there now
        TcpPrinterTransport t(QStringLiteral("127.0.0.1"), port, quick());
        QSignalSpy failed(&t, &PrinterTransport::failed);
        QSignalSpy opened(&t, &PrinterTransport::opened);
        t.open();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.first().first().value<Error>().code, QStringLiteral("printing.link.connect"));
        QVERIFY(opened.isEmpty());
    }

    void missingTty()
    {
        SerialPrinterTransport t(QStringLiteral("/dev/does-not-exist-rfcomm9"), 9600, quick());
        QSignalSpy failed(&t, &PrinterTransport::failed);
        t.open();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.first().first().value<Error>().code, QStringLiteral("printing.link.connect"));
    }

    void fileTransport()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("capture.bin"));
        FilePrinterTransport t(path, quick());
        QVERIFY(!t.canRead());
        QSignalSpy written(&t, &PrinterTransport::allWritten);
        t.open();
        const QByteArray data = payload(3000);
        t.write(data);
        QTRY_COMPARE(written.size(), 1);
        t.close();
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), data);
        QVERIFY(t.largestChunk() <= 512);

        FilePrinterTransport bad(dir.filePath(QStringLiteral("no/such/dir/x")), quick());
        QSignalSpy failed(&bad, &PrinterTransport::failed);
        bad.open();
        QTRY_COMPARE(failed.size(), 1);
    }

    void bluetoothFailsCleanlyWithoutAPrinter()
    {
        // No adapter or printer here: the transport must report, not hang, whatever the stack says.
        PrinterTransport::Options o = quick();
        o.connectTimeoutMs = 2000;
        BluetoothPrinterTransport nothing(QBluetoothAddress(), o);
        QSignalSpy failedNull(&nothing, &PrinterTransport::failed);
        nothing.open();
        QTRY_COMPARE(failedNull.size(), 1);
        QCOMPARE(failedNull.first().first().value<Error>().code, QStringLiteral("printing.link.connect"));

        auto bt = PrinterTransport::create(
            PrinterConnection{PrinterConnection::Kind::Bluetooth, QStringLiteral("00:11:22:33:44:55"), 0, 0}, o);
        QCOMPARE(bt->description(), QStringLiteral("00:11:22:33:44:55"));
        QSignalSpy failed(bt.get(), &PrinterTransport::failed);
        bt->open();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
        QVERIFY(failed.first().first().value<Error>().code.startsWith(QStringLiteral("printing.link.")));
        QCOMPARE(bt->state(), PrinterTransport::State::Closed);
    }

    void discoveryEnds()
    {
        BluetoothPrinterDiscovery discovery;
        QSignalSpy finished(&discovery, &BluetoothPrinterDiscovery::finished);
        QSignalSpy failed(&discovery, &BluetoothPrinterDiscovery::failed);
        discovery.start(1000);
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() + failed.size() >= 1, 5000);
        if (!failed.isEmpty())
            QCOMPARE(failed.first().first().value<Error>().code, QStringLiteral("printing.bluetooth.discovery"));
    }
};

QTEST_GUILESS_MAIN(TestPrinterTransport)
#include "tst_printertransport.moc"
