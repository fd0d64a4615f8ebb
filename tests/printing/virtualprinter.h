#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include "escposdecoder.h"

class QTcpServer;
class QTcpSocket;
class QSocketNotifier;

/**
 * Test helper: a receipt printer on TCP loopback or on a pty (posix_openpt). Records every byte,
 * answers DLE EOT 1/2/4 and GS r 1 from a settable state, and simulates what real printers do:
 * paper out, cover open, offline, no status support at all (silence), nonsense answers, no
 * confirmation, a link cut after N bytes, and a slow link (reads at a fixed byte rate, so the
 * sender meets back-pressure).
 */
class VirtualPrinter : public QObject
{
    Q_OBJECT
public:
    enum class Link { Tcp, Pty };

    struct State
    {
        bool answersStatus = true;   ///< false: never replies to anything
        bool confirms = true;        ///< replies to GS r 1
        bool garbageReplies = false; ///< replies 0xFF to DLE EOT
        bool paperOut = false;
        bool paperNearEnd = false;
        bool coverOpen = false;
        bool offline = false;
    };

    explicit VirtualPrinter(Link link, QObject *parent = nullptr);
    ~VirtualPrinter() override;

    [[nodiscard]] bool start();            ///< listens / opens the pty; false on failure
    [[nodiscard]] quint16 port() const;    ///< Tcp
    [[nodiscard]] QString ptyPath() const; ///< Pty: the path a QSerialPort opens

    State state;
    qint64 cutAfterBytes = -1; ///< drop the link once this many bytes arrived (-1: never)
    int bytesPerSecond = 0;    ///< 0: as fast as it comes

    [[nodiscard]] QByteArray received() const { return m_received; }
    void clearReceived() { m_received.clear(); }
    [[nodiscard]] int connections() const { return m_connections; }
    [[nodiscard]] int statusQueries() const { return m_statusQueries; }
    [[nodiscard]] int cuts() const { return m_cuts; }
    /// Drops the link now (like a printer walking out of Bluetooth range).
    void cutLink();

Q_SIGNALS:
    void bytesArrived(qint64 total);
    void linkCut();

private:
    void onNewConnection();
    void readAvailable();
    void handle(const QByteArray &bytes);
    void reply(char byte);
    bool openPty();
    void closePty();

    Link m_link;
    QTcpServer *m_server = nullptr;
    QPointer<QTcpSocket> m_socket;
    int m_master = -1;
    int m_slaveKeepAlive = -1;
    QString m_ptyPath;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_throttle;
    EscPosParser m_parser;
    QByteArray m_received;
    int m_connections = 0;
    int m_statusQueries = 0;
    int m_cuts = 0;
};
