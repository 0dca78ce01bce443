/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/destinations/onair-url.h"
#include "onair-stream-group.h"

G_DEFINE_BOXED_TYPE (OnairStreamGroup, onair_stream_group, onair_stream_group_copy,
                     onair_stream_group_free)

static void
member_free (OnairStreamGroupMember *member)
{
  g_free (member->host_id);
  g_free (member->destination_id);
  g_free (member);
}

OnairStreamGroup *
onair_stream_group_new (const char *id,
                        const char *name)
{
  OnairStreamGroup *group = g_new0 (OnairStreamGroup, 1);

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  group->id = g_strdup (id);
  group->name = g_strdup (name != NULL && *name != '\0' ? name : id);
  group->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  return group;
}

void
onair_stream_group_add_member (OnairStreamGroup *group,
                               const char       *host_id,
                               guint             channel,
                               const char       *destination_id)
{
  OnairStreamGroupMember *member = g_new0 (OnairStreamGroupMember, 1);

  g_return_if_fail (group != NULL && host_id != NULL && destination_id != NULL);

  member->host_id = g_strdup (host_id);
  member->channel = channel;
  member->destination_id = g_strdup (destination_id);
  g_ptr_array_add (group->members, member);
}

OnairStreamGroup *
onair_stream_group_copy (const OnairStreamGroup *group)
{
  OnairStreamGroup *copy;

  g_return_val_if_fail (group != NULL, NULL);

  copy = onair_stream_group_new (group->id, group->name);
  for (guint i = 0; i < group->members->len; i++)
    {
      const OnairStreamGroupMember *member = g_ptr_array_index (group->members, i);

      onair_stream_group_add_member (copy, member->host_id, member->channel,
                                     member->destination_id);
    }
  return copy;
}

void
onair_stream_group_free (OnairStreamGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->id);
  g_free (group->name);
  g_ptr_array_unref (group->members);
  g_free (group);
}

GVariant *
onair_stream_group_to_variant (const OnairStreamGroup *group)
{
  GVariantBuilder builder;
  GVariantBuilder members;

  g_return_val_if_fail (group != NULL, NULL);

  g_variant_builder_init (&members, G_VARIANT_TYPE ("a(sus)"));
  for (guint i = 0; i < group->members->len; i++)
    {
      const OnairStreamGroupMember *member = g_ptr_array_index (group->members, i);

      g_variant_builder_add (&members, "(sus)", member->host_id, member->channel,
                             member->destination_id);
    }
  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (group->id));
  g_variant_builder_add (&builder, "{sv}", "name", g_variant_new_string (group->name));
  g_variant_builder_add (&builder, "{sv}", "members", g_variant_builder_end (&members));
  return g_variant_builder_end (&builder);
}

OnairStreamGroup *
onair_stream_group_new_from_variant (GVariant  *variant,
                                     GError   **error)
{
  g_autoptr(GVariantDict) dict = NULL;
  g_autoptr(GVariant) members = NULL;
  g_autoptr(OnairStreamGroup) group = NULL;
  const char *id = NULL, *name = NULL;
  GVariantIter iter;
  const char *host_id, *destination_id;
  guint32 channel;

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    goto invalid;
  dict = g_variant_dict_new (variant);
  if (!g_variant_dict_lookup (dict, "id", "&s", &id) || *id == '\0')
    goto invalid;
  g_variant_dict_lookup (dict, "name", "&s", &name);
  members = g_variant_dict_lookup_value (dict, "members", G_VARIANT_TYPE ("a(sus)"));
  if (members == NULL)
    goto invalid;

  group = onair_stream_group_new (id, name);
  g_variant_iter_init (&iter, members);
  while (g_variant_iter_next (&iter, "(&su&s)", &host_id, &channel, &destination_id))
    onair_stream_group_add_member (group, host_id, channel, destination_id);
  return g_steal_pointer (&group);

invalid:
  g_set_error_literal (error, ONAIR_DESTINATION_ERROR, ONAIR_DESTINATION_ERROR_INVALID_DATA,
                       _("A saved stream group cannot be read: it needs an id and its "
                         "members."));
  return NULL;
}

void
onair_stream_group_outcome_free (OnairStreamGroupOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->member.host_id);
  g_free (outcome->member.destination_id);
  g_free (outcome->host_name);
  g_clear_error (&outcome->error);
  g_free (outcome);
}
