//! The `careleaf` command line: parse arguments, call the library, print, set the exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// A build allocates and frees millions of small strings from a few threads at once; glibc's
/// allocator spent a sixth of a large build's time there and kept freed memory from other
/// threads' arenas. mimalloc is built for exactly this.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process. mimalloc asks for them, and on a machine
/// whose memory another program has just fragmented (a CI runner, a second generator) the
/// kernel compacts memory to find each 2 MiB page: an edit build at 10,000 pages took 0.31–0.37
/// s right after a Hugo build with them and 0.23–0.24 s without. Clean builds were no slower
/// without them, and their peak memory was a sixth lower. A kernel that cannot is left as it is.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

#[derive(Parser)]
#[command(
    name = "careleaf",
    version,
    about = "Build patient-education websites from Markdown"
)]
struct Cli {
    /// The site's folder (holding site.yaml and content/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only when the whole build succeeds).
    Build {
        /// Where to write the site [default: public inside the site folder].
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// The address the site is published at, overriding site.yaml's base_url.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Print how long each stage took (on stderr).
        #[arg(long)]
        timings: bool,
        /// Read and render every page, taking nothing the last build left in .careleaf/cache/
        /// but its encoded pictures.
        #[arg(long)]
        clean: bool,
    },
    /// Build the site, serve it on this computer and rebuild it when a file changes.
    Serve {
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. The default keeps the preview private to this computer.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Turn the page editor off.
        #[arg(long, conflicts_with = "edit")]
        no_edit: bool,
        /// Keep the page editor on even with --bind to an address other devices can reach.
        #[arg(long)]
        edit: bool,
    },
    /// Check the site before publishing: links, medical review, crisis notice, reading level,
    /// unsupported figures and claims. Exits with 1 when there is an error.
    Check {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also check that links to other websites work (needs the network; 10 s per link at most).
        #[arg(long)]
        external: bool,
    },
    /// Create a new site in DIR.
    Init {
        dir: PathBuf,
        /// Whose crisis services the notice on every page shows: us, uk, ca, au, ie, nz, fr or de.
        /// Without it, the notice asks readers to call their local emergency number and links
        /// to a directory of helplines by country.
        #[arg(long, value_name = "CODE")]
        country: Option<String>,
        /// The language of the site's pages: en, es, fr or de.
        #[arg(long, default_value = "en", value_name = "CODE")]
        language: String,
    },
    /// Turn another generator's content (Hugo, Zola, Jekyll, Eleventy or plain Markdown) into
    /// careleaf pages. SOURCE is only read; no file of the site is ever replaced.
    Import {
        /// The folder of the site to import.
        source: PathBuf,
        /// The careleaf site to add the pages to (created when it has no site.yaml)
        /// [default: the --root folder].
        #[arg(long, value_name = "SITE")]
        into: Option<PathBuf>,
        /// Read SOURCE as this generator's instead of detecting it.
        #[arg(long, value_enum, value_name = "GENERATOR")]
        from: Option<careleaf::import::Generator>,
    },
    /// Print the shell completion script for SHELL, e.g.
    /// `careleaf completions bash > ~/.local/share/bash-completion/completions/careleaf`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (`careleaf man | man -l -`), or with --dir write one page per
    /// command there (careleaf.1, careleaf-build.1, …).
    Man {
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Create a new page at content/PATH.
    New {
        /// Path of the page inside content/, e.g. treatment/boosters.md
        path: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        description: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    without_huge_pages();
    let cli = Cli::parse();
    let root = cli.root;
    match cli.command {
        Command::Build {
            output,
            drafts,
            base_url,
            timings,
            clean,
        } => build(careleaf::BuildOptions {
            root,
            output,
            drafts,
            base_url,
            timings,
            clean,
        }),
        Command::Serve {
            port,
            bind,
            drafts,
            open,
            no_edit,
            edit,
        } => report(careleaf::serve::run(&careleaf::serve::ServeOptions {
            root,
            port,
            bind,
            drafts,
            open,
            edit: match (no_edit, edit) {
                (true, _) => Some(false),
                (_, true) => Some(true),
                _ => None,
            },
        })),
        Command::Check {
            format,
            drafts,
            external,
        } => check(root, format, drafts, external),
        Command::Init {
            dir,
            country,
            language,
        } => {
            let options = careleaf::scaffold::InitOptions { country, language };
            report(careleaf::scaffold::init_with(&dir, &options).map(|site| {
                for f in &site.files {
                    println!("created {}", f.display());
                }
                print!("{}", site.summary());
                println!("Next: careleaf build --root {}", dir.display());
            }))
        }
        Command::Import { source, into, from } => {
            let into = into.unwrap_or(root);
            report(
                careleaf::import::run(&careleaf::import::ImportOptions {
                    source,
                    into: into.clone(),
                    from,
                })
                .map(|summary| {
                    print!("{}", summary.text());
                    println!("Next: careleaf build --root {}", into.display());
                }),
            )
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "careleaf",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Command::Man { dir } => man(dir),
        Command::New {
            path,
            title,
            description,
        } => report(
            careleaf::scaffold::new_page(&root, &path, &title, description.as_deref())
                .map(|file| println!("created {}", file.display())),
        ),
    }
}

/// Writes `bytes` to standard output; a reader that stops early (`| head`) is not an error.
fn print_bytes(bytes: &[u8]) -> ExitCode {
    use std::io::Write;
    match std::io::stdout().lock().write_all(bytes) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: could not print: {e}");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}

/// The manual, made from the command line's own definition so it never drifts from it.
fn man(dir: Option<PathBuf>) -> ExitCode {
    let result = match &dir {
        Some(dir) => std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(Cli::command(), dir))
            .map(|()| println!("wrote the manual pages into {}", dir.display())),
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .map(|()| page)
                .map(|page| {
                    print_bytes(&page);
                })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let place = dir
                .map(|d| format!(" into {}", d.display()))
                .unwrap_or_default();
            eprintln!(
                "error: could not write the manual{place}: {e}\n  = help: check that the folder can be written"
            );
            ExitCode::FAILURE
        }
    }
}

fn build(opts: careleaf::BuildOptions) -> ExitCode {
    match careleaf::build(&opts) {
        Ok(summary) => {
            for w in &summary.cache_warnings {
                eprintln!("warning: {w}");
            }
            for w in &summary.warnings {
                eprint!("{w}");
            }
            println!(
                "Built {} pages and {} other files in {} ms into {}",
                summary.pages,
                summary.files,
                summary.elapsed.as_millis(),
                summary.output.display()
            );
            let unchanged = summary.pages.saturating_sub(summary.pages_rendered);
            if unchanged > 0 {
                println!(
                    "Rendered {} page{}; {unchanged} unchanged since the last build were kept as they were (--clean renders all)",
                    summary.pages_rendered,
                    if summary.pages_rendered == 1 { "" } else { "s" }
                );
            }
            if summary.feature_pages_rendered < summary.feature_pages {
                println!(
                    "Rendered {} of the {} topic pages; the others list nothing that changed",
                    summary.feature_pages_rendered, summary.feature_pages
                );
            }
            if summary.pictures_made > 0 {
                println!(
                    "Made {} picture file{} (kept in .careleaf/cache/images/ for the next build)",
                    summary.pictures_made,
                    if summary.pictures_made == 1 { "" } else { "s" }
                );
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprint!("{errors}");
            let n = errors.len();
            eprintln!(
                "Build failed with {n} error{}; nothing was written (the output folder is unchanged).",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::FAILURE
        }
    }
}

fn check(root: PathBuf, format: Format, drafts: bool, external: bool) -> ExitCode {
    let site = careleaf::site::Site::load_as_far_as_possible(&careleaf::site::SiteOptions {
        root,
        drafts,
        base_url: None,
        reading_units: true,
        lean: false,
        markdown_cache: false,
    });
    let report = careleaf::check::run(site, jiff::Zoned::now().date(), external);
    match format {
        Format::Text => print!("{}", report.text()),
        Format::Json => println!("{}", report.json()),
    }
    if report.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints an error, if there is one, and gives the exit code.
fn report<E: std::fmt::Display>(result: Result<(), E>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("{e}");
            ExitCode::FAILURE
        }
    }
}
