/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inputs in vMix's state document: their titles, by number, for program and preview. */
#include "config.h"

#include <string.h>

#include "core/vmix/onair-vmix-state.h"

static OnairVmixState *
parse (const char *xml)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));
  g_autoptr(GError) error = NULL;
  OnairVmixState *state = onair_vmix_state_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  return state;
}

static void
test_titles (void)
{
  g_autoptr(OnairVmixState) state =
    parse ("<vmix><version>28.0.0.39</version><edition>4K</edition><inputs>"
           "<input key=\"a\" number=\"1\" type=\"Capture\" title=\"Caméra 東京\" state=\"Running\">"
           "Caméra 東京<overlay index=\"0\" key=\"c\"/></input>"
           "<input key=\"b\" number=\"2\" type=\"Colour\" title=\"Rock &amp; Roll\"></input>"
           "<input key=\"d\" number=\"3\" type=\"Blank\"></input>"
           "</inputs><overlays/><preview>2</preview><active>1</active>"
           "<streaming>False</streaming><recording>False</recording></vmix>");

  g_assert_cmpuint (onair_vmix_state_get_n_inputs (state), ==, 3);
  g_assert_cmpuint (onair_vmix_state_get_active (state), ==, 1);
  g_assert_cmpuint (onair_vmix_state_get_preview (state), ==, 2);
  g_assert_cmpstr (onair_vmix_state_get_input_title (state, 1), ==, "Caméra 東京");
  g_assert_cmpstr (onair_vmix_state_get_input_title (state, 2), ==, "Rock & Roll");
  /* An input without a title attribute has an empty one; no input 4. */
  g_assert_cmpstr (onair_vmix_state_get_input_title (state, 3), ==, "");
  g_assert_null (onair_vmix_state_get_input_title (state, 4));
  g_assert_null (onair_vmix_state_get_input_title (state, 0));
}

/* Numbers out of order (a hand-edited or future document) are still found. */
static void
test_numbers_out_of_order (void)
{
  g_autoptr(OnairVmixState) state =
    parse ("<vmix><version>28.0.0.39</version><inputs>"
           "<input number=\"2\" title=\"Two\"/><input number=\"1\" title=\"One\"/>"
           "</inputs></vmix>");

  g_assert_cmpstr (onair_vmix_state_get_input_title (state, 1), ==, "One");
  g_assert_cmpstr (onair_vmix_state_get_input_title (state, 2), ==, "Two");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onair/vmix-state/input-titles", test_titles);
  g_test_add_func ("/onair/vmix-state/input-numbers-out-of-order", test_numbers_out_of_order);

  return g_test_run ();
}
