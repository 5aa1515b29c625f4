//! The default theme is embedded with include_dir!, which cargo does not track by itself.
//!
//! `CARELEAF_SOURCE_ID` names what the binary was built from (its sources, theme and locked
//! dependencies), for the build cache: a cache written by a careleaf built from the same
//! sources can be trusted, wherever and whenever that binary was compiled (a CI runner
//! compiles it afresh on every run).

use std::path::{Path, PathBuf};

const TRACKED: &[&str] = &["src", "themes/default", "Cargo.toml", "Cargo.lock"];

fn main() {
    for path in TRACKED {
        println!("cargo:rerun-if-changed={path}");
    }
    let mut files = Vec::new();
    for path in TRACKED {
        collect(Path::new(path), &mut files);
    }
    files.sort();
    // Two FNV-1a sums with different starting points: 128 bits against accidental equality.
    let mut sums = [0xcbf2_9ce4_8422_2325_u64, 0x6c62_272e_07bb_0142_u64];
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_default();
        let name = file.to_string_lossy();
        for part in [name.as_bytes(), &(bytes.len() as u64).to_le_bytes(), &bytes] {
            for sum in &mut sums {
                for &b in part {
                    *sum = (*sum ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
    }
    println!(
        "cargo:rustc-env=CARELEAF_SOURCE_ID={:016x}{:016x}",
        sums[0], sums[1]
    );
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_file() {
        files.push(path.to_path_buf());
    } else if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            collect(&entry.path(), files);
        }
    }
}
