#include "printersession.h"

#include <QCoreApplication>

#include "escpos.h"

namespace {

constexpr std::array<int, 3> probeQueries = {1, 2, 4};
/// First status queries asked in a row of a printer that answered before, before it counts as gone.
constexpr int MaxSilentProbes = 3;

Error printerError(const QString &code, const QString &message)
{
    return Error{QStringLiteral("printing.printer.") + code, message};
}

} // namespace

PrinterSession::PrinterSession(std::unique_ptr<PrinterTransport> transport, PrinterProfile profile, Timeouts timeouts,
                               QObject *parent)
    : QObject(parent)
    , m_transport(std::move(transport))
    , m_profile(std::move(profile))
    , m_timeouts(timeouts)
{
    m_transport->setParent(nullptr); // owned here through the unique_ptr
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &PrinterSession::onTimeout);
    connect(m_transport.get(), &PrinterTransport::opened, this, &PrinterSession::onOpened);
    connect(m_transport.get(), &PrinterTransport::failed, this, &PrinterSession::onFailed);
    connect(m_transport.get(), &PrinterTransport::dataReceived, this, &PrinterSession::onData);
    connect(m_transport.get(), &PrinterTransport::allWritten, this, &PrinterSession::onAllWritten);
}

PrinterSession::~PrinterSession()
{
    m_transport->disconnect(this);
    m_transport->close();
}

void PrinterSession::probeStatus()
{
    if (busy())
        return;
    m_forJob = false;
    m_render = nullptr;
    if (m_transport->state() == PrinterTransport::State::Open) {
        afterConnected();
    } else {
        m_phase = Phase::Connecting;
        m_transport->open();
    }
}

void PrinterSession::run(Render render)
{
    if (busy())
        return;
    m_forJob = true;
    m_render = std::move(render);
    m_status = PrinterStatus{};
    if (m_transport->state() == PrinterTransport::State::Open) {
        afterConnected();
    } else {
        m_phase = Phase::Connecting;
        m_transport->open();
    }
}

void PrinterSession::onOpened()
{
    m_statusSupport = StatusSupport::Untested; // a new link may be a different printer
    if (m_phase == Phase::Connecting)
        afterConnected();
}

void PrinterSession::afterConnected()
{
    if (m_needsClear) {
        // A job was cut mid-command: fill the pending command with NULs and reset. Not receipt
        // bytes, so nothing is counted; the flag stays until receipt bytes go out again.
        m_transport->write(EscPos::reconnectPreamble());
    }
    const bool canAnswer = m_profile.statusQueries && m_transport->canRead();
    if (!canAnswer || m_statusSupport == StatusSupport::No) {
        m_status = PrinterStatus{};
        statusKnown();
        return;
    }
    m_phase = Phase::Probing;
    m_probeStep = 0;
    m_silentProbes = 0;
    probeNext();
}

void PrinterSession::probeNext()
{
    m_transport->write(EscPos::statusQuery(probeQueries.at(std::size_t(m_probeStep))));
    m_timer.start(m_timeouts.statusMs);
}

void PrinterSession::onData(const QByteArray &bytes)
{
    for (char byte : bytes) {
        if (m_phase == Phase::Probing) {
            if (!PrinterStatus::isStatusReply(byte)) {
                m_timer.stop();
                const Error error = printerError(
                    QStringLiteral("bad-reply"),
                    QCoreApplication::translate("PrinterSession", "The printer gave an answer that makes no sense "
                                                                  "(0x%1). Check the printer model setting.")
                        .arg(QString::number(uchar(byte), 16)));
                failBeforeSending(error);
                return;
            }
            m_timer.stop();
            m_statusSupport = StatusSupport::Yes;
            m_replies.at(std::size_t(m_probeStep)) = byte;
            if (++m_probeStep < 3) {
                probeNext();
            } else {
                m_status = PrinterStatus::fromReplies(m_replies[0], m_replies[1], m_replies[2]);
                statusKnown();
                return;
            }
        } else if (m_phase == Phase::Confirming) {
            m_timer.stop();
            m_status.applyPaperSensor(byte);
            Q_EMIT statusReady(m_status);
            if (m_status.paperOut) {
                finish(Outcome::Unknown,
                       printerError(QStringLiteral("paper-out-during"),
                                    QCoreApplication::translate("PrinterSession",
                                                                "The paper ran out while the receipt printed.")));
            } else {
                finish(Outcome::Printed, Error{});
            }
            return;
        }
        // Anything else (automatic status blocks, noise) is not a reply we asked for.
    }
}

void PrinterSession::onTimeout()
{
    if (m_phase == Phase::Probing) {
        if (m_probeStep == 0 && m_statusSupport == StatusSupport::Yes) {
            // This link's printer answered before: silence now is trouble (out of range, switched
            // off, a slow link), not a printer without status. Ask again, then say so. A receipt
            // is never sent blind to a printer that stopped answering: nothing would tell whether
            // it printed (seen when a loaded terminal took a late answer for "no status support").
            if (++m_silentProbes < MaxSilentProbes) {
                probeNext();
                return;
            }
            const Error error = printerError(
                QStringLiteral("silent"),
                QCoreApplication::translate("PrinterSession", "The printer stopped answering. Check that it is on "
                                                              "and in range, then print again."));
            failBeforeSending(error);
            return;
        }
        if (m_probeStep == 0) {
            // Silence: this printer does not answer status queries. Not "offline".
            m_statusSupport = StatusSupport::No;
            m_status = PrinterStatus{};
        } else {
            // It answered the first query but not the rest: decode what it said.
            m_status =
                PrinterStatus::fromReplies(m_replies[0], m_probeStep > 1 ? m_replies[1] : char(0x12), char(0x12));
        }
        statusKnown();
    } else if (m_phase == Phase::Confirming) {
        finish(Outcome::Unknown,
               printerError(QStringLiteral("no-confirmation"),
                            QCoreApplication::translate(
                                "PrinterSession", "The printer took the receipt but did not confirm printing it.")));
    }
}

void PrinterSession::statusKnown()
{
    if (!m_forJob) {
        // Idle before saying so: whoever hears it may start a job at once.
        m_phase = Phase::Idle;
        Q_EMIT statusReady(m_status);
        return;
    }
    Q_EMIT statusReady(m_status);
    if (!m_status.canPrint()) {
        finish(Outcome::NotPrinted,
               printerError(
                   QStringLiteral("not-ready"),
                   QCoreApplication::translate("PrinterSession", "The printer cannot print: %1").arg(m_status.text())));
        return;
    }
    startSending();
}

void PrinterSession::startSending()
{
    Result<QByteArray> bytes = m_render ? m_render() : Result<QByteArray>(QByteArray());
    if (!bytes) {
        finish(Outcome::NotPrinted, bytes.error());
        return;
    }
    if (bytes->isEmpty()) {
        finish(Outcome::NotPrinted, printerError(QStringLiteral("empty"),
                                                 QCoreApplication::translate("PrinterSession", "Nothing to print.")));
        return;
    }
    m_phase = Phase::Sending;
    m_needsClear = false;
    Q_EMIT sending();
    QByteArray job = bytes.value();
    if (m_statusSupport == StatusSupport::Yes)
        job.append(EscPos::paperStatusQuery()); // answered only once everything before it is processed
    m_transport->write(job);
}

void PrinterSession::onAllWritten()
{
    if (m_phase != Phase::Sending)
        return;
    if (m_statusSupport == StatusSupport::Yes) {
        m_phase = Phase::Confirming;
        m_timer.start(m_timeouts.confirmMs);
        return;
    }
    finish(Outcome::Printed, Error{});
}

void PrinterSession::onFailed(const Error &error)
{
    m_timer.stop();
    switch (m_phase) {
    case Phase::Idle:
        return;
    case Phase::Connecting:
    case Phase::Probing:
        failBeforeSending(error);
        return;
    case Phase::Sending:
    case Phase::Confirming:
        m_needsClear = true;
        finish(Outcome::Unknown, error);
        return;
    }
}

void PrinterSession::failBeforeSending(const Error &error)
{
    m_timer.stop();
    if (!m_forJob) {
        // A status probe has no job to finish: it failed (found by fuzz_printerstatus).
        m_phase = Phase::Idle;
        Q_EMIT probeFailed(error);
        return;
    }
    finish(Outcome::NotPrinted, error);
}

void PrinterSession::finish(Outcome outcome, const Error &error)
{
    m_timer.stop();
    m_phase = Phase::Idle;
    m_render = nullptr;
    if (outcome == Outcome::Unknown && m_transport->state() != PrinterTransport::State::Closed) {
        // The printer may be mid-command; the next job reconnects and clears it first.
        m_needsClear = true;
        m_transport->close();
    }
    Q_EMIT finished(outcome, m_status, error);
}
