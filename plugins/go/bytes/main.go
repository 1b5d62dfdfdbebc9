// bytes: large inputs and outputs.
package main

import (
	"strconv"
	"strings"

	"github.com/extism/go-pdk"
)

// input = decimal byte count N; output = N bytes cycling through "0123456789abcdef"
//
//go:wasmexport repeat
func repeat() int32 {
	n, err := strconv.Atoi(strings.TrimSpace(pdk.InputString()))
	if err != nil || n < 0 {
		pdk.SetErrorString("invalid input: expected a byte count")
		return 1
	}
	const pat = "0123456789abcdef"
	out := make([]byte, n)
	for i := range out {
		out[i] = pat[i%len(pat)]
	}
	pdk.Output(out)
	return 0
}

// output = input bytes reversed
//
//go:wasmexport reverse
func reverse() int32 {
	in := pdk.Input()
	out := make([]byte, len(in))
	for i, b := range in {
		out[len(in)-1-i] = b
	}
	pdk.Output(out)
	return 0
}

// output = decimal length of the input
//
//go:wasmexport input_size
func inputSize() int32 {
	pdk.OutputString(strconv.Itoa(len(pdk.Input())))
	return 0
}

func main() {}
