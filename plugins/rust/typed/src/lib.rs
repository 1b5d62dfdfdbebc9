//! rs_typed: wasmudf test plug-in for typed SQL functions (wasm_define / wasm_define_all), written
//! with the Rust `extism-pdk` crate (1.0.0) for wasm32-unknown-unknown (no WASI). One export takes
//! a JSON object of several typed arguments, one returns a JSON array of rows, and `metadata`
//! describes the exports in pg_extism's convention (plus `name` and `columns`).
use extism_pdk::*;
use serde::Deserialize;
use serde_json::{json, Value};

/// The packed arguments of `describe`: every field may be JSON null (SQL NULL).
#[derive(Deserialize)]
struct Person {
    name: Option<String>,
    times: Option<i64>,
    ratio: Option<f64>,
    shout: Option<bool>,
    /// base64 bytes
    blob: Option<String>,
    meta: Option<Value>,
}

/// Several typed arguments in, one JSON object out.
#[plugin_fn]
pub fn describe(Json(p): Json<Person>) -> FnResult<Json<Value>> {
    let name = p.name.unwrap_or_else(|| "nobody".to_string());
    let times = p.times.unwrap_or(1);
    let mut greeting = vec![format!("Hello, {}!", name); times.max(0) as usize].join(" ");
    if p.shout.unwrap_or(false) {
        greeting = greeting.to_uppercase();
    }
    let blob_len = match p.blob {
        Some(b) => Some(base64_len(&b)?),
        None => None,
    };
    let score = p.ratio.map(|r| r * times as f64);
    Ok(Json(json!({
        "greeting": greeting,
        "score": score,
        "blob_len": blob_len,
        "meta": p.meta,
    })))
}

/// The decoded length of standard padded base64 (checks the alphabet, no decoder crate needed).
fn base64_len(b: &str) -> Result<usize, Error> {
    let ok = b.len() % 4 == 0
        && b.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/' || c == b'=');
    if !ok {
        return Err(Error::msg(format!("blob is not base64: {}", b)));
    }
    let pad = b.bytes().rev().take_while(|c| *c == b'=').count();
    Ok(b.len() / 4 * 3 - pad)
}

#[derive(Deserialize)]
struct Pair {
    a: Option<f64>,
    b: Option<f64>,
}

/// {"a": x, "b": y} -> their mean as a bare JSON number; `null` when either is missing.
#[plugin_fn]
pub fn mean(Json(p): Json<Pair>) -> FnResult<String> {
    Ok(match (p.a, p.b) {
        (Some(a), Some(b)) => format!("{}", (a + b) / 2.0),
        _ => "null".to_string(),
    })
}

/// Raw text in, the number of whitespace-separated words out (a bare integer).
#[plugin_fn]
pub fn word_count(input: String) -> FnResult<String> {
    Ok(input.split_whitespace().count().to_string())
}

/// Raw text in, `true` or `false`: whether its letters and digits read the same backwards.
#[plugin_fn]
pub fn is_palindrome(input: String) -> FnResult<String> {
    let chars: Vec<char> = input.chars().filter(|c| c.is_alphanumeric()).flat_map(|c| c.to_lowercase()).collect();
    let rev: Vec<char> = chars.iter().rev().cloned().collect();
    Ok((chars == rev).to_string())
}

/// Raw bytes in, the same bytes reversed.
#[plugin_fn]
pub fn reverse_bytes(input: Vec<u8>) -> FnResult<Vec<u8>> {
    Ok(input.into_iter().rev().collect())
}

/// Raw text in, one row per word: [{"word", "len", "upper", "pos"}] (pos counts from 1).
#[plugin_fn]
pub fn words(input: String) -> FnResult<Json<Value>> {
    let rows: Vec<Value> = input
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| json!({"word": w, "len": w.chars().count(), "upper": w.chars().all(|c| !c.is_lowercase()), "pos": i + 1}))
        .collect();
    Ok(Json(Value::Array(rows)))
}

/// The exports above, described for wasm_define_all (a JSON text, so the order of fields is kept).
#[plugin_fn]
pub fn metadata(_input: String) -> FnResult<String> {
    Ok(r#"[
 {"name": "rt_describe", "entryPoint": "describe",
  "parameters": {"name": "String", "times": "integer", "ratio": "double", "shout": "boolean", "blob": "bytes", "meta": "json"},
  "returnType": "json"},
 {"name": "rt_mean", "entryPoint": "mean", "parameters": {"a": "double", "b": "double"}, "returnType": "double"},
 {"name": "rt_word_count", "entryPoint": "word_count", "parameters": {"body": "String"}, "returnType": "integer"},
 {"name": "rt_is_palindrome", "entryPoint": "is_palindrome", "parameters": {"body": "String"}, "returnType": "boolean"},
 {"name": "rt_reverse_bytes", "entryPoint": "reverse_bytes", "parameters": {"data": "bytes"}, "returnType": "bytes"},
 {"name": "rt_words", "entryPoint": "words", "parameters": {"body": "String"}, "returnType": "JsonArray",
  "columns": {"word": "text", "len": "integer", "upper": "boolean", "pos": "bigint"}}
]"#
    .to_string())
}
