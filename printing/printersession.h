#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <array>
#include <functional>
#include <memory>

#include "printerprofile.h"
#include "printerstatus.h"
#include "printertransport.h"
#include "result.h"

/**
 * Runs print jobs over one transport, the protocol part of ARCHITECTURE.md's lessons: connect;
 * after a link cut, clear the printer (NULs + ESC @); probe DLE EOT with a short timeout
 * (silence = no status support, not offline) and refuse to start on paper out, cover open or
 * offline; only then render (the caller reserves the print count there) and send; end with
 * GS r 1 where status works and take its reply as "printed". A link lost after any receipt byte
 * went out ends the job as Unknown: nobody can say how much of it printed.
 */
class PrinterSession : public QObject
{
    Q_OBJECT
public:
    enum class Outcome {
        Printed,    ///< all bytes out, and confirmed where the printer can confirm
        NotPrinted, ///< no byte of the receipt went out (cannot connect, paper out, …)
        Unknown,    ///< some bytes went out and then the link or the confirmation failed
    };
    Q_ENUM(Outcome)

    struct Timeouts
    {
        int statusMs = 500;   ///< per DLE EOT reply
        int confirmMs = 8000; ///< GS r 1 reply after the last byte
    };
    /// Produces the job's bytes at the moment they are about to be sent; an Error aborts the job.
    using Render = std::function<Result<QByteArray>()>;

    PrinterSession(std::unique_ptr<PrinterTransport> transport, PrinterProfile profile, Timeouts timeouts,
                   QObject *parent = nullptr);
    ~PrinterSession() override;

    [[nodiscard]] bool busy() const { return m_phase != Phase::Idle; }
    [[nodiscard]] PrinterTransport *transport() const { return m_transport.get(); }
    [[nodiscard]] const PrinterProfile &profile() const { return m_profile; }
    /// Set when the previous job on this printer was cut mid-way (also across app restarts).
    void setNeedsClear(bool needs) { m_needsClear = needs; }
    [[nodiscard]] bool needsClear() const { return m_needsClear; }

    void probeStatus();      ///< emits statusReady() (connects first if needed)
    void run(Render render); ///< emits finished() exactly once; ignored while busy

Q_SIGNALS:
    void statusReady(const PrinterStatus &status);
    void probeFailed(const Error &error); ///< probeStatus() could not reach the printer
    void sending();                       ///< the first receipt byte is being handed to the link
    void finished(PrinterSession::Outcome outcome, const PrinterStatus &status, const Error &error);

private:
    enum class Phase { Idle, Connecting, Probing, Sending, Confirming };
    enum class StatusSupport { Untested, Yes, No };

    void onOpened();
    void onFailed(const Error &error);
    void onData(const QByteArray &bytes);
    void onAllWritten();
    void onTimeout();
    void afterConnected();
    void probeNext();
    void statusKnown();
    void startSending();
    /// Nothing of a receipt went out: a probe fails, a job is not printed.
    void failBeforeSending(const Error &error);
    void finish(Outcome outcome, const Error &error);

    std::unique_ptr<PrinterTransport> m_transport;
    PrinterProfile m_profile;
    Timeouts m_timeouts;
    Phase m_phase = Phase::Idle;
    StatusSupport m_statusSupport = StatusSupport::Untested;
    bool m_forJob = false;
    bool m_needsClear = false;
    Render m_render;
    PrinterStatus m_status;
    int m_probeStep = 0;
    int m_silentProbes = 0; ///< first queries in a row unanswered by a printer that answered before
    std::array<char, 3> m_replies = {0x12, 0x12, 0x12};
    QTimer m_timer;
};

Q_DECLARE_METATYPE(PrinterSession::Outcome)
