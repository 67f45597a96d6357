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
        "resources/openapi.json is stale: run `cargo run -p jupas-reset-service --bin jupas-reset-server -- --print-openapi > resources/openapi.json`"
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
        ("/v1/openapi.json", "get"),
        ("/v1/workstations/enroll", "post"),
        ("/v1/workstations/current", "get"),
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

    let http = crate::support::http();
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

#[tokio::test]
async fn the_server_serves_the_committed_document() {
    let h = Harness::start().await;
    let response = crate::support::http()
        .get(format!("http://{}/v1/openapi.json", h.running.addr))
        .send()
        .await
        .expect("response");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert!(response.text().await.expect("text") == committed());

    // Without --practice the practice route is neither served nor described.
    let plain = Harness::start_with(|c| c.practice = false).await;
    let doc: serde_json::Value = crate::support::http()
        .get(format!("http://{}/v1/openapi.json", plain.running.addr))
        .send()
        .await
        .expect("response")
        .json()
        .await
        .expect("json");
    assert!(doc["paths"].get("/v1/practice/login").is_none());
    assert!(doc["paths"].get("/v1/resets").is_some());
}

#[test]
fn the_committed_document_is_valid_openapi() {
    let path = workspace_root().join("resources/openapi.json");
    let output = std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&path)
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() && stderr.contains("No module named openapi_spec_validator") {
        assert!(
            std::env::var_os("CI").is_none(),
            "openapi-spec-validator is missing (bash .ci/setup test installs it)"
        );
        eprintln!("skipped: pip install openapi-spec-validator to run this check");
        return;
    }
    assert!(
        output.status.success(),
        "{}{stderr}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// What a client needs beyond the handlers' own answers: every body-taking operation can be
/// refused for size, type or time, every operation can fail inside, 429 says when to retry,
/// the token's 401 says how to authenticate, and a reset's token leads to its session.
#[test]
fn the_document_describes_what_middleware_answers_and_how_calls_chain() {
    let doc: serde_json::Value = serde_json::from_str(&committed()).expect("json");
    let operations = doc["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_object().expect("item").values());
    for operation in operations {
        let id = operation["operationId"].as_str().expect("id");
        let responses = &operation["responses"];
        assert!(responses.get("default").is_some(), "{id}: no default");
        if operation.get("requestBody").is_some() {
            for status in ["400", "408", "413", "415"] {
                assert!(responses.get(status).is_some(), "{id}: no {status}");
            }
            let media = &operation["requestBody"]["content"]["application/json"];
            let schema = media["schema"]["$ref"].as_str().expect("schema ref");
            let name = schema.rsplit('/').next().expect("name");
            assert!(
                doc["components"]["schemas"][name].get("example").is_some(),
                "{id}: {name} has no example"
            );
        }
        if let Some(limited) = responses.get("429") {
            assert!(limited["headers"].get("Retry-After").is_some(), "{id}");
        }
        if operation.get("security").is_some() {
            assert!(
                responses["401"]["headers"]
                    .get("WWW-Authenticate")
                    .is_some(),
                "{id}"
            );
        }
    }
    let post = |path: &str| &doc["paths"][path]["post"];
    let practice = &post("/v1/practice/login")["responses"];
    assert!(practice.get("400").is_some());
    let links = &post("/v1/resets")["responses"]["202"]["links"];
    for (name, target) in [
        ("RegenerateCode", "regenerate_code"),
        ("CompleteReset", "complete_reset"),
        ("ExtendSession", "extend_session"),
        ("CancelReset", "cancel_reset"),
    ] {
        assert_eq!(links[name]["operationId"], target);
        assert_eq!(
            links[name]["parameters"]["header.Authorization"],
            "Bearer {$response.body#/reset_token}"
        );
    }
    let to_reset = &post("/v1/challenges")["responses"]["200"]["links"]["StartReset"];
    assert_eq!(
        to_reset["requestBody"]["challenge_id"],
        "$response.body#/challenge_id"
    );
    let reset = &doc["components"]["schemas"]["ResetRequest"]["properties"];
    assert!(reset["date_of_birth"]["pattern"].is_string());
    assert_eq!(reset["email"]["format"], "email");
}
