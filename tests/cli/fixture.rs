//! The one fixture every CLI test starts from: a scratch folder with
//! demo-like sources (made-up words, hosts under reserved TLDs) and the demo
//! key pair, typed builders for the `build` and `check` command lines, and
//! the binary's output with the assertions every test makes on it.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use assert_cmd::Command;

pub const URLS: &str = "\
# synthetic URL entries
blocked.turnback.test/
www.turnback.test/blocked/
https://media.turnback.test/gallery/blocked-set/\tdemo-media
";

pub const KEYWORDS: &str = "\
# synthetic keyword phrases
blocked demo term
zorblax
quibbleflux video
";

pub const RULES: &str = "\
# synthetic combination rules
flumox & grindle
";

pub const META: &str = r#"{ "categories": ["default", "demo-media"] }"#;

/// Plaintext fragments of the sources above that must never show up in
/// what `inspect` prints or in the list file itself.
pub const PLAINTEXT: &[&str] = &[
    "blocked.turnback.test",
    "www.turnback.test/blocked",
    "media.turnback.test",
    "blocked-set",
    "blocked demo term",
    "zorblax",
    "quibbleflux",
    "flumox",
    "grindle",
];

/// Asserts that none of [`PLAINTEXT`] is in `text`.
pub fn assert_no_plaintext(text: &str) {
    for p in PLAINTEXT {
        assert!(!text.contains(p), "{p:?} printed:\n{text}");
    }
}

/// Runs the binary with `args`.
pub fn turnback<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run(command().args(args))
}

/// Runs the binary with `args` and the environment variable `var` set to
/// `value` (a passphrase for `--passphrase-env var`).
pub fn turnback_env<I, S>(args: I, var: &str, value: &str) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run(command().args(args).env(var, value))
}

/// Runs the binary with `args` and `stdin` as its standard input.
pub fn turnback_stdin<I, S>(args: I, stdin: &str) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run(command().args(args).write_stdin(stdin))
}

/// Every run is killed, and its test fails, after this long: a CLI that
/// blocks (on a pipe, say) fails instead of hanging the suite. Scaled by
/// `TURNBACK_TEST_TIMEOUT_SCALE` on slow machines, as the browser tests are.
const RUN_DEADLINE: Duration = Duration::from_secs(120);

/// The run deadline scaled by `TURNBACK_TEST_TIMEOUT_SCALE`.
fn deadline() -> Duration {
    // As tests/deadline.mjs: unset or empty is 1, anything else must be a
    // positive number, so a mistyped scale fails the run.
    let scale = match std::env::var("TURNBACK_TEST_TIMEOUT_SCALE") {
        Ok(v) if !v.trim().is_empty() => match v.trim().parse::<f64>() {
            Ok(s) if s.is_finite() && s > 0.0 => s,
            _ => panic!("TURNBACK_TEST_TIMEOUT_SCALE={v:?}: must be a positive number"),
        },
        _ => 1.0,
    };
    RUN_DEADLINE.mul_f64(scale)
}

fn command() -> Command {
    match Command::cargo_bin("turnback") {
        Ok(mut c) => {
            c.timeout(deadline());
            c
        }
        Err(e) => panic!("turnback binary not built: {e}"),
    }
}

fn run(c: &mut Command) -> Run {
    match c.output() {
        Ok(out) => Run(out),
        Err(e) => panic!("cannot run {c:?}: {e}"),
    }
}

/// `turnback keygen --out dir --no-passphrase`: a plaintext key, as most
/// tests need one (an encrypted key costs a deliberately slow scrypt).
pub fn keygen(dir: &Path) -> Run {
    turnback([
        OsStr::new("keygen"),
        OsStr::new("--out"),
        dir.as_os_str(),
        OsStr::new("--no-passphrase"),
    ])
}

/// The environment variable the tests pass passphrases in.
pub const PASSPHRASE_VAR: &str = "TURNBACK_TEST_PASSPHRASE";

/// `turnback keygen --out dir --passphrase-env …` with `passphrase`.
pub fn keygen_encrypted(dir: &Path, passphrase: &str) -> Run {
    turnback_env(
        [
            OsStr::new("keygen"),
            OsStr::new("--out"),
            dir.as_os_str(),
            OsStr::new("--passphrase-env"),
            OsStr::new(PASSPHRASE_VAR),
        ],
        PASSPHRASE_VAR,
        passphrase,
    )
}

/// What one run of the binary printed, and how it exited.
pub struct Run(Output);

impl Run {
    /// Asserts the exit status, showing both streams when it differs.
    pub fn code(&self, code: i32) -> &Run {
        assert_eq!(
            self.0.status.code(),
            Some(code),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// The exit status, if the run exited (not killed by a signal).
    pub fn code_value(&self) -> Option<i32> {
        self.0.status.code()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    /// Asserts a refusal: exit 2, nothing on stdout, an `error: ` line
    /// first on stderr. Returns stderr.
    pub fn refused(&self) -> String {
        self.code(2);
        assert_eq!(self.stdout(), "");
        let err = self.stderr();
        assert!(err.starts_with("error: "), "{err}");
        err
    }

    /// The `check` verdict lines, split at their tabs.
    pub fn verdicts(&self) -> Vec<Vec<String>> {
        self.stdout()
            .lines()
            .map(|l| l.split('\t').map(str::to_string).collect())
            .collect()
    }
}

/// A path as `&str`, to find it in what the binary printed.
pub fn s(p: &Path) -> &str {
    match p.to_str() {
        Some(s) => s,
        None => panic!("non-UTF-8 temp path {}", p.display()),
    }
}

pub fn read(p: &Path) -> Vec<u8> {
    fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

pub fn write(p: &Path, bytes: impl AsRef<[u8]>) {
    fs::write(p, bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
}

/// `bytes` with one bit flipped in the middle: a signed list that no
/// longer verifies.
pub fn tampered(mut bytes: Vec<u8>) -> Vec<u8> {
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    bytes
}

/// A fresh folder for one test.
pub fn scratch(test: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "turnback-cli-{}-{}-{test}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

fn demo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/demo")
        .join(name)
}

/// The demo-like sources and the demo key, in a scratch folder.
pub struct Fixture {
    pub dir: PathBuf,
    pub urls: PathBuf,
    pub keywords: PathBuf,
    pub rules: PathBuf,
    pub meta: PathBuf,
    /// An empty source file.
    pub empty: PathBuf,
    pub key: PathBuf,
    pub public: PathBuf,
}

impl Drop for Fixture {
    /// Removes the folder, unless the test failed (its files help to see why).
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Fixture {
    pub fn new(test: &str) -> Fixture {
        let dir = scratch(test);
        let f = Fixture {
            urls: dir.join("urls.txt"),
            keywords: dir.join("keywords.txt"),
            rules: dir.join("rules.txt"),
            meta: dir.join("meta.json"),
            empty: dir.join("empty.txt"),
            key: demo("demo.key"),
            public: demo("demo.pub"),
            dir,
        };
        write(&f.urls, URLS);
        write(&f.keywords, KEYWORDS);
        write(&f.rules, RULES);
        write(&f.meta, META);
        write(&f.empty, "");
        f
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Writes a file into the fixture's folder.
    pub fn file(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        write(&p, text);
        p
    }

    /// A `build` of every demo source, signed with the demo key, into
    /// `l.tbl`; its methods change that.
    pub fn build(&self) -> Build<'_> {
        Build {
            f: self,
            urls: vec![self.urls.clone()],
            keywords: vec![self.keywords.clone()],
            rules: vec![self.rules.clone()],
            meta: Some(self.meta.clone()),
            key: Some(self.key.clone()),
            out: self.path("l.tbl"),
            extra: Vec::new(),
        }
    }

    /// A `build` of `file` alone, as a source of `kind` (`urls`,
    /// `keywords` or `rules`), with the demo metadata.
    pub fn turnback_build_one(&self, kind: &str, file: &Path) -> Build<'_> {
        let b = self
            .build()
            .no_urls()
            .no_keywords()
            .no_rules()
            .out("one.tbl");
        match kind {
            "urls" => b.urls(file),
            "keywords" => b.keywords(file),
            "rules" => b.rules(file),
            other => panic!("no source kind {other:?}"),
        }
    }

    /// The demo list as built by [`Fixture::build`] with nothing changed.
    pub fn list(&self) -> PathBuf {
        self.build().list()
    }

    /// `verify --list list --pub public`.
    pub fn verify(&self, list: &Path, public: &Path) -> Run {
        turnback([
            OsStr::new("verify"),
            OsStr::new("--list"),
            list.as_os_str(),
            OsStr::new("--pub"),
            public.as_os_str(),
        ])
    }

    /// `inspect --list list`, with `--pub public` when given.
    pub fn inspect(&self, list: &Path, public: Option<&Path>) -> Run {
        let mut args = vec![
            OsStr::new("inspect"),
            OsStr::new("--list"),
            list.as_os_str(),
        ];
        if let Some(p) = public {
            args.extend([OsStr::new("--pub"), p.as_os_str()]);
        }
        turnback(args)
    }

    /// A `check` of `list` against the demo public key, with no inputs yet.
    pub fn check(&self, list: &Path) -> Check {
        Check {
            list: list.to_path_buf(),
            public: self.public.clone(),
            args: Vec::new(),
        }
    }

    /// A second key pair, made with `keygen`: (secret, public).
    pub fn other_key(&self) -> (PathBuf, PathBuf) {
        let dir = self.path("other-keys");
        keygen(&dir).code(0);
        (dir.join("turnback.key"), dir.join("turnback.pub"))
    }

    /// `sign --list list --key key --out out`, the passphrase (if any) in
    /// [`PASSPHRASE_VAR`].
    pub fn sign(&self, list: &Path, key: &Path, out: &Path, passphrase: &str) -> Run {
        turnback_env(
            [
                OsStr::new("sign"),
                OsStr::new("--list"),
                list.as_os_str(),
                OsStr::new("--key"),
                key.as_os_str(),
                OsStr::new("--out"),
                out.as_os_str(),
                OsStr::new("--passphrase-env"),
                OsStr::new(PASSPHRASE_VAR),
            ],
            PASSPHRASE_VAR,
            passphrase,
        )
    }
}

/// A `turnback build` command line.
pub struct Build<'f> {
    f: &'f Fixture,
    urls: Vec<PathBuf>,
    keywords: Vec<PathBuf>,
    rules: Vec<PathBuf>,
    meta: Option<PathBuf>,
    key: Option<PathBuf>,
    out: PathBuf,
    extra: Vec<OsString>,
}

impl Build<'_> {
    /// Replaces the `--urls` sources with `p`.
    pub fn urls(mut self, p: &Path) -> Self {
        self.urls = vec![p.to_path_buf()];
        self
    }

    /// Adds one more `--urls` source.
    pub fn more_urls(mut self, p: &Path) -> Self {
        self.urls.push(p.to_path_buf());
        self
    }

    pub fn no_urls(mut self) -> Self {
        self.urls.clear();
        self
    }

    /// Replaces the `--keywords` sources with `p`.
    pub fn keywords(mut self, p: &Path) -> Self {
        self.keywords = vec![p.to_path_buf()];
        self
    }

    /// Adds one more `--keywords` source.
    pub fn more_keywords(mut self, p: &Path) -> Self {
        self.keywords.push(p.to_path_buf());
        self
    }

    pub fn no_keywords(mut self) -> Self {
        self.keywords.clear();
        self
    }

    /// Replaces the `--rules` sources with `p`.
    pub fn rules(mut self, p: &Path) -> Self {
        self.rules = vec![p.to_path_buf()];
        self
    }

    pub fn no_rules(mut self) -> Self {
        self.rules.clear();
        self
    }

    pub fn meta(mut self, p: &Path) -> Self {
        self.meta = Some(p.to_path_buf());
        self
    }

    pub fn no_meta(mut self) -> Self {
        self.meta = None;
        self
    }

    pub fn key(mut self, p: &Path) -> Self {
        self.key = Some(p.to_path_buf());
        self
    }

    /// `--unsigned` instead of `--key`.
    pub fn unsigned(mut self) -> Self {
        self.key = None;
        self.args(&["--unsigned"])
    }

    /// Writes the list to `name` in the fixture's folder.
    pub fn out(mut self, name: &str) -> Self {
        self.out = self.f.path(name);
        self
    }

    /// Appends arguments as given (`--id`, `--expires=…`, `--strict`).
    pub fn args(mut self, args: &[&str]) -> Self {
        self.extra.extend(args.iter().map(OsString::from));
        self
    }

    /// Where the list goes.
    pub fn out_path(&self) -> &Path {
        &self.out
    }

    fn command_line(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = vec!["build".into()];
        let mut option = |name: &str, p: &Path| {
            args.push(name.into());
            args.push(p.into());
        };
        self.urls.iter().for_each(|p| option("--urls", p));
        self.keywords.iter().for_each(|p| option("--keywords", p));
        self.rules.iter().for_each(|p| option("--rules", p));
        if let Some(m) = &self.meta {
            option("--meta", m);
        }
        if let Some(k) = &self.key {
            option("--key", k);
        }
        option("--out", &self.out);
        args.extend(self.extra.iter().cloned());
        args
    }

    pub fn run(&self) -> Run {
        turnback(self.command_line())
    }

    /// Runs the build, asserts it succeeded and returns the list's path.
    pub fn list(self) -> PathBuf {
        self.run().code(0);
        self.out
    }

    /// Runs the build twice, into `refused.tbl`: once with no output file,
    /// once over an existing one. Both must be refused (exit 2, nothing on
    /// stdout, an `error: ` line), name every one of `needles` on stderr
    /// and write nothing. Returns stderr.
    pub fn refused(self, needles: &[&str]) -> String {
        let build = self.out("refused.tbl");
        let out = build.out_path();
        let _ = fs::remove_file(out);
        let err = build.run().refused();
        for n in needles {
            assert!(err.contains(n), "stderr lacks {n:?}:\n{err}");
        }
        assert!(!out.exists(), "a list was written despite: {err}");

        let sentinel = b"an existing list, to be left alone\n";
        write(out, sentinel);
        build.run().code(2);
        assert_eq!(read(out), sentinel, "existing output was touched");
        err
    }
}

/// A `turnback check` command line; inputs keep the order they are added.
pub struct Check {
    list: PathBuf,
    public: PathBuf,
    args: Vec<OsString>,
}

impl Check {
    pub fn url(self, url: &str) -> Self {
        self.arg("--url").arg(url)
    }

    pub fn query(self, text: &str) -> Self {
        self.arg("--query").arg(text)
    }

    pub fn navigation(self, url: &str) -> Self {
        self.arg("--navigation").arg(url)
    }

    /// Adds an input by the name `check` prints for its kind: `url`,
    /// `query` or `navigation`.
    pub fn input(self, kind: &str, value: &str) -> Self {
        match kind {
            "url" => self.url(value),
            "query" => self.query(value),
            "navigation" => self.navigation(value),
            other => panic!("no check input kind {other:?}"),
        }
    }

    pub fn json(self) -> Self {
        self.arg("--json")
    }

    /// `--from FILE --kind KIND`: every line of the file as an input.
    pub fn from(self, file: &Path, kind: &str) -> Self {
        let mut c = self.arg("--from");
        c.args.push(file.into());
        c.arg("--kind").arg(kind)
    }

    /// `--kind KIND` alone, without the `--from` it needs.
    pub fn arg_kind_only(self, kind: &str) -> Self {
        self.arg("--kind").arg(kind)
    }

    /// Checks against `public` instead of the demo key.
    pub fn public(mut self, public: &Path) -> Self {
        self.public = public.to_path_buf();
        self
    }

    /// Pins `public` as well: a key set.
    pub fn also_public(self, public: &Path) -> Self {
        self.arg("--pub").arg(&public.to_string_lossy())
    }

    fn arg(mut self, a: &str) -> Self {
        self.args.push(a.into());
        self
    }

    pub fn run(&self) -> Run {
        turnback(self.command_line())
    }

    /// Runs the check with `stdin` as standard input (for `--from -`).
    pub fn run_stdin(&self, stdin: &str) -> Run {
        turnback_stdin(self.command_line(), stdin)
    }

    fn command_line(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = vec![
            "check".into(),
            "--list".into(),
            self.list.clone().into(),
            "--pub".into(),
            self.public.clone().into(),
        ];
        args.extend(self.args.iter().cloned());
        args
    }
}

/// Runs the binary with `args` under `ulimit -v` of `kib` KiB of address
/// space: a run that needs more (reading a large file whole, say) fails.
pub fn turnback_in_memory<I, S>(kib: u64, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
        .arg(assert_cmd::cargo::cargo_bin("turnback"))
        .args(args)
        .timeout(deadline());
    run(&mut sh)
}
