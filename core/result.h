#pragma once

#include <QMetaType>
#include <QString>

#include <utility>
#include <variant>

/**
 * A failure a person must read: a stable machine code (for logs, tests and the wire) and a
 * translated message (for the collector). Returned as a value; never thrown across a boundary.
 */
struct Error
{
    QString code;    ///< stable, untranslated, e.g. "money.too-many-decimals"
    QString message; ///< translated, shown to the collector or supervisor as it is

    bool operator==(const Error &) const = default;
};
// Error travels in queued signals between worker threads and the GUI thread.
Q_DECLARE_METATYPE(Error)

/** The outcome of an operation that can fail with an Error: either a value or an Error. */
template<typename T = std::monostate>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::move(value))
    {
    }
    Result(Error error)
        : m_state(std::move(error))
    {
    }

    [[nodiscard]] bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] const T &value() const & { return std::get<0>(m_state); }
    [[nodiscard]] T &value() & { return std::get<0>(m_state); }
    [[nodiscard]] T &&value() && { return std::get<0>(std::move(m_state)); }
    [[nodiscard]] const Error &error() const { return std::get<1>(m_state); }

    const T *operator->() const { return &value(); }
    const T &operator*() const { return value(); }

private:
    std::variant<T, Error> m_state;
};

/** Success without a value. */
using Status = Result<std::monostate>;
inline Status success()
{
    return Status(std::monostate{});
}
