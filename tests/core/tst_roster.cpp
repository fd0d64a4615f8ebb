#include <QCborMap>
#include <QCborValue>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "roster.h"

namespace {
constexpr int FastIterations = PinHash::MinIterations; // tests only; the default is 210,000

// Computed independently (Python hashlib.pbkdf2_hmac('sha256', b'2580', bytes(range(16)), 1000)).
const QString PythonHashOf2580 =
    QStringLiteral("pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$hdqJm5mLWbCO0Uw/jpVW0QJQAgZLbTYOjkTs67KHQ20=");

QString fastHash(const QString &pin)
{
    auto h = PinHash::hash(pin, FastIterations);
    if (!h)
        qFatal("hash failed: %s", qPrintable(h.error().message));
    return *h;
}

Collector person(const QString &id, Role role, const QString &pin)
{
    return Collector{id, QStringLiteral("Name of ") + id, role, fastHash(pin)};
}
} // namespace

class TestRoster : public QObject
{
    Q_OBJECT

private slots:
    void passwordsHashLikePinsWithTheirOwnPolicy()
    {
        const QString password = QStringLiteral("收费站 correct horse 7");
        const auto h = PasswordHash::hash(password, FastIterations);
        QVERIFY(h.ok());
        QVERIFY(h.value().startsWith(QStringLiteral("pbkdf2-sha256$1000$")));
        QVERIFY(!h.value().contains(password));
        QCOMPARE(PasswordHash::verify(password, h.value()).value(), true);
        QCOMPARE(PasswordHash::verify(QString(password + u'!'), h.value()).value(), false);
        QCOMPARE(PasswordHash::verify(QStringLiteral("short"), h.value()).value(), false);
        QVERIFY(PasswordHash::hash(password, FastIterations).value() != h.value()); // a new salt each time
        QVERIFY(PinHash::checkEncoding(h.value()).ok());                            // one encoding for both
        for (const QString &bad :
             {QString(11, u'x'), QString(257, u'x'), QStringLiteral("twelve chars\nplus"), QString()}) {
            const auto refused = PasswordHash::hash(bad, FastIterations);
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().code, QStringLiteral("password.policy"));
        }
        QCOMPARE(PasswordHash::hash(password, 10).error().code, QStringLiteral("password.iterations"));
        QVERIFY(!PasswordHash::verify(password, QStringLiteral("plain")).ok());
        QCOMPARE(PasswordHash::DefaultIterations, 600'000);
    }

    void pinFormat_data()
    {
        QTest::addColumn<QString>("pin");
        QTest::addColumn<bool>("ok");
        QTest::newRow("4 digits") << QStringLiteral("0000") << true;
        QTest::newRow("8 digits") << QStringLiteral("12345678") << true;
        QTest::newRow("6 digits") << QStringLiteral("902113") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("3 digits") << QStringLiteral("123") << false;
        QTest::newRow("9 digits") << QStringLiteral("123456789") << false;
        QTest::newRow("letter") << QStringLiteral("12a4") << false;
        QTest::newRow("leading space") << QStringLiteral(" 1234") << false;
        QTest::newRow("inner space") << QStringLiteral("12 34") << false;
        QTest::newRow("sign") << QStringLiteral("-1234") << false;
        QTest::newRow("full-width digits") << QString::fromUtf8("１２３４") << false;
        QTest::newRow("arabic-indic digits") << QString::fromUtf8("١٢٣٤") << false;
        QTest::newRow("nul") << QString::fromLatin1("12\0"
                                                    "34",
                                                    5)
                             << false;
    }
    void pinFormat()
    {
        QFETCH(QString, pin);
        QFETCH(bool, ok);
        const Status st = PinHash::checkFormat(pin);
        QCOMPARE(st.ok(), ok);
        if (!ok) {
            QCOMPARE(st.error().code, QStringLiteral("pin.format"));
            QVERIFY(!st.error().message.isEmpty());
            const auto h = PinHash::hash(pin, FastIterations);
            QVERIFY(!h.ok());
            QCOMPARE(h.error().code, QStringLiteral("pin.format"));
        }
    }

    void hashRoundTrip()
    {
        const QString h = fastHash(QStringLiteral("2580"));
        QVERIFY(h.startsWith(QStringLiteral("pbkdf2-sha256$1000$")));
        QCOMPARE(PinHash::verify(QStringLiteral("2580"), h).value(), true);
        QCOMPARE(PinHash::verify(QStringLiteral("2581"), h).value(), false);
        QCOMPARE(PinHash::verify(QStringLiteral("25800"), h).value(), false);
        QCOMPARE(PinHash::verify(QStringLiteral("abc"), h).value(), false);
    }

    void saltIsRandom()
    {
        const QString a = fastHash(QStringLiteral("2580"));
        const QString b = fastHash(QStringLiteral("2580"));
        QVERIFY(a != b);
        QCOMPARE(a.split(QLatin1Char('$')).at(2).size(), 24); // 16 bytes in base64
    }

    void matchesIndependentImplementation()
    {
        QCOMPARE(PinHash::verify(QStringLiteral("2580"), PythonHashOf2580).value(), true);
        QCOMPARE(PinHash::verify(QStringLiteral("2850"), PythonHashOf2580).value(), false);
    }

    void iterationsAreReadFromTheString()
    {
        // Same salt and hash, claimed with one iteration more: must no longer match.
        QString tampered = PythonHashOf2580;
        tampered.replace(QStringLiteral("$1000$"), QStringLiteral("$1001$"));
        QCOMPARE(PinHash::verify(QStringLiteral("2580"), tampered).value(), false);
        const QString h = PinHash::hash(QStringLiteral("4711"), 2345).value();
        QVERIFY(h.startsWith(QStringLiteral("pbkdf2-sha256$2345$")));
        QCOMPARE(PinHash::verify(QStringLiteral("4711"), h).value(), true);
    }

    void defaultIterations()
    {
        const QString h = PinHash::hash(QStringLiteral("13579")).value();
        QCOMPARE(h.split(QLatin1Char('$')).at(1), QStringLiteral("210000"));
        QCOMPARE(PinHash::verify(QStringLiteral("13579"), h).value(), true);
    }

    void iterationBounds_data()
    {
        QTest::addColumn<int>("iterations");
        QTest::newRow("zero") << 0;
        QTest::newRow("negative") << -5;
        QTest::newRow("below minimum") << PinHash::MinIterations - 1;
        QTest::newRow("above maximum") << PinHash::MaxIterations + 1;
    }
    void iterationBounds()
    {
        QFETCH(int, iterations);
        const auto h = PinHash::hash(QStringLiteral("1234"), iterations);
        QVERIFY(!h.ok());
        QCOMPARE(h.error().code, QStringLiteral("pin.iterations"));
    }

    void malformedHash_data()
    {
        QTest::addColumn<QString>("encoded");
        const QString salt = QStringLiteral("AAECAwQFBgcICQoLDA0ODw==");
        const QString hash = QStringLiteral("hdqJm5mLWbCO0Uw/jpVW0QJQAgZLbTYOjkTs67KHQ20=");
        const auto make = [](const QString &scheme, const QString &iter, const QString &s,
                             const QString &h) -> QString {
            return scheme + QLatin1Char('$') + iter + QLatin1Char('$') + s + QLatin1Char('$') + h;
        };
        const QString scheme = QStringLiteral("pbkdf2-sha256");
        QTest::newRow("empty") << QString();
        QTest::newRow("plain text pin") << QStringLiteral("2580");
        QTest::newRow("three fields") << scheme + QStringLiteral("$1000$") + salt;
        QTest::newRow("five fields") << make(scheme, QStringLiteral("1000"), salt, hash) + QStringLiteral("$x");
        QTest::newRow("other scheme") << make(QStringLiteral("pbkdf2-sha1"), QStringLiteral("1000"), salt, hash);
        QTest::newRow("uppercase scheme") << make(QStringLiteral("PBKDF2-SHA256"), QStringLiteral("1000"), salt, hash);
        QTest::newRow("iterations empty") << make(scheme, QString(), salt, hash);
        QTest::newRow("iterations zero") << make(scheme, QStringLiteral("0"), salt, hash);
        QTest::newRow("iterations leading zero") << make(scheme, QStringLiteral("01000"), salt, hash);
        QTest::newRow("iterations plus") << make(scheme, QStringLiteral("+1000"), salt, hash);
        QTest::newRow("iterations negative") << make(scheme, QStringLiteral("-1000"), salt, hash);
        QTest::newRow("iterations space") << make(scheme, QStringLiteral(" 1000"), salt, hash);
        QTest::newRow("iterations too few") << make(scheme, QStringLiteral("999"), salt, hash);
        QTest::newRow("iterations hostile") << make(scheme, QStringLiteral("99999999"), salt, hash);
        QTest::newRow("iterations overflow") << make(scheme, QStringLiteral("99999999999999999999"), salt, hash);
        QTest::newRow("salt empty") << make(scheme, QStringLiteral("1000"), QString(), hash);
        QTest::newRow("salt short") << make(scheme, QStringLiteral("1000"), QStringLiteral("AAECAwQFBgc="), hash);
        QTest::newRow("salt not base64") << make(scheme, QStringLiteral("1000"),
                                                 QStringLiteral("AAEC*wQFBgcICQoLDA0ODw=="), hash);
        QTest::newRow("salt unpadded") << make(scheme, QStringLiteral("1000"), QStringLiteral("AAECAwQFBgcICQoLDA0ODw"),
                                               hash);
        QTest::newRow("salt non-ascii") << make(scheme, QStringLiteral("1000"),
                                                QString::fromUtf8("ÄAECAwQFBgcICQoLDA0ODw=="), hash);
        QTest::newRow("hash short") << make(scheme, QStringLiteral("1000"), salt,
                                            QStringLiteral("hdqJm5mLWbCO0Uw/jpVW0Q=="));
        QTest::newRow("hash long") << make(scheme, QStringLiteral("1000"), salt,
                                           hash.left(43) + QStringLiteral("AAAA"));
        QTest::newRow("hash not base64") << make(scheme, QStringLiteral("1000"), salt,
                                                 QStringLiteral("hdqJm5mLWbCO0Uw/jpVW0QJQAgZLbTYOjkTs67KHQ2!="));
    }
    void malformedHash()
    {
        QFETCH(QString, encoded);
        const auto r = PinHash::verify(QStringLiteral("2580"), encoded);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("pin.hash-malformed"));
        QVERIFY(!PinHash::checkEncoding(encoded).ok());

        Roster roster;
        const Status st =
            roster.upsert(Collector{QStringLiteral("c1"), QStringLiteral("Li"), Role::Collector, encoded});
        QVERIFY(!st.ok());
        QCOMPARE(roster.size(), 0);
    }

    void upsertRefusals_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("code");
        QTest::newRow("empty id") << QString() << QStringLiteral("Li") << QStringLiteral("roster.bad-id");
        QTest::newRow("blank id") << QStringLiteral("  ") << QStringLiteral("Li") << QStringLiteral("roster.bad-id");
        QTest::newRow("padded id") << QStringLiteral(" c1") << QStringLiteral("Li") << QStringLiteral("roster.bad-id");
        QTest::newRow("empty name") << QStringLiteral("c1") << QString() << QStringLiteral("roster.bad-name");
    }
    void upsertRefusals()
    {
        QFETCH(QString, id);
        QFETCH(QString, name);
        QFETCH(QString, code);
        Roster roster;
        const Status st = roster.upsert(Collector{id, name, Role::Collector, fastHash(QStringLiteral("1234"))});
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, code);
        QCOMPARE(roster.size(), 0);
    }

    void upsertReplacesById()
    {
        Roster roster;
        QVERIFY(roster.upsert(person(QStringLiteral("c1"), Role::Collector, QStringLiteral("1111"))).ok());
        QVERIFY(roster.upsert(person(QStringLiteral("c1"), Role::Supervisor, QStringLiteral("2222"))).ok());
        QCOMPARE(roster.size(), 1);
        QCOMPARE(roster.find(QStringLiteral("c1"))->role, Role::Supervisor);
        QVERIFY(!roster.authenticate(QStringLiteral("c1"), QStringLiteral("1111")).ok());
        QVERIFY(roster.authenticate(QStringLiteral("c1"), QStringLiteral("2222")).ok());
        QVERIFY(roster.remove(QStringLiteral("c1")));
        QVERIFY(!roster.remove(QStringLiteral("c1")));
        QCOMPARE(roster.size(), 0);
    }

    void authenticate_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("pin");
        QTest::addColumn<bool>("asSupervisor");
        QTest::addColumn<QString>("code"); // empty: success
        QTest::newRow("collector ok") << QStringLiteral("wang") << QStringLiteral("1357") << false << QString();
        QTest::newRow("supervisor ok") << QStringLiteral("zhao") << QStringLiteral("864209") << false << QString();
        QTest::newRow("supervisor as supervisor")
            << QStringLiteral("zhao") << QStringLiteral("864209") << true << QString();
        QTest::newRow("wrong pin") << QStringLiteral("wang") << QStringLiteral("1358") << false
                                   << QStringLiteral("roster.wrong-pin");
        QTest::newRow("other's pin") << QStringLiteral("wang") << QStringLiteral("864209") << false
                                     << QStringLiteral("roster.wrong-pin");
        QTest::newRow("unknown id") << QStringLiteral("liu") << QStringLiteral("1357") << false
                                    << QStringLiteral("roster.unknown");
        QTest::newRow("empty id") << QString() << QStringLiteral("1357") << false << QStringLiteral("roster.unknown");
        QTest::newRow("malformed pin") << QStringLiteral("wang") << QStringLiteral("13 57") << false
                                       << QStringLiteral("pin.format");
        QTest::newRow("collector as supervisor")
            << QStringLiteral("wang") << QStringLiteral("1357") << true << QStringLiteral("roster.not-supervisor");
        QTest::newRow("supervisor wrong pin")
            << QStringLiteral("zhao") << QStringLiteral("864200") << true << QStringLiteral("roster.wrong-pin");
        QTest::newRow("unknown as supervisor")
            << QStringLiteral("liu") << QStringLiteral("1357") << true << QStringLiteral("roster.unknown");
    }
    void authenticate()
    {
        QFETCH(QString, id);
        QFETCH(QString, pin);
        QFETCH(bool, asSupervisor);
        QFETCH(QString, code);
        Roster roster;
        QVERIFY(roster.upsert(person(QStringLiteral("wang"), Role::Collector, QStringLiteral("1357"))).ok());
        QVERIFY(roster.upsert(person(QStringLiteral("zhao"), Role::Supervisor, QStringLiteral("864209"))).ok());
        const auto r = asSupervisor ? roster.authenticateSupervisor(id, pin) : roster.authenticate(id, pin);
        if (code.isEmpty()) {
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
            QCOMPARE(r->id, id);
        } else {
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, code);
            QVERIFY(!r.error().message.isEmpty());
        }
    }

    void cborRoundTrip()
    {
        Roster roster;
        QVERIFY(roster.upsert(person(QStringLiteral("wang"), Role::Collector, QStringLiteral("1357"))).ok());
        QVERIFY(roster.upsert(person(QStringLiteral("zhao"), Role::Supervisor, QStringLiteral("864209"))).ok());
        const auto back = Roster::fromCbor(roster.toCbor());
        QVERIFY(back.ok());
        QCOMPARE(back->collectors(), roster.collectors());
        QVERIFY(back->authenticateSupervisor(QStringLiteral("zhao"), QStringLiteral("864209")).ok());
    }

    void cborRefusedWhole_data()
    {
        QTest::addColumn<int>("mutation");
        QTest::newRow("element not a map") << 0;
        QTest::newRow("missing pin hash") << 1;
        QTest::newRow("role unknown") << 2;
        QTest::newRow("id not text") << 3;
        QTest::newRow("duplicate id") << 4;
        QTest::newRow("malformed pin hash") << 5;
        QTest::newRow("extra field") << 6;
    }
    void cborRefusedWhole()
    {
        QFETCH(int, mutation);
        Roster roster;
        QVERIFY(roster.upsert(person(QStringLiteral("wang"), Role::Collector, QStringLiteral("1357"))).ok());
        QVERIFY(roster.upsert(person(QStringLiteral("zhao"), Role::Supervisor, QStringLiteral("864209"))).ok());
        QCborArray array = roster.toCbor();
        QCborMap second = array.at(1).toMap();
        switch (mutation) {
        case 0:
            array[1] = QStringLiteral("zhao");
            break;
        case 1:
            second.remove(4);
            break;
        case 2:
            second[3] = QStringLiteral("boss");
            break;
        case 3:
            second[1] = 42;
            break;
        case 4:
            second[1] = QStringLiteral("wang");
            break;
        case 5:
            second[4] = QStringLiteral("pbkdf2-sha256$1000$x$y");
            break;
        case 6:
            second[5] = QStringLiteral("extra");
            break;
        }
        if (mutation != 0)
            array[1] = second;
        const auto r = Roster::fromCbor(array);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("roster.malformed"));
        QVERIFY(r.error().message.contains(QLatin1Char('2'))); // names the element
    }
    void fileRoundTripAndNoFileYet()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString path = tmp.filePath(QStringLiteral("roster.cbor"));
        const auto none = Roster::load(path); // a terminal before enrolment
        QVERIFY(none.ok());
        QCOMPARE(none->size(), 0);
        Roster roster;
        QVERIFY(roster.upsert(person(QStringLiteral("wang"), Role::Collector, QStringLiteral("1357"))).ok());
        QVERIFY(roster.save(path).ok());
        const auto back = Roster::load(path);
        QVERIFY(back.ok());
        QCOMPARE(back->collectors(), roster.collectors());
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files), QStringList{QStringLiteral("roster.cbor")}); // no temp left
    }

    void damagedFileRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not cbor") << QByteArray("\xff\xff\x00garbage");
        QTest::newRow("cbor, not an array") << QCborValue(QStringLiteral("roster")).toCbor();
        QTest::newRow("an element not a map") << QCborValue(QCborArray{42}).toCbor();
        QCborArray good;
        good.append(QCborMap{{1, QStringLiteral("wang")},
                             {2, QStringLiteral("Wang")},
                             {3, QStringLiteral("collector")},
                             {4, fastHash(QStringLiteral("1357"))}});
        QTest::newRow("cut short") << QCborValue(good).toCbor().chopped(7);
        QTest::newRow("oversized") << QByteArray(5 * 1024 * 1024, '\x80');
    }
    void damagedFileRefused()
    {
        QFETCH(QByteArray, bytes);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString path = tmp.filePath(QStringLiteral("roster.cbor"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(bytes), bytes.size());
        f.close();
        const auto r = Roster::load(path);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("roster.damaged"));
        QVERIFY(!r.error().message.isEmpty());
    }

    void aSaveThatCannotWriteSaysSo()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        // A folder that is a file: refused even for root, which folder permissions do not stop.
        const QString notAFolder = tmp.filePath(QStringLiteral("data"));
        QFile f(notAFolder);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        Roster roster;
        QVERIFY(roster.upsert(person(QStringLiteral("zhao"), Role::Supervisor, QStringLiteral("864209"))).ok());
        const Status s = roster.save(notAFolder + QStringLiteral("/roster.cbor"));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("roster.write"));
        QVERIFY(s.error().message.contains(notAFolder));
    }
};

QTEST_GUILESS_MAIN(TestRoster)
#include "tst_roster.moc"
