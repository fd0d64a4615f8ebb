#pragma once

#include <QDate>
#include <QTimeZone>

#include "result.h"
#include "treehead.h"

class CenterStore;

/**
 * The center's proof for auditors (issue: "Proof for customers and auditors"). The center keeps
 * an append-only log of every journal entry it stored (audit_log), the leaves of an RFC 9162
 * Merkle tree in the order checkpoints took them, and signs a tree head at each checkpoint with
 * its own key (tree_heads). An auditor holding an earlier head can then check that nothing the
 * center held was later removed, reordered or rewritten (MerkleTree::consistencyProof).
 *
 * `audit-export` writes everything an auditor needs into a folder (core/auditexport.h), checked
 * by `doorstep-audit verify` with no database.
 */
class CenterAudit
{
public:
    CenterAudit(CenterStore &store, const QTimeZone &zone);

    /// Adds every stored entry not yet in the log (by device, then seq) and signs a new tree
    /// head over the whole log; with nothing new, the latest head. One instance at a time.
    [[nodiscard]] Result<TreeHead> checkpoint();

    struct Exported
    {
        TreeHead head;
        qint64 previousSize = 0; ///< the tree head the consistency proof starts from (0: none)
        qint64 devices = 0;
        qint64 entries = 0;
    };
    /// A checkpoint, then the export of the period's days (in the center's zone) into `dir`,
    /// which must not exist.
    [[nodiscard]] Result<Exported> exportTo(const QString &dir, QDate from, QDate to);

private:
    CenterStore &m_store;
    QTimeZone m_zone;
};
