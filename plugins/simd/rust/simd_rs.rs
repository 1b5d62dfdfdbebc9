//! Extism plug-in in Rust using Wasm SIMD (`-C target-feature=+simd128`, `core::arch::wasm32`)
//! over the raw kernel ABI; no crates, so it builds with rustc alone (see ../build.sh).
use core::arch::wasm32::*;

#[link(wasm_import_module = "extism:host/env")]
extern "C" {
    fn input_length() -> u64;
    fn input_load_u8(offset: u64) -> u8;
    fn alloc(n: u64) -> u64;
    fn store_u8(at: u64, b: u8);
    fn output_set(at: u64, n: u64);
}

fn input() -> Vec<u8> {
    unsafe { (0..input_length()).map(|i| input_load_u8(i)).collect() }
}

fn output(bytes: &[u8]) -> i32 {
    unsafe {
        let h = alloc(bytes.len() as u64);
        for (i, b) in bytes.iter().enumerate() {
            store_u8(h + i as u64, *b);
        }
        output_set(h, bytes.len() as u64);
    }
    0
}

fn load(chunk: &[u8]) -> v128 {
    unsafe { v128_load(chunk.as_ptr() as *const v128) }
}

/// The sum of the input's bytes read as unsigned, through u16 and u32 lanes.
#[no_mangle]
pub extern "C" fn rs_byte_sum() -> i32 {
    let data = input();
    let mut chunks = data.chunks_exact(16);
    let mut total = u32x4_splat(0);
    for c in &mut chunks {
        total = u32x4_add(total, u32x4_extadd_pairwise_u16x8(u16x8_extadd_pairwise_u8x16(load(c))));
    }
    let mut sum: u64 = (0..4).map(|i| u32x4_extract_lane_dyn(total, i) as u64).sum();
    sum += chunks.remainder().iter().map(|&b| b as u64).sum::<u64>();
    output(sum.to_string().as_bytes())
}

fn u32x4_extract_lane_dyn(v: v128, i: usize) -> u32 {
    match i {
        0 => u32x4_extract_lane::<0>(v),
        1 => u32x4_extract_lane::<1>(v),
        2 => u32x4_extract_lane::<2>(v),
        _ => u32x4_extract_lane::<3>(v),
    }
}

/// Input as little-endian i16 pairs (a0 b0 a1 b1 ...): the dot product of a and b in i32 lanes,
/// then per-lane saturating narrows of the two halves, as text.
#[no_mangle]
pub extern "C" fn rs_dot() -> i32 {
    let data = input();
    let mut acc = i32x4_splat(0);
    let mut sat = i16x8_splat(0);
    for c in data.chunks_exact(32) {
        let a = load(&c[..16]);
        let b = load(&c[16..]);
        acc = i32x4_add(acc, i32x4_dot_i16x8(a, b));
        sat = i16x8_add_sat(sat, i16x8_q15mulr_sat(a, b));
    }
    let narrowed = i8x16_narrow_i16x8(sat, i16x8_neg(sat));
    let text = format!(
        "dot={},{},{},{} q15={:?} narrow={:?}",
        i32x4_extract_lane::<0>(acc),
        i32x4_extract_lane::<1>(acc),
        i32x4_extract_lane::<2>(acc),
        i32x4_extract_lane::<3>(acc),
        lanes16(sat),
        bytes(narrowed)
    );
    output(text.as_bytes())
}

fn lanes16(v: v128) -> [i16; 8] {
    unsafe { core::mem::transmute::<v128, [i16; 8]>(v) }
}

fn bytes(v: v128) -> [i8; 16] {
    unsafe { core::mem::transmute::<v128, [i8; 16]>(v) }
}

/// Input as little-endian f64 pairs: per pair min, max, sqrt of the product's absolute value and
/// the i32 saturating truncation of the sum, f64x2 lanes, as text (NaN and inf shown as Rust does).
#[no_mangle]
pub extern "C" fn rs_f64_pairs() -> i32 {
    let data = input();
    let mut text = String::new();
    for c in data.chunks_exact(16) {
        let v = load(c);
        let swapped = i64x2_shuffle::<1, 0>(v, v);
        let mn = f64x2_min(v, swapped);
        let mx = f64x2_pmax(v, swapped);
        let root = f64x2_sqrt(f64x2_abs(f64x2_mul(v, swapped)));
        let trunc = i32x4_trunc_sat_f64x2_zero(f64x2_add(v, swapped));
        text += &format!(
            "min={:?} max={:?} sqrt={:?} trunc={} ",
            f64x2_extract_lane::<0>(mn),
            f64x2_extract_lane::<0>(mx),
            f64x2_extract_lane::<0>(root),
            i32x4_extract_lane::<0>(trunc)
        );
    }
    output(text.trim_end().as_bytes())
}
