# Settings and the machine policy: messages printed when the app cannot start as configured.

config-unreadable = Cannot read { $path }: { $reason }
config-invalid = { $path }, line { $line }, column { $column }: { $reason }
config-forbidden = { $flag } is not allowed: the machine policy { $policy } locks this setting ({ $setting }). Ask your school's IT staff.
config-bad-lang = The language must be "en" or "zh-HK", not "{ $value }".
config-no-server = Practice mode is turned off ({ $source }) and no server is set: give --server URL.

# Enrolling this computer as a school workstation (--enroll, --unenroll)
enrol-done = This computer is now enrolled with { $server } as "{ $name }". Its credential is kept in the system keychain.
enrol-refused = The enrolment code was not accepted: it may be mistyped, used already, withdrawn, or more than 24 hours old. Ask your school's IT staff for a new one.
enrol-failed = The enrolment did not go through: { $reason }
enrol-needs-server = Enrolment needs the reset server: give --server URL, or ask your school's IT staff to set the server in the machine policy. Practice mode has no workstations.
enrol-keychain = The system keychain cannot be used, so this computer cannot keep a workstation credential: { $reason }
unenrol-done = This computer is no longer enrolled with { $server }.
unenrol-none = This computer was not enrolled with { $server }.
