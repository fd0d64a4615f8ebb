<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountNumberRule</name>
    <message>
        <source>The utility&apos;s account-number pattern is not valid: %1</source>
        <translation>供电单位的户号格式无效：%1</translation>
    </message>
    <message>
        <source>Enter an account number.</source>
        <translation>请输入户号。</translation>
    </message>
    <message>
        <source>An account number has only digits; “%1” has other characters.</source>
        <translation>户号只能是数字；“%1”含有其他字符。</translation>
    </message>
    <message>
        <source>“%1” is not a valid account number here (%2 digits given).</source>
        <translation>“%1”不是本地有效的户号（输入了 %2 位）。</translation>
    </message>
    <message>
        <source>Account number %1 is too short to check.</source>
        <translation>户号 %1 太短，无法校验。</translation>
    </message>
    <message>
        <source>Account number %1 has a wrong check digit: a digit was probably mistyped.</source>
        <translation>户号 %1 校验位错误：可能输错了某一位数字。</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Meter %1 · %2</source>
        <translation>电表 %1 · %2</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue · penalty %1</source>
        <translation>
            <numerusform>逾期 %n 天 · 违约金 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>not yet due</source>
        <translation>未到期</translation>
    </message>
    <message>
        <source>Bills</source>
        <translation>账单</translation>
    </message>
    <message>
        <source>Late-payment penalty</source>
        <translation>违约金</translation>
    </message>
    <message>
        <source>Total owed</source>
        <translation>欠费合计</translation>
    </message>
    <message>
        <source>Prepaid balance</source>
        <translation>预存余额</translation>
    </message>
    <message>
        <source>Take payment</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>No payment: record the visit</source>
        <translation>未缴费：记录走访</translation>
    </message>
</context>
<context>
    <name>Allocation</name>
    <message>
        <source>A payment must be more than zero (got %1)</source>
        <translation>缴费金额必须大于零（当前为 %1）</translation>
    </message>
</context>
<context>
    <name>AppShell</name>
    <message>
        <source>Cannot create the data folder %1</source>
        <translation>无法创建数据文件夹 %1</translation>
    </message>
    <message>
        <source>The window could not be loaded.</source>
        <translation>窗口无法加载。</translation>
    </message>
</context>
<context>
    <name>ArrearsModel</name>
    <message>
        <source>Bills as of %1. One may have been paid at the bank since; the next sync will show it.</source>
        <translation>账单截至 %1。其间可能已在银行缴费，下次同步后会显示。</translation>
    </message>
</context>
<context>
    <name>AuditExport</name>
    <message>
        <source>export.txt is not one the center writes: %1</source>
        <translation>export.txt 不是中心写出的文件：%1</translation>
    </message>
    <message>
        <source>it is too long.</source>
        <translation>它太长了。</translation>
    </message>
    <message>
        <source>it does not start with &quot;%1&quot; and hold eight lines.</source>
        <translation>它不是以“%1”开头的八行。</translation>
    </message>
    <message>
        <source>line %1 is not &quot;%2&quot;.</source>
        <translation>第 %1 行不是“%2”。</translation>
    </message>
    <message>
        <source>a day, time or key is not as the center writes it.</source>
        <translation>日期、时间或密钥与中心写出的格式不符。</translation>
    </message>
    <message>
        <source>it is not written exactly as the center writes it.</source>
        <translation>它与中心写出的格式不完全一致。</translation>
    </message>
    <message>
        <source>checkpoint/log.tsv line %1: %2</source>
        <translation>checkpoint/log.tsv 第 %1 行：%2</translation>
    </message>
    <message>
        <source>the file does not start with &quot;# doorstep log 1&quot;.</source>
        <translation>文件不是以“# doorstep log 1”开头。</translation>
    </message>
    <message>
        <source>not an index, a device and a seq separated by tabs.</source>
        <translation>不是以制表符分隔的序号、终端和流水号。</translation>
    </message>
    <message>
        <source>leaf %1 where leaf %2 belongs.</source>
        <translation>此处应为叶子 %2，却是叶子 %1。</translation>
    </message>
    <message>
        <source>at byte %1: not a CBOR byte string holding an entry.</source>
        <translation>第 %1 字节：不是装有一条流水的 CBOR 字节串。</translation>
    </message>
    <message>
        <source>at byte %1: an entry&apos;s length is not as the center writes it.</source>
        <translation>第 %1 字节：流水长度与中心写出的格式不符。</translation>
    </message>
    <message>
        <source>at byte %1: the file ends inside a length.</source>
        <translation>第 %1 字节：文件在长度字段中间结束。</translation>
    </message>
    <message>
        <source>at byte %1: an entry of %2 bytes, not the size of any entry a terminal writes.</source>
        <translation>第 %1 字节：一条 %2 字节的流水，不是任何终端会写出的大小。</translation>
    </message>
    <message>
        <source>at byte %1: the file ends inside an entry.</source>
        <translation>第 %1 字节：文件在一条流水中间结束。</translation>
    </message>
    <message>
        <source>MANIFEST.sha256 line %1 is not a SHA-256 and a file of the export.</source>
        <translation>MANIFEST.sha256 第 %1 行不是一个 SHA-256 值加导出中的文件名。</translation>
    </message>
    <message>
        <source>MANIFEST.sha256 line %1 lists %2 a second time.</source>
        <translation>MANIFEST.sha256 第 %1 行再次列出了 %2。</translation>
    </message>
    <message>
        <source>%1 already exists: an export goes into a new folder.</source>
        <translation>%1 已存在：导出须写入新的文件夹。</translation>
    </message>
    <message>
        <source>Cannot clear %1 left by an export that failed.</source>
        <translation>无法清除失败的导出留下的 %1。</translation>
    </message>
    <message>
        <source>Cannot make the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>%1 is not a new file of the export.</source>
        <translation>%1 不是导出中的新文件。</translation>
    </message>
    <message>
        <source>Cannot make the folder for %1.</source>
        <translation>无法为 %1 创建文件夹。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot write the journal of %1: %2</source>
        <translation>无法写入 %1 的流水：%2</translation>
    </message>
    <message>
        <source>Device %1&apos;s entries must come together, under a name a file can carry.</source>
        <translation>终端 %1 的流水必须连续写出，且名称须能作文件名。</translation>
    </message>
    <message>
        <source>An entry of %1 has %2 bytes, not the size of any entry a terminal writes.</source>
        <translation>%1 的一条流水有 %2 字节，不是任何终端会写出的大小。</translation>
    </message>
    <message>
        <source>Cannot move the export into place at %1.</source>
        <translation>无法将导出移动到 %1。</translation>
    </message>
</context>
<context>
    <name>AuditVerifier</name>
    <message>
        <source>Entry %1 of the file cannot be read: %2</source>
        <translation>文件中的第 %1 条流水无法读取：%2</translation>
    </message>
    <message>
        <source>Entry %1&apos;s record cannot be read: %2</source>
        <translation>流水 %1 的记录无法读取：%2</translation>
    </message>
    <message>
        <source>Entry %1 is dated after the terminal&apos;s key was revoked.</source>
        <translation>流水 %1 的时间晚于该终端密钥被吊销的时间。</translation>
    </message>
    <message>
        <source>Entry %1 does not follow entry %2 in the chain.</source>
        <translation>流水 %1 在链中没有接在流水 %2 之后。</translation>
    </message>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1 不是文件夹。</translation>
    </message>
    <message>
        <source>export.txt is missing or unreadable.</source>
        <translation>export.txt 缺失或无法读取。</translation>
    </message>
    <message>
        <source>The export names a center key other than the one given: it was not signed by that center.</source>
        <translation>导出中写明的中心密钥与所给的不同：它不是由该中心签名的。</translation>
    </message>
    <message>
        <source>MANIFEST.sha256 is missing, or not signed by the center key.</source>
        <translation>MANIFEST.sha256 缺失，或未由中心密钥签名。</translation>
    </message>
    <message>
        <source>%1 is not a plain file.</source>
        <translation>%1 不是普通文件。</translation>
    </message>
    <message>
        <source>%1 is in the export but not in its manifest.</source>
        <translation>%1 在导出中，但不在清单中。</translation>
    </message>
    <message>
        <source>%1 is not the file the manifest lists.</source>
        <translation>%1 与清单中列出的文件不符。</translation>
    </message>
    <message>
        <source>%1 is in the manifest but not in the export.</source>
        <translation>%1 在清单中，但不在导出中。</translation>
    </message>
    <message>
        <source>devices.tsv is missing or unreadable.</source>
        <translation>devices.tsv 缺失或无法读取。</translation>
    </message>
    <message>
        <source>%1 is not the journal of a terminal in devices.tsv.</source>
        <translation>%1 不是 devices.tsv 中某个终端的流水。</translation>
    </message>
    <message>
        <source>Device id &quot;%1&quot; is not one a file name can carry.</source>
        <translation>终端编号“%1”不能用作文件名。</translation>
    </message>
    <message>
        <source>%1 cannot be read.</source>
        <translation>%1 无法读取。</translation>
    </message>
    <message>
        <source>The views were not compared: the journals of %1 have problems named above.</source>
        <translation>未比对视图：%1 的流水存在上面列出的问题。</translation>
    </message>
    <message>
        <source>%1 is missing.</source>
        <translation>%1 缺失。</translation>
    </message>
    <message>
        <source>%1 is not what the signed entries say.</source>
        <translation>%1 与已签名的流水不符。</translation>
    </message>
    <message>
        <source>%1 line %2 is not what the signed entries say.</source>
        <translation>%1 第 %2 行与已签名的流水不符。</translation>
    </message>
    <message>
        <source>The log is missing or unreadable.</source>
        <translation>日志缺失或无法读取。</translation>
    </message>
    <message>
        <source>The signed tree head is missing or unreadable.</source>
        <translation>已签名的树头缺失或无法读取。</translation>
    </message>
    <message>
        <source>The tree head is not signed by the center key.</source>
        <translation>树头不是由中心密钥签名的。</translation>
    </message>
    <message>
        <source>The log lists entry %1 of %2 twice.</source>
        <translation>日志两次列出了 %2 的流水 %1。</translation>
    </message>
    <message>
        <source>The log lists entry %1 of %2, which the journals do not hold.</source>
        <translation>日志列出了 %2 的流水 %1，但流水文件中没有它。</translation>
    </message>
    <message>
        <source>Entry %1 of %2 is in its journal but not in the center&apos;s log.</source>
        <translation>%2 的流水 %1 在其流水文件中，但不在中心的日志中。</translation>
    </message>
    <message>
        <source>The tree head covers %1 entries; the log lists %2.</source>
        <translation>树头涵盖 %1 条流水；日志列出 %2 条。</translation>
    </message>
    <message>
        <source>The log&apos;s Merkle root is not the one the tree head signs.</source>
        <translation>日志的 Merkle 根与树头所签的不符。</translation>
    </message>
    <message>
        <source>The tree head given is not signed by the center key.</source>
        <translation>所给的树头不是由中心密钥签名的。</translation>
    </message>
    <message>
        <source>The log does not begin with the %1 entries of the tree head given: the center&apos;s earlier log was changed.</source>
        <translation>日志的开头不是所给树头的 %1 条流水：中心先前的日志被改动过。</translation>
    </message>
    <message>
        <source>The previous tree head cannot be read.</source>
        <translation>上一个树头无法读取。</translation>
    </message>
    <message>
        <source>The previous tree head is not signed by the center key.</source>
        <translation>上一个树头不是由中心密钥签名的。</translation>
    </message>
    <message>
        <source>The tree does not provably extend the previous tree head of %1 entries.</source>
        <translation>无法证明此树是上一个含 %1 条流水的树头的延续。</translation>
    </message>
    <message>
        <source>The log&apos;s first %1 entries are not the tree the previous head signed.</source>
        <translation>日志的前 %1 条流水不是上一个树头所签的树。</translation>
    </message>
</context>
<context>
    <name>AuditViews</name>
    <message>
        <source>Entry %1 holds amounts no terminal&apos;s day could add up to; the views stop before it.</source>
        <translation>流水 %1 中的金额不是任何终端一天能累计出的；视图在它之前停止。</translation>
    </message>
    <message>
        <source>Entry %1 counts the cash of a shift that is not open (entry %2).</source>
        <translation>流水 %1 清点的是一个未开启的班次（流水 %2）的现金。</translation>
    </message>
    <message>
        <source>Entry %1 says %2 was expected in hand; the shift&apos;s entries add up to %3.</source>
        <translation>流水 %1 记载应有现金 %2；本班次的流水合计为 %3。</translation>
    </message>
    <message>
        <source>Void %1 reverses entry %2, which is not an earlier payment of this terminal.</source>
        <translation>作废 %1 冲正的流水 %2 不是本终端较早的一笔收款。</translation>
    </message>
    <message>
        <source>Void %1 reverses payment %2 a second time.</source>
        <translation>作废 %1 再次冲正了收款 %2。</translation>
    </message>
    <message>
        <source>Entry %1 records a time from the center that the center&apos;s key did not sign.</source>
        <translation>第 %1 条记录的中心时间并非中心密钥所签。</translation>
    </message>
    <message>
        <source>Entry %1 is dated %2, before the center&apos;s time %3 that the terminal had already received.</source>
        <translation>第 %1 条的时间为 %2，早于终端此前已收到的中心时间 %3。</translation>
    </message>
    <message>
        <source>Entry %1 is dated %2, after the center&apos;s time %3 witnessed at the next sync (entry %4).</source>
        <translation>第 %1 条的时间为 %2，晚于下一次同步见证的中心时间 %3（第 %4 条）。</translation>
    </message>
    <message>
        <source>Entry %1 records the center&apos;s time %2 at %3, out of step with the entries around it.</source>
        <translation>第 %1 条在 %3 记录了中心时间 %2，与前后记录的时间不符。</translation>
    </message>
    <message>
        <source>Close %1 calls itself Z-report %2; it is close number %3 of this terminal.</source>
        <translation>结班记录 %1 自称日结单 %2，实为本终端第 %3 次结班。</translation>
    </message>
    <message>
        <source>Close %1 states %2 payments of %3 and %4 voids of %5 since the first entry; the entries add up to %6 payments of %7 and %8 voids of %9.</source>
        <translation>结班记录 %1 称自首条记录起收费 %2 笔共 %3、作废 %4 笔共 %5；按记录计算为收费 %6 笔共 %7、作废 %8 笔共 %9。</translation>
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
    <name>CashCount</name>
    <message>
        <source>%1 is not a note or coin that can be counted.</source>
        <translation>%1 不是可清点的纸币或硬币面额。</translation>
    </message>
    <message>
        <source>%1 pieces of %2: a count is a whole number from 0 to %3.</source>
        <translation>%2 的张数 %1 无效：张数必须是 0 到 %3 之间的整数。</translation>
    </message>
</context>
<context>
    <name>CashCountFields</name>
    <message>
        <source>%1 ×</source>
        <translation>%1 ×</translation>
    </message>
    <message>
        <source>pieces</source>
        <translation>张/枚</translation>
    </message>
</context>
<context>
    <name>CenterLink</name>
    <message>
        <source>The center&apos;s key does not match the one pinned at enrolment; not talking to it.</source>
        <translation>收费中心的密钥与注册时固定的密钥不符，已停止与其通信。</translation>
    </message>
    <message>
        <source>The center&apos;s answer is larger than allowed.</source>
        <translation>收费中心的应答超出允许的大小。</translation>
    </message>
</context>
<context>
    <name>Choices</name>
    <message>
        <source>Not at home</source>
        <translation>不在家</translation>
    </message>
    <message>
        <source>Refused to pay</source>
        <translation>拒绝缴费</translation>
    </message>
    <message>
        <source>Promised to pay on a date</source>
        <translation>承诺某日缴费</translation>
    </message>
    <message>
        <source>Disconnection notice delivered</source>
        <translation>已送达停电通知</translation>
    </message>
    <message>
        <source>Meter problem</source>
        <translation>电表问题</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>CloseShiftPage</name>
    <message>
        <source>Close the shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Counted %1, expected %2: difference %3.</source>
        <translation>清点 %1，应有 %2：差额 %3。</translation>
    </message>
    <message>
        <source>Count the cash by note and coin. The expected figure is shown after the count.</source>
        <translation>请按纸币和硬币面额清点现金。清点后会显示应有金额。</translation>
    </message>
    <message>
        <source>Done counting</source>
        <translation>清点完成</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应有</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>Close with supervisor approval</source>
        <translation>经站长批准交班</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Z-report</source>
        <translation>Z 报表</translation>
    </message>
    <message>
        <source>Printer: %1</source>
        <translation>打印机：%1</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Counted so far: %1</source>
        <translation>已清点：%1</translation>
    </message>
    <message>
        <source>Count %1 of this shift: every count is in the journal and on the Z-report.</source>
        <translation>本班第 %1 次清点：每次清点都记入流水并打印在结班报表上。</translation>
    </message>
    <message>
        <source>Count again</source>
        <translation>重新清点</translation>
    </message>
</context>
<context>
    <name>CollectionDesk</name>
    <message>
        <source>This terminal&apos;s journal failed its check at entry %1: %2 No payments can be taken. Call your supervisor; do not reset the terminal.</source>
        <translation>本终端的日志在第 %1 条记录处校验失败：%2 不能再收费。请联系站长；不要重置终端。</translation>
    </message>
    <message>
        <source>The collection desk is not open yet.</source>
        <translation>收费台尚未打开。</translation>
    </message>
    <message>
        <source>No shift is open. Open a shift first.</source>
        <translation>没有已开的班次。请先开班。</translation>
    </message>
    <message>
        <source>The open shift belongs to %1. %1 must close it before anyone else collects.</source>
        <translation>当前班次属于 %1。%1 必须先交班，其他人才能收费。</translation>
    </message>
    <message>
        <source>A supervisor cannot approve their own shift&apos;s correction: another supervisor must enter their PIN.</source>
        <translation>站长不能批准自己班次的更正：须由另一位站长输入其密码。</translation>
    </message>
    <message>
        <source>No route is loaded on this terminal. Sync to get today&apos;s route.</source>
        <translation>本终端未加载路线。请同步以获取今天的路线。</translation>
    </message>
    <message>
        <source>Account %1 is not on this terminal&apos;s route.</source>
        <translation>户号 %1 不在本终端的路线上。</translation>
    </message>
    <message>
        <source>A shift of %1 is still open (entry %2). Close it before opening another.</source>
        <translation>%1 的班次仍未结束（记录 %2）。请先交班再开新班次。</translation>
    </message>
    <message>
        <source>The opening float cannot be negative.</source>
        <translation>开班备用金不能为负数。</translation>
    </message>
    <message>
        <source>Entry %1 cannot be read.</source>
        <translation>无法读取记录 %1。</translation>
    </message>
    <message>
        <source>The cash has been counted for closing: no more payments in this shift. Close it, then open a new one.</source>
        <translation>现金已为交班清点：本班次不能再收费。请先交班，再开新班次。</translation>
    </message>
    <message>
        <source>The amount must be more than zero.</source>
        <translation>金额必须大于零。</translation>
    </message>
    <message>
        <source>Cash received (%1) is less than the amount (%2).</source>
        <translation>实收现金（%1）少于应缴金额（%2）。</translation>
    </message>
    <message>
        <source>A cash payment has no slip or voucher reference.</source>
        <translation>现金缴费不应填写签购单或凭单参考号。</translation>
    </message>
    <message>
        <source>For a card, voucher or bank payment the amount received is the amount paid.</source>
        <translation>刷卡、凭单或银行缴费的实收金额即缴费金额。</translation>
    </message>
    <message>
        <source>Enter the card slip, voucher or bank transfer reference.</source>
        <translation>请输入刷卡签购单、凭单或银行转账的参考号。</translation>
    </message>
    <message>
        <source>The reference is too long or holds invisible characters.</source>
        <translation>参考号过长或含有不可见字符。</translation>
    </message>
    <message>
        <source>Unknown payment method.</source>
        <translation>未知的缴费方式。</translation>
    </message>
    <message>
        <source>Unknown visit outcome.</source>
        <translation>未知的走访结果。</translation>
    </message>
    <message>
        <source>The note is too long or holds invisible characters.</source>
        <translation>备注过长或含有不可见字符。</translation>
    </message>
    <message>
        <source>Write the note.</source>
        <translation>请填写备注。</translation>
    </message>
    <message>
        <source>Enter the date the customer promised to pay.</source>
        <translation>请输入客户承诺缴费的日期。</translation>
    </message>
    <message>
        <source>The promised date must be from today (%1) to a year ahead.</source>
        <translation>承诺日期必须在今天（%1）到一年以内。</translation>
    </message>
    <message>
        <source>Only a promise to pay has a date.</source>
        <translation>只有承诺缴费才需要日期。</translation>
    </message>
    <message>
        <source>Entry %1 is not a payment.</source>
        <translation>记录 %1 不是缴费。</translation>
    </message>
    <message>
        <source>Payment %1 is already void.</source>
        <translation>缴费 %1 已作废。</translation>
    </message>
    <message>
        <source>Only a payment of the open shift can be voided here; the center corrects older ones.</source>
        <translation>这里只能作废当前班次的缴费；更早的由收费中心更正。</translation>
    </message>
    <message>
        <source>Give the reason for the void.</source>
        <translation>请填写作废原因。</translation>
    </message>
    <message>
        <source>The reason is too long or holds invisible characters.</source>
        <translation>原因过长或含有不可见字符。</translation>
    </message>
    <message>
        <source>The cash has been counted for closing: no more corrections.</source>
        <translation>现金已为交班清点：不能再更正。</translation>
    </message>
    <message>
        <source>Cash is handed over to someone else.</source>
        <translation>现金只能移交给他人。</translation>
    </message>
    <message>
        <source>%1 is more than the cash the journal says you hold (%2).</source>
        <translation>%1 超过了日志记录的您手中现金（%2）。</translation>
    </message>
    <message>
        <source>Counted %1, the journal expects %2: a difference of %3. A supervisor must approve with their PIN.</source>
        <translation>清点 %1，日志应有 %2：差额 %3。须由站长输入密码批准。</translation>
    </message>
    <message>
        <source>Entry %1 is not what was printed.</source>
        <translation>条目 %1 与打印的内容不符。</translation>
    </message>
    <message>
        <source>The cash has been counted for closing: hand it over with the close.</source>
        <translation>现金已为结班清点：请随结班一并上交。</translation>
    </message>
    <message>
        <source>Count the notes and coins handed over.</source>
        <translation>请清点上交的纸币和硬币。</translation>
    </message>
    <message>
        <source>Choose who receives the cash.</source>
        <translation>请选择收款人。</translation>
    </message>
    <message>
        <source>The shift&apos;s cash count cannot be read back. Call your supervisor.</source>
        <translation>无法读取本班的现金清点记录。请联系主管。</translation>
    </message>
    <message>
        <source>These notes and coins differ from the last count. Count again: the new count is recorded beside the first.</source>
        <translation>这些纸币和硬币与上次清点不符。请重新清点：新的清点将与第一次一并记录。</translation>
    </message>
</context>
<context>
    <name>CustomerClass</name>
    <message>
        <source>Residential</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation>商业</translation>
    </message>
    <message>
        <source>Large industrial</source>
        <translation>大工业</translation>
    </message>
    <message>
        <source>Agricultural</source>
        <translation>农业</translation>
    </message>
</context>
<context>
    <name>DeskService</name>
    <message>
        <source>Report %1</source>
        <translation>报表 %1</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>开班 %1</translation>
    </message>
    <message>
        <source>Closed %1</source>
        <translation>交班 %1</translation>
    </message>
    <message>
        <source>Penalties collected: %1</source>
        <translation>违约金收入：%1</translation>
    </message>
    <message>
        <source>To prepaid balances: %1</source>
        <translation>转入预存余额：%1</translation>
    </message>
    <message>
        <source>Opening float: %1</source>
        <translation>开班备用金：%1</translation>
    </message>
    <message>
        <source>Expected cash: %1</source>
        <translation>应有现金：%1</translation>
    </message>
    <message>
        <source>Counted cash: %1</source>
        <translation>实点现金：%1</translation>
    </message>
    <message>
        <source>Difference: %1</source>
        <translation>差额：%1</translation>
    </message>
    <message>
        <source>Difference accepted by %1</source>
        <translation>差额由 %1 批准</translation>
    </message>
    <message>
        <source>The terminal is not ready.</source>
        <translation>终端尚未就绪。</translation>
    </message>
    <message>
        <source>%1 penalty  %2</source>
        <translation>%1 违约金  %2</translation>
    </message>
    <message>
        <source>%1 bill  %2</source>
        <translation>%1 账单  %2</translation>
    </message>
    <message>
        <source>Choose how the customer pays.</source>
        <translation>请选择客户的缴费方式。</translation>
    </message>
    <message>
        <source>Count each note and coin as a whole number of pieces.</source>
        <translation>每种纸币和硬币请按整数张数清点。</translation>
    </message>
    <message>
        <source>Choose what happened at the door.</source>
        <translation>请选择上门走访的结果。</translation>
    </message>
    <message>
        <source>Enter the promised date as YYYY-MM-DD.</source>
        <translation>请按 YYYY-MM-DD 格式输入承诺日期。</translation>
    </message>
    <message>
        <source>Visit recorded (entry %1).</source>
        <translation>走访已记录（记录 %1）。</translation>
    </message>
    <message>
        <source>Locked after a while without use. Log in again.</source>
        <translation>长时间未操作已锁定。请重新登录。</translation>
    </message>
    <message>
        <source>%1 · terminal %2 · opened by %3</source>
        <translation>%1 · 终端 %2 · 由 %3 查看</translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s) · %1</source>
        <translation>
            <numerusform>%n 笔收款 · %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  %1: %n payment(s) · %2</source>
        <translation>
            <numerusform>  %1：%n 笔收款 · %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n void(s) · %1</source>
        <translation>
            <numerusform>%n 笔作废 · %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) without payment</source>
        <translation>
            <numerusform>%n 次走访未收款</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n receipt(s) printed</source>
        <translation>
            <numerusform>已打印 %n 张收据</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reprint(s)</source>
        <translation>
            <numerusform>%n 次补打</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Today: %1 of %n account(s) paid or visited · %2 collected</source>
        <translation>
            <numerusform>今日：%n 户中已收款或走访 %1 户 · 已收 %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Earlier count: %1</source>
        <translation>此前清点：%1</translation>
    </message>
</context>
<context>
    <name>DeviceEnrolment</name>
    <message>
        <source>This terminal is not enrolled with a center.</source>
        <translation>本终端尚未在收费中心注册。</translation>
    </message>
    <message>
        <source>This terminal&apos;s enrolment record is damaged; enrol it again.</source>
        <translation>本终端的注册记录已损坏，请重新注册。</translation>
    </message>
    <message>
        <source>The enrolment could not be saved on this terminal.</source>
        <translation>无法在本终端上保存注册信息。</translation>
    </message>
    <message>
        <source>The center&apos;s key fingerprint is 64 hexadecimal digits, as printed beside the enrolment code.</source>
        <translation>收费中心密钥指纹为 64 位十六进制数字，印在注册码旁边。</translation>
    </message>
    <message>
        <source>Enter the center&apos;s address, e.g. https://center.example:8443.</source>
        <translation>请输入收费中心地址，例如 https://center.example:8443。</translation>
    </message>
    <message>
        <source>Enter the one-time code the supervisor gave you.</source>
        <translation>请输入站长给您的一次性注册码。</translation>
    </message>
    <message>
        <source>Enter the center&apos;s key fingerprint printed beside the code.</source>
        <translation>请输入注册码旁印的收费中心密钥指纹。</translation>
    </message>
    <message>
        <source>This terminal is already enrolled.</source>
        <translation>本终端已注册。</translation>
    </message>
    <message>
        <source>The terminal&apos;s data folder cannot be created.</source>
        <translation>无法创建本终端的数据文件夹。</translation>
    </message>
    <message>
        <source>The center&apos;s key does not match the fingerprint given with the code. Not enrolling: tell the supervisor.</source>
        <translation>收费中心的密钥与注册码附带的指纹不符。未注册：请告知站长。</translation>
    </message>
    <message>
        <source>This enrolment code has already been used.</source>
        <translation>此注册码已被使用。</translation>
    </message>
    <message>
        <source>This enrolment code has expired; ask for a new one.</source>
        <translation>此注册码已过期，请重新申请。</translation>
    </message>
    <message>
        <source>The center does not know this code. Check it and try again.</source>
        <translation>收费中心无法识别此注册码。请检查后重试。</translation>
    </message>
    <message>
        <source>The center refused the enrolment (%1): %2</source>
        <translation>收费中心拒绝注册（%1）：%2</translation>
    </message>
    <message>
        <source>The center&apos;s answer makes no sense; nothing was changed here.</source>
        <translation>收费中心的应答无法识别；本机未做任何更改。</translation>
    </message>
</context>
<context>
    <name>DeviceKey</name>
    <message>
        <source>The device key %1 cannot be read.</source>
        <translation>无法读取设备密钥 %1。</translation>
    </message>
    <message>
        <source>The file %1 does not hold an Ed25519 device key.</source>
        <translation>文件 %1 不是 Ed25519 设备密钥。</translation>
    </message>
    <message>
        <source>The device key %1 can be read by other users; refusing to use it. Restrict it to its owner (mode 0600).</source>
        <translation>设备密钥 %1 可被其他用户读取，拒绝使用。请将其权限限制为仅所有者可读写（mode 0600）。</translation>
    </message>
    <message>
        <source>The device key could not be generated (%1).</source>
        <translation>无法生成设备密钥（%1）。</translation>
    </message>
    <message>
        <source>The device key could not be written to %1.</source>
        <translation>无法将设备密钥写入 %1。</translation>
    </message>
    <message>
        <source>The device key %1 already exists.</source>
        <translation>设备密钥 %1 已存在。</translation>
    </message>
    <message>
        <source>This is not an Ed25519 private key.</source>
        <translation>这不是 Ed25519 私钥。</translation>
    </message>
</context>
<context>
    <name>DeviceKeyList</name>
    <message>
        <source>Device keys, line %1: %2</source>
        <translation>终端密钥文件第 %1 行：%2</translation>
    </message>
    <message>
        <source>the file does not start with &quot;%1&quot;.</source>
        <translation>文件开头不是“%1”。</translation>
    </message>
    <message>
        <source>not four fields separated by tabs.</source>
        <translation>不是以制表符分隔的四个字段。</translation>
    </message>
    <message>
        <source>a device id, key or time is not as the center writes it.</source>
        <translation>终端编号、密钥或时间的写法与中心导出的不符。</translation>
    </message>
    <message>
        <source>device %1 is listed twice.</source>
        <translation>终端 %1 出现了两次。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>the file is larger than any center writes.</source>
        <translation>文件大于中心可能导出的大小。</translation>
    </message>
</context>
<context>
    <name>EnrolmentLink</name>
    <message>
        <source>This enrolment code is too long to be one of ours.</source>
        <translation>这个注册码太长，不是本系统的注册码。</translation>
    </message>
    <message>
        <source>This is not a Doorstep enrolment code.</source>
        <translation>这不是本系统的终端注册码。</translation>
    </message>
    <message>
        <source>The enrolment code is damaged: read it again.</source>
        <translation>注册码已损坏，请重新扫描。</translation>
    </message>
    <message>
        <source>The enrolment code does not name a center address.</source>
        <translation>注册码中没有收费中心地址。</translation>
    </message>
    <message>
        <source>The enrolment code carries no valid one-time code.</source>
        <translation>注册码中没有有效的一次性注册码。</translation>
    </message>
    <message>
        <source>The enrolment code&apos;s key fingerprint is not 64 hex digits.</source>
        <translation>注册码中的收费中心密钥指纹不是 64 位十六进制数字。</translation>
    </message>
    <message>
        <source>The enrolment code has no key fingerprint for its https center.</source>
        <translation>注册码使用 https 地址，却没有收费中心密钥指纹。</translation>
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
    <name>ExposurePolicy</name>
    <message>
        <source>Exposure limit &quot;%1&quot;: %2</source>
        <translation>风险限额“%1”：%2</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>Exposure limit &quot;%1&quot; is given twice</source>
        <translation>风险限额“%1”重复设置</translation>
    </message>
    <message>
        <source>not a count from 0 to %1</source>
        <translation>不是 0 到 %1 之间的数量</translation>
    </message>
    <message>
        <source>not a percentage from 1 to 100</source>
        <translation>不是 1 到 100 之间的百分比</translation>
    </message>
    <message>
        <source>Unknown exposure limit &quot;%1&quot;</source>
        <translation>未知的风险限额“%1”</translation>
    </message>
    <message>
        <source>Cash in hand is %1; with this payment of %2 it would pass the limit of %3. Hand over cash or sync before taking more cash.</source>
        <translation>手头现金 %1，加上本笔 %2 将超过上限 %3。请先上缴现金或同步，再继续收取现金。</translation>
    </message>
    <message>
        <source>Cash in hand is %1, at or over the limit of %2. Hand over cash or sync before taking more cash.</source>
        <translation>手头现金 %1，已达到或超过上限 %2。请先上缴现金或同步，再继续收取现金。</translation>
    </message>
    <message>
        <source>Cash in hand is %1 of the %2 limit. Plan to hand over cash soon.</source>
        <translation>手头现金已达 %1（上限 %2）。请尽快安排上缴现金。</translation>
    </message>
    <message>
        <source>%1 journal entries are not yet with the billing center; the limit is %2. Sync before taking more cash.</source>
        <translation>%1 条日志记录尚未上传到收费中心，上限为 %2 条。请先同步，再继续收取现金。</translation>
    </message>
    <message>
        <source>%1 journal entries are not yet with the billing center, close to the limit of %2. Sync soon.</source>
        <translation>%1 条日志记录尚未上传到收费中心，接近 %2 条的上限。请尽快同步。</translation>
    </message>
    <message>
        <source>The exposure limits could not be saved: %1</source>
        <translation>无法保存风险限额：%1</translation>
    </message>
    <message>
        <source>The exposure limits kept on this terminal cannot be read; sync to get them again.</source>
        <translation>无法读取本终端保存的风险限额；请同步以重新获取。</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>not a number of hours from 0 to %1 with at most three decimals (0.5 is half an hour)</source>
        <translation>不是 0 到 %1 之间、最多三位小数的小时数（0.5 即半小时）</translation>
    </message>
    <message>
        <source>Last sync was %1 ago; the limit is %2. Sync before taking more cash.</source>
        <translation>上次同步在 %1 前，上限为 %2。请先同步，再继续收取现金。</translation>
    </message>
    <message>
        <source>Last sync was %1 ago, close to the limit of %2. Sync soon.</source>
        <translation>上次同步在 %1 前，接近 %2 的上限。请尽快同步。</translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <source>Enrol this terminal</source>
        <translation>注册本终端</translation>
    </message>
    <message>
        <source>Ask the supervisor for an enrolment code for this terminal and its route.</source>
        <translation>请向站长申请本终端及其路线的注册码。</translation>
    </message>
    <message>
        <source>Center address, e.g. https://center.example:8443</source>
        <translation>收费中心地址，例如 https://center.example:8443</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>一次性注册码</translation>
    </message>
    <message>
        <source>Center key fingerprint (64 hex digits)</source>
        <translation>收费中心密钥指纹（64 位十六进制）</translation>
    </message>
    <message>
        <source>Enrolling…</source>
        <translation>正在注册…</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Enrolled as %1. Loading the route…</source>
        <translation>已注册为 %1。正在加载路线…</translation>
    </message>
    <message>
        <source>Scan its QR code from the desk to fill in everything below, or type it.</source>
        <translation>扫描收费中心网页上的注册二维码即可填好下面各项，也可以手工输入。</translation>
    </message>
</context>
<context>
    <name>HandOverPage</name>
    <message>
        <source>Hand over cash</source>
        <translation>上交现金</translation>
    </message>
    <message>
        <source>%1 handed over to %2. Cash you hold now: %3.</source>
        <translation>已向 %2 上交 %1。您现持有现金：%3。</translation>
    </message>
    <message>
        <source>Received by</source>
        <translation>收款人</translation>
    </message>
    <message>
        <source>Hand over %1. The receiver enters their PIN.</source>
        <translation>上交 %1。请收款人输入密码。</translation>
    </message>
    <message>
        <source>Count the notes and coins you hand over.</source>
        <translation>请清点要上交的纸币和硬币。</translation>
    </message>
    <message>
        <source>To hand over: %1</source>
        <translation>上交金额：%1</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>上交</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>Journal</name>
    <message>
        <source>The journal file is damaged and cannot be read (%1). Take no payments on this terminal and call your supervisor.</source>
        <translation>日志文件已损坏，无法读取（%1）。请勿在本终端收费，并联系站长。</translation>
    </message>
    <message>
        <source>The device has no signing key; the journal cannot be opened.</source>
        <translation>设备没有签名密钥，无法打开日志。</translation>
    </message>
    <message>
        <source>The journal&apos;s storage cannot keep a write-ahead log; it was not opened.</source>
        <translation>日志存储不支持预写日志（WAL），未打开日志。</translation>
    </message>
    <message>
        <source>The journal&apos;s storage refused to sync each payment to disk; it was not opened.</source>
        <translation>日志存储拒绝将每笔缴费同步写入磁盘，未打开日志。</translation>
    </message>
    <message>
        <source>The journal was written by a newer version of Doorstep.</source>
        <translation>日志由更新版本的 Doorstep 写入。</translation>
    </message>
    <message>
        <source>The journal&apos;s last entry is damaged. Take no payments on this terminal and call your supervisor.</source>
        <translation>日志的最后一条记录已损坏。请勿在本终端收费，并联系站长。</translation>
    </message>
    <message>
        <source>The journal is not open.</source>
        <translation>日志未打开。</translation>
    </message>
    <message>
        <source>The entry&apos;s record cannot be stored faithfully.</source>
        <translation>无法如实保存该记录的内容。</translation>
    </message>
    <message>
        <source>The entry could not be signed.</source>
        <translation>无法对该记录签名。</translation>
    </message>
    <message>
        <source>The journal&apos;s totals are not available; the entries are added up instead.</source>
        <translation>日志合计不可用，改为逐条累加记录。</translation>
    </message>
    <message>
        <source>The journal&apos;s totals do not add up to its entries; the entries are added up instead.</source>
        <translation>日志合计与记录不符，改为逐条累加记录。</translation>
    </message>
    <message>
        <source>A journal record has a field this version does not know.</source>
        <translation>日志记录含有此版本无法识别的字段。</translation>
    </message>
    <message>
        <source>A journal record has a missing or wrong field (%1).</source>
        <translation>日志记录缺少字段或字段有误（%1）。</translation>
    </message>
    <message>
        <source>A journal entry is not readable CBOR.</source>
        <translation>日志记录不是可读的 CBOR。</translation>
    </message>
    <message>
        <source>A journal entry has fields of the wrong kind.</source>
        <translation>日志记录的字段类型错误。</translation>
    </message>
    <message>
        <source>A journal entry has an unknown field.</source>
        <translation>日志记录含有未知字段。</translation>
    </message>
    <message>
        <source>A journal entry is missing a field or has one of the wrong type.</source>
        <translation>日志记录缺少字段或字段类型错误。</translation>
    </message>
    <message>
        <source>A journal entry has an unknown kind.</source>
        <translation>日志记录的类型未知。</translation>
    </message>
    <message>
        <source>A journal entry has an impossible sequence number or hash size.</source>
        <translation>日志记录的序号或哈希长度无效。</translation>
    </message>
    <message>
        <source>A journal entry is not in its one canonical form.</source>
        <translation>日志记录不符合唯一的规范编码格式。</translation>
    </message>
    <message>
        <source>The center ordered this terminal wiped: nothing more can be recorded on it. Sync so that the wipe can finish.</source>
        <translation>中心已下令清除此终端：不能再记录任何内容。请同步，以便完成清除。</translation>
    </message>
    <message>
        <source>This terminal is locked by the center: it takes no payment and no void until it is unlocked. Call your supervisor.</source>
        <translation>此终端已被中心锁定：解锁前不能收款或作废。请联系主管。</translation>
    </message>
</context>
<context>
    <name>JournalAckFile</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is larger than the center&apos;s receipt can be.</source>
        <translation>%1 超出了中心回执可能的大小。</translation>
    </message>
    <message>
        <source>%1 is not a receipt from the center.</source>
        <translation>%1 不是中心的回执。</translation>
    </message>
    <message>
        <source>%1 is damaged.</source>
        <translation>%1 已损坏。</translation>
    </message>
    <message>
        <source>%1 is not signed by this terminal&apos;s center.</source>
        <translation>%1 不是本终端所属中心签发的。</translation>
    </message>
    <message>
        <source>%1 is damaged: a field is missing or out of range.</source>
        <translation>%1 已损坏：缺少字段或字段超出范围。</translation>
    </message>
</context>
<context>
    <name>JournalExportFile</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1 names no device.</source>
        <translation>%1 未注明设备。</translation>
    </message>
    <message>
        <source>%1 is damaged: a field is missing.</source>
        <translation>%1 已损坏：缺少字段。</translation>
    </message>
    <message>
        <source>%1 is not signed by the key enrolled for device %2.</source>
        <translation>%1 不是由设备 %2 注册的密钥签名的。</translation>
    </message>
    <message>
        <source>%1 is damaged: an entry is not bytes.</source>
        <translation>%1 已损坏：有记录不是字节数据。</translation>
    </message>
    <message>
        <source>%1: entry %2 is damaged: %3</source>
        <translation>%1：第 %2 条记录已损坏：%3</translation>
    </message>
    <message>
        <source>%1 mixes entries of another device.</source>
        <translation>%1 混有其他设备的记录。</translation>
    </message>
    <message>
        <source>%1: entries are not consecutive after seq %2.</source>
        <translation>%1：序号 %2 之后的记录不连续。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is larger than an export can be.</source>
        <translation>%1 超出导出文件的最大大小。</translation>
    </message>
    <message>
        <source>%1 is not a Doorstep journal export.</source>
        <translation>%1 不是 Doorstep 日志导出文件。</translation>
    </message>
    <message>
        <source>%1 is damaged: %2</source>
        <translation>%1 已损坏：%2</translation>
    </message>
    <message>
        <source>%1 is damaged: no payload and signature.</source>
        <translation>%1 已损坏：没有载荷和签名。</translation>
    </message>
    <message>
        <source>%1 is damaged: the payload is not readable.</source>
        <translation>%1 已损坏：载荷无法读取。</translation>
    </message>
</context>
<context>
    <name>JournalVerifier</name>
    <message>
        <source>The device&apos;s public key is not valid.</source>
        <translation>设备公钥无效。</translation>
    </message>
    <message>
        <source>Entry %1 does not carry this device&apos;s valid signature.</source>
        <translation>第 %1 条记录没有本设备的有效签名。</translation>
    </message>
    <message>
        <source>Entry %1 belongs to another device.</source>
        <translation>第 %1 条记录属于其他设备。</translation>
    </message>
    <message>
        <source>Entry %1 repeats or goes back in the sequence.</source>
        <translation>第 %1 条记录的序号重复或倒退。</translation>
    </message>
    <message>
        <source>Entry %1 is missing: the sequence has a gap.</source>
        <translation>缺少第 %1 条记录：序号不连续。</translation>
    </message>
    <message>
        <source>Entry %1 does not follow the entry before it: the chain is broken.</source>
        <translation>第 %1 条记录未接续上一条记录：哈希链已断开。</translation>
    </message>
    <message>
        <source>Entry %1 was altered: its content does not match its hash.</source>
        <translation>第 %1 条记录已被篡改：内容与哈希不符。</translation>
    </message>
    <message>
        <source>Entry %1 is damaged and cannot be read.</source>
        <translation>第 %1 条记录已损坏，无法读取。</translation>
    </message>
    <message>
        <source>Entry %1 is stored in the wrong place.</source>
        <translation>第 %1 条记录存储位置错误。</translation>
    </message>
    <message>
        <source>Entry %1&apos;s stored figures were altered and differ from the signed entry.</source>
        <translation>第 %1 条记录存储的数值已被篡改，与已签名的记录不符。</translation>
    </message>
    <message>
        <source>The journal ends early: entry %1 is missing.</source>
        <translation>日志提前结束：缺少第 %1 条记录。</translation>
    </message>
</context>
<context>
    <name>LinkTrouble</name>
    <message>
        <source>The center is not answering at its address (is it running?).</source>
        <translation>收费中心在该地址没有响应（是否已启动？）。</translation>
    </message>
    <message>
        <source>The center closed the connection part-way.</source>
        <translation>收费中心中途断开了连接。</translation>
    </message>
    <message>
        <source>The center&apos;s address cannot be found: no network here, or a wrong address.</source>
        <translation>找不到收费中心的地址：此处没有网络，或地址有误。</translation>
    </message>
    <message>
        <source>The center took too long to answer (a weak link?).</source>
        <translation>收费中心响应超时（信号弱？）。</translation>
    </message>
    <message>
        <source>The secure connection to the center failed.</source>
        <translation>与收费中心的安全连接失败。</translation>
    </message>
    <message>
        <source>No network at the moment.</source>
        <translation>当前没有网络。</translation>
    </message>
    <message>
        <source>The network&apos;s proxy did not let the connection through.</source>
        <translation>网络代理阻止了连接。</translation>
    </message>
    <message>
        <source>The link to the center failed: %1</source>
        <translation>与收费中心的连接失败：%1</translation>
    </message>
</context>
<context>
    <name>LockedPage</name>
    <message>
        <source>Terminal locked</source>
        <translation>终端已锁定</translation>
    </message>
    <message>
        <source>This terminal is being wiped</source>
        <translation>此终端正在被清除</translation>
    </message>
    <message>
        <source>This terminal is locked</source>
        <translation>此终端已锁定</translation>
    </message>
    <message>
        <source>The billing center ordered this terminal wiped. Nothing more can be recorded on it. Once the center has every entry, its journal, route and key are erased and it starts again as a new terminal. Keep it connected.</source>
        <translation>营业中心已下令清除此终端，不能再记录任何内容。中心收到全部条目后，将删除其日志、线路和密钥，终端将作为新终端重新启动。请保持连接。</translation>
    </message>
    <message>
        <source>The billing center locked this terminal. It takes no payments and no voids until the center unlocks it.</source>
        <translation>营业中心已锁定此终端。在中心解锁之前，不能收款或作废。</translation>
    </message>
    <message>
        <source>Call your supervisor or the billing center, and give them this terminal&apos;s name: %1</source>
        <translation>请联系主管或营业中心，并告知此终端名称：%1</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>This terminal is revoked</source>
        <translation>本终端已被停用</translation>
    </message>
    <message>
        <source>The billing center took this terminal out of service (lost, stolen or retired). It takes no payments and can no longer sync. What it sent before is kept at the center. Hand it to your supervisor.</source>
        <translation>收费中心已停用本终端（丢失、被盗或退役）。它不再收款，也不能再同步。此前上传的记录保留在中心。请把它交给站长。</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Who are you?</source>
        <translation>您是哪位？</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>LookupPage</name>
    <message>
        <source>Find an account</source>
        <translation>查找户号</translation>
    </message>
    <message>
        <source>Account number, meter, name or address</source>
        <translation>户号、电表号、户名或地址</translation>
    </message>
    <message>
        <source>Nothing on this route matches “%1”.</source>
        <translation>本路线没有与“%1”匹配的结果。</translation>
    </message>
    <message>
        <source>Opened lately</source>
        <translation>最近查看</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Doorstep</source>
        <translation>Doorstep</translation>
    </message>
    <message numerus="yes">
        <source>Route %1 · %n account(s)</source>
        <translation>
            <numerusform>路线 %1 · %n 户</numerusform>
        </translation>
    </message>
    <message>
        <source>No route loaded</source>
        <translation>未加载路线</translation>
    </message>
    <message>
        <source>This terminal cannot take payments: %1</source>
        <translation>本终端无法收费：%1</translation>
    </message>
    <message>
        <source>Checking the journal…</source>
        <translation>正在检查日志…</translation>
    </message>
    <message>
        <source>Route and progress</source>
        <translation>路线与进度</translation>
    </message>
    <message>
        <source>Receipts and voids</source>
        <translation>凭证与作废</translation>
    </message>
    <message>
        <source>Close the shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Supervisor: totals and journal</source>
        <translation>站长：合计与日志</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Shift opened. Scan or type the first account.</source>
        <translation>已开班。请扫描或输入第一个户号。</translation>
    </message>
    <message>
        <source>Hand over cash</source>
        <translation>上交现金</translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <source>The amount cannot be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <source>The thousands separators are misplaced.</source>
        <translation>千位分隔符位置不对。</translation>
    </message>
    <message>
        <source>Write the amount with a digit before the point, like 0.50.</source>
        <translation>小数点前要有数字，例如 0.50。</translation>
    </message>
    <message>
        <source>The amount has a sign where none belongs.</source>
        <translation>金额中有多余的正负号。</translation>
    </message>
    <message>
        <source>That is not an amount of money.</source>
        <translation>这不是有效的金额。</translation>
    </message>
    <message>
        <source>Write the amount without a trailing point, or with its fen.</source>
        <translation>金额不能以小数点结尾：请去掉小数点或写出角分。</translation>
    </message>
    <message>
        <source>An amount has at most two decimals (fen).</source>
        <translation>金额最多两位小数（到分）。</translation>
    </message>
    <message>
        <source>The amount is too large.</source>
        <translation>金额过大。</translation>
    </message>
</context>
<context>
    <name>NumericKeypad</name>
    <message>
        <source>Erase</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
</context>
<context>
    <name>OpenShiftPage</name>
    <message>
        <source>Open a shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Good day, %1</source>
        <translation>您好，%1</translation>
    </message>
    <message>
        <source>Change float you carry (yuan)</source>
        <translation>随身携带的找零备用金（元）</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Sync with the center</source>
        <translation>与收费中心同步</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
</context>
<context>
    <name>PaymentCorrection</name>
    <message>
        <source>The center&apos;s corrections could not be saved: %1</source>
        <translation>中心的冲正记录无法保存：%1</translation>
    </message>
    <message>
        <source>The center&apos;s corrections kept on this terminal cannot be read; sync to get them again.</source>
        <translation>本终端保存的中心冲正记录无法读取；请同步以重新获取。</translation>
    </message>
</context>
<context>
    <name>PaymentPage</name>
    <message>
        <source>Payment</source>
        <translation>缴费</translation>
    </message>
    <message>
        <source>Owed: %1</source>
        <translation>应缴：%1</translation>
    </message>
    <message>
        <source>Cash handed over (blank: exact amount)</source>
        <translation>实收现金（空白：按应缴金额）</translation>
    </message>
    <message>
        <source>Slip, voucher or transfer reference</source>
        <translation>刷卡单、充值券或转账流水号</translation>
    </message>
    <message>
        <source>This payment settles:</source>
        <translation>本次缴费结清：</translation>
    </message>
    <message>
        <source>To prepaid balance: %1</source>
        <translation>转入预存余额：%1</translation>
    </message>
    <message>
        <source>Still owed after: %1</source>
        <translation>缴费后仍欠：%1</translation>
    </message>
    <message>
        <source>Confirm payment</source>
        <translation>确认缴费</translation>
    </message>
    <message>
        <source>Paid %1</source>
        <translation>已缴 %1</translation>
    </message>
    <message>
        <source>Receipt %1</source>
        <translation>凭证号 %1</translation>
    </message>
    <message>
        <source>Change to give: %1</source>
        <translation>应找零：%1</translation>
    </message>
    <message>
        <source>No printer chosen: the receipt waits in the queue.</source>
        <translation>未选择打印机：凭证在队列中等待打印。</translation>
    </message>
    <message>
        <source>Sending the receipt to the printer…</source>
        <translation>正在将凭证发送到打印机…</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <source>It printed</source>
        <translation>确认已打印</translation>
    </message>
    <message>
        <source>Print later</source>
        <translation>稍后打印</translation>
    </message>
    <message>
        <source>Next customer</source>
        <translation>下一户</translation>
    </message>
    <message>
        <source>Choose a printer</source>
        <translation>选择打印机</translation>
    </message>
</context>
<context>
    <name>PenaltyPolicy</name>
    <message>
        <source>Penalty rule &quot;%1&quot; may not be negative: %2</source>
        <translation>违约金规则“%1”不能为负数：%2</translation>
    </message>
    <message>
        <source>Penalty rule &quot;%1&quot; must be a whole number: &quot;%2&quot;</source>
        <translation>违约金规则“%1”必须是整数：“%2”</translation>
    </message>
    <message>
        <source>Penalty rule &quot;%1&quot; is %2, above the limit of %3</source>
        <translation>违约金规则“%1”为 %2，超过上限 %3</translation>
    </message>
    <message>
        <source>Penalty rule &quot;%1&quot; is given twice</source>
        <translation>违约金规则“%1”重复设置</translation>
    </message>
    <message>
        <source>Penalty rule &quot;%1&quot;: %2</source>
        <translation>违约金规则“%1”：%2</translation>
    </message>
    <message>
        <source>Penalty rule &quot;%1&quot; must be half-up, down or up, not &quot;%2&quot;</source>
        <translation>违约金规则“%1”必须是 half-up、down 或 up，不能是“%2”</translation>
    </message>
    <message>
        <source>Unknown penalty rule &quot;%1&quot;</source>
        <translation>未知的违约金规则“%1”</translation>
    </message>
</context>
<context>
    <name>PinGate</name>
    <message numerus="yes">
        <source>Too many wrong PINs. The terminal is locked; try again in %n second(s).</source>
        <translation>
            <numerusform>密码错误次数过多，终端已锁定，请 %n 秒后重试。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nobody is logged in. Enter your PIN.</source>
        <translation>未登录。请输入您的密码。</translation>
    </message>
    <message numerus="yes">
        <source>The terminal locked itself after %n minute(s) without use. Enter your PIN again.</source>
        <translation>
            <numerusform>终端 %n 分钟未使用，已自动锁定。请重新输入密码。</numerusform>
        </translation>
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
    <message>
        <source>Receipt %1 is of a voided payment: it is not printed again.</source>
        <translation>收据 %1 对应的收款已作废，不再打印。</translation>
    </message>
    <message>
        <source>The payment was voided before its receipt printed.</source>
        <translation>收据打印前该笔收款已作废。</translation>
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
    <name>PrinterService</name>
    <message>
        <source>Waiting for the printer</source>
        <translation>等待打印机</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printed (copy %1)</source>
        <translation>已打印（第 %1 份）</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <source>Not printed: %1</source>
        <translation>未打印：%1</translation>
    </message>
    <message>
        <source>The printer stopped part-way: check the paper, then print again or confirm.</source>
        <translation>打印机中途停止：请检查纸张，然后重新打印或确认已打出。</translation>
    </message>
    <message>
        <source>No printer chosen</source>
        <translation>未选择打印机</translation>
    </message>
    <message>
        <source>Enter the printer&apos;s address.</source>
        <translation>请输入打印机地址。</translation>
    </message>
    <message>
        <source>The printer&apos;s address has characters it cannot have.</source>
        <translation>打印机地址含有无效字符。</translation>
    </message>
    <message>
        <source>A Bluetooth address looks like 00:11:22:AA:BB:CC (six pairs of hex digits).</source>
        <translation>蓝牙地址格式如 00:11:22:AA:BB:CC（六组两位十六进制数）。</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535.</source>
        <translation>端口必须是 1 到 65535 之间的数字。</translation>
    </message>
    <message>
        <source>Enter a host name or an IP address, e.g. 192.168.1.50.</source>
        <translation>请输入主机名或 IP 地址，例如 192.168.1.50。</translation>
    </message>
    <message>
        <source>A serial printer is a device path such as /dev/rfcomm0.</source>
        <translation>串口打印机请填写设备路径，例如 /dev/rfcomm0。</translation>
    </message>
    <message>
        <source>Choose Bluetooth, network (TCP), serial or file.</source>
        <translation>请选择蓝牙、网络（TCP）、串口或文件。</translation>
    </message>
    <message>
        <source>Printer set; checking it…</source>
        <translation>打印机已设置，正在检查…</translation>
    </message>
    <message>
        <source>Test print — not a receipt</source>
        <translation>测试打印——非缴费凭证</translation>
    </message>
    <message>
        <source>Not printed: the payment was voided</source>
        <translation>未打印：该笔收款已作废</translation>
    </message>
    <message>
        <source>Printing a copy of receipt %1…</source>
        <translation>正在补打收据 %1…</translation>
    </message>
    <message>
        <source>No printer chosen: the copy of receipt %1 waits until a printer is set.</source>
        <translation>未选择打印机：收据 %1 的补打将在设置打印机后进行。</translation>
    </message>
    <message>
        <source>%1 mm paper</source>
        <translation>%1 毫米纸</translation>
    </message>
    <message>
        <source>no Chinese: Chinese text prints as ?</source>
        <translation>无中文字库：中文打印为 ?</translation>
    </message>
    <message>
        <source>basic Chinese font (GB2312): rare characters print as ?</source>
        <translation>基本中文字库（GB2312）：生僻字打印为 ?</translation>
    </message>
    <message>
        <source>full Chinese font (GBK)</source>
        <translation>完整中文字库（GBK）</translation>
    </message>
    <message>
        <source>prints QR codes itself</source>
        <translation>自带二维码打印</translation>
    </message>
    <message>
        <source>no QR command: the QR is sent as a picture</source>
        <translation>不支持二维码指令：二维码以图片发送</translation>
    </message>
    <message>
        <source>cutter</source>
        <translation>自动切纸</translation>
    </message>
    <message>
        <source>Choose the printer&apos;s model from the list.</source>
        <translation>请从列表中选择打印机型号。</translation>
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
    <message>
        <source>The printer stopped answering. Check that it is on and in range, then print again.</source>
        <translation>打印机没有响应。请确认打印机已开机并在范围内，然后重新打印。</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsPage</name>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Printer state: %1</source>
        <translation>打印机状态：%1</translation>
    </message>
    <message>
        <source>Bluetooth</source>
        <translation>蓝牙</translation>
    </message>
    <message>
        <source>Network (TCP)</source>
        <translation>网络（TCP）</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>串口</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>Find printers nearby</source>
        <translation>搜索附近打印机</translation>
    </message>
    <message>
        <source>00:11:22:AA:BB:CC</source>
        <translation>00:11:22:AA:BB:CC</translation>
    </message>
    <message>
        <source>192.168.1.50:9100</source>
        <translation>192.168.1.50:9100</translation>
    </message>
    <message>
        <source>/dev/rfcomm0</source>
        <translation>/dev/rfcomm0</translation>
    </message>
    <message>
        <source>/path/to/file</source>
        <translation>/path/to/file</translation>
    </message>
    <message>
        <source>Use this printer</source>
        <translation>使用此打印机</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Check printer</source>
        <translation>检查打印机</translation>
    </message>
    <message>
        <source>Print queue</source>
        <translation>打印队列</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <source>It printed</source>
        <translation>确认已打印</translation>
    </message>
    <message>
        <source>Printer model</source>
        <translation>打印机型号</translation>
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
    <name>ReceiptCode</name>
    <message>
        <source>This is not a Doorstep receipt code: %1</source>
        <translation>这不是 Doorstep 收据码：%1</translation>
    </message>
    <message>
        <source>it is longer than any receipt prints.</source>
        <translation>长度超过任何收据打印的内容。</translation>
    </message>
    <message>
        <source>it does not start with DS2 and have eight fields.</source>
        <translation>不是以 DS2 开头的八个字段。</translation>
    </message>
    <message>
        <source>the kind is neither P nor V.</source>
        <translation>类型既不是 P 也不是 V。</translation>
    </message>
    <message>
        <source>a key id, number or signature is not written as a receipt writes it.</source>
        <translation>密钥编号、数字或签名的写法与收据不符。</translation>
    </message>
    <message>
        <source>the account has a stray &apos;%&apos;.</source>
        <translation>户号中有多余的“%”。</translation>
    </message>
    <message>
        <source>the account is empty or too long.</source>
        <translation>户号为空或过长。</translation>
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
    <name>ReceiptsPage</name>
    <message>
        <source>Receipts and voids</source>
        <translation>凭证与作废</translation>
    </message>
    <message>
        <source>Payment voided; the void slip %1 is printing.</source>
        <translation>缴费已作废，正在打印作废凭证 %1。</translation>
    </message>
    <message>
        <source>Void receipt %1: %2</source>
        <translation>作废凭证 %1：%2</translation>
    </message>
    <message>
        <source>Reason for a void (required)</source>
        <translation>作废原因（必填）</translation>
    </message>
    <message>
        <source>No payments in this shift yet.</source>
        <translation>本班次还没有缴费。</translation>
    </message>
    <message>
        <source>VOID</source>
        <translation>已作废</translation>
    </message>
    <message numerus="yes">
        <source>Printed %n time(s)</source>
        <translation>
            <numerusform>已打印 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Printer: %1</source>
        <translation>打印机：%1</translation>
    </message>
    <message>
        <source>Payment voided. No printer chosen: the void slip %1 waits until a printer is set.</source>
        <translation>收款已作废。未选择打印机：作废单 %1 将在设置打印机后打印。</translation>
    </message>
    <message>
        <source>Choose a printer</source>
        <translation>选择打印机</translation>
    </message>
</context>
<context>
    <name>Roster</name>
    <message>
        <source>The stored PIN hash is damaged (%1). Sync the roster again.</source>
        <translation>保存的密码哈希已损坏（%1）。请重新同步人员名单。</translation>
    </message>
    <message>
        <source>wrong number of fields</source>
        <translation>字段数量不对</translation>
    </message>
    <message>
        <source>unknown scheme</source>
        <translation>未知的哈希方案</translation>
    </message>
    <message>
        <source>bad iteration count</source>
        <translation>迭代次数无效</translation>
    </message>
    <message>
        <source>iteration count out of range</source>
        <translation>迭代次数超出范围</translation>
    </message>
    <message>
        <source>bad salt</source>
        <translation>盐值无效</translation>
    </message>
    <message>
        <source>bad hash</source>
        <translation>哈希值无效</translation>
    </message>
    <message>
        <source>The terminal could not check the PIN (crypto library error).</source>
        <translation>终端无法校验密码（加密库错误）。</translation>
    </message>
    <message>
        <source>A PIN is 4 to 8 digits (0-9), nothing else.</source>
        <translation>密码只能是 4 到 8 位数字（0-9）。</translation>
    </message>
    <message>
        <source>PIN hashing needs %1 to %2 iterations, not %3.</source>
        <translation>密码哈希的迭代次数须在 %1 到 %2 之间，而不是 %3。</translation>
    </message>
    <message>
        <source>A collector needs an id without surrounding spaces.</source>
        <translation>收费员编号前后不能有空格。</translation>
    </message>
    <message>
        <source>Collector %1 has no name.</source>
        <translation>收费员 %1 没有姓名。</translation>
    </message>
    <message>
        <source>Collector %1 has an unknown role.</source>
        <translation>收费员 %1 的角色未知。</translation>
    </message>
    <message>
        <source>%1 is not on this terminal&apos;s roster.</source>
        <translation>%1 不在本终端的人员名单中。</translation>
    </message>
    <message>
        <source>Wrong PIN for %1.</source>
        <translation>%1 的密码不正确。</translation>
    </message>
    <message>
        <source>%1 is not a supervisor.</source>
        <translation>%1 不是站长。</translation>
    </message>
    <message>
        <source>Roster entry %1 is malformed: %2.</source>
        <translation>人员名单条目 %1 格式错误：%2。</translation>
    </message>
    <message>
        <source>not a map</source>
        <translation>不是映射（map）</translation>
    </message>
    <message>
        <source>field %1 missing or not text</source>
        <translation>字段 %1 缺失或不是文本</translation>
    </message>
    <message>
        <source>unexpected fields</source>
        <translation>含有多余字段</translation>
    </message>
    <message>
        <source>unknown role</source>
        <translation>未知角色</translation>
    </message>
    <message>
        <source>id %1 appears twice</source>
        <translation>编号 %1 重复出现</translation>
    </message>
    <message>
        <source>The list of collectors on this terminal is damaged. Sync with the center to receive it again.</source>
        <translation>本终端的收费员名单已损坏。请与中心同步以重新接收。</translation>
    </message>
    <message>
        <source>The list of collectors could not be saved on this terminal (%1).</source>
        <translation>收费员名单无法保存到本终端（%1）。</translation>
    </message>
    <message>
        <source>A password is %1 to %2 characters, without control characters.</source>
        <translation>密码为 %1 至 %2 个字符，不含控制字符。</translation>
    </message>
    <message>
        <source>Password hashing needs %1 to %2 iterations, not %3.</source>
        <translation>密码哈希需要 %1 至 %2 次迭代，而不是 %3 次。</translation>
    </message>
</context>
<context>
    <name>RoutePage</name>
    <message>
        <source>Route</source>
        <translation>路线</translation>
    </message>
    <message>
        <source>All villages</source>
        <translation>全部村</translation>
    </message>
</context>
<context>
    <name>RouteService</name>
    <message>
        <source>No route is loaded on this terminal.</source>
        <translation>本终端未加载路线。</translation>
    </message>
    <message>
        <source>Account %1 is not on this route.</source>
        <translation>户号 %1 不在此路线上。</translation>
    </message>
    <message>
        <source>%1: the center reversed the payment of %2 (terminal %3, entry %4). %5 (%6)</source>
        <translation>%1：中心已冲正 %2 的收款（终端 %3，第 %4 条）。%5（%6）</translation>
    </message>
</context>
<context>
    <name>RouteStore</name>
    <message>
        <source>The route was saved by a newer version of the app; update the app or sync the route again</source>
        <translation>路线由更新版本的应用保存；请更新应用或重新同步路线</translation>
    </message>
    <message>
        <source>The route file holds no route; sync the route again</source>
        <translation>路线文件中没有路线；请重新同步路线</translation>
    </message>
    <message>
        <source>The route file is damaged; sync the route again</source>
        <translation>路线文件已损坏；请重新同步路线</translation>
    </message>
    <message>
        <source>The worklist %1 could not be opened: %2</source>
        <translation>无法打开任务清单 %1：%2</translation>
    </message>
    <message>
        <source>The new route could not be saved (%1): %2</source>
        <translation>无法保存新路线（%1）：%2</translation>
    </message>
    <message>
        <source>These route changes are for version %1, but this terminal has version %2; sync the whole route again</source>
        <translation>这些路线变更针对版本 %1，但本终端的版本是 %2；请重新同步整条路线</translation>
    </message>
    <message>
        <source>The route changes could not be saved: %1</source>
        <translation>无法保存路线变更：%1</translation>
    </message>
    <message>
        <source>The route changes hold something a route cannot carry (a control character, an over-long field, a bad date)</source>
        <translation>路线变更中含有路线无法保存的内容（控制字符、过长的字段或错误的日期）</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>字体大小</translation>
    </message>
    <message>
        <source>Printer…</source>
        <translation>打印机…</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>高对比度</translation>
    </message>
    <message>
        <source>Black on white with heavier text, for bright sunlight.</source>
        <translation>白底黑字、字体加粗，适合强光下使用。</translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <source>The device&apos;s storage failed (%1): %2</source>
        <translation>设备存储出错（%1）：%2</translation>
    </message>
</context>
<context>
    <name>SupervisorLines</name>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Recharge voucher</source>
        <translation>充值券</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <source>Unknown method</source>
        <translation>未知缴费方式</translation>
    </message>
    <message>
        <source>Shift opened</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>缴费</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Receipt printed</source>
        <translation>打印凭证</translation>
    </message>
    <message>
        <source>Cash handed over</source>
        <translation>现金上交</translation>
    </message>
    <message>
        <source>Shift closed</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Clock flag</source>
        <translation>时钟异常</translation>
    </message>
    <message>
        <source>Unknown entry</source>
        <translation>未知记录</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>已收</translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s) after voids</source>
        <translation>
            <numerusform>扣除作废后 %n 笔缴费</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s)</source>
        <translation>
            <numerusform>%n 笔缴费</numerusform>
        </translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Penalties collected</source>
        <translation>已收违约金</translation>
    </message>
    <message>
        <source>To prepaid balances</source>
        <translation>转入预存余额</translation>
    </message>
    <message>
        <source>Visits without payment</source>
        <translation>走访未缴费</translation>
    </message>
    <message>
        <source>Expected cash in hand</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <source>Cash differences at close</source>
        <translation>交班现金差额</translation>
    </message>
    <message>
        <source>Collection rate</source>
        <translation>回收率</translation>
    </message>
    <message>
        <source>of %1 receivable on the route</source>
        <translation>路线应收共 %1</translation>
    </message>
    <message>
        <source>(not on the route)</source>
        <translation>（不在路线上）</translation>
    </message>
    <message>
        <source>%1 payments · %2 visits</source>
        <translation>%1 笔缴费 · %2 次走访</translation>
    </message>
    <message>
        <source>Void of #%1 (account %2)</source>
        <translation>作废 #%1（户号 %2）</translation>
    </message>
    <message>
        <source>Cash difference at close</source>
        <translation>交班现金差额</translation>
    </message>
    <message>
        <source>The clock disagreed with trusted time</source>
        <translation>时钟与可信时间不一致</translation>
    </message>
    <message>
        <source>Receipt of #%1 printed %2 times (account %3)</source>
        <translation>#%1 的凭证已打印 %2 次（户号 %3）</translation>
    </message>
    <message>
        <source>Overpayment to prepaid (account %1)</source>
        <translation>多缴转预存（户号 %1）</translation>
    </message>
    <message numerus="yes">
        <source>Journal verified: %n entry(ies), chain and signatures intact.</source>
        <translation>
            <numerusform>日志校验通过：%n 条记录，哈希链和签名完好。</numerusform>
        </translation>
    </message>
    <message>
        <source>Journal damaged at entry %1: %2</source>
        <translation>日志在第 %1 条记录处损坏：%2</translation>
    </message>
    <message>
        <source>paid today</source>
        <translation>今日已缴费</translation>
    </message>
    <message>
        <source>visited today</source>
        <translation>今日已走访</translation>
    </message>
    <message>
        <source>nothing owed</source>
        <translation>无欠费</translation>
    </message>
    <message>
        <source>%1 of %2 accounts done today · %3 owe · total owed incl. penalty</source>
        <translation>今日已办 %1/%2 户 · %3 户欠费 · 应收合计含违约金</translation>
    </message>
    <message>
        <source>total owed incl. penalty</source>
        <translation>应收合计含违约金</translation>
    </message>
    <message>
        <source>Void slip printed</source>
        <translation>已打印作废单</translation>
    </message>
    <message>
        <source>Z-report printed</source>
        <translation>已打印日结报表</translation>
    </message>
    <message>
        <source>Void slip of #%1 printed %2 times</source>
        <translation>第 %1 号作废单已打印 %2 次</translation>
    </message>
    <message>
        <source>Z-report of close #%1 printed %2 times</source>
        <translation>第 %1 号结班日结报表已打印 %2 次</translation>
    </message>
    <message>
        <source>Cash counted</source>
        <translation>现金清点</translation>
    </message>
    <message>
        <source>Cash counted again at close (count %1)</source>
        <translation>结班时重新清点现金（第 %1 次）</translation>
    </message>
    <message>
        <source>count %1</source>
        <translation>第 %1 次</translation>
    </message>
    <message>
        <source>Terminal event</source>
        <translation>终端事件</translation>
    </message>
    <message>
        <source>app started</source>
        <translation>应用启动</translation>
    </message>
    <message>
        <source>app stopped</source>
        <translation>应用退出</translation>
    </message>
    <message>
        <source>key created</source>
        <translation>密钥生成</translation>
    </message>
    <message>
        <source>journal exported to a file</source>
        <translation>流水已导出到文件</translation>
    </message>
    <message>
        <source>self-check failed</source>
        <translation>自检失败</translation>
    </message>
    <message>
        <source>locked by the center</source>
        <translation>被中心锁定</translation>
    </message>
    <message>
        <source>unlocked by the center</source>
        <translation>被中心解锁</translation>
    </message>
    <message>
        <source>center&apos;s time received</source>
        <translation>收到中心时间</translation>
    </message>
    <message>
        <source>unknown event</source>
        <translation>未知事件</translation>
    </message>
    <message>
        <source>wipe ordered by the center</source>
        <translation>中心下令清除本机</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <source>Supervisor</source>
        <translation>站长</translation>
    </message>
    <message>
        <source>A supervisor&apos;s PIN opens the day&apos;s totals, exceptions and journal.</source>
        <translation>输入站长密码后可查看当日汇总、异常和日志。</translation>
    </message>
    <message>
        <source>Enter a supervisor&apos;s PIN</source>
        <translation>输入站长密码</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>汇总</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Villages</source>
        <translation>各村</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>No exceptions today.</source>
        <translation>今天没有异常。</translation>
    </message>
</context>
<context>
    <name>SupervisorPinDialog</name>
    <message>
        <source>Supervisor approval</source>
        <translation>站长审批</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>站长密码</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>SyncClient</name>
    <message numerus="yes">
        <source>%n entries have not reached the center yet. Sync first; nothing unsynced is ever discarded.</source>
        <translation>
            <numerusform>还有 %n 条记录未到达收费中心。请先同步；未同步的记录绝不会被丢弃。</numerusform>
        </translation>
    </message>
    <message>
        <source>The center answered %1 to &quot;where am I?&quot;.</source>
        <translation>收费中心对进度查询（“where am I?”）返回了 %1。</translation>
    </message>
    <message>
        <source>The center holds %1 entries of this device but the device only %2. Call the supervisor; nothing is uploaded until this is cleared.</source>
        <translation>收费中心有本设备的 %1 条记录，而本设备只有 %2 条。请联系站长；问题解决前不会上传任何记录。</translation>
    </message>
    <message>
        <source>The center&apos;s entry %1 is not this device&apos;s entry %1. Call the supervisor.</source>
        <translation>收费中心的第 %1 条记录与本设备的第 %1 条记录不同。请联系站长。</translation>
    </message>
    <message>
        <source>The journal could not be read.</source>
        <translation>无法读取日志。</translation>
    </message>
    <message>
        <source>The center refuses even the smallest batch as too large.</source>
        <translation>收费中心连最小的批次也以过大为由拒收。</translation>
    </message>
    <message>
        <source>The center&apos;s answer (%1) is not readable: %2</source>
        <translation>无法读取收费中心的应答（%1）：%2</translation>
    </message>
    <message>
        <source>The center answered %1.</source>
        <translation>收费中心返回了 %1。</translation>
    </message>
    <message>
        <source>The center acknowledged entries it was not sent.</source>
        <translation>收费中心确认了未发送给它的记录。</translation>
    </message>
    <message>
        <source>The center acknowledged an entry that is not this device&apos;s.</source>
        <translation>收费中心确认了一条不属于本设备的记录。</translation>
    </message>
    <message>
        <source>The center answered %1 to the commands request.</source>
        <translation>收费中心对指令请求返回了 %1。</translation>
    </message>
    <message>
        <source>The wipe waits until the center has every entry.</source>
        <translation>擦除须等收费中心收到全部记录后才会执行。</translation>
    </message>
    <message>
        <source>The center answered %1 to a command.</source>
        <translation>收费中心对一条指令返回了 %1。</translation>
    </message>
    <message>
        <source>The center answered %1 to the worklist.</source>
        <translation>收费中心对任务清单请求返回了 %1。</translation>
    </message>
    <message>
        <source>The journal is not open yet; try again in a moment.</source>
        <translation>日志尚未打开，请稍后再试。</translation>
    </message>
    <message>
        <source>The journal is empty: there is nothing to export.</source>
        <translation>日志为空：没有可导出的内容。</translation>
    </message>
    <message>
        <source>The folder &quot;%1&quot; does not exist.</source>
        <translation>文件夹“%1”不存在。</translation>
    </message>
    <message>
        <source>This terminal has not synced online with its center since it learnt to read the center&apos;s receipts; it cannot check one yet.</source>
        <translation>本终端自支持读取中心回执以来尚未与中心在线同步，暂时无法核验回执。</translation>
    </message>
    <message>
        <source>No receipt from the center for this terminal is in %1.</source>
        <translation>%1 中没有中心给本终端的回执。</translation>
    </message>
    <message>
        <source>%1 is the receipt of terminal %2.</source>
        <translation>%1 是终端 %2 的回执。</translation>
    </message>
    <message>
        <source>%1 acknowledges an entry %2 that is not this terminal&apos;s.</source>
        <translation>%1 确认的第 %2 条记录不是本终端的。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Terminal %1 · center %2</source>
        <translation>终端 %1 · 收费中心 %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 entries at the center · %n waiting</source>
        <translation>
            <numerusform>收费中心已有 %1/%2 条记录 · %n 条待同步</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This session: %n entries sent</source>
        <translation>
            <numerusform>本次已发送 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>No connection? Export the journal to a memory card and take it to the billing center.</source>
        <translation>没有网络？请将日志导出到存储卡，并交到营业中心。</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Export to file</source>
        <translation>导出到文件</translation>
    </message>
    <message>
        <source>Exported to %1. Hand it in at the billing center; the next sync confirms what arrived.</source>
        <translation>已导出到 %1。请交到营业中心；下次同步时会确认已收到的内容。</translation>
    </message>
    <message>
        <source>Read the center&apos;s receipt</source>
        <translation>读取中心回执</translation>
    </message>
    <message>
        <source>The center holds this terminal&apos;s entries up to %1.</source>
        <translation>中心已收到本终端第 %1 条及之前的全部记录。</translation>
    </message>
</context>
<context>
    <name>SyncService</name>
    <message>
        <source>Not enrolled with a center</source>
        <translation>未在收费中心注册</translation>
    </message>
    <message>
        <source>Locked by the center</source>
        <translation>已被收费中心锁定</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>已是最新</translation>
    </message>
    <message>
        <source>Waiting to sync</source>
        <translation>等待同步</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>No connection to the center; trying again soon</source>
        <translation>无法连接收费中心，稍后重试</translation>
    </message>
    <message>
        <source>The center refused the last upload</source>
        <translation>收费中心拒收了上次上传</translation>
    </message>
    <message>
        <source>%1 sent · %2 received</source>
        <translation>已发送 %1 · 已接收 %2</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <source>Last synced %1</source>
        <translation>上次同步：%1</translation>
    </message>
    <message>
        <source>Refused at entry %1: %2</source>
        <translation>在第 %1 条记录处被拒：%2</translation>
    </message>
    <message>
        <source>The terminal is not enrolled yet, or an export is already running.</source>
        <translation>终端尚未注册，或导出正在进行中。</translation>
    </message>
    <message>
        <source>Revoked by the center: this terminal is out of service</source>
        <translation>已被中心停用：本终端已停止服务</translation>
    </message>
    <message>
        <source>The terminal is not enrolled yet.</source>
        <translation>本终端尚未注册。</translation>
    </message>
</context>
<context>
    <name>TerminalFiles</name>
    <message>
        <source>The terminal&apos;s data folder %1 cannot be written; the wipe did not start.</source>
        <translation>无法写入终端数据文件夹 %1；清除未开始。</translation>
    </message>
    <message>
        <source>These files could not be erased: %1. The wipe is finished at the next start.</source>
        <translation>以下文件无法删除：%1。清除将在下次启动时完成。</translation>
    </message>
    <message>
        <source>The wipe&apos;s marker could not be removed.</source>
        <translation>无法删除清除标记。</translation>
    </message>
</context>
<context>
    <name>TreeHead</name>
    <message>
        <source>The tree head is not one the center writes: %1</source>
        <translation>该树头不是中心写出的：%1</translation>
    </message>
    <message>
        <source>it is longer than a tree head.</source>
        <translation>它比树头还长。</translation>
    </message>
    <message>
        <source>it is not five lines starting with &quot;%1&quot;.</source>
        <translation>它不是以“%1”开头的五行。</translation>
    </message>
    <message>
        <source>the lines are not size, root, time-ms and signature in that order.</source>
        <translation>各行不是依次为 size、root、time-ms 和 signature。</translation>
    </message>
    <message>
        <source>a size, root, time or signature is not as the center writes it.</source>
        <translation>大小、根、时间或签名与中心写出的格式不符。</translation>
    </message>
    <message>
        <source>it is not written exactly as the center writes it.</source>
        <translation>它与中心写出的格式不完全一致。</translation>
    </message>
</context>
<context>
    <name>TrustedClock</name>
    <message>
        <source>The terminal&apos;s saved time is damaged (%1). Sync with the billing center before collecting.</source>
        <translation>终端保存的时间已损坏（%1）。请先与收费中心同步再收费。</translation>
    </message>
    <message>
        <source>not a saved clock state</source>
        <translation>不是已保存的时钟状态</translation>
    </message>
    <message>
        <source>unknown format</source>
        <translation>格式未知</translation>
    </message>
    <message>
        <source>field %1 missing</source>
        <translation>缺少字段 %1</translation>
    </message>
    <message>
        <source>inconsistent times</source>
        <translation>时间前后矛盾</translation>
    </message>
    <message>
        <source>Could not save the terminal&apos;s time: %1</source>
        <translation>无法保存终端时间：%1</translation>
    </message>
    <message>
        <source>This terminal has no time from the billing center yet. Sync before collecting.</source>
        <translation>本终端尚未从收费中心获取时间。请先同步再收费。</translation>
    </message>
    <message>
        <source>The device clock (%1) is earlier than time this terminal has already used (%2). Collection is blocked until the terminal syncs with the billing center.</source>
        <translation>设备时钟（%1）早于本终端已使用过的时间（%2）。在终端与收费中心同步之前，暂停收费。</translation>
    </message>
    <message>
        <source>The device clock says %1, earlier than the billing center&apos;s time at the last sync (%2). Set the date and time, or sync, before collecting.</source>
        <translation>设备时钟显示 %1，早于上次同步时收费中心的时间（%2）。请先设置日期和时间或进行同步，再收费。</translation>
    </message>
</context>
<context>
    <name>VisitPage</name>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Promised date, YYYY-MM-DD</source>
        <translation>承诺日期，YYYY-MM-DD</translation>
    </message>
    <message>
        <source>What to note</source>
        <translation>备注内容</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>Next customer</source>
        <translation>下一户</translation>
    </message>
    <message>
        <source>Record visit</source>
        <translation>记录走访</translation>
    </message>
</context>
<context>
    <name>Wire</name>
    <message>
        <source>The message is empty.</source>
        <translation>消息为空。</translation>
    </message>
    <message>
        <source>The message is larger than %1 bytes.</source>
        <translation>消息超过 %1 字节。</translation>
    </message>
    <message>
        <source>The message is too short to be a compressed body.</source>
        <translation>消息太短，不是有效的压缩数据。</translation>
    </message>
    <message>
        <source>The message declares an empty body.</source>
        <translation>消息声明的正文为空。</translation>
    </message>
    <message>
        <source>The message would inflate to %1 bytes, more than %2.</source>
        <translation>消息解压后将有 %1 字节，超过 %2 字节。</translation>
    </message>
    <message>
        <source>The message could not be decompressed.</source>
        <translation>消息无法解压。</translation>
    </message>
    <message>
        <source>The message inflates to more than the length it declares.</source>
        <translation>消息解压后超过其声明的长度。</translation>
    </message>
    <message>
        <source>The message is not a complete compressed body.</source>
        <translation>消息不是完整的压缩数据。</translation>
    </message>
    <message>
        <source>The message inflates to %1 bytes but declares %2.</source>
        <translation>消息解压后为 %1 字节，但声明的是 %2 字节。</translation>
    </message>
    <message>
        <source>The message has data after its compressed body.</source>
        <translation>消息的压缩数据之后还有多余数据。</translation>
    </message>
    <message>
        <source>The message has data after its end.</source>
        <translation>消息结尾之后还有多余数据。</translation>
    </message>
    <message>
        <source>The message is not valid CBOR (%1 at byte %2).</source>
        <translation>消息不是有效的 CBOR（第 %2 字节处：%1）。</translation>
    </message>
    <message>
        <source>The message ends in the middle of a value.</source>
        <translation>消息在一个值的中途结束。</translation>
    </message>
    <message>
        <source>The message holds more than %1 values.</source>
        <translation>消息包含的值超过 %1 个。</translation>
    </message>
    <message>
        <source>A string in the message is longer than %1 bytes.</source>
        <translation>消息中有字符串超过 %1 字节。</translation>
    </message>
    <message>
        <source>An integer in the message is out of range.</source>
        <translation>消息中有整数超出范围。</translation>
    </message>
    <message>
        <source>The message holds an unsupported simple value.</source>
        <translation>消息包含不支持的简单值。</translation>
    </message>
    <message>
        <source>The message holds a floating-point number; none is allowed.</source>
        <translation>消息包含浮点数；不允许使用浮点数。</translation>
    </message>
    <message>
        <source>The message holds a CBOR tag; none is allowed.</source>
        <translation>消息包含 CBOR 标签；不允许使用标签。</translation>
    </message>
    <message>
        <source>The message holds an unsupported value.</source>
        <translation>消息包含不支持的值。</translation>
    </message>
    <message>
        <source>The message is nested more than %1 levels deep.</source>
        <translation>消息嵌套超过 %1 层。</translation>
    </message>
    <message>
        <source>A map in the message repeats a key.</source>
        <translation>消息中有映射包含重复的键。</translation>
    </message>
    <message>
        <source>A list in the message has more than %1 elements.</source>
        <translation>消息中有列表的元素超过 %1 个。</translation>
    </message>
    <message>
        <source>A map in the message has more than %1 entries.</source>
        <translation>消息中有映射的条目超过 %1 个。</translation>
    </message>
    <message>
        <source>A map in the message has a list or a map as a key.</source>
        <translation>消息中有映射以列表或映射作为键。</translation>
    </message>
</context>
<context>
    <name>WireProtocol</name>
    <message>
        <source>A roster entry is not [id, name, role, pin hash, active].</source>
        <translation>人员名单中有一项不是 [id, name, role, pin hash, active] 格式。</translation>
    </message>
    <message>
        <source>A roster entry has an unknown role.</source>
        <translation>人员名单中有一项的角色未知。</translation>
    </message>
    <message>
        <source>%1 is not a map.</source>
        <translation>%1 不是映射。</translation>
    </message>
    <message>
        <source>an integer</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>%1: field &quot;%2&quot; is out of range.</source>
        <translation>%1：字段“%2”超出范围。</translation>
    </message>
    <message>
        <source>a text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>%1: field &quot;%2&quot; is too long.</source>
        <translation>%1：字段“%2”过长。</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>字节串</translation>
    </message>
    <message>
        <source>%1: field &quot;%2&quot; must be %3 bytes.</source>
        <translation>%1：字段“%2”必须是 %3 字节。</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>%1: field &quot;%2&quot; is missing.</source>
        <translation>%1：缺少字段“%2”。</translation>
    </message>
    <message>
        <source>%1: field &quot;%2&quot; must be %3.</source>
        <translation>%1：字段“%2”必须是%3。</translation>
    </message>
    <message>
        <source>The enrolment reply&apos;s device id is not valid.</source>
        <translation>注册应答中的设备 ID 无效。</translation>
    </message>
    <message>
        <source>The enrolment reply&apos;s key pin is not a SHA-256.</source>
        <translation>注册应答中的密钥指纹不是 SHA-256 值。</translation>
    </message>
    <message>
        <source>A worklist setting is not [key, value].</source>
        <translation>任务清单中有一项设置不是 [key, value] 格式。</translation>
    </message>
    <message>
        <source>A worklist account does not have the nine fields in order.</source>
        <translation>任务清单中有一条户号记录没有按顺序包含九个字段。</translation>
    </message>
    <message>
        <source>Worklist account %1 has a value out of range.</source>
        <translation>任务清单中户号 %1 有值超出范围。</translation>
    </message>
    <message>
        <source>Worklist bill %1 has a value out of range.</source>
        <translation>任务清单中账单 %1 有值超出范围。</translation>
    </message>
    <message>
        <source>A removed account is not a text.</source>
        <translation>有一个已移除的户号不是文本。</translation>
    </message>
    <message>
        <source>A removed bill is not a text.</source>
        <translation>有一个已移除的账单不是文本。</translation>
    </message>
    <message>
        <source>The journal batch holds no entries.</source>
        <translation>日志批次中没有任何记录。</translation>
    </message>
    <message>
        <source>Journal entry %1 does not have the six fields in order.</source>
        <translation>日志记录 %1 没有按顺序包含六个字段。</translation>
    </message>
    <message>
        <source>Journal entry %1 has an unknown kind.</source>
        <translation>日志记录 %1 的类型未知。</translation>
    </message>
    <message>
        <source>Journal entry %1 has a time out of range.</source>
        <translation>日志记录 %1 的时间超出范围。</translation>
    </message>
    <message>
        <source>Journal entry %1 has a field out of range.</source>
        <translation>日志记录 %1 有字段超出范围。</translation>
    </message>
    <message>
        <source>A command is not [id, kind].</source>
        <translation>有一条命令不是 [id, kind] 格式。</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;.</source>
        <translation>未知命令“%1”。</translation>
    </message>
    <message>
        <source>A worklist bill does not have the six (or eight) fields in order.</source>
        <translation>工作单中的账单字段不是按顺序的六个（或八个）。</translation>
    </message>
    <message>
        <source>The worklist has more exposure limits than a center sets.</source>
        <translation>工作清单中的风险限额数量超出中心可设置的范围。</translation>
    </message>
    <message>
        <source>An exposure limit is not [scope, id, key, value].</source>
        <translation>风险限额的格式不是 [范围, 编号, 项目, 数值]。</translation>
    </message>
    <message>
        <source>The worklist has more corrections than a center sends.</source>
        <translation>工作清单中的冲正记录多于中心会发送的数量。</translation>
    </message>
    <message>
        <source>A correction is not [device, seq, account, fen, reason, by, time].</source>
        <translation>冲正记录不是［终端, 序号, 户号, 分, 原因, 操作人, 时间］格式。</translation>
    </message>
    <message>
        <source>The center&apos;s key is not 32 bytes.</source>
        <translation>中心密钥不是 32 字节。</translation>
    </message>
    <message>
        <source>The center&apos;s time signature is not 64 bytes beside its key.</source>
        <translation>中心的时间签名不是与其密钥配套的 64 字节。</translation>
    </message>
    <message>
        <source>The receipt verification address is not a short http(s) address.</source>
        <translation>收据验证地址不是简短的 http(s) 地址。</translation>
    </message>
</context>
<context>
    <name>Worklist</name>
    <message>
        <source>record type</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>account number</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>name</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>walk order</source>
        <translation>走访顺序</translation>
    </message>
    <message>
        <source>meter number</source>
        <translation>表号</translation>
    </message>
    <message>
        <source>class</source>
        <translation>客户类别</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>prepaid balance</source>
        <translation>预存余额</translation>
    </message>
    <message>
        <source>bill id</source>
        <translation>账单编号</translation>
    </message>
    <message>
        <source>period</source>
        <translation>账期</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>amount paid</source>
        <translation>已缴金额</translation>
    </message>
    <message>
        <source>accounts</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>bills</source>
        <translation>账单数</translation>
    </message>
    <message>
        <source>sha256</source>
        <translation>sha256</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>extra field</source>
        <translation>多余字段</translation>
    </message>
    <message>
        <source>line %1, field %2 (%3): %4</source>
        <translation>第 %1 行第 %2 个字段（%3）：%4</translation>
    </message>
    <message>
        <source>nothing may follow the END line</source>
        <translation>END 行之后不能再有内容</translation>
    </message>
    <message>
        <source>the line is longer than %1 bytes</source>
        <translation>该行超过 %1 字节</translation>
    </message>
    <message>
        <source>this is not a Doorstep worklist</source>
        <translation>这不是 Doorstep 任务清单</translation>
    </message>
    <message>
        <source>the worklist is cut short (the last line is incomplete); download it again</source>
        <translation>任务清单不完整（最后一行不完整），请重新下载</translation>
    </message>
    <message>
        <source>the file is empty, not a Doorstep worklist</source>
        <translation>文件为空，不是 Doorstep 任务清单</translation>
    </message>
    <message>
        <source>the worklist is cut short (it has no END line); download it again</source>
        <translation>任务清单不完整（缺少 END 行），请重新下载</translation>
    </message>
    <message>
        <source>holds a control character, which no field may contain</source>
        <translation>含有控制字符，任何字段都不能包含控制字符</translation>
    </message>
    <message>
        <source>is not valid UTF-8 text</source>
        <translation>不是有效的 UTF-8 文本</translation>
    </message>
    <message>
        <source>the line has too many fields</source>
        <translation>该行字段过多</translation>
    </message>
    <message>
        <source>M and P lines must come before the first account</source>
        <translation>M 行和 P 行必须在第一个户号之前</translation>
    </message>
    <message>
        <source>unknown record type &quot;%1&quot; (expected M, P, A, B or END)</source>
        <translation>未知的记录类型“%1”（应为 M、P、A、B 或 END）</translation>
    </message>
    <message>
        <source>this worklist is in a format version this app does not read (%1); update the app</source>
        <translation>本应用无法读取此任务清单的格式版本（%1），请更新应用</translation>
    </message>
    <message>
        <source>missing (the line has too few fields)</source>
        <translation>缺失（该行字段过少）</translation>
    </message>
    <message>
        <source>longer than %1 bytes</source>
        <translation>超过 %1 字节</translation>
    </message>
    <message>
        <source>unknown worklist key &quot;%1&quot;</source>
        <translation>未知的任务清单键“%1”</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is given twice</source>
        <translation>“%1”出现了两次</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is empty</source>
        <translation>“%1”为空</translation>
    </message>
    <message>
        <source>the version must be a whole number of at most 18 digits</source>
        <translation>版本必须是不超过 18 位的整数</translation>
    </message>
    <message>
        <source>not a date written as YYYY-MM-DD</source>
        <translation>不是 YYYY-MM-DD 格式的日期</translation>
    </message>
    <message>
        <source>unknown check digit rule &quot;%1&quot;</source>
        <translation>未知的校验位规则“%1”</translation>
    </message>
    <message>
        <source>unknown allocation order &quot;%1&quot;</source>
        <translation>未知的分配顺序“%1”</translation>
    </message>
    <message>
        <source>the worklist does not give its &quot;%1&quot; (an M line before the first account)</source>
        <translation>任务清单没有给出“%1”（应在第一个户号之前的 M 行中给出）</translation>
    </message>
    <message>
        <source>not an amount the app can hold</source>
        <translation>金额超出本应用可处理的范围</translation>
    </message>
    <message>
        <source>not a plain amount in yuan like 123.45</source>
        <translation>不是以元为单位的普通金额（如 123.45）</translation>
    </message>
    <message>
        <source>not written in its plain form (&quot;%1&quot;)</source>
        <translation>未按标准形式书写（“%1”）</translation>
    </message>
    <message>
        <source>the customer&apos;s name is empty</source>
        <translation>户名为空</translation>
    </message>
    <message>
        <source>the village is empty</source>
        <translation>村名为空</translation>
    </message>
    <message>
        <source>the walking order must be a whole number from 0 to 999999999</source>
        <translation>走访顺序必须是 0 到 999999999 之间的整数</translation>
    </message>
    <message>
        <source>unknown customer class &quot;%1&quot;</source>
        <translation>未知的客户类别“%1”</translation>
    </message>
    <message>
        <source>account %1 appears twice on the worklist</source>
        <translation>户号 %1 在任务清单中出现了两次</translation>
    </message>
    <message>
        <source>the worklist has more accounts than the app can hold</source>
        <translation>任务清单中的户数超出本应用的容量</translation>
    </message>
    <message>
        <source>the bill id is empty</source>
        <translation>账单编号为空</translation>
    </message>
    <message>
        <source>no account %1 comes before this bill on the worklist</source>
        <translation>任务清单中此账单之前没有户号 %1</translation>
    </message>
    <message>
        <source>not a billing period written as YYYY-MM</source>
        <translation>不是 YYYY-MM 格式的账期</translation>
    </message>
    <message>
        <source>more than the bill&apos;s amount (%1)</source>
        <translation>超过账单金额（%1）</translation>
    </message>
    <message>
        <source>bill %1 appears twice on the worklist</source>
        <translation>账单 %1 在任务清单中出现了两次</translation>
    </message>
    <message>
        <source>the worklist has more bills than the app can hold</source>
        <translation>任务清单中的账单数超出本应用的容量</translation>
    </message>
    <message>
        <source>not a count</source>
        <translation>不是有效的数量</translation>
    </message>
    <message>
        <source>not a SHA-256 written in hex</source>
        <translation>不是十六进制的 SHA-256 值</translation>
    </message>
    <message>
        <source>the worklist&apos;s content does not match its checksum: it was damaged on the way; download it again</source>
        <translation>任务清单内容与校验和不符：传输途中已损坏，请重新下载</translation>
    </message>
    <message>
        <source>the END line says %1 accounts, the worklist holds %2</source>
        <translation>END 行写明 %1 户，任务清单实有 %2 户</translation>
    </message>
    <message>
        <source>the END line says %1 bills, the worklist holds %2</source>
        <translation>END 行写明 %1 张账单，任务清单实有 %2 张</translation>
    </message>
    <message>
        <source>the amount is empty</source>
        <translation>金额为空</translation>
    </message>
    <message>
        <source>penalty carried</source>
        <translation>结转违约金</translation>
    </message>
    <message>
        <source>penalty settled through</source>
        <translation>违约金结清至</translation>
    </message>
    <message>
        <source>before the bill&apos;s due date</source>
        <translation>早于账单到期日</translation>
    </message>
</context>
<context>
    <name>ZReport</name>
    <message>
        <source>Entry %1 does not open a shift.</source>
        <translation>日志记录 %1 不是开班记录。</translation>
    </message>
    <message>
        <source>The shift opened at entry %1 is still open: a Z-report is printed after the close.</source>
        <translation>在日志记录 %1 开班的班次尚未结束：Z 报表在交班后打印。</translation>
    </message>
    <message>
        <source>The shift&apos;s closing entry %1 cannot be read.</source>
        <translation>无法读取该班次的交班记录 %1。</translation>
    </message>
</context>
</TS>
