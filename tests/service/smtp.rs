//! Real SMTP delivery to a real SMTP server process (aiosmtpd) on loopback.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jupas_reset_api::wire::Secret;
use jupas_reset_service::config::{SmtpConfig, SmtpTls};

use crate::support::*;

struct SmtpServer(Child);

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// aiosmtpd's Mailbox handler stores each message in a maildir.
fn start_aiosmtpd(maildir: &std::path::Path, port: u16) -> SmtpServer {
    let child = Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        .arg(maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 with aiosmtpd (pip install aiosmtpd; .ci/test installs it)");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "aiosmtpd did not start (is it installed?)"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    SmtpServer(child)
}

#[tokio::test]
async fn codes_are_delivered_over_smtp() {
    let dir = tempfile::tempdir().expect("dir");
    let maildir = dir.path().join("maildir");
    let port = free_port();
    let _smtp = start_aiosmtpd(&maildir, port);
    // Answers can only be revealed into an outbox; this service mails by SMTP instead.
    let h = Harness::start_with(|c| {
        c.test_reveal_answers = false;
        c.mail.outbox = None;
        c.mail.smtp = Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port,
            tls: SmtpTls::None,
            username: None,
            password: None,
        });
    })
    .await;
    let request = smtp_request(&h).await;
    let started = h.client.start_reset(&request).await.expect("202");
    let mails = wait_for_mails(&maildir.join("new"), EMAIL, 1).await;
    let code = Secret::new(code_in(&mails[0]));
    h.client
        .complete(&started.reset_token, &code, &Secret::new(NEW_PASSWORD))
        .await
        .expect("changed with the code that came by SMTP");
    // A maildir's file names say nothing of order: find the notice by what it says.
    let mails = wait_for_mails(&maildir.join("new"), EMAIL, 2).await;
    assert!(
        mails
            .iter()
            .any(|mail| mail.text.contains("password of your JUPAS account"))
    );
}

/// aiosmtpd that takes its time over each message (like a busy relay), storing it in a
/// maildir once accepted.
fn start_slow_smtp(maildir: &std::path::Path, port: u16, delay_s: f32) -> SmtpServer {
    let script = format!(
        r#"
import asyncio, mailbox, sys
from aiosmtpd.controller import Controller
class Slow:
    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep({delay_s})
        mailbox.Maildir(sys.argv[1]).add(envelope.original_content)
        return "250 OK"
Controller(Slow(), hostname="127.0.0.1", port={port}).start()
asyncio.get_event_loop().run_forever()
"#
    );
    let child = Command::new("python3")
        .args(["-c", &script])
        .arg(maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 with aiosmtpd");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "slow aiosmtpd did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    SmtpServer(child)
}

/// Mail is queued; shutting down sends what is queued before the service stops.
#[tokio::test]
async fn shutdown_sends_the_queued_mail_first() {
    let dir = tempfile::tempdir().expect("dir");
    let maildir = dir.path().join("maildir");
    let port = free_port();
    let _smtp = start_slow_smtp(&maildir, port, 1.5);
    let h = Harness::start_with(|c| {
        c.test_reveal_answers = false;
        c.mail.outbox = None;
        c.mail.smtp = Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port,
            tls: SmtpTls::None,
            username: None,
            password: None,
        });
    })
    .await;
    let request = smtp_request(&h).await;
    h.client.start_reset(&request).await.expect("202");
    // The answer came before the mail was accepted; stop the service at once.
    assert!(mails_in(&maildir.join("new"), EMAIL).is_empty());
    h.running.shutdown().await.expect("clean shutdown");
    let mails = mails_in(&maildir.join("new"), EMAIL);
    assert_eq!(
        mails.len(),
        1,
        "the queued code was delivered before shutdown returned"
    );
    code_in(&mails[0]);
}

/// A reset request whose challenge answer is known: the test stores a challenge with an
/// answer it chose, through the service's own storage.
async fn smtp_request(h: &Harness) -> jupas_reset_api::wire::ResetRequest {
    use jupas_reset_service::secrets::Purpose;
    let state = std::sync::Arc::clone(&h.running.state);
    let id = "smtp-test-challenge".to_owned();
    let hash = state.keyring.hash(Purpose::ChallengeAnswer, "K7MXPA");
    let expires = state.now() + 60_000;
    let stored = id.clone();
    state
        .with_db(move |_, db| Ok(db.insert_challenge(&stored, &hash, expires)?))
        .await
        .expect("challenge stored");
    jupas_reset_api::wire::ResetRequest {
        login_name: LOGIN.into(),
        date_of_birth: DOB.into(),
        email: EMAIL.into(),
        challenge_id: id,
        challenge_answer: Secret::new("k7m xpa"),
    }
}
