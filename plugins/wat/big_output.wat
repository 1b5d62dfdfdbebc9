;; Writes a 4 MiB output: 8-byte words, word k = k * 0x0101010101010101 (wrapping).
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (func (export "big") (result i32)
    (local $h i64) (local $k i64)
    (local.set $h (call $alloc (i64.const 4194304)))
    (block $done (loop $l
      (br_if $done (i64.ge_u (local.get $k) (i64.const 524288)))
      (call $store_u64 (i64.add (local.get $h) (i64.shl (local.get $k) (i64.const 3)))
                       (i64.mul (local.get $k) (i64.const 0x0101010101010101)))
      (local.set $k (i64.add (local.get $k) (i64.const 1)))
      (br $l)))
    (call $output_set (local.get $h) (i64.const 4194304))
    (i32.const 0)))
