/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "emulator/onair-emulator.h"

G_BEGIN_DECLS

/* Shared helpers of the benchmark programs: clocks, medians, memory, peers, and a vMix
 * emulator in a child process, so that its CPU time and memory stay out of the figures. */

gint64   bench_now_ns          (void);
gint64   bench_cpu_ns          (void);
gint64   bench_thread_cpu_ns   (void);
gint64   bench_children_cpu_ns (void);
void     bench_cpu_times       (gint64       *user_ns,
                                gint64       *system_ns);
double   bench_median          (double       *values,
                                guint         n);
double   bench_percentile      (double       *values,
                                guint         n,
                                double        fraction);
gsize    bench_rss_bytes       (void);
guint64  bench_free_disk_bytes (const char   *path);
char    *bench_format_rate     (double        per_second);

/* Runs a peer program; returns its standard output, or NULL with a message on standard
 * error when it could not run or failed. */
char    *bench_run_peer        (const char * const *argv);
/* The value of "key=" in the line of @output that starts with @prefix, or NAN. */
double   bench_peer_value      (const char   *output,
                                const char   *prefix,
                                const char   *key);

typedef struct
{
  pid_t  pid;
  int    command_fd;  /* parent → child: one byte per command */
  int    reply_fd;    /* child → parent: one byte per acknowledgement */
  guint  port;        /* the first emulator's */
  guint *ports;       /* every emulator's, n_ports of them */
  guint  n_ports;
} BenchEmulator;

/* Forks a child that serves an emulator on 127.0.0.1. Call before anything in the parent
 * started a thread. */
gboolean bench_emulator_spawn   (BenchEmulator        *emulator,
                                 OnairEmulatorProfile  profile,
                                 guint                 n_inputs,
                                 gboolean              test_clock,
                                 GError              **error);
/* The same, with @n_emulators emulators served by the one child, each on a port of its
 * own. */
gboolean bench_emulator_spawn_many (BenchEmulator        *emulator,
                                    OnairEmulatorProfile  profile,
                                    guint                 n_emulators,
                                    guint                 n_inputs,
                                    gboolean              test_clock,
                                    GError              **error);
/* Moves the child's test clock(s) on by @seconds and waits until it did. */
void     bench_emulator_advance (BenchEmulator        *emulator,
                                 guint                 seconds);
/* The child's CPU time so far (user + system), in ns. */
gint64   bench_emulator_cpu_ns  (BenchEmulator        *emulator);
void     bench_emulator_stop    (BenchEmulator        *emulator);

G_END_DECLS
