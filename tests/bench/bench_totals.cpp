// DailyTotals over a 100,000-entry journal: compute(), which sums the journal's hour totals, and
// beside it the fold over Journal::forEachFact (what the center runs) and the floor of that scan
// with an empty callback (what reading the columns alone costs on this machine).
// Usage: bench_totals [entries] [runs] [journal file: reused if it exists, else built there and kept]
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <random>
#include <time.h>
#include <vector>

#include "dailytotals.h"
#include "journal.h"
#include "trustedclock.h"

namespace {

constexpr double TargetMs = 50.0; // per the issue, on a release build

void bench(const char *name, double value, const char *unit)
{
    std::printf("BENCH %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

// This machine is shared: wall time swings with the neighbours' load. Thread CPU time is printed
// beside it as the steadier estimate of what an idle device would see.
double cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/**
 * A realistic mix, shift by shift (one a day per collector, five collectors): open with a float;
 * per door a payment (cash 70 %, card 15 %, transfer 10 %, voucher 5 %) with its receipt and the
 * odd reprint, or a visit of some outcome; a void now and then; a handover at noon; the close.
 */
bool build(Journal &journal, qint64 entries)
{
    std::mt19937 rng(20240501);
    std::uniform_int_distribution<int> percent(0, 99);
    const QStringList collectors{QStringLiteral("C01"), QStringLiteral("C02"), QStringLiteral("C03"),
                                 QStringLiteral("C04"), QStringLiteral("C05")};
    qint64 day = 0;
    qint64 account = 0;
    const auto add = [&](EntryKind kind, const QCborMap &body, qint64 timeMs, const QString &who, qint64 shift) {
        return journal.append(kind, body, timeMs, who, shift).ok();
    };
    while (journal.lastSeq() < entries) {
        for (const QString &who : collectors) {
            if (journal.lastSeq() >= entries)
                break;
            qint64 t = TrustedClock::startOfDayMs(QDate(2024, 1, 1).addDays(day), 8 * 3600) + 8 * 3600'000;
            const qint64 shift = journal.lastSeq() + 1;
            if (!add(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(200)}), t, who, shift))
                return false;
            Money cash = Money::fromYuan(200);
            qint64 lastPayment = 0;
            bool lastVoidable = false;
            for (int door = 0; door < 120 && journal.lastSeq() < entries - 3; ++door) {
                t += 180'000;
                const QString number = QStringLiteral("31%1").arg(++account % 1000000, 8, 10, QLatin1Char('0'));
                const int roll = percent(rng);
                if (roll < 70) {
                    PaymentRecord p;
                    p.accountNumber = number;
                    const int m = percent(rng);
                    p.method = m < 70   ? PaymentMethod::Cash
                               : m < 85 ? PaymentMethod::BankCard
                               : m < 95 ? PaymentMethod::BankTransfer
                                        : PaymentMethod::RechargeVoucher;
                    p.amount = Money::fromFen(2000 + percent(rng) * 317);
                    p.tendered = p.amount;
                    if (p.method != PaymentMethod::Cash)
                        p.reference = QStringLiteral("REF%1").arg(account);
                    const Money penalty = Money::fromFen(percent(rng) < 40 ? 100 + percent(rng) * 7 : 0);
                    if (penalty.isPositive())
                        p.allocation.append({QStringLiteral("B%1").arg(account), QStringLiteral("2023-12"),
                                             AllocationLine::Part::Penalty, penalty});
                    p.allocation.append({QStringLiteral("B%1").arg(account), QStringLiteral("2023-12"),
                                         AllocationLine::Part::Principal, p.amount - penalty});
                    p.worklistVersion = day;
                    if (!add(EntryKind::Payment, toCbor(p), t, who, shift))
                        return false;
                    lastPayment = journal.lastSeq();
                    lastVoidable = true;
                    if (p.method == PaymentMethod::Cash)
                        cash += p.amount;
                    if (!add(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{lastPayment, 1}), t + 20'000, who,
                             shift))
                        return false;
                    if (percent(rng) < 5 && !add(EntryKind::ReceiptPrinted,
                                                 toCbor(ReceiptPrintedRecord{lastPayment, 2}), t + 40'000, who, shift))
                        return false;
                } else if (roll < 98) {
                    const auto outcome = VisitOutcome(1 + percent(rng) % 6);
                    const VisitRecord v{number, outcome,
                                        outcome == VisitOutcome::PromisedToPay ? QDate(2024, 12, 1) : QDate(),
                                        outcome == VisitOutcome::Note ? QStringLiteral("gate locked") : QString()};
                    if (!add(EntryKind::Visit, toCbor(v), t, who, shift))
                        return false;
                } else if (lastVoidable) {
                    if (!add(EntryKind::Void,
                             toCbor(VoidRecord{lastPayment, QStringLiteral("wrong account"), QStringLiteral("S01")}), t,
                             who, shift))
                        return false;
                    lastVoidable = false;
                }
                if (door == 60) {
                    if (!add(EntryKind::CashHandedOver,
                             toCbor(CashHandedOverRecord{Money::fromYuan(500), QStringLiteral("S01"), {}}), t, who,
                             shift))
                        return false;
                }
            }
            ShiftClosedRecord closed;
            closed.expectedCash = cash;
            closed.countedCash = cash;
            closed.denominations = {{10000, cash.fen() / 10000}};
            if (!add(EntryKind::ShiftClosed, toCbor(closed), t + 600'000, who, shift))
                return false;
        }
        ++day;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 entries = argc > 1 ? QByteArray(argv[1]).toLongLong() : 100'000;
    const int runs = argc > 2 ? QByteArray(argv[2]).toInt() : 9;
    if (entries < 100 || runs < 1)
        return 64;
    QTemporaryDir dir(QDir::currentPath() + QStringLiteral("/bench-totals-XXXXXX"));
    const QString keep = argc > 3 ? QString::fromLocal8Bit(argv[3]) : QString();
    const QString path = keep.isEmpty() ? dir.filePath(QStringLiteral("journal.sqlite")) : keep;
    const QString keyPath = path + QStringLiteral(".key");
    auto key = DeviceKey::loadOrCreate(keyPath);
    if (!key)
        return 1;

    QElapsedTimer timer;
    if (!QFile::exists(path) || keep.isEmpty()) {
        timer.start();
        Journal::Options fast;
        fast.sync = Journal::Options::Sync::Normal; // building only; the figures below read a reopened file
        Journal journal(path, QStringLiteral("D01"), *key, fast);
        if (!journal.open().ok() || !build(journal, entries))
            return 1;
        std::fprintf(stderr, "built the journal in %.1f s\n", double(timer.elapsed()) / 1000.0);
    }

    // Opening a journal without its totals (a file from before them) rebuilds them from the facts.
    {
        Journal dropper(path, QStringLiteral("D01"), *key);
        if (!dropper.open().ok() || !dropper.database().exec("DROP TABLE journal_totals").ok())
            return 2;
    }
    timer.start();
    {
        Journal rebuilt(path, QStringLiteral("D01"), *key);
        if (!rebuilt.open().ok())
            return 2;
    }
    const double rebuildMs = double(timer.nsecsElapsed()) / 1e6;

    Journal journal(path, QStringLiteral("D01"), *key);
    if (!journal.open().ok() || journal.lastSeq() < entries)
        return 2;
    const qint64 total = journal.lastSeq(); // the last shift's close may run a few entries over
    if (!DailyTotals::fromAggregates(journal, DailyTotals::Filter::all()))
        return 6; // compute() would be the fold: the figure below would not be what it says

    const QDate middleDay = TrustedClock::dateOf(journal.entry(total / 2)->timeMs, 8 * 3600);
    std::vector<double> floor, all, day, floorCpu, allCpu, fold, foldCpu, hours;
    qint64 scanned = 0;
    DailyTotals last;
    DailyTotals lastFold;
    for (int run = 0; run < runs; ++run) {
        double c = cpuMs();
        timer.start();
        qint64 n = 0;
        journal.forEachFact(1, total, [&](const JournalFact &) {
            ++n;
            return true;
        });
        floor.push_back(double(timer.nsecsElapsed()) / 1e6);
        floorCpu.push_back(cpuMs() - c);
        scanned = n;

        c = cpuMs();
        timer.start();
        lastFold = DailyTotals::fold(journal, DailyTotals::Filter::all());
        fold.push_back(double(timer.nsecsElapsed()) / 1e6);
        foldCpu.push_back(cpuMs() - c);

        c = cpuMs();
        timer.start();
        last = DailyTotals::compute(journal, DailyTotals::Filter::all());
        all.push_back(double(timer.nsecsElapsed()) / 1e6);
        allCpu.push_back(cpuMs() - c);

        timer.start();
        const auto perHour = DailyTotals::byHour(journal, middleDay);
        hours.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (perHour[12].count == 0)
            return 3;

        timer.start();
        const DailyTotals oneDay = DailyTotals::compute(journal, DailyTotals::Filter::onDay(middleDay));
        day.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (oneDay.entries() == 0)
            return 3;
    }
    if (scanned != total || last.entries() != total)
        return 4;
    // The two ways must agree (the test suite checks every figure; here the main ones).
    if (last.collected() != lastFold.collected() || last.expectedCashInHand() != lastFold.expectedCashInHand() ||
        last.penaltiesCollected() != lastFold.penaltiesCollected() || last.invalidVoids() != lastFold.invalidVoids() ||
        last.firstTimeMs() != lastFold.firstTimeMs() || last.lastTimeMs() != lastFold.lastTimeMs() ||
        last.lastSeq() != lastFold.lastSeq())
        return 5;
    std::fprintf(stderr, "%lld entries: %lld payments, collected %s, expected cash %s, %lld voids, %lld visits\n",
                 static_cast<long long>(total), static_cast<long long>(last.payments().count),
                 qPrintable(last.collected().amount.toPlainString()),
                 qPrintable(last.expectedCashInHand().toPlainString()), static_cast<long long>(last.voids().count),
                 static_cast<long long>(last.visits()));

    const double ours = median(all);
    const double base = median(floor);
    bench("totals_100k_ms", ours, "ms");
    bench("totals_100k_day_ms", median(day), "ms");
    bench("totals_100k_by_hour_ms", median(hours), "ms");
    bench("totals_100k_fold_ms", median(fold), "ms");
    bench("totals_100k_scan_floor_ms", base, "ms");
    bench("totals_100k_over_floor", ours / base, "x");
    bench("totals_100k_cpu_ms", median(allCpu), "ms");
    bench("totals_100k_fold_cpu_ms", median(foldCpu), "ms");
    bench("totals_100k_scan_floor_cpu_ms", median(floorCpu), "ms");
    bench("totals_100k_rebuild_on_open_ms", rebuildMs, "ms");
    std::fprintf(stderr, "target %.0f ms (wall, median, release build): %s\n", TargetMs,
                 ours <= TargetMs ? "met" : "NOT met");
    return 0;
}
