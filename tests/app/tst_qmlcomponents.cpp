// Qt Quick Test for the app's QML components (tests/app/qml/tst_*.qml), each on its own in an
// offscreen window: the reusable report list and the settings page. The AppSettings singleton
// they bind to writes to a temporary folder, never the user's settings.
#include <QQmlEngine>
#include <QTemporaryDir>
#include <QtQuickTest>

#include <memory>

#include "appsettings.h"

class QmlComponentsSetup : public QObject
{
    Q_OBJECT

public slots:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // Qt 6.4 puts the Doorstep module under qrc:/Doorstep/.
        engine->addImportPath(QStringLiteral("qrc:/"));
        if (m_settings)
            return; // one settings file for every test file's engine
        if (!m_dir.isValid())
            qFatal("no temporary folder for the test's settings");
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
        AppSettings::setInstance(m_settings.get());
    }

    void cleanupTestCase() { AppSettings::setInstance(nullptr); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
};

QUICK_TEST_MAIN_WITH_SETUP(qmlcomponents, QmlComponentsSetup)

#include "tst_qmlcomponents.moc"
