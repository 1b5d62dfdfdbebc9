;; A reactor whose _initialize constructor never returns (the host runs it before the first call).
(module
  (memory (export "memory") 1)
  (func (export "_initialize") (loop $l (br $l)))
  (func (export "run") (result i32) (i32.const 0)))
