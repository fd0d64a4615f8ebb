#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "centerdatabase.h"
#include "pgtestserver.h"

class TestCenterDatabase : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { CenterTestDb::addBackendRows(); }

    void parsesUrls_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("display");
        QTest::newRow("sqlite") << QStringLiteral("sqlite:/var/lib/doorstep/center.db") << true
                                << QStringLiteral("sqlite:/var/lib/doorstep/center.db");
        QTest::newRow("sqlite empty") << QStringLiteral("sqlite:") << false << QString();
        QTest::newRow("postgres") << QStringLiteral("postgresql://doorstep@127.0.0.1:5433/center") << true
                                  << QStringLiteral("postgresql://doorstep@127.0.0.1:5433/center");
        QTest::newRow("password hidden") << QStringLiteral("postgresql://u:secret@db:5432/c") << true
                                         << QStringLiteral("postgresql://u@db:5432/c");
        QTest::newRow("no database") << QStringLiteral("postgresql://u@127.0.0.1:5432/") << false << QString();
        QTest::newRow("mysql") << QStringLiteral("mysql://u@h/db") << false << QString();
        QTest::newRow("garbage") << QStringLiteral("center.db") << false << QString();
    }

    void parsesUrls()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QString, display);
        auto r = DatabaseUrl::parse(text);
        QCOMPARE(r.ok(), ok);
        if (ok)
            QCOMPARE(r.value().toDisplayString(), display);
        else
            QCOMPARE(r.error().code, QStringLiteral("center.db-url"));
    }

    void migratesOnceAndReopens()
    {
        QFETCH_GLOBAL(QString, backend);
        QTemporaryDir dir;
        auto url = CenterTestDb::freshUrl(backend, dir.path(), QStringLiteral("migrate"));
        QVERIFY2(url.ok(), qPrintable(url.ok() ? QString() : url.error().message));
        {
            CenterDatabase db(DatabaseUrl::parse(url.value()).value(), QStringLiteral("c1"));
            auto s = db.open();
            QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
            QCOMPARE(db.schemaVersion(), CenterDatabase::SchemaVersion);
            QVERIFY(db.exec(QStringLiteral("INSERT INTO settings (key, value, version) VALUES ('k', 'v', 1)")).ok());
        }
        {
            // Opening again applies nothing and keeps the data.
            CenterDatabase db(DatabaseUrl::parse(url.value()).value(), QStringLiteral("c2"));
            QVERIFY(db.open().ok());
            auto v = db.scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'k'"));
            QVERIFY(v.ok());
            QCOMPARE(v.value().toString(), QStringLiteral("v"));
            // A newer schema than this program knows is refused, not touched.
            QVERIFY(db.exec(QStringLiteral("UPDATE schema_version SET version = 99")).ok());
        }
        {
            CenterDatabase db(DatabaseUrl::parse(url.value()).value(), QStringLiteral("c3"));
            auto s = db.open();
            QVERIFY(!s.ok());
            QCOMPARE(s.error().code, QStringLiteral("center.schema-too-new"));
        }
    }

    void transactionRollsBackUnlessCommitted()
    {
        QFETCH_GLOBAL(QString, backend);
        QTemporaryDir dir;
        auto url = CenterTestDb::freshUrl(backend, dir.path(), QStringLiteral("tx"));
        QVERIFY(url.ok());
        CenterDatabase db(DatabaseUrl::parse(url.value()).value(), QStringLiteral("tx"));
        QVERIFY(db.open().ok());
        {
            CenterTransaction tx(db);
            QVERIFY(tx.begin().ok());
            QVERIFY(db.exec(QStringLiteral("INSERT INTO settings (key, value, version) VALUES ('a', 'b', 1)")).ok());
        }
        QVERIFY(!db.scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'a'")).value().isValid());
        {
            CenterTransaction tx(db);
            QVERIFY(tx.begin().ok());
            QVERIFY(db.exec(QStringLiteral("INSERT INTO settings (key, value, version) VALUES ('a', 'c', 1)")).ok());
            QVERIFY(tx.commit().ok());
        }
        QCOMPARE(db.scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'a'")).value().toString(),
                 QStringLiteral("c"));
        // A failing statement reports the driver's words.
        auto bad = db.exec(QStringLiteral("INSERT INTO nowhere VALUES (1)"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, QStringLiteral("center.storage"));
    }
};

QTEST_GUILESS_MAIN(TestCenterDatabase)
#include "tst_centerdatabase.moc"
