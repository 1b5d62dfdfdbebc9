//! rs_kv: the kv host-function counter, Rust `extism-pdk` 1.0.0 (`#[host_fn]` imports
//! kv_read/kv_write from namespace extism:host/user). Kept apart from rs_udf because a module
//! with these imports only loads when the host provides them.
use extism_pdk::*;

#[host_fn]
extern "ExtismHost" {
    fn kv_read(key: &str) -> Vec<u8>;
    fn kv_write(key: &str, value: Vec<u8>);
}

/// The kv host-function counter: count (u32 LE under key "count") += vowels of input.
#[plugin_fn]
pub fn rs_kv_count(input: String) -> FnResult<String> {
    let n = input.chars().filter(|c| "aeiouAEIOU".contains(*c)).count() as u32;
    let cur = unsafe { kv_read("count")? };
    let mut b = [0u8; 4];
    for (i, x) in cur.iter().take(4).enumerate() {
        b[i] = *x;
    }
    let prev = u32::from_le_bytes(b);
    let next = prev + n;
    unsafe { kv_write("count", next.to_le_bytes().to_vec())? };
    Ok(format!("{{\"vowels\":{},\"previous\":{},\"count\":{}}}", n, prev, next))
}

