// go_kv: a counter kept by the host through user host functions
// kv_read/kv_write (namespace extism:host/user).
package main

import (
	"encoding/binary"
	"strconv"
	"strings"

	pdk "github.com/extism/go-pdk"
)

//go:wasmimport extism:host/user kv_read
func kvRead(key uint64) uint64

//go:wasmimport extism:host/user kv_write
func kvWrite(key uint64, value uint64)

// kv_count: reads "count" (u32 LE) from the host, adds the number of vowels
// (aeiouAEIOU) of the input, writes it back and returns JSON.
//
//go:wasmexport kv_count
func kvCount() int32 {
	input := pdk.InputString()
	n := 0
	for _, r := range input {
		if strings.ContainsRune("aeiouAEIOU", r) {
			n++
		}
	}
	key := pdk.AllocateString("count")
	h := kvRead(key.Offset())
	mem := pdk.FindMemory(h)
	buf := mem.ReadBytes()
	var prev uint32
	if len(buf) >= 4 {
		prev = binary.LittleEndian.Uint32(buf)
	}
	next := prev + uint32(n)
	out := make([]byte, 4)
	binary.LittleEndian.PutUint32(out, next)
	val := pdk.AllocateBytes(out)
	kvWrite(pdk.AllocateString("count").Offset(), val.Offset())
	pdk.OutputString(`{"vowels":` + strconv.Itoa(n) + `,"previous":` + strconv.FormatUint(uint64(prev), 10) +
		`,"count":` + strconv.FormatUint(uint64(next), 10) + `}`)
	return 0
}

func main() {}
