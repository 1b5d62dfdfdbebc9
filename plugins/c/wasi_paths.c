/* wasi_paths: a probe of WASI path confinement, calling the raw wasi_snapshot_preview1 functions.
 *
 * Export `probe`: the input is a script, one command per line; the output has one line per command:
 * "<command> -> ok[ <detail>]" or "<command> -> errno <N>". Preopens are named by their guest path,
 * so the script does not depend on fd numbers ("rw" names the preopen "/rw"). Paths are passed to the host exactly as written
 * (no libc normalisation), so `..`, absolute paths and links reach the host's resolver.
 *
 *   read DIR PATH            open (following links), print the first line of the file
 *   readnf DIR PATH          the same without following a final link
 *   stat DIR PATH            filestat following links: type and size
 *   lstat DIR PATH           filestat of the link itself: type
 *   readlink DIR PATH        the link's target text
 *   list DIR PATH            names in the directory, sorted, without . and ..
 *   write DIR PATH TEXT      create/truncate and write TEXT
 *   mkdir DIR PATH | rmdir DIR PATH | unlink DIR PATH | utimes DIR PATH
 *   rename DIR PATH DIR2 PATH2 | link DIR PATH DIR2 PATH2
 *   symlink TARGET DIR PATH  make a link whose text is TARGET
 *   opendir DIR PATH         open a directory and keep it: later commands name it "@"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>
#include "extism.h"

#define OUT_MAX 65536
static char out[OUT_MAX];
static size_t out_len;

static void emit(const char *s) {
  size_t n = strlen(s);
  if (out_len + n < OUT_MAX) {
    memcpy(out + out_len, s, n);
    out_len += n;
  }
}

static int kept = -1; /* the directory "opendir" opened */

/* the fd of the preopen whose guest name is `name` ("/" added in front when missing), or -1 */
static int preopen(const char *word) {
  if (strcmp(word, "@") == 0) return kept;
  char name[256];
  snprintf(name, sizeof name, "%s%s", word[0] == '/' ? "" : "/", word);
  for (int fd = 3; fd < 64; fd++) {
    __wasi_prestat_t ps;
    if (__wasi_fd_prestat_get(fd, &ps) != 0) return -1;
    size_t n = ps.u.dir.pr_name_len;
    char buf[256];
    if (n >= sizeof buf) continue;
    if (__wasi_fd_prestat_dir_name(fd, (uint8_t *)buf, n) != 0) continue;
    buf[n] = 0;
    if (strcmp(buf, name) == 0) return fd;
  }
  return -1;
}

static const char *type_name(__wasi_filetype_t t) {
  switch (t) {
    case __WASI_FILETYPE_DIRECTORY: return "dir";
    case __WASI_FILETYPE_REGULAR_FILE: return "file";
    case __WASI_FILETYPE_SYMBOLIC_LINK: return "symlink";
    default: return "other";
  }
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static __wasi_errno_t do_read(int fd, const char *path, __wasi_lookupflags_t follow, char *detail) {
  __wasi_fd_t f;
  __wasi_errno_t e = __wasi_path_open(fd, follow, path, 0, __WASI_RIGHTS_FD_READ, 0, 0, &f);
  if (e) return e;
  char buf[128];
  __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
  __wasi_size_t n = 0;
  e = __wasi_fd_read(f, &iov, 1, &n);
  (void)__wasi_fd_close(f);
  if (e) return e;
  buf[n] = 0;
  char *nl = strchr(buf, '\n');
  if (nl) *nl = 0;
  snprintf(detail, 200, " %s", buf);
  return 0;
}

static __wasi_errno_t do_list(int fd, const char *path, char *detail) {
  __wasi_fd_t d;
  __wasi_errno_t e = __wasi_path_open(fd, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, __WASI_OFLAGS_DIRECTORY,
                                      __WASI_RIGHTS_FD_READDIR, 0, 0, &d);
  if (e) return e;
  static uint8_t buf[8192];
  __wasi_size_t used = 0;
  e = __wasi_fd_readdir(d, buf, sizeof buf, 0, &used);
  (void)__wasi_fd_close(d);
  if (e) return e;
  char *names[128];
  int count = 0;
  for (size_t off = 0; off + sizeof(__wasi_dirent_t) <= used && count < 128;) {
    __wasi_dirent_t ent;
    memcpy(&ent, buf + off, sizeof ent);
    off += sizeof ent;
    if (off + ent.d_namlen > used) break;
    char *name = strndup((char *)buf + off, ent.d_namlen);
    off += ent.d_namlen;
    if (strcmp(name, ".") && strcmp(name, "..")) names[count++] = name; else free(name);
  }
  qsort(names, count, sizeof names[0], cmp);
  detail[0] = 0;
  for (int i = 0; i < count; i++) {
    strncat(detail, " ", 199 - strlen(detail));
    strncat(detail, names[i], 199 - strlen(detail));
    free(names[i]);
  }
  return 0;
}

static __wasi_errno_t do_write(int fd, const char *path, const char *text) {
  __wasi_fd_t f;
  __wasi_errno_t e = __wasi_path_open(fd, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path,
                                      __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_WRITE, 0, 0, &f);
  if (e) return e;
  __wasi_ciovec_t iov = {(const uint8_t *)text, strlen(text)};
  __wasi_size_t n;
  e = __wasi_fd_write(f, &iov, 1, &n);
  (void)__wasi_fd_close(f);
  return e;
}

/* runs one command; `detail` gets text to print after "ok" */
static __wasi_errno_t run(char **w, int n, char *detail, int *bad) {
  detail[0] = 0;
  const char *op = w[0];
  if (!strcmp(op, "symlink") && n == 4) {
    int fd = preopen(w[2]);
    if (fd < 0) { *bad = 1; return 0; }
    return __wasi_path_symlink(w[1], fd, w[3]);
  }
  if (n < 3) { *bad = 1; return 0; }
  int fd = preopen(w[1]);
  if (fd < 0) { *bad = 1; return 0; }
  const char *p = w[2];
  if (!strcmp(op, "read")) return do_read(fd, p, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, detail);
  if (!strcmp(op, "readnf")) return do_read(fd, p, 0, detail);
  if (!strcmp(op, "list")) return do_list(fd, p, detail);
  if (!strcmp(op, "opendir")) {
    __wasi_fd_t d;
    __wasi_errno_t e = __wasi_path_open(fd, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, p, __WASI_OFLAGS_DIRECTORY,
                                        __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN, __WASI_RIGHTS_FD_READ, 0, &d);
    if (e == 0) kept = d;
    return e;
  }
  if (!strcmp(op, "stat") || !strcmp(op, "lstat")) {
    __wasi_filestat_t st;
    __wasi_errno_t e = __wasi_path_filestat_get(fd, op[0] == 's' ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, p, &st);
    if (e) return e;
    if (st.filetype == __WASI_FILETYPE_REGULAR_FILE)
      snprintf(detail, 200, " %s %llu", type_name(st.filetype), (unsigned long long)st.size);
    else
      snprintf(detail, 200, " %s", type_name(st.filetype));
    return 0;
  }
  if (!strcmp(op, "readlink")) {
    char buf[200];
    __wasi_size_t used = 0;
    __wasi_errno_t e = __wasi_path_readlink(fd, p, (uint8_t *)buf, sizeof buf - 1, &used);
    if (e) return e;
    buf[used] = 0;
    snprintf(detail, 200, " %s", buf);
    return 0;
  }
  if (!strcmp(op, "write") && n == 4) return do_write(fd, p, w[3]);
  if (!strcmp(op, "mkdir")) return __wasi_path_create_directory(fd, p);
  if (!strcmp(op, "rmdir")) return __wasi_path_remove_directory(fd, p);
  if (!strcmp(op, "unlink")) return __wasi_path_unlink_file(fd, p);
  if (!strcmp(op, "utimes"))
    return __wasi_path_filestat_set_times(fd, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, p, 1000000000ull, 2000000000ull,
                                          __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM);
  if ((!strcmp(op, "rename") || !strcmp(op, "link")) && n == 5) {
    int fd2 = preopen(w[3]);
    if (fd2 < 0) { *bad = 1; return 0; }
    return op[0] == 'r' ? __wasi_path_rename(fd, p, fd2, w[4]) : __wasi_path_link(fd, 0, p, fd2, w[4]);
  }
  *bad = 1;
  return 0;
}

__attribute__((export_name("probe"))) int32_t probe(void) {
  uint8_t *in;
  read_input(&in);
  out_len = 0;
  char *save_line;
  for (char *line = strtok_r((char *)in, "\n", &save_line); line; line = strtok_r(NULL, "\n", &save_line)) {
    char copy[512];
    snprintf(copy, sizeof copy, "%s", line);
    char *w[6];
    int n = 0;
    char *save_word;
    for (char *t = strtok_r(line, " ", &save_word); t && n < 6; t = strtok_r(NULL, " ", &save_word)) w[n++] = t;
    if (n == 0) continue;
    char detail[200];
    int bad = 0;
    __wasi_errno_t e = run(w, n, detail, &bad);
    char res[800];
    if (bad) snprintf(res, sizeof res, "%s -> bad command\n", copy);
    else if (e) snprintf(res, sizeof res, "%s -> errno %d\n", copy, e);
    else snprintf(res, sizeof res, "%s -> ok%s\n", copy, detail);
    emit(res);
  }
  free(in);
  output_bytes(out, out_len);
  return 0;
}
