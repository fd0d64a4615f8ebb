// The HTTP guard's head parser (sync/center/httpguard): the first code that reads a connection's bytes,
// before any authentication. A real RequestGuard watches one end of a local stream socket; the
// fuzzer's bytes arrive at the other end in segments, as TCP may cut them, and behind the guard
// a stand-in for Qt's HTTP server reads whatever the guard lets through, as the real one does.
// Limits are small so the fuzzer reaches them. Whatever arrives: no crash, at most one refusal
// per connection, with a status the guard is documented to send; and (issue 14, point 6) a first
// request whose head declares a Content-Length above the limit is refused however TCP cut the
// head (the seed split-length passed the guard before that fix). The guard's pure head check
// (headEnd, checkHead) is also run on the whole input: a verdict is a refusal in words, or a
// body length within the limit.

#include <QTcpSocket>

#include <algorithm>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzzsupport.h"
#include "httpguard.h"

namespace {

constexpr qint64 MaxHeaderBytes = 512;
constexpr qint64 MaxBodyBytes = 64;

/// Whether the first request of `stream` declares, on any head line after the request line, a
/// Content-Length above MaxBodyBytes: any guard must refuse that, whatever else the head holds.
bool declaresTooLargeBody(const QByteArray &stream)
{
    qsizetype end = stream.indexOf("\r\n\r\n");
    const qsizetype lf = stream.indexOf("\n\n");
    if (end < 0 || (lf >= 0 && lf < end))
        end = lf;
    if (end < 0 || end > MaxHeaderBytes)
        return false;
    const QList<QByteArray> lines = stream.left(end).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.left(colon).trimmed().toLower() != "content-length")
            continue;
        const QByteArray value = line.mid(colon + 1).trimmed();
        bool ok = false;
        const qint64 n = value.toLongLong(&ok);
        if (ok && n > MaxBodyBytes && value.size() <= 18 &&
            std::all_of(value.cbegin(), value.cend(), [](char c) { return c >= '0' && c <= '9'; }))
            return true;
    }
    return false;
}

bool refusalStatus(int status)
{
    return status == 400 || status == 408 || status == 411 || status == 413 || status == 429 || status == 431 ||
           status == 503;
}

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
    QByteArray stream;
    while (!input.empty()) {
        const std::uint8_t op = input.byte();
        const QByteArray segment = input.take(op & 0x3f);
        stream += segment;
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
        FUZZ_CHECK(refusalStatus(status));
    FUZZ_CHECK(served <= qint64(size));
    if (declaresTooLargeBody(stream))
        FUZZ_CHECK(!refusals.isEmpty());

    // The pure check, on the stream's first head and on the stream as if it were one.
    const qsizetype end = RequestGuard::headEnd(stream);
    FUZZ_CHECK(end == -1 || (end >= 2 && end <= stream.size() && stream.at(end - 1) == '\n'));
    for (const QByteArray &head : {end > 0 ? stream.left(end) : QByteArray(), stream}) {
        const HeadVerdict verdict = RequestGuard::checkHead(head, limits);
        if (verdict.status == 0) {
            FUZZ_CHECK(verdict.contentLength >= 0 && verdict.contentLength <= MaxBodyBytes);
            FUZZ_CHECK(!declaresTooLargeBody(head + "\n\n"));
        } else {
            FUZZ_CHECK(refusalStatus(verdict.status) && verdict.status != 408);
            FUZZ_CHECK(!verdict.reason.isEmpty() && !verdict.code.isEmpty() && !verdict.message.isEmpty());
        }
    }

    delete socket; // and its guard
    ::close(fds[1]);
    return 0;
}
