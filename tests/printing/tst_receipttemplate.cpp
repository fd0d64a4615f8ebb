#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "receipttemplate.h"

class TestReceiptTemplate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shippedDefaultsLoad()
    {
        Result<ReceiptTemplate> zh =
            ReceiptTemplate::load(QStringLiteral(":/doorstep/printing/templates/default.json"));
        QVERIFY2(zh.ok(), zh.ok() ? "" : qPrintable(zh.error().message));
        // The constructor's built-in default and the shipped file say the same thing.
        QCOMPARE(zh.value(), ReceiptTemplate());
        Result<ReceiptTemplate> en =
            ReceiptTemplate::load(QStringLiteral(":/doorstep/printing/templates/default-en.json"));
        QVERIFY(en.ok());
        QCOMPARE(en->language(), ReceiptTemplate::Language::En);
        QCOMPARE(en->label(QStringLiteral("total")), QStringLiteral("Total"));
        QCOMPARE(zh->label(QStringLiteral("total")), QStringLiteral("合计"));
        QCOMPARE(ReceiptTemplate::builtIn(ReceiptTemplate::Language::En), en.value());
    }

    void sourceFileMatchesResource()
    {
        // printing/templates/default.json is what a utility copies and edits.
        QFile f(QStringLiteral(":/doorstep/printing/templates/default.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("\"nameMask\": \"middle\""));
    }

    void readsEverySetting()
    {
        const QByteArray json = R"({
            "version": 1, "language": "en", "paperWidthMm": 58,
            "header": ["Water Co. {branch}", {"text": "{utility}", "align": "left", "bold": true, "large": false}],
            "footer": [],
            "fields": {"address": false, "qr": false},
            "nameMask": "keep-first", "maskChar": "#",
            "qr": {"moduleSize": 7, "errorLevel": "H"},
            "labels": {"total": "TOTAL DUE"},
            "feedLines": 5 })";
        Result<ReceiptTemplate> t = ReceiptTemplate::fromJson(json);
        QVERIFY2(t.ok(), t.ok() ? "" : qPrintable(t.error().message));
        QCOMPARE(t->language(), ReceiptTemplate::Language::En);
        QCOMPARE(t->paperWidthMm(), 58);
        QCOMPARE(t->header().size(), 2);
        QCOMPARE(t->header().at(0).text, QStringLiteral("Water Co. {branch}"));
        QCOMPARE(t->header().at(0).align, ReceiptTemplate::Align::Center);
        QCOMPARE(t->header().at(1).align, ReceiptTemplate::Align::Left);
        QVERIFY(t->header().at(1).bold);
        QVERIFY(t->footer().isEmpty());
        QVERIFY(!t->shows(ReceiptTemplate::Field::Address));
        QVERIFY(!t->shows(ReceiptTemplate::Field::Qr));
        QVERIFY(t->shows(ReceiptTemplate::Field::CustomerName));
        QCOMPARE(t->nameMask(), NameMask::KeepFirst);
        QCOMPARE(t->maskChar(), QLatin1Char('#'));
        QCOMPARE(t->qrModuleSize(), 7);
        QCOMPARE(t->qrErrorLevel(), 'H');
        QCOMPARE(t->label(QStringLiteral("total")), QStringLiteral("TOTAL DUE"));
        QCOMPARE(t->label(QStringLiteral("change")), QStringLiteral("Change"));
        QCOMPARE(t->feedLines(), 5);
    }

    void refusesMalformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not json") << QByteArray("{\"version\": 1,") << QStringLiteral("printing.template.syntax")
                                  << QString();
        QTest::newRow("array") << QByteArray("[1]") << QStringLiteral("printing.template.type") << QString();
        QTest::newRow("no version") << QByteArray("{}") << QStringLiteral("printing.template.value")
                                    << QStringLiteral("version");
        QTest::newRow("future version") << QByteArray(R"({"version": 2})") << QStringLiteral("printing.template.value")
                                        << QStringLiteral("version");
        QTest::newRow("typo key") << QByteArray(R"({"version": 1, "feilds": {}})")
                                  << QStringLiteral("printing.template.unknown-key") << QStringLiteral("feilds");
        QTest::newRow("unknown field") << QByteArray(R"({"version": 1, "fields": {"iban": true}})")
                                       << QStringLiteral("printing.template.unknown-key")
                                       << QStringLiteral("fields.iban");
        QTest::newRow("field not bool") << QByteArray(R"({"version": 1, "fields": {"qr": "yes"}})")
                                        << QStringLiteral("printing.template.type") << QStringLiteral("fields.qr");
        QTest::newRow("language") << QByteArray(R"({"version": 1, "language": "fr"})")
                                  << QStringLiteral("printing.template.value") << QStringLiteral("language");
        QTest::newRow("paper width") << QByteArray(R"({"version": 1, "paperWidthMm": 57})")
                                     << QStringLiteral("printing.template.value") << QStringLiteral("paperWidthMm");
        QTest::newRow("mask") << QByteArray(R"({"version": 1, "nameMask": "half"})")
                              << QStringLiteral("printing.template.value") << QStringLiteral("nameMask");
        QTest::newRow("mask char control") << QByteArray("{\"version\": 1, \"maskChar\": \"\\u001b\"}")
                                           << QStringLiteral("printing.template.value") << QStringLiteral("maskChar");
        QTest::newRow("qr level") << QByteArray(R"({"version": 1, "qr": {"errorLevel": "X"}})")
                                  << QStringLiteral("printing.template.value") << QStringLiteral("qr.errorLevel");
        QTest::newRow("qr size") << QByteArray(R"({"version": 1, "qr": {"moduleSize": 2.5}})")
                                 << QStringLiteral("printing.template.value") << QStringLiteral("qr.moduleSize");
        QTest::newRow("header type") << QByteArray(R"({"version": 1, "header": "Welcome"})")
                                     << QStringLiteral("printing.template.type") << QStringLiteral("header");
        QTest::newRow("header align") << QByteArray(R"({"version": 1, "header": [{"text": "a", "align": "middle"}]})")
                                      << QStringLiteral("printing.template.value") << QStringLiteral("header[0].align");
        QTest::newRow("placeholder") << QByteArray(R"({"version": 1, "footer": ["Call {hotlin}"]})")
                                     << QStringLiteral("printing.template.value") << QStringLiteral("footer[0]");
        QTest::newRow("label key") << QByteArray(R"({"version": 1, "labels": {"totl": "x"}})")
                                   << QStringLiteral("printing.template.unknown-key") << QStringLiteral("labels.totl");
        QTest::newRow("feed") << QByteArray(R"({"version": 1, "feedLines": 99})")
                              << QStringLiteral("printing.template.value") << QStringLiteral("feedLines");
    }
    void refusesMalformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        Result<ReceiptTemplate> t = ReceiptTemplate::fromJson(json);
        QVERIFY(!t.ok());
        QCOMPARE(t.error().code, code);
        QVERIFY(!t.error().message.isEmpty());
        if (!mentions.isEmpty())
            QVERIFY2(t.error().message.contains(mentions), qPrintable(t.error().message));
    }

    void loadFromFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("receipt.json"));
        Result<ReceiptTemplate> missing = ReceiptTemplate::load(path);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, QStringLiteral("printing.template.unreadable"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"version": 1, "language": "en"})");
        f.close();
        Result<ReceiptTemplate> t = ReceiptTemplate::load(path);
        QVERIFY(t.ok());
        QCOMPARE(t->language(), ReceiptTemplate::Language::En);
    }
};

QTEST_GUILESS_MAIN(TestReceiptTemplate)
#include "tst_receipttemplate.moc"
