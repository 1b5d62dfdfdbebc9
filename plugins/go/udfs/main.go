// udfs: row-style functions a database user would write.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"

	"github.com/extism/go-pdk"
)

// trim, lowercase, collapse runs of whitespace to one space
//
//go:wasmexport normalize
func normalize() int32 {
	pdk.OutputString(strings.Join(strings.Fields(strings.ToLower(pdk.InputString())), " "))
	return 0
}

// lowercase words split on anything that is not a letter or digit, as a JSON array
//
//go:wasmexport tokenize
func tokenize() int32 {
	toks := strings.FieldsFunc(strings.ToLower(pdk.InputString()), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if toks == nil {
		toks = []string{}
	}
	out, _ := json.Marshal(toks)
	pdk.Output(out)
	return 0
}

// sha256 of the input bytes, lowercase hex
//
//go:wasmexport checksum
func checksum() int32 {
	sum := sha256.Sum256(pdk.Input())
	pdk.OutputString(hex.EncodeToString(sum[:]))
	return 0
}

// input {"doc": {...}, "path": "a.b.0"} -> the value at path, as JSON
//
//go:wasmexport json_extract
func jsonExtract() int32 {
	var req struct {
		Doc  json.RawMessage `json:"doc"`
		Path string          `json:"path"`
	}
	if err := json.Unmarshal(pdk.Input(), &req); err != nil {
		pdk.SetErrorString("invalid JSON input: " + err.Error())
		return 1
	}
	dec := json.NewDecoder(bytes.NewReader(req.Doc))
	dec.UseNumber()
	var cur any
	if err := dec.Decode(&cur); err != nil {
		pdk.SetErrorString("invalid JSON input: " + err.Error())
		return 1
	}
	if req.Path != "" {
		for _, part := range strings.Split(req.Path, ".") {
			switch v := cur.(type) {
			case map[string]any:
				next, ok := v[part]
				if !ok {
					pdk.SetErrorString("no such path: " + req.Path)
					return 1
				}
				cur = next
			case []any:
				i, err := strconv.Atoi(part)
				if err != nil || i < 0 || i >= len(v) {
					pdk.SetErrorString("no such path: " + req.Path)
					return 1
				}
				cur = v[i]
			default:
				pdk.SetErrorString("no such path: " + req.Path)
				return 1
			}
		}
	}
	out, _ := json.Marshal(cur)
	pdk.Output(out)
	return 0
}

// aggregate: adds the input number to the running sum kept in vars; output {"n":calls,"sum":s}
//
//go:wasmexport running_sum
func runningSum() int32 {
	x, err := strconv.ParseFloat(strings.TrimSpace(pdk.InputString()), 64)
	if err != nil {
		pdk.SetErrorString("invalid input: not a number")
		return 1
	}
	sum := 0.0
	if b := pdk.GetVar("sum"); b != nil {
		sum, _ = strconv.ParseFloat(string(b), 64)
	}
	n := pdk.GetVarInt("n") + 1
	sum += x
	pdk.SetVar("sum", []byte(strconv.FormatFloat(sum, 'g', -1, 64)))
	pdk.SetVarInt("n", n)
	pdk.OutputString(`{"n":` + strconv.Itoa(n) + `,"sum":` + strconv.FormatFloat(sum, 'g', -1, 64) + `}`)
	return 0
}

func main() {}
