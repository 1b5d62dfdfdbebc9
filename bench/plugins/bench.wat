;; wasmudf benchmark plug-in: Extism kernel ABI ("extism:host/env"), written by hand so that every
;; contender runs the very same bytes. Input and output move the way the official PDKs move them:
;; 8 bytes per host call (input_load_u64 / store_u64), the tail byte by byte.
;;
;;   echo          output = input
;;   count_vowels  output = {"count":N}, N = number of bytes in aeiouAEIOU
;;   json_title    output = the raw (still escaped) string value of the first "title" key
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 4)
  (data (i32.const 0) "{\22count\22:")
  (data (i32.const 16) "\22title\22:\22")

  ;; copies the input to guest memory at $dst (growing memory as needed); returns its length
  (func $read_input (param $dst i32) (result i32)
    (local $len i64) (local $i i64) (local $need i32)
    (local.set $len (call $input_length))
    (local.set $need (i32.shr_u (i32.add (i32.add (local.get $dst) (i32.wrap_i64 (local.get $len))) (i32.const 65535)) (i32.const 16)))
    (if (i32.gt_u (local.get $need) (memory.size))
      (then (drop (memory.grow (i32.sub (local.get $need) (memory.size))))))
    (block $done
      (loop $l8
        (br_if $done (i64.gt_u (i64.add (local.get $i) (i64.const 8)) (local.get $len)))
        (i64.store (i32.add (local.get $dst) (i32.wrap_i64 (local.get $i))) (call $input_load_u64 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 8)))
        (br $l8)))
    (block $done1
      (loop $l1
        (br_if $done1 (i64.ge_u (local.get $i) (local.get $len)))
        (i32.store8 (i32.add (local.get $dst) (i32.wrap_i64 (local.get $i))) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $l1)))
    (i32.wrap_i64 (local.get $len)))

  ;; copies $len bytes at $src to a new kernel block and makes it the output
  (func $write_output (param $src i32) (param $len i32)
    (local $off i64) (local $i i32)
    (local.set $off (call $alloc (i64.extend_i32_u (local.get $len))))
    (block $done
      (loop $l8
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $len)))
        (call $store_u64 (i64.add (local.get $off) (i64.extend_i32_u (local.get $i)))
                         (i64.load (i32.add (local.get $src) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $l8)))
    (block $done1
      (loop $l1
        (br_if $done1 (i32.ge_u (local.get $i) (local.get $len)))
        (call $store_u8 (i64.add (local.get $off) (i64.extend_i32_u (local.get $i)))
                        (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l1)))
    (call $output_set (local.get $off) (i64.extend_i32_u (local.get $len))))

  ;; writes $n in decimal at $dst; returns the address after the last digit
  (func $utoa (param $dst i32) (param $n i32) (result i32)
    (local $t i32) (local $k i32) (local $p i32)
    (local.set $t (local.get $n))
    (local.set $k (i32.const 1))
    (block $b
      (loop $l
        (br_if $b (i32.lt_u (local.get $t) (i32.const 10)))
        (local.set $t (i32.div_u (local.get $t) (i32.const 10)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $l)))
    (local.set $p (i32.add (local.get $dst) (local.get $k)))
    (loop $w
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $w (i32.ne (local.get $n) (i32.const 0))))
    (i32.add (local.get $dst) (local.get $k)))

  (func (export "echo") (result i32)
    (call $write_output (i32.const 65536) (call $read_input (i32.const 65536)))
    (i32.const 0))

  (func (export "count_vowels") (result i32)
    (local $len i32) (local $i i32) (local $c i32) (local $n i32) (local $end i32)
    (local.set $len (call $read_input (i32.const 65536)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.or (i32.load8_u (i32.add (i32.const 65536) (local.get $i))) (i32.const 32)))
        (local.set $n (i32.add (local.get $n)
          (i32.or (i32.or (i32.eq (local.get $c) (i32.const 97)) (i32.eq (local.get $c) (i32.const 101)))
                  (i32.or (i32.or (i32.eq (local.get $c) (i32.const 105)) (i32.eq (local.get $c) (i32.const 111)))
                          (i32.eq (local.get $c) (i32.const 117))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    ;; {"count": is 9 bytes at 0
    (i64.store (i32.const 32768) (i64.load (i32.const 0)))
    (i32.store8 (i32.const 32776) (i32.load8_u (i32.const 8)))
    (local.set $end (call $utoa (i32.const 32777) (local.get $n)))
    (i32.store8 (local.get $end) (i32.const 125))
    (call $write_output (i32.const 32768) (i32.sub (i32.add (local.get $end) (i32.const 1)) (i32.const 32768)))
    (i32.const 0))

  (func (export "json_title") (result i32)
    (local $len i32) (local $i i32) (local $j i32) (local $start i32) (local $last i32)
    (local.set $len (call $read_input (i32.const 65536)))
    (local.set $last (i32.sub (local.get $len) (i32.const 9)))
    (block $notfound
      (block $found
        (loop $scan
          (br_if $notfound (i32.gt_s (local.get $i) (local.get $last)))
          ;; compare the 9 bytes of "title":" (8 + 1)
          (if (i64.eq (i64.load (i32.add (i32.const 65536) (local.get $i))) (i64.load (i32.const 16)))
            (then (br_if $found (i32.eq (i32.load8_u (i32.add (i32.const 65544) (local.get $i)))
                                        (i32.load8_u (i32.const 24))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $scan)))
      (local.set $start (i32.add (i32.add (i32.const 65536) (local.get $i)) (i32.const 9)))
      (local.set $j (local.get $start))
      (block $end
        (loop $str
          (br_if $end (i32.ge_u (local.get $j) (i32.add (i32.const 65536) (local.get $len))))
          (br_if $end (i32.eq (i32.load8_u (local.get $j)) (i32.const 34)))
          (if (i32.eq (i32.load8_u (local.get $j)) (i32.const 92))
            (then (local.set $j (i32.add (local.get $j) (i32.const 1)))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $str)))
      (call $write_output (local.get $start) (i32.sub (local.get $j) (local.get $start)))
      (return (i32.const 0)))
    (call $write_output (i32.const 0) (i32.const 0))
    (i32.const 0))
)
