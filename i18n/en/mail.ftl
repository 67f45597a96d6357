# Emails sent by the reset service. English comes first in every message, then Chinese.
mail-from-name = JUPAS Office
mail-code-subject = JUPAS Forgot Password: your verification code
mail-greeting = Dear Applicant,
mail-code-intro = You have asked to change the password of your JUPAS account with the "Forgot Password" function.
mail-code-line = Verification Code: { $code }
mail-code-instructions = Enter this verification code on the "Change Password" page. It is valid for { $minutes } minutes and can be used once. It will no longer be valid after you have left that page.
mail-code-ignore = If you did not ask for this, ignore this email: your password has not been changed.
mail-signature = JUPAS Office
mail-changed-subject = JUPAS: your password has been changed
mail-changed-body = The password of your JUPAS account ({ $login }) was changed on { $when }.
mail-changed-warning = If you did not change it, please contact the JUPAS Office as soon as possible at (852) 2334 2929 / 2233 2929 during operating hours.
mail-prevails = Should there be any inconsistency or ambiguity between the English version and the Chinese version, the English version shall prevail.
mail-guessing-subject = JUPAS: wrong verification codes were entered for your account
mail-guessing-body = Wrong verification codes for your JUPAS account ({ $login }) have been entered { $count } times. Your password has not been changed. From now on, each further try has to wait, longer after every wrong code, up to one hour.
mail-guessing-advice = If this was not you, someone may be trying to reset your password: never tell anyone a verification code, and contact the JUPAS Office at (852) 2334 2929 / 2233 2929 during operating hours.
