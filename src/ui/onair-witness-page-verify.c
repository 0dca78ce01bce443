/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "onair-witness-page-private.h"

/*
 * The witness page's verification banner: every hash of the chain checked in a worker
 * thread, with progress, then "Valid · 10 000 events · last hash 3f2a1b9c…" or where and why
 * the chain is broken.
 */

void
onair_witness_page_update_banner (OnairWitnessPage *self)
{
  const OnairWitnessVerification *v = self->verification;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  const char *state = NULL;

  gtk_widget_remove_css_class (self->banner, "valid");
  gtk_widget_remove_css_class (self->banner, "broken");
  gtk_widget_set_visible (GTK_WIDGET (self->verify_progress), self->verifying);
  gtk_spinner_set_spinning (self->banner_spinner, self->verifying);
  gtk_stack_set_visible_child_name (self->banner_icon_stack, self->verifying ? "spinner" : "icon");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "witness.verify",
                                 self->witness != NULL && !self->verifying);

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
      g_autofree char *count = onair_witness_page_format_count (v->total_events);

      if (v->last_hash != NULL)
        /* Translators: "Valid · 10 000 events · last hash 3f2a1b9c…" */
        text = g_strdup_printf (ngettext ("Valid · %s event · last hash %.8s…",
                                          "Valid · %s events · last hash %.8s…",
                                          v->total_events),
                                count, v->last_hash);
      else
        text = g_strdup_printf (ngettext ("Valid · %s event", "Valid · %s events",
                                          v->total_events),
                                count);
      if (v->last_hash != NULL)
        tooltip = g_strdup_printf (_("Last hash: %s"), v->last_hash);
      state = "valid";
    }
  else if (v != NULL)
    {
      g_autofree char *where = g_strdup_printf ("%" G_GINT64_FORMAT, v->broken_at);

      switch (v->fault)
        {
        case ONAIR_WITNESS_FAULT_HEADER:
        case ONAIR_WITNESS_FAULT_GENESIS:
          text = g_strdup_printf (_("Broken header: %s"), v->reason);
          break;

        case ONAIR_WITNESS_FAULT_NOT_JSON:
        case ONAIR_WITNESS_FAULT_LINE_TOO_LONG:
          text = g_strdup_printf (_("Broken at line %s: %s"), where, v->reason);
          break;

        default:
          text = g_strdup_printf (_("Broken at entry %s: %s"), where, v->reason);
          break;
        }
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
  g_clear_pointer (&self->verification, onair_witness_verification_free);
  g_clear_error (&self->verify_error);
  self->verification = v;
  self->verify_error = g_steal_pointer (&error);
  onair_witness_page_update_banner (self);
}

void
onair_witness_page_start_verification (OnairWitnessPage        *self,
                                       OnairWitnessVerifyFlags  flags)
{
  OnairWitnessAnchor head;
  gboolean have_head;

  if (self->witness == NULL || self->verifying)
    return;

  self->verifying = TRUE;
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
 * Returns: the verification banner's text, e.g. "Valid · 10 001 events · last hash 3f2a1b9c…"
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
