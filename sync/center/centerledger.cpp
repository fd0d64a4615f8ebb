#include "centerledger.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <map>

#include "penaltypolicy.h"
#include "plaintext.h"
#include "trustedclock.h"

namespace {

struct BillRow
{
    QString id;
    QString account;
    QString route;
    QString period;
    qint64 amount = 0;
    QString due;
    qint64 paid = 0;
    qint64 paidBefore = 0;
    qint64 penaltyCarried = 0;
    QDate penaltyFrom;
    bool openBefore = false;
    bool active = false;
    bool wasActive = false;
    bool changed = false;
};

struct AccountRow
{
    QVariantList row; ///< every column, in accountColumns() order, to write back in one upsert
    QString route;
    qint64 prepaid = 0;
    bool active = false;
    bool changed = false;
};

const QStringList &accountColumns()
{
    static const QStringList columns{
        QStringLiteral("number"),  QStringLiteral("route"),       QStringLiteral("name"),   QStringLiteral("address"),
        QStringLiteral("village"), QStringLiteral("walk_order"),  QStringLiteral("meter"),  QStringLiteral("class"),
        QStringLiteral("phone"),   QStringLiteral("prepaid_fen"), QStringLiteral("active"), QStringLiteral("version")};
    return columns;
}

struct PaymentRow
{
    QString account;
    qint64 amount = 0;
    qint64 toBills = 0;
    qint64 toPrepaid = 0;
    struct Line
    {
        QString billId;
        qint64 principal = 0; ///< applied to the bill
        qint64 penalty = 0;   ///< the bill's penalty this payment settled
    };
    QList<Line> lines;
    bool voided = false;
    bool isNew = false;
    bool voidedNow = false;
    qint64 voidedBy = 0;
    bool corrected = false; ///< reversed at the center (a supervisor's correction)
    bool correctedNow = false;
};

/// The penalty rules the center hands devices (the penalty keys among its settings).
PenaltyPolicy centerPenaltyPolicy(const CenterDatabase &db)
{
    const auto defaults = PenaltyPolicy().toKeyValues();
    QSet<QString> keys;
    for (const auto &kv : defaults)
        keys.insert(kv.first);
    QList<QPair<QString, QString>> pairs;
    if (auto q = db.exec(QStringLiteral("SELECT key, value FROM settings")); q.ok()) {
        for (QSqlQuery rows = std::move(q).value(); rows.next();) {
            if (keys.contains(rows.value(0).toString()))
                pairs.append({rows.value(0).toString(), rows.value(1).toString()});
        }
    }
    // The import checked these settings; a policy that no longer reads falls back to the default.
    auto policy = PenaltyPolicy::fromKeyValues(pairs);
    return policy.ok() ? policy.value() : PenaltyPolicy();
}

/// Runs `sql` (ending in "IN (") for the keys in chunks, calling `row` for each result row.
Status selectIn(const CenterDatabase &db, const QString &sqlPrefix, const QVariantList &leading,
                const QStringList &keys, const std::function<void(const QSqlQuery &)> &row,
                const QString &suffix = QString())
{
    constexpr qsizetype chunk = 500;
    for (qsizetype start = 0; start < keys.size(); start += chunk) {
        const qsizetype n = qMin(chunk, keys.size() - start);
        QString sql = sqlPrefix;
        QVariantList values = leading;
        for (qsizetype i = 0; i < n; ++i) {
            sql += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
            values.append(keys.at(start + i));
        }
        sql += QLatin1Char(')') + suffix;
        auto q = db.exec(sql, values);
        if (!q.ok())
            return q.error();
        for (QSqlQuery rows = std::move(q).value(); rows.next();)
            row(rows);
    }
    return success();
}

/// A fact the supervisor is shown (the exceptions table).
struct LedgerException
{
    QString kind;
    qint64 seq = 0;
    QString account;
    qint64 amount = 0;
    QString detail;
};

/**
 * One apply() of a device's entries: reads every row the batch touches, applies the entries in
 * seq order in memory, and writes the rows back, a few statements per batch.
 */
class LedgerBatch
{
public:
    LedgerBatch(const CenterDatabase &db, const QString &deviceId, qint64 nowMs)
        : m_db(db)
        , m_deviceId(deviceId)
        , m_nowMs(nowMs)
    {
    }

    void readRecords(const QList<JournalEntry> &entries);
    /// A correction of the stored payment `seq` instead of entries: loadVoidedPayments() reads it.
    void targetForCorrection(qint64 seq) { m_voidTargets.append(seq); }
    [[nodiscard]] Status loadVoidedPayments();
    [[nodiscard]] Status loadAccounts();
    [[nodiscard]] Status loadBills();
    void applyEntries(const QList<JournalEntry> &entries, const QList<qint64> &receivedMs);
    /// The stored payment `seq` as loadVoidedPayments() read it; null when it is not in the books.
    [[nodiscard]] const PaymentRow *stored(qint64 seq) const
    {
        const auto it = m_ledger.constFind(seq);
        return it == m_ledger.cend() ? nullptr : &*it;
    }
    /// Reverses the stored payment `seq` as a void would (nothing when it is not in the books).
    void applyCorrection(qint64 seq);
    [[nodiscard]] Status writeLedger() const;
    [[nodiscard]] Status writePostings() const;
    /// The new worklist version when a bill or account changed (or `always`), else 0.
    [[nodiscard]] Result<qint64> writeWorklist(bool always = false);
    [[nodiscard]] Status writeExceptions() const;

private:
    void applyPayment(const JournalEntry &e, const PaymentRecord &p);
    void settlePenalties(const JournalEntry &e, const PaymentRecord &p, const AccountRow &account, PaymentRow &row);
    [[nodiscard]] qint64 applyPrincipal(const JournalEntry &e, const PaymentRecord &p, PaymentRow &row);
    void creditPrepaid(const JournalEntry &e, const PaymentRecord &p, AccountRow &account, qint64 credit,
                       PaymentRow &row);
    void applyVoid(const JournalEntry &e);
    void reverse(PaymentRow &payment);
    void noteEntry(const JournalEntry &e);
    [[nodiscard]] Status writeBills(qint64 version);
    [[nodiscard]] Status writeAccounts(qint64 version);

    const CenterDatabase &m_db;
    const QString &m_deviceId;
    const qint64 m_nowMs;
    QList<LedgerException> m_exceptions;
    std::map<qint64, PaymentRecord> m_payments; ///< this batch's payments by seq
    QSet<QString> m_accountKeys;
    QSet<QString> m_billKeys;
    QList<qint64> m_voidTargets;
    QHash<qint64, PaymentRow> m_ledger; ///< this batch's payments and the earlier ones it voids
    QHash<QString, AccountRow> m_accounts;
    QHash<QString, BillRow> m_bills;
    PenaltyPolicy m_policy;
    int m_utcOffsetSeconds = TrustedClock::Options{}.utcOffsetSeconds;
};

// ---- what this batch touches

void LedgerBatch::readRecords(const QList<JournalEntry> &entries)
{
    for (const JournalEntry &e : entries) {
        if (e.kind == EntryKind::Payment) {
            auto record = recordFromCbor<PaymentRecord>(e.body);
            if (!record.ok()) {
                m_exceptions.append({QStringLiteral("unreadable-entry"), e.seq, QString(), 0, record.error().message});
                continue;
            }
            m_accountKeys.insert(record.value().accountNumber);
            for (const AllocationLine &line : record.value().allocation)
                m_billKeys.insert(line.billId);
            m_payments.emplace(e.seq, record.value());
        } else if (e.kind == EntryKind::Void) {
            auto record = recordFromCbor<VoidRecord>(e.body);
            if (!record.ok()) {
                m_exceptions.append({QStringLiteral("unreadable-entry"), e.seq, QString(), 0, record.error().message});
                continue;
            }
            m_voidTargets.append(record.value().voidedSeq);
        }
    }
}

/// Earlier payments that this batch voids: their ledger rows, lines, bills and accounts.
Status LedgerBatch::loadVoidedPayments()
{
    QStringList earlier;
    for (qint64 s : std::as_const(m_voidTargets)) {
        if (!m_payments.count(s))
            earlier.append(QString::number(s));
    }
    if (earlier.isEmpty())
        return success();
    auto s = selectIn(m_db,
                      QStringLiteral("SELECT seq, account, amount_fen, to_bills_fen, to_prepaid_fen, voided_by_seq, "
                                     "corrected_ms FROM ledger_payments WHERE device_id = ? AND seq IN ("),
                      {m_deviceId}, earlier, [this](const QSqlQuery &q) {
                          PaymentRow p;
                          p.account = q.value(1).toString();
                          p.amount = q.value(2).toLongLong();
                          p.toBills = q.value(3).toLongLong();
                          p.toPrepaid = q.value(4).toLongLong();
                          p.voided = !q.value(5).isNull();
                          p.corrected = !q.value(6).isNull();
                          m_accountKeys.insert(p.account);
                          m_ledger.insert(q.value(0).toLongLong(), p);
                      });
    if (!s.ok())
        return s;
    return selectIn(
        m_db,
        QStringLiteral(
            "SELECT seq, bill_id, amount_fen, penalty_fen FROM ledger_lines WHERE device_id = ? AND seq IN ("),
        {m_deviceId}, earlier, [this](const QSqlQuery &q) {
            const qint64 seq = q.value(0).toLongLong();
            if (m_ledger.contains(seq)) {
                m_ledger[seq].lines.append({q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toLongLong()});
                m_billKeys.insert(q.value(1).toString());
            }
        });
}

/// On PostgreSQL the rows a batch reads are locked until it commits (FOR UPDATE), in key order,
/// accounts before bills: two center instances applying payments to one bill or account wait for
/// each other instead of each writing back what it read (a lost update), and never deadlock.
/// SQLite needs none: its transactions are IMMEDIATE, one writer at a time.
QString forUpdate(const CenterDatabase &db, const char *key)
{
    // Byte order ("C"), as QStringList::sort() orders the chunks.
    return db.isPostgres() ? QStringLiteral(" ORDER BY %1 COLLATE \"C\" FOR UPDATE").arg(QLatin1String(key))
                           : QString();
}

/// The device's ledger mark (devices.ledger_seq; invalid for no such device), its row locked until
/// the transaction ends on PostgreSQL: the device's catch-up and a correction wait for each other.
Result<QVariant> lockedLedgerMark(const CenterDatabase &db, const QString &deviceId)
{
    return db.scalar(db.isPostgres() ? QStringLiteral("SELECT ledger_seq FROM devices WHERE id = ? FOR UPDATE")
                                     : QStringLiteral("SELECT ledger_seq FROM devices WHERE id = ?"),
                     {deviceId});
}

QStringList sorted(const QSet<QString> &keys)
{
    QStringList list(keys.cbegin(), keys.cend());
    list.sort();
    return list;
}

Status LedgerBatch::loadAccounts()
{
    return selectIn(
        m_db,
        QStringLiteral("SELECT ") + accountColumns().join(QStringLiteral(", ")) +
            QStringLiteral(" FROM accounts WHERE number IN ("),
        {}, sorted(m_accountKeys),
        [this](const QSqlQuery &q) {
            AccountRow a;
            for (int c = 0; c < accountColumns().size(); ++c)
                a.row.append(q.value(c));
            a.route = q.value(1).toString();
            a.prepaid = q.value(9).toLongLong();
            a.active = q.value(10).toLongLong() != 0;
            m_accounts.insert(q.value(0).toString(), a);
        },
        forUpdate(m_db, "number"));
}

Status LedgerBatch::loadBills()
{
    auto s = selectIn(
        m_db,
        QStringLiteral("SELECT id, account, route, period, amount_fen, due_date, paid_fen, active, "
                       "penalty_fen, penalty_from FROM bills WHERE id IN ("),
        {}, sorted(m_billKeys),
        [this](const QSqlQuery &q) {
            BillRow b;
            b.id = q.value(0).toString();
            b.account = q.value(1).toString();
            b.route = q.value(2).toString();
            b.period = q.value(3).toString();
            b.amount = q.value(4).toLongLong();
            b.due = q.value(5).toString();
            b.paid = b.paidBefore = q.value(6).toLongLong();
            b.active = b.wasActive = q.value(7).toLongLong() != 0;
            b.penaltyCarried = q.value(8).toLongLong();
            b.penaltyFrom = QDate::fromString(q.value(9).toString(), Qt::ISODate);
            b.openBefore = b.paid < b.amount || b.penaltyCarried > 0;
            m_bills.insert(b.id, b);
        },
        forUpdate(m_db, "id"));
    if (s.ok() && !m_bills.isEmpty())
        m_policy = centerPenaltyPolicy(m_db);
    return s;
}

// ---- apply, in seq order

void LedgerBatch::applyEntries(const QList<JournalEntry> &entries, const QList<qint64> &receivedMs)
{
    qint64 lateSeq = 0;
    for (qsizetype index = 0; index < entries.size(); ++index) {
        const JournalEntry &e = entries.at(index);
        if (lateSeq == 0 && receivedMs.value(index, m_nowMs) - e.timeMs > 48LL * 3600 * 1000)
            lateSeq = e.seq;
        if (e.kind == EntryKind::Payment) {
            if (const auto it = m_payments.find(e.seq); it != m_payments.end())
                applyPayment(e, it->second);
        } else if (e.kind == EntryKind::Void) {
            applyVoid(e);
        } else {
            noteEntry(e);
        }
    }
    if (lateSeq != 0)
        m_exceptions.append({QStringLiteral("late-sync"), lateSeq, QString(), 0,
                             QStringLiteral("entries reached the center more than 48 hours after they were taken")});
}

void LedgerBatch::applyPayment(const JournalEntry &e, const PaymentRecord &p)
{
    PaymentRow row;
    row.account = p.accountNumber;
    row.amount = p.amount.fen();
    row.isNew = true;
    auto account = m_accounts.find(p.accountNumber);
    if (account == m_accounts.end() || !account->active) {
        // Accepted, not applied: a person must find out whose money this is.
        m_exceptions.append({QStringLiteral("unknown-account"), e.seq, p.accountNumber, p.amount.fen(),
                             QStringLiteral("payment for an account the center does not have on any route")});
        m_ledger.insert(e.seq, row);
        return;
    }
    qint64 credit = p.toPrepaid.fen();
    if (credit > 0)
        m_exceptions.append({QStringLiteral("overpayment"), e.seq, p.accountNumber, credit,
                             QStringLiteral("credited to the account's prepaid balance")});
    settlePenalties(e, p, *account, row);
    credit += applyPrincipal(e, p, row);
    creditPrepaid(e, p, *account, credit, row);
    m_ledger.insert(e.seq, row);
}

/// A payment settles each bill's penalty up to its day: what the bill had earned by then (on
/// the principal before this payment) less the penalty paid stays carried, and only the
/// principal left accrues from that day on.
void LedgerBatch::settlePenalties(const JournalEntry &e, const PaymentRecord &p, const AccountRow &account,
                                  PaymentRow &row)
{
    const QDate paidOn = TrustedClock::dateOf(e.timeMs, m_utcOffsetSeconds);
    const CustomerClass customerClass =
        customerClassFromKey(account.row.value(7).toString()).value_or(CustomerClass::Residential);
    QHash<QString, qint64> penaltyPaid;
    QHash<QString, qint64> earned;
    for (const AllocationLine &line : p.allocation) {
        auto bill = m_bills.find(line.billId);
        if (bill == m_bills.end() || bill->account != p.accountNumber)
            continue;
        if (!earned.contains(bill->id)) {
            const Bill state{bill->id,
                             bill->account,
                             bill->period,
                             Money::fromFen(bill->amount),
                             QDate::fromString(bill->due, Qt::ISODate),
                             Money::fromFen(qMin(bill->paid, bill->amount)),
                             Money::fromFen(bill->penaltyCarried),
                             bill->penaltyFrom};
            earned.insert(bill->id, m_policy.penaltyFor(state, customerClass, paidOn).fen());
        }
        if (line.part == AllocationLine::Part::Penalty)
            penaltyPaid[bill->id] += line.amount.fen();
    }
    for (auto settled = earned.cbegin(); settled != earned.cend(); ++settled) {
        auto bill = m_bills.find(settled.key());
        const qint64 paidPenalty = penaltyPaid.value(settled.key());
        // A payment the collector showed as settling everything (nothing still owed) left
        // no penalty behind, whatever the center would have computed for that day.
        bill->penaltyCarried = p.stillOwed.isPositive() ? qMax<qint64>(0, settled.value() - paidPenalty) : 0;
        if (!bill->penaltyFrom.isValid() || paidOn > bill->penaltyFrom)
            bill->penaltyFrom = paidOn;
        bill->changed = true;
        if (paidPenalty > 0)
            row.lines.append({bill->id, 0, paidPenalty});
    }
}

/// Reduces the bills by the payment's principal lines; returns what goes to prepaid instead
/// (a bill not the account's, or already paid).
qint64 LedgerBatch::applyPrincipal(const JournalEntry &e, const PaymentRecord &p, PaymentRow &row)
{
    qint64 credit = 0;
    for (const AllocationLine &line : p.allocation) {
        if (line.part != AllocationLine::Part::Principal)
            continue; // a penalty is revenue: it does not reduce the bill's principal
        auto bill = m_bills.find(line.billId);
        if (bill == m_bills.end() || bill->account != p.accountNumber) {
            credit += line.amount.fen();
            m_exceptions.append({QStringLiteral("unknown-bill"), e.seq, p.accountNumber, line.amount.fen(),
                                 QStringLiteral("bill %1 is not the account's; credited to prepaid").arg(line.billId)});
            continue;
        }
        const qint64 applied = qMin(line.amount.fen(), qMax<qint64>(0, bill->amount - bill->paid));
        const qint64 excess = line.amount.fen() - applied;
        if (applied > 0) {
            bill->paid += applied;
            bill->changed = true;
            row.toBills += applied;
            const auto same = std::find_if(row.lines.begin(), row.lines.end(),
                                           [&](const PaymentRow::Line &l) { return l.billId == bill->id; });
            if (same != row.lines.end())
                same->principal += applied;
            else
                row.lines.append({bill->id, applied, 0});
        }
        if (excess > 0) {
            credit += excess;
            m_exceptions.append({QStringLiteral("paid-elsewhere"), e.seq, p.accountNumber, excess,
                                 QStringLiteral("bill %1 was already paid; credited to prepaid").arg(bill->id)});
        }
    }
    return credit;
}

void LedgerBatch::creditPrepaid(const JournalEntry &e, const PaymentRecord &p, AccountRow &account, qint64 credit,
                                PaymentRow &row)
{
    if (credit > 0 && (credit > Money::MaxFen || account.prepaid > Money::MaxFen - credit)) {
        // A balance no terminal could hold (and one the arithmetic would wrap): kept out of
        // the books, for a person to look at (ARCHITECTURE.md: a server never aborts on data).
        m_exceptions.append({QStringLiteral("implausible-amount"), e.seq, p.accountNumber, 0,
                             QStringLiteral("a credit of %1 fen would take the prepaid balance beyond %2 fen; "
                                            "not credited")
                                 .arg(credit)
                                 .arg(Money::MaxFen)});
        credit = 0;
    }
    if (credit > 0) {
        account.prepaid += credit;
        account.changed = true;
    }
    row.toPrepaid = credit;
}

void LedgerBatch::applyVoid(const JournalEntry &e)
{
    auto record = recordFromCbor<VoidRecord>(e.body);
    if (!record.ok())
        return;
    auto target = m_ledger.find(record.value().voidedSeq);
    if (target == m_ledger.end() || target->voided) {
        m_exceptions.append(
            {QStringLiteral("void-unmatched"), e.seq, QString(), 0,
             QStringLiteral("voids seq %1, which is no payment or is already voided").arg(record.value().voidedSeq)});
        return;
    }
    if (target->corrected) {
        // The center reversed it already (its shift had closed when the supervisor corrected it):
        // the void is kept in the journal and changes nothing twice.
        m_exceptions.append({QStringLiteral("void-after-correction"), e.seq, target->account, target->amount,
                             QStringLiteral("voids seq %1, which the center had already reversed; nothing "
                                            "reversed twice")
                                 .arg(record.value().voidedSeq)});
        return;
    }
    reverse(*target);
    target->voided = true;
    target->voidedNow = true;
    target->voidedBy = e.seq;
    m_exceptions.append({QStringLiteral("void"), e.seq, target->account, target->amount,
                         QStringLiteral("voids seq %1 (%2), approved by %3")
                             .arg(record.value().voidedSeq)
                             .arg(record.value().reason, record.value().supervisorId)});
}

void LedgerBatch::reverse(PaymentRow &payment)
{
    // The principal is owed again and so is the penalty the payment settled; the day the
    // penalty was settled through stays, so the sum accrues exactly as if never paid.
    for (const auto &line : std::as_const(payment.lines)) {
        auto bill = m_bills.find(line.billId);
        if (bill == m_bills.end())
            continue;
        bill->paid -= line.principal;
        bill->penaltyCarried += line.penalty;
        bill->changed = true;
    }
    auto account = m_accounts.find(payment.account);
    if (account != m_accounts.end() && payment.toPrepaid != 0) {
        account->prepaid -= payment.toPrepaid;
        account->changed = true;
    }
}

void LedgerBatch::applyCorrection(qint64 seq)
{
    auto target = m_ledger.find(seq);
    if (target == m_ledger.end())
        return;
    reverse(*target);
    target->corrected = true;
    target->correctedNow = true;
}

/// The entries that change no books but a supervisor must see: clock flags, recounts, cash
/// differences, a failed self-check.
void LedgerBatch::noteEntry(const JournalEntry &e)
{
    if (e.kind == EntryKind::ClockFlag) {
        const auto flag = recordFromCbor<ClockFlagRecord>(e.body);
        m_exceptions.append(
            {QStringLiteral("clock"), e.seq, QString(), 0, flag.ok() ? flag.value().reason : QString()});
    } else if (e.kind == EntryKind::CashCounted) {
        // A count made again after the expected figure was shown: both counts stand in the journal.
        const JournalFact fact = JournalFact::fromEntry(e);
        if (fact.outcome > 1)
            m_exceptions.append({QStringLiteral("recount"), e.seq, QString(), (fact.amount - fact.prepaid).fen(),
                                 QStringLiteral("count %1 of shift %2: counted %3, journal says %4")
                                     .arg(fact.outcome)
                                     .arg(e.shiftSeq)
                                     .arg(fact.amount.toPlainString(), fact.prepaid.toPlainString())});
    } else if (e.kind == EntryKind::ShiftClosed) {
        const JournalFact fact = JournalFact::fromEntry(e);
        if (fact.amount != fact.prepaid)
            m_exceptions.append({QStringLiteral("cash-difference"), e.seq, QString(),
                                 (fact.amount - fact.prepaid).fen(),
                                 QStringLiteral("counted %1, journal says %2")
                                     .arg(fact.amount.toPlainString(), fact.prepaid.toPlainString())});
    } else if (e.kind == EntryKind::Event) {
        // A terminal that found itself damaged at start says so in its journal.
        const auto event = recordFromCbor<EventRecord>(e.body);
        if (event && event->kind == EventRecord::Kind::SelfCheckFailed)
            m_exceptions.append({QStringLiteral("self-check-failed"), e.seq, QString(), 0, event->detail});
    }
}

// ---- write back

Status LedgerBatch::writeLedger() const
{
    QList<QVariantList> paymentRows;
    QList<QVariantList> lineRows;
    for (auto it = m_ledger.cbegin(); it != m_ledger.cend(); ++it) {
        const PaymentRow &p = it.value();
        if (p.isNew) {
            paymentRows.append({m_deviceId, it.key(), p.account, p.amount, p.toBills, p.toPrepaid,
                                p.voided ? QVariant(p.voidedBy) : QVariant(QMetaType(QMetaType::LongLong))});
            for (const auto &line : p.lines)
                lineRows.append({m_deviceId, it.key(), line.billId, line.principal, line.penalty});
        } else if (p.voidedNow) {
            if (auto r = m_db.exec(
                    QStringLiteral("UPDATE ledger_payments SET voided_by_seq = ? WHERE device_id = ? AND seq = ?"),
                    {p.voidedBy, m_deviceId, it.key()});
                !r.ok())
                return r.error();
        } else if (p.correctedNow) {
            if (auto r = m_db.exec(
                    QStringLiteral("UPDATE ledger_payments SET corrected_ms = ? WHERE device_id = ? AND seq = ?"),
                    {m_nowMs, m_deviceId, it.key()});
                !r.ok())
                return r.error();
        }
    }
    if (auto s = writePostings(); !s.ok())
        return s;
    if (auto s = m_db.insertRows(QStringLiteral("ledger_payments"),
                                 {QStringLiteral("device_id"), QStringLiteral("seq"), QStringLiteral("account"),
                                  QStringLiteral("amount_fen"), QStringLiteral("to_bills_fen"),
                                  QStringLiteral("to_prepaid_fen"), QStringLiteral("voided_by_seq")},
                                 paymentRows);
        !s.ok())
        return s;
    return m_db.insertRows(QStringLiteral("ledger_lines"),
                           {QStringLiteral("device_id"), QStringLiteral("seq"), QStringLiteral("bill_id"),
                            QStringLiteral("amount_fen"), QStringLiteral("penalty_fen")},
                           lineRows);
}

/// The billing system's lines for what this batch applied (postings): each new payment's
/// principal and penalty per bill and its prepaid credit, and the same negated for a payment
/// voided or corrected now. An unapplied payment (unknown account) posts nothing: a person
/// decides whose money it is.
Status LedgerBatch::writePostings() const
{
    QList<QVariantList> rows;
    const auto post = [&](qint64 paymentSeq, const PaymentRow &p, const char *source, qint64 sourceSeq, qint64 sign) {
        const QString route = m_accounts.value(p.account).route;
        for (const auto &line : p.lines) {
            if (line.principal != 0)
                rows.append({m_deviceId, paymentSeq, QString::fromLatin1(source), sourceSeq, p.account, route,
                             line.billId, QStringLiteral("principal"), sign * line.principal, m_nowMs});
            if (line.penalty != 0)
                rows.append({m_deviceId, paymentSeq, QString::fromLatin1(source), sourceSeq, p.account, route,
                             line.billId, QStringLiteral("penalty"), sign * line.penalty, m_nowMs});
        }
        if (p.toPrepaid != 0)
            rows.append({m_deviceId, paymentSeq, QString::fromLatin1(source), sourceSeq, p.account, route,
                         QStringLiteral(""), QStringLiteral("prepaid"), sign * p.toPrepaid, m_nowMs});
    };
    for (auto it = m_ledger.cbegin(); it != m_ledger.cend(); ++it) {
        const PaymentRow &p = it.value();
        if (p.isNew)
            post(it.key(), p, "payment", it.key(), 1);
        if (p.voidedNow)
            post(it.key(), p, "void", p.voidedBy, -1);
        if (p.correctedNow)
            post(it.key(), p, "correction", it.key(), -1);
    }
    return m_db.insertRows(QStringLiteral("postings"),
                           {QStringLiteral("device_id"), QStringLiteral("payment_seq"), QStringLiteral("source"),
                            QStringLiteral("source_seq"), QStringLiteral("account"), QStringLiteral("route"),
                            QStringLiteral("bill_id"), QStringLiteral("part"), QStringLiteral("amount_fen"),
                            QStringLiteral("created_ms")},
                           rows);
}

/// Bills and accounts the batch changed, under a new worklist version, so devices fetch them.
Result<qint64> LedgerBatch::writeWorklist(bool always)
{
    bool worklistChanged = always;
    for (const BillRow &b : std::as_const(m_bills))
        worklistChanged = worklistChanged || b.changed;
    for (const AccountRow &a : std::as_const(m_accounts))
        worklistChanged = worklistChanged || a.changed;
    if (!worklistChanged)
        return qint64(0);
    auto r = m_db.exec(QStringLiteral("UPDATE counters SET value = value + 1 WHERE name = 'worklist_version'"));
    if (!r.ok())
        return r.error();
    auto v = m_db.scalar(QStringLiteral("SELECT value FROM counters WHERE name = 'worklist_version'"));
    if (!v.ok())
        return v.error();
    const qint64 version = v.value().toLongLong();
    if (auto s = writeBills(version); !s.ok())
        return s.error();
    if (auto s = writeAccounts(version); !s.ok())
        return s.error();
    return version;
}

Status LedgerBatch::writeBills(qint64 version)
{
    QList<QVariantList> billRows;
    QList<QVariantList> removals;
    for (BillRow &b : m_bills) {
        if (!b.changed)
            continue;
        // Paid in full, penalty included: no longer an open bill on any route. Reopened by a
        // void: open again.
        const bool open = b.paid < b.amount || b.penaltyCarried > 0;
        if (!open)
            b.active = false;
        else if (!b.wasActive && !b.openBefore)
            b.active = true;
        if (b.wasActive && !b.active)
            removals.append({version, b.route, QStringLiteral("bill"), b.id});
        billRows.append({b.id, b.account, b.route, b.period, b.amount, b.due, b.paid, b.active ? 1 : 0, version,
                         b.penaltyCarried,
                         b.penaltyFrom.isValid() ? b.penaltyFrom.toString(Qt::ISODate) : QStringLiteral("")});
    }
    if (auto s = m_db.insertRows(QStringLiteral("bills"),
                                 {QStringLiteral("id"), QStringLiteral("account"), QStringLiteral("route"),
                                  QStringLiteral("period"), QStringLiteral("amount_fen"), QStringLiteral("due_date"),
                                  QStringLiteral("paid_fen"), QStringLiteral("active"), QStringLiteral("version"),
                                  QStringLiteral("penalty_fen"), QStringLiteral("penalty_from")},
                                 billRows,
                                 QStringLiteral("ON CONFLICT (id) DO UPDATE SET paid_fen = excluded.paid_fen, "
                                                "active = excluded.active, version = excluded.version, "
                                                "penalty_fen = excluded.penalty_fen, "
                                                "penalty_from = excluded.penalty_from"));
        !s.ok())
        return s;
    return m_db.insertRows(
        QStringLiteral("worklist_removals"),
        {QStringLiteral("version"), QStringLiteral("route"), QStringLiteral("kind"), QStringLiteral("key")}, removals);
}

Status LedgerBatch::writeAccounts(qint64 version)
{
    QList<QVariantList> accountRows;
    for (AccountRow &a : m_accounts) {
        if (!a.changed)
            continue;
        a.row[9] = a.prepaid;
        a.row[11] = version;
        accountRows.append(a.row);
    }
    return m_db.insertRows(QStringLiteral("accounts"), accountColumns(), accountRows,
                           QStringLiteral("ON CONFLICT (number) DO UPDATE SET prepaid_fen = "
                                          "excluded.prepaid_fen, version = excluded.version"));
}

Status LedgerBatch::writeExceptions() const
{
    QList<QVariantList> exceptionRows;
    for (const LedgerException &x : m_exceptions)
        exceptionRows.append({m_nowMs, x.kind, m_deviceId, x.seq, x.account, x.amount, x.detail});
    return m_db.insertExceptions(exceptionRows);
}

} // namespace

Result<qint64> CenterLedger::catchUp(const QString &deviceId, qint64 nowMs)
{
    constexpr int chunk = 2000;
    qint64 applied = 0;
    while (true) {
        CenterTransaction tx(m_db);
        if (auto s = tx.begin(); !s.ok())
            return s.error();
        auto mark = lockedLedgerMark(m_db, deviceId);
        if (!mark.ok())
            return mark.error();
        if (!mark.value().isValid())
            return applied;
        auto q = m_db.exec(
            QStringLiteral("SELECT seq, entry, received_ms FROM journal_entries WHERE device_id = ? AND seq > ? "
                           "ORDER BY seq LIMIT %1")
                .arg(chunk),
            {deviceId, mark.value().toLongLong()});
        if (!q.ok())
            return q.error();
        QList<JournalEntry> entries;
        QList<qint64> received;
        qint64 unreadableSeq = 0;
        QString unreadableWhy;
        qint64 rowsRead = 0;
        for (QSqlQuery rows = std::move(q).value(); rows.next();) {
            ++rowsRead;
            auto e = JournalEntry::fromCbor(rows.value(1).toByteArray());
            if (!e.ok()) {
                // Stored before ingest checked every entry: it is kept, listed for a person, and
                // passed over, so one bad entry never stops the device's books.
                unreadableSeq = rows.value(0).toLongLong();
                unreadableWhy = e.error().message;
                break;
            }
            entries.append(e.value());
            received.append(rows.value(2).toLongLong());
        }
        if (rowsRead == 0)
            return applied;
        if (!entries.isEmpty()) {
            if (auto s = apply(deviceId, entries, received, nowMs); !s.ok())
                return s.error();
        }
        if (unreadableSeq != 0) {
            if (auto s = m_db.insertExceptions({{nowMs, QStringLiteral("unreadable-entry"), deviceId, unreadableSeq,
                                                 QStringLiteral(""), qint64(0), unreadableWhy}});
                !s.ok())
                return s.error();
        }
        const qint64 through = unreadableSeq != 0 ? unreadableSeq : entries.last().seq;
        if (auto r = m_db.exec(QStringLiteral("UPDATE devices SET ledger_seq = ? WHERE id = ?"), {through, deviceId});
            !r.ok())
            return r.error();
        if (auto s = tx.commit(); !s.ok())
            return s.error();
        applied += entries.size();
        if (rowsRead < chunk && unreadableSeq == 0)
            return applied;
    }
}

Status CenterLedger::apply(const QString &deviceId, const QList<JournalEntry> &entries, const QList<qint64> &receivedMs,
                           qint64 nowMs)
{
    LedgerBatch batch(m_db, deviceId, nowMs);
    batch.readRecords(entries);
    if (auto s = batch.loadVoidedPayments(); !s.ok())
        return s;
    if (auto s = batch.loadAccounts(); !s.ok())
        return s;
    if (auto s = batch.loadBills(); !s.ok())
        return s;
    batch.applyEntries(entries, receivedMs);
    if (auto s = batch.writeLedger(); !s.ok())
        return s;
    if (auto v = batch.writeWorklist(); !v.ok())
        return v.error();
    return batch.writeExceptions();
}

Result<PaymentCorrection> CenterLedger::correct(const QString &deviceId, qint64 seq, const QString &reason,
                                                const QString &madeBy, qint64 nowMs)
{
    const auto refuse = [](const char *code, const QString &message) {
        return Error{QString::fromLatin1(code), message};
    };
    const QString why = reason.trimmed();
    const QString by = madeBy.trimmed();
    if (why.isEmpty() || by.isEmpty())
        return refuse("correction.words", QCoreApplication::translate("CenterLedger", "A correction needs a reason "
                                                                                      "and the name of who makes "
                                                                                      "it."));
    if (why.size() > PaymentCorrection::MaxTextChars || by.size() > PaymentCorrection::MaxTextChars ||
        !PlainText::hasNoControls(why) || !PlainText::hasNoControls(by))
        return refuse("correction.words",
                      QCoreApplication::translate("CenterLedger", "A correction's reason and name are plain text of "
                                                                  "at most %1 characters.")
                          .arg(PaymentCorrection::MaxTextChars));

    CenterTransaction tx(m_db);
    if (auto s = tx.begin(); !s.ok())
        return s.error();
    // The device's row is the lock: its ledger catch-up and a second correction wait for this one.
    auto mark = lockedLedgerMark(m_db, deviceId);
    if (!mark.ok())
        return mark.error();
    if (!mark.value().isValid())
        return refuse("correction.unknown-device",
                      QCoreApplication::translate("CenterLedger", "No device is called %1.").arg(deviceId));
    auto kind = m_db.scalar(QStringLiteral("SELECT kind FROM journal_entries WHERE device_id = ? AND seq = ?"),
                            {deviceId, seq});
    if (!kind.ok())
        return kind.error();
    if (!kind.value().isValid())
        return refuse("correction.unknown-entry",
                      QCoreApplication::translate("CenterLedger", "The center holds no entry %1 from %2: it has not "
                                                                  "synced that far, or there is no such entry.")
                          .arg(seq)
                          .arg(deviceId));
    if (kind.value().toInt() != int(EntryKind::Payment))
        return refuse(
            "correction.not-a-payment",
            QCoreApplication::translate("CenterLedger", "Entry %1 from %2 is not a payment.").arg(seq).arg(deviceId));
    if (mark.value().toLongLong() < seq)
        return refuse("correction.not-applied",
                      QCoreApplication::translate("CenterLedger", "Payment %1 from %2 is stored but not in the "
                                                                  "books yet; try again in a moment.")
                          .arg(seq)
                          .arg(deviceId));

    LedgerBatch batch(m_db, deviceId, nowMs);
    batch.targetForCorrection(seq);
    if (auto s = batch.loadVoidedPayments(); !s.ok())
        return s.error();
    const PaymentRow *payment = batch.stored(seq);
    if (!payment)
        return refuse("correction.not-applied",
                      QCoreApplication::translate("CenterLedger", "Payment %1 from %2 is not in the books.")
                          .arg(seq)
                          .arg(deviceId));
    if (payment->voided)
        return refuse("correction.voided",
                      QCoreApplication::translate("CenterLedger", "Payment %1 from %2 was voided on the terminal; "
                                                                  "there is nothing to reverse.")
                          .arg(seq)
                          .arg(deviceId));
    if (payment->corrected)
        return refuse("correction.already-corrected",
                      QCoreApplication::translate("CenterLedger", "Payment %1 from %2 was reversed at the center "
                                                                  "already.")
                          .arg(seq)
                          .arg(deviceId));
    const PaymentCorrection correction{deviceId, seq,  payment->account, Money::fromFen(payment->amount), why,
                                       by,       nowMs};
    if (auto s = batch.loadAccounts(); !s.ok())
        return s.error();
    if (auto s = batch.loadBills(); !s.ok())
        return s.error();
    batch.applyCorrection(seq);
    if (auto s = batch.writeLedger(); !s.ok())
        return s.error();
    // Always a new version: the route's terminals fetch, and the correction travels with it.
    auto version = batch.writeWorklist(true);
    if (!version.ok())
        return version.error();
    auto route = m_db.scalar(QStringLiteral("SELECT COALESCE((SELECT route FROM accounts WHERE number = ?), "
                                            "(SELECT route FROM devices WHERE id = ?))"),
                             {correction.account, deviceId});
    if (!route.ok())
        return route.error();
    if (auto s = m_db.insertRows(QStringLiteral("corrections"),
                                 {QStringLiteral("device_id"), QStringLiteral("seq"), QStringLiteral("account"),
                                  QStringLiteral("route"), QStringLiteral("amount_fen"), QStringLiteral("reason"),
                                  QStringLiteral("made_by"), QStringLiteral("at_ms"), QStringLiteral("version")},
                                 {{deviceId, seq, correction.account, route.value().toString(), correction.amount.fen(),
                                   why, by, nowMs, version.value()}});
        !s.ok())
        return s.error();
    if (auto s = m_db.insertExceptions(
            {{nowMs, QStringLiteral("correction"), deviceId, seq, correction.account, correction.amount.fen(),
              QStringLiteral("reversed at the center by %1: %2").arg(by, why)}});
        !s.ok())
        return s.error();
    if (auto s = tx.commit(); !s.ok())
        return s.error();
    return correction;
}
