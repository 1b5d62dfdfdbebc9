/* A WASI command module: the plug-in is `_start` (C main). The input decides what happens:
 *   "exit:N"  -> writes an output, then exit(N) (WASI proc_exit)
 *   "stdout"  -> prints to stdout (discarded by the host) and writes an output
 *   other     -> output "C main saw N bytes: <input>" */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "extism.h"

static int calls;

int main(void) {
  uint8_t *in;
  uint64_t n = read_input(&in);
  char out[256];
  calls++;
  if (n > 5 && memcmp(in, "exit:", 5) == 0) {
    int code = atoi((const char *)in + 5);
    int m = snprintf(out, sizeof out, "exiting with %d", code);
    output_bytes(out, (uint64_t)m);
    exit(code);
  }
  if (n == 6 && memcmp(in, "stdout", 6) == 0) {
    printf("this goes to WASI stdout\n");
    fflush(stdout);
  }
  int m = snprintf(out, sizeof out, "C main saw %llu bytes (call %d): ", (unsigned long long)n, calls);
  uint64_t total = (uint64_t)m + (n > 128 ? 128 : n);
  memcpy(out + m, in, total - (uint64_t)m);
  output_bytes(out, total);
  free(in);
  return 0;
}
