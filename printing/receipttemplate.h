#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>

#include "receipt.h"
#include "result.h"

/**
 * How a utility wants its receipts to look, read from a JSON file so it changes without a new
 * app: header and footer lines (with {utility}, {branch}, {hotline} placeholders), which fields
 * print, how the customer's name is masked, receipt language (zh/en), paper width, QR size and
 * error level, label overrides. The loader is strict: a malformed file, an unknown key, a wrong
 * type or an out-of-range value is refused with an Error naming the key, never half-applied.
 * The shipped defaults are templates/default.json (zh) and templates/default-en.json (en).
 */
class ReceiptTemplate
{
public:
    enum class Language { Zh, En };
    enum class Align { Left, Center, Right };
    enum class Field {
        ReceiptNumber,
        DateTime,
        Collector,
        AccountNumber,
        CustomerName,
        Address,
        Bills,
        Method,
        Tendered,
        Change,
        Balance,
        Hotline,
        Qr,
    };

    /** A header or footer line as the utility wrote it (placeholders not yet filled in). */
    struct Line
    {
        QString text;
        Align align = Align::Center;
        bool bold = false;
        bool large = false; ///< double width and height
        bool operator==(const Line &) const = default;
    };

    ReceiptTemplate(); ///< the built-in Chinese default

    [[nodiscard]] static Result<ReceiptTemplate> fromJson(const QByteArray &json);
    [[nodiscard]] static Result<ReceiptTemplate> load(const QString &path);
    [[nodiscard]] static ReceiptTemplate builtIn(Language language);

    [[nodiscard]] Language language() const { return m_language; }
    [[nodiscard]] int paperWidthMm() const { return m_paperWidthMm; } ///< 0: the printer's own
    [[nodiscard]] const QList<Line> &header() const { return m_header; }
    [[nodiscard]] const QList<Line> &footer() const { return m_footer; }
    [[nodiscard]] bool shows(Field f) const { return m_shown.contains(f); }
    [[nodiscard]] NameMask nameMask() const { return m_nameMask; }
    [[nodiscard]] QChar maskChar() const { return m_maskChar; }
    [[nodiscard]] int qrModuleSize() const { return m_qrModuleSize; }  ///< dots per module; 0: by paper width
    [[nodiscard]] char qrErrorLevel() const { return m_qrErrorLevel; } ///< 'L', 'M', 'Q' or 'H'
    [[nodiscard]] int feedLines() const { return m_feedLines; }

    /// The label for a key ("total", "duplicate", …) in the template's language, or its override.
    [[nodiscard]] QString label(const QString &key) const;
    [[nodiscard]] static QStringList labelKeys();

    void setLanguage(Language l) { m_language = l; }
    void setShown(Field f, bool shown);
    void setNameMask(NameMask m) { m_nameMask = m; }
    void setPaperWidthMm(int mm) { m_paperWidthMm = mm; }

private:
    Language m_language = Language::Zh;
    int m_paperWidthMm = 0;
    QList<Line> m_header;
    QList<Line> m_footer;
    QSet<Field> m_shown;
    NameMask m_nameMask = NameMask::Middle;
    QChar m_maskChar = QLatin1Char('*');
    int m_qrModuleSize = 0;
    char m_qrErrorLevel = 'M';
    int m_feedLines = 3;
    QMap<QString, QString> m_labels;

public:
    bool operator==(const ReceiptTemplate &) const = default;
};
