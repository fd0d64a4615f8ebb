// The supervisors' desk under a busy branch's day (issue 18): PAYMENTS payments (default 100,000)
// taken that day by COLLECTORS collectors (default 500, one terminal each) on 50 routes of one
// branch, 1 % of them voided, every account's bill in the books; the branch's supervisor opens
// the day page.
//   BENCH desk_day_page_ms        server time for the day page (DeskApp, no network), median of 5,
//                                 on the embedded SQLite
//   BENCH desk_day_page_bytes     its size
//   BENCH desk_day_page_pg_ms     the same on PostgreSQL (a center's production database)
// Target: at most 300 ms.
// Usage: bench_desk [payments [collectors]]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "centerimport.h"
#include "deskapp.h"
#include "deskusers.h"
#include "pgtestserver.h"
#include "routebranches.h"
#include "synctestkit.h"

using namespace SyncTestKit;

namespace {

constexpr int Routes = 50;

int argument(int index, int fallback)
{
    const QStringList args = QCoreApplication::arguments();
    bool ok = false;
    const int n = args.size() > index ? args.at(index).toInt(&ok) : fallback;
    return args.size() > index && (!ok || n < 1)
               ? (std::fprintf(stderr, "usage: bench_desk [payments [collectors]]\n"), std::exit(2), 0)
               : n;
}

template<typename T>
bool check(const Result<T> &r, const char *what)
{
    if (!r.ok())
        std::fprintf(stderr, "bench_desk: %s: %s\n", what, qPrintable(r.error().message));
    return r.ok();
}

/// The day's facts straight into the tables the desk reads (the ingest's own speed is
/// bench_evening's): terminals, payments with their ledger rows, and 1 % voided.
bool fillDay(const CenterDatabase &db, int payments, int collectors, qint64 dayStartMs)
{
    CenterTransaction tx(db);
    if (!check(tx.begin(), "begin"))
        return false;
    const QByteArray key(32, '\1');
    for (int c = 0; c < collectors; ++c) {
        if (!check(db.exec(QStringLiteral("INSERT INTO devices (id, public_key, route, state, head_seq, head_hash, "
                                          "ledger_seq, enrolled_ms, last_sync_ms) VALUES (?, ?, ?, 'active', ?, ?, ?, "
                                          "?, ?)"),
                           {QStringLiteral("dev-%1").arg(c), key, QStringLiteral("R%1").arg(c % Routes + 1),
                            qint64(payments), QByteArray(32, '\2'), qint64(payments), dayStartMs - 86'400'000,
                            dayStartMs + 12 * 3'600'000}),
                   "device"))
            return false;
    }
    const int perRoute = payments / Routes;
    std::vector<qint64> seqOf(size_t(collectors), 0);
    for (int p = 0; p < payments; ++p) {
        const int route = p % Routes + 1;
        const int i = (p / Routes) % std::max(1, perRoute);
        const int device = p % collectors;
        const qint64 seq = ++seqOf[size_t(device)];
        const QString deviceId = QStringLiteral("dev-%1").arg(device);
        const qint64 at = dayStartMs + qint64(p) * (10 * 3'600'000LL) / payments; // 08:00 to 18:00
        const QVariantList entry{deviceId,
                                 seq,
                                 qint64(EntryKind::Payment),
                                 at,
                                 QStringLiteral("C%1").arg(device, 3, 10, QLatin1Char('0')),
                                 qint64(1),
                                 accountNumber(route, i),
                                 qint64(p % 3 == 0 ? 2 : 1),
                                 BillFen,
                                 qint64(0),
                                 qint64(0),
                                 qint64(0),
                                 qint64(0),
                                 QByteArray(32, '\3'),
                                 QByteArray(1, '\0'),
                                 at};
        if (!check(db.exec(QStringLiteral("INSERT INTO journal_entries (device_id, seq, kind, time_ms, collector_id, "
                                          "shift_seq, account, method, amount_fen, penalty_fen, prepaid_fen, ref_seq, "
                                          "outcome, hash, entry, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                          "?, ?, ?, ?, ?, ?)"),
                           entry),
                   "entry"))
            return false;
        const bool voided = p % 100 == 99;
        if (!check(db.exec(QStringLiteral("INSERT INTO ledger_payments (device_id, seq, account, amount_fen, "
                                          "to_bills_fen, to_prepaid_fen, voided_by_seq) VALUES (?, ?, ?, ?, ?, 0, ?)"),
                           {deviceId, seq, accountNumber(route, i), BillFen, BillFen,
                            voided ? QVariant(seq + 1) : QVariant(QMetaType(QMetaType::LongLong))}),
                   "ledger payment") ||
            !check(db.exec(QStringLiteral("INSERT INTO ledger_lines (device_id, seq, bill_id, amount_fen, "
                                          "penalty_fen) VALUES (?, ?, ?, ?, 0)"),
                           {deviceId, seq, billId(route, i), BillFen}),
                   "ledger line"))
            return false;
        if (voided) {
            const qint64 voidSeq = ++seqOf[size_t(device)];
            QVariantList v = entry;
            v[1] = voidSeq;
            v[2] = qint64(EntryKind::Void);
            v[3] = at + 60'000;
            v[8] = qint64(0);
            v[11] = seq;
            v[15] = at + 60'000;
            if (!check(db.exec(QStringLiteral("INSERT INTO journal_entries (device_id, seq, kind, time_ms, "
                                              "collector_id, shift_seq, account, method, amount_fen, penalty_fen, "
                                              "prepaid_fen, ref_seq, outcome, hash, entry, received_ms) VALUES (?, ?, "
                                              "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                               v),
                       "void"))
                return false;
        }
    }
    return check(tx.commit(), "commit");
}

/// The median server time of the day page and its size, for the branch's supervisor.
bool measure(const CenterDatabase &db, CenterStore &store, QDate day, double &medianMs, qint64 &bytes)
{
    DeskApp desk(db, store,
                 DeskApp::Config{.zone = QTimeZone::utc(),
                                 .tls = false,
                                 .maxDays = 92,
                                 .enrolCenter = QStringLiteral("http://127.0.0.1:8080"),
                                 .enrolPin = {}});
    DeskRequest form;
    form.path = QStringLiteral("/desk/login");
    const DeskResponse blank = desk.handle(form);
    const qsizetype at = blank.body.indexOf("name=\"login_csrf\" value=\"");
    DeskRequest login;
    login.post = true;
    login.path = QStringLiteral("/desk/login");
    login.body = "login_csrf=" + blank.body.mid(at + 25, 43) + "&name=branch.supervisor&password=correct+horse+battery";
    for (const auto &[name, value] : blank.headers) {
        if (name == "Set-Cookie")
            login.cookie = value.left(value.indexOf(';'));
    }
    const DeskResponse in = desk.handle(login);
    QByteArray cookie;
    for (const auto &[name, value] : in.headers) {
        if (name == "Set-Cookie")
            cookie = value.left(value.indexOf(';'));
    }
    if (in.status != 303 || cookie.isEmpty())
        return std::fprintf(stderr, "bench_desk: the supervisor could not log in (%d)\n", in.status), false;
    DeskRequest page;
    page.path = QStringLiteral("/desk/day");
    page.query = QUrlQuery(QStringLiteral("date=") + day.toString(Qt::ISODate));
    page.cookie = cookie;
    std::vector<double> times;
    for (int run = 0; run < 5; ++run) {
        QElapsedTimer timer;
        timer.start();
        const DeskResponse r = desk.handle(page);
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (r.status != 200)
            return std::fprintf(stderr, "bench_desk: the day page answered %d\n", r.status), false;
        bytes = r.body.size();
    }
    std::sort(times.begin(), times.end());
    medianMs = times[times.size() / 2];
    return true;
}

/// A center on `backend` with the branch's accounts, its day and its supervisor.
bool setUp(const QString &backend, const QString &dir, int payments, int collectors, Center &center)
{
    auto url = CenterTestDb::freshUrl(backend, dir, QStringLiteral("desk"));
    if (!url.ok())
        return std::fprintf(stderr, "bench_desk: %s\n", qPrintable(url.error().message)), false;
    auto opened = openCenter(url.value());
    if (!opened.ok())
        return std::fprintf(stderr, "bench_desk: %s\n", qPrintable(opened.error().message)), false;
    center = std::move(opened).value();
    const qint64 now = dayStart(20);
    center.store->setClock([now] { return now; });
    const Extract x = writeExtract(dir, Routes, std::max(1, payments / Routes));
    if (!check(CenterImport(*center.store).run(x.accounts, x.bills, x.policy, x.collectors), "import"))
        return false;
    RouteBranches branches(*center.db);
    for (int r = 1; r <= Routes; ++r) {
        if (!check(branches.assign(QStringLiteral("R%1").arg(r), QStringLiteral("B1")), "branch"))
            return false;
    }
    if (!check(DeskUsers(*center.db)
                   .add(QStringLiteral("branch.supervisor"), DeskUser::Role::Supervisor, QStringLiteral("B1"),
                        QStringLiteral("correct horse battery"), now, 1000),
               "user"))
        return false;
    return fillDay(*center.db, payments, collectors, dayStart());
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int payments = argument(1, 100'000);
    const int collectors = argument(2, 500);
    const QDate day = QDateTime::fromMSecsSinceEpoch(dayStart(), QTimeZone::utc()).date();
    std::fprintf(stderr, "bench_desk: %d payments by %d collectors on %d routes\n", payments, collectors, Routes);
    int status = 0;
    for (const QString &backend : {QStringLiteral("sqlite"), QStringLiteral("postgres")}) {
        QTemporaryDir dir;
        Center center;
        double ms = 0;
        qint64 bytes = 0;
        if (!setUp(backend, dir.path(), payments, collectors, center) ||
            !measure(*center.db, *center.store, day, ms, bytes)) {
            status = 1;
            continue;
        }
        if (backend == QLatin1String("sqlite")) {
            std::printf("BENCH desk_day_page_ms %.2f ms\n", ms);
            std::printf("BENCH desk_day_page_bytes %lld bytes\n", static_cast<long long>(bytes));
        } else {
            std::printf("BENCH desk_day_page_pg_ms %.2f ms\n", ms);
        }
        std::fflush(stdout);
    }
    return status;
}
