#pragma once

#include <QByteArray>
#include <QList>

/**
 * The center's append-only log of journal entries as an RFC 9162 (Certificate Transparency 2.0)
 * Merkle tree with SHA-256, so an auditor can check that a later checkpoint extends an earlier
 * one (nothing removed, reordered or rewritten in between) from two signed tree heads and a short
 * consistency proof, and recompute a root from the entries themselves.
 *
 *     leaf hash  = SHA-256(0x00 || leaf data)        (the leaf data is an entry's stored bytes)
 *     node hash  = SHA-256(0x01 || left || right)
 *     MTH({})    = SHA-256("")
 *
 * Functions take the leaves' hashes, not their data: the center keeps those, and an auditor
 * computes them once from the entries.
 */
namespace MerkleTree {

[[nodiscard]] QByteArray leafHash(const QByteArray &leafData);
[[nodiscard]] QByteArray nodeHash(const QByteArray &left, const QByteArray &right);

/// MTH of the first `size` leaves (size ≤ leaves.size()).
[[nodiscard]] QByteArray rootHash(const QList<QByteArray> &leafHashes, qsizetype size);
[[nodiscard]] inline QByteArray rootHash(const QList<QByteArray> &leafHashes)
{
    return rootHash(leafHashes, leafHashes.size());
}

/// PROOF(m, D[n]) of RFC 9162 §2.1.4.1, for 0 < m ≤ n = leafHashes.size(); empty for m == n.
[[nodiscard]] QList<QByteArray> consistencyProof(const QList<QByteArray> &leafHashes, qsizetype m);

/// The verification of RFC 9162 §2.1.4.2: true if a tree of `secondSize` leaves with root
/// `secondRoot` extends the tree of `firstSize` leaves with root `firstRoot`.
[[nodiscard]] bool verifyConsistency(qsizetype firstSize, qsizetype secondSize, const QByteArray &firstRoot,
                                     const QByteArray &secondRoot, const QList<QByteArray> &proof);

} // namespace MerkleTree
