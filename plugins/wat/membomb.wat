;; Grows its memory one page at a time until memory.grow fails, then traps.
(module
  (memory 1)
  (func (export "bomb") (result i32)
    (loop $l
      (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1))
        (then unreachable))
      (br $l))
    (i32.const 0)))
