//! Rate limits and account enumeration: unknown accounts look exactly like known ones.

use std::time::{Duration, Instant};

use jupas_reset_api::client::CallError;
use jupas_reset_api::wire::ProblemCode;
use jupas_reset_service::config::Bucket;

use crate::support::*;

#[tokio::test]
async fn resets_are_rate_limited_per_account_alike_for_unknown_accounts() {
    let h = Harness::start().await;
    for login in [LOGIN, "nobody-here"] {
        for _ in 0..5 {
            let request = h.request_for(login, DOB, EMAIL).await;
            h.client
                .start_reset(&request)
                .await
                .expect("within the limit");
        }
        let request = h.request_for(login, DOB, EMAIL).await;
        let problem = problem_of(h.client.start_reset(&request).await);
        assert_eq!(problem.code, ProblemCode::RateLimited);
        assert_eq!(problem.status, 429);
        assert!(problem.retry_after_s.is_some_and(|s| s > 0));
    }
}

#[tokio::test]
async fn rate_limited_answers_carry_retry_after() {
    let h = Harness::start_with(|c| {
        c.rate_limits.challenges_per_address = Bucket {
            burst: 2,
            per_s: 600,
        }
    })
    .await;
    let url = format!("http://{}/v1/challenges", h.running.addr);
    let http = reqwest::Client::new();
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..3 {
        let response = http
            .post(&url)
            .json(&serde_json::json!({"kind": "image"}))
            .send()
            .await
            .expect("response");
        statuses.push(response.status().as_u16());
        retry_after = response.headers().get("retry-after").cloned();
    }
    assert_eq!(statuses, [200, 200, 429]);
    let seconds: u64 = retry_after
        .expect("Retry-After")
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=300).contains(&seconds));
}

#[tokio::test]
async fn unknown_details_get_the_same_answer_and_no_mail() {
    let h = Harness::start().await;
    let known = h.request_for(LOGIN, DOB, EMAIL).await;
    let wrong_dob = h.request_for(LOGIN, "2008-03-15", EMAIL).await;
    let unknown = h
        .request_for("nobody-here", DOB, "nobody@example.com")
        .await;
    let a = h.client.start_reset(&known).await.expect("202");
    let b = h.client.start_reset(&wrong_dob).await.expect("202");
    let c = h.client.start_reset(&unknown).await.expect("202");
    let shape = |s: &jupas_reset_api::wire::ResetStarted| {
        (
            s.reset_token.expose().len(),
            s.code_expires_in_s,
            s.regenerate_after_s,
            s.session_expires_in_s,
        )
    };
    assert_eq!(shape(&a), shape(&b));
    assert_eq!(shape(&a), shape(&c));

    wait_for_mails(h.outbox.path(), EMAIL, 1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        h.mails_to(EMAIL).len(),
        1,
        "only the matching request mailed"
    );
    assert!(h.mails_to("nobody@example.com").is_empty());

    // The follow-up calls behave alike too.
    let password = jupas_reset_api::wire::Secret::new(NEW_PASSWORD);
    let code = jupas_reset_api::wire::Secret::new("AAAAAA");
    for token in [&b.reset_token, &c.reset_token] {
        let problem = problem_of(h.client.complete(token, &code, &password).await);
        assert_eq!(problem.code, ProblemCode::CodeWrong);
        assert_eq!(problem.attempts_left, Some(4));
        assert_eq!(
            code_of(h.client.regenerate_code(token).await),
            ProblemCode::RegenerateTooSoon
        );
    }
}

/// Median time of `POST /v1/resets` for known and unknown accounts, interleaved so
/// that machine load hits both alike.
#[tokio::test]
async fn known_and_unknown_accounts_take_the_same_time() {
    let generous = Bucket {
        burst: 1000,
        per_s: 1,
    };
    let h = Harness::start_with(|c| {
        c.rate_limits.resets_per_account = generous;
        c.rate_limits.resets_per_address = generous;
        c.rate_limits.challenges_per_address = generous;
    })
    .await;
    let rounds = 25;
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..rounds {
        for (login, times) in [(LOGIN, &mut known), ("nobody-here", &mut unknown)] {
            let request = h.request_for(login, DOB, EMAIL).await;
            let start = Instant::now();
            let result: Result<_, CallError> = h.client.start_reset(&request).await;
            times.push(start.elapsed());
            result.expect("202");
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (k, u) = (median(&mut known), median(&mut unknown));
    let gap = k.abs_diff(u);
    // Tolerance: half the slower median plus 3 ms of scheduling noise.
    let tolerance = k.max(u) / 2 + Duration::from_millis(3);
    assert!(gap <= tolerance, "known {k:?} vs unknown {u:?}");
}
