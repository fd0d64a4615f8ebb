// The layering rule of ARCHITECTURE.md, checked on the sources themselves: each folder may include
// the project headers of the folders below it and no others. The build enforces most of it already
// (a library sees only the include directories of what it links), but a rule written down is one a
// reviewer can read, and this test also catches a header that found its way in through a test
// target linking everything.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

/** Folder (relative to the source root) → the folders whose headers it may include. */
QHash<QString, QStringList> allowedIncludes()
{
    const QString core = QStringLiteral("core");
    const QString tools = QStringLiteral("core/tools");
    const QString printing = QStringLiteral("printing");
    const QString wire = QStringLiteral("sync/wire");
    const QString client = QStringLiteral("sync/client");
    const QString center = QStringLiteral("sync/center");
    const QString app = QStringLiteral("app");
    return {
        {core, {core}},
        {tools, {core, tools}},
        {printing, {core, printing}},
        {wire, {core, wire}},
        {client, {core, wire, client}},
        {center, {core, wire, center}},
        {app, {core, printing, wire, client, app}},
    };
}

/** System headers a folder must not use: the handheld links no HTTP server, SQL or libpq. */
QHash<QString, QRegularExpression> forbiddenSystemIncludes()
{
    const QRegularExpression serverSide(QStringLiteral("^<(QHttpServer|QtHttpServer|QSql|QtSql|libpq)"));
    const QRegularExpression anyQtBeyondCore(
        QStringLiteral("^<(QtGui|QtQuick|QtNetwork|QNetwork|QTcp|QSsl|QHttp|QSql|QImage|QQml|QQuick)"));
    return {
        {QStringLiteral("core"), anyQtBeyondCore},   {QStringLiteral("sync/wire"), serverSide},
        {QStringLiteral("sync/client"), serverSide}, {QStringLiteral("printing"), serverSide},
        {QStringLiteral("app"), serverSide},
    };
}

struct Violation
{
    QString file;
    QString include;
};

/** Every source file under root's layered folders that includes what its folder may not. */
QList<Violation> findViolations(const QString &root)
{
    const auto allowed = allowedIncludes();
    const auto forbidden = forbiddenSystemIncludes();
    // Which folder each project header lives in (header names are unique across the project).
    QHash<QString, QString> headerFolder;
    QHash<QString, QStringList> sourcesByFolder;
    for (auto it = allowed.cbegin(); it != allowed.cend(); ++it) {
        const QDir dir(root + QLatin1Char('/') + it.key());
        for (const QString &name : dir.entryList({QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files)) {
            if (name.endsWith(QLatin1String(".h")))
                headerFolder.insert(name, it.key());
            sourcesByFolder[it.key()].append(dir.filePath(name));
        }
    }
    static const QRegularExpression includeLine(QStringLiteral("^\\s*#\\s*include\\s*([\"<][^\">]+[\">])"),
                                                QRegularExpression::MultilineOption);
    QList<Violation> violations;
    for (auto it = sourcesByFolder.cbegin(); it != sourcesByFolder.cend(); ++it) {
        const QStringList &mayInclude = allowed.value(it.key());
        for (const QString &path : it.value()) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                violations.append({path, QStringLiteral("(unreadable)")});
                continue;
            }
            const QString text = QString::fromUtf8(file.readAll());
            for (const auto &m : includeLine.globalMatch(text)) {
                const QString spec = m.captured(1);
                const QString name = spec.mid(1, spec.size() - 2);
                if (spec.startsWith(QLatin1Char('<'))) {
                    if (forbidden.contains(it.key()) && forbidden.value(it.key()).match(spec).hasMatch())
                        violations.append({path, spec});
                    continue;
                }
                const QString base = name.section(QLatin1Char('/'), -1);
                const QString owner = headerFolder.value(base);
                // Generated headers (ui_, moc_, the QML module's) have no owner folder here.
                if (!owner.isEmpty() && !mayInclude.contains(owner))
                    violations.append({path, spec + QStringLiteral(" (from ") + owner + QLatin1Char(')')});
            }
        }
    }
    return violations;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TestLayering : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theProjectKeepsItsLayers()
    {
        const QString root = QStringLiteral(DOORSTEP_SOURCE_DIR);
        QVERIFY2(QFileInfo::exists(root + QStringLiteral("/sync/center/centerserver.h")), qPrintable(root));
        const auto violations = findViolations(root);
        QStringList lines;
        for (const auto &v : violations)
            lines.append(QDir(root).relativeFilePath(v.file) + QStringLiteral(": ") + v.include);
        QVERIFY2(violations.isEmpty(), qPrintable(lines.join(QLatin1Char('\n'))));
    }

    // Negative controls: the checker does see each kind of breach.
    void aCenterHeaderInTheAppIsCaught()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        writeFile(tmp.filePath(QStringLiteral("sync/center/centerstore.h")), "#pragma once\n");
        writeFile(tmp.filePath(QStringLiteral("core/money.h")), "#pragma once\n");
        writeFile(tmp.filePath(QStringLiteral("app/deskservice.cpp")),
                  "#include \"money.h\"\n#include \"centerstore.h\"\n");
        const auto violations = findViolations(tmp.path());
        QCOMPARE(violations.size(), 1);
        QVERIFY(violations.first().file.endsWith(QLatin1String("app/deskservice.cpp")));
        QVERIFY(violations.first().include.contains(QLatin1String("centerstore.h")));
    }

    void coreIncludingUpwardsIsCaught()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        writeFile(tmp.filePath(QStringLiteral("printing/receipt.h")), "#pragma once\n");
        writeFile(tmp.filePath(QStringLiteral("sync/client/syncclient.h")), "#pragma once\n");
        writeFile(tmp.filePath(QStringLiteral("core/journal.cpp")),
                  "  #  include \"receipt.h\"\n#include <QTcpSocket>\n");
        writeFile(tmp.filePath(QStringLiteral("sync/wire/wirecodec.cpp")), "#include \"syncclient.h\"\n");
        const auto violations = findViolations(tmp.path());
        QCOMPARE(violations.size(), 3);
    }

    void theHandheldUsesNoServerSideQt()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        writeFile(tmp.filePath(QStringLiteral("sync/client/syncclient.cpp")), "#include <QSqlQuery>\n");
        writeFile(tmp.filePath(QStringLiteral("app/appshell.cpp")), "#include <QHttpServer>\n#include <QQuickItem>\n");
        writeFile(tmp.filePath(QStringLiteral("sync/center/centerserver.cpp")), "#include <QHttpServer>\n");
        const auto violations = findViolations(tmp.path());
        QCOMPARE(violations.size(), 2); // the center may; the client and the app may not
    }
};

QTEST_APPLESS_MAIN(TestLayering)
#include "tst_layering.moc"
