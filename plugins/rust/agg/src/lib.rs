//! rs_agg: wasmudf's aggregate plug-in, written with the Rust `extism-pdk` crate (1.0.0).
//! Two aggregates over the export convention of plugins/FORMAT.md ("Aggregates"):
//!
//! - `init` / `step` / `merge` / `finish`: string concatenation in arrival order, with the
//!   separator from config "separator" (default ", "). State: one byte 0 (no value yet) or 1,
//!   then the joined text.
//! - `topk_init` / `topk_step` / `topk_merge` / `topk_finish`: the k largest numbers (config "k",
//!   default 3), values as decimal text. State: up to k f64 little-endian, largest first.
//!   `topk_finish` gives a JSON array, largest first.
//!
//! `step` input: u32 LE state length, the state, then one or more values, each a u32 LE length
//! and its bytes. `merge` input: u32 LE length of the first state, it, then the second state.
use extism_pdk::*;

/// Every error names the plug-in, so a SQL error shows whose message it is.
fn fail(msg: &str) -> Error {
    Error::msg(format!("rs_agg: {}", msg))
}

fn read_u32(b: &[u8], at: usize) -> Result<usize, Error> {
    if at + 4 > b.len() {
        return Err(fail("truncated input: a length prefix is cut off"));
    }
    Ok(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize)
}

/// Splits a length-prefixed head from the rest: (head, rest).
fn split_prefixed(b: &[u8]) -> Result<(&[u8], &[u8]), Error> {
    let n = read_u32(b, 0)?;
    if 4 + n > b.len() {
        return Err(fail("truncated input: the state is shorter than its length prefix"));
    }
    Ok((&b[4..4 + n], &b[4 + n..]))
}

/// The values after the state in a `step` input.
fn values(mut rest: &[u8]) -> Result<Vec<&[u8]>, Error> {
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (v, r) = split_prefixed(rest)?;
        out.push(v);
        rest = r;
    }
    if out.is_empty() {
        return Err(fail("step needs at least one value after the state"));
    }
    Ok(out)
}

// ---- string concatenation ----------------------------------------------------------------------

fn separator() -> Result<Vec<u8>, Error> {
    Ok(config::get("separator")?.unwrap_or_else(|| ", ".to_string()).into_bytes())
}

fn concat_state(state: &[u8]) -> Result<(bool, &[u8]), Error> {
    match state.first() {
        Some(0) => Ok((false, &state[1..])),
        Some(1) => Ok((true, &state[1..])),
        _ => Err(fail("not a concatenation state")),
    }
}

#[plugin_fn]
pub fn init(_input: Vec<u8>) -> FnResult<Vec<u8>> {
    Ok(vec![0u8])
}

#[plugin_fn]
pub fn step(input: Vec<u8>) -> FnResult<Vec<u8>> {
    let (state, rest) = split_prefixed(&input)?;
    let (mut any, text) = concat_state(state)?;
    let sep = separator()?;
    let mut out = Vec::with_capacity(input.len());
    out.push(1u8);
    out.extend_from_slice(text);
    for v in values(rest)? {
        if any {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(v);
        any = true;
    }
    Ok(out)
}

#[plugin_fn]
pub fn merge(input: Vec<u8>) -> FnResult<Vec<u8>> {
    let (a, b) = split_prefixed(&input)?;
    let (a_any, a_text) = concat_state(a)?;
    let (b_any, b_text) = concat_state(b)?;
    let mut out = vec![if a_any || b_any { 1u8 } else { 0u8 }];
    out.extend_from_slice(a_text);
    if a_any && b_any {
        out.extend_from_slice(&separator()?);
    }
    out.extend_from_slice(b_text);
    Ok(out)
}

#[plugin_fn]
pub fn finish(input: Vec<u8>) -> FnResult<Vec<u8>> {
    let (_, text) = concat_state(&input)?;
    Ok(text.to_vec())
}

// ---- top k -------------------------------------------------------------------------------------

fn k() -> Result<usize, Error> {
    let k = match config::get("k")? {
        Some(s) => s.trim().parse::<usize>().map_err(|_| fail(&format!("config k must be a count, not '{}'", s)))?,
        None => 3,
    };
    if k == 0 || k > 10_000 {
        return Err(fail("config k must be between 1 and 10000"));
    }
    Ok(k)
}

fn topk_decode(state: &[u8]) -> Result<Vec<f64>, Error> {
    if state.len() % 8 != 0 {
        return Err(fail("not a top-k state"));
    }
    Ok(state.chunks(8).map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])).collect())
}

/// Inserts keeping the largest k, largest first.
fn topk_insert(top: &mut Vec<f64>, v: f64, k: usize) {
    if top.len() == k && v <= top[k - 1] {
        return;
    }
    let at = top.iter().position(|x| v > *x).unwrap_or(top.len());
    top.insert(at, v);
    top.truncate(k);
}

fn topk_encode(top: &[f64]) -> Vec<u8> {
    top.iter().flat_map(|v| v.to_le_bytes()).collect()
}

#[plugin_fn]
pub fn topk_init(_input: Vec<u8>) -> FnResult<Vec<u8>> {
    k()?;
    Ok(Vec::new())
}

#[plugin_fn]
pub fn topk_step(input: Vec<u8>) -> FnResult<Vec<u8>> {
    let (state, rest) = split_prefixed(&input)?;
    let mut top = topk_decode(state)?;
    let k = k()?;
    for v in values(rest)? {
        let text = std::str::from_utf8(v).map_err(|_| fail("a value is not UTF-8 text"))?;
        let x: f64 = text.trim().parse().map_err(|_| fail(&format!("'{}' is not a number", text)))?;
        if x.is_nan() {
            return Err(fail("NaN cannot be ranked").into());
        }
        topk_insert(&mut top, x, k);
    }
    Ok(topk_encode(&top))
}

#[plugin_fn]
pub fn topk_merge(input: Vec<u8>) -> FnResult<Vec<u8>> {
    let (a, b) = split_prefixed(&input)?;
    let mut top = topk_decode(a)?;
    let k = k()?;
    for x in topk_decode(b)? {
        topk_insert(&mut top, x, k);
    }
    Ok(topk_encode(&top))
}

#[plugin_fn]
pub fn topk_finish(input: Vec<u8>) -> FnResult<String> {
    let top = topk_decode(&input)?;
    let parts: Vec<String> = top.iter().map(|x| format!("{}", x)).collect();
    Ok(format!("[{}]", parts.join(",")))
}
