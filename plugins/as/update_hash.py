#!/usr/bin/env python3
"""After a rebuild: put the current SHA-256 of wasm/as_udf.wasm into the `as/hash_ok` case of cases.extra.json
(an input of that case, the manifest `hash`, not an expected output)."""
import hashlib, json, os
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
path = os.path.join(HERE, "cases.extra.json")
digest = hashlib.sha256(open(os.path.join(HERE, "wasm", "as_udf.wasm"), "rb").read()).hexdigest()
cases = json.load(open(path))
for c in cases:
    if c["id"] == "as/hash_ok":
        c["wasm"][0]["hash"] = digest
with open(path, "w") as f:
    f.write("[\n" + ",\n".join(" " + json.dumps(c, ensure_ascii=False) for c in cases) + "\n]\n")
