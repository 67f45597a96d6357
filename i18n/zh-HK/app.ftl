# 桌面應用程式。如中、英文兩個版本有任何抵觸或不相符之處，概以英文版本為準。
app-title = 大學聯招辦法 忘記密碼
app-mailbox-title = 練習郵箱
lang-switch = English
lang-switch-hint = 切換語言（Ctrl+L）
contrast-switch = 高對比度（Ctrl+Shift+H）
contrast-switch-standard = 標準色彩（Ctrl+Shift+H）
practice-banner = 練習模式 — 不會更改任何真實帳戶
practice-open-mailbox = 開啟練習郵箱（Alt+M）
prevails-note = 此中文版本為英文版本譯本，如中、英文兩個版本有任何抵觸或不相符之處，概以英文版本為準。
help-open = 登入協助（F1）
busy = 請稍候…
retry = 重試
shortcut-hint = 按鍵：Tab 移至下一個方格，Enter 繼續。

# 畫面一：忘記密碼
forgot-title = 忘記密碼
forgot-intro = 輸入所需資料及頁面所顯示的保安碼。
forgot-email-note = 由於你需要檢視發送至你已登記的電子郵箱中的電郵以完成更改密碼的程序，請確保你能登入該電子郵箱。如果你無法登入該電子郵箱，請於服務時間內致電 (852) 2334 2929 / 2233 2929 聯絡「大學聯招處」。
field-login-name = 登入名稱
field-date-of-birth = 出生日期（日/月/年）
field-email = 已登記的電郵地址
field-security-code = 保安碼
placeholder-date = 例如 30/07/2008
captcha-image-label = 保安碼圖像
captcha-image-name = 保安碼圖像，共 { $count } 個字元
captcha-audio-name = 語音保安碼，共 { $count } 個數字
captcha-loading = 正在載入保安碼…
captcha-help = 如果你無法辨認保安碼，按「Display another Security Code」以顯示另一組保安碼；或按「download audio」聆聽另一組保安碼。
captcha-another = Display another Security Code 顯示另一組保安碼（Alt+N）
captcha-audio = download audio 聆聽保安碼（Alt+A）
captcha-replay = 重播（Alt+R）
captcha-save = 另存為 WAV（Alt+S）
audio-playing = 正在播放語音保安碼。請在「保安碼」方格內輸入你聽到的數字。
audio-no-device = 找不到音訊裝置。請按「另存為 WAV」，再以其他程式播放該檔案。
audio-saved = 語音保安碼已儲存至 { $path }
audio-save-failed = 未能儲存檔案。請選擇另一個資料夾再試。
continue = Continue 繼續

# 畫面二：更改密碼（驗證畫面）
verify-title = 更改密碼
warning-leave = 請**不要離開此頁面。**
warning-stay = 請**停留在此頁面，**並立即在新分頁／瀏覽器中檢視驗證碼（已發送至你已登記的電子郵箱）。
warning-enter = 取得驗證碼後，請立即在此頁面提供的方格內**輸入驗證碼。**
warning-invalid = 請注意：離開此頁面後，驗證碼將會失效，你須再次輸入所有所需資料。
verify-sent = 一封附有驗證碼的電郵已發送至你登記的電子郵箱。
field-verification-code = 驗證碼
field-new-password = 新密碼
field-confirm-password = 再次輸入新密碼
show-password = 顯示密碼（Alt+P）
submit = Submit 提交
reset = Reset 清除
regenerate = Regenerate Verification Code 重新發送驗證碼（Alt+G）
regenerate-wait = Regenerate Verification Code 重新發送驗證碼（{ $seconds } 秒後）
regenerate-none-left = 此重設程序不能再發送驗證碼。
regenerated = 已發送新的驗證碼。之前的驗證碼已經失效。
code-countdown = 驗證碼的有效時間尚餘 { $time }。
code-expiring = 驗證碼的有效時間尚餘不足一分鐘：請立即輸入驗證碼，或按「Regenerate Verification Code」要求再次發送。
code-expired-local = 驗證碼已失效。請按「Regenerate Verification Code」要求再次發送。
session-countdown = 此頁面將於 { $time } 後關閉。
session-expiring = 此頁面即將關閉。如需更多時間，請按「延長時間（Alt+E）」。
session-extend = 延長時間（Alt+E）
session-extended = 已延長時間：此頁面將於 { $minutes } 分鐘後關閉。
session-announce-minutes = 此頁面將於 { $minutes } 分鐘後關閉。
code-announce-minutes = 驗證碼的有效時間尚餘 { $minutes } 分鐘。
rule-with-state = { $rule }：{ $state }
guidelines-title = 基於保安理由，你
rule-length = 必須使用 { $min } 至 { $max } 個字元；
rule-not-common = 不可使用常見或曾經外洩的密碼；
rule-no-personal-info = 不可包含你的登入名稱、電郵地址或出生日期；
rule-not-current = 不可重複使用現有密碼（提交時檢查）；
rule-any-characters = 可使用任何字元，包括空格、符號及中文字；
rule-case-sensitive = 須留意密碼區分大小寫；
rule-entries-match = 必須輸入相同的新密碼兩次。
rule-state-met = 符合
rule-state-unmet = 未符合
rule-state-info = 備註
rule-state-on-submit = 提交時檢查

# 離開驗證畫面
leave-title = 要離開此頁面嗎？
leave-body = 如你離開，驗證碼將會失效，你須再次輸入所有所需資料。
leave-stay = 停留在此頁面（Enter）
leave-cancel = 取消重設密碼（Alt+C）
ended-title = 此密碼重設程序已結束
ended-expired = 此密碼重設程序已逾時。請重新開始。
ended-attempts = 輸入錯誤驗證碼的次數過多。為保障你的帳戶安全，此重設程序已關閉。請重新開始。
ended-cancelled = 此密碼重設程序已取消。請重新開始。
ended-completed = 此密碼重設程序已完成。
start-again = 重新開始

# 畫面三：成功
success-title = 你已成功更改密碼。
success-note = 下次登入時請使用新密碼。系統並未為你自動登入。
login = Login 登入
practice-login-title = 練習登入
practice-login-intro = 在此試用你的新密碼。此練習登入只會在練習服務中核對密碼。
field-password = 密碼
practice-login-ok = 登入成功：你的新密碼有效。
practice-login-failed = 登入名稱或密碼不正確。
back-to-start = 返回開始畫面（Alt+B）

# 畫面四：登入協助
help-title = 處理登入失敗流程圖
help-intro = 回答以下問題，了解下一步應怎樣做。
help-q-login-name = 你記得你的登入名稱嗎？
help-q-password = 你記得你的密碼嗎？
help-q-email = 你能登入你已登記的電子郵箱嗎？
help-q-caps = 你是否已確認 Caps Lock 已關閉，並完全按照設定時的寫法輸入密碼？密碼區分大小寫。
help-a-yes = 是（Y）
help-a-no = 否（N）
help-back = 上一步（B）
help-restart = 重新開始（R）
help-end-forgot = 請使用「忘記密碼」功能設定新密碼。
help-end-contact = 請於服務時間內致電 (852) 2334 2929 / 2233 2929 聯絡「大學聯招處」。
help-end-login-name = 如你忘記了登入名稱，請於服務時間內致電 (852) 2334 2929 / 2233 2929 聯絡「大學聯招處」。
help-end-retry = 請再次嘗試登入。如仍然失敗，請使用「忘記密碼」功能設定新密碼。
help-go-forgot = 前往「忘記密碼」（Enter）
help-links = 更多資訊
help-link-security = 「大學聯招辦法」帳戶的保安（1）
help-link-faq = 常見問題（2）
help-link-guide = 使用指南（3）
help-close = 關閉協助（Esc）

# 練習郵箱視窗
mailbox-empty = 暫時未有電郵。練習服務發出的電郵會在此出現。
mailbox-from = 寄件人
mailbox-subject = 主旨
mailbox-copy-code = 複製驗證碼（Ctrl+Shift+C）
mailbox-copied = 已複製。
mailbox-list = 電郵
mailbox-received = 收件時間
mailbox-item = { $subject }，收件時間 { $time }
mailbox-item-code = { $subject }，收件時間 { $time }，驗證碼 { $code }
mailbox-code-line = 驗證碼：{ $code }
mailbox-leave-hint = Esc：返回主視窗

# 欄位訊息
error-field-missing = 請填寫此欄。
error-field-too-long = 內容過長。
error-login-name-characters = 登入名稱不可包含空格。
error-date-format = 請以「日/月/年」格式輸入日期，例如 30/07/2008。
error-date-not-real = 此日期並不存在。
error-date-future = 出生日期不可遲於今天。
error-email-format = 請輸入電郵地址，例如 name@example.com。
error-email-characters = 電郵地址不可包含空格。
error-security-code-missing = 請輸入圖像所顯示的保安碼，或你聽到的數字。
error-code-missing = 請輸入電郵中的驗證碼。
error-passwords-differ = 兩次輸入的新密碼並不相同。

# 服務的回覆
error-captcha-wrong = 保安碼不正確。已顯示另一組保安碼，請再試。
error-captcha-expired = 保安碼已失效。已顯示另一組保安碼，請再試。
error-code-wrong = 驗證碼不正確。你尚可再試 { $left } 次。
error-code-expired = 驗證碼已失效。請按「Regenerate Verification Code」要求再次發送。
error-attempts-exhausted = 輸入錯誤驗證碼的次數過多。為保障你的帳戶安全，此重設程序已關閉。
error-password-policy = 新密碼未符合下列標示 × 的指引。
error-rate-limited = 此電腦或此帳戶的嘗試次數過多。請於 { $seconds } 秒後再試。
error-regenerate-too-soon = 請於 { $seconds } 秒後才再次要求發送驗證碼。
error-regenerate-limit = 此重設程序不能再發送驗證碼。
error-extend-limit = 此重設程序不能再延長時間。請立即完成，或重新開始。
error-session-closed = 此密碼重設程序已不再有效。請重新開始。
error-invalid-request = 部分所需資料無效，請檢查。
error-unreachable = 未能連接「大學聯招辦法」服務。請檢查網絡連線，然後按「重試」。你輸入的資料不會遺失。
error-timeout = 「大學聯招辦法」服務未能及時回應。請按「重試」。你輸入的資料不會遺失。
error-unexpected = 「大學聯招辦法」服務的回應異常。請稍後再試。
error-image-bad = 未能顯示保安碼圖像。請按「Display another Security Code」。
error-audio-bad = 未能播放語音保安碼。請再按「download audio」。
error-service-start = 練習服務未能啟動：{ $reason }

# What the network or the service did wrong, and where a file went without a file dialog
error-tls = 未能與「大學聯招辦法」服務建立安全連線，因此沒有傳送任何資料。請檢查此電腦的日期及時間是否正確，然後按「重試」。如問題持續，網絡可能阻擋了安全連線，請改用其他網絡。
error-redirected = 「大學聯招辦法」服務的地址把本程式轉往其他地方，因此沒有傳送任何資料。如此網絡要求你先登入（例如學校或公共 Wi-Fi），請先用網頁瀏覽器登入，然後按「重試」。
error-server = 「大學聯招辦法」服務暫時出現問題。請按「重試」，或於數分鐘後再試。你輸入的資料不會遺失。
error-unreadable = 未能讀取「大學聯招辦法」服務的回覆。如此網絡要求你先登入（例如學校或公共 Wi-Fi），請先用網頁瀏覽器登入，然後按「重試」。你輸入的資料不會遺失。
audio-saved-downloads = 此電腦沒有檔案對話框，因此語音保安碼已儲存至你的「下載」資料夾：{ $path }

# 為使用指南的字眼而加（問題 8）
forgot-guide-intro = 若你忘記了密碼，你可使用「忘記密碼」功能更改你的密碼。
verify-enter-code = 停留在此頁面及輸入由「大學聯招處」發送的驗證碼。
verify-regenerate-hint = 若未收到驗證碼，按下方的「Regenerate Verification Code」要求再次發送。
user-guide-link = 使用指南
captcha-audio-label = 語音保安碼
help-chart-whole = 顯示整個流程圖（W）
help-chart-steps = 逐題顯示（W）
help-chart-question = { $number }. { $question }
help-chart-yes = 是 → { $then }
help-chart-no = 否 → { $then }
help-chart-go-to = 前往第 { $number } 題
help-advice-caps = 本程式的建議（並非出自「大學聯招辦法」使用指南）：如你的密碼包含中文字，請使用設定密碼時所用的輸入法輸入。
help-links-intro = 如果你想了解更多關於「大學聯招辦法」帳戶保安的資訊，請瀏覽「大學聯招辦法」網站的「『大學聯招辦法』帳戶的保安」及「常見問題」部分。
dob-read-as = 即 { $year }年{ $month }月{ $day }日
error-date-ambiguous = 此日期可有多於一種解讀。請依次輸入日、月及完整年份，例如 30/07/2008。
mailbox-superseded = 已被取代：其後已發送較新的驗證碼。請使用最新的驗證碼。
mailbox-item-code-superseded = { $subject }，收件時間 { $time }，驗證碼 { $code }，已被較新的驗證碼取代
mailbox-superseded-short = 已被較新的驗證碼取代

# 已登記的學校電腦及「關於」畫面（問題 10）
captcha-waived = 這部學校電腦已在重設服務登記，因此無須輸入保安碼。
workstation-dropped-title = 電腦登記
workstation-dropped = 重設服務已不再認可這部電腦的登記（可能已被撤銷），因此已從這部電腦移除有關登記。你可照常繼續。如這部電腦需要登記，請聯絡學校的資訊科技人員。
workstation-dropped-dismiss = 關閉
error-workstation-required = 這個重設服務只供已登記的學校電腦使用，而這部電腦未有登記。請聯絡學校的資訊科技人員。
error-workstation-unknown = 重設服務已不再認可這部電腦的登記。請按「重試」，在沒有登記的情況下繼續。
about-open = 關於（F2）
about-title = 關於本程式
about-close = 關閉「關於」（Esc）
about-version = 版本 { $version }
about-server = 重設服務：{ $server }
about-practice = 練習模式：使用內置的參考服務，不會更改任何真實帳戶。
about-workstation = 這部電腦已在重設服務登記為「{ $name }」。
about-not-enrolled = 這部電腦未有登記為學校電腦。
about-licences = 第三方授權
about-licences-intro = 本程式使用以下開放原始碼組件（名稱及版本，然後是授權）。
about-licence-texts = 共 { $count } 個組件。完整的授權條款已隨程式安裝：{ $path }
