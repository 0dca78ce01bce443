/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The health monitor's tests share this: a show scripted sample by sample on a fake clock,
 * so that minutes run in milliseconds. */

#include <math.h>
#include <string.h>

#include "core/health/onair-health-monitor.h"

typedef struct
{
  gint64    now_ms;
  gboolean  live[ONAIR_VMIX_MAX_STREAMS];
  gboolean  unreported;     /* <streaming>True</streaming> without channels, as vMix 21 */
  gboolean  recording;
  gint64    duration;
  gboolean  have_master;
  double    meter;          /* both channels */
  gboolean  muted;          /* master */
  gboolean  fade_to_black;
  gint64    rtt_us;
} Show;

typedef struct
{
  OnairHealthStatus  status;
  OnairHealthStatus  previous;
  gint64             at_ms;
  char              *first_code;
} Change;

typedef struct
{
  Show                show;
  OnairHealthMonitor *monitor;
  GArray             *changes;    /* Change */
} Fixture;

#define T0 G_GINT64_CONSTANT (1762943400000)

static inline gint64
clock_cb (gpointer user_data)
{
  Show *show = user_data;

  return show->now_ms;
}

static inline void
change_clear (gpointer data)
{
  Change *change = data;

  g_free (change->first_code);
}

static inline void
status_changed_cb (OnairHealthMonitor *monitor,
                   OnairHealthStatus   status,
                   OnairHealthStatus   previous,
                   GPtrArray          *reasons,
                   Fixture            *fixture)
{
  Change change = {
    status, previous, fixture->show.now_ms,
    reasons->len > 0 ? g_strdup (((OnairHealthReason *) g_ptr_array_index (reasons, 0))->code)
                     : NULL,
  };

  g_assert_cmpint (status, ==, onair_health_monitor_get_status (monitor));
  g_array_append_val (fixture->changes, change);
}

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  memset (&fixture->show, 0, sizeof fixture->show);
  fixture->show.now_ms = T0;
  fixture->show.have_master = TRUE;
  fixture->show.meter = 0.5;
  fixture->show.rtt_us = 20000;
  fixture->monitor = onair_health_monitor_new (NULL);
  onair_health_monitor_set_tick_interval_ms (fixture->monitor, 0);
  onair_health_monitor_set_clock (fixture->monitor, clock_cb, &fixture->show, NULL);
  fixture->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_array_set_clear_func (fixture->changes, change_clear);
  g_signal_connect (fixture->monitor, "status-changed", G_CALLBACK (status_changed_cb), fixture);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->monitor);
  g_array_unref (fixture->changes);
}

static inline OnairVmixState *
make_state (const Show *show)
{
  g_autoptr(GString) xml = g_string_new ("<vmix><version>28.0.0.39</version><edition>4K</edition>");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  OnairVmixState *state;
  char meter[G_ASCII_DTOSTR_BUF_SIZE];

  if (show->recording)
    g_string_append_printf (xml, "<recording duration=\"%" G_GINT64_FORMAT "\" "
                            "filename1=\"D:\\show.mp4\">True</recording>", show->duration);
  else
    g_string_append (xml, "<recording>False</recording>");
  g_string_append (xml, "<streaming");
  for (guint i = 0; !show->unreported && i < ONAIR_VMIX_MAX_STREAMS; i++)
    g_string_append_printf (xml, " channel%u=\"%s\"", i + 1, show->live[i] ? "True" : "False");
  g_string_append (xml, show->unreported ? ">True</streaming>" : ">False</streaming>");
  if (show->have_master)
    {
      g_ascii_dtostr (meter, sizeof meter, show->meter);
      g_string_append_printf (xml, "<audio><master volume=\"100\" muted=\"%s\" "
                              "meterF1=\"%s\" meterF2=\"%s\" headphonesVolume=\"74\"/></audio>",
                              show->muted ? "True" : "False", meter, meter);
    }
  g_string_append_printf (xml, "<fadeToBlack>%s</fadeToBlack>",
                          show->fade_to_black ? "True" : "False");
  g_string_append (xml, "</vmix>");

  bytes = g_bytes_new (xml->str, xml->len);
  state = onair_vmix_state_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  return state;
}

/* One poll now, then the clock moves on. */
static inline void
poll (Fixture *fixture,
      gint64   step_ms)
{
  g_autoptr(OnairVmixState) state = make_state (&fixture->show);

  onair_health_monitor_add_state (fixture->monitor, state, fixture->show.rtt_us);
  fixture->show.now_ms += step_ms;
}

static inline void
poll_for (Fixture *fixture,
          guint    seconds)
{
  for (guint i = 0; i < seconds; i++)
    {
      if (fixture->show.recording)
        fixture->show.duration++;
      poll (fixture, 1000);
    }
}

static inline OnairHealthStatus
status (Fixture *fixture)
{
  return onair_health_monitor_get_status (fixture->monitor);
}

static inline const OnairHealthReason *
reason (Fixture    *fixture,
        const char *code)
{
  GPtrArray *reasons = onair_health_monitor_get_reasons (fixture->monitor);

  for (guint i = 0; i < reasons->len; i++)
    {
      const OnairHealthReason *r = g_ptr_array_index (reasons, i);

      if (g_str_equal (r->code, code))
        return r;
    }
  return NULL;
}

static inline const Change *
last_change (Fixture *fixture)
{
  g_assert_cmpuint (fixture->changes->len, >, 0);
  return &g_array_index (fixture->changes, Change, fixture->changes->len - 1);
}

