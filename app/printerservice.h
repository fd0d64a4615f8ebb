#pragma once

#include <QAbstractListModel>
#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

#include <memory>

#include "printqueue.h"

class BluetoothPrinterDiscovery;

/** The print queue's jobs for the screen: newest first, state and error in words. */
class PrintJobListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("PrintJobListModel belongs to PrinterService")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        JobIdRole = Qt::UserRole + 1,
        ReceiptNumberRole,
        StateRole,     ///< "queued", "printing", "printed", "failed", "unknown", "withdrawn"
        StateTextRole, ///< in words
        ErrorRole,
        PrintNumberRole,
        KindRole, ///< "payment", "void", "zreport"
    };

    using QAbstractListModel::QAbstractListModel;
    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    void upsert(const PrintJob &job);
    [[nodiscard]] static QString stateText(const PrintJob &job);

signals:
    void countChanged();

private:
    QList<PrintJob> m_jobs; ///< newest first
};

/**
 * The receipt printer as the app sees it: a PrintQueue (jobs in SQLite, printing on its own
 * thread), the printer the collector chose, Bluetooth discovery for the settings screen, and the
 * printer's state in words. Each print that is known to have happened asks the desk to journal
 * it (journalRequested), so originals and reprints of receipts, void slips and Z-reports are in
 * the journal.
 * Every call returns at once; nothing here waits on a printer or the disk.
 */
class PrinterService : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("PrinterService is created by main() and handed to the QML root")

    Q_PROPERTY(bool configured READ isConfigured NOTIFY configurationChanged)
    Q_PROPERTY(QString printerKind READ printerKind NOTIFY configurationChanged)
    Q_PROPERTY(QString printerAddress READ printerAddress NOTIFY configurationChanged)
    /// The printer's model, one of `profiles` ("generic-58", "58-no-qr", "generic-80", "latin-80").
    Q_PROPERTY(QString profileId READ profileId NOTIFY configurationChanged)
    Q_PROPERTY(int paperWidthMm READ paperWidthMm NOTIFY configurationChanged)
    /// Every printer model the receipts can be laid out for: [{id, name, detail}], for the picker.
    Q_PROPERTY(QVariantList profiles READ profiles NOTIFY configurationChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY statusChanged)
    Q_PROPERTY(bool statusProblem READ statusProblem NOTIFY statusChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(PrintJobListModel *jobs READ jobs CONSTANT)
    Q_PROPERTY(QString lastReceiptNumber READ lastReceiptNumber NOTIFY lastJobChanged)
    Q_PROPERTY(QString lastJobState READ lastJobState NOTIFY lastJobChanged)
    Q_PROPERTY(QString lastJobText READ lastJobText NOTIFY lastJobChanged)
    Q_PROPERTY(qint64 lastJobId READ lastJobId NOTIFY lastJobChanged)
    Q_PROPERTY(bool discovering READ isDiscovering NOTIFY discoveryChanged)
    Q_PROPERTY(QStringList discoveredNames READ discoveredNames NOTIFY discoveryChanged)
    Q_PROPERTY(QStringList discoveredAddresses READ discoveredAddresses NOTIFY discoveryChanged)

public:
    explicit PrinterService(const QString &queuePath, QObject *parent = nullptr);
    PrinterService(const QString &queuePath, PrintQueue::Options options, QObject *parent = nullptr);
    ~PrinterService() override;

    void open();

    [[nodiscard]] bool isConfigured() const { return m_configured; }
    [[nodiscard]] QString printerKind() const { return m_kind; }
    [[nodiscard]] QString printerAddress() const { return m_address; }
    [[nodiscard]] QString profileId() const { return m_profile.id; }
    [[nodiscard]] int paperWidthMm() const { return paperWidthMm(m_profile); }
    [[nodiscard]] static int paperWidthMm(const PrinterProfile &profile) { return profile.dots > 400 ? 80 : 58; }
    [[nodiscard]] static QVariantList profiles();
    /// What a profile can do, in words: paper, Chinese font, QR, cutter.
    [[nodiscard]] static QString profileDetail(const PrinterProfile &profile);
    [[nodiscard]] QString statusText() const { return m_statusText; }
    [[nodiscard]] bool statusProblem() const { return m_statusProblem; }
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] PrintJobListModel *jobs() { return &m_jobs; }
    [[nodiscard]] QString lastReceiptNumber() const { return m_lastJob.receiptNumber; }
    [[nodiscard]] QString lastJobState() const;
    [[nodiscard]] QString lastJobText() const;
    [[nodiscard]] qint64 lastJobId() const { return m_lastJob.id; }
    [[nodiscard]] bool isDiscovering() const { return m_discovering; }
    [[nodiscard]] QStringList discoveredNames() const { return m_discoveredNames; }
    [[nodiscard]] QStringList discoveredAddresses() const { return m_discoveredAddresses; }

    /**
     * The printer to use: kind "bluetooth" (MAC), "tcp" (host or host:port, port 9100 by
     * default), "serial" (a tty path) or "file"; `profileId` one of `profiles`. Returns the
     * problem in words, or an empty string when the printer was set.
     */
    Q_INVOKABLE QString configure(const QString &kind, const QString &address, const QString &profileId);
    /// Receipts in this language from now on ("zh" or "en").
    Q_INVOKABLE void setReceiptLanguage(const QString &language);

    /// A committed entry's receipt (the desk builds it); printing starts when the printer is there.
    void print(const Receipt &receipt);
    /// A copy of a receipt printed before; `notice` says whether it prints or waits, or why not.
    Q_INVOKABLE void reprint(const QString &receiptNumber);
    /// The payment at `paymentSeq` was voided: its receipt, if it has not printed yet, never will.
    void withdraw(qint64 paymentSeq);
    Q_INVOKABLE void retry(qint64 jobId);
    Q_INVOKABLE void confirmPrinted(qint64 jobId);
    /// A sample slip marked as a test, never journaled: it names the profile and carries Chinese
    /// text and a QR, so the collector sees at once whether this profile suits the printer.
    Q_INVOKABLE void testPrint();
    Q_INVOKABLE void probe();
    Q_INVOKABLE void discover();

    [[nodiscard]] static Result<PrinterConnection> parseConnection(const QString &kind, const QString &address);

signals:
    void configurationChanged();
    void statusChanged();
    void lastErrorChanged();
    void lastJobChanged();
    void discoveryChanged();
    /// What just happened to a print the collector asked for (or why it cannot), in words.
    void notice(const QString &message, bool problem);
    /// A document went out (print `printNumber` of the entry at `entrySeq`: a payment's receipt,
    /// a void's slip, a shift close's Z-report): the desk journals it.
    void journalRequested(qint64 entrySeq, int printNumber, const QString &receiptNumber, PrintedDocument document);

private:
    void applyPrinter();
    void setError(const QString &message);

    PrintQueue m_queue;
    PrintJobListModel m_jobs;
    std::unique_ptr<BluetoothPrinterDiscovery> m_discovery;
    bool m_configured = false;
    PrinterConnection m_connection;
    QString m_kind;
    QString m_address;
    PrinterProfile m_profile = PrinterProfile::generic58();
    ReceiptTemplate::Language m_language = ReceiptTemplate::Language::Zh;
    QString m_statusText;
    bool m_statusProblem = false;
    QString m_lastError;
    PrintJob m_lastJob;
    bool m_discovering = false;
    QStringList m_discoveredNames;
    QStringList m_discoveredAddresses;
};
