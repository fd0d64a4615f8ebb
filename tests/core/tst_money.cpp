#include <QRandomGenerator>
#include <QTest>

#include <limits>

#include "money.h"

// Money: what a collector types and what files hold, parsed strictly; integer fen throughout.
class TestMoney : public QObject
{
    Q_OBJECT

private slots:
    void parseAccepts_data();
    void parseAccepts();
    void parseRefuses_data();
    void parseRefuses();
    void negativeOnlyWhenAllowed();
    void limits();
    void format_data();
    void format();
    void plainStringRoundTrips();
    void checkedArithmetic();
    void operators();
};

void TestMoney::parseAccepts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("fen");
    QTest::newRow("integer") << QStringLiteral("12") << qint64(1200);
    QTest::newRow("one decimal") << QStringLiteral("12.3") << qint64(1230);
    QTest::newRow("two decimals") << QStringLiteral("12.34") << qint64(1234);
    QTest::newRow("zero") << QStringLiteral("0") << qint64(0);
    QTest::newRow("zero fen") << QStringLiteral("0.00") << qint64(0);
    QTest::newRow("one fen") << QStringLiteral("0.01") << qint64(1);
    QTest::newRow("leading zeros") << QStringLiteral("007.5") << qint64(750);
    QTest::newRow("grouped") << QStringLiteral("1,234.50") << qint64(123450);
    QTest::newRow("yen sign grouped") << QStringLiteral("¥1,234.50") << qint64(123450);
    QTest::newRow("full-width yuan sign") << QStringLiteral("￥12") << qint64(1200);
    QTest::newRow("millions grouped") << QStringLiteral("1,234,567.8") << qint64(123456780);
    QTest::newRow("short first group") << QStringLiteral("12,345") << qint64(1234500);
    QTest::newRow("ungrouped large") << QStringLiteral("1234567") << qint64(123456700);
}

void TestMoney::parseAccepts()
{
    QFETCH(QString, text);
    QFETCH(qint64, fen);
    const auto r = Money::parse(text);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QCOMPARE(r.value().fen(), fen);
}

void TestMoney::parseRefuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("code");
    const QString nan = QStringLiteral("money.not-a-number");
    QTest::newRow("empty") << QString() << QStringLiteral("money.empty");
    QTest::newRow("three decimals") << QStringLiteral("12.345") << QStringLiteral("money.too-many-decimals");
    QTest::newRow("many decimals") << QStringLiteral("0.0000001") << QStringLiteral("money.too-many-decimals");
    QTest::newRow("exponent") << QStringLiteral("1e3") << nan;
    QTest::newRow("double minus") << QStringLiteral("--1") << QStringLiteral("money.negative");
    QTest::newRow("plus") << QStringLiteral("+1") << nan;
    QTest::newRow("minus") << QStringLiteral("-1") << QStringLiteral("money.negative");
    QTest::newRow("trailing point") << QStringLiteral("12.") << nan;
    QTest::newRow("leading point") << QStringLiteral(".5") << nan;
    QTest::newRow("point only") << QStringLiteral(".") << nan;
    QTest::newRow("leading space") << QStringLiteral(" 12") << nan;
    QTest::newRow("trailing space") << QStringLiteral("12 ") << nan;
    QTest::newRow("inner space") << QStringLiteral("1 234") << nan;
    QTest::newRow("tab") << QStringLiteral("12\t") << nan;
    QTest::newRow("nbsp") << QStringLiteral("12\u00a0") << nan;
    QTest::newRow("ideographic space") << QStringLiteral("\u300012") << nan;
    QTest::newRow("full-width digits") << QStringLiteral("１２") << nan;
    QTest::newRow("arabic-indic digits") << QStringLiteral("١٢٣") << nan;
    QTest::newRow("rtl mark") << QStringLiteral("\u200f12") << nan;
    QTest::newRow("hex") << QStringLiteral("0x10") << nan;
    QTest::newRow("nan") << QStringLiteral("NaN") << nan;
    QTest::newRow("inf") << QStringLiteral("inf") << nan;
    QTest::newRow("two points") << QStringLiteral("12.3.4") << nan;
    QTest::newRow("two currency signs") << QStringLiteral("¥¥1") << nan;
    QTest::newRow("letter after") << QStringLiteral("1,234.5a") << nan;
    QTest::newRow("embedded nul") << QString::fromUtf16(u"12\0"
                                                        "3",
                                                        4)
                                  << nan;
    QTest::newRow("sign after currency") << QStringLiteral("¥-1") << nan;
    QTest::newRow("currency only") << QStringLiteral("¥") << nan;
    QTest::newRow("group of two") << QStringLiteral("12,34") << QStringLiteral("money.grouping");
    QTest::newRow("group of four") << QStringLiteral("1,2345") << QStringLiteral("money.grouping");
    QTest::newRow("leading comma") << QStringLiteral(",123") << QStringLiteral("money.grouping");
    QTest::newRow("double comma") << QStringLiteral("1,,234") << QStringLiteral("money.grouping");
    QTest::newRow("first group of four") << QStringLiteral("1234,567") << QStringLiteral("money.grouping");
    QTest::newRow("trailing comma") << QStringLiteral("1,") << QStringLiteral("money.grouping");
    QTest::newRow("40 digits") << QString(40, QLatin1Char('9')) << QStringLiteral("money.too-large");
    QTest::newRow("1000 digits") << QString(1000, QLatin1Char('1')) << QStringLiteral("money.too-large");
    QTest::newRow("just above max")
        << Money::fromFen(Money::MaxFen).toPlainString().replace(QLatin1Char('7'), QLatin1Char('8'))
        << QStringLiteral("money.too-large");
}

void TestMoney::parseRefuses()
{
    QFETCH(QString, text);
    QFETCH(QString, code);
    const auto r = Money::parse(text);
    QVERIFY2(!r.ok(), qPrintable(text));
    QCOMPARE(r.error().code, code);
    QVERIFY(!r.error().message.isEmpty());
}

void TestMoney::negativeOnlyWhenAllowed()
{
    const auto r = Money::parse(QStringLiteral("-¥1,234.50"), Money::Sign::AllowNegative);
    QVERIFY(r.ok());
    QCOMPARE(r.value().fen(), -123450);
    QCOMPARE(Money::parse(QStringLiteral("--1"), Money::Sign::AllowNegative).error().code,
             QStringLiteral("money.not-a-number"));
    QCOMPARE(Money::parse(QStringLiteral("-"), Money::Sign::AllowNegative).error().code,
             QStringLiteral("money.not-a-number"));
}

void TestMoney::limits()
{
    const Money max = Money::fromFen(Money::MaxFen);
    const auto r = Money::parse(max.toPlainString());
    QVERIFY(r.ok());
    QCOMPARE(r.value(), max);
    QVERIFY(!Money::parse(Money::fromFen(Money::MaxFen + 1).toPlainString()).ok());
    const auto negMax = Money::parse(QString(QStringLiteral("-") + max.toPlainString()), Money::Sign::AllowNegative);
    QVERIFY(negMax.ok());
    QCOMPARE(negMax.value().fen(), -Money::MaxFen);
}

void TestMoney::format_data()
{
    QTest::addColumn<qint64>("fen");
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("expected");
    for (const char *loc : {"en_US", "zh_CN"}) {
        const QString l = QString::fromLatin1(loc);
        QTest::addRow("%s 1234.50", loc) << qint64(123450) << l << QStringLiteral("¥1,234.50");
        QTest::addRow("%s negative", loc) << qint64(-123450) << l << QStringLiteral("-¥1,234.50");
        QTest::addRow("%s zero", loc) << qint64(0) << l << QStringLiteral("¥0.00");
        QTest::addRow("%s one fen", loc) << qint64(1) << l << QStringLiteral("¥0.01");
        QTest::addRow("%s -5 fen", loc) << qint64(-5) << l << QStringLiteral("-¥0.05");
        QTest::addRow("%s millions", loc) << qint64(123456789) << l << QStringLiteral("¥1,234,567.89");
    }
}

void TestMoney::format()
{
    QFETCH(qint64, fen);
    QFETCH(QString, locale);
    QFETCH(QString, expected);
    QCOMPARE(Money::fromFen(fen).format(QLocale(locale)), expected);
}

void TestMoney::plainStringRoundTrips()
{
    QCOMPARE(Money::fromFen(123450).toPlainString(), QStringLiteral("1234.50"));
    QCOMPARE(Money::fromFen(-5).toPlainString(), QStringLiteral("-0.05"));
    QCOMPARE(Money::fromFen(std::numeric_limits<qint64>::min()).toPlainString(),
             QStringLiteral("-92233720368547758.08"));
    QRandomGenerator rng(20261122);
    for (int i = 0; i < 20000; ++i) {
        const qint64 fen = qint64(rng.bounded(quint64(2) * quint64(Money::MaxFen) + 1)) - Money::MaxFen;
        const Money m = Money::fromFen(fen);
        const auto back = Money::parse(m.toPlainString(), Money::Sign::AllowNegative);
        QVERIFY2(back.ok(), qPrintable(m.toPlainString()));
        QCOMPARE(back.value(), m);
        // The display form parses back too (grouped, with the currency sign).
        const auto shown = Money::parse(m.format(QLocale(QLocale::English)), Money::Sign::AllowNegative);
        QVERIFY2(shown.ok(), qPrintable(m.format()));
        QCOMPARE(shown.value(), m);
    }
}

void TestMoney::checkedArithmetic()
{
    constexpr qint64 max = std::numeric_limits<qint64>::max();
    constexpr qint64 min = std::numeric_limits<qint64>::min();
    QCOMPARE(Money::fromFen(1).checkedAdd(Money::fromFen(2))->fen(), 3);
    QVERIFY(!Money::fromFen(max).checkedAdd(Money::fromFen(1)).has_value());
    QVERIFY(!Money::fromFen(min).checkedSub(Money::fromFen(1)).has_value());
    QCOMPARE(Money::fromFen(max).checkedSub(Money::fromFen(max))->fen(), 0);
    QVERIFY(!Money::fromFen(max / 2 + 1).checkedMul(2).has_value());
    QCOMPARE(Money::fromFen(max / 2).checkedMul(2)->fen(), max - 1);
    QVERIFY(!Money::fromFen(min).checkedMul(-1).has_value());
    QCOMPARE(Money::fromFen(-7).checkedMul(3)->fen(), -21);
}

void TestMoney::operators()
{
    Money m = Money::fromYuan(10);
    m += Money::fromFen(5);
    m -= Money::fromFen(10);
    QCOMPARE(m.fen(), 995);
    QCOMPARE((-m).fen(), -995);
    QVERIFY(Money::fromFen(1) > Money());
    QVERIFY(Money::fromFen(-1).isNegative());
    QVERIFY(Money().isZero());
    QCOMPARE(minOf(Money::fromFen(3), Money::fromFen(2)).fen(), 2);
}

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
