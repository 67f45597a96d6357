//! The desktop app (iced 0.14). The UI does no I/O itself: every request, sound and
//! file dialog runs in a `Task`; screens hand the app `Action`s to carry out.

pub mod audio;
pub mod errors;
pub mod mailbox;
pub mod media;
pub mod screen;
pub mod settings;
pub mod text;
pub mod theme;
pub mod widgets;

use iced::keyboard::{self, Key, key::Named};
use iced::widget::{button, center, column, container, opaque, row, scrollable, space, stack};
use iced::{Element, Length, Subscription, Task, Theme, window};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use jupas_reset_api::client::ApiClient;
use jupas_reset_api::policy::PolicyLimits;
use jupas_reset_api::wire::{Lang, PasswordPolicy};
use jupas_reset_service::practice::Practice;
use screen::{forgot, help, success, verify};
use settings::{Links, Settings};

pub enum Screen {
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

pub struct App {
    pub lang: Lang,
    pub client: ApiClient,
    pub links: Links,
    pub practice: Option<Practice>,
    pub screen: Screen,
    pub help: Option<help::State>,
    pub limits: PolicyLimits,
    pub main_window: window::Id,
    pub mailbox_window: Option<window::Id>,
    pub mailbox: mailbox::State,
}

#[derive(Debug, Clone)]
pub enum Message {
    Forgot(forgot::Message),
    Verify(verify::Message),
    Success(success::Message),
    Help(help::Message),
    Mailbox(mailbox::Message),
    ToggleLang,
    OpenHelp,
    OpenMailbox,
    WindowOpened(window::Id),
    CloseRequested(window::Id),
    Key(Key, keyboard::Modifiers),
    Tick(Instant),
    PolicyLoaded(Result<PasswordPolicy, jupas_reset_api::client::CallError>),
    Opened,
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
        App::view,
    )
    .title(App::title)
    .subscription(App::subscription)
    .theme(|_: &App, _| Theme::Light)
    .font(theme::FONT_REGULAR)
    .font(theme::FONT_BOLD)
    .default_font(theme::APP_FONT)
    .run()
}

/// Same name as the desktop entry, so docks and task bars match the window to it.
const APP_ID: &str = "jupas-reset";

fn window_icon() -> Option<window::Icon> {
    let png = include_bytes!("../../packaging/icon/png/64x64.png");
    let rgba = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .ok()?
        .to_rgba8();
    let (width, height) = rgba.dimensions();
    window::icon::from_rgba(rgba.into_raw(), width, height).ok()
}

fn platform_specific() -> window::settings::PlatformSpecific {
    #[cfg(target_os = "linux")]
    {
        window::settings::PlatformSpecific {
            application_id: APP_ID.to_owned(),
            ..Default::default()
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = APP_ID;
        Default::default()
    }
}

fn main_window_settings() -> window::Settings {
    window::Settings {
        icon: window_icon(),
        platform_specific: platform_specific(),
        size: iced::Size::new(860.0, 820.0),
        position: window::Position::Specific(iced::Point::new(20.0, 20.0)),
        min_size: Some(iced::Size::new(560.0, 480.0)),
        // A close request while a reset is open must ask first.
        exit_on_close_request: false,
        ..window::Settings::default()
    }
}

fn mailbox_window_settings() -> window::Settings {
    window::Settings {
        icon: window_icon(),
        platform_specific: platform_specific(),
        size: iced::Size::new(640.0, 560.0),
        // Beside the main window, like the "new tab" the seed asks the student to open.
        position: window::Position::Specific(iced::Point::new(900.0, 60.0)),
        exit_on_close_request: false,
        ..window::Settings::default()
    }
}

impl App {
    pub fn boot(startup: Startup) -> (App, Task<Message>) {
        let (main_window, open_main) = window::open(main_window_settings());
        let (forgot, load) = forgot::State::new(&startup.client);
        let mut tasks = vec![
            open_main.map(Message::WindowOpened),
            load.map(Message::Forgot),
            load_policy(&startup.client),
        ];
        let mut practice = None;
        let mut mailbox_window = None;
        if let Some(mut service) = startup.practice {
            let inbox = service.take_mail();
            practice = Some(service);
            let (id, open) = window::open(mailbox_window_settings());
            mailbox_window = Some(id);
            tasks.push(open.map(Message::WindowOpened));
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
        };
        (app, Task::batch(tasks))
    }

    pub fn title(&self, window: window::Id) -> String {
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

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Forgot(message) => {
                let Screen::Forgot(state) = &mut self.screen else {
                    return Task::none();
                };
                match state.update(message, &self.client, self.lang) {
                    forgot::Action::None => Task::none(),
                    forgot::Action::Run(task) => task.map(Message::Forgot),
                    forgot::Action::Started { identity, started } => {
                        let state = verify::State::new(
                            identity,
                            started,
                            self.limits.clone(),
                            Instant::now(),
                        );
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
                Some(id) => window::gain_focus(id),
                None if self.practice.is_some() => {
                    let (id, open) = window::open(mailbox_window_settings());
                    self.mailbox_window = Some(id);
                    open.map(Message::WindowOpened)
                }
                None => Task::none(),
            },
            Message::WindowOpened(_) | Message::Opened => Task::none(),
            Message::CloseRequested(id) => {
                if Some(id) == self.mailbox_window {
                    self.mailbox_window = None;
                    return window::close(id);
                }
                if let Screen::Verify(state) = &self.screen
                    && state.is_open()
                {
                    return self.update_verify(verify::Message::AskLeave { quit: true });
                }
                iced::exit()
            }
            Message::Key(key, modifiers) => self.shortcut(key, modifiers),
            Message::Tick(now) => self.update_verify(verify::Message::Tick(now)),
            Message::PolicyLoaded(result) => {
                if let Ok(policy) = result {
                    self.limits = policy.limits;
                    if let Screen::Verify(state) = &mut self.screen {
                        state.limits = self.limits.clone();
                    }
                }
                Task::none()
            }
        }
    }

    fn update_verify(&mut self, message: verify::Message) -> Task<Message> {
        let Screen::Verify(state) = &mut self.screen else {
            return Task::none();
        };
        let dialog_was_open = state.leave.is_some();
        let action = state.update(message, &self.client);
        if !dialog_was_open && state.leave.is_some() {
            // Observable by testers and the real-window test; carries no secrets.
            tracing::info!("leave dialog shown");
        }
        match action {
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

    fn shortcut(&mut self, key: Key, modifiers: keyboard::Modifiers) -> Task<Message> {
        use verify::Message as V;
        let ch = |c: &str| matches!(&key, Key::Character(k) if k.eq_ignore_ascii_case(c));
        if matches!(key, Key::Named(Named::Tab)) {
            return if modifiers.shift() {
                iced::widget::operation::focus_previous()
            } else {
                iced::widget::operation::focus_next()
            };
        }
        if modifiers.command() && ch("l") {
            return self.update(Message::ToggleLang);
        }
        if modifiers.command() && ch("q") {
            return self.update(Message::CloseRequested(self.main_window));
        }
        if matches!(key, Key::Named(Named::F1)) {
            return self.update(Message::OpenHelp);
        }
        let escape = matches!(key, Key::Named(Named::Escape));
        let enter = matches!(key, Key::Named(Named::Enter));
        if modifiers.alt() && ch("m") {
            return self.update(Message::OpenMailbox);
        }
        if modifiers.command() && modifiers.shift() && ch("c") {
            return self.update(Message::Mailbox(mailbox::Message::CopyCode));
        }
        if let Some(state) = &self.help {
            use help::Message as H;
            let ended = matches!(state.step, help::Step::End(_));
            let message = match () {
                _ if escape => Some(H::Close),
                _ if ch("y") && !ended => Some(H::Answer(true)),
                _ if ch("n") && !ended => Some(H::Answer(false)),
                _ if ch("b") => Some(H::Back),
                _ if ch("r") => Some(H::Restart),
                _ if ch("1") => Some(H::Open(help::Link::Security)),
                _ if ch("2") => Some(H::Open(help::Link::Faq)),
                _ if ch("3") => Some(H::Open(help::Link::UserGuide)),
                _ if enter && ended => Some(H::GoToForgotPassword),
                _ => None,
            };
            return message.map_or_else(Task::none, |m| self.update(Message::Help(m)));
        }
        let message = match &self.screen {
            Screen::Forgot(_) => {
                use forgot::Message as F;
                let message = match () {
                    _ if enter => Some(F::Continue),
                    _ if modifiers.alt() && ch("n") => Some(F::AnotherImage),
                    _ if modifiers.alt() && ch("a") => Some(F::DownloadAudio),
                    _ if modifiers.alt() && ch("r") => Some(F::Replay),
                    _ if modifiers.alt() && ch("s") => Some(F::Save),
                    _ => None,
                };
                message.map(Message::Forgot)
            }
            Screen::Verify(state) => {
                let message = match () {
                    _ if state.leave.is_some() && (enter || escape) => Some(V::Stay),
                    _ if state.leave.is_some() && modifiers.alt() && ch("c") => {
                        Some(V::ConfirmCancel)
                    }
                    _ if escape => Some(V::AskLeave { quit: false }),
                    _ if enter && state.ended.is_some() => Some(V::StartAgain),
                    _ if enter => Some(V::Submit),
                    _ if modifiers.alt() && ch("g") => Some(V::Regenerate),
                    _ if modifiers.alt() && ch("p") => Some(V::ShowPassword(!state.show_password)),
                    _ => None,
                };
                message.map(Message::Verify)
            }
            Screen::Success(_) if modifiers.alt() && ch("b") => {
                Some(Message::Success(success::Message::BackToStart))
            }
            Screen::Success(state) if enter && state.login.is_none() => {
                Some(Message::Success(success::Message::Login))
            }
            Screen::Success(_) => None,
        };
        message.map_or_else(Task::none, |m| self.update(m))
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let mut subscriptions = vec![
            window::close_requests().map(Message::CloseRequested),
            keyboard::listen().filter_map(|event| match event {
                keyboard::Event::KeyPressed { key, modifiers, .. } => {
                    Some(Message::Key(key, modifiers))
                }
                _ => None,
            }),
        ];
        if matches!(self.screen, Screen::Verify(_)) {
            subscriptions.push(iced::time::every(Duration::from_secs(1)).map(Message::Tick));
        }
        Subscription::batch(subscriptions)
    }

    pub fn view(&self, window: window::Id) -> Element<'_, Message> {
        if Some(window) == self.mailbox_window {
            return self.mailbox.view(self.lang).map(Message::Mailbox);
        }
        let body: Element<'_, Message> = match (&self.help, &self.screen) {
            (Some(help), _) => help.view(self.lang).map(Message::Help),
            (None, Screen::Forgot(state)) => state.view(self.lang).map(Message::Forgot),
            (None, Screen::Verify(state)) => state.view(self.lang).map(Message::Verify),
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
        let mut bar = row![
            iced::widget::text(tr("app-title"))
                .size(20)
                .font(theme::APP_FONT_BOLD),
            space::horizontal()
        ]
        .spacing(10)
        .align_y(iced::Alignment::Center);
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
                iced::widget::text(tr("practice-banner"))
                    .size(15)
                    .font(theme::APP_FONT_BOLD),
                space::horizontal(),
                button(iced::widget::text(tr("practice-open-mailbox")).size(13))
                    .style(button::secondary)
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
    Task::perform(
        async move {
            let _ = tokio::task::spawn_blocking(move || open::that_detached(url)).await;
        },
        |_| Message::Opened,
    )
}
