# 設定及本機政策：程式未能按設定啟動時顯示的訊息。

config-unreadable = 未能讀取 { $path }：{ $reason }
config-invalid = { $path } 第 { $line } 行第 { $column } 欄：{ $reason }
config-forbidden = 不可使用 { $flag }：本機政策 { $policy } 已鎖定此設定（{ $setting }）。請聯絡學校的資訊科技人員。
config-bad-lang = 語言必須是「en」或「zh-HK」，而非「{ $value }」。
config-no-server = 練習模式已關閉（{ $source }），亦未有設定伺服器：請使用 --server URL。
