;; An export that never returns (for timeout_ms).
(module
  (func (export "spin") (result i32)
    (loop $l (br $l))
    (i32.const 0)))
