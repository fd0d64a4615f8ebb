#include "supervisorlines.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include "journalverifier.h"
#include "localtime.h"

namespace SupervisorLines {

namespace {

// One translation context for the whole file, including free functions and helper types, in a
// form lupdate understands.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(SupervisorLines)
};

QString count(qint64 n)
{
    return QLocale().toString(n);
}

// The device's local time (China Standard Time by default), as receipts show it.
QString timeText(qint64 ms)
{
    return LocalTime::time(ms);
}

int permille(qint64 part, qint64 whole)
{
    if (whole <= 0 || part <= 0)
        return 0;
    return int(std::min<qint64>(1000, part * 1000 / whole));
}

ReportLine line(const QString &label, const QString &detail, const QString &amount, bool flagged = false)
{
    ReportLine l;
    l.label = label;
    l.detail = detail;
    l.amountText = amount;
    l.flagged = flagged;
    return l;
}

} // namespace

QString methodText(int method)
{
    switch (PaymentMethod(method)) {
    case PaymentMethod::Cash:
        return Tr::tr("Cash");
    case PaymentMethod::BankCard:
        return Tr::tr("Bank card");
    case PaymentMethod::RechargeVoucher:
        return Tr::tr("Recharge voucher");
    case PaymentMethod::BankTransfer:
        return Tr::tr("Bank transfer");
    }
    return Tr::tr("Unknown method");
}

QString kindText(EntryKind kind)
{
    switch (kind) {
    case EntryKind::ShiftOpened:
        return Tr::tr("Shift opened");
    case EntryKind::Payment:
        return Tr::tr("Payment");
    case EntryKind::Void:
        return Tr::tr("Void");
    case EntryKind::Visit:
        return Tr::tr("Visit");
    case EntryKind::ReceiptPrinted:
        return Tr::tr("Receipt printed");
    case EntryKind::CashHandedOver:
        return Tr::tr("Cash handed over");
    case EntryKind::ShiftClosed:
        return Tr::tr("Shift closed");
    case EntryKind::ClockFlag:
        return Tr::tr("Clock flag");
    case EntryKind::CashCounted:
        return Tr::tr("Cash counted");
    case EntryKind::Event:
        return Tr::tr("Terminal event");
    }
    return Tr::tr("Unknown entry");
}

QString eventText(EventRecord::Kind kind)
{
    switch (kind) {
    case EventRecord::Kind::AppStarted:
        return Tr::tr("app started");
    case EventRecord::Kind::AppStopped:
        return Tr::tr("app stopped");
    case EventRecord::Kind::KeyCreated:
        return Tr::tr("key created");
    case EventRecord::Kind::JournalExported:
        return Tr::tr("journal exported to a file");
    case EventRecord::Kind::SelfCheckFailed:
        return Tr::tr("self-check failed");
    case EventRecord::Kind::LockReceived:
        return Tr::tr("locked by the center");
    case EventRecord::Kind::UnlockReceived:
        return Tr::tr("unlocked by the center");
    case EventRecord::Kind::TimeWitnessed:
        return Tr::tr("center's time received");
    case EventRecord::Kind::WipeReceived:
        return Tr::tr("wipe ordered by the center");
    }
    return Tr::tr("unknown event");
}

// Entries from before void slips and Z-reports were journaled are receipts' prints.
QString printedText(PrintedDocument document)
{
    switch (document) {
    case PrintedDocument::Receipt:
        break;
    case PrintedDocument::VoidSlip:
        return Tr::tr("Void slip printed");
    case PrintedDocument::ZReport:
        return Tr::tr("Z-report printed");
    }
    return kindText(EntryKind::ReceiptPrinted);
}

QList<ReportLine> figures(const SupervisorReport &report, Money receivable)
{
    const DailyTotals &t = report.totals();
    QList<ReportLine> lines;
    const CountedAmount collected = t.collected();
    lines << line(Tr::tr("Collected"), Tr::tr("%n payment(s) after voids", nullptr, int(collected.count)),
                  collected.amount.format());
    for (const PaymentMethod m :
         {PaymentMethod::Cash, PaymentMethod::BankCard, PaymentMethod::RechargeVoucher, PaymentMethod::BankTransfer}) {
        const CountedAmount byMethod = t.collected(m);
        ReportLine l =
            line(methodText(int(m)), Tr::tr("%n payment(s)", nullptr, int(byMethod.count)), byMethod.amount.format());
        l.sharePermille = permille(byMethod.amount.fen(), collected.amount.fen());
        lines << l;
    }
    if (t.paymentsOfUnknownMethod().count > 0)
        lines << line(methodText(0), count(t.paymentsOfUnknownMethod().count),
                      t.paymentsOfUnknownMethod().amount.format(), true);
    const CountedAmount voids = t.voids();
    lines << line(Tr::tr("Voids"), count(voids.count), voids.amount.format(), voids.count > 0)
          << line(Tr::tr("Penalties collected"), QString(), t.penaltiesCollected().format())
          << line(Tr::tr("To prepaid balances"), QString(), t.prepaidCredited().format())
          << line(Tr::tr("Visits without payment"), QString(), count(t.visits()))
          << line(Tr::tr("Cash handed over"), count(t.cashHandedOver().count), t.cashHandedOver().amount.format())
          << line(Tr::tr("Expected cash in hand"), QString(), t.expectedCashInHand().format());
    if (t.shiftsClosed() > 0)
        lines << line(Tr::tr("Cash differences at close"), count(t.shiftsClosed()), t.closingDifference().format(),
                      t.closingDifference() != Money());
    const auto rate = t.collectionRateBps(receivable);
    lines << line(Tr::tr("Collection rate"), Tr::tr("of %1 receivable on the route").arg(receivable.format()),
                  rate ? QLocale().toString(double(*rate) / 100.0, 'f', 2) + QLocale().percent() : QStringLiteral("—"));
    if (rate)
        lines.last().sharePermille = int(std::min<qint64>(1000, *rate / 10));
    return lines;
}

QList<ReportLine> hours(const SupervisorReport &report)
{
    qint64 busiest = 0;
    for (const CountedAmount &h : report.byHour())
        busiest = std::max(busiest, h.amount.fen());
    QList<ReportLine> lines;
    for (int hour = 0; hour < 24; ++hour) {
        const CountedAmount &h = report.byHour()[size_t(hour)];
        ReportLine l =
            line(QStringLiteral("%1:00").arg(hour, 2, 10, QLatin1Char('0')), count(h.count), h.amount.format());
        l.sharePermille = permille(h.amount.fen(), busiest);
        lines << l;
    }
    return lines;
}

QList<ReportLine> villages(const SupervisorReport &report)
{
    qint64 most = 0;
    for (const auto &v : report.byVillage())
        most = std::max(most, v.collected.amount.fen());
    QList<ReportLine> lines;
    for (const auto &v : report.byVillage()) {
        ReportLine l = line(v.village.isEmpty() ? Tr::tr("(not on the route)") : v.village,
                            Tr::tr("%1 payments · %2 visits").arg(count(v.collected.count), count(v.visits)),
                            v.collected.amount.format());
        l.key = v.village;
        l.sharePermille = permille(v.collected.amount.fen(), most);
        lines << l;
    }
    return lines;
}

QList<ReportLine> exceptions(const SupervisorReport &report, const NameOf &collectorName)
{
    QList<ReportLine> lines;
    for (const auto &e : report.exceptions()) {
        const QString who = collectorName ? collectorName(e.collectorId) : e.collectorId;
        const QString when = timeText(e.timeMs) + QStringLiteral(" · ") + who;
        using Kind = SupervisorReport::Exception::Kind;
        ReportLine l;
        switch (e.kind) {
        case Kind::Void:
            l = line(Tr::tr("Void of #%1 (account %2)").arg(count(e.refSeq), e.accountNumber), when, e.amount.format(),
                     true);
            break;
        case Kind::CashDifference:
            l = line(Tr::tr("Cash difference at close"), when, e.amount.format(), true);
            break;
        case Kind::ClockFlag:
            l = line(Tr::tr("The clock disagreed with trusted time"), when, QString(), true);
            break;
        case Kind::Reprint:
            switch (e.document) {
            case PrintedDocument::Receipt:
                l = line(Tr::tr("Receipt of #%1 printed %2 times (account %3)")
                             .arg(count(e.refSeq), count(e.printCount), e.accountNumber),
                         when, QString());
                break;
            case PrintedDocument::VoidSlip:
                l = line(Tr::tr("Void slip of #%1 printed %2 times").arg(count(e.refSeq), count(e.printCount)), when,
                         QString());
                break;
            case PrintedDocument::ZReport:
                l = line(Tr::tr("Z-report of close #%1 printed %2 times").arg(count(e.refSeq), count(e.printCount)),
                         when, QString());
                break;
            }
            break;
        case Kind::Prepaid:
            l = line(Tr::tr("Overpayment to prepaid (account %1)").arg(e.accountNumber), when, e.amount.format());
            break;
        case Kind::Recount:
            l = line(Tr::tr("Cash counted again at close (count %1)").arg(count(e.printCount)), when, e.amount.format(),
                     true);
            break;
        }
        l.key = QString::number(e.seq);
        lines << l;
    }
    return lines;
}

QString verification(const VerifyReport &verified)
{
    if (verified.ok)
        return Tr::tr("Journal verified: %n entry(ies), chain and signatures intact.", nullptr,
                      int(std::min<qint64>(verified.entriesChecked, std::numeric_limits<int>::max())));
    return Tr::tr("Journal damaged at entry %1: %2").arg(count(verified.firstBadSeq), verified.problem.message);
}

QList<ReportLine> journal(const QList<JournalEntry> &newestFirst, const VerifyReport &verified,
                          const NameOf &collectorName)
{
    QList<ReportLine> lines;
    for (const JournalEntry &entry : newestFirst) {
        const JournalFact f = JournalFact::fromEntry(entry);
        QString what = kindText(entry.kind);
        QString amount;
        switch (entry.kind) {
        case EntryKind::Payment:
            what += QStringLiteral(" · ") + f.accountNumber + QStringLiteral(" · ") + methodText(f.method);
            amount = f.amount.format();
            break;
        case EntryKind::Void:
            what += QStringLiteral(" · #") + count(f.refSeq);
            break;
        case EntryKind::Visit:
            what += QStringLiteral(" · ") + f.accountNumber;
            break;
        case EntryKind::ReceiptPrinted:
            what = printedText(f.printedDocument()) + QStringLiteral(" · #") + count(f.refSeq) + QStringLiteral(" ×") +
                   count(f.outcome);
            break;
        case EntryKind::CashCounted:
            what += QStringLiteral(" · ") + Tr::tr("count %1").arg(count(f.outcome));
            amount = f.amount.format();
            break;
        case EntryKind::ShiftOpened:
        case EntryKind::CashHandedOver:
        case EntryKind::ShiftClosed:
            amount = f.amount.format();
            break;
        case EntryKind::ClockFlag:
            break;
        case EntryKind::Event:
            what += QStringLiteral(" · ") + eventText(EventRecord::Kind(f.outcome));
            break;
        }
        const bool bad = !verified.ok && entry.seq >= verified.firstBadSeq;
        ReportLine l = line(QStringLiteral("#%1 ").arg(count(entry.seq)) + what,
                            timeText(entry.timeMs) + QStringLiteral(" · ") +
                                (collectorName ? collectorName(entry.collectorId) : entry.collectorId) +
                                QStringLiteral(" · ") + QString::fromLatin1(entry.hash.left(4).toHex()),
                            amount, bad);
        l.key = QString::number(entry.seq);
        lines << l;
    }
    return lines;
}

QList<ReportLine> routeProgress(const QList<RouteStore::VillageSummary> &villages, const SupervisorReport &today)
{
    QHash<QString, qint64> served;
    for (const auto &v : today.byVillage())
        served.insert(v.village, v.accountsServed);
    QList<ReportLine> lines;
    for (const auto &v : villages) {
        const qint64 done = served.value(v.village);
        ReportLine l = line(v.village,
                            Tr::tr("%1 of %2 accounts done today · %3 owe · total owed incl. penalty")
                                .arg(count(done), count(v.accounts), count(v.owing)),
                            v.owed.format());
        l.key = v.village;
        l.sharePermille = permille(done, v.accounts);
        lines << l;
    }
    return lines;
}

QList<ReportLine> villageAccounts(const QList<Account> &accounts, const QList<Money> &owed,
                                  const SupervisorReport &today)
{
    QList<ReportLine> lines;
    for (qsizetype i = 0; i < accounts.size(); ++i) {
        const Account &a = accounts.at(i);
        const Money due = i < owed.size() ? owed.at(i) : Money();
        const bool paid = today.accountsPaid().contains(a.number);
        const bool visited = today.accountsVisited().contains(a.number);
        QString state;
        if (paid)
            state = Tr::tr("paid today");
        else if (visited)
            state = Tr::tr("visited today");
        else if (due > Money())
            state = Tr::tr("total owed incl. penalty");
        else
            state = Tr::tr("nothing owed");
        ReportLine l = line(a.name + QStringLiteral(" · ") + a.number, a.address + QStringLiteral(" · ") + state,
                            due.format(), !paid && !visited && due > Money());
        l.sharePermille = paid || visited ? 1000 : 0;
        l.key = a.number;
        lines << l;
    }
    return lines;
}

} // namespace SupervisorLines
