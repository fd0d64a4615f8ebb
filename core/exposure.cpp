#include "exposure.h"

#include <QCborArray>
#include <QCoreApplication>
#include <QMap>
#include <QSet>

#include <algorithm>

#include "terminalfiles.h"

namespace {

__extension__ using Int128 = __int128;

constexpr qint64 MsPerHour = 3'600'000;
constexpr qint64 MsPerThousandthHour = MsPerHour / 1000; // 3.6 s: the finest step of max-hours-since-sync
constexpr qint64 MaxHours = ExposureLimits::MaxHoursSinceSync;
constexpr qint64 MaxEntries = 100'000'000;

const QLatin1String CashKey("max-cash-in-hand");
const QLatin1String HoursKey("max-hours-since-sync");
const QLatin1String EntriesKey("max-unsynced-entries");
const QLatin1String WarnKey("warn-at-percent");

Error policyError(const QString &key, const QString &why)
{
    return Error{QStringLiteral("exposure-policy.bad-value"),
                 QCoreApplication::translate("ExposurePolicy", "Exposure limit \"%1\": %2").arg(key, why)};
}

std::optional<qint64> parseCount(const QString &text, qint64 max)
{
    if (text.isEmpty() || text.size() > 10)
        return std::nullopt;
    qint64 n = 0;
    for (QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
        n = n * 10 + (c.unicode() - '0');
    }
    if (n > max || (text.size() > 1 && text.startsWith(QLatin1Char('0'))))
        return std::nullopt;
    return n;
}

// "24", "0.5", "0.002": whole hours as parseCount() reads them, then at most three decimals, as
// exact milliseconds (no floating point: "0.1" is 360000 ms, never 359999). No sign, no exponent,
// no leading dot or trailing dot, no spaces, ASCII digits only.
std::optional<qint64> parseHoursAsMs(const QString &text)
{
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    const QString fraction = dot < 0 ? QString() : text.mid(dot + 1);
    if (dot >= 0 && (fraction.isEmpty() || fraction.size() > 3))
        return std::nullopt;
    const auto hours = parseCount(dot < 0 ? text : text.left(dot), MaxHours);
    if (!hours)
        return std::nullopt;
    qint64 thousandths = 0;
    for (qsizetype i = 0; i < 3; ++i) {
        const QChar c = i < fraction.size() ? fraction.at(i) : QLatin1Char('0');
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
        thousandths = thousandths * 10 + (c.unicode() - '0');
    }
    const qint64 ms = *hours * MsPerHour + thousandths * MsPerThousandthHour;
    if (ms > MaxHours * MsPerHour)
        return std::nullopt;
    return ms;
}

ExposurePolicy::Level levelFor(Int128 value, Int128 max, int warnAtPercent, bool exceededAtMax)
{
    if (max <= 0)
        return ExposurePolicy::Level::Ok;
    if (exceededAtMax ? value >= max : value > max)
        return ExposurePolicy::Level::Exceeded;
    if (value * 100 >= max * warnAtPercent)
        return ExposurePolicy::Level::Warning;
    return ExposurePolicy::Level::Ok;
}

QString durationText(qint64 ms)
{
    // Hours and minutes; minutes alone under an hour (a limit of 0.5 h reads "30 min"); seconds to
    // the tenth under a minute (0.002 h is 7.2 s). Always rounded down, so a time still under its
    // limit never reads as the limit itself.
    ms = std::max<qint64>(0, ms);
    const qint64 minutes = ms / 60'000;
    if (ms >= MsPerHour)
        return QCoreApplication::translate("ExposurePolicy", "%1 h %2 min")
            .arg(minutes / 60)
            .arg(minutes % 60, 2, 10, QLatin1Char('0'));
    if (minutes > 0)
        return QCoreApplication::translate("ExposurePolicy", "%1 min").arg(minutes);
    return QCoreApplication::translate("ExposurePolicy", "%1 s")
        .arg(QStringLiteral("%1.%2").arg(ms / 1000).arg(ms % 1000 / 100));
}

} // namespace

QString ExposureRule::scopeKey(Scope scope)
{
    switch (scope) {
    case Scope::All:
        return QStringLiteral("all");
    case Scope::Route:
        return QStringLiteral("route");
    case Scope::Collector:
        return QStringLiteral("collector");
    }
    return {};
}

std::optional<ExposureRule::Scope> ExposureRule::scopeFromKey(const QString &key)
{
    for (const Scope s : {Scope::All, Scope::Route, Scope::Collector})
        if (key == scopeKey(s))
            return s;
    return std::nullopt;
}

Result<ExposureLimits> ExposureRule::resolve(const QList<ExposureRule> &rules, const QString &routeId,
                                             const QString &collectorId)
{
    QMap<QString, QString> values;
    for (const Scope scope : {Scope::All, Scope::Route, Scope::Collector}) {
        const QString id = scope == Scope::Route ? routeId : scope == Scope::Collector ? collectorId : QString();
        QSet<QString> seen; // one value per key and scope, or the rules contradict each other
        for (const ExposureRule &rule : rules) {
            if (rule.scope != scope || rule.scopeId != id)
                continue;
            if (seen.contains(rule.key))
                return Error{QStringLiteral("exposure-policy.duplicate-key"),
                             QCoreApplication::translate("ExposurePolicy", "Exposure limit \"%1\" is given twice")
                                 .arg(rule.key)};
            seen.insert(rule.key);
            values.insert(rule.key, rule.value);
        }
    }
    QList<QPair<QString, QString>> pairs;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        pairs.append({it.key(), it.value()});
    return ExposureLimits::fromKeyValues(pairs);
}

QCborArray ExposureRule::toCbor(const QList<ExposureRule> &rules)
{
    QCborArray a;
    for (const ExposureRule &r : rules)
        a.append(QCborArray{qint64(r.scope), r.scopeId, r.key, r.value});
    return a;
}

std::optional<QList<ExposureRule>> ExposureRule::fromCbor(const QCborArray &array)
{
    QList<ExposureRule> rules;
    for (const auto &x : array) {
        const QCborArray r = x.toArray();
        if (r.size() != 4 || !r[0].isInteger() || r[0].toInteger() < 0 || r[0].toInteger() > 2 || !r[1].isString() ||
            !r[2].isString() || !r[3].isString() || r[1].toString().size() > 64 || r[2].toString().size() > 64 ||
            r[3].toString().size() > 64)
            return std::nullopt;
        rules.append(ExposureRule{Scope(r[0].toInteger()), r[1].toString(), r[2].toString(), r[3].toString()});
    }
    return rules;
}

Status ExposureRule::save(const QString &path, const QList<ExposureRule> &rules)
{
    if (const auto problem = TerminalFiles::saveCborArray(path, toCbor(rules)))
        return Error{
            QStringLiteral("exposure-policy.save"),
            QCoreApplication::translate("ExposurePolicy", "The exposure limits could not be saved: %1").arg(*problem)};
    return success();
}

Result<QList<ExposureRule>> ExposureRule::load(const QString &path)
{
    const auto array = TerminalFiles::loadCborArray(path, 1 << 20);
    const auto rules = array ? fromCbor(*array) : std::nullopt;
    if (!rules)
        return Error{QStringLiteral("exposure-policy.unreadable"),
                     QCoreApplication::translate("ExposurePolicy", "The exposure limits kept on this terminal cannot "
                                                                   "be read; sync to get them again.")};
    return *rules;
}

QList<QPair<QString, QString>> ExposureLimits::toKeyValues() const
{
    // Thousandths of an hour, trailing zeros dropped: 1800000 ms is "0.5", 86400000 ms is "24".
    const qint64 thousandths = (std::max<qint64>(0, maxMsSinceSync) + MsPerThousandthHour - 1) / MsPerThousandthHour;
    QString hoursKeyValue = QString::number(thousandths / 1000);
    if (thousandths % 1000 != 0) {
        QString fraction = QStringLiteral("%1").arg(thousandths % 1000, 3, 10, QLatin1Char('0'));
        while (fraction.endsWith(QLatin1Char('0')))
            fraction.chop(1);
        hoursKeyValue += QLatin1Char('.') + fraction;
    }
    return {
        {CashKey, maxCashInHand.toPlainString()},
        {HoursKey, hoursKeyValue},
        {EntriesKey, QString::number(maxUnsyncedEntries)},
        {WarnKey, QString::number(warnAtPercent)},
    };
}

Result<ExposureLimits> ExposureLimits::fromKeyValues(const QList<QPair<QString, QString>> &pairs)
{
    ExposureLimits limits;
    QSet<QString> seen;
    for (const auto &[key, value] : pairs) {
        if (seen.contains(key))
            return Error{
                QStringLiteral("exposure-policy.duplicate-key"),
                QCoreApplication::translate("ExposurePolicy", "Exposure limit \"%1\" is given twice").arg(key)};
        seen.insert(key);
        if (key == CashKey) {
            const auto m = Money::parse(value);
            if (!m)
                return policyError(key, m.error().message);
            limits.maxCashInHand = *m;
        } else if (key == HoursKey) {
            const auto ms = parseHoursAsMs(value);
            if (!ms)
                return policyError(key, QCoreApplication::translate("ExposurePolicy",
                                                                    "not a number of hours from 0 to %1 with at most "
                                                                    "three decimals (0.5 is half an hour)")
                                            .arg(MaxHours));
            limits.maxMsSinceSync = *ms;
        } else if (key == EntriesKey) {
            const auto n = parseCount(value, MaxEntries);
            if (!n)
                return policyError(
                    key, QCoreApplication::translate("ExposurePolicy", "not a count from 0 to %1").arg(MaxEntries));
            limits.maxUnsyncedEntries = *n;
        } else if (key == WarnKey) {
            const auto n = parseCount(value, 100);
            if (!n || *n < 1)
                return policyError(key,
                                   QCoreApplication::translate("ExposurePolicy", "not a percentage from 1 to 100"));
            limits.warnAtPercent = int(*n);
        } else {
            return Error{QStringLiteral("exposure-policy.unknown-key"),
                         QCoreApplication::translate("ExposurePolicy", "Unknown exposure limit \"%1\"").arg(key)};
        }
    }
    return limits;
}

QString ExposurePolicy::Assessment::message() const
{
    QStringList lines;
    for (const Finding &f : findings)
        lines << f.message;
    return lines.join(QLatin1Char('\n'));
}

ExposurePolicy::Assessment ExposurePolicy::assess(const ExposureState &state, Money incomingCash) const
{
    Assessment a;
    const int warn = std::clamp(m_limits.warnAtPercent, 1, 100);
    const auto add = [&](Finding f) {
        if (f.level == Level::Ok)
            return;
        if (int(f.level) > int(a.level))
            a.level = f.level;
        a.findings.append(std::move(f));
    };

    {
        // With an incoming payment the question is "would it go over?"; without, "is there room left?".
        const bool incoming = incomingCash.isPositive();
        const Int128 projected = Int128(state.cashInHand.fen()) + incomingCash.fen();
        Finding f{Limit::CashInHand,
                  levelFor(projected, m_limits.maxCashInHand.fen(), warn, !incoming),
                  qint64(projected),
                  m_limits.maxCashInHand.fen(),
                  {}};
        const QString inHand = Money::fromFen(state.cashInHand.fen()).format();
        const QString limit = m_limits.maxCashInHand.format();
        if (f.level == Level::Exceeded && incoming)
            f.message = QCoreApplication::translate("ExposurePolicy",
                                                    "Cash in hand is %1; with this payment of %2 it would pass the "
                                                    "limit of %3. Hand over cash or sync before taking more cash.")
                            .arg(inHand, incomingCash.format(), limit);
        else if (f.level == Level::Exceeded)
            f.message = QCoreApplication::translate("ExposurePolicy",
                                                    "Cash in hand is %1, at or over the limit of %2. Hand over cash "
                                                    "or sync before taking more cash.")
                            .arg(inHand, limit);
        else
            f.message = QCoreApplication::translate("ExposurePolicy",
                                                    "Cash in hand is %1 of the %2 limit. Plan to hand over cash soon.")
                            .arg(incoming ? Money::fromFen(f.value).format() : inHand, limit);
        add(f);
    }
    {
        const qint64 maxMs = m_limits.maxMsSinceSync;
        Finding f{Limit::TimeSinceSync, levelFor(state.msSinceSync, maxMs, warn, true), state.msSinceSync, maxMs, {}};
        if (f.level == Level::Exceeded)
            f.message = QCoreApplication::translate("ExposurePolicy", "Last sync was %1 ago; the limit is %2. Sync "
                                                                      "before taking more cash.")
                            .arg(durationText(state.msSinceSync), durationText(maxMs));
        else
            f.message = QCoreApplication::translate("ExposurePolicy",
                                                    "Last sync was %1 ago, close to the limit of %2. Sync soon.")
                            .arg(durationText(state.msSinceSync), durationText(maxMs));
        add(f);
    }
    {
        Finding f{Limit::UnsyncedEntries,
                  levelFor(state.unsyncedEntries, m_limits.maxUnsyncedEntries, warn, true),
                  state.unsyncedEntries,
                  m_limits.maxUnsyncedEntries,
                  {}};
        if (f.level == Level::Exceeded)
            f.message = QCoreApplication::translate("ExposurePolicy",
                                                    "%1 journal entries are not yet with the billing center; the "
                                                    "limit is %2. Sync before taking more cash.")
                            .arg(state.unsyncedEntries)
                            .arg(m_limits.maxUnsyncedEntries);
        else
            f.message = QCoreApplication::translate("ExposurePolicy",
                                                    "%1 journal entries are not yet with the billing center, close "
                                                    "to the limit of %2. Sync soon.")
                            .arg(state.unsyncedEntries)
                            .arg(m_limits.maxUnsyncedEntries);
        add(f);
    }
    return a;
}

Status ExposurePolicy::checkCashPayment(const ExposureState &state, Money amount) const
{
    const Assessment a = assess(state, amount);
    if (a.level != Level::Exceeded)
        return success();
    QString code;
    QStringList words;
    for (const Finding &f : a.findings) {
        if (f.level != Level::Exceeded)
            continue;
        if (code.isEmpty()) {
            switch (f.limit) {
            case Limit::CashInHand:
                code = QStringLiteral("exposure.cash-in-hand");
                break;
            case Limit::TimeSinceSync:
                code = QStringLiteral("exposure.sync-overdue");
                break;
            case Limit::UnsyncedEntries:
                code = QStringLiteral("exposure.unsynced-entries");
                break;
            }
        }
        words << f.message;
    }
    return Error{code, words.join(QLatin1Char('\n'))};
}

std::optional<qint64> ExposurePolicy::msUntilNextChange(const ExposureState &state) const
{
    const qint64 maxMs = m_limits.maxMsSinceSync;
    if (maxMs <= 0)
        return std::nullopt;
    // The first millisecond levelFor() calls a warning: since * 100 >= maxMs * warn, rounded up.
    const qint64 warnAt = qint64((Int128(maxMs) * std::clamp(m_limits.warnAtPercent, 1, 100) + 99) / 100);
    const qint64 since = std::max<qint64>(0, state.msSinceSync);
    if (since < warnAt)
        return warnAt - since;
    if (since < maxMs)
        return maxMs - since;
    return std::nullopt;
}
