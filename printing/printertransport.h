#pragma once

#include <QBluetoothAddress>
#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <memory>

#include "result.h"

class QIODevice;
class QBluetoothDeviceDiscoveryAgent;

/** Where a printer is and how to reach it; what the collector picks once and the queue keeps. */
struct PrinterConnection
{
    enum class Kind { Bluetooth, Tcp, Serial, File };
    Kind kind = Kind::Bluetooth;
    QString address;          ///< Bluetooth MAC, host name/IP, tty path or file path
    quint16 port = 9100;      ///< Tcp
    qint32 baudRate = 115200; ///< Serial
    bool operator==(const PrinterConnection &) const = default;
};

/**
 * One asynchronous byte pipe to a printer. Everything above the socket is shared: chunked writes
 * (512–1024 B, the next chunk only when the device reports the last one written: back-pressure
 * for slow Bluetooth SPP links), a connect timeout, a write-stall timeout, replies as
 * dataReceived. Subclasses only create and connect their device (QTcpSocket, QSerialPort,
 * QBluetoothSocket, QFile). Never blocks: safe on any thread with an event loop.
 */
class PrinterTransport : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int chunkSize = 512;
        int connectTimeoutMs = 10000;
        int writeTimeoutMs = 10000; ///< no progress this long while bytes are pending: link stalled
    };
    enum class State { Closed, Connecting, Open };

    ~PrinterTransport() override;

    /// A transport for the connection (not yet open).
    [[nodiscard]] static std::unique_ptr<PrinterTransport> create(const PrinterConnection &connection, Options options,
                                                                  QObject *parent = nullptr);

    void open();  ///< emits opened() or failed()
    void close(); ///< drops pending bytes; emits closed() if it was open
    /// Queues bytes; they go out in chunks. Ignored unless open.
    void write(const QByteArray &bytes);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] qint64 pendingBytes() const { return m_pending.size() - m_pendingOffset + m_inFlight; }
    [[nodiscard]] qint64 bytesSent() const { return m_sent; } ///< since open(), confirmed by the device
    [[nodiscard]] qint64 largestChunk() const { return m_largestChunk; }
    [[nodiscard]] virtual bool canRead() const { return true; } ///< false for a file: no replies
    [[nodiscard]] virtual QString description() const = 0;
    [[nodiscard]] const Options &options() const { return m_options; }

Q_SIGNALS:
    void opened();
    void closed();
    void failed(const Error &error); ///< could not connect, link lost, stalled; the transport is closed
    void dataReceived(const QByteArray &bytes);
    void allWritten(); ///< every queued byte has been handed to the link
    void progress(qint64 sent);

protected:
    PrinterTransport(Options options, QObject *parent);

    /// Creates the device and starts connecting; calls deviceOpened() or deviceFailed() later.
    virtual void connectDevice() = 0;
    /// Closes and releases the device (may be called when it is already gone).
    virtual void disconnectDevice() = 0;
    [[nodiscard]] virtual QIODevice *device() const = 0;
    /// Devices without a bytesWritten signal (a file) write synchronously.
    [[nodiscard]] virtual bool writesSynchronously() const { return false; }

    void deviceOpened();
    void deviceFailed(const Error &error);
    void deviceReadyRead();
    void deviceBytesWritten(qint64 bytes);

    [[nodiscard]] static Error linkError(const QString &code, const QString &message);

private:
    void writeNextChunk();
    void fail(const Error &error);

    Options m_options;
    State m_state = State::Closed;
    QByteArray m_pending;
    qsizetype m_pendingOffset = 0;
    qint64 m_inFlight = 0;
    qint64 m_sent = 0;
    qint64 m_largestChunk = 0;
    QTimer m_connectTimer;
    QTimer m_writeTimer;
};

/** Raw TCP, port 9100 (network printers, and the virtual printer in tests). */
class TcpPrinterTransport : public PrinterTransport
{
    Q_OBJECT
public:
    TcpPrinterTransport(QString host, quint16 port, Options options, QObject *parent = nullptr);
    ~TcpPrinterTransport() override;
    [[nodiscard]] QString description() const override;

protected:
    void connectDevice() override;
    void disconnectDevice() override;
    [[nodiscard]] QIODevice *device() const override;

private:
    QString m_host;
    quint16 m_port;
    struct Impl;
    std::unique_ptr<Impl> d;
};

/** A serial port or a bound rfcomm tty (/dev/rfcomm0, /dev/ttyUSB0, a pty in tests). */
class SerialPrinterTransport : public PrinterTransport
{
    Q_OBJECT
public:
    SerialPrinterTransport(QString portName, qint32 baudRate, Options options, QObject *parent = nullptr);
    ~SerialPrinterTransport() override;
    [[nodiscard]] QString description() const override;

protected:
    void connectDevice() override;
    void disconnectDevice() override;
    [[nodiscard]] QIODevice *device() const override;

private:
    QString m_portName;
    qint32 m_baudRate;
    struct Impl;
    std::unique_ptr<Impl> d;
};

/** A file or device node written blind (/dev/usb/lp0, or a capture file): no status, no replies. */
class FilePrinterTransport : public PrinterTransport
{
    Q_OBJECT
public:
    FilePrinterTransport(QString path, Options options, QObject *parent = nullptr);
    ~FilePrinterTransport() override;
    [[nodiscard]] QString description() const override;
    [[nodiscard]] bool canRead() const override { return false; }

protected:
    void connectDevice() override;
    void disconnectDevice() override;
    [[nodiscard]] QIODevice *device() const override;
    [[nodiscard]] bool writesSynchronously() const override { return true; }

private:
    QString m_path;
    struct Impl;
    std::unique_ptr<Impl> d;
};

/**
 * Bluetooth SPP over RFCOMM (QBluetoothSocket), connected by the Serial Port service UUID
 * 0x1101 (BlueZ ≥ 5.46 resolves the channel). Only the socket differs from the TCP transport.
 */
class BluetoothPrinterTransport : public PrinterTransport
{
    Q_OBJECT
public:
    BluetoothPrinterTransport(const QBluetoothAddress &address, Options options, QObject *parent = nullptr);
    ~BluetoothPrinterTransport() override;
    [[nodiscard]] QString description() const override;

protected:
    void connectDevice() override;
    void disconnectDevice() override;
    [[nodiscard]] QIODevice *device() const override;

private:
    QBluetoothAddress m_address;
    struct Impl;
    std::unique_ptr<Impl> d;
};

/**
 * Finds Bluetooth printers nearby (classic discovery): every device whose class says "imaging /
 * printer", or whose name looks like a receipt printer, is reported; the collector picks one.
 */
class BluetoothPrinterDiscovery : public QObject
{
    Q_OBJECT
public:
    explicit BluetoothPrinterDiscovery(QObject *parent = nullptr);
    ~BluetoothPrinterDiscovery() override;

    void start(int timeoutMs = 15000);
    void stop();

Q_SIGNALS:
    void printerFound(const QString &name, const QBluetoothAddress &address);
    void finished();
    void failed(const Error &error);

private:
    QBluetoothDeviceDiscoveryAgent *m_agent = nullptr;
};
