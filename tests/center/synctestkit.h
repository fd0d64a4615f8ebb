#pragma once

#include <QDateTime>
#include <QProcess>
#include <QString>

#include <memory>

#include "centerdatabase.h"
#include "centerstore.h"
#include "journal.h"
#include "journalentry.h"
#include "journalingest.h"
#include "money.h"
#include "result.h"
#include "syncclient.h"

/**
 * Building blocks for the sync tests and benchmarks: a billing extract as CSV, a center with it
 * imported, enrolled devices with real journals, and a simulated collection day whose expected
 * totals the test computes independently of the center.
 */
namespace SyncTestKit {

/// Ten-digit account number of account i on the route (no check digit).
[[nodiscard]] QString accountNumber(int route, int i);
[[nodiscard]] QString billId(int route, int i);
inline constexpr qint64 BillFen = 12'345; ///< every bill: ¥123.45, due 2026-10-20

struct Extract
{
    QString accounts;
    QString bills;
    QString policy;
    QString collectors;
};
/// accounts.csv / bills.csv / policy.csv / collectors.csv in `dir`: `perRoute` accounts with one
/// open bill each, on routes R1..Rn.
[[nodiscard]] Extract writeExtract(const QString &dir, int routes, int perRoute);
/// The app's end-to-end center: route R1 of `perRoute` accounts imported from an extract written
/// in `dir`, collected by C001 王师傅 (PIN 1234) with S001 李站长 (PIN 9999) as supervisor.
[[nodiscard]] Status importRouteR1(CenterStore &store, const QString &dir, int perRoute);

struct Center
{
    std::unique_ptr<CenterDatabase> db;
    std::unique_ptr<CenterStore> store;
};
/// Opens (and migrates) the database at `url` under a unique connection name.
[[nodiscard]] Result<Center> openCenter(const QString &url);

struct Device
{
    QString id;
    QString route;
    QString keyPath;
    QString journalPath;
    std::unique_ptr<DeviceKey> key;
    std::unique_ptr<Journal> journal;
};
/// A device with a fresh key and journal in `dir`, enrolled at the center on `route`.
[[nodiscard]] Result<Device> enrolDevice(CenterStore &store, const QString &dir, const QString &id,
                                         const QString &route);

struct DayTotals
{
    qint64 payments = 0; ///< not voided
    Money amount;        ///< Σ not voided
    qint64 voids = 0;
    Money voided;
    qint64 visits = 0;
    qint64 entries = 0;
};

/// Appends a collection day to the journal: shift opened, `payments` cash/card payments on
/// accounts 0.. of `route` (every 7th overpays, every 11th is voided by a supervisor), a visit
/// every 5th account, the handover and the shift closed. Entries are timed from `dayStartMs`.
[[nodiscard]] Result<DayTotals> simulateDay(Journal &journal, int route, int payments, qint64 dayStartMs,
                                            const QString &collector = QStringLiteral("C001"));

/// A payment record settling the bill of account i in full (plus `extra` fen to prepaid).
[[nodiscard]] PaymentRecord payment(int route, int i, qint64 extraFen = 0, PaymentMethod method = PaymentMethod::Cash);

/// 2026-11-02 00:00 UTC plus the hours given, in ms.
[[nodiscard]] qint64 dayStart(int hours = 8);

/// Entries `from`..`to` of a journal, as a batch would carry them.
[[nodiscard]] QList<JournalEntry> journalEntries(const Journal &journal, qint64 from, qint64 to);
/// The device's journal from seq `from` to its end, as one batch into `ingest` (no ledger).
[[nodiscard]] Result<WireProtocol::JournalAck> uploadJournal(JournalIngest &ingest, const Device &device, qint64 from);

/// A sync client for `device` talking to `center` (http://127.0.0.1:port): quick retries, no
/// periodic sync during a test; the caller sets the batch sizes it wants.
[[nodiscard]] SyncClientConfig clientConfig(const Device &device, const QUrl &center);

/// `serve --db URL --listen 127.0.0.1:0 --time-zone UTC`: a center process on a free port.
[[nodiscard]] QStringList serveArguments(const QString &dbUrl);
/// Starts `program` with `args` (a serve) in `process` and reads the port from the first line it
/// prints ("listening on 127.0.0.1:PORT"); an Error with what it said when it does not.
[[nodiscard]] Result<quint16> startServing(QProcess &process, const QString &program, const QStringList &args);

} // namespace SyncTestKit
