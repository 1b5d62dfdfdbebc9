;; A module whose __wasm_call_ctors never returns.
(module
  (memory (export "memory") 1)
  (func (export "__wasm_call_ctors") (loop $l (br $l)))
  (func (export "run") (result i32) (i32.const 0)))
