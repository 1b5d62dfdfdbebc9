/* Declarations of the Extism kernel imports (module extism:host/env), written for this corpus. */
#pragma once
#include <stdint.h>

#define EXTISM_IMPORT(name) __attribute__((import_module("extism:host/env"), import_name(name)))

typedef uint64_t ExtismHandle;

EXTISM_IMPORT("input_length") extern uint64_t extism_input_length(void);
EXTISM_IMPORT("input_load_u8") extern uint8_t extism_input_load_u8(uint64_t);
EXTISM_IMPORT("input_load_u64") extern uint64_t extism_input_load_u64(uint64_t);
EXTISM_IMPORT("alloc") extern ExtismHandle extism_alloc(uint64_t);
EXTISM_IMPORT("free") extern void extism_free(ExtismHandle);
EXTISM_IMPORT("length") extern uint64_t extism_length(ExtismHandle);
EXTISM_IMPORT("store_u8") extern void extism_store_u8(ExtismHandle, uint8_t);
EXTISM_IMPORT("store_u64") extern void extism_store_u64(ExtismHandle, uint64_t);
EXTISM_IMPORT("load_u8") extern uint8_t extism_load_u8(ExtismHandle);
EXTISM_IMPORT("output_set") extern void extism_output_set(ExtismHandle, uint64_t);
EXTISM_IMPORT("error_set") extern void extism_error_set(ExtismHandle);
EXTISM_IMPORT("config_get") extern ExtismHandle extism_config_get(ExtismHandle);
EXTISM_IMPORT("log_info") extern void extism_log_info(ExtismHandle);

/* copy guest bytes into a new kernel block */
static ExtismHandle to_kernel(const void *p, uint64_t n) {
  ExtismHandle h = extism_alloc(n);
  const uint8_t *b = (const uint8_t *)p;
  uint64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, b + i, 8);
    extism_store_u64(h + i, w);
  }
  for (; i < n; i++) extism_store_u8(h + i, b[i]);
  return h;
}

/* read the whole input into buf (caller frees); returns its length */
static uint64_t read_input(uint8_t **buf);

#include <stdlib.h>
static uint64_t read_input(uint8_t **buf) {
  uint64_t n = extism_input_length();
  uint8_t *b = (uint8_t *)malloc(n + 1);
  uint64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = extism_input_load_u64(i);
    __builtin_memcpy(b + i, &w, 8);
  }
  for (; i < n; i++) b[i] = extism_input_load_u8(i);
  b[n] = 0;
  *buf = b;
  return n;
}

static void output_bytes(const void *p, uint64_t n) { extism_output_set(to_kernel(p, n), n); }
