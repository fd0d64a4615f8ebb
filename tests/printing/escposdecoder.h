#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>

/**
 * Test helper: reads ESC/POS bytes back. EscPosParser is incremental (the virtual printer feeds
 * it whatever arrives) and knows each command's length, so bytes inside a QR payload or a raster
 * image are never mistaken for commands. decodeEscPos() turns a whole job into text lines
 * (GB18030 in Chinese mode, code page 437 outside it), the commands in order, QR payloads and
 * raster images, and counts any control byte that is not part of a known command.
 */
struct EscPosItem
{
    enum class Kind { Text, Command, Qr, Raster, Incomplete };
    Kind kind = Kind::Text;
    QByteArray raw;  ///< the bytes as received
    QString name;    ///< for commands: "ESC @", "FS &", "GS ( k 1 P", "DLE EOT 1", "LF", …
    QByteArray data; ///< QR payload, raster bits
    int width = 0;   ///< raster: bytes per row
    int height = 0;  ///< raster: rows
};

class EscPosParser
{
public:
    /// Appends bytes and returns every complete item; a partial command waits for more bytes.
    QList<EscPosItem> feed(const QByteArray &bytes);
    [[nodiscard]] QByteArray pending() const { return m_buffer; }

private:
    QByteArray m_buffer;
};

struct DecodedLine
{
    QString text;
    bool bold = false;
    bool large = false;
    int align = 0; ///< 0 left, 1 centre, 2 right
};

struct DecodedJob
{
    QList<DecodedLine> lines;
    QStringList commands; ///< every command in order, "LF" excluded
    QList<QByteArray> qrPayloads;
    QList<QImage> rasters;          ///< one per GS v 0 band
    QStringList unknownControls;    ///< control bytes outside any known command (must stay empty)
    QByteArray incomplete;          ///< bytes of an unfinished command at the end
    int chineseTextWithoutMode = 0; ///< multi-byte text seen outside FS & … FS .

    [[nodiscard]] QStringList texts() const;
    [[nodiscard]] int count(const QString &command) const { return int(commands.count(command)); }
};

[[nodiscard]] DecodedJob decodeEscPos(const QByteArray &bytes);
