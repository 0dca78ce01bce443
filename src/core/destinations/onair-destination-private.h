/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "onair-destination.h"

G_BEGIN_DECLS

/* Between the destination (onair-destination.c) and its keyring operations
 * (onair-destination-secrets.c). */

/*
 * A destination is what GSettings stores: everything needed to point a vMix stream
 * somewhere except the key. The key stays in the keyring; the destination holds only
 * the id it is filed under and its fingerprint, which is safe to show and log.
 */

struct _OnairDestination
{
  GObject parent_instance;

  char *id;
  char *name;
  char *preset_id;
  char *server_url;
  char *username;
  char *ingest_stats_url;
  char *key_id;
  char *key_fingerprint;
};

void onair_destination_set_key_reference (OnairDestination *self,
                                          const char       *key_id,
                                          const char       *key_fingerprint);

G_END_DECLS
