#include "auditexport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>

#include "decimal.h"

namespace AuditExport {
namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(AuditExport)
};

constexpr qsizetype MaxEntryBytes = qsizetype(64) * 1024;
// Smaller than any entry: its previous hash, hash and signature alone are 128 bytes. Refusing
// less keeps a hostile file from becoming millions of empty entries in memory.
constexpr qsizetype MinEntryBytes = 128;

Error error(const char *code, const QString &message)
{
    return Error{QString::fromLatin1(code), message};
}

bool isSafePath(const QString &path)
{
    if (path.isEmpty() || path.size() > 200 || path.startsWith(QLatin1Char('/')))
        return false;
    static const QRegularExpression part(QStringLiteral("^[A-Za-z0-9._-]{1,80}$"));
    const QStringList parts = path.split(QLatin1Char('/'));
    return std::all_of(parts.cbegin(), parts.cend(), [](const QString &p) {
        return p != QLatin1String(".") && p != QLatin1String("..") && part.match(p).hasMatch();
    });
}

} // namespace

QString journalFile(const QString &deviceId)
{
    return QStringLiteral("journals/%1.cbor").arg(deviceId);
}

bool isSafeDeviceId(const QString &deviceId)
{
    static const QRegularExpression id(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return deviceId != QLatin1String(".") && deviceId != QLatin1String("..") && id.match(deviceId).hasMatch();
}

// ---- export.txt

QByteArray Header::toText() const
{
    return QByteArray(Format.data(), Format.size()) + "\nfrom " + fromDay.toString(Qt::ISODate).toLatin1() + "\nto " +
           toDay.toString(Qt::ISODate).toLatin1() + "\nzone " + zone.toUtf8() + "\nfrom-ms " +
           QByteArray::number(fromMs) + "\nto-ms " + QByteArray::number(toMs) + "\nmade-ms " +
           QByteArray::number(madeMs) + "\ncenter-key " + centerKey.toBase64() + '\n';
}

Result<Header> Header::fromText(const QByteArray &text)
{
    const auto bad = [](const QString &what) {
        return error("audit-export.header", Tr::tr("export.txt is not one the center writes: %1").arg(what));
    };
    if (text.size() > 4096)
        return bad(Tr::tr("it is too long."));
    QList<QByteArray> lines = text.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    static const char *const names[] = {"from", "to", "zone", "from-ms", "to-ms", "made-ms", "center-key"};
    if (lines.size() != 8 || lines.at(0) != QByteArrayView(Format.data(), Format.size()))
        return bad(Tr::tr("it does not start with \"%1\" and hold eight lines.").arg(Format));
    QList<QByteArray> values;
    for (int i = 0; i < 7; ++i) {
        const QByteArray prefix = QByteArray(names[i]) + ' ';
        if (!lines.at(i + 1).startsWith(prefix))
            return bad(Tr::tr("line %1 is not \"%2\".").arg(i + 2).arg(QLatin1String(names[i])));
        values << lines.at(i + 1).mid(prefix.size());
    }
    Header h;
    h.fromDay = QDate::fromString(QString::fromLatin1(values[0]), Qt::ISODate);
    h.toDay = QDate::fromString(QString::fromLatin1(values[1]), Qt::ISODate);
    h.zone = QString::fromUtf8(values[2]);
    const auto from = Decimal::parseCount(values[3]);
    const auto to = Decimal::parseCount(values[4]);
    const auto made = Decimal::parseCount(values[5]);
    const auto key = QByteArray::fromBase64Encoding(values[6], QByteArray::AbortOnBase64DecodingErrors);
    if (!h.fromDay.isValid() || !h.toDay.isValid() || !from || !to || !made || *to < *from || !key ||
        key.decoded.size() != 32)
        return bad(Tr::tr("a day, time or key is not as the center writes it."));
    h.fromMs = *from;
    h.toMs = *to;
    h.madeMs = *made;
    h.centerKey = key.decoded;
    if (h.toText() != lines.join('\n') + '\n')
        return bad(Tr::tr("it is not written exactly as the center writes it."));
    return h;
}

// ---- checkpoint/log.tsv

QByteArray logToText(const QList<LogLeaf> &leaves)
{
    QByteArray out = "# doorstep log 1\n";
    qint64 i = 0;
    for (const LogLeaf &l : leaves)
        out += QByteArray::number(i++) + '\t' + l.deviceId.toUtf8() + '\t' + QByteArray::number(l.seq) + '\n';
    return out;
}

Result<QList<LogLeaf>> logFromText(const QByteArray &text)
{
    const auto bad = [](qsizetype line, const QString &what) {
        return error("audit-export.log", Tr::tr("checkpoint/log.tsv line %1: %2").arg(line).arg(what));
    };
    QList<QByteArray> lines = text.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    if (lines.isEmpty() || lines.first() != "# doorstep log 1")
        return bad(1, Tr::tr("the file does not start with \"# doorstep log 1\"."));
    QList<LogLeaf> leaves;
    leaves.reserve(lines.size() - 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> f = lines.at(i).split('\t');
        const auto index = f.size() == 3 ? Decimal::parseCount(f.at(0)) : std::nullopt;
        const auto seq = f.size() == 3 ? Decimal::parseCount(f.at(2)) : std::nullopt;
        if (!index || !seq || *seq < 1 || !isSafeDeviceId(QString::fromUtf8(f.at(1))))
            return bad(i + 1, Tr::tr("not an index, a device and a seq separated by tabs."));
        if (*index != i - 1)
            return bad(i + 1, Tr::tr("leaf %1 where leaf %2 belongs.").arg(*index).arg(i - 1));
        leaves.append(LogLeaf{QString::fromUtf8(f.at(1)), *seq});
    }
    return leaves;
}

// ---- journals/<device>.cbor

QByteArray frameEntry(const QByteArray &entryBytes)
{
    const quint64 n = quint64(entryBytes.size());
    QByteArray head;
    if (n < 24) {
        head.append(char(0x40 | n));
    } else if (n < 0x100) {
        head.append(char(0x58)).append(char(n));
    } else if (n < 0x10000) {
        head.append(char(0x59)).append(char(n >> 8)).append(char(n & 0xff));
    } else {
        head.append(char(0x5a));
        for (int shift = 24; shift >= 0; shift -= 8)
            head.append(char((n >> shift) & 0xff));
    }
    return head + entryBytes;
}

Result<QList<QByteArray>> splitEntries(const QByteArray &file)
{
    QList<QByteArray> entries;
    qsizetype at = 0;
    const auto byte = [&file](qsizetype i) { return quint8(file.at(i)); };
    while (at < file.size()) {
        const qsizetype start = at;
        const quint8 first = byte(at++);
        if ((first & 0xe0) != 0x40)
            return error("audit-export.journal-framing",
                         Tr::tr("at byte %1: not a CBOR byte string holding an entry.").arg(start));
        quint64 n = first & 0x1f;
        int extra = 0;
        if (n == 24)
            extra = 1;
        else if (n == 25)
            extra = 2;
        else if (n == 26)
            extra = 4;
        else if (n > 26)
            return error("audit-export.journal-framing",
                         Tr::tr("at byte %1: an entry's length is not as the center writes it.").arg(start));
        if (extra > 0) {
            if (file.size() - at < extra)
                return error("audit-export.journal-framing",
                             Tr::tr("at byte %1: the file ends inside a length.").arg(start));
            n = 0;
            for (int i = 0; i < extra; ++i)
                n = (n << 8) | byte(at++);
        }
        if (n > quint64(MaxEntryBytes) || n < quint64(MinEntryBytes))
            return error("audit-export.journal-framing",
                         Tr::tr("at byte %1: an entry of %2 bytes, not the size of any entry a terminal writes.")
                             .arg(start)
                             .arg(n));
        if (quint64(file.size() - at) < n)
            return error("audit-export.journal-framing",
                         Tr::tr("at byte %1: the file ends inside an entry.").arg(start));
        entries.append(file.mid(at, qsizetype(n)));
        at += qsizetype(n);
    }
    return entries;
}

// ---- MANIFEST.sha256

QByteArray manifestText(const std::map<QString, QByteArray> &sha256ByPath)
{
    QByteArray out;
    for (const auto &[path, hash] : sha256ByPath)
        out += hash.toHex() + "  " + path.toUtf8() + '\n';
    return out;
}

Result<std::map<QString, QByteArray>> manifestFromText(const QByteArray &text)
{
    std::map<QString, QByteArray> files;
    const QList<QByteArray> lines = text.split('\n');
    static const QRegularExpression line(QStringLiteral("^([0-9a-f]{64})  (.+)$"));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines.at(i).isEmpty() && i == lines.size() - 1)
            break;
        const auto m = line.match(QString::fromUtf8(lines.at(i)));
        if (!m.hasMatch() || !isSafePath(m.captured(2)))
            return error("audit-export.manifest",
                         Tr::tr("MANIFEST.sha256 line %1 is not a SHA-256 and a file of the export.").arg(i + 1));
        if (files.count(m.captured(2)))
            return error("audit-export.manifest",
                         Tr::tr("MANIFEST.sha256 line %1 lists %2 a second time.").arg(i + 1).arg(m.captured(2)));
        files[m.captured(2)] = QByteArray::fromHex(m.captured(1).toLatin1());
    }
    return files;
}

// ---- README.md

QByteArray readme()
{
    return R"(# Doorstep audit export

This folder is an export of a Doorstep billing center for an auditor. Everything in it can be
checked offline, with no database and no network, by `doorstep-audit verify <this folder>`; the
formats are simple enough to check with other tools too.

## Trust
Every file is listed with its SHA-256 in `MANIFEST.sha256` (`sha256sum -c MANIFEST.sha256`).
`MANIFEST.sig` is the center's Ed25519 signature of `MANIFEST.sha256`, in base64, by the key in
`export.txt` (`center-key`, raw 32 bytes in base64). Compare that key with the one the utility
publishes, or give it to the verifier: `doorstep-audit verify DIR --center-key <base64>`.

Each terminal signs its own entries with its own Ed25519 key (`devices.tsv`: device, public key
in base64, enrolled and revoked times in ms since 1970 UTC, `-` when not revoked). The center can
neither forge nor alter an entry; it can only drop or hold one back, which the checkpoint shows.

## Journals
`journals/<device>.cbor` holds every entry the center stored for that terminal, from entry 1, as
a CBOR sequence (RFC 8742) of byte strings; each byte string is one entry exactly as the center
received it: a CBOR map with integer keys 1 device, 2 seq, 3 kind, 4 time (ms UTC), 5 collector,
6 shift, 7 body, 8 previous hash, 9 hash, 10 signature. The hash is SHA-256 of the same map
without keys 9 and 10 in canonical CBOR; the signature is Ed25519 of the hash. Entry 1's previous
hash is 32 zero bytes; each later entry's is the hash of the entry before it.

## Checkpoint
`checkpoint/log.tsv` lists every stored entry (index, device, seq) in the order the center added
them to its log. `checkpoint/head.txt` is the center's signed tree head over that log: an RFC 9162
Merkle tree (SHA-256; leaf hash = SHA-256(0x00 || the entry's bytes), node hash =
SHA-256(0x01 || left || right)), its size and root, the time, and an Ed25519 signature over the
head's first four lines. `checkpoint/previous.txt` is the center's previous tree head, and
`checkpoint/consistency.txt` the RFC 9162 consistency proof (hex, one hash per line) that the new
tree extends it: nothing in the earlier log was removed, reordered or changed. Keep `head.txt`:
`doorstep-audit verify NEXT --previous-head head.txt` checks that a later export's log still
begins with the tree you were given.

## Views
`views/*.csv` decode the entries whose time lies in the period of `export.txt` (`from-ms`
inclusive to `to-ms` exclusive; `from` and `to` are the days in the center's `zone`). Amounts are
yuan with two decimals, times ISO 8601 UTC. The verifier recomputes every view from the journals
and compares byte for byte; Z-reports' perpetual totals count every payment and void of the
terminal from its first entry, and a close that states them (with its Z number) must state the
same. `events.csv` is the terminal's own life: started, stopped, key created, journal exported,
self-check failed, lock and unlock received, and `time-witnessed`: at each sync the center signs
"doorstep-time-v1\n<device>\n<ms>" with its key, the terminal journals that time and signature
before its next entry, and every entry between two witnesses must be dated between their times
(within five minutes, the terminal clock's tolerance). `center/*.csv` are the center's own records
(exceptions, each with its id and, once a supervisor reviewed it, who signed it off, when and their
note; corrections); only the signed manifest vouches for them.
)";
}

// ---- Writer

Writer::Writer(const QString &dir)
    : m_dir(QDir::cleanPath(QFileInfo(dir).absoluteFilePath()))
    , m_work(m_dir + QStringLiteral(".partial"))
{
}

Writer::~Writer()
{
    if (!m_finished && !m_work.isEmpty() && QFileInfo::exists(m_work)) {
        m_journal.reset();
        QDir(m_work).removeRecursively();
    }
}

Status Writer::begin()
{
    if (QFileInfo::exists(m_dir))
        return error("audit-export.exists", Tr::tr("%1 already exists: an export goes into a new folder.").arg(m_dir));
    if (QFileInfo::exists(m_work) && !QDir(m_work).removeRecursively())
        return error("audit-export.write", Tr::tr("Cannot clear %1 left by an export that failed.").arg(m_work));
    if (!QDir().mkpath(m_work))
        return error("audit-export.write", Tr::tr("Cannot make the folder %1.").arg(m_work));
    return success();
}

Status Writer::write(const QString &relativePath, const QByteArray &bytes)
{
    if (!isSafePath(relativePath) || m_hashes.count(relativePath))
        return error("audit-export.write", Tr::tr("%1 is not a new file of the export.").arg(relativePath));
    const QString path = QDir(m_work).filePath(relativePath);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return error("audit-export.write", Tr::tr("Cannot make the folder for %1.").arg(path));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return error("audit-export.write", Tr::tr("Cannot write %1: %2").arg(path, file.errorString()));
    m_hashes[relativePath] = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
    return success();
}

Status Writer::closeJournal()
{
    if (!m_journal)
        return success();
    const bool ok = m_journal->flush() && m_journal->error() == QFileDevice::NoError;
    const QString error = m_journal->errorString();
    m_journal->close();
    m_journal.reset();
    m_hashes[journalFile(m_journalDevice)] = m_journalHash->result();
    m_journalHash.reset();
    if (!ok)
        return AuditExport::error("audit-export.write",
                                  Tr::tr("Cannot write the journal of %1: %2").arg(m_journalDevice, error));
    return success();
}

Status Writer::appendEntry(const QString &deviceId, const QByteArray &entryBytes)
{
    if (!m_journal || deviceId != m_journalDevice) {
        if (auto s = closeJournal(); !s.ok())
            return s;
        const QString rel = journalFile(deviceId);
        if (!isSafeDeviceId(deviceId) || m_hashes.count(rel))
            return error(
                "audit-export.write",
                Tr::tr("Device %1's entries must come together, under a name a file can carry.").arg(deviceId));
        const QString path = QDir(m_work).filePath(rel);
        QDir().mkpath(QFileInfo(path).absolutePath());
        m_journal = std::make_unique<QFile>(path);
        if (!m_journal->open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            const QString why = m_journal->errorString();
            m_journal.reset();
            return error("audit-export.write", Tr::tr("Cannot write %1: %2").arg(path, why));
        }
        m_journalDevice = deviceId;
        m_journalHash = std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
    }
    if (entryBytes.size() > MaxEntryBytes || entryBytes.size() < MinEntryBytes)
        return error("audit-export.write", Tr::tr("An entry of %1 has %2 bytes, not the size of any entry a terminal "
                                                  "writes.")
                                               .arg(deviceId)
                                               .arg(entryBytes.size()));
    const QByteArray framed = frameEntry(entryBytes);
    if (m_journal->write(framed) != framed.size())
        return error("audit-export.write",
                     Tr::tr("Cannot write the journal of %1: %2").arg(deviceId, m_journal->errorString()));
    m_journalHash->addData(framed);
    return success();
}

Status Writer::finish(const DeviceKey &centerKey)
{
    if (auto s = closeJournal(); !s.ok())
        return s;
    if (auto s = write(QString(ReadmeFile), readme()); !s.ok())
        return s;
    const QByteArray manifest = manifestText(m_hashes);
    const QByteArray signature = centerKey.sign(manifest).toBase64() + '\n';
    for (const auto &[name, bytes] : {std::pair<QString, QByteArray>{QString(ManifestFile), manifest},
                                      std::pair<QString, QByteArray>{QString(ManifestSignatureFile), signature}}) {
        QSaveFile file(QDir(m_work).filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
            return error("audit-export.write", Tr::tr("Cannot write %1: %2").arg(name, file.errorString()));
    }
    if (!QDir().rename(m_work, m_dir))
        return error("audit-export.write", Tr::tr("Cannot move the export into place at %1.").arg(m_dir));
    m_finished = true;
    return success();
}

} // namespace AuditExport
