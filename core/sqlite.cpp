#include "sqlite.h"

#include <QCoreApplication>

SqliteStatement::SqliteStatement(sqlite3 *db, const char *sql)
{
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) != SQLITE_OK)
        m_stmt = nullptr;
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

SqliteStatement &SqliteStatement::operator=(SqliteStatement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStatement::bind(int index, QStringView text)
{
    // SQLite copies the text (SQLITE_TRANSIENT); UTF-16 in, stored as the database's UTF-8.
    // A null QString has no data pointer, which SQLite would take as NULL: empty text is "".
    static const char16_t empty = 0;
    sqlite3_bind_text16(m_stmt, index, text.isNull() ? &empty : text.utf16(), int(text.size() * 2), SQLITE_TRANSIENT);
}

void SqliteStatement::bind(int index, const QByteArray &blob)
{
    sqlite3_bind_blob64(m_stmt, index, blob.constData(), sqlite3_uint64(blob.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindUtf8(int index, QByteArrayView utf8)
{
    sqlite3_bind_text64(m_stmt, index, utf8.data(), sqlite3_uint64(utf8.size()), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
}

int SqliteStatement::step()
{
    return sqlite3_step(m_stmt);
}

QString SqliteStatement::text(int column) const
{
    const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QString::fromUtf8(bytes, sqlite3_column_bytes(m_stmt, column));
}

QByteArray SqliteStatement::blob(int column) const
{
    const auto *bytes = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    return QByteArray(bytes, sqlite3_column_bytes(m_stmt, column));
}

SqliteDb::~SqliteDb()
{
    close();
}

SqliteDb &SqliteDb::operator=(SqliteDb &&other) noexcept
{
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

Status SqliteDb::open(const QString &path, int flags, const char *vfs)
{
    close();
    const QByteArray name = path.toUtf8();
    if (sqlite3_open_v2(name.constData(), &m_db, flags, vfs) != SQLITE_OK) {
        Error e = error(QStringLiteral("open"));
        close();
        return e;
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, 5000);
    return success();
}

void SqliteDb::close()
{
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

Status SqliteDb::exec(const char *sql)
{
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        return error(QStringLiteral("exec"));
    return success();
}

QString SqliteDb::lastError() const
{
    return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("database is not open");
}

Error SqliteDb::error(const QString &what) const
{
    return Error{QStringLiteral("storage.") + what,
                 QCoreApplication::translate("Storage", "The device's storage failed (%1): %2").arg(what, lastError())};
}

int SqliteDb::userVersion() const
{
    SqliteStatement s = prepare("PRAGMA user_version");
    return s.step() == SQLITE_ROW ? int(s.int64(0)) : -1;
}

Status SqliteDb::setUserVersion(int version)
{
    const QByteArray sql = "PRAGMA user_version = " + QByteArray::number(version);
    return exec(sql.constData());
}
