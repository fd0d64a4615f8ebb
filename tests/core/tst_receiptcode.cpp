// The signed code in a receipt's QR: it verifies with the terminal's public key alone, any change
// to any field or the signature fails, and text that is not a code is refused in words.
#include <QTest>

#include "receiptcode.h"

class TestReceiptCode : public QObject
{
    Q_OBJECT

private:
    DeviceKey m_key = DeviceKey::generate();

private slots:
    void signsVerifiesAndReadsBack()
    {
        const ReceiptCode c = ReceiptCode::sign(ReceiptCode::Kind::Payment, m_key, 42, 1'765'000'123'456,
                                                QStringLiteral("3201234567"), 36799);
        QVERIFY(c.verify(m_key.publicKey()));
        QVERIFY(!c.verify(DeviceKey::generate().publicKey()));
        const QString text = c.text();
        QVERIFY2(text.startsWith(QStringLiteral("DS2:P:")), qPrintable(text));
        // Upper-case letters, digits and ':' only: QR alphanumeric mode.
        for (const QChar ch : text)
            QVERIFY2((ch >= u'A' && ch <= u'Z') || (ch >= u'0' && ch <= u'9') || ch == u':', qPrintable(text));
        QVERIFY(text.size() < 160);
        const auto back = ReceiptCode::parse(text);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
        QCOMPARE(back.value(), c);
        QVERIFY(back->verify(m_key.publicKey()));
        // Deterministic: every print carries the same code.
        QCOMPARE(ReceiptCode::sign(ReceiptCode::Kind::Payment, m_key, 42, 1'765'000'123'456,
                                   QStringLiteral("3201234567"), 36799)
                     .text(),
                 text);
        // Behind a verification address, and with an account that needs escaping.
        const ReceiptCode odd = ReceiptCode::sign(ReceiptCode::Kind::Void, m_key, 7, 1, QStringLiteral("A:1%2#x"), 0);
        const auto fromUrl = ReceiptCode::parse(odd.text(QStringLiteral("https://pay.example/r")));
        QVERIFY(fromUrl.ok());
        QCOMPARE(fromUrl.value(), odd);
        QVERIFY(fromUrl->verify(m_key.publicKey()));
    }

    void everyChangeFailsVerification()
    {
        const ReceiptCode c = ReceiptCode::sign(ReceiptCode::Kind::Payment, m_key, 42, 1'765'000'123'456,
                                                QStringLiteral("3201234567"), 36799);
        QList<ReceiptCode> changed;
        for (int i = 0; i < 7; ++i)
            changed.append(c);
        changed[0].kind = ReceiptCode::Kind::Void;
        changed[1].seq = 43;
        changed[2].timeMs += 1;
        changed[3].account = QStringLiteral("3201234568");
        changed[4].amountFen = 36790;
        changed[5].signature[10] = char(changed[5].signature[10] ^ 1);
        changed[6].keyId[0] = char(changed[6].keyId[0] ^ 1);
        for (const ReceiptCode &x : std::as_const(changed)) {
            QVERIFY(!x.verify(m_key.publicKey()));
            // …and the text of it, scanned, fails too.
            const auto scanned = ReceiptCode::parse(x.text());
            QVERIFY(scanned.ok());
            QVERIFY(!scanned->verify(m_key.publicKey()));
        }
    }

    void refusesWhatIsNoCode_data()
    {
        QTest::addColumn<QString>("text");
        const QString good =
            ReceiptCode::sign(ReceiptCode::Kind::Payment, m_key, 42, 1000, QStringLiteral("3201234567"), 5).text();
        QStringList f = good.split(u':');
        const auto with = [&f](int i, const QString &v) {
            QStringList g = f;
            g[i] = v;
            return g.join(u':');
        };
        QTest::newRow("empty") << QString();
        QTest::newRow("old DSR1") << QStringLiteral("DSR1|P|D001-00000042|3201234567|36799|A1B2C3D4");
        QTest::newRow("seven fields") << f.mid(0, 7).join(u':');
        QTest::newRow("nine fields") << good + QStringLiteral(":X");
        QTest::newRow("version") << with(0, QStringLiteral("DS3"));
        QTest::newRow("kind") << with(1, QStringLiteral("Z"));
        QTest::newRow("key id short") << with(2, f.at(2).left(7));
        QTest::newRow("key id lower case") << with(2, f.at(2).toLower());
        QTest::newRow("key id 1 and 8") << with(2, QStringLiteral("AAAAAAA1"));
        QTest::newRow("seq 0") << with(3, QStringLiteral("0"));
        QTest::newRow("seq leading zero") << with(3, QStringLiteral("042"));
        QTest::newRow("seq negative") << with(3, QStringLiteral("-42"));
        QTest::newRow("seq huge") << with(3, QStringLiteral("9999999999999999999999"));
        QTest::newRow("time letters") << with(4, QStringLiteral("12a"));
        QTest::newRow("amount plus") << with(6, QStringLiteral("+5"));
        QTest::newRow("account empty") << with(5, QString());
        QTest::newRow("account stray percent") << with(5, QStringLiteral("32%41"));
        QTest::newRow("account too long") << with(5, QString(65, u'1'));
        QTest::newRow("signature short") << with(7, f.at(7).left(102));
        QTest::newRow("signature padding bits") << with(7, f.at(7).left(102) + QStringLiteral("7"));
        QTest::newRow("too long") << QString(5000, u'A');
    }

    void refusesWhatIsNoCode()
    {
        QFETCH(QString, text);
        const auto r = ReceiptCode::parse(text);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("receipt-code.malformed"));
        QVERIFY(!r.error().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestReceiptCode)
#include "tst_receiptcode.moc"
