;; A reactor whose constructor reads 8 random bytes from WASI (as language runtimes seed their hash
;; maps and generators at start-up); `seed` outputs them. Instances that ran their own constructor
;; show different seeds; instances started from one image of a start-up would show the same.
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)
  (func (export "_initialize")
    (drop (call $random_get (i32.const 8) (i32.const 8))))
  (func (export "seed") (result i32)
    (local $h i64)
    (local.set $h (call $alloc (i64.const 8)))
    (call $store_u64 (local.get $h) (i64.load (i32.const 8)))
    (call $output_set (local.get $h) (i64.const 8))
    (i32.const 0)))
