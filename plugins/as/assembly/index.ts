// as_udf: wasmudf test plug-in in AssemblyScript with the Extism AS PDK (@extism/as-pdk).
import { Config, Host, LogLevel, Memory, Var } from "@extism/as-pdk";
import { error_set } from "@extism/as-pdk/lib/env";

const PREFIX = "AssemblyScript plug-in error: ";

// Sets the Extism error message of the current call.
function setError(msg: string): void {
  error_set(Memory.allocateString(PREFIX + msg).offset);
}

// The abort handler (asc --use abort=...): a failed assertion or runtime error
// becomes an Extism error message, then the module traps.
function myAbort(message: string | null, fileName: string | null, lineNumber: u32, columnNumber: u32): void {
  const m = message == null ? "abort" : message!;
  const f = fileName == null ? "?" : fileName!;
  setError("abort: " + m + " at " + f + ":" + lineNumber.toString() + ":" + columnNumber.toString());
  unreachable();
}

// Counts the vowels of the input (config "vowels", default "aeiouAEIOU") and keeps a
// running total in var "as_total" (decimal string); returns JSON.
export function as_count_vowels(): i32 {
  const input = Host.inputString();
  let vowels = Config.get("vowels");
  if (vowels == null) vowels = "aeiouAEIOU";
  const v = vowels!;
  let count = 0;
  for (let i = 0; i < input.length; i++) {
    if (v.indexOf(input.charAt(i)) >= 0) count++;
  }
  let total: i64 = 0;
  const prev = Var.getString("as_total");
  if (prev != null) total = I64.parseInt(prev!);
  total += count;
  Var.set("as_total", Uint8Array.wrap(String.UTF8.encode(total.toString())));
  Host.outputString('{"count":' + count.toString() + ',"total":' + total.toString() + ',"vowels":"' + v + '"}');
  return 0;
}

// Upper-cases the input (ASCII and Unicode via String#toUpperCase).
export function as_uppercase(): i32 {
  Host.outputString(Host.inputString().toUpperCase());
  return 0;
}

// Reverses the order of the blank-separated words of the input.
export function as_reverse_words(): i32 {
  const words = Host.inputString().split(" ");
  words.reverse();
  Host.outputString(words.join(" "));
  return 0;
}

// Returns the input bytes unchanged (binary-safe echo through Host.input/Host.output).
export function as_echo_bytes(): i32 {
  Host.output(Host.input());
  return 0;
}

// "<greeting>, <input>!" with config "greeting" (default "Hi").
export function as_greet(): i32 {
  let g = Config.get("greeting");
  if (g == null) g = "Hi";
  Host.outputString(g! + ", " + Host.inputString() + "!");
  return 0;
}

// Increments var "as_calls" (decimal string) and returns it; an input of "reset" removes the var first.
export function as_counter(): i32 {
  if (Host.inputString() == "reset") Var.remove("as_calls");
  let n: i64 = 0;
  const prev = Var.getString("as_calls");
  if (prev != null) n = I64.parseInt(prev!);
  n++;
  Var.set("as_calls", Uint8Array.wrap(String.UTF8.encode(n.toString())));
  Host.outputString(n.toString());
  return 0;
}

// Logs the input at info, debug, warn and error (the AS PDK has these four).
export function as_log(): i32 {
  const s = Host.inputString();
  Host.log(LogLevel.Info, "as info: " + s);
  Host.log(LogLevel.Debug, "as debug: " + s);
  Host.log(LogLevel.Warn, "as warn: " + s);
  Host.log(LogLevel.Error, "as error: " + s);
  Host.outputString("logged 4 messages");
  return 0;
}

// Validates that the input is a non-negative integer; otherwise an error and return code 2.
export function as_parse_int(): i32 {
  const s = Host.inputString();
  if (s.length == 0) {
    setError("empty input");
    return 2;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) {
      setError("not a number: " + s);
      return 2;
    }
  }
  Host.outputString((I64.parseInt(s) * 2).toString());
  return 0;
}

// A failed assertion: goes through myAbort (error message + trap).
export function as_assert(): i32 {
  const s = Host.inputString();
  assert(s.length > 100, "input too short");
  Host.outputString(s);
  return 0;
}
