;; Traps: `trap` hits unreachable; `oob` loads far outside the guest's own memory.
(module
  (memory 1)
  (func (export "trap") (result i32) unreachable)
  (func (export "oob") (result i32) (i32.load (i32.const 0x7ffffff0))))
