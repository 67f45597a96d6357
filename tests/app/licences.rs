//! The third-party licence lists the About view shows are the ones `packaging/licenses.py`
//! generates from Cargo's metadata for each OS: after a dependency change, regenerate them
//! (see packaging/README.md).

use std::process::Command;

#[test]
fn the_committed_licence_lists_match_the_dependency_graph() {
    let root = crate::support::workspace_root();
    for (triple, os) in [
        ("x86_64-unknown-linux-gnu", "linux"),
        ("x86_64-pc-windows-gnu", "windows"),
        ("aarch64-apple-darwin", "macos"),
    ] {
        let output = Command::new("python3")
            .arg(root.join("packaging/licenses.py"))
            .args(["--target", triple, "--summary"])
            .current_dir(&root)
            .output()
            .expect("python3 runs packaging/licenses.py");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let path = root.join(format!("resources/licenses/third-party-{os}.txt"));
        let committed = std::fs::read_to_string(&path).expect("committed list");
        let generated = String::from_utf8_lossy(&output.stdout);
        assert!(
            committed == generated,
            "{} is stale: run `python3 packaging/licenses.py --target {triple} --summary > {}`",
            path.display(),
            path.display()
        );
        assert!(generated.lines().count() > 100, "{os}: too few crates");
        assert!(
            generated
                .lines()
                .all(|line| line.split('\t').nth(1).is_some_and(|l| !l.is_empty())),
            "{os}: a crate without a licence"
        );
    }
}
