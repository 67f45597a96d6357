//! Finds the Fluent message ids the code names: the string literals where a call takes an
//! id. A tiny Rust lexer (strings, chars, lifetimes, comments) is enough; no regex, no syn.

/// Calls that take a message id, by callee (its last path segments, or `.method`) and the
/// index of the id argument. A call with a single argument has its id there: the screens'
/// `tr(id)` closures, which fix the language.
const ID_ARGUMENTS: &[(&str, usize)] = &[
    ("Text::new", 0),
    ("tr", 1),
    ("tr_args", 1),
    ("widgets::title", 1),
    ("widgets::paragraph", 1),
    ("widgets::muted", 1),
    ("widgets::action", 1),
    ("Field::new", 1),
    (".placeholder", 0),
    // The service's mail: `self.bilingual(to, subject_id, ..)`.
    (".bilingual", 1),
];

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Punct(char),
}

/// Every message id in `source`, in order.
pub fn message_ids(source: &str) -> Vec<String> {
    let tokens = lex(source);
    let mut ids = Vec::new();
    for (at, token) in tokens.iter().enumerate() {
        let Token::Ident(name) = token else { continue };
        if tokens.get(at + 1) != Some(&Token::Punct('(')) || is_definition(&tokens, at) {
            continue;
        }
        let callee = callee(&tokens, at, name);
        let Some(index) = id_argument(&callee) else {
            continue;
        };
        let args = arguments(&tokens, at + 1);
        let id_arg = if args.len() == 1 {
            args.first()
        } else {
            args.get(index)
        };
        ids.extend(id_arg.into_iter().flatten().cloned());
    }
    ids
}

/// Every string literal in `source`, wherever it is.
pub fn string_literals(source: &str) -> Vec<String> {
    lex(source)
        .into_iter()
        .filter_map(|token| match token {
            Token::Str(text) => Some(text),
            _ => None,
        })
        .collect()
}

fn id_argument(callee: &str) -> Option<usize> {
    ID_ARGUMENTS.iter().find_map(|(pattern, index)| {
        let matches = if pattern.starts_with('.') {
            callee == *pattern
        } else {
            callee == *pattern || callee.ends_with(&format!("::{pattern}"))
        };
        matches.then_some(*index)
    })
}

/// `fn name(`: a definition, not a call.
fn is_definition(tokens: &[Token], at: usize) -> bool {
    at > 0 && tokens[at - 1] == Token::Ident("fn".into())
}

/// `a::b::name` for a path call, `.name` for a method call.
fn callee(tokens: &[Token], at: usize, name: &str) -> String {
    if at > 0 && tokens[at - 1] == Token::Punct('.') {
        return format!(".{name}");
    }
    let mut path = name.to_owned();
    let mut at = at;
    while at >= 3
        && tokens[at - 1] == Token::Punct(':')
        && tokens[at - 2] == Token::Punct(':')
        && let Token::Ident(segment) = &tokens[at - 3]
    {
        path = format!("{segment}::{path}");
        at -= 3;
    }
    path
}

/// The string literals of each argument of the call whose `(` is at `open`.
fn arguments(tokens: &[Token], open: usize) -> Vec<Vec<String>> {
    let mut args = vec![Vec::new()];
    let mut depth = 0usize;
    for token in &tokens[open..] {
        match token {
            Token::Punct('(' | '[' | '{') => depth += 1,
            Token::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Token::Punct(',') if depth == 1 => args.push(Vec::new()),
            Token::Str(text) => args.last_mut().expect("one argument").push(text.clone()),
            _ => {}
        }
    }
    // `f()` and a trailing comma leave an empty last argument.
    if args.last().is_some_and(Vec::is_empty) {
        args.pop();
    }
    args
}

fn lex(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            loop {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else if i >= chars.len() {
                    break;
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            let (text, end) = quoted(&chars, i + 1);
            tokens.push(Token::Str(text));
            i = end;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{2068}') or a lifetime ('a, 'static).
            if at(i + 1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            match (word.as_str(), at(i)) {
                ("r" | "br", '"' | '#') => {
                    let (text, end) = raw(&chars, i);
                    tokens.push(Token::Str(text));
                    i = end;
                }
                ("b", '"') => {
                    let (text, end) = quoted(&chars, i + 1);
                    tokens.push(Token::Str(text));
                    i = end;
                }
                ("b", '\'') => {
                    i += if at(i + 1) == '\\' { 4 } else { 3 };
                }
                _ => tokens.push(Token::Ident(word)),
            }
        } else {
            tokens.push(Token::Punct(c));
            i += 1;
        }
    }
    tokens
}

/// A string's text from just after its opening quote, and the index after its closing one.
fn quoted(chars: &[char], mut i: usize) -> (String, usize) {
    let mut text = String::new();
    while i < chars.len() && chars[i] != '"' {
        if chars[i] == '\\' {
            text.push(chars[i]);
            i += 1;
        }
        if let Some(&c) = chars.get(i) {
            text.push(c);
        }
        i += 1;
    }
    (text, i + 1)
}

/// A raw string `r#"…"#` from its first `#` or `"`, and the index after it.
fn raw(chars: &[char], mut i: usize) -> (String, usize) {
    let mut hashes = 0;
    while chars.get(i) == Some(&'#') {
        hashes += 1;
        i += 1;
    }
    i += 1; // the opening quote
    let start = i;
    while i < chars.len() {
        let closes = chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#'));
        if closes {
            return (chars[start..i].iter().collect(), i + 1 + hashes);
        }
        i += 1;
    }
    (chars[start..].iter().collect(), i)
}

#[test]
fn every_id_form_is_found_and_nothing_else() {
    let source = r##"
        // tr(lang, "in-a-comment") and /* Text::new("in-a-block") */ are not code.
        fn tr(lang: Lang, id: &str) -> String { i18n::tr(lang, id) }
        let quote = '"'; let tab = '\t'; fn f<'a>(x: &'a str) {}
        const WARNING: Text = Text::new("text-new");
        let text = Text::new(match end { A => "arm-one", B => "arm-two" }).str("name", "value");
        jupas_reset_i18n::tr(lang, "tr-two-args");
        tr("tr-closure");
        tr_args(lang, "tr-args", &[("name", "value".into())]);
        widgets::title(lang, "widget-title"); widgets::muted(self.lang, "widget-muted");
        widgets::action(lang, "widget-action", Some(Message::Go), false);
        widgets::secondary(tr("secondary-label"), None);
        Field::new(CODE, "field-label").placeholder("field-placeholder").value("not-an-id");
        self.bilingual(to, "mail-subject", paragraphs, Some(2));
        format!("{}", r#"raw "quoted" tr(lang, "raw")"#); b"bytes"; b'x';
        text_input("", value).id("widget-id");
    "##;
    assert_eq!(
        message_ids(source),
        [
            "text-new",
            "arm-one",
            "arm-two",
            "tr-two-args",
            "tr-closure",
            "tr-args",
            "widget-title",
            "widget-muted",
            "widget-action",
            "secondary-label",
            "field-label",
            "field-placeholder",
            "mail-subject",
        ]
    );
    let literals = string_literals(source);
    assert!(literals.contains(&r#"raw "quoted" tr(lang, "raw")"#.to_owned()));
    assert!(!literals.iter().any(|l| l.starts_with("in-a-")));
}
