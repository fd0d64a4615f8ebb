#include <QTest>

#include "textwidth.h"

class TestTextWidth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void width_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("narrow");
        QTest::addColumn<int>("ambiguousWide");
        QTest::newRow("ascii") << QStringLiteral("Total 12.50") << 11 << 11;
        QTest::newRow("hanzi") << QStringLiteral("张三明") << 6 << 6;
        QTest::newRow("ext-b hanzi (surrogate pair)") << QString::fromUcs4(U"\U00020BB7") << 2 << 2;
        QTest::newRow("fullwidth yen and digits") << QStringLiteral("￥１２") << 6 << 6;
        QTest::newRow("halfwidth katakana") << QStringLiteral("ｱｲ") << 2 << 2;
        QTest::newRow("hiragana") << QStringLiteral("あい") << 4 << 4;
        QTest::newRow("hangul syllables") << QStringLiteral("한국") << 4 << 4;
        QTest::newRow("hangul jamo composed") << QString::fromUcs4(U"\u1100\u1161") << 2 << 2;
        QTest::newRow("ideographic space and comma") << QStringLiteral("　、") << 4 << 4;
        QTest::newRow("combining acute") << QStringLiteral("e\u0301") << 1 << 1;
        QTest::newRow("zero width joiner") << QStringLiteral("a\u200Db") << 2 << 2;
        QTest::newRow("ambiguous middle dot and box") << QStringLiteral("·□") << 2 << 4;
        QTest::newRow("wide emoji") << QString::fromUcs4(U"\U0001F600") << 2 << 2;
        QTest::newRow("control chars") << QStringLiteral("\x1b\x1d\t") << 0 << 0;
        QTest::newRow("yen sign U+00A5 is narrow") << QStringLiteral("¥") << 1 << 1;
    }
    void width()
    {
        QFETCH(QString, text);
        QFETCH(int, narrow);
        QFETCH(int, ambiguousWide);
        QCOMPARE(TextWidth::of(text), narrow);
        QCOMPARE(TextWidth::of(text, TextWidth::Ambiguous::Wide), ambiguousWide);
    }

    void wrapAtCharacterBoundaries()
    {
        const QString text = QStringLiteral("江苏省南京市江宁区秣陵街道将军大道88号");
        const QStringList lines = TextWidth::wrap(text, 10);
        QCOMPARE(lines.join(QString()), text);
        for (const QString &l : lines)
            QVERIFY2(TextWidth::of(l) <= 10, qPrintable(l));
        QCOMPARE(lines.first(), QStringLiteral("江苏省南京"));
        // A wide character never straddles the edge: 9 columns of room and "a" + hanzi.
        const QStringList odd = TextWidth::wrap(QStringLiteral("a张三明李"), 4);
        QCOMPARE(odd, QStringList({QStringLiteral("a张"), QStringLiteral("三明"), QStringLiteral("李")}));
    }

    void wrapKeepsCombiningMarksAndSurrogates()
    {
        const QString text = QStringLiteral("abce\u0301") + QString::fromUcs4(U"\U00020BB7\U00020BB7");
        const QStringList lines = TextWidth::wrap(text, 4);
        QCOMPARE(lines.join(QString()), text);
        QCOMPARE(lines.at(0), QStringLiteral("abce\u0301")); // the mark stays with its e
        for (const QString &l : lines) {
            QVERIFY(!l.isEmpty());
            QVERIFY(!l.at(0).isLowSurrogate());
            QVERIFY(TextWidth::of(l) <= 4);
        }
    }

    void wrapFirstLineRoom()
    {
        const QStringList lines = TextWidth::wrap(QStringLiteral("abcdefgh"), 5, 3);
        QCOMPARE(lines, QStringList({QStringLiteral("abc"), QStringLiteral("defgh")}));
        const QStringList none = TextWidth::wrap(QStringLiteral("张三"), 4, 1);
        QCOMPARE(none, QStringList({QString(), QStringLiteral("张三")}));
    }

    void wrapAtWordsAndChineseCharacters()
    {
        // Narrow text breaks at spaces (dropped at the break), never inside a word.
        QCOMPARE(TextWidth::wrap(QStringLiteral("already painted blue"), 10),
                 QStringList({QStringLiteral("already"), QStringLiteral("painted"), QStringLiteral("blue")}));
        QCOMPARE(TextWidth::wrap(QStringLiteral("Flat 12 already"), 9),
                 QStringList({QStringLiteral("Flat 12"), QStringLiteral("already")}));
        // A word longer than a line is the only thing broken inside.
        QCOMPARE(TextWidth::wrap(QStringLiteral("ab 0123456789"), 6),
                 QStringList({QStringLiteral("ab"), QStringLiteral("012345"), QStringLiteral("6789")}));
        // Chinese breaks between any two characters, and around a word of Latin or digits.
        QCOMPARE(TextWidth::wrap(QStringLiteral("李家村12号楼"), 7),
                 QStringList({QStringLiteral("李家村"), QStringLiteral("12号楼")}));
        // Closing punctuation never starts a line: it stays with what it closes.
        const QStringList comma = TextWidth::wrap(QStringLiteral("供电公司，你好"), 8);
        QCOMPARE(comma, QStringList({QStringLiteral("供电公"), QStringLiteral("司，你好")}));
    }

    void wrapEmpty() { QCOMPARE(TextWidth::wrap(QString(), 10), QStringList({QString()})); }
};

QTEST_GUILESS_MAIN(TestTextWidth)
#include "tst_textwidth.moc"
