/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* Helpers shared by the emulator's test programs: they talk to it over real HTTP and
 * read its document back with libxml2, the way a vMix controller does. */

typedef struct
{
  SoupMessage *msg;
  guint        status;
  GBytes      *body;
  GError      *error;
  gboolean     done;
} TestReply;

void        test_reply_free        (TestReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestReply, test_reply_free)

/* Spins the thread-default main context until the answer, so an in-process server runs. */
TestReply  *test_http_get          (SoupSession      *session,
                                    const char       *uri,
                                    const char       *authorization,
                                    SoupMessageFlags  flags);
char       *test_reply_text        (TestReply        *reply);
xmlDoc     *test_parse             (const char       *data,
                                    gsize             length);
xmlNode    *test_child             (xmlNode          *parent,
                                    const char       *name);
guint       test_count_children    (xmlNode          *parent,
                                    const char       *name);
char       *test_prop              (xmlNode          *node,
                                    const char       *name);
char       *test_text              (xmlNode          *node);
void        test_assert_bool_prop  (xmlNode          *node,
                                    const char       *name);
double      test_meter_prop        (xmlNode          *node,
                                    const char       *name);

G_END_DECLS
