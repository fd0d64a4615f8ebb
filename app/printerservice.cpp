#include "printerservice.h"

#include <QBluetoothAddress>
#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QVariantMap>

namespace {

QString text(const char *source)
{
    return QCoreApplication::translate("PrinterService", source);
}

QString kindKey(Receipt::Kind kind)
{
    switch (kind) {
    case Receipt::Kind::Void:
        return QStringLiteral("void");
    case Receipt::Kind::ZReport:
        return QStringLiteral("zreport");
    case Receipt::Kind::Payment:
        break;
    }
    return QStringLiteral("payment");
}

} // namespace

// ---- PrintJobListModel

int PrintJobListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_jobs.size());
}

QVariant PrintJobListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PrintJob &j = m_jobs.at(index.row());
    switch (role) {
    case JobIdRole:
        return j.id;
    case ReceiptNumberRole:
    case Qt::DisplayRole:
        return j.receiptNumber;
    case StateRole:
        return printJobStateKey(j.state);
    case StateTextRole:
        return stateText(j);
    case ErrorRole:
        return j.error.message;
    case PrintNumberRole:
        return j.printNumber;
    case KindRole:
        return kindKey(j.kind);
    default:
        return {};
    }
}

QHash<int, QByteArray> PrintJobListModel::roleNames() const
{
    return {
        {JobIdRole, "jobId"}, {ReceiptNumberRole, "receiptNumber"}, {StateRole, "state"}, {StateTextRole, "stateText"},
        {ErrorRole, "error"}, {PrintNumberRole, "printNumber"},     {KindRole, "kind"}};
}

void PrintJobListModel::upsert(const PrintJob &job)
{
    for (int row = 0; row < m_jobs.size(); ++row) {
        if (m_jobs.at(row).id == job.id) {
            m_jobs[row] = job;
            emit dataChanged(index(row), index(row));
            return;
        }
    }
    beginInsertRows(QModelIndex(), 0, 0);
    m_jobs.prepend(job);
    endInsertRows();
    emit countChanged();
}

QString PrintJobListModel::stateText(const PrintJob &job)
{
    switch (job.state) {
    case PrintJob::State::Queued:
        return text(QT_TRANSLATE_NOOP("PrinterService", "Waiting for the printer"));
    case PrintJob::State::Printing:
        return text(QT_TRANSLATE_NOOP("PrinterService", "Printing…"));
    case PrintJob::State::Printed:
        return job.printNumber > 1 ? text(QT_TRANSLATE_NOOP("PrinterService", "Printed (copy %1)")).arg(job.printNumber)
                                   : text(QT_TRANSLATE_NOOP("PrinterService", "Printed"));
    case PrintJob::State::Failed:
        return text(QT_TRANSLATE_NOOP("PrinterService", "Not printed: %1")).arg(job.error.message);
    case PrintJob::State::Unknown:
        return text(QT_TRANSLATE_NOOP("PrinterService",
                                      "The printer stopped part-way: check the paper, then print again or confirm."));
    case PrintJob::State::Withdrawn:
        return text(QT_TRANSLATE_NOOP("PrinterService", "Not printed: the payment was voided"));
    }
    return {};
}

// ---- PrinterService

PrinterService::PrinterService(const QString &queuePath, QObject *parent)
    : PrinterService(queuePath, PrintQueue::Options{}, parent)
{
}

PrinterService::PrinterService(const QString &queuePath, PrintQueue::Options options, QObject *parent)
    : QObject(parent)
    , m_queue(queuePath, options)
    , m_jobs(this)
{
    m_statusText = text(QT_TRANSLATE_NOOP("PrinterService", "No printer chosen"));
    connect(&m_queue, &PrintQueue::opened, this, [this](const Error &error) {
        if (!error.code.isEmpty())
            setError(error.message);
        for (const PrintJob &j : m_queue.jobs())
            m_jobs.upsert(j);
    });
    connect(&m_queue, &PrintQueue::jobChanged, this, [this](const PrintJob &job) {
        m_jobs.upsert(job);
        if (job.id >= m_lastJob.id || job.id == m_lastJob.id) {
            m_lastJob = job;
            emit lastJobChanged();
        }
    });
    connect(&m_queue, &PrintQueue::statusChanged, this, [this](const PrinterStatus &status) {
        m_statusText = status.text();
        m_statusProblem = !status.canPrint();
        emit statusChanged();
    });
    connect(&m_queue, &PrintQueue::errorOccurred, this, [this](const Error &error) {
        setError(error.message);
        emit notice(error.message, true);
    });
    connect(&m_queue, &PrintQueue::journalRequested, this,
            [this](const ReceiptPrintedRecord &record, const QString &receiptNumber) {
                // Every print of an entry: a receipt, a void's slip, a Z-report (a test slip has no entry).
                if (record.entrySeq > 0)
                    emit journalRequested(record.entrySeq, record.printCount, receiptNumber, record.document);
            });
}

PrinterService::~PrinterService() = default;

void PrinterService::open()
{
    m_queue.open();
}

QString PrinterService::lastJobState() const
{
    return m_lastJob.id == 0 ? QString() : printJobStateKey(m_lastJob.state);
}

QString PrinterService::lastJobText() const
{
    return m_lastJob.id == 0 ? QString() : PrintJobListModel::stateText(m_lastJob);
}

void PrinterService::setError(const QString &message)
{
    m_lastError = message;
    emit lastErrorChanged();
}

Result<PrinterConnection> PrinterService::parseConnection(const QString &kind, const QString &address)
{
    const QString a = address.trimmed();
    const auto bad = [](const char *code, const char *message) {
        return Error{QString::fromLatin1(code), text(message)};
    };
    if (a.isEmpty() || a.size() > 255)
        return bad("printer.no-address", QT_TRANSLATE_NOOP("PrinterService", "Enter the printer's address."));
    for (const QChar c : a) {
        if (c.category() == QChar::Other_Control)
            return bad("printer.bad-address",
                       QT_TRANSLATE_NOOP("PrinterService", "The printer's address has characters it cannot have."));
    }
    PrinterConnection c;
    c.address = a;
    if (kind == QLatin1String("bluetooth")) {
        c.kind = PrinterConnection::Kind::Bluetooth;
        if (QBluetoothAddress(a).isNull())
            return bad(
                "printer.bad-bluetooth",
                QT_TRANSLATE_NOOP("PrinterService",
                                  "A Bluetooth address looks like 00:11:22:AA:BB:CC (six pairs of hex digits)."));
        c.address = QBluetoothAddress(a).toString();
    } else if (kind == QLatin1String("tcp")) {
        c.kind = PrinterConnection::Kind::Tcp;
        const qsizetype colon = a.lastIndexOf(QLatin1Char(':'));
        if (colon > 0 && !a.endsWith(QLatin1Char(']')) && a.count(QLatin1Char(':')) == 1) {
            bool ok = false;
            const uint port = a.mid(colon + 1).toUInt(&ok);
            if (!ok || port == 0 || port > 65535)
                return bad("printer.bad-port",
                           QT_TRANSLATE_NOOP("PrinterService", "The port must be a number from 1 to 65535."));
            c.port = quint16(port);
            c.address = a.left(colon);
        }
        if (c.address.contains(QLatin1Char(' ')) || c.address.contains(QLatin1Char('/')))
            return bad("printer.bad-host",
                       QT_TRANSLATE_NOOP("PrinterService", "Enter a host name or an IP address, e.g. 192.168.1.50."));
    } else if (kind == QLatin1String("serial")) {
        c.kind = PrinterConnection::Kind::Serial;
        if (!a.startsWith(QLatin1Char('/')))
            return bad("printer.bad-serial",
                       QT_TRANSLATE_NOOP("PrinterService", "A serial printer is a device path such as /dev/rfcomm0."));
    } else if (kind == QLatin1String("file")) {
        c.kind = PrinterConnection::Kind::File;
    } else {
        return bad("printer.bad-kind",
                   QT_TRANSLATE_NOOP("PrinterService", "Choose Bluetooth, network (TCP), serial or file."));
    }
    return c;
}

QVariantList PrinterService::profiles()
{
    QVariantList list;
    for (const PrinterProfile &p : PrinterProfile::builtIn())
        list.append(QVariantMap{{QStringLiteral("id"), p.id},
                                {QStringLiteral("name"), p.name},
                                {QStringLiteral("detail"), profileDetail(p)}});
    return list;
}

QString PrinterService::profileDetail(const PrinterProfile &p)
{
    QStringList parts{text(QT_TRANSLATE_NOOP("PrinterService", "%1 mm paper")).arg(paperWidthMm(p))};
    switch (p.coverage) {
    case FontCoverage::Latin:
        parts << text(QT_TRANSLATE_NOOP("PrinterService", "no Chinese: Chinese text prints as ?"));
        break;
    case FontCoverage::Gb2312:
        parts << text(QT_TRANSLATE_NOOP("PrinterService", "basic Chinese font (GB2312): rare characters print as ?"));
        break;
    case FontCoverage::Gbk:
    case FontCoverage::Gb18030:
        parts << text(QT_TRANSLATE_NOOP("PrinterService", "full Chinese font (GBK)"));
        break;
    }
    parts << (p.nativeQr ? text(QT_TRANSLATE_NOOP("PrinterService", "prints QR codes itself"))
                         : text(QT_TRANSLATE_NOOP("PrinterService", "no QR command: the QR is sent as a picture")));
    if (p.cutter)
        parts << text(QT_TRANSLATE_NOOP("PrinterService", "cutter"));
    return parts.join(QStringLiteral(" · "));
}

QString PrinterService::configure(const QString &kind, const QString &address, const QString &profileId)
{
    const auto profile = PrinterProfile::byId(profileId);
    if (!profile.ok())
        return text(QT_TRANSLATE_NOOP("PrinterService", "Choose the printer's model from the list."));
    const auto connection = parseConnection(kind, address);
    if (!connection.ok())
        return connection.error().message;
    m_connection = connection.value();
    m_kind = kind;
    m_address = address.trimmed();
    m_profile = profile.value();
    m_configured = true;
    applyPrinter();
    emit configurationChanged();
    m_statusText = text(QT_TRANSLATE_NOOP("PrinterService", "Printer set; checking it…"));
    m_statusProblem = false;
    emit statusChanged();
    m_queue.probeStatus();
    return {};
}

void PrinterService::setReceiptLanguage(const QString &language)
{
    m_language =
        language.startsWith(QLatin1String("en")) ? ReceiptTemplate::Language::En : ReceiptTemplate::Language::Zh;
    if (m_configured)
        applyPrinter();
}

void PrinterService::applyPrinter()
{
    ReceiptTemplate tmpl = ReceiptTemplate::builtIn(m_language);
    tmpl.setPaperWidthMm(paperWidthMm());
    m_queue.setPrinter(m_connection, m_profile, tmpl);
}

void PrinterService::print(const Receipt &receipt)
{
    m_queue.enqueue(receipt);
}

void PrinterService::reprint(const QString &receiptNumber)
{
    // The copy is queued either way; the collector is told whether it is printing or waiting.
    m_queue.reprint(receiptNumber);
    if (m_configured)
        emit notice(text(QT_TRANSLATE_NOOP("PrinterService", "Printing a copy of receipt %1…")).arg(receiptNumber),
                    false);
    else
        emit notice(text(QT_TRANSLATE_NOOP("PrinterService",
                                           "No printer chosen: the copy of receipt %1 waits until a printer is set."))
                        .arg(receiptNumber),
                    true);
}

void PrinterService::withdraw(qint64 paymentSeq)
{
    m_queue.withdraw(paymentSeq);
}

void PrinterService::retry(qint64 jobId)
{
    m_queue.retry(jobId);
}

void PrinterService::confirmPrinted(qint64 jobId)
{
    m_queue.confirmPrinted(jobId);
}

void PrinterService::testPrint()
{
    // A slip in the receipt's layout that says it is a test; no entry, so nothing is journaled
    // and the QR carries no hash a scanner could take for a genuine receipt.
    Receipt r;
    r.kind = Receipt::Kind::Payment;
    r.receiptNumber = QStringLiteral("TEST-") + QString::number(QDateTime::currentMSecsSinceEpoch() / 1000);
    r.timeMs = QDateTime::currentMSecsSinceEpoch();
    r.accountNumber = QStringLiteral("TEST");
    r.customerName = text(QT_TRANSLATE_NOOP("PrinterService", "Test print — not a receipt"));
    // Which profile this is, and Chinese whatever the screen's language: the slip shows at once
    // whether the printer's font, its QR and its paper match the profile chosen.
    const auto profile = PrinterProfile::byId(m_profile.id); // its name in today's language
    r.address = (profile.ok() ? profile.value().name : m_profile.name) + QStringLiteral(" (") + m_profile.id +
                QStringLiteral(") · 国网供电 · 测试");
    r.utilityName = QStringLiteral("Doorstep");
    m_queue.enqueue(r);
}

void PrinterService::probe()
{
    m_queue.probeStatus();
}

void PrinterService::discover()
{
    if (m_discovering)
        return;
    if (!m_discovery) {
        m_discovery = std::make_unique<BluetoothPrinterDiscovery>();
        connect(m_discovery.get(), &BluetoothPrinterDiscovery::printerFound, this,
                [this](const QString &name, const QBluetoothAddress &address) {
                    if (m_discoveredAddresses.contains(address.toString()))
                        return;
                    m_discoveredNames << (name.isEmpty() ? address.toString() : name);
                    m_discoveredAddresses << address.toString();
                    emit discoveryChanged();
                });
        connect(m_discovery.get(), &BluetoothPrinterDiscovery::finished, this, [this] {
            m_discovering = false;
            emit discoveryChanged();
        });
        connect(m_discovery.get(), &BluetoothPrinterDiscovery::failed, this, [this](const Error &error) {
            m_discovering = false;
            setError(error.message);
            emit discoveryChanged();
        });
    }
    m_discoveredNames.clear();
    m_discoveredAddresses.clear();
    m_discovering = true;
    emit discoveryChanged();
    m_discovery->start();
}
