#include <QStringEncoder>
#include <QTest>

#include "escpos.h"
#include "escposdecoder.h"
#include "printercharset.h"
#include "qrscan.h"
#include "receiptlayout.h"
#include "testreceipts.h"
#include "textwidth.h"

using namespace TestReceipts;

namespace {

struct Encoded
{
    ReceiptDocument doc;
    QByteArray bytes;
    DecodedJob job;
};

Encoded encode(const Receipt &r, const PrinterProfile &p,
               const ReceiptTemplate &t = ReceiptTemplate::builtIn(ReceiptTemplate::Language::Zh))
{
    Encoded e;
    e.doc = ReceiptLayout::layout(r, t, p).value();
    Result<QByteArray> bytes = EscPosEncoder(p).encode(e.doc);
    if (!bytes)
        qFatal("encode failed: %s", qPrintable(bytes.error().message));
    e.bytes = bytes.value();
    e.job = decodeEscPos(e.bytes);
    return e;
}

int printerWidth(const QString &text, bool chinese)
{
    int w = 0;
    for (char32_t c : text.toUcs4())
        w += (c < 0x80 || !chinese) ? 1 : 2;
    return w;
}

} // namespace

class TestEscPos : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jobFraming()
    {
        const Encoded e = encode(standard(), PrinterProfile::generic58());
        QVERIFY(e.bytes.startsWith(QByteArray("\x1b@\x1c.", 4))); // ESC @, then leave Chinese mode explicitly
        QVERIFY(e.job.unknownControls.isEmpty());
        QVERIFY(e.job.incomplete.isEmpty());
        QCOMPARE(e.job.count(QStringLiteral("ESC @")), 1);
        QVERIFY(e.job.count(QStringLiteral("FS &")) >= 1);
        QCOMPARE(e.job.commands.last(), QStringLiteral("ESC a 0"));
        QCOMPARE(e.job.chineseTextWithoutMode, 0); // every GB byte sits inside FS & … FS .
        const qsizetype lastOn = e.job.commands.lastIndexOf(QStringLiteral("FS &"));
        QVERIFY(e.job.commands.indexOf(QStringLiteral("FS ."), lastOn) > lastOn); // left again at the end
        QCOMPARE(e.job.count(QStringLiteral("GS V 1")), 0);                       // no cutter on the 58 mm profile
        QCOMPARE(encode(standard(), PrinterProfile::generic80()).job.count(QStringLiteral("GS V 1")), 1);
        QVERIFY(e.job.commands.contains(QStringLiteral("GS ! 17"))); // the utility's name, double size
        QVERIFY(e.job.commands.contains(QStringLiteral("ESC E 1")));
        QVERIFY(e.bytes.size() <= 1200);
    }

    void textRoundTripsThroughGb18030_data()
    {
        QTest::addColumn<QString>("profileId");
        QTest::newRow("58") << QStringLiteral("generic-58");
        QTest::newRow("80") << QStringLiteral("generic-80");
        QTest::newRow("58 no qr") << QStringLiteral("58-no-qr");
    }
    void textRoundTripsThroughGb18030()
    {
        QFETCH(QString, profileId);
        const PrinterProfile p = PrinterProfile::byId(profileId).value();
        const Encoded e = encode(standard(), p);
        // What the printer reads back is exactly the laid-out text, line by line.
        QStringList expected;
        for (const ReceiptLine &l : e.doc.lines) {
            if (l.kind == ReceiptLine::Kind::Text)
                expected.append(l.text);
            else if (l.kind == ReceiptLine::Kind::Qr)
                expected.append(QString()); // the LF after the QR
        }
        QCOMPARE(e.job.texts(), expected);
        for (const DecodedLine &l : e.job.lines)
            QVERIFY2(printerWidth(l.text, true) <= (l.large ? p.columns / 2 : p.columns), qPrintable(l.text));
        QVERIFY(e.job.texts().contains(QStringLiteral("户名 张*明")));
    }

    void yuanSignIsFullWidth()
    {
        const Encoded e = encode(standard(), PrinterProfile::generic58());
        QVERIFY(e.bytes.contains(QByteArray("\xA3\xA4"
                                            "367.99")));
        QVERIFY(!e.bytes.contains(QByteArray("\x81\x30\x84\x36"))); // U+00A5 in GB18030
        Receipt r = standard();
        r.address = QStringLiteral("¥路1号"); // a ¥ in customer data becomes ￥ too
        const Encoded withYen = encode(r, PrinterProfile::generic58());
        QVERIFY(!withYen.bytes.contains(QByteArray("\x81\x30\x84\x36")));
        QVERIFY(withYen.job.texts().contains(QStringLiteral("地址 ￥路1号")));
    }

    void nativeQr()
    {
        const Encoded e = encode(standard(), PrinterProfile::generic58());
        QCOMPARE(e.job.qrPayloads, QList<QByteArray>({standard().qrPayload().toUtf8()}));
        const QByteArray payload = standard().qrPayload().toUtf8();
        QByteArray expected("\x1d(k\x04\x00"
                            "1A2\x00",
                            9);
        expected += QByteArray("\x1d(k\x03\x00"
                               "1C\x05",
                               8);
        expected += QByteArray("\x1d(k\x03\x00"
                               "1E1",
                               8);
        expected +=
            QByteArray("\x1d(k", 3) + char(payload.size() + 3) + QByteArray(1, '\0') + QByteArray("1P0") + payload;
        expected += QByteArray("\x1d(k\x03\x00"
                               "1Q0",
                               8);
        QVERIFY(e.bytes.contains(expected));
        QVERIFY(e.job.rasters.isEmpty());
        // Chinese mode is off while the QR goes out.
        const qsizetype store = e.job.commands.indexOf(QStringLiteral("GS ( k 1 P"));
        const qsizetype on = e.job.commands.lastIndexOf(QStringLiteral("FS &"), store);
        const qsizetype off = e.job.commands.lastIndexOf(QStringLiteral("FS ."), store);
        QVERIFY(off > on);
    }

    void rasterQrFallback()
    {
        const Encoded e = encode(standard(), PrinterProfile::noQr58());
        QVERIFY(e.job.qrPayloads.isEmpty());
        QCOMPARE(e.job.count(QStringLiteral("GS ( k 1 Q")), 0);
        QVERIFY(!e.job.rasters.isEmpty());
        int height = 0;
        for (const QImage &band : e.job.rasters) {
            QVERIFY(band.width() <= 384);
            height += band.height();
        }
        // Only the QR is a picture: the text still goes as text, and the job stays small.
        QVERIFY(e.bytes.size() < 6000);
        QVERIFY(e.job.texts().contains(QStringLiteral("户名 张*明")));
        QImage qr(e.job.rasters.first().width(), height, QImage::Format_Mono);
        qr.setColorTable({qRgb(255, 255, 255), qRgb(0, 0, 0)});
        int y = 0;
        for (const QImage &band : e.job.rasters) {
            for (int by = 0; by < band.height(); ++by)
                memcpy(qr.scanLine(y + by), band.constScanLine(by), size_t(band.bytesPerLine()));
            y += band.height();
        }
        QCOMPARE(QrScan::scan(qr), QStringList{standard().qrPayload()});
    }

    void fontCoverage_data()
    {
        QTest::addColumn<QString>("profileId");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("printed");
        const QString box = QStringLiteral("□");
        QTest::newRow("gbk prints 喆 堃")
            << QStringLiteral("generic-58") << QStringLiteral("王喆堃") << QStringLiteral("王喆堃");
        QTest::newRow("gb2312 replaces 喆 堃")
            << QStringLiteral("58-no-qr") << QStringLiteral("王喆堃") << QStringLiteral("王") + box + box;
        QTest::newRow("gb2312 keeps common")
            << QStringLiteral("58-no-qr") << QStringLiteral("张三明") << QStringLiteral("张三明");
        QTest::newRow("hangul not in gbk") << QStringLiteral("generic-58") << QStringLiteral("김민") << box + box;
        QTest::newRow("emoji") << QStringLiteral("generic-58") << QString::fromUcs4(U"李\U0001F600")
                               << QStringLiteral("李") + box;
        QTest::newRow("ext-b hanzi") << QStringLiteral("generic-58") << QString::fromUcs4(U"\U00020BB7李")
                                     << box + QStringLiteral("李");
        QTest::newRow("private use") << QStringLiteral("generic-58") << QStringLiteral("\uE000李")
                                     << box + QStringLiteral("李");
        QTest::newRow("decomposed é composes")
            << QStringLiteral("generic-58") << QStringLiteral("Jose\u0301") << QStringLiteral("José");
        QTest::newRow("latin printer") << QStringLiteral("latin-80") << QStringLiteral("José 张")
                                       << QStringLiteral("José ?");
        QTest::newRow("bidi override dropped")
            << QStringLiteral("generic-58") << QStringLiteral("ab\u202Ecd") << QStringLiteral("abcd");
    }
    void fontCoverage()
    {
        QFETCH(QString, profileId);
        QFETCH(QString, name);
        QFETCH(QString, printed);
        const PrinterProfile p = PrinterProfile::byId(profileId).value();
        Receipt r = standard();
        r.customerName = name;
        ReceiptTemplate t =
            ReceiptTemplate::builtIn(p.chinese ? ReceiptTemplate::Language::Zh : ReceiptTemplate::Language::En);
        t.setNameMask(NameMask::None);
        const Encoded e = encode(r, p, t);
        const QString label = p.chinese ? QStringLiteral("户名 ") : QStringLiteral("Name ");
        QVERIFY2(e.job.texts().contains(label + printed), qPrintable(e.job.texts().join(QLatin1Char('\n'))));
        QVERIFY(e.job.unknownControls.isEmpty());
        if (!p.chinese) {
            QCOMPARE(e.job.count(QStringLiteral("FS &")), 0);
            QCOMPARE(e.job.count(QStringLiteral("FS .")), 0);
            QVERIFY(e.job.commands.contains(QStringLiteral("ESC t 0")));
        }
    }

    void customerDataCannotInjectCommands_data()
    {
        QTest::addColumn<QString>("hostile");
        QTest::newRow("ESC @ and cut") << QStringLiteral("张\x1b@\x1dV\x01三");
        QTest::newRow("NUL and DLE EOT") << QString::fromUtf16(u"李\u0000\u0010\u0004\u0001四", 6);
        QTest::newRow("FS & and GS (k") << QStringLiteral("\x1c&\x1d(k\x03\x00"
                                                          "1Q0王");
        QTest::newRow("raster header") << QStringLiteral("\x1dv0\x00\xff\xff\xff\xff");
        QTest::newRow("C1 controls and DEL") << QStringLiteral("a\u0085b\u009bc\x7f");
        QTest::newRow("newlines") << QStringLiteral("江苏\r\n南京\t市");
    }
    void customerDataCannotInjectCommands()
    {
        QFETCH(QString, hostile);
        for (const PrinterProfile &p : PrinterProfile::builtIn()) {
            Receipt r = standard();
            r.customerName = hostile;
            r.address = hostile + hostile;
            r.collectorName = hostile;
            r.voidReason = hostile;
            ReceiptTemplate t = ReceiptTemplate::builtIn(ReceiptTemplate::Language::Zh);
            t.setNameMask(NameMask::None);
            const Encoded e = encode(r, p, t);
            const Encoded clean = encode(standard(), p, t);
            QVERIFY(e.job.unknownControls.isEmpty());
            QVERIFY(e.job.incomplete.isEmpty());
            // Exactly the commands of a receipt with clean data: none came from the text.
            for (const QString &c : {QStringLiteral("ESC @"), QStringLiteral("GS V 1"), QStringLiteral("GS ( k 1 Q"),
                                     QStringLiteral("GS ( k 1 P"), QStringLiteral("DLE EOT 4"), QStringLiteral("NUL")})
                QCOMPARE(e.job.count(c), clean.job.count(c));
            QVERIFY(!e.job.commands.contains(QStringLiteral("DLE EOT 1")));
            QCOMPARE(e.job.rasters.size(), clean.job.rasters.size());
            // No byte below 0x20 ever comes from text: all of them belong to known commands.
            for (const DecodedLine &l : e.job.lines) {
                for (QChar c : l.text)
                    QVERIFY(c.unicode() >= 0x20 && !(c.unicode() >= 0x7F && c.unicode() < 0xA0));
            }
        }
    }

    void replacementIsVisible()
    {
        Receipt r = standard();
        r.customerName = QStringLiteral("王\x1b五");
        ReceiptTemplate t = ReceiptTemplate::builtIn(ReceiptTemplate::Language::Zh);
        t.setNameMask(NameMask::None);
        QVERIFY(encode(r, PrinterProfile::generic58(), t).job.texts().contains(QStringLiteral("户名 王□五")));
        QVERIFY(encode(r, PrinterProfile::latin80(), t).job.texts().contains(QStringLiteral("?? ???")));
    }

    void zeroAndHugeAmounts()
    {
        Receipt r = standard();
        r.total = Money::fromFen(Money::MaxFen);
        r.tendered = r.total;
        r.change = Money();
        const Encoded e = encode(r, PrinterProfile::generic58());
        QVERIFY(e.job.texts().contains(QStringLiteral("合计     ￥92,233,720,368,547.75")));
        QVERIFY(e.job.texts().contains(QStringLiteral("找零                      ￥0.00")));
        QCOMPARE(e.job.qrPayloads.first(), QByteArray("DSR1|P|D001-00000042|3201234567|9223372036854775|A1B2C3D4"));
    }

    void refusesTooWideDocument()
    {
        const ReceiptDocument wide =
            ReceiptLayout::layout(standard(), ReceiptTemplate::builtIn(ReceiptTemplate::Language::Zh),
                                  PrinterProfile::generic80())
                .value();
        Result<QByteArray> r = EscPosEncoder(PrinterProfile::generic58()).encode(wide);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("printing.layout.too-wide"));
        ReceiptDocument overflow;
        ReceiptLine line;
        line.text = QString(33, QLatin1Char('x'));
        overflow.lines.append(line);
        Result<QByteArray> o = EscPosEncoder(PrinterProfile::generic58()).encode(overflow);
        QVERIFY(!o.ok());
        QCOMPARE(o.error().code, QStringLiteral("printing.layout.overflow"));
    }

    void commands()
    {
        QCOMPARE(EscPos::statusQuery(2), QByteArray("\x10\x04\x02", 3));
        QCOMPARE(EscPos::paperStatusQuery(), QByteArray("\x1dr\x01", 3));
        const QByteArray pre = EscPos::reconnectPreamble();
        QVERIFY(pre.endsWith(QByteArray("\x1b@")));
        QCOMPARE(pre.count('\0'), 64);
        QVERIFY(!EscPos::qrNative(QByteArray(7090, 'a'), 4, 'M').ok());
        QVERIFY(!EscPos::qrNative(QByteArray(), 4, 'M').ok());
    }

    void charsetTables()
    {
        QVERIFY(PrinterCharset::inGb2312(U'张'));
        QVERIFY(!PrinterCharset::inGb2312(U'喆'));
        QVERIFY(PrinterCharset::inGbk(U'喆'));
        QVERIFY(!PrinterCharset::inGbk(U'\u00A5'));
        QCOMPARE(PrinterCharset::gbkBytes(U'\uFFE5'), QByteArray("\xA3\xA4"));
        QCOMPARE(PrinterCharset::gbkBytes(U'张'), QByteArray("\xD5\xC5"));
    }

    void tablesAgreeWithQtGb18030Encoder()
    {
        // Qt 6.4 on Debian converts GB18030 through ICU; the encoder's lookup tables are built from
        // it and must give the same bytes for everything a GBK font covers.
        QStringEncoder gb18030("GB18030");
        QVERIFY(gb18030.isValid());
        QString all;
        for (char32_t c = 0x80; c < 0x10000; ++c) {
            if (PrinterCharset::inGbk(c))
                all.append(QChar(char16_t(c)));
        }
        QVERIFY(all.size() > 21000);
        const PrinterCharset charset(PrinterProfile::generic58());
        QCOMPARE(charset.encode(all), QByteArray(gb18030.encode(all)));
        const QString text = standard().address + standard().customerName + QStringLiteral("￥123.45");
        QCOMPARE(charset.encode(text), QByteArray(QStringEncoder("GB18030").encode(text)));
    }

    void widthFunctionAgreesWithGbkPrinters()
    {
        // A GBK printer prints every double-byte character in a full cell. The Unicode width
        // function (ambiguous = wide, as in East Asian contexts) says the same for all of GBK but
        // two pinyin letters that Unicode calls neutral.
        QList<char32_t> differ;
        const PrinterCharset charset(PrinterProfile::generic58());
        for (char32_t c = 0x80; c < 0x10000; ++c) {
            if (!PrinterCharset::inGbk(c))
                continue;
            QCOMPARE(charset.width(c), 2);
            if (TextWidth::ofCodePoint(c, TextWidth::Ambiguous::Wide) != 2)
                differ.append(c);
        }
        QCOMPARE(differ, QList<char32_t>({U'\u01F9', U'\u1E3F'}));
    }
};

QTEST_MAIN(TestEscPos)
#include "tst_escpos.moc"
