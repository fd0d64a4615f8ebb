// Writes the seed corpora of the fuzz targets: a handful of valid and edge inputs each, made with
// the project's own encoders so they follow the formats exactly. Run from the source tree after
// a format changes, then review and commit the files:
//     build/dev/tests/fuzz/fuzz_seedgen tests/fuzz/corpus
// Existing seeds of the same name are overwritten; others are left alone.

#include <QCborArray>
#include <QCborMap>
#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cstdio>

#include "devicekey.h"
#include "journalentry.h"
#include "wirecodec.h"
#include "wireprotocol.h"

namespace {

QString g_root;

void seed(const char *target, const char *name, const QByteArray &bytes)
{
    const QString dir = g_root + QLatin1Char('/') + QLatin1String(target);
    QDir().mkpath(dir);
    QFile file(dir + QLatin1Char('/') + QLatin1String(name));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size()) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
        std::exit(1);
    }
}

QByteArray cbor(const QCborValue &v)
{
    return v.toCbor();
}

/// A chain of entries of every kind, signed with a fresh key.
QList<JournalEntry> chain(const DeviceKey &key)
{
    QList<JournalEntry> out;
    QByteArray prev(32, '\0');
    qint64 time = 1'733'450'000'000;
    auto add = [&](EntryKind kind, const QCborMap &body) {
        JournalEntry e;
        e.deviceId = QStringLiteral("D001");
        e.seq = out.size() + 1;
        e.kind = kind;
        e.timeMs = time += 61'000;
        e.collectorId = QStringLiteral("C007");
        e.shiftSeq = kind == EntryKind::ShiftOpened ? 0 : 1;
        e.body = body;
        e.prevHash = prev;
        e.hash = e.computeHash();
        e.signature = key.sign(e.hash);
        prev = e.hash;
        out.append(e);
    };
    add(EntryKind::ShiftOpened, toCbor(ShiftOpenedRecord{Money::fromFen(20000)}));
    PaymentRecord p;
    p.accountNumber = QStringLiteral("3300000012");
    p.method = PaymentMethod::Cash;
    p.amount = Money::fromFen(12360);
    p.tendered = Money::fromFen(20000);
    p.change = Money::fromFen(7640);
    p.allocation = {AllocationLine{QStringLiteral("B1"), QStringLiteral("2024-01"), AllocationLine::Part::Penalty,
                                   Money::fromFen(360)},
                    AllocationLine{QStringLiteral("B1"), QStringLiteral("2024-01"), AllocationLine::Part::Principal,
                                   Money::fromFen(12000)}};
    p.worklistVersion = 7;
    add(EntryKind::Payment, toCbor(p));
    PaymentRecord card = p;
    card.method = PaymentMethod::BankCard;
    card.tendered = card.amount;
    card.change = Money();
    card.reference = QStringLiteral("POS-88812");
    add(EntryKind::Payment, toCbor(card));
    add(EntryKind::ReceiptPrinted, toCbor(ReceiptPrintedRecord{2, 1}));
    add(EntryKind::Void, toCbor(VoidRecord{2, QStringLiteral("错收"), QStringLiteral("S001")}));
    add(EntryKind::Visit, toCbor(VisitRecord{QStringLiteral("3300000013"), VisitOutcome::PromisedToPay,
                                             QDate(2024, 12, 20), QStringLiteral("下周一来")}));
    add(EntryKind::Visit, toCbor(VisitRecord{QStringLiteral("3300000014"), VisitOutcome::NotHome, {}, {}}));
    add(EntryKind::CashHandedOver, toCbor(CashHandedOverRecord{Money::fromFen(12360), QStringLiteral("S001"), {}}));
    add(EntryKind::CashHandedOver,
        toCbor(CashHandedOverRecord{Money::fromFen(15000), QStringLiteral("S001"), {{10000, 1}, {5000, 1}}}));
    add(EntryKind::CashCounted,
        toCbor(CashCountedRecord{Money::fromFen(19000), Money::fromFen(20000), {{10000, 1}, {5000, 1}, {1000, 4}}, 2}));
    add(EntryKind::ClockFlag,
        toCbor(ClockFlagRecord{1'733'450'000'000, 1'733'460'000'000, QStringLiteral("moved-backwards")}));
    ShiftClosedRecord closed;
    closed.expectedCash = Money::fromFen(20000);
    closed.countedCash = Money::fromFen(19900);
    closed.denominations = {{10000, 1}, {5000, 1}, {1000, 4}, {100, 9}};
    closed.supervisorId = QStringLiteral("S001");
    add(EntryKind::ShiftClosed, toCbor(closed));
    closed.zNumber = 2; // and one with its Z number and perpetual totals
    closed.everPaidCount = 41;
    closed.everPaid = Money::fromFen(1'234'500);
    closed.everVoidedCount = 1;
    closed.everVoided = Money::fromFen(5000);
    add(EntryKind::ShiftClosed, toCbor(closed));
    // The terminal's own life: an event with words, and a witnessed time with its signature.
    add(EntryKind::Event, toCbor(EventRecord{EventRecord::Kind::AppStarted, QStringLiteral("doorstep 1.0"), 0, {}}));
    add(EntryKind::Event,
        toCbor(EventRecord{EventRecord::Kind::TimeWitnessed, QString(), 1'733'460'000'000, QByteArray(64, '\x77')}));
    return out;
}

void wirecodec()
{
    const QCborMap map{{QStringLiteral("device"), QStringLiteral("D001")},
                       {QStringLiteral("first"), 41},
                       {QStringLiteral("neg"), -5},
                       {QStringLiteral("ok"), true},
                       {QStringLiteral("none"), QCborValue(nullptr)},
                       {QStringLiteral("sig"), QByteArray(64, '\x5a')},
                       {QStringLiteral("list"), QCborArray{1, 2, QStringLiteral("三")}}};
    seed("wirecodec", "framed-map", Wire::encode(map));
    seed("wirecodec", "framed-int", Wire::encode(7));
    seed("wirecodec", "framed-nested", Wire::encode(QCborArray{QCborArray{QCborArray{QCborMap{{1, 2}}}}}));
    seed("wirecodec", "plain-map", cbor(map));
    seed("wirecodec", "plain-bytes", cbor(QByteArray("\x00\x01\xff", 3)));
    seed("wirecodec", "plain-float", cbor(QCborValue(1.5)));
    seed("wirecodec", "plain-tag", cbor(QCborValue(QCborKnownTags::DateTimeString, QStringLiteral("2024-01-01"))));
    seed("wirecodec", "declares-huge", QByteArray("\xff\xff\xff\xf0\x78\x9c\x03\x00\x00\x00\x00\x01", 12));
    seed("wirecodec", "empty", QByteArray());
}

void enrolRequest()
{
    const WireProtocol::EnrolRequest r{QStringLiteral("K7Q2-9XMD-4TPL"), DeviceKey::generate().publicKey()};
    seed("enrolrequest", "valid", cbor(r.toCbor()));
    seed("enrolrequest", "short-key",
         cbor(WireProtocol::EnrolRequest{QStringLiteral("X"), QByteArray(31, 'k')}.toCbor()));
    seed("enrolrequest", "wrong-types",
         cbor(QCborMap{{QStringLiteral("code"), 12}, {QStringLiteral("key"), QStringLiteral("abc")}}));
    seed("enrolrequest", "empty-map", cbor(QCborMap()));
}

void commandAck()
{
    seed("commandack", "valid", cbor(WireProtocol::CommandAck{3, 42}.toCbor()));
    seed("commandack", "head-max", cbor(WireProtocol::CommandAck{1, std::numeric_limits<qint64>::max()}.toCbor()));
    seed("commandack", "negative", cbor(WireProtocol::CommandAck{-1, -1}.toCbor()));
    seed("commandack", "array", cbor(QCborArray{1, 2}));
}

void journal(const QList<JournalEntry> &entries)
{
    seed("journalbatch", "whole-shift", cbor(WireProtocol::JournalBatch::encode(QStringLiteral("D001"), entries)));
    seed("journalbatch", "one-payment",
         cbor(WireProtocol::JournalBatch::encode(QStringLiteral("D001"), entries.mid(1, 1))));
    seed("journalbatch", "from-seq-5",
         cbor(WireProtocol::JournalBatch::encode(QStringLiteral("D001"), entries.mid(4, 3))));
    QCborMap nullNote = WireProtocol::JournalBatch::encode(QStringLiteral("D001"), entries.mid(6, 1)).toMap();
    {
        QCborArray list = nullNote.value(QStringLiteral("entries")).toArray();
        QCborArray e = list.at(0).toArray();
        QCborMap body = e.at(4).toMap();
        body.insert(3, QCborValue(nullptr));
        e[4] = body;
        list[0] = e;
        nullNote.insert(QStringLiteral("entries"), list);
    }
    seed("journalbatch", "visit-null-note", cbor(nullNote));
    seed("journalbatch", "empty-entries",
         cbor(QCborMap{{QStringLiteral("device"), QStringLiteral("D001")},
                       {QStringLiteral("first"), 1},
                       {QStringLiteral("prev"), QByteArray(32, '\0')},
                       {QStringLiteral("entries"), QCborArray()}}));
    // Named by seq and kind, so a new entry in the sample journal cannot outrun a list of names.
    for (const JournalEntry &e : entries)
        seed("journalentry",
             qPrintable(QStringLiteral("%1-%2").arg(e.seq, 2, 10, QLatin1Char('0')).arg(entryKindKey(e.kind))),
             e.toCbor());
}

void replies(const QList<JournalEntry> &entries)
{
    using namespace WireProtocol;
    auto withKind = [](char kind, const QCborValue &v) -> QByteArray { return QByteArray(1, kind) + v.toCbor(); };
    const QList<RosterEntry> roster{
        {QStringLiteral("C007"), QStringLiteral("李四"), QStringLiteral("collector"), QStringLiteral("pbkdf2$x"), true},
        {QStringLiteral("S001"), QStringLiteral("王五"), QStringLiteral("supervisor"), QStringLiteral("pbkdf2$y"),
         false}};
    EnrolReply enrol{
        QStringLiteral("D001"), QStringLiteral("R-042"), QByteArray(32, 'p'), 1'733'450'000'000, 3, roster};
    seed("replies", "enrol", withKind(0, enrol.toCbor()));
    WorklistDelta delta;
    delta.since = 6;
    delta.version = 7;
    delta.route = QStringLiteral("R-042");
    delta.settings = {{QStringLiteral("utility"), QStringLiteral("示范供电公司")},
                      {QStringLiteral("grace-days"), QStringLiteral("3")}};
    Account a;
    a.number = QStringLiteral("3300000012");
    a.name = QStringLiteral("张三丰");
    a.village = QStringLiteral("李家村");
    a.prepaidBalance = Money::fromFen(150);
    delta.accounts = {a};
    Bill b;
    b.id = QStringLiteral("B1");
    b.accountNumber = a.number;
    b.period = QStringLiteral("2024-01");
    b.amount = Money::fromFen(12000);
    b.dueDate = QDate(2024, 2, 15);
    delta.bills = {b};
    delta.removedAccounts = {QStringLiteral("3300000099")};
    delta.removedBills = {QStringLiteral("B0")};
    seed("replies", "worklist-delta", withKind(1, delta.toCbor()));
    JournalAck ack{10, entries.last().hash, 10, 0, std::nullopt};
    seed("replies", "journal-ack", withKind(2, ack.toCbor()));
    JournalAck refused{4, entries.at(3).hash, 0, 0,
                       Refusal{QString::fromLatin1(Reason::BrokenChain), QStringLiteral("broken"), 5}};
    seed("replies", "journal-ack-refusal", withKind(2, refused.toCbor()));
    CommandsReply commands{1'733'450'000'000,
                           7,
                           3,
                           roster,
                           {{1, QStringLiteral("lock")}, {2, QStringLiteral("wipe")}},
                           QByteArray(32, '\x5a'),
                           QByteArray(64, '\x3c'),
                           QStringLiteral("https://pay.example.cn/verify")};
    seed("replies", "commands", withKind(3, commands.toCbor()));
    seed("replies", "error",
         withKind(4, ErrorReply{QStringLiteral("device.locked"), QStringLiteral("locked")}.toCbor()));
}

void text(const char *target, const char *name, const char *content)
{
    seed(target, name, QByteArray(content));
}

void csv()
{
    text("csvreader", "accounts",
         "number,name,address,village,walk_order\r\n"
         "3300000012,张三丰,石桥镇李家村3组12号,李家村,10\r\n"
         "3300000013,\"Li, Si\",\"He said \"\"hi\"\"\",李家村,20\r\n");
    text("csvreader", "bom-lf", "\xEF\xBB\xBFid,name\n1,a\n2,\"multi\nline\"\n");
    text("csvreader", "quoted-crlf-inside", "a,\"line1\r\nline2\"\r\nb,c\r\n");
    text("csvreader", "empty-fields", ",,\n\n,\"\"\n");
    text("csvreader", "bad-quote", "a\"b,c\n");
    text("csvreader", "unterminated", "\"abc\n");
    seed("csvreader", "bad-utf8", QByteArray("ok,\xff\xfe\n", 6));
}

void printer()
{
    // flags (bit 0: a print job, bits 1-3: the profile, bit 4: needs clear), then replies.
    seed("printerstatus", "ready-job", QByteArray("\x01\x01\x12\x01\x12\x01\x12\x01\x00", 9));
    seed("printerstatus", "paper-out", QByteArray("\x01\x01\x12\x01\x12\x01\x72", 7));
    seed("printerstatus", "cover-open-probe", QByteArray("\x00\x01\x16\x01\x16\x01\x12", 7));
    seed("printerstatus", "silent", QByteArray("\x03\x80\x80\x80", 4));
    seed("printerstatus", "garbage-reply", QByteArray("\x01\x03\x41\x42\x43", 5));
    seed("printerstatus", "end-paper-low", QByteArray("\x11\x03\x12\x12\x12\x80\x01\x03", 8));
}

void httpguard()
{
    // Segments: a length byte (bit 7: the request was handled), then that many bytes.
    auto segments = [](std::initializer_list<QByteArray> parts) {
        QByteArray out;
        for (const QByteArray &p : parts)
            out += char(p.size()) + p;
        return out;
    };
    seed("httpguard", "get", segments({"GET /v1/commands HTTP/1.1\r\nHost: c\r\n\r\n"}));
    seed("httpguard", "post-small", segments({"POST /v1/journal HTTP/1.1\r\n", "Content-Length: 5\r\n\r\nhello"}));
    seed("httpguard", "post-too-large", segments({"POST / HTTP/1.1\r\nContent-Length: 99999\r\n\r\n"}));
    seed("httpguard", "split-length",
         segments({"POST /v1/journal HTTP/1.1\r\nHost: c\r\n", "Content-Length: 1000000\r\n\r\n", "xxxx"}));
    seed("httpguard", "chunked", segments({"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"}));
    seed("httpguard", "two-lengths", segments({"POST / HTTP/1.1\r\nContent-Length: 1\r\ncontent-length: 2\r\n\r\n"}));
    seed("httpguard", "lf-only", segments({"GET / HTTP/1.1\nA: b\n\n"}));
    QByteArray keepAlive = segments({"GET / HTTP/1.1\r\n\r\n"});
    keepAlive += char(0x80);
    keepAlive += segments({"POST / HTTP/1.1\r\nContent-Length: 70\r\n\r\n"});
    seed("httpguard", "keep-alive", keepAlive);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS-DIR\n", argv[0]);
        return 2;
    }
    g_root = QString::fromLocal8Bit(argv[1]);
    const DeviceKey key = DeviceKey::generate();
    const QList<JournalEntry> entries = chain(key);
    wirecodec();
    enrolRequest();
    commandAck();
    journal(entries);
    replies(entries);
    csv();
    printer();
    httpguard();
    std::printf("seeds written under %s\n", argv[1]);
    return 0;
}
