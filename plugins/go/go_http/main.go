// go_http: HTTP through the host (allowed_hosts). The base URL comes from config "base_url".
package main

import (
	"strconv"

	pdk "github.com/extism/go-pdk"
)

func base() string {
	b, _ := pdk.GetConfig("base_url")
	return b
}

func report(res pdk.HTTPResponse) {
	pdk.OutputString(`{"status":` + strconv.Itoa(int(res.Status())) + `,"body":` + strconv.Quote(string(res.Body())) + `}`)
}

// http_get: GET base_url + input (input is a path such as "/hello").
//
//go:wasmexport http_get
func httpGet() int32 {
	report(pdk.NewHTTPRequest(pdk.MethodGet, base()+pdk.InputString()).Send())
	return 0
}

// http_post: POST the input as body to base_url/echo with header x-client: wasmudf.
//
//go:wasmexport http_post
func httpPost() int32 {
	req := pdk.NewHTTPRequest(pdk.MethodPost, base()+"/echo")
	req.SetHeader("x-client", "wasmudf")
	req.SetHeader("content-type", "text/plain")
	req.SetBody(pdk.Input())
	report(req.Send())
	return 0
}

// http_get_url: GET of the full URL given as input (for denied hosts).
//
//go:wasmexport http_get_url
func httpGetURL() int32 {
	report(pdk.NewHTTPRequest(pdk.MethodGet, pdk.InputString()).Send())
	return 0
}

func main() {}
