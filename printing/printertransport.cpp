#include "printertransport.h"

#include <QBluetoothDeviceDiscoveryAgent>
#include <QBluetoothDeviceInfo>
#include <QBluetoothSocket>
#include <QBluetoothUuid>
#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QSerialPort>
#include <QTcpSocket>

// ---- PrinterTransport: everything above the socket ------------------------------------------

PrinterTransport::PrinterTransport(Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_options.chunkSize = qBound(64, m_options.chunkSize, 4096);
    m_connectTimer.setSingleShot(true);
    m_writeTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        fail(linkError(
            QStringLiteral("connect-timeout"),
            QCoreApplication::translate("PrinterTransport",
                                        "The printer did not answer the connection. Is it switched on and near?")));
    });
    connect(&m_writeTimer, &QTimer::timeout, this, [this] {
        fail(linkError(
            QStringLiteral("stalled"),
            QCoreApplication::translate("PrinterTransport", "The printer stopped taking data (link stalled).")));
    });
}

PrinterTransport::~PrinterTransport() = default;

Error PrinterTransport::linkError(const QString &code, const QString &message)
{
    return Error{QStringLiteral("printing.link.") + code, message};
}

void PrinterTransport::open()
{
    if (m_state != State::Closed)
        return;
    m_state = State::Connecting;
    m_pending.clear();
    m_pendingOffset = 0;
    m_inFlight = 0;
    m_sent = 0;
    m_connectTimer.start(m_options.connectTimeoutMs);
    connectDevice();
}

void PrinterTransport::close()
{
    if (m_state == State::Closed)
        return;
    // Closed first: the device's own "disconnected" signal must not count as a lost link.
    m_state = State::Closed;
    m_connectTimer.stop();
    m_writeTimer.stop();
    m_pending.clear();
    m_pendingOffset = 0;
    m_inFlight = 0;
    disconnectDevice();
    Q_EMIT closed();
}

void PrinterTransport::fail(const Error &error)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_connectTimer.stop();
    m_writeTimer.stop();
    m_pending.clear();
    m_pendingOffset = 0;
    m_inFlight = 0;
    disconnectDevice();
    Q_EMIT failed(error);
}

void PrinterTransport::write(const QByteArray &bytes)
{
    if (m_state == State::Closed || bytes.isEmpty())
        return;
    m_pending.append(bytes);
    if (m_state == State::Open && m_inFlight == 0)
        writeNextChunk();
}

void PrinterTransport::deviceOpened()
{
    if (m_state != State::Connecting)
        return;
    m_connectTimer.stop();
    m_state = State::Open;
    Q_EMIT opened();
    if (m_state == State::Open && m_inFlight == 0 && m_pendingOffset < m_pending.size())
        writeNextChunk();
}

void PrinterTransport::deviceFailed(const Error &error)
{
    fail(error);
}

void PrinterTransport::deviceReadyRead()
{
    QIODevice *dev = device();
    if (m_state != State::Open || !dev)
        return;
    const QByteArray bytes = dev->readAll();
    if (!bytes.isEmpty())
        Q_EMIT dataReceived(bytes);
}

void PrinterTransport::deviceBytesWritten(qint64 bytes)
{
    if (m_state != State::Open)
        return;
    m_inFlight -= bytes;
    m_sent += bytes;
    Q_EMIT progress(m_sent);
    if (m_inFlight > 0) {
        m_writeTimer.start(m_options.writeTimeoutMs); // progress: the link is alive
        return;
    }
    m_inFlight = 0;
    writeNextChunk();
}

void PrinterTransport::writeNextChunk()
{
    if (m_state != State::Open || m_inFlight > 0)
        return;
    if (m_pendingOffset >= m_pending.size()) {
        const bool hadData = !m_pending.isEmpty();
        m_pending.clear();
        m_pendingOffset = 0;
        m_writeTimer.stop();
        if (hadData)
            Q_EMIT allWritten();
        return;
    }
    // Back-pressure: one chunk at a time, the next only when the device says this one went out.
    const QByteArray chunk = m_pending.mid(m_pendingOffset, m_options.chunkSize);
    QIODevice *dev = device();
    const qint64 n = dev ? dev->write(chunk) : -1;
    if (n <= 0) {
        fail(linkError(QStringLiteral("write"),
                       QCoreApplication::translate("PrinterTransport", "Writing to the printer failed: %1")
                           .arg(dev ? dev->errorString() : QString())));
        return;
    }
    m_pendingOffset += n;
    m_largestChunk = qMax(m_largestChunk, n);
    if (writesSynchronously()) {
        m_sent += n;
        Q_EMIT progress(m_sent);
        // Yield to the event loop between chunks, as the asynchronous devices do.
        QMetaObject::invokeMethod(this, &PrinterTransport::writeNextChunk, Qt::QueuedConnection);
        return;
    }
    m_inFlight = n;
    m_writeTimer.start(m_options.writeTimeoutMs);
}

std::unique_ptr<PrinterTransport> PrinterTransport::create(const PrinterConnection &connection, Options options,
                                                           QObject *parent)
{
    switch (connection.kind) {
    case PrinterConnection::Kind::Tcp:
        return std::make_unique<TcpPrinterTransport>(connection.address, connection.port, options, parent);
    case PrinterConnection::Kind::Serial:
        return std::make_unique<SerialPrinterTransport>(connection.address, connection.baudRate, options, parent);
    case PrinterConnection::Kind::File:
        return std::make_unique<FilePrinterTransport>(connection.address, options, parent);
    case PrinterConnection::Kind::Bluetooth:
        return std::make_unique<BluetoothPrinterTransport>(QBluetoothAddress(connection.address), options, parent);
    }
    return nullptr;
}

// ---- TCP ---------------------------------------------------------------------------------------

struct TcpPrinterTransport::Impl
{
    QPointer<QTcpSocket> socket;
};

TcpPrinterTransport::TcpPrinterTransport(QString host, quint16 port, Options options, QObject *parent)
    : PrinterTransport(options, parent)
    , m_host(std::move(host))
    , m_port(port)
    , d(std::make_unique<Impl>())
{
}

TcpPrinterTransport::~TcpPrinterTransport()
{
    close();
}

QString TcpPrinterTransport::description() const
{
    return m_host + QLatin1Char(':') + QString::number(m_port);
}

void TcpPrinterTransport::connectDevice()
{
    auto *socket = new QTcpSocket(this);
    d->socket = socket;
    connect(socket, &QTcpSocket::connected, this, [this] {
        d->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        deviceOpened();
    });
    connect(socket, &QTcpSocket::readyRead, this, &TcpPrinterTransport::deviceReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &TcpPrinterTransport::deviceBytesWritten);
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError) {
        deviceFailed(linkError(state() == State::Open ? QStringLiteral("lost") : QStringLiteral("connect"),
                               QCoreApplication::translate("PrinterTransport", "Printer at %1: %2")
                                   .arg(description(), socket->errorString())));
    });
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        deviceFailed(linkError(QStringLiteral("lost"),
                               QCoreApplication::translate("PrinterTransport", "The printer closed the connection.")));
    });
    socket->connectToHost(m_host, m_port);
}

void TcpPrinterTransport::disconnectDevice()
{
    if (QTcpSocket *socket = d->socket) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    d->socket = nullptr;
}

QIODevice *TcpPrinterTransport::device() const
{
    return d->socket;
}

// ---- Serial / rfcomm tty -------------------------------------------------------------------

struct SerialPrinterTransport::Impl
{
    QPointer<QSerialPort> port;
};

SerialPrinterTransport::SerialPrinterTransport(QString portName, qint32 baudRate, Options options, QObject *parent)
    : PrinterTransport(options, parent)
    , m_portName(std::move(portName))
    , m_baudRate(baudRate)
    , d(std::make_unique<Impl>())
{
}

SerialPrinterTransport::~SerialPrinterTransport()
{
    close();
}

QString SerialPrinterTransport::description() const
{
    return m_portName;
}

void SerialPrinterTransport::connectDevice()
{
    auto *port = new QSerialPort(this);
    d->port = port;
    port->setPortName(m_portName);
    port->setBaudRate(m_baudRate);
    port->setFlowControl(QSerialPort::NoFlowControl);
    connect(port, &QSerialPort::readyRead, this, &SerialPrinterTransport::deviceReadyRead);
    connect(port, &QSerialPort::bytesWritten, this, &SerialPrinterTransport::deviceBytesWritten);
    connect(port, &QSerialPort::errorOccurred, this, [this, port](QSerialPort::SerialPortError e) {
        if (e == QSerialPort::NoError || e == QSerialPort::TimeoutError)
            return;
        deviceFailed(linkError(state() == State::Open ? QStringLiteral("lost") : QStringLiteral("connect"),
                               QCoreApplication::translate("PrinterTransport", "Printer at %1: %2")
                                   .arg(description(), port->errorString())));
    });
    // Opening a tty does not block (O_NONBLOCK); report the outcome from the event loop so that
    // every transport behaves alike.
    QMetaObject::invokeMethod(
        this,
        [this, port] {
            if (d->port != port || state() != State::Connecting)
                return;
            if (port->open(QIODevice::ReadWrite))
                deviceOpened();
            // a failed open() already reported through errorOccurred
        },
        Qt::QueuedConnection);
}

void SerialPrinterTransport::disconnectDevice()
{
    if (QSerialPort *port = d->port) {
        port->disconnect(this);
        port->close();
        port->deleteLater();
    }
    d->port = nullptr;
}

QIODevice *SerialPrinterTransport::device() const
{
    return d->port;
}

// ---- File --------------------------------------------------------------------------------------

struct FilePrinterTransport::Impl
{
    std::unique_ptr<QFile> file;
};

FilePrinterTransport::FilePrinterTransport(QString path, Options options, QObject *parent)
    : PrinterTransport(options, parent)
    , m_path(std::move(path))
    , d(std::make_unique<Impl>())
{
}

FilePrinterTransport::~FilePrinterTransport()
{
    close();
}

QString FilePrinterTransport::description() const
{
    return m_path;
}

void FilePrinterTransport::connectDevice()
{
    d->file = std::make_unique<QFile>(m_path);
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!d->file || state() != State::Connecting)
                return;
            if (d->file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
                deviceOpened();
            } else {
                deviceFailed(linkError(QStringLiteral("connect"),
                                       QCoreApplication::translate("PrinterTransport", "Printer at %1: %2")
                                           .arg(m_path, d->file->errorString())));
            }
        },
        Qt::QueuedConnection);
}

void FilePrinterTransport::disconnectDevice()
{
    d->file.reset();
}

QIODevice *FilePrinterTransport::device() const
{
    return d->file.get();
}

// ---- Bluetooth SPP -------------------------------------------------------------------------

struct BluetoothPrinterTransport::Impl
{
    QPointer<QBluetoothSocket> socket;
};

BluetoothPrinterTransport::BluetoothPrinterTransport(const QBluetoothAddress &address, Options options, QObject *parent)
    : PrinterTransport(options, parent)
    , m_address(address)
    , d(std::make_unique<Impl>())
{
}

BluetoothPrinterTransport::~BluetoothPrinterTransport()
{
    close();
}

QString BluetoothPrinterTransport::description() const
{
    return m_address.toString();
}

void BluetoothPrinterTransport::connectDevice()
{
    if (m_address.isNull()) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                deviceFailed(linkError(
                    QStringLiteral("connect"),
                    QCoreApplication::translate("PrinterTransport", "No Bluetooth printer is chosen (bad address).")));
            },
            Qt::QueuedConnection);
        return;
    }
    auto *socket = new QBluetoothSocket(QBluetoothServiceInfo::RfcommProtocol, this);
    d->socket = socket;
    connect(socket, &QBluetoothSocket::connected, this, &BluetoothPrinterTransport::deviceOpened);
    connect(socket, &QBluetoothSocket::readyRead, this, &BluetoothPrinterTransport::deviceReadyRead);
    connect(socket, &QBluetoothSocket::bytesWritten, this, &BluetoothPrinterTransport::deviceBytesWritten);
    connect(socket, &QBluetoothSocket::errorOccurred, this, [this, socket](QBluetoothSocket::SocketError) {
        deviceFailed(linkError(state() == State::Open ? QStringLiteral("lost") : QStringLiteral("connect"),
                               QCoreApplication::translate("PrinterTransport", "Printer at %1: %2")
                                   .arg(description(), socket->errorString())));
    });
    connect(socket, &QBluetoothSocket::disconnected, this, [this] {
        deviceFailed(linkError(QStringLiteral("lost"),
                               QCoreApplication::translate("PrinterTransport", "The printer closed the connection.")));
    });
    socket->connectToService(m_address, QBluetoothUuid(QBluetoothUuid::ServiceClassUuid::SerialPort));
}

void BluetoothPrinterTransport::disconnectDevice()
{
    if (QBluetoothSocket *socket = d->socket) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    d->socket = nullptr;
}

QIODevice *BluetoothPrinterTransport::device() const
{
    return d->socket;
}

// ---- Discovery -----------------------------------------------------------------------------

BluetoothPrinterDiscovery::BluetoothPrinterDiscovery(QObject *parent)
    : QObject(parent)
{
}

BluetoothPrinterDiscovery::~BluetoothPrinterDiscovery()
{
    stop();
}

void BluetoothPrinterDiscovery::start(int timeoutMs)
{
    stop();
    m_agent = new QBluetoothDeviceDiscoveryAgent(this);
    connect(m_agent, &QBluetoothDeviceDiscoveryAgent::deviceDiscovered, this, [this](const QBluetoothDeviceInfo &info) {
        static const QRegularExpression printerName(QStringLiteral("print|pos|^zj|^mpt|^bt-?p|58|80"),
                                                    QRegularExpression::CaseInsensitiveOption);
        const bool imaging = info.majorDeviceClass() == QBluetoothDeviceInfo::ImagingDevice &&
                             (info.minorDeviceClass() & QBluetoothDeviceInfo::ImagePrinter);
        if (imaging || printerName.match(info.name()).hasMatch())
            Q_EMIT printerFound(info.name(), info.address());
    });
    connect(m_agent, &QBluetoothDeviceDiscoveryAgent::finished, this, &BluetoothPrinterDiscovery::finished);
    connect(m_agent, &QBluetoothDeviceDiscoveryAgent::canceled, this, &BluetoothPrinterDiscovery::finished);
    connect(m_agent, &QBluetoothDeviceDiscoveryAgent::errorOccurred, this, [this] {
        const QString why = m_agent ? m_agent->errorString() : QString();
        Q_EMIT failed(
            Error{QStringLiteral("printing.bluetooth.discovery"),
                  QCoreApplication::translate("BluetoothPrinterDiscovery", "Cannot search for Bluetooth printers: %1")
                      .arg(why.isEmpty()
                               ? QCoreApplication::translate("BluetoothPrinterDiscovery", "Bluetooth is off or missing")
                               : why)});
    });
    QTimer::singleShot(timeoutMs, m_agent, [agent = m_agent] {
        if (agent->isActive())
            agent->stop();
    });
    m_agent->start(QBluetoothDeviceDiscoveryAgent::ClassicMethod);
}

void BluetoothPrinterDiscovery::stop()
{
    if (m_agent) {
        m_agent->disconnect(this);
        if (m_agent->isActive())
            m_agent->stop();
        m_agent->deleteLater();
        m_agent = nullptr;
    }
}
