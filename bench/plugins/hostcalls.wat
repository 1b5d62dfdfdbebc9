;; Prices one host-call crossing: each export runs the same 1,000-step loop, with or without a
;; kernel call per step, so (calls - loop) / 1000 is what one call costs on top of guest code.
;; Used by io.wasmudf.bench.PdkLayersCpu; built into wasm/hostcalls.wasm by build.py.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "free" (func $free (param i64)))
  (memory 1)
  (global $sink (mut i64) (i64.const 0))

  ;; The call protocol alone: no host call, no loop.
  (func (export "nothing") (result i32) (i32.const 0))

  ;; The loop with no host call: what the other exports cost without their calls.
  (func (export "loop") (result i32)
    (local $i i32) (local $acc i64)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (i32.const 1000)))
      (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (global.set $sink (local.get $acc))
    (i32.const 0))

  ;; 1,000 calls of the cheapest kernel function (no argument, one result).
  (func (export "input_length") (result i32)
    (local $i i32) (local $acc i64)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (i32.const 1000)))
      (local.set $acc (i64.add (local.get $acc) (call $input_length)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (global.set $sink (local.get $acc))
    (i32.const 0))

  ;; 1,000 8-byte input reads, as a PDK reads its input.
  (func (export "input_load_u64") (result i32)
    (local $i i32) (local $acc i64)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (i32.const 1000)))
      (local.set $acc (i64.add (local.get $acc)
        (call $input_load_u64 (i64.and (i64.extend_i32_u (local.get $i)) (i64.const 7)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (global.set $sink (local.get $acc))
    (i32.const 0))

  ;; 1,000 one-byte stores into a block, as a PDK writes short strings.
  (func (export "store_u8") (result i32)
    (local $i i32) (local $h i64)
    (local.set $h (call $alloc (i64.const 64)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (i32.const 1000)))
      (call $store_u8 (i64.add (local.get $h) (i64.extend_i32_u (i32.and (local.get $i) (i32.const 63))))
                      (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (i32.const 0))

  ;; 1,000 alloc/free pairs after 5 live blocks, as a PDK's key and value blocks come and go.
  (func (export "alloc_free") (result i32)
    (local $i i32)
    (drop (call $alloc (i64.const 6)))
    (drop (call $alloc (i64.const 5)))
    (drop (call $alloc (i64.const 8)))
    (drop (call $alloc (i64.const 10)))
    (drop (call $alloc (i64.const 40)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (i32.const 1000)))
      (call $free (call $alloc (i64.const 16)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (i32.const 0)))
