#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

#include "auditviews.h"
#include "treehead.h"

/**
 * `doorstep-audit verify DIR`: checks an audit export (auditexport.h) completely, from its files
 * alone. In order:
 *   - export.txt, and the center key (the one given, or the export's, which is then reported);
 *   - MANIFEST.sig over MANIFEST.sha256, every listed file's SHA-256, no file missing or added;
 *   - devices.tsv; each journal: framing, every entry's canonical re-encoding byte for byte, the
 *     device, seq from 1 with no gap, every hash link, every signature (all of them, on every
 *     core), nothing signed after the terminal's key was revoked;
 *   - voids against the payments they reverse, every blind count and Z-report's expected cash
 *     recomputed (AuditViews), the views regenerated and compared byte for byte;
 *   - the log against the journals (every entry exactly once), the Merkle root against the signed
 *     tree head, the consistency proof from the center's previous tree head, and, when the auditor
 *     kept one from an earlier export, that the log still begins with that tree.
 * Each problem is a finding with a rule id naming the file and entry; it goes on after one.
 */
class AuditVerifier
{
public:
    struct Options
    {
        std::optional<QByteArray> centerKey{}; ///< raw 32 bytes the auditor trusts; else the export's
        int threads = 0;                       ///< 0: every core
        /// A tree head from an earlier export the auditor kept: the log must begin with its tree.
        std::optional<TreeHead> previousHead{};
    };

    struct Report
    {
        QList<AuditFinding> findings;
        qint64 devices = 0;
        qint64 entries = 0;
        qint64 signaturesChecked = 0;
        QByteArray centerKey; ///< the key the export was checked against
        bool centerKeyGiven = false;
        std::optional<TreeHead> head;
        [[nodiscard]] bool clean() const { return findings.isEmpty(); }
    };

    [[nodiscard]] static Report verify(const QString &dir, const Options &options);
};
