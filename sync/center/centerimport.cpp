#include "centerimport.h"

#include <QCoreApplication>
#include <QDate>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QSqlRecord>

#include <functional>

#include "account.h"
#include "allocation.h"
#include "csvtable.h"
#include "money.h"
#include "penaltypolicy.h"
#include "worklist.h"

namespace {

// One translation context for the whole file, including free functions and helper types, in a
// form lupdate understands.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(CenterImport)
};

struct RowState
{
    QString route;
    QString fingerprint;
    bool active = false;
};

QString fingerprint(const QStringList &fields)
{
    return fields.join(QChar(0x1f));
}

Result<Money> money(const CsvTable &t, const QString &column)
{
    auto m = Money::parse(t.value(column));
    if (!m.ok())
        return t.fieldError(column, m.error().message);
    return m.value();
}

} // namespace

std::optional<QString> CenterImport::textProblem(const QString &field)
{
    if (field.toUtf8().size() > WorklistLimits::MaxFieldBytes)
        return Tr::tr("longer than %1 bytes").arg(WorklistLimits::MaxFieldBytes);
    for (const QChar c : field) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f)
            return Tr::tr("a control character (U+%1)").arg(int(u), 4, 16, QLatin1Char('0'));
        if ((u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069))
            return Tr::tr("a text-direction override (U+%1)").arg(int(u), 4, 16, QLatin1Char('0'));
    }
    return std::nullopt;
}

namespace {

/// One import inside its transaction: the version it writes, what it changed so far, what it read.
struct ImportRun
{
    const CenterDatabase &db;
    const CenterImport::Options &options;
    qint64 version = 0;
    AccountNumberRule rule;
    qint64 nowMs = 0;
    bool changed = false;
    CenterImport::Summary summary;
    QHash<QString, QString> accountRoute; ///< number → route, as in this extract
    QSet<QString> billIds;                ///< the bills of this extract

    /// A tombstone: worklist deltas from this version on tell the route the row is gone.
    [[nodiscard]] Status addRemoval(const QString &route, const char *kind, const QString &key) const
    {
        auto r =
            db.exec(QStringLiteral("INSERT INTO worklist_removals (version, route, kind, key) VALUES (?, ?, ?, ?)"),
                    {version, route, QString::fromLatin1(kind), key});
        if (!r.ok())
            return r.error();
        return success();
    }
};

/// Ids of routes and collectors: 1 to 64 letters, digits, '.', '_' or '-'.
const QRegularExpression &idPattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return pattern;
}

/// The rows the center holds now, by key: `sql` selects the key, the route, the fields the
/// fingerprint covers and, last, the active flag.
Result<QHash<QString, RowState>> heldRows(const CenterDatabase &db, const QString &sql)
{
    auto q = db.exec(sql);
    if (!q.ok())
        return q.error();
    QHash<QString, RowState> held;
    QSqlQuery rows = std::move(q).value();
    const int last = rows.record().count() - 1;
    while (rows.next()) {
        QStringList f;
        for (int i = 1; i < last; ++i)
            f.append(rows.value(i).toString());
        held.insert(rows.value(0).toString(),
                    RowState{rows.value(1).toString(), fingerprint(f), rows.value(last).toLongLong() != 0});
    }
    return held;
}

/// One row of accounts.csv, checked.
struct AccountLine
{
    QString number;
    QString route;
    int walk = 0;
    qint64 prepaidFen = 0;
    QStringList fields; ///< route … prepaid as stored, the fingerprint's input
};

Result<AccountLine> readAccount(const CsvTable &t, const AccountNumberRule &rule,
                                const QHash<QString, QString> &accountRoute)
{
    auto number = rule.validate(t.value(QStringLiteral("number")));
    if (!number.ok())
        return t.fieldError(QStringLiteral("number"), number.error().message);
    if (accountRoute.contains(number.value()))
        return t.fieldError(QStringLiteral("number"), Tr::tr("account %1 appears twice").arg(number.value()));
    const QString route = t.value(QStringLiteral("route"));
    if (!idPattern().match(route).hasMatch())
        return t.fieldError(QStringLiteral("route"), Tr::tr("a route is 1 to 64 letters, digits, '.', '_' or '-'"));
    if (t.value(QStringLiteral("name")).isEmpty())
        return t.fieldError(QStringLiteral("name"), Tr::tr("the name is empty"));
    bool ok = false;
    const int walk = t.value(QStringLiteral("walk_order")).toInt(&ok);
    if (!ok || walk < 0)
        return t.fieldError(QStringLiteral("walk_order"), Tr::tr("not a whole number of 0 or more"));
    const auto cls = customerClassFromKey(t.value(QStringLiteral("class")));
    if (!cls)
        return t.fieldError(QStringLiteral("class"),
                            Tr::tr("unknown customer class \"%1\"").arg(t.value(QStringLiteral("class"))));
    auto prepaid = money(t, QStringLiteral("prepaid"));
    if (!prepaid.ok())
        return prepaid.error();
    return AccountLine{number.value(),
                       route,
                       walk,
                       prepaid.value().fen(),
                       {route, t.value(QStringLiteral("name")), t.value(QStringLiteral("address")),
                        t.value(QStringLiteral("village")), QString::number(walk), t.value(QStringLiteral("meter")),
                        customerClassKey(*cls), t.value(QStringLiteral("phone")),
                        QString::number(prepaid.value().fen())}};
}

/// One row of bills.csv, checked.
struct BillLine
{
    QString id;
    QString account;
    QString route;
    QString period;
    qint64 amountFen = 0;
    QString due;
    qint64 paidFen = 0;        ///< what terminals are told: the extract's figure and the unposted here
    qint64 extractPaidFen = 0; ///< what the extract itself says (the reconciliation compares it)
    [[nodiscard]] bool open() const { return paidFen < amountFen; }
    [[nodiscard]] QStringList fields() const
    {
        return {route, account, period, QString::number(amountFen), due, QString::number(paidFen)};
    }
};

Result<BillLine> readBill(const CsvTable &t, const AccountNumberRule &rule, const QHash<QString, QString> &accountRoute,
                          const QSet<QString> &billIds)
{
    static const QRegularExpression periodPattern(QStringLiteral("^[0-9]{4}-(0[1-9]|1[0-2])$"));
    const QString id = t.value(QStringLiteral("id"));
    if (id.isEmpty() || id.size() > 64)
        return t.fieldError(QStringLiteral("id"), Tr::tr("a bill id is 1 to 64 characters"));
    if (billIds.contains(id))
        return t.fieldError(QStringLiteral("id"), Tr::tr("bill %1 appears twice").arg(id));
    auto account = rule.validate(t.value(QStringLiteral("account")));
    if (!account.ok())
        return t.fieldError(QStringLiteral("account"), account.error().message);
    if (!accountRoute.contains(account.value()))
        return t.fieldError(QStringLiteral("account"),
                            Tr::tr("account %1 is not in the accounts file").arg(account.value()));
    const QString period = t.value(QStringLiteral("period"));
    if (!periodPattern.match(period).hasMatch())
        return t.fieldError(QStringLiteral("period"), Tr::tr("not a billing period YYYY-MM"));
    auto amount = money(t, QStringLiteral("amount"));
    if (!amount.ok())
        return amount.error();
    const QDate due = QDate::fromString(t.value(QStringLiteral("due_date")), Qt::ISODate);
    if (!due.isValid() || t.value(QStringLiteral("due_date")).size() != 10)
        return t.fieldError(QStringLiteral("due_date"), Tr::tr("not a date YYYY-MM-DD"));
    auto paid = money(t, QStringLiteral("paid"));
    if (!paid.ok())
        return paid.error();
    if (paid.value() > amount.value())
        return t.fieldError(QStringLiteral("paid"), Tr::tr("more than the bill's amount"));
    return BillLine{id,
                    account.value(),
                    accountRoute.value(account.value()),
                    period,
                    amount.value().fen(),
                    due.toString(Qt::ISODate),
                    paid.value().fen()};
}

/// One row of collectors.csv, checked: name, role, pin_hash, route, active.
Result<QStringList> readCollector(const CsvTable &t, const QSet<QString> &seen, int minPinIterations)
{
    const QString id = t.value(QStringLiteral("id"));
    if (!idPattern().match(id).hasMatch())
        return t.fieldError(QStringLiteral("id"), Tr::tr("a collector id is 1 to 64 letters, digits, '.', '_' or '-'"));
    if (seen.contains(id))
        return t.fieldError(QStringLiteral("id"), Tr::tr("collector %1 appears twice").arg(id));
    const QString role = t.value(QStringLiteral("role"));
    if (role != QLatin1String("collector") && role != QLatin1String("supervisor"))
        return t.fieldError(QStringLiteral("role"), Tr::tr("the role is collector or supervisor"));
    if (t.value(QStringLiteral("pin_hash")).isEmpty())
        return t.fieldError(QStringLiteral("pin_hash"), Tr::tr("the PIN hash is empty"));
    // Devices check PINs against these: a hash they cannot read, or one cheap enough to
    // guess the PIN from a lost handheld, is refused here.
    if (auto s = PinHash::checkEncoding(t.value(QStringLiteral("pin_hash"))); !s.ok())
        return t.fieldError(QStringLiteral("pin_hash"), s.error().message);
    if (t.value(QStringLiteral("pin_hash")).section(QLatin1Char('$'), 1, 1).toLongLong() < minPinIterations)
        return t.fieldError(QStringLiteral("pin_hash"),
                            Tr::tr("fewer than %1 PBKDF2 iterations").arg(minPinIterations));
    const QString active = t.value(QStringLiteral("active"));
    if (active != QLatin1String("1") && active != QLatin1String("0"))
        return t.fieldError(QStringLiteral("active"), Tr::tr("active is 1 or 0"));
    return QStringList{t.value(QStringLiteral("name")), role, t.value(QStringLiteral("pin_hash")),
                       t.value(QStringLiteral("route")), active};
}

/// The policy file: the account-number rule and every setting as stored ("M." and "P." keys).
struct ImportPolicy
{
    AccountNumberRule rule;
    QList<QPair<QString, QString>> settings;
};

Result<ImportPolicy> readPolicy(const QString &policyCsv)
{
    CsvTable policy(policyCsv, {QStringLiteral("key"), QStringLiteral("value")});
    if (auto s = policy.open(); !s.ok())
        return s.error();
    QList<QPair<QString, QString>> penaltyPairs;
    QMap<QString, QString> meta{
        {QStringLiteral("utility"), QString()},
        {QStringLiteral("account-pattern"), AccountNumberRule().pattern()},
        {QStringLiteral("check-digit"), checkDigitKey(AccountNumberRule().checkDigit())},
        {QStringLiteral("allocation-order"), allocationOrderKey(AllocationOrder::PenaltyThenPrincipalPerBill)}};
    QSet<QString> seenKeys;
    while (policy.next()) {
        const QString key = policy.value(QStringLiteral("key"));
        const QString value = policy.value(QStringLiteral("value"));
        if (seenKeys.contains(key))
            return policy.fieldError(QStringLiteral("key"), Tr::tr("\"%1\" is given twice").arg(key));
        seenKeys.insert(key);
        if (key == QLatin1String("check-digit") && !checkDigitFromKey(value))
            return policy.fieldError(QStringLiteral("value"), Tr::tr("unknown check digit \"%1\"").arg(value));
        if (key == QLatin1String("allocation-order") && !allocationOrderFromKey(value))
            return policy.fieldError(QStringLiteral("value"), Tr::tr("unknown allocation order \"%1\"").arg(value));
        if (meta.contains(key)) {
            meta[key] = value;
            continue;
        }
        penaltyPairs.append({key, value});
        if (auto p = PenaltyPolicy::fromKeyValues({{key, value}}); !p.ok())
            return policy.fieldError(QStringLiteral("key"), p.error().message);
    }
    if (policy.error())
        return *policy.error();
    auto penalty = PenaltyPolicy::fromKeyValues(penaltyPairs);
    if (!penalty.ok())
        return Error{QStringLiteral("import.policy"),
                     QFileInfo(policyCsv).fileName() + QStringLiteral(": ") + penalty.error().message};
    auto rule = AccountNumberRule::create(meta.value(QStringLiteral("account-pattern")),
                                          *checkDigitFromKey(meta.value(QStringLiteral("check-digit"))));
    if (!rule.ok())
        return Error{QStringLiteral("import.policy"),
                     QFileInfo(policyCsv).fileName() + QStringLiteral(": ") + rule.error().message};
    ImportPolicy out{rule.value(), {}};
    for (auto it = meta.cbegin(); it != meta.cend(); ++it)
        out.settings.append({QStringLiteral("M.") + it.key(), it.value()});
    for (const auto &kv : penalty.value().toKeyValues())
        out.settings.append({QStringLiteral("P.") + kv.first, kv.second});
    return out;
}

Status writeSettings(ImportRun &run, const QList<QPair<QString, QString>> &settings)
{
    QHash<QString, QString> existing;
    auto q = run.db.exec(QStringLiteral("SELECT key, value FROM settings"));
    if (!q.ok())
        return q.error();
    for (QSqlQuery rows = std::move(q).value(); rows.next();)
        existing.insert(rows.value(0).toString(), rows.value(1).toString());
    for (const auto &kv : settings) {
        if (existing.contains(kv.first) && existing.value(kv.first) == kv.second)
            continue;
        run.changed = true;
        if (auto r = run.db.exec(QStringLiteral("INSERT INTO settings (key, value, version) VALUES (?, ?, ?) ON "
                                                "CONFLICT (key) DO UPDATE SET value = excluded.value, version = "
                                                "excluded.version"),
                                 {kv.first, kv.second, run.version});
            !r.ok())
            return r.error();
    }
    return success();
}

/// Refuses a snapshot that removes more than the allowed share of what is active.
Status checkShrink(const CenterImport::Options &options, const QString &what, qint64 removed, qint64 before)
{
    if (options.allowShrink || removed == 0 || removed * 100 <= qint64(options.maxShrinkPercent) * before)
        return success();
    return Error{QStringLiteral("import.shrink"),
                 Tr::tr("This extract would remove %1 of the %2 %3 the center has (more than %4 %). If that is "
                        "intended, import again with --allow-shrink.")
                     .arg(removed)
                     .arg(before)
                     .arg(what)
                     .arg(options.maxShrinkPercent)};
}

/// Deactivates what the center holds and the extract no longer has, with a tombstone each.
Status removeMissing(ImportRun &run, const QHash<QString, RowState> &held,
                     const std::function<bool(const QString &)> &inExtract, const QString &what, const char *kind,
                     const QString &deactivateSql)
{
    qint64 before = 0;
    qint64 removing = 0;
    for (auto it = held.cbegin(); it != held.cend(); ++it) {
        before += it->active ? 1 : 0;
        removing += it->active && !inExtract(it.key()) ? 1 : 0;
    }
    if (auto s = checkShrink(run.options, what, removing, before); !s.ok())
        return s;
    for (auto it = held.cbegin(); it != held.cend(); ++it) {
        if (!it->active || inExtract(it.key()))
            continue;
        ++run.summary.removed;
        run.changed = true;
        if (auto r = run.db.exec(deactivateSql, {run.version, it.key()}); !r.ok())
            return r.error();
        if (auto s = run.addRemoval(it->route, kind, it.key()); !s.ok())
            return s;
    }
    return success();
}

Status upsertAccount(ImportRun &run, const QHash<QString, RowState> &held, const AccountLine &line)
{
    const auto old = held.constFind(line.number);
    if (old != held.cend() && old->active && old->fingerprint == fingerprint(line.fields))
        return success();
    if (old != held.cend() && old->active && old->route != line.route) {
        if (auto s = run.addRemoval(old->route, "account", line.number); !s.ok())
            return s;
    }
    ++run.summary.changed;
    run.changed = true;
    QVariantList values{line.number};
    for (const QString &f : line.fields)
        values.append(f);
    values[5] = line.walk;
    values[9] = line.prepaidFen;
    values.append(run.version);
    if (auto r = run.db.exec(QStringLiteral("INSERT INTO accounts (number, route, name, address, village, walk_order, "
                                            "meter, class, phone, prepaid_fen, active, version) VALUES (?, ?, ?, ?, "
                                            "?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (number) DO UPDATE SET route = "
                                            "excluded.route, name = excluded.name, address = excluded.address, "
                                            "village = excluded.village, walk_order = excluded.walk_order, meter = "
                                            "excluded.meter, class = excluded.class, phone = excluded.phone, "
                                            "prepaid_fen = excluded.prepaid_fen, active = 1, version = "
                                            "excluded.version"),
                             values);
        !r.ok())
        return r.error();
    return success();
}

/// What the center applied and the billing system has not acknowledged as posted, by bill (part
/// "principal") or by account ("prepaid"): an extract cut before billing posted it does not know
/// it, so it is added to what the extract says was paid (ISSUE: a stale extract reopened bills
/// the center had settled, and every terminal showed them owed again).
Result<QHash<QString, qint64>> unpostedByKey(const CenterDatabase &db, const char *part)
{
    const QString key =
        QLatin1String(part) == QLatin1String("prepaid") ? QStringLiteral("account") : QStringLiteral("bill_id");
    auto q = db.exec(QStringLiteral("SELECT %1, SUM(amount_fen) FROM postings WHERE part = ? AND (ack_status IS NULL "
                                    "OR ack_status <> 'posted') GROUP BY %1")
                         .arg(key),
                     {QString::fromLatin1(part)});
    if (!q.ok())
        return q.error();
    QHash<QString, qint64> out;
    for (QSqlQuery rows = std::move(q).value(); rows.next();)
        out.insert(rows.value(0).toString(), rows.value(1).toLongLong());
    return out;
}

Status importAccounts(ImportRun &run, const QString &accountsCsv)
{
    auto held = heldRows(run.db, QStringLiteral("SELECT number, route, name, address, village, walk_order, meter, "
                                                "class, phone, prepaid_fen, active FROM accounts"));
    if (!held.ok())
        return held.error();
    const auto unposted = unpostedByKey(run.db, "prepaid");
    if (!unposted.ok())
        return unposted.error();
    CsvTable table(accountsCsv, {QStringLiteral("number"), QStringLiteral("route"), QStringLiteral("name"),
                                 QStringLiteral("address"), QStringLiteral("village"), QStringLiteral("walk_order"),
                                 QStringLiteral("meter"), QStringLiteral("class"), QStringLiteral("phone"),
                                 QStringLiteral("prepaid")});
    if (auto s = table.open(); !s.ok())
        return s;
    while (table.next()) {
        ++run.summary.accounts;
        auto line = readAccount(table, run.rule, run.accountRoute);
        if (!line.ok())
            return line.error();
        if (const qint64 credit = unposted.value().value(line.value().number); credit != 0) {
            line.value().prepaidFen = qBound<qint64>(0, line.value().prepaidFen + credit, Money::MaxFen);
            line.value().fields[8] = QString::number(line.value().prepaidFen);
        }
        run.accountRoute.insert(line.value().number, line.value().route);
        if (auto s = upsertAccount(run, held.value(), line.value()); !s.ok())
            return s;
    }
    if (table.error())
        return *table.error();
    return removeMissing(
        run, held.value(), [&run](const QString &number) { return run.accountRoute.contains(number); },
        Tr::tr("accounts"), "account", QStringLiteral("UPDATE accounts SET active = 0, version = ? WHERE number = ?"));
}

Status upsertBill(ImportRun &run, const QHash<QString, RowState> &held, const QHash<QString, qint64> &extractPaid,
                  const BillLine &line)
{
    const auto old = held.constFind(line.id);
    const bool wasActive = old != held.cend() && old->active;
    if (old != held.cend() && old->fingerprint == fingerprint(line.fields()) && wasActive == line.open()) {
        // What terminals see is unchanged (billing posted what was unposted here): no new
        // version, only the extract's own figure is kept.
        if (const auto was = extractPaid.constFind(line.id); was != extractPaid.cend() && *was == line.extractPaidFen)
            return success();
        if (auto r = run.db.exec(QStringLiteral("UPDATE bills SET extract_paid_fen = ? WHERE id = ?"),
                                 {line.extractPaidFen, line.id});
            !r.ok())
            return r.error();
        return success();
    }
    if (wasActive && (old->route != line.route || !line.open())) {
        if (auto s = run.addRemoval(old->route, "bill", line.id); !s.ok())
            return s;
        ++run.summary.removed;
    }
    if (line.open())
        ++run.summary.changed;
    run.changed = true;
    if (auto r = run.db.exec(QStringLiteral("INSERT INTO bills (id, account, route, period, amount_fen, due_date, "
                                            "paid_fen, extract_paid_fen, active, version) VALUES (?, ?, ?, ?, ?, "
                                            "?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET account = "
                                            "excluded.account, route = excluded.route, period = excluded.period, "
                                            "amount_fen = excluded.amount_fen, due_date = excluded.due_date, "
                                            "paid_fen = excluded.paid_fen, extract_paid_fen = "
                                            "excluded.extract_paid_fen, active = excluded.active, version = "
                                            "excluded.version"),
                             {line.id, line.account, line.route, line.period, line.amountFen, line.due, line.paidFen,
                              line.extractPaidFen, line.open() ? 1 : 0, run.version});
        !r.ok())
        return r.error();
    return success();
}

Status importBills(ImportRun &run, const QString &billsCsv)
{
    auto held = heldRows(run.db, QStringLiteral("SELECT id, route, account, period, amount_fen, due_date, paid_fen, "
                                                "active FROM bills"));
    if (!held.ok())
        return held.error();
    const auto unposted = unpostedByKey(run.db, "principal");
    if (!unposted.ok())
        return unposted.error();
    QHash<QString, qint64> extractPaid;
    auto q = run.db.exec(QStringLiteral("SELECT id, extract_paid_fen FROM bills WHERE extract_paid_fen IS NOT NULL"));
    if (!q.ok())
        return q.error();
    for (QSqlQuery rows = std::move(q).value(); rows.next();)
        extractPaid.insert(rows.value(0).toString(), rows.value(1).toLongLong());
    CsvTable table(billsCsv, {QStringLiteral("id"), QStringLiteral("account"), QStringLiteral("period"),
                              QStringLiteral("amount"), QStringLiteral("due_date"), QStringLiteral("paid")});
    if (auto s = table.open(); !s.ok())
        return s;
    while (table.next()) {
        ++run.summary.bills;
        auto line = readBill(table, run.rule, run.accountRoute, run.billIds);
        if (!line.ok())
            return line.error();
        line.value().extractPaidFen = line.value().paidFen;
        if (const qint64 paid = unposted.value().value(line.value().id); paid != 0)
            line.value().paidFen = qBound<qint64>(0, line.value().paidFen + paid, line.value().amountFen);
        run.billIds.insert(line.value().id);
        if (auto s = upsertBill(run, held.value(), extractPaid, line.value()); !s.ok())
            return s;
    }
    if (table.error())
        return *table.error();
    // The extract's time: a posting the billing system acknowledged before it should be in it.
    if (auto r = run.db.exec(QStringLiteral("UPDATE counters SET value = ? WHERE name = 'extract_imported_ms'"),
                             {run.nowMs});
        !r.ok())
        return r.error();
    // A bill the extract no longer lists: nothing is known of what billing says was paid.
    return removeMissing(
        run, held.value(), [&run](const QString &id) { return run.billIds.contains(id); }, Tr::tr("open bills"), "bill",
        QStringLiteral("UPDATE bills SET active = 0, version = ?, extract_paid_fen = NULL WHERE id = ?"));
}

Status importCollectors(ImportRun &run, const QString &collectorsCsv)
{
    CsvTable t(collectorsCsv, {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("role"),
                               QStringLiteral("pin_hash"), QStringLiteral("route"), QStringLiteral("active")});
    if (auto s = t.open(); !s.ok())
        return s;
    QHash<QString, QString> existing;
    auto q = run.db.exec(QStringLiteral("SELECT id, name, role, pin_hash, route, active FROM collectors"));
    if (!q.ok())
        return q.error();
    for (QSqlQuery rows = std::move(q).value(); rows.next();) {
        QStringList f;
        for (int i = 1; i < 6; ++i)
            f.append(rows.value(i).toString());
        existing.insert(rows.value(0).toString(), fingerprint(f));
    }
    QSet<QString> seen;
    bool rosterChanged = false;
    while (t.next()) {
        ++run.summary.collectors;
        auto fields = readCollector(t, seen, run.options.minPinIterations);
        if (!fields.ok())
            return fields.error();
        const QString id = t.value(QStringLiteral("id"));
        seen.insert(id);
        if (existing.value(id) == fingerprint(fields.value()))
            continue;
        rosterChanged = true;
        const QStringList &f = fields.value();
        if (auto r = run.db.exec(QStringLiteral("INSERT INTO collectors (id, name, role, pin_hash, route, active, "
                                                "version) VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (id) DO UPDATE SET "
                                                "name = excluded.name, role = excluded.role, pin_hash = "
                                                "excluded.pin_hash, route = excluded.route, active = excluded.active"),
                                 {id, f[0], f[1], f[2], f[3], f[4].toInt()});
            !r.ok())
            return r.error();
    }
    if (t.error())
        return *t.error();
    for (auto it = existing.cbegin(); it != existing.cend(); ++it) {
        if (seen.contains(it.key()))
            continue;
        rosterChanged = true;
        if (auto r = run.db.exec(QStringLiteral("UPDATE collectors SET active = 0 WHERE id = ?"), {it.key()}); !r.ok())
            return r.error();
    }
    if (rosterChanged) {
        if (auto r = run.db.exec(QStringLiteral("UPDATE counters SET value = value + 1 WHERE name = 'roster_version'"));
            !r.ok())
            return r.error();
    }
    return success();
}

} // namespace

Result<CenterImport::Summary> CenterImport::run(const QString &accountsCsv, const QString &billsCsv,
                                                const QString &policyCsv, const QString &collectorsCsv)
{
    // The policy first: the account-number rule checks every account.
    auto policy = readPolicy(policyCsv);
    if (!policy.ok())
        return policy.error();

    const CenterDatabase &db = m_store.database();
    CenterTransaction tx(db);
    if (auto s = tx.begin(); !s.ok())
        return s.error();
    // The ledger of another instance waits until the snapshot is in (and the import for a batch
    // it is applying): the import reads what is applied and not posted, then writes bills and
    // accounts, with no payment in between. SQLite's IMMEDIATE transaction does this already.
    if (db.isPostgres()) {
        if (auto r = db.exec(QStringLiteral("LOCK TABLE accounts, bills, postings IN EXCLUSIVE MODE")); !r.ok())
            return r.error();
    }
    auto current = m_store.worklistVersion();
    if (!current.ok())
        return current.error();
    ImportRun work{db, m_options, current.value() + 1, policy.value().rule, m_store.now(), false, {}, {}, {}};
    if (auto s = writeSettings(work, policy.value().settings); !s.ok())
        return s.error();
    if (auto s = importAccounts(work, accountsCsv); !s.ok())
        return s.error();
    if (auto s = importBills(work, billsCsv); !s.ok())
        return s.error();
    if (!collectorsCsv.isEmpty()) {
        if (auto s = importCollectors(work, collectorsCsv); !s.ok())
            return s.error();
    }
    if (work.changed) {
        if (auto r = db.exec(QStringLiteral("UPDATE counters SET value = ? WHERE name = 'worklist_version'"),
                             {work.version});
            !r.ok())
            return r.error();
    }
    if (auto s = tx.commit(); !s.ok())
        return s.error();
    work.summary.worklistVersion = work.changed ? work.version : current.value();
    return work.summary;
}
