// The handheld app on a 1,000,000-account route (issue #6):
//   startup_1m_s           cold start of the `doorstep` process to its first interactive screen
//                          (route open, journal verified, login screen loaded), median of 5;
//   lookup_keypress_p99_ms keypress in the real window's lookup field to the result list updated
//                          and drawn, over typed account numbers, digit by digit;
//   day_peak_rss_mb        peak resident memory of the app (this process: the same AppShell main()
//                          builds) through a day's flow: lookups, quotes, payments, visits, a void,
//                          receipts printed on a virtual printer, the close.
// The route is built by a child `doorstep --import` first, so its import does not count here.
// Usage: bench_app [accounts (default 1000000)] [keystroke accounts (default 40)]
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QProcess>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <random>
#include <sys/resource.h>
#include <vector>

#include "appshell.h"
#include "demoworklist.h"
#include "deskservice.h"
#include "paymentcontroller.h"
#include "printerservice.h"
#include "receiptscontroller.h"
#include "routeservice.h"
#include "shiftcontroller.h"
#include "virtualprinter.h"

namespace {

void bench(const char *name, double value, const char *unit)
{
    std::printf("BENCH %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

QQuickItem *findItem(QQuickItem *root, const QString &name)
{
    if (!root)
        return nullptr;
    if (root->objectName() == name && root->isVisible())
        return root;
    const auto children = root->childItems();
    for (QQuickItem *child : children) {
        if (QQuickItem *found = findItem(child, name))
            return found;
    }
    return nullptr;
}

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 60000)
{
    QElapsedTimer t;
    t.start();
    while (!condition()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QTest::qWait(2);
    }
    return true;
}

QProcessEnvironment offscreen()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return env;
}

/// Runs the real app binary with --self-test; the wall time until it reported its first screen.
double runApp(const QStringList &args, QString *output)
{
    QProcess p;
    p.setProcessEnvironment(offscreen());
    p.setProcessChannelMode(QProcess::MergedChannels);
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral(DOORSTEP_APP_BINARY), args + QStringList{QStringLiteral("--self-test")});
    if (!p.waitForFinished(600'000))
        return -1;
    const double s = double(t.nsecsElapsed()) / 1e9;
    *output = QString::fromUtf8(p.readAll());
    return p.exitCode() == 0 ? s : -1;
}

long peakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const qint64 accounts = argc > 1 ? QByteArray(argv[1]).toLongLong() : 1'000'000;
    const int typedAccounts = argc > 2 ? QByteArray(argv[2]).toInt() : 40;
    if (accounts < 100 || accounts > DemoWorklist::MaxAccounts || typedAccounts < 1)
        return 64;

    QTemporaryDir dir(QDir::currentPath() + QStringLiteral("/bench-app-XXXXXX"));
    const QString data = dir.filePath(QStringLiteral("data"));
    const QString worklist = dir.filePath(QStringLiteral("route.worklist"));
    {
        QSaveFile out(worklist);
        DemoWorklist::Options o;
        o.accounts = accounts;
        o.date = QDate(2026, 11, 1);
        if (!out.open(QIODevice::WriteOnly) || !DemoWorklist(o).write(out) || !out.commit())
            return 1;
    }
    // First run: imports the route and creates key, roster and journal (not timed).
    QString output;
    QElapsedTimer t;
    t.start();
    if (runApp({QStringLiteral("--data-dir"), data, QStringLiteral("--demo"), QStringLiteral("--import"), worklist},
               &output) < 0) {
        std::fprintf(stderr, "first run failed: %s\n", qPrintable(output));
        return 2;
    }
    QFile::remove(worklist);
    std::fprintf(stderr, "route of %lld accounts imported by the app in %.1f s\n", static_cast<long long>(accounts),
                 double(t.elapsed()) / 1000.0);

    std::vector<double> starts;
    for (int run = 0; run < 5; ++run) {
        const double s = runApp({QStringLiteral("--data-dir"), data, QStringLiteral("--demo")}, &output);
        if (s < 0 || !output.contains(QStringLiteral("self-test: ok"))) {
            std::fprintf(stderr, "start failed: %s\n", qPrintable(output));
            return 3;
        }
        starts.push_back(s);
    }
    std::fprintf(stderr, "%s", qPrintable(output));

    // ---- In this process: the app's window on the same data, a collector at work.
    VirtualPrinter printer{VirtualPrinter::Link::Tcp};
    if (!printer.start())
        return 4;
    AppShell::Options options;
    options.dataDir = data;
    options.demo = true;
    options.language = QStringLiteral("zh_CN");
    options.printer = QStringLiteral("tcp:127.0.0.1:%1").arg(printer.port());
    AppShell shell(options);
    if (!shell.start().ok())
        return 5;
    QQuickWindow *window = shell.window();
    window->resize(360, 640);
    window->show();
    DeskService &desk = shell.desk();
    if (!waitFor([&] { return desk.isReady(); }))
        return 6;
    desk.login(QStringLiteral("C01"), QStringLiteral("1234"));
    if (!waitFor([&] { return !desk.isBusy() && !desk.collectorId().isEmpty(); }))
        return 7;
    ShiftController shift;
    shift.setDesk(&desk);
    PaymentController payment;
    payment.setDesk(&desk);
    ReceiptsController receipts;
    receipts.setDesk(&desk);
    shift.openShift(QStringLiteral("500"));
    if (!waitFor([&] { return desk.isShiftOpen() && findItem(window->contentItem(), QStringLiteral("lookupField")); }))
        return 8;
    QQuickItem *field = findItem(window->contentItem(), QStringLiteral("lookupField"));
    // The search results (with the field empty the list shows the recent accounts instead).
    auto *model = window->findChild<QAbstractItemModel *>(QStringLiteral("lookupResults"));
    if (!field || !model)
        return 9;
    field->forceActiveFocus();

    // Keypress → the list's model updated → the next frame drawn.
    int updates = 0;
    QObject::connect(model, &QAbstractItemModel::modelReset, [&updates] { ++updates; });
    QObject::connect(model, &QAbstractItemModel::rowsInserted, [&updates] { ++updates; });
    QObject::connect(model, &QAbstractItemModel::rowsRemoved, [&updates] { ++updates; });
    int frames = 0;
    QObject::connect(window, &QQuickWindow::frameSwapped, [&frames] { ++frames; });
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<qint64> serial(1, accounts);
    std::vector<double> keys;
    QStringList found; // numbers that exist, for the day's payments
    for (int a = 0; a < typedAccounts; ++a) {
        const QString number = QStringLiteral("33%1").arg(serial(rng), 8, 10, QLatin1Char('0'));
        field->setProperty("text", QString());
        QTest::qWait(5);
        for (const QChar c : number) {
            const int before = updates;
            QElapsedTimer k;
            k.start();
            QTest::keyClick(window, c.toLatin1());
            if (!waitFor([&] { return updates > before; }, 10000))
                break; // the same result as the last keystroke: no update to wait for
            const int framesBefore = frames;
            window->update();
            waitFor([&] { return frames > framesBefore; }, 1000);
            keys.push_back(double(k.nsecsElapsed()) / 1e6);
        }
        if (model->rowCount() > 0)
            found << model->data(model->index(0, 0), Qt::UserRole + 1).toString();
    }
    if (keys.size() < size_t(typedAccounts) * 5)
        return 10;
    std::fprintf(stderr, "%zu keystrokes timed over %d typed numbers\n", keys.size(), typedAccounts);

    // ---- The rest of the day: quotes, payments, receipts, visits, a void, the close.
    QSignalSpy paid(&payment, &PaymentController::paid);
    QSignalSpy refused(&payment, &PaymentController::refused);
    QSignalSpy quoted(&desk, &DeskService::quoted);
    int payments = 0;
    for (int i = 0; i < found.size(); ++i) {
        desk.quote(found.at(i));
        if (!waitFor([&] { return !desk.isBusy(); }))
            return 11;
        if (i % 4 == 3) {
            payment.recordVisit(found.at(i), 1, QString(), QString());
        } else {
            payment.takePayment(found.at(i), QStringLiteral("35.50"), 1, QStringLiteral("50"), QString());
            ++payments;
        }
        if (!waitFor([&] { return !desk.isBusy(); }))
            return 12;
    }
    if (paid.count() != payments || paid.isEmpty())
        return 13;
    if (!waitFor([&] {
            return shell.printer().jobs()->rowCount() == payments &&
                   shell.printer().lastJobState() == QLatin1String("printed");
        }))
        return 14;
    receipts.voidPayment(paid.first().at(3).toLongLong(), QStringLiteral("bench"), QStringLiteral("S01"),
                         QStringLiteral("9999"));
    shift.countCash({{QStringLiteral("10000"), QStringLiteral("3")}});
    shift.closeShift({{QStringLiteral("10000"), QStringLiteral("3")}}, QStringLiteral("S01"), QStringLiteral("9999"));
    if (!waitFor([&] { return !desk.isBusy() && !desk.isShiftOpen(); }))
        return 15;
    const double peakMb = double(peakRssKb()) / 1024.0;

    std::sort(starts.begin(), starts.end());
    bench("startup_1m_s", starts[starts.size() / 2], "s");
    bench("lookup_keypress_p50_ms", percentile(keys, 0.50), "ms");
    bench("lookup_keypress_p99_ms", percentile(keys, 0.99), "ms");
    bench("day_peak_rss_mb", peakMb, "MB");
    std::fprintf(stderr, "targets: start ≤ 1.0 s, keypress p99 ≤ 50 ms, peak ≤ 150 MB (release build, %lld accounts)\n",
                 static_cast<long long>(accounts));
    return 0;
}
