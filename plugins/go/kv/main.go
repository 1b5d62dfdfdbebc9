// kv: a counter kept by the host through the kv_read/kv_write host functions (extism:host/user).
package main

import (
	"encoding/binary"
	"strconv"

	"github.com/extism/go-pdk"
)

//go:wasmimport extism:host/user kv_read
func kvRead(key uint64) uint64

//go:wasmimport extism:host/user kv_write
func kvWrite(key uint64, value uint64)

// input = key name; the stored value is a little-endian u32 count
//
//go:wasmexport kv_counter
func kvCounter() int32 {
	key := pdk.AllocateString("count:" + pdk.InputString())
	mem := pdk.FindMemory(kvRead(key.Offset()))
	buf := make([]byte, 4)
	if mem.Length() >= 4 {
		mem.Load(buf)
	}
	n := binary.LittleEndian.Uint32(buf) + 1
	binary.LittleEndian.PutUint32(buf, n)
	key2 := pdk.AllocateString("count:" + pdk.InputString())
	val := pdk.AllocateBytes(buf)
	kvWrite(key2.Offset(), val.Offset())
	pdk.OutputString(pdk.InputString() + "=" + strconv.Itoa(int(n)))
	return 0
}

func main() {}
