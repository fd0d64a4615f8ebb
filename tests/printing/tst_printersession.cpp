#include <QSignalSpy>
#include <QTest>

#include "escpos.h"
#include "escposdecoder.h"
#include "printersession.h"
#include "receiptlayout.h"
#include "testreceipts.h"
#include "virtualprinter.h"

namespace {

PrinterSession::Timeouts fast()
{
    PrinterSession::Timeouts t;
    t.statusMs = 200;
    t.confirmMs = 1000;
    return t;
}

std::unique_ptr<PrinterSession> sessionFor(VirtualPrinter &printer, VirtualPrinter::Link link,
                                           const PrinterProfile &profile = PrinterProfile::generic58())
{
    PrinterTransport::Options o;
    o.connectTimeoutMs = 3000;
    o.writeTimeoutMs = 3000;
    std::unique_ptr<PrinterTransport> t;
    if (link == VirtualPrinter::Link::Tcp)
        t = std::make_unique<TcpPrinterTransport>(QStringLiteral("127.0.0.1"), printer.port(), o);
    else
        t = std::make_unique<SerialPrinterTransport>(printer.ptyPath(), 115200, o);
    return std::make_unique<PrinterSession>(std::move(t), profile, fast());
}

QByteArray receiptBytes()
{
    const PrinterProfile p = PrinterProfile::generic58();
    return EscPosEncoder(p)
        .encode(ReceiptLayout::layout(TestReceipts::standard(), ReceiptTemplate(), p).value())
        .value();
}

struct Finished
{
    PrinterSession::Outcome outcome;
    PrinterStatus status;
    Error error;
};

Finished finishedOf(const QSignalSpy &spy, qsizetype index = 0)
{
    const QList<QVariant> args = spy.at(index);
    return Finished{args.at(0).value<PrinterSession::Outcome>(), args.at(1).value<PrinterStatus>(),
                    args.at(2).value<Error>()};
}

} // namespace

class TestPrinterSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<PrinterStatus>();
        qRegisterMetaType<PrinterSession::Outcome>();
        qRegisterMetaType<Error>();
    }

    void statusWords_data()
    {
        QTest::addColumn<int>("link");
        QTest::addColumn<QString>("condition");
        QTest::addColumn<QString>("words");
        for (int link : {int(VirtualPrinter::Link::Tcp), int(VirtualPrinter::Link::Pty)}) {
            const char *l = link == 0 ? "tcp" : "pty";
            QTest::addRow("%s ready", l) << link << QStringLiteral("ready") << QStringLiteral("Ready");
            QTest::addRow("%s paper out", l) << link << QStringLiteral("paperOut") << QStringLiteral("Paper out");
            QTest::addRow("%s paper low", l)
                << link << QStringLiteral("nearEnd") << QStringLiteral("Paper running low");
            QTest::addRow("%s cover open", l) << link << QStringLiteral("coverOpen") << QStringLiteral("Cover open");
            QTest::addRow("%s offline", l) << link << QStringLiteral("offline") << QStringLiteral("Offline");
            QTest::addRow("%s silent", l) << link << QStringLiteral("silent") << QStringLiteral("No status support");
        }
    }
    void statusWords()
    {
        QFETCH(int, link);
        QFETCH(QString, condition);
        QFETCH(QString, words);
        VirtualPrinter printer{VirtualPrinter::Link(link)};
        printer.state.paperOut = condition == QLatin1String("paperOut");
        printer.state.paperNearEnd = condition == QLatin1String("nearEnd");
        printer.state.coverOpen = condition == QLatin1String("coverOpen");
        printer.state.offline = condition == QLatin1String("offline");
        printer.state.answersStatus = condition != QLatin1String("silent");
        QVERIFY(printer.start());
        auto session = sessionFor(printer, VirtualPrinter::Link(link));
        QSignalSpy status(session.get(), &PrinterSession::statusReady);
        session->probeStatus();
        QTRY_COMPARE(status.size(), 1);
        const PrinterStatus s = status.first().first().value<PrinterStatus>();
        QCOMPARE(s.text(), words);
        QCOMPARE(s.answered, condition != QLatin1String("silent"));
        // Silence is not offline: a printer without status support may still print.
        QCOMPARE(s.canPrint(), condition == QLatin1String("ready") || condition == QLatin1String("nearEnd") ||
                                   condition == QLatin1String("silent"));
        QVERIFY(!session->busy());
    }

    void printsAndConfirmsWithGsR()
    {
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        QVERIFY(printer.start());
        auto session = sessionFor(printer, VirtualPrinter::Link::Tcp);
        QSignalSpy finished(session.get(), &PrinterSession::finished);
        int renders = 0;
        session->run([&] {
            ++renders;
            return Result<QByteArray>(receiptBytes());
        });
        QTRY_COMPARE(finished.size(), 1);
        const Finished f = finishedOf(finished);
        QCOMPARE(f.outcome, PrinterSession::Outcome::Printed);
        QCOMPARE(renders, 1);
        const DecodedJob job = decodeEscPos(printer.received());
        QCOMPARE(job.commands.mid(0, 3),
                 QStringList({QStringLiteral("DLE EOT 1"), QStringLiteral("DLE EOT 2"), QStringLiteral("DLE EOT 4")}));
        QCOMPARE(job.commands.last(), QStringLiteral("GS r 1")); // the job ends asking "printed?"
        QVERIFY(printer.received().endsWith(QByteArray(receiptBytes() + EscPos::paperStatusQuery())));
    }

    void silentPrinterStillPrints()
    {
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        printer.state.answersStatus = false;
        QVERIFY(printer.start());
        auto session = sessionFor(printer, VirtualPrinter::Link::Tcp);
        QSignalSpy finished(session.get(), &PrinterSession::finished);
        session->run([] { return Result<QByteArray>(receiptBytes()); });
        QTRY_COMPARE(finished.size(), 1);
        const Finished f = finishedOf(finished);
        QCOMPARE(f.outcome, PrinterSession::Outcome::Printed);
        QVERIFY(!f.status.answered);
        const DecodedJob job = decodeEscPos(printer.received());
        QCOMPARE(job.count(QStringLiteral("DLE EOT 1")), 1); // probed once, then not again
        QCOMPARE(job.count(QStringLiteral("GS r 1")), 0);    // no confirmation asked of a silent printer
        QVERIFY(printer.received().endsWith(receiptBytes()));
        // The second job on the same link does not wait for silence again.
        printer.clearReceived();
        session->run([] { return Result<QByteArray>(receiptBytes()); });
        QTRY_COMPARE(finished.size(), 2);
        QCOMPARE(printer.received(), receiptBytes());
    }

    void printerThatStopsAnsweringIsNotPrintedToBlind()
    {
        // A printer that answered on this link, then falls silent (out of range, a loaded
        // terminal): it is not taken for one without status support. The receipt is not sent,
        // and the words say so; nothing is printed that could not be confirmed.
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        QVERIFY(printer.start());
        auto session = sessionFor(printer, VirtualPrinter::Link::Tcp);
        QSignalSpy finished(session.get(), &PrinterSession::finished);
        session->run([] { return Result<QByteArray>(receiptBytes()); });
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finishedOf(finished).outcome, PrinterSession::Outcome::Printed);

        printer.state.answersStatus = false;
        printer.clearReceived();
        session->run([] { return Result<QByteArray>(receiptBytes()); });
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);
        const Finished f = finishedOf(finished, 1);
        QCOMPARE(f.outcome, PrinterSession::Outcome::NotPrinted);
        QCOMPARE(f.error.code, QStringLiteral("printing.printer.silent"));
        const DecodedJob job = decodeEscPos(printer.received());
        QCOMPARE(job.count(QStringLiteral("DLE EOT 1")), 3); // asked again before giving up
        QVERIFY(!printer.received().contains(receiptBytes().left(64).mid(8)));
        QVERIFY(!session->busy());

        // An answer on a later try is enough: the receipt then goes, confirmed.
        printer.clearReceived();
        printer.state.answersStatus = true;
        session->run([] { return Result<QByteArray>(receiptBytes()); });
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 5000);
        QCOMPARE(finishedOf(finished, 2).outcome, PrinterSession::Outcome::Printed);
        QCOMPARE(decodeEscPos(printer.received()).commands.last(), QStringLiteral("GS r 1"));
    }

    void refusesToStart_data()
    {
        QTest::addColumn<QString>("condition");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("paper out") << QStringLiteral("paperOut") << QStringLiteral("printing.printer.not-ready")
                                   << QStringLiteral("Paper out");
        QTest::newRow("cover open") << QStringLiteral("coverOpen") << QStringLiteral("printing.printer.not-ready")
                                    << QStringLiteral("Cover open");
        QTest::newRow("offline") << QStringLiteral("offline") << QStringLiteral("printing.printer.not-ready")
                                 << QStringLiteral("Offline");
        QTest::newRow("nonsense answer") << QStringLiteral("garbage") << QStringLiteral("printing.printer.bad-reply")
                                         << QStringLiteral("0xff");
    }
    void refusesToStart()
    {
        QFETCH(QString, condition);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        printer.state.paperOut = condition == QLatin1String("paperOut");
        printer.state.coverOpen = condition == QLatin1String("coverOpen");
        printer.state.offline = condition == QLatin1String("offline");
        printer.state.garbageReplies = condition == QLatin1String("garbage");
        QVERIFY(printer.start());
        auto session = sessionFor(printer, VirtualPrinter::Link::Tcp);
        QSignalSpy finished(session.get(), &PrinterSession::finished);
        QSignalSpy sending(session.get(), &PrinterSession::sending);
        bool rendered = false;
        session->run([&] {
            rendered = true;
            return Result<QByteArray>(receiptBytes());
        });
        QTRY_COMPARE(finished.size(), 1);
        const Finished f = finishedOf(finished);
        QCOMPARE(f.outcome, PrinterSession::Outcome::NotPrinted);
        QCOMPARE(f.error.code, code);
        QVERIFY2(f.error.message.contains(mentions), qPrintable(f.error.message));
        QVERIFY(!rendered); // the print count is never reserved for a print that cannot start
        QVERIFY(sending.isEmpty());
        QTest::qWait(50);
        const DecodedJob job = decodeEscPos(printer.received());
        QCOMPARE(job.count(QStringLiteral("ESC @")), 0); // no receipt byte went out
    }

    void probeWithNonsenseReplyFails()
    {
        // Found by fuzz_printerstatus: a probe answered with garbage ended as a job result that no
        // one waited for, and neither a status nor a failure came out.
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        printer.state.garbageReplies = true;
        QVERIFY(printer.start());
        auto session = sessionFor(printer, VirtualPrinter::Link::Tcp);
        QSignalSpy finished(session.get(), &PrinterSession::finished);
        QSignalSpy status(session.get(), &PrinterSession::statusReady);
        QSignalSpy failed(session.get(), &PrinterSession::probeFailed);
        session->probeStatus();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).value<Error>().code, QStringLiteral("printing.printer.bad-reply"));
        QVERIFY(!session->busy());
        QTest::qWait(50);
        QVERIFY(finished.isEmpty());
        QVERIFY(status.isEmpty());
    }

    void renderErrorIsNotPrinted()
    {
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        QVERIFY(printer.start());
        auto session = sessionFor(printer, VirtualPrinter::Link::Tcp);
        QSignalSpy finished(session.get(), &PrinterSession::finished);
        session->run([] { return Result<QByteArray>(Error{QStringLiteral("x.y"), QStringLiteral("bad")}); });
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finishedOf(finished).outcome, PrinterSession::Outcome::NotPrinted);
        QCOMPARE(finishedOf(finished).error.code, QStringLiteral("x.y"));
    }

    void noConfirmationIsUnknown()
    {
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        printer.state.confirms = false;
        QVERIFY(printer.start());
        auto session = sessionFor(printer, VirtualPrinter::Link::Tcp);
        QSignalSpy finished(session.get(), &PrinterSession::finished);
        session->run([] { return Result<QByteArray>(receiptBytes()); });
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QCOMPARE(finishedOf(finished).outcome, PrinterSession::Outcome::Unknown);
        QCOMPARE(finishedOf(finished).error.code, QStringLiteral("printing.printer.no-confirmation"));
        QVERIFY(session->needsClear());
    }

    void paperRanOutDuringPrint()
    {
        VirtualPrinter printer{VirtualPrinter::Link::Tcp};
        QVERIFY(printer.start());
        auto session = sessionFor(printer, VirtualPrinter::Link::Tcp);
        QSignalSpy finished(session.get(), &PrinterSession::finished);
        connect(&printer, &VirtualPrinter::bytesArrived, this, [&printer](qint64 total) {
            if (total > 200)
                printer.state.paperOut = true; // runs out while printing; GS r 1 says so
        });
        session->run([] { return Result<QByteArray>(receiptBytes()); });
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QCOMPARE(finishedOf(finished).outcome, PrinterSession::Outcome::Unknown);
        QCOMPARE(finishedOf(finished).error.code, QStringLiteral("printing.printer.paper-out-during"));
        QVERIFY(finishedOf(finished).status.paperOut);
    }

    void linkCutThenClearedOnReconnect_data()
    {
        QTest::addColumn<int>("link");
        QTest::newRow("tcp") << int(VirtualPrinter::Link::Tcp);
        QTest::newRow("pty") << int(VirtualPrinter::Link::Pty);
    }
    void linkCutThenClearedOnReconnect()
    {
        QFETCH(int, link);
        VirtualPrinter printer{VirtualPrinter::Link(link)};
        printer.state.answersStatus = false; // keep the byte counts simple
        QVERIFY(printer.start());
        auto session = sessionFor(printer, VirtualPrinter::Link(link));
        QSignalSpy finished(session.get(), &PrinterSession::finished);
        printer.cutAfterBytes = 3 + 400;                    // the DLE EOT probe, then 400 receipt bytes
        const QByteArray big = receiptBytes().repeated(40); // more than any kernel buffer hides
        session->run([&] { return Result<QByteArray>(big); });
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finishedOf(finished).outcome, PrinterSession::Outcome::Unknown);
        QVERIFY(finishedOf(finished).error.code.startsWith(QStringLiteral("printing.link.")));
        QVERIFY(session->needsClear());
        QCOMPARE(printer.received().size(), 403);

        if (link == int(VirtualPrinter::Link::Pty))
            return; // a cut pty is gone for good; the TCP printer takes the reconnect
        printer.clearReceived();
        session->run([] { return Result<QByteArray>(receiptBytes()); });
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
        QCOMPARE(finishedOf(finished, 1).outcome, PrinterSession::Outcome::Printed);
        QCOMPARE(printer.connections(), 2);
        // NULs and ESC @ first, so a half-received command cannot swallow the new receipt.
        QVERIFY(printer.received().startsWith(EscPos::reconnectPreamble()));
        QVERIFY(printer.received().endsWith(receiptBytes()));
        QVERIFY(!session->needsClear());
    }
};

QTEST_GUILESS_MAIN(TestPrinterSession)
#include "tst_printersession.moc"
