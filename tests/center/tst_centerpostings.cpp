// Posting to the billing system once (issue 17): every line a payment applied at the center is a
// posting the billing system's file gets exactly once and the same each time; until the billing
// system acknowledges it posted, an extract cut before it does not reopen the bill or take back
// the prepaid credit; its acknowledgements are checked line by line, and what does not add up is
// listed, never applied; reversals post negated; the reconciliation adds up to the fen.
#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "centerimport.h"
#include "centerpostings.h"
#include "journalingest.h"
#include "pgtestserver.h"
#include "synctestkit.h"

using namespace SyncTestKit;

namespace {

bool writeText(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

QByteArray readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestCenterPostings : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_work; ///< a new one per test: the device's journal starts empty
    Center m_center;
    Extract m_extract;
    std::unique_ptr<JournalIngest> m_ingest;
    std::optional<Device> m_device;

    qint64 scalar(const QString &sql, std::initializer_list<QVariant> bindings = {}) const
    {
        return m_center.db->scalar(sql, bindings).value().toLongLong();
    }

    [[nodiscard]] bool append(EntryKind kind, const QCborMap &body)
    {
        return m_device->journal->append(kind, body, dayStart(), QStringLiteral("C001"), 0).ok();
    }

    [[nodiscard]] bool sync()
    {
        const qint64 from = m_center.store->device(m_device->id).value()->headSeq + 1;
        auto ack = uploadJournal(*m_ingest, *m_device, from);
        return ack.ok() && !ack.value().refusal && m_ingest->applyLedger(m_device->id).ok();
    }

    QByteArray exportFrom(qint64 since, qint64 *last = nullptr) const
    {
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        auto done = CenterPostings(*m_center.db, QTimeZone::utc()).exportSince(out, since);
        if (!done.ok())
            return "error: " + done.error().message.toUtf8();
        if (last)
            *last = done.value().lastId;
        return out.data();
    }

    [[nodiscard]] bool reimport(const Extract &x) const
    {
        return CenterImport(*m_center.store).run(x.accounts, x.bills, x.policy, x.collectors).ok();
    }

private slots:
    void initTestCase_data() { CenterTestDb::addBackendRows(); }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        m_work = std::make_unique<QTemporaryDir>();
        auto url = CenterTestDb::freshUrl(backend, m_work->path(), QStringLiteral("postings"));
        QVERIFY2(url.ok(), qPrintable(url.ok() ? QString() : url.error().message));
        auto center = openCenter(url.value());
        QVERIFY(center.ok());
        m_center = std::move(center).value();
        m_extract = writeExtract(m_work->path(), 1, 10);
        QVERIFY(reimport(m_extract));
        m_ingest = std::make_unique<JournalIngest>(*m_center.store);
        auto device = enrolDevice(*m_center.store, m_work->path(), QStringLiteral("dev-p"), QStringLiteral("R1"));
        QVERIFY(device.ok());
        m_device = std::move(device).value();
    }

    void cleanup()
    {
        m_device.reset();
        m_ingest.reset();
        m_center = Center{};
        m_work.reset();
    }

    void staleExtractReopensNothingUntilBillingPosts()
    {
        // ¥1.60 penalty and ¥30 of bill 1-4; all of bill 1-3 and ¥20 over (to prepaid).
        PaymentRecord part = payment(1, 4);
        part.amount = part.tendered = Money::fromFen(3160);
        part.change = Money();
        part.allocation = {
            AllocationLine{billId(1, 4), QStringLiteral("2026-10"), AllocationLine::Part::Penalty, Money::fromFen(160)},
            AllocationLine{billId(1, 4), QStringLiteral("2026-10"), AllocationLine::Part::Principal,
                           Money::fromFen(3000)}};
        part.toPrepaid = Money();
        part.stillOwed = Money::fromFen(9345);
        QVERIFY(append(EntryKind::Payment, toCbor(part)));
        QVERIFY(append(EntryKind::Payment, toCbor(payment(1, 3, 2000))));
        QVERIFY(sync());

        // One posting per line, exported the same each time, and nothing after the last id.
        qint64 last = 0;
        const QByteArray file = exportFrom(0, &last);
        const QList<QByteArray> lines = file.split('\n');
        QCOMPARE(lines.first(), QByteArray("posting_id,source,device,payment_seq,source_seq,account,route,bill_id,part,"
                                           "amount,created_utc\r"));
        QCOMPARE(lines.size(), 1 + 4 + 1); // header, 4 postings, the empty rest after the last CRLF
        QVERIFY(file.contains(QByteArray(",payment,dev-p,1,1," + accountNumber(1, 4).toUtf8() + ",R1," +
                                         billId(1, 4).toUtf8() + ",penalty,1.60,")));
        QVERIFY(file.contains(QByteArray(",payment,dev-p,1,1," + accountNumber(1, 4).toUtf8() + ",R1," +
                                         billId(1, 4).toUtf8() + ",principal,30.00,")));
        QVERIFY(file.contains(QByteArray(",payment,dev-p,2,2," + accountNumber(1, 3).toUtf8() + ",R1," +
                                         billId(1, 3).toUtf8() + ",principal,123.45,")));
        QVERIFY(
            file.contains(QByteArray(",payment,dev-p,2,2," + accountNumber(1, 3).toUtf8() + ",R1,,prepaid,20.00,")));
        QCOMPARE(exportFrom(0), file);
        QCOMPARE(exportFrom(last), lines.first() + "\n");

        // The billing system's extract, cut before it posted them, comes in again: bill 1-3 stays
        // settled, 1-4 keeps its ¥30, and the ¥20 stays on the prepaid balance.
        const qint64 version = m_center.store->worklistVersion().value();
        QVERIFY(reimport(m_extract));
        QCOMPARE(scalar(QStringLiteral("SELECT active FROM bills WHERE id = ?"), {billId(1, 3)}), 0);
        QCOMPARE(scalar(QStringLiteral("SELECT paid_fen FROM bills WHERE id = ?"), {billId(1, 3)}), BillFen);
        QCOMPARE(scalar(QStringLiteral("SELECT paid_fen FROM bills WHERE id = ?"), {billId(1, 4)}), 3000);
        QCOMPARE(scalar(QStringLiteral("SELECT prepaid_fen FROM accounts WHERE number = ?"), {accountNumber(1, 3)}),
                 2000);
        const auto delta = m_center.store->worklistDelta(QStringLiteral("R1"), version);
        QVERIFY(delta.ok());
        for (const Bill &b : delta.value().bills)
            QVERIFY2(b.id != billId(1, 3), "a settled bill reopened on the terminals");

        // Billing posts them all; its next extract knows the payments, and nothing counts twice.
        const QString ack = m_work->filePath(QStringLiteral("ack.csv"));
        QByteArray answer = "posting_id,amount,status,reference\r\n";
        for (qsizetype i = 1; i + 1 < lines.size(); ++i) {
            const QList<QByteArray> f = lines.at(i).split(',');
            answer += f.at(0) + "," + f.at(9) + ",posted,B-" + f.at(0) + "\r\n";
        }
        QVERIFY(writeText(ack, answer));
        CenterPostings postings(*m_center.db, QTimeZone::utc());
        auto acked = postings.importAcknowledgement(ack, m_center.store->now());
        QVERIFY2(acked.ok(), qPrintable(acked.ok() ? QString() : acked.error().message));
        QCOMPARE(acked.value().posted, 4);
        QCOMPARE(acked.value().exceptions, 0);
        // The same answer again: nothing new.
        acked = postings.importAcknowledgement(ack, m_center.store->now());
        QCOMPARE(acked.value().already, 4);
        QCOMPARE(acked.value().posted, 0);

        // An extract that came in after billing acknowledged the postings and still does not show
        // them: the reconciliation names both principal postings, with the extract's figures.
        const qint64 start = m_center.store->now();
        m_center.store->setClock([t = start]() mutable { return t += 10; });
        const QDate today = QDateTime::fromMSecsSinceEpoch(start, QTimeZone::utc()).date();
        auto reconciled = postings.reconciliation(today, today);
        QVERIFY(reconciled.ok());
        QCOMPARE(reconciled.value().first().notInExtract, Money()); // the last extract predates the answer
        QVERIFY(reimport(m_extract));
        reconciled = postings.reconciliation(today, today);
        QVERIFY(reconciled.ok());
        QCOMPARE(reconciled.value().size(), 1);
        QCOMPARE(reconciled.value().first().posted, Money::fromFen(3160 + BillFen + 2000));
        QCOMPARE(reconciled.value().first().notInExtract, Money::fromFen(3000 + BillFen));
        auto lacking = postings.unposted(today, today);
        QVERIFY(lacking.ok());
        QCOMPARE(lacking.value().size(), 2);
        for (const CenterPostings::Open &o : lacking.value()) {
            QCOMPARE(o.state, QStringLiteral("not-in-extract"));
            QCOMPARE(o.part, QStringLiteral("principal"));
            QVERIFY2(o.reference.contains(QStringLiteral("shows 0.00 paid")), qPrintable(o.reference));
        }
        QCOMPARE(QSet<QString>({lacking.value().at(0).billId, lacking.value().at(1).billId}),
                 QSet<QString>({billId(1, 3), billId(1, 4)}));
        const auto &onBill13 = lacking.value().at(lacking.value().at(0).billId == billId(1, 3) ? 0 : 1);
        QVERIFY2(onBill13.reference.endsWith(QStringLiteral("acknowledged 123.45 posted")),
                 qPrintable(onBill13.reference));
        QVERIFY(CenterPostings::renderCsv(reconciled.value())
                    .startsWith("day,route,postings,applied,posted,rejected,awaiting,not_in_extract\r\n"));
        QByteArray bills = readText(m_extract.bills);
        bills.replace(
            QByteArray(billId(1, 3).toUtf8() + "," + accountNumber(1, 3).toUtf8() + ",2026-10,123.45,2026-10-20,0"),
            QByteArray(billId(1, 3).toUtf8() + "," + accountNumber(1, 3).toUtf8() +
                       ",2026-10,123.45,2026-10-20,123.45"));
        bills.replace(
            QByteArray(billId(1, 4).toUtf8() + "," + accountNumber(1, 4).toUtf8() + ",2026-10,123.45,2026-10-20,0"),
            QByteArray(billId(1, 4).toUtf8() + "," + accountNumber(1, 4).toUtf8() +
                       ",2026-10,123.45,2026-10-20,30.00"));
        Extract fresh = m_extract;
        fresh.bills = m_work->filePath(QStringLiteral("bills-fresh.csv"));
        QVERIFY(writeText(fresh.bills, bills));
        QByteArray accounts = readText(m_extract.accounts);
        const QByteArray who = accountNumber(1, 3).toUtf8();
        const qsizetype at = accounts.indexOf(who);
        const qsizetype eol = accounts.indexOf('\n', at);
        QCOMPARE(accounts.mid(eol - 4, 4), QByteArray("0.00")); // the row's prepaid: the credit is now billing's
        accounts.replace(eol - 4, 4, "20.00");
        fresh.accounts = m_work->filePath(QStringLiteral("accounts-fresh.csv"));
        QVERIFY(writeText(fresh.accounts, accounts));
        QVERIFY(reimport(fresh));
        QCOMPARE(scalar(QStringLiteral("SELECT paid_fen FROM bills WHERE id = ?"), {billId(1, 4)}), 3000);
        QCOMPARE(scalar(QStringLiteral("SELECT active FROM bills WHERE id = ?"), {billId(1, 3)}), 0);
        QCOMPARE(scalar(QStringLiteral("SELECT prepaid_fen FROM accounts WHERE number = ?"), {accountNumber(1, 3)}),
                 2000);
        // The extract now shows what billing acknowledged: nothing is lacking.
        QCOMPARE(scalar(QStringLiteral("SELECT extract_paid_fen FROM bills WHERE id = ?"), {billId(1, 3)}), BillFen);
        reconciled = postings.reconciliation(today, today);
        QVERIFY(reconciled.ok());
        QCOMPARE(reconciled.value().first().notInExtract, Money());
        lacking = postings.unposted(today, today);
        QVERIFY(lacking.ok());
        QVERIFY(lacking.value().isEmpty());
    }

    void reversalsPostNegatedAndTheReconciliationAddsUp()
    {
        QVERIFY(append(EntryKind::Payment, toCbor(payment(1, 1))));
        QVERIFY(append(EntryKind::Payment, toCbor(payment(1, 2))));
        QVERIFY(sync());
        QVERIFY(append(EntryKind::Void, toCbor(VoidRecord{2, QStringLiteral("typo"), QStringLiteral("S001")})));
        QVERIFY(sync());
        const QByteArray file = exportFrom(0);
        QVERIFY2(file.contains(QByteArray(",void,dev-p,2,3," + accountNumber(1, 2).toUtf8() + ",R1," +
                                          billId(1, 2).toUtf8() + ",principal,-123.45,")),
                 file.constData());
        // Voided: the bill is owed again whatever an old extract says.
        QVERIFY(reimport(m_extract));
        QCOMPARE(scalar(QStringLiteral("SELECT paid_fen FROM bills WHERE id = ?"), {billId(1, 2)}), 0);
        QCOMPARE(scalar(QStringLiteral("SELECT paid_fen FROM bills WHERE id = ?"), {billId(1, 1)}), BillFen);

        // Billing posts the first, rejects the second payment's posting and has not answered the reversal.
        const QString ack = m_work->filePath(QStringLiteral("ack.csv"));
        QVERIFY(writeText(ack, "posting_id,amount,status,reference\r\n1,123.45,posted,B1\r\n2,123.45,rejected,"
                               "closed account\r\n"));
        CenterPostings postings(*m_center.db, QTimeZone::utc());
        auto acked = postings.importAcknowledgement(ack, m_center.store->now());
        QVERIFY(acked.ok());
        QCOMPARE(acked.value().posted, 1);
        QCOMPARE(acked.value().rejected, 1);
        const QDate today = QDateTime::fromMSecsSinceEpoch(m_center.store->now(), QTimeZone::utc()).date();
        auto rows = postings.reconciliation(today, today);
        QVERIFY(rows.ok());
        QCOMPARE(rows.value().size(), 1);
        const CenterPostings::DayRow &r = rows.value().first();
        QCOMPARE(r.route, QStringLiteral("R1"));
        QCOMPARE(r.postings, 3);
        QCOMPARE(r.applied, Money::fromFen(BillFen));
        QCOMPARE(r.posted, Money::fromFen(BillFen));
        QCOMPARE(r.rejected, Money::fromFen(BillFen));
        QCOMPARE(r.awaiting, Money::fromFen(-BillFen));
        auto open = postings.unposted(today, today);
        QVERIFY(open.ok());
        QCOMPARE(open.value().size(), 2);
        QCOMPARE(open.value().at(0).state, QStringLiteral("rejected"));
        QCOMPARE(open.value().at(0).reference, QStringLiteral("closed account"));
        QCOMPARE(open.value().at(1).state, QStringLiteral("awaiting"));
        QCOMPARE(open.value().at(1).source, QStringLiteral("void"));
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind = 'posting-rejected'")), 1);
    }

    // The billing system's answer is checked line by line: what does not add up is listed and
    // not applied; a file that does not read changes nothing at all.
    void acknowledgementsThatDoNotAddUp()
    {
        QVERIFY(append(EntryKind::Payment, toCbor(payment(1, 1))));
        QVERIFY(sync());
        CenterPostings postings(*m_center.db, QTimeZone::utc());
        const QString ack = m_work->filePath(QStringLiteral("ack.csv"));
        const auto acked = [&](const QByteArray &text) {
            if (!writeText(ack, text))
                return QStringLiteral("unwritable");
            auto r = postings.importAcknowledgement(ack, m_center.store->now());
            return r.ok() ? QStringLiteral("%1 %2 %3 %4")
                                .arg(r.value().posted)
                                .arg(r.value().rejected)
                                .arg(r.value().already)
                                .arg(r.value().exceptions)
                          : r.error().code;
        };
        const QByteArray header = "posting_id,amount,status,reference\r\n";
        const QString untouched = QStringLiteral("SELECT COUNT(*) FROM postings WHERE ack_status IS NOT NULL");
        const QList<QByteArray> bads{QByteArray(),
                                     QByteArray("posting_id,amount,status\r\n1,123.45,posted\r\n"),
                                     header + "1,123.45,posted,x\r\n1,123.45,posted,x\r\n",
                                     header + "0,123.45,posted,x\r\n",
                                     header + "1x,123.45,posted,x\r\n",
                                     header + "1,12.3.4,posted,x\r\n",
                                     header + "1,123.45,paid,x\r\n",
                                     header + "1,123.45,posted," + QByteArray(65, 'r') + "\r\n",
                                     header + "1,123.45,posted,=CMD()\x01\r\n",
                                     header + "1,123.45,posted\r\n"};
        for (const QByteArray &bad : bads) {
            const QString code = acked(bad);
            QVERIFY2(code.startsWith(QStringLiteral("import.")),
                     qPrintable(code + QStringLiteral(": ") + QString::fromUtf8(bad)));
            QCOMPARE(scalar(untouched), 0);
        }
        // Unknown posting, another amount: listed, not applied; the good line beside them is.
        QCOMPARE(acked(header + "99,1.00,posted,x\r\n1,1.00,posted,y\r\n"), QStringLiteral("0 0 0 2"));
        QCOMPARE(scalar(untouched), 0);
        QCOMPARE(acked(header + "1,123.45,posted,B1\r\n"), QStringLiteral("1 0 0 0"));
        // A change of answer afterwards is listed and does not change the first.
        QCOMPARE(acked(header + "1,123.45,rejected,late\r\n"), QStringLiteral("0 0 0 1"));
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM postings WHERE ack_status = 'posted'")), 1);
        for (const char *kind : {"posting-ack-unknown", "posting-ack-mismatch", "posting-ack-conflict"})
            QCOMPARE(
                scalar(QStringLiteral("SELECT COUNT(*) FROM exceptions WHERE kind = ?"), {QString::fromLatin1(kind)}),
                1);
    }
};

QTEST_GUILESS_MAIN(TestCenterPostings)
#include "tst_centerpostings.moc"
