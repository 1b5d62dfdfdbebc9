// greet: config-driven greeting, a log line at every level, and an error with a message and code 7.
package main

import (
	"github.com/extism/go-pdk"
)

//go:wasmexport greet
func greet() int32 {
	name := pdk.InputString()
	if name == "" {
		pdk.SetErrorString("input must not be empty")
		return 1
	}
	greeting, ok := pdk.GetConfig("greeting")
	if !ok {
		greeting = "Hello"
	}
	pdk.OutputString(greeting + ", " + name + "!")
	return 0
}

//go:wasmexport log_all
func logAll() int32 {
	msg := pdk.InputString()
	pdk.Log(pdk.LogTrace, "trace: "+msg)
	pdk.Log(pdk.LogDebug, "debug: "+msg)
	pdk.Log(pdk.LogInfo, "info: "+msg)
	pdk.Log(pdk.LogWarn, "warn: "+msg)
	pdk.Log(pdk.LogError, "error: "+msg)
	pdk.OutputString("logged 5 lines")
	return 0
}

//go:wasmexport fail
func fail() int32 {
	pdk.SetErrorString("something went wrong: code 7")
	return 7
}

//go:wasmexport fail_silent
func failSilent() int32 {
	return 7
}

// never returns: for timeout_ms tests inside Go code
//
//go:wasmexport busy
func busy() int32 {
	n := uint64(0)
	for {
		n++
		if n == 0 {
			break
		}
	}
	pdk.OutputString("unreachable")
	return 0
}

func main() {}
