//! Rate limits and account enumeration: unknown accounts look exactly like known ones.

use std::time::{Duration, Instant};

use jupas_reset_api::client::CallError;
use jupas_reset_api::wire::{ProblemCode, ResetRequest, Secret};
use jupas_reset_service::config::Bucket;

use crate::support::*;

/// Requests naming someone's login name with made-up security codes, or with solved
/// ones and details of their own, used to lock the owner out of Forgot Password.
#[tokio::test]
async fn nobody_can_lock_a_login_name_out_of_forgot_password() {
    let generous = Bucket {
        burst: 1000,
        per_s: 1,
    };
    let h = Harness::start_with(|c| c.rate_limits.resets_per_address = generous).await;
    for n in 0..12 {
        let request = ResetRequest {
            login_name: LOGIN.into(),
            date_of_birth: DOB.into(),
            email: EMAIL.into(),
            challenge_id: format!("made-up-{n}"),
            challenge_answer: Secret::new("ABCDEF"),
        };
        let problem = problem_of(h.client.start_reset(&request).await);
        assert_eq!(problem.code, ProblemCode::CaptchaExpired, "request {n}");
    }
    for _ in 0..12 {
        let request = h.request_for(LOGIN, DOB, "attacker@example.com").await;
        h.client.start_reset(&request).await.expect("202");
    }
    // The owner: right details, a solved security code, and the email arrives.
    h.start_reset().await;
    h.code(EMAIL, 1).await;
}

/// The per-account mail budget is spent silently: the answer never changes, only the
/// email stops, so it neither locks anyone out nor tells anyone anything.
#[tokio::test]
async fn past_the_mail_budget_the_answer_is_the_same_and_no_mail_goes() {
    let h = Harness::start_with(|c| {
        c.rate_limits.code_mails_per_account = Bucket {
            burst: 2,
            per_s: 3600,
        }
    })
    .await;
    let mut shapes = Vec::new();
    for login in [LOGIN, "nobody-here"] {
        for _ in 0..4 {
            let request = h.request_for(login, DOB, EMAIL).await;
            let started = h.client.start_reset(&request).await.expect("202");
            shapes.push(shape(&started));
        }
    }
    assert!(shapes.iter().all(|s| *s == shapes[0]), "{shapes:?}");
    wait_for_mails(h.outbox.path(), EMAIL, 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(h.mails_to(EMAIL).len(), 2, "two emails, then none");
    // A regenerated code is mail too: the answer is 200, no email goes.
    h.clock.advance_s(60);
    let started = h.start_reset().await;
    h.clock.advance_s(60);
    h.client
        .regenerate_code(&started.reset_token)
        .await
        .expect("200");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(h.mails_to(EMAIL).len(), 2);
    // The budget comes back with time (one email per 30 minutes here).
    h.clock.advance_s(1800);
    h.start_reset().await;
    h.code(EMAIL, 3).await;
}

fn shape(s: &jupas_reset_api::wire::ResetStarted) -> (usize, u64, u64, u64) {
    (
        s.reset_token.expose().len(),
        s.code_expires_in_s,
        s.regenerate_after_s,
        s.session_expires_in_s,
    )
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
    let http = crate::support::http();
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
        c.rate_limits.code_mails_per_account = generous;
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

/// What a client sees of an answer: status, every header but `date`, and the body.
#[derive(Debug, PartialEq)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: serde_json::Value,
}

async fn complete_raw(h: &Harness, token: &str, code: &str) -> Answer {
    let response = crate::support::http()
        .post(format!(
            "http://{}/v1/resets/current/complete",
            h.running.addr
        ))
        .bearer_auth(token)
        .json(&serde_json::json!({"verification_code": code, "new_password": NEW_PASSWORD}))
        .send()
        .await
        .expect("response");
    let status = response.status().as_u16();
    let mut headers: Vec<(String, String)> = response
        .headers()
        .iter()
        // The date and each request's own id differ by design; everything else must not.
        .filter(|(name, _)| *name != "date" && *name != "x-request-id")
        .map(|(name, value)| {
            let value = value.to_str().expect("ascii").to_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();
    headers.sort();
    let body = response.json().await.expect("json body");
    Answer {
        status,
        headers,
        body,
    }
}

/// The first verification code mailed to the account that is not in `known`.
async fn next_code(h: &Harness, known: &mut Vec<String>) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let fresh = h
            .mails_to(EMAIL)
            .iter()
            .filter(|m| m.text.contains("Verification Code: "))
            .map(code_in)
            .find(|c| !known.contains(c));
        if let Some(code) = fresh {
            known.push(code.clone());
            return code;
        }
        assert!(Instant::now() < deadline, "no new code arrived");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Wrong codes on sessions whose details match an account, on sessions whose details
/// name the account with a wrong date of birth, and on sessions naming nobody, in
/// lockstep: every answer is the same, byte for byte, through exhausted sessions, the
/// point where the old daily limit locked the owner out, and the growing delays.
#[tokio::test]
async fn unmatched_sessions_answer_exactly_like_matched_ones() {
    let generous = Bucket {
        burst: 1000,
        per_s: 1,
    };
    let h = Harness::start_with(|c| {
        c.rate_limits.resets_per_address = generous;
        c.rate_limits.challenges_per_address = generous;
        c.rate_limits.code_mails_per_account = generous;
    })
    .await;
    let details = [
        (LOGIN, DOB, EMAIL),
        (LOGIN, "2008-03-15", EMAIL),
        ("nobody-here", DOB, "nobody@example.com"),
    ];
    let mut known = Vec::new();
    let mut tokens: Option<Vec<String>> = None;
    let mut wrong = String::new();
    let mut statuses = Vec::new();
    for step in 0..28 {
        if tokens.is_none() {
            let mut opened = Vec::new();
            for (login, dob, email) in details {
                let request = h.request_for(login, dob, email).await;
                let started = h.client.start_reset(&request).await.expect("202");
                opened.push(started.reset_token.expose().to_owned());
            }
            let code = next_code(&h, &mut known).await;
            let first = if code.starts_with('A') { 'C' } else { 'A' };
            wrong = format!("{first}{}", &code[1..]);
            tokens = Some(opened);
        }
        let mut answers = Vec::new();
        for token in tokens.iter().flatten() {
            answers.push(complete_raw(&h, token, &wrong).await);
        }
        for other in &answers[1..] {
            assert_eq!(&answers[0], other, "step {step}");
        }
        let answer = &answers[0];
        statuses.push(answer.status);
        match (answer.status, answer.body["code"].as_str()) {
            (429, _) => {
                let wait = answer.body["retry_after_s"]
                    .as_u64()
                    .expect("retry_after_s");
                h.clock.advance_s(wait);
            }
            (400, Some("code_wrong")) => {}
            // Exhausted, closed or expired: the next step starts new sessions.
            _ => tokens = None,
        }
    }
    assert!(statuses.contains(&403), "{statuses:?}");
    assert!(statuses.contains(&429), "{statuses:?}");
    let wrong_codes = statuses.iter().filter(|s| matches!(s, 400 | 403)).count();
    assert!(wrong_codes > 15, "past the old daily limit: {statuses:?}");
}

/// A wrong code does the same database work whether or not the session has an account
/// behind it: the same statements, the same number of times.
#[tokio::test]
async fn a_wrong_code_costs_the_same_database_work_matched_or_not() {
    let h = Harness::start().await;
    let matched = h.start_reset().await;
    let code = h.code(EMAIL, 1).await;
    let request = h.request_for(LOGIN, "2008-03-15", EMAIL).await;
    let unmatched = h.client.start_reset(&request).await.expect("202");
    let first = if code.expose().starts_with('A') {
        'C'
    } else {
        'A'
    };
    let wrong = Secret::new(format!("{first}{}", &code.expose()[1..]));
    let password = Secret::new(NEW_PASSWORD);
    let runs = || {
        h.running
            .state
            .db
            .lock()
            .expect("database")
            .statement_runs()
    };
    let mut work = Vec::new();
    for token in [&matched.reset_token, &unmatched.reset_token] {
        let before = runs();
        let problem = problem_of(h.client.complete(token, &wrong, &password).await);
        assert_eq!(problem.code, ProblemCode::CodeWrong);
        let after = runs();
        let mut done: Vec<(&str, u64)> = after
            .iter()
            .map(|(sql, n)| (*sql, n - before.get(sql).copied().unwrap_or(0)))
            .filter(|(_, n)| *n > 0)
            .collect();
        done.sort();
        work.push(done);
    }
    assert_eq!(work[0], work[1]);
    let statements: Vec<String> = work[0]
        .iter()
        .map(|(sql, _)| sql.split_whitespace().next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        statements.iter().filter(|s| *s == "SELECT").count(),
        3,
        "session, account, failure budget: {:?}",
        work[0]
    );
    assert!(statements.iter().any(|s| s == "UPDATE"), "{:?}", work[0]);
}

async fn post_challenge(h: &Harness, forwarded: &str) -> u16 {
    crate::support::http()
        .post(format!("http://{}/v1/challenges", h.running.addr))
        .header("x-forwarded-for", forwarded)
        .json(&serde_json::json!({"kind": "image"}))
        .send()
        .await
        .expect("response")
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_bucket() {
    let h = Harness::start_with(|c| {
        c.trusted_proxies = vec!["127.0.0.0/8".parse().expect("cidr")];
        c.rate_limits.challenges_per_address = Bucket {
            burst: 2,
            per_s: 600,
        };
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(post_challenge(&h, "203.0.113.7").await);
    }
    assert_eq!(statuses, [200, 200, 429]);
    // Hops the client wrote itself, to the left, change nothing.
    assert_eq!(post_challenge(&h, "198.51.100.1, 203.0.113.7").await, 429);
    assert_eq!(
        post_challenge(&h, "203.0.113.8").await,
        200,
        "its own bucket"
    );
    // IPv6 clients share a bucket per /64.
    let mut statuses = Vec::new();
    for client in [
        "2001:db8:1:2::1",
        "2001:db8:1:2:abcd::9",
        "2001:db8:1:2::77",
    ] {
        statuses.push(post_challenge(&h, client).await);
    }
    assert_eq!(statuses, [200, 200, 429]);
    assert_eq!(post_challenge(&h, "2001:db8:1:3::1").await, 200);
}

#[tokio::test]
async fn forwarded_headers_from_untrusted_peers_are_ignored() {
    let h = Harness::start_with(|c| {
        c.rate_limits.challenges_per_address = Bucket {
            burst: 2,
            per_s: 600,
        }
    })
    .await;
    let mut statuses = Vec::new();
    for client in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
        statuses.push(post_challenge(&h, client).await);
    }
    assert_eq!(statuses, [200, 200, 429], "one bucket: the peer's");
}

/// Counted in entries, not bytes or time: what a flood of addresses and of long login
/// names leaves in the limiters.
#[tokio::test]
async fn limiters_hold_a_bounded_number_of_keys() {
    let h = Harness::start_with(|c| {
        c.trusted_proxies = vec!["127.0.0.1".parse().expect("cidr")];
        c.rate_limits.max_keys = 64;
    })
    .await;
    let limits = &h.running.state.limits;
    let http = crate::support::http();
    let url = format!("http://{}/v1/resets", h.running.addr);
    let send = |login: String, forwarded: String| {
        http.post(&url)
            .header("x-forwarded-for", forwarded)
            .json(&serde_json::json!({
                "login_name": login,
                "date_of_birth": DOB,
                "email": EMAIL,
                "challenge_id": "made-up",
                "challenge_answer": "ABCDEF",
            }))
            .send()
    };
    for n in 0..300u32 {
        let client = format!("198.51.{}.{}", n / 256, n % 256);
        let status = send("has space".into(), client)
            .await
            .expect("response")
            .status();
        assert_eq!(status.as_u16(), 400);
        assert!(limits.resets_per_address.len() <= 64);
    }
    assert!(
        limits.resets_per_address.len() >= 32,
        "it does remember clients"
    );
    // Login names of 10,000 characters never become keys of any limiter.
    for n in 0..50 {
        let status = send("x".repeat(10_000), format!("203.0.113.{n}"))
            .await
            .expect("response")
            .status();
        assert_eq!(status.as_u16(), 400);
    }
    assert!(limits.code_mails_per_account.is_empty());
}
