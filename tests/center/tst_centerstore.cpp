#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "centerimport.h"
#include "pgtestserver.h"
#include "synctestkit.h"

using namespace SyncTestKit;

namespace {

void write(const QString &path, const QByteArray &data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(data);
}

qint64 count(const CenterDatabase &db, const QString &sql)
{
    return db.scalar(sql).value().toLongLong();
}

} // namespace

class TestCenterStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Center m_center;
    qint64 m_now = 1'790'000'000'000;

private slots:
    void initTestCase_data() { CenterTestDb::addBackendRows(); }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        auto url = CenterTestDb::freshUrl(backend, m_dir.path(), QStringLiteral("store"));
        QVERIFY(url.ok());
        auto center = openCenter(url.value());
        QVERIFY(center.ok());
        m_center = std::move(center).value();
        m_center.store->setClock([this] { return m_now; });
    }

    void cleanup() { m_center = Center{}; }

    // Devices are told the database's time, whichever instance answers; a clock that cannot be
    // right, or that went back, is not given to anyone.
    void servedTimeIsTheDatabasesAndNeverGoesBack()
    {
        CenterStore other(*m_center.db);
        qint64 otherNow = 0;
        other.setClock([&otherNow] { return otherNow; });
        const auto refusedAt = [&](qint64 ms) {
            otherNow = ms;
            const auto r = other.servedTime();
            return r.ok() ? QStringLiteral("served") : r.error().code;
        };
        QCOMPARE(refusedAt(1'700'000'000'000), QStringLiteral("center.time-implausible")); // 2023
        QCOMPARE(refusedAt(4'200'000'000'000), QStringLiteral("center.time-implausible")); // 2103
        QCOMPARE(refusedAt(-1), QStringLiteral("center.time-implausible"));
        QCOMPARE(refusedAt(m_now), QStringLiteral("served"));
        // Another instance whose clock is half a minute behind: served (reads race); two minutes: not.
        QCOMPARE(refusedAt(m_now - 30'000), QStringLiteral("served"));
        QCOMPARE(refusedAt(m_now - 120'000), QStringLiteral("center.time-implausible"));
        QVERIFY(m_center.store->commandsFor(QStringLiteral("nobody"), 0).error().code != QStringLiteral("center.time"));
        // The refusal reaches the device as an error, not as a wrong time.
        auto code = m_center.store->createEnrolmentCode(QStringLiteral("hh-t"), QStringLiteral("R1"), 3'600'000);
        QVERIFY(code.ok());
        QVERIFY(m_center.store->enrol(WireProtocol::EnrolRequest{code.value(), QByteArray(32, '\x41')}, {}).ok());
        m_now -= 180'000;
        const auto commands = m_center.store->commandsFor(QStringLiteral("hh-t"), 0);
        QVERIFY(!commands.ok());
        QCOMPARE(commands.error().code, QStringLiteral("center.time-implausible"));
        m_now += 180'000;
        QVERIFY(m_center.store->commandsFor(QStringLiteral("hh-t"), 0).ok());
        // Without a test clock: the database's (later than the test's, so served).
        CenterStore plain(*m_center.db); // no test clock: the database's
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const auto t = plain.servedTime();
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().message));
        // The same machine's clock, read around it (a second of rounding at most).
        QVERIFY2(t.value() >= before - 1000 && t.value() <= after + 1000,
                 qPrintable(QStringLiteral("%1 not in %2..%3").arg(t.value()).arg(before).arg(after)));
    }

    void enrolmentCodeWorksOnce()
    {
        auto code = m_center.store->createEnrolmentCode(QStringLiteral("hh-01"), QStringLiteral("R1"), 3'600'000);
        QVERIFY(code.ok());
        QCOMPARE(code.value().size(), 16);
        // Only the hash is stored.
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM enrolment_codes")), 1);
        const QByteArray key(32, '\x11');
        // Typed with dashes and in lower case, as people do.
        QString typed = code.value().toLower();
        typed.insert(8, QLatin1Char('-'));
        auto reply = m_center.store->enrol(WireProtocol::EnrolRequest{typed, key}, QByteArray(32, '\x22'));
        QVERIFY2(reply.ok(), qPrintable(reply.ok() ? QString() : reply.error().message));
        QCOMPARE(reply.value().deviceId, QStringLiteral("hh-01"));
        QCOMPARE(reply.value().route, QStringLiteral("R1"));
        QCOMPARE(reply.value().centerPin, QByteArray(32, '\x22'));
        QCOMPARE(reply.value().serverTimeMs, m_now);

        auto again = m_center.store->enrol(WireProtocol::EnrolRequest{code.value(), QByteArray(32, '\x33')}, {});
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("enrol.code-used"));
        // The first device's key is still the one on file.
        QCOMPARE(m_center.store->device(QStringLiteral("hh-01")).value()->publicKey, key);
        // A device name is never reused.
        auto reuse = m_center.store->createEnrolmentCode(QStringLiteral("hh-01"), QStringLiteral("R1"), 3'600'000);
        QVERIFY(!reuse.ok());
        QCOMPARE(reuse.error().code, QStringLiteral("enrol.device-exists"));
    }

    void enrolmentCodeExpires()
    {
        auto code = m_center.store->createEnrolmentCode(QStringLiteral("hh-02"), QStringLiteral("R1"), 60'000);
        QVERIFY(code.ok());
        m_now += 60'000;
        auto reply = m_center.store->enrol(WireProtocol::EnrolRequest{code.value(), QByteArray(32, '\x11')}, {});
        QVERIFY(!reply.ok());
        QCOMPARE(reply.error().code, QStringLiteral("enrol.code-expired"));
        QVERIFY(!m_center.store->device(QStringLiteral("hh-02")).value());
        auto unknown =
            m_center.store->enrol(WireProtocol::EnrolRequest{QStringLiteral("NOPE"), QByteArray(32, '\x11')}, {});
        QCOMPARE(unknown.error().code, QStringLiteral("enrol.code-unknown"));
    }

    // A code withdrawn before use enrols nobody; a device revoked keeps what it has, once.
    void revokeACodeAndADevice()
    {
        auto code = m_center.store->createEnrolmentCode(QStringLiteral("hh-03"), QStringLiteral("R1"), 3'600'000);
        QVERIFY(code.ok());
        auto withdrawn = m_center.store->revokeEnrolmentCodes(QStringLiteral("hh-03"));
        QVERIFY(withdrawn.ok());
        QCOMPARE(withdrawn.value(), 1);
        auto refused = m_center.store->enrol(WireProtocol::EnrolRequest{code.value(), QByteArray(32, '\x11')}, {});
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("enrol.code-revoked"));
        QVERIFY(!m_center.store->device(QStringLiteral("hh-03")).value());
        auto none = m_center.store->revokeEnrolmentCodes(QStringLiteral("hh-03"));
        QVERIFY(!none.ok());
        QCOMPARE(none.error().code, QStringLiteral("enrol.no-pending-code"));
        // A new code may be made once the old one is withdrawn.
        auto again = m_center.store->createEnrolmentCode(QStringLiteral("hh-03"), QStringLiteral("R1"), 3'600'000);
        QVERIFY(again.ok());
        QVERIFY(m_center.store->enrol(WireProtocol::EnrolRequest{again.value(), QByteArray(32, '\x11')}, {}).ok());

        QCOMPARE(m_center.store->device(QStringLiteral("hh-03")).value()->revokedMs, std::nullopt);
        m_now += 1000;
        QVERIFY(m_center.store->revokeDevice(QStringLiteral("hh-03")).ok());
        QCOMPARE(m_center.store->device(QStringLiteral("hh-03")).value()->revokedMs, std::optional<qint64>(m_now));
        const Status twice = m_center.store->revokeDevice(QStringLiteral("hh-03"));
        QVERIFY(!twice.ok());
        QCOMPARE(twice.error().code, QStringLiteral("device.already-revoked"));
        const Status unknown = m_center.store->revokeDevice(QStringLiteral("hh-404"));
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, QStringLiteral("device.unknown"));
        // Listed as revoked, the rest of its record unchanged.
        const auto all = m_center.store->devices();
        QVERIFY(all.ok());
        QCOMPARE(all.value().size(), 1);
        QVERIFY(all.value().first().revokedMs.has_value());
        QCOMPARE(all.value().first().publicKey, QByteArray(32, '\x11'));
    }

    void badDeviceNamesAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("space") << QStringLiteral("hand held");
        QTest::newRow("slash") << QStringLiteral("a/b");
        QTest::newRow("too long") << QString(65, QLatin1Char('a'));
    }
    void badDeviceNamesAreRefused()
    {
        QFETCH(QString, name);
        auto code = m_center.store->createEnrolmentCode(name, QStringLiteral("R1"), 1000);
        QVERIFY(!code.ok());
        QCOMPARE(code.error().code, QStringLiteral("enrol.bad-device-name"));
    }

    void exposureLimitsTravelWithTheWorklist()
    {
        using Scope = ExposureRule::Scope;
        CenterStore &store = *m_center.store;
        const auto limit = [](const char *key, const char *value) {
            return QPair<QString, QString>{QString::fromLatin1(key), QString::fromLatin1(value)};
        };
        QVERIFY(
            store.setExposureRules(Scope::All, {}, {limit("max-cash-in-hand", "5000"), limit("warn-at-percent", "90")})
                .ok());
        QVERIFY(store.setExposureRules(Scope::Route, QStringLiteral("R1"), {limit("max-cash-in-hand", "3000")}).ok());
        QVERIFY(store.setExposureRules(Scope::Route, QStringLiteral("R2"), {limit("max-cash-in-hand", "100")}).ok());
        QVERIFY(store.setExposureRules(Scope::Collector, QStringLiteral("C001"), {limit("max-hours-since-sync", "24")})
                    .ok());
        // Set again: the new value replaces the old, nothing doubles; and the worklist version
        // moves, so every terminal fetches at its next sync (the limits come with the reply).
        const qint64 before = store.worklistVersion().value();
        QVERIFY(store.setExposureRules(Scope::Route, QStringLiteral("R1"), {limit("max-cash-in-hand", "2500")}).ok());
        QCOMPARE(store.exposureRules().value().size(), 5);
        QCOMPARE(store.worklistVersion().value(), before + 1);

        // Refused whole, with a reason, and nothing stored: unknown keys, bad values, a scope
        // without its id, an id without its scope, nothing given.
        const QList<std::pair<Status, QString>> refused = {
            {store.setExposureRules(Scope::All, {}, {limit("max-cash-in-hand", "10"), limit("max-bags", "1")}),
             QStringLiteral("exposure-policy.unknown-key")},
            {store.setExposureRules(Scope::Route, QStringLiteral("R1"), {limit("max-cash-in-hand", "-5")}),
             QStringLiteral("exposure-policy.bad-value")},
            {store.setExposureRules(Scope::Route, QStringLiteral("R1"), {limit("max-hours-since-sync", "1e3")}),
             QStringLiteral("exposure-policy.bad-value")},
            {store.setExposureRules(Scope::Route, {}, {limit("max-cash-in-hand", "10")}),
             QStringLiteral("exposure-policy.bad-scope")},
            {store.setExposureRules(Scope::All, QStringLiteral("R1"), {limit("max-cash-in-hand", "10")}),
             QStringLiteral("exposure-policy.bad-scope")},
            {store.setExposureRules(Scope::All, {}, {}), QStringLiteral("exposure-policy.empty")},
            {store.setExposureRules(Scope::All, {}, {limit("max-cash-in-hand", "1"), limit("max-cash-in-hand", "2")}),
             QStringLiteral("exposure-policy.duplicate-key")},
        };
        for (const auto &[status, code] : refused) {
            QVERIFY(!status.ok());
            QCOMPARE(status.error().code, code);
        }
        QCOMPARE(store.exposureRules().value().size(), 5);
        QCOMPARE(store.worklistVersion().value(), before + 1); // a refusal moves nothing

        // A route's terminals get every terminal's rules, their route's and every collector's;
        // never another route's. Each reply carries them, changed or not.
        QTemporaryDir dir;
        const Extract x = writeExtract(dir.path(), 2, 3);
        QVERIFY(CenterImport(store).run(x.accounts, x.bills, x.policy, x.collectors).ok());
        const qint64 version = store.worklistVersion().value();
        const auto delta = store.worklistDelta(QStringLiteral("R1"), version);
        QVERIFY(delta.ok());
        QCOMPARE(delta->accounts.size(), 0);
        QCOMPARE(delta->limits.size(), 4);
        for (const ExposureRule &r : delta->limits)
            QVERIFY(r.scopeId != QLatin1String("R2"));
        const auto limits = ExposureRule::resolve(delta->limits, QStringLiteral("R1"), QStringLiteral("C001"));
        QVERIFY(limits.ok());
        QCOMPARE(limits->maxCashInHand, Money::fromYuan(2500));
        QCOMPARE(limits->maxMsSinceSync, qint64(24) * 3'600'000);
        QCOMPARE(limits->warnAtPercent, 90);
        // And they cross the wire intact.
        const auto back = WireProtocol::WorklistDelta::fromCbor(delta->toCbor());
        QVERIFY(back.ok());
        QCOMPARE(back->limits, delta->limits);
        // A hostile reply's limits are refused whole; a center from before limits sends none.
        QCborMap reply = delta->toCbor().toMap();
        const QString longId(65, QLatin1Char('x'));
        for (const QCborValue &bad :
             {QCborValue(QStringLiteral("max-cash-in-hand=1")), QCborValue(QCborArray{1}),
              QCborValue(QCborArray{QCborArray{3, QString(), QStringLiteral("k"), QStringLiteral("v")}}),
              QCborValue(QCborArray{QCborArray{-1, QString(), QStringLiteral("k"), QStringLiteral("v")}}),
              QCborValue(QCborArray{QCborArray{0, QString(), QStringLiteral("k")}}),
              QCborValue(QCborArray{QCborArray{1, longId, QStringLiteral("k"), QStringLiteral("v")}}),
              QCborValue(QCborArray{QCborArray{0, QString(), 5, QStringLiteral("v")}})}) {
            reply.insert(QStringLiteral("limits"), bad);
            QVERIFY(!WireProtocol::WorklistDelta::fromCbor(reply).ok());
        }
        reply.remove(QStringLiteral("limits"));
        // So are its corrections: a wrong row, or more than a center sends.
        QCborArray tooMany;
        for (qsizetype i = 0; i <= WireProtocol::WorklistDelta::MaxCorrections; ++i)
            tooMany.append(PaymentCorrection::toCbor(
                               {PaymentCorrection{QStringLiteral("hh"), i + 1, QStringLiteral("a"), Money::fromFen(1),
                                                  QStringLiteral("r"), QStringLiteral("S"), 0}})
                               .first());
        for (const QCborValue &bad :
             {QCborValue(QStringLiteral("none")), QCborValue(QCborArray{QCborArray{1, 2}}), QCborValue(tooMany)}) {
            reply.insert(QStringLiteral("corrections"), bad);
            QVERIFY(!WireProtocol::WorklistDelta::fromCbor(reply).ok());
        }
        tooMany.removeLast();
        reply.insert(QStringLiteral("corrections"), tooMany);
        QCOMPARE(WireProtocol::WorklistDelta::fromCbor(reply)->corrections.size(),
                 WireProtocol::WorklistDelta::MaxCorrections);
        reply.remove(QStringLiteral("corrections"));
        const auto older = WireProtocol::WorklistDelta::fromCbor(reply);
        QVERIFY(older.ok());
        QVERIFY(older->limits.isEmpty());
        QVERIFY(older->corrections.isEmpty());
    }

    void importAndDeltas()
    {
        QTemporaryDir dir;
        const Extract x = writeExtract(dir.path(), 2, 5);
        CenterImport import(*m_center.store);
        auto first = import.run(x.accounts, x.bills, x.policy, x.collectors);
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
        QCOMPARE(first.value().accounts, 10);
        QCOMPARE(first.value().bills, 10);
        QCOMPARE(first.value().collectors, 2);
        const qint64 v1 = first.value().worklistVersion;
        QVERIFY(v1 > 0);

        auto full = m_center.store->worklistDelta(QStringLiteral("R1"), 0);
        QVERIFY(full.ok());
        QCOMPARE(full.value().accounts.size(), 5);
        QCOMPARE(full.value().bills.size(), 5);
        QCOMPARE(full.value().accounts.first().name, QStringLiteral("Customer 0, Jr."));
        QCOMPARE(full.value().bills.first().amount, Money::fromFen(BillFen));
        QVERIFY(full.value().removedAccounts.isEmpty());
        bool hasUtility = false;
        for (const auto &kv : full.value().settings)
            hasUtility =
                hasUtility || (kv.first == QLatin1String("M.utility") && kv.second == QLatin1String("Test Power Co."));
        QVERIFY(hasUtility);

        // The same extract again changes nothing.
        auto same = import.run(x.accounts, x.bills, x.policy, x.collectors);
        QVERIFY(same.ok());
        QCOMPARE(same.value().changed, 0);
        QCOMPARE(same.value().worklistVersion, v1);
        QVERIFY(m_center.store->worklistDelta(QStringLiteral("R1"), v1).value().accounts.isEmpty());

        // Account 2 of R1 leaves, account 3 moves to R2, bill of account 4 is paid at the bank.
        QFile af(x.accounts);
        QVERIFY(af.open(QIODevice::ReadOnly));
        QByteArray accounts = af.readAll();
        af.close();
        QList<QByteArray> lines = accounts.split('\n');
        lines.removeIf([](const QByteArray &l) { return l.startsWith("0010000002,"); });
        for (QByteArray &l : lines) {
            if (l.startsWith("0010000003,R1"))
                l.replace("0010000003,R1", "0010000003,R2");
        }
        write(x.accounts, lines.join('\n'));
        QFile bf(x.bills);
        QVERIFY(bf.open(QIODevice::ReadOnly));
        QByteArray bills = bf.readAll();
        bf.close();
        QList<QByteArray> blines = bills.split('\n');
        blines.removeIf([](const QByteArray &l) { return l.startsWith("B1-2,"); });
        for (QByteArray &l : blines) {
            if (l.startsWith("B1-4,"))
                l = "B1-4,0010000004,2026-10,123.45,2026-10-20,123.45";
        }
        write(x.bills, blines.join('\n'));
        auto second = import.run(x.accounts, x.bills, x.policy, x.collectors);
        QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.error().message));
        const qint64 v2 = second.value().worklistVersion;
        QVERIFY(v2 > v1);

        auto r1 = m_center.store->worklistDelta(QStringLiteral("R1"), v1);
        QVERIFY(r1.ok());
        QCOMPARE(r1.value().version, v2);
        QStringList removedAccounts = r1.value().removedAccounts;
        removedAccounts.sort();
        QCOMPARE(removedAccounts, (QStringList{QStringLiteral("0010000002"), QStringLiteral("0010000003")}));
        QStringList removedBills = r1.value().removedBills;
        removedBills.sort();
        QCOMPARE(removedBills, (QStringList{QStringLiteral("B1-2"), QStringLiteral("B1-3"), QStringLiteral("B1-4")}));
        auto r2 = m_center.store->worklistDelta(QStringLiteral("R2"), v1);
        QCOMPARE(r2.value().accounts.size(), 1);
        QCOMPARE(r2.value().accounts.first().number, QStringLiteral("0010000003"));
        QCOMPARE(r2.value().bills.size(), 1);
        // A full download no longer holds what was removed.
        QCOMPARE(m_center.store->worklistDelta(QStringLiteral("R1"), 0).value().accounts.size(), 3);
        QCOMPARE(m_center.store->worklistDelta(QStringLiteral("R1"), 0).value().bills.size(), 2);
    }

    void worklistVersionsArePerRoute()
    {
        QTemporaryDir dir;
        const Extract x = writeExtract(dir.path(), 2, 3);
        CenterImport import(*m_center.store);
        QVERIFY(import.run(x.accounts, x.bills, x.policy, x.collectors).ok());
        for (const char *route : {"R1", "R2"}) {
            const QString device = QStringLiteral("hh-") + QLatin1String(route);
            auto code = m_center.store->createEnrolmentCode(device, QLatin1String(route), 1000);
            QVERIFY(code.ok());
            QVERIFY(m_center.store->enrol(WireProtocol::EnrolRequest{code.value(), QByteArray(32, route[1])}, {}).ok());
        }
        const auto announced = [this](const char *device) {
            return m_center.store->commandsFor(QLatin1String(device), 0).value().worklistVersion;
        };
        const qint64 r1 = announced("hh-R1");
        const qint64 r2 = announced("hh-R2");
        QVERIFY(r1 > 0 && r2 > 0);

        // A bill of R1 paid at the bank: R1's terminals fetch, R2's are left alone.
        QFile bf(x.bills);
        QVERIFY(bf.open(QIODevice::ReadOnly));
        QList<QByteArray> lines = bf.readAll().split('\n');
        bf.close();
        for (QByteArray &l : lines) {
            if (l.startsWith("B1-1,"))
                l = "B1-1,0010000001,2026-10,123.45,2026-10-20,100.00";
        }
        write(x.bills, lines.join('\n'));
        QVERIFY(import.run(x.accounts, x.bills, x.policy, x.collectors).ok());
        QVERIFY(announced("hh-R1") > r1);
        QCOMPARE(announced("hh-R2"), r2);
        const qint64 stamped = m_center.store->worklistVersion().value();
        QCOMPARE(announced("hh-R1"), stamped);
        // R2's delta since its version is empty and keeps it; a terminal holding a later stamp
        // (another route's, an older release's global one) is not sent backwards or sent all.
        auto nothing = m_center.store->worklistDelta(QStringLiteral("R2"), r2);
        QVERIFY(nothing.ok());
        QCOMPARE(nothing.value().version, r2);
        QVERIFY(nothing.value().accounts.isEmpty() && nothing.value().bills.isEmpty());
        auto later = m_center.store->worklistDelta(QStringLiteral("R2"), stamped);
        QCOMPARE(later.value().version, stamped);
        QVERIFY(later.value().accounts.isEmpty());
        auto r1Delta = m_center.store->worklistDelta(QStringLiteral("R1"), r1);
        QCOMPARE(r1Delta.value().version, stamped);
        QCOMPARE(r1Delta.value().bills.size(), 1);
        // A device ahead of every stamp (a center restored from backup) gets its route whole.
        auto restored = m_center.store->worklistDelta(QStringLiteral("R2"), stamped + 1000);
        QCOMPARE(restored.value().since, 0);
        QCOMPARE(restored.value().accounts.size(), 3);

        // Limits for every terminal move every route.
        QVERIFY(m_center.store
                    ->setExposureRules(ExposureRule::Scope::All, QString(),
                                       {{QStringLiteral("max-cash-in-hand"), QStringLiteral("5000")}})
                    .ok());
        QVERIFY(announced("hh-R1") > stamped);
        QVERIFY(announced("hh-R2") > stamped);
        QCOMPARE(announced("hh-R2"), m_center.store->worklistVersion().value());
    }

    void importErrorsNameLineAndFieldAndChangeNothing_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad amount") << QStringLiteral("bills")
                                    << QByteArray(
                                           "id,account,period,amount,due_date,paid\nB1-0,0010000000,2026-10,12.345,"
                                           "2026-10-20,0\n")
                                    << QStringLiteral("bills.csv line 2, field 4 (amount)");
        QTest::newRow("bad date") << QStringLiteral("bills")
                                  << QByteArray("id,account,period,amount,due_date,paid\nB1-0,0010000000,2026-10,12.34,"
                                                "2026-13-20,0\n")
                                  << QStringLiteral("bills.csv line 2, field 5 (due_date)");
        QTest::newRow("unknown account") << QStringLiteral("bills")
                                         << QByteArray(
                                                "id,account,period,amount,due_date,paid\nB9,0090000000,2026-10,1,"
                                                "2026-10-20,0\n")
                                         << QStringLiteral("bills.csv line 2, field 2 (account)");
        QTest::newRow("paid over amount")
            << QStringLiteral("bills")
            << QByteArray("id,account,period,amount,due_date,paid\nB1-0,0010000000,2026-10,"
                          "1.00,2026-10-20,2.00\n")
            << QStringLiteral("bills.csv line 2, field 6 (paid)");
        QTest::newRow("bad account number")
            << QStringLiteral("accounts")
            << QByteArray("number,route,name,address,village,walk_order,meter,class,phone,"
                          "prepaid\n12AB,R1,N,A,V,1,M,residential,,0\n")
            << QStringLiteral("accounts.csv line 2, field 1 (number)");
        QTest::newRow("unknown class") << QStringLiteral("accounts")
                                       << QByteArray("number,route,name,address,village,walk_order,meter,class,phone,"
                                                     "prepaid\n0010000000,R1,N,A,V,1,M,royal,,0\n")
                                       << QStringLiteral("accounts.csv line 2, field 8 (class)");
        QTest::newRow("missing column") << QStringLiteral("accounts")
                                        << QByteArray("number,route,name\n0010000000,R1,N\n")
                                        << QStringLiteral("accounts.csv line 1: column \"address\" is missing");
        QTest::newRow("short row") << QStringLiteral("accounts")
                                   << QByteArray(
                                          "number,route,name,address,village,walk_order,meter,class,phone,prepaid\n"
                                          "0010000000,R1\n")
                                   << QStringLiteral("accounts.csv line 2: 2 fields");
        QTest::newRow("open quote") << QStringLiteral("accounts")
                                    << QByteArray(
                                           "number,route,name,address,village,walk_order,meter,class,phone,prepaid\n"
                                           "0010000000,R1,\"N,A,V,1,M,residential,,0\n")
                                    << QStringLiteral("accounts.csv line 2: a quoted field is not closed");
        QTest::newRow("bad policy") << QStringLiteral("policy") << QByteArray("key,value\nrounding,sideways\n")
                                    << QStringLiteral("policy.csv line 2");
        QTest::newRow("bad check digit") << QStringLiteral("policy") << QByteArray("key,value\ncheck-digit,crc\n")
                                         << QStringLiteral("policy.csv line 2, field 2 (value)");
    }

    void importErrorsNameLineAndFieldAndChangeNothing()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const Extract x = writeExtract(dir.path(), 1, 3);
        CenterImport import(*m_center.store);
        QVERIFY(import.run(x.accounts, x.bills, x.policy).ok());
        const qint64 version = m_center.store->worklistVersion().value();
        const qint64 accounts = count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM accounts"));
        // Replace one file with a broken one, and append a valid-looking change to another so a
        // half-applied import would show.
        write(file == QLatin1String("bills")      ? x.bills
              : file == QLatin1String("accounts") ? x.accounts
                                                  : x.policy,
              content);
        auto r = import.run(x.accounts, x.bills, x.policy);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(expected), qPrintable(r.error().message));
        QCOMPARE(m_center.store->worklistVersion().value(), version);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM accounts")), accounts);
        QCOMPARE(count(*m_center.db, QStringLiteral("SELECT COUNT(*) FROM worklist_removals")), 0);
    }

    void commandsAndRoster()
    {
        auto code = m_center.store->createEnrolmentCode(QStringLiteral("hh-09"), QStringLiteral("R1"), 1000);
        QVERIFY(m_center.store->enrol(WireProtocol::EnrolRequest{code.value(), QByteArray(32, 'k')}, {}).ok());
        auto id = m_center.store->issueCommand(QStringLiteral("hh-09"), QStringLiteral("lock"));
        QVERIFY(id.ok());
        QVERIFY(!m_center.store->issueCommand(QStringLiteral("hh-09"), QStringLiteral("explode")).ok());
        auto reply = m_center.store->commandsFor(QStringLiteral("hh-09"), 0);
        QVERIFY(reply.ok());
        QCOMPARE(reply.value().commands.size(), 1);
        QCOMPARE(reply.value().commands.first().kind, QStringLiteral("lock"));
        QCOMPARE(reply.value().serverTimeMs, m_now);
        QVERIFY(m_center.store->acknowledgeCommand(QStringLiteral("hh-09"), {id.value(), 0}).ok());
        QVERIFY(m_center.store->commandsFor(QStringLiteral("hh-09"), 0).value().commands.isEmpty());
        QCOMPARE(m_center.store->device(QStringLiteral("hh-09")).value()->lockSeq, std::optional<qint64>(0));
        // Someone else's command cannot be acknowledged.
        QVERIFY(!m_center.store->acknowledgeCommand(QStringLiteral("other"), {id.value(), 0}).ok());
    }
};

QTEST_GUILESS_MAIN(TestCenterStore)
#include "tst_centerstore.moc"
