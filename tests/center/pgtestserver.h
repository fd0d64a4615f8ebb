#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

#include "result.h"

class CenterDatabase;

/**
 * A throw-away PostgreSQL 15 for one test process: initdb into a QTemporaryDir, started with
 * pg_ctl on a free loopback port (and a Unix socket inside the same directory), stopped and
 * deleted when the process ends. When the test runs as root (as CI does) every PostgreSQL
 * program runs as the "postgres" user through runuser, with the directory handed to it.
 *
 * Center tests call PgTestServer::shared() and ask for a fresh database per test case, so each
 * case starts from an empty schema while paying for initdb once per executable.
 */
class PgTestServer
{
public:
    struct Options
    {
        /// Tests trade durability for speed; the ingest benchmark keeps PostgreSQL's defaults.
        bool durable = false;
    };

    explicit PgTestServer(Options options);
    PgTestServer()
        : PgTestServer(Options{})
    {
    }
    ~PgTestServer();
    PgTestServer(const PgTestServer &) = delete;
    PgTestServer &operator=(const PgTestServer &) = delete;

    /// The server of this process, started on first use (non-durable).
    [[nodiscard]] static PgTestServer &shared();

    [[nodiscard]] Status start();
    void stop();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] QString socketDir() const;
    [[nodiscard]] QString binDir() const;
    [[nodiscard]] QString user() const { return QStringLiteral("doorstep"); }

    /// CREATE DATABASE name (dropping one of that name first); returns its postgresql:// URL.
    [[nodiscard]] Result<QString> createDatabase(const QString &name);
    /// The floor a verifying ingest is compared with: every row of `db`'s journal_entries
    /// written out, then loaded into an empty table of the same shape by psql's bare \copy.
    /// Returns the seconds the \copy took. `dir` holds the rows' file (made readable to psql).
    [[nodiscard]] Result<double> copyFloorSeconds(const QString &database, const CenterDatabase &db,
                                                  const QString &dir) const;
    /// Runs psql against `database` with extra arguments, returning its standard output.
    [[nodiscard]] Result<QByteArray> psql(const QString &database, const QStringList &args,
                                          const QByteArray &input = {}) const;

private:
    [[nodiscard]] Result<QByteArray> run(const QString &program, const QStringList &args, const QByteArray &input = {},
                                         int timeoutMs = 120'000) const;

    Options m_options;
    std::unique_ptr<QTemporaryDir> m_dir;
    int m_port = 0;
    bool m_running = false;
};

/**
 * For center tests that run against both databases: adds the global data rows "sqlite" and
 * "postgres" (call from initTestCase_data()), and returns a fresh, empty database URL for the
 * backend (an SQLite file inside `dir`, or a new PostgreSQL database on the shared server).
 */
namespace CenterTestDb {
void addBackendRows();
/// backend: "sqlite" or "postgres" (QFETCH_GLOBAL(QString, backend) in the test function).
[[nodiscard]] Result<QString> freshUrl(const QString &backend, const QString &dir, const QString &name);
} // namespace CenterTestDb
