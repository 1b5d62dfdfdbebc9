;; A reactor whose constructor changes every kind of instance state an image must carry, without
;; calling any import: it grows memory by 3 pages and writes a marker at the very end, rewrites its
;; data segment ("hello" -> "HELLO"), sets a mutable global, and points table slot 0 at another
;; function. `state` outputs five little-endian u64: memory pages, the global, what table slot 0
;; returns, the first 8 bytes of the data, the marker. `bump` adds 1 to the global, then does the same
;; (so a test sees that instances started from one image do not share state); `bump_then_trap` adds 1
;; and traps (the next call must not see the 1 added).
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello")
  (global $g (mut i64) (i64.const 7))
  (type $answer (func (result i64)))
  (table $t 2 funcref)
  (elem (table $t) (i32.const 0) func $seven $eleven)
  (func $seven (type $answer) (i64.const 7))
  (func $eleven (type $answer) (i64.const 11))
  (func (export "_initialize")
    (local $i i32)
    (drop (memory.grow (i32.const 3)))
    ;; the last 8 bytes of the 4th page
    (i64.store (i32.const 262136) (i64.const 0x1122334455667788))
    ;; upper-case the 5 bytes of "hello"
    (loop $up
      (i32.store8 (i32.add (i32.const 16) (local.get $i))
        (i32.sub (i32.load8_u (i32.add (i32.const 16) (local.get $i))) (i32.const 32)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $up (i32.lt_u (local.get $i) (i32.const 5))))
    (global.set $g (i64.const 41))
    (table.set $t (i32.const 0) (ref.func $eleven)))
  (func $state (result i32)
    (local $h i64)
    (local.set $h (call $alloc (i64.const 40)))
    (call $store_u64 (local.get $h) (i64.extend_i32_u (memory.size)))
    (call $store_u64 (i64.add (local.get $h) (i64.const 8)) (global.get $g))
    (call $store_u64 (i64.add (local.get $h) (i64.const 16)) (call_indirect $t (type $answer) (i32.const 0)))
    (call $store_u64 (i64.add (local.get $h) (i64.const 24)) (i64.load (i32.const 16)))
    (call $store_u64 (i64.add (local.get $h) (i64.const 32)) (i64.load (i32.const 262136)))
    (call $output_set (local.get $h) (i64.const 40))
    (i32.const 0))
  (func (export "state") (result i32) (call $state))
  (func (export "bump") (result i32)
    (global.set $g (i64.add (global.get $g) (i64.const 1)))
    (call $state))
  (func (export "bump_then_trap") (result i32)
    (global.set $g (i64.add (global.get $g) (i64.const 1)))
    unreachable))
