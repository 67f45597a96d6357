//! Every string in both languages, the same ids and variables, all used, every id the
//! code names defined, and every Chinese character drawable with the bundled Hong Kong font.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_bundle::FluentResource;
use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, PatternElement};

use jupas_reset::theme;
use jupas_reset_api::wire::Lang;
use jupas_reset_i18n::SOURCES;

use crate::ids_in_code::{message_ids, string_literals};

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

/// Every `.rs` file under `dir`, with its text.
fn rust_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).expect("source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                files.push((path, text));
            }
        }
    }
    files
}

/// The code that names message ids: the app, and the service's emails. Paths are
/// relative to the workspace root.
fn code_naming_ids() -> Vec<(PathBuf, String)> {
    let root = crate::support::workspace_root();
    let mail = root.join("src/service/mail.rs");
    let mut files = rust_files(&root.join("src/app"));
    files.push((
        mail.clone(),
        std::fs::read_to_string(&mail).expect("the service's mail code"),
    ));
    files
        .into_iter()
        .map(|(path, text)| (path.strip_prefix(&root).unwrap_or(&path).to_owned(), text))
        .collect()
}

/// Every message id of one language, over all its files.
fn ids_of(lang: Lang) -> BTreeSet<String> {
    SOURCES
        .iter()
        .flat_map(|(_, en, zh)| match lang {
            Lang::En => messages(en),
            Lang::ZhHk => messages(zh),
        })
        .map(|(id, _)| id)
        .collect()
}

#[test]
fn every_message_id_is_used_by_the_code() {
    let code: String = rust_files(&crate::support::workspace_root().join("src"))
        .into_iter()
        .map(|(_, text)| text)
        .collect();
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
fn every_message_id_the_code_names_exists_in_both_languages() {
    let en = ids_of(Lang::En);
    let zh = ids_of(Lang::ZhHk);
    let mut unknown = Vec::new();
    for (path, source) in code_naming_ids() {
        let ids = message_ids(&source);
        let named_here = ids.len();
        for id in ids {
            let missing_in: Vec<&str> = [("i18n/en", &en), ("i18n/zh-HK", &zh)]
                .into_iter()
                .filter(|(_, ids)| !ids.contains(&id))
                .map(|(folder, _)| folder)
                .collect();
            if !missing_in.is_empty() {
                unknown.push(format!(
                    "{}: `{id}` is not in {}",
                    path.display(),
                    missing_in.join(" or ")
                ));
            }
        }
        if path.ends_with("mail.rs") || path.ends_with("lib.rs") {
            assert!(named_here > 0, "the scan found no id in {}", path.display());
        }
    }
    assert!(
        unknown.is_empty(),
        "a student would see a raw id:\n{}",
        unknown.join("\n")
    );
}

#[test]
fn message_ids_are_named_only_where_the_scan_looks() {
    // An id written some other way (a const list, a tuple) would escape the check above,
    // typos and all: name it through `Text::new`/`tr`, or teach `ids_in_code` the form.
    let en = ids_of(Lang::En);
    // `("login", …)` passes a variable: a name that is both is taken as a variable.
    let variables: BTreeSet<String> = SOURCES
        .iter()
        .flat_map(|(_, en, _)| messages(en).into_values().flatten())
        .collect();
    let mut elsewhere = Vec::new();
    for (path, source) in code_naming_ids() {
        let named: BTreeSet<String> = message_ids(&source).into_iter().collect();
        for literal in string_literals(&source) {
            let id = en.contains(&literal) && !variables.contains(&literal);
            if id && !named.contains(&literal) {
                elsewhere.push(format!("{}: `{literal}`", path.display()));
            }
        }
    }
    assert!(
        elsewhere.is_empty(),
        "ids outside the places the scan knows:\n{}",
        elsewhere.join("\n")
    );
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
    let text = jupas_reset_i18n::tr_args(Lang::En, "audio-saved", &[("path", "/tmp/x.wav".into())]);
    assert_eq!(text, "Saved the spoken security code to /tmp/x.wav");
    assert!(!text.contains('\u{2068}') && !text.contains('\u{2069}'));
}
