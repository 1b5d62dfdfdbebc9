;; Imports a host function nobody provides: loading must fail.
(module
  (import "extism:host/user" "missing_fn" (func $missing (param i64) (result i64)))
  (func (export "run") (result i32)
    (drop (call $missing (i64.const 0)))
    (i32.const 0)))
