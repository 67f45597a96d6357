//! The JUPAS user guide's wording and structure, drawn and read, in both languages: its
//! introduction and email note word for word, its sentences for the Change Password page
//! where it puts them, the "User Guide" link in that page's header, one message per wrong
//! code, an ended session without warnings, the spoken code's own title, Hong Kong usage.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use iced_test::selector::{Candidate, Selector};
use iced_test::{Simulator, selector};

use crate::a11y_tree::{build, label, text_of};
use crate::drive::{offline_client, verify_screen};
use crate::screens::settings;
use jupas_reset::screen::forgot;
use jupas_reset::screen::verify::{self, Message, State};
use jupas_reset_api::client::CallError;
use jupas_reset_api::policy::PolicyLimits;
use jupas_reset_api::wire::{Lang, Problem, ProblemCode};

const GUIDE: &str = "https://jupas.example.test/guide";

fn step(state: &mut State, message: Message) -> verify::Action {
    state.update(message, &offline_client(), &PolicyLimits::default())
}

fn wrong_code(left: u32) -> CallError {
    let mut problem = Problem::new(ProblemCode::CodeWrong, 400, "x");
    problem.attempts_left = Some(left);
    CallError::Problem(Box::new(problem))
}

/// A screen whose Submit went out with a wrong code.
fn after_a_wrong_code() -> State {
    let mut state = verify_screen();
    for message in [
        Message::Code("AAAAAA".into()),
        Message::Password("blue junk boat at dawn".into()),
        Message::Confirm("blue junk boat at dawn".into()),
        Message::Submit,
    ] {
        let _ = step(&mut state, message);
    }
    let _ = step(&mut state, Message::Completed(Err(wrong_code(4))));
    state
}

/// How many times `text` is drawn (the simulator's own `find` stops at the first).
pub fn times_drawn<M>(ui: &mut Simulator<'_, M>, text: &str) -> usize {
    struct Count {
        text: String,
        seen: Arc<AtomicUsize>,
    }
    impl Selector for Count {
        type Output = ();
        fn select(&mut self, candidate: Candidate<'_>) -> Option<()> {
            if let Candidate::Text { content, .. } = candidate
                && content == self.text
            {
                self.seen.fetch_add(1, Ordering::Relaxed);
            }
            None
        }
        fn description(&self) -> String {
            format!("every text == {:?}", self.text)
        }
    }
    let seen = Arc::new(AtomicUsize::new(0));
    let _none = ui.find(Count {
        text: text.to_owned(),
        seen: seen.clone(),
    });
    seen.load(Ordering::Relaxed)
}

/// How far down the drawn page a text starts.
fn top<M>(ui: &mut Simulator<'_, M>, text: &str) -> f32 {
    ui.find(text).expect(text).bounds().y
}

/// Every text the verify screen's tree says, once each node.
fn said(state: &State, lang: Lang) -> Vec<String> {
    let built = build(|tree, root| {
        state.accessibility(
            lang,
            &PolicyLimits::default(),
            GUIDE,
            tree,
            root,
            std::convert::identity,
        )
    });
    built
        .update
        .nodes
        .iter()
        .flat_map(|(_, node)| [node.label(), node.description(), node.value()])
        .flatten()
        .map(str::to_owned)
        .collect()
}

#[test]
fn forgot_password_opens_with_the_guide_s_introduction_word_for_word() {
    let state = forgot::State::new(&offline_client()).0;
    let size = iced::Size::new(1024.0, 1400.0);
    for (lang, intro, note, step) in [
        (
            Lang::En,
            "If you forget your password, you can use \"Forget Password\" function to change your password.",
            "Since you need to check the email sent to your registered email account in order to complete the process of change of password, please ensure that you can log in to that email account. If you fail to log in to that email account, please contact the JUPAS Office at (852) 2334 2929 / 2233 2929 during operating hours.",
            "Enter all the required information and the security code shown.",
        ),
        (
            Lang::ZhHk,
            "若你忘記了密碼，你可使用「忘記密碼」功能更改你的密碼。",
            "由於你需要檢視發送至你已登記的電子郵箱中的電郵以完成更改密碼的程序，請確保你能登入該電子郵箱。如果你無法登入該電子郵箱，請於服務時間內致電 (852) 2334 2929 / 2233 2929 聯絡「大學聯招處」。",
            "輸入所需資料及頁面所顯示的保安碼。",
        ),
    ] {
        let mut ui = Simulator::with_size(settings(), size, state.view(lang, None));
        // The guide's order: the introduction, the email note, then step 2.
        let (intro_at, note_at, step_at) =
            (top(&mut ui, intro), top(&mut ui, note), top(&mut ui, step));
        assert!(intro_at < note_at && note_at < step_at, "{lang:?}");
        let built =
            build(|tree, root| state.accessibility(lang, tree, root, std::convert::identity));
        assert_eq!(text_of(built.node("forgot-guide-intro")), intro);
        assert_eq!(text_of(built.node("forgot-email-note")), note);
    }
}

#[test]
fn change_password_says_the_guide_s_sentences_before_the_code_box() {
    let state = verify_screen();
    let limits = PolicyLimits::default();
    let size = iced::Size::new(1024.0, 1800.0);
    for (lang, enter, hint) in [
        (
            Lang::En,
            "Stay on this page and enter the Verification Code sent by the JUPAS Office.",
            "If you do not receive the Verification Code, click \"Regenerate Verification Code\" at the bottom of this page to get a new one.",
        ),
        (
            Lang::ZhHk,
            "停留在此頁面及輸入由「大學聯招處」發送的驗證碼。",
            "若未收到驗證碼，按下方的「Regenerate Verification Code」要求再次發送。",
        ),
    ] {
        let mut ui = Simulator::with_size(settings(), size, state.view(lang, &limits, None));
        let code_box = ui
            .find(selector::id(verify::CODE))
            .expect("code box")
            .bounds()
            .y;
        let warnings_end = {
            let last = ui
                .find(selector::id(format!("{}4", verify::WARNING_BOX)))
                .expect("the fourth warning");
            last.bounds().y + last.bounds().height
        };
        let (enter_at, hint_at) = (top(&mut ui, enter), top(&mut ui, hint));
        assert!(
            warnings_end < enter_at && enter_at < hint_at && hint_at < code_box,
            "{lang:?}: after the warnings, before the box"
        );
        let regenerate = ui
            .find(selector::id(verify::REGENERATE))
            .expect("Regenerate");
        assert!(
            regenerate.bounds().y > code_box,
            "\"at the bottom of this page\""
        );
        let words = said(&state, lang);
        assert!(words.iter().any(|w| w == enter) && words.iter().any(|w| w == hint));
    }
}

#[test]
fn the_change_password_header_has_the_user_guide_link() {
    let mut state = verify_screen();
    let limits = PolicyLimits::default();
    for (lang, name) in [(Lang::En, "User Guide"), (Lang::ZhHk, "使用指南")] {
        let mut ui = Simulator::with_settings(settings(), state.view(lang, &limits, None));
        let title = ui.find(if lang == Lang::En {
            "Change Password"
        } else {
            "更改密碼"
        });
        let link = ui.click(name).expect(name);
        let title = title.expect("title").bounds();
        // In the header, beside the title, as on the JUPAS page.
        assert!(link.bounds().x > title.x + title.width);
        assert!(link.bounds().y < title.y + title.height);
        assert!(matches!(
            ui.into_messages().last(),
            Some(Message::OpenUserGuide)
        ));
        let built = build(|tree, root| {
            state.accessibility(lang, &limits, GUIDE, tree, root, std::convert::identity)
        });
        let node = built.node(verify::USER_GUIDE);
        assert_eq!(node.role(), iced_a11y::accesskit::Role::Link);
        assert_eq!(label(node), name);
        assert_eq!(node.url(), Some(GUIDE));
        assert!(matches!(
            built.click(verify::USER_GUIDE),
            Some(Message::OpenUserGuide)
        ));
    }
    // Opening it changes nothing on the page: the app opens the browser.
    assert!(matches!(
        step(&mut state, Message::OpenUserGuide),
        verify::Action::OpenUserGuide
    ));
    assert!(state.is_open());
}

#[test]
fn a_wrong_code_is_said_once_under_the_box() {
    let state = after_a_wrong_code();
    assert!(state.notice().is_none(), "nothing above Submit repeats it");
    assert_eq!(state.code_error().map(|t| t.id), Some("error-code-wrong"));
    for (lang, message) in [
        (
            Lang::En,
            "The verification code is not correct. You can try 4 more times.",
        ),
        (Lang::ZhHk, "驗證碼不正確。你尚可再試 4 次。"),
    ] {
        let size = iced::Size::new(1024.0, 1800.0);
        let mut ui = Simulator::with_size(
            settings(),
            size,
            state.view(lang, &PolicyLimits::default(), None),
        );
        assert_eq!(times_drawn(&mut ui, message), 1, "{lang:?}: drawn once");
        let at = top(&mut ui, message);
        let code_box = ui.find(selector::id(verify::CODE)).expect("box").bounds();
        assert!(
            at > code_box.y && at < code_box.y + 80.0,
            "{lang:?}: under the box"
        );
        let times = said(&state, lang)
            .iter()
            .filter(|w| w.contains(message))
            .count();
        assert_eq!(times, 1, "{lang:?}: read once, as the box's description");
    }
}

#[test]
fn the_wrong_code_message_goes_when_it_no_longer_holds() {
    let gone = |state: &State| {
        let size = iced::Size::new(1024.0, 1800.0);
        let mut ui = Simulator::with_size(
            settings(),
            size,
            state.view(Lang::En, &PolicyLimits::default(), None),
        );
        ui.find("The verification code is not correct. You can try 4 more times.")
            .is_err()
            && !said(state, Lang::En)
                .iter()
                .any(|w| w.contains("not correct"))
    };
    assert!(!gone(&after_a_wrong_code()));
    // A new code was sent: the old one's message is about a code that no longer matters.
    let mut state = after_a_wrong_code();
    let start = state.now();
    let _ = step(
        &mut state,
        Message::Tick(start + std::time::Duration::from_secs(61)),
    );
    let _ = step(&mut state, Message::Regenerate);
    let _ = step(
        &mut state,
        Message::Regenerated(Ok(jupas_reset_api::wire::CodeRegenerated {
            code_expires_in_s: 600,
            regenerate_after_s: 60,
            regenerations_left: 4,
            session_expires_in_s: 840,
        })),
    );
    assert!(gone(&state), "after Regenerate");
    assert_eq!(state.notice().map(|n| n.text.id), Some("regenerated"));
    // Typing another code, or Reset, takes it away too.
    let mut state = after_a_wrong_code();
    let _ = step(&mut state, Message::Code("B".into()));
    assert!(gone(&state), "after typing");
    let mut state = after_a_wrong_code();
    let _ = step(&mut state, Message::Reset);
    assert!(gone(&state), "after Reset");
}

#[test]
fn an_expired_code_is_said_once_by_the_countdown() {
    let mut state = verify_screen();
    // Past the opening moments, when the code box also carries the warnings.
    let start = state.now();
    let _ = step(
        &mut state,
        Message::Tick(start + std::time::Duration::from_secs(6)),
    );
    for message in [
        Message::Code("AAAAAA".into()),
        Message::Password("blue junk boat at dawn".into()),
        Message::Confirm("blue junk boat at dawn".into()),
        Message::Submit,
    ] {
        let _ = step(&mut state, message);
    }
    let expired = Problem::new(ProblemCode::CodeExpired, 400, "x");
    let _ = step(
        &mut state,
        Message::Completed(Err(CallError::Problem(Box::new(expired)))),
    );
    assert!(state.code_error().is_none() && state.notice().is_none());
    assert!(state.code_time_left().is_zero(), "the countdown says it");
    for (lang, words) in [
        (
            Lang::En,
            "The verification code has expired. Click \"Regenerate Verification Code\" for a new one.",
        ),
        (
            Lang::ZhHk,
            "驗證碼已失效。請按「Regenerate Verification Code」要求再次發送。",
        ),
    ] {
        let mut ui = Simulator::with_size(
            settings(),
            iced::Size::new(1024.0, 1800.0),
            state.view(lang, &PolicyLimits::default(), None),
        );
        assert_eq!(times_drawn(&mut ui, words), 1, "{lang:?}: drawn once");
        // For a screen reader: the countdown's line, and its one announcement; the box
        // itself carries no second copy.
        let built = build(|tree, root| {
            state.accessibility(lang, &PolicyLimits::default(), GUIDE, tree, root, |m| m)
        });
        assert!(built.node(verify::CODE).description().is_none(), "{lang:?}");
        assert_eq!(text_of(built.node("code-clock")), words);
    }
}

#[test]
fn an_ended_session_shows_no_warnings_in_either_language() {
    let mut open = verify_screen();
    let start = open.now();
    let _ = step(&mut open, Message::Tick(start));
    let mut ended = verify_screen();
    let opened = ended.now();
    let _ = step(
        &mut ended,
        Message::Tick(opened + std::time::Duration::from_secs(900)),
    );
    assert!(!ended.is_open());
    let limits = PolicyLimits::default();
    for lang in [Lang::En, Lang::ZhHk] {
        let mut ui = Simulator::with_settings(settings(), open.view(lang, &limits, None));
        for n in 1..=4 {
            ui.find(selector::id(format!("{}{n}", verify::WARNING_BOX)))
                .expect("an open session has its four warnings");
        }
        let mut ui = Simulator::with_settings(settings(), ended.view(lang, &limits, None));
        for n in 1..=4 {
            assert!(
                ui.find(selector::id(format!("{}{n}", verify::WARNING_BOX)))
                    .is_err(),
                "{lang:?}: warning {n} on an ended session"
            );
        }
        ui.find(selector::id(verify::START_AGAIN))
            .expect("Start again");
        let words = said(&ended, lang);
        assert!(
            !words
                .iter()
                .any(|w| w.contains("DO NOT LEAVE") || w.contains("不要離開此頁面")),
            "{lang:?}: {words:?}"
        );
    }
}

#[test]
fn hong_kong_wording_is_used_for_time_and_sound() {
    use jupas_reset::text::Text;
    let zh = |text: Text| text.render(Lang::ZhHk);
    assert_eq!(
        zh(Text::new("code-countdown").str("time", "9:56")),
        "驗證碼的有效時間尚餘 9:56。"
    );
    assert_eq!(zh(Text::new("captcha-audio-label")), "語音保安碼");
    assert!(zh(Text::new("audio-no-device")).contains("音訊裝置"));
    for id in ["audio-playing", "audio-saved", "error-audio-bad"] {
        let text = zh(Text::new(id).str("path", "x"));
        assert!(
            text.contains("語音保安碼") && !text.contains("讀音"),
            "{id}: {text}"
        );
    }
    // The password rules allow Chinese: login help no longer asks for English typing.
    for lang in [Lang::En, Lang::ZhHk] {
        let caps = Text::new("help-q-caps").render(lang);
        assert!(
            !caps.contains("Chinese input method") && !caps.contains("中文輸入法"),
            "{caps}"
        );
        assert!(
            Text::new("rule-any-characters")
                .render(lang)
                .contains(if lang == Lang::En {
                    "Chinese"
                } else {
                    "中文"
                })
        );
    }
}
