#include "terminalfiles.h"

#include <QCborValue>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace {

QString in(const QString &dataDir, const char *name)
{
    return QDir(dataDir).filePath(QLatin1String(name));
}

QString marker(const QString &dataDir)
{
    return in(dataDir, "wipe.pending");
}

} // namespace

namespace TerminalFiles {

QString journal(const QString &dataDir)
{
    return in(dataDir, "journal.sqlite");
}
QString route(const QString &dataDir)
{
    return in(dataDir, "route.sqlite");
}
QString printQueue(const QString &dataDir)
{
    return in(dataDir, "printqueue.sqlite");
}
QString deviceKey(const QString &dataDir)
{
    return in(dataDir, "device.key");
}
QString identity(const QString &dataDir)
{
    return in(dataDir, "identity.cbor");
}
QString roster(const QString &dataDir)
{
    return in(dataDir, "roster.cbor");
}
QString clock(const QString &dataDir)
{
    return in(dataDir, "clock.cbor");
}
QString settings(const QString &dataDir)
{
    return in(dataDir, "settings.ini");
}
QString limits(const QString &dataDir)
{
    return in(dataDir, "limits.cbor");
}
QString corrections(const QString &dataDir)
{
    return in(dataDir, "corrections.cbor");
}

QString exports(const QString &dataDir)
{
    return in(dataDir, "exports");
}

QStringList wipedByWipe(const QString &dataDir)
{
    // The key and the identity first: from then on nothing can be signed or sent as this terminal.
    QStringList paths{deviceKey(dataDir), identity(dataDir), roster(dataDir),
                      clock(dataDir),     limits(dataDir),   corrections(dataDir)};
    for (const QString &db : {journal(dataDir), route(dataDir), printQueue(dataDir)}) {
        for (const char *suffix : {"", "-wal", "-shm", "-journal"})
            paths.append(db + QLatin1String(suffix));
    }
    return paths;
}

Status wipe(const QString &dataDir)
{
    QSaveFile mark(marker(dataDir));
    if (!mark.open(QIODevice::WriteOnly) || mark.write("wipe\n") < 0 || !mark.commit())
        return Error{QStringLiteral("wipe.marker"),
                     QCoreApplication::translate("TerminalFiles", "The terminal's data folder %1 cannot be written; "
                                                                  "the wipe did not start.")
                         .arg(dataDir)};
    QStringList left;
    for (const QString &path : wipedByWipe(dataDir)) {
        if (QFile::exists(path) && !QFile::remove(path))
            left.append(QFileInfo(path).fileName());
    }
    if (!left.isEmpty())
        return Error{QStringLiteral("wipe.incomplete"),
                     QCoreApplication::translate("TerminalFiles", "These files could not be erased: %1. The wipe "
                                                                  "is finished at the next start.")
                         .arg(left.join(QStringLiteral(", ")))};
    if (!QFile::remove(marker(dataDir)))
        return Error{QStringLiteral("wipe.marker"),
                     QCoreApplication::translate("TerminalFiles", "The wipe's marker could not be removed.")};
    return success();
}

bool wipeUnfinished(const QString &dataDir)
{
    return QFile::exists(marker(dataDir));
}

std::optional<QString> saveCborArray(const QString &path, const QCborArray &array)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QCborValue(array).toCbor()) < 0 || !file.commit())
        return file.errorString();
    return std::nullopt;
}

std::optional<QCborArray> loadCborArray(const QString &path, qint64 maxBytes)
{
    QFile file(path);
    if (!file.exists())
        return QCborArray();
    if (!file.open(QIODevice::ReadOnly) || file.size() > maxBytes)
        return std::nullopt;
    QCborParserError error;
    const QCborValue v = QCborValue::fromCbor(file.readAll(), &error);
    if (error.error != QCborError::NoError || !v.isArray())
        return std::nullopt;
    return v.toArray();
}

} // namespace TerminalFiles
