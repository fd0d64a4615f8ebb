<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountNumberRule</name>
    <message>
        <source>The utility&apos;s account-number pattern is not valid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an account number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account number has only digits; “%1” has other characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a valid account number here (%2 digits given).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account number %1 is too short to check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account number %1 has a wrong check digit: a digit was probably mistyped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue · penalty %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>not yet due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Late-payment penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total owed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prepaid balance</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Allocation</name>
    <message>
        <source>A payment must be more than zero (got %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerClass</name>
    <message>
        <source>Residential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Large industrial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agricultural</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LookupPage</name>
    <message>
        <source>Find an account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account number, meter, name or address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing on this route matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Doorstep</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Route %1 · %n account(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No route loaded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <source>Enter an amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The thousands separators are misplaced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the amount with a digit before the point, like 0.50.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount has a sign where none belongs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is not an amount of money.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the amount without a trailing point, or with its fen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An amount has at most two decimals (fen).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount is too large.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PenaltyPolicy</name>
    <message>
        <source>Penalty rule &quot;%1&quot; may not be negative: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Penalty rule &quot;%1&quot; must be a whole number: &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Penalty rule &quot;%1&quot; is %2, above the limit of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Penalty rule &quot;%1&quot; is given twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Penalty rule &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Penalty rule &quot;%1&quot; must be half-up, down or up, not &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown penalty rule &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RouteService</name>
    <message>
        <source>No route is loaded on this terminal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 is not on this route.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RouteStore</name>
    <message>
        <source>The route was saved by a newer version of the app; update the app or sync the route again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The route file holds no route; sync the route again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The route file is damaged; sync the route again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The worklist %1 could not be opened: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new route could not be saved (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <source>The device&apos;s storage failed (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Worklist</name>
    <message>
        <source>format name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>format version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>record type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>account number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>village</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>walk order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prepaid balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bill id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>amount paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sha256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>extra field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1, field %2 (%3): %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing may follow the END line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the line is longer than %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this is not a Doorstep worklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the worklist is cut short (the last line is incomplete); download it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is empty, not a Doorstep worklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the worklist is cut short (it has no END line); download it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>holds a control character, which no field may contain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is not valid UTF-8 text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the line has too many fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M and P lines must come before the first account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown record type &quot;%1&quot; (expected M, P, A, B or END)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this worklist is in a format version this app does not read (%1); update the app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing (the line has too few fields)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>longer than %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown worklist key &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is given twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the version must be a whole number of at most 18 digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a date written as YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown check digit rule &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown allocation order &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the worklist does not give its &quot;%1&quot; (an M line before the first account)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an amount the app can hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a plain amount in yuan like 123.45</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not written in its plain form (&quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the customer&apos;s name is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the village is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the walking order must be a whole number from 0 to 999999999</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown customer class &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>account %1 appears twice on the worklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the worklist has more accounts than the app can hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the bill id is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no account %1 comes before this bill on the worklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a billing period written as YYYY-MM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than the bill&apos;s amount (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bill %1 appears twice on the worklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the worklist has more bills than the app can hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a SHA-256 written in hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the worklist&apos;s content does not match its checksum: it was damaged on the way; download it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the END line says %1 accounts, the worklist holds %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the END line says %1 bills, the worklist holds %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Doorstep: bill collection at the doorstep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the route and journal live.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import this worklist file at start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the UI, check it, and exit.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
