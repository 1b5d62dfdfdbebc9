/* A WASI reactor module in C (-mexec-model=reactor) using the raw kernel ABI. */
#include <stdlib.h>
#include <string.h>
#include "extism.h"

#define EXPORT(name) __attribute__((export_name(name)))

/* ASCII upper-case of the input */
EXPORT("c_upper") int32_t c_upper(void) {
  uint8_t *in;
  uint64_t n = read_input(&in);
  for (uint64_t i = 0; i < n; i++)
    if (in[i] >= 'a' && in[i] <= 'z') in[i] -= 32;
  output_bytes(in, n);
  free(in);
  return 0;
}

/* error message + code 2 */
EXPORT("c_fail") int32_t c_fail(void) {
  const char *msg = "c plug-in error: bad input";
  extism_error_set(to_kernel(msg, strlen(msg)));
  return 2;
}

/* config "prefix" + input; logs at info */
EXPORT("c_prefix") int32_t c_prefix(void) {
  const char *key = "prefix";
  ExtismHandle v = extism_config_get(to_kernel(key, 6));
  uint64_t vn = v ? extism_length(v) : 0;
  uint8_t *in;
  uint64_t n = read_input(&in);
  uint8_t *out = malloc(vn + n);
  for (uint64_t i = 0; i < vn; i++) out[i] = extism_load_u8(v + i);
  memcpy(out + vn, in, n);
  const char *msg = "c_prefix called";
  extism_log_info(to_kernel(msg, strlen(msg)));
  output_bytes(out, vn + n);
  free(out);
  free(in);
  return 0;
}

/* 1000 kernel alloc/free rounds of growing size; output = sum of lengths as decimal */
EXPORT("c_alloc_churn") int32_t c_alloc_churn(void) {
  uint64_t sum = 0;
  for (uint64_t i = 1; i <= 1000; i++) {
    ExtismHandle h = extism_alloc(i * 7);
    sum += extism_length(h);
    if (i % 3) extism_free(h);
  }
  char buf[32];
  int m = 0;
  char tmp[32];
  int t = 0;
  do { tmp[t++] = (char)('0' + sum % 10); sum /= 10; } while (sum);
  while (t) buf[m++] = tmp[--t];
  output_bytes(buf, (uint64_t)m);
  return 0;
}
