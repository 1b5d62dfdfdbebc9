;; A command-style module: `_start` (no result) writes output through the kernel.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory 1)
  (data (i32.const 0) "started")
  (func (export "_start")
    (local $h i64) (local $i i32)
    (local.set $h (call $alloc (i64.const 7)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (i32.const 7)))
      (call $store_u8 (i64.add (local.get $h) (i64.extend_i32_u (local.get $i)))
                      (i32.load8_u (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (call $output_set (local.get $h) (i64.const 7))))
