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
    <name>BluetoothPrinterDiscovery</name>
    <message>
        <source>Cannot search for Bluetooth printers: %1</source>
        <translation>无法搜索蓝牙打印机：%1</translation>
    </message>
    <message>
        <source>Bluetooth is off or missing</source>
        <translation>蓝牙未开启或不可用</translation>
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
    <name>EscPos</name>
    <message>
        <source>The QR code&apos;s content is empty or too long (%1 bytes).</source>
        <translation>二维码内容为空或过长（%1 字节）。</translation>
    </message>
</context>
<context>
    <name>EscPosEncoder</name>
    <message>
        <source>The receipt is wider than the printer&apos;s paper.</source>
        <translation>凭证比打印机纸张宽。</translation>
    </message>
    <message>
        <source>A receipt line is wider than the paper.</source>
        <translation>凭证中有一行比纸张宽。</translation>
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
    <name>PrintQueue</name>
    <message>
        <source>The print queue was written by a newer app version (%1).</source>
        <translation>打印队列由更新版本的应用写入（%1）。</translation>
    </message>
    <message>
        <source>The app stopped while this receipt printed.</source>
        <translation>打印此凭证时应用停止了。</translation>
    </message>
    <message>
        <source>The print queue is not open.</source>
        <translation>打印队列未打开。</translation>
    </message>
    <message>
        <source>A receipt without a number cannot print.</source>
        <translation>没有编号的凭证不能打印。</translation>
    </message>
    <message>
        <source>No receipt %1 was printed on this device.</source>
        <translation>本机没有打印过凭证 %1。</translation>
    </message>
    <message>
        <source>Only a failed or interrupted print can be retried.</source>
        <translation>只有失败或中断的打印可以重试。</translation>
    </message>
    <message>
        <source>Only an interrupted print can be confirmed.</source>
        <translation>只有中断的打印可以确认。</translation>
    </message>
    <message>
        <source>The printer was changed during printing.</source>
        <translation>打印过程中更换了打印机。</translation>
    </message>
</context>
<context>
    <name>PrinterProfile</name>
    <message>
        <source>58 mm Chinese printer (ZJ-5870 class)</source>
        <translation>58 毫米中文打印机（ZJ-5870 类）</translation>
    </message>
    <message>
        <source>80 mm Chinese printer</source>
        <translation>80 毫米中文打印机</translation>
    </message>
    <message>
        <source>58 mm Chinese printer without QR (POS-5890 class)</source>
        <translation>58 毫米无二维码中文打印机（POS-5890 类）</translation>
    </message>
    <message>
        <source>80 mm printer without Chinese</source>
        <translation>80 毫米无中文打印机</translation>
    </message>
    <message>
        <source>Unknown printer model &quot;%1&quot;.</source>
        <translation>未知的打印机型号“%1”。</translation>
    </message>
</context>
<context>
    <name>PrinterSession</name>
    <message>
        <source>The printer gave an answer that makes no sense (0x%1). Check the printer model setting.</source>
        <translation>打印机的应答无法识别（0x%1）。请检查打印机型号设置。</translation>
    </message>
    <message>
        <source>The paper ran out while the receipt printed.</source>
        <translation>打印凭证时纸用完了。</translation>
    </message>
    <message>
        <source>The printer took the receipt but did not confirm printing it.</source>
        <translation>打印机已接收凭证，但没有确认打印完成。</translation>
    </message>
    <message>
        <source>The printer cannot print: %1</source>
        <translation>打印机无法打印：%1</translation>
    </message>
    <message>
        <source>Nothing to print.</source>
        <translation>没有要打印的内容。</translation>
    </message>
</context>
<context>
    <name>PrinterStatus</name>
    <message>
        <source>No status support</source>
        <translation>不支持状态查询</translation>
    </message>
    <message>
        <source>Paper out</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <source>Paper running low</source>
        <translation>纸将用完</translation>
    </message>
    <message>
        <source>Cover open</source>
        <translation>纸仓盖打开</translation>
    </message>
    <message>
        <source>Printer error</source>
        <translation>打印机故障</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>PrinterTransport</name>
    <message>
        <source>The printer did not answer the connection. Is it switched on and near?</source>
        <translation>打印机没有响应连接。打印机是否已开机并在附近？</translation>
    </message>
    <message>
        <source>The printer stopped taking data (link stalled).</source>
        <translation>打印机停止接收数据（连接停滞）。</translation>
    </message>
    <message>
        <source>Writing to the printer failed: %1</source>
        <translation>向打印机写入失败：%1</translation>
    </message>
    <message>
        <source>Printer at %1: %2</source>
        <translation>打印机 %1：%2</translation>
    </message>
    <message>
        <source>The printer closed the connection.</source>
        <translation>打印机断开了连接。</translation>
    </message>
    <message>
        <source>No Bluetooth printer is chosen (bad address).</source>
        <translation>未选择蓝牙打印机（地址无效）。</translation>
    </message>
</context>
<context>
    <name>QrMatrix</name>
    <message>
        <source>There is nothing to put in the QR code.</source>
        <translation>二维码没有内容。</translation>
    </message>
    <message>
        <source>The QR code&apos;s content is too long (%1 bytes).</source>
        <translation>二维码内容过长（%1 字节）。</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>The payment has a negative allocation line.</source>
        <translation>该笔缴费有负数的分配项。</translation>
    </message>
    <message>
        <source>The payment&apos;s amounts do not add up (overflow).</source>
        <translation>该笔缴费的金额无法合计（溢出）。</translation>
    </message>
    <message>
        <source>A payment receipt needs an amount above zero.</source>
        <translation>缴费凭证的金额必须大于零。</translation>
    </message>
    <message>
        <source>The payment has a negative amount.</source>
        <translation>该笔缴费含有负数金额。</translation>
    </message>
    <message>
        <source>The payment&apos;s bills and credit do not add up to the amount paid.</source>
        <translation>该笔缴费的账单与预存之和不等于实缴金额。</translation>
    </message>
    <message>
        <source>Only a payment entry can be printed as a payment receipt.</source>
        <translation>只有缴费记录才能打印为缴费凭证。</translation>
    </message>
    <message>
        <source>The payment is not committed to the journal yet: no receipt before it is.</source>
        <translation>该笔缴费尚未写入日志：写入之前不能出凭证。</translation>
    </message>
    <message>
        <source>The payment belongs to a different account.</source>
        <translation>该笔缴费属于另一个户号。</translation>
    </message>
    <message>
        <source>Only a void entry can be printed as a void receipt.</source>
        <translation>只有作废记录才能打印为作废凭证。</translation>
    </message>
    <message>
        <source>The void is not committed to the journal yet: no receipt before it is.</source>
        <translation>该作废尚未写入日志：写入之前不能出凭证。</translation>
    </message>
    <message>
        <source>The void reverses a different payment.</source>
        <translation>该作废冲正的是另一笔缴费。</translation>
    </message>
    <message>
        <source>A stored receipt has an unknown format.</source>
        <translation>保存的凭证格式未知。</translation>
    </message>
    <message>
        <source>A stored receipt is damaged (field &quot;%1&quot;).</source>
        <translation>保存的凭证已损坏（字段“%1”）。</translation>
    </message>
</context>
<context>
    <name>ReceiptLayout</name>
    <message>
        <source>The printer model &quot;%1&quot; has an impossible paper width.</source>
        <translation>打印机型号“%1”的纸宽不正确。</translation>
    </message>
    <message>
        <source>The receipt template is for %1 mm paper, wider than this printer&apos;s.</source>
        <translation>凭证模板用于 %1 毫米纸，比这台打印机的纸宽。</translation>
    </message>
</context>
<context>
    <name>ReceiptTemplate</name>
    <message>
        <source>Receipt template: &quot;%1&quot; must be %2.</source>
        <translation>凭证模板：“%1”必须是%2。</translation>
    </message>
    <message>
        <source>Receipt template: &quot;%1&quot; cannot be &quot;%2&quot;.</source>
        <translation>凭证模板：“%1”不能是“%2”。</translation>
    </message>
    <message>
        <source>Receipt template: unknown setting &quot;%1&quot; (a typo?).</source>
        <translation>凭证模板：未知设置“%1”（是否拼写错误？）。</translation>
    </message>
    <message>
        <source>a list of lines</source>
        <translation>行的列表</translation>
    </message>
    <message>
        <source>more than 20 lines</source>
        <translation>超过 20 行</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>text or a line object</source>
        <translation>文本或行对象</translation>
    </message>
    <message>
        <source>longer than 200 characters</source>
        <translation>超过 200 个字符</translation>
    </message>
    <message>
        <source>The receipt template is not valid JSON (%1 at byte %2).</source>
        <translation>凭证模板不是有效的 JSON（第 %2 字节处：%1）。</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>0, 58 or 80</source>
        <translation>0、58 或 80</translation>
    </message>
    <message>
        <source>an object of true/false</source>
        <translation>由 true/false 组成的对象</translation>
    </message>
    <message>
        <source>an object of texts</source>
        <translation>由文本组成的对象</translation>
    </message>
    <message>
        <source>a text of at most 40 characters</source>
        <translation>最多 40 个字符的文本</translation>
    </message>
    <message>
        <source>The receipt template %1 cannot be read: %2</source>
        <translation>无法读取凭证模板 %1：%2</translation>
    </message>
    <message>
        <source>The receipt template %1 is too large.</source>
        <translation>凭证模板 %1 过大。</translation>
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
