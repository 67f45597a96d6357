//! Text as data: a Fluent message id and its arguments. Screens keep these in their
//! state (errors, notices, labels) so any view — drawn or spoken — renders the same thing.

use fluent_bundle::FluentValue;

use jupas_reset_api::wire::Lang;
use jupas_reset_i18n as i18n;

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    Int(i64),
    Str(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

impl Text {
    pub const fn new(id: &'static str) -> Text {
        Text {
            id,
            args: Vec::new(),
        }
    }

    pub fn int(mut self, name: &'static str, value: impl Into<i64>) -> Text {
        self.args.push((name, Arg::Int(value.into())));
        self
    }

    pub fn str(mut self, name: &'static str, value: impl Into<String>) -> Text {
        self.args.push((name, Arg::Str(value.into())));
        self
    }

    pub fn render(&self, lang: Lang) -> String {
        i18n::tr_args(lang, self.id, &self.fluent_args())
    }

    /// The text cut at its key phrases, for drawing them bold: (text, emphasised).
    pub fn parts(&self, lang: Lang) -> Vec<(String, bool)> {
        i18n::tr_parts(lang, self.id, &self.fluent_args())
    }

    fn fluent_args(&self) -> Vec<(&'static str, FluentValue<'_>)> {
        self.args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Int(n) => FluentValue::from(*n),
                    Arg::Str(s) => FluentValue::from(s.as_str()),
                };
                (*name, value)
            })
            .collect()
    }
}

/// Whether a notice reports a problem or just informs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub tone: Tone,
    pub text: Text,
    /// A failed request that can be sent again as it was.
    pub retry: bool,
}

impl Notice {
    pub fn info(text: Text) -> Notice {
        Notice {
            tone: Tone::Info,
            text,
            retry: false,
        }
    }

    pub fn error(text: Text) -> Notice {
        Notice {
            tone: Tone::Error,
            text,
            retry: false,
        }
    }
}
