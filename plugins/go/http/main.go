// http: GET and POST against config "base_url" through the host's http_request.
package main

import (
	"encoding/json"

	"github.com/extism/go-pdk"
)

type result struct {
	Status  uint16 `json:"status"`
	Body    string `json:"body"`
	Headers int    `json:"header_count"`
	XTest   string `json:"x_test"`
}

func send(req *pdk.HTTPRequest) int32 {
	res := req.Send()
	h := res.Headers()
	out, _ := json.Marshal(result{Status: res.Status(), Body: string(res.Body()), Headers: len(h), XTest: h["x-test"]})
	pdk.Output(out)
	return 0
}

func baseURL() string {
	u, _ := pdk.GetConfig("base_url")
	return u
}

// input = path, e.g. "/hello"
//
//go:wasmexport http_get
func httpGet() int32 {
	return send(pdk.NewHTTPRequest(pdk.MethodGet, baseURL()+pdk.InputString()))
}

// input = body, posted to /echo with a custom header
//
//go:wasmexport http_post
func httpPost() int32 {
	req := pdk.NewHTTPRequest(pdk.MethodPost, baseURL()+"/echo")
	req.SetHeader("content-type", "text/plain")
	req.SetHeader("x-plugin", "wasmudf-corpus")
	req.SetBody(pdk.Input())
	return send(req)
}

func main() {}
