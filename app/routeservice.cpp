#include "routeservice.h"

#include <QCoreApplication>

#include "routestore.h"

RouteService::RouteService(const QString &routePath, QObject *parent)
    : QObject(parent)
    , m_worker(new QObject)
{
    m_thread.setObjectName(QStringLiteral("route"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    // The store is created on the worker thread: its SQLite connection belongs there.
    QMetaObject::invokeMethod(
        m_worker, [this, routePath] { m_store = new RouteStore(routePath); }, Qt::BlockingQueuedConnection);
}

RouteService::~RouteService()
{
    QMetaObject::invokeMethod(
        m_worker, [this] { delete std::exchange(m_store, nullptr); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

template<typename Work>
void RouteService::runOnWorker(Work work)
{
    if (m_pending++ == 0)
        emit busyChanged();
    QMetaObject::invokeMethod(m_worker, std::move(work), Qt::QueuedConnection);
}

void RouteService::finishOne()
{
    if (--m_pending == 0)
        emit busyChanged();
}

void RouteService::setError(const QString &message)
{
    m_lastError = message;
    emit lastErrorChanged();
}

void RouteService::open()
{
    runOnWorker([this] {
        const Status status = m_store->open();
        const bool has = status.ok() && m_store->hasRoute();
        const QString routeId = has ? m_store->header().routeId : QString();
        const qint64 count = has ? m_store->accountCount() : 0;
        const QDate cut = m_store->hasRoute() ? m_store->header().generated : QDate();
        const QString error = status.ok() ? QString() : status.error().message;
        QMetaObject::invokeMethod(this, [this, routeId, count, cut, error] {
            m_routeId = routeId;
            m_worklistDate = cut;
            m_accountCount = count;
            if (!error.isEmpty())
                setError(error);
            emit routeChanged();
            finishOne();
        });
    });
}

void RouteService::importWorklist(const QString &worklistPath)
{
    runOnWorker([this, worklistPath] {
        const auto result = m_store->importWorklist(worklistPath);
        const QString routeId = m_store->hasRoute() ? m_store->header().routeId : QString();
        const qint64 count = m_store->hasRoute() ? m_store->accountCount() : 0;
        const QDate cut = m_store->hasRoute() ? m_store->header().generated : QDate();
        const QString error = result.ok() ? QString() : result.error().message;
        QMetaObject::invokeMethod(this, [this, routeId, count, cut, error] {
            m_routeId = routeId;
            m_worklistDate = cut;
            m_accountCount = count;
            setError(error);
            emit routeChanged();
            finishOne();
        });
    });
}

int RouteService::search(const QString &text)
{
    const int requestId = ++m_lastSearchId;
    runOnWorker([this, requestId, text] {
        QList<Account> found;
        const QString trimmed = text.trimmed();
        const bool digits =
            !trimmed.isEmpty() && std::all_of(trimmed.cbegin(), trimmed.cend(), [](QChar c) { return c.isDigit(); });
        if (m_store->hasRoute() && !trimmed.isEmpty()) {
            if (digits) {
                found = m_store->findByNumberPrefix(trimmed, 50);
                if (found.isEmpty())
                    found = m_store->findByMeter(trimmed);
            } else {
                found = m_store->search(trimmed, 50);
            }
        }
        QMetaObject::invokeMethod(this, [this, requestId, found] {
            // A newer keypress has already asked again: drop this answer.
            if (requestId == m_lastSearchId)
                emit searchFinished(requestId, found);
            finishOne();
        });
    });
    return requestId;
}

void RouteService::loadAccount(const QString &typedNumber, QDate asOf)
{
    runOnWorker([this, typedNumber, asOf] {
        std::optional<Account> account;
        Arrears arrears;
        QString error;
        if (!m_store->hasRoute()) {
            error = QCoreApplication::translate("RouteService", "No route is loaded on this terminal.");
        } else {
            const auto number = m_store->header().numberRule.validate(typedNumber);
            if (!number.ok()) {
                error = number.error().message;
            } else {
                account = m_store->findByNumber(number.value());
                if (!account)
                    error = QCoreApplication::translate("RouteService", "Account %1 is not on this route.")
                                .arg(number.value());
                else
                    arrears =
                        Arrears::compute(*account, m_store->openBills(account->number), m_store->header().policy, asOf);
            }
        }
        QMetaObject::invokeMethod(this, [this, account, arrears, error] {
            if (account)
                emit accountLoaded(*account, arrears);
            else
                emit lookupFailed(error);
            finishOne();
        });
    });
}
