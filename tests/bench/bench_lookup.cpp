// Lookup latency on a district-sized route (default 1,000,000 accounts; first argument: fewer).
//   BENCH lookup_exact_p50_us / lookup_exact_p99_us   RouteStore::findByNumber
//   BENCH lookup_exact_floor_p99_us                   the same lookups, bare prepared sqlite3 statement
//   BENCH lookup_fragment_p99_ms                      RouteStore::search, 1-3 character fragments
#include <QCoreApplication>
#include <QFile>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <chrono>
#include <vector>

#include <sqlite3.h>

#include "benchsupport.h"
#include "routestore.h"

namespace {

using Clock = std::chrono::steady_clock;

double microseconds(Clock::duration d)
{
    return double(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count()) / 1000.0;
}

constexpr const char *AccountSql = "SELECT number, name, address, village, walk_order, meter, class, phone, "
                                   "prepaid_fen FROM account WHERE number = ?1";

/** The floor: what a bare prepared statement on the same file costs for the same row. */
class BareLookup
{
public:
    explicit BareLookup(const QString &path)
    {
        sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, SQLITE_OPEN_READONLY, nullptr);
        // The same settings RouteStore uses on its connection.
        sqlite3_exec(m_db, "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -8192;", nullptr, nullptr, nullptr);
        sqlite3_prepare_v3(m_db, AccountSql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    }
    ~BareLookup()
    {
        sqlite3_finalize(m_stmt);
        sqlite3_close(m_db);
    }
    BareLookup(const BareLookup &) = delete;
    BareLookup &operator=(const BareLookup &) = delete;

    [[nodiscard]] bool isValid() const { return m_stmt != nullptr; }

    /// Reads every column the store reads; returns the bytes seen so nothing is optimised away.
    qint64 lookup(const QByteArray &number)
    {
        qint64 seen = 0;
        sqlite3_bind_text(m_stmt, 1, number.constData(), int(number.size()), SQLITE_STATIC);
        if (sqlite3_step(m_stmt) == SQLITE_ROW) {
            for (int c = 0; c < 9; ++c) {
                if (c == 4 || c == 8)
                    seen += sqlite3_column_int64(m_stmt, c);
                else
                    seen += sqlite3_column_bytes(m_stmt, c) + (sqlite3_column_text(m_stmt, c) != nullptr);
            }
        }
        sqlite3_reset(m_stmt);
        return seen;
    }

private:
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
};

/// Rows picked at random, read with a bare statement outside any timing.
struct Sample
{
    QStringList numbers;
    QStringList names;
    QStringList addresses;
    QStringList latinNames;
};

Sample sampleRoute(const QString &path, qint64 accounts, int count, QRandomGenerator &rng)
{
    Sample s;
    sqlite3 *db = nullptr;
    sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *byId = nullptr;
    sqlite3_prepare_v2(db, "SELECT number, name, address FROM account WHERE id = ?1", -1, &byId, nullptr);
    for (int i = 0; i < count; ++i) {
        sqlite3_bind_int64(byId, 1, 1 + qint64(rng.bounded(quint64(accounts))));
        if (sqlite3_step(byId) == SQLITE_ROW) {
            const auto text = [byId](int c) {
                return QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(byId, c)),
                                         sqlite3_column_bytes(byId, c));
            };
            s.numbers.append(text(0));
            s.names.append(text(1));
            s.addresses.append(text(2));
        }
        sqlite3_reset(byId);
    }
    sqlite3_finalize(byId);
    sqlite3_stmt *latin = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM account WHERE name GLOB '[A-Za-z]*' LIMIT 2000", -1, &latin, nullptr);
    while (sqlite3_step(latin) == SQLITE_ROW)
        s.latinNames.append(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(latin, 0))));
    sqlite3_finalize(latin);
    sqlite3_close(db);
    return s;
}

/// 1-3 characters as a collector types them: part of a name or address, or the start of a
/// Latin word.
QStringList fragments(const Sample &s, int count, QRandomGenerator &rng)
{
    QStringList list;
    while (list.size() < count) {
        const int kind = int(rng.bounded(10));
        if (kind < 2 && !s.latinNames.isEmpty()) {
            const QString name = s.latinNames.at(qsizetype(rng.bounded(quint32(s.latinNames.size()))));
            const QStringList words = name.split(QLatin1Char(' '));
            const QString &word = words.at(qsizetype(rng.bounded(quint32(words.size()))));
            list.append(word.left(1 + qsizetype(rng.bounded(3))));
            continue;
        }
        const qsizetype i = qsizetype(rng.bounded(quint32(s.names.size())));
        const QString &text = kind < 6 ? s.names.at(i) : s.addresses.at(i);
        const qsizetype length = std::min<qsizetype>(text.size(), 1 + qsizetype(rng.bounded(3)));
        const QString fragment = text.mid(qsizetype(rng.bounded(quint32(text.size() - length + 1))), length);
        if (fragment.front().isLowSurrogate() || fragment.back().isHighSurrogate() || fragment.trimmed().isEmpty())
            continue;
        list.append(fragment);
    }
    return list;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 accounts = bench::accountsArgument(1'000'000);
    QTemporaryDir dir;
    const QString worklist = dir.filePath(QStringLiteral("worklist.txt"));
    const QString route = dir.filePath(QStringLiteral("route.db"));
    if (!dir.isValid() || !bench::generateWorklist(accounts, worklist))
        return 1;

    RouteStore store(route);
    if (!store.open().ok())
        return 1;
    const Result<WorklistSummary> imported = store.importWorklist(worklist);
    if (!imported.ok()) {
        QTextStream(stderr) << "import failed: " << imported.error().message << '\n';
        return 1;
    }
    QFile::remove(worklist);
    std::fprintf(stderr, "bench_lookup: %lld accounts, %lld bills\n", static_cast<long long>(imported->accounts),
                 static_cast<long long>(imported->bills));

    QRandomGenerator rng(20250115);
    constexpr int Lookups = 20'000;
    constexpr int Warmup = 5'000;
    const Sample sample = sampleRoute(route, accounts, Lookups + Warmup, rng);
    BareLookup bare(route);
    if (!bare.isValid() || sample.numbers.size() < Lookups + Warmup)
        return 1;
    std::vector<QByteArray> utf8;
    utf8.reserve(size_t(sample.numbers.size()));
    for (const QString &n : sample.numbers)
        utf8.push_back(n.toUtf8());

    // Warm both paths on numbers not measured (first-use costs: statement, page faults).
    qint64 sink = 0;
    for (int i = 0; i < Warmup; ++i) {
        sink += store.findByNumber(sample.numbers.at(i)).has_value();
        sink += bare.lookup(utf8[size_t(i)]);
    }

    // Each number looked up by both, alternating which goes first, so neither inherits the
    // other's warmed pages more often.
    std::vector<double> storeUs, bareUs;
    storeUs.reserve(Lookups);
    bareUs.reserve(Lookups);
    int missing = 0;
    for (int i = Warmup; i < Warmup + Lookups; ++i) {
        const QString &number = sample.numbers.at(i);
        const auto timeStore = [&] {
            const auto t0 = Clock::now();
            const std::optional<Account> a = store.findByNumber(number);
            const auto t1 = Clock::now();
            missing += !a.has_value();
            storeUs.push_back(microseconds(t1 - t0));
        };
        const auto timeBare = [&] {
            const auto t0 = Clock::now();
            sink += bare.lookup(utf8[size_t(i)]);
            const auto t1 = Clock::now();
            bareUs.push_back(microseconds(t1 - t0));
        };
        if (i % 2) {
            timeStore();
            timeBare();
        } else {
            timeBare();
            timeStore();
        }
    }
    if (missing) {
        std::fprintf(stderr, "bench_lookup: %d sampled accounts not found\n", missing);
        return 1;
    }

    constexpr int Searches = 2'000;
    const QStringList typed = fragments(sample, Searches, rng);
    for (int i = 0; i < 100; ++i) // warm
        sink += store.search(typed.at(i)).size();
    std::vector<double> searchMs;
    searchMs.reserve(Searches);
    qint64 hits = 0;
    for (const QString &f : typed) {
        const auto t0 = Clock::now();
        const QList<Account> found = store.search(f);
        const auto t1 = Clock::now();
        hits += found.size();
        searchMs.push_back(microseconds(t1 - t0) / 1000.0);
    }
    // The slowest fragments, for whoever tunes the search next.
    std::vector<size_t> order(searchMs.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return searchMs[a] > searchMs[b]; });
    for (size_t k = 0; k < 5 && k < order.size(); ++k)
        std::fprintf(stderr, "bench_lookup: slow fragment \"%s\" %.2f ms\n", qPrintable(typed.at(qsizetype(order[k]))),
                     searchMs[order[k]]);
    std::fprintf(stderr, "bench_lookup: %d fragment searches, %.1f results each on average (checksum %lld)\n", Searches,
                 double(hits) / Searches, static_cast<long long>(sink));

    bench::report("lookup_exact_p50_us", bench::percentile(storeUs, 50), "us");
    bench::report("lookup_exact_p99_us", bench::percentile(storeUs, 99), "us");
    bench::report("lookup_exact_floor_p50_us", bench::percentile(bareUs, 50), "us");
    bench::report("lookup_exact_floor_p99_us", bench::percentile(bareUs, 99), "us");
    bench::report("lookup_fragment_p50_ms", bench::percentile(searchMs, 50), "ms");
    bench::report("lookup_fragment_p99_ms", bench::percentile(searchMs, 99), "ms");
    return 0;
}
