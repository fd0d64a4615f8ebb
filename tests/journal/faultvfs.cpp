#include "faultvfs.h"

#include <QByteArray>

#include <fcntl.h>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

#include <sqlite3.h>

namespace {

struct Undo
{
    sqlite3_int64 offset;
    std::string oldBytes;
};

struct FileState
{
    sqlite3_int64 syncedSize = 0;
    std::vector<Undo> undo;
};

struct Global
{
    sqlite3_vfs vfs{};
    sqlite3_vfs *real = nullptr;
    std::map<std::string, FileState> files;
    bool cut = false;
    std::int64_t writesUntilCut = 0;
    std::int64_t syncs = 0;
};

Global &g()
{
    static Global global;
    return global;
}

struct FaultFile
{
    sqlite3_file base;
    sqlite3_file *real;
    FileState *state; // null for temporary files without a name
};

sqlite3_file *realOf(sqlite3_file *f)
{
    return reinterpret_cast<FaultFile *>(f)->real;
}

int xClose(sqlite3_file *f)
{
    return realOf(f)->pMethods->xClose(realOf(f));
}

int xRead(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
    return realOf(f)->pMethods->xRead(realOf(f), buf, amt, off);
}

// Remembers what [off, off+amt) held before it is changed, so a power cut can put it back.
void remember(sqlite3_file *f, sqlite3_int64 off, sqlite3_int64 amt)
{
    auto *ff = reinterpret_cast<FaultFile *>(f);
    if (!ff->state)
        return;
    sqlite3_int64 size = 0;
    ff->real->pMethods->xFileSize(ff->real, &size);
    const sqlite3_int64 overlap = std::max<sqlite3_int64>(0, std::min(amt, size - off));
    Undo u{off, std::string(size_t(overlap), '\0')};
    if (overlap > 0)
        ff->real->pMethods->xRead(ff->real, u.oldBytes.data(), int(overlap), off);
    ff->state->undo.push_back(std::move(u));
}

bool writeAllowed()
{
    Global &gl = g();
    if (gl.cut)
        return false;
    if (gl.writesUntilCut > 0 && --gl.writesUntilCut == 0) {
        FaultVfs::cutPower();
        return false;
    }
    return true;
}

int xWrite(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
    if (!writeAllowed())
        return SQLITE_IOERR_WRITE;
    remember(f, off, amt);
    return realOf(f)->pMethods->xWrite(realOf(f), buf, amt, off);
}

int xTruncate(sqlite3_file *f, sqlite3_int64 size)
{
    if (!writeAllowed())
        return SQLITE_IOERR_TRUNCATE;
    sqlite3_int64 current = 0;
    realOf(f)->pMethods->xFileSize(realOf(f), &current);
    if (current > size)
        remember(f, size, current - size);
    return realOf(f)->pMethods->xTruncate(realOf(f), size);
}

int xSync(sqlite3_file *f, int flags)
{
    if (g().cut)
        return SQLITE_IOERR_FSYNC;
    const int rc = realOf(f)->pMethods->xSync(realOf(f), flags);
    auto *ff = reinterpret_cast<FaultFile *>(f);
    if (rc == SQLITE_OK && ff->state) {
        ++g().syncs;
        ff->state->undo.clear();
        ff->real->pMethods->xFileSize(ff->real, &ff->state->syncedSize);
    }
    return rc;
}

int xFileSize(sqlite3_file *f, sqlite3_int64 *size)
{
    return realOf(f)->pMethods->xFileSize(realOf(f), size);
}
int xLock(sqlite3_file *f, int l)
{
    return realOf(f)->pMethods->xLock(realOf(f), l);
}
int xUnlock(sqlite3_file *f, int l)
{
    return realOf(f)->pMethods->xUnlock(realOf(f), l);
}
int xCheckReservedLock(sqlite3_file *f, int *out)
{
    return realOf(f)->pMethods->xCheckReservedLock(realOf(f), out);
}
int xFileControl(sqlite3_file *f, int op, void *arg)
{
    return realOf(f)->pMethods->xFileControl(realOf(f), op, arg);
}
int xSectorSize(sqlite3_file *f)
{
    return realOf(f)->pMethods->xSectorSize(realOf(f));
}
int xDeviceCharacteristics(sqlite3_file *f)
{
    return realOf(f)->pMethods->xDeviceCharacteristics(realOf(f));
}
int xShmMap(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
    return realOf(f)->pMethods->xShmMap(realOf(f), pg, sz, extend, pp);
}
int xShmLock(sqlite3_file *f, int offset, int n, int flags)
{
    return realOf(f)->pMethods->xShmLock(realOf(f), offset, n, flags);
}
void xShmBarrier(sqlite3_file *f)
{
    realOf(f)->pMethods->xShmBarrier(realOf(f));
}
int xShmUnmap(sqlite3_file *f, int deleteFlag)
{
    return realOf(f)->pMethods->xShmUnmap(realOf(f), deleteFlag);
}
// No memory-mapped reads: every read goes through xRead, which the undo log understands.
int xFetch(sqlite3_file *, sqlite3_int64, int, void **pp)
{
    *pp = nullptr;
    return SQLITE_OK;
}
int xUnfetch(sqlite3_file *, sqlite3_int64, void *)
{
    return SQLITE_OK;
}

const sqlite3_io_methods methods = {
    3,
    xClose,
    xRead,
    xWrite,
    xTruncate,
    xSync,
    xFileSize,
    xLock,
    xUnlock,
    xCheckReservedLock,
    xFileControl,
    xSectorSize,
    xDeviceCharacteristics,
    xShmMap,
    xShmLock,
    xShmBarrier,
    xShmUnmap,
    xFetch,
    xUnfetch,
};

int vOpen(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *f, int flags, int *outFlags)
{
    auto *ff = reinterpret_cast<FaultFile *>(f);
    ff->real = reinterpret_cast<sqlite3_file *>(ff + 1);
    ff->state = nullptr;
    const int rc = g().real->xOpen(g().real, name, ff->real, flags, outFlags);
    if (rc != SQLITE_OK) {
        f->pMethods = nullptr;
        return rc;
    }
    f->pMethods = &methods;
    if (name) {
        auto [it, inserted] = g().files.try_emplace(std::string(name));
        if (inserted) // what is on disk when first seen is durable
            ff->real->pMethods->xFileSize(ff->real, &it->second.syncedSize);
        ff->state = &it->second;
    }
    return SQLITE_OK;
}

int vDelete(sqlite3_vfs *, const char *name, int syncDir)
{
    if (g().cut)
        return SQLITE_IOERR_DELETE;
    g().files.erase(std::string(name));
    return g().real->xDelete(g().real, name, syncDir);
}

int vAccess(sqlite3_vfs *, const char *name, int flags, int *out)
{
    return g().real->xAccess(g().real, name, flags, out);
}
int vFullPathname(sqlite3_vfs *, const char *name, int n, char *out)
{
    return g().real->xFullPathname(g().real, name, n, out);
}
int vRandomness(sqlite3_vfs *, int n, char *out)
{
    return g().real->xRandomness(g().real, n, out);
}
int vSleep(sqlite3_vfs *, int us)
{
    return g().real->xSleep(g().real, us);
}
int vCurrentTime(sqlite3_vfs *, double *t)
{
    return g().real->xCurrentTime(g().real, t);
}
int vGetLastError(sqlite3_vfs *, int n, char *out)
{
    return g().real->xGetLastError(g().real, n, out);
}
int vCurrentTimeInt64(sqlite3_vfs *, sqlite3_int64 *t)
{
    return g().real->xCurrentTimeInt64(g().real, t);
}

} // namespace

void FaultVfs::install()
{
    Global &gl = g();
    if (gl.real)
        return;
    gl.real = sqlite3_vfs_find(nullptr);
    gl.vfs.iVersion = 2;
    gl.vfs.szOsFile = int(sizeof(FaultFile)) + gl.real->szOsFile;
    gl.vfs.mxPathname = gl.real->mxPathname;
    gl.vfs.zName = "faultvfs";
    gl.vfs.xOpen = vOpen;
    gl.vfs.xDelete = vDelete;
    gl.vfs.xAccess = vAccess;
    gl.vfs.xFullPathname = vFullPathname;
    gl.vfs.xDlOpen = nullptr;
    gl.vfs.xRandomness = vRandomness;
    gl.vfs.xSleep = vSleep;
    gl.vfs.xCurrentTime = vCurrentTime;
    gl.vfs.xGetLastError = vGetLastError;
    gl.vfs.xCurrentTimeInt64 = vCurrentTimeInt64;
    sqlite3_vfs_register(&gl.vfs, 0);
}

void FaultVfs::reset()
{
    g().files.clear();
    g().cut = false;
    g().writesUntilCut = 0;
    g().syncs = 0;
}

void FaultVfs::cutPowerAfterWrites(std::int64_t n)
{
    g().writesUntilCut = n;
}

void FaultVfs::cutPower()
{
    Global &gl = g();
    if (gl.cut)
        return;
    gl.cut = true;
    // Put back, newest first, every byte no sync made durable, then the size at the last sync.
    for (auto &[path, state] : gl.files) {
        const int fd = ::open(path.c_str(), O_RDWR);
        if (fd < 0)
            continue;
        for (auto it = state.undo.rbegin(); it != state.undo.rend(); ++it)
            if (!it->oldBytes.empty())
                (void)!::pwrite(fd, it->oldBytes.data(), it->oldBytes.size(), it->offset);
        (void)!::ftruncate(fd, state.syncedSize);
        ::close(fd);
        state.undo.clear();
    }
}

bool FaultVfs::powerIsCut()
{
    return g().cut;
}

std::int64_t FaultVfs::syncCount()
{
    return g().syncs;
}
