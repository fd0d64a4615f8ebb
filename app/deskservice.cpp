#include "deskservice.h"

#include <QCborValue>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QSaveFile>
#include <QTimeZone>

#include "clocks.h"
#include "collectiondesk.h"
#include "journal.h"
#include "journalverifier.h"
#include "localtime.h"
#include "pingate.h"
#include "receipt.h"
#include "roster.h"
#include "routestore.h"
#include "shiftreport.h"
#include "supervisorlines.h"
#include "supervisorreport.h"
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
    QList<qint64> unjournaledPrints; ///< prints the printer finished while nobody was logged in
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

QString methodText(int method)
{
    return SupervisorLines::methodText(method);
}

// Receipts and the screen show the device's local time (China Standard Time by default).
constexpr int DeviceUtcOffset = LocalTime::DeviceUtcOffsetSeconds;

QString localTime(qint64 ms)
{
    return LocalTime::dateTime(ms);
}

ReceiptContext receiptContext(const DeskWorker &w, const DeskService::Config &config)
{
    ReceiptContext c;
    c.utilityName = w.route && w.route->hasRoute() ? w.route->header().utilityName : QString();
    c.branchName = config.branchName;
    c.hotline = config.hotline;
    const auto who = w.desk ? w.roster.find(w.desk->currentCollectorId()) : std::nullopt;
    c.collectorName = who ? who->name : QString();
    c.utcOffsetSeconds = DeviceUtcOffset;
    return c;
}

// A count in the language's plural form ("1 payment", "3 payments"; one form in Chinese).
QString counted(const char *source, qint64 n)
{
    return QCoreApplication::translate("DeskService", source, nullptr, int(n));
}

// The Z-report as the screen lists it; the paper shows the same figures through the printer.
QStringList zReportLines(const ZReportFigures &f)
{
    const auto line = [](const char *label, const QString &value) { return text(label).arg(value); };
    QStringList lines;
    lines << line(QT_TRANSLATE_NOOP("DeskService", "Report %1"), f.reportNumber)
          << line(QT_TRANSLATE_NOOP("DeskService", "Opened %1"), localTime(f.openedMs))
          << line(QT_TRANSLATE_NOOP("DeskService", "Closed %1"), localTime(f.closedMs))
          << counted(QT_TRANSLATE_N_NOOP("DeskService", "%n payment(s) · %1"), f.paymentCount)
                 .arg(f.paymentTotal.format());
    for (const ZReportMethodLine &m : f.byMethod)
        lines << counted(QT_TRANSLATE_N_NOOP("DeskService", "  %1: %n payment(s) · %2"), m.count)
                     .arg(methodText(int(m.method)), m.amount.format());
    lines << line(QT_TRANSLATE_NOOP("DeskService", "Penalties collected: %1"), f.penaltyTotal.format())
          << line(QT_TRANSLATE_NOOP("DeskService", "To prepaid balances: %1"), f.prepaidTotal.format())
          << counted(QT_TRANSLATE_N_NOOP("DeskService", "%n void(s) · %1"), f.voidCount).arg(f.voidTotal.format())
          << counted(QT_TRANSLATE_N_NOOP("DeskService", "%n visit(s) without payment"), f.visitCount)
          << counted(QT_TRANSLATE_N_NOOP("DeskService", "%n receipt(s) printed"), f.receiptsPrinted) +
                 QStringLiteral(" · ") + counted(QT_TRANSLATE_N_NOOP("DeskService", "%n reprint(s)"), f.reprints)
          << line(QT_TRANSLATE_NOOP("DeskService", "Opening float: %1"), f.openingFloat.format())
          << line(QT_TRANSLATE_NOOP("DeskService", "Expected cash: %1"), f.expectedCash.format())
          << line(QT_TRANSLATE_NOOP("DeskService", "Counted cash: %1"), f.countedCash.format())
          << line(QT_TRANSLATE_NOOP("DeskService", "Difference: %1"), (f.countedCash - f.expectedCash).format());
    if (!f.supervisorName.isEmpty())
        lines << line(QT_TRANSLATE_NOOP("DeskService", "Difference accepted by %1"), f.supervisorName);
    return lines;
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

template<typename Work>
void DeskService::run(Work work)
{
    if (m_pending++ == 0)
        emit busyChanged();
    // Whatever the task committed is announced once, here, whichever task it was.
    QMetaObject::invokeMethod(
        m_context,
        [this, work = std::move(work)]() mutable {
            const auto head = [this] { return m_work->journal ? m_work->journal->lastSeq() : 0; };
            const qint64 before = head();
            work();
            if (const qint64 after = head(); after > before)
                QMetaObject::invokeMethod(this, [this, after] { emit journalAppended(after); });
        },
        Qt::QueuedConnection);
}

void DeskService::finishOne()
{
    if (--m_pending == 0)
        emit busyChanged();
}

void DeskService::showLockout()
{
    const qint64 left = m_lockEnds.remainingTime();
    if (left <= 0) {
        m_lockTick.stop();
        setError(QString());
        return;
    }
    // PinGate's own words, counted down; rounded up, so "0 s" never shows while still locked.
    const int seconds = int((left + 999) / 1000);
    setError(QCoreApplication::translate(
        "PinGate", "Too many wrong PINs. The terminal is locked; try again in %n second(s).", nullptr, seconds));
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
    run([this] {
        DeskWorker &w = *m_work;
        w.desk.reset(); // opened again (a new roster or device id): the old desk goes first
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
            PinGate::Config gateConfig;
            gateConfig.idleLockMs = m_config.idleLockMs;
            w.gate = std::make_unique<PinGate>(systemMonotonicClock(), gateConfig);
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
        if (error.isEmpty() && !m_work->unjournaledPrints.isEmpty())
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
            if (error.isEmpty() && !owed.isEmpty()) {
                emit allocationPreview(lines, prepaid, owed);
            } else if (!error.isEmpty()) {
                // No split is shown for an amount that cannot be taken: the last good one would lie.
                emit allocationPreview({}, QString(), QString());
                emit paymentRefused(error);
            }
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
                    // The slip is built from the committed entry; the printer starts after "paid".
                    const auto account = m_work->route->findByNumber(r->record.accountNumber);
                    auto slip =
                        account ? Receipt::fromPayment(r->entry, r->record, *account, receiptContext(*m_work, m_config))
                                : Result<Receipt>(Error{});
                    if (slip.ok())
                        QMetaObject::invokeMethod(
                            this, [this, paper = std::move(slip).value()] { emit receiptReady(paper); });
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

QList<qint64> DeskService::denominations() const
{
    return CashCount::denominations();
}

QStringList DeskService::denominationLabels() const
{
    QStringList labels;
    for (const qint64 fen : CashCount::denominations())
        labels << Money::fromFen(fen).format();
    return labels;
}

QString DeskService::countedTotal(const QVariantMap &pieces) const
{
    const auto counts = parsePieces(pieces);
    const auto count = counts.ok() ? CashCount::fromCounts(counts.value()) : Result<CashCount>(counts.error());
    return count.ok() ? count->total().format() : QString();
}

Result<QMap<qint64, qint64>> DeskService::parsePieces(const QVariantMap &pieces)
{
    QMap<qint64, qint64> counts;
    for (auto it = pieces.cbegin(); it != pieces.cend(); ++it) {
        bool keyOk = false;
        const qint64 fen = it.key().toLongLong(&keyOk);
        const QString typed = it.value().toString().trimmed();
        if (typed.isEmpty())
            continue;
        bool ok = false;
        const qint64 n = typed.toLongLong(&ok);
        if (!keyOk || !ok || n < 0 || typed.size() > 9)
            return Error{
                QStringLiteral("desk.bad-count"),
                text(QT_TRANSLATE_NOOP("DeskService", "Count each note and coin as a whole number of pieces."))};
        if (n > 0)
            counts.insert(fen, n);
    }
    return counts;
}

void DeskService::recordVisit(const QString &accountNumber, int outcome, const QString &promisedDate,
                              const QString &note)
{
    run([=, this] {
        QString error, done;
        if (!m_work->desk) {
            error = text(QT_TRANSLATE_NOOP("DeskService", "The terminal is not ready."));
        } else if (outcome < int(VisitOutcome::NotHome) || outcome > int(VisitOutcome::Note)) {
            error = text(QT_TRANSLATE_NOOP("DeskService", "Choose what happened at the door."));
        } else {
            const QDate date = QDate::fromString(promisedDate.trimmed(), Qt::ISODate);
            if (VisitOutcome(outcome) == VisitOutcome::PromisedToPay && !date.isValid()) {
                error = text(QT_TRANSLATE_NOOP("DeskService", "Enter the promised date as YYYY-MM-DD."));
            } else {
                const auto r = m_work->desk->recordVisit(accountNumber, VisitOutcome(outcome), date, note.trimmed());
                if (r.ok())
                    done = text(QT_TRANSLATE_NOOP("DeskService", "Visit recorded (entry %1).")).arg(r->seq);
                else
                    error = r.error().message;
            }
        }
        QMetaObject::invokeMethod(this, [=, this] {
            if (error.isEmpty())
                emit visitRecorded(done);
            else
                emit visitRefused(error);
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
            } else if (f.kind == EntryKind::ReceiptPrinted && index.contains(f.refSeq)) {
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

void DeskService::voidPayment(qint64 paymentSeq, const QString &reason, const QString &supervisorId,
                              const QString &supervisorPin)
{
    run([=, this] {
        DeskWorker &w = *m_work;
        QString error, number;
        if (!w.desk) {
            error = text(QT_TRANSLATE_NOOP("DeskService", "The terminal is not ready."));
        } else {
            const auto r = w.desk->voidPayment(paymentSeq, reason.trimmed(), supervisorId, supervisorPin);
            if (!r.ok()) {
                error = r.error().message;
            } else {
                number = r->receiptNumber();
                // Before the void's slip: the payment's own receipt, if still queued, is withdrawn.
                QMetaObject::invokeMethod(this, [this, paymentSeq] { emit paymentVoided(paymentSeq); });
                // The void's own slip, saying which receipt it cancels.
                const auto payment = w.journal->entry(paymentSeq);
                const auto record =
                    payment ? recordFromCbor<PaymentRecord>(payment->body) : Result<PaymentRecord>(Error{});
                const auto voidRecord = recordFromCbor<VoidRecord>(r->body);
                const auto account = record.ok() ? w.route->findByNumber(record->accountNumber) : std::nullopt;
                if (payment && record.ok() && voidRecord.ok() && account) {
                    auto slip = Receipt::fromVoid(r.value(), voidRecord.value(), *payment, record.value(), *account,
                                                  receiptContext(w, m_config));
                    if (slip.ok())
                        QMetaObject::invokeMethod(
                            this, [this, paper = std::move(slip).value()] { emit receiptReady(paper); });
                }
                loadShiftPayments();
            }
        }
        QMetaObject::invokeMethod(this, [=, this] {
            if (error.isEmpty())
                emit voided(number);
            else
                emit voidRefused(error);
            finishOne();
        });
    });
}

void DeskService::countCash(const QVariantMap &pieces)
{
    run([=, this] {
        QString error, counted, expected, difference;
        bool supervisor = false;
        const auto counts = parsePieces(pieces);
        if (!counts.ok()) {
            error = counts.error().message;
        } else if (!m_work->desk) {
            error = text(QT_TRANSLATE_NOOP("DeskService", "The terminal is not ready."));
        } else {
            const auto r = m_work->desk->countCash(counts.value());
            if (r.ok()) {
                counted = r->counted.format();
                expected = r->expected.format();
                difference = r->difference().format();
                supervisor = r->needsSupervisor();
            } else {
                error = r.error().message;
            }
        }
        QMetaObject::invokeMethod(this, [=, this] {
            if (error.isEmpty())
                emit cashCounted(counted, expected, difference, supervisor);
            else
                emit countRefused(error);
            finishOne();
        });
    });
}

void DeskService::closeShift(const QVariantMap &pieces, const QString &supervisorId, const QString &supervisorPin)
{
    run([=, this] {
        DeskWorker &w = *m_work;
        QString error, number;
        QStringList lines;
        const auto counts = parsePieces(pieces);
        if (!counts.ok()) {
            error = counts.error().message;
        } else if (!w.desk) {
            error = text(QT_TRANSLATE_NOOP("DeskService", "The terminal is not ready."));
        } else {
            const ReceiptContext context = receiptContext(w, m_config);
            const auto r = w.desk->closeShift(counts.value(), supervisorId, supervisorPin);
            if (!r.ok()) {
                error = r.error().message;
            } else {
                const auto approver = w.roster.find(r->closing.supervisorId);
                const ZReportFigures figures =
                    zReportFigures(r.value(), m_config.deviceId, approver ? approver->name : QString());
                number = figures.reportNumber;
                lines = zReportLines(figures);
                QMetaObject::invokeMethod(
                    this, [this, paper = Receipt::fromZReport(figures, context)] { emit receiptReady(paper); });
                loadShiftPayments();
            }
        }
        publishState();
        QMetaObject::invokeMethod(this, [=, this] {
            if (error.isEmpty())
                emit shiftClosed(number, lines);
            else
                emit closeRefused(error);
            finishOne();
        });
    });
}

void DeskService::handOverCash(const QString &amount, const QString &receivedBy)
{
    run([=, this] {
        QString error;
        const Money m = parsedOr(amount, Money(), &error);
        if (error.isEmpty()) {
            if (!m_work->desk) {
                error = text(QT_TRANSLATE_NOOP("DeskService", "The terminal is not ready."));
            } else if (const auto r = m_work->desk->handOverCash(m, receivedBy.trimmed()); !r.ok()) {
                error = r.error().message;
            }
        }
        QMetaObject::invokeMethod(this, [=, this] {
            if (error.isEmpty())
                emit cashHandedOver(m.format());
            else
                emit handOverRefused(error);
            finishOne();
        });
    });
}

void DeskService::recordReceiptPrint(qint64 paymentSeq)
{
    run([this, paymentSeq] {
        DeskWorker &w = *m_work;
        QList<qint64> seqs = std::exchange(w.unjournaledPrints, {});
        if (paymentSeq > 0)
            seqs.append(paymentSeq);
        QList<std::pair<qint64, int>> journaled;
        for (const qint64 seq : seqs) {
            if (!w.desk || w.desk->currentCollectorId().isEmpty()) {
                w.unjournaledPrints.append(seq); // the next login journals it
                continue;
            }
            const auto r = w.desk->recordReceiptPrint(seq);
            if (r.ok())
                journaled.append({seq, w.desk->printCount(seq)});
            else if (r.error().code != QLatin1String("desk.receipt-voided") &&
                     r.error().code != QLatin1String("desk.receipt-not-payment"))
                w.unjournaledPrints.append(seq);
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
                setError(text(QT_TRANSLATE_NOOP("DeskService", "Locked after a while without use. Log in again.")));
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

namespace {

// The day's report as the supervisor and route screens read it; worker thread.
SupervisorReport todaysReport(DeskWorker &w)
{
    const auto today = w.clock ? w.clock->trustedDate() : Result<QDate>(Error{});
    const QDate day =
        today.ok() ? today.value() : QDateTime::currentDateTimeUtc().toOffsetFromUtc(DeviceUtcOffset).date();
    return SupervisorReport::forDay(
        *w.journal, day,
        [&w](const QString &number) {
            const auto account = w.route->findByNumber(number);
            return account ? account->village : QString();
        },
        DeviceUtcOffset);
}

} // namespace

void DeskService::openSupervisorReport(const QString &supervisorId, const QString &supervisorPin)
{
    run([=, this] {
        DeskWorker &w = *m_work;
        if (!w.desk) {
            const QString error = text(QT_TRANSLATE_NOOP("DeskService", "The terminal is not ready."));
            QMetaObject::invokeMethod(this, [this, error] {
                emit supervisorRefused(error);
                finishOne();
            });
            return;
        }
        const auto supervisor = w.desk->authenticateSupervisor(supervisorId, supervisorPin);
        if (!supervisor.ok()) {
            const QString error = supervisor.error().message;
            QMetaObject::invokeMethod(this, [this, error] {
                emit supervisorRefused(error);
                finishOne();
            });
            return;
        }
        const SupervisorReport report = todaysReport(w);
        const auto nameOf = [&w](const QString &id) {
            const auto who = w.roster.find(id);
            return who ? who->name : id;
        };
        Money receivable;
        // What the route owes now, penalty included: the figure every account screen shows.
        if (const auto villages = w.desk->villagesOwed(); villages.ok()) {
            for (const auto &v : *villages)
                receivable += v.owed;
        }
        // Every entry's chain link and hash, and the signatures of the chain heads: what the
        // center checks on upload (an audit of every signature is the center's job).
        const VerifyReport verified =
            verifyJournal(*w.journal, w.key.publicKey(), w.journal->lastSeq(), JournalVerifier::Signatures::ChainHeads);
        QList<JournalEntry> recent;
        constexpr qint64 BrowserEntries = 500;
        const qint64 last = w.journal->lastSeq();
        w.journal->forEach(std::max<qint64>(1, last - BrowserEntries + 1), last, [&](const JournalEntry &e) {
            recent.prepend(e);
            return true;
        });
        const auto figures = SupervisorLines::figures(report, receivable);
        const auto hours = SupervisorLines::hours(report);
        const auto villages = SupervisorLines::villages(report);
        const auto exceptions = SupervisorLines::exceptions(report, nameOf);
        const auto journal = SupervisorLines::journal(recent, verified, nameOf);
        const QString status = SupervisorLines::verification(verified);
        const QString title =
            text(QT_TRANSLATE_NOOP("DeskService", "%1 · terminal %2 · opened by %3"))
                .arg(QLocale().toString(report.day(), QLocale::LongFormat), m_config.deviceId, supervisor->name);
        const bool ok = verified.ok;
        QMetaObject::invokeMethod(this, [=, this] {
            m_reportFigures.reset(figures);
            m_reportHours.reset(hours);
            m_reportVillages.reset(villages);
            m_reportExceptions.reset(exceptions);
            m_journalBrowser.reset(journal);
            m_reportTitle = title;
            m_journalStatus = status;
            m_journalVerified = ok;
            emit reportChanged();
            emit supervisorReportReady();
            finishOne();
        });
    });
}

void DeskService::loadRouteProgress()
{
    run([this] {
        DeskWorker &w = *m_work;
        QList<ReportLine> lines;
        QString summary;
        if (w.journal && w.route && w.route->hasRoute()) {
            const SupervisorReport report = todaysReport(w);
            const auto owedNow = w.desk ? w.desk->villagesOwed() : Result<QList<RouteStore::VillageSummary>>(Error{});
            const auto villages = owedNow.ok() ? *owedNow : QList<RouteStore::VillageSummary>();
            lines = SupervisorLines::routeProgress(villages, report);
            qint64 accounts = 0;
            for (const auto &v : villages)
                accounts += v.accounts;
            const qint64 done =
                report.accountsPaid().size() + (report.accountsVisited() - report.accountsPaid()).size();
            summary =
                counted(QT_TRANSLATE_N_NOOP("DeskService", "Today: %1 of %n account(s) paid or visited · %2 collected"),
                        accounts)
                    .arg(QLocale().toString(done), report.totals().collected().amount.format());
        }
        QMetaObject::invokeMethod(this, [=, this] {
            m_routeVillages.reset(lines);
            m_routeProgressText = summary;
            emit reportChanged();
            finishOne();
        });
    });
}

void DeskService::loadVillage(const QString &village)
{
    run([=, this] {
        DeskWorker &w = *m_work;
        QList<ReportLine> lines;
        if (w.journal && w.route && w.route->hasRoute()) {
            const QList<Account> accounts = w.route->accountsInVillage(village);
            // The same figure as the account screen: principal and penalty, less this device's payments.
            const auto owedNow = w.desk ? w.desk->owed(accounts) : Result<QList<Money>>(Error{});
            const QList<Money> owed = owedNow.ok() ? *owedNow : QList<Money>();
            lines = SupervisorLines::villageAccounts(accounts, owed, todaysReport(w));
        }
        QMetaObject::invokeMethod(this, [=, this] {
            m_villageAccounts.reset(lines);
            finishOne();
        });
    });
}
