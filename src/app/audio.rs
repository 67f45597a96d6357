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

/// Asks where to save (native dialog), then writes the file. `None`: the user cancelled.
pub(crate) async fn save(
    wav: Arc<Vec<u8>>,
    suggested_name: String,
) -> Result<Option<PathBuf>, AudioError> {
    let Some(handle) = rfd::AsyncFileDialog::new()
        .set_file_name(suggested_name)
        .add_filter("WAV", &["wav"])
        .save_file()
        .await
    else {
        return Ok(None);
    };
    handle.write(&wav).await.map_err(|_| AudioError::Save)?;
    Ok(Some(handle.path().to_owned()))
}
