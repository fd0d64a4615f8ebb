#pragma once

#include <QByteArray>

#include "devicekey.h"
#include "result.h"

/**
 * A signed tree head: the center's checkpoint of its log of journal entries (MerkleTree), signed
 * with the center's Ed25519 key. Text, so an auditor can read it:
 *
 *     doorstep-tree-head 1
 *     size <leaves>
 *     root <SHA-256, hex>
 *     time-ms <when the center made it>
 *     signature <Ed25519 over the lines above, base64>
 */
struct TreeHead
{
    qint64 size = 0;
    QByteArray root; ///< 32 bytes
    qint64 timeMs = 0;
    QByteArray signature; ///< 64 bytes

    /// What the signature covers: the first four lines, each ending in '\n'.
    [[nodiscard]] QByteArray signedText() const;
    [[nodiscard]] QByteArray toText() const;
    [[nodiscard]] static TreeHead sign(qint64 size, const QByteArray &root, qint64 timeMs, const DeviceKey &centerKey);
    [[nodiscard]] bool verify(const QByteArray &centerPublicKey) const;
    /// Refuses ("tree-head.malformed") anything but the five lines exactly as written above.
    [[nodiscard]] static Result<TreeHead> fromText(const QByteArray &text);
    bool operator==(const TreeHead &) const = default;
};
