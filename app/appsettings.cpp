#include "appsettings.h"

#include "printerprofile.h"

namespace {

AppSettings *s_instance = nullptr;

constexpr QLatin1String LanguageKey("ui/language");
constexpr QLatin1String TextScaleKey("ui/textScalePercent");
constexpr QLatin1String HighContrastKey("ui/highContrast");
constexpr QLatin1String PrinterKey("printer/address");
constexpr QLatin1String PaperKey("printer/paperWidthMm"); // before printer models: 58 or 80 only
constexpr QLatin1String ProfileKey("printer/profile");

} // namespace

AppSettings::AppSettings(const QString &path, QObject *parent)
    : QObject(parent)
    , m_settings(path, QSettings::IniFormat)
{
}

AppSettings *AppSettings::create(QQmlEngine *, QJSEngine *)
{
    Q_ASSERT(s_instance);
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

void AppSettings::setInstance(AppSettings *settings)
{
    s_instance = settings;
}

QString AppSettings::language() const
{
    const QString value = m_settings.value(LanguageKey).toString();
    return languages().contains(value) ? value : QString();
}

void AppSettings::setLanguage(const QString &language)
{
    if ((!language.isEmpty() && !languages().contains(language)) || language == this->language())
        return;
    m_settings.setValue(LanguageKey, language);
    m_settings.sync();
    emit languageChanged();
}

void AppSettings::setLanguageInUse(const QString &language)
{
    if (!languages().contains(language) || language == m_languageInUse)
        return;
    m_languageInUse = language;
    emit languageInUseChanged();
}

QStringList AppSettings::languages()
{
    return {QStringLiteral("zh_CN"), QStringLiteral("en")};
}

QStringList AppSettings::languageNames()
{
    return {QStringLiteral("中文（简体）"), QStringLiteral("English")};
}

int AppSettings::textScalePercent() const
{
    const int value = m_settings.value(TextScaleKey, 100).toInt();
    return textScales().contains(value) ? value : 100;
}

void AppSettings::setTextScalePercent(int percent)
{
    if (!textScales().contains(percent) || percent == textScalePercent())
        return;
    m_settings.setValue(TextScaleKey, percent);
    m_settings.sync();
    emit appearanceChanged();
}

QList<int> AppSettings::textScales()
{
    return {100, 125, 150};
}

bool AppSettings::highContrast() const
{
    return m_settings.value(HighContrastKey, false).toBool();
}

void AppSettings::setHighContrast(bool on)
{
    if (on == highContrast())
        return;
    m_settings.setValue(HighContrastKey, on);
    m_settings.sync();
    emit appearanceChanged();
}

int AppSettings::scaled(int pixels) const
{
    return pixels * textScalePercent() / 100;
}

int AppSettings::baseText() const
{
    return scaled(18);
}

int AppSettings::smallText() const
{
    return scaled(15);
}

int AppSettings::largeText() const
{
    return scaled(24);
}

// In sunlight: pure, saturated colours on white; otherwise the softer defaults.
QColor AppSettings::warning() const
{
    return highContrast() ? QColor(0xc0, 0, 0) : QColor(0xb0, 0, 0x20);
}

QColor AppSettings::good() const
{
    return highContrast() ? QColor(0, 0x60, 0) : QColor(0x1b, 0x5e, 0x20);
}

QColor AppSettings::accent() const
{
    return highContrast() ? QColor(0, 0, 0) : QColor(0x15, 0x65, 0xc0);
}

QColor AppSettings::caution() const
{
    return highContrast() ? QColor(0x6b, 0x3a, 0) : QColor(0x8a, 0x53, 0);
}

QColor AppSettings::ink() const
{
    return highContrast() ? QColor(0, 0, 0) : QColor(0x1c, 0x1c, 0x1c);
}

QColor AppSettings::paper() const
{
    return highContrast() ? QColor(0xff, 0xff, 0xff) : QColor(0xef, 0xef, 0xef);
}

QColor AppSettings::hint() const
{
    return highContrast() ? QColor(0x30, 0x30, 0x30) : QColor(0x5f, 0x5f, 0x5f);
}

QString AppSettings::printer() const
{
    return m_settings.value(PrinterKey).toString();
}

QString AppSettings::printerProfile() const
{
    QString id = m_settings.value(ProfileKey).toString();
    if (PrinterProfile::byId(id).ok())
        return id;
    // A terminal set up before printer models chose a paper width: its generic printer.
    return m_settings.value(PaperKey, 58).toInt() == 80 ? PrinterProfile::generic80().id
                                                        : PrinterProfile::generic58().id;
}

void AppSettings::setPrinter(const QString &kindAndAddress, const QString &profileId)
{
    m_settings.setValue(PrinterKey, kindAndAddress);
    m_settings.setValue(ProfileKey, profileId);
    m_settings.remove(PaperKey);
    m_settings.sync();
}
