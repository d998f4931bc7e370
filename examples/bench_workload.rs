//! Writes the native benchmark's workload (`benches/workload.rs`) as files,
//! for the Wasm harness (`make bench-wasm`, `benches/wasm/`):
//!
//! ```sh
//! cargo run --release --example bench_workload -- target/wasm-bench
//! ```
//!
//! Into the folder: `list.tbl` (the signed 1M + 1M list), `list.pub` (its
//! public key), and `urls.txt`, `queries.txt`, `navigations.txt` (one input
//! a line). Synthetic content only: pseudo-words and hosts under `.example`.

#[allow(dead_code)]
#[path = "../benches/workload.rs"]
mod workload;

use std::fs;
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| {
        eprintln!("usage: bench_workload OUT_DIR");
        std::process::exit(2);
    }));
    fs::create_dir_all(&dir)?;
    let w = workload::build();
    fs::write(dir.join("list.tbl"), &w.file)?;
    fs::write(dir.join("list.pub"), w.key.public().to_text() + "\n")?;
    for (name, lines) in [
        ("urls.txt", &w.urls),
        ("queries.txt", &w.queries),
        ("navigations.txt", &w.navigations),
    ] {
        fs::write(dir.join(name), lines.join("\n") + "\n")?;
    }
    println!(
        "{}: list.tbl ({} bytes, built in {:.2?}), list.pub, {} urls, {} queries, {} navigations",
        dir.display(),
        w.file.len(),
        w.build_time,
        w.urls.len(),
        w.queries.len(),
        w.navigations.len()
    );
    Ok(())
}
