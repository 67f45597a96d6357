//! The password policy, enforced by the service, one rule at a time.

use jupas_reset_api::policy::{PolicyLimits, Rule, Violation};
use jupas_reset_api::wire::{ProblemCode, Secret};
use jupas_reset_service::config::{Config, ConfigError};
use jupas_reset_service::{Options, StartError, build_state};

use crate::support::*;

#[tokio::test]
async fn the_policy_is_served_with_its_seven_guidelines() {
    let h = Harness::start().await;
    let policy = h.client.password_policy().await.expect("policy");
    assert_eq!(policy.rules, Rule::ALL.to_vec());
    assert_eq!(policy.rules.len(), 7);
    // NIST SP 800-63B-4: 15 characters when the password is the only factor.
    assert_eq!(
        (policy.limits.min_length, policy.limits.max_length),
        (15, 64)
    );
    assert_eq!(policy.normalization, "NFKC");
}

#[tokio::test]
async fn each_rule_is_enforced_and_a_refused_password_keeps_the_code() {
    let h = Harness::start().await;
    let started = h.start_reset().await;
    let token = &started.reset_token;
    let code = h.code(EMAIL, 1).await;
    let cases: &[(&str, Violation)] = &[
        ("short1", Violation::TooShort),
        ("fourteen chars", Violation::TooShort),
        (&"long enough ".repeat(6), Violation::TooLong),
        ("qwerty123456789", Violation::Common),
        ("I am chantaiman!!", Violation::ContainsLoginName),
        ("mail chan.taiman now", Violation::ContainsEmail),
        ("born 14/03/2008 ok", Violation::ContainsDateOfBirth),
        (PASSWORD, Violation::SameAsCurrent),
    ];
    for (password, violation) in cases {
        let problem = problem_of(
            h.client
                .complete(token, &code, &Secret::new(*password))
                .await,
        );
        assert_eq!(problem.code, ProblemCode::PasswordPolicy, "{password}");
        assert_eq!(problem.status, 422);
        assert!(
            problem
                .violations
                .as_ref()
                .is_some_and(|v| v.contains(violation)),
            "{password}: {:?}",
            problem.violations
        );
    }
    // Full-width letters are normalised (NFKC) and the same as the current password.
    let full_width = "Ｐｒａｃｔｉｃｅ ｏｎｌｙ ２０２６";
    let problem = problem_of(
        h.client
            .complete(token, &code, &Secret::new(full_width))
            .await,
    );
    assert_eq!(problem.violations, Some(vec![Violation::SameAsCurrent]));

    // Chinese, spaces and any Unicode are allowed; the code still works.
    h.client
        .complete(token, &code, &Secret::new("我的 新密碼 是 海港 之 夜"))
        .await
        .expect("changed");
    h.client
        .practice_login(LOGIN, &Secret::new("我的 新密碼 是 海港 之 夜"))
        .await
        .expect("logs in");
}

#[test]
fn limits_that_refuse_every_password_are_refused_at_start() {
    for (min_length, max_length) in [(100, 64), (7, 64), (8, 10)] {
        let config = Config {
            policy: PolicyLimits {
                min_length,
                max_length,
            },
            ..Config::default()
        };
        let Err(error) = build_state(config, Options::default()) else {
            panic!("{min_length}..{max_length} accepted");
        };
        assert!(
            matches!(error, StartError::Config(ConfigError::Policy(_))),
            "{error:?}"
        );
        assert!(error.to_string().starts_with("[policy] "), "{error}");
    }
}
