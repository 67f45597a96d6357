//! The About view as drawn, as a screen reader reads it and as the keyboard reaches it:
//! name, version, the reset service or practice mode, this PC's enrolment, and this OS's
//! third-party licences with where their full texts are installed.

use iced::keyboard::{Key, Modifiers, key::Named};
use iced::widget::Id;
use iced_a11y::accesskit::Role;
use iced_a11y::focus::Chain;
use iced_test::Simulator;
use jupas_reset::screen::about::{self, Facts};
use jupas_reset_api::wire::Lang;

use crate::a11y_tree::{Built, build, ids, label, stops, text_of};
use crate::screens::settings;

const ENROLLED: Facts<'static> = Facts {
    server: Some("https://reset.school.example/"),
    workstation: Some("Room 204 PC 3"),
};
const PRACTICE: Facts<'static> = Facts {
    server: None,
    workstation: None,
};

fn tree(facts: Facts<'_>, lang: Lang) -> Built<about::Message> {
    let state = about::State::default();
    build(|tree, root| state.accessibility(lang, facts, tree, root, std::convert::identity))
}

#[test]
fn about_names_the_app_its_version_its_service_and_this_pc_s_enrolment() {
    let built = tree(ENROLLED, Lang::En);
    let heading = built.node("about-title");
    assert_eq!(heading.role(), Role::Heading);
    assert_eq!(label(heading), "About this app");
    assert_eq!(text_of(built.node("about-app")), "JUPAS Forgot Password");
    assert_eq!(
        text_of(built.node("about-app-version")),
        format!("Version {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(
        text_of(built.node("about-service")),
        "Reset service: https://reset.school.example/"
    );
    assert_eq!(
        text_of(built.node("about-enrolment")),
        "This computer is enrolled with the reset service as \"Room 204 PC 3\"."
    );
    let close = built.node(about::CLOSE);
    assert_eq!(close.role(), Role::Button);
    assert_eq!(label(close), "Close About (Esc)");
    assert_eq!(close.keyboard_shortcut(), Some("Esc"));
    assert!(matches!(
        built.click(about::CLOSE),
        Some(about::Message::Close)
    ));

    let practice = tree(PRACTICE, Lang::En);
    assert!(text_of(practice.node("about-service")).starts_with("Practice mode"));
    assert_eq!(
        text_of(practice.node("about-enrolment")),
        "This computer is not enrolled as a school workstation."
    );
    let zh = tree(ENROLLED, Lang::ZhHk);
    assert_eq!(label(zh.node("about-title")), "關於本程式");
    assert_eq!(
        text_of(zh.node("about-enrolment")),
        "這部電腦已在重設服務登記為「Room 204 PC 3」。"
    );
    assert_eq!(text_of(zh.node("about-app")), "大學聯招辦法 忘記密碼");
}

#[test]
fn every_third_party_component_of_this_os_is_one_list_item_with_its_licence() {
    let built = tree(PRACTICE, Lang::En);
    let list = built.node("about-licence-list");
    assert_eq!(list.role(), Role::List);
    assert_eq!(label(list), "Third-party licences");
    let items = built.children("about-licence-list");
    let lines: Vec<&str> = about::LICENCES.lines().collect();
    assert!(lines.len() > 100, "the generated list for this OS");
    assert_eq!(items.len(), lines.len());
    for (item, line) in items.iter().zip(&lines) {
        assert_eq!(item.role(), Role::ListItem);
        let (component, licence) = line.split_once('\t').expect("name version<TAB>licence");
        assert_eq!(label(item), format!("{component}, {licence}"));
    }
    assert!(
        items.iter().any(|item| label(item).starts_with("iced ")),
        "the app's own stack is listed"
    );
    let texts = text_of(built.node("about-licence-texts"));
    assert!(texts.contains(about::LICENCE_TEXTS), "{texts}");
    assert!(
        texts.starts_with(&format!("{} components.", lines.len())),
        "{texts}"
    );
    #[cfg(target_os = "linux")]
    assert_eq!(
        about::LICENCE_TEXTS,
        "/usr/share/doc/jupas-reset/THIRD-PARTY-LICENSES.txt",
        "where the .deb installs them (packaging/build.sh)"
    );
}

#[test]
fn close_is_the_one_stop_and_escape_closes_returning_focus() {
    let state = about::State::opened_from(Some(Id::new("login-name")));
    let chain = state.focus_chain(Chain::new(None), std::convert::identity);
    assert_eq!(stops(&chain), ids(&[about::CLOSE]));
    assert_eq!(about::FIRST_FOCUS, about::CLOSE);
    let escape = Key::Named(Named::Escape);
    let message = state
        .shortcut(&escape, Modifiers::empty())
        .expect("Esc closes About");
    let mut state = state;
    match state.update(message) {
        about::Action::Close { return_focus } => {
            assert_eq!(return_focus, Some(Id::new("login-name")));
        }
        about::Action::None => panic!("Esc closes"),
    }
    assert!(
        state
            .shortcut(&Key::Character("y".into()), Modifiers::empty())
            .is_none()
    );
}

#[test]
fn about_is_drawn_in_both_languages_with_the_licence_list() {
    let state = about::State::default();
    let size = iced::Size::new(1024.0, 900.0);
    let mut ui = Simulator::with_size(settings(), size, state.view(Lang::En, ENROLLED, None));
    ui.find("About this app").expect("title");
    ui.find("Reset service: https://reset.school.example/")
        .expect("the service");
    ui.find("This computer is enrolled with the reset service as \"Room 204 PC 3\".")
        .expect("the enrolment");
    ui.find("Third-party licences")
        .expect("the licences' heading");
    ui.click("Close About (Esc)").expect("Close");
    assert!(matches!(
        ui.into_messages().last(),
        Some(about::Message::Close)
    ));
    let mut zh = Simulator::with_size(settings(), size, state.view(Lang::ZhHk, PRACTICE, None));
    zh.find("關於本程式").expect("title");
    zh.find("這部電腦未有登記為學校電腦。")
        .expect("not enrolled");
    zh.find("第三方授權").expect("the licences' heading");
}
