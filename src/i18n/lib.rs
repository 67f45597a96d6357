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

/// The translation of `id`, or the id itself so that a gap is visible (tests check parity).
pub fn tr(lang: Lang, id: &str) -> String {
    format(lang, id, None)
}

pub fn tr_args(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    format(lang, id, Some(&fluent_args))
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
