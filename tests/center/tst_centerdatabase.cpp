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
        QTest::newRow("primary and standby")
            << QStringLiteral("postgresql://u:pw@10.0.0.1:5432,10.0.0.2:5433/c?target_session_attrs=read-write") << true
            << QStringLiteral("postgresql://u@10.0.0.1:5432,10.0.0.2:5433/c?target_session_attrs=read-write");
        QTest::newRow("hosts, default port")
            << QStringLiteral("postgresql://u@a,b:6000/c") << true << QStringLiteral("postgresql://u@a:5432,b:6000/c");
        QTest::newRow("empty host in list") << QStringLiteral("postgresql://u@a:1,,b:2/c") << false << QString();
        QTest::newRow("bad port in list") << QStringLiteral("postgresql://u@a:1,b:x/c") << false << QString();
        QTest::newRow("user in list") << QStringLiteral("postgresql://u@a:1,v@b:2/c") << false << QString();
        QTest::newRow("many hosts") << QStringLiteral("postgresql://u@a,b,c,d,e,f,g,h,i/c") << false << QString();
        QTest::newRow("unknown session attrs")
            << QStringLiteral("postgresql://u@a:1/c?target_session_attrs=whatever") << false << QString();
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

    // Schema 8 brought the posting ledger: a center upgraded with payments already applied posts
    // each of them once, as it stands (voided and corrected ones not at all).
    void postingsAreMadeForPaymentsAppliedBeforeThem()
    {
        QFETCH_GLOBAL(QString, backend);
        QTemporaryDir dir;
        auto url = CenterTestDb::freshUrl(backend, dir.path(), QStringLiteral("postings"));
        QVERIFY(url.ok());
        {
            CenterDatabase db(DatabaseUrl::parse(url.value()).value(), QStringLiteral("p1"));
            QVERIFY(db.open().ok());
            // As schema 7 left it: no postings table, three payments in the books.
            const QString script =
                QStringLiteral("DROP TABLE postings;"
                               "DROP TABLE audit_log;"
                               "DROP TABLE tree_heads;"
                               "DROP TABLE exception_signoffs;"
                               "DROP TABLE desk_users;"
                               "DROP TABLE desk_audit;"
                               "DROP TABLE journal_archives;"
                               "DROP TABLE desk_sessions;"
                               "DROP TABLE route_branches;"
                               "DROP INDEX ledger_payments_account;"
                               "ALTER TABLE devices DROP COLUMN reported_head;"
                               "ALTER TABLE devices DROP COLUMN reported_oldest_ms;"
                               "ALTER TABLE devices DROP COLUMN reported_ms;"
                               "DELETE FROM counters WHERE name = 'all_routes_version';"
                               "DROP INDEX corrections_route_version;"
                               "DELETE FROM counters WHERE name = 'time_served';"
                               "ALTER TABLE bills DROP COLUMN extract_paid_fen;"
                               "DELETE FROM counters WHERE name = 'extract_imported_ms';"
                               "UPDATE schema_version SET version = 7;"
                               "INSERT INTO accounts VALUES ('A1', 'R1', 'n', 'a', 'v', 1, 'm', 'residential', "
                               "'', 0, 1, 1);"
                               "INSERT INTO ledger_payments VALUES ('d', 1, 'A1', 12000, 10000, 1500, NULL, NULL);"
                               "INSERT INTO ledger_lines VALUES ('d', 1, 'B1', 10000, 500);"
                               "INSERT INTO ledger_payments VALUES ('d', 2, 'A1', 100, 100, 0, 3, NULL);"
                               "INSERT INTO ledger_lines VALUES ('d', 2, 'B2', 100, 0);"
                               "INSERT INTO ledger_payments VALUES ('d', 4, 'A1', 200, 200, 0, NULL, 5);"
                               "INSERT INTO ledger_lines VALUES ('d', 4, 'B3', 200, 0)");
            for (const QString &statement : script.split(u';'))
                QVERIFY2(db.exec(statement).ok(), qPrintable(statement));
        }
        CenterDatabase db(DatabaseUrl::parse(url.value()).value(), QStringLiteral("p2"));
        QVERIFY(db.open().ok());
        QCOMPARE(db.schemaVersion(), CenterDatabase::SchemaVersion);
        auto q = db.exec(QStringLiteral("SELECT payment_seq, route, bill_id, part, amount_fen FROM postings ORDER "
                                        "BY part, bill_id"));
        QVERIFY(q.ok());
        QStringList rows;
        for (QSqlQuery r = std::move(q).value(); r.next();)
            rows << QStringLiteral("%1 %2 %3 %4 %5")
                        .arg(r.value(0).toLongLong())
                        .arg(r.value(1).toString(), r.value(2).toString(), r.value(3).toString())
                        .arg(r.value(4).toLongLong());
        QCOMPARE(rows, (QStringList{QStringLiteral("1 R1 B1 penalty 500"), QStringLiteral("1 R1  prepaid 1500"),
                                    QStringLiteral("1 R1 B1 principal 10000")}));
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
