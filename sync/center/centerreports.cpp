#include "centerreports.h"

#include <QCborArray>
#include <QCborMap>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QtNumeric>

#include <array>
#include <map>

#include "csvwriter.h"
#include "dailytotals.h"
#include "journalentry.h"

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
    // Every sum below (per device, collector, method, route and overall) is bounded by the sum
    // of the magnitudes of the fact fields it folds, voided payments included: amounts, penalties
    // and prepaid each on their own, and a closed shift's difference (counted − expected). When
    // those bounds fit in 64 bits, no sum can wrap (core's Money aborts on overflow, and a server
    // never aborts on data); when one does not, the report says where instead.
    std::array<qint64, 4> magnitude{};
    std::optional<Error> overflow;
    auto bound = [&](const QString &device, const JournalFact &f) {
        auto size = [](Money m) {
            return m.fen() == std::numeric_limits<qint64>::min() ? std::numeric_limits<qint64>::max() : qAbs(m.fen());
        };
        const qint64 difference = f.kind == EntryKind::ShiftClosed
                                      ? (size(f.amount) > std::numeric_limits<qint64>::max() - size(f.prepaid)
                                             ? std::numeric_limits<qint64>::max()
                                             : size(f.amount) + size(f.prepaid))
                                      : 0;
        const std::array<qint64, 4> sizes{size(f.amount), size(f.penalty), size(f.prepaid), difference};
        for (size_t i = 0; i < sizes.size() && !overflow; ++i) {
            if (qAddOverflow(magnitude[i], sizes[i], &magnitude[i]))
                overflow = Error{QStringLiteral("report.overflow"),
                                 QCoreApplication::translate("CenterReports",
                                                             "The totals of %1 would exceed what can be counted, "
                                                             "from device %2 seq %3 on; see the exception list.")
                                     .arg(day.toString(Qt::ISODate), device)
                                     .arg(f.seq)};
        }
    };
    for (QSqlQuery rows = std::move(q).value(); rows.next();) {
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

Result<QList<CenterReports::ExceptionRow>> CenterReports::exceptions(QDate from, QDate to, qint64 nowMs,
                                                                     int staleHours) const
{
    const auto [start, end] = dayRange(from, to);
    QList<ExceptionRow> out;
    auto q = m_db.exec(QStringLiteral("SELECT at_ms, kind, device_id, seq, account, amount_fen, detail FROM exceptions "
                                      "WHERE at_ms >= ? AND at_ms < ? ORDER BY at_ms, id"),
                       {start, end});
    if (!q.ok())
        return q.error();
    for (QSqlQuery rows = std::move(q).value(); rows.next();)
        out.append(ExceptionRow{rows.value(0).toLongLong(), rows.value(1).toString(), rows.value(2).toString(),
                                rows.value(3).toLongLong(), rows.value(4).toString(),
                                Money::fromFen(rows.value(5).toLongLong()), rows.value(6).toString()});
    auto r = m_db.exec(QStringLiteral("SELECT at_ms, code, device_id, seq, message, first_seq, last_seq, remote FROM "
                                      "refusals WHERE at_ms >= ? AND at_ms < ? ORDER BY at_ms, id"),
                       {start, end});
    if (!r.ok())
        return r.error();
    for (QSqlQuery rows = std::move(r).value(); rows.next();)
        out.append(ExceptionRow{rows.value(0).toLongLong(), QStringLiteral("refusal:") + rows.value(1).toString(),
                                rows.value(2).toString(), rows.value(3).toLongLong(), QString(), Money(),
                                QStringLiteral("%1 (batch %2..%3 from %4)")
                                    .arg(rows.value(4).toString())
                                    .arg(rows.value(5).toLongLong())
                                    .arg(rows.value(6).toLongLong())
                                    .arg(rows.value(7).toString())});
    auto d =
        m_db.exec(QStringLiteral("SELECT id, state, last_sync_ms, enrolled_ms, frozen_reason, head_seq FROM devices "
                                 "ORDER BY id"));
    if (!d.ok())
        return d.error();
    const qint64 stale = nowMs - qint64(staleHours) * 3600 * 1000;
    for (QSqlQuery rows = std::move(d).value(); rows.next();) {
        const QString state = rows.value(1).toString();
        const qint64 last = rows.value(2).isNull() ? rows.value(3).toLongLong() : rows.value(2).toLongLong();
        if (state == QLatin1String("frozen"))
            out.append(ExceptionRow{nowMs, QStringLiteral("frozen"), rows.value(0).toString(),
                                    rows.value(5).toLongLong(), QString(), Money(), rows.value(4).toString()});
        else if (last < stale && state == QLatin1String("active"))
            out.append(ExceptionRow{last, QStringLiteral("not-synced"), rows.value(0).toString(),
                                    rows.value(5).toLongLong(), QString(), Money(),
                                    QStringLiteral("last synced %1").arg(isoUtc(last))});
    }
    return out;
}

Result<QList<CenterReports::HandoverRow>> CenterReports::handovers(QDate from, QDate to) const
{
    const auto [start, end] = dayRange(from, to);
    auto q = m_db.exec(QStringLiteral("SELECT entry, device_id, seq FROM journal_entries WHERE kind = ? AND "
                                      "time_ms >= ? AND time_ms < ? ORDER BY time_ms, device_id, seq"),
                       {qint64(EntryKind::CashHandedOver), start, end});
    if (!q.ok())
        return q.error();
    QList<HandoverRow> out;
    for (QSqlQuery rows = std::move(q).value(); rows.next();) {
        const auto entry = JournalEntry::fromCbor(rows.value(0).toByteArray());
        const auto record = entry.ok() ? recordFromCbor<CashHandedOverRecord>(entry->body)
                                       : Result<CashHandedOverRecord>(entry.error());
        if (!record.ok())
            return Error{record.error().code, QStringLiteral("%1 seq %2: %3")
                                                  .arg(rows.value(1).toString())
                                                  .arg(rows.value(2).toLongLong())
                                                  .arg(record.error().message)};
        QStringList pieces;
        // Largest note first, as a cashier counts.
        for (auto it = record->denominations.cbegin(); it != record->denominations.cend(); ++it)
            pieces.prepend(QStringLiteral("%1×%2").arg(Money::fromFen(it.key()).toPlainString()).arg(it.value()));
        out.append(HandoverRow{entry->timeMs, entry->deviceId, entry->seq, entry->collectorId, record->receivedBy,
                               record->amount, pieces.join(u' ')});
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

QByteArray CenterReports::render(const QList<ExceptionRow> &rows, Format format)
{
    if (format == Format::Csv) {
        QByteArray out = Csv::line({QStringLiteral("time_utc"), QStringLiteral("kind"), QStringLiteral("device"),
                                    QStringLiteral("seq"), QStringLiteral("account"), QStringLiteral("amount"),
                                    QStringLiteral("detail")});
        for (const ExceptionRow &r : rows)
            out += Csv::line({isoUtc(r.atMs), r.kind, r.deviceId, QString::number(r.seq), r.account,
                              r.amount.toPlainString(), r.detail});
        return out;
    }
    QCborArray a;
    for (const ExceptionRow &r : rows)
        a.append(QCborMap{{QStringLiteral("time_ms"), r.atMs},
                          {QStringLiteral("kind"), r.kind},
                          {QStringLiteral("device"), r.deviceId},
                          {QStringLiteral("seq"), r.seq},
                          {QStringLiteral("account"), r.account},
                          {QStringLiteral("amount_fen"), r.amount.fen()},
                          {QStringLiteral("detail"), r.detail}});
    if (format == Format::Cbor)
        return QCborValue(a).toCbor();
    return QJsonDocument(a.toJsonArray()).toJson(QJsonDocument::Compact);
}
