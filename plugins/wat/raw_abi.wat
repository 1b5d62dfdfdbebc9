;; Raw kernel ABI: every extism:host/env function a guest may import, one small export each.
;; Numeric results are written as little-endian u64 words.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "free" (func $free (param i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "length_unsafe" (func $length_unsafe (param i64) (result i64)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_offset" (func $input_offset (result i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/env" "error_get" (func $error_get (result i64)))
  (import "extism:host/env" "config_get" (func $config_get (param i64) (result i64)))
  (import "extism:host/env" "var_get" (func $var_get (param i64) (result i64)))
  (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
  (import "extism:host/env" "log_trace" (func $log_trace (param i64)))
  (import "extism:host/env" "log_debug" (func $log_debug (param i64)))
  (import "extism:host/env" "log_info" (func $log_info (param i64)))
  (import "extism:host/env" "log_warn" (func $log_warn (param i64)))
  (import "extism:host/env" "log_error" (func $log_error (param i64)))
  (import "extism:host/env" "get_log_level" (func $get_log_level (result i32)))
  (import "extism:host/env" "http_status_code" (func $http_status_code (result i32)))
  (import "extism:host/env" "http_headers" (func $http_headers (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "<missing>")          ;; 0..9
  (data (i32.const 16) "count")             ;; 16..21
  (data (i32.const 32) "trace message")     ;; 13
  (data (i32.const 48) "debug message")     ;; 13
  (data (i32.const 64) "info message")      ;; 12
  (data (i32.const 80) "warn message")      ;; 12
  (data (i32.const 96) "error message")     ;; 13
  (data (i32.const 112) "ok")
  (data (i32.const 116) "bad")
  (data (i32.const 128) "first error")      ;; 11
  ;; scratch for u64 result words: 1024..

  ;; copy guest bytes [ptr, ptr+len) into a new kernel block
  (func $copy_in (param $ptr i32) (param $len i32) (result i64)
    (local $h i64) (local $i i32)
    (local.set $h (call $alloc (i64.extend_i32_u (local.get $len))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
      (call $store_u8 (i64.add (local.get $h) (i64.extend_i32_u (local.get $i)))
                      (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (local.get $h))
  (func $emit (param $ptr i32) (param $len i32)
    (call $output_set (call $copy_in (local.get $ptr) (local.get $len)) (i64.extend_i32_u (local.get $len))))
  (func $word (param $k i32) (param $v i64)
    (i64.store (i32.add (i32.const 1024) (i32.shl (local.get $k) (i32.const 3))) (local.get $v)))
  (func $emit_words (param $n i32)
    (call $emit (i32.const 1024) (i32.shl (local.get $n) (i32.const 3))))
  ;; copy the whole input into a new kernel block
  (func $input_block (result i64)
    (local $n i64) (local $h i64) (local $i i64)
    (local.set $n (call $input_length))
    (local.set $h (call $alloc (local.get $n)))
    (block $done (loop $l
      (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
      (call $store_u8 (i64.add (local.get $h) (local.get $i)) (call $input_load_u8 (local.get $i)))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br $l)))
    (local.get $h))

  ;; input -> output, byte by byte (input_length, input_load_u8, alloc, store_u8, output_set)
  (func (export "echo_u8") (result i32)
    (call $output_set (call $input_block) (call $input_length))
    (i32.const 0))

  ;; input -> output, 8 bytes at a time, tail byte-wise (input_load_u64, store_u64)
  (func (export "echo_u64") (result i32)
    (local $n i64) (local $h i64) (local $i i64)
    (local.set $n (call $input_length))
    (local.set $h (call $alloc (local.get $n)))
    (block $done (loop $l
      (br_if $done (i64.gt_u (i64.add (local.get $i) (i64.const 8)) (local.get $n)))
      (call $store_u64 (i64.add (local.get $h) (local.get $i)) (call $input_load_u64 (local.get $i)))
      (local.set $i (i64.add (local.get $i) (i64.const 8)))
      (br $l)))
    (block $done2 (loop $l2
      (br_if $done2 (i64.ge_u (local.get $i) (local.get $n)))
      (call $store_u8 (i64.add (local.get $h) (local.get $i)) (call $input_load_u8 (local.get $i)))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br $l2)))
    (call $output_set (local.get $h) (local.get $n))
    (i32.const 0))

  ;; input -> output reading kernel memory at input_offset (input_offset, length, load_u64, load_u8)
  (func (export "echo_offset") (result i32)
    (local $off i64) (local $n i64) (local $h i64) (local $i i64)
    (local.set $off (call $input_offset))
    (local.set $n (call $length (local.get $off)))
    (local.set $h (call $alloc (local.get $n)))
    (block $done (loop $l
      (br_if $done (i64.gt_u (i64.add (local.get $i) (i64.const 8)) (local.get $n)))
      (call $store_u64 (i64.add (local.get $h) (local.get $i))
                       (call $load_u64 (i64.add (local.get $off) (local.get $i))))
      (local.set $i (i64.add (local.get $i) (i64.const 8)))
      (br $l)))
    (block $done2 (loop $l2
      (br_if $done2 (i64.ge_u (local.get $i) (local.get $n)))
      (call $store_u8 (i64.add (local.get $h) (local.get $i))
                      (call $load_u8 (i64.add (local.get $off) (local.get $i))))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br $l2)))
    (call $output_set (local.get $h) (local.get $n))
    (i32.const 0))

  ;; allocator facts: 8 words
  (func (export "lengths") (result i32)
    (local $p i64)
    (local.set $p (call $alloc (i64.const 10)))
    (call $word (i32.const 0) (i64.extend_i32_u (i64.ne (local.get $p) (i64.const 0))))
    (call $word (i32.const 1) (call $length (local.get $p)))
    (call $word (i32.const 2) (call $length_unsafe (local.get $p)))
    (call $word (i32.const 3) (call $length (i64.add (local.get $p) (i64.const 1))))
    (call $word (i32.const 4) (call $alloc (i64.const 0)))
    (call $word (i32.const 5) (call $input_length))
    (call $word (i32.const 6) (call $length (call $input_offset)))
    (call $free (local.get $p))
    (call $word (i32.const 7) (call $length (local.get $p)))
    (call $emit_words (i32.const 8))
    (i32.const 0))

  ;; input = config key; output = value, or "<missing>"
  (func (export "config") (result i32)
    (local $v i64)
    (local.set $v (call $config_get (call $input_block)))
    (if (i64.eqz (local.get $v))
      (then (call $emit (i32.const 0) (i32.const 9)))
      (else (call $output_set (local.get $v) (call $length (local.get $v)))))
    (i32.const 0))

  ;; var "count" += 1 (u64 LE); output = new count
  (func (export "counter") (result i32)
    (local $v i64) (local $c i64) (local $h i64)
    (local.set $v (call $var_get (call $copy_in (i32.const 16) (i32.const 5))))
    (if (i64.ne (local.get $v) (i64.const 0))
      (then (local.set $c (call $load_u64 (local.get $v)))))
    (local.set $c (i64.add (local.get $c) (i64.const 1)))
    (local.set $h (call $alloc (i64.const 8)))
    (call $store_u64 (local.get $h) (local.get $c))
    (call $var_set (call $copy_in (i32.const 16) (i32.const 5)) (local.get $h))
    (call $word (i32.const 0) (local.get $c))
    (call $emit_words (i32.const 1))
    (i32.const 0))

  ;; set then delete var "count"; words: [var_get after set != 0, var_get after delete == 0]
  (func (export "var_delete") (result i32)
    (local $h i64)
    (local.set $h (call $alloc (i64.const 8)))
    (call $store_u64 (local.get $h) (i64.const 42))
    (call $var_set (call $copy_in (i32.const 16) (i32.const 5)) (local.get $h))
    (call $word (i32.const 0) (i64.extend_i32_u (i64.ne
      (call $var_get (call $copy_in (i32.const 16) (i32.const 5))) (i64.const 0))))
    (call $var_set (call $copy_in (i32.const 16) (i32.const 5)) (i64.const 0))
    (call $word (i32.const 1) (i64.extend_i32_u (i64.eqz
      (call $var_get (call $copy_in (i32.const 16) (i32.const 5))))))
    (call $emit_words (i32.const 2))
    (i32.const 0))

  ;; one message per level; output "ok" when get_log_level is a valid level (0..4 or off)
  (func (export "logs") (result i32)
    (local $lvl i32)
    (call $log_trace (call $copy_in (i32.const 32) (i32.const 13)))
    (call $log_debug (call $copy_in (i32.const 48) (i32.const 13)))
    (call $log_info (call $copy_in (i32.const 64) (i32.const 12)))
    (call $log_warn (call $copy_in (i32.const 80) (i32.const 12)))
    (call $log_error (call $copy_in (i32.const 96) (i32.const 13)))
    (local.set $lvl (call $get_log_level))
    (if (i32.or (i32.le_u (local.get $lvl) (i32.const 4)) (i32.eq (local.get $lvl) (i32.const 2147483647)))
      (then (call $emit (i32.const 112) (i32.const 2)))
      (else (call $emit (i32.const 116) (i32.const 3))))
    (i32.const 0))

  ;; before any request: words [http_status_code, http_headers handle]
  (func (export "http_status") (result i32)
    (call $word (i32.const 0) (i64.extend_i32_u (call $http_status_code)))
    (call $word (i32.const 1) (call $http_headers))
    (call $emit_words (i32.const 2))
    (i32.const 0))

  ;; error_get before/after error_set; clears the error again and succeeds with the message as output
  (func (export "error_roundtrip") (result i32)
    (local $e i64) (local $n i64) (local $h i64) (local $i i64) (local $before i64)
    (local.set $before (call $error_get))
    (call $error_set (call $copy_in (i32.const 128) (i32.const 11)))
    (local.set $e (call $error_get))
    (local.set $n (call $length (local.get $e)))
    (local.set $h (call $alloc (i64.add (local.get $n) (i64.const 1))))
    (call $store_u8 (local.get $h) (i32.wrap_i64 (i64.add (i64.const 48) (local.get $before))))
    (block $done (loop $l
      (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
      (call $store_u8 (i64.add (i64.add (local.get $h) (i64.const 1)) (local.get $i))
                      (call $load_u8 (i64.add (local.get $e) (local.get $i))))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br $l)))
    (call $error_set (i64.const 0))
    (call $output_set (local.get $h) (i64.add (local.get $n) (i64.const 1)))
    (i32.const 0))

  ;; odd offsets: reads past the end of the input
  (func (export "oob_input") (result i32)
    (call $word (i32.const 0) (i64.extend_i32_u (call $input_load_u8 (i64.const 1000))))
    (call $word (i32.const 1) (call $input_load_u64 (i64.const 1000)))
    (call $word (i32.const 2) (call $input_load_u64 (i64.sub (call $input_length) (i64.const 4))))
    (call $emit_words (i32.const 3))
    (i32.const 0))

  ;; odd offsets: kernel memory reads far out of bounds
  (func (export "oob_load") (result i32)
    (call $word (i32.const 0) (i64.extend_i32_u (call $load_u8 (i64.const 0x40000000))))
    (call $word (i32.const 1) (call $load_u64 (i64.const 0x40000000)))
    (call $emit_words (i32.const 2))
    (i32.const 0))

  ;; odd offsets: kernel memory writes far out of bounds
  (func (export "oob_store") (result i32)
    (call $store_u8 (i64.const 0x40000000) (i32.const 7))
    (call $store_u64 (i64.const 0x40000000) (i64.const 7))
    (call $emit (i32.const 112) (i32.const 2))
    (i32.const 0))

  ;; output_set with an offset that is not a block: official runtime decides
  (func (export "output_bogus") (result i32)
    (call $output_set (i64.const 0x40000000) (i64.const 16))
    (i32.const 0)))
