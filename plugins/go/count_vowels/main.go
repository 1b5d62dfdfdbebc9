// count_vowels: the Extism classic. Vowels come from config "vowels" (default "aeiouAEIOU");
// a running total across calls is kept in the var "total".
package main

import (
	"strconv"
	"strings"

	"github.com/extism/go-pdk"
)

//go:wasmexport count_vowels
func countVowels() int32 {
	vowels, ok := pdk.GetConfig("vowels")
	if !ok {
		vowels = "aeiouAEIOU"
	}
	count := 0
	for _, r := range pdk.InputString() {
		if strings.ContainsRune(vowels, r) {
			count++
		}
	}
	total := 0
	if b := pdk.GetVar("total"); b != nil {
		total, _ = strconv.Atoi(string(b))
	}
	total += count
	pdk.SetVar("total", []byte(strconv.Itoa(total)))
	out := `{"count":` + strconv.Itoa(count) + `,"total":` + strconv.Itoa(total) + `,"vowels":` + strconv.Quote(vowels) + `}`
	pdk.OutputString(out)
	return 0
}

func main() {}
