#include "receiptcheck.h"

#include <QDateTime>

#include "journalarchive.h"
#include "journalentry.h"
#include "money.h"
#include "receiptcode.h"

QString ReceiptVerdict::key(Status status)
{
    switch (status) {
    case Status::Recorded:
        return QStringLiteral("recorded");
    case Status::NotYetSynced:
        return QStringLiteral("not-yet-synced");
    case Status::Voided:
        return QStringLiteral("voided");
    case Status::Reversed:
        return QStringLiteral("reversed");
    case Status::Missing:
        return QStringLiteral("missing");
    case Status::Mismatch:
        return QStringLiteral("mismatch");
    case Status::Forged:
        break;
    }
    return QStringLiteral("forged");
}

QString ReceiptCheck::when(qint64 ms) const
{
    return QDateTime::fromMSecsSinceEpoch(ms, m_zone).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

Result<ReceiptVerdict> ReceiptCheck::check(const QString &scanned, qint64 nowMs) const
{
    auto code = ReceiptCode::parse(scanned);
    if (!code.ok())
        return code.error();
    const ReceiptCode &c = code.value();
    ReceiptVerdict v;
    const QString what = c.kind == ReceiptCode::Kind::Void ? QStringLiteral("void slip") : QStringLiteral("receipt");

    // The terminal whose key id it names, and its signature.
    auto devices = m_db.exec(QStringLiteral("SELECT id, public_key, head_seq, last_sync_ms FROM devices"));
    if (!devices.ok())
        return devices.error();
    qint64 head = 0;
    std::optional<qint64> lastSync;
    for (QSqlQuery rows = std::move(devices).value(); rows.next();) {
        if (ReceiptCode::keyIdOf(rows.value(1).toByteArray()) != c.keyId)
            continue;
        if (!c.verify(rows.value(1).toByteArray()))
            break;
        v.deviceId = rows.value(0).toString();
        head = rows.value(2).toLongLong();
        if (!rows.value(3).isNull())
            lastSync = rows.value(3).toLongLong();
        break;
    }
    if (v.deviceId.isEmpty()) {
        v.status = ReceiptVerdict::Status::Forged;
        v.words = QStringLiteral("FORGED: no terminal of this center signed this %1.").arg(what);
        return v;
    }

    auto entry = m_db.exec(QStringLiteral("SELECT kind, time_ms, account, amount_fen, ref_seq FROM journal_entries "
                                          "WHERE device_id = ? AND seq = ?"),
                           {v.deviceId, c.seq});
    if (!entry.ok())
        return entry.error();
    QSqlQuery e = std::move(entry).value();
    const auto alarm = [&](const char *kind, ReceiptVerdict::Status status,
                           const QString &words) -> Result<ReceiptVerdict> {
        v.status = status;
        v.words = words;
        if (auto s =
                m_db.insertExceptions({{nowMs, QString::fromLatin1(kind), v.deviceId, c.seq, c.account, c.amountFen,
                                        QStringLiteral("a genuine %1 was scanned: %2").arg(what, words)}});
            !s.ok())
            return s.error();
        return v;
    };
    if (!e.next()) {
        auto archived = JournalArchive(m_db).monthOf(v.deviceId, c.seq);
        if (!archived.ok())
            return archived.error();
        if (archived.value()) {
            v.status = ReceiptVerdict::Status::Recorded;
            v.words = QStringLiteral("Genuine %1 of terminal %2, recorded at the center in %3, a month now archived "
                                     "(table %4).")
                          .arg(what, v.deviceId, JournalArchive::monthText(*archived.value()),
                               JournalArchive::archiveTable(*archived.value()));
            return v;
        }
        if (head >= c.seq)
            return alarm("receipt-missing", ReceiptVerdict::Status::Missing,
                         QStringLiteral("ALARM: this genuine %1 (entry %2 of terminal %3) is missing from the center "
                                        "although the terminal has synced past it.")
                             .arg(what)
                             .arg(c.seq)
                             .arg(v.deviceId));
        v.status = ReceiptVerdict::Status::NotYetSynced;
        v.lastSyncMs = lastSync;
        v.words = QStringLiteral("Genuine %1 of terminal %2; the terminal has not synced it yet (last sync %3).")
                      .arg(what, v.deviceId, lastSync ? when(*lastSync) : QStringLiteral("never"));
        return v;
    }
    const int kind = e.value(0).toInt();
    QString account = e.value(2).toString();
    qint64 amount = e.value(3).toLongLong();
    const qint64 paymentSeq = kind == int(EntryKind::Void) ? e.value(4).toLongLong() : c.seq;
    if (kind == int(EntryKind::Void)) {
        // A void slip shows the account and amount of the payment it reverses.
        auto paid = m_db.exec(QStringLiteral("SELECT account, amount_fen FROM journal_entries WHERE device_id = ? AND "
                                             "seq = ?"),
                              {v.deviceId, paymentSeq});
        if (!paid.ok())
            return paid.error();
        QSqlQuery p = std::move(paid).value();
        const bool found = p.next();
        account = found ? p.value(0).toString() : QString();
        amount = found ? p.value(1).toLongLong() : -1;
    }
    const int expectedKind = c.kind == ReceiptCode::Kind::Void ? int(EntryKind::Void) : int(EntryKind::Payment);
    if (kind != expectedKind || e.value(1).toLongLong() != c.timeMs || account != c.account || amount != c.amountFen)
        return alarm("receipt-mismatch", ReceiptVerdict::Status::Mismatch,
                     QStringLiteral("ALARM: terminal %1 signed this %2, but its entry %3 at the center says otherwise.")
                         .arg(v.deviceId, what)
                         .arg(c.seq));
    if (c.kind == ReceiptCode::Kind::Void) {
        v.status = ReceiptVerdict::Status::Recorded;
        v.words = QStringLiteral("Genuine void slip of terminal %1, recorded at the center: it cancels entry %2.")
                      .arg(v.deviceId)
                      .arg(paymentSeq);
        return v;
    }
    auto ledger = m_db.exec(QStringLiteral("SELECT p.voided_by_seq, p.corrected_ms, v.time_ms, v.entry FROM "
                                           "ledger_payments p "
                                           "LEFT JOIN journal_entries v ON v.device_id = p.device_id AND v.seq = "
                                           "p.voided_by_seq WHERE p.device_id = ? AND p.seq = ?"),
                            {v.deviceId, c.seq});
    if (!ledger.ok())
        return ledger.error();
    QSqlQuery l = std::move(ledger).value();
    const QString amountText = Money::fromFen(c.amountFen).toPlainString();
    if (l.next() && !l.value(0).isNull()) {
        const auto voidEntry = JournalEntry::fromCbor(l.value(3).toByteArray());
        const auto voidRecord =
            voidEntry.ok() ? recordFromCbor<VoidRecord>(voidEntry.value().body) : Result<VoidRecord>(Error{});
        v.status = ReceiptVerdict::Status::Voided;
        v.words = QStringLiteral("VOIDED: this receipt of %1 (terminal %2) was voided on the terminal at %3, "
                                 "approved by %4.")
                      .arg(amountText, v.deviceId, when(l.value(2).toLongLong()),
                           voidRecord.ok() ? voidRecord.value().supervisorId : QStringLiteral("?"));
        return v;
    }
    if (l.isValid() && !l.value(1).isNull()) {
        v.status = ReceiptVerdict::Status::Reversed;
        v.words = QStringLiteral("REVERSED: this receipt of %1 (terminal %2) was reversed at the center at %3.")
                      .arg(amountText, v.deviceId, when(l.value(1).toLongLong()));
        return v;
    }
    v.status = ReceiptVerdict::Status::Recorded;
    v.words = QStringLiteral("Genuine receipt of %1 from terminal %2, taken %3, recorded at the center.")
                  .arg(amountText, v.deviceId, when(c.timeMs));
    return v;
}
