//! The official Extism Rust SDK (the `extism` crate, on Wasmtime) as a contender in wasmudf's
//! benchmarks: the same plug-in bytes and inputs as the Java side, the same row names.
//!
//!   wasmudf-bench-rust-sdk calls [SECONDS]   per call on a warm plug-in (CallBench.*, PdkCallBench.*)
//!   wasmudf-bench-rust-sdk cold [RUNS]       ColdBench.newInstance / ColdBench.neverSeenModule
//!   wasmudf-bench-rust-sdk first-call KEY    one call of a corpus module in this new process
//!
//! Each mode prints one JSON object per row on stdout. Whether Wasmtime's on-disk compile cache is
//! on is the caller's choice (`EXTISM_CACHE_CONFIG=` empty turns it off); `bench/rust-sdk/run.py`
//! runs every mode both ways. Outputs are checked against the plain logic before anything is timed.

use extism::{CompiledPlugin, Plugin, PluginBuilder};
use std::path::PathBuf;
use std::time::Instant;

/// A plug-in and the call measured on it.
struct Workload {
    row: &'static str,
    module: &'static str,
    export: &'static str,
    input: &'static str,
}

const BENCH: &str = "bench/plugins/wasm/bench.wasm";
const GO: &str = "plugins/wasm/count_vowels.wasm";
const RUST: &str = "plugins/wasm/rs_udf.wasm";

const CALLS: &[Workload] = &[
    Workload { row: "CallBench.echo16", module: BENCH, export: "echo", input: "echo16.bin" },
    Workload { row: "CallBench.countVowels100", module: BENCH, export: "count_vowels", input: "text100.txt" },
    Workload { row: "CallBench.countVowels10k", module: BENCH, export: "count_vowels", input: "text10k.txt" },
    Workload { row: "CallBench.jsonTitle", module: BENCH, export: "json_title", input: "post.json" },
    Workload { row: "PdkCallBench.rsCountVowels100", module: RUST, export: "rs_count_vowels", input: "text100.txt" },
    Workload { row: "PdkCallBench.rsCountVowels10k", module: RUST, export: "rs_count_vowels", input: "text10k.txt" },
    Workload { row: "PdkCallBench.goCountVowels100", module: GO, export: "count_vowels", input: "text100.txt" },
];

/// The cold-start rows, one per module, each calling count_vowels on the 100-byte text.
const COLD: &[Workload] = &[
    Workload { row: "bench.wasm", module: BENCH, export: "count_vowels", input: "text100.txt" },
    Workload { row: "count_vowels.wasm", module: GO, export: "count_vowels", input: "text100.txt" },
    Workload { row: "rs_udf.wasm", module: RUST, export: "rs_count_vowels", input: "text100.txt" },
];

fn root() -> PathBuf {
    std::env::var_os("WASMUDF_REPO_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."))
}

fn read(rel: &str) -> Vec<u8> {
    let p = root().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

fn input(name: &str) -> Vec<u8> {
    read(&format!("bench/inputs/{name}"))
}

/// The corpus modules are built against WASI (Go's runtime needs it); bench.wasm imports none.
fn builder(w: &Workload, wasm: &[u8]) -> PluginBuilder<'static> {
    let manifest = extism::Manifest::new([extism::Wasm::data(wasm.to_vec())]);
    PluginBuilder::new(manifest).with_wasi(w.module != BENCH)
}

fn call(p: &mut Plugin, w: &Workload, data: &[u8]) -> Vec<u8> {
    p.call::<&[u8], &[u8]>(w.export, data)
        .unwrap_or_else(|e| panic!("{} failed: {e:?}", w.row))
        .to_vec()
}

fn vowels(data: &[u8]) -> usize {
    String::from_utf8_lossy(data).chars().filter(|c| "aeiouAEIOU".contains(*c)).count()
}

/// Fails unless the plug-in's output is what the plain logic gives (as the Java side checks).
fn check(w: &Workload, data: &[u8], out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    let ok = match w.export {
        "echo" => out == data,
        "count_vowels" if w.module == BENCH => text == format!("{{\"count\":{}}}", vowels(data)),
        "json_title" => !out.is_empty() && String::from_utf8_lossy(data).contains(&format!("\"{text}\"")),
        _ => text.starts_with(&format!("{{\"count\":{},", vowels(data))),
    };
    assert!(ok, "{}: unexpected output {text}", w.row);
}

fn median(mut xs: Vec<f64>) -> (f64, f64, f64) {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (xs[xs.len() / 2], xs[0], xs[xs.len() - 1])
}

fn emit(row: &str, what: &str, unit: &str, xs: Vec<f64>, extra: &str) {
    let n = xs.len();
    let (med, min, max) = median(xs);
    println!("{{\"row\":\"{row}\",\"what\":\"{what}\",\"unit\":\"{unit}\",\"median\":{med:.3},\"min\":{min:.3},\"max\":{max:.3},\"n\":{n}{extra}}}");
}

/// Per call, warm plug-in: batches sized to last SECONDS/20 each; per-call time = batch time / size.
fn calls(seconds: f64) {
    const BATCHES: usize = 20;
    for w in CALLS {
        let wasm = read(w.module);
        let data = input(w.input);
        let mut p = builder(w, &wasm).build().expect("plug-in");
        check(w, &data, &call(&mut p, w, &data));
        let t = Instant::now();
        let mut n = 0u64;
        while t.elapsed().as_secs_f64() < 0.2 {
            call(&mut p, w, &data);
            n += 1;
        }
        let per = t.elapsed().as_secs_f64() / n as f64;
        let size = ((seconds / BATCHES as f64) / per).max(1.0) as usize;
        for _ in 0..size {
            call(&mut p, w, &data); // warm-up: one batch
        }
        let mut ns = Vec::with_capacity(BATCHES);
        for _ in 0..BATCHES {
            let t = Instant::now();
            for _ in 0..size {
                call(&mut p, w, &data);
            }
            ns.push(t.elapsed().as_nanos() as f64 / size as f64);
        }
        emit(w.row, "per call", "ns", ns, &format!(",\"batch\":{size}"));
    }
}

/// newInstance: a new plug-in from a module compiled once, and its first call. neverSeenModule:
/// a new plug-in from the bytes (the SDK makes a new Wasmtime engine per compile: a compile, or a
/// hit in Wasmtime's on-disk cache when it is on), and its first call.
fn cold(runs: usize) {
    for w in COLD {
        let wasm = read(w.module);
        let data = input(w.input);
        let compiled = CompiledPlugin::new(builder(w, &wasm)).expect("compile");
        let mut us = Vec::with_capacity(runs * 10);
        for _ in 0..runs * 10 {
            let t = Instant::now();
            let mut p = Plugin::new_from_compiled(&compiled).expect("instance");
            let out = call(&mut p, w, &data);
            drop(p);
            us.push(t.elapsed().as_nanos() as f64 / 1000.0);
            check(w, &data, &out);
        }
        emit(&format!("ColdBench.newInstance module={}", w.row), "new instance + first call", "us", us, "");
        let mut us = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            let mut p = builder(w, &wasm).build().expect("plug-in");
            let out = call(&mut p, w, &data);
            drop(p);
            us.push(t.elapsed().as_nanos() as f64 / 1000.0);
            check(w, &data, &out);
        }
        emit(&format!("ColdBench.neverSeenModule module={}", w.row), "compile + instantiate + first call", "us", us, "");
    }
}

/// A new process's first call: read the module, build the plug-in, call once; the times inside.
fn first_call(key: &str) {
    let w = COLD.iter().find(|w| w.row == key).unwrap_or_else(|| panic!("no module {key}"));
    let t = Instant::now();
    let wasm = read(w.module);
    let data = b"Hello, World!";
    let mut p = builder(w, &wasm).build().expect("plug-in");
    let built = t.elapsed().as_secs_f64() * 1000.0;
    let out = call(&mut p, w, data);
    let total = t.elapsed().as_secs_f64() * 1000.0;
    check(w, data, &out);
    println!("{{\"row\":\"FirstCall {key}\",\"build_ms\":{built:.3},\"first_call_ms\":{total:.3}}}");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    match arg(1) {
        Some("calls") => calls(arg(2).map_or(4.0, |s| s.parse().expect("seconds"))),
        Some("cold") => cold(arg(2).map_or(10, |s| s.parse().expect("runs"))),
        Some("first-call") => first_call(arg(2).expect("first-call MODULE")),
        Some("noop") => {}
        _ => {
            eprintln!("usage: wasmudf-bench-rust-sdk calls [SECONDS] | cold [RUNS] | first-call bench.wasm|count_vowels.wasm|rs_udf.wasm | noop");
            std::process::exit(2);
        }
    }
}
