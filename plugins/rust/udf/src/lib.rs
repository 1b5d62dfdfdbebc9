//! rs_udf: wasmudf test plug-in written with the Rust `extism-pdk` crate (1.0.0),
//! built by Debian's rustc 1.63 for wasm32-unknown-unknown (no WASI).
use extism_pdk::*;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct VowelReport {
    count: u64,
    total: u64,
    vowels: String,
}

/// Counts the vowels of the input (config "vowels", default "aeiouAEIOU");
/// keeps a running total in var "total" (decimal string).
#[plugin_fn]
pub fn rs_count_vowels(input: String) -> FnResult<Json<VowelReport>> {
    let vowels = config::get("vowels")?.unwrap_or_else(|| "aeiouAEIOU".to_string());
    let count = input.chars().filter(|c| vowels.contains(*c)).count() as u64;
    let prev: u64 = match var::get::<String>("total")? {
        Some(s) => s.parse().unwrap_or(0),
        None => 0,
    };
    let total = prev + count;
    var::set("total", total.to_string())?;
    Ok(Json(VowelReport { count, total, vowels }))
}

/// Upper-cases the UTF-8 input.
#[plugin_fn]
pub fn rs_uppercase(input: String) -> FnResult<String> {
    Ok(input.to_uppercase())
}

#[derive(Deserialize)]
struct Numbers {
    values: Vec<f64>,
}

#[derive(Serialize)]
struct Stats {
    n: usize,
    sum: f64,
    min: Option<f64>,
    max: Option<f64>,
    mean: Option<f64>,
}

/// JSON in, JSON out: {"values":[...]} -> {"n","sum","min","max","mean"}.
/// Malformed JSON is reported as an error by the PDK's Json decoder.
#[plugin_fn]
pub fn rs_stats(Json(nums): Json<Numbers>) -> FnResult<Json<Stats>> {
    let n = nums.values.len();
    let sum: f64 = nums.values.iter().sum();
    let min = nums.values.iter().cloned().fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.min(v))));
    let max = nums.values.iter().cloned().fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
    let mean = if n == 0 { None } else { Some(sum / n as f64) };
    Ok(Json(Stats { n, sum, min, max, mean }))
}

/// Fails with the input as message; the return code is 1 (the PDK default).
#[plugin_fn]
pub fn rs_fail(input: String) -> FnResult<()> {
    Err(WithReturnCode::new(Error::msg(format!("rust plug-in error: rs_fail: {}", input)), 1))
}

/// Fails with a message and return code 42.
#[plugin_fn]
pub fn rs_fail_code(_input: ()) -> FnResult<()> {
    Err(WithReturnCode::new(Error::msg("rust plug-in error: rs_fail_code: custom code"), 42))
}

/// Logs the input at info, debug, warn and error (extism-pdk 1.0 has no trace).
#[plugin_fn]
pub fn rs_log(input: String) -> FnResult<String> {
    info!("rs info: {}", input);
    debug!("rs debug: {}", input);
    warn!("rs warn: {}", input);
    error!("rs error: {}", input);
    Ok("logged 4 messages".to_string())
}

/// GET config("base_url") + input path; output "<status> <body>".
#[plugin_fn]
pub fn rs_http_get(path: String) -> FnResult<String> {
    let base = config::get("base_url")?.unwrap_or_default();
    let req = HttpRequest::new(format!("{}{}", base, path)).with_header("x-client", "rs_udf");
    let res = http::request::<()>(&req, None)?;
    Ok(format!("{} {}", res.status_code(), String::from_utf8_lossy(&res.body())))
}

/// POST the input to config("base_url") + "/echo".
#[plugin_fn]
pub fn rs_http_post(body: Vec<u8>) -> FnResult<String> {
    let base = config::get("base_url")?.unwrap_or_default();
    let req = HttpRequest::new(format!("{}/echo", base)).with_method("POST");
    let res = http::request(&req, Some(body))?;
    Ok(format!("{} {}", res.status_code(), String::from_utf8_lossy(&res.body())))
}

/// Input "key=value" sets var key (empty value removes it); output is the previous value.
#[plugin_fn]
pub fn rs_var(input: String) -> FnResult<String> {
    let (k, v) = match input.split_once('=') {
        Some(kv) => kv,
        None => return Err(WithReturnCode::new(Error::msg("rust plug-in error: rs_var: expected key=value"), 2)),
    };
    let prev: Option<String> = var::get(k)?;
    if v.is_empty() {
        var::remove(k)?;
    } else {
        var::set(k, v)?;
    }
    Ok(format!("prev={}", prev.unwrap_or_else(|| "<none>".to_string())))
}

/// Panics (Rust panic = abort in wasm32 -> unreachable trap).
#[plugin_fn]
pub fn rs_panic(_input: ()) -> FnResult<()> {
    panic!("rs_panic called");
}
