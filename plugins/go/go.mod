module wasmudf/plugins/go

go 1.24

toolchain go1.26.8

require github.com/extism/go-pdk v1.1.3
