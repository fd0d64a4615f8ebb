// The web desk's logins and sessions (DeskSessions), on SQLite and PostgreSQL: the lockout that
// grows with failures and refuses even the right password while it lasts, sessions that end when
// idle, at their lifetime, at logout or when the user is disabled, the CSRF check, tokens stored
// only as hashes, and every login, failure, lockout and logout in the desk's audit log.

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "centerdatabase.h"
#include "desksessions.h"
#include "deskusers.h"
#include "pgtestserver.h"
#include "synctestkit.h"

using namespace SyncTestKit;

namespace {

const QString Password = QStringLiteral("correct horse battery");
constexpr qint64 T0 = 1'790'000'000'000; // 2026-09-21

} // namespace

class TestDeskSessions : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_work;
    Center m_center;

    qint64 scalar(const QString &sql, std::initializer_list<QVariant> bindings = {}) const
    {
        return m_center.db->scalar(sql, bindings).value().toLongLong();
    }

    QStringList audit() const
    {
        QStringList out;
        auto q = m_center.db->exec(QStringLiteral("SELECT user_name, action FROM desk_audit ORDER BY id"));
        for (QSqlQuery r = std::move(q).value(); r.next();)
            out.append(r.value(0).toString() + QLatin1Char(' ') + r.value(1).toString());
        return out;
    }

private slots:
    void initTestCase_data() { CenterTestDb::addBackendRows(); }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        m_work = std::make_unique<QTemporaryDir>();
        auto url = CenterTestDb::freshUrl(backend, m_work->path(), QStringLiteral("desk"));
        QVERIFY(url.ok());
        auto center = openCenter(url.value());
        QVERIFY(center.ok());
        m_center = std::move(center).value();
        const DeskUsers users(*m_center.db);
        QVERIFY(
            users.add(QStringLiteral("li"), DeskUser::Role::Supervisor, QStringLiteral("B1"), Password, T0, 1000).ok());
    }

    void cleanup()
    {
        m_center = Center{};
        m_work.reset();
    }

    void lockoutGrowsAndHoldsEvenTheRightPassword()
    {
        const DeskSessions desk(*m_center.db);
        QCOMPARE(desk.lockFor(3), 0);
        QCOMPARE(desk.lockFor(4), 30'000);
        QCOMPARE(desk.lockFor(5), 60'000);
        QCOMPARE(desk.lockFor(8), 480'000);
        QCOMPARE(desk.lockFor(9), 900'000); // capped at 15 minutes
        QCOMPARE(desk.lockFor(60), 900'000);

        qint64 now = T0;
        const auto code = [&](const QString &password) {
            auto r = desk.login(QStringLiteral("li"), password, QStringLiteral("10.0.0.9"), now);
            return r.ok() ? QStringLiteral("ok") : r.error().code;
        };
        for (int i = 0; i < 3; ++i)
            QCOMPARE(code(QStringLiteral("wrong password!!")), QStringLiteral("desk.login-failed"));
        QCOMPARE(code(Password), QStringLiteral("ok")); // three failures are free; success clears them
        QCOMPARE(scalar(QStringLiteral("SELECT failed_logins FROM desk_users WHERE name = 'li'")), 0);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(code(QStringLiteral("wrong password!!")), QStringLiteral("desk.login-failed"));
        // The fourth failure locked the name for 30 s: the right password is refused meanwhile.
        QCOMPARE(code(Password), QStringLiteral("desk.locked"));
        now += 29'999;
        QCOMPARE(code(Password), QStringLiteral("desk.locked"));
        now += 1;
        QCOMPARE(code(QStringLiteral("wrong password!!")), QStringLiteral("desk.login-failed")); // fifth: 60 s
        now += 59'999;
        QCOMPARE(code(Password), QStringLiteral("desk.locked"));
        now += 1;
        QCOMPARE(code(Password), QStringLiteral("ok"));
        // An unknown name is answered like a wrong password, and locks nothing.
        auto unknown = desk.login(QStringLiteral("nobody"), Password, QString(), now);
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, QStringLiteral("desk.login-failed"));
        QCOMPARE(unknown.error().message, QStringLiteral("Wrong name or password."));
        const QStringList log = audit();
        QCOMPARE(log.count(QStringLiteral("li login")), 2);
        QCOMPARE(log.count(QStringLiteral("li login-failed")), 8);
        QCOMPARE(log.count(QStringLiteral("li login-locked")), 3);
    }

    void sessionsEndIdleAtLifetimeLogoutAndDisable()
    {
        DeskSessions::Options options;
        options.idleMs = 60'000;
        options.lifetimeMs = 300'000;
        const DeskSessions desk(*m_center.db, options);
        auto session = desk.login(QStringLiteral("li"), Password, QString(), T0);
        QVERIFY(session.ok());
        const QString token = session.value().token;
        QCOMPARE(token.size(), 43);
        QVERIFY(session.value().csrf != token);
        // The database holds the token's hash, never the token.
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM desk_sessions")), 1);
        auto stored = m_center.db->scalar(QStringLiteral("SELECT token_hash FROM desk_sessions"));
        QVERIFY(!stored.value().toByteArray().contains(token.toLatin1()));

        const auto resumed = [&](const QString &t, qint64 at) {
            auto r = desk.resume(t, at);
            return r.ok() ? r.value().user.name : r.error().code;
        };
        QCOMPARE(resumed(token, T0 + 59'000), QStringLiteral("li"));
        QCOMPARE(resumed(token, T0 + 118'000), QStringLiteral("li")); // each request restarts the idle clock
        QCOMPARE(resumed(token, T0 + 178'001), QStringLiteral("desk.session-ended"));
        auto again = desk.login(QStringLiteral("li"), Password, QString(), T0);
        QVERIFY(again.ok());
        for (qint64 at = T0 + 50'000; at <= T0 + 300'000; at += 50'000)
            QCOMPARE(resumed(again.value().token, at), QStringLiteral("li"));
        QCOMPARE(resumed(again.value().token, T0 + 300'001), QStringLiteral("desk.session-ended")); // lifetime

        auto third = desk.login(QStringLiteral("li"), Password, QString(), T0 + 400'000);
        QVERIFY(third.ok());
        QCOMPARE(third.value().user.role, DeskUser::Role::Supervisor);
        QCOMPARE(third.value().user.branch, QStringLiteral("B1"));
        QVERIFY(desk.logout(third.value().token, T0 + 401'000).ok());
        QCOMPARE(resumed(third.value().token, T0 + 402'000), QStringLiteral("desk.session-ended"));
        QVERIFY(desk.logout(third.value().token, T0 + 403'000).ok()); // twice: nothing more happens

        auto fourth = desk.login(QStringLiteral("li"), Password, QString(), T0 + 500'000);
        QVERIFY(fourth.ok());
        QVERIFY(DeskUsers(*m_center.db).disable(QStringLiteral("li"), T0 + 501'000).ok());
        QCOMPARE(resumed(fourth.value().token, T0 + 502'000), QStringLiteral("desk.session-ended"));
        auto disabled = desk.login(QStringLiteral("li"), Password, QString(), T0 + 503'000);
        QVERIFY(!disabled.ok());
        QCOMPARE(disabled.error().code, QStringLiteral("desk.login-failed"));
        QCOMPARE(audit().count(QStringLiteral("li logout")), 1);
    }

    void hostileTokensAndForgedCsrf()
    {
        const DeskSessions desk(*m_center.db);
        auto session = desk.login(QStringLiteral("li"), Password, QString(), T0);
        QVERIFY(session.ok());
        const QString token = session.value().token;
        for (const QString &bad : QStringList{
                 QString(), token.left(42), token + QLatin1Char('A'), QString(43, QLatin1Char('A')),
                 QString(token).replace(0, 1, QStringLiteral("'")), QString(token).replace(0, 1, QStringLiteral("é")),
                 QStringLiteral("' OR 1=1 --") + QString(32, QLatin1Char('x')), QString(10'000, QLatin1Char('a'))}) {
            auto r = desk.resume(bad, T0 + 1000);
            QVERIFY2(!r.ok(), qPrintable(bad.left(60)));
            QCOMPARE(r.error().code, QStringLiteral("desk.no-session"));
            QVERIFY(desk.logout(bad, T0 + 1000).ok());
        }
        QVERIFY(desk.resume(token, T0 + 1000).ok()); // none of them ended the real session
        QVERIFY(DeskSessions::checkCsrf(session.value(), session.value().csrf).ok());
        for (const QString &forged :
             QStringList{QString(), session.value().csrf.left(42), session.value().csrf + QLatin1Char('x'), token,
                         QString(10'000, QLatin1Char('a'))}) {
            const Status s = DeskSessions::checkCsrf(session.value(), forged);
            QVERIFY(!s.ok());
            QCOMPARE(s.error().code, QStringLiteral("desk.csrf"));
        }
        // A 10 KB password or name is a failure like any other, not a crash or an error of the store.
        auto huge = desk.login(QString(10'000, QLatin1Char('n')), QString(10'000, QLatin1Char('p')), QString(), T0);
        QVERIFY(!huge.ok());
        QCOMPARE(huge.error().code, QStringLiteral("desk.login-failed"));
    }
};

QTEST_GUILESS_MAIN(TestDeskSessions)
#include "tst_desksessions.moc"
