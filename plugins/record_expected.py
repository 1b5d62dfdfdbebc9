#!/usr/bin/env python3
"""Record what the official Extism runtime answers for every case in plugins/cases.json.

Usage: python3 plugins/record_expected.py [--only ID_PREFIX] [--print]

Needs `pip install extism` (it brings extism-sys, the native libextism). Writes
plugins/expected/results.json. Nothing in that file is typed by hand.
See FORMAT.md for the case and result formats.
"""
import base64
import hashlib
import http.server
import json
import os
import re
import shutil
import sys
import tempfile
import threading

import extism
from extism import ValType

HERE = os.path.dirname(os.path.abspath(__file__))
WASM_DIR = os.path.join(HERE, "wasm")

# ---------------------------------------------------------------- test HTTP server


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, code, body, extra=None):
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/hello":
            self._send(200, b"hello from test server")
        else:
            self._send(404, b"not found")

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        if self.path == "/echo":
            self._send(200, body, {"x-test": "yes"})
        else:
            self._send(404, b"not found")

    def do_PUT(self):
        self.do_POST()


def start_server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, "http://127.0.0.1:%d" % srv.server_address[1]


# ---------------------------------------------------------------- kv host functions

KV = {}


@extism.host_fn(name="kv_read", namespace="extism:host/user",
                signature=([ValType.I64], [ValType.I64]))
def kv_read(plugin, params, results, *user_data):
    key = bytes(plugin.input_bytes(params[0]))
    val = KV.get(key, b"\x00\x00\x00\x00")
    plugin.return_bytes(results[0], val)


@extism.host_fn(name="kv_write", namespace="extism:host/user",
                signature=([ValType.I64, ValType.I64], []))
def kv_write(plugin, params, results, *user_data):
    key = bytes(plugin.input_bytes(params[0]))
    KV[key] = bytes(plugin.input_bytes(params[1]))


# ---------------------------------------------------------------- error classification

# Messages that plug-ins set themselves with error_set (exact texts or full-match patterns).
PLUGIN_MESSAGES = [
    r"custom failure from wat",
    r"Returned non-zero exit code: -?\d+",
    r"Error code: -?\d+",
    r"something went wrong: code 7",
    r"no such path: .*",
    r"invalid JSON input: .*",
    r"invalid input: .*",
    r"rust plug-in error: .*",
    r"invalid type: .*",
    r"invalid utf-8 sequence .*",
    r"expected .* at line \d+ column \d+",
    r"open .*",
    r"AssemblyScript plug-in error: .*",
    r"c plug-in error: .*",
    r"input must not be empty",
    r"rs_agg: .*",
]


def classify(msg):
    if msg == "timeout" or "timeout" == msg.strip():
        return "timeout"
    if msg == "oom" or "Variable store is full" in msg or \
            "HTTP response exceeds the configured maximum" in msg or \
            "out of memory" in msg.lower():
        return "oom"
    for p in PLUGIN_MESSAGES:
        if re.fullmatch(p, msg, re.S):
            return "plugin"
    if "wasm trap" in msg or "unreachable" in msg or "out of bounds" in msg or \
            msg.startswith("error while executing at wasm backtrace"):
        return "trap"
    return "other"


# libextism's error string for a failing host function (e.g. var_set over the limit) is only
# the generic "error while executing at wasm backtrace ..." line. The cause is in the runtime's
# log, so the recorder logs to a temporary file and classifies with the log lines of the call.
LOG_PATH = os.path.join(os.environ.get("TMPDIR", "/tmp"), "wasmudf-record-%d.log" % os.getpid())
_log_pos = [0]


def new_log_text():
    try:
        with open(LOG_PATH, "rb") as f:
            f.seek(_log_pos[0])
            data = f.read()
            _log_pos[0] = f.tell()
        return data.decode("utf-8", "replace")
    except OSError:
        return ""


def log_cause(log):
    """The 'Caused by:' lines the runtime logged for a failed call, or None."""
    m = re.search(r"Caused by:\n(.*?)(?:\n\s*\n|\nStack backtrace:|\n\S|\Z)", log, re.S)
    if not m:
        return None
    lines = [l.strip() for l in m.group(1).splitlines() if l.strip()]
    lines = [re.sub(r"^\d+:\s*", "", l) for l in lines]
    return "\n".join(lines) or None


def log_exit_code(log):
    m = re.search(r"WASI exit code: (-?\d+)", log)
    return int(m.group(1)) if m else None


def classify_with_log(msg, cause, exit_code=None):
    if exit_code:
        return "exit"     # WASI proc_exit(N != 0); N is recorded as exit_code
    if msg.startswith("error while executing at wasm backtrace") and cause:
        if "Variable store is full" in cause or "HTTP response exceeds the configured maximum" in cause:
            return "oom"
        if "wasm trap" in cause:
            return "trap"
        return "other"
    return classify(msg)


# ---------------------------------------------------------------- fixtures with links


def make_fixture(name):
    """Builds fixtures/NAME.json in a new temporary directory (links cannot live in git); returns it."""
    with open(os.path.join(HERE, "fixtures", name + ".json")) as f:
        spec = json.load(f)
    root = tempfile.mkdtemp(prefix="wasmudf-" + name + "-")
    for e in spec["entries"]:
        p = os.path.join(root, e["path"])
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if "file" in e:
            with open(p, "w") as f:
                f.write(e["file"])
        elif "symlink" in e:
            os.symlink(e["symlink"].replace("${ROOT}", root), p)
        elif "hardlink" in e:
            os.link(os.path.join(root, e["hardlink"]), p)
        elif "dir" in e:
            os.makedirs(p, exist_ok=True)
    return root


# ---------------------------------------------------------------- manifest


def subst(v, base_url):
    return v.replace("${BASE_URL}", base_url) if isinstance(v, str) else v


def manifest_for(case, base_url, fixture=None):
    wasm = []
    for w in case["wasm"]:
        if isinstance(w, str):
            wasm.append({"path": os.path.join(WASM_DIR, w)})
        else:
            e = {"path": os.path.join(WASM_DIR, w["file"])}
            if "name" in w:
                e["name"] = w["name"]
            if "hash" in w:
                e["hash"] = w["hash"]
            wasm.append(e)
    m = {"wasm": wasm}
    if "config" in case:
        m["config"] = {k: subst(v, base_url) for k, v in case["config"].items()}
    if "allowed_hosts" in case:
        m["allowed_hosts"] = case["allowed_hosts"]
    if "allowed_paths" in case:
        ap = {}
        for host, guest in case["allowed_paths"].items():
            ro = host.startswith("ro:")
            rel = host[3:] if ro else host
            if fixture:
                rel = rel.replace("${FIXTURE}", fixture)
            p = os.path.join(HERE, rel)
            ap[("ro:" if ro else "") + p] = guest
        m["allowed_paths"] = ap
    if "timeout_ms" in case:
        m["timeout_ms"] = case["timeout_ms"]
    mem = {}
    for k in ("max_pages", "max_var_bytes", "max_http_response_bytes"):
        if k in case:
            mem[k] = case[k]
    if mem:
        m["memory"] = mem
    return m


def case_input(case):
    if "input_b64" in case:
        return base64.b64decode(case["input_b64"])
    return case.get("input", "").encode("utf-8")



# Outputs above this size are recorded by SHA-256 and length, to keep results.json small;
# the Java test hashes its own output and compares.
LARGE_OUTPUT = 64 * 1024


def output_entry(data):
    if len(data) > LARGE_OUTPUT:
        return {"output_sha256": hashlib.sha256(data).hexdigest(), "output_length": len(data)}
    return {"output_b64": base64.b64encode(data).decode()}

def run_case(case, base_url):
    calls = case.get("calls", 1)
    KV.clear()
    functions = [kv_read, kv_write] if case.get("host_functions") == "kv" else []
    fixture = make_fixture(case["fixture"]) if "fixture" in case else None
    try:
        return run_calls(case, base_url, calls, functions, fixture)
    finally:
        if fixture:
            shutil.rmtree(fixture)


def run_calls(case, base_url, calls, functions, fixture):
    try:
        plugin = extism.Plugin(manifest_for(case, base_url, fixture), wasi=bool(case.get("wasi", False)),
                               functions=functions)
    except Exception as e:  # load failure
        # "stage": "load" tells a reader that creating the plug-in failed, not a call.
        return [{"output_b64": None, "error": str(e), "error_kind": "other", "stage": "load"}
                for _ in range(calls)]
    out = []
    data = case_input(case)
    new_log_text()
    for _ in range(calls):
        try:
            res = plugin.call(case["export"], data)
            out.append(output_entry(bytes(res)))
        except Exception as e:
            msg = str(e)
            log = new_log_text()
            cause = log_cause(log)
            code = log_exit_code(log)
            entry = {"output_b64": None, "error": msg, "error_kind": classify_with_log(msg, cause, code)}
            if cause and cause != msg:
                entry["cause"] = cause.replace(base_url, "${BASE_URL}")
            if code:
                entry["exit_code"] = code
            out.append(entry)
    del plugin
    return out


def main():
    args = sys.argv[1:]
    only = None
    if "--only" in args:
        only = args[args.index("--only") + 1]
    cases = []
    for name in ("cases.json", "cases.extra.json"):
        p = os.path.join(HERE, name)
        if os.path.exists(p):
            with open(p) as f:
                cases.extend(json.load(f))
    ids = [c["id"] for c in cases]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        sys.exit("duplicate case ids: %s" % sorted(dup))
    extism.set_log_file(LOG_PATH, "debug")
    srv, base_url = start_server()
    path = os.path.join(HERE, "expected", "results.json")
    results = {}
    if only and os.path.exists(path):
        with open(path) as f:
            results = json.load(f).get("results", {})
    for c in cases:
        if only and not c["id"].startswith(only):
            continue
        r = run_case(c, base_url)
        for e in r:
            if e.get("output_b64") and base_url.encode() in base64.b64decode(e["output_b64"]):
                print("WARNING: output of %s contains the server port" % c["id"], file=sys.stderr)
            if e.get("error"):
                e["error"] = e["error"].replace(base_url, "${BASE_URL}")
        results[c["id"]] = r
        if "--print" in args:
            print(c["id"], json.dumps(r)[:300])
    results = {c["id"]: results[c["id"]] for c in cases if c["id"] in results}
    doc = {
        "extism_version": extism.extism_version(),
        "recorded_with": "python extism %s" % _pkg_version(),
        "results": results,
    }
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=False)
        f.write("\n")
    srv.shutdown()
    try:
        os.remove(LOG_PATH)
    except OSError:
        pass
    print("recorded %d cases into %s" % (len(results), os.path.relpath(path)))


def _pkg_version():
    try:
        from importlib.metadata import version
        return version("extism")
    except Exception:
        return "unknown"


if __name__ == "__main__":
    main()
