;; Non-zero return codes and error_set without a non-zero code.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (memory 1)
  (data (i32.const 16) "custom failure from wat")
  (func $msg (result i64)
    (local $h i64) (local $i i32)
    (local.set $h (call $alloc (i64.const 23)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (i32.const 23)))
      (call $store_u8 (i64.add (local.get $h) (i64.extend_i32_u (local.get $i)))
                      (i32.load8_u (i32.add (i32.const 16) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (local.get $h))
  ;; returns 3, no message
  (func (export "rc3") (result i32) (i32.const 3))
  ;; sets a message, returns 0
  (func (export "err_rc0") (result i32) (call $error_set (call $msg)) (i32.const 0))
  ;; sets a message, returns 1
  (func (export "err_rc1") (result i32) (call $error_set (call $msg)) (i32.const 1)))
