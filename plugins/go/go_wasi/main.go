// go_wasi: file access through WASI preopens (manifest allowed_paths).
package main

import (
	"os"
	"sort"
	"strings"

	pdk "github.com/extism/go-pdk"
)

// read_file: the contents of the file whose guest path is the input.
//
//go:wasmexport read_file
func readFile() int32 {
	b, err := os.ReadFile(pdk.InputString())
	if err != nil {
		pdk.SetErrorString("read_file: " + err.Error())
		return 1
	}
	pdk.Output(b)
	return 0
}

// list_dir: sorted names in the guest directory given as input, one per line.
//
//go:wasmexport list_dir
func listDir() int32 {
	ents, err := os.ReadDir(pdk.InputString())
	if err != nil {
		pdk.SetErrorString("list_dir: " + err.Error())
		return 1
	}
	names := make([]string, 0, len(ents))
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	pdk.OutputString(strings.Join(names, "\n"))
	return 0
}

// write_file: input "<path>\n<content>"; writes the file (fails on read-only or unmapped paths).
//
//go:wasmexport write_file
func writeFile() int32 {
	in := pdk.InputString()
	i := strings.IndexByte(in, '\n')
	if i < 0 {
		pdk.SetErrorString("write_file: expected path\\ncontent")
		return 1
	}
	if err := os.WriteFile(in[:i], []byte(in[i+1:]), 0o644); err != nil {
		pdk.SetErrorString("write_file: " + err.Error())
		return 1
	}
	pdk.OutputString("wrote " + in[:i])
	return 0
}

func main() {}
