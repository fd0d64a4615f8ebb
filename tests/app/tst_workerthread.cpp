#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

#include "workerthread.h"

/** The services' one worker idiom: where each half of a task runs, in what order, and who hears. */
class TestWorkerThread : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workRunsOnTheThreadAndDoneOnTheOwners()
    {
        WorkerThread worker(QStringLiteral("test-worker"));
        QThread *workThread = nullptr;
        QThread *doneThread = nullptr;
        int answer = 0;
        worker.post(
            this,
            [&workThread] {
                workThread = QThread::currentThread();
                return 42;
            },
            [&](int result) {
                doneThread = QThread::currentThread();
                answer = result;
            });
        QTRY_COMPARE(answer, 42);
        QCOMPARE(workThread, worker.workerThread());
        QCOMPARE(workThread->objectName(), QStringLiteral("test-worker"));
        QVERIFY(workThread != QThread::currentThread());
        QCOMPARE(doneThread, QThread::currentThread());
    }

    void tasksRunInTheOrderPostedAndBusyHoldsUntilTheLastIsDone()
    {
        WorkerThread worker(QStringLiteral("order"));
        QSignalSpy busy(&worker, &WorkerThread::busyChanged);
        QList<int> ran;   // written on the worker thread only
        QList<int> heard; // GUI thread
        std::atomic<bool> release{false};
        worker.post([&release] {
            while (!release)
                QThread::msleep(1); // holds the queue while the next tasks are posted
        });
        for (int i = 1; i <= 5; ++i)
            worker.post(
                this,
                [&ran, i] {
                    ran.append(i);
                    return i;
                },
                [&heard](int result) { heard.append(result); });
        QVERIFY(worker.isBusy());
        QCOMPARE(busy.size(), 1); // once on the way in, not per task
        release = true;
        QTRY_VERIFY(!worker.isBusy());
        QCOMPARE(busy.size(), 2);
        QCOMPARE(heard, (QList<int>{1, 2, 3, 4, 5}));
        QCOMPARE(ran, heard);
    }

    void aReceiverGoneHearsNothingButTheTaskIsDone()
    {
        WorkerThread worker(QStringLiteral("gone"));
        auto screen = std::make_unique<QObject>();
        std::atomic<bool> release{false};
        std::atomic<bool> workDone{false};
        bool heard = false;
        worker.post(
            screen.get(),
            [&] {
                while (!release)
                    QThread::msleep(1);
                workDone = true;
            },
            [&heard] { heard = true; });
        screen.reset(); // the screen closed while its task ran
        release = true;
        QTRY_VERIFY(!worker.isBusy());
        QVERIFY(workDone);
        QVERIFY(!heard);
    }

    void runAndWaitReturnsAfterTheWorkAndQueuedTasksRunFirst()
    {
        WorkerThread worker(QStringLiteral("wait"));
        QList<int> ran;
        worker.post([&ran] { ran.append(1); });
        worker.runAndWait([&ran] { ran.append(2); });
        QCOMPARE(ran, (QList<int>{1, 2})); // no event loop ran: runAndWait itself waited
    }

    void destroyingTheOwnerWithTasksQueuedNeitherHangsNorCalls()
    {
        bool heard = false;
        std::atomic<int> ran{0};
        {
            WorkerThread worker(QStringLiteral("teardown"));
            for (int i = 0; i < 100; ++i)
                worker.post(
                    this, [&ran] { ++ran; }, [&heard] { heard = true; });
        }
        QCOMPARE(ran.load(), 100); // queued tasks still ran before the thread ended
        QCoreApplication::processEvents();
        QVERIFY(!heard); // their answers went with the owner
    }
};

QTEST_GUILESS_MAIN(TestWorkerThread)
#include "tst_workerthread.moc"
