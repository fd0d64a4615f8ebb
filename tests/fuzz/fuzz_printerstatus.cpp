// The printer's status replies (printing/printerstatus, read by printing/printersession): bytes
// a Bluetooth printer, or anything pretending to be one, sends back to DLE EOT 1/2/4 and GS r 1.
// A print job (or a status probe) runs against a printer that answers with the fuzzer's bytes,
// chunk by chunk, with silences (the status timeouts firing) between them. Whatever it says:
// the job ends exactly once (a probe with a status or a failure), the receipt goes out only after
// a status that allows printing, and a confirmed print never reports paper out.

#include <QIODevice>

#include <cstring>

#include "fuzzsupport.h"
#include "printersession.h"
#include "printerstatus.h"

namespace {

/** The printer end of the link: takes every byte, answers what the test puts in its inbox. */
class Pipe : public QIODevice
{
public:
    QByteArray inbox;
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return inbox.size() + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *data, qint64 max) override
    {
        const qint64 n = qMin<qint64>(max, inbox.size());
        std::memcpy(data, inbox.constData(), size_t(n));
        inbox.remove(0, qsizetype(n));
        return n;
    }
    qint64 writeData(const char *, qint64 len) override { return len; }
};

class FuzzTransport : public PrinterTransport
{
public:
    FuzzTransport()
        : PrinterTransport(Options{}, nullptr)
    {
    }
    void reply(const QByteArray &bytes)
    {
        m_pipe.inbox += bytes;
        deviceReadyRead();
    }
    QString description() const override { return QStringLiteral("fuzz printer"); }

protected:
    void connectDevice() override
    {
        m_pipe.open(QIODevice::ReadWrite | QIODevice::Unbuffered);
        deviceOpened();
    }
    void disconnectDevice() override { m_pipe.close(); }
    QIODevice *device() const override { return &m_pipe; }
    bool writesSynchronously() const override { return true; }

private:
    mutable Pipe m_pipe;
};

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    Fuzz::application();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    Fuzz::Input input(data, size);

    // The decoder alone, on the first bytes.
    const QByteArray first = Fuzz::bytes(data, size < 4 ? size : 4).leftJustified(4, '\x12');
    PrinterStatus decoded = PrinterStatus::fromReplies(first[0], first[1], first[2]);
    decoded.applyPaperSensor(first[3]);
    FUZZ_CHECK(decoded.answered && !decoded.words().isEmpty() && !decoded.text().isEmpty());
    FUZZ_CHECK(!decoded.canPrint() || !(decoded.offline || decoded.coverOpen || decoded.paperOut || decoded.error));

    const std::uint8_t flags = input.byte();
    const bool job = flags & 1;
    const QList<PrinterProfile> profiles = PrinterProfile::builtIn();
    auto transport = std::make_unique<FuzzTransport>();
    FuzzTransport *printer = transport.get();
    PrinterSession session(std::move(transport), profiles.at((flags >> 1) % profiles.size()),
                           PrinterSession::Timeouts{0, 0});
    session.setNeedsClear(flags & 0x10);

    int finished = 0;
    PrinterSession::Outcome outcome = PrinterSession::Outcome::NotPrinted;
    PrinterStatus finalStatus;
    std::optional<PrinterStatus> lastStatus;
    int statuses = 0;
    int probeFailures = 0;
    bool sent = false;
    QObject::connect(&session, &PrinterSession::statusReady, [&](const PrinterStatus &s) {
        lastStatus = s;
        ++statuses;
        FUZZ_CHECK(!s.words().isEmpty());
    });
    QObject::connect(&session, &PrinterSession::probeFailed, [&](const Error &error) {
        FUZZ_CHECK(!error.message.isEmpty());
        ++probeFailures;
    });
    QObject::connect(&session, &PrinterSession::sending, [&] {
        FUZZ_CHECK(!sent && lastStatus.has_value() && lastStatus->canPrint());
        sent = true;
    });
    QObject::connect(&session, &PrinterSession::finished,
                     [&](PrinterSession::Outcome o, const PrinterStatus &s, const Error &error) {
                         ++finished;
                         outcome = o;
                         finalStatus = s;
                         FUZZ_CHECK(o == PrinterSession::Outcome::Printed || !error.message.isEmpty());
                     });

    if (job)
        session.run([] { return Result<QByteArray>(QByteArray("\x1b@receipt\n", 10)); });
    else
        session.probeStatus();

    // Chunks of replies; a byte with the top bit set is a silence (the pending timeout fires).
    while (!input.empty()) {
        const std::uint8_t op = input.byte();
        if (op & 0x80)
            QCoreApplication::processEvents();
        else
            printer->reply(input.take(op & 0x0f));
    }
    // Then the printer falls silent for good: every phase times out and the session ends.
    for (int i = 0; i < 8 && session.busy(); ++i)
        QCoreApplication::processEvents();
    FUZZ_CHECK(!session.busy());
    if (job) {
        FUZZ_CHECK(finished == 1);
        if (outcome == PrinterSession::Outcome::Printed)
            FUZZ_CHECK(sent && !(finalStatus.answered && finalStatus.paperOut));
        if (!sent)
            FUZZ_CHECK(outcome == PrinterSession::Outcome::NotPrinted);
    } else {
        // A probe ends with a status or a failure, once; never with a job's result.
        FUZZ_CHECK(finished == 0 && statuses + probeFailures == 1);
    }
    return 0;
}
