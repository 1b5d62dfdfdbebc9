;; Reads WASI's realtime clock and outputs the nanoseconds since the Unix epoch as a little-endian u64:
;; what a plug-in sees of the host's clock (frozen at the epoch unless the host grants one).
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)
  (func (export "now") (result i32)
    (local $h i64) (local $errno i32)
    ;; clock id 0 = realtime, precision 1 ns, result written at address 8
    (local.set $errno (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 8)))
    (if (local.get $errno) (then (return (local.get $errno))))
    (local.set $h (call $alloc (i64.const 8)))
    (call $store_u64 (local.get $h) (i64.load (i32.const 8)))
    (call $output_set (local.get $h) (i64.const 8))
    (i32.const 0)))
