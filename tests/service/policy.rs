//! The password policy, enforced by the service, one rule at a time.

use jupas_reset_api::policy::{Rule, Violation};
use jupas_reset_api::wire::{ProblemCode, Secret};

use crate::support::*;

#[tokio::test]
async fn the_policy_is_served_with_its_seven_guidelines() {
    let h = Harness::start().await;
    let policy = h.client.password_policy().await.expect("policy");
    assert_eq!(policy.rules, Rule::ALL.to_vec());
    assert_eq!(policy.rules.len(), 7);
    assert_eq!(
        (policy.limits.min_length, policy.limits.max_length),
        (8, 64)
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
        (&"long enough ".repeat(6), Violation::TooLong),
        ("password123", Violation::Common),
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
