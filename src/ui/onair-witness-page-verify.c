/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-witness-page-private.h"

/*
 * The witness page's verification banner: every hash of the chain checked in a worker
 * thread, with progress, then "Valid · Verified 21:04:13 · 10 000 entries · last hash
 * 3f2a1b9c…" or where and why the chain is broken. The count and the last hash are the
 * chain's as shown, entries arriving included; a few seconds after they arrive, a quiet
 * verification (no spinner, nothing recorded) catches up with them.
 */

/* How long after new entries the banner's verification catches up with them. */
#define CATCH_UP_DELAY_MS 1500

void
onair_witness_page_update_banner (OnairWitnessPage *self)
{
  const OnairWitnessVerification *v = self->verification;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *when = NULL;
  const char *state = NULL;
  OnairWitnessAnchor head = { -1, "" };
  guint64 n_entries = 0;

  gtk_widget_remove_css_class (self->banner, "valid");
  gtk_widget_remove_css_class (self->banner, "broken");
  gtk_widget_set_visible (GTK_WIDGET (self->verify_progress), self->verifying);
  gtk_spinner_set_spinning (self->banner_spinner, self->verifying);
  gtk_stack_set_visible_child_name (self->banner_icon_stack, self->verifying ? "spinner" : "icon");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "witness.verify",
                                 self->witness != NULL && !self->verifying);

  if (self->witness != NULL)
    {
      n_entries = g_list_model_get_n_items (G_LIST_MODEL (self->witness));
      onair_witness_get_head (self->witness, &head);
    }
  if (self->verified_us != 0)
    when = onair_witness_page_format_time (self->verified_us);

  if (self->verifying)
    {
      text = g_strdup (_("Verifying every hash of the witness log…"));
    }
  else if (self->verify_error != NULL)
    {
      text = g_strdup_printf (_("The witness log could not be verified: %s"),
                              self->verify_error->message);
      state = "broken";
    }
  else if (v != NULL && v->valid)
    {
      g_autofree char *count = onair_witness_page_format_count (n_entries);
      g_autofree char *entries = NULL;

      /* Translators: "10 000 entries" in "Valid · Verified 21:04:13 · 10 000 entries · …" */
      entries = g_strdup_printf (ngettext ("%s entry", "%s entries", n_entries), count);
      if (n_entries > v->total_events)
        {
          g_autofree char *newer = onair_witness_page_format_count (n_entries - v->total_events);
          g_autofree char *with_newer = NULL;

          /* Translators: "10 002 entries, 2 newer not yet verified" */
          with_newer = g_strdup_printf (ngettext ("%s, %s newer not yet verified",
                                                  "%s, %s newer not yet verified",
                                                  n_entries - v->total_events),
                                        entries, newer);
          g_free (entries);
          entries = g_steal_pointer (&with_newer);
        }

      if (head.seq >= 0)
        /* Translators: "Valid · Verified 21:04:13 · 10 000 entries · last hash 3f2a1b9c…" */
        text = g_strdup_printf (_("Valid · Verified %s · %s · last hash %.8s…"), when, entries,
                                head.hash);
      else
        text = g_strdup_printf (_("Valid · Verified %s · %s"), when, entries);
      if (head.seq >= 0)
        tooltip = g_strdup_printf (_("Last hash: %s"), head.hash);
      state = "valid";
    }
  else if (v != NULL)
    {
      g_autofree char *where = g_strdup_printf ("%" G_GINT64_FORMAT, v->broken_at);
      g_autofree char *broken = NULL;

      switch (v->fault)
        {
        case ONAIR_WITNESS_FAULT_HEADER:
        case ONAIR_WITNESS_FAULT_GENESIS:
          broken = g_strdup_printf (_("Broken header: %s"), v->reason);
          break;

        case ONAIR_WITNESS_FAULT_NOT_JSON:
        case ONAIR_WITNESS_FAULT_LINE_TOO_LONG:
          broken = g_strdup_printf (_("Broken at line %s: %s"), where, v->reason);
          break;

        default:
          broken = g_strdup_printf (_("Broken at entry %s: %s"), where, v->reason);
          break;
        }
      /* Translators: "Broken at entry 5 000: … · Verified 21:04:13" */
      text = g_strdup_printf (_("%s · Verified %s"), broken, when);
      state = "broken";
    }
  else
    {
      text = g_strdup (_("Not verified yet"));
    }

  if (state != NULL)
    gtk_widget_add_css_class (self->banner, state);
  gtk_image_set_from_icon_name (self->banner_icon,
                                g_strcmp0 (state, "valid") == 0 ? "security-high-symbolic"
                                                                : "dialog-warning-symbolic");
  gtk_label_set_text (self->banner_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->banner_label), tooltip);
}

static void
verify_progress_cb (double   fraction,
                    gpointer user_data)
{
  OnairWitnessPage *self = user_data;

  if (self->verifying && !g_cancellable_is_cancelled (self->cancellable))
    gtk_progress_bar_set_fraction (self->verify_progress, fraction);
}

static void
take_result (OnairWitnessPage         *self,
             OnairWitnessVerification *v,
             GError                   *error)
{
  g_clear_pointer (&self->verification, onair_witness_verification_free);
  g_clear_error (&self->verify_error);
  self->verification = v;
  self->verify_error = error;
  self->verified_us = g_get_real_time ();
  self->verify_duration_us = g_get_monotonic_time () - self->verify_started_us;
  onair_witness_page_update_banner (self);
  /* Entries that came while it ran are verified next. */
  if (v != NULL && v->valid &&
      g_list_model_get_n_items (G_LIST_MODEL (self->witness)) > v->total_events)
    onair_witness_page_entries_added (self);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OnairWitnessPage) self = user_data;
  g_autoptr(GError) error = NULL;
  OnairWitnessVerification *v;

  v = onair_witness_verify_finish (ONAIR_WITNESS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->verifying = FALSE;
  take_result (self, v, g_steal_pointer (&error));
}

static void
quietly_verified_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OnairWitnessPage) self = user_data;
  g_autoptr(GError) error = NULL;
  OnairWitnessVerification *v;

  v = onair_witness_verify_finish (ONAIR_WITNESS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->quiet_cancellable);
  take_result (self, v, g_steal_pointer (&error));
}

static gboolean
catch_up_cb (gpointer user_data)
{
  OnairWitnessPage *self = user_data;
  OnairWitnessAnchor head;
  gboolean have_head;

  self->catch_up_source = 0;
  /* Nobody looks: it catches up when the page is shown again. */
  if (self->witness == NULL || self->verifying || self->quiet_cancellable != NULL ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_REMOVE;

  self->quiet_cancellable = g_cancellable_new ();
  self->verify_started_us = g_get_monotonic_time ();
  have_head = onair_witness_get_head (self->witness, &head);
  onair_witness_verify_async (self->witness, have_head ? &head : NULL, ONAIR_WITNESS_VERIFY_NONE,
                              NULL, NULL, NULL, self->quiet_cancellable, quietly_verified_cb,
                              g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* New entries in the chain: the banner counts them at once, and verifies them a little later,
 * once they stop coming in a burst. Only a chain that verified is caught up with: a broken
 * one stays broken until a person verifies it again. */
void
onair_witness_page_entries_added (OnairWitnessPage *self)
{
  guint delay_ms;

  onair_witness_page_update_banner (self);
  if (self->witness == NULL || self->verifying || self->verification == NULL ||
      !self->verification->valid ||
      g_list_model_get_n_items (G_LIST_MODEL (self->witness)) <= self->verification->total_events)
    return;
  /* A long chain takes a while to verify: it is not verified again and again meanwhile. */
  delay_ms = MAX (CATCH_UP_DELAY_MS, self->verify_duration_us / 1000 * 4);
  g_clear_handle_id (&self->catch_up_source, g_source_remove);
  self->catch_up_source = g_timeout_add (delay_ms, catch_up_cb, self);
}

void
onair_witness_page_verify_dispose (OnairWitnessPage *self)
{
  g_clear_handle_id (&self->catch_up_source, g_source_remove);
  if (self->quiet_cancellable != NULL)
    g_cancellable_cancel (self->quiet_cancellable);
  g_clear_object (&self->quiet_cancellable);
}

void
onair_witness_page_start_verification (OnairWitnessPage        *self,
                                       OnairWitnessVerifyFlags  flags)
{
  OnairWitnessAnchor head;
  gboolean have_head;

  if (self->witness == NULL || self->verifying)
    return;

  /* A person's verification takes over from a quiet one. */
  onair_witness_page_verify_dispose (self);
  self->verifying = TRUE;
  self->verify_started_us = g_get_monotonic_time ();
  gtk_progress_bar_set_fraction (self->verify_progress, 0.0);
  onair_witness_page_update_banner (self);

  /* The chain in memory must still be the one on disk: nothing cut off its end. */
  have_head = onair_witness_get_head (self->witness, &head);
  onair_witness_verify_async (self->witness, have_head ? &head : NULL, flags,
                              verify_progress_cb, g_object_ref (self), g_object_unref,
                              self->cancellable, verified_cb, g_object_ref (self));
}

/**
 * onair_witness_page_verify:
 *
 * What the Verify button does: verifies the whole chain in a worker thread, showing progress
 * in the banner and then the result, and records the verification in the chain (once per head:
 * see onair_witness_verify_async()). Does nothing while a verification runs.
 */
void
onair_witness_page_verify (OnairWitnessPage *self)
{
  g_return_if_fail (ONAIR_IS_WITNESS_PAGE (self));

  onair_witness_page_start_verification (self, ONAIR_WITNESS_VERIFY_RECORD);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  onair_witness_page_verify (ONAIR_WITNESS_PAGE (widget));
}

gboolean
onair_witness_page_is_verifying (OnairWitnessPage *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), FALSE);
  return self->verifying;
}

/**
 * onair_witness_page_get_verification:
 *
 * Returns: (transfer none) (nullable): the last verification's result
 */
const OnairWitnessVerification *
onair_witness_page_get_verification (OnairWitnessPage *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), NULL);
  return self->verification;
}

/**
 * onair_witness_page_get_banner_text:
 *
 * Returns: the verification banner's text, e.g. "Valid · Verified 21:04:13 · 10 001 entries ·
 *   last hash 3f2a1b9c…"
 */
const char *
onair_witness_page_get_banner_text (OnairWitnessPage *self)
{
  g_return_val_if_fail (ONAIR_IS_WITNESS_PAGE (self), NULL);
  return gtk_label_get_text (self->banner_label);
}

void
onair_witness_page_verify_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "witness.verify", NULL, verify_action);
}
