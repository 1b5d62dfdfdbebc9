// go_state: state kept in Extism vars across calls on one plug-in instance,
// logging at every level, and error reporting.
package main

import (
	"errors"
	"strconv"
	"strings"

	pdk "github.com/extism/go-pdk"
)

// running_sum: adds the whitespace-separated numbers of the input to var "sum"
// (a decimal string) and var "n" (count of numbers seen); returns JSON.
//
//go:wasmexport running_sum
func runningSum() int32 {
	sum := 0.0
	if b := pdk.GetVar("sum"); b != nil {
		sum, _ = strconv.ParseFloat(string(b), 64)
	}
	n := pdk.GetVarInt("n")
	for _, f := range strings.Fields(pdk.InputString()) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			pdk.SetErrorString("running_sum: not a number: " + strconv.Quote(f))
			return 1
		}
		sum += v
		n++
	}
	pdk.SetVar("sum", []byte(strconv.FormatFloat(sum, 'g', -1, 64)))
	pdk.SetVarInt("n", n)
	avg := 0.0
	if n > 0 {
		avg = sum / float64(n)
	}
	pdk.OutputString(`{"n":` + strconv.Itoa(n) + `,"sum":` + strconv.FormatFloat(sum, 'g', -1, 64) +
		`,"avg":` + strconv.FormatFloat(avg, 'g', -1, 64) + `}`)
	return 0
}

// reset_sum: removes vars "sum" and "n" (var_set with a null value).
//
//go:wasmexport reset_sum
func resetSum() int32 {
	pdk.RemoveVar("sum")
	pdk.RemoveVar("n")
	pdk.OutputString("reset")
	return 0
}

// call_count: increments var "calls" (u64 LE via SetVarInt) and returns it.
//
//go:wasmexport call_count
func callCount() int32 {
	c := pdk.GetVarInt("calls") + 1
	pdk.SetVarInt("calls", c)
	pdk.OutputString(strconv.Itoa(c))
	return 0
}

// store_var: input "<key>=<value>": sets var key to value; the output reports
// the previous value. An empty value removes the var.
//
//go:wasmexport store_var
func storeVar() int32 {
	in := pdk.InputString()
	i := strings.IndexByte(in, '=')
	if i < 0 {
		pdk.SetErrorString("store_var: expected key=value")
		return 1
	}
	k, v := in[:i], in[i+1:]
	prev := pdk.GetVar(k)
	if v == "" {
		pdk.RemoveVar(k)
	} else {
		pdk.SetVar(k, []byte(v))
	}
	if prev == nil {
		pdk.OutputString("prev=<none>")
	} else {
		pdk.OutputString("prev=" + string(prev))
	}
	return 0
}

// big_var: stores var "blob" holding N bytes (N = decimal input), to hit memory.max_var_bytes.
//
//go:wasmexport big_var
func bigVar() int32 {
	n, err := strconv.Atoi(pdk.InputString())
	if err != nil || n < 0 {
		pdk.SetErrorString("big_var: bad size")
		return 1
	}
	pdk.SetVar("blob", []byte(strings.Repeat("v", n)))
	got := pdk.GetVar("blob")
	pdk.OutputString("stored " + strconv.Itoa(len(got)))
	return 0
}

// log_all: logs the input once at each level (trace..error); returns the names of the levels.
//
//go:wasmexport log_all
func logAll() int32 {
	msg := pdk.InputString()
	pdk.Log(pdk.LogTrace, "trace: "+msg)
	pdk.Log(pdk.LogDebug, "debug: "+msg)
	pdk.Log(pdk.LogInfo, "info: "+msg)
	pdk.Log(pdk.LogWarn, "warn: "+msg)
	pdk.Log(pdk.LogError, "error: "+msg)
	pdk.OutputString("logged 5 messages")
	return 0
}

// fail: sets the input as the error message and returns 1.
//
//go:wasmexport fail
func fail() int32 {
	pdk.SetError(errors.New(pdk.InputString()))
	return 1
}

// fail_code: sets an error message and returns 7.
//
//go:wasmexport fail_code
func failCode() int32 {
	pdk.SetErrorString("failed with code 7")
	return 7
}

// rc_only: returns 5 without an error message.
//
//go:wasmexport rc_only
func rcOnly() int32 {
	pdk.OutputString("partial output")
	return 5
}

// error_rc0: sets an error message but returns 0.
//
//go:wasmexport error_rc0
func errorRc0() int32 {
	pdk.OutputString("output before error")
	pdk.SetErrorString("error set, but returned 0")
	return 0
}

// go_panic: a Go panic (the Go runtime aborts; a trap for the host).
//
//go:wasmexport go_panic
func goPanic() int32 {
	var m map[string]int
	m["boom"] = 1
	return 0
}

func main() {}
