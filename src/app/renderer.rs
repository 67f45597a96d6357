//! Which of iced's two renderers draws the windows, decided before iced starts.
//!
//! tiny-skia (software) is the default: a form needs no GPU, and measured on the first
//! screen it costs about half the memory of wgpu and opens the window sooner (README,
//! "Numbers"). wgpu stays selectable (`--renderer wgpu`, or `ICED_BACKEND=wgpu`), but a
//! GPU driver can fail in ways iced does not survive: under Wine, DX12 panics compiling
//! iced's first pipeline (`FXC D3DCompile error`). So wgpu is first tried in a child
//! process that builds exactly what iced builds (adapter, device, iced's own pipelines);
//! if that child fails, panics or crashes, the app uses tiny-skia and says why in the log.
//!
//! iced reads its choice from `ICED_BACKEND` only, so `main` sets that variable, before
//! any thread exists.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The hidden command-line flag that makes the binary the wgpu probe.
pub const PROBE_FLAG: &str = "--probe-wgpu";

/// How long the probe may take before it counts as failed (a hung driver).
const PROBE_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    TinySkia,
    Wgpu,
}

impl Renderer {
    /// `tiny-skia` (also `tiny_skia`) or `wgpu`.
    pub fn parse(name: &str) -> Option<Renderer> {
        match name.trim() {
            "tiny-skia" | "tiny_skia" => Some(Renderer::TinySkia),
            "wgpu" => Some(Renderer::Wgpu),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Renderer::TinySkia => "tiny-skia",
            Renderer::Wgpu => "wgpu",
        }
    }
}

/// What was asked for, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub renderer: Renderer,
    pub source: &'static str,
}

/// The flag wins; then an `ICED_BACKEND` the user set (its first entry); then tiny-skia.
pub fn request(flag: Option<Renderer>, iced_backend: Option<&str>) -> Request {
    if let Some(renderer) = flag {
        return Request {
            renderer,
            source: "--renderer",
        };
    }
    let from_env = iced_backend
        .and_then(|list| list.split(',').find(|entry| !entry.trim().is_empty()))
        .and_then(Renderer::parse);
    match from_env {
        Some(renderer) => Request {
            renderer,
            source: "ICED_BACKEND",
        },
        None => Request {
            renderer: Renderer::TinySkia,
            source: "default",
        },
    }
}

/// The value to give `ICED_BACKEND`. With wgpu, tiny-skia stays second in the list, so
/// that iced itself falls back if wgpu then fails to create the window's surface.
pub fn iced_backend(renderer: Renderer) -> &'static str {
    match renderer {
        Renderer::TinySkia => "tiny-skia",
        Renderer::Wgpu => "wgpu,tiny-skia",
    }
}

/// The renderer to use: wgpu only if the probe (this binary, run with [`PROBE_FLAG`])
/// succeeds; the log says why not otherwise.
pub fn decide(request: &Request) -> Renderer {
    if request.renderer == Renderer::TinySkia {
        tracing::info!(source = request.source, "renderer: tiny-skia");
        return Renderer::TinySkia;
    }
    let started = Instant::now();
    match probe_in_child() {
        Ok(adapter) => {
            tracing::info!(
                source = request.source,
                probe_ms = started.elapsed().as_millis() as u64,
                "renderer: wgpu ({adapter})"
            );
            Renderer::Wgpu
        }
        Err(reason) => {
            tracing::warn!(
                source = request.source,
                "renderer: wgpu cannot work here ({reason}); falling back to tiny-skia"
            );
            Renderer::TinySkia
        }
    }
}

/// Runs the probe in a child process: a panic, an abort or a crash in a driver takes the
/// child down, never the app. No thread is started here (`main` sets the environment
/// afterwards), so the child's output is read only after it ends.
fn probe_in_child() -> Result<String, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let mut child = Command::new(exe)
        .arg(PROBE_FLAG)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the probe: {e}"))?;
    let deadline = Instant::now() + PROBE_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("the probe hung for {} s", PROBE_TIMEOUT.as_secs()));
            }
            Err(e) => return Err(format!("the probe vanished: {e}")),
        }
    };
    let mut said = String::new();
    if let Some(mut out) = child.stdout.take() {
        use std::io::Read;
        let _ = out.read_to_string(&mut said);
    }
    let said = said.trim().to_owned();
    match (status.success(), said.is_empty()) {
        (true, _) => Ok(said),
        (false, false) => Err(said),
        (false, true) => Err(format!("the probe crashed ({status})")),
    }
}

/// The child's side: builds a wgpu adapter and device as iced does, then iced's own
/// pipelines (`iced_wgpu::Engine`), and prints the adapter (success) or the reason
/// (failure, including a panic's message) on stdout. Returns the exit code.
pub fn probe() -> u8 {
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| e.to_string())?;
        runtime.block_on(build_engine())
    });
    let result = result.unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("no message");
        Err(format!("panicked: {}", first_line(message)))
    });
    match result {
        Ok(adapter) => {
            println!("{adapter}");
            0
        }
        Err(reason) => {
            println!("{reason}");
            1
        }
    }
}

async fn build_engine() -> Result<String, String> {
    use iced_wgpu::wgpu;
    // The same choices as `iced_wgpu::window::compositor`, environment overrides included.
    let backends = wgpu::Backends::from_env().unwrap_or(wgpu::Backends::all());
    let instance = wgpu::Instance::new(&wgpu::InstanceDescriptor {
        backends,
        ..Default::default()
    });
    let adapter = instance
        .request_adapter(&wgpu::RequestAdapterOptions {
            power_preference: wgpu::PowerPreference::from_env()
                .unwrap_or(wgpu::PowerPreference::HighPerformance),
            compatible_surface: None,
            force_fallback_adapter: false,
        })
        .await
        .map_err(|e| format!("no graphics adapter for {backends:?}: {e}"))?;
    let info = adapter.get_info();
    let mut failures = Vec::new();
    for limits in [wgpu::Limits::default(), wgpu::Limits::downlevel_defaults()] {
        let descriptor = wgpu::DeviceDescriptor {
            label: Some("jupas-reset renderer probe"),
            required_limits: wgpu::Limits {
                max_bind_groups: 2,
                max_non_sampler_bindings: 2048,
                ..limits
            },
            memory_hints: wgpu::MemoryHints::MemoryUsage,
            ..Default::default()
        };
        match adapter.request_device(&descriptor).await {
            Ok((device, queue)) => {
                // Where Wine's DX12 panics: compiling iced's shaders into pipelines.
                let _engine = iced_wgpu::Engine::new(
                    &adapter,
                    device,
                    queue,
                    wgpu::TextureFormat::Bgra8UnormSrgb,
                    None,
                    iced_wgpu::graphics::Shell::headless(),
                );
                return Ok(format!("{} via {:?}", info.name, info.backend));
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    Err(format!(
        "no device on {} ({:?}): {}",
        info.name,
        info.backend,
        failures.join("; ")
    ))
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_over_the_environment() {
        let asked = request(Some(Renderer::TinySkia), Some("wgpu"));
        assert_eq!(asked.renderer, Renderer::TinySkia);
        assert_eq!(asked.source, "--renderer");
    }

    #[test]
    fn a_user_set_iced_backend_is_respected() {
        assert_eq!(request(None, Some("wgpu")).renderer, Renderer::Wgpu);
        assert_eq!(
            request(None, Some(" wgpu,tiny-skia")).renderer,
            Renderer::Wgpu
        );
        assert_eq!(
            request(None, Some("tiny-skia")).renderer,
            Renderer::TinySkia
        );
        assert_eq!(request(None, Some("wgpu")).source, "ICED_BACKEND");
    }

    #[test]
    fn tiny_skia_is_the_default() {
        for env in [None, Some(""), Some("opengl")] {
            let asked = request(None, env);
            assert_eq!(asked.renderer, Renderer::TinySkia, "{env:?}");
            assert_eq!(asked.source, "default");
        }
    }

    #[test]
    fn wgpu_keeps_tiny_skia_behind_it() {
        assert_eq!(iced_backend(Renderer::Wgpu), "wgpu,tiny-skia");
        assert_eq!(iced_backend(Renderer::TinySkia), "tiny-skia");
    }
}
