#pragma once

// A desk for the app's unit tests: a data folder with the two-account test route, the demo
// roster (collector C01 PIN 1234, supervisor S01 PIN 9999), a login and an open shift. Each
// helper checks its own steps with QVERIFY; a caller stops when QTest::currentTestFailed().
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "deskservice.h"
#include "journal.h"
#include "paymentcontroller.h"
#include "routeservice.h"
#include "shiftcontroller.h"
#include "testworklist.h"

namespace DeskFixture {

constexpr int Wait = 10000;

inline DeskService::Config config(const QString &dataDir)
{
    DeskService::Config c;
    c.dataDir = dataDir;
    c.demo = true;
    c.pinIterations = 1000; // the demo roster's hashes: fast in tests, the format is the same
    return c;
}

/// A data folder named after the running test, under `root`, with the test route imported.
inline QString prepare(const QTemporaryDir &root)
{
    const QString data = root.filePath(QLatin1String(QTest::currentTestFunction()));
    [&] {
        QVERIFY(QDir().mkpath(data));
        const QString worklist = root.filePath(QStringLiteral("route.worklist"));
        QVERIFY(writeTestWorklist(worklist));
        RouteService route(QDir(data).filePath(QStringLiteral("route.sqlite")));
        QSignalSpy changed(&route, &RouteService::routeChanged);
        route.importWorklist(worklist);
        QVERIFY(changed.wait(Wait));
        QCOMPARE(route.accountCount(), 2);
    }();
    return data;
}

inline void openDesk(DeskService &desk)
{
    QSignalSpy state(&desk, &DeskService::stateChanged);
    desk.open();
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy() && state.count() > 0, 2 * Wait);
}

inline void login(DeskService &desk)
{
    desk.login(QStringLiteral("C01"), QStringLiteral("1234"));
    QTRY_VERIFY_WITH_TIMEOUT(!desk.isBusy(), Wait);
    QVERIFY2(desk.error().isEmpty(), qPrintable(desk.error()));
    QCOMPARE(desk.collectorId(), QStringLiteral("C01"));
}

/// Opened, logged in as C01, a shift open with `openingFloat`.
inline void startShift(DeskService &desk, const QString &openingFloat = QStringLiteral("200"))
{
    openDesk(desk);
    QVERIFY2(desk.isReady(), qPrintable(desk.fault()));
    login(desk);
    ShiftController shift;
    shift.setDesk(&desk);
    QSignalSpy opened(&shift, &ShiftController::opened);
    shift.openShift(openingFloat);
    QVERIFY2(opened.wait(Wait), qPrintable(shift.error()));
    QTRY_VERIFY_WITH_TIMEOUT(desk.isShiftOpen(), Wait);
}

/// A payment as the payment screen takes it; its seq (0 if refused).
inline qint64 pay(DeskService &desk, const QString &account, const QString &amount, PaymentMethod method,
                  const QString &tendered = QString(), const QString &reference = QString())
{
    PaymentController payment;
    payment.setDesk(&desk);
    QSignalSpy paid(&payment, &PaymentController::paid);
    payment.takePayment(account, amount, int(method), tendered, reference);
    [&] { QVERIFY2(paid.wait(Wait), qPrintable(payment.error())); }();
    return paid.isEmpty() ? 0 : paid.first().at(3).toLongLong();
}

/// The journal as a separate reader sees it.
inline std::unique_ptr<Journal> readJournal(const QString &dataDir)
{
    const auto key = DeviceKey::loadOrCreate(QDir(dataDir).filePath(QStringLiteral("device.key")));
    if (!key.ok())
        return nullptr;
    auto journal = std::make_unique<Journal>(QDir(dataDir).filePath(QStringLiteral("journal.sqlite")),
                                             QStringLiteral("D0001"), key.value());
    return journal->open().ok() ? std::move(journal) : nullptr;
}

} // namespace DeskFixture
