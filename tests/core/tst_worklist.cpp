#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <cstring>

#include "demoworklist.h"
#include "worklist.h"

// The worklist file: what the writer writes the reader reads back unchanged, and every way a
// file can be wrong is refused with a code and the line and field at fault.

namespace {

/** Keeps what the reader hands over; can refuse a record to test that a sink error stops it. */
class CollectingSink : public WorklistSink
{
public:
    Status header(const WorklistHeader &h) override
    {
        headers.append(h);
        return success();
    }
    Status account(const Account &a) override
    {
        if (failAtAccount == accounts.size())
            return Error{QStringLiteral("test.refused"), QStringLiteral("refused by the sink")};
        accounts.append(a);
        return success();
    }
    Status bill(const Bill &b) override
    {
        bills.append(b);
        return success();
    }

    QList<WorklistHeader> headers;
    QList<Account> accounts;
    QList<Bill> bills;
    qsizetype failAtAccount = -1;
};

Result<WorklistSummary> readBytes(const QByteArray &bytes, WorklistSink &sink)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    return readWorklist(buffer, sink);
}

Result<WorklistSummary> readBytes(const QByteArray &bytes)
{
    CollectingSink sink;
    return readBytes(bytes, sink);
}

WorklistHeader sampleHeader()
{
    WorklistHeader h;
    h.routeId = QStringLiteral("R-042 石桥");
    h.version = 20250115;
    h.generated = QDate(2025, 1, 15);
    h.utilityName = QStringLiteral("国网示范县供电公司");
    h.numberRule = AccountNumberRule(QStringLiteral("[0-9]{10}"), AccountNumberRule::CheckDigit::None);
    h.allocationOrder = AllocationOrder::AllPenaltiesFirst;
    h.policy.setGraceDays(3);
    h.policy.setMinimumTotal(Money::fromFen(50));
    h.policy.setRates(CustomerClass::Commercial, {2500, 3500});
    return h;
}

QList<Account> sampleAccounts()
{
    Account a;
    a.number = QStringLiteral("3300000012");
    a.name = QStringLiteral("张三丰");
    a.address = QStringLiteral("石桥镇李家村3组12号");
    a.village = QStringLiteral("李家村");
    a.walkOrder = 10;
    a.meterNumber = QStringLiteral("610000000001");
    a.customerClass = CustomerClass::Residential;
    a.phone = QStringLiteral("13800000000");
    Account b = a;
    b.number = QStringLiteral("3300000020");
    b.name = QStringLiteral("王喆堃"); // GBK-only characters
    b.address = QString();
    b.walkOrder = 0;
    b.meterNumber = QString();
    b.customerClass = CustomerClass::Agricultural;
    b.phone = QString();
    Account c = a;
    c.number = QStringLiteral("3300000038");
    c.name = QStringLiteral("Lotus Road 商店 “quoted” 𠮷"); // a supplementary-plane character too
    c.address = QStringLiteral("城关镇 Lotus Road 12号");
    c.village = QStringLiteral("城关镇");
    c.walkOrder = 999999999;
    c.customerClass = CustomerClass::Commercial;
    c.prepaidBalance = Money::fromFen(1250);
    return {a, b, c};
}

QList<Bill> sampleBills()
{
    Bill b1{QStringLiteral("B-1"),
            QStringLiteral("3300000012"),
            QStringLiteral("2024-11"),
            Money::fromFen(12345),
            QDate(2024, 12, 25),
            Money(),
            {},
            {}};
    Bill b2{QStringLiteral("B-2"), QStringLiteral("3300000012"), QStringLiteral("2024-12"),
            Money::fromFen(8800),  QDate(2025, 1, 25),           Money::fromFen(1000),
            Money::fromFen(37), // part paid on 10 Feb: its penalty settled through then, ¥0.37 of it left
            QDate(2025, 2, 10)};
    Bill b3{QStringLiteral("B-3"),
            QStringLiteral("3300000038"),
            QStringLiteral("2024-12"),
            Money::fromFen(500000),
            QDate(2025, 1, 25),
            Money::fromFen(500000),
            {},
            {}};
    return {b1, b2, b3};
}

QByteArray sampleFile()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    WorklistWriter writer(buffer);
    writer.writeHeader(sampleHeader());
    const QList<Account> accounts = sampleAccounts();
    const QList<Bill> bills = sampleBills();
    writer.writeAccount(accounts[0]);
    writer.writeBill(bills[0]);
    writer.writeBill(bills[1]);
    writer.writeAccount(accounts[1]);
    writer.writeAccount(accounts[2]);
    writer.writeBill(bills[2]);
    if (!writer.finish())
        qFatal("the sample worklist could not be written");
    return buffer.data();
}

/// The sample's lines before its END line, each without its LF.
QList<QByteArray> sampleLines()
{
    QList<QByteArray> lines = sampleFile().split('\n');
    lines.removeLast(); // empty after the last LF
    lines.removeLast(); // END
    return lines;
}

/// How many lines of the sample come before its first A line.
qsizetype headerLineCount()
{
    const QList<QByteArray> lines = sampleLines();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].startsWith("A\t"))
            return i;
    }
    return -1;
}

/// A file from lines, with a correct END (counts of A and B lines, hash), so that only the
/// fault planted in the lines is wrong.
QByteArray withEnd(const QList<QByteArray> &lines, const QByteArray &eol = "\n")
{
    QByteArray body;
    qint64 accounts = 0;
    qint64 bills = 0;
    for (const QByteArray &line : lines) {
        body += line + eol;
        accounts += line.startsWith("A\t") ? 1 : 0;
        bills += line.startsWith("B\t") ? 1 : 0;
    }
    return body + "END\t" + QByteArray::number(accounts) + '\t' + QByteArray::number(bills) + '\t' +
           QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex() + eol;
}

QByteArray field(const QByteArray &line, int index)
{
    return line.split('\t').value(index);
}

QByteArray withField(const QByteArray &line, int index, const QByteArray &value)
{
    QList<QByteArray> fields = line.split('\t');
    fields[index] = value;
    return fields.join('\t');
}

/// The index in sampleLines() of the first line starting with `prefix`.
qsizetype lineIndex(const QByteArray &prefix)
{
    const QList<QByteArray> lines = sampleLines();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].startsWith(prefix))
            return i;
    }
    qFatal("no sample line starts with %s", prefix.constData());
}

QByteArray demoFile(qint64 accounts, quint64 seed,
                    AccountNumberRule::CheckDigit checkDigit = AccountNumberRule::CheckDigit::None)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!DemoWorklist({accounts, seed, QDate(2025, 1, 15), checkDigit}).write(buffer))
        qFatal("demo worklist failed");
    return buffer.data();
}

} // namespace

class TestWorklist : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void fixtureFileReads();
    void demoDataReadsBack_data();
    void demoDataReadsBack();
    void demoDataIsDeterministic();
    void refused_data();
    void refused();
    void refusedFile_data();
    void refusedFile();
    void hashAndCounts();
    void truncatedAnywhereIsRefused();
    void everySingleByteChangeIsRefused();
    void crlfAccepted();
    void shortReadsGiveTheSameResult();
    void emptyRouteIsValid();
    void billForAnEarlierAccount();
    void sinkErrorStopsTheRead();
    void writerRefusesWhatTheFormatCannotCarry();
    void writerReportsAFailedDevice();
    void writerSpellsAmountsAsMoneyDoes_data();
    void writerSpellsAmountsAsMoneyDoes();
};

void TestWorklist::roundTrip()
{
    CollectingSink sink;
    const Result<WorklistSummary> r = readBytes(sampleFile(), sink);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QCOMPARE(r->accounts, 3);
    QCOMPARE(r->bills, 3);

    QCOMPARE(sink.headers.size(), 1);
    const WorklistHeader &h = sink.headers.constFirst();
    const WorklistHeader expected = sampleHeader();
    QCOMPARE(h.routeId, expected.routeId);
    QCOMPARE(h.version, expected.version);
    QCOMPARE(h.generated, expected.generated);
    QCOMPARE(h.utilityName, expected.utilityName);
    QCOMPARE(h.numberRule.pattern(), expected.numberRule.pattern());
    QCOMPARE(h.numberRule.checkDigit(), expected.numberRule.checkDigit());
    QCOMPARE(h.allocationOrder, expected.allocationOrder);
    QVERIFY(h.policy == expected.policy);
    QVERIFY(!(h.policy == PenaltyPolicy::prcDefault())); // the sample's policy really travelled

    QCOMPARE(sink.accounts, sampleAccounts());
    QCOMPARE(sink.bills, sampleBills());
}

void TestWorklist::fixtureFileReads()
{
    // tests/data/worklist-sample.txt: the sample as a file a person can read, CRLF-free UTF-8.
    // It must stay byte-identical to what the writer produces today.
    const QString dir = qEnvironmentVariable("DOORSTEP_TEST_DATA");
    const QString path =
        dir.isEmpty() ? QFINDTESTDATA("../data/worklist-sample.txt") : dir + QStringLiteral("/worklist-sample.txt");
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    const QByteArray bytes = file.readAll();
    QCOMPARE(bytes, sampleFile());
    CollectingSink sink;
    QVERIFY(readBytes(bytes, sink).ok());
    QCOMPARE(sink.accounts, sampleAccounts());
}

void TestWorklist::demoDataReadsBack_data()
{
    QTest::addColumn<AccountNumberRule::CheckDigit>("checkDigit");
    QTest::newRow("plain") << AccountNumberRule::CheckDigit::None;
    QTest::newRow("luhn") << AccountNumberRule::CheckDigit::Luhn;
    QTest::newRow("mod11") << AccountNumberRule::CheckDigit::Mod11;
}

void TestWorklist::demoDataReadsBack()
{
    QFETCH(AccountNumberRule::CheckDigit, checkDigit);
    const QByteArray file = demoFile(3000, 42, checkDigit);
    CollectingSink sink;
    const Result<WorklistSummary> r = readBytes(file, sink);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QCOMPARE(r->accounts, 3000);
    QCOMPARE(r->bills, file.count("\nB\t"));
    QCOMPARE(sink.headers.constFirst().numberRule.checkDigit(), checkDigit);

    // The mix the generator promises: mostly residential, GBK-only names, arrears reaching back
    // past New Year, partly paid bills, prepaid credit, accounts with nothing owed.
    int residential = 0, prepaid = 0, gbkOnly = 0;
    for (const Account &a : std::as_const(sink.accounts)) {
        residential += a.customerClass == CustomerClass::Residential;
        prepaid += a.prepaidBalance.isPositive();
        gbkOnly += a.name.contains(QChar(u'喆')) || a.name.contains(QChar(u'堃')) || a.name.contains(QChar(u'玥'));
        QVERIFY(sink.headers.constFirst().numberRule.validate(a.number).ok());
    }
    QVERIFY(residential > 2400 && residential < 2900);
    QVERIFY(prepaid > 0);
    QVERIFY(gbkOnly > 0);
    int partlyPaid = 0, lastYear = 0;
    QSet<QString> withBills;
    for (const Bill &b : std::as_const(sink.bills)) {
        partlyPaid += b.amountPaid.isPositive() && b.amountPaid < b.amount;
        lastYear += b.dueDate.year() < 2025;
        withBills.insert(b.accountNumber);
    }
    QVERIFY(partlyPaid > 0);
    QVERIFY(lastYear > 0);
    QVERIFY(withBills.size() < 3000);
}

void TestWorklist::demoDataIsDeterministic()
{
    QCOMPARE(demoFile(500, 7), demoFile(500, 7));
    QVERIFY(demoFile(500, 7) != demoFile(500, 8));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(!DemoWorklist({DemoWorklist::MaxAccounts + 1, 1, QDate(2025, 1, 15), {}}).write(buffer));
    QVERIFY(!DemoWorklist({10, 1, QDate(), {}}).write(buffer));
}

// Each row plants one fault in the sample's lines (END recomputed so only that fault is wrong)
// and names the code, line and field the reader must report.
void TestWorklist::refused_data()
{
    QTest::addColumn<QList<QByteArray>>("lines");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("line");  // 1-based
    QTest::addColumn<int>("field"); // 0: the message names no field
    QTest::addColumn<QString>("fieldName");

    const QList<QByteArray> base = sampleLines();
    const qsizetype a1 = lineIndex("A\t3300000012"); // first account
    const qsizetype a3 = lineIndex("A\t3300000038");
    const qsizetype b1 = lineIndex("B\tB-1");
    const qsizetype b2 = lineIndex("B\tB-2");
    const qsizetype headerLines = headerLineCount();

    const auto replace = [&](qsizetype index, const QByteArray &line) {
        QList<QByteArray> l = base;
        l[index] = line;
        return l;
    };
    const auto account = [&](int f, const QByteArray &v) { return replace(a1, withField(base[a1], f, v)); };
    const auto bill = [&](int f, const QByteArray &v) { return replace(b2, withField(base[b2], f, v)); };
    const int aLine = int(a1 + 1);
    const int bLine = int(b2 + 1);
    const QString bf = QStringLiteral("worklist.bad-field");

    // Account fields.
    QTest::newRow("number too short") << account(1, "330000001") << bf << aLine << 2 << "account number";
    QTest::newRow("number with letters") << account(1, "33000000AB") << bf << aLine << 2 << "account number";
    QTest::newRow("number with spaces") << account(1, " 3300000012") << bf << aLine << 2 << "account number";
    QTest::newRow("number full-width") << account(1, "３３００００００１２") << bf << aLine << 2 << "account number";
    QTest::newRow("empty name") << account(2, "") << bf << aLine << 3 << "name";
    QTest::newRow("blank name") << account(2, "   ") << bf << aLine << 3 << "name";
    QTest::newRow("empty village") << account(4, "") << bf << aLine << 5 << "village";
    QTest::newRow("walk order negative") << account(5, "-1") << bf << aLine << 6 << "walk order";
    QTest::newRow("walk order text") << account(5, "ten") << bf << aLine << 6 << "walk order";
    QTest::newRow("walk order exponent") << account(5, "1e3") << bf << aLine << 6 << "walk order";
    QTest::newRow("walk order huge") << account(5, "99999999999999999999") << bf << aLine << 6 << "walk order";
    QTest::newRow("walk order empty") << account(5, "") << bf << aLine << 6 << "walk order";
    QTest::newRow("unknown class") << account(7, "vip") << bf << aLine << 8 << "class";
    QTest::newRow("prepaid three decimals") << account(9, "1.234") << bf << aLine << 10 << "prepaid balance";
    QTest::newRow("prepaid negative") << account(9, "-1.00") << bf << aLine << 10 << "prepaid balance";
    QTest::newRow("prepaid grouped") << account(9, "1,000.00") << bf << aLine << 10 << "prepaid balance";
    QTest::newRow("prepaid currency") << account(9, "¥1.00") << bf << aLine << 10 << "prepaid balance";
    QTest::newRow("prepaid huge") << account(9, "99999999999999999999999999") << bf << aLine << 10 << "prepaid balance";
    QTest::newRow("account too few fields")
        << replace(a1, base[a1].left(base[a1].lastIndexOf('\t'))) << bf << aLine << 10 << "prepaid balance";
    QTest::newRow("account extra field") << replace(a1, base[a1] + "\tmore") << bf << aLine << 11 << "extra field";
    QTest::newRow("10k-char name") << account(2, QByteArray(10'000, 'x')) << bf << aLine << 3 << "name";
    QTest::newRow("10k-char CJK address")
        << account(3, QString(10'000, QChar(u'村')).toUtf8()) << bf << aLine << 4 << "address";
    QTest::newRow("10k fields") << replace(a1, base[a1] + QByteArray(10'000, '\t')) << bf << aLine << 11
                                << "extra field";

    // Bill fields.
    QTest::newRow("amount three decimals") << bill(4, "12.345") << bf << bLine << 5 << "amount";
    QTest::newRow("amount negative") << bill(4, "-12.34") << bf << bLine << 5 << "amount";
    QTest::newRow("amount empty") << bill(4, "") << bf << bLine << 5 << "amount";
    QTest::newRow("amount trailing point") << bill(4, "12.") << bf << bLine << 5 << "amount";
    QTest::newRow("amount exponent") << bill(4, "1e5") << bf << bLine << 5 << "amount";
    QTest::newRow("amount huge") << bill(4, "99999999999999999999") << bf << bLine << 5 << "amount";
    QTest::newRow("amount 10k digits") << bill(4, QByteArray(10'000, '9')) << bf << bLine << 5 << "amount";
    QTest::newRow("period month 13") << bill(3, "2024-13") << bf << bLine << 4 << "period";
    QTest::newRow("period with day") << bill(3, "2024-12-01") << bf << bLine << 4 << "period";
    QTest::newRow("period short") << bill(3, "2024-1") << bf << bLine << 4 << "period";
    QTest::newRow("due date not padded") << bill(5, "2025-1-25") << bf << bLine << 6 << "due date";
    QTest::newRow("due date impossible") << bill(5, "2025-02-30") << bf << bLine << 6 << "due date";
    QTest::newRow("due date slashes") << bill(5, "2025/01/25") << bf << bLine << 6 << "due date";
    QTest::newRow("due date with time") << bill(5, "2025-01-25T00:00") << bf << bLine << 6 << "due date";
    QTest::newRow("paid more than amount") << bill(6, "88.01") << bf << bLine << 7 << "amount paid";
    QTest::newRow("bill id empty") << bill(1, "") << bf << bLine << 2 << "bill id";
    QTest::newRow("bill id too long") << bill(1, QByteArray(65, 'b')) << bf << bLine << 2 << "bill id";
    QTest::newRow("bill too few fields") << replace(b2, "B\tB-2\t3300000012") << bf << bLine << 4 << "period";
    QTest::newRow("penalty carried negative") << bill(7, "-0.37") << bf << bLine << 8 << "penalty carried";
    QTest::newRow("penalty carried 3 decimals") << bill(7, "0.375") << bf << bLine << 8 << "penalty carried";
    QTest::newRow("settled through not a date")
        << bill(8, "2025-02-30") << bf << bLine << 9 << "penalty settled through";
    QTest::newRow("settled through before due")
        << bill(8, "2025-01-24") << bf << bLine << 9 << "penalty settled through";
    QTest::newRow("penalty carried without its day")
        << replace(b2, "B\tB-2\t3300000012\t2024-12\t88.00\t2025-01-25\t10.00\t0.37") << bf << bLine << 9
        << "penalty settled through";

    // Structure.
    QTest::newRow("unknown record type") << replace(b2, "X\tsomething") << bf << bLine << 1 << "record type";
    QTest::newRow("empty line") << replace(b2, "") << bf << bLine << 1 << "record type";
    QTest::newRow("meta after accounts") << replace(b2, "M\troute\tR-2") << bf << bLine << 1 << "record type";
    QTest::newRow("policy after accounts") << replace(b2, "P\tgrace-days\t1") << bf << bLine << 1 << "record type";
    QTest::newRow("line too long") << replace(b2, "B\t" + QByteArray(70'000, 'x')) << bf << bLine << 0 << QString();

    QTest::newRow("duplicate account") << replace(a3, withField(base[a3], 1, "3300000012"))
                                       << QStringLiteral("worklist.duplicate-account") << int(a3 + 1) << 2
                                       << "account number";
    QTest::newRow("duplicate bill") << bill(1, "B-1") << QStringLiteral("worklist.duplicate-bill") << bLine << 2
                                    << "bill id";
    QTest::newRow("unknown account") << bill(2, "3300000099") << QStringLiteral("worklist.unknown-account") << bLine
                                     << 3 << "account number";
    {
        // A bill before its account's line.
        QList<QByteArray> l = base;
        l.move(b1, a1);
        QTest::newRow("bill before its account")
            << l << QStringLiteral("worklist.unknown-account") << int(a1 + 1) << 3 << "account number";
    }

    // Hostile bytes.
    const QString cc = QStringLiteral("worklist.control-character");
    QTest::newRow("ESC in name") << account(2, "张\x1b[2J三") << cc << aLine << 3 << "name";
    QTest::newRow("ESC @ printer reset") << account(3, "\x1b@") << cc << aLine << 4 << "address";
    QTest::newRow("NUL in name") << account(2, QByteArray("张\0三", 7)) << cc << aLine << 3 << "name";
    QTest::newRow("DEL in phone") << account(8, "138\x7f") << cc << aLine << 9 << "phone";
    QTest::newRow("C1 CSI in name") << account(2, "\xc2\x9b"
                                                  "2J")
                                    << cc << aLine << 3 << "name";
    QTest::newRow("CR mid-line") << account(2, "张\r三") << cc << aLine << 3 << "name";
    QTest::newRow("vertical tab") << bill(1, "B\x0b") << cc << bLine << 2 << "bill id";
    QTest::newRow("control in record type") << replace(b2, "\x1b"
                                                           "B")
                                            << cc << bLine << 1 << "record type";
    const QString u8 = QStringLiteral("worklist.bad-utf8");
    QTest::newRow("0xFF byte") << account(2, "张\xff") << u8 << aLine << 3 << "name";
    QTest::newRow("lone continuation") << account(3, "\x80") << u8 << aLine << 4 << "address";
    QTest::newRow("overlong slash") << account(2, "\xc0\xaf") << u8 << aLine << 3 << "name";
    QTest::newRow("overlong 3-byte") << account(2, "\xe0\x80\xaf") << u8 << aLine << 3 << "name";
    QTest::newRow("surrogate") << account(2, "\xed\xa0\x80") << u8 << aLine << 3 << "name";
    QTest::newRow("beyond U+10FFFF") << account(2, "\xf4\x90\x80\x80") << u8 << aLine << 3 << "name";
    QTest::newRow("cut sequence") << account(2, "\xe5\xbc") << u8 << aLine << 3 << "name";
    QTest::newRow("GBK bytes") << account(2, "\xd5\xc5\xc8\xfd") << u8 << aLine << 3 << "name";
    QTest::newRow("Latin-1 in bill") << bill(1, "B-\xe9") << u8 << bLine << 2 << "bill id";

    // Header.
    const auto metaIndex = [&](const char *key) { return lineIndex(QByteArray("M\t") + key + '\t'); };
    const auto meta = [&](const char *key, const QByteArray &value) {
        return replace(metaIndex(key), QByteArray("M\t") + key + '\t' + value);
    };
    const QString mm = QStringLiteral("worklist.missing-meta");
    for (const char *key :
         {"route", "version", "generated", "utility", "account-pattern", "check-digit", "allocation-order"}) {
        QList<QByteArray> l = base;
        l.removeAt(metaIndex(key));
        // Missing is noticed at the first account line, one line earlier now.
        QTest::newRow(qPrintable(QStringLiteral("missing %1").arg(QLatin1String(key))))
            << l << mm << int(headerLines) << 0 << QString();
    }
    QTest::newRow("version text") << meta("version", "v2") << bf << int(metaIndex("version") + 1) << 3 << "value";
    QTest::newRow("version negative") << meta("version", "-1") << bf << int(metaIndex("version") + 1) << 3 << "value";
    QTest::newRow("generated not ISO") << meta("generated", "15/01/2025") << bf << int(metaIndex("generated") + 1) << 3
                                       << "value";
    QTest::newRow("route empty") << meta("route", "") << bf << int(metaIndex("route") + 1) << 3 << "value";
    QTest::newRow("bad pattern") << meta("account-pattern", "[0-9") << bf << int(metaIndex("account-pattern") + 1) << 3
                                 << "value";
    QTest::newRow("unknown check digit") << meta("check-digit", "crc32") << bf << int(metaIndex("check-digit") + 1) << 3
                                         << "value";
    QTest::newRow("unknown allocation order")
        << meta("allocation-order", "random") << bf << int(metaIndex("allocation-order") + 1) << 3 << "value";
    {
        QList<QByteArray> l = base;
        l.insert(metaIndex("route") + 1, "M\troute\tR-2");
        QTest::newRow("meta twice") << l << bf << int(metaIndex("route") + 2) << 2 << "key";
        l = base;
        l.insert(metaIndex("route") + 1, "M\tcolour\tblue");
        QTest::newRow("unknown meta key") << l << bf << int(metaIndex("route") + 2) << 2 << "key";
        l = base;
        l.insert(headerLines, "P\tgrace-days\t1");
        QTest::newRow("policy twice") << l << bf << int(headerLines + 1) << 2 << "key";
        l = base;
        l.insert(headerLines, "P\tgrace-weeks\t1");
        QTest::newRow("unknown policy key") << l << bf << int(headerLines + 1) << 2 << "key";
        l = base;
        l[lineIndex("P\tgrace-days")] = "P\tgrace-days\tthree";
        QTest::newRow("policy bad value") << l << bf << int(lineIndex("P\tgrace-days") + 1) << 3 << "value";
        l = base;
        l[lineIndex("P\tgrace-days")] = "P\tgrace-days";
        QTest::newRow("policy line short") << l << bf << int(lineIndex("P\tgrace-days") + 1) << 3 << "value";
    }
    {
        // Under a Luhn rule a mistyped digit is caught at the line.
        QList<QByteArray> l = meta("check-digit", "luhn");
        QTest::newRow("wrong check digit") << l << bf << aLine << 2 << "account number";
    }
}

void TestWorklist::refused()
{
    QFETCH(QList<QByteArray>, lines);
    QFETCH(QString, code);
    QFETCH(int, line);
    QFETCH(int, field);
    QFETCH(QString, fieldName);

    const Result<WorklistSummary> r = readBytes(withEnd(lines));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, code);
    const QString prefix = field > 0 ? QStringLiteral("line %1, field %2 (%3): ").arg(line).arg(field).arg(fieldName)
                                     : QStringLiteral("line %1: ").arg(line);
    QVERIFY2(r.error().message.startsWith(prefix), qPrintable(r.error().message.left(300)));
    QVERIFY(r.error().message.size() > prefix.size() + 5); // and says what is wrong
}

// Faults in the frame of the file rather than in one record.
void TestWorklist::refusedFile_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("prefix");

    const QByteArray good = sampleFile();
    const QList<QByteArray> lines = sampleLines();
    const int endLine = int(lines.size() + 1);
    const QString magic = QStringLiteral("worklist.bad-magic");
    QTest::newRow("empty file") << QByteArray() << magic << "line 1: ";
    QTest::newRow("other format") << QByteArray("name,address\n张三,李家村\n") << magic << "line 1: ";
    QTest::newRow("version 2") << withEnd([&] {
        QList<QByteArray> l = lines;
        l[0] = "DOORSTEP-WORKLIST\t2";
        return l;
    }()) << magic << "line 1: ";
    QTest::newRow("UTF-8 BOM") << "\xef\xbb\xbf" + good << magic << "line 1: ";
    QTest::newRow("binary, no newline") << QByteArray(100'000, '\x01') << magic << "line 1: ";
    QTest::newRow("lower-case magic") << "doorstep-worklist" + good.mid(17) << magic << "line 1: ";

    const QString truncated = QStringLiteral("worklist.truncated");
    QTest::newRow("no END") << [&] {
        QByteArray b;
        for (const QByteArray &l : lines)
            b += l + '\n';
        return b;
    }() << truncated << QStringLiteral("line %1: ").arg(endLine - 1);
    QTest::newRow("END without LF") << good.chopped(1) << truncated << QStringLiteral("line %1: ").arg(endLine);
    QTest::newRow("header only") << QByteArray("DOORSTEP-WORKLIST\t1\n") << truncated << "line 1: ";

    const QString trailing = QStringLiteral("worklist.trailing-data");
    QTest::newRow("line after END") << good + "A\tx\n" << trailing << QStringLiteral("line %1: ").arg(endLine + 1);
    QTest::newRow("empty line after END") << good + "\n" << trailing << QStringLiteral("line %1: ").arg(endLine + 1);
    QTest::newRow("bytes after END") << good + "x" << trailing << QStringLiteral("line %1: ").arg(endLine + 1);
    QTest::newRow("second copy") << good + good << trailing << QStringLiteral("line %1: ").arg(endLine + 1);

    const QString bf = QStringLiteral("worklist.bad-field");
    QByteArray end = good.mid(good.lastIndexOf("END\t"));
    const QByteArray body = good.left(good.size() - end.size());
    QTest::newRow("END count not a number") << body + "END\tthree\t3\t" + field(end, 3) << bf
                                            << QStringLiteral("line %1, field 2 (accounts): ").arg(endLine);
    QTest::newRow("END count huge") << body + "END\t99999999999999999999999\t3\t" + field(end, 3) << bf
                                    << QStringLiteral("line %1, field 2 (accounts): ").arg(endLine);
    QTest::newRow("END hash short") << body + "END\t3\t3\tabc\n"
                                    << bf << QStringLiteral("line %1, field 4 (sha256): ").arg(endLine);
    QTest::newRow("END short") << body + "END\t3\t3\n"
                               << bf << QStringLiteral("line %1, field 4 (sha256): ").arg(endLine);
    QTest::newRow("END hash upper-case") << body + "END\t3\t3\t" + field(end, 3).toUpper()
                                         << QStringLiteral("worklist.hash-mismatch")
                                         << QStringLiteral("line %1, field 4 (sha256): ").arg(endLine);
}

void TestWorklist::refusedFile()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, code);
    QFETCH(QString, prefix);
    const Result<WorklistSummary> r = readBytes(file);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, code);
    QVERIFY2(r.error().message.startsWith(prefix), qPrintable(r.error().message));
}

void TestWorklist::hashAndCounts()
{
    const QByteArray good = sampleFile();
    const int endLine = int(sampleLines().size() + 1);
    const QByteArray end = good.mid(good.lastIndexOf("END\t"));
    const QByteArray body = good.left(good.size() - end.size());
    const QByteArray hash = field(end, 3).trimmed();
    QVERIFY(readBytes(body + "END\t3\t3\t" + hash + '\n').ok());

    // A changed name: the checksum no longer matches.
    QByteArray damaged = good;
    damaged.replace("张三丰", "张三峰");
    Result<WorklistSummary> r = readBytes(damaged);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("worklist.hash-mismatch"));
    QVERIFY(r.error().message.startsWith(QStringLiteral("line %1, field 4 (sha256): ").arg(endLine)));

    // Counts that disagree with the lines, under a correct checksum.
    r = readBytes(body + "END\t4\t3\t" + hash + '\n');
    QCOMPARE(r.error().code, QStringLiteral("worklist.count-mismatch"));
    QVERIFY(r.error().message.startsWith(QStringLiteral("line %1, field 2 (accounts): ").arg(endLine)));
    r = readBytes(body + "END\t3\t2\t" + hash + '\n');
    QCOMPARE(r.error().code, QStringLiteral("worklist.count-mismatch"));
    QVERIFY(r.error().message.startsWith(QStringLiteral("line %1, field 3 (bills): ").arg(endLine)));

    // A whole record removed and END recounted by a careless editor: the checksum catches it.
    QByteArray dropped = good;
    const qsizetype b3 = dropped.indexOf("B\tB-3");
    dropped.remove(b3, dropped.indexOf('\n', b3) - b3 + 1);
    dropped.replace("END\t3\t3\t", "END\t3\t2\t");
    QCOMPARE(readBytes(dropped).error().code, QStringLiteral("worklist.hash-mismatch"));
}

void TestWorklist::truncatedAnywhereIsRefused()
{
    // Every cut of a small file, then random cuts of a larger one.
    const QByteArray small = sampleFile();
    for (qsizetype cut = 0; cut < small.size(); ++cut) {
        CollectingSink sink;
        const Result<WorklistSummary> r = readBytes(small.left(cut), sink);
        QVERIFY2(!r.ok(), qPrintable(QStringLiteral("accepted a cut at %1").arg(cut)));
        QCOMPARE(r.error().code,
                 cut == 0 ? QStringLiteral("worklist.bad-magic") : QStringLiteral("worklist.truncated"));
    }
    const QByteArray large = demoFile(2000, 3); // several read chunks' worth of lines
    QVERIFY(readBytes(large).ok());
    QRandomGenerator rng(20250115);
    for (int i = 0; i < 300; ++i) {
        const qsizetype cut = 1 + qsizetype(rng.bounded(quint64(large.size() - 1)));
        const Result<WorklistSummary> r = readBytes(large.left(cut));
        QVERIFY2(!r.ok(), qPrintable(QStringLiteral("accepted a cut at %1").arg(cut)));
        QCOMPARE(r.error().code, QStringLiteral("worklist.truncated"));
    }
}

void TestWorklist::everySingleByteChangeIsRefused()
{
    const QByteArray good = sampleFile();
    QRandomGenerator rng(7);
    for (qsizetype i = 0; i < good.size(); ++i) {
        QByteArray bad = good;
        char replacement = char(rng.bounded(256));
        if (replacement == bad[i])
            replacement = char(bad[i] ^ 0x20);
        bad[i] = replacement;
        const Result<WorklistSummary> r = readBytes(bad);
        QVERIFY2(!r.ok(), qPrintable(QStringLiteral("accepted a change at byte %1").arg(i)));
        QVERIFY(r.error().code.startsWith(QStringLiteral("worklist.")));
    }
}

void TestWorklist::crlfAccepted()
{
    CollectingSink lf, crlf;
    QVERIFY(readBytes(sampleFile(), lf).ok());
    const QByteArray file = withEnd(sampleLines(), "\r\n");
    QVERIFY(file.contains("\r\n"));
    const Result<WorklistSummary> r = readBytes(file, crlf);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QCOMPARE(crlf.accounts, lf.accounts); // no CR left in any field
    QCOMPARE(crlf.bills, lf.bills);
    QCOMPARE(crlf.headers.constFirst().routeId, lf.headers.constFirst().routeId);

    // A CR not before the LF is a control character, even at the end of a field.
    QList<QByteArray> lines = sampleLines();
    lines[lineIndex("B\tB-2")] += "\r\r";
    QCOMPARE(readBytes(withEnd(lines)).error().code, QStringLiteral("worklist.control-character"));
}

/** A device that hands out a few bytes per read, as a slow pipe or socket would. */
class TrickleDevice : public QIODevice
{
public:
    explicit TrickleDevice(QByteArray data)
        : m_data(std::move(data))
    {
        open(QIODevice::ReadOnly);
    }

protected:
    qint64 readData(char *out, qint64 max) override
    {
        const qint64 n = std::min({max, qint64(m_data.size()) - m_pos, qint64(m_rng.bounded(1, 300))});
        std::memcpy(out, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }
    bool isSequential() const override { return true; }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
    QRandomGenerator m_rng{99};
};

void TestWorklist::shortReadsGiveTheSameResult()
{
    // Lines split across reads, and the checksum taken piecewise, must give what one read gives.
    const QByteArray file = demoFile(500, 11);
    CollectingSink whole, pieces;
    QVERIFY(readBytes(file, whole).ok());
    TrickleDevice trickle(file);
    const Result<WorklistSummary> r = readWorklist(trickle, pieces);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QCOMPARE(pieces.accounts, whole.accounts);
    QCOMPARE(pieces.bills, whole.bills);

    QByteArray damaged = file;
    damaged[damaged.size() / 2] = char(damaged[damaged.size() / 2] ^ 0x01);
    TrickleDevice trickleDamaged(damaged);
    CollectingSink sink;
    QVERIFY(!readWorklist(trickleDamaged, sink).ok());
}

void TestWorklist::emptyRouteIsValid()
{
    QList<QByteArray> lines = sampleLines();
    lines.resize(headerLineCount());
    CollectingSink sink;
    const Result<WorklistSummary> r = readBytes(withEnd(lines), sink);
    QVERIFY(r.ok());
    QCOMPARE(r->accounts, 0);
    QCOMPARE(sink.headers.size(), 1); // the header still arrives
}

void TestWorklist::billForAnEarlierAccount()
{
    // A bill need not follow its account directly: any account line before it will do.
    QList<QByteArray> lines = sampleLines();
    lines.append("B\tB-9\t3300000012\t2024-09\t1.00\t2024-10-25\t0");
    CollectingSink sink;
    const Result<WorklistSummary> r = readBytes(withEnd(lines), sink);
    QVERIFY(r.ok());
    QCOMPARE(sink.bills.constLast().accountNumber, QStringLiteral("3300000012"));
    QCOMPARE(sink.bills.constLast().id, QStringLiteral("B-9"));
}

void TestWorklist::sinkErrorStopsTheRead()
{
    CollectingSink sink;
    sink.failAtAccount = 1;
    const Result<WorklistSummary> r = readBytes(sampleFile(), sink);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("test.refused"));
    QCOMPARE(sink.accounts.size(), 1);
    QCOMPARE(sink.bills.size(), 2); // the bills of the first account, nothing after the refusal
}

void TestWorklist::writerRefusesWhatTheFormatCannotCarry()
{
    const auto writeOne = [](const Account &a) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        WorklistWriter writer(buffer);
        writer.writeHeader(sampleHeader());
        writer.writeAccount(a);
        const bool ok = writer.finish();
        return std::make_pair(ok, buffer.data());
    };
    Account a = sampleAccounts().constFirst();
    QVERIFY(writeOne(a).first);
    for (const QString &bad :
         {QStringLiteral("张\t三"), QStringLiteral("张\n三"), QStringLiteral("\x1b@"), QString(600, QChar(u'x'))}) {
        a.name = bad;
        const auto [ok, bytes] = writeOne(a);
        QVERIFY(!ok);
        // What was written still has one line per record: the damage does not spread.
        QCOMPARE(bytes.count('\n'), qsizetype(headerLineCount() + 2));
    }
    a.name = QStringLiteral("张") + QChar(0xd800); // half a surrogate pair
    QVERIFY(!writeOne(a).first);
    a.name = QStringLiteral("张𠮷"); // a whole one is fine
    QVERIFY(writeOne(a).first);

    const auto writeBill = [](const Bill &b) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        WorklistWriter writer(buffer);
        writer.writeHeader(sampleHeader());
        writer.writeAccount(sampleAccounts().constFirst());
        writer.writeBill(b);
        return writer.finish();
    };
    Bill b = sampleBills().constFirst();
    QVERIFY(writeBill(b));
    b.dueDate = QDate();
    QVERIFY(!writeBill(b));
    b.dueDate = QDate(12345, 1, 1);
    QVERIFY(!writeBill(b));
}

void TestWorklist::writerSpellsAmountsAsMoneyDoes_data()
{
    QTest::addColumn<qint64>("fen");
    for (const qint64 fen : {qint64(0), qint64(1), qint64(5), qint64(10), qint64(99), qint64(100), qint64(12345),
                             qint64(100000000), Money::MaxFen})
        QTest::addRow("%lld", static_cast<long long>(fen)) << fen;
}

void TestWorklist::writerSpellsAmountsAsMoneyDoes()
{
    QFETCH(qint64, fen);
    Bill b = sampleBills().constFirst();
    b.amount = Money::fromFen(fen);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    WorklistWriter writer(buffer);
    writer.writeHeader(sampleHeader());
    writer.writeAccount(sampleAccounts().constFirst());
    writer.writeBill(b);
    QVERIFY(writer.finish());
    const QByteArray bLine = buffer.data().split('\n').at(headerLineCount() + 1);
    QCOMPARE(QString::fromLatin1(field(bLine, 4)), b.amount.toPlainString());
    CollectingSink sink;
    QVERIFY(readBytes(buffer.data(), sink).ok());
    QCOMPARE(sink.bills.constFirst().amount, b.amount);
}

/** Takes the first `room` bytes, then fails every write, like a full disk. */
class FullDevice : public QIODevice
{
public:
    explicit FullDevice(qint64 room)
        : m_room(room)
    {
        open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 size) override
    {
        if (size > m_room)
            return -1;
        m_room -= size;
        return size;
    }

private:
    qint64 m_room;
};

void TestWorklist::writerReportsAFailedDevice()
{
    const qint64 size = sampleFile().size();
    for (const qint64 room : {qint64(0), qint64(100), size / 2, size - 2}) {
        FullDevice device(room);
        WorklistWriter writer(device);
        writer.writeHeader(sampleHeader());
        for (const Account &a : sampleAccounts())
            writer.writeAccount(a);
        for (const Bill &b : sampleBills())
            writer.writeBill(b);
        QVERIFY2(!writer.finish(), qPrintable(QString::number(room)));
    }
    FullDevice roomy(size);
    WorklistWriter writer(roomy);
    writer.writeHeader(sampleHeader());
    for (const Account &a : sampleAccounts())
        writer.writeAccount(a);
    for (const Bill &b : sampleBills())
        writer.writeBill(b);
    QVERIFY(writer.finish()); // the same records fit exactly: the refusals above were the device's
}

QTEST_GUILESS_MAIN(TestWorklist)
#include "tst_worklist.moc"
