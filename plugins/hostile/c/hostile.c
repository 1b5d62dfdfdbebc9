/* Hostile plug-ins that attack the Extism kernel ABI: impossible allocations, offsets outside
 * kernel memory, giant errors, outputs and var stores. Freestanding (no WASI, no libc): every
 * export reports what the kernel answered as text, so two runtimes can be compared byte by byte. */
#include <stdint.h>

#define IMPORT(name) __attribute__((import_module("extism:host/env"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("alloc") uint64_t k_alloc(uint64_t);
IMPORT("free") void k_free(uint64_t);
IMPORT("length") uint64_t k_length(uint64_t);
IMPORT("load_u8") uint32_t k_load_u8(uint64_t);
IMPORT("load_u64") uint64_t k_load_u64(uint64_t);
IMPORT("store_u8") void k_store_u8(uint64_t, uint32_t);
IMPORT("store_u64") void k_store_u64(uint64_t, uint64_t);
IMPORT("input_length") uint64_t k_input_length(void);
IMPORT("input_load_u8") uint32_t k_input_load_u8(uint64_t);
IMPORT("input_load_u64") uint64_t k_input_load_u64(uint64_t);
IMPORT("output_set") void k_output_set(uint64_t, uint64_t);
IMPORT("error_set") void k_error_set(uint64_t);
IMPORT("var_set") void k_var_set(uint64_t, uint64_t);
IMPORT("var_get") uint64_t k_var_get(uint64_t);
IMPORT("memory_bytes") uint64_t k_memory_bytes(void);

#define FAR ((uint64_t)1 << 40)
#define NEG1 ((uint64_t)-1)

/* ---- a small text report, written into guest memory then copied out */
static char report[4096];
static int used;

static void put(const char *s) {
  while (*s && used < (int)sizeof report) report[used++] = *s++;
}

static void put_u64(uint64_t v) {
  char tmp[24];
  int n = 0;
  do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
  while (n && used < (int)sizeof report) report[used++] = tmp[--n];
}

static void field(const char *name, uint64_t v) {
  if (used) put(" ");
  put(name);
  put("=");
  put_u64(v);
}

static uint64_t to_kernel(const char *p, uint64_t n) {
  uint64_t h = k_alloc(n);
  for (uint64_t i = 0; i < n; i++) k_store_u8(h + i, (uint8_t)p[i]);
  return h;
}

static int emit(void) {
  k_output_set(to_kernel(report, used), used);
  return 0;
}

static uint64_t input_number(void) {
  uint64_t n = 0, len = k_input_length();
  for (uint64_t i = 0; i < len; i++) {
    uint32_t c = k_input_load_u8(i);
    if (c < '0' || c > '9') break;
    n = n * 10 + (c - '0');
  }
  return n;
}

/* ---- allocation */

/* alloc(2^63-1): must return 0 and leave the allocator intact */
EXPORT("alloc_max") int alloc_max(void) {
  uint64_t a = k_alloc(INT64_MAX);
  field("a", a);
  field("len_a", k_length(a));
  uint64_t b = k_alloc(16);
  field("b", b);
  field("len_b", k_length(b));
  return emit();
}

/* alloc(2^62): libextism returns a bogus block here; an exact kernel returns 0 */
EXPORT("alloc_2_62") int alloc_2_62(void) {
  uint64_t a = k_alloc((uint64_t)1 << 62);
  field("a", a);
  field("len_a", k_length(a));
  uint64_t b = k_alloc(16);
  field("b", b);
  field("len_b", k_length(b));
  return emit();
}

/* a thousand impossible allocations (sizes near 2^64, 2^63, 2^32) then a real one */
EXPORT("alloc_impossible_loop") int alloc_impossible_loop(void) {
  uint64_t nonzero = 0;
  for (int i = 0; i < 1000; i++) {
    if (k_alloc(NEG1 - (uint64_t)i)) nonzero++;
    if (k_alloc(INT64_MAX - (uint64_t)i)) nonzero++;
  }
  field("nonzero", nonzero);
  uint64_t b = k_alloc(16);
  field("b", b);
  field("len_b", k_length(b));
  return emit();
}

/* allocate 1 MiB blocks until the kernel refuses; input = the most blocks to try */
EXPORT("alloc_until_full") int alloc_until_full(void) {
  uint64_t max = input_number(), n = 0;
  while (n < max && k_alloc(1 << 20)) n++;
  field("blocks", n);
  return emit();
}

/* ---- output_set out of range */

static uint64_t abc(void) { return to_kernel("abcdefgh", 8); }

EXPORT("output_neg_len") int output_neg_len(void) { k_output_set(abc(), NEG1); return 0; }
EXPORT("output_far_offset") int output_far_offset(void) { abc(); k_output_set(FAR, 8); return 0; }
EXPORT("output_far_len") int output_far_len(void) { k_output_set(abc(), FAR); return 0; }
EXPORT("output_wrap") int output_wrap(void) { abc(); k_output_set(NEG1 - 3, 16); return 0; }
EXPORT("output_past_memory") int output_past_memory(void) {
  uint64_t h = abc();
  k_output_set(h, k_memory_bytes());
  return 0;
}

/* ---- loads, stores, length and free outside kernel memory */

EXPORT("probe_load") int probe_load(void) {
  uint64_t end = k_memory_bytes() + 64; /* one past the kernel's linear memory */
  field("far_u8", k_load_u8(FAR));
  field("neg_u8", k_load_u8(NEG1));
  field("neg_u64", k_load_u64(NEG1 - 3));
  field("end_u8", k_load_u8(end));
  field("end1_u8", k_load_u8(end - 1));
  field("end4_u64", k_load_u64(end - 4));
  field("end8_u64", k_load_u64(end - 8));
  field("zero_u64", k_load_u64(0));
  return emit();
}

EXPORT("probe_store") int probe_store(void) {
  uint64_t end = k_memory_bytes() + 64;
  k_store_u8(FAR, 1);
  k_store_u8(NEG1, 1);
  k_store_u64(NEG1 - 3, 0x0101010101010101ull);
  k_store_u64(end - 4, 0x0202020202020202ull);
  k_store_u64(end - 8, 0x0303030303030303ull);
  k_store_u8(end, 4);
  field("end8_u64", k_load_u64(end - 8));
  field("end_u8", k_load_u8(end));
  return emit();
}

EXPORT("probe_length") int probe_length(void) {
  uint64_t h = abc();
  field("far", k_length(FAR));
  field("neg", k_length(NEG1));
  field("zero", k_length(0));
  field("inside", k_length(h + 1));
  field("block", k_length(h));
  return emit();
}

EXPORT("probe_free") int probe_free(void) {
  uint64_t h = abc();
  k_free(FAR);
  k_free(NEG1);
  k_free(h + 1);
  field("block", k_length(h));
  uint64_t b = k_alloc(16);
  field("b", b);
  field("len_b", k_length(b));
  return emit();
}

EXPORT("probe_input") int probe_input(void) {
  uint64_t n = k_input_length();
  field("neg_u8", k_input_load_u8(NEG1));
  field("len_u8", k_input_load_u8(n));
  field("tail_u64", k_input_load_u64(n - 4));
  return emit();
}

/* input_load_u64 at an index near 2^64: libextism's bound check wraps and reads the bytes
 * before the input; an exact kernel answers 0 */
EXPORT("input_wrap") int input_wrap(void) {
  field("neg_u64", k_input_load_u64(NEG1 - 3));
  return emit();
}

/* error_set on offsets that are not blocks, then a non-zero return */
EXPORT("error_far") int error_far(void) { k_error_set(FAR); return 3; }
EXPORT("error_neg") int error_neg(void) { k_error_set(NEG1); return 3; }

/* ---- size attacks */

/* error_set of a message of N MiB (input, default 50): 64 KiB + 1 of two-byte UTF-8, then zeros */
EXPORT("error_huge") int error_huge(void) {
  uint64_t mib = input_number();
  if (!mib) mib = 50;
  uint64_t n = mib << 20;
  uint64_t h = k_alloc(n);
  for (uint64_t i = 0; i + 1 < 65537 && i + 1 < n; i += 2) {
    k_store_u8(h + i, 0xC3);
    k_store_u8(h + i + 1, 0xA9); /* U+00E9 */
  }
  k_error_set(h);
  return 1;
}

/* an output of N MiB (input, default 100), left as zeros */
EXPORT("output_huge") int output_huge(void) {
  uint64_t mib = input_number();
  if (!mib) mib = 100;
  uint64_t h = k_alloc(mib << 20);
  k_output_set(h, mib << 20);
  return 0;
}

/* an output that is not UTF-8 */
EXPORT("output_not_utf8") int output_not_utf8(void) {
  k_output_set(to_kernel("ok\xff\xfe", 4), 4);
  return 0;
}

/* ---- vars */

static uint64_t key_for(uint64_t i) {
  used = 0;
  put("k");
  put_u64(i);
  return to_kernel(report, used);
}

/* sets N vars (input) with 8-byte values; reports how many it set */
EXPORT("var_flood") int var_flood(void) {
  uint64_t n = input_number();
  for (uint64_t i = 0; i < n; i++) {
    uint64_t v = k_alloc(8);
    k_store_u64(v, i);
    k_var_set(key_for(i), v);
  }
  used = 0;
  field("vars", n);
  return emit();
}

/* replaces var "a" with a 1024-byte value (called twice under max_var_bytes 2048) */
EXPORT("var_replace_1k") int var_replace_1k(void) {
  uint64_t v = k_alloc(1024);
  for (uint64_t i = 0; i < 1024; i += 8) k_store_u64(v + i, 0x6161616161616161ull);
  k_var_set(to_kernel("a", 1), v);
  used = 0;
  put("set");
  return emit();
}

/* two keys that are not UTF-8 must stay two keys */
EXPORT("var_binary_keys") int var_binary_keys(void) {
  k_var_set(to_kernel("\xff", 1), to_kernel("one", 3));
  k_var_set(to_kernel("\xfe", 1), to_kernel("two", 3));
  uint64_t a = k_var_get(to_kernel("\xff", 1));
  uint64_t b = k_var_get(to_kernel("\xfe", 1));
  used = 0;
  for (uint64_t i = 0; i < k_length(a); i++) report[used++] = (char)k_load_u8(a + i);
  put("+");
  for (uint64_t i = 0; i < k_length(b); i++) report[used++] = (char)k_load_u8(b + i);
  return emit();
}

/* var_get/var_set with key handles outside kernel memory */
EXPORT("var_far_key") int var_far_key(void) {
  k_var_set(FAR, to_kernel("x", 1));
  uint64_t g = k_var_get(FAR);
  used = 0;
  field("len", k_length(g));
  return emit();
}
