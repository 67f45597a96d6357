//! Practice mode, as the app sees it: the reference service on a free loopback port, on its
//! own thread, with the practice accounts, an in-memory database and a mailbox that never
//! touches the disk. This is the one type the app names from the service.

use std::net::SocketAddr;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use crate::config::Config;
use crate::{Background, MailTarget, Options, StartError};

/// Raw RFC 5322 messages, in the order the service sent them.
pub type Mail = UnboundedReceiver<Vec<u8>>;

/// The running practice service; stops when dropped.
pub struct Practice {
    addr: SocketAddr,
    mail: Option<Mail>,
    _service: Background,
}

impl Practice {
    pub fn start() -> Result<Practice, StartError> {
        let (sink, mail) = unbounded_channel();
        let config = Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            practice: true,
            ..Config::default()
        };
        let options = Options {
            mail: MailTarget::Memory(sink),
            ..Options::default()
        };
        let service = Background::spawn(config, options)?;
        Ok(Practice {
            addr: service.addr,
            mail: Some(mail),
            _service: service,
        })
    }

    /// The root URL to give the API client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every email the service sends from now on; there is one stream, so the second call gets `None`.
    pub fn take_mail(&mut self) -> Option<Mail> {
        self.mail.take()
    }
}
