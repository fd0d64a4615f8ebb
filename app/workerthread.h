#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <type_traits>
#include <utility>

/**
 * The one way the app's services (desk, route, sync) keep work off the GUI thread
 * (ARCHITECTURE.md rule 7): a named thread of their own and a queue of tasks. post() runs `work`
 * on the thread, in the order posted, then `done(result)` back on the owner's thread, unless
 * `receiver` is gone by then (a screen closed meanwhile hears nothing; the task is done either
 * way). `busy` holds while any task is queued or running.
 *
 * A task reads only what it captured: copies of the configuration and the arguments, and what
 * the thread owns. It never reads the owner's members, which the GUI thread may change meanwhile.
 */
class WorkerThread : public QObject
{
    Q_OBJECT

public:
    explicit WorkerThread(const QString &name, QObject *parent = nullptr);
    /// Queued tasks still run, then the thread ends. Tear down what the thread owns first, with
    /// runAndWait(), while the owner's members still exist.
    ~WorkerThread() override;

    [[nodiscard]] bool isBusy() const { return m_pending > 0; }
    /// The thread itself: objects that live on it (a network client) are moved here.
    [[nodiscard]] QThread *workerThread() { return &m_thread; }

    /// Runs `work()` on the thread; then `done(result)` (or `done()` for a void task) on the
    /// owner's thread if `receiver` still exists.
    template<typename Work, typename Done>
    void post(QObject *receiver, Work work, Done done);
    /// A task nobody waits for; still counted in `busy`.
    template<typename Work>
    void post(Work work)
    {
        post(this, std::move(work), [](auto &&...) {});
    }
    /// Runs `work()` on the thread and waits for it: only to set up or tear down what the thread
    /// owns (a SQLite connection belongs to the thread that opened it), never for a user's action.
    template<typename Work>
    void runAndWait(Work work)
    {
        QMetaObject::invokeMethod(m_context, std::move(work), Qt::BlockingQueuedConnection);
    }

signals:
    void busyChanged();

private:
    void begin();
    void finishOne();

    QThread m_thread;
    QObject *m_context = nullptr; ///< lives in m_thread: the tasks' target
    int m_pending = 0;
};

template<typename Work, typename Done>
void WorkerThread::post(QObject *receiver, Work work, Done done)
{
    begin();
    QMetaObject::invokeMethod(
        m_context,
        [this, receiver = QPointer<QObject>(receiver), work = std::move(work), done = std::move(done)]() mutable {
            if constexpr (std::is_void_v<std::invoke_result_t<Work &>>) {
                work();
                QMetaObject::invokeMethod(this, [this, receiver, done = std::move(done)]() mutable {
                    if (receiver)
                        done();
                    finishOne();
                });
            } else {
                auto result = work();
                QMetaObject::invokeMethod(
                    this, [this, receiver, result = std::move(result), done = std::move(done)]() mutable {
                        if (receiver)
                            done(std::move(result));
                        finishOne();
                    });
            }
        },
        Qt::QueuedConnection);
}
