# Settings and the machine policy: messages printed when the app cannot start as configured.

config-unreadable = Cannot read { $path }: { $reason }
config-invalid = { $path }, line { $line }, column { $column }: { $reason }
config-forbidden = { $flag } is not allowed: the machine policy { $policy } locks this setting ({ $setting }). Ask your school's IT staff.
config-bad-lang = The language must be "en" or "zh-HK", not "{ $value }".
config-no-server = Practice mode is turned off ({ $source }) and no server is set: give --server URL.
