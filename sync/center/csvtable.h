#pragma once

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QStringList>

#include <optional>

#include "centerimport.h"
#include "csvreader.h"
#include "result.h"

namespace CsvTableDetail {
// The words are the center import's (one translation context, as lupdate reads it).
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(CenterImport)
};
} // namespace CsvTableDetail

/**
 * One CSV file with a header row: columns by name, errors naming file, line and field. Every
 * field is checked for what no file the center takes may hold (CenterImport::textProblem).
 * Used by the extract import and the billing system's posting acknowledgements.
 */
class CsvTable
{
public:
    CsvTable(const QString &path, QStringList columns, QStringList optional = {})
        : m_path(path)
        , m_name(QFileInfo(path).fileName())
        , m_file(path)
        , m_reader(m_file)
        , m_columns(std::move(columns))
        , m_optional(std::move(optional))
    {
    }

    Status open()
    {
        if (!m_file.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("import.open"),
                         CsvTableDetail::Tr::tr("Cannot read %1: %2").arg(m_path, m_file.errorString())};
        auto header = m_reader.next();
        if (!header.ok())
            return Error{header.error().code, m_name + QStringLiteral(" ") + header.error().message};
        if (!header.value())
            return Error{QStringLiteral("import.empty"),
                         CsvTableDetail::Tr::tr("%1 is empty; it needs a header row.").arg(m_name)};
        const QStringList names = *header.value();
        for (int i = 0; i < names.size(); ++i) {
            const QString n = names[i].trimmed().toLower();
            if (!m_columns.contains(n) && !m_optional.contains(n))
                return Error{QStringLiteral("import.column"),
                             CsvTableDetail::Tr::tr("%1 line 1, field %2: unknown column \"%3\" (expected %4).")
                                 .arg(m_name)
                                 .arg(i + 1)
                                 .arg(names[i], m_columns.join(QLatin1Char(',')))};
            if (m_index.contains(n))
                return Error{QStringLiteral("import.column"),
                             CsvTableDetail::Tr::tr("%1 line 1: column \"%2\" appears twice.").arg(m_name, n)};
            m_index.insert(n, i);
        }
        for (const QString &c : m_columns) {
            if (!m_index.contains(c))
                return Error{QStringLiteral("import.column"),
                             CsvTableDetail::Tr::tr("%1 line 1: column \"%2\" is missing.").arg(m_name, c)};
        }
        m_width = int(names.size());
        return success();
    }

    /// Next row; false at the end. Skips blank lines. Sets error() on a broken row.
    bool next()
    {
        while (true) {
            auto r = m_reader.next();
            if (!r.ok()) {
                m_error = Error{r.error().code, m_name + QStringLiteral(" ") + r.error().message};
                return false;
            }
            if (!r.value())
                return false;
            m_row = *r.value();
            if (m_row.size() == 1 && m_row[0].trimmed().isEmpty())
                continue;
            if (m_row.size() != m_width) {
                m_error = Error{QStringLiteral("import.fields"),
                                CsvTableDetail::Tr::tr("%1 line %2: %3 fields, the header has %4.")
                                    .arg(m_name)
                                    .arg(m_reader.line())
                                    .arg(m_row.size())
                                    .arg(m_width)};
                return false;
            }
            for (qsizetype i = 0; i < m_row.size(); ++i) {
                if (const auto problem = CenterImport::textProblem(m_row.at(i))) {
                    m_error = Error{QStringLiteral("import.field"), CsvTableDetail::Tr::tr("%1 line %2, field %3: %4")
                                                                        .arg(m_name)
                                                                        .arg(m_reader.line())
                                                                        .arg(i + 1)
                                                                        .arg(*problem)};
                    return false;
                }
            }
            return true;
        }
    }

    [[nodiscard]] bool has(const QString &column) const { return m_index.contains(column); }
    [[nodiscard]] QString value(const QString &column) const
    {
        return m_index.contains(column) ? m_row.at(m_index.value(column)).trimmed() : QString();
    }

    /// "accounts.csv line 12, field 10 (prepaid): <what>"
    [[nodiscard]] Error fieldError(const QString &column, const QString &what) const
    {
        return Error{QStringLiteral("import.field"), CsvTableDetail::Tr::tr("%1 line %2, field %3 (%4): %5")
                                                         .arg(m_name)
                                                         .arg(m_reader.line())
                                                         .arg(m_index.value(column) + 1)
                                                         .arg(column, what)};
    }
    [[nodiscard]] Error lineError(const QString &what) const
    {
        return Error{QStringLiteral("import.line"),
                     CsvTableDetail::Tr::tr("%1 line %2: %3").arg(m_name).arg(m_reader.line()).arg(what)};
    }

    [[nodiscard]] const std::optional<Error> &error() const { return m_error; }
    [[nodiscard]] qint64 line() const { return m_reader.line(); }

private:
    QString m_path;
    QString m_name;
    QFile m_file;
    CsvReader m_reader;
    QStringList m_columns;
    QStringList m_optional;
    QHash<QString, int> m_index;
    int m_width = 0;
    QStringList m_row;
    std::optional<Error> m_error;
};
