# The desktop app. English prevails where the two versions differ.
app-title = JUPAS Forgot Password
app-mailbox-title = Practice mailbox
lang-switch = 繁體中文
lang-switch-hint = Switch language (Ctrl+L)
contrast-switch = High contrast (Ctrl+Shift+H)
contrast-switch-standard = Standard colours (Ctrl+Shift+H)
practice-banner = Practice mode — no real account is changed
practice-open-mailbox = Open practice mailbox (Alt+M)
prevails-note = Should there be any inconsistency or ambiguity between the English version and the Chinese version, the English version shall prevail.
help-open = Login help (F1)
busy = Please wait…
retry = Retry
shortcut-hint = Keys: Tab moves between boxes, Enter continues.

# Screen 1: Forgot Password
forgot-title = Forgot Password
forgot-intro = Enter all the required information and the security code shown.
forgot-email-note = Since you need to check the email sent to your registered email account in order to complete the process of change of password, please ensure that you can log in to that email account. If you fail to log in to that email account, please contact the JUPAS Office at (852) 2334 2929 / 2233 2929 during operating hours.
field-login-name = Login Name
field-date-of-birth = Date of Birth (DD/MM/YYYY)
field-email = Registered Email Address
field-security-code = Security Code
placeholder-date = e.g. 30/07/2008
captcha-image-label = Security code picture
captcha-image-name = Security code picture, { $count } characters
captcha-audio-name = Spoken security code, { $count } digits
captcha-loading = Loading security code…
captcha-help = If you cannot identify the security code, click "Display another Security Code" for a new one; or click "download audio" to listen to a different code.
captcha-another = Display another Security Code (Alt+N)
captcha-audio = download audio (Alt+A)
captcha-replay = Replay (Alt+R)
captcha-save = Save as WAV (Alt+S)
audio-playing = Playing the spoken security code. Type the digits you hear in the Security Code box.
audio-no-device = No sound device was found. Click "Save as WAV" and play the file with another program.
audio-saved = Saved the spoken security code to { $path }
audio-save-failed = The file could not be saved. Choose another folder and try again.
continue = Continue

# Screen 2: Change Password (the verification screen)
verify-title = Change Password
warning-leave = Please **DO NOT LEAVE THIS PAGE.**
warning-stay = **STAY** on this page and immediately retrieve the verification code (sent to your registered email account) in a new tab / browser.
warning-enter = **ENTER** the verification code in the box provided on this page as soon as you have retrieved it.
warning-invalid = Please note that the verification code will no longer be valid after you have left this page, and you will be required to enter all the required information again.
verify-sent = An email which contains a verification code has been sent to your registered email account.
field-verification-code = Verification Code
field-new-password = New Password
field-confirm-password = Re-enter New Password
show-password = Show passwords (Alt+P)
submit = Submit
reset = Reset
regenerate = Regenerate Verification Code (Alt+G)
regenerate-wait = Regenerate Verification Code (in { $seconds } s)
regenerate-none-left = No more verification codes can be sent for this reset.
regenerated = A new verification code has been sent. The previous one no longer works.
code-countdown = The verification code is valid for { $time } more.
code-expiring = Less than a minute left: enter the verification code now, or regenerate a new one.
code-expired-local = The verification code has expired. Click "Regenerate Verification Code" for a new one.
session-countdown = This page stays open for { $time } more.
session-expiring = This page will close soon. If you need more time, choose "More time (Alt+E)".
session-extend = More time (Alt+E)
session-extended = You have more time: this page now stays open for { $minutes } more minutes.
session-announce-minutes = This page closes in { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}.
code-announce-minutes = The verification code is valid for { $minutes } more minutes.
rule-with-state = { $rule }: { $state }
guidelines-title = For security reasons, you
rule-length = must use { $min } to { $max } characters;
rule-not-common = must not use a common or previously leaked password;
rule-no-personal-info = must not include your login name, email address or date of birth;
rule-not-current = must not reuse your current password (checked when you submit);
rule-any-characters = may use any characters, including spaces, symbols and Chinese characters;
rule-case-sensitive = should note that passwords are case-sensitive;
rule-entries-match = must enter the same new password twice.
rule-state-met = met
rule-state-unmet = not met
rule-state-info = note
rule-state-on-submit = checked on submit

# Leaving the verification screen
leave-title = Leave this page?
leave-body = If you leave, the verification code will no longer be valid and you will be required to enter all the required information again.
leave-stay = Stay on this page (Enter)
leave-cancel = Cancel password reset (Alt+C)
ended-title = This password reset has ended
ended-expired = The reset session has expired. Please start again.
ended-attempts = Too many wrong verification codes were entered. For your security, this reset has been closed. Please start again.
ended-cancelled = This password reset was cancelled. Please start again.
ended-completed = This password reset has already been completed.
start-again = Start again

# Screen 3: Success
success-title = Your password has successfully been changed.
success-note = Use your new password the next time you log in. You have not been logged in automatically.
login = Login
practice-login-title = Practice login
practice-login-intro = Try your new password here. This practice login only checks the password against the practice service.
field-password = Password
practice-login-ok = Login successful: your new password works.
practice-login-failed = The login name or password is not correct.
back-to-start = Back to the start (Alt+B)

# Screen 4: Login help
help-title = Flowchart of Login Failure Solution
help-intro = Answer the questions to find out what to do.
help-q-login-name = Do you remember your Login Name?
help-q-password = Do you remember your password?
help-q-email = Can you log in to your registered email account?
help-q-caps = Have you checked that Caps Lock is off and that you typed your password exactly as you set it? Passwords are case-sensitive.
help-a-yes = Yes (Y)
help-a-no = No (N)
help-back = Back (B)
help-restart = Start over (R)
help-end-forgot = Use "Forgot Password" to set a new password.
help-end-contact = Please contact the JUPAS Office at (852) 2334 2929 / 2233 2929 during operating hours.
help-end-login-name = If you do not remember your Login Name, please contact the JUPAS Office at (852) 2334 2929 / 2233 2929 during operating hours.
help-end-retry = Try to log in again. If it still fails, use "Forgot Password" to set a new password.
help-go-forgot = Go to Forgot Password (Enter)
help-links = More information
help-link-security = Security for JUPAS Accounts (1)
help-link-faq = FAQ (2)
help-link-guide = User Guide (3)
help-close = Close help (Esc)

# Practice mailbox window
mailbox-empty = No emails yet. Emails sent by the practice service arrive here.
mailbox-from = From
mailbox-subject = Subject
mailbox-copy-code = Copy verification code (Ctrl+Shift+C)
mailbox-copied = Copied.
mailbox-list = Emails
mailbox-received = Received
mailbox-item = { $subject }, received { $time }
mailbox-item-code = { $subject }, received { $time }, verification code { $code }
mailbox-code-line = Verification code: { $code }
mailbox-leave-hint = Esc: back to the main window

# Field messages
error-field-missing = Please fill in this field.
error-field-too-long = This is too long.
error-login-name-characters = A login name has no spaces.
error-date-format = Enter the date as DD/MM/YYYY, for example 30/07/2008.
error-date-not-real = This date does not exist.
error-date-future = A date of birth cannot be in the future.
error-email-format = Enter an email address such as name@example.com.
error-email-characters = An email address has no spaces.
error-security-code-missing = Type the security code shown in the picture, or the digits you heard.
error-code-missing = Enter the verification code from the email.
error-passwords-differ = The two new passwords are not the same.

# Answers from the service
error-captcha-wrong = The security code is not correct. A new one is shown: please try again.
error-captcha-expired = The security code has expired. A new one is shown: please try again.
error-code-wrong = The verification code is not correct. { $left ->
    [one] You can try 1 more time.
   *[other] You can try { $left } more times.
}
error-code-expired = The verification code has expired. Click "Regenerate Verification Code" for a new one.
error-attempts-exhausted = Too many wrong verification codes were entered. For your security, this reset has been closed.
error-password-policy = The new password does not follow the guidelines marked × below.
error-rate-limited = Too many attempts from this computer or for this account. Please try again in { $seconds } seconds.
error-regenerate-too-soon = Please wait { $seconds } seconds before asking for another verification code.
error-regenerate-limit = No more verification codes can be sent for this reset.
error-extend-limit = This reset cannot be given more time. Please finish it now, or start again.
error-session-closed = This password reset is no longer open. Please start again.
error-invalid-request = Some of the required information is not valid. Please check it.
error-unreachable = Cannot reach the JUPAS service. Check the network connection, then click Retry. Nothing you entered has been lost.
error-timeout = The JUPAS service did not answer in time. Click Retry. Nothing you entered has been lost.
error-unexpected = The JUPAS service gave an unexpected answer. Please try again later.
error-image-bad = The security code picture could not be shown. Click "Display another Security Code".
error-audio-bad = The spoken security code could not be played. Click "download audio" again.
error-service-start = The practice service could not start: { $reason }

# What the network or the service did wrong, and where a file went without a file dialog
error-tls = A secure connection to the JUPAS service could not be made, so nothing was sent. Check that this computer's date and time are right, then click Retry. If it happens again, the network may be blocking secure connections: try another network.
error-redirected = The JUPAS service address sent the app somewhere else, so nothing was sent. If this network asks you to sign in (as school or public Wi-Fi may), sign in with a web browser first, then click Retry.
error-server = The JUPAS service has a problem at the moment. Click Retry, or try again in a few minutes. Nothing you entered has been lost.
error-unreadable = The answer from the JUPAS service could not be read. If this network asks you to sign in (as school or public Wi-Fi may), sign in with a web browser first, then click Retry. Nothing you entered has been lost.
audio-saved-downloads = This computer has no file dialog, so the spoken security code was saved in your Downloads folder: { $path }

# Added for the user guide's wording (issue 8)
forgot-guide-intro = If you forget your password, you can use "Forget Password" function to change your password.
verify-enter-code = Stay on this page and enter the Verification Code sent by the JUPAS Office.
verify-regenerate-hint = If you do not receive the Verification Code, click "Regenerate Verification Code" at the bottom of this page to get a new one.
user-guide-link = User Guide
captcha-audio-label = Spoken security code
help-chart-whole = Show the whole chart (W)
help-chart-steps = Show one question at a time (W)
help-chart-question = { $number }. { $question }
help-chart-yes = Yes → { $then }
help-chart-no = No → { $then }
help-chart-go-to = go to question { $number }
help-advice-caps = This app's own advice (not from the JUPAS user guide): if your password has Chinese characters, type them with the same input method you used when you set it.
help-links-intro = If you wish to find out more details about security for your JUPAS account, please visit the sections of "Security for JUPAS Accounts" and "FAQ" on the JUPAS website.
dob-read-as = Read as { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }
error-date-ambiguous = This date can be read in more than one way. Enter the day, the month, then the year in full, for example 30/07/2008.
mailbox-superseded = Superseded: a newer verification code was sent after this one. Use the newest code.
mailbox-item-code-superseded = { $subject }, received { $time }, verification code { $code }, superseded by a newer code
mailbox-superseded-short = Superseded by a newer code

# Enrolled school workstations and the About view (issue 10)
captcha-waived = This school computer is enrolled with the reset service, so no security code is needed here.
workstation-dropped-title = Workstation enrolment
workstation-dropped = The reset service no longer recognises this computer's workstation enrolment (it may have been withdrawn), so the enrolment was removed from this computer. You can carry on as usual. If this computer should be enrolled, ask your school's IT staff.
workstation-dropped-dismiss = Dismiss
error-workstation-required = This reset service only serves school computers that are enrolled with it, and this computer is not. Please ask your school's IT staff.
error-workstation-unknown = The reset service no longer recognises this computer's enrolment. Click Retry to carry on without it.
about-open = About (F2)
about-title = About this app
about-close = Close About (Esc)
about-version = Version { $version }
about-server = Reset service: { $server }
about-practice = Practice mode: the built-in reference service; no real account is changed.
about-workstation = This computer is enrolled with the reset service as "{ $name }".
about-not-enrolled = This computer is not enrolled as a school workstation.
about-licences = Third-party licences
about-licences-intro = This app is built with the open-source components below (name and version, then licence).
about-licence-texts = { $count } components. The full licence texts are installed with the app: { $path }
