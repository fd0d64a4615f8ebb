#include "centerpostings.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QSet>

#include <map>

#include "centerreports.h"
#include "csvtable.h"
#include "csvwriter.h"

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(CenterPostings)
};

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODateWithMs);
}

} // namespace

CenterPostings::CenterPostings(const CenterDatabase &db, const QTimeZone &zone)
    : m_db(db)
    , m_zone(zone)
{
}

QPair<qint64, qint64> CenterPostings::dayRange(QDate from, QDate to) const
{
    return {QDateTime(from, QTime(0, 0), m_zone).toMSecsSinceEpoch(),
            QDateTime(to.addDays(1), QTime(0, 0), m_zone).toMSecsSinceEpoch()};
}

Result<CenterPostings::Exported> CenterPostings::exportSince(QIODevice &out, qint64 afterId) const
{
    if (out.write(Csv::line({QStringLiteral("posting_id"), QStringLiteral("source"), QStringLiteral("device"),
                             QStringLiteral("payment_seq"), QStringLiteral("source_seq"), QStringLiteral("account"),
                             QStringLiteral("route"), QStringLiteral("bill_id"), QStringLiteral("part"),
                             QStringLiteral("amount"), QStringLiteral("created_utc")})) < 0)
        return Error{QStringLiteral("export.write"), out.errorString()};
    auto q = m_db.exec(QStringLiteral("SELECT id, source, device_id, payment_seq, source_seq, account, route, bill_id, "
                                      "part, amount_fen, created_ms FROM postings WHERE id > ? ORDER BY id"),
                       {afterId});
    if (!q.ok())
        return q.error();
    Exported done;
    for (QSqlQuery rows = std::move(q).value(); rows.next();) {
        const qint64 id = rows.value(0).toLongLong();
        if (out.write(Csv::line(
                {QString::number(id), rows.value(1).toString(), rows.value(2).toString(),
                 QString::number(rows.value(3).toLongLong()), QString::number(rows.value(4).toLongLong()),
                 rows.value(5).toString(), rows.value(6).toString(), rows.value(7).toString(), rows.value(8).toString(),
                 Money::fromFen(rows.value(9).toLongLong()).toPlainString(), isoUtc(rows.value(10).toLongLong())})) < 0)
            return Error{QStringLiteral("export.write"), out.errorString()};
        ++done.rows;
        done.lastId = id;
    }
    return done;
}

Result<CenterPostings::Acknowledged> CenterPostings::importAcknowledgement(const QString &path, qint64 nowMs)
{
    struct Line
    {
        qint64 id = 0;
        Money amount;
        QString status;
        QString reference;
        qint64 line = 0;
    };
    // Read and check the whole file first: a malformed one changes nothing.
    CsvTable table(path, {QStringLiteral("posting_id"), QStringLiteral("amount"), QStringLiteral("status"),
                          QStringLiteral("reference")});
    if (auto s = table.open(); !s.ok())
        return s.error();
    QList<Line> lines;
    QSet<qint64> seen;
    while (table.next()) {
        Line l;
        bool ok = false;
        l.id = table.value(QStringLiteral("posting_id")).toLongLong(&ok);
        if (!ok || l.id < 1)
            return table.fieldError(QStringLiteral("posting_id"), Tr::tr("not a posting id (a whole number from 1)"));
        if (seen.contains(l.id))
            return table.fieldError(QStringLiteral("posting_id"), Tr::tr("posting %1 appears twice").arg(l.id));
        seen.insert(l.id);
        auto amount = Money::parse(table.value(QStringLiteral("amount")), Money::Sign::AllowNegative);
        if (!amount.ok())
            return table.fieldError(QStringLiteral("amount"), amount.error().message);
        l.amount = amount.value();
        l.status = table.value(QStringLiteral("status"));
        if (l.status != QLatin1String("posted") && l.status != QLatin1String("rejected"))
            return table.fieldError(QStringLiteral("status"), Tr::tr("\"posted\" or \"rejected\""));
        l.reference = table.value(QStringLiteral("reference"));
        if (l.reference.size() > 64)
            return table.fieldError(QStringLiteral("reference"), Tr::tr("at most 64 characters"));
        l.line = table.line();
        lines.append(l);
    }
    if (table.error())
        return *table.error();

    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s.error();
    Acknowledged done;
    QList<QVariantList> exceptions;
    const auto listException = [&](const char *kind, const QString &device, qint64 seq, const QString &account,
                                   qint64 fen, const QString &detail) {
        exceptions.append({nowMs, QString::fromLatin1(kind), device, seq, account, fen, detail});
        ++done.exceptions;
    };
    for (const Line &l : std::as_const(lines)) {
        auto q = m_db.exec(QStringLiteral("SELECT device_id, payment_seq, account, amount_fen, ack_status, ack_ref "
                                          "FROM postings WHERE id = ?"),
                           {l.id});
        if (!q.ok())
            return q.error();
        QSqlQuery row = std::move(q).value();
        if (!row.next()) {
            listException("posting-ack-unknown", QString(), 0, QString(), l.amount.fen(),
                          QStringLiteral("%1 line %2: posting %3 was never made here")
                              .arg(QFileInfo(path).fileName())
                              .arg(l.line)
                              .arg(l.id));
            continue;
        }
        const QString device = row.value(0).toString();
        const qint64 seq = row.value(1).toLongLong();
        const QString account = row.value(2).toString();
        const qint64 fen = row.value(3).toLongLong();
        const QString before = row.value(4).toString();
        if (fen != l.amount.fen()) {
            listException("posting-ack-mismatch", device, seq, account, fen,
                          QStringLiteral("posting %1 is %2; the billing system acknowledged %3")
                              .arg(l.id)
                              .arg(Money::fromFen(fen).toPlainString(), l.amount.toPlainString()));
            continue;
        }
        if (!before.isEmpty()) {
            if (before == l.status && row.value(5).toString() == l.reference) {
                ++done.already;
            } else {
                listException("posting-ack-conflict", device, seq, account, fen,
                              QStringLiteral("posting %1 was acknowledged %2 (%3); now %4 (%5): kept as it was")
                                  .arg(l.id)
                                  .arg(before, row.value(5).toString(), l.status, l.reference));
            }
            continue;
        }
        if (auto r =
                m_db.exec(QStringLiteral("UPDATE postings SET acked_ms = ?, ack_status = ?, ack_ref = ? WHERE id = ?"),
                          {nowMs, l.status, l.reference, l.id});
            !r.ok())
            return r.error();
        if (l.status == QLatin1String("posted")) {
            ++done.posted;
        } else {
            ++done.rejected;
            exceptions.append(
                {nowMs, QStringLiteral("posting-rejected"), device, seq, account, fen,
                 QStringLiteral("posting %1 rejected by the billing system: %2").arg(l.id).arg(l.reference)});
        }
    }
    if (auto s = m_db.insertExceptions(exceptions); !s.ok())
        return s.error();
    if (auto s = tx.commit(); !s.ok())
        return s.error();
    return done;
}

Result<QHash<qint64, QString>> CenterPostings::notInExtract(qint64 start, qint64 end) const
{
    auto extractMs = m_db.scalar(QStringLiteral("SELECT value FROM counters WHERE name = 'extract_imported_ms'"));
    if (!extractMs.ok())
        return extractMs.error();
    const qint64 extract = extractMs.value().toLongLong();
    // Per bill, the principal billing acknowledged as posted before the last extract came in; the
    // extract's paid figure below it means the extract lacks a posting billing said it made. (A
    // lower bound: the extract also counts what was paid through other channels.)
    auto q = m_db.exec(
        QStringLiteral("SELECT p.id, b.extract_paid_fen, a.acked FROM postings p JOIN bills b ON b.id = p.bill_id "
                       "JOIN (SELECT bill_id, SUM(amount_fen) AS acked FROM postings WHERE part = 'principal' AND "
                       "ack_status = 'posted' AND acked_ms < ? AND bill_id IN (SELECT bill_id FROM postings WHERE "
                       "created_ms >= ? AND created_ms < ? AND part = 'principal') GROUP BY bill_id) a ON "
                       "a.bill_id = p.bill_id WHERE p.part = 'principal' AND p.ack_status = 'posted' AND "
                       "p.acked_ms < ? AND p.created_ms >= ? AND p.created_ms < ? AND b.extract_paid_fen IS NOT "
                       "NULL AND b.extract_paid_fen < a.acked"),
        {extract, start, end, extract, start, end});
    if (!q.ok())
        return q.error();
    QHash<qint64, QString> out;
    for (QSqlQuery r = std::move(q).value(); r.next();)
        out.insert(r.value(0).toLongLong(),
                   Tr::tr("the extract of %1 shows %2 paid on the bill; billing acknowledged %3 posted")
                       .arg(isoUtc(extract), Money::fromFen(r.value(1).toLongLong()).toPlainString(),
                            Money::fromFen(r.value(2).toLongLong()).toPlainString()));
    return out;
}

Result<QList<CenterPostings::DayRow>> CenterPostings::reconciliation(QDate from, QDate to) const
{
    const auto [start, end] = dayRange(from, to);
    auto missing = notInExtract(start, end);
    if (!missing.ok())
        return missing.error();
    auto q = m_db.exec(QStringLiteral("SELECT created_ms, route, amount_fen, ack_status, id FROM postings WHERE "
                                      "created_ms >= ? AND created_ms < ?"),
                       {start, end});
    if (!q.ok())
        return q.error();
    std::map<std::pair<QDate, QString>, DayRow> rows;
    for (QSqlQuery r = std::move(q).value(); r.next();) {
        const QDate day = QDateTime::fromMSecsSinceEpoch(r.value(0).toLongLong(), m_zone).date();
        DayRow &row = rows[{day, r.value(1).toString()}];
        row.day = day;
        row.route = r.value(1).toString();
        const qint64 fen = r.value(2).toLongLong();
        const QString status = r.value(3).toString();
        Money &part = status == QLatin1String("posted")     ? row.posted
                      : status == QLatin1String("rejected") ? row.rejected
                                                            : row.awaiting;
        // Money aborts on overflow, and a server never aborts on data: checked here instead.
        qint64 applied = 0;
        qint64 inPart = 0;
        qint64 lacking = row.notInExtract.fen();
        if (qAbs(fen) > Money::MaxFen || qAddOverflow(row.applied.fen(), fen, &applied) ||
            qAddOverflow(part.fen(), fen, &inPart) ||
            (missing.value().contains(r.value(4).toLongLong()) && qAddOverflow(lacking, fen, &lacking)) ||
            qAbs(applied) > Money::MaxFen || qAbs(inPart) > Money::MaxFen || qAbs(lacking) > Money::MaxFen)
            return Error{QStringLiteral("report.overflow"),
                         Tr::tr("The postings of %1 on route %2 exceed what can be counted.")
                             .arg(day.toString(Qt::ISODate), row.route)};
        ++row.postings;
        row.applied = Money::fromFen(applied);
        part = Money::fromFen(inPart);
        row.notInExtract = Money::fromFen(lacking);
    }
    QList<DayRow> out;
    for (const auto &[key, row] : rows)
        out.append(row);
    return out;
}

Result<QList<CenterPostings::Open>> CenterPostings::unposted(QDate from, QDate to) const
{
    const auto [start, end] = dayRange(from, to);
    auto missing = notInExtract(start, end);
    if (!missing.ok())
        return missing.error();
    auto q = m_db.exec(QStringLiteral("SELECT id, created_ms, device_id, payment_seq, source, account, bill_id, part, "
                                      "amount_fen, ack_status, ack_ref FROM postings WHERE created_ms >= ? AND "
                                      "created_ms < ? ORDER BY id"),
                       {start, end});
    if (!q.ok())
        return q.error();
    QList<Open> out;
    for (QSqlQuery r = std::move(q).value(); r.next();) {
        const qint64 id = r.value(0).toLongLong();
        const bool posted = r.value(9).toString() == QLatin1String("posted");
        const auto lacking = missing.value().constFind(id);
        if (posted && lacking == missing.value().cend())
            continue;
        out.append(Open{id, r.value(1).toLongLong(), r.value(2).toString(), r.value(3).toLongLong(),
                        r.value(4).toString(), r.value(5).toString(), r.value(6).toString(), r.value(7).toString(),
                        Money::fromFen(r.value(8).toLongLong()),
                        posted                ? QStringLiteral("not-in-extract")
                        : r.value(9).isNull() ? QStringLiteral("awaiting")
                                              : r.value(9).toString(),
                        posted ? *lacking : r.value(10).toString()});
    }
    return out;
}

QByteArray CenterPostings::renderCsv(const QList<DayRow> &rows)
{
    QByteArray out = Csv::line({QStringLiteral("day"), QStringLiteral("route"), QStringLiteral("postings"),
                                QStringLiteral("applied"), QStringLiteral("posted"), QStringLiteral("rejected"),
                                QStringLiteral("awaiting"), QStringLiteral("not_in_extract")});
    for (const DayRow &r : rows)
        out += Csv::line({r.day.toString(Qt::ISODate), r.route, QString::number(r.postings), r.applied.toPlainString(),
                          r.posted.toPlainString(), r.rejected.toPlainString(), r.awaiting.toPlainString(),
                          r.notInExtract.toPlainString()});
    return out;
}

QByteArray CenterPostings::renderCsv(const QList<Open> &rows)
{
    QByteArray out = Csv::line({QStringLiteral("posting_id"), QStringLiteral("created_utc"), QStringLiteral("device"),
                                QStringLiteral("payment_seq"), QStringLiteral("source"), QStringLiteral("account"),
                                QStringLiteral("bill_id"), QStringLiteral("part"), QStringLiteral("amount"),
                                QStringLiteral("state"), QStringLiteral("reference")});
    for (const Open &r : rows)
        out += Csv::line({QString::number(r.id), isoUtc(r.createdMs), r.deviceId, QString::number(r.paymentSeq),
                          r.source, r.account, r.billId, r.part, r.amount.toPlainString(), r.state, r.reference});
    return out;
}
