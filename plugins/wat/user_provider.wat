;; Provides `missing_fn` for missing_import.wasm when named "extism:host/user" in the manifest:
;; a wasm module standing in for a host function.
(module
  (func (export "missing_fn") (param i64) (result i64) (i64.add (local.get 0) (i64.const 1))))
