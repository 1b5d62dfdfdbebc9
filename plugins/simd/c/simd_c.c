/* Extism plug-in in C using Wasm SIMD (clang -msimd128, wasm_simd128.h) over the raw kernel ABI.
 * Built twice from this file: simd_c.wasm with -msimd128 and simd_c_scalar.wasm without, where the
 * same exports take the plain loops below (the benchmark compares the two). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif
#include "../../c/extism.h"

#define EXPORT(name) __attribute__((export_name(name)))

static int output_text(const char *s) {
  output_bytes(s, strlen(s));
  return 0;
}

/* How many bytes after the first equal the first one. */
static uint64_t count_byte(const uint8_t *p, uint64_t n, uint8_t needle) {
  uint64_t count = 0, i = 0;
#ifdef __wasm_simd128__
  v128_t want = wasm_i8x16_splat((int8_t)needle);
  while (i + 16 <= n) {
    /* up to 255 rounds of per-lane counts in bytes, then widened into the total */
    v128_t acc = wasm_i8x16_splat(0);
    for (int r = 0; r < 255 && i + 16 <= n; r++, i += 16)
      acc = wasm_i8x16_sub(acc, wasm_i8x16_eq(wasm_v128_load(p + i), want));
    v128_t wide = wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(acc));
    count += (uint64_t)wasm_i32x4_extract_lane(wide, 0) + wasm_i32x4_extract_lane(wide, 1) +
             wasm_i32x4_extract_lane(wide, 2) + wasm_i32x4_extract_lane(wide, 3);
  }
#endif
  for (; i < n; i++) count += p[i] == needle;
  return count;
}

EXPORT("count_byte") int32_t count_byte_export(void) {
  uint8_t *in;
  uint64_t n = read_input(&in);
  char buf[32];
  snprintf(buf, sizeof buf, "%llu", n ? (unsigned long long)count_byte(in + 1, n - 1, in[0]) : 0ULL);
  free(in);
  return output_text(buf);
}

/* ASCII lower to upper case, 16 bytes at a time. */
EXPORT("upper") int32_t upper(void) {
  uint8_t *in;
  uint64_t n = read_input(&in), i = 0;
#ifdef __wasm_simd128__
  for (; i + 16 <= n; i += 16) {
    v128_t v = wasm_v128_load(in + i);
    v128_t lower = wasm_v128_and(wasm_u8x16_ge(v, wasm_u8x16_splat('a')), wasm_u8x16_le(v, wasm_u8x16_splat('z')));
    wasm_v128_store(in + i, wasm_i8x16_sub(v, wasm_v128_and(lower, wasm_u8x16_splat(0x20))));
  }
#endif
  for (; i < n; i++)
    if (in[i] >= 'a' && in[i] <= 'z') in[i] -= 32;
  output_bytes(in, n);
  free(in);
  return 0;
}

/* Lower-case hex of the input: nibbles looked up with a swizzle, interleaved with shuffles. */
EXPORT("hex") int32_t hex(void) {
  static const char digits[] = "0123456789abcdef";
  uint8_t *in;
  uint64_t n = read_input(&in), i = 0;
  char *out = malloc(2 * n + 1);
#ifdef __wasm_simd128__
  v128_t table = wasm_v128_load(digits);
  for (; i + 16 <= n; i += 16) {
    v128_t v = wasm_v128_load(in + i);
    v128_t hi = wasm_i8x16_swizzle(table, wasm_u8x16_shr(v, 4));
    v128_t lo = wasm_i8x16_swizzle(table, wasm_v128_and(v, wasm_u8x16_splat(15)));
    wasm_v128_store(out + 2 * i, wasm_i8x16_shuffle(hi, lo, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
    wasm_v128_store(out + 2 * i + 16, wasm_i8x16_shuffle(hi, lo, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31));
  }
#endif
  for (; i < n; i++) {
    out[2 * i] = digits[in[i] >> 4];
    out[2 * i + 1] = digits[in[i] & 15];
  }
  output_bytes(out, 2 * n);
  free(out);
  free(in);
  return 0;
}

/* Whitespace-separated numbers (strtof: also nan, inf) -> count, sum, min, max, rms, in f32 lanes. */
EXPORT("stats") int32_t stats(void) {
  uint8_t *in;
  read_input(&in);
  float v[256];
  int n = 0;
  char *p = (char *)in, *end;
  while (n < 256) {
    float x = strtof(p, &end);
    if (end == p) break;
    v[n++] = x;
    p = end;
  }
  float sum = 0, sq = 0, mn = INFINITY, mx = -INFINITY;
  int i = 0;
#ifdef __wasm_simd128__
  v128_t vs = wasm_f32x4_splat(0), vq = vs, vmin = wasm_f32x4_splat(INFINITY), vmax = wasm_f32x4_splat(-INFINITY);
  for (; i + 4 <= n; i += 4) {
    v128_t x = wasm_v128_load(v + i);
    vs = wasm_f32x4_add(vs, x);
    vq = wasm_f32x4_add(vq, wasm_f32x4_mul(x, x));
    vmin = wasm_f32x4_min(vmin, x);
    vmax = wasm_f32x4_max(vmax, x);
  }
  float l[4];
  wasm_v128_store(l, vs);
  sum = (l[0] + l[1]) + (l[2] + l[3]);
  wasm_v128_store(l, vq);
  sq = (l[0] + l[1]) + (l[2] + l[3]);
  wasm_v128_store(l, vmin);
  mn = fminf(fminf(l[0], l[1]), fminf(l[2], l[3]));
  if (isnan(l[0] + l[1] + l[2] + l[3])) mn = l[0] + l[1] + l[2] + l[3];
  wasm_v128_store(l, vmax);
  mx = fmaxf(fmaxf(l[0], l[1]), fmaxf(l[2], l[3]));
  if (isnan(l[0] + l[1] + l[2] + l[3])) mx = l[0] + l[1] + l[2] + l[3];
#endif
  for (; i < n; i++) {
    sum += v[i];
    sq += v[i] * v[i];
    mn = (v[i] < mn || isnan(v[i])) ? v[i] : mn;
    mx = (v[i] > mx || isnan(v[i])) ? v[i] : mx;
  }
  char buf[160];
  snprintf(buf, sizeof buf, "n=%d sum=%g min=%g max=%g rms=%g", n, sum, mn, mx, n ? sqrtf(sq / n) : 0.0f);
  free(in);
  return output_text(buf);
}

/* Plain loops clang vectorises by itself with -msimd128 (-O3): saturating brighten and a weighted sum. */
EXPORT("brighten") int32_t brighten(void) {
  uint8_t *in;
  uint64_t n = read_input(&in);
  for (uint64_t i = 0; i < n; i++) {
    unsigned s = in[i] + 40u;
    in[i] = s > 255 ? 255 : (uint8_t)s;
  }
  output_bytes(in, n);
  free(in);
  return 0;
}

EXPORT("weighted_sum") int32_t weighted_sum(void) {
  uint8_t *in;
  uint64_t n = read_input(&in);
  int32_t total = 0;
  for (uint64_t i = 0; i + 1 < n; i += 2) {
    int16_t a = (int16_t)(in[i] | in[i + 1] << 8);
    total += a * (int16_t)((i % 7) - 3);
  }
  char buf[32];
  snprintf(buf, sizeof buf, "%d", total);
  free(in);
  return output_text(buf);
}
