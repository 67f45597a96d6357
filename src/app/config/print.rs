//! `--print-config`: every effective setting and where it came from, as TOML an
//! administrator can copy into a policy file.

use std::fmt::Write as _;

use super::{Effective, Setting};

impl Effective {
    pub fn describe(&self, policy_path: &std::path::Path) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# jupas-reset {}", env!("CARGO_PKG_VERSION"));
        let _ = writeln!(out, "# machine policy file: {}", policy_path.display());
        let lang = match self.lang.value {
            Some(lang) => format!("{:?}", lang.tag()),
            None => "\"\" # from the system locale".to_owned(),
        };
        line(&mut out, "language", &lang, &self.lang);
        line(
            &mut out,
            "practice",
            &self.practice.value.to_string(),
            &self.practice,
        );
        let server = match &self.server.value {
            Some(url) if self.practice.value => format!("{url:?} # not used in practice mode"),
            Some(url) => format!("{url:?}"),
            None => "\"\" # none".to_owned(),
        };
        line(&mut out, "server", &server, &self.server);
        for lang in jupas_reset_api::wire::Lang::ALL {
            let links = self.links.value.get(lang);
            let _ = writeln!(
                out,
                "\n[links.{}]  # {}\nlogin = {:?}\nsecurity = {:?}\nfaq = {:?}\nuser_guide = {:?}",
                lang.tag(),
                self.links.source,
                links.login,
                links.security,
                links.faq,
                links.user_guide
            );
        }
        for ignored in &self.overridden {
            let _ = writeln!(out, "# ignored (locked by the machine policy): {ignored}");
        }
        out
    }
}

fn line<T>(out: &mut String, name: &str, value: &str, setting: &Setting<T>) {
    let _ = writeln!(out, "{name} = {value}  # {}", setting.source);
}
