//! The app on an enrolled school PC: at start it asks the service about its workstation
//! (the name, and whether the security code is waived for it); when the service no longer
//! knows the credential (revoked), the client has already carried on without it, and the
//! app removes it from the OS keychain (in a `Task`), says so, and goes on unenrolled.

use iced::widget::{button, container, row, text};
use iced::{Element, Length, Task};
use iced_a11y::accesskit::NodeId;
use iced_a11y::tree::{self as a11y, Tree};

use crate::screen::forgot;
use crate::workstation::{self, KeychainError};
use crate::{App, Message, Screen, access, theme, widgets};
use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::validate;
use jupas_reset_api::wire::WorkstationStatus;

#[derive(Debug, Clone)]
pub(crate) enum WorkstationMessage {
    /// What the service said about this PC's workstation at start.
    Checked(Result<WorkstationStatus, CallError>),
    /// The refused credential is out of the keychain (true), was not there, or could not go.
    Forgotten(Result<bool, KeychainError>),
    /// The student or counsellor read the notice.
    DismissNotice,
}

/// The notice's Dismiss button.
pub(crate) const DISMISS: &str = "workstation-notice-dismiss";

/// Asks the service which workstation this PC is (only when it has a credential).
pub(crate) fn check(client: &ApiClient) -> Task<Message> {
    let client = client.clone();
    Task::perform(async move { client.workstation_status().await }, |result| {
        Message::Workstation(WorkstationMessage::Checked(result))
    })
}

impl App {
    /// A fresh Forgot Password screen, with or without the security code as this PC is.
    pub(crate) fn new_forgot(&self) -> (forgot::State, Task<forgot::Message>) {
        if !self.security_code_waived {
            return forgot::State::new(&self.client);
        }
        let (mut state, focus) = forgot::State::awaiting_workstation();
        let message = forgot::Message::SecurityCodeWaived(true);
        let _none = state.update(message, &self.client, self.lang, validate::today_utc());
        (state, focus)
    }

    pub(crate) fn on_workstation(&mut self, message: WorkstationMessage) -> Task<Message> {
        match message {
            WorkstationMessage::Checked(result) => {
                let waived = match result {
                    Ok(status) => {
                        tracing::info!(
                            workstation = status.workstation_id,
                            security_code_required = status.security_code_required,
                            "the reset service knows this workstation"
                        );
                        self.workstation = Some(status.name);
                        !status.security_code_required
                    }
                    // Unreachable, revoked (see `forget_refused_workstation`), or an older
                    // service: the security code as usual.
                    Err(_) => false,
                };
                self.security_code_waived = waived;
                self.tell_forgot(waived)
            }
            WorkstationMessage::Forgotten(result) => {
                match result {
                    Ok(removed) => {
                        tracing::info!(removed, "refused workstation credential removed")
                    }
                    Err(error) => {
                        tracing::warn!(%error, "refused workstation credential not removed")
                    }
                }
                Task::none()
            }
            WorkstationMessage::DismissNotice => {
                self.workstation_notice = false;
                if self.focused(self.main_window) == Some(&iced::widget::Id::new(DISMISS)) {
                    return self.move_focus(access::LANG_BUTTON);
                }
                Task::none()
            }
        }
    }

    /// The Forgot Password screen learns whether it asks for a security code.
    fn tell_forgot(&mut self, waived: bool) -> Task<Message> {
        let Screen::Forgot(state) = &mut self.screen else {
            return Task::none();
        };
        let message = forgot::Message::SecurityCodeWaived(waived);
        match state.update(message, &self.client, self.lang, validate::today_utc()) {
            forgot::Action::Run(task) => task.map(Message::Forgot),
            forgot::Action::None | forgot::Action::Started { .. } => Task::none(),
        }
    }

    /// After every update: if the service refused this PC's credential, the client has
    /// dropped it (and sent the request again without it). The app follows: no name, no
    /// waiver, a notice, and the keychain entry removed off the UI thread.
    pub(crate) fn forget_refused_workstation(&mut self) -> Task<Message> {
        if self.workstation.is_none() || !self.client.workstation_dropped() {
            return Task::none();
        }
        tracing::warn!(
            "the reset service refused this PC's workstation credential: unenrolled now"
        );
        self.workstation = None;
        self.workstation_notice = true;
        self.security_code_waived = false;
        let forgot = self.tell_forgot(false);
        let Some(server) = self.server.clone() else {
            return forgot;
        };
        let remove = Task::perform(
            async move {
                tokio::task::spawn_blocking(move || workstation::remove(&server))
                    .await
                    .unwrap_or_else(|e| Err(KeychainError::Failed(e.to_string())))
            },
            |result| Message::Workstation(WorkstationMessage::Forgotten(result)),
        );
        Task::batch([forgot, remove])
    }

    /// The notice under the header, while it is shown.
    pub(crate) fn workstation_band(&self) -> Option<Element<'_, Message>> {
        if !self.workstation_notice {
            return None;
        }
        let tr = |id| jupas_reset_i18n::tr(self.lang, id);
        let band = row![
            text(tr("workstation-dropped"))
                .size(15)
                .style(theme::error_text)
                .width(Length::Fill),
            widgets::focusable(
                DISMISS,
                self.focused(self.main_window),
                button(text(tr("workstation-dropped-dismiss")).size(13))
                    .style(theme::secondary_button)
                    .on_press(Message::Workstation(WorkstationMessage::DismissNotice)),
            ),
        ]
        .spacing(12)
        .align_y(iced::Alignment::Center);
        Some(
            container(band)
                .padding([8, 24])
                .width(Length::Fill)
                .style(theme::panel)
                .into(),
        )
    }

    /// The notice as a screen reader meets it: an alert, and its Dismiss button.
    pub(crate) fn workstation_tree(&self, tree: &mut Tree<Message>, root: NodeId) {
        if !self.workstation_notice {
            return;
        }
        let tr = |id| jupas_reset_i18n::tr(self.lang, id);
        let group = tree.push(
            root,
            "workstation-notice",
            a11y::group(&tr("workstation-dropped-title")),
        );
        tree.push(
            group,
            "workstation-notice-text",
            a11y::live(&tr("workstation-dropped"), true),
        );
        tree.button(
            group,
            DISMISS,
            &tr("workstation-dropped-dismiss"),
            None,
            Message::Workstation(WorkstationMessage::DismissNotice),
        );
    }
}
