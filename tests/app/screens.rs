//! Each screen in iced's headless simulator, in both languages: find by id, type,
//! click by visible text, and check the messages the app would receive.

use iced_test::{Simulator, selector};

use crate::drive::{TODAY, offline_client, verify_screen};

use jupas_reset::screen::forgot;
use jupas_reset::screen::{help, success, verify};
use jupas_reset::text::Text;
use jupas_reset::theme;
use jupas_reset_api::policy::PolicyLimits;
use jupas_reset_api::wire::Lang;

pub fn settings() -> iced::Settings {
    iced::Settings {
        fonts: vec![theme::FONT_REGULAR.into(), theme::FONT_BOLD.into()],
        default_font: theme::APP_FONT,
        ..iced::Settings::default()
    }
}

fn forgot_screen() -> forgot::State {
    forgot::State::new(&offline_client()).0
}

#[test]
fn forgot_password_takes_typed_details_and_continue_in_english() {
    let state = forgot_screen();
    let mut ui = Simulator::with_settings(settings(), state.view(Lang::En, None));
    ui.find("Forgot Password").expect("title");
    ui.click(selector::id(forgot::LOGIN_NAME))
        .expect("login box");
    ui.typewrite("chantaiman");
    ui.click(selector::id(forgot::DATE_OF_BIRTH))
        .expect("date box");
    ui.typewrite("2008-03-14");
    ui.click("Continue").expect("Continue");
    let messages: Vec<_> = ui.into_messages().collect();
    assert!(
        messages
            .iter()
            .any(|m| matches!(m, forgot::Message::LoginName(v) if v == "chantaiman"))
    );
    assert!(
        messages
            .iter()
            .any(|m| matches!(m, forgot::Message::DateOfBirth(v) if v == "2008-03-14"))
    );
    assert!(matches!(messages.last(), Some(forgot::Message::Continue)));
}

#[test]
fn forgot_password_speaks_the_user_guide_s_chinese() {
    let state = forgot_screen();
    let mut ui = Simulator::with_settings(settings(), state.view(Lang::ZhHk, None));
    ui.find("忘記密碼").expect("title 忘記密碼");
    ui.find("保安碼").expect("保安碼");
    ui.find("輸入所需資料及頁面所顯示的保安碼。")
        .expect("the user guide's instruction");
    ui.find("Display another Security Code 顯示另一組保安碼（Alt+N）")
        .expect("the user guide's button name");
    ui.find("download audio 聆聽保安碼（Alt+A）")
        .expect("audio button");
    ui.click("Continue 繼續").expect("Continue 繼續");
    assert!(matches!(
        ui.into_messages().last(),
        Some(forgot::Message::Continue)
    ));
}

#[test]
fn inline_messages_appear_next_to_their_fields() {
    let mut state = forgot_screen();
    state.update(
        forgot::Message::Email("x".into()),
        &offline_client(),
        Lang::En,
        TODAY,
    );
    let _ = state.update(
        forgot::Message::Continue,
        &offline_client(),
        Lang::En,
        TODAY,
    );
    let mut ui = Simulator::with_settings(settings(), state.view(Lang::En, None));
    ui.find("Enter an email address such as name@example.com.")
        .expect("email message");
    ui.find("Please fill in this field.")
        .expect("missing field message");
    let mut zh = Simulator::with_settings(settings(), state.view(Lang::ZhHk, None));
    zh.find("請輸入電郵地址，例如 name@example.com。")
        .expect("Chinese email message");
}

#[test]
fn a_date_of_birth_after_today_is_refused_before_any_request() {
    let mut state = forgot_screen();
    let client = offline_client();
    let today = time::macros::date!(2008 - 03 - 14);
    let _ = state.update(
        forgot::Message::DateOfBirth("2008-03-15".into()),
        &client,
        Lang::En,
        today,
    );
    let _ = state.update(forgot::Message::Continue, &client, Lang::En, today);
    let error = state.errors.date_of_birth.as_ref().map(|t| t.id);
    assert_eq!(error, Some("error-date-future"));
    let tomorrow = today.next_day().expect("a date");
    let _ = state.update(forgot::Message::Continue, &client, Lang::En, tomorrow);
    assert!(state.errors.date_of_birth.is_none(), "born today is fine");
}

#[test]
fn the_verification_screen_shows_the_four_red_warnings_word_for_word() {
    let state = verify_screen();
    let limits = PolicyLimits::default();
    // Drawn as rich text (the key phrases bold), which the simulator cannot search: the
    // words are checked here, the drawing in the screenshots, the reading in verify_a11y.
    let words = |id, lang| {
        let parts = Text::new(id).parts(lang);
        let strong: Vec<String> = parts
            .iter()
            .filter(|(_, bold)| *bold)
            .map(|(part, _)| part.clone())
            .collect();
        let all: String = parts.into_iter().map(|(part, _)| part).collect();
        (all, strong)
    };
    for (id, english, strong) in [
        (
            "warning-leave",
            "Please DO NOT LEAVE THIS PAGE.",
            "DO NOT LEAVE THIS PAGE.",
        ),
        (
            "warning-stay",
            "STAY on this page and immediately retrieve the verification code (sent to your registered email account) in a new tab / browser.",
            "STAY",
        ),
        (
            "warning-enter",
            "ENTER the verification code in the box provided on this page as soon as you have retrieved it.",
            "ENTER",
        ),
    ] {
        assert_eq!(
            words(id, Lang::En),
            (english.to_owned(), vec![strong.to_owned()])
        );
    }
    assert_eq!(
        words("warning-invalid", Lang::En).0,
        "Please note that the verification code will no longer be valid after you have left this page, and you will be required to enter all the required information again."
    );
    // The same key phrases stand out in Chinese, where capitals cannot show them.
    for (id, strong) in [
        ("warning-leave", "不要離開此頁面。"),
        ("warning-stay", "停留在此頁面，"),
        ("warning-enter", "輸入驗證碼。"),
    ] {
        assert_eq!(words(id, Lang::ZhHk).1, [strong]);
    }
    let mut en = Simulator::with_settings(settings(), state.view(Lang::En, &limits, None));
    for text in ["Change Password", "User Guide", "Verification Code"] {
        en.find(text).expect(text);
    }
    let mut zh = Simulator::with_settings(settings(), state.view(Lang::ZhHk, &limits, None));
    for text in [
        "更改密碼",
        "使用指南",
        "驗證碼",
        "新密碼",
        "再次輸入新密碼",
        "基於保安理由，你",
    ] {
        zh.find(text).expect(text);
    }
}

#[test]
fn the_verification_screen_takes_code_and_passwords_and_submit() {
    let state = verify_screen();
    let limits = PolicyLimits::default();
    // Tall enough for the whole page: the session's clock sits above the boxes.
    let size = iced::Size::new(1024.0, 1000.0);
    let mut ui = Simulator::with_size(settings(), size, state.view(Lang::En, &limits, None));
    ui.click(selector::id(verify::CODE)).expect("code box");
    ui.typewrite("k7m xpa");
    ui.click(selector::id(verify::NEW_PASSWORD))
        .expect("password box");
    ui.typewrite("blue junk boat at dawn");
    ui.click("Submit").expect("Submit");
    ui.click("Reset").expect("Reset");
    ui.find("Regenerate Verification Code (in 60 s)")
        .expect("countdown on the button");
    let messages: Vec<_> = ui.into_messages().collect();
    assert!(
        messages
            .iter()
            .any(|m| matches!(m, verify::Message::Code(v) if v.expose() == "k7m xpa"))
    );
    assert!(messages.iter().any(
        |m| matches!(m, verify::Message::Password(v) if v.expose() == "blue junk boat at dawn")
    ));
    assert!(
        messages
            .iter()
            .any(|m| matches!(m, verify::Message::Submit))
    );
    assert!(messages.iter().any(|m| matches!(m, verify::Message::Reset)));
}

#[test]
fn the_seven_guidelines_are_listed_in_both_languages() {
    let state = verify_screen();
    let limits = PolicyLimits::default();
    let mut en = Simulator::with_settings(settings(), state.view(Lang::En, &limits, None));
    en.find("For security reasons, you").expect("heading");
    en.find("must use 15 to 64 characters;")
        .expect("length rule with the policy's numbers");
    en.find("must enter the same new password twice.")
        .expect("seventh");
    let mut zh = Simulator::with_settings(settings(), state.view(Lang::ZhHk, &limits, None));
    zh.find("必須使用 15 至 64 個字元；").expect("length rule");
}

#[test]
fn the_leave_dialog_offers_stay_and_cancel() {
    let mut state = verify_screen();
    let client = offline_client();
    let _ = state.update(
        verify::Message::AskLeave { quit: true },
        &client,
        &PolicyLimits::default(),
    );
    let dialog = state.dialog(Lang::En, None).expect("dialog");
    let mut ui = Simulator::with_settings(settings(), dialog);
    ui.click("Stay on this page (Enter)").expect("Stay");
    ui.click("Cancel password reset (Alt+C)").expect("Cancel");
    let messages: Vec<_> = ui.into_messages().collect();
    assert!(matches!(messages[0], verify::Message::Stay));
    assert!(matches!(messages[1], verify::Message::ConfirmCancel));
    let zh = state.dialog(Lang::ZhHk, None).expect("dialog");
    let mut ui = Simulator::with_settings(settings(), zh);
    ui.click("停留在此頁面（Enter）").expect("Stay in Chinese");
}

#[test]
fn success_says_so_in_both_languages() {
    let state = success::State::new(true, "chantaiman".into());
    let mut en = Simulator::with_settings(settings(), state.view(Lang::En, None));
    en.find("Your password has successfully been changed.")
        .expect("the user guide's sentence");
    en.click("Login").expect("Login");
    assert!(matches!(
        en.into_messages().next(),
        Some(success::Message::Login)
    ));
    let mut zh = Simulator::with_settings(settings(), state.view(Lang::ZhHk, None));
    zh.find("你已成功更改密碼。")
        .expect("the user guide's sentence");
}

#[test]
fn login_help_walks_the_flowchart_to_the_jupas_office() {
    let mut state = help::State::default();
    let mut ui = Simulator::with_settings(settings(), state.view(Lang::En, None));
    ui.find("Do you remember your Login Name?")
        .expect("first question");
    ui.click("Yes (Y)").expect("Yes");
    for message in ui.into_messages().collect::<Vec<_>>() {
        let _ = state.update(message, None);
    }
    let _ = state.update(help::Message::Answer(false), None); // forgot the password
    let _ = state.update(help::Message::Answer(false), None); // cannot read the email
    let mut zh = Simulator::with_settings(settings(), state.view(Lang::ZhHk, None));
    zh.find("請於服務時間內致電 (852) 2334 2929 / 2233 2929 聯絡「大學聯招處」。")
        .expect("contact the JUPAS Office");
    zh.find("常見問題（2）").expect("FAQ link");
}

#[test]
fn login_help_shows_the_whole_chart_for_a_counsellor() {
    let mut state = help::State::default();
    let mut ui = Simulator::with_settings(settings(), state.view(Lang::En, None));
    ui.find("Flowchart of Login Failure Solution")
        .expect("the guide's name for the chart");
    ui.click("Show the whole chart (W)").expect("the toggle");
    for message in ui.into_messages().collect::<Vec<_>>() {
        let _ = state.update(message, None);
    }
    let size = iced::Size::new(1024.0, 1400.0);
    for (lang, lines) in [
        (
            Lang::En,
            [
                "1. Do you remember your Login Name?",
                "4. Can you log in to your registered email account?",
                "Yes → go to question 2",
                "No → Please contact the JUPAS Office at (852) 2334 2929 / 2233 2929 during operating hours.",
            ],
        ),
        (
            Lang::ZhHk,
            [
                "1. 你記得你的登入名稱嗎？",
                "4. 你能登入你已登記的電子郵箱嗎？",
                "是 → 前往第 2 題",
                "否 → 請於服務時間內致電 (852) 2334 2929 / 2233 2929 聯絡「大學聯招處」。",
            ],
        ),
    ] {
        let mut ui = Simulator::with_size(settings(), size, state.view(lang, None));
        for line in lines {
            ui.find(line).expect(line);
        }
        // All four questions at once, top to bottom.
        let first = ui.find(lines[0]).expect("first").bounds().y;
        let last = ui.find(lines[1]).expect("last").bounds().y;
        assert!(first < last);
        assert!(ui.find(selector::id(help::YES)).is_err(), "no answers here");
    }
    let mut zh = Simulator::with_settings(settings(), state.view(Lang::ZhHk, None));
    zh.click("逐題顯示（W）").expect("back to one at a time");
    assert!(matches!(
        zh.into_messages().last(),
        Some(help::Message::ToggleChart)
    ));
}
