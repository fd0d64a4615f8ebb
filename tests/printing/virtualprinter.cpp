#include "virtualprinter.h"

#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

VirtualPrinter::VirtualPrinter(Link link, QObject *parent)
    : QObject(parent)
    , m_link(link)
{
    connect(&m_throttle, &QTimer::timeout, this, &VirtualPrinter::readAvailable);
}

VirtualPrinter::~VirtualPrinter()
{
    closePty();
}

bool VirtualPrinter::start()
{
    if (m_link == Link::Tcp) {
        m_server = new QTcpServer(this);
        connect(m_server, &QTcpServer::newConnection, this, &VirtualPrinter::onNewConnection);
        return m_server->listen(QHostAddress::LocalHost, 0);
    }
    return openPty();
}

quint16 VirtualPrinter::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QString VirtualPrinter::ptyPath() const
{
    return m_ptyPath;
}

bool VirtualPrinter::openPty()
{
    m_master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (m_master < 0 || grantpt(m_master) != 0 || unlockpt(m_master) != 0)
        return false;
    m_ptyPath = QString::fromLocal8Bit(ptsname(m_master));
    // Raw: no echo, no CR/LF translation, bytes through as they are (like a printer's UART).
    termios tio{};
    tcgetattr(m_master, &tio);
    cfmakeraw(&tio);
    tcsetattr(m_master, TCSANOW, &tio);
    // Holding the slave open ourselves keeps the master from seeing a hang-up between clients.
    m_slaveKeepAlive = ::open(m_ptyPath.toLocal8Bit().constData(), O_RDWR | O_NOCTTY | O_NONBLOCK);
    m_notifier = new QSocketNotifier(qintptr(m_master), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        if (bytesPerSecond > 0) {
            m_notifier->setEnabled(false); // the throttle timer reads at its own pace
            if (!m_throttle.isActive())
                m_throttle.start(50);
            return;
        }
        readAvailable();
    });
    m_connections = 1; // a pty has no connection handshake: it is "connected" once opened
    return true;
}

void VirtualPrinter::closePty()
{
    delete m_notifier;
    m_notifier = nullptr;
    if (m_master >= 0)
        ::close(m_master);
    if (m_slaveKeepAlive >= 0)
        ::close(m_slaveKeepAlive);
    m_master = -1;
    m_slaveKeepAlive = -1;
}

void VirtualPrinter::onNewConnection()
{
    while (QTcpSocket *s = m_server->nextPendingConnection()) {
        if (m_socket) {
            m_socket->abort();
            m_socket->deleteLater();
        }
        m_socket = s;
        ++m_connections;
        if (bytesPerSecond > 0)
            s->setReadBufferSize(qMax(64, bytesPerSecond / 20)); // TCP back-pressure to the sender
        connect(s, &QTcpSocket::readyRead, this, [this] {
            if (bytesPerSecond > 0) {
                if (!m_throttle.isActive())
                    m_throttle.start(50);
                return;
            }
            readAvailable();
        });
    }
}

void VirtualPrinter::readAvailable()
{
    const qint64 budget = bytesPerSecond > 0 ? qMax(1, bytesPerSecond / 20) : (1 << 20);
    QByteArray bytes;
    if (m_link == Link::Tcp) {
        if (!m_socket)
            return;
        bytes = m_socket->read(budget);
    } else {
        if (m_master < 0)
            return;
        QByteArray buffer(int(qMin<qint64>(budget, 65536)), Qt::Uninitialized);
        const ssize_t n = ::read(m_master, buffer.data(), size_t(buffer.size()));
        if (n > 0)
            bytes = buffer.left(n);
        if (m_notifier && bytesPerSecond > 0 && n <= 0)
            m_notifier->setEnabled(true);
    }
    if (bytes.isEmpty()) {
        if (bytesPerSecond > 0 && m_link == Link::Tcp && m_socket && m_socket->bytesAvailable() == 0)
            m_throttle.stop();
        return;
    }
    if (cutAfterBytes >= 0 && m_received.size() + bytes.size() >= cutAfterBytes) {
        m_received.append(bytes.left(cutAfterBytes - m_received.size()));
        cutAfterBytes = -1;
        cutLink();
        return;
    }
    handle(bytes);
}

void VirtualPrinter::handle(const QByteArray &bytes)
{
    m_received.append(bytes);
    Q_EMIT bytesArrived(m_received.size());
    for (const EscPosItem &item : m_parser.feed(bytes)) {
        if (item.kind != EscPosItem::Kind::Command)
            continue;
        if (item.name.startsWith(QLatin1String("DLE EOT "))) {
            ++m_statusQueries;
            if (!state.answersStatus)
                continue;
            if (state.garbageReplies) {
                reply(char(0xFF));
                continue;
            }
            const int n = item.name.mid(8).toInt();
            uchar r = 0x12;
            if (n == 1 && state.offline)
                r |= 0x08;
            if (n == 2) {
                if (state.coverOpen)
                    r |= 0x04;
                if (state.paperOut)
                    r |= 0x20;
            }
            if (n == 4) {
                if (state.paperNearEnd)
                    r |= 0x0C;
                if (state.paperOut)
                    r |= 0x60;
            }
            reply(char(r));
        } else if (item.name == QLatin1String("GS r 1")) {
            if (!state.answersStatus || !state.confirms)
                continue;
            uchar r = 0;
            if (state.paperNearEnd)
                r |= 0x03;
            if (state.paperOut)
                r |= 0x0C;
            reply(char(r));
        }
    }
}

void VirtualPrinter::reply(char byte)
{
    if (m_link == Link::Tcp) {
        if (m_socket)
            m_socket->write(&byte, 1);
    } else if (m_master >= 0) {
        (void)::write(m_master, &byte, 1);
    }
}

void VirtualPrinter::cutLink()
{
    ++m_cuts;
    m_throttle.stop();
    m_parser = EscPosParser();
    if (m_link == Link::Tcp) {
        if (m_socket) {
            m_socket->abort();
            m_socket->deleteLater();
        }
        m_socket = nullptr;
    } else {
        // The serial link dies: the client's tty sees a hang-up. Reopened fresh for a reconnect.
        closePty();
        m_ptyPath.clear();
    }
    Q_EMIT linkCut();
}
