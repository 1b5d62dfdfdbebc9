/* wasi_clock: WASI clocks and sleeps, reported in words that do not change from run to run.
 *
 *   sleep          input = seconds; libc nanosleep, then "slept for N seconds" if the monotonic
 *                  clock moved at least that much
 *   clocks         the realtime clock is past 2020 and the monotonic clock moves
 *   poll_relative  a raw poll_oneoff on a 100 ms relative monotonic subscription
 *   poll_absolute  a raw poll_oneoff on an absolute realtime subscription 100 ms ahead
 *   wait_wall      input = milliseconds; sleeps 10 ms at a time until the realtime clock has moved
 *                  that much (as runtimes that time sleeps by the wall clock do); never ends on a
 *                  frozen wall clock
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wasi/api.h>
#include "extism.h"

#define MS 1000000ull
/* 2020-01-01T00:00:00Z in nanoseconds */
#define Y2020 (1577836800ull * 1000000000ull)

static void say(const char *s) { output_bytes(s, strlen(s)); }

static __wasi_timestamp_t now(__wasi_clockid_t id) {
  __wasi_timestamp_t t = 0;
  if (__wasi_clock_time_get(id, 1, &t) != 0) return 0;
  return t;
}

__attribute__((export_name("sleep"))) int32_t sleep_export(void) {
  uint8_t *in;
  read_input(&in);
  long seconds = strtol((char *)in, NULL, 10);
  free(in);
  __wasi_timestamp_t start = now(__WASI_CLOCKID_MONOTONIC);
  struct timespec ts = {seconds, 0};
  nanosleep(&ts, NULL);
  __wasi_timestamp_t took = now(__WASI_CLOCKID_MONOTONIC) - start;
  char out[100];
  if (took >= (__wasi_timestamp_t)seconds * 1000 * MS)
    snprintf(out, sizeof out, "slept for %ld seconds", seconds);
  else
    snprintf(out, sizeof out, "woke up early");
  say(out);
  return 0;
}

/* waits on one clock subscription; returns the errno and the event count */
static __wasi_errno_t poll_clock(__wasi_clockid_t id, __wasi_timestamp_t timeout, __wasi_subclockflags_t flags,
                                 __wasi_size_t *n, __wasi_event_t *ev) {
  __wasi_subscription_t sub;
  memset(&sub, 0, sizeof sub);
  sub.userdata = 42;
  sub.u.tag = __WASI_EVENTTYPE_CLOCK;
  sub.u.u.clock.id = id;
  sub.u.u.clock.timeout = timeout;
  sub.u.u.clock.precision = 1;
  sub.u.u.clock.flags = flags;
  return __wasi_poll_oneoff(&sub, ev, 1, n);
}

static void report_poll(const char *what, __wasi_errno_t e, __wasi_size_t n, __wasi_event_t *ev, int waited) {
  char out[200];
  if (e)
    snprintf(out, sizeof out, "%s: errno %d", what, e);
  else
    snprintf(out, sizeof out, "%s: %lu event, userdata %llu, type %s, error %d, waited: %s", what, n,
             (unsigned long long)ev->userdata, ev->type == __WASI_EVENTTYPE_CLOCK ? "clock" : "other", ev->error,
             waited ? "true" : "false");
  say(out);
}

__attribute__((export_name("poll_relative"))) int32_t poll_relative(void) {
  __wasi_event_t ev;
  __wasi_size_t n = 0;
  __wasi_timestamp_t start = now(__WASI_CLOCKID_MONOTONIC);
  __wasi_errno_t e = poll_clock(__WASI_CLOCKID_MONOTONIC, 100 * MS, 0, &n, &ev);
  report_poll("poll relative 100 ms", e, n, &ev, now(__WASI_CLOCKID_MONOTONIC) - start >= 100 * MS);
  return 0;
}

__attribute__((export_name("poll_absolute"))) int32_t poll_absolute(void) {
  __wasi_event_t ev;
  __wasi_size_t n = 0;
  __wasi_timestamp_t start = now(__WASI_CLOCKID_MONOTONIC);
  __wasi_timestamp_t at = now(__WASI_CLOCKID_REALTIME) + 100 * MS;
  __wasi_errno_t e = poll_clock(__WASI_CLOCKID_REALTIME, at, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME, &n, &ev);
  report_poll("poll absolute realtime +100 ms", e, n, &ev, now(__WASI_CLOCKID_MONOTONIC) - start >= 90 * MS);
  return 0;
}

__attribute__((export_name("clocks"))) int32_t clocks(void) {
  __wasi_timestamp_t wall = now(__WASI_CLOCKID_REALTIME);
  __wasi_timestamp_t m1 = now(__WASI_CLOCKID_MONOTONIC);
  struct timespec ts = {0, 20 * 1000 * 1000};
  nanosleep(&ts, NULL);
  __wasi_timestamp_t m2 = now(__WASI_CLOCKID_MONOTONIC);
  __wasi_timestamp_t res = 0;
  __wasi_errno_t re = __wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &res);
  char out[200];
  snprintf(out, sizeof out, "realtime after 2020: %s\nmonotonic moved: %s\nmonotonic resolution known: %s",
           wall > Y2020 ? "true" : "false", m2 > m1 ? "true" : "false", re == 0 && res > 0 ? "true" : "false");
  say(out);
  return 0;
}

__attribute__((export_name("wait_wall"))) int32_t wait_wall(void) {
  uint8_t *in;
  read_input(&in);
  long ms = strtol((char *)in, NULL, 10);
  free(in);
  __wasi_timestamp_t start = now(__WASI_CLOCKID_REALTIME);
  while (now(__WASI_CLOCKID_REALTIME) - start < (__wasi_timestamp_t)ms * MS) {
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  char out[100];
  snprintf(out, sizeof out, "wall clock moved %ld ms", ms);
  say(out);
  return 0;
}
