#include "deskcontroller.h"

#include "deskworker.h"

void DeskController::setDesk(DeskService *desk)
{
    if (m_desk == desk)
        return;
    m_desk = desk;
    emit deskChanged();
}

bool DeskController::begin()
{
    clearError();
    if (m_desk)
        return true;
    refuse(DeskWork::notReady());
    return false;
}

void DeskController::refuse(const Error &error)
{
    m_error = error.message;
    emit errorChanged();
    emit refused(error.code, error.message);
}

void DeskController::clearError()
{
    if (m_error.isEmpty())
        return;
    m_error.clear();
    emit errorChanged();
}
