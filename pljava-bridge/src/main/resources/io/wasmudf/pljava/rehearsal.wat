;; Run once when a backend's JVM first uses the bridge, so every class on the failure paths
;; (timeout, trap, plug-in error) is loaded before a cancel can be pending: PL/Java loads classes
;; through SPI, which fails while pg_cancel_backend's interrupt is pending.
(module
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (memory (export "memory") 1)
  (func (export "spin") (result i32)
    (loop $l (br $l))
    (i32.const 0))
  (func (export "boom") (result i32) unreachable)
  (func (export "fail") (result i32)
    (call $error_set (call $alloc (i64.const 1)))
    (i32.const 1)))
