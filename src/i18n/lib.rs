//! Every user-visible string comes from the Fluent files in `i18n/<lang>/`, compiled in.
//! Shared by the app and the service's emails; knows nothing of iced.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::LazyLock;
use unic_langid::LanguageIdentifier;

use jupas_reset_api::wire::Lang;

/// (file name, English source, Chinese source): one pair per screen or topic.
pub const SOURCES: &[(&str, &str, &str)] = &[
    (
        "app.ftl",
        include_str!("../../i18n/en/app.ftl"),
        include_str!("../../i18n/zh-HK/app.ftl"),
    ),
    (
        "mail.ftl",
        include_str!("../../i18n/en/mail.ftl"),
        include_str!("../../i18n/zh-HK/mail.ftl"),
    ),
    (
        "config.ftl",
        include_str!("../../i18n/en/config.ftl"),
        include_str!("../../i18n/zh-HK/config.ftl"),
    ),
];

struct Catalog {
    en: FluentBundle<FluentResource>,
    zh_hk: FluentBundle<FluentResource>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog {
    en: bundle(Lang::En),
    zh_hk: bundle(Lang::ZhHk),
});

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let tag: LanguageIdentifier = lang
        .tag()
        .parse()
        .expect("language tags in the source are valid");
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // Isolation marks (U+2068/U+2069) would break text lookup and font coverage.
    bundle.set_use_isolating(false);
    for (name, en, zh) in SOURCES {
        let source = match lang {
            Lang::En => en,
            Lang::ZhHk => zh,
        };
        let resource = FluentResource::try_new(source.to_string())
            .unwrap_or_else(|(_, errors)| panic!("i18n/{}/{name}: {errors:?}", lang.tag()));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("i18n/{}/{name}: {errors:?}", lang.tag()));
    }
    bundle
}

/// Marks a key phrase in a message: `Please **DO NOT LEAVE THIS PAGE.**` The app draws it
/// bold (so the English capitals' emphasis shows in Chinese too); plain text drops the marks.
/// Punctuation right after a phrase goes inside the marks: the text shaper gives a run with
/// no break in it one weight, so it would be drawn bold anyway.
const EMPHASIS: &str = "**";

/// The translation of `id`, or the id itself so that a gap is visible (tests check parity).
pub fn tr(lang: Lang, id: &str) -> String {
    plain(&format(lang, id, None))
}

pub fn tr_args(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    plain(&format(lang, id, Some(&fluent_args(args))))
}

/// The translation cut where its key phrases start and end: (text, emphasised) in order,
/// never an empty part. Joined, the parts are `tr_args`' text.
pub fn tr_parts(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> Vec<(String, bool)> {
    format(lang, id, Some(&fluent_args(args)))
        .split(EMPHASIS)
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(n, part)| (part.to_owned(), n % 2 == 1))
        .collect()
}

fn plain(marked: &str) -> String {
    marked.replace(EMPHASIS, "")
}

fn fluent_args<'a>(args: &[(&'a str, FluentValue<'a>)]) -> FluentArgs<'a> {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    fluent_args
}

fn format(lang: Lang, id: &str, args: Option<&FluentArgs<'_>>) -> String {
    let bundle = match lang {
        Lang::En => &CATALOG.en,
        Lang::ZhHk => &CATALOG.zh_hk,
    };
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_owned();
    };
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, args, &mut errors)
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_phrases_are_parts_of_their_own_and_plain_text_has_no_marks() {
        assert_eq!(
            tr_parts(Lang::En, "warning-leave", &[]),
            [
                ("Please ".to_owned(), false),
                ("DO NOT LEAVE THIS PAGE.".to_owned(), true),
            ]
        );
        assert_eq!(
            tr(Lang::En, "warning-leave"),
            "Please DO NOT LEAVE THIS PAGE."
        );
        let chinese = tr_parts(Lang::ZhHk, "warning-stay", &[]);
        assert_eq!(chinese.first(), Some(&("請".to_owned(), false)));
        assert_eq!(chinese.get(1), Some(&("停留在此頁面，".to_owned(), true)));
        let joined: String = chinese.iter().map(|(text, _)| text.as_str()).collect();
        assert_eq!(joined, tr(Lang::ZhHk, "warning-stay"));
        assert!(!tr(Lang::ZhHk, "warning-enter").contains('*'));
        // A message without key phrases is one plain part.
        assert_eq!(
            tr_parts(Lang::En, "submit", &[]),
            [("Submit".to_owned(), false)]
        );
    }
}
