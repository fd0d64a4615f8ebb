// Dates and times on screen: the device's zone (as the receipts print) and ISO order in every
// language, whatever the machine's own zone and the language chosen.
#include <QLocale>
#include <QTest>
#include <QTimeZone>

#include "localtime.h"
#include "syncservice.h"

class TestLocalTime : public QObject
{
    Q_OBJECT

private slots:
    void shown_data();
    void shown();
};

void TestLocalTime::shown_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
}

void TestLocalTime::shown()
{
    QFETCH(QString, language);
    const QLocale before;
    QLocale::setDefault(QLocale(language));
    // 6 Dec 2026 01:06 UTC is 09:06 in China: what the collector's watch says.
    const QDateTime synced(QDate(2026, 12, 6), QTime(1, 6), QTimeZone::utc());
    const qint64 ms = synced.toMSecsSinceEpoch();
    QCOMPARE(LocalTime::dateTime(ms), QStringLiteral("2026-12-06 09:06"));
    QCOMPARE(LocalTime::time(ms), QStringLiteral("09:06"));
    QCOMPARE(LocalTime::date(QDate(2026, 12, 6)), QStringLiteral("2026-12-06"));
    // Late in the UTC evening it is already the next morning on the device.
    QCOMPARE(LocalTime::dateTime(QDateTime(QDate(2026, 12, 6), QTime(17, 30), QTimeZone::utc()).toMSecsSinceEpoch()),
             QStringLiteral("2026-12-07 01:30"));
    // The sync screen says the same time as everything else, not the system's zone.
    const QString text = SyncService::describeLastSync(synced);
    QVERIFY2(text.contains(QStringLiteral("2026-12-06 09:06")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("AM")) && !text.contains(QStringLiteral("12/6/26")), qPrintable(text));
    QVERIFY(!SyncService::describeLastSync(QDateTime()).isEmpty());
    QLocale::setDefault(before);
}

QTEST_MAIN(TestLocalTime)
#include "tst_localtime.moc"
