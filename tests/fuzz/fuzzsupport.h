#pragma once

#include <QByteArray>
#include <QCoreApplication>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

/**
 * Shared by the fuzz targets (tests/fuzz/README.md). Each target defines LLVMFuzzerTestOneInput;
 * under the asan-fuzz preset libFuzzer drives it, in the dev build fuzzmain.cpp feeds it every
 * file of the target's corpus and regressions. A broken property is a finding like a crash:
 * FUZZ_CHECK prints it and aborts.
 */
#define FUZZ_CHECK(condition)                                                                                          \
    do {                                                                                                               \
        if (!(condition)) {                                                                                            \
            std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__);                   \
            std::abort();                                                                                              \
        }                                                                                                              \
    } while (false)

namespace Fuzz {

/// The fuzzer's bytes as a QByteArray of their own (a copy: never reads past `size`).
inline QByteArray bytes(const std::uint8_t *data, std::size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

/// One QCoreApplication for the process, for targets that need an event loop.
inline QCoreApplication &application()
{
    static int argc = 1;
    static char name[] = "doorstep-fuzz";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *app = new QCoreApplication(argc, argv);
    return *app;
}

/** Reads the fuzzer's bytes as small decisions followed by data, never past the end. */
class Input
{
public:
    Input(const std::uint8_t *data, std::size_t size)
        : m_data(data)
        , m_size(size)
    {
    }
    [[nodiscard]] bool empty() const { return m_offset >= m_size; }
    /// The next byte, or 0 at the end.
    std::uint8_t byte() { return empty() ? 0 : m_data[m_offset++]; }
    /// Up to `n` next bytes.
    QByteArray take(std::size_t n)
    {
        const std::size_t k = n < m_size - m_offset ? n : m_size - m_offset;
        QByteArray out(reinterpret_cast<const char *>(m_data + m_offset), qsizetype(k));
        m_offset += k;
        return out;
    }
    /// Everything not read yet.
    QByteArray rest() { return take(m_size - m_offset); }

private:
    const std::uint8_t *m_data;
    std::size_t m_size;
    std::size_t m_offset = 0;
};

} // namespace Fuzz
