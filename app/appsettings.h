#pragma once

#include <QColor>
#include <QObject>
#include <QQmlEngine>
#include <QSettings>

/**
 * What the collector sets on the terminal and keeps across restarts: language, text size, the
 * high-contrast theme for sunlight, and the receipt printer. Kept in `settings.ini` in the data
 * folder (never the home folder: the terminal is the app's). One instance, made by AppShell and
 * handed to QML as the singleton `AppSettings`; the colours and sizes the pages use follow it.
 */
class AppSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(QString languageInUse READ languageInUse NOTIFY languageInUseChanged)
    Q_PROPERTY(QStringList languages READ languages CONSTANT)
    Q_PROPERTY(QStringList languageNames READ languageNames CONSTANT)
    Q_PROPERTY(int textScalePercent READ textScalePercent WRITE setTextScalePercent NOTIFY appearanceChanged)
    Q_PROPERTY(QList<int> textScales READ textScales CONSTANT)
    Q_PROPERTY(bool highContrast READ highContrast WRITE setHighContrast NOTIFY appearanceChanged)
    Q_PROPERTY(int baseText READ baseText NOTIFY appearanceChanged)
    Q_PROPERTY(int smallText READ smallText NOTIFY appearanceChanged)
    Q_PROPERTY(int largeText READ largeText NOTIFY appearanceChanged)
    Q_PROPERTY(QColor warning READ warning NOTIFY appearanceChanged)
    Q_PROPERTY(QColor good READ good NOTIFY appearanceChanged)
    Q_PROPERTY(QColor accent READ accent NOTIFY appearanceChanged)
    Q_PROPERTY(QColor caution READ caution NOTIFY appearanceChanged)
    Q_PROPERTY(QColor ink READ ink NOTIFY appearanceChanged)
    Q_PROPERTY(QColor paper READ paper NOTIFY appearanceChanged)
    Q_PROPERTY(QColor hint READ hint NOTIFY appearanceChanged)

public:
    explicit AppSettings(const QString &path, QObject *parent = nullptr);

    /// The instance QML sees (set by AppShell before the window loads).
    static AppSettings *create(QQmlEngine *, QJSEngine *);
    static void setInstance(AppSettings *settings);

    [[nodiscard]] QString language() const; ///< "zh_CN", "en"; empty: the system's
    /// Only a language in languages() (or empty); anything else is ignored.
    void setLanguage(const QString &language);
    /// The one of languages() the screens show now: the setting, or --lang, or the system's
    /// language when it is one of ours (English otherwise). Set by AppShell as it loads it.
    [[nodiscard]] QString languageInUse() const { return m_languageInUse; }
    void setLanguageInUse(const QString &language);
    [[nodiscard]] static QStringList languages();
    [[nodiscard]] static QStringList languageNames(); ///< each in its own language
    [[nodiscard]] int textScalePercent() const;
    /// One of textScales(); anything else is ignored.
    void setTextScalePercent(int percent);
    [[nodiscard]] static QList<int> textScales();
    [[nodiscard]] bool highContrast() const;
    void setHighContrast(bool on);

    [[nodiscard]] int baseText() const;
    [[nodiscard]] int smallText() const;
    [[nodiscard]] int largeText() const;
    [[nodiscard]] QColor warning() const;
    [[nodiscard]] QColor good() const;
    [[nodiscard]] QColor accent() const;
    [[nodiscard]] QColor caution() const; ///< a note to heed that is not an error (stale data, retrying)
    [[nodiscard]] QColor ink() const;     ///< text, and icons on the bars
    [[nodiscard]] QColor paper() const;   ///< what pages and bars are painted on
    [[nodiscard]] QColor hint() const;    ///< a field's placeholder: lighter than ink, still legible

    /// The printer as `kind:address` and the paper width, as --printer and --paper take them.
    [[nodiscard]] QString printer() const;
    /// The printer's model (PrinterProfile id); a known one always, generic 58 mm by default.
    [[nodiscard]] QString printerProfile() const;
    void setPrinter(const QString &kindAndAddress, const QString &profileId);

signals:
    void languageChanged();
    void languageInUseChanged();
    void appearanceChanged();

private:
    [[nodiscard]] int scaled(int pixels) const;
    mutable QSettings m_settings;
    QString m_languageInUse = QStringLiteral("en");
};
