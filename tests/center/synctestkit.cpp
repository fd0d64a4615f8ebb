#include "synctestkit.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>

#include <atomic>

#include "centerimport.h"
#include "roster.h"

namespace SyncTestKit {

QString accountNumber(int route, int i)
{
    return QStringLiteral("%1%2").arg(route, 3, 10, QLatin1Char('0')).arg(i, 7, 10, QLatin1Char('0'));
}

QString billId(int route, int i)
{
    return QStringLiteral("B%1-%2").arg(route).arg(i);
}

qint64 dayStart(int hours)
{
    return QDateTime(QDate(2026, 11, 2), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() + qint64(hours) * 3600 * 1000;
}

namespace {

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

// Real PIN hashes (1234 and 9999) at the fewest iterations the center accepts, to stay fast.
const QByteArray &collectorPinHash()
{
    static const QByteArray hash = PinHash::hash(QStringLiteral("1234"), PinHash::MinIterations).value().toUtf8();
    return hash;
}
const QByteArray &supervisorPinHash()
{
    static const QByteArray hash = PinHash::hash(QStringLiteral("9999"), PinHash::MinIterations).value().toUtf8();
    return hash;
}

} // namespace

Extract writeExtract(const QString &dir, int routes, int perRoute)
{
    Extract e{dir + QStringLiteral("/accounts.csv"), dir + QStringLiteral("/bills.csv"),
              dir + QStringLiteral("/policy.csv"), dir + QStringLiteral("/collectors.csv")};
    QByteArray accounts = "number,route,name,address,village,walk_order,meter,class,phone,prepaid\n";
    QByteArray bills = "id,account,period,amount,due_date,paid\n";
    for (int r = 1; r <= routes; ++r) {
        for (int i = 0; i < perRoute; ++i) {
            accounts += QStringLiteral("%1,R%2,\"Customer %3, Jr.\",%4 Main St,Village %5,%6,M%1,residential,,0.00\n")
                            .arg(accountNumber(r, i))
                            .arg(r)
                            .arg(i)
                            .arg(i + 1)
                            .arg(i / 50)
                            .arg(i)
                            .toUtf8();
            bills += QStringLiteral("%1,%2,2026-10,%3,2026-10-20,0\n")
                         .arg(billId(r, i), accountNumber(r, i), Money::fromFen(BillFen).toPlainString())
                         .toUtf8();
        }
    }
    writeFile(e.accounts, accounts);
    writeFile(e.bills, bills);
    writeFile(e.policy, "key,value\nutility,Test Power Co.\naccount-pattern,^[0-9]{10}$\ncheck-digit,none\n"
                        "grace-days,0\n");
    writeFile(e.collectors, "id,name,role,pin_hash,route,active\nC001,Zhang Wei,collector," + collectorPinHash() +
                                ",,1\nS001,Li Na,supervisor," + supervisorPinHash() + ",,1\n");
    return e;
}

Status importRouteR1(CenterStore &store, const QString &dir, int perRoute)
{
    const Extract x = writeExtract(dir, 1, perRoute);
    if (!writeFile(x.collectors, "id,name,role,pin_hash,route,active\nC001," + QByteArrayLiteral("王师傅") +
                                     ",collector," + collectorPinHash() + ",R1,1\nS001," + QByteArrayLiteral("李站长") +
                                     ",supervisor," + supervisorPinHash() + ",,1\n"))
        return Error{QStringLiteral("test.write"), QStringLiteral("cannot write %1").arg(x.collectors)};
    const auto imported = CenterImport(store).run(x.accounts, x.bills, x.policy, x.collectors);
    if (!imported.ok())
        return imported.error();
    return success();
}

Result<Center> openCenter(const QString &url)
{
    static std::atomic<int> counter = 0; // centers are opened on several threads in a test
    auto parsed = DatabaseUrl::parse(url);
    if (!parsed.ok())
        return parsed.error();
    Center c;
    c.db = std::make_unique<CenterDatabase>(parsed.value(), QStringLiteral("kit-%1").arg(++counter));
    if (auto s = c.db->open(); !s.ok())
        return s.error();
    c.store = std::make_unique<CenterStore>(*c.db);
    return c;
}

Result<Device> enrolDevice(CenterStore &store, const QString &dir, const QString &id, const QString &route)
{
    Device d;
    d.id = id;
    d.route = route;
    d.keyPath = dir + QStringLiteral("/") + id + QStringLiteral(".key");
    d.journalPath = dir + QStringLiteral("/") + id + QStringLiteral(".journal");
    auto key = DeviceKey::loadOrCreate(d.keyPath);
    if (!key.ok())
        return key.error();
    d.key = std::make_unique<DeviceKey>(std::move(key).value());
    d.journal = std::make_unique<Journal>(d.journalPath, id, *d.key);
    if (auto s = d.journal->open(); !s.ok())
        return s.error();
    auto code = store.createEnrolmentCode(id, route, 3'600'000);
    if (!code.ok())
        return code.error();
    auto reply = store.enrol(WireProtocol::EnrolRequest{code.value(), d.key->publicKey()}, {});
    if (!reply.ok())
        return reply.error();
    return d;
}

PaymentRecord payment(int route, int i, qint64 extraFen, PaymentMethod method)
{
    PaymentRecord p;
    p.accountNumber = accountNumber(route, i);
    p.method = method;
    p.amount = Money::fromFen(BillFen + extraFen);
    p.tendered = method == PaymentMethod::Cash ? Money::fromFen(((BillFen + extraFen) / 10000 + 1) * 10000) : p.amount;
    p.change = p.tendered - p.amount;
    p.reference = method == PaymentMethod::Cash ? QString() : QStringLiteral("SLIP-%1").arg(i);
    p.allocation = {AllocationLine{billId(route, i), QStringLiteral("2026-10"), AllocationLine::Part::Principal,
                                   Money::fromFen(BillFen)}};
    p.toPrepaid = Money::fromFen(extraFen);
    p.stillOwed = Money();
    p.worklistVersion = 1;
    return p;
}

Result<DayTotals> simulateDay(Journal &journal, int route, int payments, qint64 dayStartMs, const QString &collector)
{
    DayTotals t;
    qint64 time = dayStartMs;
    auto append = [&](EntryKind kind, const QCborMap &body, qint64 shift) -> Result<JournalEntry> {
        time += 37'000;
        auto e = journal.append(kind, body, time, collector, shift);
        if (e.ok())
            ++t.entries;
        return e;
    };
    auto opened = append(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromYuan(200)}), 0);
    if (!opened.ok())
        return opened.error();
    const qint64 shift = opened.value().seq;
    Money cash;
    for (int i = 0; i < payments; ++i) {
        const qint64 extra = i % 7 == 3 ? 655 : 0;
        const PaymentMethod method = i % 3 == 2 ? PaymentMethod::BankCard : PaymentMethod::Cash;
        const PaymentRecord p = payment(route, i, extra, method);
        auto paid = append(EntryKind::Payment, toCbor(p), shift);
        if (!paid.ok())
            return paid.error();
        if (auto printed = append(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{paid.value().seq, 1}), shift);
            !printed.ok())
            return printed.error();
        if (i % 11 == 10) {
            auto voided = append(
                EntryKind::Void,
                toCbor(VoidRecord{paid.value().seq, QStringLiteral("wrong account"), QStringLiteral("S001")}), shift);
            if (!voided.ok())
                return voided.error();
            ++t.voids;
            t.voided += p.amount;
        } else {
            ++t.payments;
            t.amount += p.amount;
            if (method == PaymentMethod::Cash)
                cash += p.amount;
        }
        if (i % 5 == 4) {
            auto visit = append(EntryKind::Visit,
                                toCbor(VisitRecord{accountNumber(route, payments + i), VisitOutcome::NotHome, QDate(),
                                                   QStringLiteral("left a card")}),
                                shift);
            if (!visit.ok())
                return visit.error();
            ++t.visits;
        }
    }
    const Money expected = Money::fromYuan(200) + cash;
    if (auto h = append(EntryKind::CashHandedOver, toCbor(CashHandedOverRecord{expected, QStringLiteral("S001"), {}}),
                        shift);
        !h.ok())
        return h.error();
    // Everything went to the supervisor above: as a terminal would, the close expects nothing
    // left in hand (DailyTotals::expectedCashInHand), which the auditor's check recomputes.
    ShiftClosedRecord closed;
    if (auto c = append(EntryKind::ShiftClosed, toCbor(closed), shift); !c.ok())
        return c.error();
    return t;
}

Result<WireProtocol::JournalAck> uploadJournal(JournalIngest &ingest, const Device &device, qint64 from)
{
    WireProtocol::JournalBatch batch;
    batch.deviceId = device.id;
    batch.entries = journalEntries(*device.journal, from, device.journal->lastSeq());
    if (batch.entries.isEmpty())
        return Error{QStringLiteral("test.nothing"), QStringLiteral("no entries from %1").arg(from)};
    batch.firstSeq = batch.entries.first().seq;
    batch.prevHash = batch.entries.first().prevHash;
    return ingest.ingest(batch, QStringLiteral("test"));
}

QList<JournalEntry> journalEntries(const Journal &journal, qint64 from, qint64 to)
{
    QList<JournalEntry> out;
    journal.forEach(from, to, [&](const JournalEntry &e) {
        out.append(e);
        return true;
    });
    return out;
}

SyncClientConfig clientConfig(const Device &device, const QUrl &center)
{
    SyncClientConfig c;
    c.center = center;
    c.deviceId = device.id;
    c.journalPath = device.journalPath;
    c.keyPath = device.keyPath;
    c.backoffBaseMs = 50;
    c.backoffMaxMs = 400;
    c.periodicMs = 60'000;
    return c;
}

QStringList serveArguments(const QString &dbUrl)
{
    return {QStringLiteral("serve"),    QStringLiteral("--db"),        dbUrl,
            QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--time-zone"),
            QStringLiteral("UTC")};
}

Result<quint16> startServing(QProcess &process, const QString &program, const QStringList &args)
{
    process.start(program, args);
    QByteArray out;
    QElapsedTimer waited;
    waited.start();
    while (!out.contains('\n') && !waited.hasExpired(30'000) && process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(200);
        out += process.readAllStandardOutput();
    }
    static const QRegularExpression listening(QStringLiteral("^listening on 127\\.0\\.0\\.1:([0-9]+)\\n"));
    const auto m = listening.match(QString::fromUtf8(out));
    if (!m.hasMatch())
        return Error{QStringLiteral("test.serve"),
                     QStringLiteral("serve did not start: %1 %2")
                         .arg(QString::fromUtf8(out), QString::fromUtf8(process.readAllStandardError()))};
    return quint16(m.captured(1).toUInt());
}

} // namespace SyncTestKit
