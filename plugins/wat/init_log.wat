;; A reactor whose constructor logs "starting" at info level through the kernel (alloc, store_u8,
;; log_info): a start-up with an effect, so no instance may skip it by starting from an image.
;; `hello` outputs nothing and succeeds.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "log_info" (func $log_info (param i64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "starting")
  (func (export "_initialize")
    (local $h i64) (local $i i32)
    (local.set $h (call $alloc (i64.const 8)))
    (loop $copy
      (call $store_u8 (i64.add (local.get $h) (i64.extend_i32_u (local.get $i))) (i32.load8_u (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $copy (i32.lt_u (local.get $i) (i32.const 8))))
    (call $log_info (local.get $h)))
  (func (export "hello") (result i32) (i32.const 0)))
