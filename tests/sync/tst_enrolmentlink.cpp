// The enrolment QR code's text (EnrolmentLink): what the desk shows and a terminal's first-run
// screen reads from a scan. Round trips, and every malformed or hostile text refused in words.
#include <QTest>

#include "enrolmentlink.h"

class TestEnrolmentLink : public QObject
{
    Q_OBJECT

private slots:
    void roundTrips_data()
    {
        QTest::addColumn<QString>("center");
        QTest::addColumn<QString>("pin");
        QTest::newRow("http, no pin") << QStringLiteral("http://127.0.0.1:8080") << QString();
        QTest::newRow("https, pin") << QStringLiteral("https://pay.example.cn:8443/doorstep")
                                    << QStringLiteral(
                                           "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF");
    }
    void roundTrips()
    {
        QFETCH(QString, center);
        QFETCH(QString, pin);
        const EnrolmentLink link{center, QStringLiteral("7K2M9QXR4TV8BWN3"), pin};
        const QString text = link.toText();
        QVERIFY(text.startsWith(QLatin1String("doorstep-enrol:?center=")));
        QVERIFY(EnrolmentLink::looksLikeLink(text));
        QVERIFY(text.size() < 200);                                                                 // a small QR code
        const auto back = EnrolmentLink::parse(QStringLiteral("  ") + text + QStringLiteral("\n")); // as scanned
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
        QCOMPARE(back.value().center, center);
        QCOMPARE(back.value().code, link.code);
        QCOMPARE(back.value().pin, pin);
    }

    void refusesWhatIsNotALink_data()
    {
        QTest::addColumn<QString>("text");
        const QString pin = QString(64, QLatin1Char('a'));
        QTest::newRow("empty") << QString();
        QTest::newRow("an account number") << QStringLiteral("0100000042");
        QTest::newRow("another scheme") << QStringLiteral("https://example.cn/?center=x&code=ABCD");
        QTest::newRow("no query") << QStringLiteral("doorstep-enrol:center=http://a&code=ABCD");
        QTest::newRow("too long") << QStringLiteral("doorstep-enrol:?center=http://a&code=ABCD&x=") +
                                         QString(600, u'x');
        QTest::newRow("unknown key") << QStringLiteral("doorstep-enrol:?center=http%3A%2F%2Fa&code=ABCD&evil=1");
        QTest::newRow("repeated key") << QStringLiteral("doorstep-enrol:?center=http%3A%2F%2Fa&code=ABCD&code=EFGH");
        QTest::newRow("no equals") << QStringLiteral("doorstep-enrol:?center");
        QTest::newRow("no center") << QStringLiteral("doorstep-enrol:?code=ABCD");
        QTest::newRow("ftp center") << QStringLiteral("doorstep-enrol:?center=ftp%3A%2F%2Fa&code=ABCD");
        QTest::newRow("javascript center") << QStringLiteral("doorstep-enrol:?center=javascript%3Aalert(1)&code=ABCD");
        QTest::newRow("user in center") << QStringLiteral("doorstep-enrol:?center=http%3A%2F%2Fu%3Ap%40a&code=ABCD");
        QTest::newRow("query in center") << QStringLiteral(
            "doorstep-enrol:?center=http%3A%2F%2Fa%2F%3Fx%3D1&code=ABCD");
        QTest::newRow("no code") << QStringLiteral("doorstep-enrol:?center=http%3A%2F%2Fa");
        QTest::newRow("short code") << QStringLiteral("doorstep-enrol:?center=http%3A%2F%2Fa&code=AB");
        QTest::newRow("code with space") << QStringLiteral("doorstep-enrol:?center=http%3A%2F%2Fa&code=AB%20CD");
        QTest::newRow("code with markup") << QStringLiteral("doorstep-enrol:?center=http%3A%2F%2Fa&code=%3Cb%3EABCD");
        QTest::newRow("short pin") << QStringLiteral("doorstep-enrol:?center=http%3A%2F%2Fa&code=ABCD&pin=abcd");
        QTest::newRow("pin not hex") << QStringLiteral("doorstep-enrol:?center=http%3A%2F%2Fa&code=ABCD&pin=") +
                                            QString(64, QLatin1Char('g'));
        QTest::newRow("https without pin") << QStringLiteral("doorstep-enrol:?center=https%3A%2F%2Fa&code=ABCD");
        QTest::newRow("NUL in code") << QStringLiteral("doorstep-enrol:?center=http%3A%2F%2Fa&code=AB%00CD&pin=") + pin;
    }
    void refusesWhatIsNotALink()
    {
        QFETCH(QString, text);
        const auto link = EnrolmentLink::parse(text);
        QVERIFY(!link.ok());
        QCOMPARE(link.error().code, QStringLiteral("enrol.bad-link"));
        QVERIFY(!link.error().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEnrolmentLink)
#include "tst_enrolmentlink.moc"
