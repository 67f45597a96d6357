# 設定及本機政策：程式未能按設定啟動時顯示的訊息。

config-unreadable = 未能讀取 { $path }：{ $reason }
config-invalid = { $path } 第 { $line } 行第 { $column } 欄：{ $reason }
config-forbidden = 不可使用 { $flag }：本機政策 { $policy } 已鎖定此設定（{ $setting }）。請聯絡學校的資訊科技人員。
config-bad-lang = 語言必須是「en」或「zh-HK」，而非「{ $value }」。
config-no-server = 練習模式已關閉（{ $source }），亦未有設定伺服器：請使用 --server URL。

# 把這部電腦登記為學校電腦（--enroll、--unenroll）
enrol-done = 這部電腦已在 { $server } 登記為「{ $name }」。其憑證存放於系統鑰匙圈。
enrol-refused = 登記碼不獲接納：可能輸入有誤、已被使用、已被撤銷或已超過 24 小時。請向學校的資訊科技人員索取新的登記碼。
enrol-failed = 登記未能完成：{ $reason }
enrol-needs-server = 登記需要重設服務的伺服器：請使用 --server URL，或請學校的資訊科技人員在本機政策設定伺服器。練習模式不設電腦登記。
enrol-keychain = 未能使用系統鑰匙圈，因此這部電腦無法保存電腦憑證：{ $reason }
unenrol-done = 這部電腦已不再在 { $server } 登記。
unenrol-none = 這部電腦未有在 { $server } 登記。
