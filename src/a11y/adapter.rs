//! The platform's accessibility adapter for one iced window, run as a subscription.
//!
//! The worker makes a channel, sets up the adapter whose handlers only send on it, hands the
//! app a [`Handle`] in [`Event::Ready`], then forwards what the handlers send as [`Event`]s.
//! After every `update`, the app gives the handle a full tree; AccessKit diffs it against the
//! last one and tells the screen reader only what changed.
//!
//! - Linux/BSD (AT-SPI over D-Bus): `accesskit_unix`, created in the worker; it stays idle
//!   until an assistive technology turns AT-SPI on.
//! - Windows (UI Automation) and macOS (NSAccessibility): a subclassing adapter, which must be
//!   installed on the window's own thread before the window is first shown. So those windows
//!   open hidden ([`OPEN_VISIBLE`] is false there), and [`Handle::attach`] installs the
//!   adapter through `iced_runtime::window::run`, then shows the window.

use accesskit::{ActionHandler, ActionRequest, ActivationHandler, DeactivationHandler, TreeUpdate};
use iced_core::window::Id as WindowId;
use iced_futures::Subscription;
use iced_futures::futures::channel::mpsc;
use iced_futures::futures::{SinkExt, StreamExt};
use iced_runtime::Task;
use std::fmt;

/// Whether a window should be opened visible: false where the adapter must come first.
pub const OPEN_VISIBLE: bool = cfg!(not(any(windows, target_os = "macos")));

#[derive(Debug, Clone)]
pub enum Event {
    /// The adapter is set up: keep the handle and send it every tree.
    Ready(Handle),
    /// An assistive technology started listening: send a full tree now.
    Activated,
    /// The assistive technology asks for an action (click, focus, set value…).
    Action(ActionRequest),
    /// It stopped listening.
    Deactivated,
}

/// What the adapter's handlers send, from whichever thread the platform calls them on.
#[derive(Clone)]
struct Sender(mpsc::UnboundedSender<Event>);

impl ActivationHandler for Sender {
    fn request_initial_tree(&mut self) -> Option<TreeUpdate> {
        // The tree lives in the app's state, on the app's thread: ask for it.
        let _ = self.0.unbounded_send(Event::Activated);
        None
    }
}

impl ActionHandler for Sender {
    fn do_action(&mut self, request: ActionRequest) {
        let _ = self.0.unbounded_send(Event::Action(request));
    }
}

impl DeactivationHandler for Sender {
    fn deactivate_accessibility(&mut self) {
        let _ = self.0.unbounded_send(Event::Deactivated);
    }
}

/// The app's side of one window's adapter. Cheap to clone.
#[derive(Clone)]
pub struct Handle {
    window: WindowId,
    inner: platform::Inner,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("window", &self.window)
            .finish()
    }
}

impl Handle {
    /// Installs the adapter where it must sit on the window itself, then shows the window.
    /// Call it once, on `Ready`. On Linux the adapter already runs: nothing to do.
    pub fn attach<Message: Send + 'static>(&self) -> Task<Message> {
        platform::attach(self)
    }

    /// The window gained or lost keyboard focus: a screen reader follows focus only into
    /// the active window.
    pub fn window_focused<Message: Send + 'static>(&self, focused: bool) -> Task<Message> {
        platform::window_focused(self, focused)
    }

    /// Where the window is on screen (outer frame and client area, in physical pixels), so
    /// that a screen reader's highlight lands on it.
    pub fn window_bounds(&self, outer: accesskit::Rect, inner: accesskit::Rect) {
        platform::window_bounds(self, outer, inner);
    }

    /// Sends the window's full tree (if an assistive technology listens).
    pub fn update<Message: Send + 'static>(
        &self,
        tree: impl FnOnce() -> TreeUpdate + Send + 'static,
    ) -> Task<Message> {
        platform::update(self, tree)
    }
}

/// One adapter per window; the window id keeps the subscriptions apart.
pub fn subscription(window: WindowId) -> Subscription<Event> {
    Subscription::run_with(window, worker)
}

fn worker(window: &WindowId) -> impl iced_futures::futures::Stream<Item = Event> + use<> {
    let window = *window;
    iced_futures::stream::channel(16, async move |mut output: mpsc::Sender<Event>| {
        let (sender, mut events) = mpsc::unbounded();
        let inner = platform::start(Sender(sender));
        let _ = output.send(Event::Ready(Handle { window, inner })).await;
        while let Some(event) = events.next().await {
            if output.send(event).await.is_err() {
                break;
            }
        }
    })
}

#[cfg(all(unix, not(target_os = "macos")))]
mod platform {
    //! AT-SPI: the adapter needs no window handle and lives as long as the handle.
    use super::{Handle, Sender};
    use accesskit::TreeUpdate;
    use iced_runtime::Task;
    use std::sync::{Arc, Mutex};

    pub(super) type Inner = Arc<Mutex<accesskit_unix::Adapter>>;

    pub(super) fn start(sender: Sender) -> Inner {
        Arc::new(Mutex::new(accesskit_unix::Adapter::new(
            sender.clone(),
            sender.clone(),
            sender,
        )))
    }

    pub(super) fn attach<Message: Send + 'static>(_: &Handle) -> Task<Message> {
        Task::none()
    }

    pub(super) fn window_focused<Message: Send + 'static>(
        handle: &Handle,
        focused: bool,
    ) -> Task<Message> {
        if let Ok(mut adapter) = handle.inner.lock() {
            adapter.update_window_focus_state(focused);
        }
        Task::none()
    }

    pub(super) fn window_bounds(handle: &Handle, outer: accesskit::Rect, inner: accesskit::Rect) {
        if let Ok(mut adapter) = handle.inner.lock() {
            adapter.set_root_window_bounds(outer, inner);
        }
    }

    pub(super) fn update<Message: Send + 'static>(
        handle: &Handle,
        tree: impl FnOnce() -> TreeUpdate,
    ) -> Task<Message> {
        if let Ok(mut adapter) = handle.inner.lock() {
            adapter.update_if_active(tree);
        }
        Task::none()
    }
}

#[cfg(any(windows, target_os = "macos"))]
mod platform {
    //! UI Automation / NSAccessibility: the adapter belongs to the window's thread, so it is
    //! kept there (thread-local) and reached through `iced_runtime::window::run`.
    use super::{Handle, Sender};
    use accesskit::TreeUpdate;
    use iced_runtime::{Task, window};
    use raw_window_handle::RawWindowHandle;
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    #[cfg(windows)]
    type Adapter = accesskit_windows::SubclassingAdapter;
    #[cfg(target_os = "macos")]
    type Adapter = accesskit_macos::SubclassingAdapter;

    thread_local! {
        static ADAPTERS: RefCell<HashMap<iced_core::window::Id, Adapter>> = RefCell::new(HashMap::new());
    }

    /// The handlers, until `attach` moves them into the adapter on the window's thread.
    pub(super) type Inner = Arc<Mutex<Option<Sender>>>;

    pub(super) fn start(sender: Sender) -> Inner {
        Arc::new(Mutex::new(Some(sender)))
    }

    pub(super) fn attach<Message: Send + 'static>(handle: &Handle) -> Task<Message> {
        let id = handle.window;
        let sender = handle.inner.lock().ok().and_then(|mut s| s.take());
        window::run(id, move |window| {
            if let (Some(sender), Ok(raw)) = (sender, window.window_handle()) {
                if let Some(adapter) = install(raw.as_raw(), sender) {
                    ADAPTERS.with(|adapters| adapters.borrow_mut().insert(id, adapter));
                }
            }
        })
        .then(move |()| window::set_mode(id, iced_core::window::Mode::Windowed))
        .chain(window::gain_focus(id))
    }

    /// UI Automation learns focus and bounds from the window itself.
    #[cfg(windows)]
    pub(super) fn window_focused<Message: Send + 'static>(_: &Handle, _: bool) -> Task<Message> {
        Task::none()
    }

    #[cfg(target_os = "macos")]
    pub(super) fn window_focused<Message: Send + 'static>(
        handle: &Handle,
        focused: bool,
    ) -> Task<Message> {
        let id = handle.window;
        window::run(id, move |_| {
            ADAPTERS.with(|adapters| {
                if let Some(adapter) = adapters.borrow_mut().get_mut(&id)
                    && let Some(events) = adapter.update_view_focus_state(focused)
                {
                    events.raise();
                }
            });
        })
        .discard()
    }

    pub(super) fn window_bounds(_: &Handle, _: accesskit::Rect, _: accesskit::Rect) {}

    #[cfg(windows)]
    fn install(raw: RawWindowHandle, sender: Sender) -> Option<Adapter> {
        let RawWindowHandle::Win32(handle) = raw else {
            return None;
        };
        let hwnd = accesskit_windows::HWND(handle.hwnd.get() as *mut std::ffi::c_void);
        Some(Adapter::new(hwnd, sender.clone(), sender))
    }

    #[cfg(target_os = "macos")]
    fn install(raw: RawWindowHandle, sender: Sender) -> Option<Adapter> {
        let RawWindowHandle::AppKit(handle) = raw else {
            return None;
        };
        // SAFETY: the view comes from the live window this closure runs on (window::run),
        // on the main thread, before the window is first shown.
        #[allow(unsafe_code)]
        let adapter = unsafe { Adapter::new(handle.ns_view.as_ptr(), sender.clone(), sender) };
        Some(adapter)
    }

    pub(super) fn update<Message: Send + 'static>(
        handle: &Handle,
        tree: impl FnOnce() -> TreeUpdate + Send + 'static,
    ) -> Task<Message> {
        let id = handle.window;
        window::run(id, move |_| {
            ADAPTERS.with(|adapters| {
                if let Some(adapter) = adapters.borrow_mut().get_mut(&id)
                    && let Some(events) = adapter.update_if_active(tree)
                {
                    events.raise();
                }
            });
        })
        .discard()
    }
}
