#include "journalverifier.h"

#include <QCoreApplication>

#include <openssl/evp.h>

#include "journal.h"

struct JournalVerifier::Key
{
    // One public key object for the whole walk: building it per entry would cost more than the check.
    EVP_PKEY *pkey = nullptr;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    ~Key()
    {
        EVP_PKEY_free(pkey);
        EVP_MD_CTX_free(ctx);
    }
    bool verify(const QByteArray &message, const QByteArray &signature)
    {
        if (!pkey || !ctx || signature.size() != 64)
            return false;
        EVP_MD_CTX_reset(ctx);
        return EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey) == 1 &&
               EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(signature.constData()), 64,
                                reinterpret_cast<const unsigned char *>(message.constData()),
                                size_t(message.size())) == 1;
    }
};

JournalVerifier::JournalVerifier(QString deviceId, const QByteArray &publicKey, qint64 startSeq, QByteArray prevHash)
    : m_deviceId(std::move(deviceId))
    , m_key(std::make_unique<Key>())
    , m_nextSeq(startSeq)
    , m_prevHash(std::move(prevHash))
{
    if (publicKey.size() == 32)
        m_key->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                  reinterpret_cast<const unsigned char *>(publicKey.constData()), 32);
    m_report.lastSeq = startSeq - 1;
    m_report.lastHash = m_prevHash;
    if (!m_key->pkey)
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
    if (!m_report.ok)
        return false;
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
    } else if (e.computeHash() != e.hash) {
        fail(e.seq, "verify.hash-mismatch",
             QT_TRANSLATE_NOOP("JournalVerifier", "Entry %1 was altered: its content does not match its hash."));
    } else if (!m_key->verify(e.hash, e.signature)) {
        fail(e.seq, "verify.bad-signature",
             QT_TRANSLATE_NOOP("JournalVerifier", "Entry %1 does not carry this device's valid signature."));
    }
    if (!m_report.ok)
        return false;
    ++m_report.entriesChecked;
    ++m_nextSeq;
    m_prevHash = e.hash;
    m_report.lastSeq = e.seq;
    m_report.lastHash = e.hash;
    return true;
}

VerifyReport verifyJournal(const Journal &journal, const QByteArray &publicKey, qint64 knownLastSeq)
{
    JournalVerifier verifier(journal.deviceId(), publicKey);
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
            if (!verifier.add(entry.value()))
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
