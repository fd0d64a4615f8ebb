#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <random>
#include <set>

#include <sqlite3.h>

#include "../journal/totalscheck.h"
#include "dailytotals.h"
#include "journal.h"
#include "trustedclock.h"

namespace {
qint64 local(const char *isoWithOffset)
{
    return QDateTime::fromString(QString::fromLatin1(isoWithOffset), Qt::ISODate).toMSecsSinceEpoch();
}

constexpr qint64 NoRate = std::numeric_limits<qint64>::min();

Money yuan(qint64 y)
{
    return Money::fromYuan(y);
}

PaymentRecord payment(PaymentMethod method, Money amount, Money penalty, Money prepaid)
{
    PaymentRecord p;
    p.accountNumber = QStringLiteral("3100000001");
    p.method = method;
    p.amount = amount;
    p.tendered = amount;
    if (penalty.isPositive())
        p.allocation.append(
            AllocationLine{QStringLiteral("B1"), QStringLiteral("2024-03"), AllocationLine::Part::Penalty, penalty});
    const Money principal = amount - penalty - prepaid;
    if (principal.isPositive())
        p.allocation.append(AllocationLine{QStringLiteral("B1"), QStringLiteral("2024-03"),
                                           AllocationLine::Part::Principal, principal});
    p.toPrepaid = prepaid;
    p.reference = method == PaymentMethod::Cash ? QString() : QStringLiteral("REF");
    p.worklistVersion = 1;
    return p;
}

ShiftClosedRecord closed(Money expected, Money counted)
{
    ShiftClosedRecord r;
    r.expectedCash = expected;
    r.countedCash = counted;
    r.denominations = {{10000, 2}};
    r.supervisorId = QStringLiteral("zhao");
    return r;
}

/** What one filter should add up to, computed by hand from the scenario in init(). */
struct Expected
{
    qint64 entries = 0;
    CountedAmount payments, cashPayments, cardPayments, voucherPayments, transferPayments;
    CountedAmount voids, cashVoids;
    CountedAmount collected, cashCollected;
    Money penalties, prepaid, settled;
    qint64 visits = 0, notHome = 0, promised = 0;
    qint64 printed = 0, reprinted = 0;
    CountedAmount handedOver;
    Money openingFloat, expectedCash;
    qint64 closes = 0;
    Money counted, difference;
    qint64 clockFlags = 0, invalidVoids = 0;
};

/**
 * A random journal for the property test: every kind of entry, three collectors whose shifts
 * interleave, days crossed at every offset tested, time that jumps, steps back and sits on hour
 * boundaries, voids of payments in other shifts, days and collectors, second voids, voids of
 * non-payments and of seqs not yet written, entries outside any shift, an opening filed under
 * another shift, and (written past the journal, as a newer app or a damaged row would leave them)
 * payments of methods this code does not know.
 */
class RandomJournal
{
public:
    RandomJournal(Journal &journal, quint32 seed)
        : m_journal(journal)
        , m_rng(seed)
    {
    }

    /// Appends `count` random entries; false (with the reason in `error`) if one was refused.
    bool append(int count)
    {
        for (int i = 0; i < count; ++i)
            if (!appendOne())
                return false;
        return true;
    }

    /// Payments of unknown methods (9 and 0) and a void of the first, written by raw SQL past the
    /// journal (which must be closed), then its totals are stale until it is opened again.
    bool writeUnknownMethodRows(const QString &path, qint64 lastSeq)
    {
        sqlite3 *db = nullptr;
        if (sqlite3_open(QFile::encodeName(path).constData(), &db) != SQLITE_OK)
            return false;
        const qint64 first = lastSeq + 1;
        m_time += 60'000;
        const QByteArray sql =
            QStringLiteral("INSERT INTO journal VALUES (%1, 2, %2, 'wang', %3, '3100000009', 9, 4321, 21, 0, 0, 0,"
                           " x'00', zeroblob(32));"
                           "INSERT INTO journal VALUES (%4, 2, %2, 'li', 0, '3100000010', 0, 777, 0, 7, 0, 0,"
                           " x'00', zeroblob(32));"
                           "INSERT INTO journal VALUES (%5, 3, %2, 'zhao', 0, '', 0, 0, 0, 0, %1, 0,"
                           " x'00', zeroblob(32));")
                .arg(first)
                .arg(m_time)
                .arg(m_shift.value(QStringLiteral("wang")))
                .arg(first + 1)
                .arg(first + 2)
                .toLatin1();
        char *message = nullptr;
        const bool ok = sqlite3_exec(db, sql.constData(), nullptr, nullptr, &message) == SQLITE_OK;
        error = QString::fromUtf8(message ? message : "");
        sqlite3_free(message);
        sqlite3_close(db);
        m_payments.push_back(first);
        m_payments.push_back(first + 1);
        m_voided.push_back(first);
        m_unknown = first + 1;
        return ok;
    }

    /// Voids the second unknown-method payment through append(), as the desk would.
    bool voidUnknownMethodPayment()
    {
        return add(EntryKind::Void, toCbor(VoidRecord{m_unknown, QStringLiteral("unknown"), QStringLiteral("zhao")}),
                   QStringLiteral("zhao"), 0);
    }

    QString error;

private:
    qint64 pick(qint64 n) { return std::uniform_int_distribution<qint64>(0, n - 1)(m_rng); }

    bool add(EntryKind kind, const QCborMap &body, const QString &who, qint64 shift, qint64 timeMs = -1)
    {
        const auto r = m_journal.append(kind, body, timeMs == -1 ? m_time : timeMs, who, shift);
        if (!r.ok()) {
            error = r.error().message;
            return false;
        }
        return true;
    }

    bool appendOne()
    {
        static const QStringList collectors{QStringLiteral("wang"), QStringLiteral("li"), QStringLiteral("zhao")};
        const QString who = collectors.at(pick(3));
        // Time: minutes pass; now and then hours (a night), a step back, or a whole hour exactly.
        const qint64 roll = pick(100);
        if (roll < 5)
            m_time += (3 + pick(18)) * 3'600'000;
        else if (roll < 8)
            m_time -= pick(1'800'000);
        else
            m_time += pick(40 * 60'000);
        if (pick(20) == 0)
            m_time = (m_time / 3'600'000 + 1) * 3'600'000;

        const qint64 next = m_journal.lastSeq() + 1;
        if (!m_shift.contains(who) || pick(100) < 6) {
            // An opening is filed under its own seq, except now and then (no shift, or another one).
            const qint64 column = pick(10) == 0 ? (pick(2) == 0 ? 0 : 1 + pick(next)) : next;
            m_shift[who] = next;
            return add(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromFen(pick(50'000))}), who, column);
        }
        const qint64 shift = m_shift.value(who);
        const qint64 kind = pick(100);
        if (kind < 35) {
            const auto method = PaymentMethod(1 + pick(4));
            const Money amount = Money::fromFen(1 + pick(80'000));
            const Money penalty = pick(3) == 0 ? Money::fromFen(pick(amount.fen() / 3 + 1)) : Money();
            const Money prepaid = pick(4) == 0 ? Money::fromFen(pick((amount - penalty).fen() + 1)) : Money();
            if (!add(EntryKind::Payment, toCbor(payment(method, amount, penalty, prepaid)), who, shift))
                return false;
            m_payments.push_back(next);
            return true;
        }
        if (kind < 50) {
            // Voids: a payment anywhere, one already voided, any entry at all, or a seq not yet written.
            qint64 target = 0;
            const qint64 which = pick(100);
            if (which < 50 && !m_payments.empty())
                target = m_payments[std::size_t(pick(qint64(m_payments.size())))];
            else if (which < 70 && !m_voided.empty())
                target = m_voided[std::size_t(pick(qint64(m_voided.size())))];
            else if (which < 90)
                target = 1 + pick(next - 1 > 0 ? next - 1 : 1);
            else
                target = next + pick(3);
            if (!add(EntryKind::Void, toCbor(VoidRecord{target, QStringLiteral("test"), QStringLiteral("zhao")}), who,
                     shift))
                return false;
            m_voided.push_back(target);
            return true;
        }
        if (kind < 65)
            return add(EntryKind::Visit,
                       toCbor(VisitRecord{QStringLiteral("3100000002"), VisitOutcome(1 + pick(6)), {}, {}}), who,
                       shift);
        if (kind < 77) {
            const qint64 paid = m_payments.empty() ? 1 : m_payments.back();
            return add(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{paid, int(1 + pick(3))}), who, shift);
        }
        if (kind < 83)
            return add(EntryKind::CashHandedOver,
                       toCbor(CashHandedOverRecord{Money::fromFen(pick(100'000)), QStringLiteral("zhao"), {}}), who,
                       shift);
        if (kind < 90) {
            m_shift.remove(who);
            return add(EntryKind::ShiftClosed,
                       toCbor(closed(Money::fromFen(pick(300'000)), Money::fromFen(pick(300'000)))), who, shift);
        }
        // A clock flag, sometimes outside any shift, rarely at a time before the epoch.
        const qint64 at = pick(25) == 0 ? -1 - pick(7'200'000) : m_time;
        return add(EntryKind::ClockFlag, toCbor(ClockFlagRecord{at, m_time, QStringLiteral("moved-backwards")}), who,
                   pick(3) == 0 ? 0 : shift, at);
    }

    Journal &m_journal;
    std::mt19937 m_rng;
    qint64 m_time = QDateTime::fromString(QStringLiteral("2024-05-01T06:00:00+08:00"), Qt::ISODate).toMSecsSinceEpoch();
    QMap<QString, qint64> m_shift; ///< collector → the seq of the shift they are in
    std::vector<qint64> m_payments;
    std::vector<qint64> m_voided;
    qint64 m_unknown = 0;
};

/** What one entry does to "collected", straight from the rules. */
struct Effect
{
    qint64 timeMs = 0;
    QString collectorId;
    CountedAmount collected;
};

/// A payment counts where it is, the first void of a payment where the void is, at that
/// payment's amount; nothing else moves money.
QList<Effect> effectsByRule(const Journal &journal)
{
    QList<Effect> out;
    std::map<qint64, Money> payments;
    std::set<qint64> voided;
    journal.forEachFact(1, std::numeric_limits<qint64>::max(), [&](const JournalFact &f) {
        Effect e{f.timeMs, f.collectorId, {}};
        if (f.kind == EntryKind::Payment) {
            payments[f.seq] = f.amount;
            e.collected = {1, f.amount};
        } else if (f.kind == EntryKind::Void && payments.count(f.refSeq) && voided.insert(f.refSeq).second) {
            e.collected = {-1, -payments[f.refSeq]};
        }
        out.append(e);
        return true;
    });
    return out;
}

std::array<CountedAmount, 24> hoursByRule(const QList<Effect> &effects, QDate day, int offset,
                                          const std::optional<QString> &collector)
{
    std::array<CountedAmount, 24> hours{};
    const qint64 start = TrustedClock::startOfDayMs(day, offset);
    for (const Effect &e : effects) {
        if (e.timeMs >= start && e.timeMs < start + 86'400'000 && (!collector || e.collectorId == *collector)) {
            CountedAmount &h = hours[std::size_t((e.timeMs - start) / 3'600'000)];
            h.count += e.collected.count;
            h.amount += e.collected.amount;
        }
    }
    return hours;
}
} // namespace

Q_DECLARE_METATYPE(DailyTotals::Filter)
Q_DECLARE_METATYPE(Expected)
Q_DECLARE_METATYPE(CountedAmount)
using HourFigures = QMap<int, CountedAmount>; // the hours that are not zero

class TestDailyTotals : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    DeviceKey m_key = DeviceKey::generate();
    std::unique_ptr<Journal> m_journal;

    void append(EntryKind kind, const QCborMap &body, const char *time, const char *collector, qint64 shift)
    {
        const auto r = m_journal->append(kind, body, local(time), QString::fromLatin1(collector), shift);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    }

    static void check(const DailyTotals &t, const Expected &e)
    {
        QCOMPARE(t.entries(), e.entries);
        QCOMPARE(t.payments(), e.payments);
        QCOMPARE(t.payments(PaymentMethod::Cash), e.cashPayments);
        QCOMPARE(t.payments(PaymentMethod::BankCard), e.cardPayments);
        QCOMPARE(t.payments(PaymentMethod::RechargeVoucher), e.voucherPayments);
        QCOMPARE(t.payments(PaymentMethod::BankTransfer), e.transferPayments);
        QCOMPARE(t.voids(), e.voids);
        QCOMPARE(t.voids(PaymentMethod::Cash), e.cashVoids);
        QCOMPARE(t.collected(), e.collected);
        QCOMPARE(t.collected(PaymentMethod::Cash), e.cashCollected);
        QCOMPARE(t.penaltiesCollected(), e.penalties);
        QCOMPARE(t.prepaidCredited(), e.prepaid);
        QCOMPARE(t.settled(), e.settled);
        QCOMPARE(t.visits(), e.visits);
        QCOMPARE(t.visits(VisitOutcome::NotHome), e.notHome);
        QCOMPARE(t.visits(VisitOutcome::PromisedToPay), e.promised);
        QCOMPARE(t.visits(VisitOutcome::Refused), 0);
        QCOMPARE(t.receiptsPrinted(), e.printed);
        QCOMPARE(t.receiptsReprinted(), e.reprinted);
        QCOMPARE(t.cashHandedOver(), e.handedOver);
        QCOMPARE(t.openingFloat(), e.openingFloat);
        QCOMPARE(t.expectedCashInHand(), e.expectedCash);
        QCOMPARE(t.shiftsClosed(), e.closes);
        QCOMPARE(t.countedCash(), e.counted);
        QCOMPARE(t.closingDifference(), e.difference);
        QCOMPARE(t.clockFlags(), e.clockFlags);
        QCOMPARE(t.invalidVoids(), e.invalidVoids);
        QCOMPARE(t.paymentsOfUnknownMethod().count, 0);
    }

    /// Every filter worth asking of a journal: all; each shift (by opening and by shift column, and
    /// some that match nothing); each day at +8, UTC and +5:30 (and the days either side); each
    /// collector; and their combinations.
    static QList<DailyTotals::Filter> filtersFor(const Journal &journal)
    {
        std::set<qint64> shifts{0, -1, journal.lastSeq() + 100};
        std::set<QString> collectors{QStringLiteral("nobody")};
        std::map<qint64, std::pair<QString, qint64>> openedBy; // seq → collector, time
        std::map<int, std::set<QDate>> days;
        const QList<int> offsets{8 * 3600, 0, 5 * 3600 + 1800};
        journal.forEachFact(1, std::numeric_limits<qint64>::max(), [&](const JournalFact &f) {
            shifts.insert(f.shiftSeq);
            if (f.kind == EntryKind::ShiftOpened) {
                shifts.insert(f.seq);
                openedBy[f.seq] = {f.collectorId, f.timeMs};
            }
            collectors.insert(f.collectorId);
            for (int offset : offsets)
                days[offset].insert(TrustedClock::dateOf(f.timeMs, offset));
            return true;
        });
        for (int offset : offsets) { // and a day either side, with nothing in it
            days[offset].insert(days[offset].begin()->addDays(-1));
            days[offset].insert(days[offset].rbegin()->addDays(1));
        }
        QList<DailyTotals::Filter> out{DailyTotals::Filter::all()};
        for (qint64 shift : shifts)
            out.append(DailyTotals::Filter::shift(shift));
        for (const QString &c : collectors)
            out.append(DailyTotals::Filter::collector(c));
        for (int offset : offsets)
            for (const QDate &d : days[offset]) {
                out.append(DailyTotals::Filter::onDay(d, offset));
                for (const QString &c : collectors) {
                    DailyTotals::Filter f = DailyTotals::Filter::onDay(d, offset);
                    f.collectorId = c;
                    out.append(f);
                }
            }
        int n = 0;
        for (const auto &[shift, opening] : openedBy) {
            const QString &who = opening.first;
            DailyTotals::Filter f = DailyTotals::Filter::shift(shift);
            f.collectorId = who;
            out.append(f);
            DailyTotals::Filter other = DailyTotals::Filter::shift(shift);
            other.collectorId = who == QLatin1String("li") ? QStringLiteral("wang") : QStringLiteral("li");
            out.append(other);
            // The shift on the day it opened and the next, with its collector and without: at +8
            // for every shift, at the other offsets for every third.
            for (int offset : offsets) {
                if (offset != 8 * 3600 && ++n % 3 != 0)
                    continue;
                const QDate d = TrustedClock::dateOf(opening.second, offset);
                for (const QDate &day : {d, d.addDays(1)}) {
                    DailyTotals::Filter g = DailyTotals::Filter::onDay(day, offset);
                    g.shiftSeq = shift;
                    out.append(g);
                    g.collectorId = who;
                    out.append(g);
                }
            }
        }
        return out;
    }

    static QString describe(const DailyTotals::Filter &f)
    {
        QStringList parts;
        if (f.shiftSeq)
            parts << QStringLiteral("shift %1").arg(*f.shiftSeq);
        if (f.day)
            parts << QStringLiteral("day %1 at %2 s").arg(f.day->toString(Qt::ISODate)).arg(f.utcOffsetSeconds);
        if (f.collectorId)
            parts << QStringLiteral("collector %1").arg(*f.collectorId);
        return parts.isEmpty() ? QStringLiteral("all") : parts.join(QStringLiteral(", "));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        Journal::Options o;
        o.sync = Journal::Options::Sync::Normal;
        m_journal =
            std::make_unique<Journal>(m_dir.filePath(QStringLiteral("j.sqlite")), QStringLiteral("D01"), m_key, o);
        QVERIFY(m_journal->open().ok());
        // Shift 1: Wang, 1 May. Seqs in comments.
        append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{yuan(200)}), "2024-05-01T08:00:00+08:00", "wang",
               1); // 1
        append(EntryKind::Payment, toCbor(payment(PaymentMethod::Cash, yuan(100), yuan(1), {})),
               "2024-05-01T09:00:00+08:00", "wang", 1); // 2
        append(EntryKind::Payment, toCbor(payment(PaymentMethod::BankCard, yuan(250), {}, yuan(50))),
               "2024-05-01T09:10:00+08:00", "wang", 1); // 3
        append(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{2, 1}), "2024-05-01T09:11:00+08:00", "wang",
               1); // 4
        append(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{2, 2}), "2024-05-01T09:12:00+08:00", "wang",
               1); // 5
        append(EntryKind::Visit, toCbor(VisitRecord{QStringLiteral("3100000002"), VisitOutcome::NotHome, {}, {}}),
               "2024-05-01T10:00:00+08:00", "wang", 1); // 6
        append(EntryKind::Visit,
               toCbor(VisitRecord{QStringLiteral("3100000003"), VisitOutcome::PromisedToPay, QDate(2024, 5, 9), {}}),
               "2024-05-01T10:30:00+08:00", "wang", 1); // 7
        append(EntryKind::Payment, toCbor(payment(PaymentMethod::Cash, yuan(30), {}, {})), "2024-05-01T11:00:00+08:00",
               "wang", 1); // 8
        append(EntryKind::Void, toCbor(VoidRecord{8, QStringLiteral("wrong account"), QStringLiteral("zhao")}),
               "2024-05-01T11:05:00+08:00", "wang", 1); // 9
        append(EntryKind::CashHandedOver, toCbor(CashHandedOverRecord{yuan(50), QStringLiteral("zhao"), {}}),
               "2024-05-01T12:00:00+08:00", "wang", 1); // 10
        append(EntryKind::Payment, toCbor(payment(PaymentMethod::RechargeVoucher, yuan(20), {}, {})),
               "2024-05-01T13:00:00+08:00", "wang", 1); // 11
        append(EntryKind::Payment, toCbor(payment(PaymentMethod::BankTransfer, yuan(500), yuan(5), {})),
               "2024-05-01T14:00:00+08:00", "wang", 1); // 12
        append(EntryKind::ClockFlag, toCbor(ClockFlagRecord{1, 2, QStringLiteral("moved-backwards")}),
               "2024-05-01T15:00:00+08:00", "wang", 1); // 13
        append(EntryKind::ShiftClosed, toCbor(closed(yuan(250), Money::fromFen(24900))),
               "2024-05-01T23:59:59.999+08:00", "wang", 1); // 14
        // Shift 15: Li, 2 May, voids one of Wang's payments (the desk would refuse; the fold must cope).
        append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{yuan(100)}), "2024-05-02T00:00:00+08:00", "li",
               15); // 15
        append(EntryKind::Payment, toCbor(payment(PaymentMethod::Cash, yuan(10), {}, {})), "2024-05-02T08:00:00+08:00",
               "li", 15); // 16
        append(EntryKind::Void, toCbor(VoidRecord{2, QStringLiteral("late void"), QStringLiteral("zhao")}),
               "2024-05-02T08:10:00+08:00", "li", 15); // 17
        append(EntryKind::Void, toCbor(VoidRecord{2, QStringLiteral("again"), QStringLiteral("zhao")}),
               "2024-05-02T08:20:00+08:00", "li", 15); // 18
        append(EntryKind::Void, toCbor(VoidRecord{6, QStringLiteral("a visit"), QStringLiteral("zhao")}),
               "2024-05-02T08:30:00+08:00", "li", 15); // 19
        append(EntryKind::Void, toCbor(VoidRecord{25, QStringLiteral("the future"), QStringLiteral("zhao")}),
               "2024-05-02T08:40:00+08:00", "li", 15); // 20
        QCOMPARE(m_journal->lastSeq(), 20);
    }

    void filters_data()
    {
        QTest::addColumn<DailyTotals::Filter>("filter");
        QTest::addColumn<qint64>("fromSeq");
        QTest::addColumn<Expected>("expected");

        Expected s1;
        s1.entries = 14;
        s1.payments = {5, yuan(900)};
        s1.cashPayments = {2, yuan(130)};
        s1.cardPayments = {1, yuan(250)};
        s1.voucherPayments = {1, yuan(20)};
        s1.transferPayments = {1, yuan(500)};
        s1.voids = s1.cashVoids = {1, yuan(30)};
        s1.collected = {4, yuan(870)};
        s1.cashCollected = {1, yuan(100)};
        s1.penalties = yuan(6);
        s1.prepaid = yuan(50);
        s1.settled = yuan(820);
        s1.visits = 2;
        s1.notHome = 1;
        s1.promised = 1;
        s1.printed = 1;
        s1.reprinted = 1;
        s1.handedOver = {1, yuan(50)};
        s1.openingFloat = yuan(200);
        s1.expectedCash = Money(); // 200 + 130 − 30 − 50 = 250, which the close counted and took
        s1.closes = 1;
        s1.counted = Money::fromFen(24900);
        s1.difference = -yuan(1);
        s1.clockFlags = 1;

        Expected s2;
        s2.entries = 6;
        s2.payments = s2.cashPayments = {1, yuan(10)};
        s2.voids = s2.cashVoids = {1, yuan(100)}; // seq 2, a cash payment of shift 1
        s2.collected = s2.cashCollected = {0, -yuan(90)};
        s2.penalties = -yuan(1);
        s2.settled = -yuan(90); // collected −90, nothing of it prepaid
        s2.openingFloat = yuan(100);
        s2.expectedCash = yuan(10); // 100 + 10 − 100
        s2.invalidVoids = 3;        // second void of 2, void of a visit, void of a future seq

        Expected all;
        all.entries = 20;
        all.payments = {6, yuan(910)};
        all.cashPayments = {3, yuan(140)};
        all.cardPayments = s1.cardPayments;
        all.voucherPayments = s1.voucherPayments;
        all.transferPayments = s1.transferPayments;
        all.voids = all.cashVoids = {2, yuan(130)};
        all.collected = {4, yuan(780)};
        all.cashCollected = {1, yuan(10)};
        all.penalties = yuan(5);
        all.prepaid = yuan(50);
        all.settled = yuan(730);
        all.visits = 2;
        all.notHome = 1;
        all.promised = 1;
        all.printed = 1;
        all.reprinted = 1;
        all.handedOver = {1, yuan(50)};
        all.openingFloat = yuan(300);
        all.expectedCash = yuan(10); // 300 + 140 − 130 − 50 − the 250 shift 1's close took
        all.closes = 1;
        all.counted = Money::fromFen(24900);
        all.difference = -yuan(1);
        all.clockFlags = 1;
        all.invalidVoids = 3;

        QTest::newRow("all") << DailyTotals::Filter::all() << qint64(1) << all;
        QTest::newRow("shift 1") << DailyTotals::Filter::shift(1) << qint64(1) << s1;
        QTest::newRow("shift 15") << DailyTotals::Filter::shift(15) << qint64(1) << s2;
        QTest::newRow("shift 15 folded from 15") << DailyTotals::Filter::shift(15) << qint64(15) << s2;
        QTest::newRow("1 May") << DailyTotals::Filter::onDay(QDate(2024, 5, 1)) << qint64(1) << s1;
        QTest::newRow("2 May") << DailyTotals::Filter::onDay(QDate(2024, 5, 2)) << qint64(1) << s2;
        QTest::newRow("30 April") << DailyTotals::Filter::onDay(QDate(2024, 4, 30)) << qint64(1) << Expected{};
        // 2 May 00:00 +08:00 is still 1 May in UTC: in UTC, entry 15 joins 1 May's figures.
        Expected utcDay1 = s1;
        utcDay1.entries += 1;
        utcDay1.openingFloat += yuan(100);
        utcDay1.expectedCash += yuan(100);
        QTest::newRow("1 May UTC") << DailyTotals::Filter::onDay(QDate(2024, 5, 1), 0) << qint64(1) << utcDay1;
        QTest::newRow("collector wang") << DailyTotals::Filter::collector(QStringLiteral("wang")) << qint64(1) << s1;
        QTest::newRow("collector li") << DailyTotals::Filter::collector(QStringLiteral("li")) << qint64(1) << s2;
        QTest::newRow("unknown collector")
            << DailyTotals::Filter::collector(QStringLiteral("nobody")) << qint64(1) << Expected{};
        DailyTotals::Filter mixed = DailyTotals::Filter::shift(1);
        mixed.collectorId = QStringLiteral("li");
        QTest::newRow("shift 1 and li: nothing") << mixed << qint64(1) << Expected{};
        DailyTotals::Filter both = DailyTotals::Filter::onDay(QDate(2024, 5, 2));
        both.collectorId = QStringLiteral("li");
        QTest::newRow("2 May and li") << both << qint64(1) << s2;
    }
    void filters()
    {
        QFETCH(DailyTotals::Filter, filter);
        QFETCH(qint64, fromSeq);
        QFETCH(Expected, expected);
        // compute() (the journal's totals from seq 1, else the fold), the fold, and the totals alone.
        check(DailyTotals::compute(*m_journal, filter, fromSeq), expected);
        check(DailyTotals::fold(*m_journal, filter, fromSeq), expected);
        if (fromSeq == 1) {
            const auto aggregated = DailyTotals::fromAggregates(*m_journal, filter);
            QVERIFY(aggregated.has_value());
            check(*aggregated, expected);
        }
    }

    void byHour_data()
    {
        QTest::addColumn<QDate>("day");
        QTest::addColumn<int>("offset");
        QTest::addColumn<QString>("collector"); // empty: all
        QTest::addColumn<HourFigures>("hours");
        const QDate may1(2024, 5, 1);
        const QDate may2(2024, 5, 2);
        const int cst = 8 * 3600;
        const int ist = 5 * 3600 + 1800; // not whole hours: from the facts, not the totals
        // 1 May: cash 100 and card 250 at 9, cash 30 voided within the hour at 11, 20 at 13, 500
        // at 14. 2 May: cash 10 at 8, and the void of 1 May's cash 100 in the same hour.
        const QMap<int, CountedAmount> may1Cst{{9, {2, yuan(350)}}, {13, {1, yuan(20)}}, {14, {1, yuan(500)}}};
        const QMap<int, CountedAmount> may2Cst{{8, {0, -yuan(90)}}};
        QTest::newRow("1 May +8") << may1 << cst << QString() << may1Cst;
        QTest::newRow("2 May +8") << may2 << cst << QString() << may2Cst;
        QTest::newRow("1 May UTC") << may1 << 0 << QString()
                                   << QMap<int, CountedAmount>{
                                          {1, {2, yuan(350)}}, {5, {1, yuan(20)}}, {6, {1, yuan(500)}}};
        QTest::newRow("2 May UTC") << may2 << 0 << QString() << QMap<int, CountedAmount>{{0, {0, -yuan(90)}}};
        QTest::newRow("1 May +5:30") << may1 << ist << QString()
                                     << QMap<int, CountedAmount>{
                                            {6, {2, yuan(350)}}, {10, {1, yuan(20)}}, {11, {1, yuan(500)}}};
        QTest::newRow("2 May +5:30") << may2 << ist << QString() << QMap<int, CountedAmount>{{5, {0, -yuan(90)}}};
        QTest::newRow("1 May +8, wang") << may1 << cst << QStringLiteral("wang") << may1Cst;
        QTest::newRow("1 May +8, li") << may1 << cst << QStringLiteral("li") << QMap<int, CountedAmount>{};
        QTest::newRow("2 May +8, li") << may2 << cst << QStringLiteral("li") << may2Cst;
        QTest::newRow("2 May +5:30, wang") << may2 << ist << QStringLiteral("wang") << QMap<int, CountedAmount>{};
        QTest::newRow("30 April +8") << QDate(2024, 4, 30) << cst << QString() << QMap<int, CountedAmount>{};
    }
    void byHour()
    {
        QFETCH(QDate, day);
        QFETCH(int, offset);
        QFETCH(QString, collector);
        QFETCH(HourFigures, hours);
        const auto got = DailyTotals::byHour(*m_journal, day, offset,
                                             collector.isEmpty() ? std::nullopt : std::optional<QString>(collector));
        CountedAmount sum;
        for (int h = 0; h < 24; ++h) {
            QVERIFY2(got[std::size_t(h)] == hours.value(h), qPrintable(QStringLiteral("hour %1").arg(h)));
            sum.count += got[std::size_t(h)].count;
            sum.amount += got[std::size_t(h)].amount;
        }
        // The hours add up to the day.
        DailyTotals::Filter f = DailyTotals::Filter::onDay(day, offset);
        if (!collector.isEmpty())
            f.collectorId = collector;
        QCOMPARE(sum, DailyTotals::fold(*m_journal, f).collected());
    }

    void aggregatesEqualFold_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed : {1u, 2u, 20240501u, 77u, 4242u})
            QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
    }
    void aggregatesEqualFold()
    {
        QFETCH(quint32, seed);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("random.sqlite"));
        Journal::Options o;
        o.sync = Journal::Options::Sync::Normal;
        Journal journal(path, QStringLiteral("D01"), m_key, o);
        QVERIFY(journal.open().ok());
        RandomJournal random(journal, seed);
        QVERIFY2(random.append(220), qPrintable(random.error));
        const qint64 written = journal.lastSeq();
        journal.close();
        QVERIFY2(random.writeUnknownMethodRows(path, written), qPrintable(random.error));
        QVERIFY(journal.open().ok()); // rebuilds: the rows above were written past the totals
        QVERIFY(random.voidUnknownMethodPayment());
        QVERIFY2(random.append(220), qPrintable(random.error));
        QCOMPARE(TotalsCheck::disagreement(journal), QString());

        const QList<DailyTotals::Filter> filters = filtersFor(journal);
        QVERIFY(filters.size() > 50);
        qInfo("%lld filters", qint64(filters.size()));
        const DailyTotals all = DailyTotals::fold(journal, DailyTotals::Filter::all());
        QVERIFY(all.voids().count > 0 && all.invalidVoids() > 0 && all.shiftsClosed() > 0);
        QCOMPARE(all.paymentsOfUnknownMethod().count, 2);
        QCOMPARE(all.voids().count - all.voids(PaymentMethod::Cash).count - all.voids(PaymentMethod::BankCard).count -
                     all.voids(PaymentMethod::RechargeVoucher).count - all.voids(PaymentMethod::BankTransfer).count,
                 2); // both unknown-method payments voided, one by a raw row and one by append()

        QList<DailyTotals> folds;
        for (const DailyTotals::Filter &f : filters)
            folds.append(DailyTotals::fold(journal, f));
        const auto compareAll = [&](const char *when) {
            for (qsizetype i = 0; i < filters.size(); ++i) {
                const DailyTotals::Filter &f = filters.at(i);
                const bool wholeHours =
                    !f.day || TrustedClock::startOfDayMs(*f.day, f.utcOffsetSeconds) % 3'600'000 == 0;
                const auto aggregated = DailyTotals::fromAggregates(journal, f);
                const QString what =
                    QStringLiteral("%1, filter %2 (%3)").arg(QLatin1String(when)).arg(i).arg(describe(f));
                QVERIFY2(aggregated.has_value() == wholeHours, qPrintable(what));
                if (aggregated) {
                    const QString d = TotalsCheck::difference(*aggregated, folds.at(i));
                    QVERIFY2(d.isEmpty(), qPrintable(what + QStringLiteral(": ") + d));
                }
                const QString d = TotalsCheck::difference(DailyTotals::compute(journal, f), folds.at(i));
                QVERIFY2(d.isEmpty(), qPrintable(what + QStringLiteral(", compute(): ") + d));
            }
            // By hour, for every day at every offset: the rule itself, and the day's collected.
            const QList<Effect> effects = effectsByRule(journal);
            for (qsizetype i = 0; i < filters.size(); ++i) {
                const DailyTotals::Filter &f = filters.at(i);
                if (!f.day || f.shiftSeq)
                    continue;
                const auto hours = DailyTotals::byHour(journal, *f.day, f.utcOffsetSeconds, f.collectorId);
                const auto expected = hoursByRule(effects, *f.day, f.utcOffsetSeconds, f.collectorId);
                CountedAmount sum;
                for (std::size_t h = 0; h < 24; ++h) {
                    QVERIFY2(hours[h] == expected[h], qPrintable(describe(f) + QStringLiteral(", hour %1").arg(h)));
                    sum.count += hours[h].count;
                    sum.amount += hours[h].amount;
                }
                QVERIFY2(sum == folds.at(i).collected(), qPrintable(describe(f)));
            }
        };
        compareAll("as appended");
        if (QTest::currentTestFailed())
            return;

        // Rebuilt on open from the facts alone: the same figures.
        journal.close();
        {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "DROP TABLE journal_totals", nullptr, nullptr, nullptr), SQLITE_OK);
            sqlite3_close(db);
        }
        QVERIFY(journal.open().ok());
        QCOMPARE(TotalsCheck::disagreement(journal), QString());
        compareAll("rebuilt");
    }

    void foldEqualsFoldOverDecodedEntries()
    {
        // The center has entries, not columns: the same fold over facts derived from the entries.
        DailyTotals fromColumns = DailyTotals::compute(*m_journal, DailyTotals::Filter::all());
        DailyTotals fromEntries;
        m_journal->forEach(1, m_journal->lastSeq(), [&](const JournalEntry &e) {
            fromEntries.add(JournalFact::fromEntry(e));
            return true;
        });
        QCOMPARE(fromEntries.collected(), fromColumns.collected());
        QCOMPARE(fromEntries.expectedCashInHand(), fromColumns.expectedCashInHand());
        QCOMPARE(fromEntries.penaltiesCollected(), fromColumns.penaltiesCollected());
        QCOMPARE(fromEntries.invalidVoids(), fromColumns.invalidVoids());
    }

    void toSeqBoundsTheFold()
    {
        // Up to seq 8 only: the void at 9 has not happened yet.
        const DailyTotals t = DailyTotals::compute(*m_journal, DailyTotals::Filter::shift(1), 1, 8);
        QCOMPARE(t.entries(), 8);
        QCOMPARE(t.collected(PaymentMethod::Cash), (CountedAmount{2, yuan(130)}));
        QCOMPARE(t.voids().count, 0);
        QCOMPARE(t.lastSeq(), 8);
        QCOMPARE(t.expectedCashInHand(), yuan(330));
    }

    void collectionRate_data()
    {
        QTest::addColumn<qint64>("settledFen");
        QTest::addColumn<qint64>("receivableFen");
        QTest::addColumn<qint64>("bps"); // NoRate: none
        QTest::newRow("all of it") << qint64(100000) << qint64(100000) << qint64(10000);
        QTest::newRow("a third, rounded down") << qint64(82000) << qint64(300000) << qint64(2733);
        QTest::newRow("just under a basis point") << qint64(9) << qint64(100000) << qint64(0);
        QTest::newRow("exactly a basis point") << qint64(10) << qint64(100000) << qint64(1);
        QTest::newRow("more than receivable") << qint64(150000) << qint64(100000) << qint64(15000);
        QTest::newRow("nothing") << qint64(0) << qint64(100000) << qint64(0);
        QTest::newRow("negative, rounded down") << qint64(-1) << qint64(100000) << qint64(-1);
        QTest::newRow("zero receivable") << qint64(500) << qint64(0) << NoRate;
        QTest::newRow("negative receivable") << qint64(500) << qint64(-5) << NoRate;
        QTest::newRow("huge, no overflow") << Money::MaxFen << Money::MaxFen << qint64(10000);
    }
    void collectionRate()
    {
        QFETCH(qint64, settledFen);
        QFETCH(qint64, receivableFen);
        QFETCH(qint64, bps);
        DailyTotals t;
        JournalFact f;
        f.seq = 1;
        f.kind = EntryKind::Payment;
        f.method = int(PaymentMethod::BankCard);
        f.amount = Money::fromFen(settledFen);
        t.add(f);
        QCOMPARE(t.settled(), Money::fromFen(settledFen));
        const auto rate = t.collectionRateBps(Money::fromFen(receivableFen));
        QCOMPARE(rate.has_value(), bps != NoRate);
        if (rate)
            QCOMPARE(*rate, bps);
    }

    void unknownMethodIsKeptApart()
    {
        DailyTotals t;
        JournalFact f;
        f.seq = 1;
        f.kind = EntryKind::Payment;
        f.method = 9; // a newer app's method, or a damaged row
        f.amount = yuan(7);
        t.add(f);
        f.seq = 2;
        f.method = int(PaymentMethod::Cash);
        t.add(f);
        QCOMPARE(t.paymentsOfUnknownMethod(), (CountedAmount{1, yuan(7)}));
        QCOMPARE(t.payments(), (CountedAmount{2, yuan(14)}));
        QCOMPARE(t.payments(PaymentMethod::Cash), (CountedAmount{1, yuan(7)}));
        // And a void of it reverses it in the same bucket.
        f.seq = 3;
        f.kind = EntryKind::Void;
        f.refSeq = 1;
        t.add(f);
        QCOMPARE(t.collected(), (CountedAmount{1, yuan(7)}));
        QCOMPARE(t.paymentsOfUnknownMethod(), (CountedAmount{1, yuan(7)}));
        QCOMPARE(t.voids(), (CountedAmount{1, yuan(7)}));
    }

    void voidOutsideFilterKeepsPaymentInside()
    {
        // Payment on 1 May, void on 2 May: 1 May still shows it, 2 May shows the reversal.
        DailyTotals day1(DailyTotals::Filter::onDay(QDate(2024, 5, 1)));
        DailyTotals day2(DailyTotals::Filter::onDay(QDate(2024, 5, 2)));
        JournalFact pay;
        pay.seq = 1;
        pay.kind = EntryKind::Payment;
        pay.method = int(PaymentMethod::Cash);
        pay.amount = yuan(40);
        pay.timeMs = local("2024-05-01T23:50:00+08:00");
        JournalFact v;
        v.seq = 2;
        v.kind = EntryKind::Void;
        v.refSeq = 1;
        v.timeMs = local("2024-05-02T00:10:00+08:00");
        for (DailyTotals *t : {&day1, &day2}) {
            t->add(pay);
            t->add(v);
        }
        QCOMPARE(day1.collected(), (CountedAmount{1, yuan(40)}));
        QCOMPARE(day2.collected(), (CountedAmount{-1, -yuan(40)}));
        QCOMPARE(day2.voids(), (CountedAmount{1, yuan(40)}));
    }
};

QTEST_GUILESS_MAIN(TestDailyTotals)
#include "tst_dailytotals.moc"
