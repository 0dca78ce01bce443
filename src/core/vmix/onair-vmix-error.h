/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ONAIR_VMIX_ERROR (onair_vmix_error_quark ())

/**
 * OnairVmixError:
 * @ONAIR_VMIX_ERROR_CONNECTION_REFUSED: nothing listens at the host and port
 * @ONAIR_VMIX_ERROR_TIMEOUT: vMix did not answer in time
 * @ONAIR_VMIX_ERROR_CONNECTION: the connection failed or was closed without an answer
 * @ONAIR_VMIX_ERROR_HTTP_STATUS: vMix answered with an HTTP error status
 * @ONAIR_VMIX_ERROR_AUTH: vMix requires a user name and password, or refused them
 * @ONAIR_VMIX_ERROR_PARSE: the state document is not vMix XML
 * @ONAIR_VMIX_ERROR_TOO_LARGE: the answer is larger than Onair accepts
 * @ONAIR_VMIX_ERROR_UNKNOWN_FUNCTION: vMix does not know the function
 * @ONAIR_VMIX_ERROR_INVALID_ADDRESS: the host or port cannot form a vMix address
 * @ONAIR_VMIX_ERROR_REDIRECT: the answer redirects to another address, which vMix never
 *   does: something else answers at the address
 *
 * Errors talking to vMix. Messages are translated and say what to do.
 */
typedef enum
{
  ONAIR_VMIX_ERROR_CONNECTION_REFUSED,
  ONAIR_VMIX_ERROR_TIMEOUT,
  ONAIR_VMIX_ERROR_CONNECTION,
  ONAIR_VMIX_ERROR_HTTP_STATUS,
  ONAIR_VMIX_ERROR_AUTH,
  ONAIR_VMIX_ERROR_PARSE,
  ONAIR_VMIX_ERROR_TOO_LARGE,
  ONAIR_VMIX_ERROR_UNKNOWN_FUNCTION,
  ONAIR_VMIX_ERROR_INVALID_ADDRESS,
  ONAIR_VMIX_ERROR_REDIRECT,
} OnairVmixError;

GQuark onair_vmix_error_quark (void);

G_END_DECLS
