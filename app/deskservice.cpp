#include "deskservice.h"

#include <QCborValue>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>

#include "deskworker.h"
#include "localtime.h"
#include "supervisorlines.h"

namespace {

QString text(const char *source)
{
    return QCoreApplication::translate("DeskService", source);
}

Result<Roster> loadRoster(const QString &path, bool demo, int iterations)
{
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        const QCborValue value = QCborValue::fromCbor(file.read(qint64(4) * 1024 * 1024));
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

QString methodText(int method)
{
    return SupervisorLines::methodText(method);
}

QString localTime(qint64 ms)
{
    return LocalTime::dateTime(ms);
}

} // namespace

DeskService::DeskService(Config config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_context(new QObject)
    , m_work(std::make_unique<DeskWorker>())
{
    m_work->service = this;
    m_idleCheck.setInterval(int(std::clamp<qint64>(m_config.idleLockMs / 10, 200, 15'000)));
    connect(&m_idleCheck, &QTimer::timeout, this, &DeskService::lockIfIdle);
    m_idleCheck.start();
    m_lockTick.setInterval(1000);
    connect(&m_lockTick, &QTimer::timeout, this, &DeskService::showLockout);
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

void DeskService::finishOne()
{
    if (--m_pending == 0)
        emit busyChanged();
}

qint64 DeskService::journalHead() const
{
    return m_work->journal ? m_work->journal->lastSeq() : 0;
}

void DeskService::announceReceipt(const Receipt &receipt)
{
    QMetaObject::invokeMethod(this, [this, receipt] { emit receiptReady(receipt); });
}

void DeskService::announceVoid(qint64 paymentSeq)
{
    QMetaObject::invokeMethod(this, [this, paymentSeq] { emit paymentVoided(paymentSeq); });
}

void DeskService::showLockout()
{
    const qint64 left = m_lockEnds.remainingTime();
    if (left <= 0) {
        m_lockTick.stop();
        m_error.clear();
        emit errorChanged();
        return;
    }
    // PinGate's own words, counted down; rounded up, so "0 s" never shows while still locked.
    // The refusal was announced once; the countdown only changes its words.
    const int seconds = int((left + 999) / 1000);
    m_error = QCoreApplication::translate(
        "PinGate", "Too many wrong PINs. The terminal is locked; try again in %n second(s).", nullptr, seconds);
    emit errorChanged();
}

void DeskService::setError(const Error &error)
{
    m_error = error.message;
    emit errorChanged();
    if (!error.message.isEmpty())
        emit refused(error.code, error.message);
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
    QStringList ids, names, supervisorIds, supervisorNames;
    for (const Collector &c : w.roster.collectors()) {
        ids << c.id;
        names << c.name;
        if (c.role == Role::Supervisor) {
            supervisorIds << c.id;
            supervisorNames << c.name;
        }
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
        m_supervisorIds = supervisorIds;
        m_supervisorNames = supervisorNames;
        emit stateChanged();
    });
}

void DeskService::open()
{
    // The task works on its own copy of the configuration (reopen() changes the device id).
    run([this, config = m_config] {
        DeskWorker &w = *m_work;
        w.desk.reset(); // opened again (a new roster or device id): the old desk goes first
        w.config = config;
        const QDir dir(config.dataDir);
        QString fault;
        auto key = DeviceKey::loadOrCreate(dir.filePath(QStringLiteral("device.key")));
        auto roster = loadRoster(dir.filePath(QStringLiteral("roster.cbor")), config.demo, config.pinIterations);
        if (!key.ok()) {
            fault = key.error().message;
        } else if (!roster.ok()) {
            fault = roster.error().message;
        } else {
            w.key = std::move(key).value();
            w.roster = std::move(roster).value();
            w.journal =
                std::make_unique<Journal>(dir.filePath(QStringLiteral("journal.sqlite")), config.deviceId, w.key);
            w.route = std::make_unique<RouteStore>(dir.filePath(QStringLiteral("route.sqlite")));
            w.clock = std::make_unique<TrustedClock>(dir.filePath(QStringLiteral("clock.cbor")), systemMonotonicClock(),
                                                     systemWallClock());
            PinGate::Config gateConfig;
            gateConfig.idleLockMs = config.idleLockMs;
            w.gate = std::make_unique<PinGate>(systemMonotonicClock(), gateConfig);
            Status s = w.journal->open();
            if (s.ok())
                s = w.route->open();
            if (s.ok())
                (void)w.clock->open(); // a damaged or missing anchor means "not synced": the desk says so
            if (s.ok() && config.demo && !w.clock->lastCenterTimeMs())
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
        Error error = DeskWork::notReady();
        if (m_work->desk) {
            const auto r = m_work->desk->login(collectorId, pin);
            error = r.ok() ? Error{} : r.error();
        }
        if (error.message.isEmpty() && !m_work->unjournaledPrints.isEmpty())
            QMetaObject::invokeMethod(this, [this] { recordReceiptPrint(0); });
        const qint64 lockedMs = m_work->gate ? m_work->gate->state().lockRemainingMs : 0;
        publishState();
        QMetaObject::invokeMethod(this, [this, error, lockedMs] {
            setError(error);
            if (lockedMs > 0) {
                m_lockEnds.setRemainingTime(lockedMs);
                m_lockTick.start();
                showLockout();
            }
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

void DeskService::quote(const QString &accountNumber)
{
    run([this, accountNumber] {
        std::optional<CollectionDesk::Quote> q;
        QString error = DeskWork::notReady().message;
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

void DeskService::loadShiftPayments()
{
    DeskWorker &w = *m_work;
    QList<ShiftPaymentRow> rows;
    if (w.desk && w.desk->hasOpenShift()) {
        QHash<qint64, int> index; // seq → row
        w.journal->forEachFact(w.desk->openShiftSeq(), w.journal->lastSeq(), [&](const JournalFact &f) {
            if (f.kind == EntryKind::Payment && f.shiftSeq == w.desk->openShiftSeq()) {
                ShiftPaymentRow row;
                row.seq = f.seq;
                row.accountNumber = f.accountNumber;
                row.amountText = f.amount.format();
                row.methodText = methodText(f.method);
                row.timeText = localTime(f.timeMs);
                const auto account = w.route->findByNumber(f.accountNumber);
                row.customerName = account ? account->name : QString();
                index.insert(f.seq, int(rows.size()));
                rows.append(row);
            } else if (f.kind == EntryKind::Void && index.contains(f.refSeq)) {
                rows[index.value(f.refSeq)].voided = true;
            } else if (f.kind == EntryKind::ReceiptPrinted && f.printedDocument() == PrintedDocument::Receipt &&
                       index.contains(f.refSeq)) {
                rows[index.value(f.refSeq)].printCount = f.outcome;
            }
            return true;
        });
        for (ShiftPaymentRow &row : rows) {
            if (const auto e = w.journal->entry(row.seq))
                row.receiptNumber = e->receiptNumber();
        }
        std::reverse(rows.begin(), rows.end());
    }
    QMetaObject::invokeMethod(this, [this, rows] { m_shiftPayments.reset(rows); });
}

void DeskService::listShiftPayments()
{
    run([this] {
        loadShiftPayments();
        QMetaObject::invokeMethod(this, [this] { finishOne(); });
    });
}

void DeskService::recordReceiptPrint(qint64 paymentSeq)
{
    recordPrint(PrintedDocument::Receipt, paymentSeq);
}

void DeskService::recordPrint(PrintedDocument document, qint64 entrySeq)
{
    run([this, document, entrySeq] {
        DeskWorker &w = *m_work;
        QList<std::pair<PrintedDocument, qint64>> prints = std::exchange(w.unjournaledPrints, {});
        if (entrySeq > 0)
            prints.append({document, entrySeq});
        QList<std::pair<qint64, int>> journaled; // receipts: the shift's receipts list shows their count
        for (const auto &print : std::as_const(prints)) {
            if (!w.desk || w.desk->currentCollectorId().isEmpty()) {
                w.unjournaledPrints.append(print); // the next login journals it
                continue;
            }
            const auto r = w.desk->recordPrint(print.first, print.second);
            if (r.ok() && print.first == PrintedDocument::Receipt)
                journaled.append({print.second, w.desk->printCount(print.second)});
            else if (!r.ok() && r.error().code != QLatin1String("desk.receipt-voided") &&
                     r.error().code != QLatin1String("desk.receipt-not-payment") &&
                     r.error().code != QLatin1String("desk.print-wrong-entry"))
                w.unjournaledPrints.append(print);
        }
        if (!journaled.isEmpty())
            loadShiftPayments();
        QMetaObject::invokeMethod(this, [this, journaled] {
            for (const auto &[seq, count] : journaled)
                emit receiptPrintJournaled(seq, count);
            finishOne();
        });
    });
}

void DeskService::lockIfIdle()
{
    if (m_collectorId.isEmpty() || m_pending > 0)
        return;
    run([this] {
        DeskWorker &w = *m_work;
        bool locked = false;
        // The screen shows someone logged in (checked on the GUI thread); the gate may already
        // have ended the idle session on a refused action.
        if (w.desk && w.gate && !w.gate->sessionActive()) {
            w.desk->logout();
            locked = true;
        }
        if (locked)
            publishState();
        QMetaObject::invokeMethod(this, [this, locked] {
            if (locked)
                setError(
                    Error{QStringLiteral("desk.idle-locked"),
                          text(QT_TRANSLATE_NOOP("DeskService", "Locked after a while without use. Log in again."))});
            finishOne();
        });
    });
}

void DeskService::reopen(const QString &deviceId)
{
    if (!deviceId.isEmpty())
        m_config.deviceId = deviceId;
    m_ready = false;
    m_fault.clear();
    emit stateChanged();
    open();
}

void DeskService::reloadRoute()
{
    run([this] {
        if (m_work->route)
            (void)m_work->route->open();
        QMetaObject::invokeMethod(this, [this] { finishOne(); });
    });
}

void DeskService::centerHeard(qint64 serverTimeMs, qint64 acknowledgedSeq)
{
    run([this, serverTimeMs, acknowledgedSeq] {
        if (m_work->desk && serverTimeMs > 0)
            (void)m_work->desk->syncedWithCenter(serverTimeMs, acknowledgedSeq);
        publishState();
        QMetaObject::invokeMethod(this, [this] { finishOne(); });
    });
}
