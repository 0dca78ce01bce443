/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Integration tests share this: waiting, on the main context, for an asynchronous call's
 * result. */

#include <gio/gio.h>

/* A GAsyncReadyCallback: keeps a reference to the result in *@user_data. */
static inline void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Iterates the main context until *@result is set; fails the test after @timeout_s seconds
 * (0: waits as long as it takes). Returns: (transfer none): *@result */
static inline GAsyncResult *
await_result (GAsyncResult **result,
              guint          timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      if (timeout_s > 0)
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *result;
}
