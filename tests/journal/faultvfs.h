#pragma once

#include <cstdint>

/**
 * A fault-injecting SQLite VFS for power-loss tests, named "faultvfs", wrapping the default one.
 * For every file it keeps an undo log of the bytes each write overwrote since that file's last
 * xSync, and its size at that sync. cutPower() rolls every file back to what its last sync made
 * durable (all unsynced writes lost: the worst case for acknowledged data), then fails every
 * further I/O so the dying connection cannot write anything more. The -shm file is memory and
 * is lost with the power: the test deletes it before reopening.
 */
namespace FaultVfs {

void install();
/// Forget all files and faults; the next opened file starts with its current content as durable.
void reset();
/// Cut the power when the n-th write from now is attempted (that write fails); 0 disarms.
void cutPowerAfterWrites(std::int64_t n);
void cutPower();
[[nodiscard]] bool powerIsCut();
[[nodiscard]] std::int64_t syncCount();

} // namespace FaultVfs
