;; A module whose Wasm start section never returns: instantiating it hangs.
(module
  (func $forever (loop $l (br $l)))
  (start $forever)
  (func (export "run") (result i32) (i32.const 0)))
