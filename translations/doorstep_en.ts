<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
<context>
    <name>AccountPage</name>
    <message numerus="yes">
        <source>%n day(s) overdue · penalty %1</source>
        <translation>
            <numerusform>%n day overdue · penalty %1</numerusform>
            <numerusform>%n days overdue · penalty %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeskService</name>
    <message numerus="yes">
        <source>%n payment(s) · %1</source>
        <translation>
            <numerusform>%n payment · %1</numerusform>
            <numerusform>%n payments · %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  %1: %n payment(s) · %2</source>
        <translation>
            <numerusform>  %1: %n payment · %2</numerusform>
            <numerusform>  %1: %n payments · %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n void(s) · %1</source>
        <translation>
            <numerusform>%n void · %1</numerusform>
            <numerusform>%n voids · %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) without payment</source>
        <translation>
            <numerusform>%n visit without payment</numerusform>
            <numerusform>%n visits without payment</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n receipt(s) printed</source>
        <translation>
            <numerusform>%n receipt printed</numerusform>
            <numerusform>%n receipts printed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reprint(s)</source>
        <translation>
            <numerusform>%n reprint</numerusform>
            <numerusform>%n reprints</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Today: %1 of %n account(s) paid or visited · %2 collected</source>
        <translation>
            <numerusform>Today: %1 of %n account paid or visited · %2 collected</numerusform>
            <numerusform>Today: %1 of %n accounts paid or visited · %2 collected</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message numerus="yes">
        <source>Route %1 · %n account(s)</source>
        <translation>
            <numerusform>Route %1 · %n account</numerusform>
            <numerusform>Route %1 · %n accounts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PinGate</name>
    <message numerus="yes">
        <source>Too many wrong PINs. The terminal is locked; try again in %n second(s).</source>
        <translation>
            <numerusform>Too many wrong PINs. The terminal is locked; try again in %n second.</numerusform>
            <numerusform>Too many wrong PINs. The terminal is locked; try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The terminal locked itself after %n minute(s) without use. Enter your PIN again.</source>
        <translation>
            <numerusform>The terminal locked itself after %n minute without use. Enter your PIN again.</numerusform>
            <numerusform>The terminal locked itself after %n minutes without use. Enter your PIN again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReceiptsPage</name>
    <message numerus="yes">
        <source>Printed %n time(s)</source>
        <translation>
            <numerusform>Printed %n time</numerusform>
            <numerusform>Printed %n times</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorLines</name>
    <message numerus="yes">
        <source>%n payment(s) after voids</source>
        <translation>
            <numerusform>%n payment after voids</numerusform>
            <numerusform>%n payments after voids</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s)</source>
        <translation>
            <numerusform>%n payment</numerusform>
            <numerusform>%n payments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Journal verified: %n entry(ies), chain and signatures intact.</source>
        <translation>
            <numerusform>Journal verified: %n entry, chain and signatures intact.</numerusform>
            <numerusform>Journal verified: %n entries, chain and signatures intact.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncClient</name>
    <message numerus="yes">
        <source>%n entries have not reached the center yet. Sync first; nothing unsynced is ever discarded.</source>
        <translation>
            <numerusform>%n entry has not reached the center yet. Sync first; nothing unsynced is ever discarded.</numerusform>
            <numerusform>%n entries have not reached the center yet. Sync first; nothing unsynced is ever discarded.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message numerus="yes">
        <source>%1 of %2 entries at the center · %n waiting</source>
        <translation>
            <numerusform>%1 of %2 entries at the center · %n waiting</numerusform>
            <numerusform>%1 of %2 entries at the center · %n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This session: %n entries sent</source>
        <translation>
            <numerusform>This session: %n entry sent</numerusform>
            <numerusform>This session: %n entries sent</numerusform>
        </translation>
    </message>
</context>
</TS>
