#include "demoworklist.h"

#include <array>
#include <string_view>

#include "worklist.h"

namespace {

using namespace std::string_view_literals;

/// splitmix64: tiny, fast and the same on every platform, unlike std:: distributions.
class Rng
{
public:
    explicit Rng(quint64 seed)
        : m_state(seed)
    {
    }

    quint64 next()
    {
        quint64 z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n); n > 0. The modulo bias is below 2^-40 for the sizes used here.
    qint64 below(qint64 n) { return qint64(next() % quint64(n)); }
    qint64 between(qint64 lo, qint64 hi) { return lo + below(hi - lo + 1); } ///< inclusive
    bool percent(int p) { return below(100) < p; }
    bool permille(int p) { return below(1000) < p; }

    template<typename List>
    auto pick(const List &list) -> decltype(list[0])
    {
        return list[size_t(below(qint64(std::size(list))))];
    }

private:
    quint64 m_state;
};

QStringView sv(std::u16string_view s)
{
    return {s.data(), qsizetype(s.size())};
}

// The hundred commonest surnames cover most of rural China.
constexpr std::u16string_view Surnames =
    u"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    u"姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
constexpr std::u16string_view GivenChars =
    u"伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文红玉梅凤云飞鹏志新春海波林辉德成福贵生金荣"
    u"永祥学富宝兴家庆淑珍秋菊翠花小丹雪燕琴晓宇浩然子涵梓轩欣怡佳怡雨萱婷博文俊杰";
// In GBK but not in GB2312: names printers with GB2312-only fonts cannot print (ARCHITECTURE.md).
constexpr std::u16string_view GbkOnlyChars = u"喆堃玥祎珺昇淏燊瑄";

constexpr std::array Townships = {u"城关镇"sv, u"石桥镇"sv, u"河口镇"sv, u"青山乡"sv, u"柳林镇"sv, u"白沙镇"sv,
                                  u"新安镇"sv, u"双河乡"sv, u"龙泉镇"sv, u"桃园镇"sv, u"三岔乡"sv, u"黄土坡乡"sv,
                                  u"马坊镇"sv, u"清水镇"sv, u"高桥乡"sv, u"古城镇"sv};
constexpr std::array VillagePrefixes = {u""sv,   u"东"sv, u"西"sv, u"南"sv, u"北"sv, u"前"sv,
                                        u"后"sv, u"上"sv, u"下"sv, u"大"sv, u"小"sv};
constexpr std::array VillageSuffixes = {u"家村"sv, u"庄"sv,   u"家湾"sv, u"家坪"sv, u"家营"sv, u"家寨"sv,
                                        u"家沟"sv, u"家岭"sv, u"家屯"sv, u"家洼"sv, u"集"sv};
constexpr std::array Numerals = {u"一"sv, u"二"sv, u"三"sv, u"四"sv, u"五"sv,
                                 u"六"sv, u"七"sv, u"八"sv, u"九"sv, u"十"sv};
constexpr std::array Streets = {u"人民路"sv, u"解放路"sv, u"建设路"sv, u"新华街"sv, u"中山路"sv, u"胜利街"sv};
constexpr std::array ShopTypes = {u"超市"sv,   u"五金店"sv, u"小卖部"sv, u"饭店"sv,   u"理发店"sv, u"诊所"sv,
                                  u"农资店"sv, u"修车铺"sv, u"粮油店"sv, u"服装店"sv, u"药店"sv,   u"茶馆"sv};
// Shops with a Latin brand, so Latin fragments have something to find.
constexpr std::array Brands = {u"Lotus"sv, u"Haier"sv,  u"Midea"sv, u"Huawei"sv,       u"Vivo"sv,
                               u"Oppo"sv,  u"Suning"sv, u"Gree"sv,  u"China Mobile"sv, u"China Unicom"sv};
constexpr std::array BrandShops = {u"专卖店"sv, u"营业厅"sv, u"服务站"sv, u"Store"sv};
constexpr std::array Firms = {u"宏达"sv, u"兴隆"sv, u"永盛"sv, u"华丰"sv, u"金源"sv, u"鑫旺"sv, u"恒通"sv, u"富民"sv};
constexpr std::array Industries = {u"水泥有限公司"sv, u"砖厂"sv,       u"石材厂"sv,
                                   u"食品有限公司"sv, u"机械加工厂"sv, u"矿业有限公司"sv};
constexpr std::array FarmUnits = {u"排灌站"sv, u"抽水站"sv, u"养殖场"sv, u"农民专业合作社"sv, u"育秧大棚"sv};

/// The n-th village name: every prefix × surname × suffix once (in a shuffled order), then again
/// with a numbered part ("李家村二片").
QString villageName(qint64 n, qint64 offset)
{
    const qint64 combos = qint64(VillagePrefixes.size()) * Surnames.size() * qint64(VillageSuffixes.size());
    const qint64 round = n / combos;
    // 7919 is prime and does not divide `combos`: a bijection on 0..combos-1.
    const qint64 k = ((n % combos) * 7919 + offset) % combos;
    const auto suffixCount = qint64(VillageSuffixes.size());
    const auto surnameCount = qint64(Surnames.size());
    QString name = sv(VillagePrefixes[size_t(k / (surnameCount * suffixCount))]).toString();
    name += QChar(Surnames[size_t((k / suffixCount) % surnameCount)]);
    name += sv(VillageSuffixes[size_t(k % suffixCount)]);
    if (round > 0) {
        name += sv(Numerals[size_t(round % qint64(Numerals.size()))]);
        name += QStringLiteral("片");
    }
    return name;
}

QString personName(Rng &rng)
{
    QString name;
    name += QChar(Surnames[size_t(rng.below(qint64(Surnames.size())))]);
    const int given = rng.percent(70) ? 2 : 1;
    for (int i = 0; i < given; ++i) {
        if (rng.permille(15))
            name += QChar(GbkOnlyChars[size_t(rng.below(qint64(GbkOnlyChars.size())))]);
        else
            name += QChar(GivenChars[size_t(rng.below(qint64(GivenChars.size())))]);
    }
    return name;
}

QString digits(Rng &rng, int count)
{
    QString s(count, QLatin1Char('0'));
    for (int i = 0; i < count; ++i)
        s[i] = QLatin1Char(char('0' + rng.below(10)));
    return s;
}

QString zeroPadded(qint64 value, int width)
{
    QString s(width, QLatin1Char('0'));
    for (qsizetype i = width - 1; i >= 0 && value > 0; --i, value /= 10)
        s[i] = QLatin1Char(char('0' + value % 10));
    return s;
}

/// Monthly bill in fen by customer class, with some spread.
qint64 billFen(Rng &rng, CustomerClass c)
{
    switch (c) {
    case CustomerClass::Residential:
        return rng.between(2'500, 35'000);
    case CustomerClass::Commercial:
        return rng.between(20'000, 600'000);
    case CustomerClass::LargeIndustrial:
        return rng.between(800'000, 30'000'000);
    case CustomerClass::Agricultural:
        return rng.between(5'000, 150'000);
    }
    return 0;
}

} // namespace

DemoWorklist::DemoWorklist(Options options)
    : m_options(options)
{
}

bool DemoWorklist::write(QIODevice &out) const
{
    const Options &o = m_options;
    if (o.accounts < 0 || o.accounts > MaxAccounts || !o.date.isValid())
        return false;
    Rng rng(o.seed ^ 0x5eed'd00f'5eed'd00fULL);

    WorklistHeader header;
    header.routeId = QStringLiteral("DEMO-%1").arg(o.seed);
    header.version = qint64(o.date.year()) * 10000 + qint64(o.date.month()) * 100 + o.date.day();
    header.generated = o.date;
    header.utilityName = QStringLiteral("国网示范县供电公司");
    const QString pattern = o.checkDigit == AccountNumberRule::CheckDigit::Mod11 ? QStringLiteral("[0-9]{9}[0-9X]")
                                                                                 : QStringLiteral("[0-9]{10}");
    header.numberRule = AccountNumberRule(pattern, o.checkDigit);

    WorklistWriter writer(out);
    writer.writeHeader(header);

    // The latest period billed is last month; each bill falls due on the 25th of the month after
    // its period, so the latest may not be due yet and older ones reach back across New Year.
    const QDate latestPeriod = QDate(o.date.year(), o.date.month(), 1).addMonths(-1);
    constexpr int MaxMonths = 15;
    struct Period
    {
        QString key;  ///< "-YYYYMM", the bill id's suffix
        QString name; ///< "YYYY-MM"
        QDate due;
    };
    std::array<Period, MaxMonths> periods; // formatted once, not once per bill
    for (int m = 0; m < MaxMonths; ++m) {
        const QDate period = latestPeriod.addMonths(-m);
        periods[size_t(m)] = {period.toString(QStringLiteral("-yyyyMM")), period.toString(QStringLiteral("yyyy-MM")),
                              QDate(period.year(), period.month(), 25).addMonths(1)};
    }
    const qint64 villageOffset = rng.below(10'000);

    Account account;
    Bill bill;
    qint64 written = 0;
    qint64 serial = 0;
    qint64 meterSerial = 0;
    for (qint64 village = 0; written < o.accounts; ++village) {
        const QString villageName = ::villageName(village, villageOffset);
        const QStringView township = sv(rng.pick(Townships));
        const qint64 size = std::min(rng.between(80, 400), o.accounts - written);
        int group = 1;
        int house = 0;
        for (qint64 i = 0; i < size; ++i, ++written) {
            if (rng.percent(8)) {
                ++group;
                house = 0;
            }
            house += int(rng.between(1, 3));

            // Numbers follow the walk, with gaps like a real register (closed accounts).
            serial += rng.between(1, 2);
            if (o.checkDigit == AccountNumberRule::CheckDigit::None) {
                account.number = QStringLiteral("33") + zeroPadded(serial, 8);
            } else {
                const QString payload = QStringLiteral("33") + zeroPadded(serial, 7);
                account.number = payload + header.numberRule.computeCheckDigit(payload);
            }

            const qint64 classRoll = rng.below(1000);
            account.customerClass = classRoll < 900   ? CustomerClass::Residential
                                    : classRoll < 960 ? CustomerClass::Commercial
                                    : classRoll < 990 ? CustomerClass::Agricultural
                                                      : CustomerClass::LargeIndustrial;
            account.address = township.toString() + villageName + QString::number(group) + QStringLiteral("组") +
                              QString::number(house) + QStringLiteral("号");
            switch (account.customerClass) {
            case CustomerClass::Residential:
                account.name = personName(rng);
                break;
            case CustomerClass::Commercial:
                if (rng.percent(25)) {
                    account.name = sv(rng.pick(Brands)).toString();
                    const QStringView shop = sv(rng.pick(BrandShops));
                    account.name +=
                        (shop.front().isLetter() && shop.front().unicode() < 0x80 ? QStringLiteral(" ") : QString()) +
                        shop;
                } else if (rng.percent(50)) {
                    account.name = QChar(Surnames[size_t(rng.below(qint64(Surnames.size())))]) + QStringLiteral("记") +
                                   sv(rng.pick(ShopTypes));
                } else {
                    account.name = villageName + sv(rng.pick(ShopTypes));
                }
                if (rng.percent(30)) // shops on the township's main street, some in a lettered block
                    account.address =
                        township.toString() + sv(rng.pick(Streets)) + QString::number(rng.between(1, 300)) +
                        QStringLiteral("号") +
                        (rng.percent(30) ? QString(QLatin1Char(char('A' + rng.below(4)))) + QStringLiteral("栋")
                                         : QString());
                break;
            case CustomerClass::LargeIndustrial:
                account.name = township.toString() + sv(rng.pick(Firms)) + sv(rng.pick(Industries));
                break;
            case CustomerClass::Agricultural:
                account.name = rng.percent(50) ? villageName + sv(rng.pick(FarmUnits)) : personName(rng);
                break;
            }
            account.village = villageName;
            account.walkOrder = int(i + 1) * 10;
            meterSerial += rng.between(1, 5);
            account.meterNumber = rng.permille(5) ? QString() : QStringLiteral("6100") + zeroPadded(meterSerial, 10);
            account.phone =
                rng.percent(15) ? QString() : QLatin1Char('1') + QString::number(rng.between(3, 9)) + digits(rng, 9);

            // How many months this account owes.
            int months = 1;
            const qint64 roll = rng.below(1000);
            if (roll < 50)
                months = 0;
            else if (roll < 750)
                months = 1;
            else if (roll < 900)
                months = int(rng.between(2, 3));
            else if (roll < 970)
                months = int(rng.between(4, 8));
            else
                months = int(rng.between(9, MaxMonths));
            account.prepaidBalance = Money();
            if (rng.percent(2)) { // credit at the center, and nothing or only this month owed
                account.prepaidBalance = Money::fromFen(rng.between(10, 200) * 100);
                months = std::min(months, 1);
            }
            writer.writeAccount(account);

            for (int m = months - 1; m >= 0; --m) {
                const Period &period = periods[size_t(m)];
                bill.id = account.number + period.key;
                bill.accountNumber = account.number;
                bill.period = period.name;
                bill.amount = Money::fromFen(billFen(rng, account.customerClass));
                bill.dueDate = period.due;
                bill.amountPaid = Money();
                if (m == months - 1 && months > 1 && rng.percent(12)) // the oldest bill partly paid
                    bill.amountPaid = Money::fromFen(bill.amount.fen() * rng.between(1, 9) / 10 / 100 * 100);
                writer.writeBill(bill);
            }
        }
    }
    return writer.finish();
}
