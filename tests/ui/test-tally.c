/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Control Room with vMix's TCP activators: a cut made in vMix shows at once (program
 * and preview by title), and without the TCP API Onair says it polls and still follows. */
#include "config.h"

#include "onair-test-room.h"
#include "ui/onair-control-room.h"

static OnairApplication *app;

typedef struct
{
  OnairWindow *window;
  const char  *text;
} LabelCheck;

/* The title beside the "Program" or "Preview" pill. */
static const char *
tally_text (OnairWindow *window,
            const char  *pill)
{
  GtkWidget *label = onair_test_ui_find_label (GTK_WIDGET (window), pill, TRUE);
  GtkWidget *title = label != NULL ? gtk_widget_get_next_sibling (label) : NULL;

  return GTK_IS_LABEL (title) ? gtk_label_get_label (GTK_LABEL (title)) : NULL;
}

static gboolean
shows_program (gpointer data)
{
  LabelCheck *check = data;

  return g_strcmp0 (tally_text (check->window, "Program"), check->text) == 0;
}

static gboolean
shows_preview (gpointer data)
{
  LabelCheck *check = data;

  return g_strcmp0 (tally_text (check->window, "Preview"), check->text) == 0;
}

static gboolean
shows_part (gpointer data)
{
  LabelCheck *check = data;

  return onair_test_ui_find_label (GTK_WIDGET (check->window), check->text, FALSE) != NULL;
}

static gboolean
pushed (gpointer data)
{
  OnairPoller *poller = onair_application_get_poller (app);

  return poller != NULL && onair_poller_get_activators_connected (poller);
}

static gboolean
polled (gpointer data)
{
  return !pushed (data);
}

static void
with_tcp_set_up (OnairTestRoom *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  onair_test_room_set_up (fixture, data);
  g_assert_true (onair_emulator_start_tcp (fixture->emulator, 0, &error));
  g_assert_no_error (error);
  onair_emulator_set_input_title (fixture->emulator, 2, "Wide Shot — Bühne");
  /* The host's TCP port is read when it connects. */
  onair_application_reconnect (app);
  g_assert_true (onair_test_ui_wait_until (pushed, NULL, 10000));
}

/* A cut in vMix (its function called directly): program and preview swap on screen within
 * a blink, although the document is polled only every 5 s here. */
static void
test_tally_pushed (OnairTestRoom *fixture,
                   gconstpointer  data)
{
  LabelCheck program = { fixture->window, "1 · Cam 1" };
  LabelCheck detail = { fixture->window, "changes pushed by vMix as they happen" };
  gint64 start;

  onair_poller_set_interval_ms (onair_application_get_poller (app), 5000);
  g_assert_true (onair_test_ui_wait_until (shows_program, &program, 10000));
  g_assert_true (onair_test_ui_wait_until (shows_part, &detail, 10000));
  g_assert_cmpstr (tally_text (fixture->window, "Preview"), ==, "2 · Wide Shot — Bühne");

  program.text = "2 · Wide Shot — Bühne";
  start = g_get_monotonic_time ();
  g_assert_true (onair_emulator_call_function (fixture->emulator, "Cut", NULL));
  g_assert_true (onair_test_ui_wait_until (shows_program, &program, 5000));
  g_test_message ("cut shown after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000 * 1000);
  {
    LabelCheck preview = { fixture->window, "1 · Cam 1" };

    g_assert_true (onair_test_ui_wait_until (shows_preview, &preview, 2000));
  }
  onair_test_ui_settle (300);
  g_free (onair_test_ui_save_png (GTK_WIDGET (fixture->window), "control-room-tally.png"));
}

/* The TCP port closes: the connection details say Onair polls, and a cut still shows, by
 * polling. */
static void
test_tally_fallback (OnairTestRoom *fixture,
                     gconstpointer  data)
{
  LabelCheck detail = { fixture->window, "does not answer" };
  LabelCheck program = { fixture->window, "2 · Wide Shot — Bühne" };

  onair_poller_set_interval_ms (onair_application_get_poller (app), 250);
  onair_emulator_stop_tcp (fixture->emulator);
  g_assert_true (onair_test_ui_wait_until (polled, NULL, 10000));
  g_assert_true (onair_test_ui_wait_until (shows_part, &detail, 5000));
  g_assert_true (onair_emulator_call_function (fixture->emulator, "Cut", NULL));
  g_assert_true (onair_test_ui_wait_until (shows_program, &program, 5000));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = onair_test_room_init (&argc, &argv);
  g_test_add ("/onair/ui/tally/pushed", OnairTestRoom, NULL, with_tcp_set_up, test_tally_pushed,
              onair_test_room_tear_down);
  g_test_add ("/onair/ui/tally/fallback", OnairTestRoom, NULL, with_tcp_set_up,
              test_tally_fallback, onair_test_room_tear_down);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
