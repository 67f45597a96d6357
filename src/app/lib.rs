//! The desktop app (iced 0.14). The UI does no I/O itself: every request, sound and
//! file dialog runs in a `Task`; screens hand the app `Action`s to carry out.

mod appearance;
pub mod audio;
mod errors;
mod keys;
mod mailbox;
pub mod media;
pub mod screen;
pub mod settings;
pub mod text;
pub mod theme;
mod widgets;
mod window;

use iced::keyboard::{self, Key, Modifiers, key::Named};
use iced::widget::{button, center, column, container, opaque, row, scrollable, stack};
use iced::{Element, Length, Subscription, Task, Theme};
use std::sync::Mutex;
use std::time::Instant;

use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::policy::PolicyLimits;
use jupas_reset_api::validate;
use jupas_reset_api::wire::{Lang, PasswordPolicy};
use jupas_reset_service::practice::Practice;
use screen::{forgot, help, success, verify};
use settings::{Links, Settings};

enum Screen {
    Forgot(forgot::State),
    Verify(verify::State),
    Success(success::State),
}

/// Everything `main` prepares before the first window opens.
pub struct Startup {
    pub settings: Settings,
    pub client: ApiClient,
    /// The in-process reference service of practice mode; it stops when the app does.
    pub practice: Option<Practice>,
}

struct App {
    lang: Lang,
    client: ApiClient,
    links: Links,
    practice: Option<Practice>,
    screen: Screen,
    help: Option<help::State>,
    /// The password rules' numbers, as the service sent them (defaults until then).
    limits: PolicyLimits,
    main_window: iced::window::Id,
    mailbox_window: Option<iced::window::Id>,
    mailbox: mailbox::State,
    appearance: appearance::State,
}

#[derive(Debug, Clone)]
enum Message {
    Forgot(forgot::Message),
    Verify(verify::Message),
    Success(success::Message),
    Help(help::Message),
    Mailbox(mailbox::Message),
    ToggleLang,
    OpenHelp,
    OpenMailbox,
    CloseRequested(iced::window::Id),
    Key(Key, Modifiers),
    PolicyLoaded(Result<PasswordPolicy, CallError>),
    Appearance(appearance::Message),
}

pub fn run(startup: Startup) -> iced::Result {
    let startup = Mutex::new(Some(startup));
    iced::daemon(
        move || {
            let startup = startup
                .lock()
                .ok()
                .and_then(|mut s| s.take())
                .expect("the app boots once");
            App::boot(startup)
        },
        App::update,
        view_taking_keys,
    )
    .title(App::title)
    .subscription(App::subscription)
    .theme(|app: &App, _| app.appearance.theme())
    .scale_factor(|app: &App, _| app.appearance.scale_factor())
    .font(theme::FONT_REGULAR)
    .font(theme::FONT_BOLD)
    .default_font(theme::APP_FONT)
    .run()
}

/// Each window, with the zoom and contrast keys taken before any widget sees them.
fn view_taking_keys(app: &App, window: iced::window::Id) -> Element<'_, Message> {
    appearance::take_keys(app.view(window), Message::Appearance)
}

impl App {
    fn boot(startup: Startup) -> (App, Task<Message>) {
        let (main_window, open_main) = iced::window::open(window::main_settings());
        let (forgot, load) = forgot::State::new(&startup.client);
        let mut tasks = vec![
            open_main.discard(),
            load.map(Message::Forgot),
            load_policy(&startup.client),
        ];
        let mut practice = None;
        let mut mailbox_window = None;
        if let Some(mut service) = startup.practice {
            let inbox = service.take_mail();
            practice = Some(service);
            let (id, open) = iced::window::open(window::mailbox_settings());
            mailbox_window = Some(id);
            tasks.push(open.discard());
            if let Some(inbox) = inbox {
                let mail = iced::futures::stream::unfold(inbox, |mut inbox| async move {
                    inbox.recv().await.map(|raw| (raw, inbox))
                });
                tasks.push(Task::run(mail, |raw| {
                    Message::Mailbox(mailbox::Message::Arrived(raw))
                }));
            }
        }
        let app = App {
            lang: startup.settings.lang,
            client: startup.client,
            links: startup.settings.links,
            practice,
            screen: Screen::Forgot(forgot),
            help: None,
            limits: PolicyLimits::default(),
            main_window,
            mailbox_window,
            mailbox: mailbox::State::default(),
            appearance: appearance::State::new(startup.settings.high_contrast),
        };
        (app, Task::batch(tasks))
    }

    fn title(&self, window: iced::window::Id) -> String {
        let title = jupas_reset_i18n::tr(self.lang, "app-title");
        if Some(window) == self.mailbox_window {
            format!(
                "{} — {title}",
                jupas_reset_i18n::tr(self.lang, "app-mailbox-title")
            )
        } else {
            title
        }
    }

    fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Forgot(message) => {
                let Screen::Forgot(state) = &mut self.screen else {
                    return Task::none();
                };
                // Read here, at the edge, so that tests can pin the screen's date.
                let today = validate::today_utc();
                match state.update(message, &self.client, self.lang, today) {
                    forgot::Action::None => Task::none(),
                    forgot::Action::Run(task) => task.map(Message::Forgot),
                    forgot::Action::Started { identity, started } => {
                        let state = verify::State::new(identity, started, Instant::now());
                        self.screen = Screen::Verify(state);
                        iced::widget::operation::focus(verify::CODE)
                    }
                }
            }
            Message::Verify(message) => self.update_verify(message),
            Message::Success(message) => {
                let Screen::Success(state) = &mut self.screen else {
                    return Task::none();
                };
                match state.update(message, &self.client) {
                    success::Action::None => Task::none(),
                    success::Action::Run(task) => task.map(Message::Success),
                    success::Action::OpenLoginPage => open_url(self.links.login.clone()),
                    success::Action::BackToStart => self.restart(),
                }
            }
            Message::Help(message) => {
                let Some(state) = &mut self.help else {
                    return Task::none();
                };
                match state.update(message) {
                    help::Action::None => Task::none(),
                    help::Action::Close => {
                        self.help = None;
                        Task::none()
                    }
                    help::Action::GoToForgotPassword => {
                        self.help = None;
                        match self.screen {
                            Screen::Forgot(_) => Task::none(),
                            _ => self.restart(),
                        }
                    }
                    help::Action::Open(link) => {
                        let url = match link {
                            help::Link::Security => &self.links.security,
                            help::Link::Faq => &self.links.faq,
                            help::Link::UserGuide => &self.links.user_guide,
                        };
                        open_url(url.clone())
                    }
                }
            }
            Message::Mailbox(message) => self.mailbox.update(message).map(Message::Mailbox),
            Message::ToggleLang => {
                // Only the language changes: everything typed and the open session stay.
                self.lang = match self.lang {
                    Lang::En => Lang::ZhHk,
                    Lang::ZhHk => Lang::En,
                };
                Task::none()
            }
            Message::OpenHelp => {
                if self.can_leave_screen() {
                    self.help = Some(help::State::default());
                }
                Task::none()
            }
            Message::OpenMailbox => match self.mailbox_window {
                Some(id) => iced::window::gain_focus(id),
                None if self.practice.is_some() => {
                    let (id, open) = iced::window::open(window::mailbox_settings());
                    self.mailbox_window = Some(id);
                    open.discard()
                }
                None => Task::none(),
            },
            Message::CloseRequested(id) => {
                if Some(id) == self.mailbox_window {
                    self.mailbox_window = None;
                    return iced::window::close(id);
                }
                if let Screen::Verify(state) = &self.screen
                    && state.is_open()
                {
                    return self.update_verify(verify::Message::AskLeave { quit: true });
                }
                iced::exit()
            }
            Message::Key(key, modifiers) => self.shortcut(&key, modifiers),
            Message::PolicyLoaded(result) => {
                if let Ok(policy) = result {
                    self.limits = policy.limits;
                }
                Task::none()
            }
            Message::Appearance(message) => {
                self.appearance.update(message);
                Task::none()
            }
        }
    }

    fn update_verify(&mut self, message: verify::Message) -> Task<Message> {
        let Screen::Verify(state) = &mut self.screen else {
            return Task::none();
        };
        match state.update(message, &self.client, &self.limits) {
            verify::Action::None => Task::none(),
            verify::Action::Run(task) => task.map(Message::Verify),
            verify::Action::Done { login_name } => {
                let practice = self.practice.is_some();
                self.screen = Screen::Success(success::State::new(practice, login_name));
                Task::none()
            }
            verify::Action::Left { quit: true } => iced::exit(),
            verify::Action::Left { quit: false } => self.restart(),
        }
    }

    /// Back to an empty Forgot Password screen (nothing typed is kept).
    fn restart(&mut self) -> Task<Message> {
        let (state, load) = forgot::State::new(&self.client);
        self.screen = Screen::Forgot(state);
        self.help = None;
        load.map(Message::Forgot)
    }

    /// Only an open reset session holds the student on its screen.
    fn can_leave_screen(&self) -> bool {
        !matches!(&self.screen, Screen::Verify(state) if state.is_open())
    }

    fn shortcut(&mut self, key: &Key, modifiers: Modifiers) -> Task<Message> {
        if keys::is_named(key, Named::Tab) {
            return if modifiers.shift() {
                iced::widget::operation::focus_previous()
            } else {
                iced::widget::operation::focus_next()
            };
        }
        let message = self
            .app_shortcut(key, modifiers)
            .or_else(|| self.mailbox.shortcut(key, modifiers).map(Message::Mailbox))
            .or_else(|| self.screen_shortcut(key, modifiers));
        message.map_or_else(Task::none, |message| self.update(message))
    }

    /// Keys that work on every screen.
    fn app_shortcut(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        let ch = |c| keys::is_char(key, c);
        if modifiers.command() && ch("l") {
            Some(Message::ToggleLang)
        } else if modifiers.command() && ch("q") {
            Some(Message::CloseRequested(self.main_window))
        } else if keys::is_named(key, Named::F1) {
            Some(Message::OpenHelp)
        } else if modifiers.alt() && ch("m") {
            Some(Message::OpenMailbox)
        } else {
            None
        }
    }

    /// Login help, while open, takes the keys; otherwise the screen does.
    fn screen_shortcut(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        if let Some(help) = &self.help {
            return help.shortcut(key, modifiers).map(Message::Help);
        }
        match &self.screen {
            Screen::Forgot(state) => state.shortcut(key, modifiers).map(Message::Forgot),
            Screen::Verify(state) => state.shortcut(key, modifiers).map(Message::Verify),
            Screen::Success(state) => state.shortcut(key, modifiers).map(Message::Success),
        }
    }

    fn subscription(&self) -> Subscription<Message> {
        let screen = match &self.screen {
            Screen::Forgot(state) => state.subscription().map(Message::Forgot),
            Screen::Verify(state) => state.subscription().map(Message::Verify),
            Screen::Success(state) => state.subscription().map(Message::Success),
        };
        let help = match &self.help {
            Some(help) => help.subscription().map(Message::Help),
            None => Subscription::none(),
        };
        Subscription::batch([
            iced::window::close_requests().map(Message::CloseRequested),
            keyboard::listen().filter_map(|event| match event {
                keyboard::Event::KeyPressed { key, modifiers, .. } => {
                    Some(Message::Key(key, modifiers))
                }
                _ => None,
            }),
            screen,
            help,
            self.mailbox.subscription().map(Message::Mailbox),
        ])
    }

    fn view(&self, window: iced::window::Id) -> Element<'_, Message> {
        if Some(window) == self.mailbox_window {
            return self.mailbox.view(self.lang).map(Message::Mailbox);
        }
        let body: Element<'_, Message> = match (&self.help, &self.screen) {
            (Some(help), _) => help.view(self.lang).map(Message::Help),
            (None, Screen::Forgot(state)) => state.view(self.lang).map(Message::Forgot),
            (None, Screen::Verify(state)) => {
                state.view(self.lang, &self.limits).map(Message::Verify)
            }
            (None, Screen::Success(state)) => state.view(self.lang).map(Message::Success),
        };
        let mut page = column![self.header()];
        if self.practice.is_some() {
            page = page.push(self.practice_banner());
        }
        if self.lang == Lang::ZhHk {
            page = page.push(
                container(widgets::muted(self.lang, "prevails-note"))
                    .padding([6, 24])
                    .width(Length::Fill),
            );
        }
        let page = page.push(scrollable(body).height(Length::Fill));
        let dialog = match &self.screen {
            Screen::Verify(state) => state.dialog(self.lang),
            _ => None,
        };
        match dialog {
            Some(dialog) => stack![
                page,
                opaque(
                    center(dialog.map(Message::Verify)).style(|_: &Theme| container::Style {
                        background: Some(iced::Color::from_rgba8(0, 0, 0, 0.45).into()),
                        ..container::Style::default()
                    })
                )
            ]
            .into(),
            None => page.into(),
        }
    }

    fn header(&self) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(self.lang, id);
        let mut bar = row![].spacing(10).align_y(iced::Alignment::Center);
        if self.can_leave_screen() && self.help.is_none() {
            bar = bar.push(
                button(iced::widget::text(tr("help-open")).size(14))
                    .style(theme::header_button)
                    .on_press(Message::OpenHelp),
            );
        }
        bar = bar.push(iced::widget::tooltip(
            button(iced::widget::text(tr("lang-switch")).size(14))
                .style(theme::header_button)
                .on_press(Message::ToggleLang),
            container(iced::widget::text(tr("lang-switch-hint")).size(13))
                .padding(6)
                .style(theme::panel),
            iced::widget::tooltip::Position::Bottom,
        ));
        bar = bar.push(
            button(
                iced::widget::text(self.appearance.contrast_switch_label().render(self.lang))
                    .size(14),
            )
            .style(theme::header_button)
            .on_press(Message::Appearance(appearance::Message::ToggleContrast)),
        );
        // Zoomed in, the buttons wrap onto more lines and the title takes what is left (and
        // wraps too) rather than anything leaving the window.
        let bar = row![
            iced::widget::text(tr("app-title"))
                .size(20)
                .font(theme::APP_FONT_BOLD)
                .width(Length::Fill),
            bar.wrap().vertical_spacing(6).align_x(iced::Alignment::End),
        ]
        .spacing(10)
        .align_y(iced::Alignment::Center);
        container(bar)
            .padding([10, 24])
            .width(Length::Fill)
            .style(theme::header)
            .into()
    }

    fn practice_banner(&self) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(self.lang, id);
        container(
            row![
                // Fill, not a spacer: the button keeps its width and the sentence wraps.
                iced::widget::text(tr("practice-banner"))
                    .size(15)
                    .font(theme::APP_FONT_BOLD)
                    .width(Length::Fill),
                button(iced::widget::text(tr("practice-open-mailbox")).size(13))
                    .style(theme::secondary_button)
                    .on_press(Message::OpenMailbox),
            ]
            .align_y(iced::Alignment::Center),
        )
        .padding([6, 24])
        .width(Length::Fill)
        .style(theme::practice_banner)
        .into()
    }
}

fn load_policy(client: &ApiClient) -> Task<Message> {
    let client = client.clone();
    Task::perform(
        async move { client.password_policy().await },
        Message::PolicyLoaded,
    )
}

/// Opens a web page in the system browser, off the UI thread.
fn open_url(url: String) -> Task<Message> {
    Task::future(async move {
        let _ = tokio::task::spawn_blocking(move || open::that_detached(url)).await;
    })
    .discard()
}
