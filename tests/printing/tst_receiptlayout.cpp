#include <QTest>

#include <algorithm>

#include "printercharset.h"
#include "receiptlayout.h"
#include "testreceipts.h"

using namespace TestReceipts;

namespace {

ReceiptTemplate zh()
{
    return ReceiptTemplate::builtIn(ReceiptTemplate::Language::Zh);
}

QStringList lines(const Receipt &r, const PrinterProfile &p = PrinterProfile::generic58(),
                  const ReceiptTemplate &t = zh())
{
    Result<ReceiptDocument> doc = ReceiptLayout::layout(r, t, p);
    if (!doc)
        qFatal("layout failed: %s", qPrintable(doc.error().message));
    return doc->textLines(PrinterCharset(p));
}

/// The line that starts with `label` (after trimming), or an empty string.
QString lineWith(const QStringList &all, const QString &label)
{
    for (const QString &l : all) {
        if (l.trimmed().startsWith(label))
            return l;
    }
    return {};
}

Receipt hostile()
{
    Receipt r = standard();
    QString longName;
    QString longAddress;
    for (int i = 0; i < 100; ++i) {
        longName += QStringLiteral("欧阳A1");
        longAddress += QStringLiteral("江苏省b2");
    }
    r.customerName = longName + QStringLiteral("尾"); // 501 characters
    r.address = longAddress.left(498) + QStringLiteral("末了");
    return r;
}

} // namespace

class TestReceiptLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyField()
    {
        const QStringList all = lines(standard());
        const auto has = [&](const QString &s) {
            for (const QString &l : all) {
                if (l.contains(s))
                    return true;
            }
            return false;
        };
        QVERIFY(has(QStringLiteral("国网南京供电公司")));
        QVERIFY(has(QStringLiteral("江宁供电所")));
        QVERIFY(has(QStringLiteral("电费收费凭证")));
        QCOMPARE(lineWith(all, QStringLiteral("收据号")), QStringLiteral("收据号             D001-00000042"));
        QCOMPARE(lineWith(all, QStringLiteral("时间")), QStringLiteral("时间            2024-05-01 14:03"));
        QCOMPARE(lineWith(all, QStringLiteral("收费员")), QStringLiteral("收费员 李四"));
        QCOMPARE(lineWith(all, QStringLiteral("户号")), QStringLiteral("户号                  3201234567"));
        QCOMPARE(lineWith(all, QStringLiteral("户名")), QStringLiteral("户名 张*明"));
        QCOMPARE(lineWith(all, QStringLiteral("地址")), QStringLiteral("地址 江苏省南京市江宁区秣陵街道"));
        QVERIFY(all.contains(QStringLiteral("     将军大道88号3栋2单元501室")));
        QCOMPARE(lineWith(all, QStringLiteral("账期")), QStringLiteral("账期            本金      违约金"));
        QCOMPARE(lineWith(all, QStringLiteral("2024-01")), QStringLiteral("2024-01     ￥120.00      ￥3.60"));
        QCOMPARE(lineWith(all, QStringLiteral("2024-02")), QStringLiteral("2024-02      ￥98.50      ￥1.97"));
        QCOMPARE(lineWith(all, QStringLiteral("2024-03")), QStringLiteral("2024-03     ￥143.20      ￥0.72"));
        QCOMPARE(lineWith(all, QStringLiteral("合计")), QStringLiteral("合计                    ￥367.99"));
        QCOMPARE(lineWith(all, QStringLiteral("支付方式")), QStringLiteral("支付方式                    现金"));
        QCOMPARE(lineWith(all, QStringLiteral("实收")), QStringLiteral("实收                    ￥400.00"));
        QCOMPARE(lineWith(all, QStringLiteral("找零")), QStringLiteral("找零                     ￥32.01"));
        QCOMPARE(lineWith(all, QStringLiteral("尚欠")), QStringLiteral("尚欠                      ￥0.00"));
        QVERIFY(has(QStringLiteral("请妥善保管本凭证")));
        QVERIFY(has(QStringLiteral("服务热线 95598")));
        QVERIFY(!has(QStringLiteral("重打")));
        Result<ReceiptDocument> doc = ReceiptLayout::layout(standard(), zh(), PrinterProfile::generic58());
        int qr = 0;
        for (const ReceiptLine &l : doc->lines) {
            if (l.kind == ReceiptLine::Kind::Qr) {
                ++qr;
                QCOMPARE(l.qrPayload, standard().qrPayload());
            }
        }
        QCOMPARE(qr, 1);
    }

    void widthsNeverExceedPaper_data()
    {
        QTest::addColumn<QString>("profileId");
        QTest::addColumn<int>("which");
        QTest::addColumn<bool>("english");
        const QStringList profiles = {QStringLiteral("generic-58"), QStringLiteral("generic-80"),
                                      QStringLiteral("58-no-qr"), QStringLiteral("latin-80")};
        const char *names[] = {"standard", "hostile", "huge", "void", "zreport", "reprint"};
        for (const QString &p : profiles) {
            for (int w = 0; w < 6; ++w) {
                for (bool en : {false, true})
                    QTest::addRow("%s %s %s", qPrintable(p), names[w], en ? "en" : "zh") << p << w << en;
            }
        }
    }
    void widthsNeverExceedPaper()
    {
        QFETCH(QString, profileId);
        QFETCH(int, which);
        QFETCH(bool, english);
        Receipt r = standard();
        if (which == 1) {
            r = hostile();
        } else if (which == 2) {
            r.total = Money::fromFen(Money::MaxFen);
            r.tendered = Money::fromFen(Money::MaxFen);
            r.bills = {ReceiptBillLine{QStringLiteral("2024-01"), Money::fromFen(Money::MaxFen),
                                       Money::fromFen(Money::MaxFen)}};
        } else if (which == 3) {
            r.kind = Receipt::Kind::Void;
            r.voidedReceiptNumber = QStringLiteral("D001-00000041");
            r.voidReason = hostile().address;
            r.supervisorId = QStringLiteral("主管王五");
        } else if (which == 4) {
            ZReportFigures z;
            z.reportNumber = QStringLiteral("D001-Z00000007");
            z.paymentTotal = Money::fromFen(Money::MaxFen);
            z.byMethod = {ZReportMethodLine{PaymentMethod::RechargeVoucher, 1234567, Money::fromFen(Money::MaxFen)}};
            z.countedCash = Money::fromFen(Money::MaxFen);
            z.expectedCash = Money::fromFen(-Money::MaxFen);
            r = Receipt::fromZReport(z, context());
        } else if (which == 5) {
            r = standard().asPrint(12345, true);
        }
        const PrinterProfile profile = PrinterProfile::byId(profileId).value();
        ReceiptTemplate t =
            ReceiptTemplate::builtIn(english ? ReceiptTemplate::Language::En : ReceiptTemplate::Language::Zh);
        t.setNameMask(NameMask::None);
        Result<ReceiptDocument> doc = ReceiptLayout::layout(r, t, profile);
        QVERIFY(doc.ok());
        const PrinterCharset charset(profile);
        QCOMPARE(doc->columns, profile.columns);
        for (const ReceiptLine &l : doc->lines) {
            if (l.kind != ReceiptLine::Kind::Text)
                continue;
            const int room = l.large ? profile.columns / 2 : profile.columns;
            QVERIFY2(charset.width(l.text) <= room, qPrintable(l.text));
            QVERIFY2(!l.text.endsWith(QLatin1Char(' ')), qPrintable(l.text)); // nothing wasted on trailing spaces
            QVERIFY(!l.text.contains(QChar(0x00A5)));                         // never the ¥ sign
            for (QChar c : l.text)
                QVERIFY(c.unicode() >= 0x20);
        }
    }

    void longNameAndAddressWrapWholly()
    {
        ReceiptTemplate t = zh();
        t.setNameMask(NameMask::None);
        const Receipt r = hostile();
        const QStringList all = lines(r, PrinterProfile::generic58(), t);
        const qsizetype nameAt = all.indexOf(lineWith(all, QStringLiteral("户名")));
        const qsizetype addressAt = all.indexOf(lineWith(all, QStringLiteral("地址")));
        QVERIFY(nameAt >= 0 && addressAt > nameAt);
        QString name;
        for (qsizetype i = nameAt; i < addressAt; ++i) {
            QVERIFY(i == nameAt || all.at(i).startsWith(QStringLiteral("     "))); // hanging indent
            name += all.at(i).mid(i == nameAt ? 3 : 5);
        }
        QCOMPARE(name, r.customerName);
        QVERIFY(addressAt - nameAt > 10); // 500 characters do not fit on a few lines
        QString address;
        for (qsizetype i = addressAt; i < all.size() && !all.at(i).startsWith(QLatin1Char('-')); ++i)
            address += all.at(i).mid(i == addressAt ? 3 : 5);
        QCOMPARE(address, r.address);
    }

    void wordsAndNamesWrapWhole()
    {
        // English: at spaces, never inside a word ("alr / eady").
        Receipt r = standard();
        r.address = QStringLiteral("Riverside Mansions block C, the house that was already painted blue, behind the "
                                   "old mill");
        const QStringList en =
            lines(r, PrinterProfile::generic58(), ReceiptTemplate::builtIn(ReceiptTemplate::Language::En));
        const qsizetype at = en.indexOf(lineWith(en, QStringLiteral("Address")));
        QVERIFY(at >= 0);
        QStringList words;
        for (qsizetype i = at; i < en.size() && !en.at(i).startsWith(QLatin1Char('-')); ++i)
            words += en.at(i).mid(i == at ? 8 : 0).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QCOMPARE(words, r.address.split(QLatin1Char(' ')));

        // A utility's name too wide for double size but not for a line is printed whole, at
        // normal size, rather than "示范县供电有限公 / 司".
        r = standard();
        r.utilityName = QStringLiteral("示范县供电有限公司"); // 18 columns; double size has 16
        const Result<ReceiptDocument> doc = ReceiptLayout::layout(r, zh(), PrinterProfile::generic58());
        QVERIFY(doc.ok());
        bool whole = false;
        for (const ReceiptLine &l : doc->lines) {
            QVERIFY2(l.text != QStringLiteral("司"), "the name was broken");
            whole = whole || (l.text == r.utilityName && !l.large && l.bold);
        }
        QVERIFY(whole);
        // One that fits double size stays double size.
        r.utilityName = QStringLiteral("示范县供电公司");
        const Result<ReceiptDocument> small = ReceiptLayout::layout(r, zh(), PrinterProfile::generic58());
        QVERIFY(small.ok());
        QVERIFY(std::any_of(small->lines.cbegin(), small->lines.cend(),
                            [&r](const ReceiptLine &l) { return l.text == r.utilityName && l.large; }));
    }

    void amountsRightAligned_data()
    {
        QTest::addColumn<QString>("profileId");
        QTest::newRow("58") << QStringLiteral("generic-58");
        QTest::newRow("80") << QStringLiteral("generic-80");
    }
    void amountsRightAligned()
    {
        QFETCH(QString, profileId);
        const PrinterProfile p = PrinterProfile::byId(profileId).value();
        const PrinterCharset charset(p);
        for (const QString &label : {QStringLiteral("合计"), QStringLiteral("实收"), QStringLiteral("找零")}) {
            const QString l = lineWith(lines(standard(), p), label);
            QCOMPARE(charset.width(l), p.columns);
            QVERIFY(l.endsWith(QLatin1Char('0')) || l.endsWith(QLatin1Char('1')) || l.endsWith(QLatin1Char('9')));
        }
    }

    void amountFormat_data()
    {
        QTest::addColumn<qint64>("fen");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("￥0.00");
        QTest::newRow("fen") << qint64(5) << QStringLiteral("￥0.05");
        QTest::newRow("grouping") << qint64(123456789) << QStringLiteral("￥1,234,567.89");
        QTest::newRow("negative") << qint64(-1000) << QStringLiteral("-￥10.00");
        QTest::newRow("max") << Money::MaxFen << QStringLiteral("￥92,233,720,368,547.75");
        QTest::newRow("int64 min") << std::numeric_limits<qint64>::min()
                                   << QStringLiteral("-￥92,233,720,368,547,758.08");
    }
    void amountFormat()
    {
        QFETCH(qint64, fen);
        QFETCH(QString, text);
        QCOMPARE(ReceiptLayout::formatAmount(Money::fromFen(fen), QString(QChar(0xFFE5))), text);
    }

    void hugeAmountsStackBills()
    {
        Receipt r = standard();
        r.bills = {ReceiptBillLine{QStringLiteral("2024-01"), Money::fromFen(Money::MaxFen), Money::fromFen(0)}};
        const QStringList all = lines(r);
        const qsizetype at = all.indexOf(QStringLiteral("2024-01"));
        QVERIFY(at >= 0);
        QVERIFY(all.at(at + 1).startsWith(QStringLiteral("  本金")));
        QVERIFY(all.at(at + 1).endsWith(QStringLiteral("￥92,233,720,368,547.75")));
        QVERIFY(all.at(at + 2).startsWith(QStringLiteral("  违约金")));
        QVERIFY(all.at(at + 2).endsWith(QStringLiteral("￥0.00")));
    }

    void marks()
    {
        const QStringList dup = lines(standard().asPrint(3));
        QVERIFY(dup.contains(QStringLiteral("      重打 DUPLICATE 第3次")));
        QVERIFY(lineWith(dup, QStringLiteral("上次打印中断")).isEmpty());
        const QStringList cont = lines(standard().asPrint(2, true));
        QVERIFY(!lineWith(cont, QStringLiteral("上次打印中断 续打")).isEmpty());
        QVERIFY(!lineWith(cont, QStringLiteral("重打 DUPLICATE 第2次")).isEmpty());
        // Marks come before any customer data: a torn receipt still shows it.
        QVERIFY(cont.indexOf(lineWith(cont, QStringLiteral("重打"))) <
                cont.indexOf(lineWith(cont, QStringLiteral("收据号"))));
        ReceiptTemplate en = ReceiptTemplate::builtIn(ReceiptTemplate::Language::En);
        QVERIFY(!lineWith(lines(standard().asPrint(2), PrinterProfile::generic58(), en),
                          QStringLiteral("DUPLICATE - PRINT #2"))
                     .isEmpty());
    }

    void voidReceipt()
    {
        VoidRecord v{42, QStringLiteral("收错户"), QStringLiteral("王主管")};
        const Receipt r =
            Receipt::fromVoid(entry(43, EntryKind::Void), v, entry(), payment(), account(), context()).value();
        Result<ReceiptDocument> doc = ReceiptLayout::layout(r, zh(), PrinterProfile::generic58());
        bool largeVoid = false;
        for (const ReceiptLine &l : doc->lines)
            largeVoid = largeVoid || (l.large && l.text == QStringLiteral("作废 VOID"));
        QVERIFY(largeVoid);
        const QStringList all = doc->textLines(PrinterCharset(PrinterProfile::generic58()));
        QCOMPARE(lineWith(all, QStringLiteral("收据号")), QStringLiteral("收据号             D001-00000043"));
        QCOMPARE(lineWith(all, QStringLiteral("原收据号")), QStringLiteral("原收据号           D001-00000042"));
        QCOMPARE(lineWith(all, QStringLiteral("作废金额")), QStringLiteral("作废金额                ￥367.99"));
        QCOMPARE(lineWith(all, QStringLiteral("原因")), QStringLiteral("原因 收错户"));
        QCOMPARE(lineWith(all, QStringLiteral("审批人")), QStringLiteral("审批人 王主管"));
        QVERIFY(lineWith(all, QStringLiteral("找零")).isEmpty());
    }

    void zReport()
    {
        ZReportFigures z;
        z.reportNumber = QStringLiteral("D001-Z00000007");
        z.openedMs = timeMs();
        z.closedMs = timeMs() + 8 * 3600 * 1000;
        z.paymentCount = 23;
        z.paymentTotal = Money::fromFen(456789);
        z.byMethod = {ZReportMethodLine{PaymentMethod::Cash, 20, Money::fromFen(400000)},
                      ZReportMethodLine{PaymentMethod::BankCard, 3, Money::fromFen(56789)}};
        z.penaltyTotal = Money::fromFen(1234);
        z.prepaidTotal = Money::fromFen(5000);
        z.voidCount = 1;
        z.voidTotal = Money::fromFen(36799);
        z.visitCount = 9;
        z.receiptsPrinted = 24;
        z.reprints = 1;
        z.openingFloat = Money::fromFen(20000);
        z.expectedCash = Money::fromFen(420000);
        z.countedCash = Money::fromFen(419000);
        z.supervisorName = QStringLiteral("王主管");
        const QStringList all = lines(Receipt::fromZReport(z, context()));
        QVERIFY(!lineWith(all, QStringLiteral("收费日结单")).isEmpty());
        // The report's number says it is a report, not a receipt.
        QVERIFY(lineWith(all, QStringLiteral("收据号")).isEmpty());
        QCOMPARE(lineWith(all, QStringLiteral("日结单号")), QStringLiteral("日结单号          D001-Z00000007"));
        const QStringList inEnglish = lines(Receipt::fromZReport(z, context()), PrinterProfile::generic58(),
                                            ReceiptTemplate::builtIn(ReceiptTemplate::Language::En));
        QVERIFY(lineWith(inEnglish, QStringLiteral("Receipt ")).isEmpty()); // "Receipts printed" is a figure
        QCOMPARE(lineWith(inEnglish, QStringLiteral("Report no.")), QStringLiteral("Report no.        D001-Z00000007"));
        QCOMPARE(lineWith(all, QStringLiteral("开班")), QStringLiteral("开班            2024-05-01 14:03"));
        QCOMPARE(lineWith(all, QStringLiteral("结班")), QStringLiteral("结班            2024-05-01 22:03"));
        QCOMPARE(lineWith(all, QStringLiteral("收费笔数")), QStringLiteral("收费笔数                      23"));
        QCOMPARE(lineWith(all, QStringLiteral("收费合计")), QStringLiteral("收费合计              ￥4,567.89"));
        QCOMPARE(lineWith(all, QStringLiteral("现金 20")), QStringLiteral("  现金 20             ￥4,000.00"));
        QCOMPARE(lineWith(all, QStringLiteral("银行卡 3")), QStringLiteral("  银行卡 3              ￥567.89"));
        QCOMPARE(lineWith(all, QStringLiteral("其中违约金")), QStringLiteral("其中违约金               ￥12.34"));
        QCOMPARE(lineWith(all, QStringLiteral("作废笔数")), QStringLiteral("作废笔数                       1"));
        QCOMPARE(lineWith(all, QStringLiteral("未缴走访")), QStringLiteral("未缴走访                       9"));
        QCOMPARE(lineWith(all, QStringLiteral("重打凭证")), QStringLiteral("重打凭证                       1"));
        QCOMPARE(lineWith(all, QStringLiteral("应交现金")), QStringLiteral("应交现金              ￥4,200.00"));
        QCOMPARE(lineWith(all, QStringLiteral("实点现金")), QStringLiteral("实点现金              ￥4,190.00"));
        QCOMPARE(lineWith(all, QStringLiteral("差额")), QStringLiteral("差额                    -￥10.00"));
        QCOMPARE(lineWith(all, QStringLiteral("复核人")), QStringLiteral("复核人 王主管"));
        QVERIFY(lineWith(all, QStringLiteral("户名")).isEmpty());
        QVERIFY(lineWith(all, QStringLiteral("请妥善保管")).isEmpty()); // customer footer is not for the Z-report

        const QStringList zeros = lines(Receipt::fromZReport(ZReportFigures{}, context()));
        QCOMPARE(lineWith(zeros, QStringLiteral("差额")), QStringLiteral("差额                      ￥0.00"));
    }

    void prepaidInsteadOfOwed()
    {
        Receipt r = standard();
        r.prepaid = Money::fromFen(3201);
        r.change = Money();
        const QStringList all = lines(r);
        QCOMPARE(lineWith(all, QStringLiteral("预存")), QStringLiteral("预存                     ￥32.01"));
        QVERIFY(lineWith(all, QStringLiteral("尚欠")).isEmpty());
    }

    void cardPaymentHasNoChange()
    {
        Receipt r = standard();
        r.method = PaymentMethod::BankCard;
        r.methodReference = QStringLiteral("POS-778812");
        const QStringList all = lines(r);
        QCOMPARE(lineWith(all, QStringLiteral("支付方式")), QStringLiteral("支付方式                  银行卡"));
        QCOMPARE(lineWith(all, QStringLiteral("凭证号")), QStringLiteral("凭证号 POS-778812"));
        QVERIFY(lineWith(all, QStringLiteral("找零")).isEmpty());
        QVERIFY(lineWith(all, QStringLiteral("实收")).isEmpty());
    }

    void templateChoices()
    {
        ReceiptTemplate t = zh();
        t.setShown(ReceiptTemplate::Field::Address, false);
        t.setShown(ReceiptTemplate::Field::Collector, false);
        t.setNameMask(NameMask::None);
        const QStringList all = lines(standard(), PrinterProfile::generic58(), t);
        QVERIFY(lineWith(all, QStringLiteral("地址")).isEmpty());
        QVERIFY(lineWith(all, QStringLiteral("收费员")).isEmpty());
        QCOMPARE(lineWith(all, QStringLiteral("户名")), QStringLiteral("户名 张三明"));

        const QStringList en =
            lines(standard(), PrinterProfile::generic58(), ReceiptTemplate::builtIn(ReceiptTemplate::Language::En));
        QCOMPARE(lineWith(en, QStringLiteral("Total")), QStringLiteral("Total                   ￥367.99"));
        QCOMPARE(lineWith(en, QStringLiteral("Paid by")), QStringLiteral("Paid by                     Cash"));
    }

    void latinPrinter()
    {
        const QStringList all =
            lines(standard(), PrinterProfile::latin80(), ReceiptTemplate::builtIn(ReceiptTemplate::Language::En));
        QCOMPARE(lineWith(all, QStringLiteral("Total")),
                 QStringLiteral("Total                                 CNY 367.99"));
        QCOMPARE(lineWith(all, QStringLiteral("Name")), QStringLiteral("Name ?*?")); // no Chinese font: visible '?'
    }

    void tooWideTemplateRefused()
    {
        ReceiptTemplate t = zh();
        t.setPaperWidthMm(80);
        Result<ReceiptDocument> doc = ReceiptLayout::layout(standard(), t, PrinterProfile::generic58());
        QVERIFY(!doc.ok());
        QCOMPARE(doc.error().code, QStringLiteral("printing.layout.too-wide"));
        t.setPaperWidthMm(58);
        Result<ReceiptDocument> narrow = ReceiptLayout::layout(standard(), t, PrinterProfile::generic80());
        QVERIFY(narrow.ok());
        QCOMPARE(narrow->columns, 32);
        QCOMPARE(narrow->dots, 384);
    }
};

QTEST_GUILESS_MAIN(TestReceiptLayout)
#include "tst_receiptlayout.moc"
