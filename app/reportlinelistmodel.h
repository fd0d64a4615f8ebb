#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>

/** One line of a supervisor's screen, formatted in C++: QML only lays it out. */
struct ReportLine
{
    QString key; ///< what a tap opens (an account number, a village), if anything
    QString label;
    QString detail;
    QString amountText;
    int sharePermille = 0; ///< bar length in a chart: this line's amount over the largest, in ‰
    bool flagged = false;  ///< shown as a warning (a void, a difference, a bad entry)
    bool operator==(const ReportLine &) const = default;
};
Q_DECLARE_METATYPE(ReportLine)

/**
 * Lines of the supervisor's screens (totals, hours, villages, exceptions, the journal browser).
 * Filled by SupervisorReportController and RouteProgressController from the journal, on the
 * desk's worker thread.
 */
class ReportLineListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ReportLineListModel belongs to a controller")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role { KeyRole = Qt::UserRole + 1, LabelRole, DetailRole, AmountTextRole, ShareRole, FlaggedRole };

    using QAbstractListModel::QAbstractListModel;
    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    void reset(const QList<ReportLine> &lines);
    [[nodiscard]] const QList<ReportLine> &lines() const { return m_lines; }

signals:
    void countChanged();

private:
    QList<ReportLine> m_lines;
};
