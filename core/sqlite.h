#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <utility>

#include <sqlite3.h>

#include "result.h"

/**
 * A thin RAII layer over the sqlite3 C API, shared by RouteStore and Journal. It adds no policy:
 * statements are prepared once and reused, errors come back as Error values with SQLite's text.
 */
class SqliteStatement
{
public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3 *db, const char *sql); ///< prepares; check isValid()/errorMessage()
    ~SqliteStatement();
    SqliteStatement(SqliteStatement &&other) noexcept
        : m_stmt(std::exchange(other.m_stmt, nullptr))
    {
    }
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    [[nodiscard]] bool isValid() const { return m_stmt != nullptr; }
    [[nodiscard]] sqlite3_stmt *handle() const { return m_stmt; }

    void reset(); ///< resets and clears bindings, ready for the next use
    void bind(int index, qint64 value);
    void bind(int index, QStringView text);
    void bind(int index, const QByteArray &blob);
    /// Binds bytes as TEXT as they are (the caller vouches they are the UTF-8 it means to compare).
    void bindUtf8(int index, QByteArrayView utf8);
    void bindNull(int index);

    /// SQLITE_ROW, SQLITE_DONE or an error code.
    int step();

    [[nodiscard]] qint64 int64(int column) const { return sqlite3_column_int64(m_stmt, column); }
    [[nodiscard]] QString text(int column) const;
    /// The column's UTF-8 bytes, valid until the next step/reset; no copy.
    [[nodiscard]] QByteArrayView utf8(int column) const
    {
        const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
        return {bytes, sqlite3_column_bytes(m_stmt, column)};
    }
    [[nodiscard]] QByteArray blob(int column) const;
    [[nodiscard]] bool isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

private:
    sqlite3_stmt *m_stmt = nullptr;
};

class SqliteDb
{
public:
    SqliteDb() = default;
    ~SqliteDb();
    SqliteDb(SqliteDb &&other) noexcept
        : m_db(std::exchange(other.m_db, nullptr))
    {
    }
    SqliteDb &operator=(SqliteDb &&other) noexcept;
    SqliteDb(const SqliteDb &) = delete;
    SqliteDb &operator=(const SqliteDb &) = delete;

    /// flags as sqlite3_open_v2 (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE by default); vfs may be null.
    [[nodiscard]] Status open(const QString &path, int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                              const char *vfs = nullptr);
    void close();
    [[nodiscard]] bool isOpen() const { return m_db != nullptr; }
    [[nodiscard]] sqlite3 *handle() const { return m_db; }

    /// Runs one or more statements without results.
    [[nodiscard]] Status exec(const char *sql);
    [[nodiscard]] SqliteStatement prepare(const char *sql) const { return SqliteStatement(m_db, sql); }
    [[nodiscard]] QString lastError() const;
    /// An Error with code "storage.<what>" and SQLite's message, for the log and the supervisor.
    [[nodiscard]] Error error(const QString &what) const;

    [[nodiscard]] int userVersion() const;
    [[nodiscard]] Status setUserVersion(int version);

private:
    sqlite3 *m_db = nullptr;
};
