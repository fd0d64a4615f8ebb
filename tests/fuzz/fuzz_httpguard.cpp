// The HTTP guard's head parser (sync/httpguard): the first code that reads a connection's bytes,
// before any authentication. A real RequestGuard watches one end of a local stream socket; the
// fuzzer's bytes arrive at the other end in segments, as TCP may cut them, and behind the guard
// a stand-in for Qt's HTTP server reads whatever the guard lets through, as the real one does.
// Limits are small so the fuzzer reaches them. Whatever arrives: no crash, at most one refusal
// per connection, with a status the guard is documented to send.

#include <QTcpSocket>

#include <sys/socket.h>
#include <unistd.h>

#include "fuzzsupport.h"
#include "httpguard.h"

namespace {

constexpr qint64 MaxHeaderBytes = 512;
constexpr qint64 MaxBodyBytes = 64;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    Fuzz::application();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    int fds[2];
    FUZZ_CHECK(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    auto *socket = new QTcpSocket;
    FUZZ_CHECK(socket->setSocketDescriptor(fds[0]));
    HttpLimits limits;
    limits.maxHeaderBytes = MaxHeaderBytes;
    limits.maxBodyBytes = MaxBodyBytes;
    auto *guard = new RequestGuard(socket, limits);
    FUZZ_CHECK(RequestGuard::of(socket) == guard);

    QList<int> refusals;
    QObject::connect(guard, &RequestGuard::refused, [&refusals](int status, const QString &code, const QString &) {
        FUZZ_CHECK(!code.isEmpty());
        refusals.append(status);
    });
    // The server behind the guard: connected after it, reads what is left.
    qint64 served = 0;
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, &served] { served += socket->readAll().size(); });

    // Segments: a length byte (0..63), then that many bytes; the top bit of the length byte
    // tells the server it handled a request (the route handler's requestHandled()).
    Fuzz::Input input(data, size);
    while (!input.empty()) {
        const std::uint8_t op = input.byte();
        const QByteArray segment = input.take(op & 0x3f);
        if (!segment.isEmpty())
            FUZZ_CHECK(::write(fds[1], segment.constData(), size_t(segment.size())) == segment.size());
        QCoreApplication::processEvents();
        if (op & 0x80) {
            if (RequestGuard *g = RequestGuard::of(socket))
                g->requestHandled();
        }
    }
    QCoreApplication::processEvents();
    FUZZ_CHECK(refusals.size() <= 1);
    for (const int status : std::as_const(refusals))
        FUZZ_CHECK(status == 400 || status == 408 || status == 411 || status == 413 || status == 431);
    FUZZ_CHECK(served <= qint64(size));

    delete socket; // and its guard
    ::close(fds[1]);
    return 0;
}
