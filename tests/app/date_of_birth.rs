//! The date of birth as Hong Kong students type it (30/07/2008, 30-07-2008, 2008-07-30),
//! shown back as it was read, under its box and to screen readers; what is ambiguous or
//! impossible is refused before any request.

use iced_test::{Simulator, selector};

use crate::a11y_tree::{build, label};
use crate::drive::{TODAY, offline_client};
use crate::screens::settings;
use jupas_reset::screen::forgot::{self, DATE_OF_BIRTH};
use jupas_reset_api::wire::Lang;

fn typed(date: &str) -> forgot::State {
    let mut state = forgot::State::new(&offline_client()).0;
    let _ = state.update(
        forgot::Message::DateOfBirth(date.into()),
        &offline_client(),
        Lang::En,
        TODAY,
    );
    state
}

fn continued(date: &str) -> forgot::State {
    let mut state = typed(date);
    let _ = state.update(
        forgot::Message::Continue,
        &offline_client(),
        Lang::En,
        TODAY,
    );
    state
}

/// The date box's accessible description (its error, or how it was read).
fn description(state: &forgot::State, lang: Lang) -> Option<String> {
    let built = build(|tree, root| state.accessibility(lang, tree, root, std::convert::identity));
    built.node(DATE_OF_BIRTH).description().map(str::to_owned)
}

#[test]
fn each_form_a_student_types_is_read_back_under_the_box() {
    for date in ["30/07/2008", "30-07-2008", "2008-07-30", "30/7/2008"] {
        let state = typed(date);
        for (lang, read) in [
            (Lang::En, "Read as 30 July 2008"),
            (Lang::ZhHk, "即 2008年7月30日"),
        ] {
            let mut ui = Simulator::with_settings(settings(), state.view(lang, None));
            let shown = ui.find(read).unwrap_or_else(|_| panic!("{date} {lang:?}"));
            let date_box = ui.find(selector::id(DATE_OF_BIRTH)).expect("box").bounds();
            assert!(
                shown.bounds().y >= date_box.y + date_box.height
                    && shown.bounds().y < date_box.y + date_box.height + 30.0,
                "{date} {lang:?}: right under the box"
            );
            assert_eq!(description(&state, lang).as_deref(), Some(read));
        }
    }
    // Day first, as Hong Kong writes it: 07/03 is 7 March.
    let state = typed("07/03/2008");
    assert_eq!(
        description(&state, Lang::En).as_deref(),
        Some("Read as 7 March 2008")
    );
    assert_eq!(
        description(&state, Lang::ZhHk).as_deref(),
        Some("即 2008年3月7日")
    );
}

#[test]
fn ambiguous_and_impossible_dates_are_refused_with_a_reason() {
    for (date, english, chinese) in [
        (
            "30/07/08",
            "This date can be read in more than one way. Enter the day, the month, then the year in full, for example 30/07/2008.",
            "此日期可有多於一種解讀。請依次輸入日、月及完整年份，例如 30/07/2008。",
        ),
        (
            "07/30/2008",
            "This date can be read in more than one way. Enter the day, the month, then the year in full, for example 30/07/2008.",
            "此日期可有多於一種解讀。請依次輸入日、月及完整年份，例如 30/07/2008。",
        ),
        (
            "31/02/2008",
            "This date does not exist.",
            "此日期並不存在。",
        ),
        (
            "30.07.2008",
            "Enter the date as DD/MM/YYYY, for example 30/07/2008.",
            "請以「日/月/年」格式輸入日期，例如 30/07/2008。",
        ),
    ] {
        let state = typed(date);
        assert!(state.date_read.is_none(), "{date}: nothing is read back");
        assert!(description(&state, Lang::En).is_none(), "{date}");
        let state = continued(date);
        assert!(state.errors.date_of_birth.is_some(), "{date}");
        assert_eq!(description(&state, Lang::En).as_deref(), Some(english));
        assert_eq!(description(&state, Lang::ZhHk).as_deref(), Some(chinese));
        let mut ui = Simulator::with_settings(settings(), state.view(Lang::ZhHk, None));
        ui.find(chinese).expect(chinese);
    }
}

#[test]
fn the_box_says_which_forms_it_takes() {
    let state = typed("");
    let built =
        build(|tree, root| state.accessibility(Lang::En, tree, root, std::convert::identity));
    let date = built.node(DATE_OF_BIRTH);
    assert_eq!(label(date), "Date of Birth (DD/MM/YYYY)");
    assert_eq!(date.placeholder(), Some("e.g. 30/07/2008"));
    let zh =
        build(|tree, root| state.accessibility(Lang::ZhHk, tree, root, std::convert::identity));
    assert_eq!(label(zh.node(DATE_OF_BIRTH)), "出生日期（日/月/年）");
}
