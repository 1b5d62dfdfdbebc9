// wasi_file: reads the file whose (guest) path is the input, through WASI and allowed_paths.
package main

import (
	"os"
	"strings"

	"github.com/extism/go-pdk"
)

//go:wasmexport read_file
func readFile() int32 {
	data, err := os.ReadFile(strings.TrimSpace(pdk.InputString()))
	if err != nil {
		pdk.SetError(err)
		return 1
	}
	pdk.Output(data)
	return 0
}

// lists the directory given as input, one name per line (sorted by os.ReadDir)
//
//go:wasmexport list_dir
func listDir() int32 {
	entries, err := os.ReadDir(strings.TrimSpace(pdk.InputString()))
	if err != nil {
		pdk.SetError(err)
		return 1
	}
	var b strings.Builder
	for _, e := range entries {
		b.WriteString(e.Name())
		b.WriteString("\n")
	}
	pdk.OutputString(b.String())
	return 0
}

// input "path\ncontent": writes content to path (used against a read-only preopen)
//
//go:wasmexport write_file
func writeFile() int32 {
	in := pdk.InputString()
	i := strings.IndexByte(in, '\n')
	if i < 0 {
		pdk.SetErrorString("input must not be empty")
		return 1
	}
	if err := os.WriteFile(in[:i], []byte(in[i+1:]), 0o644); err != nil {
		pdk.SetError(err)
		return 1
	}
	pdk.OutputString("written")
	return 0
}

func main() {}
