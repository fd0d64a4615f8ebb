#include "routeservice.h"

#include <QCoreApplication>

#include "localtime.h"
#include "routestore.h"

RouteService::RouteService(const QString &routePath, const QString &correctionsPath, QObject *parent)
    : QObject(parent)
    , m_correctionsPath(correctionsPath)
{
    connect(&m_worker, &WorkerThread::busyChanged, this, &RouteService::busyChanged);
    // The store is created on the worker thread: its SQLite connection belongs there.
    m_worker.runAndWait([this, routePath] { m_store = std::make_unique<RouteStore>(routePath); });
}

RouteService::~RouteService()
{
    m_worker.runAndWait([this] { m_store.reset(); });
}

void RouteService::setError(const QString &message)
{
    m_lastError = message;
    emit lastErrorChanged();
}

RouteService::Header RouteService::readHeader(const Status &status) const
{
    Header h;
    if (m_store->hasRoute()) {
        h.routeId = m_store->header().routeId;
        h.accountCount = m_store->accountCount();
        h.worklistDate = m_store->header().generated;
        h.version = m_store->header().version;
    }
    h.error = status.ok() ? QString() : status.error().message;
    return h;
}

void RouteService::publish(const Header &header)
{
    m_routeId = header.routeId;
    m_accountCount = header.accountCount;
    m_worklistDate = header.worklistDate;
    m_worklistVersion = header.version;
    setError(header.error);
    emit routeChanged();
    if (header.corrections && *header.corrections != m_corrections) {
        m_corrections = *header.corrections;
        emit correctionsChanged();
    }
}

void RouteService::setCorrections(const QList<PaymentCorrection> &corrections)
{
    if (corrections == m_corrections)
        return;
    m_corrections = corrections;
    emit correctionsChanged();
    if (m_correctionsPath.isEmpty())
        return;
    // Shown at once; kept for a restart without a link (the next sync brings them again if not).
    m_worker.post(
        this, [path = m_correctionsPath, corrections] { return PaymentCorrection::save(path, corrections); },
        [this](const Status &saved) {
            if (!saved.ok())
                setError(saved.error().message);
        });
}

QStringList RouteService::correctionNotes(const QString &accountNumber) const
{
    QStringList notes;
    for (const PaymentCorrection &c : m_corrections) {
        if (c.account != accountNumber)
            continue;
        notes << tr("%1: the center reversed the payment of %2 (terminal %3, entry %4). %5 (%6)")
                     .arg(LocalTime::dateTime(c.atMs), c.amount.format(), c.deviceId)
                     .arg(c.seq)
                     .arg(c.reason, c.madeBy);
    }
    return notes;
}

void RouteService::open()
{
    m_worker.post(
        this,
        [this] {
            const Status status = m_store->open();
            Header h = readHeader(status);
            if (!status.ok()) // a file that did not open shows no route, whatever it said before
                h = Header{{}, 0, {}, 0, h.error, {}};
            if (!m_correctionsPath.isEmpty()) {
                auto corrections = PaymentCorrection::load(m_correctionsPath);
                h.corrections = corrections.ok() ? corrections.value() : QList<PaymentCorrection>{};
                if (!corrections.ok() && h.error.isEmpty())
                    h.error = corrections.error().message;
            }
            return h;
        },
        [this](const Header &header) { publish(header); });
}

void RouteService::importWorklist(const QString &worklistPath)
{
    m_worker.post(
        this,
        [this, worklistPath] {
            const auto result = m_store->importWorklist(worklistPath);
            return readHeader(result.ok() ? success() : Status(result.error()));
        },
        [this](const Header &header) { publish(header); });
}

void RouteService::applyChanges(const RouteChanges &changes)
{
    m_worker.post(
        this,
        [this, changes] {
            const auto result = m_store->applyChanges(changes);
            return readHeader(result.ok() ? success() : Status(result.error()));
        },
        [this](const Header &header) {
            publish(header);
            if (header.error.isEmpty())
                emit worklistApplied(header.version);
        });
}

int RouteService::search(const QString &text)
{
    const int requestId = ++m_lastSearchId;
    m_worker.post(
        this,
        [this, text] {
            QList<Account> found;
            const QString trimmed = text.trimmed();
            const bool digits = !trimmed.isEmpty() &&
                                std::all_of(trimmed.cbegin(), trimmed.cend(), [](QChar c) { return c.isDigit(); });
            if (m_store->hasRoute() && !trimmed.isEmpty()) {
                if (digits) {
                    found = m_store->findByNumberPrefix(trimmed, 50);
                    if (found.isEmpty())
                        found = m_store->findByMeter(trimmed);
                } else {
                    found = m_store->search(trimmed, 50);
                }
            }
            return found;
        },
        [this, requestId](const QList<Account> &found) {
            // A newer keypress has already asked again: drop this answer.
            if (requestId == m_lastSearchId)
                emit searchFinished(requestId, found);
        });
    return requestId;
}

void RouteService::loadAccount(const QString &typedNumber, QDate asOf)
{
    struct Answer
    {
        std::optional<Account> account;
        Arrears arrears;
        QString error;
    };
    m_worker.post(
        this,
        [this, typedNumber, asOf] {
            Answer a;
            if (!m_store->hasRoute()) {
                a.error = QCoreApplication::translate("RouteService", "No route is loaded on this terminal.");
                return a;
            }
            const auto number = m_store->header().numberRule.validate(typedNumber);
            if (!number.ok()) {
                a.error = number.error().message;
                return a;
            }
            a.account = m_store->findByNumber(number.value());
            if (!a.account)
                a.error =
                    QCoreApplication::translate("RouteService", "Account %1 is not on this route.").arg(number.value());
            else
                a.arrears =
                    Arrears::compute(*a.account, m_store->openBills(a.account->number), m_store->header().policy, asOf);
            return a;
        },
        [this](const Answer &a) {
            if (a.account)
                emit accountLoaded(*a.account, a.arrears);
            else
                emit lookupFailed(a.error);
        });
}
