/**
 * Captures what really happens in runs of compiled procedures, inside the engine command that makes
 * it happen, and appends it to the as-run event log in that command's transaction.
 */
package dev.asrun.capture;
