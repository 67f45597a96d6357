# 重設服務發出的電郵。每封電郵先英文，後中文。
mail-from-name = 大學聯招處
mail-code-subject = 大學聯招辦法忘記密碼：你的驗證碼
mail-greeting = 親愛的申請人：
mail-code-intro = 你已使用「忘記密碼」功能要求更改你的「大學聯招辦法」帳戶密碼。
mail-code-line = 驗證碼：{ $code }
mail-code-instructions = 請在「更改密碼」頁面輸入此驗證碼。驗證碼於 { $minutes } 分鐘內有效，只可使用一次。離開該頁面後，驗證碼將會失效。
mail-code-ignore = 如你並未提出此要求，請忽略此電郵：你的密碼並未更改。
mail-signature = 大學聯招處
mail-changed-subject = 大學聯招辦法：你的密碼已更改
mail-changed-body = 你的「大學聯招辦法」帳戶（{ $login }）的密碼已於 { $when } 更改。
mail-changed-warning = 如你並未更改密碼，請盡快於服務時間內致電 (852) 2334 2929 / 2233 2929 聯絡「大學聯招處」。
mail-prevails = 此中文版本為英文版本譯本，如中、英文兩個版本有任何抵觸或不相符之處，概以英文版本為準。
mail-guessing-subject = 大學聯招辦法：有人為你的帳戶輸入了錯誤的驗證碼
mail-guessing-body = 你的「大學聯招辦法」帳戶（{ $login }）已被輸入錯誤驗證碼 { $count } 次。你的密碼並未更改。此後每次再嘗試均須等候；每多輸入一次錯誤驗證碼，等候時間便會延長，最長一小時。
mail-guessing-advice = 如這並非你本人所為，可能有人正嘗試重設你的密碼：切勿向任何人透露驗證碼，並請於服務時間內致電 (852) 2334 2929 / 2233 2929 聯絡「大學聯招處」。
