//! Playing the spoken security code (rodio), and saving it as a WAV file.
//! Both run inside `Task`s, never on the UI thread.

use std::io::Cursor;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rodio::{Decoder, DeviceSinkBuilder, MixerDeviceSink, Player};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AudioError {
    #[error("no sound device")]
    NoDevice,
    #[error("the audio could not be decoded")]
    Decode,
    #[error("the file could not be saved")]
    Save,
}

/// The device and player of what is playing now; replaced (stopping it) by the next play.
static CURRENT: Mutex<Option<(MixerDeviceSink, Player)>> = Mutex::new(None);

/// Starts playing and returns as soon as the sound is queued on the device.
pub(crate) async fn play(wav: Arc<Vec<u8>>) -> Result<(), AudioError> {
    tokio::task::spawn_blocking(move || {
        if let Ok(mut current) = CURRENT.lock() {
            *current = None;
        }
        let mut sink = DeviceSinkBuilder::open_default_sink().map_err(|_| AudioError::NoDevice)?;
        sink.log_on_drop(false);
        let source =
            Decoder::try_from(Cursor::new(wav.as_ref().clone())).map_err(|_| AudioError::Decode)?;
        let player = Player::connect_new(sink.mixer());
        player.append(source);
        if let Ok(mut current) = CURRENT.lock() {
            *current = Some((sink, player));
        }
        Ok(())
    })
    .await
    .map_err(|_| AudioError::NoDevice)?
}

/// Where the spoken code was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Where the student chose in the file dialog.
    Chosen(PathBuf),
    /// This computer has no file dialog: in the Downloads folder, under a new name.
    Downloads(PathBuf),
}

/// Asks where to save (native dialog), then writes the file; with no dialog on this
/// computer, writes it to the Downloads folder instead. `None`: the student cancelled.
pub(crate) async fn save(
    wav: Arc<Vec<u8>>,
    suggested_name: String,
) -> Result<Option<Saved>, AudioError> {
    if !crate::dialog::available().await {
        let folder = crate::dialog::downloads_folder().ok_or(AudioError::Save)?;
        let path = tokio::task::spawn_blocking(move || {
            crate::dialog::save_new(&folder, &suggested_name, &wav)
        })
        .await
        .map_err(|_| AudioError::Save)?
        .map_err(|_| AudioError::Save)?;
        tracing::info!("no file dialog on this computer: saved the audio to Downloads");
        return Ok(Some(Saved::Downloads(path)));
    }
    let Some(handle) = rfd::AsyncFileDialog::new()
        .set_file_name(suggested_name)
        .add_filter("WAV", &["wav"])
        .save_file()
        .await
    else {
        return Ok(None);
    };
    handle.write(&wav).await.map_err(|_| AudioError::Save)?;
    Ok(Some(Saved::Chosen(handle.path().to_owned())))
}
