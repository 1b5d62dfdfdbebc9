;; Hostile exports that never end on their own or that abuse the call ABI.
(module
  (memory (export "memory") 1)
  ;; an endless loop
  (func (export "spin") (result i32)
    (loop $l (br $l))
    (i32.const 0))
  ;; recursion without a base case: only the call stack's limit stops it
  (func $down (param $n i64) (result i64)
    (i64.add (call $down (i64.add (local.get $n) (i64.const 1))) (i64.const 1)))
  (func (export "recurse") (result i32)
    (drop (call $down (i64.const 0)))
    (i32.const 0))
  ;; an export with a type no Extism host can call
  (func (export "add") (param i64 i64) (result i64)
    (i64.add (local.get 0) (local.get 1)))
  ;; memory.grow one page at a time, forever; ignores a refused grow and keeps asking
  (func (export "grow_forever") (result i32)
    (loop $l
      (drop (memory.grow (i32.const 1)))
      (br $l))
    (i32.const 0))
  ;; one memory.grow of almost the whole 4 GiB address space
  (func (export "grow_huge") (result i32)
    (if (i32.eq (memory.grow (i32.const 65000)) (i32.const -1))
      (then (return (i32.const 7))))
    (i32.const 0)))
