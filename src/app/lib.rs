//! The desktop app (iced 0.14). The UI does no I/O itself: every request, sound and
//! file dialog runs in a `Task`; screens hand the app `Action`s to carry out.

mod access;
mod appearance;
pub mod audio;
#[doc(hidden)]
pub mod bench;
pub mod config;
mod dialog;
mod enrolled;
pub mod enrolment;
mod errors;
pub mod fonts;
mod keys;
pub mod mailbox;
pub mod media;
pub mod renderer;
pub mod screen;
pub mod settings;
pub mod text;
pub mod theme;
mod widgets;
pub mod window;
pub mod workstation;

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::{button, center, column, container, opaque, row, scrollable, stack};
use iced::{Element, Length, Subscription, Task, Theme};
// iced re-exports the input method only with its "advanced" feature.
use iced_graphics::core::input_method::Event as InputMethodEvent;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::policy::PolicyLimits;
use jupas_reset_api::validate;
use jupas_reset_api::wire::{Lang, PasswordPolicy};
use jupas_reset_service::practice::Practice;
use screen::{about, forgot, help, success, verify};
use settings::{Settings, SiteLinks};

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
    /// The reset service's address; `None` in practice mode.
    pub server: Option<String>,
    /// The name this PC is enrolled under with that service (the client then carries
    /// its workstation credential), as the OS keychain had it.
    pub workstation: Option<String>,
}

struct App {
    lang: Lang,
    client: ApiClient,
    /// The web pages opened, per language: the UI's language picks.
    links: SiteLinks,
    practice: Option<Practice>,
    screen: Screen,
    help: Option<help::State>,
    about: Option<about::State>,
    /// The reset service's address; `None` in practice mode.
    server: Option<String>,
    /// The name this PC is enrolled under, while the service knows its credential.
    workstation: Option<String>,
    /// The service waives the security code for this enrolled PC.
    security_code_waived: bool,
    /// The service refused this PC's credential: a notice says so until dismissed.
    workstation_notice: bool,
    /// The password rules' numbers, as the service sent them (defaults until then).
    limits: PolicyLimits,
    main_window: iced::window::Id,
    mailbox_window: Option<iced::window::Id>,
    mailbox: mailbox::State,
    /// Which control of each window has keyboard focus (the app's own focus model).
    focus: HashMap<iced::window::Id, iced::widget::Id>,
    /// Where focus was when the leave dialog opened: it goes back there on "Stay".
    focus_before_dialog: Option<iced::widget::Id>,
    /// Screen-reader adapters, one per window.
    adapters: access::Adapters,
    appearance: appearance::State,
    /// Where the windows go on this screen (`window::layout`), once the monitor is known.
    layout: window::Layout,
    /// Changes with every screen change: the new page starts at the top.
    page_key: u64,
    /// The student started typing: the typed-text font is being unpacked, ahead of the first
    /// Chinese character (`fonts::warm`).
    typing_started: bool,
}

#[derive(Debug, Clone)]
enum Message {
    Forgot(forgot::Message),
    Verify(verify::Message),
    Success(success::Message),
    Help(help::Message),
    About(about::Message),
    Mailbox(mailbox::Message),
    Workstation(enrolled::WorkstationMessage),
    ToggleLang,
    OpenHelp,
    OpenAbout,
    OpenMailbox,
    CloseRequested(iced::window::Id),
    PolicyLoaded(Result<PasswordPolicy, CallError>),
    /// The keyboard (or a click, or the screen reader) moved focus in a window.
    Focus(iced::window::Id, Option<iced::widget::Id>),
    /// A window's accessibility adapter spoke.
    A11y(iced::window::Id, iced_a11y::adapter::Event),
    /// A window gained or lost focus, moved or was resized (the screen reader follows).
    Window(iced::window::Id, iced::window::Event),
    Appearance(appearance::Message),
    /// The main window opened (hidden) on a monitor of this size: size, place and show.
    Placed(Option<iced::Size>),
    /// The first key press, or the first text an input method composes.
    TypingStarted,
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
    .theme(|app: &App, _| app.appearance.theme())
    .scale_factor(|app: &App, _| app.appearance.scale_factor())
    // The fonts themselves are registered by `fonts::install`, without copies.
    .default_font(theme::APP_FONT)
    .run()
}

impl App {
    fn boot(startup: Startup) -> (App, Task<Message>) {
        // Hidden until its monitor's size is known (`Message::Placed`); the practice
        // mailbox opens then.
        let (main_window, open_main) = iced::window::open(window::main_settings());
        // An enrolled PC asks first whether the security code is waived for it.
        let (forgot, load) = match &startup.workstation {
            Some(_) => forgot::State::awaiting_workstation(),
            None => forgot::State::new(&startup.client),
        };
        let mut tasks = vec![load.map(Message::Forgot), load_policy(&startup.client)];
        if startup.workstation.is_some() {
            tasks.push(enrolled::check(&startup.client));
        }
        let mut practice = None;
        if let Some(mut service) = startup.practice {
            let inbox = service.take_mail();
            practice = Some(service);
            if let Some(inbox) = inbox {
                let mail = iced::futures::stream::unfold(inbox, |mut inbox| async move {
                    inbox.recv().await.map(|raw| (raw, inbox))
                });
                tasks.push(Task::run(mail, |raw| {
                    Message::Mailbox(mailbox::Message::Arrived(raw.into()))
                }));
            }
        }
        tasks.push(
            open_main
                .then(iced::window::monitor_size)
                .map(Message::Placed),
        );
        let app = App {
            lang: startup.settings.lang,
            client: startup.client,
            links: startup.settings.links,
            practice,
            screen: Screen::Forgot(forgot),
            help: None,
            about: None,
            server: startup.server,
            workstation: startup.workstation,
            security_code_waived: false,
            workstation_notice: false,
            limits: PolicyLimits::default(),
            main_window,
            mailbox_window: None,
            mailbox: mailbox::State::default(),
            focus: HashMap::from([(main_window, iced::widget::Id::new(forgot::LOGIN_NAME))]),
            focus_before_dialog: None,
            adapters: access::Adapters::default(),
            appearance: appearance::State::new(startup.settings.high_contrast),
            layout: window::layout(window::FALLBACK_SCREEN),
            page_key: 0,
            typing_started: false,
        };
        (app, Task::batch(tasks))
    }

    /// Sizes the hidden main window to its screen, opens the practice mailbox beside it,
    /// then shows the main window last, so that it has the keyboard: the student's first
    /// keys belong to it.
    fn place_windows(&mut self, screen: Option<iced::Size>) -> Task<Message> {
        let known = screen.filter(|s| s.width >= 1.0 && s.height >= 1.0);
        self.layout = window::layout(known.unwrap_or(window::FALLBACK_SCREEN));
        let (main, layout) = (self.main_window, self.layout);
        tracing::info!(
            "windows placed for a {} screen: main {}×{} at ({}, {}), mailbox {}×{} at ({}, {}), {}",
            known.map_or("unknown (assumed 1280×720)".to_owned(), |s| format!(
                "{}×{}",
                s.width, s.height
            )),
            layout.main.size.width,
            layout.main.size.height,
            layout.main.position.x,
            layout.main.position.y,
            layout.mailbox.size.width,
            layout.mailbox.size.height,
            layout.mailbox.position.x,
            layout.mailbox.position.y,
            if layout.side_by_side {
                "side by side"
            } else {
                "overlapping"
            },
        );
        let mut steps = vec![
            iced::window::set_min_size(main, Some(layout.main.min_size)),
            iced::window::resize(main, layout.main.size),
        ];
        if self.practice.is_some() && self.mailbox_window.is_none() {
            let (id, open) = iced::window::open(window::mailbox_settings(&layout));
            self.mailbox_window = Some(id);
            steps.push(open.discard());
        }
        if window::APP_SHOWS_WINDOWS {
            steps.push(iced::window::set_mode(main, iced::window::Mode::Windowed));
            steps.push(iced::window::gain_focus(main));
        }
        steps
            .into_iter()
            .reduce(Task::chain)
            .unwrap_or_else(Task::none)
    }

    /// Each window is named after what it shows: "Change Password — JUPAS Forgot Password".
    fn title(&self, window: iced::window::Id) -> String {
        let tr = |id| jupas_reset_i18n::tr(self.lang, id);
        let screen = if Some(window) == self.mailbox_window {
            tr("app-mailbox-title")
        } else if self.help.is_some() {
            tr("help-title")
        } else if self.about.is_some() {
            tr("about-title")
        } else {
            match &self.screen {
                Screen::Forgot(_) => tr("forgot-title"),
                Screen::Verify(_) => tr("verify-title"),
                Screen::Success(_) => tr("success-title"),
            }
        };
        format!("{screen} — {}", tr("app-title"))
    }

    /// Every message, then the screen reader's view of the new state.
    fn update(&mut self, message: Message) -> Task<Message> {
        let task = self.handle(message);
        let dropped = self.forget_refused_workstation();
        let trees = self.push_trees();
        Task::batch([task, dropped, trees])
    }

    fn handle(&mut self, message: Message) -> Task<Message> {
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
                        self.screen_changed(verify::CODE)
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
                    success::Action::OpenLoginPage => {
                        open_url(self.links.get(self.lang).login.clone())
                    }
                    success::Action::BackToStart => self.restart(),
                }
            }
            Message::Help(message) => {
                let Some(state) = &mut self.help else {
                    return Task::none();
                };
                match state.update(message, self.focus.get(&self.main_window)) {
                    help::Action::None => Task::none(),
                    help::Action::Close { return_focus } => {
                        self.help = None;
                        self.page_key = self.page_key.wrapping_add(1);
                        self.set_focus(self.main_window, return_focus);
                        Task::none()
                    }
                    help::Action::Focus(id) => {
                        self.set_focus(self.main_window, Some(iced::widget::Id::new(id)));
                        Task::none()
                    }
                    help::Action::GoToForgotPassword => {
                        self.help = None;
                        match self.screen {
                            Screen::Forgot(_) => self.screen_changed(forgot::LOGIN_NAME),
                            _ => self.restart(),
                        }
                    }
                    help::Action::Open(link) => {
                        let links = self.links.get(self.lang);
                        let url = match link {
                            help::Link::Security => &links.security,
                            help::Link::Faq => &links.faq,
                            help::Link::UserGuide => &links.user_guide,
                        };
                        open_url(url.clone())
                    }
                }
            }
            Message::About(message) => {
                let Some(state) = &mut self.about else {
                    return Task::none();
                };
                match state.update(message) {
                    about::Action::None => Task::none(),
                    about::Action::Close { return_focus } => {
                        self.about = None;
                        self.set_focus(self.main_window, return_focus);
                        Task::none()
                    }
                }
            }
            Message::OpenAbout => {
                if !self.can_leave_screen() || self.help.is_some() || self.about.is_some() {
                    return Task::none();
                }
                let before = self.focused(self.main_window).cloned();
                self.about = Some(about::State::opened_from(before));
                self.screen_changed(about::FIRST_FOCUS)
            }
            Message::Workstation(message) => self.on_workstation(message),
            Message::Mailbox(message) => match self.mailbox.update(message) {
                mailbox::Action::None => Task::none(),
                mailbox::Action::Run(task) => task.map(Message::Mailbox),
                mailbox::Action::Leave => iced::window::gain_focus(self.main_window),
            },
            Message::ToggleLang => {
                // Only the language changes: everything typed and the open session stay.
                self.lang = match self.lang {
                    Lang::En => Lang::ZhHk,
                    Lang::ZhHk => Lang::En,
                };
                Task::none()
            }
            Message::OpenHelp => {
                if !self.can_leave_screen() || self.help.is_some() || self.about.is_some() {
                    return Task::none();
                }
                let before = self.focused(self.main_window).cloned();
                self.help = Some(help::State::opened_from(before));
                self.screen_changed(help::FIRST_FOCUS)
            }
            Message::OpenMailbox => {
                let task = match self.mailbox_window {
                    Some(id) => iced::window::gain_focus(id),
                    None if self.practice.is_some() => {
                        let (id, open) = iced::window::open(window::mailbox_settings(&self.layout));
                        self.mailbox_window = Some(id);
                        open.discard()
                    }
                    None => return Task::none(),
                };
                // Arriving by keyboard, focus is on the mail being read.
                if let Some(id) = self.mailbox_window
                    && self.focused(id).is_none()
                {
                    self.set_focus(id, self.mailbox.first_focus());
                }
                task
            }
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
                self.exit()
            }
            Message::PolicyLoaded(result) => {
                if let Ok(policy) = result {
                    self.limits = policy.limits;
                }
                Task::none()
            }
            Message::Focus(window, id) => {
                self.set_focus(window, id);
                Task::none()
            }
            Message::Window(window, event) => self.on_window_event(window, event),
            Message::A11y(window, event) => {
                let (task, action) = self.on_adapter_event(window, event);
                match action {
                    Some(message) => Task::batch([task, self.handle(message)]),
                    None => task,
                }
            }
            Message::Appearance(message) => {
                self.appearance.update(message);
                Task::none()
            }
            Message::Placed(screen) => self.place_windows(screen),
            Message::TypingStarted if !self.typing_started => {
                self.typing_started = true;
                Task::future(fonts::warm()).discard()
            }
            Message::TypingStarted => Task::none(),
        }
    }

    /// A new screen starts at the top of the page with focus on `first` (the keyboard root
    /// scrolls the new page to the top, and leaves it there even if `first` is further down).
    fn screen_changed(&mut self, first: &'static str) -> Task<Message> {
        self.page_key = self.page_key.wrapping_add(1);
        self.set_focus(self.main_window, Some(iced::widget::Id::new(first)));
        iced::widget::operation::focus(first)
    }

    fn update_verify(&mut self, message: verify::Message) -> Task<Message> {
        let Screen::Verify(state) = &mut self.screen else {
            return Task::none();
        };
        let dialog_before = state.leave_dialog_shown();
        let action = state.update(message, &self.client, &self.limits);
        let dialog_after = state.leave_dialog_shown();
        let requested = state.take_focus_request();
        let open = state.is_open();
        let focus = match (dialog_before, dialog_after) {
            // The dialog takes focus, on its default button; "Stay" gives it back.
            (false, true) => {
                self.focus_before_dialog = self.focused(self.main_window).cloned();
                self.move_focus(verify::STAY)
            }
            (true, false) => match self.focus_before_dialog.take() {
                Some(id) => {
                    self.set_focus(self.main_window, Some(id.clone()));
                    iced::widget::operation::focus(id)
                }
                None => Task::none(),
            },
            _ => Task::none(),
        };
        let leaving = matches!(
            action,
            verify::Action::Done { .. } | verify::Action::Left { .. }
        );
        // Changed, cancelled, expired or locked: the mailed code is no use any more.
        let clear = if leaving || !open {
            self.reset_ended()
        } else {
            Task::none()
        };
        let focus = match requested {
            _ if leaving => Task::none(),
            Some(id) if !dialog_after => self.move_focus(id),
            // The focused control is gone (a button that hid itself): back to the code box.
            _ if !dialog_after && self.focus_lost(self.main_window) => {
                self.move_focus(verify::CODE)
            }
            _ => focus,
        };
        let task = match action {
            verify::Action::None => Task::none(),
            verify::Action::Run(task) => task.map(Message::Verify),
            verify::Action::Done { login_name } => {
                let practice = self.practice.is_some();
                self.screen = Screen::Success(success::State::new(practice, login_name));
                self.screen_changed(success::FIRST_FOCUS)
            }
            verify::Action::OpenUserGuide => open_url(self.links.get(self.lang).user_guide.clone()),
            verify::Action::Left { quit: true } => return Task::batch([focus, self.exit()]),
            verify::Action::Left { quit: false } => self.restart(),
        };
        Task::batch([focus, clear, task])
    }

    /// Takes a copied verification code off the clipboard, if it is still there.
    fn reset_ended(&mut self) -> Task<Message> {
        match self.mailbox.update(mailbox::Message::ResetEnded) {
            mailbox::Action::Run(task) => task.map(Message::Mailbox),
            mailbox::Action::None | mailbox::Action::Leave => Task::none(),
        }
    }

    /// Quits, leaving no verification code of ours on the clipboard.
    fn exit(&mut self) -> Task<Message> {
        self.reset_ended().chain(iced::exit())
    }

    /// Focus is on a control that is no longer in its window's focus chain.
    fn focus_lost(&self, window: iced::window::Id) -> bool {
        self.focused(window)
            .is_some_and(|id| self.focus_chain(window).stop(id).is_none())
    }

    /// Moves keyboard focus in the main window to `id` (an error's field, a dialog's button).
    fn move_focus(&mut self, id: &'static str) -> Task<Message> {
        self.set_focus(self.main_window, Some(iced::widget::Id::new(id)));
        iced::widget::operation::focus(id)
    }

    /// Back to an empty Forgot Password screen (nothing typed is kept).
    fn restart(&mut self) -> Task<Message> {
        let (state, load) = self.new_forgot();
        self.screen = Screen::Forgot(state);
        self.help = None;
        self.about = None;
        Task::batch([
            load.map(Message::Forgot),
            self.screen_changed(forgot::LOGIN_NAME),
        ])
    }

    /// Only an open reset session holds the student on its screen.
    fn can_leave_screen(&self) -> bool {
        !matches!(&self.screen, Screen::Verify(state) if state.is_open())
    }

    /// Login help and About open over the screen, one at a time, and not during a reset.
    fn overlays_may_open(&self) -> bool {
        self.can_leave_screen() && self.help.is_none() && self.about.is_none()
    }

    /// A window's shortcuts, taken by its root widget before any widget sees the key, so
    /// keys act only on the window they were pressed in and never type into a box.
    fn shortcut(
        &self,
        window: iced::window::Id,
        key: &Key,
        modifiers: Modifiers,
    ) -> Option<Message> {
        if Some(window) == self.mailbox_window {
            return self.app_shortcut(key, modifiers).or_else(|| {
                let message = self.mailbox.window_shortcut(key, modifiers);
                message.map(Message::Mailbox)
            });
        }
        self.app_shortcut(key, modifiers)
            .or_else(|| self.mailbox.shortcut(key, modifiers).map(Message::Mailbox))
            .or_else(|| self.screen_shortcut(key, modifiers))
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
        } else if keys::is_named(key, Named::F2) {
            Some(Message::OpenAbout)
        } else if modifiers.alt() && ch("m") {
            Some(Message::OpenMailbox)
        } else {
            appearance::shortcut(key, modifiers).map(Message::Appearance)
        }
    }

    /// Login help or About, while open, takes the keys; otherwise the screen does.
    fn screen_shortcut(&self, key: &Key, modifiers: Modifiers) -> Option<Message> {
        if let Some(about) = &self.about {
            return about.shortcut(key, modifiers).map(Message::About);
        }
        if let Some(help) = &self.help {
            let focused = self.focused(self.main_window);
            return help.shortcut(key, modifiers, focused).map(Message::Help);
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
        // Until the student types, the first key (or text an input method composes) starts
        // unpacking the typed-text font. Not the input method merely opening: that happens
        // whenever a box takes focus.
        let typing = if self.typing_started {
            Subscription::none()
        } else {
            iced::event::listen_with(|event, _, _| match event {
                iced::Event::Keyboard(iced::keyboard::Event::KeyPressed { .. })
                | iced::Event::InputMethod(
                    InputMethodEvent::Preedit(..) | InputMethodEvent::Commit(_),
                ) => Some(Message::TypingStarted),
                _ => None,
            })
        };
        Subscription::batch([
            iced::window::close_requests().map(Message::CloseRequested),
            self.accessibility_subscription(),
            screen,
            help,
            self.mailbox.subscription().map(Message::Mailbox),
            typing,
        ])
    }

    /// One screen-reader adapter per open window.
    fn accessibility_subscription(&self) -> Subscription<Message> {
        let windows = std::iter::once(self.main_window).chain(self.mailbox_window);
        let adapters = windows.map(|id| {
            iced_a11y::adapter::subscription(id)
                .with(id)
                .map(|(id, event)| Message::A11y(id, event))
        });
        let geometry = iced::event::listen_with(|event, _, id| match event {
            iced::Event::Window(
                event @ (iced::window::Event::Focused
                | iced::window::Event::Unfocused
                | iced::window::Event::Opened { .. }
                | iced::window::Event::Moved(_)
                | iced::window::Event::Resized(_)),
            ) => Some(Message::Window(id, event)),
            _ => None,
        });
        Subscription::batch(adapters.chain([geometry]))
    }

    /// Each window's content inside its keyboard root: its focus chain and shortcuts.
    fn view(&self, window: iced::window::Id) -> Element<'_, Message> {
        let (content, page, page_key) = if Some(window) == self.mailbox_window {
            (
                self.mailbox
                    .view(self.lang, self.focused(window))
                    .map(Message::Mailbox),
                access::MAILBOX_PAGE,
                0,
            )
        } else {
            (self.main_view(), access::PAGE, self.page_key)
        };
        iced_a11y::keyboard::root(content, self.focus_chain(window), move |id| {
            Message::Focus(window, id)
        })
        .shortcuts(move |key, modifiers| self.shortcut(window, key, modifiers))
        .page(page)
        .page_key(page_key)
        .into()
    }

    /// The page, laid out for the room the window has at the current zoom.
    fn main_view(&self) -> Element<'_, Message> {
        iced::widget::responsive(move |room| self.main_page(room)).into()
    }

    fn main_page(&self, room: iced::Size) -> Element<'_, Message> {
        let narrow = room.width < NARROW_BELOW;
        let facts = about::Facts {
            server: self.server.as_deref(),
            workstation: self.workstation.as_deref(),
        };
        let body: Element<'_, Message> = match (&self.about, &self.help, &self.screen) {
            (Some(about), _, _) => about
                .view(self.lang, facts, self.focused(self.main_window))
                .map(Message::About),
            (None, Some(help), _) => help
                .view(self.lang, self.focused(self.main_window))
                .map(Message::Help),
            (None, None, Screen::Forgot(state)) => state
                .view(self.lang, self.focused(self.main_window))
                .map(Message::Forgot),
            (None, None, Screen::Verify(state)) => state
                .view(self.lang, &self.limits, self.focused(self.main_window))
                .map(Message::Verify),
            (None, None, Screen::Success(state)) => state
                .view(self.lang, self.focused(self.main_window))
                .map(Message::Success),
        };
        let mut chrome = column![self.header(narrow)];
        if self.practice.is_some() {
            chrome = chrome.push(self.practice_banner(narrow));
        }
        if let Some(band) = self.workstation_band() {
            chrome = chrome.push(band);
        }
        if self.lang == Lang::ZhHk {
            // Lined up with the page's column, however wide the window.
            chrome = chrome.push(widgets::in_column(
                PREVAILS_BAND,
                widgets::muted(self.lang, "prevails-note"),
                6.0,
            ));
        }
        // With room to spare the header and banner stay put above the page; in a small or
        // zoomed-in window they scroll with it, so that the page never shrinks to nothing.
        // The page keeps one shape either way (only the empty slot moves), so that crossing
        // the line while resizing or zooming keeps every widget's state: the text box with
        // the keyboard keeps it.
        let chrome: Element<'_, Message> = chrome.into();
        let empty = || iced::widget::Space::new().into();
        let (fixed, scrolled) = if narrow || room.height < SHORT_BELOW {
            (empty(), chrome)
        } else {
            (chrome, empty())
        };
        let page = column![
            fixed,
            scrollable(column![scrolled, body])
                .id(access::PAGE)
                .height(Length::Fill),
        ];
        let dialog = match &self.screen {
            Screen::Verify(state) => state.dialog(self.lang, self.focused(self.main_window)),
            _ => None,
        };
        match dialog {
            Some(dialog) => stack![
                page,
                opaque(
                    // Scrolls when zoomed in further than the window is tall.
                    center(scrollable(dialog.map(Message::Verify))).style(|_: &Theme| {
                        container::Style {
                            background: Some(iced::Color::from_rgba8(0, 0, 0, 0.45).into()),
                            ..container::Style::default()
                        }
                    })
                )
            ]
            .into(),
            None => page.into(),
        }
    }

    /// `narrow`: the title goes above the buttons rather than beside them.
    fn header(&self, narrow: bool) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(self.lang, id);
        let focus = self.focused(self.main_window);
        let mut bar = row![].spacing(10).align_y(iced::Alignment::Center);
        if self.overlays_may_open() {
            bar = bar.push(widgets::focusable_on_header(
                access::HELP_BUTTON,
                focus,
                button(iced::widget::text(tr("help-open")).size(14))
                    .style(theme::header_button)
                    .on_press(Message::OpenHelp),
            ));
            bar = bar.push(widgets::focusable_on_header(
                access::ABOUT_BUTTON,
                focus,
                button(iced::widget::text(tr("about-open")).size(14))
                    .style(theme::header_button)
                    .on_press(Message::OpenAbout),
            ));
        }
        bar = bar.push(widgets::focusable_on_header(
            access::LANG_BUTTON,
            focus,
            iced::widget::tooltip(
                button(iced::widget::text(tr("lang-switch")).size(14))
                    .style(theme::header_button)
                    .on_press(Message::ToggleLang),
                container(iced::widget::text(tr("lang-switch-hint")).size(13))
                    .padding(6)
                    .style(theme::panel),
                iced::widget::tooltip::Position::Bottom,
            ),
        ));
        bar = bar.push(widgets::focusable_on_header(
            access::CONTRAST_BUTTON,
            focus,
            button(
                iced::widget::text(self.appearance.contrast_switch_label().render(self.lang))
                    .size(14),
            )
            .style(theme::header_button)
            .on_press(Message::Appearance(appearance::Message::ToggleContrast)),
        ));
        // Zoomed in, the buttons wrap onto more lines and the title wraps too, rather than
        // anything leaving the window; narrow, the title has a line of its own.
        let title = iced::widget::text(tr("app-title"))
            .size(20)
            .font(theme::APP_FONT_BOLD)
            .width(Length::Fill);
        let bar: Element<'_, Message> = if narrow {
            column![title, bar.wrap().vertical_spacing(6)]
                .spacing(8)
                .into()
        } else {
            row![
                title,
                bar.wrap().vertical_spacing(6).align_x(iced::Alignment::End),
            ]
            .spacing(10)
            .align_y(iced::Alignment::Center)
            .into()
        };
        container(bar)
            .padding([10, 24])
            .width(Length::Fill)
            .style(theme::header)
            .into()
    }

    /// `narrow`: the button goes below the sentence rather than beside it.
    fn practice_banner(&self, narrow: bool) -> Element<'_, Message> {
        let tr = |id| jupas_reset_i18n::tr(self.lang, id);
        // Fill, not a spacer: the button keeps its width and the sentence wraps.
        let sentence = iced::widget::text(tr("practice-banner"))
            .size(15)
            .font(theme::APP_FONT_BOLD)
            .width(Length::Fill);
        let open = widgets::focusable(
            access::MAILBOX_BUTTON,
            self.focused(self.main_window),
            button(iced::widget::text(tr("practice-open-mailbox")).size(13))
                .style(theme::secondary_button)
                .on_press(Message::OpenMailbox),
        );
        let content: Element<'_, Message> = if narrow {
            column![sentence, open].spacing(6).into()
        } else {
            row![sentence, open].align_y(iced::Alignment::Center).into()
        };
        container(content)
            .padding([6, 24])
            .width(Length::Fill)
            .style(theme::practice_banner)
            .into()
    }
}

/// The "English prevails" note's band (found by tests).
pub const PREVAILS_BAND: &str = "prevails-band";

/// Below this width (logical pixels: the window's at 100 % zoom, less when zoomed in) the
/// header's title and buttons, and the banner's sentence and button, no longer fit side by
/// side without squeezing the title to a word per line.
const NARROW_BELOW: f32 = 760.0;
/// Below this height a fixed header and banner would leave the page too little room.
const SHORT_BELOW: f32 = 560.0;

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
