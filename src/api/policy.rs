//! The password policy, shared by the desktop app (live ticks while the
//! student types) and the reset service (enforcement on submit).
//!
//! It follows NIST SP 800-63B rev 4 rather than composition rules: a length
//! range counted in Unicode code points after NFKC normalisation, a check
//! against a list of common/breached passwords, and a ban on context-specific
//! words (login name, email, date of birth). Any characters are allowed and
//! nothing is truncated.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use utoipa::ToSchema;
use zeroize::Zeroizing;
use zxcvbn::matching::patterns::MatchPattern;

/// One guideline shown to the student, in display order (see [`Rule::ALL`]).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Rule {
    Length,
    NotCommon,
    NoPersonalInfo,
    NotCurrent,
    AnyCharacters,
    CaseSensitive,
    EntriesMatch,
}

impl Rule {
    /// Every guideline, in the order the app lists them.
    pub const ALL: [Rule; 7] = [
        Rule::Length,
        Rule::NotCommon,
        Rule::NoPersonalInfo,
        Rule::NotCurrent,
        Rule::AnyCharacters,
        Rule::CaseSensitive,
        Rule::EntriesMatch,
    ];

    /// The wire code (same as the serde name), handy for message ids.
    pub fn code(self) -> &'static str {
        self.into()
    }
}

/// Why a password was refused. Each has its own stable wire code so the app
/// can untick exactly the guideline that failed.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Violation {
    TooShort,
    TooLong,
    Common,
    ContainsLoginName,
    ContainsEmail,
    ContainsDateOfBirth,
    SameAsCurrent,
    EntriesDiffer,
}

impl Violation {
    /// Every violation, in the order [`violations`] reports them.
    pub const ALL: [Violation; 8] = [
        Violation::TooShort,
        Violation::TooLong,
        Violation::Common,
        Violation::ContainsLoginName,
        Violation::ContainsEmail,
        Violation::ContainsDateOfBirth,
        Violation::SameAsCurrent,
        Violation::EntriesDiffer,
    ];

    /// The guideline this violation breaks.
    pub const fn rule(self) -> Rule {
        match self {
            Violation::TooShort | Violation::TooLong => Rule::Length,
            Violation::Common => Rule::NotCommon,
            Violation::ContainsLoginName
            | Violation::ContainsEmail
            | Violation::ContainsDateOfBirth => Rule::NoPersonalInfo,
            Violation::SameAsCurrent => Rule::NotCurrent,
            Violation::EntriesDiffer => Rule::EntriesMatch,
        }
    }

    /// The wire code (same as the serde name), handy for message ids.
    pub fn code(self) -> &'static str {
        self.into()
    }
}

/// NIST SP 800-63B-4: a password that is one factor of several (MFA) needs at least 8
/// characters: the lowest minimum a deployment may configure...
const NIST_MIN_LENGTH_FLOOR: usize = 8;
/// ...and one that is the only factor, as a JUPAS login is, needs at least 15: the default.
pub const SINGLE_FACTOR_MIN_LENGTH: usize = 15;
/// ...and must allow a maximum of at least 64.
const NIST_MAX_LENGTH_FLOOR: usize = 64;

/// Length limits in code points after NFKC. Sent to the app so that the
/// guideline text and the live tick use the server's numbers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
// A config file may set just one of the two.
#[serde(default)]
pub struct PolicyLimits {
    pub min_length: usize,
    pub max_length: usize,
}

impl Default for PolicyLimits {
    fn default() -> Self {
        Self {
            min_length: SINGLE_FACTOR_MIN_LENGTH,
            max_length: NIST_MAX_LENGTH_FLOOR,
        }
    }
}

/// A configuration that would weaken the policy below NIST's floors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitsError {
    #[error("min_length {0} is below the NIST floor of {NIST_MIN_LENGTH_FLOOR}")]
    MinTooLow(usize),
    #[error("max_length {0} is below the NIST floor of {NIST_MAX_LENGTH_FLOOR}")]
    MaxTooLow(usize),
    #[error("min_length {min} is greater than max_length {max}")]
    MinAboveMax { min: usize, max: usize },
}

impl PolicyLimits {
    /// Checks limits read from configuration (raising them is fine,
    /// lowering them below NIST's floors is not).
    pub fn validate(&self) -> Result<(), LimitsError> {
        if self.min_length < NIST_MIN_LENGTH_FLOOR {
            return Err(LimitsError::MinTooLow(self.min_length));
        }
        if self.max_length < NIST_MAX_LENGTH_FLOOR {
            return Err(LimitsError::MaxTooLow(self.max_length));
        }
        if self.min_length > self.max_length {
            return Err(LimitsError::MinAboveMax {
                min: self.min_length,
                max: self.max_length,
            });
        }
        Ok(())
    }
}

/// What the account holder's record says about them; the password must not
/// contain any of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PersonalInfo<'a> {
    pub login_name: &'a str,
    pub email: &'a str,
    /// `YYYY-MM-DD`; anything else is ignored.
    pub date_of_birth: &'a str,
}

/// What the app shows next to each guideline while the student types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleState {
    Met,
    Unmet,
    /// Always true; shown as information, not as a check.
    Informational,
    /// Only the server can tell (it holds the current password's hash).
    CheckedOnSubmit,
}

/// Login names / email local parts shorter than this are too likely to occur
/// by chance to be worth refusing.
const MIN_IDENTIFIER_CHARS: usize = 3;

/// Collects `chars` into a `String` allocated once at its final size, so no
/// reallocation leaves a copy of the secret behind in freed memory.
fn collect_zeroizing<I, F>(chars: F) -> Zeroizing<String>
where
    I: Iterator<Item = char>,
    F: Fn() -> I,
{
    let len = chars().map(char::len_utf8).sum();
    let mut out = Zeroizing::new(String::with_capacity(len));
    out.extend(chars());
    out
}

/// NFKC normalisation into zeroizing memory (passwords never linger in
/// freed memory).
pub fn normalize(password: &str) -> Zeroizing<String> {
    collect_zeroizing(|| password.nfkc())
}

/// NFKC then lowercase, for case-insensitive comparisons of secrets.
fn folded(normalized: &str) -> Zeroizing<String> {
    collect_zeroizing(|| normalized.chars().flat_map(char::to_lowercase))
}

/// Same folding for the (non-secret) personal data.
fn fold_plain(s: &str) -> String {
    s.trim().nfkc().flat_map(char::to_lowercase).collect()
}

fn length_violation(limits: &PolicyLimits, normalized: &str) -> Option<Violation> {
    // NIST counts each code point as one character.
    let count = normalized.chars().count();
    if count < limits.min_length {
        Some(Violation::TooShort)
    } else if count > limits.max_length {
        Some(Violation::TooLong)
    } else {
        None
    }
}

/// True when zxcvbn explains the whole password as one entry of its
/// "passwords" frequency list (about 30,000 real leaked passwords), including
/// the capitalised, reversed and l33t forms it recognises.
fn is_common(normalized: &str) -> bool {
    if normalized.is_empty() {
        return false;
    }
    let entropy = zxcvbn::zxcvbn(normalized, &[]);
    let [only] = entropy.sequence() else {
        return false;
    };
    // zxcvbn only looks at the first 100 chars; a longer password is never one
    // list entry, so require the match to span every char we have.
    let whole = only.i == 0 && only.j + 1 == normalized.chars().count();
    // `DictionaryType` lives in a private zxcvbn module and cannot be named;
    // its Debug form is the variant name, pinned by a test below.
    whole
        && matches!(&only.pattern, MatchPattern::Dictionary(p)
            if format!("{:?}", p.dictionary_name) == "Passwords")
}

/// The part of an email address before the last `@`.
fn email_local_part(email: &str) -> &str {
    email.rsplit_once('@').map_or(email, |(local, _)| local)
}

/// Whether `haystack` (already folded) contains the folded identifier, which
/// only counts when it is long enough to be meaningful.
fn contains_identifier(haystack: &str, identifier: &str) -> bool {
    let needle = fold_plain(identifier);
    needle.chars().count() >= MIN_IDENTIFIER_CHARS && haystack.contains(needle.as_str())
}

/// A date of birth parsed from `YYYY-MM-DD`.
struct Dob {
    year: u16,
    month: u8,
    day: u8,
}

impl Dob {
    fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let mut parts = s.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let well_formed = parts.next().is_none()
            && y.len() == 4
            && m.len() == 2
            && d.len() == 2
            && s.bytes().filter(u8::is_ascii_digit).count() == 8;
        if !well_formed {
            return None;
        }
        let dob = Self {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        ((1..=12).contains(&dob.month) && (1..=31).contains(&dob.day)).then_some(dob)
    }

    /// Compact forms to look for in the password's digits alone, which also
    /// catches any separator (or none) between zero-padded parts.
    fn digit_forms(&self) -> Vec<String> {
        let (yyyy, yy) = (
            format!("{:04}", self.year),
            format!("{:02}", self.year % 100),
        );
        let (mm, dd) = (format!("{:02}", self.month), format!("{:02}", self.day));
        vec![
            format!("{yyyy}{mm}{dd}"),
            format!("{dd}{mm}{yyyy}"),
            format!("{mm}{dd}{yyyy}"),
            format!("{dd}{mm}{yy}"),
            format!("{yy}{mm}{dd}"),
            format!("{mm}{dd}{yy}"),
        ]
    }

    /// Forms with separators and unpadded day/month (e.g. `7/3/2005`), which
    /// the digit projection cannot see.
    fn separated_forms(&self) -> Vec<String> {
        let years = [
            format!("{:04}", self.year),
            format!("{:02}", self.year % 100),
        ];
        let months = [format!("{:02}", self.month), self.month.to_string()];
        let days = [format!("{:02}", self.day), self.day.to_string()];
        let mut forms = Vec::new();
        for sep in ['-', '/', '.', ' '] {
            for y in &years {
                for m in &months {
                    for d in &days {
                        forms.push(format!("{y}{sep}{m}{sep}{d}"));
                        forms.push(format!("{d}{sep}{m}{sep}{y}"));
                        forms.push(format!("{m}{sep}{d}{sep}{y}"));
                    }
                }
            }
        }
        forms
    }
}

fn contains_date_of_birth(folded: &str, date_of_birth: &str) -> bool {
    let Some(dob) = Dob::parse(date_of_birth) else {
        return false;
    };
    // NFKC has already turned full-width digits into ASCII ones.
    let digits = collect_zeroizing(|| folded.chars().filter(char::is_ascii_digit));
    dob.digit_forms()
        .iter()
        .any(|f| digits.contains(f.as_str()))
        || dob
            .separated_forms()
            .iter()
            .any(|f| folded.contains(f.as_str()))
}

fn personal_info_violations(normalized: &str, who: &PersonalInfo<'_>) -> Vec<Violation> {
    let folded = folded(normalized);
    let mut found = Vec::new();
    if contains_identifier(&folded, who.login_name) {
        found.push(Violation::ContainsLoginName);
    }
    if contains_identifier(&folded, email_local_part(who.email)) {
        found.push(Violation::ContainsEmail);
    }
    if contains_date_of_birth(&folded, who.date_of_birth) {
        found.push(Violation::ContainsDateOfBirth);
    }
    found
}

/// The checks that need no stored secret: Length, NotCommon, NoPersonalInfo.
/// The server adds SameAsCurrent itself; EntriesDiffer is the app's business.
fn violations_of_normalized(
    limits: &PolicyLimits,
    normalized: &str,
    who: &PersonalInfo<'_>,
) -> Vec<Violation> {
    let mut found = Vec::new();
    match length_violation(limits, normalized) {
        Some(v) => found.push(v),
        // zxcvbn is slow on long input, so only run it on acceptable lengths.
        None if is_common(normalized) => found.push(Violation::Common),
        None => {}
    }
    found.extend(personal_info_violations(normalized, who));
    found
}

/// Server-side and live checks: Length, NotCommon, NoPersonalInfo (not
/// SameAsCurrent, not EntriesDiffer), in [`Violation::ALL`] order.
pub fn violations(limits: &PolicyLimits, password: &str, who: &PersonalInfo<'_>) -> Vec<Violation> {
    let normalized = normalize(password);
    violations_of_normalized(limits, &normalized, who)
}

/// The client-side EntriesMatch check: both entries filled in and identical
/// after NFKC (the app reports [`Violation::EntriesDiffer`] otherwise).
fn entries_match(password: &str, confirm: &str) -> bool {
    !password.is_empty() && !confirm.is_empty() && *normalize(password) == *normalize(confirm)
}

/// What the app shows next to each guideline while the student types, in
/// [`Rule::ALL`] order.
pub fn live_status(
    limits: &PolicyLimits,
    password: &str,
    confirm: &str,
    who: &PersonalInfo<'_>,
) -> [(Rule, RuleState); 7] {
    let normalized = normalize(password);
    let found = violations_of_normalized(limits, &normalized, who);
    let length_ok = length_violation(limits, &normalized).is_none();
    let met = |ok: bool| if ok { RuleState::Met } else { RuleState::Unmet };
    let broken = |rule: Rule| found.iter().any(|v| v.rule() == rule);

    Rule::ALL.map(|rule| {
        let state = match rule {
            Rule::Length => met(length_ok),
            // Not checked until the length is acceptable, so not vouched for.
            Rule::NotCommon => met(length_ok && !broken(rule)),
            Rule::NoPersonalInfo => met(!normalized.is_empty() && !broken(rule)),
            Rule::NotCurrent => RuleState::CheckedOnSubmit,
            Rule::AnyCharacters | Rule::CaseSensitive => RuleState::Informational,
            Rule::EntriesMatch => met(entries_match(password, confirm)),
        };
        (rule, state)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;

    const NOBODY: PersonalInfo<'static> = PersonalInfo {
        login_name: "",
        email: "",
        date_of_birth: "",
    };

    const STUDENT: PersonalInfo<'static> = PersonalInfo {
        login_name: "chantaiman",
        email: "tm.chan2007@example.com.hk",
        date_of_birth: "2007-03-09",
    };

    /// The rules themselves are tested at NIST's multi-factor floor (8 to 64): the
    /// single-factor default of 15 has its own tests.
    const MULTI_FACTOR: PolicyLimits = PolicyLimits {
        min_length: 8,
        max_length: 64,
    };

    fn check(password: &str) -> Vec<Violation> {
        violations(&MULTI_FACTOR, password, &NOBODY)
    }

    fn check_student(password: &str) -> Vec<Violation> {
        violations(&MULTI_FACTOR, password, &STUDENT)
    }

    fn state_of(status: &[(Rule, RuleState); 7], rule: Rule) -> RuleState {
        status
            .iter()
            .find(|(r, _)| *r == rule)
            .map(|(_, s)| *s)
            .expect("every rule has a state")
    }

    // --- rules and violations -------------------------------------------

    #[test]
    fn rules_are_in_display_order_and_unique() {
        assert_eq!(Rule::ALL[0], Rule::Length);
        assert_eq!(Rule::ALL[6], Rule::EntriesMatch);
        let unique: std::collections::HashSet<_> = Rule::ALL.iter().collect();
        assert_eq!(unique.len(), 7);
    }

    #[test]
    fn all_lists_every_variant_in_declaration_order() {
        assert_eq!(Rule::ALL.as_slice(), Rule::VARIANTS);
        assert_eq!(Violation::ALL.as_slice(), Violation::VARIANTS);
    }

    #[test]
    fn wire_codes_match_serde_names() {
        // serde names the wire value, strum the `code()` one: they must agree everywhere.
        for rule in Rule::ALL {
            let json = serde_json::to_string(&rule).expect("serialise rule");
            assert_eq!(json, format!("\"{}\"", rule.code()));
            let back: Rule = serde_json::from_str(&json).expect("deserialise rule");
            assert_eq!(back, rule);
        }
        for v in Violation::ALL {
            let json = serde_json::to_string(&v).expect("serialise violation");
            assert_eq!(json, format!("\"{}\"", v.code()));
            let back: Violation = serde_json::from_str(&json).expect("deserialise violation");
            assert_eq!(back, v);
        }
        assert_eq!(
            serde_json::to_string(&Violation::ContainsDateOfBirth).expect("serialise"),
            "\"contains_date_of_birth\""
        );
    }

    #[test]
    fn each_violation_maps_to_its_rule() {
        use Violation::*;
        assert_eq!(TooShort.rule(), Rule::Length);
        assert_eq!(TooLong.rule(), Rule::Length);
        assert_eq!(Common.rule(), Rule::NotCommon);
        assert_eq!(ContainsLoginName.rule(), Rule::NoPersonalInfo);
        assert_eq!(ContainsEmail.rule(), Rule::NoPersonalInfo);
        assert_eq!(ContainsDateOfBirth.rule(), Rule::NoPersonalInfo);
        assert_eq!(SameAsCurrent.rule(), Rule::NotCurrent);
        assert_eq!(EntriesDiffer.rule(), Rule::EntriesMatch);
        // Informational rules can never be broken.
        for v in Violation::ALL {
            assert!(!matches!(
                v.rule(),
                Rule::AnyCharacters | Rule::CaseSensitive
            ));
        }
    }

    // --- limits -------------------------------------------------------------

    #[test]
    fn default_limits_are_nists_single_factor_rule_and_valid() {
        let limits = PolicyLimits::default();
        assert_eq!((limits.min_length, limits.max_length), (15, 64));
        assert_eq!(limits.validate(), Ok(()));
        let json = serde_json::to_string(&limits).expect("serialise limits");
        assert_eq!(json, r#"{"min_length":15,"max_length":64}"#);
        let partial: PolicyLimits =
            serde_json::from_str(r#"{"max_length":128}"#).expect("deserialise limits");
        assert_eq!(
            partial,
            PolicyLimits {
                min_length: 15,
                max_length: 128
            }
        );
        // With a second factor a deployment may lower it to NIST's floor of 8, not below.
        assert_eq!(MULTI_FACTOR.validate(), Ok(()));
    }

    #[test]
    fn by_default_fourteen_characters_are_too_short_and_fifteen_enough() {
        let default = |pw: &str| violations(&PolicyLimits::default(), pw, &NOBODY);
        assert_eq!(default("violet kettle h"), vec![]);
        assert_eq!(default("violet kettle "), vec![Violation::TooShort]);
        assert_eq!(default("維港夜景真係好靚維港夜景真係好"), vec![]);
        assert_eq!(
            default("維港夜景真係好靚維港夜景真係"),
            vec![Violation::TooShort]
        );
        // The list still applies to long entries.
        for pw in ["qwerty123456789", "1qaz2wsx3edc4rfv", "qwertasdfgzxcvb"] {
            assert_eq!(default(pw), vec![Violation::Common], "{pw}");
        }
        let status = live_status(&PolicyLimits::default(), "xk7#qzvw", "xk7#qzvw", &NOBODY);
        assert_eq!(state_of(&status, Rule::Length), RuleState::Unmet);
    }

    #[test]
    fn limits_below_nist_floors_are_rejected() {
        let low_min = PolicyLimits {
            min_length: 6,
            max_length: 64,
        };
        assert_eq!(low_min.validate(), Err(LimitsError::MinTooLow(6)));
        let low_max = PolicyLimits {
            min_length: 8,
            max_length: 32,
        };
        assert_eq!(low_max.validate(), Err(LimitsError::MaxTooLow(32)));
        let crossed = PolicyLimits {
            min_length: 100,
            max_length: 64,
        };
        assert_eq!(
            crossed.validate(),
            Err(LimitsError::MinAboveMax { min: 100, max: 64 })
        );
        let raised = PolicyLimits {
            min_length: 15,
            max_length: 128,
        };
        assert_eq!(raised.validate(), Ok(()));
    }

    // --- length ---------------------------------------------------------------

    #[test]
    fn empty_and_short_passwords_are_too_short() {
        assert_eq!(check(""), vec![Violation::TooShort]);
        assert_eq!(check("xk7#qz"), vec![Violation::TooShort]);
        assert_eq!(check("xk7#qzv"), vec![Violation::TooShort]);
        assert!(check("xk7#qzvw").is_empty(), "8 characters is enough");
    }

    #[test]
    fn max_length_is_inclusive() {
        let at_max = "violet kettle harbour ".repeat(3);
        let at_max: String = at_max.chars().take(64).collect();
        assert!(check(&at_max).is_empty());
        let over = format!("{at_max}x");
        assert_eq!(check(&over), vec![Violation::TooLong]);
    }

    #[test]
    fn raised_max_length_is_honoured() {
        let limits = PolicyLimits {
            min_length: 8,
            max_length: 200,
        };
        let long = "a slow river under the old stone bridge ".repeat(4);
        assert!(long.chars().count() > 100, "past zxcvbn's 100-char window");
        assert!(violations(&limits, &long, &NOBODY).is_empty());
        assert_eq!(check(&long), vec![Violation::TooLong]);
    }

    #[test]
    fn emoji_count_one_code_point_each() {
        // 8 emoji = 8 code points (32 bytes): long enough.
        assert!(check("🐉🐼🌊🎋🏮🥟🚋⛴").is_empty());
        assert_eq!(check("🐉🐼🌊🎋🏮🥟🚋"), vec![Violation::TooShort]);
        // 64 emoji fit, 65 do not.
        assert!(check(&"🐼".repeat(64)).is_empty());
        assert_eq!(check(&"🐼".repeat(65)), vec![Violation::TooLong]);
    }

    #[test]
    fn chinese_passphrase_of_eight_chars_is_fine() {
        assert!(check("維港夜景真係好靚").is_empty());
        assert!(check("我鍾意食菠蘿包同奶茶").is_empty());
        assert_eq!(check("我愛香港"), vec![Violation::TooShort]);
    }

    #[test]
    fn spaces_are_allowed_and_counted() {
        assert!(check("violet kettle harbour").is_empty());
        // Spaces count as characters: 5 letters + 3 spaces = 8.
        assert!(check("a b c de").is_empty());
        assert!(
            check("        ").is_empty(),
            "NIST allows all printing and space characters"
        );
    }

    // --- NFKC -----------------------------------------------------------------

    #[test]
    fn normalize_applies_nfkc() {
        assert_eq!(normalize("ｐａｓｓｗｏｒｄ").as_str(), "password");
        // Composed and decomposed forms normalise alike.
        assert_eq!(
            normalize("cafe\u{301}").as_str(),
            normalize("café").as_str()
        );
        // Ligature and superscript compatibility forms fold too.
        assert_eq!(normalize("ﬁ²").as_str(), "fi2");
        assert_eq!(normalize("").as_str(), "");
    }

    #[test]
    fn full_width_common_password_is_caught_and_counted_after_nfkc() {
        assert_eq!(check("ｐａｓｓｗｏｒｄ"), vec![Violation::Common]);
        // U+FDFA is one code point that NFKC expands to 18: counted after.
        assert!(normalize("\u{FDFA}").chars().count() >= 8);
        assert!(!check("\u{FDFA}").contains(&Violation::TooShort));
    }

    #[test]
    fn normalize_allocates_exactly_once() {
        // Exact capacity means no reallocation left a copy in freed memory.
        let n = normalize("ｐａｓｓｗｏｒｄ ﬁ \u{FDFA} 維港");
        assert_eq!(n.capacity(), n.len());
    }

    // --- common passwords (zxcvbn) --------------------------------------------

    #[test]
    fn zxcvbn_dictionary_debug_name_is_pinned() {
        // is_common() relies on this Debug form of a private zxcvbn type.
        let entropy = zxcvbn::zxcvbn("password", &[]);
        let [only] = entropy.sequence() else {
            panic!("one match expected");
        };
        let MatchPattern::Dictionary(p) = &only.pattern else {
            panic!("dictionary match expected");
        };
        assert_eq!(format!("{:?}", p.dictionary_name), "Passwords");
    }

    #[test]
    fn well_known_passwords_are_common() {
        for pw in [
            "password",
            "Password1",
            "PASSWORD",
            "qwerty123",
            "iloveyou",
            "12345678",
            "123456789",
            "1234567890",
            "baseball",
            "sunshine",
            "trustno1",
            "qwertyuiop",
            "1q2w3e4r",
            "zaq12wsx",
            "password123",
            "football1",
            "hongkong",
        ] {
            assert_eq!(check(pw), vec![Violation::Common], "{pw}");
        }
    }

    #[test]
    fn l33t_and_reversed_common_passwords_are_common() {
        for pw in ["P@ssw0rd", "p@ssw0rd", "passw0rd", "drowssap", "dr0wss@p"] {
            assert_eq!(check(pw), vec![Violation::Common], "{pw}");
        }
    }

    #[test]
    fn passphrases_and_other_patterns_are_not_common() {
        for pw in [
            "violet kettle harbour",
            "correcthorse",     // two words: not one list entry
            "Tr0ub4dor&3",      // brute force
            "basketball",       // zxcvbn prefers its English list here
            "aaaaaaaa",         // a repeat, not a list entry
            "維港夜景真係好靚", // not in the (Latin) list
        ] {
            assert!(!check(pw).contains(&Violation::Common), "{pw}");
        }
    }

    #[test]
    fn common_check_skipped_when_length_fails() {
        // "dragon" is in the list but only the length is reported.
        assert_eq!(check("dragon"), vec![Violation::TooShort]);
        assert!(!is_common(""));
    }

    // --- personal information ---------------------------------------------------

    #[test]
    fn login_name_is_refused_case_insensitively() {
        assert_eq!(
            check_student("my ChanTaiMan secret"),
            vec![Violation::ContainsLoginName]
        );
        // Full-width letters normalise to the same login name.
        assert_eq!(
            check_student("ｃｈａｎｔａｉｍａｎ!!42"),
            vec![Violation::ContainsLoginName]
        );
        assert!(check_student("violet kettle harbour").is_empty());
    }

    #[test]
    fn email_local_part_is_refused() {
        assert_eq!(
            check_student("xxTM.Chan2007xx"),
            vec![Violation::ContainsEmail]
        );
        // The domain alone is not personal.
        assert!(check_student("example harbour kettle").is_empty());
        // An address without '@' is taken whole.
        let who = PersonalInfo {
            email: "kettlebell",
            ..NOBODY
        };
        assert_eq!(
            violations(&MULTI_FACTOR, "my kettlebell set", &who),
            vec![Violation::ContainsEmail]
        );
    }

    #[test]
    fn short_login_names_and_local_parts_are_ignored() {
        let who = PersonalInfo {
            login_name: "ab",
            email: "cd@example.com",
            date_of_birth: "",
        };
        assert!(violations(&MULTI_FACTOR, "abcd violet kettle", &who).is_empty());
        // Three characters is enough to count.
        let who = PersonalInfo {
            login_name: "abc",
            ..who
        };
        assert_eq!(
            violations(&MULTI_FACTOR, "abcd violet kettle", &who),
            vec![Violation::ContainsLoginName]
        );
        // Whitespace around the stored name doesn't make it count as longer.
        let who = PersonalInfo {
            login_name: " ab ",
            ..who
        };
        assert!(violations(&MULTI_FACTOR, "x ab violet kettle", &who).is_empty());
    }

    #[test]
    fn chinese_login_name_is_checked() {
        let who = PersonalInfo {
            login_name: "陳大文",
            ..NOBODY
        };
        assert_eq!(
            violations(&MULTI_FACTOR, "我係陳大文今年十八", &who),
            vec![Violation::ContainsLoginName]
        );
    }

    #[test]
    fn date_of_birth_compact_forms_are_refused() {
        // STUDENT was born 2007-03-09.
        for pw in [
            "kettle20070309",       // YYYYMMDD
            "kettle09032007",       // DDMMYYYY
            "kettle03092007",       // MMDDYYYY
            "kettle harbour090307", // DDMMYY
            "kettle harbour070309", // YYMMDD
        ] {
            assert_eq!(
                check_student(pw),
                vec![Violation::ContainsDateOfBirth],
                "{pw}"
            );
        }
    }

    #[test]
    fn date_of_birth_with_separators_is_refused() {
        for pw in [
            "kettle 2007-03-09",
            "kettle 09/03/2007",
            "kettle 09.03.07",
            "kettle 09 03 2007",
            "kettle 9/3/2007",           // unpadded
            "kettle 2007.3.9",           // unpadded
            "kettle 3-9-07",             // unpadded, US order
            "kettle ２００７-０３-０９", // full-width digits
            "k2007e03t09tle",            // digits spread through the password
        ] {
            assert_eq!(
                check_student(pw),
                vec![Violation::ContainsDateOfBirth],
                "{pw}"
            );
        }
    }

    #[test]
    fn other_dates_and_bad_dob_values_pass() {
        assert!(check_student("kettle 2007-03-10").is_empty());
        assert!(check_student("kettle 2008").is_empty());
        for dob in [
            "",
            "09/03/2007",
            "2007-3-9",
            "2007-13-01",
            "2007-00-10",
            "abcd-ef-gh",
        ] {
            let who = PersonalInfo {
                date_of_birth: dob,
                ..NOBODY
            };
            assert!(
                violations(&MULTI_FACTOR, "kettle 20070309 2007-3-9", &who).is_empty(),
                "{dob:?} should be ignored"
            );
        }
    }

    #[test]
    fn several_violations_are_all_reported_in_order() {
        assert_eq!(
            check_student("chantaiman20070309tm.chan2007"),
            vec![
                Violation::ContainsLoginName,
                Violation::ContainsEmail,
                Violation::ContainsDateOfBirth,
            ]
        );
        assert_eq!(check_student("chantai"), vec![Violation::TooShort]);
        assert_eq!(
            check_student("chantaiman"),
            vec![Violation::ContainsLoginName]
        );
    }

    // --- live status --------------------------------------------------------------

    #[test]
    fn live_status_empty_password() {
        let status = live_status(&MULTI_FACTOR, "", "", &STUDENT);
        assert_eq!(status.map(|(r, _)| r), Rule::ALL);
        assert_eq!(
            status.map(|(_, s)| s),
            [
                RuleState::Unmet,
                RuleState::Unmet,
                RuleState::Unmet,
                RuleState::CheckedOnSubmit,
                RuleState::Informational,
                RuleState::Informational,
                RuleState::Unmet,
            ]
        );
    }

    #[test]
    fn live_status_good_password_ticks_everything() {
        let pw = "violet kettle harbour";
        let status = live_status(&MULTI_FACTOR, pw, pw, &STUDENT);
        assert_eq!(
            status.map(|(_, s)| s),
            [
                RuleState::Met,
                RuleState::Met,
                RuleState::Met,
                RuleState::CheckedOnSubmit,
                RuleState::Informational,
                RuleState::Informational,
                RuleState::Met,
            ]
        );
    }

    #[test]
    fn live_status_flags_each_failing_rule() {
        let limits = MULTI_FACTOR;
        let short = live_status(&limits, "abc", "abc", &STUDENT);
        assert_eq!(state_of(&short, Rule::Length), RuleState::Unmet);
        assert_eq!(state_of(&short, Rule::NotCommon), RuleState::Unmet);
        assert_eq!(state_of(&short, Rule::NoPersonalInfo), RuleState::Met);
        assert_eq!(state_of(&short, Rule::EntriesMatch), RuleState::Met);

        let common = live_status(&limits, "iloveyou", "", &STUDENT);
        assert_eq!(state_of(&common, Rule::Length), RuleState::Met);
        assert_eq!(state_of(&common, Rule::NotCommon), RuleState::Unmet);
        assert_eq!(state_of(&common, Rule::EntriesMatch), RuleState::Unmet);

        let personal = live_status(&limits, "kettle 9/3/2007", "x", &STUDENT);
        assert_eq!(state_of(&personal, Rule::NotCommon), RuleState::Met);
        assert_eq!(state_of(&personal, Rule::NoPersonalInfo), RuleState::Unmet);
        assert_eq!(state_of(&personal, Rule::EntriesMatch), RuleState::Unmet);
    }

    #[test]
    fn entries_match_after_nfkc_and_case_sensitively() {
        let limits = MULTI_FACTOR;
        let full = live_status(&limits, "ｖｉｏｌｅｔ kettle", "violet kettle", &NOBODY);
        assert_eq!(state_of(&full, Rule::EntriesMatch), RuleState::Met);
        let case = live_status(&limits, "Violet kettle", "violet kettle", &NOBODY);
        assert_eq!(state_of(&case, Rule::EntriesMatch), RuleState::Unmet);
        let empty_confirm = live_status(&limits, "violet kettle", "", &NOBODY);
        assert_eq!(
            state_of(&empty_confirm, Rule::EntriesMatch),
            RuleState::Unmet
        );
        assert!(entries_match("café kettle", "cafe\u{301} kettle"));
        assert!(!entries_match("", ""));
        assert!(!entries_match("violet kettle", "violet kettle "));
    }

    #[test]
    fn case_matters_for_equality_but_not_for_personal_info() {
        // Case-sensitive: different case is a different password, yet both
        // spellings of the login name are refused.
        assert_ne!(normalize("Kettle").as_str(), normalize("kettle").as_str());
        assert_eq!(
            check_student("CHANTAIMAN99"),
            vec![Violation::ContainsLoginName]
        );
    }
}
