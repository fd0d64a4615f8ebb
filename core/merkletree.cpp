#include "merkletree.h"

#include <QCryptographicHash>

namespace MerkleTree {
namespace {

using Leaves = QList<QByteArray>;

// The largest power of two smaller than n (n > 1): where RFC 9162 splits a tree.
qsizetype split(qsizetype n)
{
    qsizetype k = 1;
    while (k * 2 < n)
        k *= 2;
    return k;
}

QByteArray subtree(const Leaves &leaves, qsizetype begin, qsizetype end)
{
    const qsizetype n = end - begin;
    if (n == 1)
        return leaves.at(begin);
    const qsizetype k = split(n);
    return nodeHash(subtree(leaves, begin, begin + k), subtree(leaves, begin + k, end));
}

// SUBPROOF(m, D[begin:end], complete)
void subproof(const Leaves &leaves, qsizetype m, qsizetype begin, qsizetype end, bool complete, Leaves &proof)
{
    const qsizetype n = end - begin;
    if (m == n) {
        if (!complete)
            proof.append(subtree(leaves, begin, end));
        return;
    }
    const qsizetype k = split(n);
    if (m <= k) {
        subproof(leaves, m, begin, begin + k, complete, proof);
        proof.append(subtree(leaves, begin + k, end));
    } else {
        subproof(leaves, m - k, begin + k, end, false, proof);
        proof.append(subtree(leaves, begin, begin + k));
    }
}

} // namespace

QByteArray leafHash(const QByteArray &leafData)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(QByteArrayView("\x00", 1));
    h.addData(leafData);
    return h.result();
}

QByteArray nodeHash(const QByteArray &left, const QByteArray &right)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(QByteArrayView("\x01", 1));
    h.addData(left);
    h.addData(right);
    return h.result();
}

QByteArray rootHash(const QList<QByteArray> &leafHashes, qsizetype size)
{
    const qsizetype n = std::min(size, leafHashes.size());
    if (n <= 0)
        return QCryptographicHash::hash(QByteArray(), QCryptographicHash::Sha256);
    return subtree(leafHashes, 0, n);
}

QList<QByteArray> consistencyProof(const QList<QByteArray> &leafHashes, qsizetype m)
{
    QList<QByteArray> proof;
    if (m <= 0 || m > leafHashes.size())
        return proof;
    subproof(leafHashes, m, 0, leafHashes.size(), true, proof);
    return proof;
}

bool verifyConsistency(qsizetype firstSize, qsizetype secondSize, const QByteArray &firstRoot,
                       const QByteArray &secondRoot, const QList<QByteArray> &proof)
{
    if (firstSize < 0 || secondSize < firstSize)
        return false;
    if (firstSize == secondSize)
        return proof.isEmpty() && firstRoot == secondRoot;
    if (firstSize == 0)
        return proof.isEmpty(); // the empty tree is a prefix of every tree
    if (proof.isEmpty())
        return false;
    for (const QByteArray &h : proof) {
        if (h.size() != 32)
            return false;
    }
    QList<QByteArray> path = proof;
    if ((firstSize & (firstSize - 1)) == 0)
        path.prepend(firstRoot);
    quint64 fn = quint64(firstSize - 1);
    quint64 sn = quint64(secondSize - 1);
    while (fn & 1) {
        fn >>= 1;
        sn >>= 1;
    }
    QByteArray fr = path.at(0);
    QByteArray sr = path.at(0);
    for (qsizetype i = 1; i < path.size(); ++i) {
        const QByteArray &c = path.at(i);
        if (sn == 0)
            return false;
        if ((fn & 1) || fn == sn) {
            fr = nodeHash(c, fr);
            sr = nodeHash(c, sr);
            if (!(fn & 1)) {
                while (fn != 0 && !(fn & 1)) {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            sr = nodeHash(sr, c);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return fr == firstRoot && sr == secondRoot && sn == 0;
}

} // namespace MerkleTree
