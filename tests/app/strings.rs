//! Every string in both languages, the same ids and variables, all used, and every
//! Chinese character drawable with the bundled Hong Kong font.

use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::FluentResource;
use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, PatternElement};

use jupas_reset::theme;
use jupas_reset_i18n::SOURCES;

fn variables_of(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => inline_variables(inline, out),
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                variables_of(&variant.value, out);
            }
        }
    }
}

fn inline_variables(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    if let InlineExpression::VariableReference { id } = inline {
        out.insert(id.name.to_owned());
    }
}

fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = FluentResource::try_new(source.to_owned()).expect("valid FTL");
    resource
        .entries()
        .filter_map(|entry| match entry {
            Entry::Message(message) => {
                let mut vars = BTreeSet::new();
                if let Some(value) = &message.value {
                    variables_of(value, &mut vars);
                }
                Some((message.id.name.to_owned(), vars))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn both_languages_have_the_same_ids_and_variables() {
    for (file, en, zh) in SOURCES {
        assert_eq!(messages(en), messages(zh), "i18n/*/{file}");
    }
}

#[test]
fn every_message_id_is_used_by_the_code() {
    let root = crate::support::workspace_root().join("src");
    let mut code = String::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).expect("src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                code.push_str(&std::fs::read_to_string(path).expect("source"));
            }
        }
    }
    for (file, en, _) in SOURCES {
        for id in messages(en).keys() {
            assert!(
                code.contains(&format!("\"{id}\"")),
                "i18n/*/{file}: `{id}` is never used"
            );
        }
    }
}

#[test]
fn every_chinese_character_is_in_the_bundled_hong_kong_font() {
    for (file, _, zh) in SOURCES {
        for font in [theme::FONT_REGULAR, theme::FONT_BOLD] {
            let missing = crate::font_coverage::missing_chars(font, zh).expect("font parses");
            assert!(
                missing.is_empty(),
                "i18n/zh-HK/{file}: no glyph for {missing:?}"
            );
        }
    }
}

#[test]
fn no_isolation_marks_reach_the_screen() {
    use jupas_reset_api::wire::Lang;
    let text = jupas_reset_i18n::tr_args(Lang::En, "audio-saved", &[("path", "/tmp/x.wav".into())]);
    assert_eq!(text, "Saved the spoken security code to /tmp/x.wav");
    assert!(!text.contains('\u{2068}') && !text.contains('\u{2069}'));
}
