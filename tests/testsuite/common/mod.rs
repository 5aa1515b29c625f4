//! Shared helpers for the integration tests: copy a fixture site into a temporary folder, run
//! the real `careleaf` binary on it, and inspect what it wrote.

pub mod browser;
pub mod dom;
pub mod server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture copied to a fresh temporary folder (so tests never touch the repository).
pub struct TempSite {
    pub dir: tempfile::TempDir,
}

impl TempSite {
    pub fn from_fixture(name: &str) -> TempSite {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture(name), dir.path());
        TempSite { dir }
    }

    pub fn empty() -> TempSite {
        TempSite {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel))
            .unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    /// `careleaf ARGS --root SITE`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let root = self.path().to_str().unwrap().to_string();
        all.push("--root");
        all.push(&root);
        careleaf(&all, self.path())
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// The findings of `careleaf check --format json` with the rule id `id`, as JSON objects.
    pub fn findings_of(&self, id: &str) -> Vec<serde_json::Value> {
        let run = self.run(&["check", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("check --format json prints JSON ({e}): {}", run.stdout));
        report["findings"]
            .as_array()
            .unwrap_or_else(|| panic!("no findings list: {report}"))
            .iter()
            .filter(|f| f["id"] == id)
            .cloned()
            .collect()
    }
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(
            self.status, 0,
            "careleaf failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

pub fn careleaf(args: &[&str], cwd: &Path) -> Run {
    Command::new(env!("CARGO_BIN_EXE_careleaf"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run careleaf")
        .into()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, to compare a folder before and after.
/// Removes the build cache's record of how the last build left the output folder (as a build
/// stopped while it changed the output does): the next build checks each file it takes from
/// the output and writes a new tree over the spare one, instead of changing files in place.
pub fn forget_output_record(site: &Path) {
    let dir = site.join(".careleaf/cache/build");
    let mut removed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "folders") {
            std::fs::remove_file(&path).unwrap();
            removed += 1;
        }
    }
    assert!(
        removed > 0,
        "no record of the output folder in {}",
        dir.display()
    );
}

/// How `build --timings` says the output was written: "patched" (changed in place) or
/// "staged" (a tree swapped in).
pub fn output_route(run: &Run) -> &'static str {
    if run.stderr.contains("to be changed in place") {
        "patched"
    } else if run.stderr.contains("the spare tree taken") {
        "staged"
    } else {
        panic!("build --timings does not say how it wrote: {}", run.stderr)
    }
}

pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The HTML files under `dir`.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    files
}

/// Problems an HTML5 parser finds in `html`, plus duplicate ids (invalid, and they break
/// anchors and labels).
pub fn html_problems(html: &str) -> Vec<String> {
    let opts = html5ever::ParseOpts {
        tokenizer: html5ever::tokenizer::TokenizerOpts {
            exact_errors: true,
            ..Default::default()
        },
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            exact_errors: true,
            ..Default::default()
        },
    };
    let dom = html5ever::parse_document(RcDom::default(), opts)
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .unwrap();
    let mut problems: Vec<String> = dom.errors.borrow().iter().map(|e| e.to_string()).collect();
    let mut ids = BTreeMap::new();
    collect_ids(&dom.document, &mut ids);
    for (id, n) in ids {
        if n > 1 {
            problems.push(format!("id `{id}` used {n} times"));
        }
    }
    if !html.starts_with("<!DOCTYPE html>") {
        problems.push("does not start with <!DOCTYPE html>".into());
    }
    problems
}

fn collect_ids(node: &Handle, ids: &mut BTreeMap<String, usize>) {
    if let NodeData::Element { attrs, .. } = &node.data {
        for a in attrs.borrow().iter() {
            if &*a.name.local == "id" {
                *ids.entry(a.value.to_string()).or_default() += 1;
            }
        }
    }
    for child in node.children.borrow().iter() {
        collect_ids(child, ids);
    }
}

/// Whether an external tool is present; with `CI` set, a missing tool fails the test.
pub fn require_tool(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var_os("CI").is_some() {
            panic!("{tool} is required when CI is set (.ci/run installs it)");
        }
        eprintln!("skipping: {tool} is not installed (apt-get install {tool})");
    }
    found
}

/// Whether the tests run as root (as in CI containers), where file permissions do not apply.
pub fn running_as_root(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).unwrap().uid() == 0
}

/// Lets everyone into every folder of `dir` (and write there), as the temporary folders are
/// private to their creator.
pub fn open_to_everyone(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_dir() {
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        }
    }
}

/// Runs `careleaf ARGS --root SITE` as the unprivileged user `nobody`, so that permissions
/// apply even under root. The binary is run from a copy: the build folder may be under a home
/// folder `nobody` cannot enter.
pub fn careleaf_as_nobody(site: &Path, args: &[&str]) -> Run {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let home = tempfile::tempdir().unwrap();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = home.path().join("careleaf");
    std::fs::copy(env!("CARGO_BIN_EXE_careleaf"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    Command::new(&bin)
        .args(args)
        .arg("--root")
        .arg(site)
        .current_dir("/")
        .uid(65534)
        .gid(65534)
        .output()
        .expect("run careleaf as nobody")
        .into()
}

/// Staging folders (and `.old` halves of a swap) left beside a site's output.
pub fn staging_leftovers(site: &Path) -> Vec<String> {
    std::fs::read_dir(site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.ends_with(".old"))
        .collect()
}
