#include "deskservice.h"

#include <QCborValue>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>

#include "clocks.h"
#include "collectiondesk.h"
#include "journal.h"
#include "pingate.h"
#include "roster.h"
#include "routestore.h"
#include "trustedclock.h"

/** Everything the desk needs, created and used on the worker thread only. */
struct DeskWorker
{
    DeviceKey key;
    std::unique_ptr<Journal> journal;
    std::unique_ptr<RouteStore> route;
    Roster roster;
    std::unique_ptr<TrustedClock> clock;
    std::unique_ptr<PinGate> gate;
    std::unique_ptr<CollectionDesk> desk;
};

namespace {

QString text(const char *source)
{
    return QCoreApplication::translate("DeskService", source);
}

Result<Roster> loadRoster(const QString &path, bool demo, int iterations)
{
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        const QCborValue value = QCborValue::fromCbor(file.read(4 * 1024 * 1024));
        if (!value.isArray())
            return Error{QStringLiteral("desk.roster-damaged"),
                         text(QT_TRANSLATE_NOOP("DeskService", "The list of collectors on this terminal is damaged."))};
        return Roster::fromCbor(value.toArray());
    }
    Roster roster;
    if (!demo)
        return roster; // enrolment brings the roster
    // The demo's people: a collector and a supervisor, PINs 1234 and 9999.
    const struct
    {
        const char *id, *name, *pin;
        Role role;
    } people[] = {{"C01", "王师傅", "1234", Role::Collector}, {"S01", "李站长", "9999", Role::Supervisor}};
    for (const auto &p : people) {
        const auto hash = PinHash::hash(QString::fromLatin1(p.pin), iterations);
        if (!hash.ok())
            return hash.error();
        if (auto s =
                roster.upsert(Collector{QString::fromLatin1(p.id), QString::fromUtf8(p.name), p.role, hash.value()});
            !s.ok())
            return s.error();
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(QCborValue(roster.toCbor()).toCbor()) < 0 || !out.commit())
        return Error{QStringLiteral("desk.roster-write"),
                     text(QT_TRANSLATE_NOOP("DeskService", "The list of collectors could not be saved."))};
    return roster;
}

Money parsedOr(const QString &typed, Money fallback, QString *error)
{
    if (typed.trimmed().isEmpty())
        return fallback;
    const auto m = Money::parse(typed.trimmed());
    if (!m.ok()) {
        *error = m.error().message;
        return {};
    }
    return m.value();
}

} // namespace

DeskService::DeskService(Config config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_context(new QObject)
    , m_work(std::make_unique<DeskWorker>())
{
    m_thread.setObjectName(QStringLiteral("desk"));
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

DeskService::~DeskService()
{
    // Tear down on the thread that opened everything (SQLite connections belong to it).
    QMetaObject::invokeMethod(
        m_context, [this] { m_work.reset(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

template<typename Work>
void DeskService::run(Work work)
{
    if (m_pending++ == 0)
        emit busyChanged();
    QMetaObject::invokeMethod(m_context, std::move(work), Qt::QueuedConnection);
}

void DeskService::finishOne()
{
    if (--m_pending == 0)
        emit busyChanged();
}

void DeskService::setError(const QString &message)
{
    m_lastError = message;
    emit lastErrorChanged();
}

// Reads the desk's state on the worker thread and publishes it on the GUI thread.
void DeskService::publishState()
{
    DeskWorker &w = *m_work;
    const bool ready = w.desk && w.desk->isOpen() && !w.desk->journalFault();
    const QString fault = w.desk && w.desk->journalFault() ? w.desk->journalFault()->message : QString();
    const QString collector = w.desk ? w.desk->currentCollectorId() : QString();
    const auto who = w.roster.find(collector);
    const QString name = who ? who->name : QString();
    const bool shiftOpen = w.desk && w.desk->hasOpenShift();
    QStringList ids, names;
    for (const Collector &c : w.roster.collectors()) {
        ids << c.id;
        names << c.name;
    }
    QMetaObject::invokeMethod(this, [=, this] {
        m_ready = ready;
        if (!fault.isEmpty() || m_fault.isEmpty())
            m_fault = fault;
        m_collectorId = collector;
        m_collectorName = name;
        m_shiftOpen = shiftOpen;
        m_collectorIds = ids;
        m_collectorNames = names;
        emit stateChanged();
    });
}

void DeskService::open()
{
    run([this] {
        DeskWorker &w = *m_work;
        const QDir dir(m_config.dataDir);
        QString fault;
        auto key = DeviceKey::loadOrCreate(dir.filePath(QStringLiteral("device.key")));
        auto roster = loadRoster(dir.filePath(QStringLiteral("roster.cbor")), m_config.demo, m_config.pinIterations);
        if (!key.ok()) {
            fault = key.error().message;
        } else if (!roster.ok()) {
            fault = roster.error().message;
        } else {
            w.key = std::move(key).value();
            w.roster = std::move(roster).value();
            w.journal =
                std::make_unique<Journal>(dir.filePath(QStringLiteral("journal.sqlite")), m_config.deviceId, w.key);
            w.route = std::make_unique<RouteStore>(dir.filePath(QStringLiteral("route.sqlite")));
            w.clock = std::make_unique<TrustedClock>(dir.filePath(QStringLiteral("clock.cbor")), systemMonotonicClock(),
                                                     systemWallClock());
            w.gate = std::make_unique<PinGate>(systemMonotonicClock());
            Status s = w.journal->open();
            if (s.ok())
                s = w.route->open();
            if (s.ok())
                (void)w.clock->open(); // a damaged or missing anchor means "not synced": the desk says so
            if (s.ok() && m_config.demo && !w.clock->lastCenterTimeMs())
                s = w.clock->syncWithCenter(systemWallClock()()); // demo only: no center to ask yet
            if (s.ok()) {
                w.desk = std::make_unique<CollectionDesk>(*w.journal, *w.route, w.roster, *w.clock, *w.gate,
                                                          ExposurePolicy(ExposureLimits{}), w.key.publicKey());
                s = w.desk->open();
            }
            if (!s.ok())
                fault = s.error().message;
        }
        publishState();
        QMetaObject::invokeMethod(this, [this, fault] {
            if (!fault.isEmpty()) {
                m_fault = fault;
                emit stateChanged();
            }
            finishOne();
        });
    });
}

void DeskService::login(const QString &collectorId, const QString &pin)
{
    run([this, collectorId, pin] {
        QString error = text(QT_TRANSLATE_NOOP("DeskService", "The terminal is not ready."));
        if (m_work->desk) {
            const auto r = m_work->desk->login(collectorId, pin);
            error = r.ok() ? QString() : r.error().message;
        }
        publishState();
        QMetaObject::invokeMethod(this, [this, error] {
            setError(error);
            finishOne();
        });
    });
}

void DeskService::logout()
{
    run([this] {
        if (m_work->desk)
            m_work->desk->logout();
        publishState();
        QMetaObject::invokeMethod(this, [this] { finishOne(); });
    });
}

void DeskService::openShift(const QString &openingFloat)
{
    run([this, openingFloat] {
        QString error;
        const Money amount = parsedOr(openingFloat, Money(), &error);
        if (error.isEmpty()) {
            const auto r = m_work->desk ? m_work->desk->openShift(amount) : Result<JournalEntry>(Error{});
            if (!r.ok())
                error = r.error().message.isEmpty()
                            ? text(QT_TRANSLATE_NOOP("DeskService", "The terminal is not ready."))
                            : r.error().message;
        }
        publishState();
        QMetaObject::invokeMethod(this, [this, error] {
            setError(error);
            finishOne();
        });
    });
}

void DeskService::quote(const QString &accountNumber)
{
    run([this, accountNumber] {
        std::optional<CollectionDesk::Quote> q;
        QString error = text(QT_TRANSLATE_NOOP("DeskService", "The terminal is not ready."));
        if (m_work->desk) {
            auto r = m_work->desk->quote(accountNumber);
            if (r.ok())
                q = std::move(r).value();
            else
                error = r.error().message;
        }
        QMetaObject::invokeMethod(this, [this, q, error] {
            if (q)
                emit quoted(q->account, q->arrears);
            else
                emit quoteFailed(error);
            finishOne();
        });
    });
}

void DeskService::previewPayment(const QString &accountNumber, const QString &amount)
{
    run([this, accountNumber, amount] {
        QStringList lines;
        QString prepaid, owed, error;
        const auto q = m_work->desk ? m_work->desk->quote(accountNumber) : Result<CollectionDesk::Quote>(Error{});
        if (q.ok()) {
            const Money paid = parsedOr(amount, q->arrears.total(), &error);
            if (error.isEmpty()) {
                const auto order = m_work->route->hasRoute() ? m_work->route->header().allocationOrder
                                                             : AllocationOrder::PenaltyThenPrincipalPerBill;
                const auto a = Allocation::allocate(q->arrears, paid, order);
                if (a.ok()) {
                    for (const AllocationLine &l : a->lines)
                        lines << (l.part == AllocationLine::Part::Penalty
                                      ? text(QT_TRANSLATE_NOOP("DeskService", "%1 penalty  %2"))
                                      : text(QT_TRANSLATE_NOOP("DeskService", "%1 bill  %2")))
                                     .arg(l.period, l.amount.format());
                    prepaid = a->toPrepaid.format();
                    owed = a->stillOwed.format();
                } else {
                    error = a.error().message;
                }
            }
        }
        QMetaObject::invokeMethod(this, [=, this] {
            if (error.isEmpty() && !owed.isEmpty())
                emit allocationPreview(lines, prepaid, owed);
            else if (!error.isEmpty())
                emit paymentRefused(error);
            finishOne();
        });
    });
}

void DeskService::takePayment(const QString &accountNumber, const QString &amount, int method, const QString &tendered,
                              const QString &reference)
{
    run([=, this] {
        QString error, receipt, amountText, changeText;
        qint64 seq = 0;
        const Money paid = parsedOr(amount, Money(), &error);
        const Money cash = error.isEmpty() ? parsedOr(tendered, paid, &error) : Money();
        if (error.isEmpty()) {
            if (!m_work->desk) {
                error = text(QT_TRANSLATE_NOOP("DeskService", "The terminal is not ready."));
            } else if (method < int(PaymentMethod::Cash) || method > int(PaymentMethod::BankTransfer)) {
                error = text(QT_TRANSLATE_NOOP("DeskService", "Choose how the customer pays."));
            } else {
                const auto r = m_work->desk->takePayment(accountNumber, paid, PaymentMethod(method), cash, reference);
                if (r.ok()) {
                    receipt = r->entry.receiptNumber();
                    amountText = r->record.amount.format();
                    changeText = r->record.change.format();
                    seq = r->entry.seq;
                } else {
                    error = r.error().message;
                }
            }
        }
        QMetaObject::invokeMethod(this, [=, this] {
            // "Paid" only now: the entry is durably committed.
            if (error.isEmpty())
                emit paymentTaken(receipt, amountText, changeText, seq);
            else
                emit paymentRefused(error);
            finishOne();
        });
    });
}
