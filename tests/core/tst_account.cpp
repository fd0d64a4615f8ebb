#include <QTest>

#include "account.h"

// Account numbers as typed, scanned or pasted, checked against the utility's rule.
class TestAccount : public QObject
{
    Q_OBJECT

private slots:
    void classKeysRoundTrip();
    void defaultRule_data();
    void defaultRule();
    void luhn();
    void mod11();
    void patternAnchoredAndValidated();
    void billOutstanding();
};

void TestAccount::classKeysRoundTrip()
{
    for (auto c : {CustomerClass::Residential, CustomerClass::Commercial, CustomerClass::LargeIndustrial,
                   CustomerClass::Agricultural}) {
        QCOMPARE(customerClassFromKey(customerClassKey(c)), c);
        QVERIFY(!customerClassName(c).isEmpty());
    }
    QCOMPARE(customerClassKey(CustomerClass::LargeIndustrial), QStringLiteral("large-industrial"));
    QVERIFY(!customerClassFromKey(u"Residential").has_value());
    QVERIFY(!customerClassFromKey(u"").has_value());
    for (auto c : {AccountNumberRule::CheckDigit::None, AccountNumberRule::CheckDigit::Luhn,
                   AccountNumberRule::CheckDigit::Mod11})
        QCOMPARE(checkDigitFromKey(checkDigitKey(c)), c);
    QVERIFY(!checkDigitFromKey(u"crc").has_value());
}

void TestAccount::defaultRule_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected"); // canonical number, or empty when refused
    QTest::addColumn<QString>("code");
    QTest::newRow("plain") << QStringLiteral("3100000001") << QStringLiteral("3100000001") << QString();
    QTest::newRow("scanner CR LF") << QStringLiteral("3100000001\r\n") << QStringLiteral("3100000001") << QString();
    QTest::newRow("scanner tab") << QStringLiteral("\t3100000001 ") << QStringLiteral("3100000001") << QString();
    QTest::newRow("full-width digits") << QStringLiteral("３１０００００００１") << QStringLiteral("3100000001")
                                       << QString();
    QTest::newRow("empty") << QString() << QString() << QStringLiteral("account.empty");
    QTest::newRow("blank") << QStringLiteral("  \n") << QString() << QStringLiteral("account.empty");
    QTest::newRow("letters") << QStringLiteral("31000abc01") << QString() << QStringLiteral("account.not-digits");
    QTest::newRow("inner space") << QStringLiteral("31000 00001") << QString() << QStringLiteral("account.not-digits");
    QTest::newRow("too short") << QStringLiteral("310000") << QString() << QStringLiteral("account.bad-format");
    QTest::newRow("40 digits") << QString(40, QLatin1Char('9')) << QString() << QStringLiteral("account.bad-format");
    QTest::newRow("arabic-indic") << QStringLiteral("١٢٣٤٥٦٧٨٩٠") << QString() << QStringLiteral("account.not-digits");
    QTest::newRow("sql") << QStringLiteral("1' OR '1'='1") << QString() << QStringLiteral("account.not-digits");
    QTest::newRow("esc byte") << QStringLiteral("31000\x1b"
                                                "00001")
                              << QString() << QStringLiteral("account.not-digits");
}

void TestAccount::defaultRule()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, code);
    const auto r = AccountNumberRule().validate(input);
    if (expected.isEmpty()) {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QVERIFY(!r.error().message.isEmpty());
        QVERIFY(r.error().message.size() < 200); // a 10k-character paste does not make a 10k message
    } else {
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r.value(), expected);
    }
}

void TestAccount::luhn()
{
    const AccountNumberRule rule(QStringLiteral("[0-9]{11}"), AccountNumberRule::CheckDigit::Luhn);
    QCOMPARE(rule.computeCheckDigit(u"7992739871"), QLatin1Char('3'));
    QVERIFY(rule.validate(u"79927398713").ok());
    const auto wrong = rule.validate(u"79927398710");
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code, QStringLiteral("account.check-digit"));
    // Every single-digit typo is caught.
    const QString good = QStringLiteral("79927398713");
    for (int pos = 0; pos < good.size(); ++pos) {
        for (char d = '0'; d <= '9'; ++d) {
            QString typo = good;
            if (typo[pos] == QLatin1Char(d))
                continue;
            typo[pos] = QLatin1Char(d);
            QVERIFY2(!rule.validate(typo).ok(), qPrintable(typo));
        }
    }
}

void TestAccount::mod11()
{
    const AccountNumberRule rule(QStringLiteral("[0-9]{17}[0-9Xx]"), AccountNumberRule::CheckDigit::Mod11);
    QCOMPARE(rule.computeCheckDigit(u"11010519491231002"), QLatin1Char('X'));
    const auto r = rule.validate(u"11010519491231002x");
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QCOMPARE(r.value(), QStringLiteral("11010519491231002X"));
    QCOMPARE(rule.validate(u"110105194912310021").error().code, QStringLiteral("account.check-digit"));
}

void TestAccount::patternAnchoredAndValidated()
{
    // A pattern without ^$ still has to match the whole number.
    const AccountNumberRule rule(QStringLiteral("[0-9]{4}"), AccountNumberRule::CheckDigit::None);
    QVERIFY(rule.validate(u"1234").ok());
    QCOMPARE(rule.validate(u"12345").error().code, QStringLiteral("account.bad-format"));
    const auto bad = AccountNumberRule::create(QStringLiteral("[0-9"), AccountNumberRule::CheckDigit::None);
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, QStringLiteral("account.bad-pattern"));
    QVERIFY(!AccountNumberRule::create(QString(), AccountNumberRule::CheckDigit::None).ok());
    const auto letters = AccountNumberRule::create(QStringLiteral("SG[0-9]{6}"), AccountNumberRule::CheckDigit::None);
    QVERIFY(letters.ok());
    QVERIFY(letters.value().validate(u"SG123456").ok());
    QCOMPARE(letters.value().pattern(), QStringLiteral("SG[0-9]{6}"));
}

void TestAccount::billOutstanding()
{
    Bill b;
    b.amount = Money::fromFen(12345);
    b.amountPaid = Money::fromFen(345);
    QCOMPARE(b.outstanding().fen(), 12000);
}

QTEST_GUILESS_MAIN(TestAccount)
#include "tst_account.moc"
