#include "centerreports.h"

#include <QCborArray>
#include <QCborMap>
#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QtNumeric>

#include <algorithm>
#include <array>
#include <map>

#include "csvwriter.h"
#include "dailytotals.h"
#include "journalentry.h"
#include "plaintext.h"

namespace {

// One device journal's facts on the day, folded by core's DailyTotals: all of them, and per
// collector.
struct DeviceFold
{
    QString route;
    DailyTotals all;
    std::map<QString, DailyTotals> byCollector;
    QList<JournalFact> facts;
};

using TotalsTable = std::map<QPair<QString, QString>, QPair<qint64, Money>>;

// The fact's fields from the query's columns kind, time_ms, collector_id, shift_seq, account,
// method, amount_fen, penalty_fen, prepaid_fen, in that order from `first`.
void readFact(const QSqlQuery &row, int first, JournalFact &f)
{
    f.kind = EntryKind(row.value(first).toInt());
    f.timeMs = row.value(first + 1).toLongLong();
    f.collectorId = row.value(first + 2).toString();
    f.shiftSeq = row.value(first + 3).toLongLong();
    f.accountNumber = row.value(first + 4).toString();
    f.method = row.value(first + 5).toInt();
    f.amount = Money::fromFen(row.value(first + 6).toLongLong());
    f.penalty = Money::fromFen(row.value(first + 7).toLongLong());
    f.prepaid = Money::fromFen(row.value(first + 8).toLongLong());
}

// A void on the day may reverse a payment taken earlier: that payment, looked up.
std::optional<JournalFact> paymentFact(const CenterDatabase &db, const QString &device, qint64 seq)
{
    auto r = db.exec(QStringLiteral("SELECT kind, time_ms, collector_id, shift_seq, account, method, amount_fen, "
                                    "penalty_fen, prepaid_fen FROM journal_entries WHERE device_id = ? AND seq = ?"),
                     {device, seq});
    if (!r.ok())
        return std::nullopt;
    QSqlQuery row = std::move(r).value();
    if (!row.next())
        return std::nullopt;
    JournalFact f;
    f.seq = seq;
    readFact(row, 0, f);
    return f;
}

// Bounds the sums a fold makes by the sum of the magnitudes of the fact fields it folds, voided
// payments included: amounts, penalties and prepaid each on their own, and a closed shift's
// difference (counted − expected). While the bounds fit in 64 bits no sum can wrap (core's Money
// aborts on overflow, and a server never aborts on data); once one does not, the caller reports
// where instead of folding.
class SumBound
{
public:
    /// False once the facts added so far could sum past 64 bits.
    [[nodiscard]] bool add(const JournalFact &f)
    {
        const qint64 difference = f.kind == EntryKind::ShiftClosed
                                      ? (size(f.amount) > std::numeric_limits<qint64>::max() - size(f.prepaid)
                                             ? std::numeric_limits<qint64>::max()
                                             : size(f.amount) + size(f.prepaid))
                                      : 0;
        const std::array<qint64, 4> sizes{size(f.amount), size(f.penalty), size(f.prepaid), difference};
        for (size_t i = 0; i < sizes.size(); ++i) {
            if (qAddOverflow(m_magnitude[i], sizes[i], &m_magnitude[i]))
                return false;
        }
        return true;
    }
    /// False when the bounds together could pass 64 bits: a figure that mixes them (cash in hand:
    /// amounts less what closes left with) could wrap.
    [[nodiscard]] bool fitsTogether() const
    {
        qint64 sum = 0;
        for (qint64 m : m_magnitude) {
            if (qAddOverflow(sum, m, &sum))
                return false;
        }
        return true;
    }

private:
    static qint64 size(Money m)
    {
        return m.fen() == std::numeric_limits<qint64>::min() ? std::numeric_limits<qint64>::max() : qAbs(m.fen());
    }
    std::array<qint64, 4> m_magnitude{};
};

// The report's rows one device adds: its collected total by route, device, method and collector,
// voids, penalties, prepaid credit, visits by outcome and cash handed over.
void addDeviceRows(TotalsTable &table, const QString &device, const DeviceFold &fold)
{
    auto put = [&table](const QString &dimension, const QString &key, const CountedAmount &c) {
        auto &slot = table[{dimension, key}];
        slot.first += c.count;
        slot.second += c.amount;
    };
    static const PaymentMethod methods[] = {PaymentMethod::Cash, PaymentMethod::BankCard,
                                            PaymentMethod::RechargeVoucher, PaymentMethod::BankTransfer};
    static const VisitOutcome outcomes[] = {VisitOutcome::NotHome,       VisitOutcome::Refused,
                                            VisitOutcome::PromisedToPay, VisitOutcome::DisconnectionNoticeDelivered,
                                            VisitOutcome::MeterProblem,  VisitOutcome::Note};
    put(QStringLiteral("total"), QString(), fold.all.collected());
    put(QStringLiteral("route"), fold.route, fold.all.collected());
    put(QStringLiteral("device"), device, fold.all.collected());
    for (PaymentMethod m : methods) {
        const CountedAmount c = fold.all.collected(m);
        if (c.count != 0 || !c.amount.isZero())
            put(QStringLiteral("method"), paymentMethodKey(m), c);
    }
    if (fold.all.voids().count > 0)
        put(QStringLiteral("void"), QString(), fold.all.voids());
    if (!fold.all.penaltiesCollected().isZero())
        put(QStringLiteral("penalty"), QString(), {0, fold.all.penaltiesCollected()});
    if (!fold.all.prepaidCredited().isZero())
        put(QStringLiteral("prepaid"), QString(), {0, fold.all.prepaidCredited()});
    for (VisitOutcome o : outcomes) {
        if (const qint64 n = fold.all.visits(o); n > 0)
            put(QStringLiteral("visit"), visitOutcomeKey(o), {n, Money()});
    }
    for (const auto &[id, totals] : fold.byCollector) {
        put(QStringLiteral("collector"), id, totals.collected());
        if (totals.cashHandedOver().count > 0)
            put(QStringLiteral("handover"), id, totals.cashHandedOver());
    }
}

bool inView(const std::optional<QSet<QString>> &devices, const QString &deviceId)
{
    return !devices || devices->contains(deviceId);
}

/// Every entry of `kind` timed in [start, end) on a device in view, with its record, in time
/// order; an entry that does not decode is an error naming it.
template<typename Record>
Result<QList<std::pair<JournalEntry, Record>>> decodedEntries(const CenterDatabase &db, EntryKind kind, qint64 start,
                                                              qint64 end, const std::optional<QSet<QString>> &devices)
{
    auto q = db.exec(QStringLiteral("SELECT entry, device_id, seq FROM journal_entries WHERE kind = ? AND time_ms >= "
                                    "? AND time_ms < ? ORDER BY time_ms, device_id, seq"),
                     {qint64(kind), start, end});
    if (!q.ok())
        return q.error();
    QList<std::pair<JournalEntry, Record>> out;
    for (QSqlQuery rows = std::move(q).value(); rows.next();) {
        if (!inView(devices, rows.value(1).toString()))
            continue;
        auto entry = JournalEntry::fromCbor(rows.value(0).toByteArray());
        auto record = entry.ok() ? recordFromCbor<Record>(entry->body) : Result<Record>(entry.error());
        if (!record.ok())
            return Error{record.error().code, QStringLiteral("%1 seq %2: %3")
                                                  .arg(rows.value(1).toString())
                                                  .arg(rows.value(2).toLongLong())
                                                  .arg(record.error().message)};
        out.append({std::move(entry).value(), std::move(record).value()});
    }
    return out;
}

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

std::optional<QDate> CenterReports::parseDay(const QString &text)
{
    // QDate's ISO parser stops after ten characters and ignores what follows: check the whole.
    static const QRegularExpression day(QStringLiteral("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"));
    if (!day.match(text).hasMatch())
        return std::nullopt;
    const QDate d = QDate::fromString(text, Qt::ISODate);
    if (!d.isValid())
        return std::nullopt;
    return d;
}

CenterReports::CenterReports(const CenterDatabase &db, const QTimeZone &zone)
    : m_db(db)
    , m_zone(zone)
{
}

QPair<qint64, qint64> CenterReports::dayRange(QDate from, QDate to) const
{
    const qint64 start = QDateTime(from, QTime(0, 0), m_zone).toMSecsSinceEpoch();
    const qint64 end = QDateTime(to.addDays(1), QTime(0, 0), m_zone).toMSecsSinceEpoch();
    return {start, end};
}

void CenterReports::limitToRoutes(QSet<QString> routes)
{
    m_routes = std::move(routes);
}

Result<CenterReports::DeviceSet> CenterReports::devicesInView() const
{
    if (!m_routes)
        return DeviceSet();
    auto q = m_db.exec(QStringLiteral("SELECT id, route FROM devices"));
    if (!q.ok())
        return q.error();
    QSet<QString> devices;
    for (QSqlQuery rows = std::move(q).value(); rows.next();) {
        if (m_routes->contains(rows.value(1).toString()))
            devices.insert(rows.value(0).toString());
    }
    return DeviceSet(std::move(devices));
}

Result<QList<CenterReports::TotalsRow>> CenterReports::totals(QDate day) const
{
    const auto [start, end] = dayRange(day, day);
    // The device's own fold (core DailyTotals) over the same facts, per device journal and per
    // collector within it: the center's figures are the devices' figures, by construction.
    const int offset = m_zone.offsetFromUtc(QDateTime(day, QTime(12, 0), m_zone));
    const DailyTotals::Filter dayFilter = DailyTotals::Filter::onDay(day, offset);
    auto q =
        m_db.exec(QStringLiteral("SELECT e.device_id, d.route, e.seq, e.kind, e.time_ms, e.collector_id, e.shift_seq, "
                                 "e.account, e.method, e.amount_fen, e.penalty_fen, e.prepaid_fen, e.ref_seq, "
                                 "e.outcome FROM journal_entries e JOIN devices d ON d.id = e.device_id WHERE "
                                 "e.time_ms >= ? AND e.time_ms < ? ORDER BY e.device_id, e.seq"),
                  {start, end});
    if (!q.ok())
        return q.error();
    std::map<QString, DeviceFold> devices;
    // Every sum below (per device, collector, method, route and overall) is bounded: see SumBound.
    SumBound sums;
    std::optional<Error> overflow;
    auto bound = [&](const QString &device, const JournalFact &f) {
        if (!overflow && !sums.add(f))
            overflow =
                Error{QStringLiteral("report.overflow"),
                      QCoreApplication::translate("CenterReports", "The totals of %1 would exceed what can be counted, "
                                                                   "from device %2 seq %3 on; see the exception list.")
                          .arg(day.toString(Qt::ISODate), device)
                          .arg(f.seq)};
    };
    for (QSqlQuery rows = std::move(q).value(); rows.next();) {
        if (m_routes && !m_routes->contains(rows.value(1).toString()))
            continue;
        JournalFact f;
        f.seq = rows.value(2).toLongLong();
        readFact(rows, 3, f);
        f.refSeq = rows.value(12).toLongLong();
        f.outcome = rows.value(13).toInt();
        auto [it, inserted] = devices.try_emplace(rows.value(0).toString(),
                                                  DeviceFold{rows.value(1).toString(), DailyTotals(dayFilter), {}, {}});
        it->second.facts.append(f);
        bound(it->first, f);
    }
    if (overflow)
        return *overflow;

    TotalsTable rows;
    rows[{QStringLiteral("total"), QString()}] = {0, Money()};
    for (auto &[deviceId, fold] : devices) {
        const QString device = deviceId; // a lambda below captures it: not a structured binding
        for (const JournalFact &f : std::as_const(fold.facts)) {
            if (!fold.byCollector.count(f.collectorId)) {
                DailyTotals::Filter filter = dayFilter;
                filter.collectorId = f.collectorId;
                fold.byCollector.emplace(f.collectorId, DailyTotals(filter));
            }
        }
        // Every fold sees every fact (a void may reverse a payment its filter does not take in).
        for (const JournalFact &f : std::as_const(fold.facts)) {
            fold.all.add(f);
            for (auto &[id, totals] : fold.byCollector)
                totals.add(f);
        }
        auto resolve = [&](DailyTotals &totals) {
            for (qint64 seq : std::vector<qint64>(totals.unresolvedVoidTargets())) {
                if (auto p = paymentFact(m_db, device, seq)) {
                    bound(device, *p);
                    if (overflow)
                        return;
                    totals.resolveVoid(*p);
                }
            }
        };
        resolve(fold.all);
        for (auto &[id, totals] : fold.byCollector)
            resolve(totals);
        if (overflow)
            return *overflow;

        addDeviceRows(rows, device, fold);
    }
    // Payments reversed at the center that day (a supervisor's corrections): what the books gave back.
    auto c =
        m_db.exec(QStringLiteral("SELECT amount_fen FROM corrections WHERE at_ms >= ? AND at_ms < ?"), {start, end});
    if (!c.ok())
        return c.error();
    for (QSqlQuery corrections = std::move(c).value(); corrections.next();) {
        auto &slot = rows[{QStringLiteral("correction"), QString()}];
        const qint64 fen = corrections.value(0).toLongLong();
        if (fen < 0 || fen > Money::MaxFen || slot.second.fen() > Money::MaxFen - fen)
            return Error{QStringLiteral("report.overflow"),
                         QCoreApplication::translate("CenterReports", "The corrections of %1 would exceed what can be "
                                                                      "counted.")
                             .arg(day.toString(Qt::ISODate))};
        slot.first += 1;
        slot.second += Money::fromFen(fen);
    }
    QList<TotalsRow> out;
    for (const auto &[key, value] : rows)
        out.append(TotalsRow{key.first, key.second, value.first, value.second});
    // "total" first, whatever the sort order of the rest.
    std::stable_partition(out.begin(), out.end(),
                          [](const TotalsRow &r) { return r.dimension == QLatin1String("total"); });
    return out;
}

Result<std::optional<Money>> CenterReports::cashInHand(const QString &deviceId) const
{
    auto opened =
        m_db.exec(QStringLiteral("SELECT MAX(seq) FROM journal_entries WHERE device_id = ? AND kind = 1"), {deviceId});
    if (!opened.ok())
        return opened.error();
    QSqlQuery shift = std::move(opened).value();
    if (!shift.next() || shift.value(0).isNull())
        return std::optional<Money>();
    const qint64 shiftSeq = shift.value(0).toLongLong();
    auto q =
        m_db.exec(QStringLiteral("SELECT seq, kind, time_ms, collector_id, shift_seq, account, method, amount_fen, "
                                 "penalty_fen, prepaid_fen, ref_seq, outcome FROM journal_entries WHERE "
                                 "device_id = ? AND seq >= ? ORDER BY seq"),
                  {deviceId, shiftSeq});
    if (!q.ok())
        return q.error();
    DailyTotals totals(DailyTotals::Filter::shift(shiftSeq));
    SumBound sums;
    const Error overflow{
        QStringLiteral("report.overflow"),
        QCoreApplication::translate("CenterReports", "The cash in hand of %1 would exceed what can be counted.")
            .arg(deviceId)};
    for (QSqlQuery rows = std::move(q).value(); rows.next();) {
        JournalFact f;
        f.seq = rows.value(0).toLongLong();
        readFact(rows, 1, f);
        f.refSeq = rows.value(10).toLongLong();
        f.outcome = rows.value(11).toInt();
        if (!sums.add(f))
            return overflow;
        totals.add(f);
    }
    // A void in this shift of a payment taken in an earlier one.
    for (qint64 seq : std::vector<qint64>(totals.unresolvedVoidTargets())) {
        if (auto p = paymentFact(m_db, deviceId, seq)) {
            if (!sums.add(*p))
                return overflow;
            totals.resolveVoid(*p);
        }
    }
    if (!sums.fitsTogether())
        return overflow;
    return std::optional<Money>(totals.expectedCashInHand());
}

namespace {

// The recorded exceptions and refused batches with their sign-offs; a WHERE clause follows.
constexpr auto RecordedExceptions =
    "SELECT e.at_ms, e.kind, e.device_id, e.seq, e.account, e.amount_fen, e.detail, e.id, s.signed_by, s.at_ms, "
    "s.note FROM exceptions e LEFT JOIN exception_signoffs s ON s.exception_id = 'x' || CAST(e.id AS TEXT) ";
constexpr auto RefusedBatches =
    "SELECT r.at_ms, r.code, r.device_id, r.seq, r.message, r.first_seq, r.last_seq, r.remote, r.id, s.signed_by, "
    "s.at_ms, s.note FROM refusals r LEFT JOIN exception_signoffs s ON s.exception_id = 'r' || CAST(r.id AS TEXT) ";

void readSignOff(const QSqlQuery &rows, int column, CenterReports::ExceptionRow &row)
{
    if (rows.value(column).isNull())
        return;
    row.signedOffBy = rows.value(column).toString();
    row.signedOffMs = rows.value(column + 1).toLongLong();
    row.signOffNote = rows.value(column + 2).toString();
}

CenterReports::ExceptionRow recordedRow(const QSqlQuery &rows)
{
    CenterReports::ExceptionRow row{rows.value(0).toLongLong(),
                                    rows.value(1).toString(),
                                    rows.value(2).toString(),
                                    rows.value(3).toLongLong(),
                                    rows.value(4).toString(),
                                    Money::fromFen(rows.value(5).toLongLong()),
                                    rows.value(6).toString(),
                                    QStringLiteral("x%1").arg(rows.value(7).toLongLong()),
                                    QString(),
                                    0,
                                    QString()};
    readSignOff(rows, 8, row);
    return row;
}

CenterReports::ExceptionRow refusedRow(const QSqlQuery &rows)
{
    CenterReports::ExceptionRow row{rows.value(0).toLongLong(),
                                    QStringLiteral("refusal:") + rows.value(1).toString(),
                                    rows.value(2).toString(),
                                    rows.value(3).toLongLong(),
                                    QString(),
                                    Money(),
                                    QStringLiteral("%1 (batch %2..%3 from %4)")
                                        .arg(rows.value(4).toString())
                                        .arg(rows.value(5).toLongLong())
                                        .arg(rows.value(6).toLongLong())
                                        .arg(rows.value(7).toString()),
                                    QStringLiteral("r%1").arg(rows.value(8).toLongLong()),
                                    QString(),
                                    0,
                                    QString()};
    readSignOff(rows, 9, row);
    return row;
}

bool listed(const CenterReports::ExceptionRow &row, CenterReports::SignOffState state)
{
    switch (state) {
    case CenterReports::SignOffState::Open:
        return row.signedOffBy.isEmpty();
    case CenterReports::SignOffState::SignedOff:
        return !row.signedOffBy.isEmpty();
    case CenterReports::SignOffState::Any:
        break;
    }
    return true;
}

} // namespace

Result<QList<CenterReports::ExceptionRow>> CenterReports::exceptions(QDate from, QDate to, qint64 nowMs, int staleHours,
                                                                     SignOffState state) const
{
    const auto [start, end] = dayRange(from, to);
    const auto devices = devicesInView();
    if (!devices.ok())
        return devices.error();
    QList<ExceptionRow> out;
    const auto keep = [&](ExceptionRow row) {
        if (inView(devices.value(), row.deviceId) && listed(row, state))
            out.append(std::move(row));
    };
    auto q = m_db.exec(QLatin1String(RecordedExceptions) +
                           QStringLiteral("WHERE e.at_ms >= ? AND e.at_ms < ? ORDER BY e.at_ms, e.id"),
                       {start, end});
    if (!q.ok())
        return q.error();
    for (QSqlQuery rows = std::move(q).value(); rows.next();)
        keep(recordedRow(rows));
    auto r = m_db.exec(QLatin1String(RefusedBatches) +
                           QStringLiteral("WHERE r.at_ms >= ? AND r.at_ms < ? ORDER BY r.at_ms, r.id"),
                       {start, end});
    if (!r.ok())
        return r.error();
    for (QSqlQuery rows = std::move(r).value(); rows.next();)
        keep(refusedRow(rows));
    // Device states are exceptions as of now; a sign-off names the state (frozen at a head, last
    // synced at a time), so a device that freezes again or goes quiet again is open again.
    auto d = m_db.exec(QStringLiteral(
        "SELECT d.id, d.state, d.last_sync_ms, d.enrolled_ms, d.frozen_reason, d.head_seq, s.signed_by, s.at_ms, "
        "s.note, t.signed_by, t.at_ms, t.note FROM devices d LEFT JOIN exception_signoffs s ON s.exception_id = "
        "'frozen:' || d.id || ':' || CAST(d.head_seq AS TEXT) LEFT JOIN exception_signoffs t ON t.exception_id = "
        "'not-synced:' || d.id || ':' || CAST(COALESCE(d.last_sync_ms, d.enrolled_ms) AS TEXT) ORDER BY d.id"));
    if (!d.ok())
        return d.error();
    const qint64 stale = nowMs - qint64(staleHours) * 3600 * 1000;
    for (QSqlQuery rows = std::move(d).value(); rows.next();) {
        const QString device = rows.value(0).toString();
        const QString deviceState = rows.value(1).toString();
        const qint64 head = rows.value(5).toLongLong();
        const qint64 last = rows.value(2).isNull() ? rows.value(3).toLongLong() : rows.value(2).toLongLong();
        if (deviceState == QLatin1String("frozen")) {
            ExceptionRow row{nowMs,
                             QStringLiteral("frozen"),
                             device,
                             head,
                             QString(),
                             Money(),
                             rows.value(4).toString(),
                             QStringLiteral("frozen:%1:%2").arg(device).arg(head),
                             QString(),
                             0,
                             QString()};
            readSignOff(rows, 6, row);
            keep(std::move(row));
        } else if (last < stale && deviceState == QLatin1String("active")) {
            ExceptionRow row{last,
                             QStringLiteral("not-synced"),
                             device,
                             head,
                             QString(),
                             Money(),
                             QStringLiteral("last synced %1").arg(isoUtc(last)),
                             QStringLiteral("not-synced:%1:%2").arg(device).arg(last),
                             QString(),
                             0,
                             QString()};
            readSignOff(rows, 9, row);
            keep(std::move(row));
        }
    }
    return out;
}

Result<CenterReports::ExceptionRow> CenterReports::signOff(const QString &id, const QString &who, const QString &note,
                                                           qint64 nowMs) const
{
    const auto refuse = [](const char *code, const QString &message) {
        return Error{QString::fromLatin1(code), message};
    };
    const QString by = who.trimmed();
    const QString words = note.trimmed();
    if (by.isEmpty() || words.isEmpty())
        return refuse("signoff.words", QCoreApplication::translate("CenterReports", "A sign-off needs the name of who "
                                                                                    "signs and a note."));
    if (by.size() > MaxSignOffChars || words.size() > MaxSignOffChars || !PlainText::hasNoControls(by) ||
        !PlainText::hasNoControls(words))
        return refuse("signoff.words",
                      QCoreApplication::translate("CenterReports", "A sign-off's name and note are plain text of at "
                                                                   "most %1 characters.")
                          .arg(MaxSignOffChars));
    const QString shownId = id.left(60);
    const auto unknown = [&] {
        return refuse("signoff.unknown", QCoreApplication::translate("CenterReports", "There is no exception \"%1\" "
                                                                                      "(see report exceptions).")
                                             .arg(shownId));
    };
    static const QRegularExpression numbered(QStringLiteral("^([xr])([1-9][0-9]{0,17})$"));

    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s.error();
    std::optional<ExceptionRow> found;
    if (const auto m = numbered.match(id); m.hasMatch()) {
        const bool recorded = m.captured(1) == QLatin1String("x");
        auto q = m_db.exec(QLatin1String(recorded ? RecordedExceptions : RefusedBatches) +
                               QLatin1String(recorded ? "WHERE e.id = ?" : "WHERE r.id = ?"),
                           {m.captured(2).toLongLong()});
        if (!q.ok())
            return q.error();
        if (QSqlQuery rows = std::move(q).value(); rows.next())
            found = recorded ? recordedRow(rows) : refusedRow(rows);
    } else if (id.startsWith(QLatin1String("frozen:")) || id.startsWith(QLatin1String("not-synced:"))) {
        // A device's state: signable while the report lists it.
        const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs, m_zone).date();
        auto rows = exceptions(today, today, nowMs);
        if (!rows.ok())
            return rows.error();
        for (const ExceptionRow &row : rows.value()) {
            if (row.id == id)
                found = row;
        }
    }
    if (!found)
        return unknown();
    if (!found->signedOffBy.isEmpty())
        return refuse("signoff.already",
                      QCoreApplication::translate("CenterReports", "Exception %1 was signed off by %2 at %3.")
                          .arg(found->id, found->signedOffBy, isoUtc(found->signedOffMs)));
    if (auto r = m_db.exec(QStringLiteral("INSERT INTO exception_signoffs (exception_id, signed_by, at_ms, note) "
                                          "VALUES (?, ?, ?, ?)"),
                           {found->id, by, nowMs, words});
        !r.ok())
        return r.error();
    if (auto s = tx.commit(); !s.ok())
        return s.error();
    found->signedOffBy = by;
    found->signedOffMs = nowMs;
    found->signOffNote = words;
    return *found;
}

Result<QList<CenterReports::HandoverRow>> CenterReports::handovers(QDate from, QDate to) const
{
    const auto [start, end] = dayRange(from, to);
    const auto devices = devicesInView();
    if (!devices.ok())
        return devices.error();
    const auto entries =
        decodedEntries<CashHandedOverRecord>(m_db, EntryKind::CashHandedOver, start, end, devices.value());
    if (!entries.ok())
        return entries.error();
    QList<HandoverRow> out;
    for (const auto &[entry, record] : entries.value()) {
        QStringList pieces;
        // Largest note first, as a cashier counts.
        for (auto it = record.denominations.cbegin(); it != record.denominations.cend(); ++it)
            pieces.prepend(QStringLiteral("%1×%2").arg(Money::fromFen(it.key()).toPlainString()).arg(it.value()));
        out.append(HandoverRow{entry.timeMs, entry.deviceId, entry.seq, entry.collectorId, record.receivedBy,
                               record.amount, pieces.join(u' ')});
    }
    return out;
}

Result<qint64> CenterReports::exportPayments(QIODevice &out, qint64 fromMs, qint64 toMs) const
{
    out.write(Csv::line({QStringLiteral("device"), QStringLiteral("seq"), QStringLiteral("receipt"),
                         QStringLiteral("kind"), QStringLiteral("time_utc"), QStringLiteral("collector"),
                         QStringLiteral("account"), QStringLiteral("method"), QStringLiteral("amount"),
                         QStringLiteral("penalty"), QStringLiteral("to_prepaid"), QStringLiteral("voided_seq"),
                         QStringLiteral("visit_outcome"), QStringLiteral("reference")}));
    auto q = m_db.exec(QStringLiteral("SELECT entry, device_id, seq FROM journal_entries WHERE kind IN (2, 3, 4) AND "
                                      "time_ms >= ? AND time_ms < ? ORDER BY device_id, seq"),
                       {fromMs, toMs});
    if (!q.ok())
        return q.error();
    qint64 n = 0;
    for (QSqlQuery rows = std::move(q).value(); rows.next();) {
        auto entry = JournalEntry::fromCbor(rows.value(0).toByteArray());
        if (!entry.ok())
            return Error{entry.error().code, QStringLiteral("%1 seq %2: %3")
                                                 .arg(rows.value(1).toString())
                                                 .arg(rows.value(2).toLongLong())
                                                 .arg(entry.error().message)};
        const JournalEntry &e = entry.value();
        const JournalFact f = JournalFact::fromEntry(e);
        QString reference;
        QString method;
        QString outcome;
        QString voided;
        if (e.kind == EntryKind::Payment) {
            method = paymentMethodKey(PaymentMethod(f.method));
            if (auto p = recordFromCbor<PaymentRecord>(e.body); p.ok())
                reference = p.value().reference;
        } else if (e.kind == EntryKind::Void) {
            voided = QString::number(f.refSeq);
        } else {
            outcome = visitOutcomeKey(VisitOutcome(f.outcome));
            if (auto v = recordFromCbor<VisitRecord>(e.body); v.ok())
                reference = v.value().note;
        }
        if (out.write(Csv::line({e.deviceId, QString::number(e.seq), e.receiptNumber(), entryKindKey(e.kind),
                                 isoUtc(e.timeMs), e.collectorId, f.accountNumber, method,
                                 e.kind == EntryKind::Payment ? f.amount.toPlainString() : QString(),
                                 e.kind == EntryKind::Payment ? f.penalty.toPlainString() : QString(),
                                 e.kind == EntryKind::Payment ? f.prepaid.toPlainString() : QString(), voided, outcome,
                                 reference})) < 0)
            return Error{QStringLiteral("export.write"), out.errorString()};
        ++n;
    }
    // Then the payments reversed at the center in the period, the reversed seq in voided_seq.
    auto c = m_db.exec(QStringLiteral("SELECT device_id, seq, at_ms, account, amount_fen, made_by, reason FROM "
                                      "corrections WHERE at_ms >= ? AND at_ms < ? ORDER BY at_ms, id"),
                       {fromMs, toMs});
    if (!c.ok())
        return c.error();
    for (QSqlQuery rows = std::move(c).value(); rows.next();) {
        const QString seq = QString::number(rows.value(1).toLongLong());
        if (out.write(
                Csv::line({rows.value(0).toString(), seq, QString(), QStringLiteral("correction"),
                           isoUtc(rows.value(2).toLongLong()), QString(), rows.value(3).toString(), QString(),
                           Money::fromFen(rows.value(4).toLongLong()).toPlainString(), QString(), QString(), seq,
                           QString(), rows.value(5).toString() + QStringLiteral(": ") + rows.value(6).toString()})) < 0)
            return Error{QStringLiteral("export.write"), out.errorString()};
        ++n;
    }
    return n;
}

std::optional<CenterReports::Format> CenterReports::formatFromKey(const QString &key)
{
    if (key.isEmpty() || key == QLatin1String("cbor"))
        return Format::Cbor;
    if (key == QLatin1String("json"))
        return Format::Json;
    if (key == QLatin1String("csv"))
        return Format::Csv;
    return std::nullopt;
}

QByteArray CenterReports::mimeType(Format format)
{
    switch (format) {
    case Format::Cbor:
        return QByteArrayLiteral("application/cbor");
    case Format::Json:
        return QByteArrayLiteral("application/json");
    case Format::Csv:
        return QByteArrayLiteral("text/csv; charset=utf-8");
    }
    return {};
}

QByteArray CenterReports::render(const QList<TotalsRow> &rows, Format format)
{
    if (format == Format::Csv) {
        QByteArray out = Csv::line(
            {QStringLiteral("dimension"), QStringLiteral("key"), QStringLiteral("count"), QStringLiteral("amount")});
        for (const TotalsRow &r : rows)
            out += Csv::line({r.dimension, r.key, QString::number(r.count), r.amount.toPlainString()});
        return out;
    }
    QCborArray a;
    for (const TotalsRow &r : rows)
        a.append(QCborMap{{QStringLiteral("dimension"), r.dimension},
                          {QStringLiteral("key"), r.key},
                          {QStringLiteral("count"), r.count},
                          {QStringLiteral("amount_fen"), r.amount.fen()}});
    if (format == Format::Cbor)
        return QCborValue(a).toCbor();
    return QJsonDocument(a.toJsonArray()).toJson(QJsonDocument::Compact);
}

QByteArray CenterReports::render(const QList<HandoverRow> &rows, Format format)
{
    if (format == Format::Csv) {
        QByteArray out = Csv::line({QStringLiteral("time_utc"), QStringLiteral("device"), QStringLiteral("seq"),
                                    QStringLiteral("collector"), QStringLiteral("received_by"),
                                    QStringLiteral("amount"), QStringLiteral("pieces")});
        for (const HandoverRow &r : rows)
            out += Csv::line({isoUtc(r.atMs), r.deviceId, QString::number(r.seq), r.collectorId, r.receivedBy,
                              r.amount.toPlainString(), r.pieces});
        return out;
    }
    QCborArray a;
    for (const HandoverRow &r : rows)
        a.append(QCborMap{{QStringLiteral("time_ms"), r.atMs},
                          {QStringLiteral("device"), r.deviceId},
                          {QStringLiteral("seq"), r.seq},
                          {QStringLiteral("collector"), r.collectorId},
                          {QStringLiteral("received_by"), r.receivedBy},
                          {QStringLiteral("amount_fen"), r.amount.fen()},
                          {QStringLiteral("pieces"), r.pieces}});
    if (format == Format::Cbor)
        return QCborValue(a).toCbor();
    return QJsonDocument(a.toJsonArray()).toJson(QJsonDocument::Compact);
}

Result<QList<CenterReports::ShiftRow>> CenterReports::shifts(QDate from, QDate to) const
{
    const auto [start, end] = dayRange(from, to);
    const auto devices = devicesInView();
    if (!devices.ok())
        return devices.error();
    const auto closes = decodedEntries<ShiftClosedRecord>(m_db, EntryKind::ShiftClosed, start, end, devices.value());
    if (!closes.ok())
        return closes.error();
    // The cash handed over in each of those shifts (a handover belongs to the shift it was made
    // in), from the journal's amount column, summed by the database in one go.
    auto h = m_db.exec(QStringLiteral("SELECT h.device_id, h.shift_seq, SUM(h.amount_fen) FROM journal_entries c JOIN "
                                      "journal_entries h ON h.device_id = c.device_id AND h.shift_seq = c.shift_seq "
                                      "AND h.kind = ? AND h.seq < c.seq WHERE c.kind = ? AND c.time_ms >= ? AND "
                                      "c.time_ms < ? GROUP BY h.device_id, h.shift_seq"),
                       {qint64(EntryKind::CashHandedOver), qint64(EntryKind::ShiftClosed), start, end});
    if (!h.ok())
        return h.error();
    QHash<QPair<QString, qint64>, Money> handedOver;
    for (QSqlQuery rows = std::move(h).value(); rows.next();) {
        bool ok = false;
        const qint64 fen = rows.value(2).toLongLong(&ok);
        if (!ok || fen > Money::MaxFen || fen < -Money::MaxFen)
            return Error{QStringLiteral("report.overflow"),
                         QCoreApplication::translate("CenterReports", "The cash handed over in shift %1 of %2 would "
                                                                      "exceed what can be counted.")
                             .arg(rows.value(1).toLongLong())
                             .arg(rows.value(0).toString())};
        handedOver.insert({rows.value(0).toString(), rows.value(1).toLongLong()}, Money::fromFen(fen));
    }
    QList<ShiftRow> out;
    for (const auto &[entry, record] : closes.value()) {
        ShiftRow row;
        row.deviceId = entry.deviceId;
        row.collectorId = entry.collectorId;
        row.openedSeq = entry.shiftSeq;
        row.closedSeq = entry.seq;
        row.closedMs = entry.timeMs;
        row.zNumber = record.zNumber;
        row.expected = record.expectedCash;
        row.counted = record.countedCash;
        row.approvedBy = record.supervisorId;
        row.handedOver = handedOver.value({entry.deviceId, entry.shiftSeq});
        row.everPaidCount = record.everPaidCount;
        row.everPaid = record.everPaid;
        out.append(row);
    }
    return out;
}

QByteArray CenterReports::render(const QList<ShiftRow> &rows, Format format)
{
    if (format == Format::Csv) {
        QByteArray out =
            Csv::line({QStringLiteral("closed_utc"), QStringLiteral("device"), QStringLiteral("collector"),
                       QStringLiteral("z_number"), QStringLiteral("opened_seq"), QStringLiteral("closed_seq"),
                       QStringLiteral("expected_cash"), QStringLiteral("counted_cash"), QStringLiteral("difference"),
                       QStringLiteral("approved_by"), QStringLiteral("handed_over"), QStringLiteral("ever_paid_count"),
                       QStringLiteral("ever_paid")});
        for (const ShiftRow &r : rows)
            out +=
                Csv::line({isoUtc(r.closedMs), r.deviceId, r.collectorId, QString::number(r.zNumber),
                           QString::number(r.openedSeq), QString::number(r.closedSeq), r.expected.toPlainString(),
                           r.counted.toPlainString(), r.difference().toPlainString(), r.approvedBy,
                           r.handedOver.toPlainString(), QString::number(r.everPaidCount), r.everPaid.toPlainString()});
        return out;
    }
    QCborArray a;
    for (const ShiftRow &r : rows)
        a.append(QCborMap{{QStringLiteral("closed_ms"), r.closedMs},
                          {QStringLiteral("device"), r.deviceId},
                          {QStringLiteral("collector"), r.collectorId},
                          {QStringLiteral("z_number"), r.zNumber},
                          {QStringLiteral("opened_seq"), r.openedSeq},
                          {QStringLiteral("closed_seq"), r.closedSeq},
                          {QStringLiteral("expected_fen"), r.expected.fen()},
                          {QStringLiteral("counted_fen"), r.counted.fen()},
                          {QStringLiteral("approved_by"), r.approvedBy},
                          {QStringLiteral("handed_over_fen"), r.handedOver.fen()},
                          {QStringLiteral("ever_paid_count"), r.everPaidCount},
                          {QStringLiteral("ever_paid_fen"), r.everPaid.fen()}});
    if (format == Format::Cbor)
        return QCborValue(a).toCbor();
    return QJsonDocument(a.toJsonArray()).toJson(QJsonDocument::Compact);
}

QByteArray CenterReports::render(const QList<ExceptionRow> &rows, Format format)
{
    if (format == Format::Csv) {
        QByteArray out = Csv::line({QStringLiteral("time_utc"), QStringLiteral("kind"), QStringLiteral("device"),
                                    QStringLiteral("seq"), QStringLiteral("account"), QStringLiteral("amount"),
                                    QStringLiteral("detail"), QStringLiteral("id"), QStringLiteral("signed_off_by"),
                                    QStringLiteral("signed_off_utc"), QStringLiteral("sign_off_note")});
        for (const ExceptionRow &r : rows)
            out += Csv::line({isoUtc(r.atMs), r.kind, r.deviceId, QString::number(r.seq), r.account,
                              r.amount.toPlainString(), r.detail, r.id, r.signedOffBy,
                              r.signedOffBy.isEmpty() ? QString() : isoUtc(r.signedOffMs), r.signOffNote});
        return out;
    }
    QCborArray a;
    for (const ExceptionRow &r : rows)
        a.append(QCborMap{
            {QStringLiteral("time_ms"), r.atMs},
            {QStringLiteral("kind"), r.kind},
            {QStringLiteral("device"), r.deviceId},
            {QStringLiteral("seq"), r.seq},
            {QStringLiteral("account"), r.account},
            {QStringLiteral("amount_fen"), r.amount.fen()},
            {QStringLiteral("detail"), r.detail},
            {QStringLiteral("id"), r.id},
            {QStringLiteral("signed_off_by"), r.signedOffBy},
            {QStringLiteral("signed_off_ms"), r.signedOffBy.isEmpty() ? QCborValue() : QCborValue(r.signedOffMs)},
            {QStringLiteral("sign_off_note"), r.signOffNote}});
    if (format == Format::Cbor)
        return QCborValue(a).toCbor();
    return QJsonDocument(a.toJsonArray()).toJson(QJsonDocument::Compact);
}
