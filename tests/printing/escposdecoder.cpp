#include "escposdecoder.h"

#include <QStringDecoder>

namespace {

// Returns the total length of the command starting at b[0] (a control byte), 0 if more bytes are
// needed to tell, -1 if it is not a known command. `name` is filled in when known.
qsizetype commandLength(const QByteArray &b, qsizetype at, QString &name)
{
    const qsizetype avail = b.size() - at;
    const auto byte = [&](qsizetype i) { return uchar(b.at(at + i)); };
    const uchar c0 = byte(0);
    if (c0 == 0x0A) {
        name = QStringLiteral("LF");
        return 1;
    }
    if (c0 == 0x00) {
        name = QStringLiteral("NUL");
        return 1;
    }
    if (avail < 2)
        return 0;
    const uchar c1 = byte(1);
    const auto two = [&](const char *n) {
        name = QString::fromLatin1(n);
        return qsizetype(2);
    };
    const auto three = [&](const char *n) -> qsizetype {
        if (avail < 3)
            return 0;
        name = QString::fromLatin1(n) + QLatin1Char(' ') + QString::number(byte(2));
        return 3;
    };
    if (c0 == 0x1B) { // ESC
        switch (c1) {
        case '@':
            return two("ESC @");
        case '2':
            return two("ESC 2");
        case 'E':
            return three("ESC E");
        case 'a':
            return three("ESC a");
        case 'd':
            return three("ESC d");
        case 't':
            return three("ESC t");
        case '!':
            return three("ESC !");
        case '3':
            return three("ESC 3");
        case 'J':
            return three("ESC J");
        case '-':
            return three("ESC -");
        default:
            return -1;
        }
    }
    if (c0 == 0x1C) { // FS
        switch (c1) {
        case '&':
            return two("FS &");
        case '.':
            return two("FS .");
        case '!':
            return three("FS !");
        default:
            return -1;
        }
    }
    if (c0 == 0x10) { // DLE
        if (c1 == 0x04)
            return three("DLE EOT");
        return -1;
    }
    if (c0 == 0x1D) { // GS
        switch (c1) {
        case '!':
            return three("GS !");
        case 'r':
            return three("GS r");
        case 'V': {
            if (avail < 3)
                return 0;
            if (byte(2) == 65 || byte(2) == 66) {
                if (avail < 4)
                    return 0;
                name = QStringLiteral("GS V ") + QString::number(byte(2));
                return 4;
            }
            name = QStringLiteral("GS V ") + QString::number(byte(2));
            return 3;
        }
        case 'v': {
            if (avail < 8)
                return 0;
            if (byte(2) != '0')
                return -1;
            const qsizetype w = byte(4) | (byte(5) << 8);
            const qsizetype h = byte(6) | (byte(7) << 8);
            name = QStringLiteral("GS v 0");
            return avail >= 8 + w * h ? 8 + w * h : 0;
        }
        case '(': {
            if (avail < 5)
                return 0;
            if (byte(2) != 'k')
                return -1;
            const qsizetype len = byte(3) | (byte(4) << 8);
            if (avail < 5 + len)
                return 0;
            if (len >= 2)
                name = QStringLiteral("GS ( k ") + QLatin1Char(char(byte(5))) + QLatin1Char(' ') +
                       QLatin1Char(char(byte(6)));
            else
                name = QStringLiteral("GS ( k ?");
            return 5 + len;
        }
        default:
            return -1;
        }
    }
    return -1;
}

} // namespace

QList<EscPosItem> EscPosParser::feed(const QByteArray &bytes)
{
    m_buffer.append(bytes);
    QList<EscPosItem> items;
    qsizetype at = 0;
    while (at < m_buffer.size()) {
        const uchar c = uchar(m_buffer.at(at));
        if (c >= 0x20 && c != 0x7F) {
            qsizetype end = at;
            while (end < m_buffer.size() && uchar(m_buffer.at(end)) >= 0x20 && uchar(m_buffer.at(end)) != 0x7F)
                ++end;
            EscPosItem t;
            t.kind = EscPosItem::Kind::Text;
            t.raw = m_buffer.mid(at, end - at);
            items.append(t);
            at = end;
            continue;
        }
        QString name;
        const qsizetype len = commandLength(m_buffer, at, name);
        if (len == 0)
            break; // wait for the rest
        EscPosItem item;
        if (len < 0) {
            item.kind = EscPosItem::Kind::Command;
            item.name = QStringLiteral("UNKNOWN 0x") + QString::number(c, 16);
            item.raw = m_buffer.mid(at, 1);
            items.append(item);
            ++at;
            continue;
        }
        item.raw = m_buffer.mid(at, len);
        item.name = name;
        item.kind = EscPosItem::Kind::Command;
        if (name == QLatin1String("GS v 0")) {
            item.kind = EscPosItem::Kind::Raster;
            item.width = uchar(item.raw.at(4)) | (uchar(item.raw.at(5)) << 8);
            item.height = uchar(item.raw.at(6)) | (uchar(item.raw.at(7)) << 8);
            item.data = item.raw.mid(8);
        } else if (name == QLatin1String("GS ( k 1 P")) {
            item.kind = EscPosItem::Kind::Qr;
            item.data = item.raw.mid(8); // after "1 P 0"
        }
        items.append(item);
        at += len;
    }
    m_buffer.remove(0, at);
    return items;
}

QStringList DecodedJob::texts() const
{
    QStringList out;
    for (const DecodedLine &l : lines)
        out.append(l.text);
    return out;
}

DecodedJob decodeEscPos(const QByteArray &bytes)
{
    DecodedJob job;
    EscPosParser parser;
    const QList<EscPosItem> items = parser.feed(bytes);
    job.incomplete = parser.pending();
    bool chinese = false;
    bool bold = false;
    bool large = false;
    int align = 0;
    QString current;
    for (const EscPosItem &item : items) {
        if (item.kind == EscPosItem::Kind::Text) {
            const QByteArray &raw = item.raw;
            if (chinese) {
                QStringDecoder gb("GB18030");
                current.append(gb.decode(raw));
            } else {
                QStringDecoder cp("IBM437");
                for (char ch : raw) {
                    if (uchar(ch) >= 0x80)
                        ++job.chineseTextWithoutMode;
                }
                current.append(cp.decode(raw));
            }
            continue;
        }
        if (item.name.startsWith(QLatin1String("UNKNOWN"))) {
            job.unknownControls.append(item.name);
            continue;
        }
        if (item.name == QLatin1String("LF")) {
            job.lines.append(DecodedLine{current, bold, large, align});
            current.clear();
            continue;
        }
        job.commands.append(item.name);
        if (item.name == QLatin1String("FS &"))
            chinese = true;
        else if (item.name == QLatin1String("FS ."))
            chinese = false;
        else if (item.name == QLatin1String("ESC @")) {
            chinese = false;
            bold = false;
            large = false;
            align = 0;
        } else if (item.name.startsWith(QLatin1String("ESC E ")))
            bold = item.name.endsWith(QLatin1Char('1'));
        else if (item.name.startsWith(QLatin1String("GS ! ")))
            large = item.name != QLatin1String("GS ! 0");
        else if (item.name.startsWith(QLatin1String("ESC a ")))
            align = item.name.mid(6).toInt();
        else if (item.kind == EscPosItem::Kind::Qr)
            job.qrPayloads.append(item.data);
        else if (item.kind == EscPosItem::Kind::Raster) {
            QImage image(item.width * 8, item.height, QImage::Format_Mono);
            image.setColorTable({qRgb(255, 255, 255), qRgb(0, 0, 0)});
            for (int y = 0; y < item.height; ++y) {
                for (int x = 0; x < item.width; ++x)
                    image.scanLine(y)[x] = uchar(item.data.at(qsizetype(y) * item.width + x));
            }
            job.rasters.append(image);
        }
    }
    if (!current.isEmpty())
        job.lines.append(DecodedLine{current, bold, large, align});
    return job;
}
