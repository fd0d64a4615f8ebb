#pragma once

#include <QCborArray>
#include <QString>
#include <QStringList>

#include <optional>

#include "result.h"

/**
 * Where a terminal keeps its data, in one place: every file the app, the desk, the route, the
 * print queue and the sync client open is named here, and so is what a wipe erases.
 */
namespace TerminalFiles {

[[nodiscard]] QString journal(const QString &dataDir);     ///< the signed journal and the sync marks (SQLite)
[[nodiscard]] QString route(const QString &dataDir);       ///< the route snapshot (SQLite)
[[nodiscard]] QString printQueue(const QString &dataDir);  ///< print jobs (SQLite)
[[nodiscard]] QString deviceKey(const QString &dataDir);   ///< the Ed25519 key, 0600
[[nodiscard]] QString identity(const QString &dataDir);    ///< who this terminal is at the center
[[nodiscard]] QString roster(const QString &dataDir);      ///< collectors and supervisors with PIN hashes
[[nodiscard]] QString clock(const QString &dataDir);       ///< the trusted clock's anchor
[[nodiscard]] QString limits(const QString &dataDir);      ///< the center's exposure limits, as last received
[[nodiscard]] QString corrections(const QString &dataDir); ///< payments the center reversed, as last received
[[nodiscard]] QString settings(const QString &dataDir);    ///< language, printer, text size: kept by a wipe
/// The folder a journal export goes to when no memory card is in (made on demand): kept by a
/// wipe, like an export on a card, since it is the collector's copy to hand in.
[[nodiscard]] QString exports(const QString &dataDir);

/// Every path a wipe erases, SQLite's -wal/-shm/-journal files included.
[[nodiscard]] QStringList wipedByWipe(const QString &dataDir);

/**
 * Erases the terminal's data (journal, route, print queue, key, identity, roster, clock) and
 * keeps its settings, so that it starts again as a new terminal. Writes a marker first and
 * removes it last: a wipe cut short (power, a crash) is finished at the next start, before
 * anything is opened (wipeUnfinished). Only ever called once the center holds every entry.
 */
[[nodiscard]] Status wipe(const QString &dataDir);
[[nodiscard]] bool wipeUnfinished(const QString &dataDir);

/// A list the center sends the terminal (limits, corrections) kept as one CBOR array, written
/// whole or not at all (QSaveFile). The file's error string when it could not be written.
[[nodiscard]] std::optional<QString> saveCborArray(const QString &path, const QCborArray &array);
/// The array in the file: empty when there is no file; nullopt when it does not read back as an
/// array of at most `maxBytes` (a damaged file is never taken for "nothing").
[[nodiscard]] std::optional<QCborArray> loadCborArray(const QString &path, qint64 maxBytes);

} // namespace TerminalFiles
