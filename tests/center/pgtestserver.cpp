#include "pgtestserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTest>

#include <unistd.h>

#include "centerdatabase.h"

namespace {

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

Error pgError(const QString &message)
{
    return Error{QStringLiteral("test.postgres"), message};
}

} // namespace

PgTestServer::PgTestServer(Options options)
    : m_options(options)
{
}

PgTestServer::~PgTestServer()
{
    stop();
}

PgTestServer &PgTestServer::shared()
{
    static PgTestServer server;
    return server;
}

QString PgTestServer::binDir() const
{
    const QByteArray env = qgetenv("DOORSTEP_PG_BINDIR");
    return env.isEmpty() ? QStringLiteral("/usr/lib/postgresql/15/bin") : QString::fromLocal8Bit(env);
}

QString PgTestServer::socketDir() const
{
    return m_dir ? m_dir->path() : QString();
}

Result<QByteArray> PgTestServer::run(const QString &program, const QStringList &args, const QByteArray &input,
                                     int timeoutMs) const
{
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    QStringList fullArgs = args;
    QString exe = program;
    // PostgreSQL refuses to run as root; CI runs tests as root, so hand the programs to the
    // "postgres" system user, which owns the temporary directory.
    if (runningAsRoot()) {
        fullArgs = QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program} + args;
        exe = QStringLiteral("runuser");
    }
    process.start(exe, fullArgs);
    if (!process.waitForStarted(10'000))
        return pgError(QStringLiteral("cannot start %1: %2").arg(exe, process.errorString()));
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return pgError(QStringLiteral("%1 did not finish").arg(program));
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return pgError(QStringLiteral("%1 %2 failed (%3): %4")
                           .arg(program, args.join(QLatin1Char(' ')))
                           .arg(process.exitCode())
                           .arg(QString::fromLocal8Bit(process.readAllStandardError())));
    return process.readAllStandardOutput();
}

Status PgTestServer::start()
{
    if (m_running)
        return success();
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/doorstep-pg-XXXXXX"));
    if (!m_dir->isValid())
        return pgError(QStringLiteral("cannot create a temporary directory"));
    if (runningAsRoot()) {
        QProcess chown;
        chown.start(QStringLiteral("chown"), {QStringLiteral("postgres:postgres"), m_dir->path()});
        if (!chown.waitForFinished(10'000) || chown.exitCode() != 0)
            return pgError(QStringLiteral("cannot hand %1 to the postgres user").arg(m_dir->path()));
    }
    const QString data = m_dir->path() + QStringLiteral("/data");
    if (auto r = run(binDir() + QStringLiteral("/initdb"),
                     {QStringLiteral("-D"), data, QStringLiteral("-U"), user(), QStringLiteral("--auth=trust"),
                      QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
                      QStringLiteral("--no-sync")});
        !r.ok())
        return r.error();

    // A free port: bind 0, read it back, release it. Another process could take it in between;
    // pg_ctl then fails and we try the next one.
    for (int attempt = 0; attempt < 5; ++attempt) {
        {
            QTcpServer probe;
            if (!probe.listen(QHostAddress::LocalHost, 0))
                return pgError(QStringLiteral("no free loopback port"));
            m_port = probe.serverPort();
        }
        QString options = QStringLiteral("-k %1 -p %2 -c listen_addresses=127.0.0.1 -c max_connections=300")
                              .arg(m_dir->path())
                              .arg(m_port);
        if (!m_options.durable)
            options += QStringLiteral(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        // For profiling a benchmark by hand (e.g. "-c shared_preload_libraries=pg_stat_statements").
        if (const QString extra = qEnvironmentVariable("DOORSTEP_PG_OPTIONS"); !extra.isEmpty())
            options += QLatin1Char(' ') + extra;
        auto r = run(binDir() + QStringLiteral("/pg_ctl"),
                     {QStringLiteral("-D"), data, QStringLiteral("-l"), m_dir->path() + QStringLiteral("/log"),
                      QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"), options,
                      QStringLiteral("start")});
        if (r.ok()) {
            m_running = true;
            return success();
        }
        if (attempt == 4)
            return r.error();
    }
    return pgError(QStringLiteral("PostgreSQL did not start"));
}

void PgTestServer::stop()
{
    if (!m_running)
        return;
    const QString data = m_dir->path() + QStringLiteral("/data");
    (void)run(binDir() + QStringLiteral("/pg_ctl"),
              {QStringLiteral("-D"), data, QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w"),
               QStringLiteral("stop")},
              {}, 60'000);
    m_running = false;
    m_dir.reset();
}

Result<QByteArray> PgTestServer::psql(const QString &database, const QStringList &args, const QByteArray &input) const
{
    QStringList all{QStringLiteral("-X"), QStringLiteral("-q"),
                    QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                    QStringLiteral("-h"), m_dir->path(),
                    QStringLiteral("-p"), QString::number(m_port),
                    QStringLiteral("-U"), user(),
                    QStringLiteral("-d"), database};
    all += args;
    return run(binDir() + QStringLiteral("/psql"), all, input);
}

Result<double> PgTestServer::copyFloorSeconds(const QString &database, const CenterDatabase &db,
                                              const QString &dir) const
{
    const QString copyFile = dir + QStringLiteral("/rows.txt");
    {
        QFile f(copyFile);
        if (!f.open(QIODevice::WriteOnly))
            return pgError(QStringLiteral("cannot write %1").arg(copyFile));
        auto q = db.exec(QStringLiteral(
            "SELECT device_id, seq, kind, time_ms, collector_id, shift_seq, account, method, amount_fen, penalty_fen, "
            "prepaid_fen, ref_seq, outcome, hash, entry, received_ms FROM journal_entries"));
        if (!q.ok())
            return q.error();
        for (QSqlQuery rows = std::move(q).value(); rows.next();) {
            QByteArray line;
            for (int c = 0; c < 16; ++c) {
                if (c > 0)
                    line += '\t';
                const QVariant v = rows.value(c);
                line += (c == 13 || c == 14) ? "\\\\x" + v.toByteArray().toHex() : v.toString().toUtf8();
            }
            f.write(line + '\n');
        }
    }
    if (auto r = psql(database, {QStringLiteral("-c"),
                                 QStringLiteral("CREATE TABLE journal_copy (LIKE journal_entries INCLUDING ALL)")});
        !r.ok())
        return r.error();
    QFile::setPermissions(copyFile, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther | QFile::ReadGroup);
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther |
                                   QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup);
    QElapsedTimer timer;
    timer.start();
    if (auto r = psql(database, {QStringLiteral("-c"), QStringLiteral("\\copy journal_copy FROM '%1'").arg(copyFile)});
        !r.ok())
        return r.error();
    return double(timer.nsecsElapsed()) / 1e9;
}

Result<QString> PgTestServer::createDatabase(const QString &name)
{
    if (auto s = start(); !s.ok())
        return s.error();
    const QString sql = QStringLiteral("DROP DATABASE IF EXISTS %1; CREATE DATABASE %1;").arg(name);
    for (const QString &statement : sql.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        if (statement.trimmed().isEmpty())
            continue;
        if (auto r = psql(QStringLiteral("postgres"), {QStringLiteral("-c"), statement.trimmed()}); !r.ok())
            return r.error();
    }
    return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(user()).arg(m_port).arg(name);
}

namespace CenterTestDb {

void addBackendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
}

Result<QString> freshUrl(const QString &backend, const QString &dir, const QString &name)
{
    static int counter = 0;
    const QString unique = QStringLiteral("%1_%2").arg(name).arg(++counter);
    if (backend == QLatin1String("postgres"))
        return PgTestServer::shared().createDatabase(unique.toLower());
    return QStringLiteral("sqlite:%1/%2.db").arg(dir, unique);
}

} // namespace CenterTestDb
