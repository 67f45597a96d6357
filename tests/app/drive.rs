//! Runs the `Task`s a screen's `update` returns, as the iced runtime would, and feeds
//! their messages back: the app's real update loop, without a window.

use iced::Task;
use iced::futures::StreamExt;

/// The messages a task produces (widget operations such as focus are skipped).
pub async fn outputs<M: Send + 'static>(task: Task<M>) -> Vec<M> {
    let Some(stream) = iced_runtime::task::into_stream(task) else {
        return Vec::new();
    };
    stream
        .filter_map(|action| async move {
            match action {
                iced_runtime::Action::Output(message) => Some(message),
                _ => None,
            }
        })
        .collect()
        .await
}
