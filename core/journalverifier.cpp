#include "journalverifier.h"

#include <QCoreApplication>
#include <QCryptographicHash>

#include "devicekey.h"
#include "journal.h"

JournalVerifier::JournalVerifier(QString deviceId, const QByteArray &publicKey, qint64 startSeq, QByteArray prevHash,
                                 Signatures signatures)
    : m_deviceId(std::move(deviceId))
    , m_publicKey(publicKey.size() == 32 ? publicKey : QByteArray())
    , m_nextSeq(startSeq)
    , m_prevHash(std::move(prevHash))
    , m_signatures(signatures)
{
    m_report.lastSeq = startSeq - 1;
    m_report.lastHash = m_prevHash;
    if (m_publicKey.isEmpty())
        fail(startSeq, "verify.no-key", QT_TRANSLATE_NOOP("JournalVerifier", "The device's public key is not valid."));
}

JournalVerifier::~JournalVerifier() = default;

void JournalVerifier::fail(qint64 seq, const char *code, const char *text)
{
    if (!m_report.ok)
        return;
    m_report.ok = false;
    m_report.firstBadSeq = seq;
    m_report.problem = Error{QString::fromLatin1(code), QCoreApplication::translate("JournalVerifier", text).arg(seq)};
}

bool JournalVerifier::add(const JournalEntry &e)
{
    return add(e, e.computeHash());
}

void JournalVerifier::finish()
{
    if (m_report.ok && m_unsignedHead.seq > 0 &&
        !DeviceKey::verify(m_publicKey, m_unsignedHead.hash, m_unsignedHead.signature))
        fail(m_unsignedHead.seq, "verify.bad-signature",
             QT_TRANSLATE_NOOP("JournalVerifier", "Entry %1 does not carry this device's valid signature."));
    m_unsignedHead = {};
}

bool JournalVerifier::add(const JournalEntry &e, const QByteArray &computedHash)
{
    if (!m_report.ok)
        return false;
    const bool checkSignature = m_signatures == Signatures::EveryEntry || e.seq % HeadInterval == 0;
    if (e.deviceId != m_deviceId) {
        fail(e.seq, "verify.wrong-device", QT_TRANSLATE_NOOP("JournalVerifier", "Entry %1 belongs to another device."));
    } else if (e.seq < m_nextSeq) {
        fail(e.seq, "verify.duplicate-seq",
             QT_TRANSLATE_NOOP("JournalVerifier", "Entry %1 repeats or goes back in the sequence."));
    } else if (e.seq > m_nextSeq) {
        fail(m_nextSeq, "verify.gap",
             QT_TRANSLATE_NOOP("JournalVerifier", "Entry %1 is missing: the sequence has a gap."));
    } else if (e.prevHash != m_prevHash) {
        fail(
            e.seq, "verify.broken-chain",
            QT_TRANSLATE_NOOP("JournalVerifier", "Entry %1 does not follow the entry before it: the chain is broken."));
    } else if (computedHash != e.hash) {
        fail(e.seq, "verify.hash-mismatch",
             QT_TRANSLATE_NOOP("JournalVerifier", "Entry %1 was altered: its content does not match its hash."));
    } else if (checkSignature && !DeviceKey::verify(m_publicKey, e.hash, e.signature)) {
        fail(e.seq, "verify.bad-signature",
             QT_TRANSLATE_NOOP("JournalVerifier", "Entry %1 does not carry this device's valid signature."));
    }
    if (!m_report.ok)
        return false;
    m_unsignedHead = checkSignature ? JournalEntry{} : e;
    ++m_report.entriesChecked;
    ++m_nextSeq;
    m_prevHash = e.hash;
    m_report.lastSeq = e.seq;
    m_report.lastHash = e.hash;
    return true;
}

QByteArray storedEntryHash(const QByteArray &canonicalEntry)
{
    // toCbor() is a map of 10 (0xAA) whose last pairs are key 8 with a 32-byte string (35 bytes)
    // and key 9 with a 64-byte string (67 bytes); canonicalEncoding() is the same map of 8.
    constexpr qsizetype Tail = 35 + 67;
    if (canonicalEntry.size() <= Tail + 1 || quint8(canonicalEntry.at(0)) != 0xAA)
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(QByteArrayView("\xA8", 1));
    h.addData(QByteArrayView(canonicalEntry).sliced(1, canonicalEntry.size() - 1 - Tail));
    return h.result();
}

VerifyReport verifyJournal(const Journal &journal, const QByteArray &publicKey, qint64 knownLastSeq,
                           JournalVerifier::Signatures signatures)
{
    JournalVerifier verifier(journal.deviceId(), publicKey, 1, QByteArray(32, '\0'), signatures);
    qint64 expectedRow = 1;
    const Status read =
        journal.forEachStored(1, std::numeric_limits<qint64>::max(), [&](const Journal::StoredRow &row) {
            if (row.fact.seq != expectedRow) {
                verifier.fail(expectedRow, "verify.gap",
                              QT_TRANSLATE_NOOP("JournalVerifier", "Entry %1 is missing: the sequence has a gap."));
                return false;
            }
            ++expectedRow;
            const auto entry = JournalEntry::fromCbor(row.entry);
            if (!entry.ok()) {
                verifier.fail(row.fact.seq, "verify.unreadable",
                              QT_TRANSLATE_NOOP("JournalVerifier", "Entry %1 is damaged and cannot be read."));
                return false;
            }
            if (entry->seq != row.fact.seq) {
                verifier.fail(row.fact.seq, "verify.moved",
                              QT_TRANSLATE_NOOP("JournalVerifier", "Entry %1 is stored in the wrong place."));
                return false;
            }
            // fromCbor() accepted only the one canonical form, so the stored bytes are what the
            // hash covers, plus the hash and signature at the end: no need to encode it again.
            if (!verifier.add(entry.value(), storedEntryHash(row.entry)))
                return false;
            // The columns reports add up must say what the signed entry says.
            if (JournalFact::fromEntry(entry.value()) != row.fact || row.hash != entry->hash) {
                verifier.fail(
                    row.fact.seq, "verify.columns-altered",
                    QT_TRANSLATE_NOOP("JournalVerifier",
                                      "Entry %1's stored figures were altered and differ from the signed entry."));
                return false;
            }
            return true;
        });
    verifier.finish();
    if (!read.ok())
        verifier.fail(expectedRow, "verify.unreadable",
                      QT_TRANSLATE_NOOP("JournalVerifier", "Entry %1 is damaged and cannot be read."));
    VerifyReport report = verifier.report();
    if (report.ok && report.lastSeq < std::max(journal.lastSeq(), knownLastSeq)) {
        report.ok = false;
        report.firstBadSeq = report.lastSeq + 1;
        report.problem =
            Error{QStringLiteral("verify.truncated"),
                  QCoreApplication::translate("JournalVerifier", "The journal ends early: entry %1 is missing.")
                      .arg(report.lastSeq + 1)};
    }
    return report;
}
