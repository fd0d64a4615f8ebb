#include "workerthread.h"

WorkerThread::WorkerThread(const QString &name, QObject *parent)
    : QObject(parent)
    , m_context(new QObject)
{
    m_thread.setObjectName(name);
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

WorkerThread::~WorkerThread()
{
    // Quit as the last task, not at once: quit() alone would drop the tasks still queued (a print
    // to journal, a payment) on the floor.
    QMetaObject::invokeMethod(
        m_context, [thread = &m_thread] { thread->quit(); }, Qt::QueuedConnection);
    m_thread.wait();
}

void WorkerThread::begin()
{
    if (m_pending++ == 0)
        emit busyChanged();
}

void WorkerThread::finishOne()
{
    if (--m_pending == 0)
        emit busyChanged();
}
