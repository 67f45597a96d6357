//! What a student notices at a glance, in both languages: Submit and Reset the same height,
//! met password rules ticked in green, the "English prevails" note lined up with the page
//! however wide the window, the email note in ordinary text, the links of the UI's language.

use iced_test::{Simulator, selector};

use crate::drive::{offline_client, verify_screen};
use crate::screens::settings;
use jupas_reset::bench::MainWindow;
use jupas_reset::screen::{forgot, verify};
use jupas_reset::theme;
use jupas_reset_api::policy::PolicyLimits;
use jupas_reset_api::wire::Lang;

#[test]
fn submit_and_reset_are_the_same_height() {
    let state = verify_screen();
    let limits = PolicyLimits::default();
    for lang in [Lang::En, Lang::ZhHk] {
        let size = iced::Size::new(1024.0, 1800.0);
        let mut ui = Simulator::with_size(settings(), size, state.view(lang, &limits, None));
        let submit = ui
            .find(selector::id(verify::SUBMIT))
            .expect("Submit")
            .bounds();
        let reset = ui
            .find(selector::id(verify::RESET))
            .expect("Reset")
            .bounds();
        assert_eq!(submit.height, reset.height, "{lang:?}");
        assert_eq!(submit.y, reset.y, "{lang:?}: side by side");
    }
}

/// The pixels of a snapshot of `view`, as RGBA rows (2× scale), through the PNG the
/// simulator writes.
fn pixels<M>(view: iced::Element<'_, M>, size: iced::Size) -> image::RgbaImage {
    let mut ui = Simulator::with_size(settings(), size, view);
    let snapshot = ui.snapshot(&theme::app_theme(false)).expect("snapshot");
    let dir = tempfile::tempdir().expect("dir");
    let base = dir.path().join("shot");
    assert!(snapshot.matches_image(&base).expect("written"));
    let png = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|e| e == "png"))
        .expect("a png");
    image::open(png).expect("decodes").to_rgba8()
}

/// How many pixels are clearly green (the met tick's colour family), not grey or navy.
fn green_pixels(image: &image::RgbaImage) -> usize {
    image
        .pixels()
        .filter(|p| {
            let [r, g, b, _] = p.0;
            g > 90 && i32::from(g) - i32::from(r) > 50 && i32::from(g) - i32::from(b) > 40
        })
        .count()
}

#[test]
fn met_password_rules_are_ticked_in_green() {
    let mut state = verify_screen();
    let limits = PolicyLimits::default();
    let size = iced::Size::new(900.0, 1800.0);
    let before = green_pixels(&pixels(state.view(Lang::En, &limits, None), size));
    assert_eq!(before, 0, "nothing is met before anything is typed");
    for message in [
        verify::Message::Password("blue junk boat at dawn".into()),
        verify::Message::Confirm("blue junk boat at dawn".into()),
    ] {
        let _ = state.update(message, &offline_client(), &limits);
    }
    for lang in [Lang::En, Lang::ZhHk] {
        let green = green_pixels(&pixels(state.view(lang, &limits, None), size));
        assert!(green > 20, "{lang:?}: {green} green pixels");
    }
}

#[test]
fn the_english_prevails_note_lines_up_with_the_page_at_any_width() {
    let window = MainWindow::new(offline_client(), Lang::ZhHk);
    // Maximised on a wide screen, then a small window.
    for width in [1920.0, 1280.0, 700.0] {
        let size = iced::Size::new(width, 900.0);
        let mut ui = Simulator::with_size(settings(), size, window.view());
        let band = ui
            .find(selector::id(jupas_reset::PREVAILS_BAND))
            .expect("the note")
            .bounds();
        let title = ui.find("忘記密碼").expect("the page's title").bounds();
        let field = ui
            .find(selector::id(forgot::LOGIN_NAME))
            .expect("a box")
            .bounds();
        assert!(
            (band.x - title.x).abs() < 0.5,
            "{width}: note at {}, page at {}",
            band.x,
            title.x
        );
        assert!(
            (band.x + band.width - (field.x + field.width)).abs() < 0.5,
            "{width}: the same right edge"
        );
    }
}

#[test]
fn the_email_note_is_ordinary_text_not_small_print() {
    let state = forgot::State::new(&offline_client()).0;
    for (lang, step, note) in [
        (
            Lang::En,
            "Enter all the required information and the security code shown.",
            "Since you need to check the email",
        ),
        (
            Lang::ZhHk,
            "輸入所需資料及頁面所顯示的保安碼。",
            "由於你需要檢視",
        ),
    ] {
        let mut ui = Simulator::with_settings(settings(), state.view(lang, None));
        // One line of the guide's step 2 (15 px): the note's lines are that height.
        let line = ui.find(step).expect(step).bounds().height;
        let note_text = jupas_reset_i18n::tr(lang, "forgot-email-note");
        assert!(note_text.starts_with(note));
        let height = ui.find(note_text.as_str()).expect("note").bounds().height;
        let lines = height / line;
        assert!(
            (lines - lines.round()).abs() < 0.01 && lines >= 1.0,
            "{lang:?}: {height} is not whole lines of {line}"
        );
    }
}

#[test]
fn the_chinese_ui_opens_the_chinese_pages() {
    let mut window = MainWindow::new(offline_client(), Lang::ZhHk);
    window.open_help();
    let url_of = |window: &MainWindow, key: &str| {
        let id = iced_a11y::tree::node_id(key);
        window
            .tree()
            .nodes
            .iter()
            .find(|(node, _)| *node == id)
            .and_then(|(_, node)| node.url().map(str::to_owned))
            .unwrap_or_else(|| panic!("no link {key}"))
    };
    let zh = url_of(&window, "help-user-guide-link");
    assert!(zh.contains("/tc/"), "{zh}");
    assert!(url_of(&window, "help-faq-link").contains("/tc/"));
    window.toggle_language();
    let en = url_of(&window, "help-user-guide-link");
    assert!(en.contains("/en/"), "{en}");
}
