//! The committed OpenAPI document is the one the handlers generate, and every
//! operation it lists is really served.

use crate::support::*;

fn committed() -> String {
    let path = workspace_root().join("resources/openapi.json");
    std::fs::read_to_string(path).expect("resources/openapi.json is committed")
}

#[test]
fn committed_document_matches_the_handlers() {
    let generated = jupas_reset_service::routes::openapi_json();
    assert!(
        committed() == generated,
        "resources/openapi.json is stale: run `cargo run --bin jupas-reset-server -- --print-openapi > resources/openapi.json`"
    );
    let doc: serde_json::Value = serde_json::from_str(&generated).expect("json");
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
}

#[tokio::test]
async fn every_documented_operation_is_served() {
    let h = Harness::start().await;
    let doc: serde_json::Value = serde_json::from_str(&committed()).expect("json");
    let paths = doc["paths"].as_object().expect("paths");
    let expected = [
        ("/v1/challenges", "post"),
        ("/v1/resets", "post"),
        ("/v1/resets/current/code", "post"),
        ("/v1/resets/current/complete", "post"),
        ("/v1/resets/current/extend", "post"),
        ("/v1/resets/current", "delete"),
        ("/v1/password-policy", "get"),
        ("/v1/practice/login", "post"),
    ];
    let mut documented = Vec::new();
    for (path, item) in paths {
        for method in item.as_object().expect("operations").keys() {
            documented.push((path.clone(), method.clone()));
        }
    }
    documented.sort();
    let mut wanted: Vec<_> = expected
        .iter()
        .map(|(p, m)| (p.to_string(), m.to_string()))
        .collect();
    wanted.sort();
    assert_eq!(documented, wanted);

    let http = reqwest::Client::new();
    for (path, method) in documented {
        let method: reqwest::Method = method.to_uppercase().parse().expect("method");
        let response = http
            .request(method.clone(), format!("http://{}{path}", h.running.addr))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .expect("response");
        let status = response.status().as_u16();
        assert!(
            status != 404 && status != 405,
            "{method} {path} answered {status}"
        );
    }
}
