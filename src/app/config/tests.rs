use super::*;

fn policy(text: &str) -> PolicyFile {
    match PolicyFile::parse(Path::new("/etc/jupas-reset/policy.toml"), text) {
        Ok(policy) => policy,
        Err(error) => panic!("{error}"),
    }
}

fn user(text: &str) -> FileConfig {
    match toml::from_str(text) {
        Ok(file) => file,
        Err(error) => panic!("{error}"),
    }
}

fn resolve(
    policy_text: Option<&str>,
    user_text: Option<&str>,
    flags: Flags,
) -> Result<Effective, ConfigError> {
    let policy = policy_text.map(policy);
    let user = user_text.map(user);
    Effective::resolve(&Sources {
        policy: policy
            .as_ref()
            .map(|p| (Path::new("/etc/jupas-reset/policy.toml"), p)),
        user: user.as_ref().map(|u| (Path::new("/home/s/config.toml"), u)),
        flags: &flags,
    })
}

#[test]
fn with_nothing_set_the_app_runs_in_practice_mode_in_the_system_language() {
    let Ok(effective) = resolve(None, None, Flags::default()) else {
        panic!("defaults resolve")
    };
    assert!(effective.practice.value);
    assert_eq!(effective.lang.value, None);
    assert_eq!(effective.server.value, None);
    assert_eq!(effective.links.value, SiteLinks::default());
    assert_eq!(effective.practice.source, Source::Default);
}

#[test]
fn an_unlocked_policy_is_the_machine_default_that_users_and_flags_can_change() {
    let p = r#"server = "https://reset.school.hk/"
language = "zh-HK"
"#;
    let Ok(machine) = resolve(Some(p), None, Flags::default()) else {
        panic!()
    };
    assert_eq!(machine.lang.value, Some(Lang::ZhHk));
    assert_eq!(
        machine.server.value.as_deref(),
        Some("https://reset.school.hk/")
    );
    assert!(!machine.practice.value, "a server means no practice mode");
    let Ok(flagged) = resolve(
        Some(p),
        Some("lang = \"en\""),
        Flags {
            server: Some("https://other.example/".into()),
            ..Flags::default()
        },
    ) else {
        panic!()
    };
    assert_eq!(flagged.lang.value, Some(Lang::En));
    assert_eq!(
        flagged.lang.source,
        Source::User("/home/s/config.toml".into())
    );
    assert_eq!(flagged.server.source, Source::Flag("--server"));
}

#[test]
fn a_locked_policy_refuses_a_contradicting_flag_and_overrides_the_user_config() {
    let p = r#"server = "https://reset.school.hk/"
language = "zh-HK"
practice = false
locked = ["server", "language", "practice"]
"#;
    let refused = resolve(
        Some(p),
        None,
        Flags {
            server: Some("https://evil.example/".into()),
            ..Flags::default()
        },
    );
    assert!(
        matches!(
            refused,
            Err(ConfigError::Forbidden {
                setting: Lockable::Server,
                ..
            })
        ),
        "{refused:?}"
    );
    let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("--server") && message.contains("/etc/jupas-reset/policy.toml"));
    assert!(matches!(
        resolve(
            Some(p),
            None,
            Flags {
                lang: Some("en".into()),
                ..Flags::default()
            }
        ),
        Err(ConfigError::Forbidden {
            setting: Lockable::Language,
            ..
        })
    ));
    assert!(matches!(
        resolve(
            Some(p),
            None,
            Flags {
                practice: true,
                ..Flags::default()
            }
        ),
        Err(ConfigError::Forbidden {
            setting: Lockable::Practice,
            ..
        })
    ));
    // The same value as the policy is not a contradiction.
    assert!(
        resolve(
            Some(p),
            None,
            Flags {
                lang: Some("zh-HK".into()),
                ..Flags::default()
            }
        )
        .is_ok()
    );
    let Ok(locked) = resolve(
        Some(p),
        Some("server = \"https://mine.example/\"\nlang = \"en\""),
        Flags::default(),
    ) else {
        panic!()
    };
    assert_eq!(
        locked.server.value.as_deref(),
        Some("https://reset.school.hk/")
    );
    assert_eq!(locked.lang.value, Some(Lang::ZhHk));
    assert_eq!(locked.overridden.len(), 2, "{:?}", locked.overridden);
    let printed = locked.describe(Path::new("/etc/jupas-reset/policy.toml"));
    assert!(printed.contains("(locked)"), "{printed}");
    assert!(
        printed.contains("ignored (locked by the machine policy)"),
        "{printed}"
    );
}

#[test]
fn practice_mode_locked_on_refuses_a_server() {
    let p = "practice = true\nlocked = [\"practice\"]\n";
    assert!(matches!(
        resolve(
            Some(p),
            None,
            Flags {
                server: Some("https://x.example/".into()),
                ..Flags::default()
            }
        ),
        Err(ConfigError::Forbidden {
            setting: Lockable::Practice,
            ..
        })
    ));
}

#[test]
fn practice_off_with_no_server_is_an_error_not_a_silent_practice_mode() {
    let result = resolve(Some("practice = false\n"), None, Flags::default());
    assert!(
        matches!(result, Err(ConfigError::NoServer { .. })),
        "{result:?}"
    );
}

#[test]
fn a_broken_policy_names_its_file_and_line() {
    let path = Path::new("/etc/jupas-reset/policy.toml");
    let text = "server = \"https://reset.school.hk/\"\nlanguage = zh-HK\n";
    let Err(error) = PolicyFile::parse(path, text) else {
        panic!("accepted")
    };
    assert!(
        matches!(error, ConfigError::Invalid { line: 2, .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("/etc/jupas-reset/policy.toml:2:"),
        "{error}"
    );
    for (text, line) in [
        ("practice = false\nserverr = \"x\"\n", 2),
        ("\n\nlanguage = \"fr\"\n", 3),
        ("locked = [\"server\"]\n", 1),
        ("locked = [\"colour\"]\n", 1),
    ] {
        let result = PolicyFile::parse(path, text);
        assert!(
            matches!(result, Err(ConfigError::Invalid { line: l, .. }) if l == line),
            "{text:?}: {result:?}"
        );
    }
}

#[test]
fn a_missing_policy_file_is_no_policy_but_an_unreadable_one_stops_the_app() {
    let Ok(dir) = tempfile::tempdir() else {
        panic!("tempdir")
    };
    assert!(matches!(
        PolicyFile::load(&dir.path().join("policy.toml")),
        Ok(None)
    ));
    // A directory where the file should be cannot be read as one.
    assert!(matches!(
        PolicyFile::load(dir.path()),
        Err(ConfigError::Unreadable { .. })
    ));
}

#[test]
fn installer_properties_become_a_locked_policy_the_app_reads_back() {
    let Ok(policy) = PolicyFile::from_installer("https://reset.school.example/", "zh-HK", "0")
    else {
        panic!("valid properties")
    };
    let text = policy.render();
    let read = PolicyFile::parse(Path::new("policy.toml"), &text);
    let Ok(read) = read else { panic!("{text}") };
    assert_eq!(
        read.server.as_deref(),
        Some("https://reset.school.example/")
    );
    assert_eq!(read.language.as_deref(), Some("zh-HK"));
    assert_eq!(read.practice, Some(false));
    for setting in [Lockable::Server, Lockable::Language, Lockable::Practice] {
        assert!(read.locks(setting), "{setting} locked");
    }
    let Ok(empty) = PolicyFile::from_installer("", "", "") else {
        panic!("no properties is a valid, empty policy")
    };
    assert!(PolicyFile::parse(Path::new("p"), &empty.render()).is_ok());
    assert_eq!(
        PolicyFile::from_installer("", "fr", "").err(),
        Some(InstallerError::Language("fr".into()))
    );
    assert_eq!(
        PolicyFile::from_installer("", "", "yes").err(),
        Some(InstallerError::Practice("yes".into()))
    );
    assert_eq!(
        PolicyFile::from_installer("", "", "0").err(),
        Some(InstallerError::NoServer)
    );
    assert!(matches!(
        PolicyFile::from_installer("http://reset.example.org/", "", ""),
        Err(InstallerError::Server { .. })
    ));
}
