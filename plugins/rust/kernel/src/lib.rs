//! rs_kernel: the extism:host/env kernel functions that PDKs do not call themselves
//! (input_set, output_offset, output_length, memory_bytes, reset, error_get), used raw from Rust.
//! Outputs report relations between offsets, never raw offsets, so any conforming kernel agrees.

#[link(wasm_import_module = "extism:host/env")]
extern "C" {
    fn alloc(n: u64) -> u64;
    fn free(offset: u64);
    fn length(offset: u64) -> u64;
    fn store_u8(offset: u64, b: u8);
    fn load_u8(offset: u64) -> u8;
    fn input_length() -> u64;
    fn input_offset() -> u64;
    fn input_load_u8(i: u64) -> u8;
    fn input_set(offset: u64, len: u64);
    fn output_set(offset: u64, len: u64);
    fn output_offset() -> u64;
    fn output_length() -> u64;
    fn error_set(offset: u64);
    fn error_get() -> u64;
    fn memory_bytes() -> u64;
    fn reset();
}

unsafe fn put(bytes: &[u8]) -> u64 {
    let h = alloc(bytes.len() as u64);
    for (i, b) in bytes.iter().enumerate() {
        store_u8(h + i as u64, *b);
    }
    h
}

unsafe fn read_input() -> Vec<u8> {
    (0..input_length()).map(|i| input_load_u8(i)).collect()
}

unsafe fn output(s: &str) {
    let h = put(s.as_bytes());
    output_set(h, s.len() as u64);
}

/// output_set then output_offset/output_length read back; a second output_set replaces the first.
#[no_mangle]
pub unsafe extern "C" fn k_output_regs() -> i32 {
    let first = put(b"first");
    output_set(first, 5);
    let same_first = output_offset() == first && output_length() == 5;
    let msg = format!("{{\"first_readback\":{},\"first_len\":{}}}", same_first, output_length());
    let h = put(msg.as_bytes());
    output_set(h, msg.len() as u64);
    let same_second = output_offset() == h && output_length() == msg.len() as u64;
    if !same_second {
        output("{\"second_readback\":false}");
    }
    0
}

/// input_set from the guest: replaces the input with "replaced:" + old input, then echoes the input.
#[no_mangle]
pub unsafe extern "C" fn k_input_set() -> i32 {
    let mut v = b"replaced:".to_vec();
    v.extend(read_input());
    let h = put(&v);
    input_set(h, v.len() as u64);
    let now = read_input();
    let report = format!(
        "{{\"input_offset_is_new_block\":{},\"input_length\":{},\"input\":\"{}\"}}",
        input_offset() == h,
        input_length(),
        String::from_utf8_lossy(&now)
    );
    output(&report);
    0
}

/// memory_bytes before and after a 1 MiB allocation (reported as comparisons).
#[no_mangle]
pub unsafe extern "C" fn k_memory_bytes() -> i32 {
    let before = memory_bytes();
    let big = alloc(1 << 20);
    let after = memory_bytes();
    output(&format!(
        "{{\"before_positive\":{},\"grew\":{},\"after_covers_1mib\":{},\"block_len\":{}}}",
        before > 0,
        after > before,
        after >= (1 << 20),
        length(big)
    ));
    0
}

/// reset from the guest: input, output and error are cleared, blocks are forgotten and the
/// allocator starts over (the next alloc reuses the first block's offset).
#[no_mangle]
pub unsafe extern "C" fn k_reset() -> i32 {
    let in_off = input_offset();
    let in_len = input_length();
    let e = put(b"an error that reset clears");
    error_set(e);
    let o = put(b"an output that reset clears");
    output_set(o, 27);
    let err_before = error_get() == e;
    reset();
    let after = format!(
        "\"input_length\":{},\"error_get\":{},\"output_length\":{},\"old_block_length\":{}",
        input_length(),
        error_get(),
        output_length(),
        length(o)
    );
    let first = alloc(4);
    let report = format!(
        "{{\"had_input\":{},\"error_set_seen\":{},{},\"first_alloc_reuses_input_offset\":{}}}",
        in_len > 0,
        err_before,
        after,
        in_len > 0 && first == in_off
    );
    free(first);
    output(&report);
    0
}

/// error_get after error_set returns the same handle; error_set(0) clears it; then a final message with rc 0.
#[no_mangle]
pub unsafe extern "C" fn k_error_roundtrip() -> i32 {
    let h = put(b"first error");
    error_set(h);
    let same = error_get() == h;
    error_set(0);
    let cleared = error_get() == 0;
    let text: Vec<u8> = {
        let m = put(b"rust plug-in error: set again after a clear, rc 0");
        (0..length(m)).map(|i| load_u8(m + i)).collect()
    };
    let report = format!("{{\"same\":{},\"cleared\":{}}}", same, cleared);
    output(&report);
    let m = put(&text);
    error_set(m);
    0
}
