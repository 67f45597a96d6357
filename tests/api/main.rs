//! The app's HTTP client against a real HTTP server on loopback that misbehaves on purpose
//! (tests/common/faulty.rs): redirects are not followed and the body is not re-sent, huge
//! answers are cut off, proxies from the environment are not used for loopback, and every
//! other fault becomes the error the app has words for.

// A test binary exports nothing, and a test may unwrap what it just built.
#![allow(unreachable_pub, clippy::unwrap_used)]

#[path = "../common/faulty.rs"]
#[allow(dead_code)]
mod faulty;

use std::time::{Duration, Instant};

use faulty::{Fault, FaultyServer, closed_port};
use jupas_reset_api::client::{ApiClient, CallError, MAX_BODY, Timeouts};
use jupas_reset_api::wire::{ChallengeKind, Lang, Secret, paths};

const EXTENDED: &str = r#"{"session_expires_in_s":900,"extensions_left":9}"#;

fn quick() -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(2),
        read: Duration::from_millis(700),
        total: Duration::from_secs(1),
    }
}

async fn complete(client: &ApiClient) -> Result<(), CallError> {
    let token = Secret::new("token-abc");
    let code = Secret::new("K7MXPA");
    let password = Secret::new("blue junk boat at dawn");
    client.complete(&token, &code, &password).await.map(|_| ())
}

#[tokio::test]
async fn a_redirect_is_an_error_and_the_password_is_never_sent_on() {
    for status in [301, 302, 303, 307, 308] {
        let elsewhere = FaultyServer::start(None).await;
        let server = FaultyServer::start(None).await;
        let target = format!("{}/v1/resets/current/complete", elsewhere.url());
        server.fail(paths::RESET_COMPLETE, Fault::redirect(status, target));
        let client = ApiClient::new(&server.url()).unwrap();

        let result = complete(&client).await;

        assert_eq!(result, Err(CallError::Redirected { status }));
        let seen = server.seen();
        assert_eq!(seen.len(), 1, "HTTP {status}: one request, no retry");
        let body = String::from_utf8_lossy(&seen[0].body);
        assert!(
            body.contains("blue junk boat at dawn"),
            "the request itself had it"
        );
        assert_eq!(
            elsewhere.connections(),
            0,
            "HTTP {status}: nothing went to the redirect's target"
        );
        // A redirect to the same server is not followed either.
        server.fail(
            paths::RESET_COMPLETE,
            Fault::redirect(status, "/v1/elsewhere"),
        );
        assert_eq!(
            complete(&client).await,
            Err(CallError::Redirected { status })
        );
        assert_eq!(
            server.seen().len(),
            2,
            "HTTP {status}: not re-sent to /v1/elsewhere"
        );
    }
}

#[tokio::test]
async fn an_endless_answer_is_cut_off_at_the_cap() {
    let server = FaultyServer::start(None).await;
    server.fail_all(Fault::Endless);
    let client = ApiClient::new(&server.url()).unwrap();
    let started = Instant::now();

    let result = client.extend_session(&Secret::new("t")).await;

    assert_eq!(result.err(), Some(CallError::TooLarge));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "stopped, did not time out"
    );
    // The client stopped reading: what was written is the cap plus what the kernel's socket
    // buffers took, far below the 1 GiB the server would have sent.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let written = server.written();
    assert!(written >= MAX_BODY as u64, "{written}");
    assert!(
        written < 32 * 1024 * 1024,
        "the server wrote {written} bytes"
    );
}

#[tokio::test]
async fn an_answer_declaring_more_than_the_cap_is_refused_unread() {
    let server = FaultyServer::start(None).await;
    let big = format!(
        r#"{{"session_expires_in_s":900,"extensions_left":9,"x":"{}"}}"#,
        "a".repeat(MAX_BODY)
    );
    server.fail_all(Fault::reply(200, "application/json", big.clone()));
    let client = ApiClient::new(&server.url()).unwrap();
    assert_eq!(
        client.extend_session(&Secret::new("t")).await.err(),
        Some(CallError::TooLarge)
    );
    // The same size is fine for a security code, whose answer carries a picture or sound.
    let challenge = format!(
        r#"{{"challenge_id":"c","media_type":"image/png","media_base64":"{}","expires_in_s":300}}"#,
        "A".repeat(MAX_BODY)
    );
    server.fail_all(Fault::reply(200, "application/json", challenge));
    let challenge = client.new_challenge(ChallengeKind::Image, Lang::En).await;
    assert_eq!(challenge.unwrap().media_base64.len(), MAX_BODY);
}

#[tokio::test]
async fn each_fault_is_the_error_the_app_can_explain() {
    let server = FaultyServer::start(None).await;
    let client = ApiClient::with_timeouts(&server.url(), quick()).unwrap();
    let problem = r#"{"type":"urn:jupas-reset:problem:internal","title":"Internal","status":500,"code":"internal"}"#;
    let cases: Vec<(Fault, CallError)> = vec![
        (Fault::Hangup, CallError::Unreachable),
        (Fault::Stall(Duration::from_secs(3)), CallError::Timeout),
        (
            Fault::reply(503, "text/html", "<h1>Service Unavailable</h1>"),
            CallError::ServerError { status: 503 },
        ),
        (
            Fault::reply(200, "application/json", "{\"session_expires_in_s\": 9"),
            CallError::Unreadable,
        ),
        (
            Fault::reply(200, "text/html", EXTENDED),
            CallError::Unreadable,
        ),
        (
            Fault::reply(404, "text/plain", "no"),
            CallError::Unexpected { status: 404 },
        ),
    ];
    for (fault, expected) in cases {
        server.fail_all(fault.clone());
        let result = client.extend_session(&Secret::new("t")).await;
        assert_eq!(result.err(), Some(expected), "{fault:?}");
    }
    server.fail_all(Fault::reply(500, "application/problem+json", problem));
    assert!(matches!(
        client.extend_session(&Secret::new("t")).await,
        Err(CallError::Problem(p)) if p.status == 500
    ));
    server.fail_all(Fault::reply(
        200,
        "application/json; charset=utf-8",
        EXTENDED,
    ));
    let extended = client
        .extend_session(&Secret::new("token-abc"))
        .await
        .unwrap();
    assert_eq!(extended.extensions_left, 9);
    let last = server.seen().pop().unwrap();
    assert_eq!(last.header("authorization"), Some("Bearer token-abc"));
}

#[tokio::test]
async fn a_service_that_is_down_is_unreachable() {
    let down = closed_port().await;
    let client = ApiClient::new(&format!("http://{down}")).unwrap();
    assert_eq!(
        client.password_policy().await.err(),
        Some(CallError::Unreachable)
    );
}

#[tokio::test]
async fn https_to_a_plain_http_port_is_a_tls_failure() {
    let server = FaultyServer::start(None).await;
    let client = ApiClient::with_timeouts(&format!("https://{}", server.addr), quick()).unwrap();
    assert_eq!(complete(&client).await, Err(CallError::Tls));
    assert!(server.seen().is_empty(), "nothing was sent in the clear");
}

/// A real TLS server whose certificate no one vouches for (self-signed, made once with
/// openssl for `localhost`; the files are test fixtures, trusted by nothing).
async fn self_signed_server() -> (std::net::SocketAddr, tokio::task::JoinHandle<Vec<u8>>) {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    use tokio::io::AsyncReadExt;

    jupas_reset_api::client::install_crypto_provider();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/api/self-signed");
    let cert = CertificateDer::from_pem_file(dir.join("cert.pem")).unwrap();
    let key = PrivateKeyDer::from_pem_file(dir.join("key.pem")).unwrap();
    let config = tokio_rustls::rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // One connection: what the server read after the handshake, or nothing if the client
    // refused the certificate.
    let served = tokio::spawn(async move {
        let mut read = Vec::new();
        let (stream, _) = listener.accept().await.unwrap();
        if let Ok(mut tls) = acceptor.accept(stream).await {
            let mut buffer = [0; 4096];
            if let Ok(n) = tls.read(&mut buffer).await {
                read.extend_from_slice(&buffer[..n]);
            }
        }
        read
    });
    (addr, served)
}

#[tokio::test]
async fn a_self_signed_certificate_is_a_tls_failure_and_nothing_is_sent() {
    let (addr, served) = self_signed_server().await;
    let url = format!("https://localhost:{}", addr.port());
    let client = ApiClient::with_timeouts(&url, quick()).unwrap();
    assert_eq!(complete(&client).await, Err(CallError::Tls));
    let read = tokio::time::timeout(Duration::from_secs(5), served)
        .await
        .expect("the server saw the connection end")
        .unwrap();
    assert!(
        read.is_empty(),
        "the request (and its secrets) reached an unverified server"
    );
}

/// Runs in a child process whose environment names a proxy for everything (setting the
/// environment in this process would race the other tests).
#[tokio::test]
async fn a_proxy_in_the_environment_is_not_used_for_loopback() {
    let proxy = FaultyServer::start(None).await;
    let service = FaultyServer::start(None).await;
    service.fail_all(Fault::reply(200, "application/json", EXTENDED));
    let proxy_url = proxy.url();
    let service_url = service.url();
    let child = tokio::task::spawn_blocking(move || {
        let mut command = std::process::Command::new(std::env::current_exe().unwrap());
        command
            .args(["--exact", "proxied_child", "--ignored", "--nocapture"])
            .env("JUPAS_TEST_SERVICE", &service_url);
        for name in ["NO_PROXY", "no_proxy"] {
            command.env_remove(name);
        }
        for name in [
            "HTTP_PROXY",
            "http_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            command.env(name, &proxy_url);
        }
        command.output().unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&child.stdout);
    assert!(
        child.status.success() && stdout.contains("1 passed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&child.stderr)
    );
    // The environment did send an ordinary reqwest client through the proxy…
    let through_proxy: Vec<_> = proxy.seen().into_iter().map(|s| s.target).collect();
    assert_eq!(
        through_proxy,
        vec![format!("{}/control", service.url())],
        "only the control request went through the proxy"
    );
    // …while the app's client went straight to the service.
    let direct: Vec<_> = service.seen().into_iter().map(|s| s.target).collect();
    assert_eq!(direct, vec![paths::RESET_EXTEND.to_owned()]);
}

#[tokio::test]
#[ignore = "run by a_proxy_in_the_environment_is_not_used_for_loopback"]
async fn proxied_child() {
    let service = std::env::var("JUPAS_TEST_SERVICE").expect("run by the parent test");
    // Control: reqwest's defaults do take the proxy from the environment.
    jupas_reset_api::client::install_crypto_provider();
    let _ = reqwest::Client::new()
        .get(format!("{service}/control"))
        .send()
        .await
        .unwrap();
    let client = ApiClient::new(&service).unwrap();
    let extended = client.extend_session(&Secret::new("t")).await.unwrap();
    assert_eq!(extended.extensions_left, 9);
}
