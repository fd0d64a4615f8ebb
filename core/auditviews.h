#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "dailytotals.h"
#include "journalentry.h"

/** One thing an audit found wrong: a rule id, the file and entry it concerns, and words. */
struct AuditFinding
{
    QString rule;     ///< "verify.signature", "csv.mismatch", "zreport.expected-cash", …
    QString file;     ///< the export's file it concerns, relative to the export's folder
    QString deviceId; ///< the terminal, if it concerns one
    qint64 seq = 0;   ///< the entry, if it concerns one
    QString message;
    bool operator==(const AuditFinding &) const = default;
};

/**
 * The auditor's decoded views of the terminals' journals, as CSV files (csvwriter.h): payments
 * and their allocation lines, voids, visits, prints, cash handovers, blind counts, Z-reports with
 * perpetual totals, and clock flags, for the entries whose time lies in [fromMs, toMs). The center
 * writes them into an audit export; `doorstep-audit verify` folds the raw entries through the same
 * code and compares byte for byte, so a view can never say what the signed entries do not.
 *
 * While folding it also checks what only a whole journal shows: every void reverses an earlier
 * payment of the same terminal, once; every blind count and shift close expected exactly the
 * cash the entries before it add up to (DailyTotals, the terminal's own rule).
 *
 * Feed each terminal's entries in seq order from seq 1, terminal after terminal in the order the
 * export lists them.
 */
class AuditViews
{
public:
    AuditViews(qint64 fromMs, qint64 toMs);
    ~AuditViews();
    AuditViews(const AuditViews &) = delete;
    AuditViews &operator=(const AuditViews &) = delete;

    /// How far a terminal's time may stray from the center's (TrustedClock's skew tolerance).
    static constexpr qint64 WitnessSlackMs = qint64(5) * 60'000;
    /// The center's public key, for the signed times terminals journal at each sync (without it,
    /// witnesses bound times unchecked: the verifier always sets it).
    void setCenterKey(const QByteArray &publicKey) { m_centerKey = publicKey; }

    void beginDevice(const QString &deviceId);
    /// Folds the terminal's next entry (seq one past the last); false, folding nothing, for any
    /// other, or once amounts grow past what sums can hold (a finding).
    bool add(const JournalEntry &entry);
    void endDevice();

    /// "views/payments.csv" → its bytes, header row included.
    [[nodiscard]] std::map<QString, QByteArray> files() const;
    /// What the fold found (voids without their payment, wrong expected cash).
    [[nodiscard]] const QList<AuditFinding> &findings() const { return m_findings; }

    [[nodiscard]] static QStringList fileNames();

private:
    struct View;
    void row(const QString &view, const QStringList &fields);
    void finding(const char *rule, const JournalEntry &entry, const QString &message);
    [[nodiscard]] bool inPeriod(qint64 timeMs) const { return timeMs >= m_fromMs && timeMs < m_toMs; }
    void checkPerpetualTotals(const JournalEntry &entry);
    void checkTimeWindow(const JournalEntry &entry);
    void closeShift(const JournalEntry &entry, const JournalFact &fact, const ShiftClosedRecord &closing);

    qint64 m_fromMs;
    qint64 m_toMs;
    std::map<QString, QByteArray> m_files;
    QList<AuditFinding> m_findings;

    // The terminal being folded.
    QString m_device;
    std::vector<JournalFact> m_facts;       ///< index seq - 1
    std::vector<bool> m_voided;             ///< index seq - 1: a payment already reversed
    std::map<qint64, DailyTotals> m_shifts; ///< open shifts by their opening seq
    std::map<qint64, std::size_t> m_resolved;
    std::unique_ptr<DailyTotals> m_perpetual; ///< since the terminal's first entry, never reset
    qint64 m_closes = 0;
    qint64 m_magnitude = 0; ///< half the sum of the amounts folded: how far from overflow
    QByteArray m_centerKey;
    std::optional<qint64> m_lastWitnessMs;                         ///< the center's time at the last witness
    std::optional<std::pair<qint64, qint64>> m_latestSinceWitness; ///< seq and time of the latest entry since
};
