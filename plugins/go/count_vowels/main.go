// count_vowels: the classic Extism example, written for wasmudf.
// Counts the vowels of the input; the vowel set comes from config key
// "vowels" (default "aeiouAEIOU"); a running total is kept in var "total".
package main

import (
	"strconv"
	"strings"

	pdk "github.com/extism/go-pdk"
)

//go:wasmexport count_vowels
func countVowels() int32 {
	input := pdk.InputString()
	vowels, ok := pdk.GetConfig("vowels")
	if !ok {
		vowels = "aeiouAEIOU"
	}
	count := 0
	for _, r := range input {
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
	pdk.OutputString(`{"count":` + strconv.Itoa(count) + `,"total":` + strconv.Itoa(total) + `,"vowels":` + strconv.Quote(vowels) + `}`)
	return 0
}

func main() {}
