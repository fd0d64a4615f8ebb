#pragma once

// A PostgreSQL 15 primary with a synchronous standby on loopback, for the failover test and
// benchmark: made with Debian's initdb and pg_basebackup as the "postgres" user when run as
// root, in a directory that user owns; SIGKILL to the primary, promotion of the standby, a new
// standby from the new primary on the dead one's port (so a center's URL stays right).

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

#include <csignal>
#include <unistd.h>

#include "result.h"

namespace PgReplication {

inline QString pgBin()
{
    return QStringLiteral("/usr/lib/postgresql/15/bin/");
}

/// Hands `dir` to the "postgres" user when running as root (PostgreSQL refuses root).
inline bool handToPostgres(const QString &dir)
{
    if (::geteuid() != 0)
        return true;
    QProcess chown;
    chown.start(QStringLiteral("chown"), {QStringLiteral("postgres:postgres"), dir});
    return chown.waitForFinished(10'000) && chown.exitCode() == 0;
}

inline quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

/// A PostgreSQL program as the "postgres" user when the test runs as root (PostgreSQL refuses root).
inline Result<QByteArray> pg(const QString &program, const QStringList &args, int timeoutMs = 120'000)
{
    QProcess p;
    if (::geteuid() == 0)
        p.start(QStringLiteral("runuser"),
                QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), pgBin() + program} +
                    args);
    else
        p.start(pgBin() + program, args);
    if (!p.waitForStarted(10'000) || !p.waitForFinished(timeoutMs) || p.exitStatus() != QProcess::NormalExit ||
        p.exitCode() != 0) {
        p.kill();
        p.waitForFinished(5000);
        return Error{QStringLiteral("test.postgres"),
                     QStringLiteral("%1 %2: %3")
                         .arg(program, args.join(u' '), QString::fromLocal8Bit(p.readAllStandardError()))};
    }
    return p.readAllStandardOutput();
}

/// One PostgreSQL server of the pair: its data directory and port.
struct Node
{
    QString data;
    quint16 port = 0;
};

class PgPair
{
public:
    explicit PgPair(const QString &dir)
        : m_dir(dir)
    {
    }

    [[nodiscard]] Status startPrimary()
    {
        Node n{m_dir + QStringLiteral("/n%1").arg(m_made++), freePort()};
        if (auto r = pg(QStringLiteral("initdb"),
                        {QStringLiteral("-D"), n.data, QStringLiteral("-U"), QStringLiteral("doorstep"),
                         QStringLiteral("--auth=trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                         QStringLiteral("--locale=C"), QStringLiteral("--no-sync")});
            !r.ok())
            return r.error();
        if (auto s = start(n); !s.ok())
            return s;
        primary = n;
        return psql(primary, QStringLiteral("postgres"), QStringLiteral("CREATE DATABASE center")).ok()
                   ? success()
                   : Status(Error{QStringLiteral("test.postgres"), QStringLiteral("CREATE DATABASE failed")});
    }

    /// A standby copied from the primary (on `port`, or a new one), then made synchronous.
    [[nodiscard]] Status addStandby(quint16 port = 0)
    {
        Node n{m_dir + QStringLiteral("/n%1").arg(m_made++), port ? port : freePort()};
        if (auto r = pg(QStringLiteral("pg_basebackup"),
                        {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                         QString::number(primary.port), QStringLiteral("-U"), QStringLiteral("doorstep"),
                         QStringLiteral("-D"), n.data, QStringLiteral("-R"), QStringLiteral("-X"),
                         QStringLiteral("stream"), QStringLiteral("--no-sync"), QStringLiteral("--checkpoint=fast")});
            !r.ok())
            return r.error();
        if (auto s = start(n); !s.ok())
            return s;
        standby = n;
        if (auto r = psql(primary, QStringLiteral("postgres"),
                          QStringLiteral("ALTER SYSTEM SET synchronous_standby_names = '*'"));
            !r.ok())
            return r.error();
        if (auto r = psql(primary, QStringLiteral("postgres"), QStringLiteral("SELECT pg_reload_conf()")); !r.ok())
            return r.error();
        QElapsedTimer waited;
        waited.start();
        while (!waited.hasExpired(60'000)) {
            auto state =
                psql(primary, QStringLiteral("postgres"), QStringLiteral("SELECT sync_state FROM pg_stat_replication"));
            if (state.ok() && state.value().trimmed() == "sync")
                return success();
            QTest::qWait(100);
        }
        return Error{QStringLiteral("test.postgres"), QStringLiteral("the standby never became synchronous")};
    }

    /// SIGKILL to the primary's postmaster, as a machine that dies takes it.
    [[nodiscard]] qint64 killPrimary()
    {
        QFile pid(primary.data + QStringLiteral("/postmaster.pid"));
        if (!pid.open(QIODevice::ReadOnly))
            return 0;
        const qint64 n = pid.readLine().trimmed().toLongLong();
        if (n > 0)
            ::kill(pid_t(n), SIGKILL);
        return n;
    }

    /// The standby becomes the primary, committing alone until a new standby is in sync.
    [[nodiscard]] Status promote()
    {
        if (auto r = pg(QStringLiteral("pg_ctl"),
                        {QStringLiteral("-D"), standby.data, QStringLiteral("-w"), QStringLiteral("promote")});
            !r.ok())
            return r.error();
        const Node dead = primary;
        primary = standby;
        standby = dead;
        if (auto r = psql(primary, QStringLiteral("postgres"),
                          QStringLiteral("ALTER SYSTEM SET synchronous_standby_names = ''"));
            !r.ok())
            return r.error();
        return psql(primary, QStringLiteral("postgres"), QStringLiteral("SELECT pg_reload_conf()")).ok()
                   ? success()
                   : Status(Error{QStringLiteral("test.postgres"), QStringLiteral("reload failed")});
    }

    void stopAll()
    {
        for (const Node &n : {primary, standby}) {
            if (!n.data.isEmpty())
                (void)pg(QStringLiteral("pg_ctl"), {QStringLiteral("-D"), n.data, QStringLiteral("-m"),
                                                    QStringLiteral("immediate"), QStringLiteral("stop")});
        }
    }

    [[nodiscard]] Result<QByteArray> psql(const Node &n, const QString &db, const QString &sql) const
    {
        return pg(QStringLiteral("psql"),
                  {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"), QStringLiteral("-t"),
                   QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(n.port),
                   QStringLiteral("-U"), QStringLiteral("doorstep"), QStringLiteral("-d"), db, QStringLiteral("-c"),
                   sql});
    }

    /// libpq's multi-host URL over both ports, the one that takes writes first.
    [[nodiscard]] QString url() const
    {
        return QStringLiteral("postgresql://doorstep@127.0.0.1:%1,127.0.0.1:%2/center?target_session_attrs=read-write")
            .arg(primary.port)
            .arg(standby.port);
    }

    Node primary;
    Node standby;

private:
    [[nodiscard]] Status start(const Node &n)
    {
        const QString options =
            QStringLiteral("-k %1 -p %2 -c listen_addresses=127.0.0.1 -c wal_level=replica -c max_wal_senders=10 "
                           "-c wal_keep_size=256MB -c hot_standby=on -c synchronous_commit=on -c fsync=off "
                           "-c max_connections=100")
                .arg(m_dir)
                .arg(n.port);
        // The dead primary's port is taken again: its orphaned processes may hold it a moment.
        Result<QByteArray> r = Error{};
        for (int attempt = 0; attempt < 20 && !r.ok(); ++attempt) {
            if (attempt > 0)
                QTest::qWait(500);
            r = pg(QStringLiteral("pg_ctl"),
                   {QStringLiteral("-D"), n.data, QStringLiteral("-l"), n.data + QStringLiteral(".log"),
                    QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"), options,
                    QStringLiteral("start")});
        }
        if (r.ok())
            return success();
        QFile log(n.data + QStringLiteral(".log"));
        (void)log.open(QIODevice::ReadOnly);
        return Error{r.error().code, r.error().message + QString::fromUtf8(log.readAll().right(800))};
    }

    QString m_dir;
    int m_made = 0;
};

} // namespace PgReplication
