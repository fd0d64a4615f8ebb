// The center's log as an RFC 9162 Merkle tree: roots and consistency proofs against the published
// Certificate Transparency test vectors, every size up to 64 both ways, and every way a proof or
// a root can be tampered with.
#include <QTest>

#include "merkletree.h"

namespace {

QList<QByteArray> vectorLeaves()
{
    const QList<QByteArray> data{QByteArray(),
                                 QByteArray::fromHex("00"),
                                 QByteArray::fromHex("10"),
                                 QByteArray::fromHex("2021"),
                                 QByteArray::fromHex("3031"),
                                 QByteArray::fromHex("40414243"),
                                 QByteArray::fromHex("5051525354555657"),
                                 QByteArray::fromHex("606162636465666768696a6b6c6d6e6f")};
    QList<QByteArray> leaves;
    for (const QByteArray &d : data)
        leaves.append(MerkleTree::leafHash(d));
    return leaves;
}

QList<QByteArray> hexList(std::initializer_list<const char *> hex)
{
    QList<QByteArray> out;
    for (const char *h : hex)
        out.append(QByteArray::fromHex(h));
    return out;
}

QList<QByteArray> manyLeaves(int n)
{
    QList<QByteArray> leaves;
    for (int i = 0; i < n; ++i)
        leaves.append(MerkleTree::leafHash(QByteArray::number(i)));
    return leaves;
}

} // namespace

class TestMerkleTree : public QObject
{
    Q_OBJECT

private slots:
    void rootsMatchTheTransparencyVectors();
    void proofsMatchTheTransparencyVectors();
    void everyProofUpTo64Verifies();
    void tamperedProofsFail();
    void edgesAndNonsense();
};

void TestMerkleTree::rootsMatchTheTransparencyVectors()
{
    const QList<QByteArray> roots = hexList({
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    });
    const QList<QByteArray> leaves = vectorLeaves();
    for (int n = 1; n <= 8; ++n)
        QCOMPARE(MerkleTree::rootHash(leaves, n).toHex(), roots.at(n - 1).toHex());
    QCOMPARE(MerkleTree::rootHash({}).toHex(),
             QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")); // SHA-256("")
}

void TestMerkleTree::proofsMatchTheTransparencyVectors()
{
    const QList<QByteArray> leaves = vectorLeaves();
    const struct
    {
        int m;
        int n;
        QList<QByteArray> proof;
    } vectors[] = {
        {1, 8,
         hexList({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
        {6, 8,
         hexList({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
        {2, 5,
         hexList({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
    };
    for (const auto &v : vectors) {
        const QList<QByteArray> tree = leaves.mid(0, v.n);
        QCOMPARE(MerkleTree::consistencyProof(tree, v.m), v.proof);
        QVERIFY(MerkleTree::verifyConsistency(v.m, v.n, MerkleTree::rootHash(tree, v.m), MerkleTree::rootHash(tree),
                                              v.proof));
    }
}

void TestMerkleTree::everyProofUpTo64Verifies()
{
    const QList<QByteArray> leaves = manyLeaves(64);
    for (int n = 1; n <= 64; ++n) {
        const QList<QByteArray> tree = leaves.mid(0, n);
        const QByteArray root = MerkleTree::rootHash(tree);
        for (int m = 1; m <= n; ++m) {
            const auto proof = MerkleTree::consistencyProof(tree, m);
            QVERIFY2(MerkleTree::verifyConsistency(m, n, MerkleTree::rootHash(tree, m), root, proof),
                     qPrintable(QStringLiteral("%1 → %2").arg(m).arg(n)));
            QVERIFY(proof.size() <= 2 * 7); // O(log n)
        }
    }
}

void TestMerkleTree::tamperedProofsFail()
{
    const QList<QByteArray> leaves = manyLeaves(37);
    for (int n : {2, 5, 8, 16, 17, 37}) {
        const QList<QByteArray> tree = leaves.mid(0, n);
        const QByteArray root = MerkleTree::rootHash(tree);
        for (int m = 1; m < n; ++m) {
            const QByteArray old = MerkleTree::rootHash(tree, m);
            const auto proof = MerkleTree::consistencyProof(tree, m);
            const QString at = QStringLiteral("%1 → %2").arg(m).arg(n);
            for (qsizetype i = 0; i < proof.size(); ++i) {
                auto bad = proof;
                bad[i][5] = char(bad[i][5] ^ 0x01);
                QVERIFY2(!MerkleTree::verifyConsistency(m, n, old, root, bad),
                         qPrintable(at + QLatin1String(" flipped")));
                auto shorter = proof;
                shorter.removeAt(i);
                QVERIFY2(!MerkleTree::verifyConsistency(m, n, old, root, shorter),
                         qPrintable(at + QLatin1String(" short")));
            }
            auto longer = proof;
            longer.append(root);
            QVERIFY2(!MerkleTree::verifyConsistency(m, n, old, root, longer), qPrintable(at + QLatin1String(" long")));
            // An earlier log with one leaf changed is not extended by this one.
            QList<QByteArray> rewritten = tree.mid(0, m);
            rewritten[m - 1] = MerkleTree::leafHash("rewritten");
            QVERIFY2(!MerkleTree::verifyConsistency(m, n, MerkleTree::rootHash(rewritten), root, proof),
                     qPrintable(at + QLatin1String(" rewritten")));
            QVERIFY2(!MerkleTree::verifyConsistency(m, n, root, old, proof),
                     qPrintable(at + QLatin1String(" swapped")));
            if (m + 1 < n)
                QVERIFY2(!MerkleTree::verifyConsistency(m + 1, n, old, root, proof),
                         qPrintable(at + QLatin1String(" size")));
        }
    }
}

void TestMerkleTree::edgesAndNonsense()
{
    const QList<QByteArray> tree = manyLeaves(9);
    const QByteArray root = MerkleTree::rootHash(tree);
    QVERIFY(MerkleTree::verifyConsistency(9, 9, root, root, {}));
    QVERIFY(!MerkleTree::verifyConsistency(9, 9, root, root, {root}));
    QVERIFY(MerkleTree::verifyConsistency(0, 9, MerkleTree::rootHash({}), root, {}));
    QVERIFY(!MerkleTree::verifyConsistency(5, 4, root, root, {root}));
    QVERIFY(!MerkleTree::verifyConsistency(-1, 4, root, root, {}));
    QVERIFY(!MerkleTree::verifyConsistency(3, 9, MerkleTree::rootHash(tree, 3), root, {}));
    QVERIFY(!MerkleTree::verifyConsistency(3, 9, MerkleTree::rootHash(tree, 3), root, {QByteArray("short")}));
    QVERIFY(MerkleTree::consistencyProof(tree, 0).isEmpty());
    QVERIFY(MerkleTree::consistencyProof(tree, 10).isEmpty());
}

QTEST_APPLESS_MAIN(TestMerkleTree)
#include "tst_merkletree.moc"
