#include "deskservice.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>

#include "deskworker.h"
#include "localtime.h"
#include "receiptcode.h"
#include "supervisorlines.h"
#include "terminalfiles.h"

namespace {

constexpr qint64 MaxExposureRecheckMs = qint64(10) * 60'000;

/// The events of a desk just opened: those the last desk could not journal yet, then a new
/// journal begins with its key, a process journals its start once, and a check that failed on
/// the way says what it found.
void journalStart(DeskWorker &w, const QList<EventRecord> &carried, const Status &clockOpened)
{
    (void)w.desk->keepPendingEvents(carried);
    const bool keyNoted = std::any_of(carried.begin(), carried.end(),
                                      [](const EventRecord &e) { return e.kind == EventRecord::Kind::KeyCreated; });
    if (w.journal->lastSeq() == 0 && !keyNoted)
        (void)w.desk->recordEvent(EventRecord::Kind::KeyCreated,
                                  QString::fromLatin1(ReceiptCode::keyIdOf(w.key.publicKey()).toHex()));
    if (!std::exchange(w.startJournaled, true))
        (void)w.desk->recordEvent(EventRecord::Kind::AppStarted, QCoreApplication::applicationName() +
                                                                     QLatin1Char(' ') +
                                                                     QCoreApplication::applicationVersion());
    if (!clockOpened.ok())
        (void)w.desk->recordEvent(EventRecord::Kind::SelfCheckFailed, clockOpened.error().message);
}

QString text(const char *source)
{
    return QCoreApplication::translate("DeskService", source);
}

// The roster file, or (demo only, when there is none) the demo's people written to it: a
// collector and a supervisor, PINs 1234 and 9999.
Result<Roster> loadRoster(const QString &path, bool demo, int iterations)
{
    if (!demo || QFile::exists(path))
        return Roster::load(path); // none yet: empty, enrolment brings it
    Roster roster;
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
    if (const Status s = roster.save(path); !s.ok())
        return s.error();
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
    , m_work(std::make_unique<DeskWorker>())
{
    m_work->service = this;
    connect(&m_worker, &WorkerThread::busyChanged, this, &DeskService::busyChanged);
    m_idleCheck.setInterval(int(std::clamp<qint64>(m_config.idleLockMs / 10, 200, 15'000)));
    connect(&m_idleCheck, &QTimer::timeout, this, &DeskService::lockIfIdle);
    m_idleCheck.start();
    m_lockTick.setInterval(1000);
    connect(&m_lockTick, &QTimer::timeout, this, &DeskService::showLockout);
    m_exposureRecheck.setSingleShot(true);
    m_exposureRecheck.setTimerType(Qt::PreciseTimer); // aimed at a moment: a coarse timer may fire early
    connect(&m_exposureRecheck, &QTimer::timeout, this, [this] { run([this] { m_work->stateDirty = true; }); });
}

DeskService::~DeskService()
{
    // Tear down on the thread that opened everything (SQLite connections belong to it).
    m_worker.runAndWait([this] {
        if (m_work->desk) // journaled now, synced at the next start
            (void)m_work->desk->recordEvent(EventRecord::Kind::AppStopped);
        m_work.reset();
    });
}

void DeskService::announceTask(qint64 before)
{
    const qint64 after = journalHead();
    // An entry moves cash in hand and the unsynced count: the exposure banner follows.
    if (std::exchange(m_work->stateDirty, false) || after > before)
        publishState();
    if (after > before)
        QMetaObject::invokeMethod(this, [this, after] { emit journalAppended(after); });
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
    // The limits that apply to whoever is at the keypad: every terminal's, the route's, theirs.
    QString exposureWarning = w.exposureProblem;
    bool exposureExceeded = false;
    std::optional<qint64> exposureRecheckMs; // when time alone changes the assessment
    if (ready && w.route) {
        const auto limits = ExposureRule::resolve(w.exposureRules, w.route->header().routeId, collector);
        if (!limits.ok()) {
            exposureWarning = limits.error().message;
        } else {
            w.desk->setExposurePolicy(ExposurePolicy(limits.value()));
            if (shiftOpen) {
                const ExposurePolicy::Assessment assessment = w.desk->exposure();
                if (exposureWarning.isEmpty())
                    exposureWarning = assessment.message();
                exposureExceeded = assessment.level == ExposurePolicy::Level::Exceeded;
                exposureRecheckMs = w.desk->msUntilExposureChanges();
            }
        }
    }
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
        m_exposureWarning = exposureWarning;
        m_exposureExceeded = exposureExceeded;
        // One millisecond past the moment, so the figure is past it when read. At most ten minutes
        // ahead: a sleeping handheld's timer stops while its trusted time does not, and a
        // year-long limit does not fit a timer; an early look only aims again.
        if (exposureRecheckMs)
            m_exposureRecheck.start(int(std::clamp<qint64>(*exposureRecheckMs + 1, 1, MaxExposureRecheckMs)));
        else
            m_exposureRecheck.stop();
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
    m_opening = true;
    // The task works on its own copy of the configuration (reopen() changes the device id).
    run(
        this,
        [this, config = m_config] {
            DeskWorker &w = *m_work;
            const QList<EventRecord> carried = w.desk ? w.desk->takePendingEvents() : QList<EventRecord>{};
            w.desk.reset(); // opened again (a new roster or device id): the old desk goes first
            w.config = config;
            const QString dataDir = config.dataDir;
            QString fault;
            auto key = DeviceKey::loadOrCreate(TerminalFiles::deviceKey(dataDir));
            auto roster = loadRoster(TerminalFiles::roster(dataDir), config.demo, config.pinIterations);
            if (!key.ok()) {
                fault = key.error().message;
            } else if (!roster.ok()) {
                fault = roster.error().message;
            } else {
                w.key = std::move(key).value();
                w.roster = std::move(roster).value();
                w.journal = std::make_unique<Journal>(TerminalFiles::journal(dataDir), config.deviceId, w.key);
                w.route = std::make_unique<RouteStore>(TerminalFiles::route(dataDir));
                w.clock = std::make_unique<TrustedClock>(TerminalFiles::clock(dataDir), systemMonotonicClock(),
                                                         systemWallClock());
                PinGate::Config gateConfig;
                gateConfig.idleLockMs = config.idleLockMs;
                w.gate = std::make_unique<PinGate>(systemMonotonicClock(), gateConfig);
                Status s = w.journal->open();
                if (s.ok())
                    s = w.route->open();
                Status clockOpened = success();
                if (s.ok())
                    clockOpened = w.clock->open(); // a damaged or missing anchor means "not synced": the desk says so
                if (s.ok() && config.demo && !w.clock->lastCenterTimeMs())
                    s = w.clock->syncWithCenter(systemWallClock()()); // demo only: no center to ask yet
                if (s.ok()) {
                    // No limits until publishState() resolves the center's for whoever logs in.
                    w.desk = std::make_unique<CollectionDesk>(*w.journal, *w.route, w.roster, *w.clock, *w.gate,
                                                              ExposurePolicy(ExposureLimits{}), w.key.publicKey());
                    s = w.desk->open();
                }
                if (s.ok())
                    journalStart(w, carried, clockOpened);
                auto rules = ExposureRule::load(TerminalFiles::limits(dataDir));
                w.exposureRules = rules.ok() ? rules.value() : QList<ExposureRule>{};
                w.exposureProblem = rules.ok() ? QString() : rules.error().message;
                if (!s.ok())
                    fault = s.error().message;
            }
            w.stateDirty = true;
            return fault;
        },
        [this](const QString &fault) {
            m_opening = false;
            if (!fault.isEmpty()) {
                m_fault = fault;
                emit stateChanged();
            }
        });
}

void DeskService::login(const QString &collectorId, const QString &pin)
{
    struct Answer
    {
        Error error;
        qint64 lockedMs = 0;
        bool printsWaiting = false; ///< prints made while nobody was logged in
    };
    run(
        this,
        [this, collectorId, pin] {
            DeskWorker &w = *m_work;
            Answer answer{DeskWork::notReady()};
            if (w.desk) {
                const auto r = w.desk->login(collectorId, pin);
                answer.error = r.ok() ? Error{} : r.error();
            }
            answer.lockedMs = w.gate ? w.gate->state().lockRemainingMs : 0;
            answer.printsWaiting = !w.unjournaledPrints.isEmpty();
            w.stateDirty = true;
            return answer;
        },
        [this](const Answer &answer) {
            setError(answer.error);
            // Prints made while nobody was logged in are journaled now, in this collector's name.
            if (answer.error.message.isEmpty() && answer.printsWaiting)
                recordReceiptPrint(0);
            if (answer.lockedMs > 0) {
                m_lockEnds.setRemainingTime(answer.lockedMs);
                m_lockTick.start();
                showLockout();
            }
        });
}

void DeskService::logout()
{
    run([this] {
        if (m_work->desk)
            m_work->desk->logout();
        m_work->stateDirty = true;
    });
}

void DeskService::quote(const QString &accountNumber)
{
    run(
        this,
        [this, accountNumber]() -> Result<CollectionDesk::Quote> {
            if (!m_work->desk)
                return DeskWork::notReady();
            return m_work->desk->quote(accountNumber);
        },
        [this](const Result<CollectionDesk::Quote> &q) {
            if (q.ok())
                emit quoted(q->account, q->arrears);
            else
                emit quoteFailed(q.error().message);
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
    run([this] { loadShiftPayments(); });
}

void DeskService::recordReceiptPrint(qint64 paymentSeq)
{
    recordPrint(PrintedDocument::Receipt, paymentSeq);
}

void DeskService::recordPrint(PrintedDocument document, qint64 entrySeq)
{
    run(
        this,
        [this, document, entrySeq] {
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
            return journaled;
        },
        [this](const QList<std::pair<qint64, int>> &journaled) {
            for (const auto &[seq, count] : journaled)
                emit receiptPrintJournaled(seq, count);
        });
}

void DeskService::lockIfIdle()
{
    if (m_collectorId.isEmpty() || isBusy())
        return;
    run(
        this,
        [this] {
            DeskWorker &w = *m_work;
            // The screen shows someone logged in (checked on the GUI thread); the gate may already
            // have ended the idle session on a refused action.
            if (!w.desk || !w.gate || w.gate->sessionActive())
                return false;
            w.desk->logout();
            w.stateDirty = true;
            return true;
        },
        [this](bool locked) {
            if (locked)
                setError(
                    Error{QStringLiteral("desk.idle-locked"),
                          text(QT_TRANSLATE_NOOP("DeskService", "Locked after a while without use. Log in again."))});
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
    });
}

void DeskService::setExposureRules(const QList<ExposureRule> &rules)
{
    run([this, rules, dataDir = m_config.dataDir] {
        DeskWorker &w = *m_work;
        if (rules == w.exposureRules && w.exposureProblem.isEmpty())
            return;
        const Status saved = ExposureRule::save(TerminalFiles::limits(dataDir), rules);
        w.exposureRules = rules; // applied even if not kept: the next sync brings them again
        w.exposureProblem = saved.ok() ? QString() : saved.error().message;
        w.stateDirty = true;
    });
}

void DeskService::recordEvent(EventRecord::Kind kind, const QString &detail, std::function<void()> then)
{
    run([this, kind, detail, then = std::move(then)] {
        if (m_work->desk)
            (void)m_work->desk->recordEvent(kind, detail);
        if (then)
            QMetaObject::invokeMethod(this, then);
    });
}

void DeskService::centerHeard(qint64 serverTimeMs, qint64 acknowledgedSeq, const QByteArray &timeWitness)
{
    run([this, serverTimeMs, acknowledgedSeq, timeWitness] {
        if (m_work->desk && serverTimeMs > 0)
            (void)m_work->desk->syncedWithCenter(serverTimeMs, acknowledgedSeq, timeWitness);
        else if (m_work->desk) // the center's receipt read from a memory card: no time with it
            m_work->desk->setAcknowledgedSeq(acknowledgedSeq);
        m_work->stateDirty = true;
    });
}
