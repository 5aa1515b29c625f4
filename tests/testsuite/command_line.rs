//! Shell completions and the manual, made from the command line's own definition.

use std::process::Command;

use crate::common::*;

#[test]
fn completions_know_every_command_and_option_in_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = careleaf(&["completions", shell], dir.path());
        assert_eq!(run.status, 0, "{shell}: {}", run.stderr);
        for word in ["build", "serve", "check", "import", "drafts", "no-edit"] {
            assert!(run.stdout.contains(word), "{shell} completions lack {word}");
        }
    }
    // The bash script is valid bash.
    let script = dir.path().join("careleaf.bash");
    std::fs::write(
        &script,
        careleaf(&["completions", "bash"], dir.path()).stdout,
    )
    .unwrap();
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    let wrong = careleaf(&["completions", "tcsh"], dir.path());
    assert_eq!(wrong.status, 2);
    assert!(
        wrong
            .stderr
            .contains("possible values: bash, elvish, fish, powershell, zsh"),
        "{}",
        wrong.stderr
    );
}

#[test]
fn the_manual_describes_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let page = careleaf(&["man"], dir.path());
    assert_eq!(page.status, 0, "{}", page.stderr);
    assert!(page.stdout.contains(".TH careleaf 1"), "{}", page.stdout);
    assert!(
        page.stdout
            .contains("Build patient\\-education websites from Markdown")
    );
    for command in [
        "build",
        "serve",
        "check",
        "init",
        "import",
        "new",
        "completions",
        "man",
    ] {
        assert!(
            page.stdout.contains(&format!("careleaf\\-{command}(1)")),
            "{command} is listed"
        );
    }
    let out = dir.path().join("man");
    let run = careleaf(&["man", "--dir", out.to_str().unwrap()], dir.path());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let serve = std::fs::read_to_string(out.join("careleaf-serve.1")).unwrap();
    assert!(
        serve.contains("\\-\\-no\\-edit") && serve.contains("Turn the page editor off"),
        "{serve}"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 9);
    // groff reads it without a warning (as `man` does: UTF-8 through preconv), where installed.
    if Command::new("groff").arg("--version").output().is_ok() {
        let checked = Command::new("groff")
            .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
            .arg(out.join("careleaf.1"))
            .output()
            .unwrap();
        assert!(
            checked.status.success() && checked.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&checked.stderr)
        );
    }
    // A folder that cannot be made is an error that says so.
    let blocked = dir.path().join("file");
    std::fs::write(&blocked, "x").unwrap();
    let run = careleaf(
        &["man", "--dir", blocked.join("sub").to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("could not write the manual into"),
        "{}",
        run.stderr
    );
}
