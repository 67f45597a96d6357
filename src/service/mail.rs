//! Outgoing email: the verification code and the "password changed" notice, English then
//! Chinese, plain text and HTML. Delivered by SMTP, into an outbox folder (one `.eml` per
//! message), or, for the app's in-process practice mode, to its practice mailbox in memory.

use fluent_bundle::FluentValue;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::{Path, PathBuf};
use tokio::sync::mpsc::UnboundedSender;

use super::config::{SmtpConfig, SmtpTls};
use jupas_reset_api::wire::Lang;
use jupas_reset_i18n::{tr, tr_args};

const DEFAULT_FROM: &str = "noreply@practice.jupas-reset.invalid";

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("building the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("outbox: {0}")]
    Outbox(#[from] std::io::Error),
    #[error("the practice mailbox is closed")]
    MailboxClosed,
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// One owner-only `.eml` file per message.
    Outbox(PathBuf),
    Memory(UnboundedSender<Vec<u8>>),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

impl Mailer {
    pub(crate) fn smtp(config: &SmtpConfig, from: Option<&str>) -> Result<Mailer, MailError> {
        let builder = match config.tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host),
            SmtpTls::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)?
            }
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host)?,
        };
        let mut builder = builder.port(config.port);
        if let Some(username) = &config.username {
            let password = std::env::var("JUPAS_RESET_SMTP_PASSWORD")
                .ok()
                .or_else(|| config.password.clone())
                .unwrap_or_default();
            builder = builder.credentials(Credentials::new(username.clone(), password));
        }
        Ok(Mailer {
            transport: Transport::Smtp(builder.build()),
            from: from_mailbox(from)?,
        })
    }

    pub(crate) fn outbox(dir: &Path, from: Option<&str>) -> Result<Mailer, MailError> {
        Ok(Mailer {
            transport: Transport::Outbox(dir.to_owned()),
            from: from_mailbox(from)?,
        })
    }

    /// Messages go to the app's practice mailbox window and never touch the disk.
    pub(crate) fn memory(sink: UnboundedSender<Vec<u8>>) -> Result<Mailer, MailError> {
        Ok(Mailer {
            transport: Transport::Memory(sink),
            from: from_mailbox(None)?,
        })
    }

    /// `order` is the mail queue's stamp: outbox files sort by name in the order their
    /// messages were queued, even when parallel sends finish out of order.
    pub(crate) async fn send(&self, message: Message, order: u64) -> Result<(), MailError> {
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await?;
            }
            Transport::Outbox(dir) => {
                let name = format!("{order:020}-{}.eml", crate::secrets::new_id());
                // Written under a hidden name, then renamed: whoever watches the folder
                // never reads half a message.
                let part = dir.join(format!(".{name}.part"));
                let path = dir.join(name);
                let bytes = message.formatted();
                tokio::task::spawn_blocking(move || {
                    crate::files::write_private(&part, &bytes)?;
                    std::fs::rename(&part, &path)
                })
                .await
                .map_err(std::io::Error::other)??;
            }
            Transport::Memory(sink) => sink
                .send(message.formatted())
                .map_err(|_| MailError::MailboxClosed)?,
        }
        Ok(())
    }

    pub(crate) fn verification_code(
        &self,
        to: &str,
        code: &str,
        valid_minutes: u64,
    ) -> Result<Message, MailError> {
        let minutes = || FluentValue::from(valid_minutes);
        let paragraphs = |lang| {
            vec![
                tr(lang, "mail-greeting"),
                tr(lang, "mail-code-intro"),
                tr_args(lang, "mail-code-line", &[("code", code.into())]),
                tr_args(lang, "mail-code-instructions", &[("minutes", minutes())]),
                tr(lang, "mail-code-ignore"),
                tr(lang, "mail-signature"),
            ]
        };
        self.bilingual(to, "mail-code-subject", paragraphs, Some(2))
    }

    pub(crate) fn password_changed(
        &self,
        to: &str,
        login: &str,
        when: &str,
    ) -> Result<Message, MailError> {
        let paragraphs = |lang| {
            vec![
                tr(lang, "mail-greeting"),
                tr_args(
                    lang,
                    "mail-changed-body",
                    &[("login", login.into()), ("when", when.into())],
                ),
                tr(lang, "mail-changed-warning"),
                tr(lang, "mail-signature"),
            ]
        };
        self.bilingual(to, "mail-changed-subject", paragraphs, None)
    }

    /// Sent once when wrong codes for the account start to be delayed.
    pub(crate) fn wrong_codes_warning(
        &self,
        to: &str,
        login: &str,
        failures: u32,
    ) -> Result<Message, MailError> {
        let paragraphs = |lang| {
            vec![
                tr(lang, "mail-greeting"),
                tr_args(
                    lang,
                    "mail-guessing-body",
                    &[("login", login.into()), ("count", failures.into())],
                ),
                tr(lang, "mail-guessing-advice"),
                tr(lang, "mail-signature"),
            ]
        };
        self.bilingual(to, "mail-guessing-subject", paragraphs, None)
    }

    /// English then Chinese, in one message. `strong` is the index of the paragraph
    /// to emphasise in HTML (the code line).
    fn bilingual(
        &self,
        to: &str,
        subject_id: &str,
        paragraphs: impl Fn(Lang) -> Vec<String>,
        strong: Option<usize>,
    ) -> Result<Message, MailError> {
        let subject = format!(
            "{} / {}",
            tr(Lang::En, subject_id),
            tr(Lang::ZhHk, subject_id)
        );
        let en = paragraphs(Lang::En);
        let zh = paragraphs(Lang::ZhHk);
        let mut plain = en.join("\n\n");
        plain.push_str("\n\n――――――――――――――――\n\n");
        plain.push_str(&zh.join("\n\n"));
        plain.push_str("\n\n");
        plain.push_str(&tr(Lang::ZhHk, "mail-prevails"));
        plain.push('\n');

        let html_part = |lang: Lang, paras: &[String]| {
            let body: String = paras
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let text = escape_html(p);
                    if Some(i) == strong {
                        format!("<p style=\"font-size:1.3em\"><strong>{text}</strong></p>\n")
                    } else {
                        format!("<p>{text}</p>\n")
                    }
                })
                .collect();
            format!("<div lang=\"{}\">\n{body}</div>\n", lang.tag())
        };
        let html = format!(
            "<!DOCTYPE html>\n<html><body>\n{}<hr>\n{}<p><small>{}</small></p>\n</body></html>\n",
            html_part(Lang::En, &en),
            html_part(Lang::ZhHk, &zh),
            escape_html(&tr(Lang::ZhHk, "mail-prevails")),
        );

        Ok(Message::builder()
            .from(self.from.clone())
            .to(to.parse()?)
            .subject(subject)
            .multipart(MultiPart::alternative_plain_html(plain, html))?)
    }
}

fn from_mailbox(from: Option<&str>) -> Result<Mailbox, MailError> {
    match from {
        Some(from) => Ok(from.parse()?),
        None => {
            let name = format!(
                "{} {}",
                tr(Lang::En, "mail-from-name"),
                tr(Lang::ZhHk, "mail-from-name")
            );
            Ok(Mailbox::new(Some(name), DEFAULT_FROM.parse()?))
        }
    }
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn code_mail_is_bilingual_and_keeps_the_code_out_of_the_subject() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mailer = Mailer::memory(tx).expect("mailer");
        let message = mailer
            .verification_code("student@example.com", "K7MXPA", 10)
            .expect("message");
        mailer.send(message, 1).await.expect("sent");
        let raw = rx.recv().await.expect("delivered");
        let parsed = mail_parser::MessageParser::default()
            .parse(&raw)
            .expect("parses");
        let subject = parsed.subject().expect("subject");
        assert!(!subject.contains("K7MXPA"));
        let text = parsed.body_text(0).expect("plain part");
        assert!(text.contains("Verification Code: K7MXPA"));
        assert!(text.contains("驗證碼：K7MXPA"));
        let english = text.find("Verification Code").expect("english");
        let chinese = text.find("驗證碼").expect("chinese");
        assert!(english < chinese, "English comes first");
        assert!(parsed.body_html(0).expect("html part").contains("K7MXPA"));
    }

    #[test]
    fn the_changed_password_warning_reads_naturally_in_both_languages() {
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let mailer = Mailer::memory(tx).expect("mailer");
        let message = mailer
            .password_changed("student@example.com", "chantaiman", "14 Mar 2026 14:05 HKT")
            .expect("message");
        let raw = message.formatted();
        let parsed = mail_parser::MessageParser::default()
            .parse(&raw)
            .expect("parses");
        let text = parsed.body_text(0).expect("plain part");
        assert!(text.contains(
            "If you did not change it, please contact the JUPAS Office as soon as possible at (852) 2334 2929 / 2233 2929 during operating hours."
        ));
        assert!(!text.contains("operating hours at once"), "{text}");
        assert!(text.contains("請盡快於服務時間內致電"), "{text}");
    }
}
