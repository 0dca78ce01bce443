/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * OnairStreamGroupMember:
 * @host_id: the host (session) it streams from
 * @channel: the stream, 0-based as vMix's Value
 * @destination_id: the destination it streams to
 */
typedef struct
{
  char  *host_id;
  guint  channel;
  char  *destination_id;
} OnairStreamGroupMember;

/**
 * OnairStreamGroup:
 * @id: stable id
 * @name: "Main + Backup on YouTube"
 * @members: (element-type OnairStreamGroupMember): what starts and stops together
 *
 * Streams on one or several hosts that start and stop together; each member is confirmed
 * from its own host's state.
 */
typedef struct
{
  char      *id;
  char      *name;
  GPtrArray *members;
} OnairStreamGroup;

#define ONAIR_TYPE_STREAM_GROUP (onair_stream_group_get_type ())

GType             onair_stream_group_get_type        (void) G_GNUC_CONST;
OnairStreamGroup *onair_stream_group_new             (const char             *id,
                                                      const char             *name);
void              onair_stream_group_add_member      (OnairStreamGroup       *group,
                                                      const char             *host_id,
                                                      guint                   channel,
                                                      const char             *destination_id);
OnairStreamGroup *onair_stream_group_copy            (const OnairStreamGroup *group);
void              onair_stream_group_free            (OnairStreamGroup       *group);
GVariant         *onair_stream_group_to_variant      (const OnairStreamGroup *group);
OnairStreamGroup *onair_stream_group_new_from_variant (GVariant              *variant,
                                                       GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnairStreamGroup, onair_stream_group_free)

/**
 * OnairStreamGroupOutcome:
 * @member: the member
 * @host_name: (nullable): its host's name, when the host exists
 * @error: (nullable): why it failed; %NULL when confirmed from its host's state
 *
 * What happened to one member of a group start or stop: a partial start is reported
 * member by member, never hidden.
 */
typedef struct
{
  OnairStreamGroupMember  member;
  char                   *host_name;
  GError                 *error;
} OnairStreamGroupOutcome;

void onair_stream_group_outcome_free (OnairStreamGroupOutcome *outcome);

G_END_DECLS
