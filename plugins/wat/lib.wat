;; Library module for multi-module linking (named "lib" in the manifest).
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))
