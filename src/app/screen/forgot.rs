//! Screen 1, "Forgot Password / 忘記密碼": the required information, the security code
//! (image, or spoken digits), and Continue.

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{Id, column, container, image, row, text};
use iced::{Element, Length, Subscription, Task};
use time::Date;
use zeroize::Zeroizing;

use iced_a11y::accesskit::NodeId;
use iced_a11y::focus::Chain;
use iced_a11y::tree::{self as a11y, Handlers, TextField, Tree};

use crate::audio::{self, AudioError, Saved};
use crate::errors;
use crate::keys;
use crate::media::{self, CaptchaAudio, CaptchaImage, MediaError};
use crate::text::{Notice, Text};
use crate::theme;
use crate::widgets::{self, Field};
use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::validate;
use jupas_reset_api::wire::{
    self, ChallengeKind, Lang, ProblemCode, ResetRequest, ResetStarted, Secret,
};

pub const LOGIN_NAME: &str = "login-name";
pub const DATE_OF_BIRTH: &str = "date-of-birth";
const EMAIL: &str = "email";
const SECURITY_CODE: &str = "security-code";
const ANOTHER_IMAGE: &str = "another-image";
const DOWNLOAD_AUDIO: &str = "download-audio";
const REPLAY: &str = "replay-audio";
const SAVE: &str = "save-audio";
const RETRY: &str = "retry";
/// Retry inside the security-code panel, when the code could not be loaded.
const CAPTCHA_RETRY: &str = "captcha-retry";
const CONTINUE: &str = "continue";

/// What the student typed, kept as they move between screens and languages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Identity {
    pub login_name: String,
    pub date_of_birth: String,
    pub email: String,
}

#[derive(Debug, Clone)]
pub enum Captcha {
    Loading,
    Image(CaptchaImage),
    Audio {
        audio: CaptchaAudio,
        status: Option<Notice>,
    },
    Failed(Notice),
    /// An enrolled school PC where the service waives the security code: none is shown,
    /// typed or sent.
    Waived,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Continue,
    Captcha,
    Saving,
}

#[derive(Debug, Clone, Default)]
pub struct FieldErrors {
    pub login_name: Option<Text>,
    pub date_of_birth: Option<Text>,
    pub email: Option<Text>,
    pub security_code: Option<Text>,
}

/// What a notice's Retry sends again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    Continue,
    Audio,
}

#[derive(Clone)]
pub struct State {
    pub identity: Identity,
    /// The date of birth as read from what was typed, shown back under its box.
    pub date_read: Option<Date>,
    /// The security code as typed (a captcha answer: zeroised, never in `Debug`).
    pub security_code: Zeroizing<String>,
    pub errors: FieldErrors,
    pub captcha: Captcha,
    pub pending: Option<Pending>,
    pub notice: Option<Notice>,
    /// The request the notice's Retry sends again.
    pub retry: Option<Request>,
    /// An enrolled PC's screen waits for the service to say whether it waives the
    /// security code, before loading one.
    waiting_for_workstation: bool,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("forgot::State")
            .field("identity", &self.identity)
            .field("captcha", &self.captcha)
            .field("pending", &self.pending)
            .field("notice", &self.notice)
            .finish_non_exhaustive()
    }
}

/// `Debug` never shows what was typed as the security code (a `Secret`).
#[derive(Debug, Clone)]
pub enum Message {
    LoginName(String),
    DateOfBirth(String),
    Email(String),
    SecurityCode(Secret),
    Continue,
    Retry,
    AnotherImage,
    DownloadAudio,
    Replay,
    Save,
    ImageLoaded(Result<CaptchaImage, LoadError>),
    AudioLoaded(Result<CaptchaAudio, LoadError>),
    Played(Result<(), AudioError>),
    Saved(Result<Option<Saved>, AudioError>),
    Started(Result<ResetStarted, CallError>),
    /// Whether the service waives the security code for this enrolled PC: `false` (or a
    /// waiver withdrawn) loads one.
    SecurityCodeWaived(bool),
}

#[derive(Debug, Clone)]
pub enum LoadError {
    Api(CallError),
    Media(MediaError),
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// The service accepted the details: on to the verification screen.
    Started {
        identity: Identity,
        started: ResetStarted,
    },
}

impl State {
    /// A fresh screen, and the task that loads its first security code.
    pub fn new(client: &ApiClient) -> (State, Task<Message>) {
        let state = State {
            identity: Identity::default(),
            date_read: None,
            security_code: Zeroizing::default(),
            errors: FieldErrors::default(),
            captcha: Captcha::Loading,
            pending: Some(Pending::Captcha),
            notice: None,
            retry: None,
            waiting_for_workstation: false,
        };
        let focus = iced::widget::operation::focus(LOGIN_NAME);
        (state, Task::batch([load_image(client), focus]))
    }

    /// The screen of an enrolled PC: the security code waits for
    /// [`Message::SecurityCodeWaived`], which says whether one is needed at all.
    pub fn awaiting_workstation() -> (State, Task<Message>) {
        let state = State {
            identity: Identity::default(),
            date_read: None,
            security_code: Zeroizing::default(),
            errors: FieldErrors::default(),
            captcha: Captcha::Loading,
            pending: Some(Pending::Captcha),
            notice: None,
            retry: None,
            waiting_for_workstation: true,
        };
        (state, iced::widget::operation::focus(LOGIN_NAME))
    }

    /// No security code on this screen: the service waives it for this enrolled PC.
    pub fn security_code_waived(&self) -> bool {
        matches!(self.captcha, Captcha::Waived)
    }

    /// `today` is the UTC date, read by the caller: a date of birth may not be after it.
    pub fn update(
        &mut self,
        message: Message,
        client: &ApiClient,
        lang: Lang,
        today: Date,
    ) -> Action {
        match message {
            Message::LoginName(value) => {
                self.identity.login_name = value;
                self.errors.login_name = None;
            }
            Message::DateOfBirth(value) => {
                // Read as it is typed, so the student sees which day it means before Continue.
                self.date_read = validate::read_date_of_birth(&value, today).ok();
                self.identity.date_of_birth = value;
                self.errors.date_of_birth = None;
            }
            Message::Email(value) => {
                self.identity.email = value;
                self.errors.email = None;
            }
            Message::SecurityCode(value) => {
                self.security_code = value.into_zeroizing();
                self.errors.security_code = None;
            }
            Message::Continue => return self.submit(client, today),
            Message::Retry => {
                return match self.retry {
                    Some(Request::Audio) => {
                        self.update(Message::DownloadAudio, client, lang, today)
                    }
                    Some(Request::Continue) | None => self.submit(client, today),
                };
            }
            Message::SecurityCodeWaived(waived) => return self.waiver(waived, client),
            // Nothing to change where no security code is asked for.
            Message::AnotherImage
            | Message::DownloadAudio
            | Message::ImageLoaded(_)
            | Message::AudioLoaded(_)
                if self.security_code_waived() => {}
            Message::AnotherImage => {
                if self.pending.is_none() {
                    self.pending = Some(Pending::Captcha);
                    self.captcha = Captcha::Loading;
                    return Action::Run(load_image(client));
                }
            }
            Message::DownloadAudio => {
                if self.pending.is_none() {
                    self.pending = Some(Pending::Captcha);
                    return Action::Run(load_audio(client, lang));
                }
            }
            Message::ImageLoaded(result) => {
                self.pending = None;
                self.security_code.clear();
                self.captcha = match result {
                    Ok(image) => Captcha::Image(image),
                    Err(error) => {
                        Captcha::Failed(load_notice(&error, Text::new("error-image-bad")))
                    }
                };
            }
            Message::AudioLoaded(result) => {
                self.pending = None;
                match result {
                    Ok(audio) => {
                        if self.retry == Some(Request::Audio) {
                            self.notice = None;
                            self.retry = None;
                        }
                        self.security_code.clear();
                        let wav = audio.wav.clone();
                        self.captcha = Captcha::Audio {
                            audio,
                            status: Some(Notice::info(Text::new("audio-playing"))),
                        };
                        return Action::Run(Task::perform(audio::play(wav), Message::Played));
                    }
                    Err(error) => {
                        // The picture stays; the notice says why there is no sound.
                        let notice = load_notice(&error, Text::new("error-audio-bad"));
                        self.retry = notice.retry.then_some(Request::Audio);
                        self.notice = Some(notice);
                    }
                }
            }
            Message::Replay => {
                if let Captcha::Audio { audio, status } = &mut self.captcha {
                    *status = Some(Notice::info(Text::new("audio-playing")));
                    return Action::Run(Task::perform(
                        audio::play(audio.wav.clone()),
                        Message::Played,
                    ));
                }
            }
            Message::Played(result) => {
                if let Captcha::Audio { status, .. } = &mut self.captcha {
                    *status = Some(match result {
                        Ok(()) => Notice::info(Text::new("audio-playing")),
                        Err(AudioError::NoDevice) => Notice::error(Text::new("audio-no-device")),
                        Err(_) => Notice::error(Text::new("error-audio-bad")),
                    });
                }
            }
            Message::Save => {
                if let Captcha::Audio { audio, .. } = &self.captcha
                    && self.pending.is_none()
                {
                    self.pending = Some(Pending::Saving);
                    let name = "jupas-security-code.wav".to_owned();
                    return Action::Run(Task::perform(
                        audio::save(audio.wav.clone(), name),
                        Message::Saved,
                    ));
                }
            }
            Message::Saved(result) => {
                self.pending = None;
                if let Captcha::Audio { status, .. } = &mut self.captcha {
                    match result {
                        Ok(Some(Saved::Chosen(path))) => {
                            *status = Some(Notice::info(
                                Text::new("audio-saved").str("path", path.display().to_string()),
                            ))
                        }
                        // No file dialog on this computer: saved to Downloads, and said where.
                        Ok(Some(Saved::Downloads(path))) => {
                            *status = Some(Notice::info(
                                Text::new("audio-saved-downloads")
                                    .str("path", path.display().to_string()),
                            ))
                        }
                        Ok(None) => {}
                        Err(_) => *status = Some(Notice::error(Text::new("audio-save-failed"))),
                    }
                }
            }
            Message::Started(result) => {
                self.pending = None;
                match result {
                    Ok(started) => {
                        // Onwards the date is the one sent: `YYYY-MM-DD` (the password rules
                        // look for it in that form and all the ways it can be written).
                        let mut identity = self.identity.clone();
                        if let Some(date) = self.date_read {
                            identity.date_of_birth = validate::wire_date(date);
                        }
                        return Action::Started { identity, started };
                    }
                    Err(error) => return self.refused(error, client),
                }
            }
        }
        Action::None
    }

    /// The service waives the security code for this PC, or (no longer) does not.
    fn waiver(&mut self, waived: bool, client: &ApiClient) -> Action {
        let waiting = std::mem::take(&mut self.waiting_for_workstation);
        if waived {
            self.captcha = Captcha::Waived;
            self.security_code.clear();
            self.errors.security_code = None;
            if self.pending == Some(Pending::Captcha) {
                self.pending = None;
            }
            return Action::None;
        }
        if waiting || (self.security_code_waived() && self.pending.is_none()) {
            self.captcha = Captcha::Loading;
            self.pending = Some(Pending::Captcha);
            return Action::Run(load_image(client));
        }
        Action::None
    }

    /// Checks every field before any request; each gets its own inline message.
    fn submit(&mut self, client: &ApiClient, today: Date) -> Action {
        if self.pending == Some(Pending::Continue) {
            return Action::None;
        }
        let date = validate::read_date_of_birth(&self.identity.date_of_birth, today);
        self.date_read = date.ok();
        self.errors = FieldErrors {
            login_name: validate::login_name(&self.identity.login_name)
                .err()
                .map(|p| field_text(p, FieldKind::LoginName)),
            date_of_birth: date.err().map(|p| field_text(p, FieldKind::Date)),
            email: validate::email(&self.identity.email)
                .err()
                .map(|p| field_text(p, FieldKind::Email)),
            security_code: (!self.security_code_waived() && self.security_code.trim().is_empty())
                .then(|| Text::new("error-security-code-missing")),
        };
        let challenge_id = match &self.captcha {
            Captcha::Image(image) => Some(image.challenge_id.clone()),
            Captcha::Audio { audio, .. } => Some(audio.challenge_id.clone()),
            // Sent without one (left out of the request).
            Captcha::Waived => Some(String::new()),
            Captcha::Loading | Captcha::Failed(_) => None,
        };
        let first_bad = [
            (&self.errors.login_name, LOGIN_NAME),
            (&self.errors.date_of_birth, DATE_OF_BIRTH),
            (&self.errors.email, EMAIL),
            (&self.errors.security_code, SECURITY_CODE),
        ]
        .into_iter()
        .find(|(error, _)| error.is_some())
        .map(|(_, id)| id);
        if let Some(id) = first_bad {
            return Action::Run(iced::widget::operation::focus(id));
        }
        // Sent only once a security code is on screen and nothing else is under way.
        let (Some(challenge_id), None, Some(date)) = (challenge_id, self.pending, self.date_read)
        else {
            return Action::None;
        };
        self.notice = None;
        self.retry = None;
        self.pending = Some(Pending::Continue);
        let request = ResetRequest {
            login_name: self.identity.login_name.trim().to_owned(),
            // However it was typed, the wire's form.
            date_of_birth: validate::wire_date(date),
            email: self.identity.email.trim().to_owned(),
            challenge_id,
            challenge_answer: Secret::new(self.security_code.as_str()),
        };
        let client = client.clone();
        Action::Run(Task::perform(
            async move { client.start_reset(&request).await },
            Message::Started,
        ))
    }

    /// The service said no: say why, next to the field if it is about one, and get a
    /// new security code when the old one is used up. Everything typed stays.
    fn refused(&mut self, error: CallError, client: &ApiClient) -> Action {
        let mut notice = errors::notice(&error);
        if let CallError::Problem(problem) = &error {
            match problem.code {
                ProblemCode::CaptchaWrong | ProblemCode::CaptchaExpired => {
                    self.errors.security_code = Some(notice.text.clone());
                    self.notice = None;
                    self.pending = Some(Pending::Captcha);
                    self.captcha = Captcha::Loading;
                    return Action::Run(load_image(client));
                }
                ProblemCode::InvalidRequest
                    if self.security_code_waived()
                        && problem.fields.iter().flatten().any(|field| {
                            matches!(
                                field,
                                wire::Field::ChallengeId | wire::Field::ChallengeAnswer
                            )
                        }) =>
                {
                    // The service no longer waives it for this PC: ask for one after all.
                    self.errors.security_code = Some(Text::new("error-security-code-missing"));
                    self.notice = None;
                    self.captcha = Captcha::Loading;
                    self.pending = Some(Pending::Captcha);
                    return Action::Run(load_image(client));
                }
                ProblemCode::InvalidRequest => {
                    for field in problem.fields.iter().flatten() {
                        let text = Some(Text::new("error-invalid-request"));
                        match field {
                            wire::Field::LoginName => self.errors.login_name = text,
                            wire::Field::DateOfBirth => self.errors.date_of_birth = text,
                            wire::Field::Email => self.errors.email = text,
                            _ => {}
                        }
                    }
                }
                ProblemCode::RateLimited | ProblemCode::Internal => {}
                _ => notice.retry = false,
            }
        }
        self.retry = notice.retry.then_some(Request::Continue);
        self.notice = Some(notice);
        Action::None
    }

    /// Enter is Continue; Alt+N, Alt+A, Alt+R, Alt+S work the security code.
    pub fn shortcut(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        let alt = |c| modifiers.alt() && keys::is_char(key, c);
        let message = if keys::is_named(key, Named::Enter) {
            Message::Continue
        } else if alt("n") {
            Message::AnotherImage
        } else if alt("a") {
            Message::DownloadAudio
        } else if alt("r") {
            Message::Replay
        } else if alt("s") {
            Message::Save
        } else {
            return None;
        };
        Some(message)
    }

    /// Nothing on this screen moves by itself.
    pub fn subscription(&self) -> Subscription<Message> {
        Subscription::none()
    }

    /// Focus stops in the order they are drawn: the three boxes, the security code's
    /// controls, its box, then Retry (when shown) and Continue.
    pub fn focus_chain<M: Clone + 'static>(
        &self,
        chain: Chain<M>,
        wrap: fn(Message) -> M,
    ) -> Chain<M> {
        let idle = self.pending.is_none();
        let mut chain = chain.input(LOGIN_NAME).input(DATE_OF_BIRTH).input(EMAIL);
        if self.security_code_waived() {
            return self.continue_stops(chain, wrap);
        }
        if let Captcha::Audio { .. } = self.captcha {
            chain = chain.control(REPLAY, wrap(Message::Replay));
            if idle {
                chain = chain.control(SAVE, wrap(Message::Save));
            }
        }
        if let Captcha::Failed(notice) = &self.captcha
            && notice.retry
            && idle
        {
            chain = chain.control(CAPTCHA_RETRY, wrap(Message::AnotherImage));
        }
        if idle {
            chain = chain
                .control(ANOTHER_IMAGE, wrap(Message::AnotherImage))
                .control(DOWNLOAD_AUDIO, wrap(Message::DownloadAudio));
        }
        chain = chain.input(SECURITY_CODE);
        self.continue_stops(chain, wrap)
    }

    /// Retry (when shown) and Continue, after the boxes.
    fn continue_stops<M: Clone + 'static>(
        &self,
        chain: Chain<M>,
        wrap: fn(Message) -> M,
    ) -> Chain<M> {
        let mut chain = chain;
        if self.notice.as_ref().is_some_and(|n| n.retry) {
            chain = chain.control(RETRY, wrap(Message::Retry));
        }
        chain.control(CONTINUE, wrap(Message::Continue))
    }

    /// The screen as a screen reader reads it, in the order it is drawn.
    pub fn accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let render = |text: &Option<Text>| text.as_ref().map(|t| t.render(lang));
        tree.push(
            parent,
            "forgot-title",
            a11y::heading(&tr("forgot-title"), 1),
        );
        tree.push(
            parent,
            "forgot-guide-intro",
            a11y::label(&tr("forgot-guide-intro")),
        );
        tree.push(
            parent,
            "forgot-email-note",
            a11y::label(&tr("forgot-email-note")),
        );
        tree.push(parent, "forgot-intro", a11y::label(&tr("forgot-intro")));
        let mut text_box = |key: &str,
                            label: &str,
                            value: &str,
                            error: &Option<Text>,
                            placeholder: Option<&str>,
                            feedback: Option<Text>,
                            on_input: fn(String) -> Message| {
            let label = jupas_reset_i18n::tr(lang, label);
            let placeholder = placeholder
                .map(|id| jupas_reset_i18n::tr(lang, id))
                .unwrap_or_default();
            let error = render(error);
            // As drawn: what was read shows only while there is no error.
            let feedback = feedback
                .filter(|_| error.is_none())
                .map(|text| text.render(lang));
            let field = TextField {
                label: &label,
                value,
                placeholder: &placeholder,
                required: true,
                error: error.as_deref(),
                hint: feedback.as_deref(),
                ..TextField::default()
            };
            let handlers = Handlers::default().set_value(move |v| wrap(on_input(v)));
            tree.text_field(parent, key, &field, handlers);
        };
        let identity = &self.identity;
        text_box(
            LOGIN_NAME,
            "field-login-name",
            &identity.login_name,
            &self.errors.login_name,
            None,
            None,
            Message::LoginName,
        );
        text_box(
            DATE_OF_BIRTH,
            "field-date-of-birth",
            &identity.date_of_birth,
            &self.errors.date_of_birth,
            Some("placeholder-date"),
            self.date_feedback(),
            Message::DateOfBirth,
        );
        text_box(
            EMAIL,
            "field-email",
            &identity.email,
            &self.errors.email,
            None,
            None,
            Message::Email,
        );
        if self.security_code_waived() {
            tree.push(parent, "captcha-waived", a11y::label(&tr("captcha-waived")));
        } else {
            self.captcha_accessibility(lang, tree, parent, wrap);
            let label = tr("field-security-code");
            let error = render(&self.errors.security_code);
            let field = TextField {
                label: &label,
                value: &self.security_code,
                required: true,
                error: error.as_deref(),
                ..TextField::default()
            };
            tree.text_field(
                parent,
                SECURITY_CODE,
                &field,
                Handlers::default().set_value(move |v| wrap(Message::SecurityCode(v.into()))),
            );
        }
        if let Some(notice) = &self.notice {
            let assertive = notice.tone == crate::text::Tone::Error;
            tree.push(
                parent,
                "notice",
                a11y::live(&notice.text.render(lang), assertive),
            );
            if notice.retry {
                tree.button(parent, RETRY, &tr("retry"), None, wrap(Message::Retry));
            }
        }
        let busy = self.pending == Some(Pending::Continue);
        let label = if busy { tr("busy") } else { tr("continue") };
        tree.button(
            parent,
            CONTINUE,
            &label,
            Some("Enter"),
            wrap(Message::Continue),
        );
    }

    /// The security code: the picture named without its answer, or the spoken code's state.
    fn captcha_accessibility<M: Clone + 'static>(
        &self,
        lang: Lang,
        tree: &mut Tree<M>,
        parent: NodeId,
        wrap: fn(Message) -> M,
    ) {
        let tr = |id| jupas_reset_i18n::tr(lang, id);
        let panel = tree.push(parent, "captcha", a11y::group(&self.captcha_title(lang)));
        match &self.captcha {
            Captcha::Loading => {
                tree.push(
                    panel,
                    "captcha-state",
                    a11y::live(&tr("captcha-loading"), false),
                );
            }
            Captcha::Image(image) => {
                let name = Text::new("captcha-image-name").int("count", image.answer_length);
                tree.push(panel, "captcha-image", a11y::image(&name.render(lang)));
            }
            Captcha::Audio { audio, status } => {
                let spoken = Text::new("captcha-audio-name").int("count", audio.answer_length);
                tree.push(panel, "captcha-audio", a11y::label(&spoken.render(lang)));
                if let Some(status) = status {
                    let assertive = status.tone == crate::text::Tone::Error;
                    tree.push(
                        panel,
                        "captcha-state",
                        a11y::live(&status.text.render(lang), assertive),
                    );
                }
                tree.button(
                    panel,
                    REPLAY,
                    &tr("captcha-replay"),
                    Some("Alt+R"),
                    wrap(Message::Replay),
                );
                tree.button(
                    panel,
                    SAVE,
                    &tr("captcha-save"),
                    Some("Alt+S"),
                    wrap(Message::Save),
                );
            }
            // Not drawn at all (see `accessibility`).
            Captcha::Waived => {}
            Captcha::Failed(notice) => {
                tree.push(
                    panel,
                    "captcha-state",
                    a11y::live(&notice.text.render(lang), true),
                );
                if notice.retry {
                    tree.button(
                        panel,
                        CAPTCHA_RETRY,
                        &tr("retry"),
                        None,
                        wrap(Message::AnotherImage),
                    );
                }
            }
        }
        tree.button(
            panel,
            ANOTHER_IMAGE,
            &tr("captcha-another"),
            Some("Alt+N"),
            wrap(Message::AnotherImage),
        );
        tree.button(
            panel,
            DOWNLOAD_AUDIO,
            &tr("captcha-audio"),
            Some("Alt+A"),
            wrap(Message::DownloadAudio),
        );
        tree.push(panel, "captcha-help", a11y::label(&tr("captcha-help")));
    }

    /// `focus`: the control with keyboard focus, which gets a ring.
    pub fn view(&self, lang: Lang, focus: Option<&Id>) -> Element<'_, Message> {
        let busy = self.pending == Some(Pending::Continue);
        // Typing stops while Continue is under way; Enter in any box is Continue.
        let editable = !busy;
        let mut content: Vec<Element<'_, Message>> = vec![
            widgets::title(lang, "forgot-title"),
            // The user guide's introduction, then its step 2.
            widgets::paragraph(lang, "forgot-guide-intro"),
            // Ordinary text, not small print: a student who cannot read this email cannot
            // finish, and 13 px grey Chinese was hard to read.
            widgets::paragraph(lang, "forgot-email-note"),
            widgets::paragraph(lang, "forgot-intro"),
            Field::new(LOGIN_NAME, "field-login-name")
                .value(&self.identity.login_name)
                .error(self.errors.login_name.as_ref())
                .on_input(Message::LoginName)
                .editable(editable)
                .on_submit(Message::Continue)
                .view(lang),
            Field::new(DATE_OF_BIRTH, "field-date-of-birth")
                .value(&self.identity.date_of_birth)
                .placeholder("placeholder-date")
                .error(self.errors.date_of_birth.as_ref())
                .feedback(self.date_feedback())
                .on_input(Message::DateOfBirth)
                .editable(editable)
                .on_submit(Message::Continue)
                .view(lang),
            Field::new(EMAIL, "field-email")
                .value(&self.identity.email)
                .error(self.errors.email.as_ref())
                .on_input(Message::Email)
                .editable(editable)
                .on_submit(Message::Continue)
                .view(lang),
        ];
        if self.security_code_waived() {
            content.push(
                container(widgets::paragraph(lang, "captcha-waived"))
                    .padding(12)
                    .width(Length::Fill)
                    .style(theme::panel)
                    .into(),
            );
        } else {
            content.push(self.captcha_view(lang, focus));
            content.push(
                Field::new(SECURITY_CODE, "field-security-code")
                    .value(&self.security_code)
                    .error(self.errors.security_code.as_ref())
                    .on_input(|value| Message::SecurityCode(value.into()))
                    .editable(editable)
                    .on_submit(Message::Continue)
                    .view(lang),
            );
        }
        if let Some(notice) = &self.notice {
            content.push(widgets::notice(
                lang,
                notice,
                Some((RETRY, focus, Message::Retry)),
            ));
        }
        content.push(widgets::focusable(
            CONTINUE,
            focus,
            widgets::action(lang, "continue", Some(Message::Continue), busy),
        ));
        content.push(widgets::muted(lang, "shortcut-hint"));
        widgets::page(content)
    }

    /// "Read as 30 July 2008": how the date of birth typed was understood.
    pub fn date_feedback(&self) -> Option<Text> {
        self.date_read.map(|date| {
            Text::new("dob-read-as")
                .str("day", date.day().to_string())
                .int("month", u8::from(date.month()))
                .str("year", date.year().to_string())
        })
    }

    /// The security code panel's title: a picture, or, in audio mode, spoken digits.
    fn captcha_title(&self, lang: Lang) -> String {
        Text::new(match self.captcha {
            Captcha::Audio { .. } => "captcha-audio-label",
            _ => "captcha-image-label",
        })
        .render(lang)
    }

    fn captcha_view(&self, lang: Lang, focus: Option<&Id>) -> Element<'_, Message> {
        let idle = self.pending.is_none();
        let another = widgets::focusable(
            ANOTHER_IMAGE,
            focus,
            widgets::secondary(
                jupas_reset_i18n::tr(lang, "captcha-another"),
                idle.then_some(Message::AnotherImage),
            ),
        );
        let audio = widgets::focusable(
            DOWNLOAD_AUDIO,
            focus,
            widgets::secondary(
                jupas_reset_i18n::tr(lang, "captcha-audio"),
                idle.then_some(Message::DownloadAudio),
            ),
        );
        let media: Element<'_, Message> = match &self.captcha {
            // `Waived` has no panel (see `view`).
            Captcha::Loading | Captcha::Waived => {
                text(jupas_reset_i18n::tr(lang, "captcha-loading")).into()
            }
            Captcha::Image(captcha) => image(captcha.handle.clone())
                .width(Length::Fixed(captcha.width as f32))
                .height(Length::Fixed(captcha.height as f32))
                .into(),
            Captcha::Audio { status, .. } => {
                let mut col = column![
                    row![
                        widgets::focusable(
                            REPLAY,
                            focus,
                            widgets::secondary(
                                jupas_reset_i18n::tr(lang, "captcha-replay"),
                                Some(Message::Replay)
                            )
                        ),
                        widgets::focusable(
                            SAVE,
                            focus,
                            widgets::secondary(
                                jupas_reset_i18n::tr(lang, "captcha-save"),
                                idle.then_some(Message::Save)
                            )
                        ),
                    ]
                    .spacing(8)
                    .wrap()
                ]
                .spacing(6);
                if let Some(status) = status {
                    col = col.push(widgets::notice(lang, status, None));
                }
                col.into()
            }
            Captcha::Failed(notice) => widgets::notice(
                lang,
                notice,
                idle.then_some((CAPTCHA_RETRY, focus, Message::AnotherImage)),
            ),
        };
        container(
            column![
                text(self.captcha_title(lang))
                    .size(15)
                    .font(theme::APP_FONT_BOLD),
                media,
                row![another, audio].spacing(8).wrap(),
                widgets::muted(lang, "captcha-help"),
            ]
            .spacing(8),
        )
        .padding(12)
        .width(Length::Fill)
        .style(theme::panel)
        .into()
    }
}

fn load_image(client: &ApiClient) -> Task<Message> {
    let client = client.clone();
    Task::perform(
        async move {
            let challenge = client
                .new_challenge(ChallengeKind::Image, Lang::En)
                .await
                .map_err(LoadError::Api)?;
            media::decode_image(&challenge).map_err(LoadError::Media)
        },
        Message::ImageLoaded,
    )
}

fn load_audio(client: &ApiClient, lang: Lang) -> Task<Message> {
    let client = client.clone();
    Task::perform(
        async move {
            let challenge = client
                .new_challenge(ChallengeKind::Audio, lang)
                .await
                .map_err(LoadError::Api)?;
            media::decode_audio(&challenge).map_err(LoadError::Media)
        },
        Message::AudioLoaded,
    )
}

/// What to say when a security code could not be loaded; `media_text` if it came corrupt.
fn load_notice(error: &LoadError, media_text: Text) -> Notice {
    match error {
        LoadError::Api(error) => errors::notice(error),
        LoadError::Media(_) => Notice::error(media_text),
    }
}

enum FieldKind {
    LoginName,
    Date,
    Email,
}

fn field_text(problem: validate::FieldError, kind: FieldKind) -> Text {
    use validate::FieldError::*;
    Text::new(match (problem, kind) {
        (Missing, _) => "error-field-missing",
        (TooLong, _) => "error-field-too-long",
        (BadCharacters, FieldKind::Email) => "error-email-characters",
        (BadCharacters, _) => "error-login-name-characters",
        (BadFormat, FieldKind::Email) => "error-email-format",
        (BadFormat, _) => "error-date-format",
        (NotARealDate, _) => "error-date-not-real",
        (InTheFuture, _) => "error-date-future",
        (Ambiguous, _) => "error-date-ambiguous",
    })
}
