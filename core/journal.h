#pragma once

#include <QString>

#include <functional>
#include <optional>
#include <utility>

#include "journalentry.h"
#include "result.h"
#include "sqlite.h"
#include "totalsbucket.h"

/**
 * A device's append-only, hash-chained, signed journal in SQLite (WAL, synchronous=FULL, one
 * transaction per entry; triggers refuse UPDATE and DELETE). ARCHITECTURE.md rules 2 and 3:
 * append() assigns the next seq, chains, hashes, signs and returns only after the commit is
 * durable; only then may the UI say "paid" and the printer start.
 *
 * Beside the entries it keeps their totals per shift, collector and hour (TotalsBucket, table
 * journal_totals), updated in the same transaction as each append: derived data, not the signed
 * record, rebuilt from the facts on open when missing or not matching the entries.
 */
class Journal
{
public:
    struct Options
    {
        /// Only tests lower this, to show the power-loss test catches the difference.
        enum class Sync { Full, Normal } sync = Sync::Full;
        const char *vfs = nullptr; ///< a fault-injecting VFS in tests; the default otherwise
    };

    Journal(QString path, QString deviceId, const DeviceKey &key, Options options);
    Journal(QString path, QString deviceId, const DeviceKey &key)
        : Journal(std::move(path), std::move(deviceId), key, Options{})
    {
    }
    ~Journal();
    Journal(const Journal &) = delete;
    Journal &operator=(const Journal &) = delete;

    [[nodiscard]] Status open();
    void close();

    /// Appends one entry (seq, prevHash, hash, signature filled in here). Durable on success.
    [[nodiscard]] Result<JournalEntry> append(EntryKind kind, const QCborMap &body, qint64 timeMs,
                                              const QString &collectorId, qint64 shiftSeq);

    [[nodiscard]] qint64 lastSeq() const;
    /// The last seq as stored now, re-read from the file: it sees entries that another
    /// connection (the app's Journal, when this one is the sync thread's) appended since open().
    [[nodiscard]] qint64 storedLastSeq() const;
    [[nodiscard]] QByteArray lastHash() const; ///< 32 zero bytes when empty
    [[nodiscard]] std::optional<JournalEntry> entry(qint64 seq) const;
    /// Entries from..to inclusive, in seq order; stops early if the callback returns false.
    void forEach(qint64 fromSeq, qint64 toSeq, const std::function<bool(const JournalEntry &)> &callback) const;
    /// A row as stored: its derived columns, the signed entry and the hash column, undecoded.
    struct StoredRow
    {
        JournalFact fact; ///< the columns (fact.seq is the row's seq)
        QByteArray entry; ///< JournalEntry::toCbor()
        QByteArray hash;
    };
    /// Rows as stored, for the verifier (which checks columns against the entry); seq order.
    /// An error if the file could not be read to the end (a damaged page).
    [[nodiscard]] Status forEachStored(qint64 fromSeq, qint64 toSeq,
                                       const std::function<bool(const StoredRow &)> &callback) const;
    /// Facts (columns only, no decoding), in seq order; stops early if the callback returns false.
    void forEachFact(qint64 fromSeq, qint64 toSeq, const std::function<bool(const JournalFact &)> &callback) const;

    /** Which journal_totals rows to read. Every set criterion must hold; none set is every row. */
    struct TotalsQuery
    {
        std::optional<qint64> shiftSeq;                 ///< the shift's rows, and the entry that opened it
        std::optional<std::pair<qint64, qint64>> hours; ///< first and last TotalsBucket::hour, inclusive
        std::optional<QString> collectorId;
    };
    /// The totals rows that match, read in one snapshot together with the journal's last seq,
    /// which is returned. An error when there are no totals to read, or they do not add up to
    /// the entries they summarise (count and last seq): then fold the facts instead.
    [[nodiscard]] Result<qint64> forEachTotalsBucket(const TotalsQuery &query,
                                                     const std::function<void(const TotalsBucket &)> &callback) const;

    [[nodiscard]] QString deviceId() const;
    [[nodiscard]] SqliteDb &database(); ///< for the print queue kept in the same file

    /// The sync client's marks kept with the journal (table sync_state, owned here): "acknowledged",
    /// "locked" ("1" while the center has the terminal locked), "wipe_command" (the id of a wipe
    /// the center ordered, "0" when none), the request counter… Read from the file each time, so
    /// another connection's write is seen at once. append() refuses a Payment or Void while
    /// locked and any entry while a wipe is pending, checked under its write lock.
    [[nodiscard]] QString state(const char *key, const QString &fallback = QString()) const;
    [[nodiscard]] Status setState(const char *key, const QString &value);
    /// Whether append() would take an entry of this kind now (locked, wipe pending): for a caller
    /// that appends two entries for one action and must not leave the first alone.
    [[nodiscard]] Status appendAllowed(EntryKind kind) const;

private:
    [[nodiscard]] Status openDatabase();
    /// The last row's seq and hash (0 and 32 zero bytes when empty).
    [[nodiscard]] Result<std::pair<qint64, QByteArray>> readLast() const;
    /// Rebuilds journal_totals from the facts unless it is there and adds up to the entries.
    [[nodiscard]] Status ensureTotals();

    struct Impl;
    Impl *d;
};
