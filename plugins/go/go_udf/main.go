// go_udf: row-style scalar UDFs a database user would write, one export each.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash/crc32"
	"strconv"
	"strings"
	"unicode"

	pdk "github.com/extism/go-pdk"
)

// greet: "<greeting>, <input>!" with config key "greeting" (default "Hello").
//
//go:wasmexport greet
func greet() int32 {
	g, ok := pdk.GetConfig("greeting")
	if !ok {
		g = "Hello"
	}
	pdk.OutputString(g + ", " + pdk.InputString() + "!")
	return 0
}

// normalize: trim, lower-case and collapse runs of white space to one blank.
//
//go:wasmexport normalize
func normalize() int32 {
	fields := strings.FieldsFunc(pdk.InputString(), unicode.IsSpace)
	pdk.OutputString(strings.ToLower(strings.Join(fields, " ")))
	return 0
}

// tokenize: JSON array of lower-cased word tokens (letters and digits).
//
//go:wasmexport tokenize
func tokenize() int32 {
	toks := strings.FieldsFunc(strings.ToLower(pdk.InputString()), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if toks == nil {
		toks = []string{}
	}
	if err := pdk.OutputJSON(toks); err != nil {
		pdk.SetError(err)
		return 1
	}
	return 0
}

// sha256_hex: lower-case hex SHA-256 of the input bytes.
//
//go:wasmexport sha256_hex
func sha256Hex() int32 {
	sum := sha256.Sum256(pdk.Input())
	pdk.OutputString(hex.EncodeToString(sum[:]))
	return 0
}

// crc32: IEEE CRC-32 of the input bytes, as a decimal string.
//
//go:wasmexport crc32
func crc32Export() int32 {
	pdk.OutputString(strconv.FormatUint(uint64(crc32.ChecksumIEEE(pdk.Input())), 10))
	return 0
}

type extractReq struct {
	Doc  json.RawMessage `json:"doc"`
	Path string          `json:"path"`
}

// json_extract: input {"doc": <any JSON>, "path": "a.b.0.c"}; output the JSON value
// at the dotted path (array elements by index); a missing path is an error.
//
//go:wasmexport json_extract
func jsonExtract() int32 {
	var req extractReq
	if err := pdk.InputJSON(&req); err != nil {
		pdk.SetErrorString("json_extract: bad input: " + err.Error())
		return 1
	}
	var cur any
	if err := json.Unmarshal(req.Doc, &cur); err != nil {
		pdk.SetErrorString("json_extract: bad doc: " + err.Error())
		return 1
	}
	if req.Path != "" {
		for _, part := range strings.Split(req.Path, ".") {
			switch v := cur.(type) {
			case map[string]any:
				next, ok := v[part]
				if !ok {
					pdk.SetError(errors.New("json_extract: no key " + strconv.Quote(part)))
					return 2
				}
				cur = next
			case []any:
				i, err := strconv.Atoi(part)
				if err != nil || i < 0 || i >= len(v) {
					pdk.SetError(errors.New("json_extract: bad index " + strconv.Quote(part)))
					return 2
				}
				cur = v[i]
			default:
				pdk.SetError(errors.New("json_extract: cannot descend into a scalar at " + strconv.Quote(part)))
				return 2
			}
		}
	}
	if err := pdk.OutputJSON(cur); err != nil {
		pdk.SetError(err)
		return 1
	}
	return 0
}

// repeat: input "<K>:<text>" -> text repeated K times (large outputs).
//
//go:wasmexport repeat
func repeat() int32 {
	in := pdk.Input()
	i := strings.IndexByte(string(in), ':')
	if i < 0 {
		pdk.SetErrorString("repeat: expected K:text")
		return 1
	}
	k, err := strconv.Atoi(string(in[:i]))
	if err != nil || k < 0 {
		pdk.SetErrorString("repeat: bad count")
		return 1
	}
	body := in[i+1:]
	out := make([]byte, 0, len(body)*k)
	for j := 0; j < k; j++ {
		out = append(out, body...)
	}
	pdk.Output(out)
	return 0
}

// reverse_bytes: the input bytes in reverse order (large inputs).
//
//go:wasmexport reverse_bytes
func reverseBytes() int32 {
	in := pdk.Input()
	out := make([]byte, len(in))
	for i, b := range in {
		out[len(in)-1-i] = b
	}
	pdk.Output(out)
	return 0
}

// byte_len: the input length in bytes as a decimal string (large inputs, small output).
//
//go:wasmexport byte_len
func byteLen() int32 {
	pdk.OutputString(strconv.Itoa(len(pdk.Input())))
	return 0
}

func main() {}
