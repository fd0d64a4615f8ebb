#include "wirecodec.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborStreamReader>
#include <QCoreApplication>
#include <QSet>

#include <zlib.h>

namespace {

Error wireError(const char *code, const QString &message)
{
    return Error{QString::fromLatin1(code), message};
}

// One translation context for the whole file, including free functions and helper types, in a
// form lupdate understands.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Wire)
};

/** Builds a QCborValue from a stream, refusing anything over the limits before allocating it. */
class LimitedReader
{
public:
    LimitedReader(const QByteArray &cbor, const WireLimits &limits)
        : m_reader(cbor)
        , m_size(cbor.size())
        , m_limits(limits)
    {
    }

    /// Checks the whole document against the limits first, building nothing but the scalars it
    /// must look at (a duplicate map key is found through a hash of its encoding, not by a scan),
    /// and only then lets Qt build the value in one linear pass: decoding costs time in
    /// proportion to the bytes, never to the square of a map's size.
    Result<QCborValue> readDocument(const QByteArray &cbor)
    {
        QCborValue value;
        if (auto status = readValue(0, value); !status.ok())
            return status.error();
        if (m_reader.lastError() != QCborError::NoError)
            return readFailure();
        if (m_reader.currentOffset() != m_size)
            return wireError("wire.trailing-data", Tr::tr("The message has data after its end."));
        QCborParserError error;
        QCborValue built = QCborValue::fromCbor(cbor, &error);
        if (error.error != QCborError::NoError)
            return wireError(
                "wire.malformed",
                Tr::tr("The message is not valid CBOR (%1 at byte %2).").arg(error.error.toString()).arg(error.offset));
        return built;
    }

private:
    Error malformed()
    {
        return wireError("wire.malformed", Tr::tr("The message is not valid CBOR (%1 at byte %2).")
                                               .arg(m_reader.lastError().toString())
                                               .arg(m_reader.currentOffset()));
    }

    Error readFailure()
    {
        if (m_reader.lastError() == QCborError::EndOfFile)
            return wireError("wire.truncated", Tr::tr("The message ends in the middle of a value."));
        return malformed();
    }

    Status countItem()
    {
        if (++m_items > m_limits.maxItems)
            return wireError("wire.too-many-items",
                             Tr::tr("The message holds more than %1 values.").arg(m_limits.maxItems));
        return success();
    }

    Status readString(QCborValue &out, bool text)
    {
        if (m_reader.isLengthKnown() && m_reader.length() > quint64(m_limits.maxStringBytes))
            return stringTooLong();
        if (text) {
            QString s;
            auto chunk = m_reader.readString();
            while (chunk.status == QCborStreamReader::Ok) {
                s += chunk.data;
                if (s.size() > m_limits.maxStringBytes)
                    return stringTooLong();
                chunk = m_reader.readString();
            }
            if (chunk.status == QCborStreamReader::Error)
                return readFailure();
            out = QCborValue(s);
            return success();
        }
        QByteArray bytes;
        auto chunk = m_reader.readByteArray();
        while (chunk.status == QCborStreamReader::Ok) {
            bytes += chunk.data;
            if (bytes.size() > m_limits.maxStringBytes)
                return stringTooLong();
            chunk = m_reader.readByteArray();
        }
        if (chunk.status == QCborStreamReader::Error)
            return readFailure();
        out = QCborValue(bytes);
        return success();
    }

    Error stringTooLong() const
    {
        return wireError("wire.string-too-long",
                         Tr::tr("A string in the message is longer than %1 bytes.").arg(m_limits.maxStringBytes));
    }

    Status readValue(int depth, QCborValue &out)
    {
        if (m_reader.lastError() != QCborError::NoError)
            return readFailure();
        if (auto s = countItem(); !s.ok())
            return s;
        switch (m_reader.type()) {
        case QCborStreamReader::UnsignedInteger:
        case QCborStreamReader::NegativeInteger: {
            const QCborStreamReader::Type t = m_reader.type();
            // A negative integer below INT64_MIN or an unsigned one above INT64_MAX cannot be a
            // seq, a count or an amount here: refuse rather than wrap.
            if (t == QCborStreamReader::UnsignedInteger && m_reader.toUnsignedInteger() > quint64(INT64_MAX))
                return wireError("wire.unsupported", Tr::tr("An integer in the message is out of range."));
            if (t == QCborStreamReader::NegativeInteger && quint64(m_reader.toNegativeInteger()) > quint64(INT64_MAX))
                return wireError("wire.unsupported", Tr::tr("An integer in the message is out of range."));
            out = QCborValue(m_reader.toInteger());
            m_reader.next();
            return success();
        }
        case QCborStreamReader::ByteArray:
            return readString(out, false);
        case QCborStreamReader::String:
            return readString(out, true);
        case QCborStreamReader::Array:
        case QCborStreamReader::Map:
            return readContainer(depth, out);
        case QCborStreamReader::SimpleType:
            if (m_reader.isBool()) {
                out = QCborValue(m_reader.toBool());
                m_reader.next();
                return success();
            }
            if (m_reader.isNull()) {
                out = QCborValue(nullptr);
                m_reader.next();
                return success();
            }
            return wireError("wire.unsupported", Tr::tr("The message holds an unsupported simple value."));
        case QCborStreamReader::Float16:
        case QCborStreamReader::Float:
        case QCborStreamReader::Double:
            return wireError("wire.float", Tr::tr("The message holds a floating-point number; none is allowed."));
        case QCborStreamReader::Tag:
            return wireError("wire.unsupported", Tr::tr("The message holds a CBOR tag; none is allowed."));
        case QCborStreamReader::Invalid:
            return readFailure();
        }
        return wireError("wire.unsupported", Tr::tr("The message holds an unsupported value."));
    }

    Status readContainer(int depth, QCborValue &out)
    {
        if (depth + 1 > m_limits.maxNesting)
            return wireError("wire.too-deep",
                             Tr::tr("The message is nested more than %1 levels deep.").arg(m_limits.maxNesting));
        const bool isArray = m_reader.isArray();
        const qsizetype limit = isArray ? m_limits.maxArrayLength : m_limits.maxMapSize;
        if (m_reader.isLengthKnown() && m_reader.length() > quint64(limit))
            return containerTooLarge(isArray, limit);
        if (!m_reader.enterContainer())
            return malformed();
        QSet<QByteArray> keys;
        qsizetype count = 0;
        while (m_reader.lastError() == QCborError::NoError && m_reader.hasNext()) {
            if (++count > limit)
                return containerTooLarge(isArray, limit);
            const bool keyIsContainer = !isArray && (m_reader.isArray() || m_reader.isMap());
            if (keyIsContainer)
                return wireError("wire.unsupported", Tr::tr("A map in the message has a list or a map as a key."));
            QCborValue first;
            if (auto s = readValue(depth + 1, first); !s.ok())
                return s;
            if (isArray)
                continue;
            QCborValue second;
            if (auto s = readValue(depth + 1, second); !s.ok())
                return s;
            const QByteArray key = first.toCbor();
            if (keys.contains(key))
                return wireError("wire.malformed", Tr::tr("A map in the message repeats a key."));
            keys.insert(key);
        }
        if (m_reader.lastError() != QCborError::NoError)
            return readFailure();
        if (!m_reader.leaveContainer())
            return malformed();
        out = QCborValue(); // built afterwards, in one pass (readDocument)
        return success();
    }

    Error containerTooLarge(bool isArray, qsizetype limit) const
    {
        if (isArray)
            return wireError("wire.array-too-long",
                             Tr::tr("A list in the message has more than %1 elements.").arg(limit));
        return wireError("wire.map-too-large", Tr::tr("A map in the message has more than %1 entries.").arg(limit));
    }

    QCborStreamReader m_reader;
    qint64 m_size = 0;
    const WireLimits &m_limits;
    qsizetype m_items = 0;
};

} // namespace

WireLimits WireLimits::request()
{
    WireLimits l;
    l.maxMapSize = 32;
    l.maxItems = 200'000;
    return l;
}

WireLimits WireLimits::enrolment()
{
    WireLimits l;
    l.maxBodyBytes = 4096;
    l.maxDecodedBytes = 4096;
    l.maxArrayLength = 16;
    l.maxMapSize = 16;
    l.maxItems = 64;
    l.maxNesting = 4;
    return l;
}

WireLimits WireLimits::reply()
{
    WireLimits l;
    l.maxBodyBytes = qsizetype(128) * 1024 * 1024;
    l.maxDecodedBytes = qsizetype(512) * 1024 * 1024;
    l.maxArrayLength = 4'000'000;
    l.maxItems = 50'000'000;
    return l;
}

namespace Wire {

QByteArray mediaType()
{
    return QByteArrayLiteral("application/vnd.doorstep.v1+cbor+zlib");
}

QByteArray encode(const QCborValue &value)
{
    const QByteArray cbor = value.toCbor();
    uLongf bound = compressBound(uLong(cbor.size()));
    QByteArray out(qsizetype(4 + bound), Qt::Uninitialized);
    const auto n = quint32(cbor.size());
    out[0] = char(n >> 24);
    out[1] = char(n >> 16);
    out[2] = char(n >> 8);
    out[3] = char(n);
    const int rc = compress2(reinterpret_cast<Bytef *>(out.data() + 4), &bound,
                             reinterpret_cast<const Bytef *>(cbor.constData()), uLong(cbor.size()), Z_BEST_COMPRESSION);
    Q_ASSERT(rc == Z_OK);
    Q_UNUSED(rc);
    out.resize(qsizetype(4) + qsizetype(bound));
    return out;
}

Result<QCborValue> decode(const QByteArray &body, const WireLimits &limits)
{
    if (body.isEmpty())
        return wireError("wire.empty", Tr::tr("The message is empty."));
    if (body.size() > limits.maxBodyBytes)
        return wireError("wire.too-large", Tr::tr("The message is larger than %1 bytes.").arg(limits.maxBodyBytes));
    if (body.size() < 4 + 2)
        return wireError("wire.corrupt", Tr::tr("The message is too short to be a compressed body."));
    const auto *p = reinterpret_cast<const uchar *>(body.constData());
    const quint32 declared = (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
    if (declared == 0)
        return wireError("wire.corrupt", Tr::tr("The message declares an empty body."));
    if (qint64(declared) > qint64(limits.maxDecodedBytes))
        return wireError(
            "wire.too-large",
            Tr::tr("The message would inflate to %1 bytes, more than %2.").arg(declared).arg(limits.maxDecodedBytes));

    QByteArray cbor(qsizetype(declared), Qt::Uninitialized);
    z_stream zs{};
    if (inflateInit(&zs) != Z_OK)
        return wireError("wire.corrupt", Tr::tr("The message could not be decompressed."));
    zs.next_in = const_cast<Bytef *>(p + 4);
    zs.avail_in = uInt(body.size() - 4);
    zs.next_out = reinterpret_cast<Bytef *>(cbor.data());
    zs.avail_out = uInt(declared);
    const int rc = inflate(&zs, Z_FINISH);
    const uLong produced = zs.total_out;
    const uInt leftIn = zs.avail_in;
    inflateEnd(&zs);
    if (rc == Z_BUF_ERROR && produced == declared)
        return wireError("wire.corrupt", Tr::tr("The message inflates to more than the length it declares."));
    if (rc != Z_STREAM_END)
        return wireError("wire.corrupt", Tr::tr("The message is not a complete compressed body."));
    if (produced != declared)
        return wireError("wire.corrupt",
                         Tr::tr("The message inflates to %1 bytes but declares %2.").arg(produced).arg(declared));
    if (leftIn != 0)
        return wireError("wire.trailing-data", Tr::tr("The message has data after its compressed body."));
    return decodeCbor(cbor, limits);
}

Result<QCborValue> decodeCbor(const QByteArray &cbor, const WireLimits &limits)
{
    if (cbor.isEmpty())
        return wireError("wire.empty", Tr::tr("The message is empty."));
    if (cbor.size() > limits.maxDecodedBytes)
        return wireError("wire.too-large", Tr::tr("The message is larger than %1 bytes.").arg(limits.maxDecodedBytes));
    LimitedReader reader(cbor, limits);
    return reader.readDocument(cbor);
}

} // namespace Wire
